"""helpers.resize against torch.nn.functional.interpolate, tf.image.resize and keras UpSampling2D, plus
the interpolation matrix, source coordinates, the 1-D building blocks and input validation."""

import math

import keras
import numpy as np
import pytest
import tensorflow as tf
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from helpers import (
    cubic_kernel,
    interpolate,
    interpolation_matrix,
    linear_weights,
    source_coordinate,
)

TOL = {np.float64: dict(rtol=1e-10, atol=1e-10), np.float32: dict(rtol=1e-4, atol=1e-4)}
NEAREST = ("nearest", "nearest-exact")
MODES_3D = ("nearest", "nearest-exact", "linear")
MODES_4D = ("nearest", "nearest-exact", "bilinear", "bicubic")

# ---------------------------------------------------------------------------------------------- cases

# integer factors, awkward fractions (1/3, 2.1: out == 2 * in), and arbitrary floats; up and down
scale_factors = st.one_of(
    st.integers(1, 4),
    st.sampled_from([0.5, 1 / 3, 0.75, 0.9, 1.1, 1.25, 1.5, 2.1, 2.5, 3.3]),
    st.floats(0.2, 4.0, allow_nan=False, allow_infinity=False),
)


def random_array(draw, shape, dtype):
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return rng.standard_normal(shape).astype(dtype)


@st.composite
def resize_cases(draw, max_in=9, max_out=20):
    """(x, kwargs) for interpolate / F.interpolate: any mode, size or scale_factor, align_corners."""
    ndim = draw(st.sampled_from([3, 4]))
    mode = draw(st.sampled_from(MODES_3D if ndim == 3 else MODES_4D))
    spatial = tuple(draw(st.integers(1, max_in)) for _ in range(ndim - 2))
    shape = (draw(st.integers(1, 2)), draw(st.integers(1, 3)), *spatial)
    x = random_array(draw, shape, draw(st.sampled_from([np.float32, np.float64])))
    kwargs = {"mode": mode}
    if mode not in NEAREST:
        kwargs["align_corners"] = draw(st.sampled_from([None, False, True]))
    per_axis = draw(st.booleans())
    if draw(st.booleans()):
        sizes = tuple(draw(st.integers(1, max_out)) for _ in spatial)
        kwargs["size"] = sizes if per_axis else sizes[0]
    else:
        factors = tuple(draw(scale_factors) for _ in spatial)
        if not per_axis:
            factors = (factors[0],) * len(spatial)
        assume(all(math.floor(s * f) >= 1 for s, f in zip(spatial, factors)))
        kwargs["scale_factor"] = factors if per_axis else factors[0]
    return x, kwargs


def torch_interpolate(x, **kwargs):
    return F.interpolate(torch.from_numpy(x), **kwargs).numpy()


def assert_matches(got, expected, x, mode):
    assert got.dtype == x.dtype
    assert got.shape == expected.shape
    if mode in NEAREST:
        assert_array_equal(got, expected)  # a gather: bit-identical
    else:
        assert_allclose(got, expected, **TOL[x.dtype.type])


def to_nhwc(x):
    return np.ascontiguousarray(np.transpose(x, (0, 2, 3, 1)))


def to_nchw(x):
    return np.transpose(np.asarray(x), (0, 3, 1, 2))


# ------------------------------------------------------------------------------------------- PyTorch


@given(resize_cases())
def test_interpolate_matches_torch(case):
    x, kwargs = case
    assert_matches(interpolate(x, **kwargs), torch_interpolate(x, **kwargs), x, kwargs["mode"])


@settings(max_examples=60)
@given(resize_cases(max_in=40, max_out=120))
def test_interpolate_matches_torch_large(case):
    """Bigger maps: torch's 2-D nearest switches kernel once H_out + W_out > 128."""
    x, kwargs = case
    assert_matches(interpolate(x, **kwargs), torch_interpolate(x, **kwargs), x, kwargs["mode"])


