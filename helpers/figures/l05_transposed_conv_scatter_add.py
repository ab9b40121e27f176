"""Lesson 05 widget and figures: a transposed convolution as a scatter-add, one input element at a time.

A single-channel transposed convolution at stride ``s`` (no padding) takes every input element
``X[i, j]``, multiplies the whole kernel ``K`` by it, and *adds* the product into the output window whose
top-left corner is ``(i*s, j*s)``. Each element's contribution is a **partial output**: an output-sized
array that is zero outside its window. The result is the sum of the partial outputs.

:func:`helpers.conv.scatter_add_steps` computes every partial output and window as plain arrays;
:func:`draw_partials` draws the partial outputs joined by "+" and "=" (the lesson's figure) and
:func:`draw_step` the widget's picture, which :func:`scatter_step_widget` puts sliders on.
"""

from __future__ import annotations

import numpy as np

from ..conv import scatter_add_steps

__all__ = [
    "draw_partials",
    "draw_step",
    "scatter_step_widget",
]


def _example_arrays(n: int, k: int):
    """The widget's input and kernel: ``X = 0, 1, ..., n*n - 1`` (n x n) and ``K = 0, 1, ..., k*k - 1``
    (k x k), except ``K = [[1]]`` for ``k = 1`` (a kernel of one zero would write nothing but zeros).

    ``n = k = 2`` gives d2l's example ``X = K = [[0, 1], [2, 3]]``.

    Examples
    --------
    >>> X, K = _example_arrays(2, 2)
    >>> K
    array([[0., 1.],
           [2., 3.]])
    """
    from .._validate import check_int

    n = check_int(n, "n", min_value=1, max_value=6)
    k = check_int(k, "k", min_value=1, max_value=6)
    K = np.arange(k * k, dtype=float).reshape(k, k) if k > 1 else np.ones((1, 1))
    return np.arange(n * n, dtype=float).reshape(n, n), K


def _window_cells(corner, kernel_shape) -> list:
    """The ``(row, col)`` cells of the window with top-left ``corner`` and the kernel's shape."""
    r0, c0 = corner
    kh, kw = kernel_shape
    return [(r0 + a, c0 + b) for a in range(kh) for b in range(kw)]


def _step_state(n: int = 2, k: int = 2, stride: int = 1, element: int = 0) -> dict:
    """The scatter-add of :func:`_example_arrays` ``(n, k)`` after input elements ``0..element``.

    ``element`` is the flattened (row-major) index of the current input element; it is clamped to
    ``0 .. n*n - 1``.

    Returns
    -------
    dict
        ``"X"``, ``"K"``, ``"stride"``; ``"t"`` (the clamped element index) and ``"count"`` (``n*n``);
        ``"position"``: ``(i, j)`` of element ``t``; ``"corner"``: its window's top-left ``(i*s, j*s)``;
        ``"cells"``: the window's cells; ``"partial"``: its partial output; ``"running"``: the sum of the
        partials of elements ``0..t``; ``"result"``: the sum of all of them; ``"shape"``.
    """
    from .._validate import check_int

    X, K = _example_arrays(n, k)
    stride = check_int(stride, "stride", min_value=1, max_value=6)
    element = check_int(element, "element")
    steps = scatter_add_steps(X, K, stride)
    t = int(np.clip(element, 0, X.size - 1))
    return {
        "X": X,
        "K": K,
        "stride": stride,
        "t": t,
        "count": X.size,
        "position": steps["positions"][t],
        "corner": steps["corners"][t],
        "cells": _window_cells(steps["corners"][t], K.shape),
        "partial": steps["partials"][t],
        "running": steps["partials"][: t + 1].sum(axis=0),
        "result": steps["result"],
        "shape": steps["shape"],
    }


def _panel_axes(fig, widths, gap: float = 1.2):
    """Axes for panels of the given widths (in cells) with narrow operator columns between them.

    Returns ``(panels, gaps)``: one axes per panel, one (hidden) axes per gap.
    """
    ratios = []
    for n, width in enumerate(widths):
        if n:
            ratios.append(gap)
        ratios.append(width)
    grid = fig.add_gridspec(1, len(ratios), width_ratios=ratios)
    axes = [fig.add_subplot(grid[0, c]) for c in range(len(ratios))]
    panels, gaps = axes[::2], axes[1::2]
    for ax in gaps:
        ax.set_axis_off()
    return panels, gaps


def _operator(ax, symbol: str) -> None:
    ax.text(0.5, 0.5, symbol, ha="center", va="center", fontsize=20, transform=ax.transAxes)


