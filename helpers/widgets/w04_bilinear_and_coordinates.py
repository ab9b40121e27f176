"""Lesson 04 widgets and figures: bilinear interpolation and the coordinate conventions of resizing.

- :func:`four_neighbour_weights` and :func:`draw_four_neighbours`: the weight of each of the four
  neighbours of a point, drawn as the area of the rectangle opposite that neighbour (and the two
  linear passes through the same point). :func:`four_neighbour_widget` puts sliders on it.
- :func:`linear_matrix` and :func:`resize_bilinear`: 1-D linear / 2-D bilinear resizing for any ONNX
  ``coordinate_transformation_mode``, built from :func:`helpers.source_coordinate` and the clamped
  :func:`helpers.resize.linear_weights` (``helpers.interpolation_matrix`` follows PyTorch, which
  knows only two of the modes).
- :func:`sampling_grid`: where each output pixel sits on the input's continuous axis, per mode.
- :func:`draw_sampling_axis`, :func:`draw_sampling_2d`, :func:`draw_sampling`,
  :func:`draw_mode_comparison`: input and output pixel centres on a shared axis;
  :func:`sampling_widget` puts controls on :func:`draw_sampling`.

Only NumPy, matplotlib and ipywidgets are imported here (no torch/tensorflow).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "MODES",
    "FORMULAS",
    "four_neighbour_weights",
    "linear_matrix",
    "resize_bilinear",
    "sampling_grid",
    "draw_four_neighbours",
    "draw_sampling_axis",
    "draw_sampling_2d",
    "draw_sampling",
    "draw_mode_comparison",
    "four_neighbour_widget",
    "sampling_widget",
]

MODES = ("half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric")
"""The ONNX ``Resize`` coordinate transformation modes this lesson compares."""

FORMULAS = {
    "half_pixel": "(x + 1/2) · in/out − 1/2",
    "pytorch_half_pixel": "(x + 1/2) · in/out − 1/2, or 0 if out = 1",
    "align_corners": "x · (in − 1)/(out − 1), or 0 if out = 1",
    "asymmetric": "x · in/out",
}
"""The source coordinate of output index ``x`` in each mode, as plain text for titles."""

_CORNER_COLOURS = ("blue", "orange", "green", "purple")  # q00, q01, q10, q11


# ------------------------------------------------------------------------------------ computation


def four_neighbour_weights(a: float, b: float) -> np.ndarray:
    """The bilinear weights of the four neighbours of a point at fractional offsets ``(b, a)``.

    A point lies ``a`` of the way from the left column to the right one and ``b`` of the way from
    the top row to the bottom one (both in ``[0, 1]``). Its bilinear value is the weighted sum of
    its neighbours ``q00`` (top left), ``q01`` (top right), ``q10`` (bottom left) and ``q11``
    (bottom right) with these weights, laid out like the neighbours::

        [[(1 - a)(1 - b),  a (1 - b)],
         [(1 - a) b,       a b      ]]

    They are the outer product of the two 1-D weight pairs ``(1 - b, b)`` and ``(1 - a, a)``, are
    non-negative and sum to 1.

    Parameters
    ----------
    a, b : float
        Horizontal and vertical offsets, each in ``[0, 1]``.

    Returns
    -------
    ndarray of float64, shape (2, 2)

    Examples
    --------
    >>> four_neighbour_weights(0.25, 0.5)
    array([[0.375, 0.125],
           [0.375, 0.125]])
    """
    a, b = _check_unit(a, "a"), _check_unit(b, "b")
    return np.outer([1.0 - b, b], [1.0 - a, a])


def _check_unit(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number in [0, 1], got {type(value).__name__} {value!r}")
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be in [0, 1], got {value}")
    return value


def linear_matrix(in_size: int, out_size: int, mode: str = "half_pixel") -> np.ndarray:
    """The ``(out_size, in_size)`` matrix of 1-D linear resizing with an ONNX coordinate mode.

    Output ``i`` reads the source coordinate ``helpers.source_coordinate(i, in_size, out_size, mode)``,
    clamped into ``[0, in_size - 1]`` (the edge value is repeated outside the signal, as PyTorch and
    TensorFlow do), and mixes its two neighbours with :func:`helpers.resize.linear_weights`.

    Parameters
    ----------
    in_size, out_size : int
        Lengths, each >= 1.
    mode : {"half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric"}

    Returns
    -------
    M : ndarray of float64, shape (out_size, in_size)
        Rows are non-negative and sum to 1.

    Examples
    --------
    >>> linear_matrix(2, 4, "asymmetric")
    array([[1. , 0. ],
           [0.5, 0.5],
           [0. , 1. ],
           [0. , 1. ]])
    """
    from .._validate import check_choice
    from ..resize import linear_weights, source_coordinate

    mode = check_choice(mode, "mode", MODES)
    src = source_coordinate(np.arange(out_size), in_size, out_size, mode)  # validates the sizes
    left, right, alpha = linear_weights(src, in_size)
    rows = np.arange(out_size)
    M = np.zeros((out_size, in_size))
    np.add.at(M, (rows, left), 1.0 - alpha)
    np.add.at(M, (rows, right), alpha)
    return M


def resize_bilinear(x, size, mode: str = "half_pixel") -> np.ndarray:
    """Bilinear resizing of a 2-D array ``x`` to ``size = (H_out, W_out)`` with an ONNX coordinate mode.

    Separable: ``linear_matrix(H, H_out, mode) @ x @ linear_matrix(W, W_out, mode).T``.

    Parameters
    ----------
    x : array_like, shape (H, W)
    size : (int, int)
        Output height and width.
    mode : {"half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric"}

    Returns
    -------
    ndarray of float64, shape (H_out, W_out)

    Examples
    --------
    >>> resize_bilinear([[1.0, 2.0], [3.0, 4.0]], (2, 3), "align_corners")
    array([[1. , 1.5, 2. ],
           [3. , 3.5, 4. ]])
    """
    from .._validate import as_float_array, check_pair

    x = np.asarray(as_float_array(x, "x", ndim=2), dtype=np.float64)
    h_out, w_out = check_pair(size, "size", min_value=1)
    return linear_matrix(x.shape[0], h_out, mode) @ x @ linear_matrix(x.shape[1], w_out, mode).T


def sampling_grid(in_size: int, out_size: int, mode: str = "half_pixel") -> dict:
    """Where a mode puts the output pixels on the input's continuous axis (pixel ``j`` centred on ``j``).

    Parameters
    ----------
    in_size, out_size : int
        Lengths, each >= 1.
    mode : {"half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric"}

    Returns
    -------
    dict
        ``"source"``: float array (out_size,), the coordinate each output pixel reads (its centre);
        ``"width"``: float, the spacing of those centres in input pixels (``in_size / out_size``, or
        ``(in_size - 1) / (out_size - 1)`` for ``"align_corners"``; ``in_size`` for a single output);
        ``"extent"``: ``(lo, hi)``, the span of the output pixels drawn ``width`` wide around their
        centres; ``"input_extent"``: ``(-0.5, in_size - 0.5)``;
        ``"clamped"``: bool array (out_size,), outputs whose coordinate lies outside
        ``[0, in_size - 1]`` and is clamped to the edge.

    Examples
    --------
    >>> g = sampling_grid(2, 4, "half_pixel")
    >>> g["source"].tolist(), g["extent"]
    ([-0.25, 0.25, 0.75, 1.25], (-0.5, 1.5))
    """
    from .._validate import check_choice
    from ..resize import source_coordinate

    mode = check_choice(mode, "mode", MODES)
    src = source_coordinate(np.arange(out_size), in_size, out_size, mode)
    if out_size == 1:
        width = float(in_size)
    elif mode == "align_corners":
        width = (in_size - 1) / (out_size - 1)
    else:
        width = in_size / out_size
    clamped = (src < 0) | (src > in_size - 1)
    return {
        "source": src,
        "width": width,
        "extent": (float(src[0] - width / 2), float(src[-1] + width / 2)),
        "input_extent": (-0.5, in_size - 0.5),
        "clamped": clamped,
    }


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
    2x2 weights. Returns the interpolated value at ``P``.
    """
    from matplotlib.patches import Rectangle

    from ..style import show_grid

    w = four_neighbour_weights(a, b)
    q = np.asarray(values, dtype=float).reshape(2, 2)
    value = float((w * q).sum())
    r0 = (1 - a) * q[0, 0] + a * q[0, 1]
    r1 = (1 - a) * q[1, 0] + a * q[1, 1]
    # fixed axes rectangles (where constrained layout puts them): no layout pass, a third less redraw time
    fig.set_layout_engine("none")
    ax = fig.add_axes((0.11, 0.18, 0.49, 0.64))
    ax_w = fig.add_axes((0.665, 0.17, 0.32, 0.66))
    corners = [(0, 0), (1, 0), (0, 1), (1, 1)]  # (x, y) of q00, q01, q10, q11; y grows downwards
    for k, (cx, cy) in enumerate(corners):
        colour = _colour(_CORNER_COLOURS[k])
        # the rectangle between P and the opposite corner
        x0, x1 = sorted((a, 1 - cx))
        y0, y1 = sorted((b, 1 - cy))
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor=colour, alpha=0.3, edgecolor="none"))
        if (x1 - x0) * (y1 - y0) > 0.02:
            ax.text((x0 + x1) / 2, (y0 + y1) / 2, f"{w.flat[k]:.2f}", ha="center", va="center", fontsize=10,
                    color="black")
        ax.plot(cx, cy, "o", color=colour, markersize=12, zorder=4)
        label = f"q{k // 2}{k % 2} = {q.flat[k]:g}"
        ax.text(cx + (-0.08 if cx == 0 else 0.08), cy, label, ha="right" if cx == 0 else "left", va="center",
                fontsize=10)
    ax.plot([0, 1, 1, 0, 0], [0, 0, 1, 1, 0], color="0.4", linewidth=1)
    ax.plot([a, a], [0, 1], "--", color="0.3", linewidth=1)
    ax.plot([a, a], [0, 1], "D", color="black", markersize=6, zorder=4)
    ax.text(a, -0.07, f"R0 = {r0:.3g}", fontsize=9, ha="center", va="bottom")
    ax.text(a, 1.07, f"R1 = {r1:.3g}", fontsize=9, ha="center", va="top")
    ax.plot(a, b, "*", color=_colour("vermillion"), markersize=16, zorder=5)
    ax.text(a + 0.04, b - 0.05, f"P = {value:.3g}", fontsize=11, color=_colour("vermillion"),
            fontweight="bold", va="bottom")
    ax.set_xlim(-0.62, 1.62)
    ax.set_ylim(1.22, -0.22)
    ax.set_aspect("equal")
    ax.set_xticks([0, a, 1], ["0", f"a={a:.2f}", "1"])
    ax.set_yticks([0, b, 1], ["0", f"b={b:.2f}", "1"])
    ax.set_xlabel("column offset")
    ax.set_ylabel("row offset")
    ax.set_title("weight of a corner = area opposite it")
    show_grid(ax_w, w, title="weights", vmin=0, vmax=1)
    ax_w.set_xticks([0, 1], ["1 − a", "a"])
    ax_w.set_yticks([0, 1], ["1 − b", "b"])
    ax_w.set_xlabel(f"sum = {w.sum():.3g}")
    return value


