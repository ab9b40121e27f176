"""Upsampling as zero insertion followed by a low-pass filter, and how much it aliases (lesson 16).

Every integer-factor upsampler of the course is the same two steps: insert ``factor - 1`` zeros after
each sample (which copies the spectrum into ``factor`` images, the "replicas"), then filter. Only the
filter differs, and how well it removes the replicas above the input's Nyquist frequency decides how
much the result aliases. Arrays are channels-first, as in PyTorch: images are ``(N, C, H, W)``.

- :func:`interpolation_taps` gives the filter that turns zero insertion into nearest, bilinear or
  bicubic upsampling (PyTorch's ``align_corners=False``); :func:`frequency_response` draws any filter
  as gain against frequency, in cycles per OUTPUT sample.
- :func:`kaiser_sinc` designs StyleGAN3's windowed-sinc low-pass (``scipy.signal.firwin`` with a
  Kaiser window), from scratch in NumPy.
- :func:`upfirdn2d` is StyleGAN3's primitive (upsample by zero insertion, pad, FIR filter, downsample);
  :func:`filtered_upsample` is upfirdn2d with the padding that keeps PyTorch's half-pixel alignment, and
  :func:`filtered_upsample_torch` / :func:`filtered_upsample_tf` compute the same thing with a
  transposed convolution in PyTorch and TensorFlow.
- :func:`zone_plate` and :func:`chirp` are test signals whose frequency rises towards Nyquist;
  :func:`leaked_energy` measures the share of an upsampled image's energy above the input's Nyquist band.

References: Karras et al. 2021, "Alias-Free Generative Adversarial Networks" (StyleGAN3), its
``torch_utils/ops/upfirdn2d.py`` and ``design_lowpass_filter``; ``scipy.signal.firwin`` and
``scipy.signal.upfirdn``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ._validate import as_float_array, check_choice, check_int
from .resize import cubic_kernel

__all__ = [
    "interpolation_taps",
    "frequency_response",
    "kaiser_sinc",
    "upfirdn2d",
    "filtered_upsample",
    "filtered_upsample_torch",
    "filtered_upsample_tf",
    "zone_plate",
    "chirp",
    "leaked_energy",
]

_METHODS = ("nearest", "bilinear", "bicubic")
# StyleGAN3's critically sampled layers put the stopband at cutoff * 2**0.3 (``last_stopband_rel``),
# so the transition band is 2 * cutoff * (2**0.3 - 1) wide (``width = 2 * half_width`` in firwin).
_STOPBAND_REL = 2**0.3


# ------------------------------------------------------------------------------------ validation


def _check_real(value, name: str, low: float | None = None, high: float | None = None) -> float:
    """Validate a finite real number with ``low < value < high`` (bounds exclusive, optional)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if low is not None and value <= low:
        raise ValueError(f"{name} must be > {low}, got {value}")
    if high is not None and value >= high:
        raise ValueError(f"{name} must be < {high}, got {value}")
    return value


def _check_taps(taps) -> np.ndarray:
    taps = as_float_array(taps, "taps", ndim=1)
    if not np.all(np.isfinite(taps)):
        raise ValueError("taps must be finite")
    return taps


def _check_pad(pad) -> tuple[int, int]:
    """An int (same before and after) or a (before, after) pair; negative values crop."""
    if isinstance(pad, (tuple, list)):
        if len(pad) != 2:
            raise ValueError(f"pad must be an int or a pair (before, after), got {len(pad)} values: {pad!r}")
        return check_int(pad[0], "pad[0]"), check_int(pad[1], "pad[1]")
    p = check_int(pad, "pad")
    return p, p


def _upsample_padding(k: int, factor: int) -> tuple[int, int]:
    """StyleGAN3's ``upsample2d`` padding for ``k`` taps and ``factor``: ``((k + f - 1) // 2, (k - f) // 2)``."""
    return (k + factor - 1) // 2, (k - factor) // 2


# ------------------------------------------------------------------------------------ filters


