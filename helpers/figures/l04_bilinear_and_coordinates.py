"""Lesson 04 widgets and figures: bilinear interpolation and the coordinate conventions of resizing.

The math lives in :mod:`helpers.resize`: :func:`~helpers.resize.four_neighbour_weights`,
:func:`~helpers.resize.sampling_grid`, :func:`~helpers.resize.source_coordinate` and
``interpolation_matrix(..., coordinate_mode=mode)`` (linear resizing for any ONNX
``coordinate_transformation_mode``).

- :func:`draw_four_neighbours`: the weight of each of the four neighbours of a point, drawn as the area
  of the rectangle opposite that neighbour (and the two linear passes through the same point).
  :func:`four_neighbour_widget` puts sliders on it.
- :func:`draw_sampling_axis`, :func:`draw_sampling_2d`, :func:`draw_sampling`,
  :func:`draw_mode_comparison`: input and output pixel centres on a shared axis;
  :func:`sampling_widget` puts controls on :func:`draw_sampling`.

Only NumPy, matplotlib and ipywidgets are imported here (no torch/tensorflow).
"""

from __future__ import annotations

import numpy as np

from ..resize import four_neighbour_weights, interpolation_matrix, sampling_grid
from ..widgets._paint import (  # one unscaled painted image
    _auto_ticks,
    _baseline_text,
    _blend,
    _Frame,
    _line,
    _segments,
    _show,
    _vtext,
)

__all__ = [
    "MODES",
    "FORMULAS",
    "draw_four_neighbours",
    "draw_sampling_axis",
    "draw_sampling_2d",
    "draw_sampling",
    "draw_mode_comparison",
    "draw_up_and_down",
    "four_neighbour_widget",
    "sampling_widget",
]

MODES = ("half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric")
"""The ONNX ``Resize`` coordinate transformation modes this lesson compares (ONNX lists six: also
``half_pixel_symmetric``, equal to ``half_pixel`` when the output size is given, and
``tf_crop_and_resize``, which resizes a region of interest)."""

FORMULAS = {
    "half_pixel": "(x + 1/2) · in/out − 1/2",
    "pytorch_half_pixel": "(x + 1/2) · in/out − 1/2, or 0 if out = 1",
    "align_corners": "x · (in − 1)/(out − 1), or 0 if out = 1",
    "asymmetric": "x · in/out",
}
"""The source coordinate of output index ``x`` in each mode, as plain text for titles."""

_CORNER_COLOURS = ("blue", "orange", "green", "purple")  # q00, q01, q10, q11


# ------------------------------------------------------------------------------------ drawings


def _colour(name: str) -> str:
    from ..style import PALETTE

    return PALETTE[name]


