"""Lesson 11 widget and figures: the receptive field of a stack of dilated convolutions, and its holes.

A stack of ``k`` x ``k`` convolutions with dilations ``d1, d2, ...`` (and a stride on the first layer) is
described per axis by :mod:`helpers.receptive`: the receptive-field size after each layer, and the
*influence* of every input pixel of the field on one output pixel (how many paths through the stack
connect them; the input gradient when all weights are 1). In 2-D the influence map is the outer product
of the 1-D one with itself; its zeros are the holes of the gridding artifact.

:func:`helpers.receptive.describe_stack` computes everything as plain numbers; :func:`draw_influence`
draws one map on an axes (the lesson's gridding figure), :func:`draw_stack` the widget's picture (map +
growth of the field per layer, painted as one image) and :func:`receptive_field_widget` puts controls
on it. Only NumPy, matplotlib and ipywidgets are imported.
"""

from __future__ import annotations

import numpy as np

from ..receptive import describe_stack
from ..style import PALETTE

__all__ = ["draw_influence", "draw_stack", "receptive_field_widget"]

HOLE = (1.0, 1.0, 1.0)
"""Colour of an input pixel with no path to the output pixel (a hole)."""


def _influence_rgb(influence_map) -> np.ndarray:
    """An (H, W) influence map as an (H, W, 3) image: cividis by count (log scale), holes white.

    Examples
    --------
    >>> _influence_rgb(np.array([[0, 1], [2, 4]]))[0, 0].tolist()
    [1.0, 1.0, 1.0]
    """
    import matplotlib as mpl

    m = np.asarray(influence_map, dtype=float)
    rgb = np.empty((*m.shape, 3))
    positive = m > 0
    top = np.log(m.max()) if m.max() > 1 else 1.0
    shade = np.where(positive, np.log(np.where(positive, m, 1.0)) / top, 0.0)
    rgb[...] = mpl.colormaps["cividis"](0.15 + 0.85 * shade)[..., :3]
    rgb[~positive] = HOLE
    return rgb


def draw_influence(ax, influence_map, title: str | None = None):
    """Draw one influence map on ``ax``: one image, the centre pixel outlined, a thin frame around the field."""
    from matplotlib.patches import Rectangle

    m = np.asarray(influence_map)
    n = m.shape[0]
    ax.imshow(_influence_rgb(m), interpolation="nearest")
    if n <= 41:                               # cell borders: two line collections, cheap
        edges = np.arange(0.5, n - 1, 1)
        ax.vlines(edges, -0.5, n - 0.5, colors="white", linewidth=0.6)
        ax.hlines(edges, -0.5, n - 0.5, colors="white", linewidth=0.6)
    c = (n - 1) / 2
    ax.add_patch(Rectangle((c - 0.5, c - 0.5), 1, 1, fill=False, edgecolor=PALETTE["vermillion"], linewidth=2,
                           zorder=3))
    ax.add_patch(Rectangle((-0.5, -0.5), n, n, fill=False, edgecolor="0.4", linewidth=1))
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    if title:
        ax.set_title(title, fontsize=10)


def _paint_influence(cv, influence_map, x0: int, y0: int, side: int) -> None:
    """:func:`draw_influence` painted into the :class:`helpers.widgets.Raster` ``cv``: the map as a
    ``side`` x ``side`` pixel square (nearest neighbour, like ``imshow``), white cell borders up to 41
    cells a side, the centre pixel outlined in vermillion and a thin grey frame."""
    m = np.asarray(influence_map)
    n = m.shape[0]
    index = np.arange(side) * n // side
    view = cv.pixels[y0:y0 + side, x0:x0 + side]
    view[...] = _influence_rgb(m)[index][:, index]
    edges = np.round(np.arange(1, n) * side / n).astype(int)
    if n <= 41:
        view[edges, :] = 1.0
        view[:, edges] = 1.0
    c = n // 2
    a, b = int(round(c * side / n)), int(round((c + 1) * side / n))
    cv.outline(x0 + a - 1, y0 + a - 1, b - a + 3, b - a + 3, PALETTE["vermillion"], 2)
    cv.outline(x0 - 1, y0 - 1, side + 2, side + 2, "0.4", 1)