def draw_partials(fig, X, K, stride: int = 1, max_panels: int = 9) -> dict:
    """Draw every input element's partial output, joined by "+", then "=" and the result.

    Each partial output is the full output-sized grid: ``X[i, j] * K`` inside the window that element
    writes (outlined), zeros elsewhere. All panels share one colour scale.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    X, K, stride
        As in :func:`helpers.conv.scatter_add_steps`.
    max_panels : int
        Largest number of partial panels (a larger input raises ValueError: the figure would be unreadable).

    Returns
    -------
    dict
        The :func:`helpers.conv.scatter_add_steps` dict.
    """
    from ..style import show_grid

    steps = scatter_add_steps(X, K, stride)
    n = len(steps["positions"])
    if n > max_panels:
        raise ValueError(f"X has {n} elements: at most max_panels = {max_panels} partial outputs are drawn")
    K = np.asarray(K, dtype=float)
    shown = [*steps["partials"], steps["result"]]
    lo, hi = min(0.0, min(float(a.min()) for a in shown)), max(float(a.max()) for a in shown)
    panels, gaps = _panel_axes(fig, [steps["shape"][1]] * (n + 1))
    for ax, partial, (i, j), corner in zip(panels, steps["partials"], steps["positions"], steps["corners"]):
        value = np.asarray(X, dtype=float)[i, j]
        show_grid(ax, partial, vmin=lo, vmax=hi, highlight=_window_cells(corner, K.shape))
        ax.set_title(f"X[{i},{j}]·K = {_number(value)}·K\nat ({corner[0]}, {corner[1]})", fontsize=11)
    show_grid(panels[-1], steps["result"], vmin=lo, vmax=hi)
    panels[-1].set_title(f"Y (stride {stride})\n{steps['shape'][0]}x{steps['shape'][1]}", fontsize=11)
    for ax in gaps[:-1]:
        _operator(ax, "+")
    _operator(gaps[-1], "=")
    return steps


def _number(v: float) -> str:
    from ..style import format_value

    return format_value(v)


def _ink_for(rgb) -> str:
    """Black text on light cells, white on dark ones (as :func:`helpers.style.show_grid` does)."""
    return "black" if 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] > 0.5 else "white"


FIGSIZE = (11, 4.2)
"""The widget's figure size in inches."""

BLANK = 0.93
"""Grey level of cells that hold nothing yet (running sum) or a zero outside the window (partial output)."""


