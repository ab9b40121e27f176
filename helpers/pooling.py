"""Max pooling and the unpooling operations that invert it, from scratch in NumPy.

Every array is NCHW: ``(batch N, channels C, height H, width W)``, as in PyTorch.

- :func:`max_pool2d` follows ``torch.nn.functional.max_pool2d`` (including ``return_indices=True``).
- :func:`max_unpool2d` follows ``torch.nn.functional.max_unpool2d``: each value goes back to the
  position its index names, zeros everywhere else.
- :func:`nearest_unpool2d` and :func:`bed_of_nails_unpool2d` are the two index-free unpoolings;
  :func:`pool_unpool` pools a patch and brings it back with any of the three (lesson 10).
- :func:`tf_argmax_to_torch_indices` turns the flat NHWC indices of ``tf.nn.max_pool_with_argmax``
  into PyTorch's per-plane NCHW indices, so one :func:`max_unpool2d` serves both frameworks.

Indices are "flat within each H*W plane of the unpadded input": element ``(n, c, h, w)`` has index
``h * W + w``, whatever ``n`` and ``c`` are.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._validate import as_float_array, check_choice, check_int, check_pair
from .resize import nearest_repeat

__all__ = [
    "max_pool2d",
    "max_unpool2d",
    "nearest_unpool2d",
    "bed_of_nails_unpool2d",
    "tf_argmax_to_torch_indices",
    "UNPOOL_METHODS",
    "pool_unpool",
]


def _pool_params(kernel_size, stride, padding):
    """Validate kernel_size / stride / padding and return three (h, w) pairs."""
    kernel = check_pair(kernel_size, "kernel_size", min_value=1)
    stride = kernel if stride is None else check_pair(stride, "stride", min_value=1)
    pad = check_pair(padding, "padding", min_value=0)
    return kernel, stride, pad


def max_pool2d(x, kernel_size, stride=None, padding=0, return_indices=False):
    """2-D max pooling with PyTorch semantics (``torch.nn.functional.max_pool2d``).

    Each output pixel is the largest value in a ``kernel_size`` window of the input; windows start
    every ``stride`` pixels. ``padding`` adds that many ``-inf`` rows/columns on each side (so the
    padding can never win), and the output size is rounded down (``ceil_mode=False``)::

        H_out = (H + 2 * padding_h - kernel_h) // stride_h + 1      (same for W)

    Parameters
    ----------
    x : array_like, shape (N, C, H, W)
        Input feature maps. Floating dtypes are kept; integers/bools become float64.
    kernel_size : int or (int, int)
        Window size ``(kh, kw)``, each >= 1.
    stride : int or (int, int), optional
        Step between windows, each >= 1. Defaults to ``kernel_size`` (non-overlapping windows).
    padding : int or (int, int), default 0
        Implicit ``-inf`` padding on both sides, each >= 0 and at most half the kernel size
        (``2 * padding <= kernel_size``), exactly as PyTorch requires.
    return_indices : bool, default False
        Also return where each maximum came from.

    Returns
    -------
    out : ndarray, shape (N, C, H_out, W_out), same dtype as ``x``
        The window maxima.
    indices : ndarray of int64, shape (N, C, H_out, W_out)
        Only if ``return_indices``. Position of each maximum, flattened within its ``H * W`` plane of
        the *unpadded* input (``h * W + w``), exactly as PyTorch returns it. Ties go to the first
        maximum in scan order (row by row, left to right); if a window holds NaN the value is NaN and
        the index is the *last* NaN, again as PyTorch's CPU kernel does. Padding is never chosen.

    Raises
    ------
    ValueError
        If ``x`` is not 4-D, a size is < 1, ``padding`` is negative or exceeds ``kernel_size / 2``,
        or the output would be empty (kernel larger than the padded input).
    TypeError
        If a size is not an int, or ``return_indices`` is not a bool.

    Examples
    --------
    >>> x = np.array([[[[1., 2., 5., 0.],
    ...                 [3., 4., 1., 6.]]]])
    >>> out, idx = max_pool2d(x, 2, return_indices=True)
    >>> out
    array([[[[4., 6.]]]])
    >>> idx          # 4 sits at (1, 1) -> 1*4 + 1; 6 sits at (1, 3) -> 1*4 + 3
    array([[[[5, 7]]]])
    """
    x = as_float_array(x, "x", ndim=4)
    (kh, kw), (sh, sw), (ph, pw) = _pool_params(kernel_size, stride, padding)
    if not isinstance(return_indices, (bool, np.bool_)):
        raise TypeError(f"return_indices must be a bool, got {type(return_indices).__name__}")
    if 2 * ph > kh or 2 * pw > kw:
        raise ValueError(
            f"padding must be at most half of kernel_size (2 * padding <= kernel_size, as PyTorch "
            f"requires), got padding={(ph, pw)} for kernel_size={(kh, kw)}"
        )
    n, c, h, w = x.shape
    if h + 2 * ph < kh or w + 2 * pw < kw:
        raise ValueError(
            f"kernel_size {(kh, kw)} is larger than the padded input {(h + 2 * ph, w + 2 * pw)} "
            f"(input {(h, w)} with padding {(ph, pw)}); the output would be empty"
        )
    h_out = (h + 2 * ph - kh) // sh + 1
    w_out = (w + 2 * pw - kw) // sw + 1

    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=-np.inf)
    # (N, C, H_out, W_out, kh, kw): every window, then flattened to kh*kw in scan order.
    windows = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]
    flat = windows.reshape(n, c, h_out, w_out, kh * kw)
    out = flat.max(axis=-1)  # NaN propagates, as in PyTorch
    if not return_indices:
        return out

    # Input row/column of every window element; "valid" marks real (not padded) pixels.
    rows = np.arange(h_out)[:, None] * sh - ph + np.arange(kh)[None, :]  # (H_out, kh)
    cols = np.arange(w_out)[:, None] * sw - pw + np.arange(kw)[None, :]  # (W_out, kw)
    valid_r = (rows >= 0) & (rows < h)
    valid_c = (cols >= 0) & (cols < w)
    valid = (valid_r[:, None, :, None] & valid_c[None, :, None, :]).reshape(h_out, w_out, kh * kw)

    # First real pixel equal to the maximum (an all -inf window picks its first real pixel, as torch).
    pos = np.argmax((flat == out[..., None]) & valid, axis=-1)
    is_nan = np.isnan(flat)
    if is_nan.any():  # torch's scan updates on every NaN, so the last NaN wins
        last_nan = kh * kw - 1 - np.argmax(is_nan[..., ::-1], axis=-1)
        pos = np.where(is_nan.any(axis=-1), last_nan, pos)

    dy, dx = np.divmod(pos, kw)
    r = np.arange(h_out)[:, None] * sh - ph + dy
    q = np.arange(w_out)[None, :] * sw - pw + dx
    indices = (r * w + q).astype(np.int64)
    return out, indices


def max_unpool2d(x, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Partial inverse of :func:`max_pool2d`, with PyTorch semantics (``F.max_unpool2d``).

    Creates a zero array of the output size and writes every value of ``x`` at the flat position
    its index names in the corresponding ``(n, c)`` plane. Everything that was not a maximum is lost
    and comes back as 0. Default output size::

        H_out = (H_in - 1) * stride_h - 2 * padding_h + kernel_h      (same for W)

    Parameters
    ----------
    x : array_like, shape (N, C, H_in, W_in)
        Pooled values. Floating dtypes are kept; integers/bools become float64.
    indices : array_like of int, shape (N, C, H_in, W_in)
        Flat per-plane positions (``h * W_out + w``), e.g. from ``max_pool2d(..., return_indices=True)``,
        each in ``[0, H_out * W_out)``.
    kernel_size : int or (int, int)
        Kernel size of the pooling being undone, each >= 1.
    stride : int or (int, int), optional
        Its stride, each >= 1; defaults to ``kernel_size``.
    padding : int or (int, int), default 0
        Its padding, each >= 0.
    output_size : sequence of int, optional
        ``(H_out, W_out)``, or a 4-sequence ``(N, C, H_out, W_out)`` of which only the last two are
        used (as PyTorch). Needed when the pooling floored away rows/columns. Each entry must lie
        strictly between ``default - stride`` and ``default + stride`` (PyTorch's rule).

    Returns
    -------
    ndarray, shape (N, C, H_out, W_out), same dtype as ``x``
        Zeros except at the indexed positions. If two entries share an index, the later one (in
        C order) wins.

    Raises
    ------
    ValueError
        Wrong ndim, shape mismatch between ``x`` and ``indices``, an index outside
        ``[0, H_out * W_out)``, a bad size, ``output_size`` outside the allowed range, or an empty
        output (PyTorch silently returns an empty tensor there).
    TypeError
        If ``indices`` is not an integer array or a size is not an int.

    Examples
    --------
    >>> x = np.array([[[[1., 2.], [3., 4.]]]])
    >>> out, idx = max_pool2d(x, 2, return_indices=True)
    >>> max_unpool2d(out, idx, 2)
    array([[[[0., 0.],
             [0., 4.]]]])
    """
    x = as_float_array(x, "x", ndim=4)
    kernel, strides, pad = _pool_params(kernel_size, stride, padding)
    idx = _as_index_array(indices, "indices")
    if idx.shape != x.shape:
        raise ValueError(f"indices must have the same shape as x {x.shape}, got {idx.shape}")

    default = [(x.shape[2 + d] - 1) * strides[d] - 2 * pad[d] + kernel[d] for d in range(2)]
    if output_size is None:
        if min(default) < 1:
            raise ValueError(
                f"kernel_size {kernel}, stride {strides} and padding {pad} give a non-positive output "
                f"size {tuple(default)} for input {x.shape[2:]}; reduce padding or pass output_size"
            )
        size = tuple(default)
    else:
        size = _check_output_size(output_size, default, strides)

    n, c = x.shape[:2]
    plane = size[0] * size[1]
    if idx.min() < 0 or idx.max() >= plane:
        bad = idx[(idx < 0) | (idx >= plane)].ravel()[0]
        raise ValueError(
            f"indices must lie in [0, {plane}) for an output of size {size} (H_out * W_out = {plane}); "
            f"found {bad}"
        )
    out = np.zeros((n, c, plane), dtype=x.dtype)
    np.put_along_axis(out, idx.reshape(n, c, -1), x.reshape(n, c, -1), axis=2)
    return out.reshape(n, c, *size)