def draw_stack(fig, kernel: int = 3, layers: int = 4, stride: int = 1, d1: int = 1, d2: int = 2, d3: int = 4,
               d4: int = 8) -> dict:
    """The widget's picture: the 2-D influence map of one output pixel, and the field size per layer.

    Uses the first ``layers`` of the dilations ``d1 .. d4``. The map, the axis and all text are painted
    into one image (:class:`helpers.widgets.Raster`); only the two growth curves are line artists on it.
    Returns :func:`helpers.receptive.describe_stack`'s dict, plus ``"layout"``: ``"map"`` (the map's
    ``(x0, y0, side)`` in pixels), ``"curves"`` (the plotted field sizes: every dilation 1, this stack),
    ``"labels"`` (the values written at the points), ``"titles"`` and ``"pixels"``.
    """
    from ..widgets import Raster

    rates = (d1, d2, d3, d4)[: max(1, min(4, layers))]
    g = describe_stack(kernel, rates, stride)
    cv = Raster(fig)
    W, H, pt = cv.width, cv.height, cv.px_per_pt
    R = g["sizes"][-1]
    # left: the map, a square centred in 42% x 80% of the figure (where an axes with aspect 1 puts it)
    bx0, bx1, by0, by1 = 0.02 * W, 0.44 * W, 0.15 * H, 0.95 * H
    side = int(min(bx1 - bx0, by1 - by0))
    mx, my = int(round((bx0 + bx1 - side) / 2)), int(round((by0 + by1 - side) / 2))
    _paint_influence(cv, g["map"], mx, my, side)
    titles = [f"influence on one output pixel (red)\nfield {R}x{R}, holes: {100 * g['hole_fraction']:.0f}%"]
    for m, line in enumerate(reversed(titles[0].split("\n"))):
        cv.text(line, mx + side / 2, my - 6 * pt - m * 13 * pt, 10, va="bottom")
    # right: the field size per layer, values at the points (no y axis), one tick per layer
    depth = np.arange(1, len(rates) + 1)
    gx0, gx1, gy0, gy1 = 0.53 * W, 0.98 * W, 0.18 * H, 0.90 * H     # the plot box in pixels (y down)
    top = max(g["sizes"]) * 1.2 + 1

    def px(x, y):
        return (gx0 + (np.asarray(x, float) - 0.6) / (len(rates) - 0.2) * (gx1 - gx0),
                gy1 - np.asarray(y, float) / top * (gy1 - gy0))

    cv.fill(gx0, gy1, gx1 - gx0, max(int(round(0.8 * pt)), 1), "black")         # the bottom spine
    labels = [str(v) for v in g["sizes"]]
    for x, d in zip(depth, rates):
        tx = px(x, 0)[0]
        cv.fill(tx, gy1, max(int(round(0.8 * pt)), 1), int(round(3.5 * pt)), "black")
        cv.text(f"d={d}", tx, gy1 + 5.5 * pt, 9, va="top")
    for (x, y), text in zip(zip(*px(depth, g["sizes"])), labels):
        cv.text(text, x, y - 6 * pt, 9, va="bottom")
    stride_text = f", first stride {stride}" if stride > 1 else ""
    titles.append(f"field per side after each layer, {kernel}x{kernel} kernels{stride_text}\n"
                  "solid: this stack, dashed: every dilation 1")
    for m, line in enumerate(reversed(titles[1].split("\n"))):
        cv.text(line, (gx0 + gx1) / 2, gy0 - 6 * pt - m * 13 * pt, 10, va="bottom")
    cv.show()
    ax = fig.axes[-1]
    ax.set_autoscale_on(False)
    ax.plot(*px(depth, g["plain_sizes"]), "o--", color=PALETTE["sky"], clip_on=False)
    ax.plot(*px(depth, g["sizes"]), "o-", color=PALETTE["blue"], clip_on=False)
    g["layout"] = {"map": (mx, my, side), "curves": [g["plain_sizes"], g["sizes"]], "labels": labels,
                   "titles": titles, "pixels": cv.pixels}
    return g


def receptive_field_widget():
    """Sliders for the kernel size, number of layers, first stride and four dilation rates over :func:`draw_stack`.

    The sliders of unused layers are disabled.
    """
    import ipywidgets as W

    from ..widgets import interactive_figure

    style = {"description_width": "initial"}
    controls = {
        "kernel": W.IntSlider(value=3, min=1, max=5, description="kernel size", style=style),
        "layers": W.IntSlider(value=4, min=1, max=4, description="layers", style=style),
        "stride": W.IntSlider(value=1, min=1, max=3, description="stride of layer 1", style=style),
        "d1": W.IntSlider(value=1, min=1, max=8, description="dilation 1", style=style),
        "d2": W.IntSlider(value=2, min=1, max=8, description="dilation 2", style=style),
        "d3": W.IntSlider(value=4, min=1, max=8, description="dilation 3", style=style),
        "d4": W.IntSlider(value=8, min=1, max=8, description="dilation 4", style=style),
    }

    def follow(change=None):
        for i in range(2, 5):
            controls[f"d{i}"].disabled = controls["layers"].value < i

    controls["layers"].observe(follow, names="value")
    follow()
    return interactive_figure(draw_stack, controls, figsize=(8.5, 3.8), columns=4)
