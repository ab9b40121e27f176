"""Lesson 02 widget and figures: which source pixel does each output pixel of a nearest resize copy?

The computation is :func:`helpers.resize.nearest_mapping`; the drawings (:func:`draw_mapping`,
:func:`draw_repeat_blocks`, :func:`draw_mode_comparison`, :func:`draw_nearest`) take a matplotlib figure
or axes. :func:`nearest_widget` puts sliders on :func:`draw_nearest`.
"""

from __future__ import annotations

import numpy as np

from ..resize import nearest_mapping, nearest_repeat
from ..widgets._paint import _blend, _Frame, _line, _pixel_transform, _segments, _show  # one unscaled painted image

__all__ = [
    "MODES",
    "draw_mapping",
    "draw_repeat_blocks",
    "draw_mode_comparison",
    "draw_nearest",
    "nearest_widget",
]

MODES = ("nearest", "nearest-exact")
"""The two nearest-neighbour rules of PyTorch's ``F.interpolate``."""

_CELL_COLOURS = ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow")


def _cell_colour(j: int) -> str:
    from ..style import PALETTE

    return PALETTE[_CELL_COLOURS[j % len(_CELL_COLOURS)]]


def _label_colour(j: int) -> str:
    """Black or white, whichever reads better on the colour of input pixel ``j``."""
    from matplotlib.colors import to_rgba

    from ..style import _text_colour

    return _text_colour(to_rgba(_cell_colour(j)))


def draw_mapping(ax, in_size: int, out_size: int | None = None, scale: float | None = None,
                 mode: str = "nearest", title: str | None = None) -> dict:
    """Draw the 1-D mapping of :func:`helpers.resize.nearest_mapping` on ``ax``: input row on top, output row below.

    Both rows are drawn in input-pixel units (pixels as squares): input pixel ``j`` spans ``[j, j+1]``,
    output pixel ``i`` spans ``[i*step, (i+1)*step]``. An arrow goes from each output pixel to its
    sampling position (a black dot) in the input row; the output pixel takes the colour and the
    index of the input pixel it copies. Input pixels that nothing reads are hatched. Returns the
    mapping dict.
    """
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    m = nearest_mapping(in_size, out_size=out_size, scale=scale, mode=mode)
    step, n_out = m["step"], m["out_size"]
    source, position = m["source"], m["position"]
    top, bottom, h = 1.6, 0.0, 0.6
    font = 10 if max(in_size, n_out) <= 10 else 8
    read = m["counts"] > 0
    # one collection per row keeps the redraw fast; the (few) dropped input pixels are hatched patches
    cells = [Rectangle((j, top), 1, h) for j in np.flatnonzero(read)]
    cells += [Rectangle((i * step, bottom), step, h) for i in range(n_out)]
    colours = [_cell_colour(j) for j in np.flatnonzero(read)] + [_cell_colour(j) for j in source]
    ax.add_collection(PatchCollection(cells, facecolors=colours, edgecolors="white", linewidths=1.5))
    for j in np.flatnonzero(~read):
        ax.add_patch(Rectangle((j, top), 1, h, facecolor=_cell_colour(j), edgecolor="white", linewidth=1.5,
                               alpha=0.35, hatch="//"))
    for j in range(in_size):
        ax.text(j + 0.5, top + h / 2, str(j), ha="center", va="center", fontsize=font,
                color=_label_colour(j) if read[j] else "black")
    if step >= 0.3:
        for i, src in enumerate(source):
            ax.text((i + 0.5) * step, bottom + h / 2, str(src), ha="center", va="center", fontsize=font,
                    color=_label_colour(int(src)))
    starts = (np.arange(n_out) + 0.5) * step
    ax.quiver(starts, np.full(n_out, bottom + h), position - starts, np.full(n_out, top - bottom - h - 0.04),
              angles="xy", scale_units="xy", scale=1, color="0.3", width=0.0018, headwidth=6, headlength=7)
    ax.plot(position, np.full(n_out, top), "o", color="black", markersize=3.5, zorder=5)
    right = max(in_size, n_out * step)
    ax.set_xlim(-0.05, right + 0.05)
    ax.set_ylim(-0.25, top + h + 0.1)
    ax.set_yticks([bottom + h / 2, top + h / 2], ["output", "input"])
    ax.set_xticks(range(in_size + 1))
    ax.set_xlabel("position in input pixels")
    ax.tick_params(axis="y", length=0)
    for side in ("left", "top", "right"):
        ax.spines[side].set_visible(False)
    if title is None:
        how = f"size={n_out}" if scale is None else f"scale_factor={scale:g}"
        title = f"{mode}, {in_size} -> {n_out} ({how})"
        if len(m["dropped"]):
            title += f": {len(m['dropped'])} input pixel{'s' if len(m['dropped']) > 1 else ''} never read"
    ax.set_title(title)
    return m


