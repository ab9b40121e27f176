"""Lesson 12 widgets and figures: where each channel lands in a pixel shuffle, and where FCN's bilinear
transposed convolution differs from bilinear interpolation.

Two pictures, each a plain function of its control values:

- :func:`draw_channel_map` takes the ``C * r * r`` channels of *one* input pixel and shows, for PyTorch's
  ``pixel_shuffle`` (CRD order) and TensorFlow's ``depth_to_space`` (DCR order), which input channel
  ends up at each sub-pixel position of each output channel's ``r x r`` block. Cells are coloured by
  the output channel they feed, so CRD shows contiguous runs and DCR an interleaving. The numbers come
  from :func:`helpers.shuffle.channel_map`, which shuffles the channel indices themselves with :mod:`helpers.shuffle`.
  The whole picture (text included) is painted into one RGB array and shown by one ``imshow``; labels
  are blitted from cached glyph bitmaps, so a redraw costs a few milliseconds plus the PNG encoding.
- :func:`draw_bilinear_difference` upsamples a small image by ``s`` twice, with a transposed
  convolution initialised by :func:`helpers.bilinear_kernel` and with bilinear interpolation
  (``align_corners=False``), and maps where they differ: a frame ``s // 2`` pixels wide
  (:func:`helpers.layout.bilinear_difference`).

Only NumPy, matplotlib and ipywidgets are imported (and the NumPy-only :mod:`helpers` modules).
"""

from __future__ import annotations

import numpy as np

from ..layout import bilinear_difference
from ..shuffle import channel_map

__all__ = [
    "CHANNEL_COLOURS",
    "draw_channel_map",
    "channel_map_widget",
    "draw_bilinear_difference",
    "bilinear_difference_widget",
]

CHANNEL_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")
"""One Okabe-Ito colour per output channel c = 0, 1, 2, 3 (blue, orange, green, reddish purple)."""

ORDERS = ("CRD", "DCR")


def _destination(cmap: np.ndarray) -> np.ndarray:
    """For each input channel q: the output channel it feeds (from a (C, r, r) channel map)."""
    dest = np.empty(cmap.size, dtype=np.int64)
    for c in range(cmap.shape[0]):
        dest[cmap[c].ravel()] = c
    return dest


# --------------------------------------------------------------------------------- raster painting
# Both pictures are painted with :class:`helpers.widgets.Raster` (one RGB array, text from cached glyphs).


