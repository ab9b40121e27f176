"""Lesson 06 widget and figures: the output size of a transposed convolution, and how many kernel taps
land on each output pixel.

A 1-D transposed convolution of ``i`` inputs with a kernel of ``k`` taps at stride ``s`` writes input
``j`` times the kernel into output positions ``j*s, ..., j*s + k - 1`` (the scatter-add picture of
lesson 05). The *full* output is ``(i-1)*s + k`` long; ``padding`` removes ``p`` positions from each
end and ``output_padding`` puts ``output_padding`` positions back at the end (bottom/right in 2-D).

:func:`helpers.conv.transpose_geometry` computes all of that as plain numbers, :func:`draw_geometry` draws it (the
widget's picture), :func:`padding_widget` puts sliders on it. :func:`draw_crop` and
:func:`draw_windows` draw the lesson's static figures.
"""

from __future__ import annotations

import numpy as np

from ..conv import transpose_geometry

__all__ = [
    "draw_strip",
    "draw_geometry",
    "draw_crop",
    "draw_windows",
    "padding_widget",
    "draw_equivalent_convolution",
]

_ROW_COLOURS = ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow")


def _colour(j: int) -> str:
    from ..style import PALETTE

    return PALETTE[_ROW_COLOURS[j % len(_ROW_COLOURS)]]


def draw_strip(ax, i: int, k: int, s: int, p: int = 0, output_padding: int = 0) -> dict:
    """Draw the 1-D scatter-add picture on ``ax``; returns :func:`helpers.conv.transpose_geometry`'s dict.

    One row per input element (its copy of the kernel, ``k`` cells starting at ``j*s``), then the full
    output with the overlap count written in each cell and the ``p`` cropped cells at each end hatched,
    then the output itself. Cells added by output_padding are outlined in vermillion. An invalid
    setting draws its message instead.
    """
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    from ..style import PALETTE

    g = transpose_geometry(i, k, s, p, output_padding)
    full = g["full"]
    for side in ("left", "top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)
    if not g["valid"]:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "Not a valid setting:\n" + _wrap(g["message"], 70), ha="center", va="center",
                fontsize=12, color=PALETTE["vermillion"], transform=ax.transAxes)
        return g
    h, gap = 0.8, 0.35
    rows_y = [-(j * 1.0) for j in range(i)]
    full_y = rows_y[-1] - 1.0 - gap
    out_y = full_y - 1.0 - gap
    lo, hi = g["window"]
    a0, a1 = g["added"]
    extent = max(full, hi)
    font = 10 if extent <= 16 else 8
    # one collection per kind of cell keeps the redraw fast
    kernel_cells = [Rectangle((start + t, rows_y[j]), 1, h)
                    for j, start in enumerate(g["starts"]) for t in range(k)]
    kernel_colours = [_colour(j) for j in range(i) for _ in range(k)]
    ax.add_collection(PatchCollection(kernel_cells, facecolors=kernel_colours, edgecolors="white",
                                      linewidths=1.2))
    kept = [Rectangle((x, full_y), 1, h) for x in range(lo, min(hi, full))]
    cropped = [Rectangle((x, full_y), 1, h) for x in range(full) if not lo <= x < hi]
    beyond = [Rectangle((x, full_y), 1, h) for x in range(full, extent)]
    ax.add_collection(PatchCollection(kept, facecolors="white", edgecolors="0.4", linewidths=1.0))
    if cropped:
        ax.add_collection(PatchCollection(cropped, facecolors="0.85", edgecolors="0.4", linewidths=1.0,
                                          hatch="//"))
    if beyond:
        ax.add_collection(PatchCollection(beyond, facecolors="white", edgecolors="0.4", linewidths=1.0,
                                          linestyles="--"))
    out = [Rectangle((x, out_y), 1, h) for x in range(lo, hi)]
    ax.add_collection(PatchCollection(out, facecolors=PALETTE["sky"], edgecolors="white", linewidths=1.2))
    added = [Rectangle((x + 0.04, y + 0.04), 0.92, h - 0.08) for x in range(a0, a1) for y in (full_y, out_y)]
    if added:
        ax.add_collection(PatchCollection(added, facecolors="none", edgecolors=PALETTE["vermillion"],
                                          linewidths=2.5))
    text = ax.text
    for j, start in enumerate(g["starts"]):
        text(start - 0.15, rows_y[j] + h / 2, f"x[{j}]·K", ha="right", va="center", fontsize=font - 1)
    for x in range(extent):
        count = g["full_counts"][x] if x < full else 0
        text(x + 0.5, full_y + h / 2, str(count), ha="center", va="center", fontsize=font,
             color="black" if lo <= x < hi else "0.45")
        if extent <= 20:
            text(x + 0.5, out_y - 0.3, str(x), ha="center", va="center", fontsize=font - 1, color="0.3")
    for n, x in enumerate(range(lo, hi)):
        text(x + 0.5, out_y + h / 2, str(g["counts"][n]), ha="center", va="center", fontsize=font)
    left = -2.2
    text(left, full_y + h / 2, "full sum", ha="right", va="center", fontsize=font)
    text(left, out_y + h / 2, "output", ha="right", va="center", fontsize=font, fontweight="bold")
    ax.set_xlim(left - 2.4, extent + 0.3)
    ax.set_ylim(out_y - 0.6, rows_y[0] + h + 0.2)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("position in the full output (hatched: cropped by padding; red outline: added by "
                  "output_padding)", fontsize=9)
    ax.set_aspect("equal")
    return g


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def _count_grid(ax, a, title: str, vmax: float, annotate: bool) -> None:
    """A grid in show_grid's style, drawn without tick objects (they dominate a widget's redraw time)."""
    from ..style import SEQUENTIAL, _text_colour, format_value

    im = ax.imshow(a, cmap=SEQUENTIAL, vmin=0, vmax=vmax, interpolation="nearest")
    ax.hlines(np.arange(a.shape[0] + 1) - 0.5, -0.5, a.shape[1] - 0.5, color="white", linewidth=1.0)
    ax.vlines(np.arange(a.shape[1] + 1) - 0.5, -0.5, a.shape[0] - 0.5, color="white", linewidth=1.0)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title(f"{title} ({a.shape[0]}x{a.shape[1]})")
    if annotate:
        size = 11 if max(a.shape) <= 6 else 9 if max(a.shape) <= 9 else 7
        colours = {v: _text_colour(im.cmap(im.norm(v))) for v in np.unique(a)}
        for (r, c), v in np.ndenumerate(a):
            ax.text(c, r, format_value(v), ha="center", va="center", fontsize=size, color=colours[v])