def interpolation_taps(method: str, factor: int = 2) -> np.ndarray:
    """The filter that, applied after zero insertion by ``factor``, gives an interpolation method.

    Output pixel ``j`` of PyTorch's ``align_corners=False`` upsampling reads input coordinate
    ``(j + 0.5) / factor - 0.5``, so input sample ``i`` sits at output position ``factor * i + (factor - 1) / 2``.
    The taps are the method's kernel ``phi`` (in input pixels) sampled at the output pixels around it:
    ``taps[k] = phi((k - (K - factor) / 2 - (factor - 1) / 2) / factor)``.

    - ``"nearest"``: ``ones(factor)`` (each sample is copied ``factor`` times);
    - ``"bilinear"``: the tent ``1 - |t|``; ``2 * factor`` taps for an even factor, ``2 * factor - 1``
      for an odd one (factor 2: ``[0.25, 0.75, 0.75, 0.25]``; factor 3: ``[1/3, 2/3, 1, 2/3, 1/3]``);
    - ``"bicubic"``: Keys' cubic kernel with ``a = -0.75`` (PyTorch's); ``4 * factor`` taps for an even
      factor, ``4 * factor - 1`` for an odd one.

    The length always has the parity of ``factor``, which is what :func:`filtered_upsample` needs to
    keep the half-pixel alignment exact. The DC gain (sum of the taps) is ``factor``: zero insertion
    divides the mean by ``factor`` along each axis and the filter restores it.

    With :func:`filtered_upsample`, the taps reproduce ``F.interpolate(x, scale_factor=factor,
    mode=method, align_corners=False)`` exactly for ``"nearest"``, and for ``"bilinear"``/``"bicubic"``
    everywhere except a border frame where interpolation clamps to the edge pixel and the filter sees
    zeros: ``factor // 2`` output pixels wide for bilinear, ``factor // 2 + factor`` for bicubic.

    Parameters
    ----------
    method : {"nearest", "bilinear", "bicubic"}
    factor : int, >= 1

    Returns
    -------
    taps : ndarray, shape (K,), float64

    Examples
    --------
    >>> interpolation_taps("bilinear", 2)
    array([0.25, 0.75, 0.75, 0.25])
    >>> interpolation_taps("nearest", 3)
    array([1., 1., 1.])
    """
    check_choice(method, "method", _METHODS)
    f = check_int(factor, "factor", 1)
    if method == "nearest":
        return np.ones(f)
    radius = 1 if method == "bilinear" else 2
    k = 2 * radius * f - (f % 2)
    t = (np.arange(k) - (k - f) / 2 - (f - 1) / 2) / f
    if method == "bilinear":
        return np.maximum(0.0, 1.0 - np.abs(t))
    return cubic_kernel(t)


def frequency_response(taps, n: int = 1024) -> tuple[np.ndarray, np.ndarray]:
    """Gain of a filter against frequency: ``|DTFT(taps)|`` on ``[0, 0.5]``, normalised to 1 at ``f = 0``.

    The taps act on the zero-inserted signal, so frequencies are in cycles per OUTPUT sample: after
    upsampling by ``factor`` the input's Nyquist frequency sits at ``0.5 / factor``, and an ideal
    interpolation filter has gain 1 below it and 0 above it. Nearest by 2 (``[1, 1]``) has gain
    ``|cos(pi f)|``.

    Parameters
    ----------
    taps : array_like, shape (K,)
        The filter; its sum (DC gain) must not be zero.
    n : int, >= 2
        Number of frequencies, evenly spaced from 0 to 0.5 inclusive.

    Returns
    -------
    freqs : ndarray, shape (n,), float64
        Frequencies in cycles per output sample.
    gain : ndarray, shape (n,), float64
        ``|H(f)| / |H(0)|``.

    Examples
    --------
    >>> freqs, gain = frequency_response([1, 1], n=3)
    >>> freqs, gain.round(4)
    (array([0.  , 0.25, 0.5 ]), array([1.    , 0.7071, 0.    ]))
    """
    taps = _check_taps(taps).astype(np.float64)
    n = check_int(n, "n", 2)
    dc = abs(taps.sum())
    if dc <= 1e-12 * np.abs(taps).sum():
        raise ValueError("taps must have a non-zero sum (DC gain) to normalise the response")
    freqs = np.linspace(0.0, 0.5, n)
    phase = np.exp(-2j * np.pi * np.outer(freqs, np.arange(taps.size)))
    gain = np.abs(phase @ taps) / dc
    return freqs, gain


