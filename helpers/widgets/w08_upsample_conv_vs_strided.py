"""Lesson 08: upsample + conv versus strided transposed convolution (compute functions, figures, widget).

Two ways to double a feature map with learned weights:

- **nearest + conv**: repeat every pixel ``r`` x ``r`` times (nearest neighbour), then convolve;
- **strided transposed conv**: insert ``r - 1`` zeros between pixels, pad by ``k - 1 - p`` and convolve
  with the flipped kernel (the "full convolution" view of ``conv_transpose2d``).

The first is itself a stride-``r`` transposed convolution, with a larger kernel whose weights are tied:
:func:`nearest_conv_kernel` builds it (the flipped conv kernel summed over ``r`` x ``r`` shifts), and each
of its ``r * r`` sub-pixel phase kernels sums to the same number, which is why a flat input stays flat.

Layouts follow PyTorch: feature maps (N, C, H, W); conv weights (C_out, C_in, kH, kW); transposed-conv
weights (C_in, C_out, kH, kW). Only NumPy, matplotlib and ipywidgets are imported (and the NumPy helpers).
"""

from __future__ import annotations

import numpy as np

from .._validate import as_float_array, check_choice, check_int
from ..conv import conv2d, conv_transpose2d, zero_insert

__all__ = [
    "nearest_repeat",
    "zero_insert_pad",
    "transposed_conv_as_full_conv",
    "nearest_conv_kernel",
    "nearest_conv_padding",
    "nearest_conv_as_transposed",
    "tie_matrix",
    "phase_kernels",
    "phase_sums",
    "phase_groups",
    "same_transposed_padding",
    "total_variation",
    "periodic_energy",
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


# ----------------------------------------------------------------------------------------- the two paths


def _feature_maps(x) -> np.ndarray:
    """``x`` as a float array of at least 2 dimensions (..., H, W); ValueError naming ``x`` otherwise."""
    x = as_float_array(x, "x")
    if x.ndim < 2:
        raise ValueError(f"x must have at least 2 dimensions (..., H, W), got shape {x.shape}")
    return x


def nearest_repeat(x, factor: int = 2) -> np.ndarray:
    """Nearest-neighbour upsampling by an integer factor: every pixel repeated ``factor`` x ``factor`` times.

    Parameters
    ----------
    x : array_like, shape (..., H, W)
    factor : int, >= 1

    Returns
    -------
    ndarray, shape (..., factor*H, factor*W)

    Examples
    --------
    >>> nearest_repeat(np.array([[1.0, 2.0], [3.0, 4.0]]), 2)
    array([[1., 1., 2., 2.],
           [1., 1., 2., 2.],
           [3., 3., 4., 4.],
           [3., 3., 4., 4.]])
    """
    x = _feature_maps(x)
    r = check_int(factor, "factor", 1)
    return np.repeat(np.repeat(x, r, axis=-2), r, axis=-1)


def zero_insert_pad(x, k: int, stride: int = 1, padding: int = 0, output_padding: int = 0) -> np.ndarray:
    """The intermediate of the full-convolution view: zeros inserted, then a border of ``k - 1 - padding``.

    ``stride - 1`` zeros go between neighbours (:func:`helpers.conv.zero_insert`), then ``k - 1 - padding``
    zeros around the result, plus ``output_padding`` more at the bottom and right. When ``padding > k - 1``
    the border is negative: that many rows/columns are cropped instead.

    Parameters
    ----------
    x : array_like, shape (..., H, W)
    k : int, >= 1
        Kernel size of the transposed convolution.
    stride : int, >= 1
    padding : int, >= 0
    output_padding : int, >= 0 and < stride

    Returns
    -------
    ndarray, shape (..., (H-1)*stride + 1 + 2*(k-1-padding) + output_padding, likewise W)

    Examples
    --------
    >>> zero_insert_pad(np.array([[1.0, 2.0], [3.0, 4.0]]), k=3, stride=2, padding=1, output_padding=1)
    array([[0., 0., 0., 0., 0., 0.],
           [0., 1., 0., 2., 0., 0.],
           [0., 0., 0., 0., 0., 0.],
           [0., 3., 0., 4., 0., 0.],
           [0., 0., 0., 0., 0., 0.],
           [0., 0., 0., 0., 0., 0.]])
    """
    x = _feature_maps(x)
    k = check_int(k, "k", 1)
    s = check_int(stride, "stride", 1)
    p = check_int(padding, "padding", 0)
    op = check_int(output_padding, "output_padding", 0)
    if op >= s:
        raise ValueError(f"output_padding must be smaller than stride = {s}, got {op}")
    z = zero_insert(x, s)
    q = k - 1 - p
    lo, hi = max(q, 0), max(q, 0) + op
    z = np.pad(z, [(0, 0)] * (z.ndim - 2) + [(lo, hi), (lo, hi)])
    if q < 0:  # padding larger than k - 1: crop instead of padding
        c = -q
        if z.shape[-2] <= 2 * c or z.shape[-1] <= 2 * c:
            raise ValueError(f"padding={p} crops everything; use a smaller padding")
        z = z[..., c : z.shape[-2] - c, c : z.shape[-1] - c]
    return z


def transposed_conv_as_full_conv(x, w, stride: int = 1, padding: int = 0, output_padding: int = 0) -> np.ndarray:
    """A transposed convolution computed as zero insertion + padding ``k-1-p`` + convolution with the flipped kernel.

    Equals ``torch.nn.functional.conv_transpose2d(x, w, stride=stride, padding=padding,
    output_padding=output_padding)`` (square kernels, ``groups=1``, no dilation).

    Parameters
    ----------
    x : array_like, shape (N, C_in, H, W)
    w : array_like, shape (C_in, C_out, k, k)
        ConvTranspose2d layout.
    stride : int, >= 1
    padding : int, >= 0
    output_padding : int, >= 0 and < stride

    Returns
    -------
    ndarray, shape (N, C_out, (H-1)*stride - 2*padding + k + output_padding, likewise W)

    Examples
    --------
    >>> X = np.array([[0.0, 1.0], [2.0, 3.0]])[None, None]
    >>> transposed_conv_as_full_conv(X, X)[0, 0]
    array([[ 0.,  0.,  1.],
           [ 0.,  4.,  6.],
           [ 4., 12.,  9.]])
    """
    x = as_float_array(x, "x", ndim=4)
    w = as_float_array(w, "w", ndim=4)
    if w.shape[-1] != w.shape[-2]:
        raise ValueError(f"w must have a square kernel, got {w.shape[-2]}x{w.shape[-1]}")
    if w.shape[0] != x.shape[1]:
        raise ValueError(f"w has {w.shape[0]} input channels (w.shape[0]) but x has {x.shape[1]}")
    k = w.shape[-1]
    z = zero_insert_pad(x, k, stride, padding, output_padding)
    if z.shape[-1] < k or z.shape[-2] < k:
        raise ValueError(f"padding={padding} crops everything; use a smaller padding")
    flipped = np.ascontiguousarray(w.transpose(1, 0, 2, 3)[..., ::-1, ::-1])  # (C_out, C_in, k, k), flipped
    return conv2d(z, flipped)


def nearest_conv_kernel(K, factor: int = 2) -> np.ndarray:
    """The stride-``factor`` transposed-conv kernel that equals nearest upsampling by ``factor`` then conv with ``K``.

    ``W = flip(K)`` summed over the ``factor x factor`` shifts ``(d, e)``, ``0 <= d, e < factor``:

    .. math:: W[t, u] = \\sum_{d, e = 0}^{r-1} K[k-1-(t-d),\\ k-1-(u-e)]

    (terms outside the kernel are 0), with in/out channels swapped to the ConvTranspose2d layout.
    Use it with ``stride = factor`` and ``padding = nearest_conv_padding(k, p)``.

    Parameters
    ----------
    K : array_like, shape (k, k) or (C_out, C_in, k, k)
        The convolution's weight (Conv2d layout).
    factor : int, >= 1

    Returns
    -------
    ndarray, shape (k+factor-1, k+factor-1) or (C_in, C_out, k+factor-1, k+factor-1)

    Examples
    --------
    >>> nearest_conv_kernel(np.array([[1.0, 2.0], [3.0, 4.0]]), 2)
    array([[ 4.,  7.,  3.],
           [ 6., 10.,  4.],
           [ 2.,  3.,  1.]])
    """
    K = as_float_array(K, "K", ndim=(2, 4))
    r = check_int(factor, "factor", 1)
    if K.shape[-1] != K.shape[-2]:
        raise ValueError(f"K must have a square kernel, got {K.shape[-2]}x{K.shape[-1]}")
    k = K.shape[-1]
    flipped = K[..., ::-1, ::-1]
    W = np.zeros((*K.shape[:-2], k + r - 1, k + r - 1), dtype=K.dtype)
    for d in range(r):
        for e in range(r):
            W[..., d : d + k, e : e + k] += flipped
    return W if K.ndim == 2 else np.ascontiguousarray(W.transpose(1, 0, 2, 3))


def nearest_conv_padding(k: int, padding: int) -> int:
    """The transposed-conv padding ``k - 1 - padding`` that goes with :func:`nearest_conv_kernel`.

    Negative when ``padding > k - 1`` (then the transposed conv's output is zero-padded instead).

    Examples
    --------
    >>> nearest_conv_padding(3, 1)
    1
    """
    k = check_int(k, "k", 1)
    p = check_int(padding, "padding", 0)
    return k - 1 - p


def nearest_conv_as_transposed(x, K, factor: int = 2, padding: int = 0) -> np.ndarray:
    """Nearest upsampling by ``factor`` then ``conv2d(., K, padding=padding)``, computed as ONE transposed conv.

    Parameters
    ----------
    x : array_like, shape (N, C_in, H, W)
    K : array_like, shape (C_out, C_in, k, k)
    factor : int, >= 1
    padding : int, >= 0
        The convolution's padding.

    Returns
    -------
    ndarray, shape (N, C_out, factor*H + 2*padding - k + 1, likewise W)

    Examples
    --------
    >>> x = np.array([[1.0, 2.0], [3.0, 4.0]])[None, None]
    >>> nearest_conv_as_transposed(x, np.ones((1, 1, 2, 2)), 2)[0, 0]
    array([[ 4.,  6.,  8.],
           [ 8., 10., 12.],
           [12., 14., 16.]])
    """
    x = as_float_array(x, "x", ndim=4)
    K = as_float_array(K, "K", ndim=4)
    r = check_int(factor, "factor", 1)
    p = check_int(padding, "padding", 0)
    if K.shape[1] != x.shape[1]:
        raise ValueError(f"K has {K.shape[1]} input channels (K.shape[1]) but x has {x.shape[1]}")
    k = K.shape[-1]
    if r * min(x.shape[-2:]) + 2 * p < k:
        raise ValueError(f"the {k}x{k} kernel does not fit in the upsampled, padded input")
    W = nearest_conv_kernel(K, r)
    P = nearest_conv_padding(k, p)
    y = conv_transpose2d(x, W, stride=r, padding=max(P, 0))
    if P < 0:  # the convolution's extra padding only adds output pixels that read zeros
        y = np.pad(y, ((0, 0), (0, 0), (-P, -P), (-P, -P)))
    return y


def tie_matrix(k: int, factor: int = 2) -> np.ndarray:
    """The linear map from a k x k conv kernel to its tied transposed kernel: ``W.ravel() == T @ K.ravel()``.

    Parameters
    ----------
    k, factor : int, >= 1

    Returns
    -------
    ndarray of 0/1, shape ((k+factor-1)**2, k*k)
        Entry (i, j) is 1 when weight j of K is one of the terms of entry i of W. Its rank is ``k*k``
        (the free parameters); it has ``(k+factor-1)**2`` rows (the transposed kernel's entries).

    Examples
    --------
    >>> tie_matrix(1, 2).ravel().tolist()
    [1.0, 1.0, 1.0, 1.0]
    """
    k = check_int(k, "k", 1)
    r = check_int(factor, "factor", 1)
    basis = np.eye(k * k).reshape(k * k, k, k)
    return np.stack([nearest_conv_kernel(b, r).ravel() for b in basis], axis=1)


def phase_kernels(W, stride: int) -> list:
    """The ``stride x stride`` sub-pixel phase kernels of a transposed-conv kernel: ``W[a::s, b::s]``.

    Output pixels of one phase (one position in each ``s x s`` block) only ever meet the taps of one
    phase kernel.

    Parameters
    ----------
    W : array_like, shape (k, k)
    stride : int, >= 1

    Returns
    -------
    list of lists of ndarray
        ``[[W[0::s, 0::s], W[0::s, 1::s], ...], ...]``; empty arrays where ``k < s``.
    """
    W = as_float_array(W, "W", ndim=2)
    s = check_int(stride, "stride", 1)
    return [[W[a::s, b::s] for b in range(s)] for a in range(s)]


def phase_sums(W, stride: int) -> np.ndarray:
    """The sum of each phase kernel, ``phase_sums[a, b] = W[a::s, b::s].sum()``.

    On a constant input 1, the interior output pixels of the transposed convolution take exactly these
    ``s * s`` values: unequal sums mean a periodic (checkerboard) pattern.

    Parameters
    ----------
    W : array_like, shape (k, k)
    stride : int, >= 1

    Returns
    -------
    ndarray, shape (stride, stride)

    Examples
    --------
    >>> phase_sums(np.ones((3, 3)), 2)
    array([[4., 2.],
           [2., 1.]])
    """
    return np.array([[phase.sum() for phase in row] for row in phase_kernels(W, stride)])


def phase_groups(k: int, factor: int = 2, padding: int = 0) -> dict:
    """Which conv taps each output phase adds together, along one axis (the sub-pixel view).

    After nearest upsampling by ``r`` and a conv with padding ``p``, output pixel ``r*i + phi`` reads
    repeated pixel ``r*i + phi - p + a`` with tap ``a``, i.e. input pixel ``i + (phi - p + a) // r``.
    Taps landing on the same input pixel are summed: the phase kernel's weights are sums of groups of
    the original ones.

    Parameters
    ----------
    k, factor : int, >= 1
    padding : int, >= 0

    Returns
    -------
    dict
        ``{phi: {offset: [taps]}}`` for ``phi = 0 .. factor-1``, offsets in increasing order.

    Examples
    --------
    >>> phase_groups(3, 2, 1)
    {0: {-1: [0], 0: [1, 2]}, 1: {0: [0, 1], 1: [2]}}
    """
    k = check_int(k, "k", 1)
    r = check_int(factor, "factor", 1)
    p = check_int(padding, "padding", 0)
    out = {}
    for phi in range(r):
        groups: dict = {}
        for a in range(k):
            groups.setdefault((phi - p + a) // r, []).append(a)
        out[phi] = groups
    return out


def same_transposed_padding(k: int, stride: int) -> tuple:
    """PyTorch ``(padding, output_padding)`` making a transposed conv's output exactly ``stride * H``.

    ``padding = max(0, ceil((k - stride) / 2))``, ``output_padding = stride - k + 2 * padding``.

    Raises
    ------
    ValueError
        When the needed ``output_padding`` is not below ``stride`` (even ``k - stride`` with stride 1 is
        fine; odd ``k - stride`` with ``stride == 1`` has no symmetric setting).

    Examples
    --------
    >>> same_transposed_padding(3, 2)
    (1, 1)
    """
    k = check_int(k, "k", 1)
    s = check_int(stride, "stride", 1)
    p = max(0, -(-(k - s) // 2))
    op = s - k + 2 * p
    if op >= s:
        raise ValueError(f"no symmetric padding gives output stride*H for k={k}, stride={s}")
    return p, op


# ----------------------------------------------------------------------------------------- measures


def total_variation(y) -> float:
    """Mean absolute difference between horizontal and vertical neighbours of a 2-D map (or the last two axes)."""
    y = as_float_array(y, "y")
    if y.ndim < 2 or min(y.shape[-2:]) < 2:
        raise ValueError(f"y must be at least 2x2 in its last two axes, got shape {y.shape}")
    return float((np.abs(np.diff(y, axis=-1)).mean() + np.abs(np.diff(y, axis=-2)).mean()) / 2)


def periodic_energy(y, period: int = 2) -> float:
    """Fraction of a 2-D map's non-constant energy at the frequencies of a ``period``-periodic pattern.

    Takes the 2-D DFT of ``y`` (last two axes, whose lengths must be multiples of ``period``) and returns
    the energy at the frequencies ``(m H / period, n W / period)`` other than (0, 0), divided by all
    energy other than the mean's. A pattern repeating every ``period`` pixels lives exactly there; a
    smooth image has almost none.

    Examples
    --------
    >>> periodic_energy(np.indices((4, 4)).sum(0) % 2)
    1.0
    """
    y = as_float_array(y, "y")
    s = check_int(period, "period", 2)
    h, w = y.shape[-2:]
    if h % s or w % s:
        raise ValueError(f"y's height and width must be multiples of period={s}, got {h}x{w}")
    power = np.abs(np.fft.fft2(y)) ** 2
    total = power.sum(axis=(-2, -1)) - power[..., 0, 0]
    periodic = power[..., :: h // s, :: w // s].sum(axis=(-2, -1)) - power[..., 0, 0]
    return float(np.sum(periodic) / np.sum(total)) if np.sum(total) > 0 else 0.0


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

    from . import interactive_figure

    style = {"description_width": "initial"}
    controls = {
        "method": W.Dropdown(options=list(METHODS), value=METHODS[1], description="method", style=style),
        "k": W.SelectionSlider(options=[1, 3, 5], value=3, description="kernel size k", style=style),
        "factor": W.IntSlider(value=2, min=1, max=3, description="factor / stride", style=style),
        "pattern": W.Dropdown(options=list(PATTERNS), value=PATTERNS[1], description="input", style=style),
        "weights": W.Dropdown(options=["ones", "random"], value="ones", description="weights", style=style),
    }
    return interactive_figure(draw_pipeline, controls, figsize=(11, 3.4), columns=3)