def draw_four_neighbours(fig, a: float = 0.3, b: float = 0.6, values=(1.0, 2.0, 3.0, 4.0)) -> float:
    """Bilinear interpolation inside one cell of four pixels, drawn two ways on ``fig``.

    Left: the unit square between pixel centres ``q00`` (top left), ``q01``, ``q10``, ``q11`` and the
    point ``P`` at offsets ``(b, a)``. The rectangle opposite each corner is shaded in that corner's
    colour: its area is the corner's weight. The first (horizontal) pass gives ``R0`` on the top edge
    and ``R1`` on the bottom edge; the second (vertical) pass interpolates between them. Right: the
    2x2 weights. Painted as one image (:class:`helpers.widgets.Raster`) with the markers as a few
    figure-level artists, so a redraw takes milliseconds. Returns the interpolated value at ``P``.
    """
    from ..widgets import Raster, paint_grid

    w = four_neighbour_weights(a, b)
    q = np.asarray(values, dtype=float).reshape(2, 2)
    value = float((w * q).sum())
    r0 = (1 - a) * q[0, 0] + a * q[0, 1]
    r1 = (1 - a) * q[1, 0] + a * q[1, 1]
    raster = Raster(fig)
    W, H = raster.width, raster.height
    # the boxes where constrained layout put the two axes; rows grow downwards (ylim from 1.22 to -0.22)
    f = _Frame(0.11 * W, (1 - 0.82) * H, 0.49 * W, 0.64 * H, (-0.62, 1.62), (1.22, -0.22), equal=True)
    corners = [(0, 0), (1, 0), (0, 1), (1, 1)]  # (x, y) of q00, q01, q10, q11; y grows downwards
    for k, (cx, cy) in enumerate(corners):
        x0, x1 = sorted((a, 1 - cx))
        y0, y1 = sorted((b, 1 - cy))
        px0, px1, py0, py1 = f.x(x0), f.x(x1), f.y(y0), f.y(y1)
        _blend(raster, px0, py0, px1 - px0, py1 - py0, _colour(_CORNER_COLOURS[k]), 0.3)
    for k, (cx, cy) in enumerate(corners):
        x0, x1 = sorted((a, 1 - cx))
        y0, y1 = sorted((b, 1 - cy))
        if (x1 - x0) * (y1 - y0) > 0.02:
            raster.text(f"{w.flat[k]:.2f}", f.x((x0 + x1) / 2), f.y((y0 + y1) / 2), 10)
        label = f"q{k // 2}{k % 2} = {q.flat[k]:g}"
        raster.text(label, f.x(cx + (-0.08 if cx == 0 else 0.08)), f.y(cy), 10, ha="right" if cx == 0 else "left")
    sq = [int(round(float(v))) for v in (f.x(0), f.y(0), f.x(1), f.y(1))]
    raster.outline(sq[0], sq[1], sq[2] - sq[0] + 1, sq[3] - sq[1] + 1, "0.4", 1)
    raster.text(f"R0 = {r0:.3g}", f.x(a), f.y(-0.07), 9, va="bottom")
    raster.text(f"R1 = {r1:.3g}", f.x(a), f.y(1.07), 9, va="top")
    px, py = float(f.x(a + 0.04)), float(f.y(b - 0.05))
    for dx in (0, 1):   # bold: the same text twice, one pixel apart
        raster.text(f"P = {value:.3g}", px + dx, py, 11, _colour("vermillion"), ha="left", va="bottom")
    f.xaxis(raster, [0, a, 1], ["0", f"a={a:.2f}", "1"], label="column offset")
    f.yaxis(raster, [0, b, 1], ["0", f"b={b:.2f}", "1"], label="row offset")
    raster.text("weight of a corner = area opposite it", f.x0 + f.w / 2, f.y0 - 8, 12, va="bottom")
    # the weights as show_grid draws them, with the 1-D weights as tick labels
    gx, gy, gw, gh = 0.665 * W, (1 - 0.83) * H, 0.32 * W, 0.66 * H
    cell = int(min(gw, gh) // 2)
    x0, y0 = int(gx + (gw - 2 * cell) / 2), int(gy + (gh - 2 * cell) / 2)
    paint_grid(raster, w, x0, y0, cell, title="weights", vmin=0, vmax=1, ticks=False)
    for n, text in enumerate(("1 − a", "a")):
        _baseline_text(raster, text, x0 + (n + 0.5) * cell, y0 + 2 * cell + 18, 11)
    for n, text in enumerate(("1 − b", "b")):
        raster.text(text, x0 - 8, y0 + (n + 0.5) * cell, 11, ha="right")
    raster.text(f"sum = {w.sum():.3g}", x0 + cell, y0 + 2 * cell + 30, 11, va="top")
    _show(raster)
    _line(raster, [f.x(a)] * 2, [f.y(0), f.y(1)], linestyle="--", color="0.3", linewidth=1)
    for k, (cx, cy) in enumerate(corners):
        _line(raster, [f.x(cx)], [f.y(cy)], marker="o", color=_colour(_CORNER_COLOURS[k]), markersize=12,
              linestyle="none")
    _line(raster, [f.x(a)] * 2, [f.y(0), f.y(1)], marker="D", color="black", markersize=6, linestyle="none")
    _line(raster, [f.x(a)], [f.y(b)], marker="*", color=_colour("vermillion"), markersize=16, linestyle="none")
    return value


def draw_sampling_axis(ax, in_size: int, out_size: int, mode: str = "half_pixel", title: str | None = None,
                       label_sources: bool | None = None) -> dict:
    """Input and output pixels of a 1-D resize on one continuous axis, in input-pixel units.

    Top row: input pixel ``j`` as a cell ``[j - 1/2, j + 1/2]`` with its centre. Bottom row: output
    pixel ``i`` as a cell ``width`` wide centred on the coordinate it reads (:func:`helpers.resize.sampling_grid`); a
    dotted line joins its centre to that coordinate on the input row. Outputs whose coordinate is
    clamped to the edge are drawn in purple. The input's extent is shaded across both rows, so a
    mode whose output grid is stretched or shifted against it shows at a glance. Returns the grid dict.
    """
    from matplotlib.collections import LineCollection, PatchCollection
    from matplotlib.patches import Rectangle

    from ..style import format_value

    g = sampling_grid(in_size, out_size, mode)
    src, width, clamped = g["source"], g["width"], g["clamped"]
    top, bottom, h = 1.3, 0.0, 0.6
    lo_in, hi_in = g["input_extent"]
    blue, orange, purple = _colour("sky"), _colour("orange"), _colour("purple")
    ax.axvspan(lo_in, hi_in, color="0.93", zorder=0)
    cells = [Rectangle((j - 0.5, top), 1, h) for j in range(in_size)]
    cells += [Rectangle((s - width / 2, bottom), width, h) for s in src]
    colours = [blue] * in_size + [purple if c else orange for c in clamped]
    ax.add_collection(PatchCollection(cells, facecolors=colours, edgecolors="white", linewidths=1.5,
                                      alpha=0.85))
    ax.plot(np.arange(in_size), np.full(in_size, top + h / 2), "o", color=_colour("blue"), markersize=5)
    ax.plot(src, np.full(out_size, bottom + h / 2), "o", color="black", markersize=4)
    ax.add_collection(LineCollection([[(s, bottom + h / 2), (s, top + h / 2)] for s in src],
                                     colors="0.25", linestyles=":", linewidths=1.2))
    font = 9 if max(in_size, out_size) <= 8 else 7
    for j in range(in_size):
        ax.text(j, top + h + 0.08, str(j), ha="center", va="bottom", fontsize=font, color=_colour("blue"))
    if label_sources is None:
        label_sources = out_size <= 12
    if label_sources:
        for s in src:
            ax.text(s, bottom - 0.08, format_value(s), ha="center", va="top", fontsize=font)
    lo, hi = min(lo_in, g["extent"][0]), max(hi_in, g["extent"][1])
    ax.set_xlim(lo - 0.15, hi + 0.15)
    ax.set_ylim(bottom - 0.55, top + h + 0.45)
    ax.set_yticks([bottom + h / 2, top + h / 2], [f"output ({out_size})", f"input ({in_size})"])
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel("continuous input coordinate (input pixel j is centred on j)")
    for side in ("left", "top", "right"):
        ax.spines[side].set_visible(False)
    if title is None:
        title = f"{mode}: x_in = {FORMULAS[mode]}"
        if clamped.any():
            title += f"  ({int(clamped.sum())} clamped)"
    ax.set_title(title, fontsize=11)
    return g


def draw_sampling_2d(ax, in_size: int, out_size: int, mode: str = "half_pixel") -> None:
    """The 2-D picture of :func:`draw_sampling_axis` for a square ``in_size`` -> ``out_size`` resize.

    Input pixel centres are blue dots inside the input's outline; each output pixel is an orange cross
    at the (row, column) coordinate it reads (purple if clamped on either axis); the dashed
    rectangle is the output grid's extent as the mode places it.
    """
    from matplotlib.patches import Rectangle

    g = sampling_grid(in_size, out_size, mode)
    src, clamped = g["source"], g["clamped"]
    lo_in, hi_in = g["input_extent"]
    lo, hi = g["extent"]
    ax.add_patch(Rectangle((lo_in, lo_in), hi_in - lo_in, hi_in - lo_in, facecolor="0.93",
                           edgecolor=_colour("blue"), linewidth=1.5))
    ax.add_patch(Rectangle((lo, lo), hi - lo, hi - lo, fill=False, edgecolor=_colour("orange"), linewidth=1.5,
                           linestyle="--"))
    jj, ii = np.meshgrid(np.arange(in_size), np.arange(in_size))
    ax.plot(jj.ravel(), ii.ravel(), "o", color=_colour("blue"), markersize=9 if in_size <= 5 else 6,
            alpha=0.8, label="input centres")
    cc, rr = np.meshgrid(src, src)
    bad = (clamped[None, :] | clamped[:, None]).ravel()
    ax.plot(cc.ravel()[~bad], rr.ravel()[~bad], "x", color=_colour("orange"), markersize=6, mew=2,
            label="output samples")
    if bad.any():
        ax.plot(cc.ravel()[bad], rr.ravel()[bad], "x", color=_colour("purple"), markersize=6, mew=2,
                label="clamped to edge")
    edge_lo, edge_hi = min(lo_in, lo) - 0.2, max(hi_in, hi) + 0.2
    ax.set_xlim(edge_lo, edge_hi)
    ax.set_ylim(edge_hi, edge_lo)
    ax.set_aspect("equal")
    ax.set_xlabel("column coordinate")
    ax.set_ylabel("row coordinate")
    ax.set_title(f"2-D: {in_size}x{in_size} -> {out_size}x{out_size}", fontsize=11)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=9, handletextpad=0.3)


