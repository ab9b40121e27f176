"""Lesson 08 figure and widget: upsample + conv versus strided transposed convolution.

Two ways to double a feature map with learned weights:

- **nearest + conv**: repeat every pixel ``r`` x ``r`` times (nearest neighbour), then convolve;
- **strided transposed conv**: insert ``r - 1`` zeros between pixels, pad by ``k - 1 - p`` and convolve
  with the flipped kernel (the "full convolution" view of ``conv_transpose2d``).

The math lives in :mod:`helpers.conv` (``zero_insert_pad``, ``nearest_conv_kernel``, ``phase_sums``, ...)
and :mod:`helpers.resize` (``nearest_repeat``); this module only lays it out. :func:`pipeline` returns
the arrays the widget shows, so that the lesson can assert what the picture claims.

Only NumPy, matplotlib and ipywidgets are imported (and the NumPy helpers).
"""

from __future__ import annotations

import numpy as np

from .._validate import check_choice, check_int
from ..conv import (
    conv2d,
    conv_transpose2d,
    nearest_conv_kernel,
    nearest_conv_padding,
    phase_sums,
    same_transposed_padding,
    zero_insert_pad,
)
from ..resize import nearest_repeat

__all__ = [
    "METHODS",
    "PATTERNS",
    "pipeline",
    "draw_pipeline",
    "upsample_compare_widget",
]

METHODS = ("nearest + conv", "transposed conv (zero insertion)", "nearest + conv as one transposed conv")
"""The widget's three methods; the first and the last give the same output."""

PATTERNS = ("1 2 / 3 4", "constant 4x4", "ramp 4x4")
"""The widget's inputs: the seed's 2x2 example, a flat image and a linear ramp."""


# ----------------------------------------------------------------------------------------- the widget


def _pattern(name: str) -> np.ndarray:
    if name == "1 2 / 3 4":
        return np.array([[1.0, 2.0], [3.0, 4.0]])
    if name == "constant 4x4":
        return np.ones((4, 4))
    return np.add.outer(np.arange(4.0), np.arange(4.0))


def _weights(k: int, kind: str) -> np.ndarray:
    if kind == "ones":
        return np.ones((k, k))
    return np.round(np.random.default_rng(8 * k).uniform(0.0, 1.0, (k, k)), 2)


def pipeline(method: str = METHODS[0], k: int = 3, factor: int = 2, pattern: str = PATTERNS[0],
             weights: str = "ones") -> dict:
    """Everything the widget draws, as arrays.

    Parameters
    ----------
    method : one of :data:`METHODS`
    k : int, odd, 1..7
        The conv (or transposed conv) kernel size; odd so that "same" padding is symmetric.
    factor : int, 1..4
        Upsampling factor (= the transposed conv's stride).
    pattern : one of :data:`PATTERNS`
    weights : "ones" or "random"
        All-ones kernel, or fixed uniform random weights in [0, 1) (the same numbers for every method).

    Returns
    -------
    dict
        ``x`` input (H, W); ``middle`` the intermediate the convolution slides over (repeated and padded
        by ``p``, or zero-inserted and padded by ``k-1-p``); ``kernel`` the kernel it slides (flipped for
        the transposed paths); ``y`` the output (factor*H, factor*W); ``W`` the transposed-conv kernel
        (None for plain nearest + conv: it is shown through its tied kernel); ``sums`` the phase sums
        of the stride-``factor`` transposed kernel the method equals; ``spread`` their max - min;
        ``padding``, ``output_padding`` the settings used.
    """
    check_choice(method, "method", METHODS)
    check_choice(pattern, "pattern", PATTERNS)
    check_choice(weights, "weights", ("ones", "random"))
    k = check_int(k, "k", 1, 7)
    r = check_int(factor, "factor", 1, 4)
    if k % 2 == 0:
        raise ValueError(f"k must be odd (symmetric 'same' padding), got {k}")
    x = _pattern(pattern)
    K = _weights(k, weights)
    p = (k - 1) // 2
    if method == METHODS[0]:
        middle = np.pad(nearest_repeat(x, r), p)
        kernel = K
        y = conv2d(middle[None, None], K[None, None])[0, 0]
        W = nearest_conv_kernel(K, r)
        pad, op = p, 0
    elif method == METHODS[1]:
        pad, op = same_transposed_padding(k, r)
        W = K
        middle = zero_insert_pad(x, k, r, pad, op)
        kernel = K[::-1, ::-1]
        y = conv_transpose2d(x[None, None], K[None, None], stride=r, padding=pad, output_padding=op)[0, 0]
    else:
        W = nearest_conv_kernel(K, r)
        pad, op = nearest_conv_padding(k, p), 0
        middle = zero_insert_pad(x, W.shape[-1], r, pad, op)
        kernel = W[::-1, ::-1]
        y = conv_transpose2d(x[None, None], W[None, None], stride=r, padding=pad)[0, 0]
    sums = phase_sums(W, r)
    return {"x": x, "K": K, "middle": middle, "kernel": kernel, "y": y, "W": W, "sums": sums,
            "spread": float(sums.max() - sums.min()), "padding": pad, "output_padding": op,
            "method": method, "k": k, "factor": r}