def _as_index_array(indices, name):
    if indices is None or isinstance(indices, (str, bytes)):
        raise TypeError(f"{name} must be an integer array, got {type(indices).__name__}")
    try:
        idx = np.asarray(indices)
    except Exception as exc:
        raise TypeError(f"{name} must be an integer array (could not convert: {exc})") from None
    if idx.dtype == bool or not np.issubdtype(idx.dtype, np.integer):
        raise TypeError(f"{name} must be an integer array, got dtype {idx.dtype}")
    return idx.astype(np.int64, copy=False)


def _check_output_size(output_size, default, strides):
    if isinstance(output_size, (str, bytes)) or not hasattr(output_size, "__len__"):
        raise TypeError(
            f"output_size must be a sequence (H_out, W_out) or (N, C, H_out, W_out), "
            f"got {type(output_size).__name__}"
        )
    seq = list(output_size)
    if len(seq) == 4:
        seq = seq[2:]
    if len(seq) != 2:
        raise ValueError(
            f"output_size must have 2 elements (H_out, W_out) or 4 (N, C, H_out, W_out), got {len(seq)}"
        )
    size = tuple(check_int(v, f"output_size[{d}]", min_value=1) for d, v in enumerate(seq))
    for d in range(2):
        lo, hi = default[d] - strides[d], default[d] + strides[d]
        if not lo < size[d] < hi:
            raise ValueError(
                f"output_size {size} is invalid: dim {d} must be strictly between {lo} and {hi} "
                f"(default size {default[d]} plus or minus the stride {strides[d]}, as PyTorch allows)"
            )
    return size