def _hatch(raster, x0: int, y0: int, w: int, h: int, colour="0.45", period: int = 7) -> None:
    """Diagonal ``//`` hatching inside a box of the raster."""
    yy, xx = np.mgrid[0:h, 0:w]
    mask = (xx + yy) % period == 0
    raster.pixels[y0:y0 + h, x0:x0 + w][mask[: raster.height - y0, : raster.width - x0]] = _rgb_of(colour)


def _rgb_of(colour):
    from matplotlib.colors import to_rgb

    return to_rgb(colour)


def _paint_strip(raster, g: dict, k: int, x0: int, y0: int, width: int, height: int) -> dict:
    """:func:`draw_strip`'s picture painted into ``raster`` in the box (x0, y0, width, height)."""
    from ..style import PALETTE

    i = len(g["starts"])
    full, lo, hi = g["full"], *g["window"]
    a0, a1 = g["added"]
    extent = max(full, hi)
    font = 10 if extent <= 16 else 8
    label_w = int(raster.text("full sum", -1000, -1000, font)[0]) + 24     # measure, paint nothing
    first_label = int(raster.text("x[0]·K", -1000, -1000, font - 1)[0]) + 8
    foot = 52   # position numbers and the caption
    rows = i + 2 + 2 * 0.35
    cell = int(min(46, (width - label_w - first_label) / extent, (height - foot) / rows))
    gap = int(0.35 * cell)
    left = x0 + label_w + first_label
    box = int(0.8 * cell)                 # cells are 0.8 high, as in draw_strip
    ys = [y0 + j * cell for j in range(i)]
    full_y = ys[-1] + cell + gap
    out_y = full_y + cell + gap
    for j, start in enumerate(g["starts"]):
        colour = _colour(j)
        for t in range(k):
            raster.fill(left + (start + t) * cell, ys[j], cell - 2, box, colour)
        raster.text(f"x[{j}]·K", left + start * cell - 6, ys[j] + box / 2, font - 1, ha="right")
    for x in range(extent):
        cx = left + x * cell
        if x < full and not lo <= x < hi:
            raster.fill(cx, full_y, cell, box, "0.85")
            _hatch(raster, cx + 1, full_y + 1, cell - 2, box - 2)
            raster.outline(cx, full_y, cell + 1, box, "0.4", 1)
        elif x >= full:    # reached by output_padding only: dashed outline
            raster.outline(cx, full_y, cell + 1, box, "0.4", 1)
            for d in range(2, cell, 6):
                raster.fill(cx + d, full_y, 3, 1, "white")
                raster.fill(cx + d, full_y + box - 1, 3, 1, "white")
        else:
            raster.outline(cx, full_y, cell + 1, box, "0.4", 1)
        count = g["full_counts"][x] if x < full else 0
        raster.text(str(count), cx + cell / 2, full_y + box / 2, font, "black" if lo <= x < hi else "0.45")
        if extent <= 20:
            raster.text(str(x), cx + cell / 2, out_y + box + 8, font - 1, "0.3", va="top")
    for n, x in enumerate(range(lo, hi)):
        cx = left + x * cell
        raster.fill(cx, out_y, cell - 2, box, PALETTE["sky"])
        raster.text(str(g["counts"][n]), cx + cell / 2, out_y + box / 2, font)
    for x in range(a0, a1):
        for y in (full_y, out_y):
            raster.outline(left + x * cell + 2, y + 2, cell - 3, box - 4, PALETTE["vermillion"], 3)
    raster.text("full sum", left - first_label - 6, full_y + box / 2, font, ha="right")
    raster.text("output", left - first_label - 6, out_y + box / 2, font + 1, ha="right")
    raster.text("position in the full output (hatched: cropped by padding; red outline: added by output_padding)",
                x0 + width / 2, out_y + box + 30, 9, va="top")
    return {"cell": cell, "left": left, "rows": ys, "full": full_y, "output": out_y}


