"""Lesson 13 widget and figure: the analytic cost of each x2 upsampling layer, as bar charts.

For an input of ``batch`` x ``channels`` x ``size`` x ``size`` (float32 or float16), :func:`_cost_bars`
computes, with :func:`helpers.measure.cost`, each method's multiply-adds, bytes moved (forward, every
operator reading its inputs and writing its output once), parameters, and arithmetic intensity;
:func:`draw_costs` draws the first three as horizontal bar charts, one bar per method, with the ratio to
nearest upsampling written at the end of each bar; :func:`costs_widget` puts controls on it.

Everything is analytic (no timing), so the picture is instant and the same on every machine. Imports
only NumPy, matplotlib and ipywidgets (``helpers.measure`` imports PyTorch and TensorFlow lazily, and
the cost model needs neither).
"""

from __future__ import annotations

import functools

import numpy as np

from ..measure import LABELS, METHODS, cost

__all__ = ["DTYPES", "METHOD_COLOURS", "draw_costs", "costs_widget"]

DTYPES = {"float32": 4, "float16": 2}
"""Bytes per element of the data types the widget offers."""

METHOD_COLOURS = {
    "nearest": "#000000",          # black: the baseline
    "bilinear": "#999999",         # grey: the other interpolation
    "nearest_conv3": "#D55E00",    # vermillion
    "tconv_k2s2": "#56B4E9",       # sky blue
    "tconv_k4s2p1": "#0072B2",     # blue
    "tconv_k3s2p1op1": "#009E73",  # bluish green
    "conv1x1_shuffle": "#E69F00",  # orange
}
"""One colour per method (Okabe-Ito plus grey), the same in the lesson's measured plots."""

PANELS = (("macs", "multiply-adds", 1e6, "M"), ("bytes", "bytes moved (forward)", 2**20, "MiB"),
          ("params", "parameters", 1e3, "k"))


def _cost_bars(batch: int = 8, channels: int = 64, size: int = 64, dtype: str = "float32") -> dict:
    """The numbers behind the bars: one entry per method of :data:`helpers.measure.METHODS`.

    Parameters
    ----------
    batch, channels, size : int
        Input ``(batch, channels, size, size)``, all >= 1; the output is ``(batch, channels, 2 size, 2 size)``.
    dtype : str
        ``"float32"`` or ``"float16"`` (bytes per element 4 or 2).

    Returns
    -------
    dict
        ``"methods"`` (tuple of ids), ``"labels"``; ``"macs"``, ``"bytes"``, ``"params"``, ``"intensity"``:
        NumPy arrays, one value per method; ``"ratio_macs"``, ``"ratio_bytes"``: to nearest upsampling
        (``nan`` for MACs, since nearest performs none); ``"shape"``.

    Examples
    --------
    >>> b = _cost_bars(1, 8, 4)
    >>> b["methods"][0], int(b["macs"][0]), int(b["bytes"][0])
    ('nearest', 0, 2560)
    """
    from .._validate import check_choice

    dtype = check_choice(dtype, "dtype", tuple(DTYPES))
    shape = (batch, channels, size, size)
    rows = [cost(m, shape, DTYPES[dtype]) for m in METHODS]
    out = {"methods": METHODS, "labels": [LABELS[m] for m in METHODS], "shape": shape}
    for key in ("macs", "bytes", "params", "intensity"):
        out[key] = np.array([r[key] for r in rows], dtype=np.float64)
    out["ratio_bytes"] = out["bytes"] / out["bytes"][0]
    out["ratio_macs"] = np.full(len(METHODS), np.nan)
    return out


def _fmt(v: float) -> str:
    if v == 0:
        return "0"
    if v >= 100:
        return f"{v:,.0f}"
    return f"{v:.3g}"