def _paint_sampling_axis(raster, box, in_size: int, out_size: int, mode: str) -> dict:
    """:func:`draw_sampling_axis`'s picture painted into ``raster`` in the pixel ``box`` (x0, y0, w, h)."""
    from ..style import format_value
    from ..widgets import glyph

    g = sampling_grid(in_size, out_size, mode)
    src, width, clamped = g["source"], g["width"], g["clamped"]
    top, bottom, h = 1.3, 0.0, 0.6
    lo_in, hi_in = g["input_extent"]
    lo, hi = min(lo_in, g["extent"][0]), max(hi_in, g["extent"][1])
    f = _Frame(*box, (lo - 0.15, hi + 0.15), (bottom - 0.55, top + h + 0.45))
    raster.fill(f.x(lo_in), f.y0, f.x(hi_in) - f.x(lo_in), f.h, 0.93)
    rows = [(j - 0.5, j + 0.5, top, _colour("sky")) for j in range(in_size)]
    rows += [(s - width / 2, s + width / 2, bottom, _colour("purple" if c else "orange"))
             for s, c in zip(src, clamped)]
    for x0, x1, y, colour in rows:   # cells with a white edge, 85% opaque
        px0, px1, py0, py1 = f.x(x0), f.x(x1), f.y(y + h), f.y(y)
        raster.fill(round(px0), round(py0), round(px1) - round(px0), round(py1) - round(py0), "white")
        _blend(raster, px0 + 1, py0 + 1, px1 - px0 - 2, py1 - py0 - 2, colour, 0.85)
    font = 9 if max(in_size, out_size) <= 8 else 7
    for j in range(in_size):
        raster.text(str(j), f.x(j), f.y(top + h + 0.08), font, _colour("blue"), va="bottom")
    if out_size <= 12:
        for s in src:
            raster.text(format_value(s), f.x(s), f.y(bottom - 0.08), font, va="top")
    for text, y in ((f"output ({out_size})", bottom), (f"input ({in_size})", top)):   # kept inside the picture
        x = max(f.x0 - 4, glyph(text, 11 * raster.px_per_pt).shape[1] + 2)
        raster.text(text, x, f.y(y + h / 2), 11, ha="right")
    f.xaxis(raster, _auto_ticks(*f.xlim, f.w, raster), label="continuous input coordinate (input pixel j is "
            "centred on j)")
    title = f"{mode}: x_in = {FORMULAS[mode]}"
    if clamped.any():
        title += f"  ({int(clamped.sum())} clamped)"
    raster.text(title, f.x0 + f.w / 2, f.y0 - 4, 11, va="bottom")
    g["title"] = title
    g["frame"] = f
    return g


