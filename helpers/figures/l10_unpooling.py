"""Lesson 10 widget: max pooling with indices, and three ways back up (max-unpooling, bed of nails, nearest).

:func:`helpers.pooling.pool_unpool` pools a small 2-D patch with a ``k x k`` window (stride ``k``, PyTorch's
floor mode), keeps the indices of the maxima, and unpools with one of :data:`METHODS`, always back to the patch's own
size (``output_size`` in PyTorch's words), so the rows and columns that flooring dropped show up as lost.
:func:`draw_unpooling` paints the four panels (input with its windows and maxima, pooled values, indices,
unpooled) as one image with cached text bitmaps, which keeps a redraw well under 50 ms on a busy two-core
machine; :func:`unpooling_widget` puts a pool-size slider, a method menu and a patch slider on it.

Only NumPy, matplotlib and ipywidgets are imported (the pooling itself is :mod:`helpers.pooling`).
"""

from __future__ import annotations

import numpy as np

from ..pooling import UNPOOL_METHODS, pool_unpool

__all__ = [
    "METHODS",
    "PATCH",
    "demo_patch",
    "draw_unpooling",
    "unpooling_widget",
]

METHODS = UNPOOL_METHODS
"""The unpooling methods the widget offers: values back at the maxima, at the top-left corners, everywhere."""

PATCH = 8
"""Side of the patch the widget pools (pixels)."""

_VMAX = 9.0
_MAXIMUM = "#D55E00"     # Okabe-Ito vermillion: the chosen maxima
_WINDOW = "#0072B2"      # Okabe-Ito blue: pooling-window boundaries
_LOST = (0.86, 0.86, 0.86)


def _demo_image() -> np.ndarray:
    """A deterministic 16 x 16 "image" of integers 0..9: two soft blobs and a diagonal edge (ties included).

    Returns
    -------
    ndarray of float64, shape (16, 16)

    Examples
    --------
    >>> img = _demo_image()
    >>> img.shape, float(img.min()), float(img.max())
    ((16, 16), 0.0, 9.0)
    """
    yy, xx = np.mgrid[0:16, 0:16].astype(np.float64)
    blob1 = 8.0 * np.exp(-((yy - 4.0) ** 2 + (xx - 5.0) ** 2) / 10.0)
    blob2 = 5.0 * np.exp(-((yy - 11.0) ** 2 + (xx - 11.0) ** 2) / 14.0)
    edge = 2.0 * (xx + 0.5 * yy > 12.0)
    ripple = 1.2 * np.sin(1.3 * xx) * np.cos(0.9 * yy)
    return np.clip(np.rint(blob1 + blob2 + edge + ripple + 1.0), 0, 9)


def demo_patch(position: int = 0) -> np.ndarray:
    """The ``PATCH x PATCH`` patch of :func:`_demo_image` whose top-left corner is ``(position, position)``.

    Parameters
    ----------
    position : int
        0 to ``16 - PATCH`` (= 8): the patch slides down the image's diagonal.

    Returns
    -------
    ndarray of float64, shape (PATCH, PATCH)
    """
    from .._validate import check_int

    position = check_int(position, "position", min_value=0, max_value=16 - PATCH)
    return _demo_image()[position:position + PATCH, position:position + PATCH].copy()


# ---------------------------------------------------------------------------------------------- painting

