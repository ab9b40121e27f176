"""Convolution and transposed convolution from scratch, with PyTorch's semantics.

Layouts follow PyTorch: feature maps are (N, C, H, W); a convolution weight is (C_out, C_in, kH, kW);
a transposed-convolution weight is (C_in, C_out, kH, kW). Like every deep-learning framework, the
"convolution" here is a cross-correlation: the kernel is not flipped.

Besides the layers, the pieces the lessons take apart: :func:`scatter_add_steps` (05: a transposed
convolution as one scatter-add per input element), :func:`transpose_geometry` (06: sizes and overlap
counts in 1-D), :func:`conv_matrix_ids` and :func:`pixel_reads` (07: which weight sits where in the
convolution matrix; :func:`im2col` and :func:`col2im`, how frameworks lower both to a matrix product)
and, for lesson 08, the full-convolution view (:func:`zero_insert_pad`,
:func:`transposed_conv_as_full_conv`) and nearest + conv as one transposed convolution with a tied kernel
(:func:`nearest_conv_kernel`, :func:`nearest_conv_as_transposed`, :func:`tie_matrix`), its sub-pixel
phases (:func:`phase_kernels`, :func:`phase_sums`, :func:`phase_groups`) and
:func:`same_transposed_padding`.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, check_int, check_pair

__all__ = [
    "conv2d",
    "conv_transpose2d",
    "trans_conv",
    "conv_matrix",
    "conv_output_size",
    "conv_transpose_output_size",
    "zero_insert",
    "dilate_kernel",
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
    "scatter_add_steps",
    "transpose_geometry",
    "conv_matrix_ids",
    "pixel_reads",
]


def _weights(x, w, bias, w_name="w"):
    x = as_float_array(x, "x", ndim=4)
    w = as_float_array(w, w_name, ndim=4)
    dtype = np.result_type(x.dtype, w.dtype)
    if bias is not None:
        bias = as_float_array(bias, "bias", ndim=1)
        dtype = np.result_type(dtype, bias.dtype)
    return x.astype(dtype, copy=False), w.astype(dtype, copy=False), bias, dtype


def conv_output_size(i, k, stride=1, padding=0, dilation=1) -> int:
    """Output length of a convolution along one axis.

    .. math:: o = \\left\\lfloor \\frac{i + 2p - d(k-1) - 1}{s} \\right\\rfloor + 1

    Parameters
    ----------
    i, k : int
        Input length and kernel size (>= 1).
    stride, dilation : int
        >= 1.
    padding : int
        >= 0.

    This is the formula itself: when the kernel is larger than the padded input it returns a value
    below 1 (:func:`conv2d` refuses such settings with a ValueError).

    Examples
    --------
    >>> conv_output_size(8, 3, stride=2, padding=1)
    4
    """
    i, k = check_int(i, "i", 1), check_int(k, "k", 1)
    s, p, d = check_int(stride, "stride", 1), check_int(padding, "padding", 0), check_int(dilation, "dilation", 1)
    return (i + 2 * p - d * (k - 1) - 1) // s + 1


def _positive_conv_size(i, k, s, p, d) -> int:
    span = d * (k - 1) + 1
    if i + 2 * p < span:
        raise ValueError(
            f"kernel (effective size d*(k-1)+1 = {span}) is larger than the padded input "
            f"(i + 2*padding = {i + 2 * p}); need i + 2*padding >= d*(k-1)+1"
        )
    return conv_output_size(i, k, s, p, d)


def conv_transpose_output_size(i, k, stride=1, padding=0, output_padding=0, dilation=1) -> int:
    """Output length of a transposed convolution along one axis.

    .. math:: o = (i - 1)s - 2p + d(k - 1) + \\text{output\\_padding} + 1

    ``output_padding`` must be smaller than ``max(stride, dilation)`` (PyTorch's rule). This is the
    formula itself: when ``padding`` crops everything it returns a value below 1 (the layers,
    :func:`conv_transpose2d` and :func:`trans_conv`, refuse such settings with a ValueError).

    Examples
    --------
    >>> conv_transpose_output_size(4, 3, stride=2, padding=1, output_padding=1)
    8
    """
    i, k = check_int(i, "i", 1), check_int(k, "k", 1)
    s, p, d = check_int(stride, "stride", 1), check_int(padding, "padding", 0), check_int(dilation, "dilation", 1)
    op = check_int(output_padding, "output_padding", 0)
    if op >= max(s, d):
        raise ValueError(f"output_padding must be smaller than max(stride, dilation) = {max(s, d)}, got {op}")
    return (i - 1) * s - 2 * p + d * (k - 1) + op + 1


def _positive_transpose_size(i, k, s, p, op, d) -> int:
    o = conv_transpose_output_size(i, k, s, p, op, d)
    if o < 1:
        raise ValueError(f"padding={p} crops everything: the output size would be {o}; use a smaller padding")
    return o


def conv2d(x, w, bias=None, stride=1, padding=0, dilation=1):
    """2-D convolution (cross-correlation), like ``torch.nn.functional.conv2d`` with ``groups=1``.

    Parameters
    ----------
    x : array_like, shape (N, C_in, H, W)
    w : array_like, shape (C_out, C_in, kH, kW)
    bias : array_like, shape (C_out,), optional
    stride, dilation : int or (int, int)
        >= 1.
    padding : int or (int, int)
        Zeros added on both sides of each spatial axis, >= 0.

    Returns
    -------
    ndarray, shape (N, C_out, H_out, W_out)
        ``H_out = conv_output_size(H, kH, stride, padding, dilation)``, likewise ``W_out``.

    Notes
    -----
    Vectorized as one matrix product per kernel offset: for each (a, b), the strided slice of the
    padded (channels-last) input that meets tap ``w[:, :, a, b]`` is multiplied over the input channels.

    Examples
    --------
    >>> x = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> conv2d(x, np.ones((1, 1, 2, 2)))[0, 0]
    array([[ 8., 12.],
           [20., 24.]])
    """
    x, w, bias, dtype = _weights(x, w, bias)
    s, p, d = check_pair(stride, "stride", 1), check_pair(padding, "padding", 0), check_pair(dilation, "dilation", 1)
    n, c_in, h, wd = x.shape
    c_out, c_w, kh, kw = w.shape
    if c_w != c_in:
        raise ValueError(f"w has {c_w} input channels (w.shape[1]) but x has {c_in} (x.shape[1])")
    if bias is not None and bias.shape[0] != c_out:
        raise ValueError(f"bias must have C_out = {c_out} entries, got {bias.shape[0]}")
    ho = _positive_conv_size(h, kh, s[0], p[0], d[0])
    wo = _positive_conv_size(wd, kw, s[1], p[1], d[1])
    # Channels-last, so that each strided slice is a stack of (W_out, C_in) matrices BLAS reads in place.
    xp = np.pad(x.transpose(0, 2, 3, 1), ((0, 0), (p[0], p[0]), (p[1], p[1]), (0, 0)))
    taps = np.ascontiguousarray(w.transpose(2, 3, 1, 0))  # (kH, kW, C_in, C_out)
    out = np.zeros((n, ho, wo, c_out), dtype=dtype)
    for a in range(kh):
        for b in range(kw):
            r0, c0 = a * d[0], b * d[1]
            out += xp[:, r0 : r0 + s[0] * (ho - 1) + 1 : s[0], c0 : c0 + s[1] * (wo - 1) + 1 : s[1]] @ taps[a, b]
    if bias is not None:
        out += bias
    return np.ascontiguousarray(out.transpose(0, 3, 1, 2))


def conv_transpose2d(x, w, bias=None, stride=1, padding=0, output_padding=0, dilation=1):
    """2-D transposed convolution, like ``torch.nn.functional.conv_transpose2d`` with ``groups=1``.

    Every input pixel scatters a copy of the kernel, scaled by its value, into the output at
    ``stride`` steps; overlapping copies add. Then ``padding`` rows/columns are cropped from each side
    and ``output_padding`` extra rows/columns are kept at the bottom/right.

    Parameters
    ----------
    x : array_like, shape (N, C_in, H, W)
    w : array_like, shape (C_in, C_out, kH, kW)
        PyTorch's ConvTranspose2d layout (note: in, out).
    bias : array_like, shape (C_out,), optional
    stride, dilation : int or (int, int)
        >= 1.
    padding : int or (int, int)
        >= 0; crops the output.
    output_padding : int or (int, int)
        >= 0 and smaller than ``max(stride, dilation)`` on each axis.

    Returns
    -------
    ndarray, shape (N, C_out, H_out, W_out)
        ``H_out = (H - 1) s - 2p + d (kH - 1) + output_padding + 1``.

    Notes
    -----
    Vectorized: one matrix product gives every input pixel's scaled kernel, then one slice-add per
    kernel offset scatters them. The adds go into ``stride x stride`` phase images (output row
    ``s*i + q`` is row ``i`` of phase ``q``), where each kernel offset is a plain shift; the phases
    are interleaved into the output once at the end.

    Examples
    --------
    >>> X = np.array([[0.0, 1.0], [2.0, 3.0]])[None, None]
    >>> conv_transpose2d(X, X)[0, 0]
    array([[ 0.,  0.,  1.],
           [ 0.,  4.,  6.],
           [ 4., 12.,  9.]])
    """
    x, w, bias, dtype = _weights(x, w, bias)
    s, p, d = check_pair(stride, "stride", 1), check_pair(padding, "padding", 0), check_pair(dilation, "dilation", 1)
    op = check_pair(output_padding, "output_padding", 0)
    n, c_in, h, wd = x.shape
    c_w, c_out, kh, kw = w.shape
    if c_w != c_in:
        raise ValueError(f"w has {c_w} input channels (w.shape[0], layout (C_in, C_out, kH, kW)) but x has {c_in}")
    if bias is not None and bias.shape[0] != c_out:
        raise ValueError(f"bias must have C_out = {c_out} entries, got {bias.shape[0]}")
    ho = _positive_transpose_size(h, kh, s[0], p[0], op[0], d[0])
    wo = _positive_transpose_size(wd, kw, s[1], p[1], op[1], d[1])
    full_h = (h - 1) * s[0] + d[0] * (kh - 1) + 1 + op[0]
    full_w = (wd - 1) * s[1] + d[1] * (kw - 1) + 1 + op[1]
    # Every input pixel's scaled kernels at once: (kH*kW*C_out, C_in) @ (C_in, H*W) per image, so that each
    # tap's (C_out, H, W) block is contiguous.
    taps = np.ascontiguousarray(w.transpose(2, 3, 1, 0)).reshape(kh * kw * c_out, c_in)
    spread = np.matmul(taps, x.reshape(n, c_in, h * wd)).reshape(n, kh, kw, c_out, h, wd)
    # Scatter-add in phases: output row r = s*i + q is row i of phase q, so tap a (offset a*d) adds its block
    # at rows divmod(a*d, s) of the phase buffer: a plain shifted add, no strided writes.
    bh, bw = -(-full_h // s[0]), -(-full_w // s[1])
    phases = np.zeros((n, c_out, s[0], s[1], bh, bw), dtype=dtype)
    for a in range(kh):
        ra, qa = divmod(a * d[0], s[0])
        for b in range(kw):
            rb, qb = divmod(b * d[1], s[1])
            phases[:, :, qa, qb, ra : ra + h, rb : rb + wd] += spread[:, a, b]
    full = np.empty((n, c_out, bh * s[0], bw * s[1]), dtype=dtype)
    for qa in range(s[0]):             # interleave the phases back into output rows and columns
        for qb in range(s[1]):
            full[:, :, qa :: s[0], qb :: s[1]] = phases[:, :, qa, qb]
    out = full[:, :, p[0] : p[0] + ho, p[1] : p[1] + wo]
    if bias is not None:
        return out + bias[:, None, None]
    return np.ascontiguousarray(out)


def trans_conv(X, K, stride=1, padding=0):
    """Single-channel transposed convolution written as the readable scatter-add loop.

    This is the loop lesson 05 teaches, kept as a loop on purpose: for each input element ``X[i, j]``,
    add ``X[i, j] * K`` into the output window that starts at ``(i*stride, j*stride)``; finally crop
    ``padding`` from every side. It equals :func:`conv_transpose2d` on one channel; use that one for
    speed.

    Parameters
    ----------
    X : array_like, shape (H, W)
    K : array_like, shape (kH, kW)
    stride : int, >= 1
    padding : int, >= 0

    Returns
    -------
    ndarray, shape ((H-1)*stride + kH - 2*padding, (W-1)*stride + kW - 2*padding)

    Examples
    --------
    >>> X = np.array([[0.0, 1.0], [2.0, 3.0]])
    >>> trans_conv(X, X)
    array([[ 0.,  0.,  1.],
           [ 0.,  4.,  6.],
           [ 4., 12.,  9.]])
    """
    X = as_float_array(X, "X", ndim=2)
    K = as_float_array(K, "K", ndim=2)
    s = check_int(stride, "stride", 1)
    p = check_int(padding, "padding", 0)
    h, w = X.shape
    kh, kw = K.shape
    _positive_transpose_size(h, kh, s, p, 0, 1)  # validates that padding leaves something
    _positive_transpose_size(w, kw, s, p, 0, 1)
    Y = np.zeros(((h - 1) * s + kh, (w - 1) * s + kw), dtype=np.result_type(X.dtype, K.dtype))
    for i in range(h):
        for j in range(w):
            Y[i * s : i * s + kh, j * s : j * s + kw] += X[i, j] * K
    return Y[p : Y.shape[0] - p, p : Y.shape[1] - p]


def conv_matrix(K, input_shape, stride=1, padding=0):
    """The dense matrix V of a single-channel convolution, so that ``conv2d(X, K).ravel() == V @ X.ravel()``.

    Its transpose performs the matching transposed convolution: ``(V.T @ Y.ravel()).reshape(input_shape)``
    equals ``conv_transpose2d(Y, K, stride, padding, output_padding)`` with the ``output_padding`` that
    brings the size back to ``input_shape``.

    Parameters
    ----------
    K : array_like, shape (kH, kW)
    input_shape : (int, int)
        (H, W) of the input X.
    stride : int or (int, int), >= 1
    padding : int or (int, int), >= 0

    Returns
    -------
    ndarray, shape (H_out * W_out, H * W)
        Row r holds the kernel weights at the input positions output pixel r reads (zero elsewhere).

    Examples
    --------
    >>> conv_matrix(np.array([[1.0, 2.0]]), (1, 3))
    array([[1., 2., 0.],
           [0., 1., 2.]])
    """
    K = as_float_array(K, "K", ndim=2)
    if not isinstance(input_shape, (tuple, list)) or len(input_shape) != 2:
        raise ValueError(f"input_shape must be a pair (H, W), got {input_shape!r}")
    h = check_int(input_shape[0], "input_shape[0]", 1)
    w = check_int(input_shape[1], "input_shape[1]", 1)
    # Convolve every one-hot basis image at once: column j of V is conv2d(e_j).
    basis = np.eye(h * w, dtype=K.dtype).reshape(h * w, 1, h, w)
    responses = conv2d(basis, K[None, None], stride=stride, padding=padding)
    return responses.reshape(h * w, -1).T.copy()


def zero_insert(x, stride):
    """Insert ``stride - 1`` zeros between neighbours along the last two axes.

    Parameters
    ----------
    x : array_like, shape (..., H, W)
    stride : int or (int, int), >= 1

    Returns
    -------
    ndarray, shape (..., (H-1)*s_h + 1, (W-1)*s_w + 1)

    Examples
    --------
    >>> zero_insert(np.array([[1.0, 2.0], [3.0, 4.0]]), 2)
    array([[1., 0., 2.],
           [0., 0., 0.],
           [3., 0., 4.]])
    """
    x = as_float_array(x, "x")
    if x.ndim < 2:
        raise ValueError(f"x must have at least 2 dimensions (..., H, W), got shape {x.shape}")
    s = check_pair(stride, "stride", 1)
    h, w = x.shape[-2:]
    out = np.zeros((*x.shape[:-2], (h - 1) * s[0] + 1, (w - 1) * s[1] + 1), dtype=x.dtype)
    out[..., :: s[0], :: s[1]] = x
    return out


def dilate_kernel(K, dilation):
    """The dilated kernel: ``dilation - 1`` zeros inserted between taps on the last two axes.

    ``conv2d(x, dilate_kernel(w, d)) == conv2d(x, w, dilation=d)``.

    Parameters
    ----------
    K : array_like, shape (kH, kW) or (C_out, C_in, kH, kW)
    dilation : int or (int, int), >= 1

    Returns
    -------
    ndarray, shape (..., d*(kH-1)+1, d*(kW-1)+1)

    Examples
    --------
    >>> dilate_kernel(np.ones((2, 2)), 3)
    array([[1., 0., 0., 1.],
           [0., 0., 0., 0.],
           [0., 0., 0., 0.],
           [1., 0., 0., 1.]])
    """
    K = as_float_array(K, "K")
    if K.ndim < 2:
        raise ValueError(f"K must have at least 2 dimensions (..., kH, kW), got shape {K.shape}")
    return zero_insert(K, check_pair(dilation, "dilation", 1))


# -------------------- the full-convolution view and the tied kernel of nearest + conv (lesson 08)


def _feature_maps(x) -> np.ndarray:
    """``x`` as a float array of at least 2 dimensions (..., H, W); ValueError naming ``x`` otherwise."""
    x = as_float_array(x, "x")
    if x.ndim < 2:
        raise ValueError(f"x must have at least 2 dimensions (..., H, W), got shape {x.shape}")
    return x


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


# ---------------------------------------------- transposed convolution as scatter-add (lesson 05)


def scatter_add_steps(X, K, stride: int = 1) -> dict:
    """Every input element's partial output of the transposed convolution of ``X`` with ``K``.

    Parameters
    ----------
    X : array_like, shape (H, W)
    K : array_like, shape (kH, kW)
    stride : int, >= 1

    Returns
    -------
    dict
        ``"partials"``: array (H*W, H_out, W_out), partial output of element ``t = i*W + j`` (``X[i, j] * K``
        written at rows ``i*s .. i*s + kH - 1`` and columns ``j*s .. j*s + kW - 1``, zeros elsewhere);
        ``"positions"``: list of ``(i, j)`` in row-major order; ``"corners"``: list of the windows' top-left
        corners ``(i*s, j*s)``; ``"result"``: the sum of the partials, (H_out, W_out) with
        ``H_out = (H - 1)*s + kH``; ``"shape"``: ``(H_out, W_out)``.

    Examples
    --------
    >>> steps = scatter_add_steps([[0, 1], [2, 3]], [[0, 1], [2, 3]])
    >>> steps["result"]
    array([[ 0.,  0.,  1.],
           [ 0.,  4.,  6.],
           [ 4., 12.,  9.]])
    >>> steps["corners"]
    [(0, 0), (0, 1), (1, 0), (1, 1)]
    """

    X = as_float_array(X, "X", ndim=2)
    K = as_float_array(K, "K", ndim=2)
    s = check_int(stride, "stride", min_value=1)
    h, w = X.shape
    kh, kw = K.shape
    shape = ((h - 1) * s + kh, (w - 1) * s + kw)
    partials = np.zeros((h * w, *shape))
    positions, corners = [], []
    for t, (i, j) in enumerate(np.ndindex(h, w)):
        partials[t, i * s : i * s + kh, j * s : j * s + kw] = X[i, j] * K
        positions.append((i, j))
        corners.append((i * s, j * s))
    return {
        "partials": partials,
        "positions": positions,
        "corners": corners,
        "result": partials.sum(axis=0),
        "shape": shape,
    }


# ------------------------------------------------ 1-D transposed-convolution geometry (lesson 06)


def _formula_text(i: int, k: int, s: int, p: int, output_padding: int) -> str:
    """The output-size formula with the numbers filled in, e.g. ``'(3-1)·2 - 2·1 + (3-1) + 1 + 1 = 6'``."""
    size = (i - 1) * s - 2 * p + (k - 1) + output_padding + 1
    return f"({i}-1)·{s} - 2·{p} + ({k}-1) + {output_padding} + 1 = {size}"


def transpose_geometry(i: int, k: int, s: int, p: int = 0, output_padding: int = 0) -> dict:
    """Sizes and overlap counts of a 1-D transposed convolution (dilation 1), or why it is invalid.

    The overlap count of an output pixel is how many (input element, kernel tap) pairs write into it:
    the output of an all-ones kernel on an all-ones input.

    Parameters
    ----------
    i : int
        Input length, >= 1.
    k : int
        Kernel length, >= 1.
    s : int
        Stride, >= 1.
    p : int
        Padding, >= 0: positions cropped from each end of the full output.
    output_padding : int
        >= 0: positions added back at the end. PyTorch and Keras need ``output_padding < s``.

    Returns
    -------
    dict
        ``"valid"`` (bool) and ``"message"`` (``""`` when valid, else why not); ``"full"``: length of
        the uncropped output ``(i-1)*s + k``; ``"size"``: ``full - 2p + output_padding`` (may be <= 0
        when invalid); ``"formula"``: the output-size formula with the numbers filled in, e.g.
        ``'(3-1)·2 - 2·1 + (3-1) + 1 + 1 = 6'``; ``"starts"``: int array (i,), where each input's copy of
        the kernel starts in the full output; ``"full_counts"``: int array (full,),
        overlap counts of the full output; ``"counts"``: int array (size,), overlap count per output
        pixel (zeros where output_padding reaches past the full output), empty when invalid;
        ``"window"``: ``(p, p + size)``, the output's place in full-output coordinates;
        ``"added"``: ``(full - p, full - p + output_padding)``, the positions output_padding adds.

    Examples
    --------
    >>> g = transpose_geometry(3, 3, 2, p=1, output_padding=1)
    >>> g["size"], g["full_counts"].tolist(), g["counts"].tolist()
    (6, [1, 1, 2, 1, 2, 1, 1], [1, 2, 1, 2, 1, 1])
    >>> transpose_geometry(3, 3, 2, output_padding=2)["message"][:37]
    'output_padding must be smaller than s'
    """

    from .artifacts import overlap_count  # the counts are computed once, there

    i = check_int(i, "i", min_value=1)
    k = check_int(k, "k", min_value=1)
    s = check_int(s, "s", min_value=1)
    p = check_int(p, "p", min_value=0)
    output_padding = check_int(output_padding, "output_padding", min_value=0)
    full = (i - 1) * s + k
    size = full - 2 * p + output_padding
    starts = np.arange(i) * s
    full_counts = overlap_count(i, k, s)
    message = ""
    if output_padding >= s:
        message = (f"output_padding must be smaller than stride: output_padding={output_padding}, "
                   f"stride={s}. PyTorch and Keras both refuse it (a larger value would add positions "
                   "no input reaches; a bigger stride is what adds rows).")
    elif size <= 0:
        message = (f"output size {_formula_text(i, k, s, p, output_padding)} is not positive: padding "
                   f"crops 2·{p} = {2 * p} positions from a full output of only {full}.")
    counts = overlap_count(i, k, s, p, output_padding) if not message else np.zeros(0, dtype=np.int64)
    return {
        "valid": not message,
        "message": message,
        "full": full,
        "size": size,
        "formula": _formula_text(i, k, s, p, output_padding),
        "starts": starts,
        "full_counts": full_counts,
        "counts": counts,
        "window": (p, p + size),
        "added": (full - p, full - p + output_padding),
    }


# --------------------------------------------- the convolution matrix, entry by entry (lesson 07)


def conv_matrix_ids(n: int, k: int, stride: int = 1, padding: int = 0) -> dict:
    """Which kernel weight sits in each entry of the convolution matrix V of an n x n input.

    Parameters
    ----------
    n : int
        Input height and width, >= 1.
    k : int
        Kernel height and width, >= 1.
    stride : int
        >= 1.
    padding : int
        >= 0 (zeros around the input, as in ``torch.nn.functional.conv2d``).

    Returns
    -------
    dict
        ``"valid"`` (bool) and ``"message"`` (why not, ``""`` when valid); ``"out"``: output height and
        width ``(n + 2p - k) // s + 1``; ``"shape"``: the shape of V, ``(out*out, n*n)``; ``"ids"``: int
        array of that shape, ``a*k + b`` where V holds ``w[a, b]`` and ``-1`` where it holds 0;
        ``"rows"``, ``"cols"``: the taps' row and column ``a``, ``b`` (``-1`` at zeros); ``"nnz"`` and
        ``"density"``: number and fraction of non-zero entries. Invalid settings (kernel larger than
        the padded input) give empty arrays.

    Examples
    --------
    >>> g = conv_matrix_ids(3, 2)
    >>> g["shape"], g["nnz"]
    ((4, 9), 16)
    >>> g["ids"][0].tolist()
    [0, 1, -1, 2, 3, -1, -1, -1, -1]
    """

    n = check_int(n, "n", min_value=1)
    k = check_int(k, "k", min_value=1)
    stride = check_int(stride, "stride", min_value=1)
    padding = check_int(padding, "padding", min_value=0)
    out = (n + 2 * padding - k) // stride + 1
    if n + 2 * padding < k:
        empty = np.zeros((0, n * n), dtype=np.int64)
        return {"valid": False, "out": 0, "shape": (0, n * n), "ids": empty, "rows": empty, "cols": empty,
                "nnz": 0, "density": 0.0,
                "message": f"the {k}x{k} kernel does not fit in the padded {n + 2 * padding}x{n + 2 * padding} input"}
    # Each entry of V is a single weight, so a kernel holding 1, 2, ..., k*k gives every entry's id + 1.
    numbered = np.arange(1, k * k + 1, dtype=np.float64).reshape(k, k)
    ids = np.rint(conv_matrix(numbered, (n, n), stride=stride, padding=padding)).astype(np.int64) - 1
    rows = np.where(ids >= 0, ids // k, -1)
    cols = np.where(ids >= 0, ids % k, -1)
    nnz = int((ids >= 0).sum())
    return {"valid": True, "message": "", "out": out, "shape": ids.shape, "ids": ids, "rows": rows,
            "cols": cols, "nnz": nnz, "density": nnz / ids.size}


def pixel_reads(n: int, k: int, stride: int, padding: int, pixel: int) -> dict:
    """What output pixel ``pixel`` (a row of the convolution matrix V, row-major over the output) reads.

    Parameters
    ----------
    n, k, stride, padding : int
        As in :func:`conv_matrix_ids`; the kernel must fit in the padded input.
    pixel : int
        The output pixel, ``0 <= pixel < out * out``.

    Returns
    -------
    dict
        ``"pixel"``, ``"position"``: its ``(row, col)`` in the output;
        ``"start"``: where its window starts in *padded* input coordinates, ``(row*s, col*s)``;
        ``"taps"``: list of ``(a, b, i, j, inside)``: tap ``w[a, b]`` meets input pixel ``(i, j)``
        (unpadded coordinates), ``inside`` False when that is a padding zero (then the tap is missing
        from V's row); ``"row_ids"``: V's row reshaped to ``(n, n)``.

    Raises
    ------
    ValueError
        If the kernel does not fit in the padded input, or ``pixel`` is outside ``[0, out * out)``.

    Examples
    --------
    >>> r = pixel_reads(4, 3, 1, 0, 3)
    >>> r["position"], r["row_ids"][1:, 1:].tolist()
    ((1, 1), [[0, 1, 2], [3, 4, 5], [6, 7, 8]])
    """
    g = conv_matrix_ids(n, k, stride, padding)
    if not g["valid"]:
        raise ValueError(g["message"])
    pixel = check_int(pixel, "pixel", 0, g["shape"][0] - 1)
    r, c = divmod(pixel, g["out"])
    taps = []
    for a in range(k):
        for b in range(k):
            i, j = r * stride + a - padding, c * stride + b - padding
            taps.append((a, b, i, j, 0 <= i < n and 0 <= j < n))
    return {"pixel": pixel, "position": (r, c), "start": (r * stride, c * stride), "taps": taps,
            "row_ids": g["ids"][pixel].reshape(n, n)}


# ----------------------------------------- im2col and col2im: how frameworks lower it to GEMM (lesson 07)


def _patch_geometry(h, w, kernel_size, stride, padding, dilation):
    k, s = check_pair(kernel_size, "kernel_size", 1), check_pair(stride, "stride", 1)
    p, d = check_pair(padding, "padding", 0), check_pair(dilation, "dilation", 1)
    ho = _positive_conv_size(h, k[0], s[0], p[0], d[0])
    wo = _positive_conv_size(w, k[1], s[1], p[1], d[1])
    return k, s, p, d, ho, wo


def im2col(x, kernel_size, stride=1, padding=0, dilation=1):
    """Every window of a convolution as a column: ``torch.nn.functional.unfold``'s result, in NumPy.

    A convolution is then one matrix product with the kernel reshaped to a row per output channel:
    ``conv2d(x, w)`` equals ``(w.reshape(C_out, -1) @ im2col(x, k, s, p)).reshape(N, C_out, H_out, W_out)``.

    Parameters
    ----------
    x : array_like, shape (N, C, H, W)
    kernel_size : int or (int, int)
        (kH, kW), >= 1.
    stride, dilation : int or (int, int)
        >= 1.
    padding : int or (int, int)
        Zeros added on both sides of each spatial axis, >= 0.

    Returns
    -------
    ndarray, shape (N, C * kH * kW, H_out * W_out)
        Row ``(c*kH + a)*kW + b`` holds tap ``(a, b)`` of channel ``c`` (PyTorch's order); column
        ``i*W_out + j`` is the window of output pixel ``(i, j)``. Taps on the padding hold 0.

    Raises
    ------
    ValueError
        If the (dilated) kernel is larger than the padded input, or an argument is out of range.

    Examples
    --------
    >>> im2col(np.arange(9.0).reshape(1, 1, 3, 3), 2)[0]
    array([[0., 1., 3., 4.],
           [1., 2., 4., 5.],
           [3., 4., 6., 7.],
           [4., 5., 7., 8.]])
    """
    x = as_float_array(x, "x", ndim=4)
    n, c, h, w = x.shape
    k, s, p, d, ho, wo = _patch_geometry(h, w, kernel_size, stride, padding, dilation)
    xp = np.pad(x, ((0, 0), (0, 0), (p[0], p[0]), (p[1], p[1])))
    cols = np.empty((n, c, k[0], k[1], ho, wo), dtype=x.dtype)
    for a in range(k[0]):
        for b in range(k[1]):
            r0, c0 = a * d[0], b * d[1]
            cols[:, :, a, b] = xp[:, :, r0 : r0 + s[0] * (ho - 1) + 1 : s[0], c0 : c0 + s[1] * (wo - 1) + 1 : s[1]]
    return cols.reshape(n, c * k[0] * k[1], ho * wo)


def col2im(cols, output_size, kernel_size, stride=1, padding=0, dilation=1):
    """Columns back to an image, overlapping entries summed: ``torch.nn.functional.fold``, in NumPy.

    The transpose of :func:`im2col` (``<im2col(x), c> == <x, col2im(c)>``), and the scatter-add of lesson 05:
    column ``l`` is written into the window of output pixel ``l`` and where windows overlap the values add.
    A transposed convolution is one matrix product followed by col2im:
    ``conv_transpose2d(y, w, s, p, output_padding)`` equals
    ``col2im(w.reshape(C_in_t, -1).T @ y.reshape(N, C_in_t, -1), (H, W), k, s, p)`` where ``(H, W)`` is its
    output size and ``w`` the transposed convolution's weight ``(C_in_t, C_out_t, kH, kW)``.

    Parameters
    ----------
    cols : array_like, shape (N, C * kH * kW, L)
        Rows in :func:`im2col`'s order; ``L`` must be the number of windows that ``output_size``,
        ``kernel_size``, ``stride``, ``padding`` and ``dilation`` give.
    output_size : (int, int)
        (H, W) of the image, >= 1.
    kernel_size, stride, padding, dilation : int or (int, int)
        As in :func:`im2col`.

    Returns
    -------
    ndarray, shape (N, C, H, W)
        Entries of the padding are dropped.

    Raises
    ------
    ValueError
        If ``cols`` does not have ``C * kH * kW`` rows for some C, or ``L`` windows, or an argument is
        out of range.

    Examples
    --------
    >>> col2im(np.ones((1, 4, 4)), (3, 3), 2)[0, 0]          # how many windows cover each pixel
    array([[1., 2., 1.],
           [2., 4., 2.],
           [1., 2., 1.]])
    """
    cols = as_float_array(cols, "cols", ndim=3)
    if not isinstance(output_size, (tuple, list)) or len(output_size) != 2:
        raise ValueError(f"output_size must be a pair (H, W), got {output_size!r}")
    h = check_int(output_size[0], "output_size[0]", 1)
    w = check_int(output_size[1], "output_size[1]", 1)
    k, s, p, d, ho, wo = _patch_geometry(h, w, kernel_size, stride, padding, dilation)
    n, rows, length = cols.shape
    if rows % (k[0] * k[1]):
        raise ValueError(f"cols has {rows} rows (cols.shape[1]); need C * kH * kW = C * {k[0] * k[1]}")
    if length != ho * wo:
        raise ValueError(f"cols has {length} columns (cols.shape[2]) but output_size {(h, w)} with these "
                         f"kernel_size, stride, padding and dilation has {ho} x {wo} = {ho * wo} windows")
    c = rows // (k[0] * k[1])
    blocks = cols.reshape(n, c, k[0], k[1], ho, wo)
    out = np.zeros((n, c, h + 2 * p[0], w + 2 * p[1]), dtype=cols.dtype)
    for a in range(k[0]):
        for b in range(k[1]):
            r0, c0 = a * d[0], b * d[1]
            out[:, :, r0 : r0 + s[0] * (ho - 1) + 1 : s[0], c0 : c0 + s[1] * (wo - 1) + 1 : s[1]] += blocks[:, :, a, b]
    return np.ascontiguousarray(out[:, :, p[0] : p[0] + h, p[1] : p[1] + w])


__all__ += ["im2col", "col2im"]  # lesson 07 (appended after the lesson-08 pieces)