def _paint_sampling_2d(raster, box, in_size: int, out_size: int, mode: str) -> tuple:
    """:func:`draw_sampling_2d`'s picture painted into ``raster`` in the pixel ``box``; returns the frame
    and a function that adds the markers (they go on top of the painted picture)."""
    g = sampling_grid(in_size, out_size, mode)
    src, clamped = g["source"], g["clamped"]
    lo_in, hi_in = g["input_extent"]
    lo, hi = g["extent"]
    edge_lo, edge_hi = min(lo_in, lo) - 0.2, max(hi_in, hi) + 0.2
    f = _Frame(*box, (edge_lo, edge_hi), (edge_hi, edge_lo), equal=True)
    x0, x1 = int(round(float(f.x(lo_in)))), int(round(float(f.x(hi_in))))
    y_in = int(round(float(f.y(lo_in))))
    raster.fill(x0, y_in, x1 - x0, x1 - x0, 0.93)
    raster.outline(x0 - 1, y_in - 1, x1 - x0 + 2, x1 - x0 + 2, _colour("blue"), 2)
    o0, o1, oy = float(f.x(lo)), float(f.x(hi)), float(f.y(lo))
    _dashed_box(raster, o0, oy, o1 - o0, o1 - o0, _colour("orange"))
    ticks = _auto_ticks(edge_lo, edge_hi, f.w, raster)
    f.xaxis(raster, ticks, label="column coordinate")
    f.yaxis(raster, _auto_ticks(edge_lo, edge_hi, f.h, raster, vertical=True), label="row coordinate")
    raster.text(f"2-D: {in_size}x{in_size} -> {out_size}x{out_size}", f.x0 + f.w / 2, f.y0 - 8, 11, va="bottom")
    cc, rr = np.meshgrid(src, src)
    bad = (clamped[None, :] | clamped[:, None]).ravel()
    entries = [("o", _colour("blue"), "input centres"), ("x", _colour("orange"), "output samples")]
    if bad.any():
        entries.append(("x", _colour("purple"), "clamped to edge"))
    lx, ly = f.x0 + f.w + 0.02 * box[2] + 8, f.y0 + 12
    for n, (_, _, text) in enumerate(entries):
        raster.text(text, lx + 22, ly + n * 20, 9, ha="left")

    def markers():
        jj, ii = np.meshgrid(np.arange(in_size), np.arange(in_size))
        _line(raster, f.x(jj.ravel()), f.y(ii.ravel()), marker="o", color=_colour("blue"),
              markersize=9 if in_size <= 5 else 6, alpha=0.8, linestyle="none")
        _line(raster, f.x(cc.ravel()[~bad]), f.y(rr.ravel()[~bad]), marker="x", color=_colour("orange"),
              markersize=6, mew=2, linestyle="none")
        if bad.any():
            _line(raster, f.x(cc.ravel()[bad]), f.y(rr.ravel()[bad]), marker="x", color=_colour("purple"),
                  markersize=6, mew=2, linestyle="none")
        for n, (marker, colour, _) in enumerate(entries):
            _line(raster, [lx + 8], [ly + n * 20], marker=marker, color=colour, markersize=9 if marker == "o" else 6,
                  mew=2 if marker == "x" else 1, alpha=0.8 if marker == "o" else 1, linestyle="none")

    return f, markers