class _Canvas:
    """The course's :class:`helpers.widgets.Raster` with this widget's conventions: grid lines on each cell's
    top/left edge plus a grey frame, and text sizes in pixels."""

    def __init__(self, fig):
        from ..widgets import Raster

        self.raster = Raster(fig)
        self.width, self.height, self.pixels = self.raster.width, self.raster.height, self.raster.pixels

    def cells(self, rgb, x0: int, y0: int, cell: int) -> None:
        h, w = rgb.shape[:2]
        self.raster.cells(rgb, x0, y0, cell, line=None)
        view = self.pixels[y0:y0 + h * cell, x0:x0 + w * cell]
        view[::cell, :] = 1.0            # thin white cell borders
        view[:, ::cell] = 1.0
        self.outline(x0, y0, w * cell + 1, h * cell + 1, 0.55, 1)

    def outline(self, x0: int, y0: int, w: int, h: int, colour, thickness: int = 2) -> None:
        self.raster.outline(x0, y0, min(w, self.width - x0), min(h, self.height - y0), colour, thickness)

    def text(self, text: str, x: float, y: float, size_px: float, colour=(0.0, 0.0, 0.0), ha: str = "center",
             va: str = "center") -> None:
        """``text`` at pixel (x, y): centred there (``ha``/``va`` "center"), or from its left / top edge."""
        self.raster.text(text, x, y, size_px / self.raster.px_per_pt, colour, ha=ha, va=va)

    def show(self) -> None:
        self.raster.show()


def _value_rgb(values) -> np.ndarray:
    from matplotlib import colormaps

    return colormaps["cividis"](np.clip(np.asarray(values, dtype=float) / _VMAX, 0, 1))[..., :3].astype(np.float32)


def _ink_for(rgb) -> np.ndarray:
    """Black or white text on each background colour (..., 3)."""
    lum = rgb[..., 0] * 0.2126 + rgb[..., 1] * 0.7152 + rgb[..., 2] * 0.0722
    return np.where(lum[..., None] > 0.5, 0.0, 1.0).astype(np.float32) * np.ones(3, np.float32)


def _label_grid(cv: _Canvas, values, x0: int, y0: int, cell: int, size: float, background, mask=None) -> None:
    ink = _ink_for(background)
    for (i, j), v in np.ndenumerate(values):
        if mask is None or mask[i, j]:
            cv.text(f"{int(v)}" if float(v).is_integer() else f"{v:.1f}", x0 + (j + 0.5) * cell,
                    y0 + (i + 0.5) * cell, size, ink[i, j])


