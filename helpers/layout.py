"""Weight layouts between PyTorch and Keras, and FCN's bilinear initialisation."""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, check_int

__all__ = [
    "bilinear_kernel",
    "keras_to_torch_kernel",
    "torch_to_keras_kernel",
    "keras_conv_to_torch",
    "torch_conv_to_keras",
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