def nearest_unpool2d(x, r):
    """Nearest-neighbour unpooling: copy every pixel into an ``r x r`` block.

    Same as ``torch.nn.functional.interpolate(x, scale_factor=r, mode="nearest")`` for integer ``r``.

    Parameters
    ----------
    x : array_like, shape (N, C, H, W)
    r : int or (int, int)
        Upsampling factor ``(rh, rw)``, each >= 1.

    Returns
    -------
    ndarray, shape (N, C, H * rh, W * rw), same dtype as ``x``

    Examples
    --------
    >>> nearest_unpool2d(np.array([[[[1., 2.]]]]), 2)
    array([[[[1., 1., 2., 2.],
             [1., 1., 2., 2.]]]])
    """
    x = as_float_array(x, "x", ndim=4)
    return nearest_repeat(x, check_pair(r, "r", min_value=1))


def bed_of_nails_unpool2d(x, r):
    """Bed-of-nails unpooling: each pixel goes to the top-left of an ``r x r`` block of zeros.

    Parameters
    ----------
    x : array_like, shape (N, C, H, W)
    r : int or (int, int)
        Upsampling factor ``(rh, rw)``, each >= 1.

    Returns
    -------
    ndarray, shape (N, C, H * rh, W * rw), same dtype as ``x``
        ``out[..., ::rh, ::rw] == x`` and zeros elsewhere. Equals :func:`max_unpool2d` with every
        maximum assumed to sit at the top-left of its window.

    Examples
    --------
    >>> bed_of_nails_unpool2d(np.array([[[[1., 2.]]]]), 2)
    array([[[[1., 0., 2., 0.],
             [0., 0., 0., 0.]]]])
    """
    x = as_float_array(x, "x", ndim=4)
    rh, rw = check_pair(r, "r", min_value=1)
    n, c, h, w = x.shape
    out = np.zeros((n, c, h * rh, w * rw), dtype=x.dtype)
    out[:, :, ::rh, ::rw] = x
    return out


