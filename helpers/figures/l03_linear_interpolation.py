"""Lesson 03 widget and figures: linear interpolation between two neighbours, its weights and its borders.

The computation is :func:`helpers.resize.linear_query` (and :func:`helpers.resize.sampling_grid`); the
drawings take a matplotlib figure or axes:

- :func:`draw_query`: the signal, its piecewise-linear interpolant, the query point, its two neighbours
  and the two weights as bars (the widget's picture; :func:`query_widget` puts controls on it);
- :func:`draw_positions`: where the output samples of a 1-D resize sit on the input's axis, for either
  ``align_corners`` value, with the clamped ones marked;
- :func:`draw_signals`: a few resampled versions of one signal over its input samples (the Fourier
  sidebar). The arrays are computed by the caller: this module imports no SciPy, torch or TensorFlow.
"""

from __future__ import annotations

import numpy as np

from ..resize import linear_query, sampling_grid
from ..widgets._paint import _auto_ticks, _Frame, _line, _show  # one unscaled painted image

__all__ = [
    "SIGNALS",
    "draw_query",
    "draw_positions",
    "draw_signals",
    "query_widget",
]

SIGNALS = {
    "zigzag": (1.0, 4.0, 2.0, 5.0, 3.0, 3.5),
    "ramp": (0.0, 1.0, 2.0, 3.0, 4.0, 5.0),
    "step": (0.0, 0.0, 0.0, 4.0, 4.0, 4.0),
    "spike": (0.0, 0.0, 4.0, 0.0, 0.0, 0.0),
}
"""Small signals (6 samples each) the widget can show."""


def _signal(signal):
    """A named signal of :data:`SIGNALS`, or ``signal`` itself (:func:`helpers.resize.linear_query` checks it)."""
    from .._validate import check_choice

    if isinstance(signal, str):
        return SIGNALS[check_choice(signal, "signal", tuple(SIGNALS))]
    return signal


