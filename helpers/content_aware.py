"""Content-aware upsampling: CARAFE and DySample, from scratch in NumPy, with PyTorch and TensorFlow twins.

A fixed upsampler (nearest, bilinear, a transposed convolution) applies the same kernel at every output
pixel. The two operators here let the *content* decide, per output pixel:

- **CARAFE** (Wang et al. 2019, "CARAFE: Content-Aware ReAssembly of FEatures", ICCV) predicts, for every
  output pixel, a ``k x k`` kernel and reassembles the ``k x k`` neighbourhood of its source pixel with it.
  :func:`carafe` is the reassembly, :func:`normalise_kernels` turns predicted logits into kernels (pixel
  shuffle, then softmax over the ``k * k`` taps), and :func:`carafe_module` builds the whole layer in
  PyTorch: channel compressor (1x1 conv to ``c_mid`` channels), content encoder (``k_enc x k_enc`` conv to
  ``factor**2 * k_up**2`` channels), pixel shuffle, softmax, reassembly.
- **DySample** (Liu et al. 2023, "Learning to Upsample by Learning to Sample", ICCV) predicts, for every
  output pixel, where to *sample* the input: an offset added to the position bilinear upsampling would
  sample, then bilinear sampling there (``grid_sample``). :func:`dysample` is the sampling,
  :func:`dysample_module` the paper's "lite" layer (offsets = 0.25 * a 1x1 conv, pixel-shuffled).

Two identities tie them to the fixed upsamplers (both asserted in ``tests/test_content_aware.py``):
``dysample(x, zeros, f)`` is ``F.interpolate(x, scale_factor=f, mode="bilinear", align_corners=False)`` (to
rounding: within 1e-14 in float64, not bit for bit, as PyTorch's kernel rounds in another order), and
``carafe`` with the uniform kernel ``1 / k**2`` is nearest upsampling of ``x`` filtered by the zero-padded
``k x k`` box filter.

Every function has a PyTorch twin (``*_torch``: tensors in and out) and a TensorFlow twin (``*_tf``: NCHW
NumPy or tf in, NCHW NumPy out); :func:`carafe_numpy_forward` and :func:`dysample_numpy_forward` run a PyTorch
layer's weights through the NumPy functions. :func:`carafe_macs` and :func:`dysample_macs` extend lesson 13's
cost model (:func:`helpers.measure.cost`). Arrays are NCHW; PyTorch and TensorFlow are imported lazily,
inside the functions that need them.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping

import numpy as np

from ._validate import as_float_array, check_int
from .shuffle import pixel_shuffle

__all__ = [
    "carafe",
    "carafe_torch",
    "carafe_tf",
    "normalise_kernels",
    "carafe_module",
    "carafe_numpy_forward",
    "carafe_macs",
    "dysample",
    "dysample_torch",
    "dysample_tf",
    "dysample_grid",
    "dysample_module",
    "dysample_numpy_forward",
    "dysample_macs",
]


# ------------------------------------------------------------------------------------ validation


def _check_k(k, name: str = "k") -> int:
    k = check_int(k, name, min_value=1)
    if k % 2 == 0:
        raise ValueError(f"{name} must be odd (the neighbourhood is centred on the source pixel), got {k}")
    return k


def _carafe_args(x, kernels, factor, k):
    x = as_float_array(x, "x", ndim=4)
    kernels = as_float_array(kernels, "kernels", ndim=4)
    factor = check_int(factor, "factor", min_value=1)
    k = _check_k(k)
    n, _, h, w = x.shape
    want = (n, k * k, factor * h, factor * w)
    if kernels.shape != want:
        raise ValueError(
            f"kernels must have shape (N, k*k, factor*H, factor*W) = {want} for x of shape {x.shape}, "
            f"factor={factor} and k={k}; got {kernels.shape}"
        )
    return x, kernels, factor, k


_DYSAMPLE_BLOCK = 1 << 16   # values (positions x channels) per block in dysample


def _dysample_args(x, offsets, factor):
    x = as_float_array(x, "x", ndim=4)
    offsets = as_float_array(offsets, "offsets", ndim=4)
    factor = check_int(factor, "factor", min_value=1)
    n, _, h, w = x.shape
    want = (n, 2, factor * h, factor * w)
    if offsets.shape != want:
        raise ValueError(
            f"offsets must have shape (N, 2, factor*H, factor*W) = {want} for x of shape {x.shape} and "
            f"factor={factor}; got {offsets.shape}"
        )
    if not np.all(np.isfinite(offsets)):
        raise ValueError("offsets must be finite")
    return x, offsets, factor


def _to_numpy(a, name: str, ndim: int = 4) -> np.ndarray:
    """NumPy view of a NumPy array, a tf tensor or a torch tensor (detached, on the CPU)."""
    if hasattr(a, "detach") and hasattr(a, "cpu"):  # torch tensor
        a = a.detach().cpu().numpy()
    elif hasattr(a, "numpy") and not isinstance(a, np.ndarray):  # tf tensor
        a = a.numpy()
    return as_float_array(a, name, ndim=ndim)


# ----------------------------------------------------------------------------------------- CARAFE


def carafe(x, kernels, factor, k):
    """CARAFE's reassembly: each output pixel is a ``k x k`` weighted sum around its source pixel (NumPy).

    ``out[n, c, i, j] = sum_{a, b} kernels[n, a*k + b, i, j] * x[n, c, i//factor + a - k//2, j//factor + b - k//2]``,
    with zeros outside the input. Output pixel ``(i, j)`` has its own kernel, shared by all channels.

    Parameters
    ----------
    x : array_like, shape (N, C, H, W)
        Input feature map.
    kernels : array_like, shape (N, k*k, factor*H, factor*W)
        One ``k x k`` kernel per output pixel, tap ``(a, b)`` in channel ``a*k + b`` (already normalised,
        e.g. by :func:`normalise_kernels`; nothing here requires them to sum to 1).
    factor : int
        Upsampling factor, >= 1.
    k : int
        Kernel size ``k_up``, odd, >= 1.

    Returns
    -------
    ndarray, shape (N, C, factor*H, factor*W)
        Dtype ``np.result_type(x, kernels)`` (integers become float64).

    Raises
    ------
    TypeError
        If an array is not numeric, or ``factor`` / ``k`` is not an int.
    ValueError
        If ``x`` is not 4-D, ``factor < 1``, ``k`` is not a positive odd number, or ``kernels`` does not
        have the shape above.

    Notes
    -----
    Vectorised over the ``k * k`` taps: the output is viewed as ``(N, C, H, factor, W, factor)``, so that the
    (shifted) input broadcasts over each ``factor x factor`` block without being repeated.

    Examples
    --------
    >>> x = np.arange(4.0).reshape(1, 1, 2, 2)
    >>> centre = np.zeros((1, 9, 4, 4)); centre[:, 4] = 1       # every kernel picks its source pixel
    >>> carafe(x, centre, 2, 3)[0, 0]
    array([[0., 0., 1., 1.],
           [0., 0., 1., 1.],
           [2., 2., 3., 3.],
           [2., 2., 3., 3.]])
    """
    x, kernels, f, k = _carafe_args(x, kernels, factor, k)
    n, c, h, w = x.shape
    dtype = np.result_type(x, kernels)
    r = k // 2
    xp = np.pad(x.astype(dtype, copy=False), ((0, 0), (0, 0), (r, r), (r, r)))
    k6 = kernels.astype(dtype, copy=False).reshape(n, k * k, h, f, w, f)
    out = np.zeros((n, c, h, f, w, f), dtype=dtype)
    for a in range(k):
        for b in range(k):
            shifted = xp[:, :, a : a + h, b : b + w][:, :, :, None, :, None]   # (N, C, H, 1, W, 1)
            out += shifted * k6[:, None, a * k + b]                           # (N, 1, H, f, W, f)
    return out.reshape(n, c, f * h, f * w)


def carafe_torch(x, kernels, factor, k):
    """:func:`carafe` in PyTorch: ``F.unfold`` gathers the neighbourhoods, one multiply-add per tap reassembles.

    Parameters
    ----------
    x : torch.Tensor or array_like, shape (N, C, H, W)
    kernels : torch.Tensor or array_like, shape (N, k*k, factor*H, factor*W)
    factor, k : int
        As in :func:`carafe`.

    Returns
    -------
    torch.Tensor, shape (N, C, factor*H, factor*W)
        Differentiable with respect to ``x`` and ``kernels`` (arrays are converted with ``torch.as_tensor``).

    Notes
    -----
    ``F.unfold(x, k, padding=k//2)`` gives the ``(N, C*k*k, H*W)`` patches; viewed as ``(N, C, k*k, H, 1, W,
    1)`` against the kernels viewed as ``(N, k*k, H, factor, W, factor)``, each tap is one broadcast
    multiply-add (``addcmul``), so the patches are never repeated ``factor**2`` times. (An ``einsum`` that
    runs as one ``bmm`` of ``N*H*W`` tiny ``(C, k*k) @ (k*k, factor**2)`` products computes the same, about
    twice as slowly on a CPU.)
    """
    import torch
    import torch.nn.functional as F

    x = torch.as_tensor(x)
    kernels = torch.as_tensor(kernels)
    _carafe_check_shapes(tuple(x.shape), tuple(kernels.shape), factor, k)
    f, k = int(factor), int(k)
    n, c, h, w = x.shape
    kernels = kernels.to(torch.promote_types(x.dtype, kernels.dtype))
    x = x.to(kernels.dtype)
    patches = F.unfold(x, k, padding=k // 2).view(n, c, k * k, h, 1, w, 1)
    k6 = kernels.reshape(n, k * k, h, f, w, f)
    out = x.new_zeros((n, c, h, f, w, f))
    for t in range(k * k):          # one multiply-add per tap, the patch broadcast over each f x f block
        out.addcmul_(patches[:, :, t], k6[:, t].unsqueeze(1))
    return out.reshape(n, c, f * h, f * w)


def _carafe_check_shapes(x_shape, k_shape, factor, k):
    """Shape checks of :func:`carafe` for framework tensors (no conversion to NumPy)."""
    factor = check_int(factor, "factor", min_value=1)
    k = _check_k(k)
    if len(x_shape) != 4:
        raise ValueError(f"x must be 4-D (N, C, H, W), got shape {x_shape}")
    n, _, h, w = x_shape
    want = (n, k * k, factor * h, factor * w)
    if tuple(k_shape) != want:
        raise ValueError(
            f"kernels must have shape (N, k*k, factor*H, factor*W) = {want} for x of shape {x_shape}, "
            f"factor={factor} and k={k}; got {tuple(k_shape)}"
        )


def carafe_tf(x, kernels, factor, k):
    """:func:`carafe` in TensorFlow: ``tf.image.extract_patches`` gathers the neighbourhoods (NCHW in and out).

    Parameters
    ----------
    x : array_like or tf.Tensor, shape (N, C, H, W)
    kernels : array_like or tf.Tensor, shape (N, k*k, factor*H, factor*W)
    factor, k : int
        As in :func:`carafe`.

    Returns
    -------
    ndarray, shape (N, C, factor*H, factor*W)

    Notes
    -----
    ``extract_patches`` (NHWC, ``sizes=[1, k, k, 1]``, stride 1, ``padding="SAME"``, which pads ``k//2`` zeros
    on each side for odd ``k``) lays each patch out as ``(k, k, C)`` in its last axis; ``tf.einsum`` then
    reassembles, as in :func:`carafe_torch`.
    """
    import tensorflow as tf

    x, kernels, f, k = _carafe_args(_to_numpy(x, "x"), _to_numpy(kernels, "kernels"), factor, k)
    dtype = np.result_type(x, kernels)
    n, c, h, w = x.shape
    xt = tf.constant(np.ascontiguousarray(x.transpose(0, 2, 3, 1)), dtype=dtype)      # NHWC
    patches = tf.image.extract_patches(xt, sizes=[1, k, k, 1], strides=[1, 1, 1, 1], rates=[1, 1, 1, 1],
                                       padding="SAME")                                # (N, H, W, k*k*C)
    patches = tf.reshape(patches, (n, h, w, k * k, c))
    k6 = tf.constant(kernels.reshape(n, k * k, h, f, w, f), dtype=dtype)
    out = tf.einsum("nhwkt,nkhpwq->nthpwq", patches, k6)
    return tf.reshape(out, (n, c, f * h, f * w)).numpy()


def normalise_kernels(logits, factor, k):
    """CARAFE's kernel normaliser: pixel shuffle the encoder's logits, then softmax over the ``k*k`` taps.

    Parameters
    ----------
    logits : array_like, shape (N, factor**2 * k**2, H, W)
        The content encoder's output at the input resolution. Channel ``t * factor**2 + p * factor + q``
        becomes tap ``t`` of output pixel ``(factor*h + p, factor*w + q)``: the order of
        ``torch.nn.PixelShuffle`` (:func:`helpers.shuffle.pixel_shuffle`).
    factor : int
        Upsampling factor, >= 1.
    k : int
        Kernel size ``k_up``, odd, >= 1.

    Returns
    -------
    ndarray, shape (N, k*k, factor*H, factor*W)
        Non-negative, summing to 1 over axis 1; same float dtype as ``logits``.

    Raises
    ------
    TypeError, ValueError
        On a non-numeric or non-4-D ``logits``, a bad ``factor`` or ``k``, or a channel count other than
        ``factor**2 * k**2``.

    Examples
    --------
    >>> normalise_kernels(np.zeros((1, 9 * 4, 1, 1)), 2, 3).shape
    (1, 9, 2, 2)
    """
    logits = as_float_array(logits, "logits", ndim=4)
    factor = check_int(factor, "factor", min_value=1)
    k = _check_k(k)
    want = factor * factor * k * k
    if logits.shape[1] != want:
        raise ValueError(
            f"logits must have factor**2 * k**2 = {want} channels (factor={factor}, k={k}), "
            f"got {logits.shape[1]}"
        )
    z = pixel_shuffle(logits, factor)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _init_rng(seed):
    """A context manager: torch's global RNG seeded with ``seed`` inside, restored after (no-op for None)."""
    import contextlib

    import torch

    if seed is None:
        return contextlib.nullcontext()
    seed = check_int(seed, "seed", min_value=0)

    @contextlib.contextmanager
    def seeded():
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            yield

    return seeded()


_CLASSES: dict = {}


def _carafe_class():
    if "carafe" not in _CLASSES:
        import torch.nn as nn
        import torch.nn.functional as F

        class CarafeUpsample(nn.Module):
            """CARAFE (Wang et al. 2019): compressor 1x1, encoder k_enc x k_enc, pixel shuffle, softmax, reassembly."""

            def __init__(self, channels, factor, k_up, k_enc, c_mid):
                super().__init__()
                self.factor, self.k_up, self.k_enc, self.c_mid = factor, k_up, k_enc, c_mid
                self.compressor = nn.Conv2d(channels, c_mid, 1)
                self.encoder = nn.Conv2d(c_mid, factor * factor * k_up * k_up, k_enc, padding=k_enc // 2)
                # mmcv's CARAFEPack: Xavier-uniform convolutions, the encoder then N(0, 0.001): the first
                # kernels are nearly uniform, i.e. the layer starts as a box filter + nearest upsampling
                for conv in (self.compressor, self.encoder):
                    nn.init.xavier_uniform_(conv.weight)
                    nn.init.zeros_(conv.bias)
                nn.init.normal_(self.encoder.weight, std=0.001)

            def kernels(self, x):
                """The normalised kernels, shape (N, k_up**2, factor*H, factor*W)."""
                logits = self.encoder(self.compressor(x))
                return F.softmax(F.pixel_shuffle(logits, self.factor), dim=1)

            def forward(self, x):
                return carafe_torch(x, self.kernels(x), self.factor, self.k_up)

            def extra_repr(self):
                return f"factor={self.factor}, k_up={self.k_up}, k_enc={self.k_enc}, c_mid={self.c_mid}"

        _CLASSES["carafe"] = CarafeUpsample
    return _CLASSES["carafe"]


def carafe_module(channels, factor=2, k_up=5, k_enc=3, c_mid=64, seed=None):
    """A CARAFE upsampling layer as a ``torch.nn.Module`` (the class is defined on first call).

    Layers (Wang et al. 2019, mmcv's ``CARAFEPack`` with one group): ``compressor``, a 1x1 conv
    ``channels -> c_mid``; ``encoder``, a ``k_enc x k_enc`` conv ``c_mid -> factor**2 * k_up**2`` (padding
    ``k_enc // 2``); pixel shuffle and softmax (:func:`normalise_kernels`); reassembly (:func:`carafe_torch`).
    The module's ``kernels(x)`` method returns the normalised kernels.

    Parameters
    ----------
    channels : int
        Input (and output) channels ``C``, >= 1.
    factor : int, default 2
        Upsampling factor, >= 1.
    k_up : int, default 5
        Reassembly kernel size, odd.
    k_enc : int, default 3
        Content-encoder kernel size, odd.
    c_mid : int, default 64
        Channels after the compressor, >= 1.
    seed : int, optional
        Seeds the initialisation (without touching torch's global RNG state); None uses the global RNG.

    Returns
    -------
    torch.nn.Module
        Maps ``(N, C, H, W)`` to ``(N, C, factor*H, factor*W)``. Initialised as mmcv does (Xavier-uniform
        compressor, encoder weights N(0, 0.001), zero biases), so that the first kernels are nearly uniform.
        Parameters: ``(C + 1) * c_mid + (c_mid * k_enc**2 + 1) * factor**2 * k_up**2``.

    Examples
    --------
    >>> m = carafe_module(16, seed=0)
    >>> sum(p.numel() for p in m.parameters())
    58788
    """
    channels = check_int(channels, "channels", min_value=1)
    factor = check_int(factor, "factor", min_value=1)
    k_up = _check_k(k_up, "k_up")
    k_enc = _check_k(k_enc, "k_enc")
    c_mid = check_int(c_mid, "c_mid", min_value=1)
    cls = _carafe_class()
    with _init_rng(seed):
        return cls(channels, factor, k_up, k_enc, c_mid)


def _weights(module, names):
    """NumPy float64 copies of ``names`` from a module's ``state_dict()`` or from a mapping of arrays."""
    if isinstance(module, Mapping):
        state = module
    elif hasattr(module, "state_dict"):
        state = module.state_dict()
    else:
        raise TypeError(f"module must be a torch.nn.Module or a mapping of weights, got {type(module).__name__}")
    missing = [k for k in names if k not in state]
    if missing:
        raise ValueError(f"module has no weights named {missing}; it has {sorted(state)}")
    return {k: _to_numpy(state[k], k, ndim=None).astype(np.float64) for k in names}


def carafe_numpy_forward(module, x, factor=None, k_up=None):
    """Run a :func:`carafe_module` layer's weights through the NumPy functions (float64).

    ``conv2d`` (:mod:`helpers.conv`) for the compressor and the encoder, :func:`normalise_kernels`,
    :func:`carafe`. Equals ``module(x)`` up to float32 rounding.

    Parameters
    ----------
    module : torch.nn.Module or mapping
        A :func:`carafe_module`, or a mapping with ``compressor.weight``, ``compressor.bias``,
        ``encoder.weight`` and ``encoder.bias`` (arrays or tensors); a mapping needs ``factor`` and ``k_up``.
    x : array_like, shape (N, C, H, W)
    factor, k_up : int, optional
        Default: the module's own.

    Returns
    -------
    ndarray of float64, shape (N, C, factor*H, factor*W)
    """
    from .conv import conv2d

    factor = getattr(module, "factor", None) if factor is None else factor
    k_up = getattr(module, "k_up", None) if k_up is None else k_up
    if factor is None or k_up is None:
        raise ValueError("factor and k_up must be given when module is a mapping of weights")
    factor = check_int(factor, "factor", min_value=1)
    k_up = _check_k(k_up, "k_up")
    w = _weights(module, ["compressor.weight", "compressor.bias", "encoder.weight", "encoder.bias"])
    x = _to_numpy(x, "x").astype(np.float64)
    k_enc = w["encoder.weight"].shape[-1]
    mid = conv2d(x, w["compressor.weight"], w["compressor.bias"])
    logits = conv2d(mid, w["encoder.weight"], w["encoder.bias"], padding=k_enc // 2)
    return carafe(x, normalise_kernels(logits, factor, k_up), factor, k_up)


def carafe_macs(n, c, h, w, factor=2, k_up=5, k_enc=3, c_mid=64, dtype_bytes=4) -> dict:
    """Parameters, multiply-adds and bytes moved of one :func:`carafe_module` layer (forward pass).

    Parameters
    ----------
    n, c, h, w : int
        Input shape ``(N, C, H, W)``, each >= 1.
    factor, k_up, k_enc, c_mid : int
        As in :func:`carafe_module`.
    dtype_bytes : int, default 4
        Bytes per element.

    Returns
    -------
    dict
        Keys as in :func:`helpers.measure.cost`: ``out_shape``; ``params`` (weights + biases);
        ``conv_macs``, the two convolutions as ``FlopCounterMode`` counts them (half its FLOPs, biases not
        counted): compressor ``N H W C c_mid`` + encoder ``N H W c_mid k_enc**2 factor**2 k_up**2``;
        ``interp_macs``, the reassembly, ``k_up**2`` per output element: ``N C factor**2 H W k_up**2`` (the
        ``bmm`` of :func:`carafe_torch` counts exactly this); ``macs``, their sum; ``softmax_elems``, the
        kernel entries the softmax exponentiates (``N k_up**2 factor**2 H W``; not multiply-adds, not in
        ``macs``); ``bytes``, the minimum forward memory traffic with every operator reading its inputs once
        and writing its output once: compressor (reads x, writes the compressed map), encoder (reads it,
        writes the logits), shuffle + softmax (reads the logits, writes the kernels), reassembly (reads x and
        the kernels, writes the output), weights read once; ``bytes_in``, ``bytes_out``, ``bytes_weights``,
        ``intermediate_bytes`` (compressed map + logits + kernels, each counted once); ``intensity``,
        FLOPs (``2 macs``) per byte.

    Examples
    --------
    >>> carafe_macs(1, 16, 64, 64)["params"]
    58788
    """
    n, c, h, w = (check_int(v, name, min_value=1) for v, name in ((n, "n"), (c, "c"), (h, "h"), (w, "w")))
    f = check_int(factor, "factor", min_value=1)
    k_up, k_enc = _check_k(k_up, "k_up"), _check_k(k_enc, "k_enc")
    c_mid = check_int(c_mid, "c_mid", min_value=1)
    dtype_bytes = check_int(dtype_bytes, "dtype_bytes", min_value=1)
    c_enc = f * f * k_up * k_up
    params = (c + 1) * c_mid + (c_mid * k_enc * k_enc + 1) * c_enc
    conv_macs = n * h * w * (c * c_mid + c_mid * k_enc * k_enc * c_enc)
    interp_macs = n * c * f * f * h * w * k_up * k_up
    elems_in, elems_out = n * c * h * w, n * c * f * f * h * w
    compressed, logits = n * c_mid * h * w, n * c_enc * h * w
    kernels = logits                                          # the same entries, shuffled and normalised
    intermediate = compressed + logits + kernels
    elems_moved = 2 * elems_in + params + 2 * intermediate + elems_out
    return _cost_dict("carafe", (n, c, f * h, f * w), params, conv_macs, interp_macs, elems_in, elems_out,
                      intermediate, elems_moved, dtype_bytes, softmax_elems=kernels)


def _cost_dict(method, out_shape, params, conv_macs, interp_macs, elems_in, elems_out, intermediate,
               elems_moved, dtype_bytes, **extra):
    macs = conv_macs + interp_macs
    nbytes = elems_moved * dtype_bytes
    return {
        "method": method,
        "out_shape": out_shape,
        "params": params,
        "conv_macs": conv_macs,
        "interp_macs": interp_macs,
        "macs": macs,
        "bytes": nbytes,
        "bytes_in": elems_in * dtype_bytes,
        "bytes_out": elems_out * dtype_bytes,
        "bytes_weights": params * dtype_bytes,
        "intermediate_bytes": intermediate * dtype_bytes,
        "intensity": 2 * macs / nbytes,
        **extra,
    }


# --------------------------------------------------------------------------------------- DySample


def _base_positions(size, factor):
    """Where bilinear upsampling samples: ``(i + 0.5) * (1 / factor) - 0.5`` for i < factor*size (float64).

    Written with ``1 / factor``, as PyTorch's ``F.interpolate(scale_factor=factor)`` computes it, so that
    zero offsets sample the very positions it samples.
    """
    return (np.arange(factor * size, dtype=np.float64) + 0.5) * (1.0 / factor) - 0.5


def dysample_grid(offsets, factor, in_size):
    """DySample's sampling positions in input pixels (pixel ``j`` centred on ``j``), unclamped.

    Parameters
    ----------
    offsets : array_like, shape (N, 2, factor*H, factor*W)
        Channel 0: offsets along x (width), channel 1: along y (height), in input pixels.
    factor : int
        >= 1.
    in_size : (int, int)
        ``(H, W)`` of the input.

    Returns
    -------
    (px, py) : two ndarrays of float64, shape (N, factor*H, factor*W)
        ``px[n, i, j] = (j + 0.5) / factor - 0.5 + offsets[n, 0, i, j]`` and likewise ``py`` with ``i`` and
        channel 1.

    Examples
    --------
    >>> px, py = dysample_grid(np.zeros((1, 2, 2, 4)), 2, (1, 2))
    >>> px[0, 0], py[0, :, 0]
    (array([-0.25,  0.25,  0.75,  1.25]), array([-0.25,  0.25]))
    """
    factor = check_int(factor, "factor", min_value=1)
    if not isinstance(in_size, (tuple, list)) or len(in_size) != 2:
        raise ValueError(f"in_size must be a pair (H, W), got {in_size!r}")
    h, w = (check_int(v, f"in_size[{i}]", min_value=1) for i, v in enumerate(in_size))
    offsets = as_float_array(offsets, "offsets", ndim=4).astype(np.float64)
    if offsets.shape[1:] != (2, factor * h, factor * w):
        raise ValueError(
            f"offsets must have shape (N, 2, factor*H, factor*W) = (N, 2, {factor * h}, {factor * w}), "
            f"got {offsets.shape}"
        )
    px = _base_positions(w, factor)[None, None, :] + offsets[:, 0]
    py = _base_positions(h, factor)[None, :, None] + offsets[:, 1]
    return px, py


def dysample(x, offsets, factor):
    """DySample's sampler: bilinear samples of ``x`` at the positions of bilinear upsampling plus offsets (NumPy).

    Output pixel ``(i, j)`` reads ``x`` at ``((j + 0.5)/factor - 0.5 + offsets[n, 0, i, j],
    (i + 0.5)/factor - 0.5 + offsets[n, 1, i, j])`` (x, y in input pixels, pixel ``j`` centred on ``j``):
    PyTorch's half-pixel convention. Positions outside the input are clamped to the edge, and the value is
    the bilinear blend of the four neighbours, weighted as :func:`helpers.resize.four_neighbour_weights` says
    (``F.grid_sample(..., mode="bilinear", padding_mode="border", align_corners=False)``).

    Parameters
    ----------
    x : array_like, shape (N, C, H, W)
    offsets : array_like, shape (N, 2, factor*H, factor*W)
        Channel 0: along x (width), channel 1: along y (height), in input pixels; finite.
    factor : int
        Upsampling factor, >= 1.

    Returns
    -------
    ndarray, shape (N, C, factor*H, factor*W)
        Dtype of ``x`` (integers become float64). With ``offsets == 0`` it is bilinear upsampling,
        ``F.interpolate(x, scale_factor=factor, mode="bilinear", align_corners=False)``, to rounding.

    Raises
    ------
    TypeError, ValueError
        On non-numeric arrays, ``x`` not 4-D, ``factor`` not an int >= 1, ``offsets`` of the wrong shape or
        not finite.

    Notes
    -----
    The four neighbours are weighted as ``grid_sample``'s CPU kernel weights them, ``q00 (1 - a)(1 - b) +
    q01 a (1 - b) + q10 (1 - a) b + q11 a b`` (``a``, ``b``: the position's offsets from the top-left
    neighbour), vectorised by gathering whole channels-last rows: every channel samples the same position.
    The output positions go in blocks of about 64 Ki values, so that gathering, weighting and turning a
    block back to channels first happen in cache (twice as fast as whole-array passes at (8, 32, 128, 128)).

    Examples
    --------
    >>> x = np.array([[[[0.0, 4.0]]]])                      # one row, two pixels
    >>> dysample(x, np.zeros((1, 2, 2, 4)), 2)[0, 0, 0]      # plain bilinear
    array([0., 1., 3., 4.])
    >>> off = np.zeros((1, 2, 2, 4)); off[:, 0] = 0.25      # every sample a quarter pixel to the right
    >>> dysample(x, off, 2)[0, 0, 0]
    array([0., 2., 4., 4.])
    """
    x, offsets, f = _dysample_args(x, offsets, factor)
    n, c, h, w = x.shape
    px, py = dysample_grid(offsets, f, (h, w))
    px, py = px.reshape(n, -1), py.reshape(n, -1)
    rows = np.ascontiguousarray(x.transpose(0, 2, 3, 1)).reshape(n * h * w, c)   # channels last: (N*H*W, C)
    per = px.shape[1]                                   # output positions per image
    out = np.empty((n, c, per), dtype=x.dtype)
    step = max(64, _DYSAMPLE_BLOCK // c)                # positions per block: a block's rows stay in cache
    for m in range(n):
        for p0 in range(0, per, step):
            s = slice(p0, p0 + step)
            bx = np.clip(px[m, s], 0.0, w - 1.0)        # padding_mode="border": clamp the position
            by = np.clip(py[m, s], 0.0, h - 1.0)
            x0, y0 = np.floor(bx), np.floor(by)
            a, b = bx - x0, by - y0                     # offsets inside the cell, in [0, 1)
            x0, y0 = x0.astype(np.intp), y0.astype(np.intp)
            i00 = (m * h + y0) * w + x0                 # flat row of the top-left neighbour
            dx, dy = (x0 < w - 1), (y0 < h - 1) * w     # right / down steps (0 at the edge)
            acc = None
            for idx, wt in (
                (i00, (1 - a) * (1 - b)),               # q00, top left
                (i00 + dx, a * (1 - b)),                # q01, top right
                (i00 + dy, (1 - a) * b),                # q10, bottom left
                (i00 + dy + dx, a * b),                 # q11, bottom right
            ):
                q = np.take(rows, idx, axis=0)          # whole rows: every channel samples the same position
                q *= wt.astype(x.dtype)[:, None]
                acc = q if acc is None else np.add(acc, q, out=acc)
            out[m, :, p0:p0 + step] = acc.T
    return out.reshape(n, c, f * h, f * w)


def dysample_torch(x, offsets, factor):
    """:func:`dysample` in PyTorch: ``F.grid_sample(align_corners=False, padding_mode="border")``.

    Parameters
    ----------
    x : torch.Tensor or array_like, shape (N, C, H, W)
    offsets : torch.Tensor or array_like, shape (N, 2, factor*H, factor*W)
    factor : int

    Returns
    -------
    torch.Tensor, shape (N, C, factor*H, factor*W)
        Differentiable with respect to ``x`` and ``offsets``.

    Notes
    -----
    ``grid_sample`` wants positions normalised to ``[-1, 1]``; with ``align_corners=False`` the input
    pixel ``j`` (of ``W``) sits at ``(2 j + 1) / W - 1``, so the position ``p`` in pixels becomes
    ``(2 p + 1) / W - 1``. DySample's official code does the same (with ``2 (j' + 0.5 + offset) / W - 1``).
    """
    import torch
    import torch.nn.functional as F

    factor = check_int(factor, "factor", min_value=1)
    x = torch.as_tensor(x)
    offsets = torch.as_tensor(offsets)
    if x.ndim != 4:
        raise ValueError(f"x must be 4-D (N, C, H, W), got shape {tuple(x.shape)}")
    n, _, h, w = x.shape
    want = (n, 2, factor * h, factor * w)
    if tuple(offsets.shape) != want:
        raise ValueError(f"offsets must have shape (N, 2, factor*H, factor*W) = {want}, got {tuple(offsets.shape)}")
    offsets = offsets.to(x.dtype)
    bx = torch.as_tensor(_base_positions(w, factor), dtype=x.dtype, device=x.device)
    by = torch.as_tensor(_base_positions(h, factor), dtype=x.dtype, device=x.device)
    px = bx.view(1, 1, -1) + offsets[:, 0]
    py = by.view(1, -1, 1) + offsets[:, 1]
    grid = torch.stack(((2 * px + 1) / w - 1, (2 * py + 1) / h - 1), dim=-1)        # (N, fH, fW, 2)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)


def dysample_tf(x, offsets, factor):
    """:func:`dysample` in TensorFlow: the four neighbours gathered with ``tf.gather`` (NCHW in and out).

    Parameters
    ----------
    x : array_like or tf.Tensor, shape (N, C, H, W)
    offsets : array_like or tf.Tensor, shape (N, 2, factor*H, factor*W)
    factor : int

    Returns
    -------
    ndarray, shape (N, C, factor*H, factor*W)
    """
    import tensorflow as tf

    x, offsets, f = _dysample_args(_to_numpy(x, "x"), _to_numpy(offsets, "offsets"), factor)
    n, c, h, w = x.shape
    dtype = x.dtype
    xt = tf.reshape(tf.constant(x), (n, c, h * w))
    off = tf.constant(offsets.astype(dtype))
    px = tf.constant(_base_positions(w, f).astype(dtype))[None, None, :] + off[:, 0]
    py = tf.constant(_base_positions(h, f).astype(dtype))[None, :, None] + off[:, 1]
    px = tf.clip_by_value(px, 0.0, w - 1.0)
    py = tf.clip_by_value(py, 0.0, h - 1.0)
    x0f, y0f = tf.floor(px), tf.floor(py)
    a = (px - x0f)[:, None]
    b = (py - y0f)[:, None]
    x0, y0 = tf.cast(x0f, tf.int64), tf.cast(y0f, tf.int64)
    x1, y1 = tf.minimum(x0 + 1, w - 1), tf.minimum(y0 + 1, h - 1)

    def at(yy, xx):
        idx = tf.reshape(yy * w + xx, (n, -1))
        return tf.reshape(tf.gather(xt, idx, axis=2, batch_dims=1), (n, c, f * h, f * w))

    top = at(y0, x0) * (1 - a) + at(y0, x1) * a
    bottom = at(y1, x0) * (1 - a) + at(y1, x1) * a
    return (top * (1 - b) + bottom * b).numpy()


def _dysample_class():
    if "dysample" not in _CLASSES:
        import torch.nn as nn
        import torch.nn.functional as F

        class DySampleUpsample(nn.Module):
            """DySample-lite (Liu et al. 2023): offsets = scope * conv1x1(x), pixel shuffle, grid_sample."""

            def __init__(self, channels, factor, scope):
                super().__init__()
                self.factor, self.scope = factor, scope
                self.offset = nn.Conv2d(channels, 2 * factor * factor, 1)
                nn.init.normal_(self.offset.weight, std=0.001)   # as the official code: normal_init(std=0.001)
                nn.init.zeros_(self.offset.bias)

            def offsets(self, x):
                """The offsets in input pixels, shape (N, 2, factor*H, factor*W)."""
                return F.pixel_shuffle(self.offset(x) * self.scope, self.factor)

            def forward(self, x):
                return dysample_torch(x, self.offsets(x), self.factor)

            def extra_repr(self):
                return f"factor={self.factor}, scope={self.scope}"

        _CLASSES["dysample"] = DySampleUpsample
    return _CLASSES["dysample"]


def _check_scope(scope) -> float:
    if isinstance(scope, bool) or not isinstance(scope, numbers.Real):
        raise TypeError(f"scope must be a real number, got {type(scope).__name__} {scope!r}")
    scope = float(scope)
    if not math.isfinite(scope) or scope <= 0:
        raise ValueError(f"scope must be finite and > 0, got {scope}")
    return scope


def dysample_module(channels, factor=2, scope=0.25, seed=None):
    """DySample's "lite" layer (Liu et al. 2023, static scope, one group) as a ``torch.nn.Module``.

    ``offset``, a 1x1 conv ``channels -> 2 * factor**2`` (weights N(0, 0.001), zero bias, as the official
    code initialises it); the offsets are ``scope * offset(x)``, pixel-shuffled to ``(N, 2, factor*H,
    factor*W)`` (channel 0 along x, 1 along y, in input pixels) and sampled with :func:`dysample_torch`. The
    module's ``offsets(x)`` method returns them.

    Parameters
    ----------
    channels : int
        Input (and output) channels, >= 1.
    factor : int, default 2
        Upsampling factor, >= 1.
    scope : float, default 0.25
        The "static scope factor": offsets of neighbouring output pixels cannot cross (the paper's
        argument for 0.25 at factor 2).
    seed : int, optional
        Seeds the initialisation (without touching torch's global RNG state); None uses the global RNG.

    Returns
    -------
    torch.nn.Module
        ``(N, C, H, W) -> (N, C, factor*H, factor*W)``; ``(C + 1) * 2 * factor**2`` parameters.

    Notes
    -----
    The official code's default splits the channels into 4 groups, each with its own offsets; here one
    group (every channel samples at the same positions), the contract's ``offsets`` of shape
    ``(N, 2, fH, fW)``.
    """
    channels = check_int(channels, "channels", min_value=1)
    factor = check_int(factor, "factor", min_value=1)
    scope = _check_scope(scope)
    cls = _dysample_class()
    with _init_rng(seed):
        return cls(channels, factor, scope)


def dysample_numpy_forward(module, x, factor=None, scope=None):
    """Run a :func:`dysample_module` layer's weights through the NumPy functions (float64).

    Parameters
    ----------
    module : torch.nn.Module or mapping
        A :func:`dysample_module`, or a mapping with ``offset.weight`` and ``offset.bias``.
    x : array_like, shape (N, C, H, W)
    factor : int, optional
        Default: the module's (for a mapping: from the ``2 * factor**2`` output channels).
    scope : float, optional
        Default: the module's (for a mapping: 0.25).

    Returns
    -------
    ndarray of float64, shape (N, C, factor*H, factor*W)
    """
    from .conv import conv2d

    w = _weights(module, ["offset.weight", "offset.bias"])
    if factor is None:
        factor = getattr(module, "factor", None)
    if factor is None:
        factor = math.isqrt(w["offset.weight"].shape[0] // 2)
    factor = check_int(factor, "factor", min_value=1)
    if w["offset.weight"].shape[0] != 2 * factor * factor:
        raise ValueError(f"offset.weight must have 2 * factor**2 = {2 * factor * factor} output channels, "
                         f"got {w['offset.weight'].shape[0]}")
    scope = _check_scope(getattr(module, "scope", 0.25) if scope is None else scope)
    x = _to_numpy(x, "x").astype(np.float64)
    offsets = pixel_shuffle(scope * conv2d(x, w["offset.weight"], w["offset.bias"]), factor)
    return dysample(x, offsets, factor)


def dysample_macs(n, c, h, w, factor=2, dtype_bytes=4) -> dict:
    """Parameters, multiply-adds and bytes moved of one :func:`dysample_module` layer (forward pass).

    Parameters
    ----------
    n, c, h, w : int
        Input shape ``(N, C, H, W)``, each >= 1.
    factor : int, default 2
    dtype_bytes : int, default 4

    Returns
    -------
    dict
        Keys as in :func:`carafe_macs`: ``conv_macs``, the 1x1 offset conv, ``N H W C 2 factor**2`` (as
        ``FlopCounterMode`` counts it); ``interp_macs``, bilinear sampling, 4 per output element (as
        :func:`helpers.measure.cost` counts bilinear), ``N C factor**2 H W``  x 4; the offset arithmetic
        (scale, add the base position, normalise: a few operations per output pixel, not per channel) is
        not counted; ``bytes``: conv (reads x, writes the offsets), shuffle + scale + positions (reads the
        offsets, writes the grid), ``grid_sample`` (reads x and the grid, writes the output), weights read
        once; ``intermediate_bytes``: offsets + grid, each ``N 2 factor**2 H W`` elements.

    Examples
    --------
    >>> dysample_macs(1, 16, 64, 64)["params"]
    136
    """
    n, c, h, w = (check_int(v, name, min_value=1) for v, name in ((n, "n"), (c, "c"), (h, "h"), (w, "w")))
    f = check_int(factor, "factor", min_value=1)
    dtype_bytes = check_int(dtype_bytes, "dtype_bytes", min_value=1)
    params = (c + 1) * 2 * f * f
    conv_macs = n * h * w * c * 2 * f * f
    elems_in, elems_out = n * c * h * w, n * c * f * f * h * w
    interp_macs = 4 * elems_out
    offsets = n * 2 * f * f * h * w
    intermediate = 2 * offsets                                # offsets, then the grid
    elems_moved = 2 * elems_in + params + 2 * intermediate + elems_out
    return _cost_dict("dysample", (n, c, f * h, f * w), params, conv_macs, interp_macs, elems_in, elems_out,
                      intermediate, elems_moved, dtype_bytes)
