"""Weight layouts between PyTorch and Keras, and FCN's bilinear initialisation.

:func:`bilinear_kernel` is FCN's bilinear filter; :func:`bilinear_setting` its kernel size and padding for a
factor, and :func:`bilinear_difference` where the transposed convolution it initialises differs from
bilinear interpolation (a frame :func:`frame_mask` wide ``s // 2``; lesson 12).
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, check_int, check_pair

__all__ = [
    "bilinear_kernel",
    "keras_to_torch_kernel",
    "torch_to_keras_kernel",
    "keras_conv_to_torch",
    "torch_conv_to_keras",
    "keras_valid_to_torch",
    "bilinear_setting",
    "frame_mask",
    "bilinear_difference",
]


def bilinear_kernel(in_channels, out_channels, kernel_size):
    """FCN-style bilinear initialisation for a transposed convolution, in ConvTranspose2d layout.

    The 2-D bilinear (tent) filter is placed on the diagonal channels (``i == j``), zeros elsewhere.
    With ``kernel_size = 2r - r % 2``, ``stride = r`` and ``padding = ceil((r - 1) / 2)`` (= ``r // 2``)
    the layer's output is exactly ``r`` times the input and reproduces bilinear upsampling by ``r``
    (``align_corners=False``) except in a border frame ``r // 2`` pixels wide, where it is darker (it
    treats the missing neighbour as zero; interpolation clamps to the edge). With
    ``in_channels != out_channels`` only the first ``min(in_channels, out_channels)`` channels get a filter.

    Parameters
    ----------
    in_channels, out_channels, kernel_size : int, >= 1

    Returns
    -------
    ndarray, shape (in_channels, out_channels, kernel_size, kernel_size), float64

    Examples
    --------
    >>> bilinear_kernel(1, 1, 4)[0, 0]
    array([[0.0625, 0.1875, 0.1875, 0.0625],
           [0.1875, 0.5625, 0.5625, 0.1875],
           [0.1875, 0.5625, 0.5625, 0.1875],
           [0.0625, 0.1875, 0.1875, 0.0625]])
    """
    c_in = check_int(in_channels, "in_channels", 1)
    c_out = check_int(out_channels, "out_channels", 1)
    k = check_int(kernel_size, "kernel_size", 1)
    factor = (k + 1) // 2
    center = factor - 1 if k % 2 == 1 else factor - 0.5
    og = np.arange(k)
    filt1d = 1 - np.abs(og - center) / factor
    filt = np.outer(filt1d, filt1d)
    weight = np.zeros((c_in, c_out, k, k))
    idx = np.arange(min(c_in, c_out))
    weight[idx, idx] = filt
    return weight


def _kernel(k, name):
    return as_float_array(k, name, ndim=4)


def keras_to_torch_kernel(k):
    """Keras ``Conv2DTranspose`` kernel (kH, kW, out, in) -> PyTorch ``ConvTranspose2d`` weight (in, out, kH, kW).

    A pure transpose (``k.transpose(3, 2, 0, 1)``): no flip is needed for both layers to agree.
    """
    return np.ascontiguousarray(_kernel(k, "k").transpose(3, 2, 0, 1))


def torch_to_keras_kernel(w):
    """PyTorch ``ConvTranspose2d`` weight (in, out, kH, kW) -> Keras ``Conv2DTranspose`` kernel (kH, kW, out, in)."""
    return np.ascontiguousarray(_kernel(w, "w").transpose(2, 3, 1, 0))


def keras_conv_to_torch(k):
    """Keras ``Conv2D`` kernel (kH, kW, in, out) -> PyTorch ``Conv2d`` weight (out, in, kH, kW)."""
    return np.ascontiguousarray(_kernel(k, "k").transpose(3, 2, 0, 1))


def torch_conv_to_keras(w):
    """PyTorch ``Conv2d`` weight (out, in, kH, kW) -> Keras ``Conv2D`` kernel (kH, kW, in, out)."""
    return np.ascontiguousarray(_kernel(w, "w").transpose(2, 3, 1, 0))


def _per_axis(value, n, name, low):
    try:
        values = (value,) * n if isinstance(value, (int, np.integer)) else tuple(value)
    except TypeError:
        raise TypeError(f"{name} must be an int or a tuple of {n} ints, got {value!r}") from None
    if len(values) != n or not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values):
        raise TypeError(f"{name} must be an int or a tuple of {n} ints, got {value!r}")
    if any(v < low for v in values):
        raise ValueError(f"{name} must be >= {low} on every axis, got {value!r}")
    return tuple(int(v) for v in values)


def keras_valid_to_torch(y, input_size, kernel_size, stride, padding=0, output_padding=0):
    """PyTorch's ``conv_transposeNd`` output from the output of a Keras ``Conv*Transpose(padding="valid")``.

    Call the Keras layer with ``padding="valid"`` and **no** ``output_padding`` (``None``, its default):
    that works on every Keras 3 release, whereas Keras 3.10 (Colab's 2025 stack) rejects an
    ``output_padding`` with a zero in it, so PyTorch's ``output_padding=0`` or ``(0, 1)`` cannot be passed
    there. With ``None`` Keras returns the full transposed convolution, ``(i - 1) s + k`` long, followed by
    ``max(s - k, 0)`` rows of zeros. PyTorch's result is the full one with ``output_padding`` zero rows
    appended, then ``padding`` cut from both ends; this function does exactly that, axis by axis.

    Parameters
    ----------
    y : array_like, shape (N, L_1, ..., L_d, C)
        The Keras output, channels last (``keras.ops.convert_to_numpy`` of it).
    input_size, kernel_size, stride, padding, output_padding : int or tuple of d ints
        ``i``, ``k`` (after dilation: ``d (k - 1) + 1``), ``s >= 1``, ``p >= 0``, ``a >= 0`` as in PyTorch.

    Returns
    -------
    numpy.ndarray, shape (N, O_1, ..., O_d, C)
        ``O = (i - 1) s - 2 p + k + a`` on each axis, channels last like ``y``.

    Raises
    ------
    ValueError
        If ``y``'s spatial sizes are not what Keras returns for ``input_size``, ``kernel_size`` and
        ``stride``, or an output size would be below 1.
    TypeError
        If a size argument is not an int or a tuple of d ints.

    Examples
    --------
    >>> full = np.arange(1.0, 6.0).reshape(1, 5, 1)          # Keras: i=2, k=3, s=2 -> 5 = (2-1)*2 + 3
    >>> keras_valid_to_torch(full, 2, 3, 2, padding=1, output_padding=1)[0, :, 0]
    array([2., 3., 4., 5.])
    """
    y = np.asarray(y)
    d = y.ndim - 2
    if d < 1:
        raise ValueError(f"y must have shape (N, spatial..., C) with at least one spatial axis, got {y.shape}")
    i = _per_axis(input_size, d, "input_size", 1)
    k = _per_axis(kernel_size, d, "kernel_size", 1)
    s = _per_axis(stride, d, "stride", 1)
    p = _per_axis(padding, d, "padding", 0)
    a = _per_axis(output_padding, d, "output_padding", 0)
    out = y
    for axis in range(d):
        keras_len = (i[axis] - 1) * s[axis] + max(k[axis], s[axis])
        if y.shape[axis + 1] != keras_len:
            raise ValueError(f"y has {y.shape[axis + 1]} positions on spatial axis {axis}; Keras 'valid' with "
                             f"input_size={i[axis]}, kernel_size={k[axis]}, stride={s[axis]} gives {keras_len}")
        full = (i[axis] - 1) * s[axis] + k[axis]
        size = full - 2 * p[axis] + a[axis]
        if size < 1:
            raise ValueError(f"padding={p[axis]} and output_padding={a[axis]} leave no output on axis {axis}")
        taken = np.take(out, np.arange(min(full, keras_len)), axis=axis + 1)
        pad = [(0, 0)] * out.ndim
        pad[axis + 1] = (0, a[axis])
        taken = np.pad(taken, pad)
        out = np.take(taken, np.arange(p[axis], p[axis] + size), axis=axis + 1)
    return out


# -------------------------------- bilinear initialisation versus bilinear interpolation (lesson 12)


def bilinear_setting(s: int) -> dict:
    """FCN's bilinear transposed convolution for factor ``s``: kernel ``2s - s % 2``, padding ``ceil((s-1)/2)``.

    Returns ``{"s", "kernel_size", "padding", "border"}``, ``border = s // 2`` being the width of the frame
    where it differs from bilinear interpolation (equal to the padding for every ``s``).

    Examples
    --------
    >>> [tuple(bilinear_setting(s)[key] for key in ("kernel_size", "padding")) for s in (1, 2, 3, 4)]
    [(1, 0), (4, 1), (5, 1), (8, 2)]
    """
    s = check_int(s, "s", min_value=1)
    return {"s": s, "kernel_size": 2 * s - s % 2, "padding": -(-(s - 1) // 2), "border": s // 2}


def frame_mask(shape, width: int) -> np.ndarray:
    """Boolean (H, W) mask of the border ``width`` pixels wide (all True when it covers everything).

    Parameters
    ----------
    shape : (int, int)
        Height and width, each >= 1.
    width : int
        Border width, >= 0.

    Returns
    -------
    ndarray of bool, shape (H, W)

    Examples
    --------
    >>> frame_mask((4, 5), 1).astype(int)
    array([[1, 1, 1, 1, 1],
           [1, 0, 0, 0, 1],
           [1, 0, 0, 0, 1],
           [1, 1, 1, 1, 1]])
    """
    h, w = check_pair(shape, "shape", 1)
    width = check_int(width, "width", 0)
    mask = np.ones((h, w), dtype=bool)
    if 2 * width < h and 2 * width < w:
        mask[width:h - width, width:w - width] = False
    return mask


def bilinear_difference(s: int = 2, n: int = 4, x=None) -> dict:
    """Upsample an ``n x n`` image by ``s`` with the bilinear-initialised transposed convolution and with
    bilinear interpolation (``align_corners=False``); compare.

    Parameters
    ----------
    s : int
        Upscale factor, >= 1.
    n : int
        Input height and width, >= 1 (ignored when ``x`` is given).
    x : array_like, shape (H, W), optional
        The image; default a smooth positive test pattern.

    Returns
    -------
    dict
        ``"x"`` (H, W); ``"tconv"`` and ``"interp"`` (H*s, W*s); ``"diff"`` = tconv - interp; ``"mask"``:
        where they differ (``|diff| > 1e-9``); ``"frame"``: the predicted mask, a border ``s // 2`` wide;
        plus :func:`bilinear_setting`'s keys.

    Examples
    --------
    >>> d = bilinear_difference(2, 3)
    >>> int(d["mask"].sum()), bool((d["mask"] == d["frame"]).all())
    (20, True)
    """
    from .conv import conv_transpose2d
    from .resize import interpolate

    setting = bilinear_setting(s)
    if x is None:
        n = check_int(n, "n", min_value=1)
        i, j = np.mgrid[0:n, 0:n]
        x = 1.0 + 0.4 * np.sin(1.3 * i + 0.4) * np.cos(0.9 * j - 0.3) + 0.05 * i
    x = as_float_array(x, "x", ndim=2)
    x4 = x[None, None]
    k, p = setting["kernel_size"], setting["padding"]
    tconv = conv_transpose2d(x4, bilinear_kernel(1, 1, k), stride=s, padding=p)[0, 0]
    interp = interpolate(x4, scale_factor=s, mode="bilinear", align_corners=False)[0, 0]
    diff = tconv - interp
    return {**setting, "x": x, "tconv": tconv, "interp": interp, "diff": diff, "mask": np.abs(diff) > 1e-9,
            "frame": frame_mask(diff.shape, setting["border"])}