def _dashed_box(raster, x0: float, y0: float, w: float, h: float, colour, dash: int = 8, gap: int = 4,
                thickness: int = 2) -> None:
    """A dashed rectangle outline (``dash`` pixels on, ``gap`` off)."""
    x0, y0, w, h = int(round(x0)), int(round(y0)), int(round(w)), int(round(h))
    for d in range(0, w, dash + gap):
        raster.fill(x0 + d, y0, min(dash, w - d), thickness, colour)
        raster.fill(x0 + d, y0 + h - thickness, min(dash, w - d), thickness, colour)
    for d in range(0, h, dash + gap):
        raster.fill(x0, y0 + d, thickness, min(dash, h - d), colour)
        raster.fill(x0 + w - thickness, y0 + d, thickness, min(dash, h - d), colour)


def draw_sampling(fig, mode: str = "half_pixel", in_size: int = 3, out_size: int = 6) -> dict:
    """The widget's picture: the 1-D axis on top; the 2-D sampling points and the weight matrix below.

    The pictures of :func:`draw_sampling_axis`, :func:`draw_sampling_2d` and the weight matrix
    (:func:`helpers.style.show_grid`'s look) are painted as one image (:class:`helpers.widgets.Raster`)
    with the markers as a few figure-level artists, so a redraw takes milliseconds. Returns the
    :func:`helpers.resize.sampling_grid` dict with ``"title"`` (the top panel's title), ``"matrix"`` (the weights) and
    ``"layout"`` (the matrix's pixel box and cell size, and the painted ``"pixels"``) added.
    """
    from ..widgets import Raster, paint_grid

    raster = Raster(fig)
    W, H = raster.width, raster.height

    def box(left, bottom, width, height):   # a figure-fraction rectangle in raster pixels
        return left * W, (1 - bottom - height) * H, width * W, height * H

    # the boxes where constrained layout put the three axes in the 10 x 7 inch widget figure
    g = _paint_sampling_axis(raster, box(0.087, 0.674, 0.909, 0.291), in_size, out_size, mode)
    _, markers = _paint_sampling_2d(raster, box(0.087, 0.071, 0.377, 0.495), in_size, out_size, mode)
    M = interpolation_matrix(in_size, out_size, coordinate_mode=mode)
    mx, my, mw, mh = box(0.618, 0.071, 0.377, 0.495)
    cell = int(min(mw / in_size, mh / out_size))    # square cells filling the box, as imshow does
    x0, y0 = int(mx + (mw - cell * in_size) / 2), int(my + (mh - cell * out_size) / 2)
    grid = paint_grid(raster, M, x0, y0, cell, title="1-D weights", vmin=0, vmax=1, fontsize=8,
                      annotate=in_size * out_size <= 48)
    raster.text("input pixel j", x0 + cell * in_size / 2, grid["y1"] + 24, 11, va="top")
    _vtext(raster, "output pixel i", x0 - 30, y0 + cell * out_size / 2, 11)
    _show(raster)
    f = g.pop("frame")
    _line(raster, f.x(np.arange(in_size)), np.full(in_size, f.y(1.3 + 0.3)), marker="o", color=_colour("blue"),
          markersize=5, linestyle="none")
    _line(raster, f.x(g["source"]), np.full(out_size, f.y(0.3)), marker="o", color="black", markersize=4,
          linestyle="none")
    _segments(raster, [((f.x(s), f.y(0.3)), (f.x(s), f.y(1.6))) for s in g["source"]], colors="0.25",
              linestyles=":", linewidths=1.2)
    markers()
    g["matrix"] = M
    g["layout"] = {"matrix": {**grid, "cell": cell}, "pixels": raster.pixels}
    return g


