"""helpers.antialias (lesson 16) against PyTorch, TensorFlow and SciPy: filtered upsampling in three
frameworks, the interpolation filters, Kaiser-windowed sinc design, upfirdn2d, the leak measure, and bad input."""

import doctest
import math
import subprocess
import sys

import numpy as np
import pytest
import scipy.signal
import tensorflow as tf
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

import helpers.antialias as aa
from helpers.antialias import (
    chirp,
    filtered_upsample,
    filtered_upsample_tf,
    filtered_upsample_torch,
    frequency_response,
    interpolation_taps,
    kaiser_sinc,
    leaked_energy,
    upfirdn2d,
    zone_plate,
)
from helpers.layout import bilinear_kernel

FAST = settings(max_examples=30, deadline=None)
TOL = dict(rtol=1e-10, atol=1e-12)


@st.composite
def upsample_case(draw, max_taps=13):
    n, c = draw(st.integers(1, 2)), draw(st.integers(1, 3))
    h, w = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    factor, k = draw(st.integers(2, 4)), draw(st.integers(1, max_taps))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    return rng.standard_normal((n, c, h, w)), factor, rng.standard_normal(k)


def _torch(x):
    return torch.from_numpy(np.ascontiguousarray(x))


# ------------------------------------------------------------------------- NumPy == PyTorch == TensorFlow


@FAST
@given(upsample_case())
def test_filtered_upsample_matches_torch_and_tf(case):
    x, factor, taps = case
    y = filtered_upsample(x, factor, taps)
    assert y.shape == (x.shape[0], x.shape[1], factor * x.shape[2], factor * x.shape[3])
    assert_allclose(filtered_upsample_torch(_torch(x), factor, taps).numpy(), y, **TOL)
    assert_allclose(filtered_upsample_tf(x, factor, taps), y, **TOL)


def test_float32_stays_float32_in_every_framework():
    x = np.random.default_rng(1).standard_normal((1, 2, 5, 4)).astype(np.float32)
    taps = kaiser_sinc(2, 12).astype(np.float32)
    y = filtered_upsample(x, 2, taps)
    y_torch = filtered_upsample_torch(_torch(x), 2, taps)
    y_tf = filtered_upsample_tf(tf.constant(x), 2, taps)
    assert y.dtype == np.float32 and y_torch.dtype == torch.float32 and y_tf.dtype == np.float32
    assert_allclose(y_torch.numpy(), y, rtol=1e-5, atol=1e-5)
    assert_allclose(y_tf, y, rtol=1e-5, atol=1e-5)


def test_torch_version_is_differentiable():
    x = _torch(np.random.default_rng(2).standard_normal((1, 1, 4, 4))).requires_grad_()
    filtered_upsample_torch(x, 2, interpolation_taps("bilinear")).sum().backward()
    # every input pixel's taps sum to factor per axis, but the border loses the part that falls outside
    assert x.grad is not None and float(x.grad.max()) == pytest.approx(4.0)


@pytest.mark.parametrize("factor", [2, 3, 4])
@pytest.mark.parametrize("k", [3, 4, 5, 8, 12, 13])
def test_alignment_rule_centres_symmetric_filters_half_pixel(factor, k):
    # the response to input pixel i is centred at output factor * i + (factor - 1) / 2 (PyTorch's
    # half-pixel convention) when k and factor have the same parity, half an output pixel later otherwise
    taps = np.hanning(k + 2)[1:-1]
    x = np.zeros((1, 1, 1, 9))
    x[..., 4] = 1
    y = filtered_upsample(np.repeat(x, 9, axis=2), factor, taps)[0, 0].sum(axis=0)  # rows may be gaps if k < f
    centre = (np.arange(y.size) * y).sum() / y.sum()
    assert centre == pytest.approx(factor * 4 + (factor - 1) / 2 + 0.5 * ((k + factor) % 2), abs=1e-12)


# ------------------------------------------------------------------------- upfirdn2d from its definition


