"""The shared widget machinery: :func:`render`, :func:`interactive_figure`, :class:`Raster`, :func:`paint_grid`, ...

The lessons' own figures and widgets are built on it in :mod:`helpers.figures` (one module per lesson,
``lNN_topic.py``).

Rules that keep widgets fast, testable and portable:

- The drawing is a plain function of the control values (``draw(fig, **values)``)
  that tests and ``make bench`` call directly, without a browser.
- Only NumPy, matplotlib and ipywidgets are imported: no torch or tensorflow, so widgets work in a
  light environment (ipywidgets 7 on Colab, 8 in JupyterLab).
- Controls use keyword arguments that exist in both ipywidgets 7 and 8.
"""

from __future__ import annotations

__all__ = ["interactive_figure", "render", "figure_png", "draw_png", "widget_figure", "Raster", "paint_grid", "glyph"]

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


def draw_png(draw, figsize=(6.4, 3.6), fig=None, **values) -> bytes:
    """``draw(fig, **values)`` on an empty figure, rendered once and encoded as PNG: what a widget shows.

    The figure is a plain :class:`matplotlib.figure.Figure` on an Agg canvas (no pyplot, no backend, so
    nothing is registered or shown), drawn exactly once by ``canvas.draw()`` (which also runs the
    figure's layout engine) and encoded from the canvas buffer. ``savefig`` would draw twice when a
    layout engine is set (a dry run for the layout, then the real one); the picture is the same.

    ``fig``: a figure made by :func:`widget_figure` to reuse (cleared first). Reusing one figure keeps
    its renderer, and with it matplotlib's cache of text sizes, from one redraw to the next.
    """
    import io

    from PIL import Image

    if fig is None:
        fig = widget_figure(figsize)
    else:
        fig.clear()
        fig.set_layout_engine(None)   # back to the style's default (a draw function may have changed it)
    fig._course_raster = None
    draw(fig, **values)
    buffer = io.BytesIO()
    raster = _only_raster(fig)
    if raster is not None:            # the figure is one painted picture: encode it, skip matplotlib's draw
        image = Image.fromarray(raster, "RGBA")
    else:
        fig.canvas.draw()
        rgba = fig.canvas.buffer_rgba()
        image = Image.frombuffer("RGBA", (rgba.shape[1], rgba.shape[0]), rgba, "raw", "RGBA", 0, 1)
    image.save(buffer, format="png", **PNG_OPTIONS["pil_kwargs"])
    return buffer.getvalue()


def _only_raster(fig):
    """The RGBA array of the :class:`Raster` shown on ``fig`` when it is all the figure holds, else None.

    Then the PNG of the array is the PNG matplotlib would draw (one axes filling the figure, one image
    placed pixel for pixel), so :func:`draw_png` can encode it directly (about 30 ms saved a redraw).
    """
    shown = getattr(fig, "_course_raster", None)
    if shown is None:
        return None
    ax, rgba = shown
    size = (int(round(fig.bbox.width)), int(round(fig.bbox.height)))
    alone = (fig.axes == [ax] and not (fig.texts or fig.lines or fig.patches or fig.images or fig.legends)
             and len(ax.images) == 1 and not (ax.texts or ax.lines or ax.patches or ax.collections or ax.artists))
    return rgba if alone and size == (rgba.shape[1], rgba.shape[0]) else None


def widget_figure(figsize=(6.4, 3.6)):
    """A :class:`matplotlib.figure.Figure` of ``figsize`` inches on its own Agg canvas (not pyplot's)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig


def interactive_figure(draw, controls: dict, figsize=(6.4, 3.6), columns: int = 3):
    """A widget: the given controls above a figure redrawn by ``draw(fig, **values)`` on every change.

    The figure is drawn once and encoded to PNG per change (:func:`draw_png`) and shown in an
    ``ipywidgets.Image`` (no matplotlib backend involved), which is fast, and works the same in
    JupyterLab, Colab (ipywidgets 7) and a static HTML export of the stored widget state.

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
    fig = widget_figure(figsize)

    def update(change=None):
        start = time.perf_counter()
        values = {name: control.value for name, control in controls.items()}
        image.value = draw_png(draw, fig=fig, **values)
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