def draw_mode_comparison(fig, in_size: int = 3, out_size: int = 6, modes=MODES) -> list:
    """One :func:`draw_sampling_axis` per mode, stacked, for the same sizes; returns the grid dicts."""
    axes = fig.subplots(len(modes), 1, sharex=True)
    axes = np.atleast_1d(axes)
    out = [draw_sampling_axis(ax, in_size, out_size, mode) for ax, mode in zip(axes, modes)]
    for ax in axes[:-1]:
        ax.set_xlabel("")
    return out


def _up_and_down_titles(in_size: int, out_size: int, modes=("half_pixel", "align_corners", "asymmetric")) -> dict:
    """The panel titles of :func:`draw_up_and_down`: what each mode does to the grid, in words and numbers.

    ``half_pixel``: the output grid covers the input exactly. ``align_corners``: its pixel width
    ``(in - 1)/(out - 1)`` against the size ratio ``in/out``. ``asymmetric``: how far its samples sit
    from ``half_pixel``'s, ``(1 - in/out)/2`` input pixels, and so which way the content moves.
    """
    titles = {}
    ratio = in_size / out_size
    for mode in modes:
        g = sampling_grid(in_size, out_size, mode)
        head = f"{mode}, {in_size} -> {out_size}\n"
        if mode == "align_corners":
            more = "magnified more" if out_size > in_size else "shrunk more"
            titles[mode] = head + f"pixels {g['width']:.3g} wide, not {ratio:.3g}: {more}"
        elif mode == "asymmetric":
            d = float(g["source"][0] - sampling_grid(in_size, out_size, "half_pixel")["source"][0])
            way = "left / up" if d > 0 else "right / down"
            titles[mode] = head + f"samples {d:+.3g} from half_pixel: content moves {way}"
        else:
            titles[mode] = head + "the grids cover the same extent"
    return titles