def draw_geometry(fig, i: int = 3, k: int = 3, s: int = 2, p: int = 1, output_padding: int = 1) -> dict:
    """The widget's picture: the formula with numbers, the 1-D strip and the 2-D overlap-count grid.

    For an all-ones ``k`` x ``k`` kernel on an all-ones ``i`` x ``i`` input the 2-D count is the outer
    product of the 1-D counts (the kernel and the input are separable). Painted as one image
    (:class:`helpers.widgets.Raster`; the strip is :func:`draw_strip`'s picture, the grid
    :func:`helpers.style.show_grid`'s), so a redraw takes milliseconds. Returns the geometry dict with
    ``"counts_2d"`` (an empty array when the setting is invalid), ``"title"`` (the formula line) and
    ``"layout"`` (pixel geometry: ``"strip"``, ``"grid"`` boxes, ``"pixels"``) added.
    """
    from ..style import ANNOTATE_MAX, PALETTE
    from ..widgets import Raster, paint_grid

    g = transpose_geometry(i, k, s, p, output_padding)
    raster = Raster(fig)
    colour = "black" if g["valid"] else PALETTE["vermillion"]
    title = f"output size = (i-1)·s - 2p + (k-1) + output_padding + 1 = {g['formula']}"
    raster.text(title, raster.width / 2, 8, 12, colour, va="top")
    g["title"] = title
    if not g["valid"]:
        lines = ["Not a valid setting:", *_wrap(g["message"], 70).split("\n")]
        for n, line in enumerate(lines):
            raster.text(line, raster.width / 2, raster.height / 2 + (n - len(lines) / 2) * 22, 12, colour)
        g["counts_2d"] = np.zeros((0, 0), dtype=np.int64)
        g["layout"] = {"pixels": raster.pixels}
        raster.show()
        return g
    top, margin = 46, 12
    split = int(raster.width * 1.7 / 2.7)
    strip = _paint_strip(raster, g, k, margin, top + 10, split - 2 * margin, raster.height - top - 10)
    counts_2d = np.outer(g["counts"], g["counts"])
    n = g["size"]
    a0, a1 = g["added"]
    foot = 30 if a1 > a0 else 8
    side = min(raster.width - split - 2 * margin, raster.height - top - foot - 8)
    cell = max(side // n, 1)
    gx = split + (raster.width - split - margin - cell * n) // 2
    box = paint_grid(raster, counts_2d, gx, top + 8, cell, title="2-D overlap count", vmin=0,
                     vmax=max(int(counts_2d.max()), 1), annotate=n <= ANNOTATE_MAX, ticks=False)
    if a1 > a0:  # outline the rows and columns added by output_padding
        first = n - (a1 - a0)
        raster.outline(gx + first * cell, top + 8, (a1 - a0) * cell, n * cell, PALETTE["vermillion"], 3)
        raster.outline(gx, top + 8 + first * cell, n * cell, (a1 - a0) * cell, PALETTE["vermillion"], 3)
        raster.text("red outline: rows and columns added by output_padding", gx + n * cell / 2,
                    box["y1"] + 8, 9, va="top")
    raster.show()
    g["counts_2d"] = counts_2d
    g["layout"] = {"strip": strip, "grid": {**box, "cell": cell}, "pixels": raster.pixels}
    return g


def draw_crop(fig, X, K, stride: int = 1, padding: int = 1) -> dict:
    """Intuition figure: input, kernel, the full transposed convolution with its ``padding``-wide border
    hatched, and what is left. Uses :func:`helpers.trans_conv`; returns ``{"full": ..., "output": ...}``.
    """
    from matplotlib.patches import Rectangle

    from .._validate import as_float_array, check_int
    from ..conv import trans_conv
    from ..style import PALETTE, show_grid

    X = as_float_array(X, "X", ndim=2)
    K = as_float_array(K, "K", ndim=2)
    stride = check_int(stride, "stride", min_value=1)
    padding = check_int(padding, "padding", min_value=0)
    full = np.asarray(trans_conv(X, K, stride, 0))
    out = np.asarray(trans_conv(X, K, stride, padding))
    arrays = [X, K, full, out]
    titles = ["input X", "kernel K", "full output (padding=0)", f"padding={padding}"]
    axes = fig.subplots(1, 4, gridspec_kw={"width_ratios": [a.shape[1] + 0.6 for a in arrays]})
    vmax = float(full.max())
    for ax, a, t in zip(axes, arrays, titles):
        show_grid(ax, a, vmin=0, vmax=max(vmax, float(a.max())))
        ax.set_title(f"{t} ({a.shape[0]}x{a.shape[1]})")
    H, W = full.shape
    ax = axes[2]
    for r in range(H):
        for c in range(W):
            if r < padding or c < padding or r >= H - padding or c >= W - padding:
                ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor="white", alpha=0.55,
                                       hatch="//", edgecolor=PALETTE["vermillion"], linewidth=0))
    if out.size:
        ax.add_patch(Rectangle((padding - 0.5, padding - 0.5), W - 2 * padding, H - 2 * padding, fill=False,
                               edgecolor=PALETTE["vermillion"], linewidth=2.5))
    axes[2].set_xlabel("hatched: cropped", fontsize=10)
    return {"full": full, "output": out}


