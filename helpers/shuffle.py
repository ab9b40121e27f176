"""Pixel shuffle (sub-pixel convolution) and its TensorFlow twin depth-to-space, from scratch in NumPy.

Both turn ``r * r`` channels into an ``r x r`` block of pixels. They differ only in *which* channel
lands where:

- PyTorch ``pixel_shuffle`` (NCHW) uses the **CRD** order (channel, row, column): input channel
  ``c * r * r + i * r + j`` goes to output channel ``c`` at position ``(h * r + i, w * r + j)``.
- TensorFlow ``depth_to_space`` (NHWC) uses the **DCR** order (depth-row-column, i.e. block position
  first): input channel ``(i * r + j) * C + c`` goes to output channel ``c`` at ``(h * r + i, w * r + j)``.

With one output channel (``C == 1``) the two orders coincide; otherwise
:func:`crd_to_dcr_permutation` converts feature maps (or the conv weights that produce them) from one
order to the other. :func:`nchw_to_nhwc` / :func:`nhwc_to_nchw` switch layouts. :func:`channel_map`
shows, for one input pixel, which input channel lands at each sub-pixel position in either order.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, check_choice, check_int

__all__ = [
    "pixel_shuffle",
    "pixel_unshuffle",
    "depth_to_space",
    "space_to_depth",
    "crd_to_dcr_permutation",
    "dcr_to_crd_permutation",
    "nchw_to_nhwc",
    "nhwc_to_nchw",
    "channel_map",
]


def _check_divisible(channels, r, name):
    if channels % (r * r):
        raise ValueError(
            f"{name} ({channels}) must be divisible by r * r = {r * r} (r = {r}), "
            f"got remainder {channels % (r * r)}"
        )
    return channels // (r * r)


def _check_spatial(h, w, r):
    if h % r or w % r:
        raise ValueError(f"height and width ({h}, {w}) must both be divisible by r = {r}")


def pixel_shuffle(x, r):
    """Rearrange channels into space, PyTorch semantics (``torch.nn.functional.pixel_shuffle``).

    CRD order: input channel ``c * r * r + i * r + j`` goes to output channel ``c``, position
    ``(h * r + i, w * r + j)``.

    Parameters
    ----------
    x : array_like, shape (N, C * r * r, H, W)
        NCHW input. Floating dtypes are kept; integers/bools become float64.
    r : int
        Upscale factor, >= 1.

    Returns
    -------
    ndarray, shape (N, C, H * r, W * r), same dtype as ``x``

    Raises
    ------
    ValueError
        If ``x`` is not 4-D, ``r < 1``, or the channel count is not divisible by ``r * r``.
    TypeError
        If ``r`` is not an int (floats and bools are rejected).

    Examples
    --------
    >>> x = np.arange(4.).reshape(1, 4, 1, 1)     # 4 channels, one pixel
    >>> pixel_shuffle(x, 2)[0, 0]
    array([[0., 1.],
           [2., 3.]])
    """
    x = as_float_array(x, "x", ndim=4)
    r = check_int(r, "r", min_value=1)
    n, cr2, h, w = x.shape
    c = _check_divisible(cr2, r, "the number of channels of x")
    y = x.reshape(n, c, r, r, h, w).transpose(0, 1, 4, 2, 5, 3)  # (N, C, H, i, W, j)
    return y.reshape(n, c, h * r, w * r)


def pixel_unshuffle(x, r):
    """Inverse of :func:`pixel_shuffle`, PyTorch semantics (``F.pixel_unshuffle``).

    Every ``r x r`` block becomes ``r * r`` channels; output channel ``c * r * r + i * r + j`` at
    ``(h, w)`` holds input channel ``c`` at ``(h * r + i, w * r + j)``.

    Parameters
    ----------
    x : array_like, shape (N, C, H * r, W * r)
        NCHW input. Floating dtypes are kept; integers/bools become float64.
    r : int
        Downscale factor, >= 1; must divide the height and the width.

    Returns
    -------
    ndarray, shape (N, C * r * r, H, W), same dtype as ``x``

    Raises
    ------
    ValueError
        If ``x`` is not 4-D, ``r < 1``, or height/width are not divisible by ``r``.
    TypeError
        If ``r`` is not an int.

    Examples
    --------
    >>> x = np.arange(4.).reshape(1, 1, 2, 2)
    >>> pixel_unshuffle(x, 2).ravel()
    array([0., 1., 2., 3.])
    """
    x = as_float_array(x, "x", ndim=4)
    r = check_int(r, "r", min_value=1)
    n, c, hr, wr = x.shape
    _check_spatial(hr, wr, r)
    h, w = hr // r, wr // r
    y = x.reshape(n, c, h, r, w, r).transpose(0, 1, 3, 5, 2, 4)  # (N, C, i, j, H, W)
    return y.reshape(n, c * r * r, h, w)


def depth_to_space(x, r):
    """Rearrange channels into space, TensorFlow semantics (``tf.nn.depth_to_space``, NHWC).

    DCR order: input channel ``(i * r + j) * C + c`` goes to output channel ``c`` at
    ``(h * r + i, w * r + j)``. (TensorFlow itself requires ``r >= 2``; ``r = 1`` is allowed here and
    is the identity.)

    Parameters
    ----------
    x : array_like, shape (N, H, W, r * r * C)
        NHWC input. Floating dtypes are kept; integers/bools become float64.
    r : int
        Block size, >= 1.

    Returns
    -------
    ndarray, shape (N, H * r, W * r, C), same dtype as ``x``

    Raises
    ------
    ValueError
        If ``x`` is not 4-D, ``r < 1``, or the channel count is not divisible by ``r * r``.
    TypeError
        If ``r`` is not an int.

    Examples
    --------
    >>> x = np.arange(4.).reshape(1, 1, 1, 4)     # one pixel, 4 channels (NHWC)
    >>> depth_to_space(x, 2)[0, :, :, 0]
    array([[0., 1.],
           [2., 3.]])
    """
    x = as_float_array(x, "x", ndim=4)
    r = check_int(r, "r", min_value=1)
    n, h, w, cr2 = x.shape
    c = _check_divisible(cr2, r, "the number of channels of x")
    y = x.reshape(n, h, w, r, r, c).transpose(0, 1, 3, 2, 4, 5)  # (N, H, i, W, j, C)
    return y.reshape(n, h * r, w * r, c)


def space_to_depth(x, r):
    """Inverse of :func:`depth_to_space`, TensorFlow semantics (``tf.nn.space_to_depth``, NHWC).

    Output channel ``(i * r + j) * C + c`` at ``(h, w)`` holds input channel ``c`` at
    ``(h * r + i, w * r + j)``.

    Parameters
    ----------
    x : array_like, shape (N, H * r, W * r, C)
        NHWC input. Floating dtypes are kept; integers/bools become float64.
    r : int
        Block size, >= 1; must divide the height and the width.

    Returns
    -------
    ndarray, shape (N, H, W, r * r * C), same dtype as ``x``

    Raises
    ------
    ValueError
        If ``x`` is not 4-D, ``r < 1``, or height/width are not divisible by ``r``.
    TypeError
        If ``r`` is not an int.

    Examples
    --------
    >>> x = np.arange(4.).reshape(1, 2, 2, 1)
    >>> space_to_depth(x, 2).ravel()
    array([0., 1., 2., 3.])
    """
    x = as_float_array(x, "x", ndim=4)
    r = check_int(r, "r", min_value=1)
    n, hr, wr, c = x.shape
    _check_spatial(hr, wr, r)
    h, w = hr // r, wr // r
    y = x.reshape(n, h, r, w, r, c).transpose(0, 1, 3, 2, 4, 5)  # (N, H, W, i, j, C)
    return y.reshape(n, h, w, r * r * c)


def crd_to_dcr_permutation(channels, r):
    """Channel permutation from PyTorch's CRD order to TensorFlow's DCR order.

    ``perm[(i * r + j) * C + c] = c * r * r + i * r + j`` with ``C = channels // (r * r)``, so that
    indexing the channel axis with it reorders CRD data into DCR data::

        pixel_shuffle(x, r) == nhwc_to_nchw(depth_to_space(nchw_to_nhwc(x[:, perm]), r))

    The same index converts the weights that *produce* those channels: a PyTorch conv weight
    ``w[perm]`` (output channels first), a Keras kernel ``k[..., perm]`` (output channels last), and
    the bias ``b[perm]``. Use :func:`dcr_to_crd_permutation` (its inverse) for the other direction.
    When ``C == 1`` it is the identity: the two orders agree.

    Parameters
    ----------
    channels : int
        Number of channels *before* the shuffle, ``C * r * r`` (>= 1, divisible by ``r * r``).
    r : int
        Upscale factor, >= 1.

    Returns
    -------
    ndarray of int64, shape (channels,)

    Raises
    ------
    ValueError
        If ``channels`` or ``r`` is < 1, or ``channels`` is not divisible by ``r * r``.
    TypeError
        If either is not an int.

    Examples
    --------
    >>> crd_to_dcr_permutation(8, 2)      # C = 2 output channels
    array([0, 4, 1, 5, 2, 6, 3, 7])
    """
    channels = check_int(channels, "channels", min_value=1)
    r = check_int(r, "r", min_value=1)
    c = _check_divisible(channels, r, "channels")
    return np.arange(channels, dtype=np.int64).reshape(c, r * r).T.ravel()


def dcr_to_crd_permutation(channels, r):
    """Channel permutation from TensorFlow's DCR order to PyTorch's CRD order.

    The inverse of :func:`crd_to_dcr_permutation`: ``perm[c * r * r + i * r + j] = (i * r + j) * C + c``,
    so that ``depth_to_space(x, r) == nchw_to_nhwc(pixel_shuffle(nhwc_to_nchw(x)[:, perm], r))``.

    Parameters
    ----------
    channels : int
        Number of channels before the shuffle, ``C * r * r``.
    r : int
        Upscale factor, >= 1.

    Returns
    -------
    ndarray of int64, shape (channels,)

    Examples
    --------
    >>> dcr_to_crd_permutation(8, 2)
    array([0, 2, 4, 6, 1, 3, 5, 7])
    """
    channels = check_int(channels, "channels", min_value=1)
    r = check_int(r, "r", min_value=1)
    c = _check_divisible(channels, r, "channels")
    return np.arange(channels, dtype=np.int64).reshape(r * r, c).T.ravel()


def _as_4d(x, name):
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be an array, got {type(x).__name__}")
    arr = np.asarray(x)
    if arr.ndim != 4:
        raise ValueError(f"{name} must be 4-D, got {arr.ndim}-D array of shape {arr.shape}")
    return arr


def nchw_to_nhwc(x):
    """Move the channel axis last: (N, C, H, W) -> (N, H, W, C) (PyTorch layout to TensorFlow layout).

    Returns a transposed view (dtype unchanged, any dtype accepted).

    Examples
    --------
    >>> nchw_to_nhwc(np.zeros((2, 3, 4, 5))).shape
    (2, 4, 5, 3)
    """
    return _as_4d(x, "x").transpose(0, 2, 3, 1)


def nhwc_to_nchw(x):
    """Move the channel axis to position 1: (N, H, W, C) -> (N, C, H, W) (TensorFlow to PyTorch layout).

    Returns a transposed view (dtype unchanged, any dtype accepted).

    Examples
    --------
    >>> nhwc_to_nchw(np.zeros((2, 4, 5, 3))).shape
    (2, 3, 4, 5)
    """
    return _as_4d(x, "x").transpose(0, 3, 1, 2)


# ------------------------------------------------------------ which channel lands where (lesson 12)


def channel_map(channels: int, r: int, order: str = "CRD") -> np.ndarray:
    """Which input channel lands at each sub-pixel position, for one input pixel.

    Parameters
    ----------
    channels : int
        Output channels ``C`` (>= 1); the input has ``C * r * r`` channels.
    r : int
        Upscale factor (>= 1).
    order : {"CRD", "DCR"}
        ``"CRD"``: PyTorch ``pixel_shuffle``; ``"DCR"``: TensorFlow ``depth_to_space``.

    Returns
    -------
    ndarray of int64, shape (C, r, r)
        Entry ``[c, i, j]`` is the input channel that output channel ``c`` shows at sub-pixel ``(i, j)``:
        ``c * r * r + i * r + j`` for CRD, ``(i * r + j) * C + c`` for DCR. Computed by shuffling an input
        whose channel ``q`` holds the number ``q``.

    Examples
    --------
    >>> channel_map(2, 2, "CRD")[1].tolist(), channel_map(2, 2, "DCR")[1].tolist()
    ([[4, 5], [6, 7]], [[1, 3], [5, 7]])
    """
    c = check_int(channels, "channels", min_value=1)
    r = check_int(r, "r", min_value=1)
    check_choice(order, "order", ("CRD", "DCR"))
    ids = np.arange(c * r * r, dtype=np.float64)
    if order == "CRD":
        out = pixel_shuffle(ids.reshape(1, c * r * r, 1, 1), r)[0]              # (C, r, r)
    else:
        out = depth_to_space(ids.reshape(1, 1, 1, c * r * r), r)[0].transpose(2, 0, 1)
    return np.rint(out).astype(np.int64)