def draw_query(fig, x: float = 2.3, signal="zigzag", swap: bool = False) -> dict:
    """The widget's picture: the signal and its interpolant (left) and the two weights (right).

    Left: samples as stems, the piecewise-linear interpolant through them (flat outside
    ``[0, n - 1]``, where positions are clamped; that region is shaded), the query position, its two
    neighbours ``x0`` and ``x1`` (vermillion and blue) and the interpolated value (black diamond). With
    ``swap`` the buggy value is drawn as a hollow vermillion diamond as well. Right: bars of the weights
    ``1 - alpha`` of ``f[x0]`` and ``alpha`` of ``f[x1]``. Painted as one image
    (:class:`helpers.widgets.Raster`) with the lines and markers as a few figure-level artists, so a
    redraw takes milliseconds. Returns the :func:`helpers.resize.linear_query` dict with ``"title"`` and
    ``"weights_title"`` (the two panels' titles) and ``"pixels"`` (the painted picture) added.
    """
    from ..style import PALETTE
    from ..widgets import Raster

    q = linear_query(_signal(signal), x, swap=swap)
    f = q["signal"]
    n = f.size
    left_colour, right_colour = PALETTE["vermillion"], PALETTE["blue"]
    raster = Raster(fig)
    W, H = raster.width, raster.height
    lo, hi = -1.0, float(n)
    span = max(float(f.max() - f.min()), 1.0)
    bottom, top = float(f.min()) - 0.2 * span, float(f.max()) + 0.45 * span
    # the boxes where constrained layout put the two axes in the 9 x 3.8 inch widget figure
    ax = _Frame(0.05 * W, (1 - 0.89) * H, 0.666 * W, 0.757 * H, (lo, hi), (bottom, top))
    for a, b in ((lo, 0), (n - 1, hi)):
        raster.fill(ax.x(a), ax.y0, ax.x(b) - ax.x(a), ax.h, 0.92)
        raster.text("clamped", ax.x((a + b) / 2), ax.y(bottom + 0.03 * span), 9, "0.35", va="bottom")
    for k in range(n):   # stems
        raster.fill(round(float(ax.x(k))), ax.y(f[k]), 1, ax.y(bottom) - ax.y(f[k]), "0.75")
    ax.xaxis(raster, list(range(n)), label="position (sample units)")
    ax.yaxis(raster, _auto_ticks(bottom, top, ax.h, raster, vertical=True), label="value")
    where = f"x = {q['x']:.2f}" + (f" → clamped to {q['x_clamped']:g}" if q["clamped"] else "")
    title = f"{where}: x0 = {q['x0']}, x1 = {q['x1']}, α = {q['alpha']:.2f}"
    raster.text(title, ax.x0 + ax.w / 2, ax.y0 - 6, 12, va="bottom")
    entries = [("interpolant", {"color": "0.55", "linewidth": 1.5, "linestyle": "--"}),
               ("samples f[k]", {"marker": "o", "color": "0.35", "markersize": 6, "linestyle": "none"}),
               ("f(x)", {"marker": "D", "color": "black", "markersize": 8, "linestyle": "none"})]
    if swap:
        entries.append(("swapped α (wrong)", {"marker": "D", "markerfacecolor": "none", "markeredgecolor": left_colour,
                                              "markeredgewidth": 2, "markersize": 9, "linestyle": "none"}))
    widths = [raster.text(label, -1000, -1000, 8)[0] for label, _ in entries]   # measured, not painted
    handle, pad, gap = 28, 8, 22
    x_left = ax.x0 + (ax.w - sum(widths) - len(entries) * (handle + pad) - gap * (len(entries) - 1)) / 2
    legend_y = ax.y0 + 16
    handles = []
    for (label, style), width in zip(entries, widths):
        raster.text(label, x_left + handle + pad, legend_y, 8, ha="left")
        handles.append((x_left, style))
        x_left += handle + pad + width + gap

    weights = q["weights"]
    bars = _Frame(0.787 * W, (1 - 0.89) * H, 0.208 * W, 0.757 * H, (-0.38, 1.38), (0.0, 1.18))
    for k, (w, colour) in enumerate(zip(weights, (left_colour, right_colour))):
        x0, x1 = bars.x(k - 0.3), bars.x(k + 0.3)
        raster.fill(round(float(x0)), bars.y(w), round(float(x1)) - round(float(x0)), bars.y(0) - bars.y(w) + 1,
                    colour)
        raster.text(f"{w:.2f}", bars.x(k), bars.y(w + 0.03), 10, va="bottom")
    bars.xaxis(raster, [0, 1], [f"f[{q['x0']}]\n1 − α", f"f[{q['x1']}]\nα"])
    bars.yaxis(raster, [0, 0.5, 1], label="weight")
    formula = f"{weights[0]:.2f}·{q['f0']:.3g} + {weights[1]:.2f}·{q['f1']:.3g}"
    if swap:
        formula = f"{weights[1]:.2f}·{q['f0']:.3g} + {weights[0]:.2f}·{q['f1']:.3g}"
    wrong = swap and not np.isclose(q["value"], q["correct"])
    weights_title = f"f(x) = {formula}\n= {q['value']:.3g}" + (" (wrong)" if wrong else "")
    for k, line in enumerate(weights_title.split("\n")):
        raster.text(line, bars.x0 + bars.w / 2, bars.y0 - 6 - (1 - k) * 17, 10, va="bottom")
    _show(raster)

    line_x = np.r_[lo, np.arange(n), hi]
    _line(raster, ax.x(line_x), ax.y(np.r_[f[0], f, f[-1]]), color="0.55", linewidth=1.5, linestyle="--")
    _line(raster, ax.x(np.arange(n)), ax.y(f), marker="o", color="0.35", markersize=6, linestyle="none")
    _line(raster, [ax.x(q["x0"])], [ax.y(q["f0"])], marker="o", color=left_colour, markersize=11)
    _line(raster, [ax.x(q["x1"])], [ax.y(q["f1"])], marker="o", color=right_colour,
          markersize=11 if q["x1"] != q["x0"] else 6)
    _line(raster, [ax.x(q["x"])] * 2, [ax.y0, ax.y0 + ax.h], color="black", linewidth=1.0, linestyle=":")
    _line(raster, [ax.x(q["x"])], [ax.y(q["correct"])], marker="D", color="black", markersize=8)
    if swap:
        _line(raster, [ax.x(q["x"])], [ax.y(q["value"])], marker="D", markerfacecolor="none",
              markeredgecolor=left_colour, markeredgewidth=2, markersize=9)
    for x_left, style in handles:
        if style.get("marker"):
            _line(raster, [x_left + handle / 2], [legend_y], **style)
        else:
            _line(raster, [x_left, x_left + handle], [legend_y] * 2, **style)
    q["title"], q["weights_title"], q["pixels"] = title, weights_title, raster.pixels
    return q


def _output_positions(in_size: int, out_size: int, align_corners: bool = False) -> dict:
    """Where the outputs of a 1-D linear resize read the input (:func:`helpers.resize.sampling_grid`), for the
    figure: ``"source"`` (unclamped), ``"clamped"`` (clamped into ``[0, in_size - 1]``) and ``"outside"``."""
    g = sampling_grid(in_size, out_size, "align_corners" if align_corners else "half_pixel")
    return {"source": g["source"], "clamped": np.clip(g["source"], 0, in_size - 1), "outside": g["clamped"]}