def _kaiser_beta(attenuation_db: float) -> float:
    """Kaiser's empirical window parameter for a stopband attenuation in dB (``scipy.signal.kaiser_beta``)."""
    a = attenuation_db
    if a > 50:
        return 0.1102 * (a - 8.7)
    if a > 21:
        return 0.5842 * (a - 21) ** 0.4 + 0.07886 * (a - 21)
    return 0.0


def kaiser_sinc(factor: int = 2, numtaps: int = 12, cutoff=None, width=None, attenuation_db=None) -> np.ndarray:
    """A Kaiser-windowed sinc low-pass for upsampling by ``factor``, as StyleGAN3 designs it.

    The same taps as ``factor * scipy.signal.firwin(numtaps, cutoff, width=width, fs=1)``, written out:
    the ideal low-pass ``2 * cutoff * sinc(2 * cutoff * m)`` at ``m = k - (numtaps - 1) / 2``, times a
    Kaiser window ``np.kaiser(numtaps, beta)``, scaled so that the taps sum to ``factor`` (unit gain
    at DC after zero insertion). The window's ``beta`` comes from Kaiser's formulas:
    ``A = 2.285 * (numtaps - 1) * pi * 2 * width + 7.95`` dB (the attenuation the transition ``width``
    allows, ``scipy.signal.kaiser_atten``), then ``beta(A)`` (``scipy.signal.kaiser_beta``).

    All frequencies are in cycles per OUTPUT sample (``fs = 1``); the input's Nyquist frequency is
    ``0.5 / factor``.

    Parameters
    ----------
    factor : int, >= 1
        Upsampling factor: the DC gain of the taps, and the default cutoff ``0.5 / factor`` (factor 1
        needs an explicit ``cutoff``).
    numtaps : int, >= 1
        Filter length. With :func:`filtered_upsample` the alignment is exact when ``numtaps`` has the
        parity of ``factor`` (StyleGAN3 uses ``6 * factor``).
    cutoff : float, optional
        -6 dB frequency, ``0 < cutoff < 0.5``. Default ``0.5 / factor`` (the input's Nyquist frequency).
    width : float, optional
        Width of the transition band, ``0 < width``. Default, when ``attenuation_db`` is not given
        either: ``2 * cutoff * (2**0.3 - 1)``, the band of StyleGAN3's critically sampled layers
        (stopband at ``cutoff * 2**0.3``).
    attenuation_db : float, optional
        Stopband attenuation in dB that sets ``beta`` directly (``firwin(..., window=("kaiser",
        kaiser_beta(attenuation_db)))``), instead of ``width``. Give at most one of the two.

    Returns
    -------
    taps : ndarray, shape (numtaps,), float64
        Symmetric; sum ``factor``.

    Examples
    --------
    >>> kaiser_sinc(2, 12).round(3)
    array([ 0.047,  0.069, -0.102, -0.157,  0.279,  0.864,  0.864,  0.279,
           -0.157, -0.102,  0.069,  0.047])
    """
    f = check_int(factor, "factor", 1)
    numtaps = check_int(numtaps, "numtaps", 1)
    if cutoff is None and f == 1:
        raise ValueError("factor 1 has no default cutoff (0.5 / factor is the Nyquist frequency): give cutoff")
    cutoff = 0.5 / f if cutoff is None else _check_real(cutoff, "cutoff", 0.0, 0.5)
    if width is not None and attenuation_db is not None:
        raise ValueError("give at most one of width and attenuation_db (both set the Kaiser window's beta)")
    if attenuation_db is not None:
        beta = _kaiser_beta(_check_real(attenuation_db, "attenuation_db", 0.0))
    else:
        width = 2 * cutoff * (_STOPBAND_REL - 1) if width is None else _check_real(width, "width", 0.0)
        attenuation = 2.285 * (numtaps - 1) * np.pi * (2 * width) + 7.95  # width relative to Nyquist (0.5)
        beta = _kaiser_beta(attenuation)
    m = np.arange(numtaps) - (numtaps - 1) / 2
    taps = 2 * cutoff * np.sinc(2 * cutoff * m) * np.kaiser(numtaps, beta)
    return taps * (f / taps.sum())