def draw_unpooling(fig, k: int = 2, method: str = "max-unpooling", position: int = 0) -> dict:
    """The widget's picture for :func:`helpers.pooling.pool_unpool` on :func:`demo_patch` ``(position)``.

    Four panels, left to right: the input patch with its pooling windows (blue) and each window's chosen
    maximum (vermillion outline), rows/columns no window reaches greyed; the pooled values; the indices
    (PyTorch's flat ``row * W + col``); the unpooled patch, unwritten pixels (zeros) white. Returns
    :func:`helpers.pooling.pool_unpool`'s dict with ``"layout"`` (pixel geometry: ``"cell"``, ``"small_cell"`` and the
    top-left corners ``"input"``, ``"pooled"``, ``"indices"``, ``"unpooled"``) and ``"pixels"`` added.
    """
    d = pool_unpool(demo_patch(position), k, method)
    fig.set_layout_engine("none")      # no layout engine: savefig skips its dry-run draw
    cv = _Canvas(fig)
    s = fig.dpi / 100
    x, up = d["input"], d["unpooled"]
    H, W = x.shape
    h, w = d["pooled"].shape
    ch, cw = d["covered"]
    margin, gap, top, head = int(14 * s), int(44 * s), int(40 * s), int(24 * s)
    avail_h = cv.height - top - head - int(16 * s)
    cell = int(min(30 * s, avail_h / H))
    room = (cv.width - 2 * margin - 3 * gap - 2 * W * cell) / (2 * w)     # the two small panels share the rest
    small = int(min(48 * s, cell * H / max(h, w), room))
    at = {"input": (margin, top + head)}
    at["pooled"] = (at["input"][0] + W * cell + gap, top + head)
    at["indices"] = (at["pooled"][0] + w * small + gap, top + head)
    at["unpooled"] = (at["indices"][0] + w * small + gap, top + head)
    text_px, title_px = 12 * s, 12.5 * s

    lost = np.zeros((H, W), dtype=bool)
    lost[ch:, :] = True
    lost[:, cw:] = True

    # input: values, windows, maxima
    x0, y0 = at["input"]
    rgb = _value_rgb(x)
    rgb[lost] = _LOST
    cv.cells(rgb, x0, y0, cell)
    from matplotlib.colors import to_rgb

    blue, red = to_rgb(_WINDOW), to_rgb(_MAXIMUM)
    for i in range(h):
        for j in range(w):
            cv.outline(x0 + j * k * cell, y0 + i * k * cell, k * cell + 1, k * cell + 1, blue, 2)
    for r, c in zip(d["rows"].ravel(), d["cols"].ravel()):
        cv.outline(x0 + c * cell + 2, y0 + r * cell + 2, cell - 3, cell - 3, red, 3)
    _label_grid(cv, x, x0, y0, cell, text_px * 0.9, rgb)
    cv.text(f"input {H}x{W}, windows {k}x{k}", x0, top, title_px, ha="left", va="top")

    # pooled values
    x1, y1 = at["pooled"]
    prgb = _value_rgb(d["pooled"])
    cv.cells(prgb, x1, y1, small)
    _label_grid(cv, d["pooled"], x1, y1, small, text_px, prgb)
    cv.text(f"pooled {h}x{w}", x1, top, title_px, ha="left", va="top")

    # indices
    x2, y2 = at["indices"]
    irgb = np.ones((h, w, 3), dtype=np.float32) * 0.97
    cv.cells(irgb, x2, y2, small)
    _label_grid(cv, d["indices"], x2, y2, small, text_px, irgb)
    used = "" if method == "max-unpooling" else " (unused)"
    cv.text("indices r·W+c" + used, x2, top, title_px, ha="left", va="top")

    # unpooled
    x3, y3 = at["unpooled"]
    urgb = _value_rgb(up)
    urgb[~d["written"]] = 1.0
    urgb[lost] = _LOST
    cv.cells(urgb, x3, y3, cell)
    if method == "max-unpooling":
        for r, c in zip(d["rows"].ravel(), d["cols"].ravel()):
            cv.outline(x3 + c * cell + 2, y3 + r * cell + 2, cell - 3, cell - 3, red, 3)
    _label_grid(cv, up, x3, y3, cell, text_px * 0.9, urgb, mask=d["written"])
    cv.text(f"{method} {H}x{W}", x3, top, title_px, ha="left", va="top")

    summary = (f"{d['exact']} of {H * W} pixels exact, mean |error| {d['mean_abs_error']:.2f}"
               + (f";  grey: {H - ch} row(s)/col(s) floored away, output_size=({H}, {W}) needed" if ch < H else ""))
    cv.text(summary, margin, int(8 * s), title_px, ha="left", va="top", colour=(0.2, 0.2, 0.2))
    legend = ("blue: pooling windows (stride = k)   vermillion: each window's maximum, the first in scan order "
              "on ties   white: zeros")
    cv.text(legend, margin, y0 + H * cell + int(8 * s), 10.5 * s, ha="left", va="top", colour=(0.3, 0.3, 0.3))
    cv.show()
    d["layout"] = {"cell": cell, "small_cell": small, **at}
    d["pixels"] = cv.pixels
    return d


def unpooling_widget():
    """Pool size (2 to 4), unpooling method and patch position over :func:`draw_unpooling`."""
    import ipywidgets as W

    from ..widgets import interactive_figure

    style = {"description_width": "initial"}
    controls = {
        "k": W.IntSlider(value=2, min=2, max=4, description="pool size k (= stride)", style=style),
        "method": W.Dropdown(options=list(METHODS), value=METHODS[0], description="unpooling", style=style),
        "position": W.IntSlider(value=0, min=0, max=16 - PATCH, description="patch position", style=style),
    }
    return interactive_figure(draw_unpooling, controls, figsize=(10, 3.5), columns=3)