def tf_argmax_to_torch_indices(argmax, shape):
    """Convert ``tf.nn.max_pool_with_argmax`` indices into PyTorch-style per-plane NCHW indices.

    TensorFlow works in NHWC and (with ``include_batch_in_index=False``, its default) flattens the
    whole ``(H, W, C)`` image of one batch element: the maximum at row ``y``, column ``x``, channel
    ``c`` gets index ``(y * W + x) * C + c``. PyTorch flattens each ``(H, W)`` plane on its own:
    ``y * W + x``. So the conversion is ``argmax // C``, moved to NCHW layout.

    Parameters
    ----------
    argmax : array_like of int, shape (N, H_out, W_out, C)
        The ``argmax`` output of ``tf.nn.max_pool_with_argmax(..., include_batch_in_index=False)``.
    shape : sequence of 4 ints
        NHWC shape ``(N, H, W, C)`` of the tensor that was pooled (the TF input).

    Returns
    -------
    ndarray of int64, shape (N, C, H_out, W_out)
        Indices ready for :func:`max_unpool2d` / ``torch.nn.functional.max_unpool2d``.

    Raises
    ------
    ValueError
        If ``shape`` is not 4 positive ints, ``argmax`` is not 4-D with ``N`` and ``C`` matching
        ``shape``, or an index is out of range or points at another channel (for example indices
        produced with ``include_batch_in_index=True``).
    TypeError
        If ``argmax`` is not an integer array.

    Examples
    --------
    >>> # one 2x2 NHWC image with 2 channels; channel 0's max at (1, 0), channel 1's at (0, 1)
    >>> tf_argmax = np.array([[[[(1 * 2 + 0) * 2 + 0, (0 * 2 + 1) * 2 + 1]]]])   # [[[[4, 3]]]]
    >>> tf_argmax_to_torch_indices(tf_argmax, (1, 2, 2, 2))
    array([[[[2]],
    <BLANKLINE>
            [[1]]]])
    """
    idx = _as_index_array(argmax, "argmax")
    if isinstance(shape, (str, bytes)) or not hasattr(shape, "__len__") or len(shape) != 4:
        raise ValueError(f"shape must be the NHWC input shape (N, H, W, C), got {shape!r}")
    n, h, w, c = (check_int(v, f"shape[{i}]", min_value=1) for i, v in enumerate(shape))
    if idx.ndim != 4:
        raise ValueError(f"argmax must be 4-D (N, H_out, W_out, C), got {idx.ndim}-D of shape {idx.shape}")
    if idx.shape[0] != n or idx.shape[3] != c:
        raise ValueError(
            f"argmax of shape {idx.shape} does not match shape {tuple(shape)}: N and C must agree"
        )
    if idx.size and (idx.min() < 0 or idx.max() >= h * w * c):
        raise ValueError(
            f"argmax must lie in [0, H * W * C) = [0, {h * w * c}); was it made with "
            f"include_batch_in_index=True? (that flag is not supported)"
        )
    if idx.size and np.any(idx % c != np.arange(c)):
        raise ValueError("argmax entries must satisfy index % C == channel (TF's (y * W + x) * C + c layout)")
    return np.ascontiguousarray((idx // c).transpose(0, 3, 1, 2))


# -------------------------------------------------------------------- pool, then unpool (lesson 10)


UNPOOL_METHODS = ("max-unpooling", "bed of nails", "nearest")
"""The three unpoolings :func:`pool_unpool` compares (lesson 10)."""


def pool_unpool(x, k: int = 2, method: str = "max-unpooling") -> dict:
    """Max-pool a 2-D patch with a ``k x k`` window and stride ``k``, then unpool it back to its own size.

    Parameters
    ----------
    x : array_like, shape (H, W)
        The patch, H and W >= ``k``.
    k : int
        Window size and stride, >= 1.
    method : str
        One of :data:`UNPOOL_METHODS`: ``"max-unpooling"`` puts each maximum back where it was (PyTorch's
        ``max_unpool2d`` with ``output_size=(H, W)``), ``"bed of nails"`` at the top-left of its window,
        ``"nearest"`` in every pixel of its window; zeros elsewhere.

    Returns
    -------
    dict
        ``"input"`` (H, W); ``"pooled"`` (h, w) with ``h = H // k``, ``w = W // k``; ``"indices"`` (h, w)
        int64, PyTorch's flat index ``row * W + col`` of each maximum; ``"rows"``, ``"cols"`` (h, w): the
        maxima's positions; ``"unpooled"`` (H, W); ``"written"`` (H, W) bool: the pixels the method wrote;
        ``"covered"``: ``(h * k, w * k)``, the part of the patch the windows reach (the rest was floored
        away); ``"exact"``: number of pixels where ``unpooled == input``; ``"mean_abs_error"``.

    Raises
    ------
    ValueError
        If ``x`` is not 2-D, ``k`` < 1 or larger than the patch, or ``method`` is unknown.

    Examples
    --------
    >>> d = pool_unpool([[1., 9., 2., 3.], [4., 5., 8., 6.]], 2)
    >>> d["pooled"].tolist(), d["indices"].tolist(), d["unpooled"].tolist()
    ([[9.0, 8.0]], [[1, 6]], [[0.0, 9.0, 0.0, 0.0], [0.0, 0.0, 8.0, 0.0]])
    """
    x = as_float_array(x, "x", ndim=2)
    k = check_int(k, "k", min_value=1)
    method = check_choice(method, "method", UNPOOL_METHODS)
    H, W = x.shape
    if k > min(H, W):
        raise ValueError(f"k must be at most the patch size {min(H, W)}, got {k}")
    pooled, idx = max_pool2d(x[None, None], k, return_indices=True)
    h, w = pooled.shape[2:]
    covered = (h * k, w * k)
    written = np.zeros((H, W), dtype=bool)
    if method == "max-unpooling":
        up = max_unpool2d(pooled, idx, k, output_size=(H, W))[0, 0]
        written.ravel()[idx.ravel()] = True
    else:
        small = (bed_of_nails_unpool2d if method == "bed of nails" else nearest_unpool2d)(pooled, k)[0, 0]
        up = np.zeros((H, W))
        up[:covered[0], :covered[1]] = small
        if method == "bed of nails":
            written[:covered[0]:k, :covered[1]:k] = True
        else:
            written[:covered[0], :covered[1]] = True
    rows, cols = np.divmod(idx[0, 0], W)
    return {"input": x, "pooled": pooled[0, 0], "indices": idx[0, 0], "rows": rows, "cols": cols,
            "unpooled": up, "written": written, "covered": covered, "method": method, "k": k,
            "exact": int((up == x).sum()), "mean_abs_error": float(np.abs(up - x).mean())}