def _ink_colour(colour) -> str:
    """Black text on a light ``colour``, white on a dark one (as :func:`helpers.style.show_grid` does)."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    return "black" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.5 else "white"


def _cell(cv, x0: int, y0: int, size: int, colour, label: str | None = None, font_pt: float = 9.0) -> None:
    """One ``size`` x ``size`` cell: ``colour`` inside a white 1-pixel frame, ``label`` centred on it."""
    cv.fill(x0, y0, size, size, "white")
    cv.fill(x0 + 1, y0 + 1, size - 2, size - 2, colour)
    if label is not None:
        cv.text(label, x0 + size / 2, y0 + size / 2, font_pt, _ink_colour(colour))


# ------------------------------------------------------------------------------- the channel map


def draw_channel_map(fig, r: int = 2, channels: int = 2) -> dict:
    """Where the ``C * r * r`` channels of one input pixel go, in PyTorch's CRD and TensorFlow's DCR order.

    For each order: a strip of the input channels 0 .. C*r*r - 1, each coloured by the output channel it
    feeds, then the ``C`` output blocks (``r x r`` each) with the input channel written at every sub-pixel
    position. At the bottom, the permutation that turns CRD channels into DCR channels.

    Returns
    -------
    dict
        ``"crd"``, ``"dcr"``: :func:`helpers.shuffle.channel_map` of each order; ``"perm"``: the CRD-to-DCR permutation
        (``crd_to_dcr_permutation``); ``"equal"``: whether the two orders agree; ``"layout"``: pixel
        geometry: ``"strip_cell"``, ``"block_cell"``, the corners ``"strip_CRD"``, ``"strip_DCR"`` and
        ``"blocks_CRD"``, ``"blocks_DCR"`` (one per output channel), ``"bottom"`` (lowest painted row), ``"pixels"``.
    """
    from ..shuffle import crd_to_dcr_permutation
    from ..widgets import Raster, glyph

    maps = {order: channel_map(channels, r, order) for order in ORDERS}
    c, n = int(channels), int(channels) * r * r
    perm = crd_to_dcr_permutation(n, r)
    equal = bool(np.array_equal(maps["CRD"], maps["DCR"]))
    cv = Raster(fig)
    scale = fig.dpi / 100
    margin, gap = int(14 * scale), int(22 * scale)
    head = int(22 * scale)
    strip_cell = int(min(34 * scale, (cv.width - 2 * margin - 150 * scale) / n))
    block_cell = int(min(34 * scale, (cv.width - 2 * margin - (c - 1) * gap) / (c * r)))
    yb = int(17 * scale)                      # the "c = ..." labels above the blocks
    section = head + strip_cell + int(30 * scale) + yb + r * block_cell + int(16 * scale)
    top = int(36 * scale)
    font = min(10.0, 0.55 * strip_cell * 72 / fig.dpi) if strip_cell >= 12 * scale else None
    block_font = min(11.0, 0.5 * block_cell * 72 / fig.dpi)

    title = (f"r = {r}, C = {c}: one input pixel with C·r² = {n} channels  ->  C = {c} output "
             f"block{'s' if c > 1 else ''} of {r}x{r}")
    cv.text(title, cv.width / 2, int(8 * scale), 12, "black", "center", "top")
    names = {"CRD": "PyTorch pixel_shuffle (CRD): input channel c·r² + i·r + j  ->  channel c, sub-pixel (i, j)",
             "DCR": "TensorFlow depth_to_space (DCR): input channel (i·r + j)·C + c  ->  channel c, sub-pixel (i, j)"}
    layout = {"strip_cell": strip_cell, "block_cell": block_cell}
    for s_idx, order in enumerate(ORDERS):
        cmap = maps[order]
        dest = _destination(cmap)
        y = top + s_idx * section
        cv.text(names[order], margin, y, 10.5, ha="left", va="top")
        y += head
        w_label = cv.text("input channels:", margin, y + strip_cell / 2 - 7 * scale, 9.5, "0.25", "left", "top")[0]
        x0 = margin + max(w_label, int(100 * scale)) + int(8 * scale)
        for q in range(n):
            _cell(cv, x0 + q * strip_cell, y, strip_cell, CHANNEL_COLOURS[dest[q] % 4], str(q) if font else None,
                  font or 9)
        layout[f"strip_{order}"] = (x0, y)
        y += strip_cell + int(8 * scale)
        cv.text("output: one r x r block per output channel c; the numbers say which input channel lands at "
                "each sub-pixel position", margin, y + 2, 9.5, "0.25", "left", "top")
        y += int(22 * scale)
        corners = []
        for ch in range(c):
            bx = margin + ch * (r * block_cell + gap)
            cv.text(f"c = {ch}", bx, y, 9, "0.25", "left", "top")
            for i in range(r):
                for j in range(r):
                    _cell(cv, bx + j * block_cell, y + yb + i * block_cell, block_cell, CHANNEL_COLOURS[ch % 4],
                          str(int(cmap[ch, i, j])), block_font)
            cv.outline(bx - 1, y + yb - 1, r * block_cell + 2, r * block_cell + 2, "0.3", 1)
            corners.append((bx, y + yb))
        layout[f"blocks_{order}"] = corners
    y = top + 2 * section
    verdict = ("the two orders agree (C = 1)" if equal else "the orders differ: DCR channel d = CRD channel perm[d]")
    cv.text(verdict, margin, y, 10.5, "black", "left", "top")
    shown = perm if n <= 24 else np.concatenate([perm[:22], [-1]])
    perm_text = "perm = crd_to_dcr_permutation = [" + ", ".join("..." if v < 0 else str(v) for v in shown) + "]"
    cv.text(perm_text, margin, y + int(20 * scale), 9.5, "0.25", "left", "top")
    cv.show()
    layout["bottom"] = y + int(20 * scale) + glyph("[0,", 9.5 * cv.px_per_pt).shape[0]
    layout["pixels"] = cv.pixels
    return {"crd": maps["CRD"], "dcr": maps["DCR"], "perm": perm, "equal": equal, "layout": layout}


def channel_map_widget():
    """Sliders for the upscale factor r (1 to 4) and the output channels C (1 to 3) over :func:`draw_channel_map`."""
    return _sliders_over(draw_channel_map, (10, 5.9), r=(2, 1, 4, "upscale factor r"),
                          channels=(2, 1, 3, "output channels C"))


def _sliders_over(draw, figsize, **sliders):
    """:func:`helpers.widgets.interactive_figure` over ``draw`` with one IntSlider per keyword,
    ``name=(value, min, max, description)``, two per row."""
    import ipywidgets as W

    from ..widgets import interactive_figure

    style = {"description_width": "initial"}
    controls = {name: W.IntSlider(value=value, min=lo, max=hi, description=text, style=style)
                for name, (value, lo, hi, text) in sliders.items()}
    return interactive_figure(draw, controls, figsize=figsize, columns=2)


# ----------------------------------------------------------------------- the bilinear difference


def _colormap(name: str, a, vmin: float, vmax: float) -> np.ndarray:
    """``a`` (H, W) through the matplotlib colormap ``name`` on [vmin, vmax]: float32 RGB (H, W, 3)."""
    import matplotlib

    t = np.clip((np.asarray(a, dtype=np.float64) - vmin) / ((vmax - vmin) or 1.0), 0.0, 1.0)
    return matplotlib.colormaps[name](t)[..., :3].astype(np.float32)


def draw_bilinear_difference(fig, s: int = 2, n: int = 4) -> dict:
    """Three panels: the bilinear-initialised transposed convolution, bilinear interpolation, and their
    difference (PuOr, centred on zero) with the predicted frame of width ``s // 2`` outlined (dashed).

    Painted as one image (:class:`helpers.widgets.Raster`). Returns
    :func:`helpers.layout.bilinear_difference`'s dict with ``"layout"`` added: ``"cell"`` (pixels per output
    pixel), ``"panels"`` (top-left corners) and ``"pixels"``.
    """
    from ..style import DIVERGING, SEQUENTIAL
    from ..widgets import Raster

    d = bilinear_difference(s, n)
    H, W = d["diff"].shape
    cv = Raster(fig)
    scale = fig.dpi / 100
    margin, gap, top = int(16 * scale), int(30 * scale), int(58 * scale)
    cell = max(int(min((cv.width - 2 * margin - 2 * gap) / (3 * W), (cv.height - top - margin) / H)), 1)
    lo, hi = min(d["tconv"].min(), d["interp"].min()), max(d["tconv"].max(), d["interp"].max())
    m = float(np.abs(d["diff"]).max()) or 1.0
    k, p, b = d["kernel_size"], d["padding"], d["border"]
    panels = [(d["tconv"], f"transposed conv, k={k}, stride {s}, padding {p}", SEQUENTIAL, lo, hi),
              (d["interp"], "bilinear interpolation (align_corners=False)", SEQUENTIAL, lo, hi),
              (d["diff"], f"difference (PuOr, ±{m:.2f}); dashed: border {b} px", DIVERGING, -m, m)]
    width = 3 * W * cell + 2 * gap
    x = (cv.width - width) // 2
    corners = []
    for a, title, cmap, vmin, vmax in panels:
        rgb = np.repeat(np.repeat(_colormap(cmap, a, vmin, vmax), cell, axis=0), cell, axis=1)
        cv.pixels[top:top + H * cell, x:x + W * cell] = rgb
        cv.outline(x - 1, top - 1, W * cell + 2, H * cell + 2, "0.5", 1)
        cv.text(title, x + W * cell / 2, top - int(20 * scale), 9.5, "black", "center", "top")
        corners.append((x, top))
        x += W * cell + gap
    if b and 2 * b < min(H, W):                  # the predicted frame, dashed, on the difference panel
        x0, y0 = corners[2][0] + b * cell, top + b * cell
        w, h = (W - 2 * b) * cell, (H - 2 * b) * cell
        dash = (np.arange(max(w, h)) // max(int(4 * scale), 2)) % 2 == 0
        line = 0.0                               # black
        cv.pixels[y0, x0:x0 + w][dash[:w]] = line
        cv.pixels[y0 + h - 1, x0:x0 + w][dash[:w]] = line
        cv.pixels[y0:y0 + h, x0][dash[:h]] = line
        cv.pixels[y0:y0 + h, x0 + w - 1][dash[:h]] = line
    agree = bool((d["mask"] == d["frame"]).all())
    summary = (f"{n}x{n} -> {H}x{W}: {int(d['mask'].sum())} of {H * W} pixels differ, "
               + (f"exactly the border {b} px wide" if agree else "NOT the predicted border"))
    cv.text(summary, cv.width / 2, int(8 * scale), 11.5, "black", "center", "top")
    cv.show()
    d["layout"] = {"cell": cell, "panels": corners, "pixels": cv.pixels}
    return d


def bilinear_difference_widget():
    """Sliders for the factor s (1 to 6) and the input size n (2 to 8) over :func:`draw_bilinear_difference`."""
    return _sliders_over(draw_bilinear_difference, (10, 4.0), s=(2, 1, 6, "upscale factor s"),
                          n=(4, 2, 8, "input size n"))
