"""Lesson 09 widget and figures: where the kernel copies of a transposed convolution overlap.

A transposed convolution with stride ``s`` writes a copy of its ``k``-tap kernel for every input position,
``s`` positions apart. Where the copies overlap, their contributions add. :func:`_overlap_picture` computes
the copies, the 1-D count per output position, the 2-D count map (the outer product of two 1-D counts),
and the interior's repeating pattern, from :func:`helpers.artifacts.overlap_count`;
:func:`draw_overlap` paints them (the widget's picture, one image) and :func:`overlap_widget`
puts sliders for ``n``, ``k`` and ``s`` on it.
"""

from __future__ import annotations

import numpy as np

from ..artifacts import interior_pattern, overlap_count, overlap_count_2d

__all__ = ["draw_overlap", "overlap_widget"]


def _overlap_picture(n: int, k: int, s: int) -> dict:
    """Everything the widget shows, for an input of ``n`` (1-D) or ``n x n`` (2-D) pixels, no padding.

    Returns
    -------
    dict
        ``"copies"``: int array (n, L), row ``j`` is 1 where input ``j``'s kernel copy lands
        (``L = (n-1)*s + k``); ``"counts"``: (L,) their column sums, :func:`~helpers.artifacts.overlap_count`;
        ``"counts_2d"``: (L, L) :func:`~helpers.artifacts.overlap_count_2d`; ``"pattern"``:
        :func:`helpers.artifacts.interior_pattern`; ``"even"``: whether the interior count is the same everywhere
        (``k % s == 0``); ``"ratio"``: largest over smallest interior count in 2-D (``inf`` when some
        interior pixel gets no tap at all, i.e. ``k < s``).

    Examples
    --------
    >>> g = _overlap_picture(3, 3, 2)
    >>> g["counts"].tolist(), g["pattern"], g["even"], g["ratio"]
    ([1, 1, 2, 1, 2, 1, 1], [2, 1], False, 4.0)
    """
    counts = overlap_count(n, k, s)
    copies = np.zeros((n, counts.size), dtype=np.int64)
    for j in range(n):
        copies[j, j * s : j * s + k] = 1
    pattern = interior_pattern(k, s)
    lo, hi = min(pattern), max(pattern)
    return {"copies": copies, "counts": counts, "counts_2d": overlap_count_2d((n, n), k, s), "pattern": pattern,
            "even": lo == hi, "ratio": float("inf") if lo == 0 else hi**2 / lo**2}


def draw_overlap(fig, n: int = 4, k: int = 3, s: int = 2) -> dict:
    """Left: the kernel copies of a 1-D transposed convolution (one row per input) and their sum, the
    overlap count; right: the 2-D count map.

    The whole picture, text included, is painted as one image (:class:`helpers.widgets.Raster`), so a
    redraw costs a few milliseconds. Returns :func:`_overlap_picture`'s dict, plus ``"layout"``: ``"copies"``
    (the left panel's RGB image, cells of 10 x 10 pixels, before it is scaled into its box), ``"boxes"``
    (pixel boxes ``(x0, y0, x1, y1)`` of the left and right panels), ``"texts"`` (the lines written) and
    ``"pixels"``.
    """
    import matplotlib as mpl

    from ..style import PALETTE
    from ..widgets import Raster

    g = _overlap_picture(n, k, s)
    copies, counts, counts_2d = g["copies"], g["counts"], g["counts_2d"]
    length = counts.size
    top = max(counts.max(), 1)
    # The left panel: n rows of kernel copies (input j's copy in a colour of its own), a blank row, then
    # the overlap count as columns of stacked cells (vermillion where it is largest).
    colours = np.array([mpl.colors.to_rgb(PALETTE[name])
                        for name in ("blue", "orange", "green", "vermillion", "purple", "sky")])
    rgb = np.ones((n + 1 + top, length, 3))
    rgb[:n] = np.where(copies[..., None] > 0, colours[np.arange(n) % len(colours)][:, None, :], 1.0)
    level = np.arange(top, 0, -1)[:, None]                       # row heights, top row = highest level
    stacked = counts[None, :] >= level
    block = rgb[n + 1:]
    block[stacked] = colours[0]
    block[stacked & (counts == counts.max())[None, :]] = colours[3]
    # white separators (cells of 10 x 10 pixels, 1-pixel gaps)
    cell = 10
    big = np.repeat(np.repeat(rgb, cell, axis=0), cell, axis=1)
    big[:, ::cell] = 1.0
    big[(n + 1) * cell::cell] = 1.0
    cv = Raster(fig)
    W, H = cv.width, cv.height
    # left box: 57% x 76% of the figure (the image stretched to fill it), 10% from the bottom
    x0, x1, y0, y1 = int(0.05 * W), int(0.62 * W), int(0.14 * H), int(0.90 * H)
    rows = np.arange(y1 - y0) * big.shape[0] // (y1 - y0)
    cols = np.arange(x1 - x0) * big.shape[1] // (x1 - x0)
    cv.pixels[y0:y1, x0:x1] = big[rows][:, cols]
    texts = [f"kernel k={k}, stride s={s}: one copy of the kernel per input (rows x0..x{n - 1})",
             "overlap count, t = 0 .. " + str(length - 1) + ":  " + " ".join(map(str, counts))]
    cv.text(texts[0], (x0 + x1) / 2, y0 - 7, 11, va="bottom")
    cv.text(texts[1], x0, y1 + 4, 10, ha="left", va="top")
    # right box: the 2-D count map, square cells, centred in 32% x 76% of the figure
    bx0, bx1, by0, by1 = int(0.66 * W), int(0.98 * W), int(0.12 * H), int(0.88 * H)
    side = counts_2d.shape[0]
    px = max((min(bx1 - bx0, by1 - by0)) // side, 1)
    rx0, ry0 = bx0 + (bx1 - bx0 - side * px) // 2, by0 + (by1 - by0 - side * px) // 2
    shade = mpl.colormaps["cividis"](counts_2d / max(int(counts_2d.max()), 1))[..., :3]
    cv.cells(shade, rx0, ry0, px, line=None)
    verdict = "even" if g["even"] else ("gaps (no tap)" if min(g["pattern"]) == 0 else
                                        f"uneven, max/min = {g['ratio']:g}")
    texts += [f"2-D count map, {n}x{n} input (values {counts_2d.min()} to {counts_2d.max()})",
              f"interior, per phase {g['pattern']}: {verdict}"]
    cv.text(texts[2], (bx0 + bx1) / 2, ry0 - 7 - 1.3 * 10 * cv.px_per_pt, 10, va="bottom")
    cv.text(texts[3], (bx0 + bx1) / 2, ry0 - 7, 10, va="bottom")
    cv.show()
    g["layout"] = {"copies": big, "boxes": [(x0, y0, x1, y1), (rx0, ry0, rx0 + side * px, ry0 + side * px)],
                   "cell": px, "texts": texts, "pixels": cv.pixels}
    return g


def overlap_widget():
    """Sliders for the input size n, the kernel size k and the stride s over :func:`draw_overlap`."""
    import ipywidgets as W

    from ..widgets import interactive_figure

    style = {"description_width": "initial"}
    controls = {
        "n": W.IntSlider(value=4, min=2, max=6, description="input size n", style=style),
        "k": W.IntSlider(value=3, min=1, max=7, description="kernel k", style=style),
        "s": W.IntSlider(value=2, min=1, max=4, description="stride s", style=style),
    }
    return interactive_figure(draw_overlap, controls, figsize=(10, 4.4), columns=3)