@settings(max_examples=100)
@given(
    n_in=st.integers(1, 40),
    factor=scale_factors,
    mode=st.sampled_from(NEAREST),
    dtype=st.sampled_from([np.float32, np.float64]),
    ndim=st.sampled_from([3, 4]),
)
def test_nearest_indices_match_torch(n_in, factor, mode, dtype, ndim):
    """Index rounding of the nearest modes, read off a ramp, for both of torch's kernels."""
    assume(math.floor(n_in * factor) >= 1)
    x = np.arange(n_in, dtype=dtype)[None, None]
    kw = {"scale_factor": factor, "mode": mode}
    if ndim == 4:
        x = x[:, :, None, :]
        kw["scale_factor"] = (1.0, factor)
    assert_array_equal(interpolate(x, **kw), torch_interpolate(x, **kw))


def test_pytorch_upsample_docs_example():
    """The example of torch.nn.Upsample's documentation."""
    x = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    expected_false = [
        [1.0, 1.25, 1.75, 2.0],
        [1.5, 1.75, 2.25, 2.5],
        [2.5, 2.75, 3.25, 3.5],
        [3.0, 3.25, 3.75, 4.0],
    ]
    expected_true = [
        [1.0, 1.3333, 1.6667, 2.0],
        [1.6667, 2.0, 2.3333, 2.6667],
        [2.3333, 2.6667, 3.0, 3.3333],
        [3.0, 3.3333, 3.6667, 4.0],
    ]
    got = interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)[0, 0]
    assert_allclose(got, expected_false, atol=1e-12)
    got = interpolate(x, scale_factor=2, mode="bilinear", align_corners=True)[0, 0]
    assert_allclose(got, expected_true, atol=5e-5)
    assert_allclose(interpolate(x, scale_factor=2, mode="bilinear")[0, 0], expected_false)  # None=False
    nearest = [[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]
    assert_array_equal(interpolate(x, scale_factor=2, mode="nearest")[0, 0], nearest)


def test_scale_factor_step_is_one_over_factor():
    """in=5, scale_factor=1.5: 7 outputs spaced 1/1.5 apart, not 5/7 apart as size=7 would give."""
    x = np.arange(5.0)[None, None]
    by_factor = interpolate(x, scale_factor=1.5, mode="linear")
    by_size = interpolate(x, size=7, mode="linear")
    assert by_factor.shape == by_size.shape == (1, 1, 7)
    coords = np.clip((np.arange(7) + 0.5) / 1.5 - 0.5, 0, 4)
    assert_allclose(by_factor[0, 0], coords)
    assert_allclose(by_size[0, 0], np.clip(source_coordinate(np.arange(7), 5, 7), 0, 4))
    assert not np.allclose(by_factor, by_size)
    assert_allclose(by_factor, torch_interpolate(x, scale_factor=1.5, mode="linear"))
    # downsampling too: 5 * 0.5 -> 2 outputs, step 2 (not 2.5)
    assert_allclose(interpolate(x, scale_factor=0.5, mode="linear")[0, 0], [0.5, 2.5])


def test_torch_quirks_reproduced():
    ramp3 = np.arange(3.0)[None, None]
    ramp5 = np.arange(5.0)[None, None]
    # nearest, scale_factor=2.1 on 3 pixels (out = 6 = 2 * in): the 1-D kernel follows the step,
    # the 2-D kernel (small outputs) short-cuts to i // 2
    assert_array_equal(interpolate(ramp3, scale_factor=2.1)[0, 0], [0, 0, 0, 1, 1, 2])
    assert_array_equal(interpolate(ramp3[:, :, None], scale_factor=2.1)[0, 0, 0], [0, 0, 1, 1, 2, 2])
    # linear copies when out == in, whatever the scale factor; bicubic follows the step
    assert_array_equal(interpolate(ramp5, scale_factor=1.1, mode="linear"), ramp5)
    img = np.tile(ramp5, (1, 1, 5, 1))
    assert not np.allclose(interpolate(img, scale_factor=1.1, mode="bicubic"), img)
    for x, kw in [
        (ramp3, dict(scale_factor=2.1)),
        (ramp3[:, :, None], dict(scale_factor=2.1)),
        (ramp5, dict(scale_factor=1.1, mode="linear")),
        (img, dict(scale_factor=1.1, mode="bicubic")),
        (img, dict(scale_factor=1.1, mode="bilinear")),
    ]:
        assert_allclose(interpolate(x, **kw), torch_interpolate(x, **kw), atol=1e-12)


@pytest.mark.parametrize(
    "mode, shape",
    [("nearest", (1, 2, 3)), ("nearest-exact", (1, 1, 3, 4)), ("linear", (2, 1, 4)),
     ("bilinear", (1, 2, 3, 3)), ("bicubic", (1, 1, 4, 3))],
)  # fmt: skip
def test_dtype_preserved(mode, shape):
    rng = np.random.default_rng(0)
    for dtype in (np.float16, np.float32, np.float64):
        x = rng.standard_normal(shape).astype(dtype)
        assert interpolate(x, scale_factor=2, mode=mode).dtype == dtype
    ints = rng.integers(-5, 5, size=shape)
    out = interpolate(ints, scale_factor=2, mode=mode)
    assert out.dtype == np.float64
    assert_allclose(out, interpolate(ints.astype(np.float64), scale_factor=2, mode=mode))
    # nested lists work too
    assert_allclose(interpolate(ints.tolist(), size=5, mode=mode), interpolate(ints, size=5, mode=mode))


# ------------------------------------------------------------------------------ TensorFlow and Keras


@st.composite
def nhwc_cases(draw, upsample_only=False):
    """(x as float32 NCHW, (out_h, out_w))."""
    h, w = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    shape = (draw(st.integers(1, 2)), draw(st.integers(1, 3)), h, w)
    x = random_array(draw, shape, np.float32)
    lo_h, lo_w = (h, w) if upsample_only else (1, 1)
    return x, (draw(st.integers(lo_h, 20)), draw(st.integers(lo_w, 20)))


@settings(max_examples=60)
@given(nhwc_cases())
def test_tf_resize_bilinear_is_half_pixel(case):
    """tf.image.resize bilinear (antialias off) = align_corners=False, up- and downsampling."""
    x, size = case
    got = interpolate(x, size=size, mode="bilinear", align_corners=False)
    expected = to_nchw(tf.image.resize(to_nhwc(x), size, method="bilinear"))
    assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


@settings(max_examples=60)
@given(nhwc_cases())
def test_tf_v1_resize_bilinear_align_corners(case):
    x, size = case
    got = interpolate(x, size=size, mode="bilinear", align_corners=True)
    expected = to_nchw(tf.compat.v1.image.resize_bilinear(to_nhwc(x), size, align_corners=True))
    assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


@settings(max_examples=60)
@given(nhwc_cases())
def test_tf_resize_nearest_is_nearest_exact(case):
    """tf.image.resize nearest reads floor((i + 0.5) * in / out): torch's "nearest-exact"."""
    x, size = case
    expected = to_nchw(tf.image.resize(to_nhwc(x), size, method="nearest"))
    assert_array_equal(interpolate(x, size=size, mode="nearest-exact"), expected)


def test_tf_resize_nearest_is_not_legacy_nearest():
    x = np.arange(3, dtype=np.float32).reshape(1, 1, 1, 3)
    tf_out = to_nchw(tf.image.resize(to_nhwc(x), (1, 2), method="nearest"))[0, 0, 0]
    assert_array_equal(tf_out, [0, 2])
    assert_array_equal(interpolate(x, size=(1, 2), mode="nearest-exact")[0, 0, 0], [0, 2])
    assert_array_equal(interpolate(x, size=(1, 2), mode="nearest")[0, 0, 0], [0, 1])


@settings(max_examples=40)
@given(nhwc_cases(), st.integers(1, 4), st.integers(1, 4))
def test_keras_upsampling2d(case, fh, fw):
    """UpSampling2D nearest = nearest; UpSampling2D bilinear = bilinear with align_corners=False."""
    x, _ = case
    near = to_nchw(keras.layers.UpSampling2D((fh, fw), interpolation="nearest")(to_nhwc(x)))
    assert_array_equal(interpolate(x, scale_factor=(fh, fw), mode="nearest"), near)
    bil = to_nchw(keras.layers.UpSampling2D((fh, fw), interpolation="bilinear")(to_nhwc(x)))
    got = interpolate(x, scale_factor=(fh, fw), mode="bilinear", align_corners=False)
    assert_allclose(got, bil, rtol=1e-5, atol=1e-5)


def test_keras_upsampling2d_bilinear_is_not_align_corners():
    x = np.array([[[[1.0, 2.0], [3.0, 4.0]]]], dtype=np.float32)
    bil = to_nchw(keras.layers.UpSampling2D(2, interpolation="bilinear")(to_nhwc(x)))
    assert_allclose(bil, interpolate(x, scale_factor=2, mode="bilinear", align_corners=False), atol=1e-6)
    assert not np.allclose(bil, interpolate(x, scale_factor=2, mode="bilinear", align_corners=True))


# ------------------------------------------------------------------------------ interpolation_matrix


@given(
    in_size=st.integers(1, 12),
    out_size=st.integers(1, 25),
    mode=st.sampled_from(["nearest", "nearest-exact", "linear", "cubic"]),
    align_corners=st.booleans(),
    scale=st.one_of(st.none(), st.floats(0.1, 5.0)),
)
def test_interpolation_matrix_properties(in_size, out_size, mode, align_corners, scale):
    if mode in NEAREST:
        align_corners = False
    M = interpolation_matrix(in_size, out_size, mode, align_corners, scale)
    assert M.shape == (out_size, in_size) and M.dtype == np.float64
    assert_allclose(M.sum(axis=1), 1.0, atol=1e-12)
    if mode in NEAREST:
        assert set(np.unique(M)) <= {0.0, 1.0}
        assert_array_equal((M == 1).sum(axis=1), 1)
    if mode == "linear":
        assert M.min() >= 0 and (M > 0).sum(axis=1).max() <= 2
    if mode == "cubic":
        assert (M != 0).sum(axis=1).max() <= 4
    # a constant signal stays constant; with align_corners the end points are kept
    assert_allclose(M @ np.full(in_size, 3.0), 3.0)
    if align_corners and out_size > 1:
        v = np.random.default_rng(in_size).standard_normal(in_size)
        assert_allclose((M @ v)[[0, -1]], v[[0, -1]], atol=1e-12)


@settings(max_examples=100)
@given(resize_cases())
def test_interpolation_matrix_is_the_operation(case):
    """Separable: interpolate(x) == M_h @ x @ M_w.T, and both equal torch (linear modes)."""
    x, kwargs = case
    mode = kwargs["mode"]
    assume(mode not in NEAREST)
    x = x.astype(np.float64)
    expected = torch_interpolate(x, **kwargs)
    mode_1d = "cubic" if mode == "bicubic" else "linear"
    align = bool(kwargs["align_corners"])
    n = x.ndim - 2
    out_sizes = expected.shape[2:]
    if "scale_factor" in kwargs:
        f = kwargs["scale_factor"]
        steps = [1 / v for v in (f if isinstance(f, tuple) else (f,) * n)]
    else:
        steps = [None] * n
    mats = [interpolation_matrix(i, o, mode_1d, align, s) for i, o, s in zip(x.shape[2:], out_sizes, steps)]
    got = x @ mats[-1].T
    if n == 2:
        got = np.einsum("oh,nchw->ncow", mats[0], got)
    assert_allclose(got, expected, rtol=1e-10, atol=1e-10)


def test_interpolation_matrix_examples():
    assert_allclose(
        interpolation_matrix(2, 4, "linear"),
        [[1, 0], [0.75, 0.25], [0.25, 0.75], [0, 1]],
    )
    assert_allclose(interpolation_matrix(2, 3, "linear", align_corners=True), [[1, 0], [0.5, 0.5], [0, 1]])
    assert_array_equal(interpolation_matrix(3, 4, "nearest").argmax(axis=1), [0, 0, 1, 2])
    assert_array_equal(interpolation_matrix(3, 4, "nearest-exact").argmax(axis=1), [0, 1, 1, 2])
    # scale overrides in/out; align_corners ignores it (as torch ignores scale_factor there)
    # row 2 reads (2 + 0.5) / 1.5 - 0.5 = 7/6
    assert_allclose(interpolation_matrix(5, 7, scale=1 / 1.5)[2, :3], [0, 5 / 6, 1 / 6])
    assert_allclose(
        interpolation_matrix(5, 7, align_corners=True, scale=0.3),
        interpolation_matrix(5, 7, align_corners=True),
    )
    assert_allclose(interpolation_matrix(5, 5, "linear", scale=1 / 1.1), np.eye(5))
    # cubic at a 2x upsampling. Row 3 reads 1.25: Keys weights of samples 0..3 at distances
    # 1.25, 0.25, 0.75, 1.75. Row 0 reads -0.25: samples -2..1, the three off the edge clamped to 0.
    M = interpolation_matrix(4, 8, "cubic")
    assert_allclose(M[3], cubic_kernel(np.array([1.25, 0.25, 0.75, 1.75])))
    w = cubic_kernel(np.array([1.75, 0.75, 0.25, 1.25]))
    assert_allclose(M[0], [w[:3].sum(), w[3], 0, 0])


# ---------------------------------------------------------------------------------- source_coordinate

COORD_FORMULAS = {
    "half_pixel": lambda x, i, o: (x + 0.5) * i / o - 0.5,
    "pytorch_half_pixel": lambda x, i, o: (x + 0.5) * i / o - 0.5 if o > 1 else 0.0,
    "align_corners": lambda x, i, o: x * (i - 1) / (o - 1) if o > 1 else 0.0,
    "asymmetric": lambda x, i, o: x * i / o,
    "tf_half_pixel_for_nn": lambda x, i, o: (x + 0.5) * i / o,
}


@given(
    in_size=st.integers(1, 30),
    out_size=st.integers(1, 30),
    mode=st.sampled_from(sorted(COORD_FORMULAS)),
)
def test_source_coordinate_formulas(in_size, out_size, mode):
    xs = np.arange(out_size)
    vec = source_coordinate(xs, in_size, out_size, mode)
    assert isinstance(vec, np.ndarray) and vec.shape == (out_size,)
    for x in xs:
        scalar = source_coordinate(int(x), in_size, out_size, mode)
        assert isinstance(scalar, float)
        assert scalar == pytest.approx(COORD_FORMULAS[mode](x, in_size, out_size), abs=1e-12)
        assert vec[x] == scalar
    assert source_coordinate(xs.reshape(-1, 1), in_size, out_size, mode).shape == (out_size, 1)


@given(in_size=st.integers(1, 12), out_size=st.integers(1, 25))
def test_source_coordinate_is_what_torch_reads(in_size, out_size):
    """Interpolating a ramp 0, 1, 2, ... returns the coordinate each output reads."""
    ramp = np.arange(in_size, dtype=np.float64)[None, None]
    xs = np.arange(out_size)
    kw = dict(size=out_size)

    def read(**kwargs):
        return torch_interpolate(ramp, **kw, **kwargs)[0, 0]

    def coord(mode):
        return source_coordinate(xs, in_size, out_size, mode)

    corners = read(mode="linear", align_corners=True)
    assert_allclose(corners, coord("align_corners"), atol=1e-12)
    assert_allclose(interpolate(ramp, size=out_size, mode="linear", align_corners=True)[0, 0], corners)
    half = np.clip(coord("half_pixel"), 0, in_size - 1)
    assert_allclose(read(mode="linear", align_corners=False), half, atol=1e-12)
    assert_array_equal(read(mode="nearest"), np.floor(coord("asymmetric")))
    exact = np.minimum(np.floor(coord("tf_half_pixel_for_nn")), in_size - 1)
    assert_array_equal(read(mode="nearest-exact"), exact)


def test_source_coordinate_examples():
    assert source_coordinate(0, 4, 8, "half_pixel") == -0.25
    assert source_coordinate(0, 4, 1, "pytorch_half_pixel") == 0.0
    assert source_coordinate(0, 4, 1, "half_pixel") == 1.5  # what torch actually reads for size=1
    ramp = np.arange(4.0)[None, None]
    assert interpolate(ramp, size=1, mode="linear")[0, 0, 0] == 1.5
    assert_allclose(source_coordinate([0, 1, 2], 2, 3, "align_corners"), [0, 0.5, 1])
    assert source_coordinate(np.int64(3), 3, 4, "asymmetric") == 2.25


# ------------------------------------------------------------------------ linear_weights, cubic_kernel


@given(
    n=st.integers(1, 10),
    xs=st.lists(st.floats(-3, 13, allow_nan=False), min_size=1, max_size=8),
    seed=st.integers(0, 1000),
)
def test_linear_weights_is_np_interp(n, xs, seed):
    """With in_size, v[l] * (1 - a) + v[r] * a is np.interp (which holds the ends outside)."""
    v = np.random.default_rng(seed).standard_normal(n)
    left, right, alpha = linear_weights(xs, in_size=n)
    assert left.shape == right.shape == alpha.shape == (len(xs),)
    assert np.all((0 <= left) & (left <= right) & (right <= n - 1))
    assert np.all((0 <= alpha) & (alpha < 1))
    assert_allclose(v[left] * (1 - alpha) + v[right] * alpha, np.interp(xs, np.arange(n), v), atol=1e-12)
    # without in_size: plain floor / floor + 1
    left, right, alpha = linear_weights(xs)
    assert_array_equal(left, np.floor(xs))
    assert_array_equal(right, left + 1)
    assert_allclose(left + alpha, xs, atol=1e-12)


def test_linear_weights_scalars():
    assert linear_weights(1.25) == (1, 2, 0.25)
    assert linear_weights(-0.25, in_size=4) == (0, 1, 0.0)
    assert linear_weights(3.75, in_size=4) == (3, 3, 0.0)
    assert linear_weights(-0.25) == (-1, 0, 0.75)


@given(t=st.floats(0, 1, exclude_max=True), a=st.sampled_from([-0.75, -0.5]))
def test_cubic_kernel_partition_of_unity(t, a):
    w = cubic_kernel(np.array([1 + t, t, 1 - t, 2 - t]), a=a)
    assert w.sum() == pytest.approx(1.0, abs=1e-12)
    assert cubic_kernel(t, a) == cubic_kernel(-t, a)


def test_cubic_kernel_values():
    assert_allclose(cubic_kernel([0, 1, 2, -1, -2, 2.5, 7]), [1, 0, 0, 0, 0, 0, 0], atol=1e-15)
    assert_allclose(cubic_kernel([0.5, 1.5]), [0.59375, -0.09375])
    assert cubic_kernel(0.5, a=-0.5) == 0.5625
    assert isinstance(cubic_kernel(0.3), float)


# ----------------------------------------------------------------------------------------- bad input

X4 = np.zeros((1, 1, 4, 4))
X3 = np.zeros((1, 1, 4))


@pytest.mark.parametrize(
    "x, kwargs, exc, match",
    [
        (X4, dict(size=8, scale_factor=2), ValueError, "size and scale_factor"),
        (X4, dict(), ValueError, "size and scale_factor"),
        (X4, dict(size=8, mode="trilinear"), ValueError, "mode"),
        (X4, dict(size=8, mode="area"), ValueError, "mode"),
        (X4, dict(size=8, mode=None), ValueError, "mode"),
        (X4, dict(size=8, mode="nearest", align_corners=True), ValueError, "align_corners"),
        (X4, dict(size=8, mode="nearest-exact", align_corners=False), ValueError, "align_corners"),
        (X4, dict(size=8, mode="bilinear", align_corners="yes"), TypeError, "align_corners"),
        (np.zeros((4, 4)), dict(size=8), ValueError, "x must be 3-D or 4-D"),
        (np.zeros((1, 1, 2, 2, 2)), dict(size=8), ValueError, "x must be 3-D or 4-D"),
        (X3, dict(size=8, mode="bilinear"), ValueError, "mode 'bilinear' needs 4-D"),
        (X3, dict(size=8, mode="bicubic"), ValueError, "mode 'bicubic' needs 4-D"),
        (X4, dict(size=8, mode="linear"), ValueError, "mode 'linear' needs 3-D"),
        (X4, dict(size=0), ValueError, "size must be >= 1"),
        (X4, dict(size=-2), ValueError, "size must be >= 1"),
        (X4, dict(size=(2, 0)), ValueError, r"size\[1\] must be >= 1"),
        (X4, dict(size=2.5), TypeError, "size must be an int"),
        (X4, dict(size=(2, 2, 2)), ValueError, "size must be a single value or a tuple of 2"),
        (X4, dict(size=(2,)), ValueError, "size must be a single value or a tuple of 2"),
        (X3, dict(size=(2, 2)), ValueError, "size must be a single value or a tuple of 1"),
        (X4, dict(scale_factor=0), ValueError, "scale_factor must be > 0"),
        (X4, dict(scale_factor=-1.5), ValueError, "scale_factor must be > 0"),
        (X4, dict(scale_factor=(2, -1)), ValueError, r"scale_factor\[1\] must be > 0"),
        (X4, dict(scale_factor=float("nan")), ValueError, "scale_factor must be finite"),
        (X4, dict(scale_factor=float("inf")), ValueError, "scale_factor must be finite"),
        (X4, dict(scale_factor=0.1), ValueError, "scale_factor 0.1 gives an empty output"),
        (X4, dict(scale_factor="2"), TypeError, "scale_factor must be a real number"),
        (X4, dict(scale_factor=True), TypeError, "scale_factor must be a real number"),
        (X4, dict(scale_factor=(2, 2, 2)), ValueError, "scale_factor must be a single value or a tuple"),
        ([["a", "b"]], dict(size=2), TypeError, "x must be a numeric array"),
        (None, dict(size=2), TypeError, "x must be a numeric array"),
        ("abc", dict(size=2), TypeError, "x must be a numeric array"),
        (np.zeros((1, 1, 0)), dict(size=2), ValueError, "x must not be empty"),
    ],
)
def test_interpolate_rejects_bad_input(x, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        interpolate(x, **kwargs)


@pytest.mark.parametrize(
    "func, args, kwargs, exc, match",
    [
        (interpolation_matrix, (0, 4), {}, ValueError, "in_size must be >= 1"),
        (interpolation_matrix, (4, -1), {}, ValueError, "out_size must be >= 1"),
        (interpolation_matrix, (4.0, 4), {}, TypeError, "in_size must be an int"),
        (interpolation_matrix, (4, 8, "bilinear"), {}, ValueError, "mode must be one of"),
        (interpolation_matrix, (4, 8, "nearest", True), {}, ValueError, "align_corners must be False"),
        (interpolation_matrix, (4, 8, "linear", None), {}, TypeError, "align_corners must be a bool"),
        (interpolation_matrix, (4, 8), dict(scale=0), ValueError, "scale must be > 0"),
        (interpolation_matrix, (4, 8), dict(scale="1"), TypeError, "scale must be a real number"),
        (source_coordinate, (4, 3, 4), {}, ValueError, r"x_out must satisfy 0 <= x_out < 4"),
        (source_coordinate, (-1, 3, 4), {}, ValueError, "x_out must satisfy"),
        (source_coordinate, ([0, 5], 3, 4), {}, ValueError, "x_out must satisfy"),
        (source_coordinate, (1.5, 3, 4), {}, TypeError, "x_out must be an int"),
        (source_coordinate, ([0.5], 3, 4), {}, TypeError, "x_out must be an int"),
        (source_coordinate, (True, 3, 4), {}, TypeError, "x_out must be an int"),
        (source_coordinate, (None, 3, 4), {}, TypeError, "x_out must be an int"),
        (source_coordinate, (0, 0, 4), {}, ValueError, "in_size must be >= 1"),
        (source_coordinate, (0, 3, 0), {}, ValueError, "out_size must be >= 1"),
        (source_coordinate, (0, 3, 4, "bilinear"), {}, ValueError, "mode must be one of"),
        (linear_weights, ("a",), {}, TypeError, "x_src must be a numeric array"),
        (linear_weights, (float("nan"),), {}, ValueError, "x_src must be finite"),
        (linear_weights, (0.5,), dict(in_size=0), ValueError, "in_size must be >= 1"),
        (cubic_kernel, (None,), {}, TypeError, "x must be a numeric array"),
        (cubic_kernel, (0.5,), dict(a="x"), TypeError, "a must be a real number"),
    ],
)
def test_helpers_reject_bad_input(func, args, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        func(*args, **kwargs)