def draw_up_and_down(fig, up=(3, 6), down=(6, 3), modes=("half_pixel", "align_corners", "asymmetric")) -> list:
    """:func:`draw_sampling_axis` for each mode (rows), upsampling on the left and downsampling on the right.

    Each panel's title (:func:`_up_and_down_titles`) states what the picture shows: ``align_corners``
    pixels narrower than ``in/out`` when upsampling and wider when downsampling, and ``asymmetric``
    samples displaced by ``(1 - in/out)/2`` input pixels, to the right when upsampling and to the left
    when downsampling. Returns the grid dicts, row by row.
    """
    axes = np.atleast_2d(fig.subplots(len(modes), 2, sharex="col"))
    out = []
    for col, (n_in, n_out) in enumerate((up, down)):
        titles = _up_and_down_titles(n_in, n_out, modes)
        for row, mode in enumerate(modes):
            ax = axes[row, col]
            out.append(draw_sampling_axis(ax, n_in, n_out, mode, title=titles[mode]))
            ax.title.set_fontsize(9.5)
            if row < len(modes) - 1:
                ax.set_xlabel("")
            else:
                ax.set_xlabel("input coordinate (pixel j centred on j)")
        grids = out[-len(modes):]   # one x range per column: every panel's grid fits
        lo = min(min(g["extent"][0], g["input_extent"][0]) for g in grids)
        hi = max(max(g["extent"][1], g["input_extent"][1]) for g in grids)
        axes[0, col].set_xlim(lo - 0.15, hi + 0.15)
    return out


# ------------------------------------------------------------------------------------ widgets


def four_neighbour_widget():
    """Sliders for the offsets ``a`` and ``b`` over :func:`draw_four_neighbours`."""
    import ipywidgets as W

    from ..widgets import interactive_figure

    controls = {
        "a": W.FloatSlider(value=0.3, min=0.0, max=1.0, step=0.05, description="a (column)"),
        "b": W.FloatSlider(value=0.6, min=0.0, max=1.0, step=0.05, description="b (row)"),
    }
    return interactive_figure(draw_four_neighbours, controls, figsize=(8.5, 4.2))


def sampling_widget():
    """Controls for the coordinate mode, input size and output size over :func:`draw_sampling`."""
    import ipywidgets as W

    from ..widgets import interactive_figure

    style = {"description_width": "initial"}
    controls = {
        "mode": W.Dropdown(options=list(MODES), value="half_pixel", description="mode", style=style),
        "in_size": W.IntSlider(value=3, min=1, max=8, description="input size", style=style),
        "out_size": W.IntSlider(value=6, min=1, max=10, description="output size", style=style),
    }
    return interactive_figure(draw_sampling, controls, figsize=(10, 7))