# --- Painting a widget's picture as one image ------------------------------------------------------
# matplotlib spends about a millisecond per Text artist (and more in the layout pass), so a picture of
# annotated grids with a hundred labels takes hundreds of milliseconds. A widget can instead paint its
# picture with NumPy into one RGB array (cells, lines and text from cached glyph bitmaps) and show it
# with a single imshow: the same information in a few milliseconds. ``l07`` paints its matrices this
# way; :class:`Raster` and :func:`paint_grid` are the shared version (``show_grid`` as pixels).

_GLYPHS: dict = {}


def glyph(text: str, size_px: float):
    """Anti-aliased coverage (float array in 0..1, cropped to the ink) of ``text`` at ``size_px`` pixels.

    Cached: widgets write the same labels on every redraw.
    """
    import numpy as np

    key = (text, round(float(size_px), 1))
    if key not in _GLYPHS:
        from matplotlib.font_manager import FontProperties, findfont, get_font

        font = get_font(findfont(FontProperties()))
        font.clear()
        font.set_size(size_px, 72)   # at 72 dpi one point is one pixel
        font.set_text(text, 0.0)
        font.draw_glyphs_to_bitmap(antialiased=True)
        ink = np.asarray(font.get_image(), dtype=np.float32) / 255.0
        rows, cols = np.nonzero(ink > 0)
        _GLYPHS[key] = ink[rows.min():rows.max() + 1, cols.min():cols.max() + 1] if rows.size else ink[:0, :0]
    return _GLYPHS[key]


class Raster:
    """A figure's picture as one RGB float array in figure pixels (white), shown by :meth:`show`.

    Coordinates are pixels from the top-left corner; sizes of text are in points at the figure's dpi.
    """

    def __init__(self, fig):
        import numpy as np

        self.fig = fig
        self.width, self.height = int(round(fig.bbox.width)), int(round(fig.bbox.height))
        self.pixels = np.ones((self.height, self.width, 3), dtype=np.float32)
        self.px_per_pt = fig.dpi / 72

    def fill(self, x0: int, y0: int, w: int, h: int, colour) -> None:
        """A filled rectangle (clipped to the picture)."""
        x0, y0 = max(int(x0), 0), max(int(y0), 0)
        self.pixels[y0:max(y0 + int(h), 0), x0:max(x0 + int(w), 0)] = _rgb(colour)

    def outline(self, x0: int, y0: int, w: int, h: int, colour="black", thickness: int = 2) -> None:
        """A rectangle's outline, ``thickness`` pixels inside the box."""
        t = thickness
        self.fill(x0, y0, w, t, colour)
        self.fill(x0, y0 + h - t, w, t, colour)
        self.fill(x0, y0, t, h, colour)
        self.fill(x0 + w - t, y0, t, h, colour)

    def cells(self, rgb, x0: int, y0: int, cell: int, line="white", line_width: int = 1) -> None:
        """Paint ``rgb`` (h, w, 3), one colour per ``cell`` x ``cell`` square, top-left corner at (x0, y0),
        with ``line`` between cells (None: no lines)."""
        import numpy as np

        h, w = rgb.shape[:2]
        block = np.repeat(np.repeat(np.asarray(rgb, dtype=np.float32), cell, axis=0), cell, axis=1)
        view = self.pixels[y0:y0 + h * cell, x0:x0 + w * cell]
        view[...] = block[:view.shape[0], :view.shape[1]]
        if line is not None and cell >= 6:
            colour = _rgb(line)
            for k in range(line_width):
                view[cell - 1 - k:-1:cell, :] = colour
                view[:, cell - 1 - k:-1:cell] = colour

    def text(self, text: str, x: float, y: float, size: float = 11, colour="black", ha: str = "center",
             va: str = "center") -> tuple:
        """Write ``text`` (one line) at pixel (x, y); ``ha`` left/center/right, ``va`` top/center/bottom
        refer to the ink's box. Returns the ink's (width, height) in pixels."""
        import numpy as np

        ink = glyph(text, size * self.px_per_pt)
        h, w = ink.shape
        x0 = int(round(x - {"left": 0, "center": w / 2, "right": w}[ha]))
        y0 = int(round(y - {"top": 0, "center": h / 2, "bottom": h}[va]))
        xa, ya = max(x0, 0), max(y0, 0)
        xb, yb = min(x0 + w, self.width), min(y0 + h, self.height)
        if xb > xa and yb > ya:
            alpha = ink[ya - y0:yb - y0, xa - x0:xb - x0, None]
            view = self.pixels[ya:yb, xa:xb]
            view[...] = view * (1 - alpha) + np.asarray(_rgb(colour), dtype=np.float32) * alpha
        return w, h

    def show(self) -> None:
        """Put the picture on the figure: one axes filling it, pixel for pixel, and no layout engine."""
        import numpy as np

        self.fig.set_layout_engine("none")   # (None would mean "from rcParams": constrained)
        rgba = np.empty((self.height, self.width, 4), dtype=np.uint8)
        rgba[..., :3] = self.pixels * 255 + 0.5
        rgba[..., 3] = 255
        ax = self.fig.add_axes((0, 0, 1, 1))
        ax.set_axis_off()
        ax.imshow(rgba, interpolation="nearest", aspect="auto", extent=(0, self.width, self.height, 0))
        self.fig._course_raster = (ax, rgba)   # lets draw_png skip the draw when nothing else is added