def draw_sampling_axis(ax, in_size: int, out_size: int, mode: str = "half_pixel", title: str | None = None,
                       label_sources: bool | None = None) -> dict:
    """Input and output pixels of a 1-D resize on one continuous axis, in input-pixel units.

    Top row: input pixel ``j`` as a cell ``[j - 1/2, j + 1/2]`` with its centre. Bottom row: output
    pixel ``i`` as a cell ``width`` wide centred on the coordinate it reads (:func:`sampling_grid`); a
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


def draw_sampling(fig, mode: str = "half_pixel", in_size: int = 3, out_size: int = 6) -> dict:
    """The widget's picture: the 1-D axis on top; the 2-D sampling points and the weight matrix below."""
    from ..style import show_grid

    # fixed axes rectangles (where constrained layout puts them in the 10 x 7 inch widget figure): no
    # layout pass, a third less redraw time
    fig.set_layout_engine("none")
    g = draw_sampling_axis(fig.add_axes((0.087, 0.674, 0.909, 0.291)), in_size, out_size, mode)
    draw_sampling_2d(fig.add_axes((0.087, 0.071, 0.377, 0.495)), in_size, out_size, mode)
    ax_m = fig.add_axes((0.618, 0.071, 0.377, 0.495))
    show_grid(ax_m, linear_matrix(in_size, out_size, mode), title="1-D weights", vmin=0, vmax=1,
              fontsize=8, annotate=in_size * out_size <= 48)
    ax_m.set_xlabel("input pixel j")
    ax_m.set_ylabel("output pixel i")
    return g