def draw_step(fig, n: int = 2, k: int = 2, stride: int = 1, element: int = 3) -> dict:
    """The widget's picture: input (current element outlined), kernel, its partial output, running sum.

    Parameters are those of :func:`_step_state`. Input elements still to come are faded. The partial
    output shows only the window the current element writes (the rest of it is zero, drawn blank); the
    running sum shows the cells written so far and leaves the cells no element has reached yet blank.
    Both outline the current window and share the colour scale of the final result (cividis). The whole
    picture, text included, is painted into one image, so a redraw stays fast.

    Returns
    -------
    dict
        The :func:`_step_state` dict, plus ``"written"``: boolean (H_out, W_out), the cells written by
        elements ``0..t``, and ``"layout"``: ``"cell"`` (pixels per cell), the top-left pixel corners
        ``"X"``, ``"K"``, ``"partial"``, ``"running"`` and ``"pixels"`` (the painted RGB array).
    """
    import matplotlib as mpl

    from ..style import PALETTE, SEQUENTIAL, format_value
    from ..widgets import Raster, glyph

    st = _step_state(n, k, stride, element)
    X, K = st["X"], st["K"]
    i, j = st["position"]
    t, count, s = st["t"], st["count"], st["stride"]
    ho, wo = st["shape"]
    kh, kw = K.shape
    written = np.zeros(st["shape"], dtype=bool)
    for q in range(t + 1):
        r0, c0 = q // X.shape[1] * s, q % X.shape[1] * s
        written[r0:r0 + kh, c0:c0 + kw] = True
    st["written"] = written

    cv = Raster(fig)
    scale, pt = fig.dpi / 100, cv.px_per_pt     # sizes below are in pixels; Raster.text takes points
    cmap = mpl.colormaps[SEQUENTIAL]
    hi = max(float(st["result"].max()), 1.0)

    def colours(a, vmax):
        return cmap(np.clip(a / vmax, 0, 1))[..., :3]

    # geometry: four grids in a row, operator symbols between them, two title lines above each;
    # each slot is as wide as its grid or its title, whichever is wider
    r0, c0 = st["corner"]
    last = " = Y" if t == count - 1 else ""
    titles = {
        "X": ["input X", f"t={t}: X[{i},{j}] = {format_value(X[i, j])}"],
        "K": ["kernel K", f"{kh}x{kw}"],
        "partial": [f"X[{i},{j}]·K, written at", f"({i}·{s}, {j}·{s}) = ({r0}, {c0}); 0 elsewhere"],
        "running": [f"running sum, elements 0..{t}{last}", f"{t + 1} of {count} added; output {ho}x{wo}"],
    }
    title_px = 12.5 * scale
    names = ("X", "K", "partial", "running")
    widths = dict(zip(names, [X.shape[1], kw, wo, wo]))
    title_w = {name: max(glyph(line, title_px).shape[1] for line in titles[name]) for name in names}
    margin, gap, top = int(14 * scale), int(46 * scale), int(58 * scale)
    cell = int(min(64 * scale, (cv.height - top - 2 * margin) / max(ho, X.shape[0])))
    while cell > 6 and sum(max(widths[m] * cell, title_w[m]) for m in names) + 3 * gap + 2 * margin > cv.width:
        cell -= 1
    at, slots, x = {}, {}, margin
    for name in names:
        slot = max(widths[name] * cell, title_w[name])
        at[name] = (int(x + (slot - widths[name] * cell) / 2), top)
        slots[name] = (x, x + slot)
        x += slot + gap
    label_px = min(14 * scale, cell / (0.62 * 3 + 0.6))

    def grid(name, a, rgb, shown):
        x0, y0 = at[name]
        cv.cells(rgb, x0, y0, cell)
        if label_px >= 7:
            for r, c in shown:
                cv.text(format_value(a[r, c]), x0 + (c + 0.5) * cell, y0 + (r + 0.5) * cell, label_px / pt,
                        _ink_for(rgb[r, c]))

    def title(name, lines):
        x0, y0 = at[name]
        for m, line in enumerate(reversed(lines)):
            cv.text(line, sum(slots[name]) / 2, y0 - 6 * scale - m * 1.35 * title_px, title_px / pt, va="bottom")

    everything = [(r, c) for r in range(ho) for c in range(wo)]
    # the input: elements still to come faded, the current one outlined
    rgb = colours(X, max(float(X.max()), 1.0))
    later = np.arange(X.size).reshape(X.shape) > t
    rgb[later] = 0.35 * rgb[later] + 0.65
    grid("X", X, rgb, [(r, c) for r in range(X.shape[0]) for c in range(X.shape[1])])
    x0, y0 = at["X"]
    cv.outline(x0 + j * cell, y0 + i * cell, cell + 1, cell + 1, PALETTE["vermillion"], 3)
    title("X", titles["X"])
    # the kernel
    grid("K", K, colours(K, max(float(K.max()), 1.0)), [(a, b) for a in range(kh) for b in range(kw)])
    title("K", titles["K"])
    # the partial output: the window only
    rgb = np.full((ho, wo, 3), BLANK)
    rgb[r0:r0 + kh, c0:c0 + kw] = colours(st["partial"][r0:r0 + kh, c0:c0 + kw], hi)
    grid("partial", st["partial"], rgb, st["cells"])
    title("partial", titles["partial"])
    # the running sum: written cells only
    rgb = colours(st["running"], hi)
    rgb[~written] = BLANK
    grid("running", st["running"], rgb, [rc for rc in everything if written[rc]])
    title("running", titles["running"])
    for name in ("partial", "running"):
        x0, y0 = at[name]
        cv.outline(x0 + c0 * cell, y0 + r0 * cell, kw * cell + 1, kh * cell + 1, PALETTE["vermillion"], 3)
    # operators, centred in the gaps at mid-height of the tallest grid
    mid = top + max(ho, X.shape[0]) * cell / 2
    for name, nxt, symbol in zip(names, names[1:], ("×", "→", "+=")):
        cv.text(symbol, (at[name][0] + widths[name] * cell + at[nxt][0]) / 2, mid, 22 * scale / pt)
    cv.show()
    st["layout"] = {"cell": cell, **at, "pixels": cv.pixels}
    return st


def scatter_step_widget():
    """Sliders for the input size, kernel size, stride and the current input element over :func:`draw_step`."""
    import ipywidgets as W

    from ..widgets import interactive_figure

    style = {"description_width": "initial"}
    controls = {
        "n": W.IntSlider(value=2, min=2, max=4, description="input n x n", style=style),
        "k": W.IntSlider(value=2, min=1, max=3, description="kernel k x k", style=style),
        "stride": W.IntSlider(value=1, min=1, max=3, description="stride s", style=style),
        "element": W.IntSlider(value=0, min=0, max=3, description="element t (row-major)", style=style),
    }

    def resize(change):  # the element slider covers 0 .. n*n - 1
        controls["element"].max = change["new"] ** 2 - 1

    controls["n"].observe(resize, names="value")
    return interactive_figure(draw_step, controls, figsize=FIGSIZE, columns=4)