def _upfirdn_reference(x, taps, up, down, pad):
    """Literal definition: zeros after each sample, pad/crop, valid 2-D convolution, decimate."""
    p0, p1 = pad
    n, c, h, w = x.shape
    u = np.zeros((n, c, h * up, w * up))
    u[:, :, ::up, ::up] = x
    u = np.pad(u, ((0, 0), (0, 0), (max(p0, 0), max(p1, 0)), (max(p0, 0), max(p1, 0))))
    end_h, end_w = u.shape[2] - max(-p1, 0), u.shape[3] - max(-p1, 0)
    u = u[:, :, max(-p0, 0) : end_h, max(-p0, 0) : end_w]
    kernel = np.outer(taps, taps)
    out = np.stack([[scipy.signal.convolve2d(img, kernel, mode="valid") for img in batch] for batch in u])
    return out[:, :, ::down, ::down]


@FAST
@given(upsample_case(max_taps=7), st.integers(1, 3), st.integers(1, 3), st.integers(-3, 6), st.integers(-3, 6))
def test_upfirdn2d_matches_its_definition(case, up, down, p0, p1):
    x, _, taps = case
    if min(x.shape[2:]) * up + p0 + p1 < taps.size:  # nothing left to filter
        with pytest.raises(ValueError, match="shorter than the filter"):
            upfirdn2d(x, taps, up=up, down=down, pad=(p0, p1))
        return
    expected = _upfirdn_reference(x, taps, up, down, (p0, p1))
    assert_allclose(upfirdn2d(x, taps, up=up, down=down, pad=(p0, p1)), expected, **TOL)


@FAST
@given(upsample_case(max_taps=9), st.integers(1, 4), st.integers(1, 3))
def test_upfirdn2d_with_full_padding_is_scipy_upfirdn(case, up, down):
    # scipy.signal.upfirdn: zeros only BETWEEN samples and a full convolution, so pad (K - 1, K - up)
    x, _, taps = case
    k = taps.size
    expected = scipy.signal.upfirdn(taps, scipy.signal.upfirdn(taps, x, up, down, axis=3), up, down, axis=2)
    assert_allclose(upfirdn2d(x, taps, up=up, down=down, pad=(k - 1, k - up)), expected, **TOL)


def test_upfirdn2d_plain_decimation_and_int_pad():
    x = np.arange(2 * 3 * 6 * 5, dtype=float).reshape(2, 3, 6, 5)
    assert_array_equal(upfirdn2d(x, [1.0], down=2), x[:, :, ::2, ::2])
    assert_array_equal(upfirdn2d(x, [1.0], pad=1), np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1))))


# ------------------------------------------------------------------------- the interpolation filters


