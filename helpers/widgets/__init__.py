"""Lesson widgets: one module per lesson (``wNN_topic.py``), built on :func:`interactive_figure`.

Rules that keep widgets fast, testable and portable:

- The computation and the drawing are plain functions of the control values (``draw(fig, **values)``)
  that tests and ``make bench`` call directly, without a browser.
- Only NumPy, matplotlib and ipywidgets are imported: no torch or tensorflow, so widgets work in a
  light environment (ipywidgets 7 on Colab, 8 in JupyterLab).
- Controls use keyword arguments that exist in both ipywidgets 7 and 8.
"""

from __future__ import annotations

__all__ = ["interactive_figure", "render", "figure_png"]

PNG_OPTIONS = {"format": "png", "pil_kwargs": {"compress_level": 1}}
"""How widget figures are encoded: one draw, fast zlib level (the image is shown once and discarded)."""


def render(draw, figsize=(6.4, 3.6), **values):
    """Call ``draw(fig, **values)`` on a new figure and return the figure (not shown, not closed)."""
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=figsize)
    draw(fig, **values)
    return fig


def figure_png(fig) -> bytes:
    """Encode ``fig`` as PNG bytes the way widgets show it, then close it."""
    import io

    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, **PNG_OPTIONS)
    plt.close(fig)
    return buffer.getvalue()


def interactive_figure(draw, controls: dict, figsize=(6.4, 3.6), columns: int = 3):
    """A widget: the given controls above a figure redrawn by ``draw(fig, **values)`` on every change.

    The figure is encoded to PNG once per change and shown in an ``ipywidgets.Image`` (no matplotlib
    backend involved), which is fast, and works the same in JupyterLab, Colab (ipywidgets 7) and a
    static HTML export of the stored widget state.

    Parameters
    ----------
    draw : callable
        ``draw(fig, **values)`` draws on an empty :class:`matplotlib.figure.Figure`; ``values`` maps
        each control's name to its current value.
    controls : dict of str -> ipywidgets.ValueWidget
        The controls, keyed by the argument name ``draw`` expects.
    figsize : (float, float)
        Figure size in inches.
    columns : int
        Controls per row.

    Returns
    -------
    ipywidgets.VBox
        Display it (make it the last expression of a cell). ``box.update()`` redraws and returns the
        time taken in seconds; ``box.image`` is the Image widget; ``box.controls`` the controls.
    """
    import time

    import ipywidgets as W

    image = W.Image(format="png")

    def update(change=None):
        start = time.perf_counter()
        values = {name: control.value for name, control in controls.items()}
        image.value = figure_png(render(draw, figsize=figsize, **values))
        return time.perf_counter() - start

    for control in controls.values():
        control.observe(update, names="value")
    items = list(controls.values())
    rows = [W.HBox(items[i : i + columns]) for i in range(0, len(items), columns)]
    box = W.VBox([*rows, image])
    box.update = update
    box.image = image
    box.controls = controls
    update()
    return box