def _label(v: float) -> str:
    v = round(float(v), 2 if abs(v) < 10 else 1)
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text

_GLYPHS: dict = {}


def _glyph_path(text: str):
    """The outline of ``text`` (DejaVu Sans), centred on (0, 0), 1 unit tall for a digit; cached."""
    if text not in _GLYPHS:
        from matplotlib.font_manager import FontProperties
        from matplotlib.textpath import TextPath

        path = TextPath((0, 0), text, size=1.0, prop=FontProperties(family="DejaVu Sans"))
        ext = path.get_extents()
        digit = TextPath((0, 0), "0", size=1.0, prop=FontProperties(family="DejaVu Sans")).get_extents()
        verts = (path.vertices - [(ext.x0 + ext.x1) / 2, (digit.y0 + digit.y1) / 2]) / digit.height
        _GLYPHS[text] = (verts, path.codes, ext.width / digit.height)
    return _GLYPHS[text]


def _paint_labels(ax, labels, colours, height: float = 0.36, fit: bool = True) -> None:
    """Write many short labels as ONE PathCollection in data coordinates (much faster than one Text each).

    ``labels`` are ``(text, x, y)`` or ``(text, x, y, height)`` with y pointing down (image coordinates);
    ``height`` is a digit's height in cells; with ``fit``, long labels shrink to fit 0.72 of a cell.
    """
    from matplotlib.collections import PathCollection
    from matplotlib.path import Path

    paths = []
    for text, x, y, *own in labels:
        verts, codes, aspect = _glyph_path(text)
        size = own[0] if own else height
        if fit:
            size = min(size, 0.72 / max(aspect, 1e-9))
        paths.append(Path(verts * [size, -size] + [x, y], codes))
    if paths:
        ax.add_collection(PathCollection(paths, facecolors=colours, edgecolors="none", linewidths=0,
                                         transform=ax.transData, clip_on=False), autolim=False)


def _panel_rgb(a, vmin=None, vmax=None):
    """Colours (cividis) of a grid, and the label colour (black/white) of each cell."""
    import matplotlib

    a = np.asarray(a, dtype=float)
    lo = float(np.nanmin(a)) if vmin is None else vmin
    hi = float(np.nanmax(a)) if vmax is None else vmax
    if hi <= lo:
        hi = lo + 1.0
    rgba = matplotlib.colormaps["cividis"]((a - lo) / (hi - lo))
    luminance = rgba[..., :3] @ np.array([0.2126, 0.7152, 0.0722])
    return rgba, np.where(luminance > 0.5, "black", "white")