@FAST
@given(upsample_case(), st.sampled_from(["nearest", "bilinear", "bicubic"]))
def test_interpolation_taps_give_f_interpolate_away_from_the_border(case, method):
    x, factor, _ = case
    taps = interpolation_taps(method, factor)
    assert len(taps) % 2 == factor % 2 and taps.sum() == pytest.approx(factor)
    kwargs = {} if method == "nearest" else dict(align_corners=False)
    expected = F.interpolate(_torch(x), scale_factor=factor, mode=method, **kwargs).numpy()
    y = filtered_upsample(x, factor, taps)
    b = {"nearest": 0, "bilinear": factor // 2, "bicubic": factor // 2 + factor}[method]
    inner = (slice(None), slice(None), slice(b, y.shape[2] - b), slice(b, y.shape[3] - b))
    assert_allclose(y[inner], expected[inner], **TOL)
    if method == "nearest":
        assert_array_equal(y, np.repeat(np.repeat(x, factor, axis=2), factor, axis=3))


@pytest.mark.parametrize("factor", [2, 3, 4])
def test_bilinear_border_frame_is_factor_div_2_wide(factor):
    # interpolation clamps to the edge; the filter reads zeros, so a constant image darkens in a frame
    y = filtered_upsample(np.ones((1, 1, 5, 5)), factor, interpolation_taps("bilinear", factor))[0, 0]
    b = factor // 2
    assert_allclose(y[b:-b, b:-b], 1.0, rtol=1e-12)
    assert (y[:b] < 1 - 1e-3).all() and (y[:, -b:] < 1 - 1e-3).all()


@pytest.mark.parametrize("factor", [2, 3, 4])
def test_bilinear_initialised_transposed_conv_is_filtered_upsample(factor):
    # FCN's k = 2f - f % 2, stride f, padding ceil((f - 1) / 2): the same zero-padded filter, everywhere
    x = np.random.default_rng(factor).standard_normal((2, 3, 6, 5))
    k = 2 * factor - factor % 2
    w = torch.from_numpy(np.repeat(bilinear_kernel(1, 1, k), 3, axis=0))  # depthwise: (3, 1, k, k)
    y = F.conv_transpose2d(_torch(x), w, stride=factor, padding=math.ceil((factor - 1) / 2), groups=3).numpy()
    assert_allclose(y, filtered_upsample(x, factor, interpolation_taps("bilinear", factor)), **TOL)


def test_interpolation_taps_values():
    assert_allclose(interpolation_taps("bilinear", 2), [0.25, 0.75, 0.75, 0.25])
    assert_allclose(interpolation_taps("bilinear", 3), [1 / 3, 2 / 3, 1, 2 / 3, 1 / 3])
    assert_array_equal(interpolation_taps("nearest", 4), np.ones(4))
    assert len(interpolation_taps("bicubic", 2)) == 8 and len(interpolation_taps("bicubic", 3)) == 11


# ------------------------------------------------------------------------- frequency responses


def test_frequency_response_of_nearest_and_bilinear():
    freqs, gain = frequency_response(interpolation_taps("nearest", 2), n=5)
    assert freqs[2] == 0.25 and gain[2] == pytest.approx(math.cos(math.pi / 4), abs=1e-12)
    freqs, gain = frequency_response(interpolation_taps("nearest", 2))
    assert_allclose(gain, np.abs(np.cos(np.pi * freqs)), atol=1e-12)
    # bilinear by 2 = [1, 1] * [1, 2, 1] / 4: |cos|^3, i.e. nearest's response times cos^2
    _, gain_bilinear = frequency_response(interpolation_taps("bilinear", 2))
    assert_allclose(gain_bilinear, np.abs(np.cos(np.pi * freqs)) ** 3, atol=1e-12)
    assert gain[0] == 1 and gain_bilinear[-1] == pytest.approx(0, abs=1e-12)


@FAST
@given(st.lists(st.floats(0.05, 2.0), min_size=1, max_size=16), st.integers(2, 64))
def test_frequency_response_matches_scipy_freqz(taps, n):
    freqs, gain = frequency_response(taps, n)
    _, h = scipy.signal.freqz(taps, worN=2 * np.pi * freqs)
    assert_allclose(gain, np.abs(h) / sum(taps), rtol=1e-10, atol=1e-12)
    assert freqs[0] == 0 and freqs[-1] == 0.5 and len(freqs) == n


# ------------------------------------------------------------------------- Kaiser-windowed sinc


@FAST
@given(st.integers(1, 4), st.integers(1, 40), st.floats(0.02, 0.48), st.floats(0.01, 0.4))
def test_kaiser_sinc_is_firwin_with_width(factor, numtaps, cutoff, width):
    expected = factor * scipy.signal.firwin(numtaps, cutoff, width=width, fs=1)
    assert_allclose(kaiser_sinc(factor, numtaps, cutoff=cutoff, width=width), expected, rtol=1e-9, atol=1e-12)


@FAST
@given(st.integers(2, 4), st.integers(1, 40), st.floats(1.0, 120.0))
def test_kaiser_sinc_is_firwin_with_attenuation(factor, numtaps, attenuation_db):
    window = ("kaiser", scipy.signal.kaiser_beta(attenuation_db))
    expected = factor * scipy.signal.firwin(numtaps, 0.5 / factor, window=window, fs=1)
    assert_allclose(kaiser_sinc(factor, numtaps, attenuation_db=attenuation_db), expected, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("factor", [2, 4])
def test_kaiser_sinc_defaults_are_stylegan3s_critical_layers(factor):
    cutoff = 0.5 / factor
    expected = factor * scipy.signal.firwin(6 * factor, cutoff, width=2 * cutoff * (2**0.3 - 1), fs=1)
    taps = kaiser_sinc(factor, 6 * factor)
    assert_allclose(taps, expected, rtol=1e-9, atol=1e-12)
    assert_allclose(taps, taps[::-1]) and taps.sum() == pytest.approx(factor)
    # a long filter passes DC, halves the amplitude at the cutoff, and stops what lies past the band
    freqs, gain = frequency_response(kaiser_sinc(factor, 64 * factor, width=0.05 / factor), n=2001)
    assert gain[np.argmin(np.abs(freqs - cutoff))] == pytest.approx(0.5, abs=0.02)
    assert gain[freqs < 0.8 * cutoff].min() > 0.98 and gain[freqs > 1.2 * cutoff].max() < 0.02


# ------------------------------------------------------------------------- test signals and the leak


def test_zone_plate_and_chirp():
    img = zone_plate(64)
    assert img.shape == (64, 64) and img.min() >= 0 and img.max() <= 1
    assert_allclose(img, img.T)
    assert_allclose(img, img[::-1])
    assert_allclose(zone_plate(9)[4, 4], 1.0) and zone_plate(8, k=0.5).shape == (8, 8)
    s = chirp(256)
    assert s.shape == (256,) and s[0] == 1 and np.abs(s).max() <= 1
    # instantaneous frequency rises: zero crossings in the last quarter outnumber those in the first
    crossings = np.abs(np.diff(np.sign(s))) > 0
    assert crossings[192:].sum() > 5 * crossings[:64].sum()


def test_zone_plate_local_frequency_reaches_nyquist_at_the_edge():
    # along the middle row the phase k r^2 advances pi per pixel (Nyquist) at r = size / 2
    size = 64
    k = math.pi / size
    r = np.arange(size) - (size - 1) / 2
    assert_allclose(zone_plate(size)[size // 2 - 1], 0.5 + 0.5 * np.cos(k * (r**2 + 0.25)))
    assert k * size / math.pi == pytest.approx(1.0)  # d(k r^2)/dr at r = size/2, in units of pi


@pytest.mark.parametrize("factor", [2, 3])
def test_zero_insertion_leaks_all_but_one_over_factor_squared(factor):
    x = np.random.default_rng(factor).standard_normal((2, 1, 48, 48))
    leak = leaked_energy(upfirdn2d(x, [1.0], up=factor), factor)
    assert leak == pytest.approx(1 - 1 / factor**2, abs=0.03)


def _fft_upsample(x, factor):
    """Ideal (periodic sinc) interpolation: zero-pad the centred spectrum."""
    h, w = x.shape[-2:]
    spec = np.fft.fftshift(np.fft.fft2(x), axes=(-2, -1))
    ph, pw = factor * h // 2 - h // 2, factor * w // 2 - w // 2  # keep DC where ifftshift expects it
    spec = np.pad(spec, ((0, 0),) * (x.ndim - 2) + ((ph, factor * h - h - ph), (pw, factor * w - w - pw)))
    return np.real(np.fft.ifft2(np.fft.ifftshift(spec, axes=(-2, -1)))) * factor**2


@pytest.mark.parametrize("factor, size", [(2, 31), (3, 31), (2, 20), (4, 17)])
def test_ideal_interpolator_leaks_nothing(factor, size):
    x = np.random.default_rng(0).standard_normal((1, 2, size, size))
    assert leaked_energy(_fft_upsample(x, factor), factor) < 1e-20


def test_leak_ranks_the_filters_on_a_zone_plate():
    img = zone_plate(64)[None, None]
    leak = {m: leaked_energy(filtered_upsample(img, 2, interpolation_taps(m)), 2) for m in ("nearest", "bilinear")}
    leak["zeros"] = leaked_energy(upfirdn2d(img, [2.0], up=2), 2)
    leak["kaiser12"] = leaked_energy(filtered_upsample(img, 2, kaiser_sinc(2, 12)), 2)
    leak["kaiser24"] = leaked_energy(filtered_upsample(img, 2, kaiser_sinc(2, 24)), 2)
    order = ["zeros", "nearest", "bilinear", "kaiser12", "kaiser24"]
    assert all(leak[a] > 1.2 * leak[b] for a, b in zip(order, order[1:])), leak


def test_leaked_energy_shapes_and_constants():
    rng = np.random.default_rng(3)
    y = rng.standard_normal((16, 16))
    assert leaked_energy(y, 2) == pytest.approx(leaked_energy(y[None, None], 2), rel=1e-12)
    assert leaked_energy(np.full((8, 8), 3.0), 2) == 0.0
    assert leaked_energy(y, 1) == 0.0
    # a single frequency: in band or out, all or nothing
    j = np.arange(16)
    assert leaked_energy(np.cos(2 * np.pi * 0.25 * j)[None, :] * np.ones((16, 1)), 2) == pytest.approx(0.0, abs=1e-20)
    assert leaked_energy(np.cos(2 * np.pi * 0.375 * j)[:, None] * np.ones((1, 16)), 2) == pytest.approx(1.0)


# ------------------------------------------------------------------------- validation and packaging


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda: interpolation_taps("linear"), ValueError),
        (lambda: interpolation_taps("bilinear", 0), ValueError),
        (lambda: interpolation_taps("bilinear", 2.0), TypeError),
        (lambda: frequency_response([1.0, -1.0]), ValueError),
        (lambda: frequency_response([1.0], n=1), ValueError),
        (lambda: frequency_response([[1.0]]), ValueError),
        (lambda: frequency_response("abc"), TypeError),
        (lambda: kaiser_sinc(2, 0), ValueError),
        (lambda: kaiser_sinc(1, 12), ValueError),
        (lambda: kaiser_sinc(2, 12, cutoff=0.5), ValueError),
        (lambda: kaiser_sinc(2, 12, cutoff=0.0), ValueError),
        (lambda: kaiser_sinc(2, 12, width=-0.1), ValueError),
        (lambda: kaiser_sinc(2, 12, width=0.1, attenuation_db=40), ValueError),
        (lambda: kaiser_sinc(2, 12, cutoff="0.25"), TypeError),
        (lambda: upfirdn2d(np.ones((2, 3, 4)), [1.0]), ValueError),
        (lambda: upfirdn2d(np.ones((1, 1, 4, 4)), [1.0], pad=(1, 2, 3)), ValueError),
        (lambda: upfirdn2d(np.ones((1, 1, 4, 4)), [1.0], up=0), ValueError),
        (lambda: upfirdn2d(np.ones((1, 1, 2, 2)), np.ones(6)), ValueError),
        (lambda: upfirdn2d(np.ones((1, 1, 4, 4)), [np.nan]), ValueError),
        (lambda: filtered_upsample(np.ones((1, 1, 4, 4)), 2, np.ones((2, 2))), ValueError),
        (lambda: filtered_upsample_torch(np.ones((1, 1, 4, 4)), 2, [1.0, 1.0]), TypeError),
        (lambda: filtered_upsample_torch(torch.ones(1, 4, 4), 2, [1.0, 1.0]), ValueError),
        (lambda: filtered_upsample_torch(torch.ones(1, 1, 4, 4, dtype=torch.int64), 2, [1.0]), TypeError),
        (lambda: filtered_upsample_tf(np.ones((4, 4)), 2, [1.0]), ValueError),
        (lambda: leaked_energy(np.ones((2, 3, 4)), 2), ValueError),
        (lambda: leaked_energy(np.ones((4, 4)), 0), ValueError),
        (lambda: zone_plate(1), ValueError),
        (lambda: zone_plate(8, k=0), ValueError),
        (lambda: chirp(64, f_max=0.6), ValueError),
    ],
)
def test_bad_input_raises(call, error):
    with pytest.raises(error):
        call()


def test_importing_the_module_imports_no_framework():
    code = "import sys, helpers.antialias; assert not {'torch', 'tensorflow'} & set(sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_docstring_examples():
    assert doctest.testmod(aa, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0