def draw_windows(ax, values, windows: dict, title: str | None = None) -> None:
    """Draw a 1-D full output ``values`` as a row of cells, and under it one bracket per window.

    ``windows`` maps a label to ``(start, stop)`` in the coordinates of ``values`` (stop may run past
    the end: those cells hold 0). Used to compare which part of the full output two layers keep.
    """
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Rectangle

    from ..style import PALETTE, _text_colour, format_value

    values = np.asarray(values, dtype=float)
    n = len(values)
    extent = max([n] + [stop for _, stop in windows.values()])
    begin = min([0] + [start for start, _ in windows.values()])
    h = 0.8
    for x in range(begin, extent):
        inside = 0 <= x < n
        ax.add_patch(Rectangle((x, 0), 1, h, facecolor="white", edgecolor="0.4",
                               linestyle="-" if inside else "--"))
        ax.text(x + 0.5, h / 2, format_value(values[x]) if inside else "0", ha="center", va="center",
                fontsize=10, color="black" if inside else "0.5")
    colours = [PALETTE["blue"], PALETTE["orange"], PALETTE["green"], PALETTE["purple"]]
    for r, (label, (start, stop)) in enumerate(windows.items()):
        y = -0.7 - 0.7 * r
        colour = colours[r % len(colours)]
        ax.add_patch(Rectangle((start + 0.05, y), stop - start - 0.1, 0.5, facecolor=colour, alpha=0.85,
                               edgecolor="none"))
        ax.text(start + 0.15, y + 0.25, f"{label}: positions {start}..{stop - 1}", ha="left", va="center",
                fontsize=9.5, color=_text_colour(to_rgba(colour)))
    ax.set_xlim(begin - 0.2, extent + 0.2)
    ax.set_ylim(-0.7 - 0.7 * (len(windows) - 1) - 0.15, h + 0.15)
    ax.set_xticks(np.arange(begin, extent) + 0.5, [str(x) for x in range(begin, extent)])
    ax.set_yticks([])
    ax.tick_params(length=0)
    for side in ("left", "top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("position in the full output (padding=0, output_padding=0)")
    ax.set_aspect("equal")
    if title:
        ax.set_title(title)


def padding_widget():
    """Sliders for i, k, s, p and output_padding over :func:`draw_geometry`."""
    import ipywidgets as W

    from ..widgets import interactive_figure

    style = {"description_width": "initial"}
    controls = {
        "i": W.IntSlider(value=3, min=1, max=6, description="input size i", style=style),
        "k": W.IntSlider(value=3, min=1, max=5, description="kernel k", style=style),
        "s": W.IntSlider(value=2, min=1, max=4, description="stride s", style=style),
        "p": W.IntSlider(value=1, min=0, max=4, description="padding p", style=style),
        "output_padding": W.IntSlider(value=1, min=0, max=3, description="output_padding", style=style),
    }
    return interactive_figure(draw_geometry, controls, figsize=(11, 4.6), columns=3)


def draw_equivalent_convolution(fig, y, K, stride: int = 2, padding: int = 1, pixel=(0, 0)) -> dict:
    """Dumoulin & Visin's equivalent direct convolution of a transposed convolution, as a grid sequence.

    Panels: the input ``y``; ``stride - 1`` zeros inserted between its elements; a border of ``k - 1 - padding``
    zeros (:func:`helpers.conv.zero_insert_pad`); the flipped kernel; the stride-1 convolution's output
    (:func:`helpers.conv.transposed_conv_as_full_conv`). The window that makes output ``pixel`` is outlined in
    the padded grid and the pixel in the output; the input's own values are outlined in blue wherever they sit.
    Every zero is drawn the same way. Returns ``{"z": padded grid, "flipped": ..., "output": ..., "window": ...}``.
    """
    from matplotlib.patches import Rectangle

    from .._validate import as_float_array, check_int
    from ..conv import transposed_conv_as_full_conv, zero_insert, zero_insert_pad
    from ..style import PALETTE, SEQUENTIAL, show_grid

    y = as_float_array(y, "y", ndim=2)
    K = as_float_array(K, "K", ndim=2)
    s = check_int(stride, "stride", min_value=1)
    p = check_int(padding, "padding", min_value=0)
    k = K.shape[0]
    if K.shape != (k, k):
        raise ValueError(f"K must be square, got shape {K.shape}")
    if p > k - 1:
        raise ValueError(f"padding must be at most k - 1 = {k - 1} for this picture (a larger one crops), got {p}")
    inserted = zero_insert(y, s)
    z = zero_insert_pad(y, k, s, p)
    flipped = K[::-1, ::-1]
    out = transposed_conv_as_full_conv(y[None, None], K[None, None], s, p)[0, 0]
    r, c = (check_int(v, "pixel", min_value=0) for v in pixel)
    if r >= out.shape[0] or c >= out.shape[1]:
        raise ValueError(f"pixel must lie in the {out.shape[0]}x{out.shape[1]} output, got {pixel}")
    arrays = [y, inserted, z, flipped, out]
    q = k - 1 - p
    titles = ["input y", f"insert {s - 1} zero{'s' if s != 2 else ''}", f"pad k-1-p = {q}", "flipped kernel",
              "stride-1 conv = output"]
    axes = fig.subplots(1, 5, gridspec_kw={"width_ratios": [a.shape[1] + 0.8 for a in arrays]})
    vmax_y = float(max(abs(y).max(), 1e-12))
    blue = PALETTE["blue"]
    for ax, a, t in zip(axes, arrays, titles):
        same = a is y or a is inserted or a is z
        if same:
            lo, hi = min(0.0, float(y.min())), vmax_y
        else:
            lo, hi = min(0.0, float(a.min())), float(max(a.max(), 1e-12))
        show_grid(ax, a, cmap=SEQUENTIAL if lo >= 0 else None, vmin=lo if lo >= 0 else -max(-lo, hi),
                  vmax=hi if lo >= 0 else max(-lo, hi), fontsize=9)
        ax.set_title(f"{t}\n({a.shape[0]}x{a.shape[1]})", fontsize=10)
    for ax, offset in ((axes[1], 0), (axes[2], q)):              # where the input's values sit
        for i in range(y.shape[0]):
            for j in range(y.shape[1]):
                ax.add_patch(Rectangle((offset + j * s - 0.45, offset + i * s - 0.45), 0.9, 0.9, fill=False,
                                       edgecolor=blue, linewidth=1.6, linestyle="--"))
    axes[2].add_patch(Rectangle((c - 0.5, r - 0.5), k, k, fill=False, edgecolor=PALETTE["vermillion"], linewidth=2.8))
    axes[4].add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor=PALETTE["vermillion"], linewidth=2.8))
    window = z[r:r + k, c:c + k]
    return {"z": z, "flipped": flipped, "output": out, "window": window}