@functools.cache
def _descent(text: str, size_px: float) -> float:
    """Pixels of ``text``'s ink below its baseline at ``size_px`` (the bitmap of :func:`helpers.widgets.glyph`
    is cropped to the ink, so the baseline is found from the font's metrics)."""
    from matplotlib.font_manager import FontProperties, findfont, get_font

    font = get_font(findfont(FontProperties()))
    font.set_size(size_px, 72)                        # at 72 dpi one point is one pixel
    font.set_text(text, 0.0)
    return font.get_descent() / 64.0


def _write(cv, x: float, y: float, text: str, size: float, ha: str = "left") -> None:
    """Write ``text`` in black, ``size`` pixels, with its baseline at row ``y``; ``x`` is its left end,
    centre or right end. Aligning on the baseline keeps labels with and without descenders level."""
    cv.text(text, x, y + _descent(text, size), size / cv.px_per_pt, "black", ha=ha, va="bottom")


def draw_costs(fig, batch: int = 8, channels: int = 64, size: int = 64, dtype: str = "float32") -> dict:
    """Draw :func:`_cost_bars` on ``fig``: three panels of horizontal bars (multiply-adds, bytes moved,
    parameters), one bar per method, its value at the end (bytes also as a ratio to nearest).

    The whole picture is painted into one image (:class:`helpers.widgets.Raster`: one axes, no Text
    artists) so a redraw is fast.
    Returns the :func:`_cost_bars` dict, plus ``"layout"`` (pixel geometry, for tests).
    """
    from ..widgets import Raster

    b = _cost_bars(batch, channels, size, dtype)
    canvas = Raster(fig)
    width, height = canvas.width, canvas.height
    s = min(width / 1100, height / 360)                  # drawn for 1100 x 360 px, scaled to the figure
    n, c = batch, channels
    _write(canvas, width / 2, 22 * s, f"analytic cost of x2 upsampling: ({n}, {c}, {size}, {size}) -> "
           f"({n}, {c}, {2 * size}, {2 * size}), {dtype}", 15 * s, ha="center")
    left, top, row = 165 * s, 78 * s, 38 * s
    panel = (width - left - 10 * s) / 3
    bar_h = 24 * s
    for i, label in enumerate(b["labels"]):
        _write(canvas, left - 10 * s, top + i * row + bar_h / 2 + 5 * s, label, 13 * s, ha="right")
    bars = []
    for p, (key, title, unit, suffix) in enumerate(PANELS):
        x0 = left + p * panel
        values = b[key] / unit
        scale = 0.55 * panel / (float(values.max()) or 1.0)
        _write(canvas, x0 + panel / 2, 52 * s, f"{title} ({suffix})", 14 * s, ha="center")
        canvas.fill(x0, top - 6 * s, int(x0 + 1.5 * s) - int(x0), len(METHODS) * row - 2 * s, (0.3, 0.3, 0.3))
        for i, (m, v) in enumerate(zip(METHODS, values)):
            y0 = top + i * row
            length = v * scale
            canvas.fill(x0, y0, length, bar_h, METHOD_COLOURS[m])
            text = _fmt(v) + (f" ({b['ratio_bytes'][i]:.1f}x)" if key == "bytes" else "")
            _write(canvas, x0 + length + 6 * s, y0 + bar_h / 2 + 5 * s, text, 12 * s)
            bars.append((key, m, x0, y0, length))
    canvas.show()
    b["layout"] = {"bars": bars, "pixels": canvas.pixels}
    return b


def costs_widget():
    """Controls for batch, channels, spatial size and data type over :func:`draw_costs`."""
    import ipywidgets as W

    from ..widgets import interactive_figure

    style = {"description_width": "initial"}
    controls = {
        "batch": W.IntSlider(value=8, min=1, max=32, description="batch N", style=style),
        "channels": W.Dropdown(options=[8, 16, 32, 64, 128, 256, 512], value=64, description="channels C",
                               style=style),
        "size": W.Dropdown(options=[16, 32, 64, 128, 256], value=64, description="H = W", style=style),
        "dtype": W.Dropdown(options=list(DTYPES), value="float32", description="dtype", style=style),
    }
    return interactive_figure(draw_costs, controls, figsize=(11, 3.6), columns=4)
