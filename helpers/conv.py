"""Convolution and transposed convolution from scratch, with PyTorch's semantics.

Layouts follow PyTorch: feature maps are (N, C, H, W); a convolution weight is (C_out, C_in, kH, kW);
a transposed-convolution weight is (C_in, C_out, kH, kW). Like every deep-learning framework, the
"convolution" here is a cross-correlation: the kernel is not flipped.
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
    Vectorized: one matrix product gives every input pixel's scaled kernel, then one strided
    slice-add per kernel offset scatters them.

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
    buf = np.zeros((n, full_h, full_w, c_out), dtype=dtype)
    # (N, H, W, C_in) @ (C_in, C_out*kH*kW): each input pixel's scaled kernels, all at once.
    # Ordered (kH, kW, C_out) so that each tap's block is contiguous in the channels.
    spread = (x.transpose(0, 2, 3, 1) @ w.transpose(0, 2, 3, 1).reshape(c_in, -1)).reshape(n, h, wd, kh, kw, c_out)
    for a in range(kh):
        for b in range(kw):
            r0, c0 = a * d[0], b * d[1]
            buf[:, r0 : r0 + s[0] * (h - 1) + 1 : s[0], c0 : c0 + s[1] * (wd - 1) + 1 : s[1]] += spread[:, :, :, a, b]
    out = buf[:, p[0] : p[0] + ho, p[1] : p[1] + wo]
    if bias is not None:
        out = out + bias
    return np.ascontiguousarray(out.transpose(0, 3, 1, 2))


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