def draw_repeat_blocks(fig, image, factor: int = 2) -> None:
    """Intuition figure: ``image`` and its nearest upsampling by the integer ``factor``.

    Each output block of ``factor`` x ``factor`` copies of one input pixel is outlined; the centre pixel
    (or the pixel at ``(H//2, W//2)``) and its block are outlined in vermillion and joined by an arrow.
    """
    from matplotlib.patches import ConnectionPatch, Rectangle

    from .._validate import as_float_array, check_int
    from ..style import PALETTE, show_grid

    image = as_float_array(image, "image", ndim=2)
    factor = check_int(factor, "factor", min_value=1, max_value=6)
    h, w = image.shape
    big = nearest_repeat(image, factor)
    axes = fig.subplots(1, 2, gridspec_kw={"width_ratios": [w, w * factor]})
    lo, hi = float(image.min()), float(image.max())
    show_grid(axes[0], image, title="input", vmin=lo, vmax=hi)
    show_grid(axes[1], big, title=f"nearest x{factor}", vmin=lo, vmax=hi)
    for r in range(h):
        for c in range(w):
            axes[1].add_patch(Rectangle((c * factor - 0.5, r * factor - 0.5), factor, factor, fill=False,
                                        edgecolor="black", linewidth=1.5))
    r, c = h // 2, w // 2
    red = PALETTE["vermillion"]
    axes[0].add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor=red, linewidth=3))
    axes[1].add_patch(Rectangle((c * factor - 0.5, r * factor - 0.5), factor, factor, fill=False,
                                edgecolor=red, linewidth=3))
    fig.add_artist(ConnectionPatch(xyA=(c + 0.5, r), coordsA=axes[0].transData,
                                   xyB=(c * factor - 0.5, r * factor + (factor - 1) / 2),
                                   coordsB=axes[1].transData, arrowstyle="->", color=red, linewidth=2))
    axes[0].set_xlabel("column")
    axes[0].set_ylabel("row")
    axes[1].set_xlabel("column")


def draw_mode_comparison(fig, in_size: int, out_size: int) -> list:
    """Two mapping diagrams, ``nearest`` above ``nearest-exact``, for the same sizes; returns both dicts."""
    axes = fig.subplots(2, 1)
    return [draw_mapping(ax, in_size, out_size=out_size, mode=mode) for ax, mode in zip(axes, MODES)]