def draw_mode_comparison(fig, in_size: int = 3, out_size: int = 6, modes=MODES) -> list:
    """One :func:`draw_sampling_axis` per mode, stacked, for the same sizes; returns the grid dicts."""
    axes = fig.subplots(len(modes), 1, sharex=True)
    axes = np.atleast_1d(axes)
    out = [draw_sampling_axis(ax, in_size, out_size, mode) for ax, mode in zip(axes, modes)]
    for ax in axes[:-1]:
        ax.set_xlabel("")
    return out


# ------------------------------------------------------------------------------------ widgets


def four_neighbour_widget():
    """Sliders for the offsets ``a`` and ``b`` over :func:`draw_four_neighbours`."""
    import ipywidgets as W

    from . import interactive_figure

    controls = {
        "a": W.FloatSlider(value=0.3, min=0.0, max=1.0, step=0.05, description="a (column)"),
        "b": W.FloatSlider(value=0.6, min=0.0, max=1.0, step=0.05, description="b (row)"),
    }
    return interactive_figure(draw_four_neighbours, controls, figsize=(8.5, 4.2))


def sampling_widget():
    """Controls for the coordinate mode, input size and output size over :func:`draw_sampling`."""
    import ipywidgets as W

    from . import interactive_figure

    style = {"description_width": "initial"}
    controls = {
        "mode": W.Dropdown(options=list(MODES), value="half_pixel", description="mode", style=style),
        "in_size": W.IntSlider(value=3, min=1, max=8, description="input size", style=style),
        "out_size": W.IntSlider(value=6, min=1, max=10, description="output size", style=style),
    }
    return interactive_figure(draw_sampling, controls, figsize=(10, 7))