def draw_positions(ax, in_size: int, out_size: int, align_corners: bool = False, title: str | None = None):
    """Input samples (top row) and the positions the outputs read (bottom row), in input units.

    Each row also shows its pixels as cells: input pixel ``j`` covers ``[j - 1/2, j + 1/2]``; output
    pixel ``i`` covers one step around its source coordinate. Outputs whose coordinate lies outside
    ``[0, in_size - 1]`` are drawn in vermillion with an arrow to the position they are clamped to.
    Returns the :func:`_output_positions` dict.
    """
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    from ..style import PALETTE

    p = _output_positions(in_size, out_size, align_corners)
    src, outside = p["source"], p["outside"]
    step = src[1] - src[0] if out_size > 1 else float(in_size)
    top, bottom, h = 1.0, 0.0, 0.5
    cells = [Rectangle((j - 0.5, top - h / 2), 1, h) for j in range(in_size)]
    cells += [Rectangle((s - step / 2, bottom - h / 2), step, h) for s in src]
    faces = [PALETTE["sky"]] * in_size + [PALETTE["orange"]] * out_size
    ax.add_collection(PatchCollection(cells, facecolors=faces, edgecolors="white", linewidths=1.5,
                                      alpha=0.45))
    ax.plot(np.arange(in_size), np.full(in_size, top), "o", color=PALETTE["blue"], markersize=7)
    inside = ~outside
    ax.plot(src[inside], np.full(inside.sum(), bottom), "o", color="black", markersize=6)
    ax.plot(src[outside], np.full(outside.sum(), bottom), "o", color=PALETTE["vermillion"], markersize=7)
    for s, c in zip(src[outside], p["clamped"][outside]):
        ax.annotate("", xy=(c, bottom + 0.3), xytext=(s, bottom + 0.3),
                    arrowprops={"arrowstyle": "->", "color": PALETTE["vermillion"], "linewidth": 1.5})
    for j in range(in_size):
        ax.text(j, top + h / 2 + 0.08, str(j), ha="center", va="bottom", fontsize=9)
    if out_size <= 16:
        for i, s in enumerate(src):
            ax.text(s, bottom - h / 2 - 0.08, f"{s:.3g}", ha="center", va="top", fontsize=8,
                    color=PALETTE["vermillion"] if outside[i] else "black")
    left = min(-0.5, float(src.min()) - step / 2)
    right = max(in_size - 0.5, float(src.max()) + step / 2)
    ax.set_xlim(left - 0.1, right + 0.1)
    ax.set_ylim(bottom - h / 2 - 0.55, top + h / 2 + 0.4)
    ax.set_yticks([bottom, top], ["output", "input"])
    ax.tick_params(axis="y", length=0)
    ax.set_xticks(range(in_size))
    ax.set_xlabel("position in input samples")
    for side in ("left", "top", "right"):
        ax.spines[side].set_visible(False)
    if title is None:
        title = (f"align_corners={align_corners}, {in_size} -> {out_size}: "
                 f"{int(outside.sum())} output{'s' if outside.sum() != 1 else ''} clamped")
    ax.set_title(title)
    return p


def draw_signals(ax, samples, curves: dict, t_samples=None, title: str | None = None, truth=None):
    """Input samples as dots and resampled signals as lines, on one axes (the Fourier sidebar).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    samples : array_like, shape (n,)
        The input samples, drawn at ``t_samples`` (default 0, 1, ..., n-1).
    curves : dict of str -> (t, y)
        Label -> positions and values of a resampled signal (same units as ``t_samples``).
    truth : (t, y), optional
        A continuous reference drawn as a thin grey line.
    """
    from ..style import PALETTE

    samples = np.asarray(samples, dtype=float)
    t_samples = np.arange(samples.size) if t_samples is None else np.asarray(t_samples, dtype=float)
    if truth is not None:
        ax.plot(*truth, color="0.6", linewidth=1.0, label="true signal")
    colours = [PALETTE[k] for k in ("vermillion", "blue", "green", "purple")]
    for (label, (t, y)), colour in zip(curves.items(), colours):
        ax.plot(t, y, color=colour, linewidth=1.6, label=label)
    ax.plot(t_samples, samples, "o", color="black", markersize=4.5, label="input samples", zorder=5)
    ax.set_xlabel("position (input samples)")
    ax.set_ylabel("value")
    ax.legend(fontsize=8, loc="best")
    if title:
        ax.set_title(title)




# ------------------------------------------------------------------------------------ widgets


def query_widget():
    """Controls over :func:`draw_query`: the query position, the signal, and a "swap α" bug switch."""
    import ipywidgets as W

    from ..widgets import interactive_figure

    style = {"description_width": "initial"}
    controls = {
        "x": W.FloatSlider(value=2.3, min=-1.0, max=6.0, step=0.05, description="query x", style=style,
                           continuous_update=True),
        "signal": W.Dropdown(options=list(SIGNALS), value="zigzag", description="signal", style=style),
        "swap": W.Checkbox(value=False, description="swap α and 1 − α (a bug)", style=style),
    }
    return interactive_figure(draw_query, controls, figsize=(9, 3.8))