def draw_nearest(fig, in_size: int = 5, by: str = "size", out_size: int = 7, scale: float = 1.5,
                 mode: str = "nearest") -> dict:
    """The widget's picture: the 1-D mapping on top, a square ``in_size`` image and its resize below.

    ``by`` is ``"size"`` (use ``out_size``) or ``"scale_factor"`` (use ``scale``). The 2-D image holds
    1, 2, ... in reading order and is resized by the same rule along both axes. Returns the
    :func:`helpers.resize.nearest_mapping` dict with ``"title"`` (the mapping diagram's), ``"images"`` (``"input"``,
    ``"output"``) and ``"layout"`` (each grid's pixel box and cell size, and the painted ``"pixels"``)
    added.
    """
    from .._validate import check_choice
    from ..widgets import Raster, paint_grid

    by = check_choice(by, "by", ("size", "scale_factor"))
    kwargs = {"out_size": out_size} if by == "size" else {"scale": round(float(scale), 4)}
    m = nearest_mapping(in_size, mode=mode, **kwargs)   # validates before anything is drawn
    image = np.arange(1, in_size * in_size + 1, dtype=float).reshape(in_size, in_size)
    src = m["source"]
    resized = image[np.ix_(src, src)]
    vmax = float(image.max())
    # Painted as one image (helpers.widgets.paint_grid for the grids: show_grid's look; the mapping
    # diagram of draw_mapping above them), in a few milliseconds instead of a Text artist per value and tick.
    raster = Raster(fig)
    boxes = {}
    for (fx, fy, fw, fh), a, title in [((0.06, 0.035, 0.463, 0.493), image, "input"),
                                       ((0.533, 0.035, 0.463, 0.493), resized, "output")]:
        x0, w = fx * raster.width, fw * raster.width
        y1 = (1 - fy) * raster.height - 22            # room for the column numbers below
        side = min(w - 30, fh * raster.height - 50)   # room for the row numbers and the title
        cell = max(int(side // a.shape[0]), 1)
        left = int(x0 + 20 + (w - 20 - cell * a.shape[1]) / 2)
        top = int(y1 - cell * a.shape[0])
        boxes[title] = {**paint_grid(raster, a, left, top, cell, title=title, vmin=1, vmax=vmax), "cell": cell}
    W, H = raster.width, raster.height
    how = f"size={m['out_size']}" if by == "size" else f"scale_factor={kwargs['scale']:g}"
    # the mapping diagram on top, where constrained layout put its axes in the 10 x 7 inch widget figure
    title, arrows = _paint_mapping(raster, (0.06 * W, (1 - 0.963) * H, 0.936 * W, 0.328 * H), m, in_size, mode, how)
    _show(raster)
    arrows()
    m["title"] = title
    m["images"] = {"input": image, "output": resized}
    m["layout"] = {**boxes, "pixels": raster.pixels}
    return m


def _paint_mapping(raster, box, m: dict, in_size: int, mode: str, how: str) -> tuple:
    """:func:`draw_mapping`'s picture painted into ``raster`` in the pixel ``box`` (x0, y0, w, h).

    Returns the title and a function that adds the arrows and dots (they go over the painted picture).
    """
    from ..widgets import glyph

    step, n_out = m["step"], m["out_size"]
    source, position = m["source"], m["position"]
    top, bottom, h = 1.6, 0.0, 0.6
    font = 10 if max(in_size, n_out) <= 10 else 8
    read = m["counts"] > 0
    right = max(in_size, n_out * step)
    f = _Frame(*box, (-0.05, right + 0.05), (-0.25, top + h + 0.1))
    y_in, y_out = f.y(top + h), f.y(bottom + h)
    rows = [(j, j + 1, y_in, j) for j in range(in_size)] + [(i * step, (i + 1) * step, y_out, int(s))
                                                            for i, s in enumerate(source)]
    for x0, x1, y, j in rows:   # cells with a 1.5-point white edge
        px0, px1 = round(float(f.x(x0))) + 1, round(float(f.x(x1))) - 1
        raster.fill(px0, round(float(y)), px1 - px0, round(h * f.h / (f.ylim[1] - f.ylim[0])), _cell_colour(j))
    cell_h = round(h * f.h / (f.ylim[1] - f.ylim[0]))
    for j in np.flatnonzero(~read):   # never read: faded and hatched
        px0, px1, py = round(float(f.x(j))) + 1, round(float(f.x(j + 1))) - 1, round(float(y_in))
        raster.fill(px0, py, px1 - px0, cell_h, "white")
        _blend(raster, px0, py, px1 - px0, cell_h, _cell_colour(j), 0.35)
        yy, xx = np.mgrid[0:cell_h, 0:px1 - px0]
        view = raster.pixels[py:py + cell_h, px0:px1]
        view[(xx + yy) % 12 == 0] = view[(xx + yy) % 12 == 0] * 0.4 + 0.6
    for j in range(in_size):
        raster.text(str(j), f.x(j + 0.5), f.y(top + h / 2), font, _label_colour(j) if read[j] else "black")
    if step >= 0.3:
        for i, src in enumerate(source):
            raster.text(str(src), f.x((i + 0.5) * step), f.y(bottom + h / 2), font, _label_colour(int(src)))
    for text, y in (("output", bottom), ("input", top)):   # kept inside the picture
        x = max(f.x0 - 5, glyph(text, 11 * raster.px_per_pt).shape[1] + 2)
        raster.text(text, x, f.y(y + h / 2), 11, ha="right")
    f.xaxis(raster, list(range(in_size + 1)), label="position in input pixels")
    title = f"{mode}, {in_size} -> {n_out} ({how})"
    if len(m["dropped"]):
        title += f": {len(m['dropped'])} input pixel{'s' if len(m['dropped']) > 1 else ''} never read"
    raster.text(title, f.x0 + f.w / 2, f.y0 - 6, 12, va="bottom")

    def arrows():
        from matplotlib.collections import PolyCollection

        starts = np.stack([f.x((np.arange(n_out) + 0.5) * step), np.full(n_out, float(y_out))], axis=1)
        tips = np.stack([f.x(position), np.full(n_out, float(f.y(top - 0.04)))], axis=1)
        d = tips - starts
        d /= np.hypot(d[:, :1], d[:, 1:])
        n = np.stack([-d[:, 1], d[:, 0]], axis=1)
        heads = np.stack([tips, tips - 12 * d + 5 * n, tips - 7.5 * d, tips - 12 * d - 5 * n], axis=1)
        _segments(raster, np.stack([starts, tips - 7.5 * d], axis=1), colors="0.3", linewidths=1.3)
        heads[..., 1] = raster.height - heads[..., 1]
        raster.fig.add_artist(PolyCollection(heads, facecolors="0.3", edgecolors="none",
                                             transform=_pixel_transform(raster.fig)))
        _line(raster, f.x(position), np.full(n_out, float(f.y(top))), marker="o", color="black", markersize=3.5,
              linestyle="none", zorder=5)

    return title, arrows




# ------------------------------------------------------------------------------------ widgets


def nearest_widget():
    """Controls over :func:`draw_nearest`: input size, size or scale factor, output size, scale, mode."""
    import ipywidgets as W

    from ..widgets import interactive_figure

    style = {"description_width": "initial"}
    controls = {
        "in_size": W.IntSlider(value=5, min=2, max=8, description="input size", style=style),
        "by": W.Dropdown(options=["size", "scale_factor"], value="size", description="give", style=style),
        "mode": W.Dropdown(options=list(MODES), value="nearest", description="mode", style=style),
        "out_size": W.IntSlider(value=7, min=1, max=16, description="size", style=style),
        "scale": W.FloatSlider(value=1.5, min=0.5, max=2.5, step=0.05, description="scale_factor",
                               style=style),
    }
    return interactive_figure(draw_nearest, controls, figsize=(10, 7))
