"""helpers.content_aware: CARAFE and DySample, NumPy == PyTorch == TensorFlow, the layers' forward passes in NumPy,
the two identities with fixed upsamplers, the cost model against FlopCounterMode, and bad input."""

import doctest

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from torch.utils.flop_counter import FlopCounterMode

from helpers.content_aware import (
    carafe,
    carafe_macs,
    carafe_module,
    carafe_numpy_forward,
    carafe_tf,
    carafe_torch,
    dysample,
    dysample_grid,
    dysample_macs,
    dysample_module,
    dysample_numpy_forward,
    dysample_tf,
    dysample_torch,
    normalise_kernels,
)
from helpers.resize import four_neighbour_weights


@st.composite
def carafe_cases(draw):
    """(x, kernels, factor, k): random sizes, channels, factors 2-3, k in {1, 3, 5}, softmax kernels."""
    f = draw(st.integers(2, 3))
    k = draw(st.sampled_from([1, 3, 5]))
    n, c, h, w = draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 5)), draw(st.integers(1, 5))
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.standard_normal((n, c, h, w)).astype(dtype)
    kernels = normalise_kernels(2 * rng.standard_normal((n, f * f * k * k, h, w)), f, k).astype(dtype)
    return x, kernels, f, k


@st.composite
def dysample_cases(draw):
    """(x, offsets, factor): offsets up to a few pixels, so that some samples fall outside and are clamped."""
    f = draw(st.integers(2, 3))
    n, c, h, w = draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 5)), draw(st.integers(1, 5))
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    scale = draw(st.sampled_from([0.0, 0.25, 1.0, 3.0]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.standard_normal((n, c, h, w)).astype(dtype)
    offsets = (scale * rng.standard_normal((n, 2, f * h, f * w))).astype(dtype)
    return x, offsets, f


def _tol(dtype):
    return {"rtol": 0, "atol": 1e-5 if dtype == np.float32 else 1e-12}


# ------------------------------------------------------------------------------------------ CARAFE


def test_carafe_is_the_formula_by_hand():
    rng = np.random.default_rng(1)
    f, k, h, w = 3, 3, 3, 4
    x = rng.standard_normal((2, 2, h, w))
    ker = rng.standard_normal((2, k * k, f * h, f * w))       # any kernels, not only normalised ones
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    want = np.zeros((2, 2, f * h, f * w))
    for i in range(f * h):
        for j in range(f * w):
            for a in range(k):
                for b in range(k):
                    want[:, :, i, j] += ker[:, a * k + b, i, j, None] * xp[:, :, i // f + a, j // f + b]
    np.testing.assert_allclose(carafe(x, ker, f, k), want, rtol=0, atol=1e-13)


@settings(max_examples=30)
@given(carafe_cases())
def test_carafe_numpy_torch_tf_agree(case):
    x, kernels, f, k = case
    got = carafe(x, kernels, f, k)
    assert got.shape == (x.shape[0], x.shape[1], f * x.shape[2], f * x.shape[3]) and got.dtype == x.dtype
    np.testing.assert_allclose(carafe_torch(torch.from_numpy(x), torch.from_numpy(kernels), f, k).numpy(), got,
                               **_tol(x.dtype))
    np.testing.assert_allclose(carafe_tf(x, kernels, f, k), got, **_tol(x.dtype))


def test_normalise_kernels_is_pixel_shuffle_then_softmax():
    rng = np.random.default_rng(2)
    for f, k in [(2, 3), (3, 5), (2, 1)]:
        logits = 3 * rng.standard_normal((2, f * f * k * k, 3, 4))
        got = normalise_kernels(logits, f, k)
        want = F.softmax(F.pixel_shuffle(torch.from_numpy(logits), f), dim=1).numpy()
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-14)
        np.testing.assert_allclose(got.sum(axis=1), 1.0, rtol=0, atol=1e-14)


@pytest.mark.parametrize("f,k", [(2, 3), (2, 5), (3, 3)])
def test_carafe_uniform_kernels_is_nearest_upsampling_of_the_box_filter(f, k):
    x = np.random.default_rng(3).standard_normal((2, 3, 5, 6))
    uniform = np.full((2, k * k, f * 5, f * 6), 1.0 / k**2)
    box = F.avg_pool2d(torch.from_numpy(x), k, stride=1, padding=k // 2, count_include_pad=True)  # zero padded
    want = F.interpolate(box, scale_factor=f, mode="nearest").numpy()
    np.testing.assert_allclose(carafe(x, uniform, f, k), want, rtol=0, atol=1e-14)


@pytest.mark.parametrize("f,k_up,k_enc,c_mid", [(2, 5, 3, 8), (3, 3, 1, 4)])
def test_carafe_module_forward_equals_numpy_forward(f, k_up, k_enc, c_mid):
    m = carafe_module(4, factor=f, k_up=k_up, k_enc=k_enc, c_mid=c_mid, seed=0).double()
    with torch.no_grad():  # sharper kernels than at initialisation, so that the test sees them
        m.encoder.weight.normal_(0, 0.3, generator=torch.Generator().manual_seed(1))
    x = np.random.default_rng(4).standard_normal((2, 4, 5, 6))
    with torch.no_grad():
        got = m(torch.from_numpy(x)).numpy()
        kernels = m.kernels(torch.from_numpy(x)).numpy()
    assert got.shape == (2, 4, f * 5, f * 6)
    assert kernels.max() > 2.0 / k_up**2                      # not uniform
    np.testing.assert_allclose(carafe_numpy_forward(m, x), got, rtol=0, atol=1e-12)
    weights = {k: v.numpy() for k, v in m.state_dict().items()}
    np.testing.assert_allclose(carafe_numpy_forward(weights, x, factor=f, k_up=k_up), got, rtol=0, atol=1e-12)


def test_carafe_module_starts_near_uniform_kernels_and_seed_is_reproducible():
    state = torch.random.get_rng_state()
    a, b = carafe_module(3, seed=7), carafe_module(3, seed=7)
    assert torch.equal(torch.random.get_rng_state(), state)   # the global RNG is not touched
    for p, q in zip(a.parameters(), b.parameters()):
        assert torch.equal(p, q)
    with torch.no_grad():
        ker = a.kernels(torch.randn(1, 3, 4, 4, generator=torch.Generator().manual_seed(0)))
    np.testing.assert_allclose(ker.numpy(), 1 / 25, rtol=0.05)


# ---------------------------------------------------------------------------------------- DySample


@settings(max_examples=30)
@given(dysample_cases())
def test_dysample_numpy_torch_tf_agree(case):
    x, offsets, f = case
    got = dysample(x, offsets, f)
    assert got.shape == (x.shape[0], x.shape[1], f * x.shape[2], f * x.shape[3]) and got.dtype == x.dtype
    tol = {"rtol": 0, "atol": 1e-4 if x.dtype == np.float32 else 1e-11}
    np.testing.assert_allclose(dysample_torch(torch.from_numpy(x), torch.from_numpy(offsets), f).numpy(), got,
                               **tol)
    np.testing.assert_allclose(dysample_tf(x, offsets, f), got, **tol)


def test_dysample_one_pixel_by_hand_with_four_neighbour_weights():
    x = np.random.default_rng(5).standard_normal((1, 2, 3, 4))
    offsets = np.zeros((1, 2, 6, 8))
    offsets[0, :, 3, 2] = (0.6, -0.2)                          # output (3, 2) samples x = 1.35, y = 1.05
    (px, py) = (c[0, 3, 2] for c in dysample_grid(offsets, 2, (3, 4)))
    assert (px, py) == pytest.approx((1.35, 1.05))
    q = x[0, :, 1:3, 1:3]                                      # the four neighbours, rows y 1..2, columns x 1..2
    want = (four_neighbour_weights(px - 1, py - 1) * q).sum(axis=(1, 2))
    np.testing.assert_allclose(dysample(x, offsets, 2)[0, :, 3, 2], want, rtol=0, atol=1e-14)


@pytest.mark.parametrize("f", [2, 3, 4])
def test_dysample_with_zero_offsets_is_bilinear_upsampling(f):
    x = np.random.default_rng(6).standard_normal((2, 3, 5, 7))
    zeros = np.zeros((2, 2, f * 5, f * 7))
    want = F.interpolate(torch.from_numpy(x), scale_factor=f, mode="bilinear", align_corners=False).numpy()
    # equal up to float64 rounding: PyTorch's kernel rounds its products and sums in another order
    np.testing.assert_allclose(dysample(x, zeros, f), want, rtol=0, atol=1e-14)
    np.testing.assert_allclose(dysample_torch(torch.from_numpy(x), torch.from_numpy(zeros), f).numpy(), want,
                               rtol=0, atol=1e-14)


def test_dysample_clamps_to_the_border():
    x = np.random.default_rng(7).standard_normal((1, 1, 3, 3))
    far = np.zeros((1, 2, 6, 6))
    far[:, 0], far[:, 1] = 50.0, -50.0                         # far right, far up: the top right pixel
    np.testing.assert_array_equal(dysample(x, far, 2), np.full((1, 1, 6, 6), x[0, 0, 0, 2]))


@pytest.mark.parametrize("f,scope", [(2, 0.25), (3, 0.5)])
def test_dysample_module_forward_equals_numpy_forward(f, scope):
    m = dysample_module(5, factor=f, scope=scope, seed=0).double()
    with torch.no_grad():  # offsets of about a pixel, larger than at initialisation
        m.offset.weight.normal_(0, 1.0, generator=torch.Generator().manual_seed(1))
    x = np.random.default_rng(8).standard_normal((2, 5, 4, 6))
    with torch.no_grad():
        got = m(torch.from_numpy(x)).numpy()
        offsets = m.offsets(torch.from_numpy(x)).numpy()
    assert offsets.shape == (2, 2, f * 4, f * 6) and np.abs(offsets).max() > 1.0
    np.testing.assert_allclose(dysample_numpy_forward(m, x), got, rtol=0, atol=1e-11)
    weights = {k: v.numpy() for k, v in m.state_dict().items()}
    np.testing.assert_allclose(dysample_numpy_forward(weights, x, scope=scope), got, rtol=0, atol=1e-11)


def test_dysample_module_starts_as_nearly_bilinear():
    m = dysample_module(4, seed=0)
    x = torch.randn(1, 4, 6, 6, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        y = m(x)
        assert m.offsets(x).abs().max() < 0.01
    want = F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
    assert (y - want).abs().max() < 0.05


# -------------------------------------------------------------------------------------- cost model


def _flops_by_op(module, x):
    counter = FlopCounterMode(display=False)
    with counter, torch.no_grad():
        module(x)
    counts = {str(op).split(".")[1]: v for op, v in counter.get_flop_counts()["Global"].items()}  # "aten.bmm"
    return counts, counter.get_total_flops()


@pytest.mark.parametrize("shape,f,k_up,k_enc,c_mid", [((1, 8, 6, 5), 2, 5, 3, 16), ((2, 3, 4, 4), 3, 3, 1, 4)])
def test_carafe_macs_match_flop_counter(shape, f, k_up, k_enc, c_mid):
    n, c, h, w = shape
    m = carafe_module(c, factor=f, k_up=k_up, k_enc=k_enc, c_mid=c_mid, seed=0)
    cost = carafe_macs(n, c, h, w, factor=f, k_up=k_up, k_enc=k_enc, c_mid=c_mid)
    counts, _ = _flops_by_op(m, torch.randn(shape))
    assert counts == {"convolution": 2 * cost["conv_macs"]}   # the reassembly's addcmul is not counted
    # the reassembly as one batched product of (C, k*k) @ (k*k, f*f) per input pixel: what it multiplies
    patches = torch.randn(n, c, k_up * k_up, h, w)
    kernels = torch.randn(n, k_up * k_up, h, f, w, f)
    counter = FlopCounterMode(display=False)
    with counter:
        torch.einsum("ntkhw,nkhpwq->nthpwq", patches, kernels)
    assert counter.get_total_flops() == 2 * cost["interp_macs"]
    assert cost["params"] == sum(p.numel() for p in m.parameters())
    assert cost["out_shape"] == (n, c, f * h, f * w)


@pytest.mark.parametrize("shape,f", [((1, 8, 6, 5), 2), ((2, 3, 4, 4), 3)])
def test_dysample_macs_match_flop_counter(shape, f):
    n, c, h, w = shape
    m = dysample_module(c, factor=f, seed=0)
    cost = dysample_macs(n, c, h, w, factor=f)
    counts, total = _flops_by_op(m, torch.randn(shape))
    assert counts == {"convolution": 2 * cost["conv_macs"]}   # grid_sample is not counted by FlopCounterMode
    assert cost["params"] == sum(p.numel() for p in m.parameters())
    assert cost["interp_macs"] == 4 * n * c * f * f * h * w


def test_torch_twins_are_differentiable():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(1, 2, 3, 3, dtype=torch.float64, generator=g).requires_grad_()
    kernels = torch.rand(1, 9, 6, 6, dtype=torch.float64, generator=g).requires_grad_()
    assert torch.autograd.gradcheck(lambda a, b: carafe_torch(a, b, 2, 3), (x, kernels))
    offsets = (0.3 * torch.randn(1, 2, 6, 6, dtype=torch.float64, generator=g)).requires_grad_()
    assert torch.autograd.gradcheck(lambda a, o: dysample_torch(a, o, 2), (x, offsets))


def test_cost_bytes_add_up():
    c = carafe_macs(1, 16, 8, 8, dtype_bytes=2)
    assert c["bytes"] == 2 * c["bytes_in"] + c["bytes_weights"] + 2 * c["intermediate_bytes"] + c["bytes_out"]
    d = dysample_macs(1, 16, 8, 8)
    assert d["bytes"] == 2 * d["bytes_in"] + d["bytes_weights"] + 2 * d["intermediate_bytes"] + d["bytes_out"]
    assert d["intermediate_bytes"] == 2 * (2 * 4 * 64) * 4


# ------------------------------------------------------------------------------------------ bad input


def test_carafe_rejects_bad_input():
    x, ker = np.zeros((1, 2, 3, 3)), np.zeros((1, 9, 6, 6))
    with pytest.raises(ValueError, match="k must be odd"):
        carafe(x, np.zeros((1, 4, 6, 6)), 2, 2)
    with pytest.raises(ValueError, match="kernels must have shape"):
        carafe(x, ker, 3, 3)
    with pytest.raises(ValueError, match="factor must be >= 1"):
        carafe(x, ker, 0, 3)
    with pytest.raises(TypeError, match="factor must be an int"):
        carafe(x, ker, 2.0, 3)
    with pytest.raises(ValueError, match="x must be 4-D"):
        carafe(np.zeros((2, 3, 3)), ker, 2, 3)
    with pytest.raises(TypeError, match="x must be a numeric array"):
        carafe("x", ker, 2, 3)
    with pytest.raises(ValueError, match="kernels must have shape"):
        carafe_torch(torch.zeros(1, 2, 3, 3), torch.zeros(1, 9, 6, 5), 2, 3)
    with pytest.raises(ValueError, match="kernels must have shape"):
        carafe_tf(x, np.zeros((1, 25, 6, 6)), 2, 3)
    with pytest.raises(ValueError, match=r"factor\*\*2 \* k\*\*2 = 36 channels"):
        normalise_kernels(np.zeros((1, 35, 2, 2)), 2, 3)
    with pytest.raises(ValueError, match="k_up must be odd"):
        carafe_module(4, k_up=4)
    with pytest.raises(ValueError, match="c_mid must be >= 1"):
        carafe_macs(1, 4, 4, 4, c_mid=0)
    with pytest.raises(ValueError, match="factor and k_up must be given"):
        carafe_numpy_forward({}, x)
    with pytest.raises(ValueError, match="no weights named"):
        carafe_numpy_forward({"compressor.weight": np.zeros((1, 2, 1, 1))}, x, factor=2, k_up=3)


def test_dysample_rejects_bad_input():
    x = np.zeros((1, 2, 3, 3))
    with pytest.raises(ValueError, match="offsets must have shape"):
        dysample(x, np.zeros((1, 2, 6, 5)), 2)
    with pytest.raises(ValueError, match="offsets must have shape"):
        dysample(x, np.zeros((1, 1, 6, 6)), 2)
    with pytest.raises(ValueError, match="offsets must be finite"):
        dysample(x, np.full((1, 2, 6, 6), np.nan), 2)
    with pytest.raises(TypeError, match="factor must be an int"):
        dysample(x, np.zeros((1, 2, 6, 6)), True)
    with pytest.raises(ValueError, match="offsets must have shape"):
        dysample_torch(torch.zeros(1, 2, 3, 3), torch.zeros(1, 2, 6, 6), 3)
    with pytest.raises(ValueError, match="offsets must have shape"):
        dysample_tf(x, np.zeros((2, 2, 6, 6)), 2)
    with pytest.raises(ValueError, match="scope must be finite and > 0"):
        dysample_module(4, scope=-0.25)
    with pytest.raises(TypeError, match="scope must be a real number"):
        dysample_module(4, scope="0.25")
    with pytest.raises(ValueError, match="seed must be >= 0"):
        dysample_module(4, seed=-1)
    with pytest.raises(TypeError, match="module must be a torch.nn.Module or a mapping"):
        dysample_numpy_forward(42, x)
    with pytest.raises(ValueError, match="in_size must be a pair"):
        dysample_grid(np.zeros((1, 2, 6, 6)), 2, 3)


def test_docstring_examples():
    import helpers.content_aware as ca

    assert doctest.testmod(ca, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0