def _rgb(colour):
    from matplotlib.colors import to_rgb

    if isinstance(colour, (int, float)):
        return (float(colour),) * 3
    if isinstance(colour, str):
        return to_rgb(colour)
    return tuple(colour[:3])


def paint_grid(raster: Raster, a, x0: int, y0: int, cell: int, title: str | None = None, cmap: str | None = None,
               vmin: float | None = None, vmax: float | None = None, annotate: bool | None = None,
               ticks: bool = True, fontsize: float | None = None) -> dict:
    """:func:`helpers.style.show_grid` painted into ``raster``: a 2-D array as coloured cells, top-left
    corner at pixel (x0, y0), ``cell`` pixels per cell; values written in the cells (default: when both
    sides are at most ``ANNOTATE_MAX``), row/column indices beside it, ``"title (HxW)"`` above it.
    Colours, value format and text colours are those of ``show_grid``. Returns the grid's pixel box
    ``{"x0", "y0", "x1", "y1"}``.
    """
    import matplotlib as mpl
    import numpy as np

    from ..style import ANNOTATE_MAX, DIVERGING, SEQUENTIAL, format_value

    a = np.asarray(a, dtype=float)
    if a.ndim == 1:
        a = a[None, :]
    h, w = a.shape
    signed = np.nanmin(a) < 0 < np.nanmax(a)
    cmap = cmap or (DIVERGING if signed else SEQUENTIAL)
    if signed and vmin is None and vmax is None and cmap == DIVERGING:
        m = float(np.nanmax(np.abs(a))) or 1.0
        vmin, vmax = -m, m
    vmin = float(np.nanmin(a)) if vmin is None else vmin
    vmax = float(np.nanmax(a)) if vmax is None else vmax
    norm = mpl.colors.Normalize(vmin, vmax)
    rgba = mpl.colormaps[cmap](norm(a))
    raster.cells(rgba[..., :3], x0, y0, cell, line="white" if max(h, w) <= 4 * ANNOTATE_MAX else None)
    if annotate is None:
        annotate = h <= ANNOTATE_MAX and w <= ANNOTATE_MAX
    if annotate:
        size = fontsize or (11 if max(h, w) <= 6 else 9 if max(h, w) <= 9 else 7)
        luminance = rgba[..., :3] @ np.array([0.2126, 0.7152, 0.0722])
        for (i, j), v in np.ndenumerate(a):
            raster.text(format_value(v), x0 + (j + 0.5) * cell, y0 + (i + 0.5) * cell, size,
                        "black" if luminance[i, j] > 0.5 else "white")
    if ticks:
        for j in range(w) if w <= ANNOTATE_MAX else []:
            raster.text(str(j), x0 + (j + 0.5) * cell, y0 + h * cell + 4, 10, "black", va="top")
        for i in range(h) if h <= ANNOTATE_MAX else []:
            raster.text(str(i), x0 - 5, y0 + (i + 0.5) * cell, 10, "black", ha="right")
    if title is not None:
        raster.text(f"{title} ({h}x{w})" if h > 1 else f"{title} ({w})", x0 + w * cell / 2, y0 - 8, 12,
                    "black", va="bottom")
    return {"x0": x0, "y0": y0, "x1": x0 + w * cell, "y1": y0 + h * cell}