# ------------------------------------------------------------------------------------ upfirdn


def _upfirdn_axis(x: np.ndarray, taps: np.ndarray, up: int, down: int, p0: int, p1: int, axis: int) -> np.ndarray:
    """1-D upfirdn along ``axis``: zero insertion, pad (p0, p1), true convolution, keep every ``down``-th.

    Polyphase, without materialising the zeros: output ``j`` (before decimation) is
    ``sum_k taps[k] * x[i]`` over ``j = up * i + p0 - (K - 1) + k``, so each tap adds a scaled copy of
    ``x`` to every ``up``-th output (one strided slice per tap; negative padding simply drops outputs).
    """
    n, k = x.shape[axis], taps.size
    n_full = n * up + p0 + p1 - k + 1
    shape = list(x.shape)
    shape[axis] = n_full
    out = np.zeros(shape, dtype=np.result_type(x.dtype, taps.dtype))
    head = (slice(None),) * (axis % x.ndim)
    scaled = np.empty_like(x, dtype=out.dtype)  # one buffer for taps[t] * x, reused by every tap
    for t in range(k):
        offset = p0 - (k - 1) + t  # output index of x[0] for this tap
        i_lo = max(0, -(offset // up))  # ceil(-offset / up)
        i_hi = min(n - 1, (n_full - 1 - offset) // up)
        if i_lo > i_hi or taps[t] == 0:
            continue
        j_lo = up * i_lo + offset
        src = head + (slice(i_lo, i_hi + 1),)
        dst = head + (slice(j_lo, j_lo + up * (i_hi - i_lo) + 1, up),)
        np.multiply(x[src], taps[t], out=scaled[src])
        out[dst] += scaled[src]
    return out[head + (slice(None, None, down),)] if down > 1 else out


def upfirdn2d(x, taps, up: int = 1, down: int = 1, pad=(0, 0)) -> np.ndarray:
    """StyleGAN3's ``upfirdn2d``: upsample by zero insertion, pad, FIR filter, downsample (NumPy).

    Along each spatial axis of length ``L`` (the same operation on H and on W, the filter separable):

    1. insert ``up - 1`` zeros after each sample (length ``up * L``; ``u[up * i] = x[i]``);
    2. pad ``pad = (before, after)`` zeros (negative values crop);
    3. convolve with ``taps`` (true convolution, the taps flipped, keeping only full overlaps):
       ``v[j] = sum_k taps[k] * padded[j + K - 1 - k]``;
    4. keep every ``down``-th sample: ``y = v[::down]``.

    The output length is ``(up * L + before + after - K) // down + 1``. Unlike StyleGAN3's function
    there is no ``gain`` argument: pass taps whose sum is the gain you want per axis.

    Parameters
    ----------
    x : array_like, shape (N, C, H, W)
    taps : array_like, shape (K,)
        1-D filter, applied along H and along W.
    up, down : int, >= 1
    pad : int or (int, int)
        Zeros added before and after, on both spatial axes.

    Returns
    -------
    y : ndarray, shape (N, C, H_out, W_out)
        Float, dtype ``result_type(x, taps)``.

    Examples
    --------
    >>> upfirdn2d(np.ones((1, 1, 2, 2)), [1, 1], up=2, pad=(1, 0))[0, 0]
    array([[1., 1., 1., 1.],
           [1., 1., 1., 1.],
           [1., 1., 1., 1.],
           [1., 1., 1., 1.]])
    """
    x = as_float_array(x, "x", ndim=4)
    taps = _check_taps(taps)
    up = check_int(up, "up", 1)
    down = check_int(down, "down", 1)
    p0, p1 = _check_pad(pad)
    dtype = np.result_type(x.dtype, taps.dtype)
    x, taps = x.astype(dtype, copy=False), taps.astype(dtype, copy=False)
    for name, size in zip(("H", "W"), x.shape[2:]):
        if size * up + p0 + p1 < taps.size:
            raise ValueError(
                f"the padded upsampled {name} axis (up * {name} + pad[0] + pad[1] = {size * up + p0 + p1}) "
                f"is shorter than the filter ({taps.size} taps): no output"
            )
    y = _upfirdn_axis(x, taps, up, down, p0, p1, axis=3)
    return _upfirdn_axis(y, taps, up, down, p0, p1, axis=2)


def filtered_upsample(x, factor: int, taps) -> np.ndarray:
    """Upsample by zero insertion and a separable low-pass filter, aligned as PyTorch aligns upsampling.

    ``upfirdn2d(x, taps, up=factor, pad=(p0, p1))`` with StyleGAN3's ``upsample2d`` padding
    ``p0 = (K + factor - 1) // 2``, ``p1 = (K - factor) // 2`` (``p0 + p1 = K - 1``, so the output is
    exactly ``factor`` times larger).

    Alignment rule: a symmetric filter of ``K`` taps is centred on output pixel ``j`` at input
    coordinate ``(j + 0.5) / factor - 0.5`` (PyTorch's ``align_corners=False``) when ``K`` and
    ``factor`` have the same parity (``K + factor`` even: e.g. 12 taps for factor 2 or 4, the lengths
    :func:`interpolation_taps` returns). Otherwise every output is shifted half an output pixel
    (towards higher indices), as in StyleGAN3. Outside the input the filter reads zeros; interpolation
    instead clamps to the edge, so the two differ in a border frame as wide as the filter reaches past
    the edge (:func:`interpolation_taps` gives the widths).

    Parameters
    ----------
    x : array_like, shape (N, C, H, W)
    factor : int, >= 1
    taps : array_like, shape (K,)
        1-D filter, applied along H and W; sum ``factor`` for unit DC gain.

    Returns
    -------
    y : ndarray, shape (N, C, factor * H, factor * W)

    Examples
    --------
    >>> x = np.arange(4.0).reshape(1, 1, 2, 2)
    >>> filtered_upsample(x, 2, interpolation_taps("nearest", 2))[0, 0]
    array([[0., 0., 1., 1.],
           [0., 0., 1., 1.],
           [2., 2., 3., 3.],
           [2., 2., 3., 3.]])
    """
    x = as_float_array(x, "x", ndim=4)
    f = check_int(factor, "factor", 1)
    taps = _check_taps(taps)
    return upfirdn2d(x, taps, up=f, pad=_upsample_padding(taps.size, f))


def filtered_upsample_torch(x, factor: int, taps):
    """:func:`filtered_upsample` in PyTorch: two depthwise transposed convolutions, one per axis.

    A transposed convolution with stride ``factor`` IS zero insertion followed by a (true)
    convolution: ``conv_transpose`` puts ``x[i] * taps`` at outputs ``factor * i + k``. Channels are
    folded into the batch (a depthwise filter), the full output ``(L - 1) * factor + K`` long is
    computed with padding 0, and ``F.pad`` crops (or, for ``K < factor``, pads) it to
    ``factor * L`` with the alignment of :func:`filtered_upsample`. Differentiable.

    Parameters
    ----------
    x : torch.Tensor, shape (N, C, H, W), floating
    factor : int, >= 1
    taps : array_like or torch.Tensor, shape (K,)

    Returns
    -------
    torch.Tensor, shape (N, C, factor * H, factor * W)
        Same dtype and device as ``x``.
    """
    import torch
    import torch.nn.functional as F

    if not isinstance(x, torch.Tensor):
        raise TypeError(f"x must be a torch.Tensor, got {type(x).__name__}")
    if x.ndim != 4:
        raise ValueError(f"x must be 4-D (N, C, H, W), got shape {tuple(x.shape)}")
    if not x.is_floating_point():
        raise TypeError(f"x must be a floating tensor, got dtype {x.dtype}")
    if x.numel() == 0:
        raise ValueError(f"x must not be empty, got shape {tuple(x.shape)}")
    f = check_int(factor, "factor", 1)
    if isinstance(taps, torch.Tensor):
        taps = taps.detach().cpu().numpy()
    taps = _check_taps(taps)
    k = taps.size
    p0, p1 = _upsample_padding(k, f)
    n, c, h, w = x.shape
    weight = torch.as_tensor(taps, dtype=x.dtype, device=x.device)
    # y[j] = full[j + (K - 1 - p0)]: crop K - 1 - p0 = p1 before, the rest after (negative = pad)
    before, after = p1, k - f - p1
    y = x.reshape(n * c, 1, h, w)
    y = F.conv_transpose2d(y, weight.reshape(1, 1, k, 1), stride=(f, 1))
    y = F.conv_transpose2d(y, weight.reshape(1, 1, 1, k), stride=(1, f))
    y = F.pad(y, (-before, -after, -before, -after))
    return y.reshape(n, c, f * h, f * w)


def filtered_upsample_tf(x_nchw, factor: int, taps) -> np.ndarray:
    """:func:`filtered_upsample` in TensorFlow: ``tf.nn.conv2d_transpose``, one pass per axis.

    Channels are folded into the batch (``(N * C, H, W, 1)``, NHWC), each axis is upsampled with a
    ``K x 1`` (then ``1 x K``) transposed convolution of stride ``factor`` and ``"VALID"`` padding (the
    full output, ``(L - 1) * factor + K`` long), and the result is cropped (or padded) to ``factor * L``
    exactly as :func:`filtered_upsample_torch` does.

    Parameters
    ----------
    x_nchw : array_like or tf.Tensor, shape (N, C, H, W)
        Float32 and float64 keep their dtype; other input is converted to float64.
    factor : int, >= 1
    taps : array_like, shape (K,)

    Returns
    -------
    y : ndarray, shape (N, C, factor * H, factor * W)
    """
    import tensorflow as tf

    if isinstance(x_nchw, tf.Tensor):
        x_nchw = x_nchw.numpy()
    x = as_float_array(x_nchw, "x_nchw", ndim=4)
    if x.dtype not in (np.float32, np.float64):
        x = x.astype(np.float64)
    f = check_int(factor, "factor", 1)
    taps = _check_taps(taps)
    k = taps.size
    p0, p1 = _upsample_padding(k, f)
    before, after = p1, k - f - p1
    n, c, h, w = x.shape
    t = tf.constant(x.reshape(n * c, h, w, 1))
    kernel = tf.constant(taps.astype(x.dtype))
    full_h, full_w = (h - 1) * f + k, (w - 1) * f + k
    t = tf.nn.conv2d_transpose(
        t, tf.reshape(kernel, (k, 1, 1, 1)), (n * c, full_h, w, 1), strides=(f, 1), padding="VALID"
    )
    t = tf.nn.conv2d_transpose(
        t, tf.reshape(kernel, (1, k, 1, 1)), (n * c, full_h, full_w, 1), strides=(1, f), padding="VALID"
    )
    y = t.numpy()[:, :, :, 0]
    # crop (or zero-pad) to factor * L: drop `before` samples at the start, `after` at the end
    pad_width = ((0, 0), (max(0, -before), max(0, -after)), (max(0, -before), max(0, -after)))
    y = np.pad(y, pad_width)
    b = max(0, before)
    y = y[:, b : b + f * h, b : b + f * w]
    return np.ascontiguousarray(y.reshape(n, c, f * h, f * w))


# ------------------------------------------------------------------------------------ test signals


def zone_plate(size: int = 128, k=None) -> np.ndarray:
    """A zone plate: ``0.5 + 0.5 * cos(k * r**2)``, rings whose frequency rises linearly with the radius.

    ``r`` is the distance in pixels from the image centre ``((size - 1) / 2, (size - 1) / 2)``; the
    local frequency at radius ``r`` is ``k * r / pi`` cycles per pixel. The default
    ``k = pi / size`` reaches the Nyquist frequency (0.5) at ``r = size / 2``, the middle of each edge;
    the corners lie beyond it and alias (the faint extra rings there).

    Parameters
    ----------
    size : int, >= 2
    k : float, optional
        Chirp rate, > 0. Default ``pi / size``.

    Returns
    -------
    img : ndarray, shape (size, size), float64, values in [0, 1]
    """
    size = check_int(size, "size", 2)
    k = math.pi / size if k is None else _check_real(k, "k", 0.0)
    c = np.arange(size) - (size - 1) / 2
    r2 = c[:, None] ** 2 + c[None, :] ** 2
    return 0.5 + 0.5 * np.cos(k * r2)


def chirp(n: int = 256, f_max: float = 0.5) -> np.ndarray:
    """A 1-D linear chirp ``cos(pi * f_max * t**2 / n)``, ``t = 0 .. n - 1``.

    Its instantaneous frequency ``f_max * t / n`` rises linearly from 0 to just below ``f_max`` cycles
    per sample (the Nyquist frequency by default).

    Parameters
    ----------
    n : int, >= 2
    f_max : float, 0 < f_max <= 0.5
        Frequency reached at ``t = n``, cycles per sample.

    Returns
    -------
    signal : ndarray, shape (n,), float64, values in [-1, 1]
    """
    n = check_int(n, "n", 2)
    f_max = _check_real(f_max, "f_max", 0.0)
    if f_max > 0.5:
        raise ValueError(f"f_max must be <= 0.5 (the Nyquist frequency, cycles per sample), got {f_max}")
    t = np.arange(n, dtype=np.float64)
    return np.cos(np.pi * f_max * t**2 / n)


def leaked_energy(y, factor: int) -> float:
    """Share of an upsampled image's energy above the input's Nyquist band.

    Each image (each ``(n, c)`` of a batch) has its mean removed; the energy ``|DFT|**2`` is summed over
    all images. The leaked share is the energy at frequencies with ``|fx| > 0.5 / factor`` or
    ``|fy| > 0.5 / factor`` cycles per output pixel (``numpy.fft.fftfreq``; a bin exactly at
    ``0.5 / factor`` counts as in band): the replicas that zero insertion created and the filter
    failed to remove. An ideal (sinc, FFT zero-padding) interpolator leaks 0; zero insertion alone
    leaks ``1 - 1 / factor**2`` of a zero-mean white-noise image's energy (3/4 for factor 2), and more
    of an image with a non-zero mean, whose replicas (the zero-insertion grid) all lie out of band.
    Filters that read zeros past the border (:func:`filtered_upsample`) darken a frame of the output;
    that edge also counts, and it sets a floor under the leak of long filters.

    Parameters
    ----------
    y : array_like, shape (H, W) or (N, C, H, W)
    factor : int, >= 1
        The upsampling factor that produced ``y``.

    Returns
    -------
    float in [0, 1]
        0.0 for a constant image (no energy, nothing leaks).
    """
    y = as_float_array(y, "y", ndim=(2, 4)).astype(np.float64)
    f = check_int(factor, "factor", 1)
    if y.ndim == 2:
        y = y[None, None]
    h, w = y.shape[2:]
    scale = float(np.sum(y**2)) * h * w  # Parseval: the DFT energy of y itself
    y = y - y.mean(axis=(2, 3), keepdims=True)
    power = (np.abs(np.fft.fft2(y)) ** 2).sum(axis=(0, 1))
    total = power.sum()
    if total <= 1e-24 * scale or total == 0:
        return 0.0  # constant images: only rounding noise is left after removing the mean
    limit = 0.5 / f
    out_y = np.abs(np.fft.fftfreq(h)) > limit + 1e-12
    out_x = np.abs(np.fft.fftfreq(w)) > limit + 1e-12
    mask = out_y[:, None] | out_x[None, :]
    return float(power[mask].sum() / total)