def draw_pipeline(fig, method: str = METHODS[0], k: int = 3, factor: int = 2, pattern: str = PATTERNS[0],
                  weights: str = "ones") -> dict:
    """Draw input, intermediate, kernel, output and phase sums side by side; return :func:`pipeline`'s dict.

    Everything is drawn in ONE axes (no ticks) in cell units: five images, one line collection for the cell
    borders, one path collection for all the values and six texts, so a redraw stays fast. The returned dict
    also holds ``"panels"``: for each panel ``(name, array, (x0, y0, x1, y1))``, its extent in cell units, and
    ``"titles"``, the panel titles as drawn.
    """
    from matplotlib.collections import LineCollection

    g = pipeline(method, k, factor, pattern, weights)
    mid_name = "repeated, pad p" if method == METHODS[0] else "zeros in, pad k-1-p"
    ker_name = "conv kernel K" if method == METHODS[0] else "flipped kernel"
    grids = [("input x", g["x"], 6, None), (mid_name, g["middle"], 6, None), (ker_name, g["kernel"], 6, None),
             ("output y", g["y"], 6, None), ("phase sums", g["sums"], 4, min(0.0, float(g["sums"].min())))]
    fig.set_layout_engine("none")  # manual placement: layout engines cost more than the drawing
    ax = fig.add_axes([0.01, 0.02, 0.98, 0.72])
    ax.set_axis_off()
    gap = 2.2
    x0, segments, labels, colours, panels, titles = 0.0, [], [], [], [], []
    for name, a, annotate_max, vmin in grids:
        h, w = a.shape
        rgba, ink = _panel_rgb(a, vmin=vmin)
        ax.imshow(rgba, extent=(x0, x0 + w, h, 0), interpolation="nearest")
        segments += [[(x0 + j, 0), (x0 + j, h)] for j in range(1, w)] + [[(x0, i), (x0 + w, i)] for i in range(1, h)]
        cells = np.argwhere(np.ones_like(a, dtype=bool)) if max(h, w) <= annotate_max else np.argwhere(a != 0)
        if len(cells) <= annotate_max * annotate_max:
            texts = [_label(a[i, j]) for i, j in cells]
            size = min(0.4 if max(h, w) <= 4 else 0.34, 0.72 / max(_glyph_path(t)[2] for t in texts))
            labels += [(text, x0 + j + 0.5, i + 0.5, size) for text, (i, j) in zip(texts, cells)]
            colours += [ink[i, j] for i, j in cells]
        titles.append((name, f"{h}x{w}", x0 + w / 2))
        panels.append((name, a, (x0, 0.0, x0 + w, float(h))))
        x0 += w + gap
    ax.add_collection(LineCollection(segments, colors="white", linewidths=0.8), autolim=False)
    height = max(p[2][3] for p in panels)
    width = x0 - gap
    # keep cells square: fit the panels into the axes' aspect ratio
    fw, fh = fig.get_size_inches()
    box = (0.98 * fw) / (0.72 * fh)
    if width / height > box:
        ax.set_xlim(-0.2, width + 0.2)
        span = (width + 0.4) / box
        ax.set_ylim(span - 0.2, -0.2)
    else:
        span = height * box
        ax.set_xlim((width - span) / 2, (width + span) / 2)
        ax.set_ylim(height + 0.2, -0.2)
    ax.set_aspect("auto")
    # the panel titles as glyph outlines too (a Text artist costs ~1 ms each): 9 pt, in data units
    x_lo, x_hi = ax.get_xlim()
    per_point = (x_hi - x_lo) / (0.98 * fw * 72)
    digit = 9 * 0.73 * per_point
    for name, shape, cx in titles:
        labels += [(name, cx, -0.4 - 2.9 * digit, digit), (shape, cx, -0.4 - 1.2 * digit, digit)]
        colours += ["black", "black"]
    _paint_labels(ax, labels, colours, fit=False)
    kind = {METHODS[0]: f"nearest x{factor} + conv {k}x{k} (padding {g['padding']})",
            METHODS[1]: f"ConvTranspose {k}x{k}, stride {factor}, padding {g['padding']}, "
                        f"output_padding {g['output_padding']}",
            METHODS[2]: f"ConvTranspose {g['W'].shape[0]}x{g['W'].shape[0]} (tied), stride {factor}, "
                        f"padding {g['padding']}"}[method]
    fig.text(0.5, 0.97, f"{kind}  |  phase-sum spread {g['spread']:.2f}", ha="center", va="top", fontsize=11)
    g["panels"] = panels
    g["titles"] = [f"{name}\n{shape}" for name, shape, _ in titles]
    return g


def upsample_compare_widget():
    """Controls (method, kernel size, factor, input, weights) over :func:`draw_pipeline`."""
    import ipywidgets as W

    from ..widgets import interactive_figure

    style = {"description_width": "initial"}
    controls = {
        "method": W.Dropdown(options=list(METHODS), value=METHODS[1], description="method", style=style),
        "k": W.SelectionSlider(options=[1, 3, 5], value=3, description="kernel size k", style=style),
        "factor": W.IntSlider(value=2, min=1, max=3, description="factor / stride", style=style),
        "pattern": W.Dropdown(options=list(PATTERNS), value=PATTERNS[1], description="input", style=style),
        "weights": W.Dropdown(options=["ones", "random"], value="ones", description="weights", style=style),
    }
    return interactive_figure(draw_pipeline, controls, figsize=(11, 3.4), columns=3)
