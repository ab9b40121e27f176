"""helpers.pooling against PyTorch (max_pool2d / max_unpool2d) and TensorFlow (max_pool2d,
max_pool_with_argmax): values, indices (ties included), round trips and input validation."""

import numpy as np
import pytest
import tensorflow as tf
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import (
    bed_of_nails_unpool2d,
    max_pool2d,
    max_unpool2d,
    nchw_to_nhwc,
    nearest_unpool2d,
    nhwc_to_nchw,
    tf_argmax_to_torch_indices,
)

# ---------------------------------------------------------------------------------------------- cases


@st.composite
def pool_cases(draw, allow_padding=True):
    """(x, kernel, stride, padding) with a non-empty output; values often integer-valued (ties)."""
    kernel = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    stride = draw(st.one_of(st.none(), st.tuples(st.integers(1, 4), st.integers(1, 4))))
    if allow_padding:
        padding = (draw(st.integers(0, kernel[0] // 2)), draw(st.integers(0, kernel[1] // 2)))
    else:
        padding = (0, 0)
    h = draw(st.integers(max(1, kernel[0] - 2 * padding[0]), 9))
    w = draw(st.integers(max(1, kernel[1] - 2 * padding[1]), 9))
    shape = (draw(st.integers(1, 2)), draw(st.integers(1, 3)), h, w)
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    kind = draw(st.sampled_from(["ties", "normal", "constant"]))
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    if kind == "ties":
        x = rng.integers(-2, 3, size=shape)
    elif kind == "constant":
        x = np.full(shape, 1.5)
    else:
        x = rng.standard_normal(shape)
    return x.astype(dtype), kernel, stride, padding


def torch_pool(x, kernel, stride, padding):
    out, idx = F.max_pool2d(torch.from_numpy(x), kernel, stride=stride, padding=padding, return_indices=True)
    return out.numpy(), idx.numpy()


# -------------------------------------------------------------------------------------- vs PyTorch


@settings(max_examples=400)
@given(pool_cases())
def test_max_pool2d_matches_torch(case):
    x, kernel, stride, padding = case
    want, want_idx = torch_pool(x, kernel, stride, padding)
    got, idx = max_pool2d(x, kernel, stride, padding, return_indices=True)
    assert got.dtype == x.dtype and idx.dtype == np.int64
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(idx, want_idx)
    np.testing.assert_array_equal(max_pool2d(x, kernel, stride, padding), want)


def test_ties_pick_first_maximum_in_scan_order():
    x = np.array([[[[0.0, 7.0, 7.0, 0.0], [7.0, 7.0, 0.0, 7.0]]]])
    _, idx = max_pool2d(x, 2, return_indices=True)
    np.testing.assert_array_equal(idx, [[[[1, 2]]]])  # row 0 wins over row 1, left over right
    np.testing.assert_array_equal(idx, torch_pool(x, 2, None, 0)[1])


@pytest.mark.parametrize("seed", range(20))
def test_nan_and_infinities_match_torch(seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(-1, 2, size=(2, 2, 6, 7)).astype(np.float64)
    choice = rng.random(x.shape)
    x[choice < 0.15] = np.nan
    x[(choice > 0.15) & (choice < 0.4)] = -np.inf
    x[choice > 0.95] = np.inf
    for kernel, stride, padding in [(2, None, 0), (3, 1, 1), ((2, 3), (1, 2), (1, 1)), (4, 3, 2)]:
        want, want_idx = torch_pool(x, kernel, stride, padding)
        got, idx = max_pool2d(x, kernel, stride, padding, return_indices=True)
        np.testing.assert_array_equal(got, want)
        np.testing.assert_array_equal(idx, want_idx)


def test_all_minus_inf_window_with_padding_picks_first_real_pixel():
    x = np.full((1, 1, 3, 3), -np.inf)
    got, idx = max_pool2d(x, 2, stride=2, padding=1, return_indices=True)
    np.testing.assert_array_equal(idx, [[[[0, 1], [3, 4]]]])
    np.testing.assert_array_equal(idx, torch_pool(x, 2, 2, 1)[1])


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_pool_keeps_dtype(dtype):
    x = np.arange(16, dtype=dtype).reshape(1, 1, 4, 4)
    out, idx = max_pool2d(x, 2, return_indices=True)
    assert out.dtype == dtype and idx.dtype == np.int64
    np.testing.assert_array_equal(out, [[[[5, 7], [13, 15]]]])


def test_integer_and_list_input_become_float64():
    out = max_pool2d([[[[1, 2], [3, 4]]]], 2)
    assert out.dtype == np.float64 and out.item() == 4.0


@st.composite
def unpool_cases(draw):
    """Pooled values and torch's indices, plus an output size that may be legal or not."""
    x, kernel, stride, padding = draw(pool_cases())
    s = kernel if stride is None else stride
    pooled, idx = torch_pool(x, kernel, stride, padding)
    default = [(pooled.shape[2 + d] - 1) * s[d] - 2 * padding[d] + kernel[d] for d in range(2)]
    near = [st.integers(max(1, default[d] - s[d] - 1), max(1, default[d] + s[d] + 1)) for d in range(2)]
    size = draw(st.one_of(st.none(), st.just(x.shape[2:]), st.tuples(*near)))
    if size is not None and draw(st.booleans()):
        size = (*x.shape[:2], *size)  # torch also takes (N, C, H, W) and uses the last two
    return pooled, idx, kernel, stride, padding, size


@settings(max_examples=400)
@given(unpool_cases())
def test_max_unpool2d_matches_torch(case):
    """Same output when torch accepts the arguments, a ValueError naming the culprit when it does not."""
    pooled, idx, kernel, stride, padding, size = case
    try:
        want = F.max_unpool2d(
            torch.from_numpy(pooled), torch.from_numpy(idx), kernel, stride, padding, output_size=size
        ).numpy()
    except (ValueError, RuntimeError):
        want = None
    if want is None or want.size == 0:  # torch refuses, or returns an empty array: we refuse, clearly
        with pytest.raises(ValueError, match="output_size|indices|padding"):
            max_unpool2d(pooled, idx, kernel, stride, padding, output_size=size)
        return
    got = max_unpool2d(pooled, idx, kernel, stride, padding, output_size=size)
    assert got.dtype == pooled.dtype
    np.testing.assert_array_equal(got, want)


@settings(max_examples=200)
@given(st.integers(0, 2**32 - 1), st.integers(1, 3), st.integers(1, 3), st.integers(1, 3))
def test_max_unpool2d_arbitrary_unique_indices_match_torch(seed, k, h, w):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((2, 3, h, w)).astype(np.float32)
    plane = (h * k) * (w * k)
    idx = np.stack([rng.permutation(plane)[: h * w] for _ in range(6)]).reshape(x.shape)
    want = F.max_unpool2d(torch.from_numpy(x), torch.from_numpy(idx), k).numpy()
    np.testing.assert_array_equal(max_unpool2d(x, idx, k), want)


# ------------------------------------------------------------------------------------- round trips


@settings(max_examples=200)
@given(pool_cases(allow_padding=False))
def test_unpool_puts_each_max_back_and_zeros_elsewhere(case):
    x, kernel, stride, _ = case
    s = kernel if stride is None else stride
    pooled, idx = max_pool2d(x, kernel, stride, return_indices=True)
    h, w = x.shape[2:]
    # the input size is always a legal output size: default <= H < default + stride (floor mode)
    size = (h, w)
    default = [(pooled.shape[2 + d] - 1) * s[d] + kernel[d] for d in range(2)]
    assert all(default[d] - s[d] < size[d] < default[d] + s[d] for d in range(2))
    up = max_unpool2d(pooled, idx, kernel, stride, output_size=size)
    n, c = x.shape[:2]
    flat_up, flat_x = up.reshape(n, c, -1), x.reshape(n, c, -1)
    flat_idx = idx.reshape(n, c, -1)
    # each maximum is back where it came from, with its value ...
    np.testing.assert_array_equal(np.take_along_axis(flat_up, flat_idx, 2), pooled.reshape(n, c, -1))
    np.testing.assert_array_equal(np.take_along_axis(flat_x, flat_idx, 2), pooled.reshape(n, c, -1))
    # ... and everything else is zero
    mask = np.zeros(flat_up.shape, bool)
    np.put_along_axis(mask, flat_idx, True, axis=2)
    assert not flat_up[~mask].any()


def test_unpool_round_trip_example():
    x = np.array([[[[1.0, 9.0, 2.0, 3.0], [4.0, 5.0, 8.0, 6.0]]]])
    out, idx = max_pool2d(x, 2, return_indices=True)
    np.testing.assert_array_equal(max_unpool2d(out, idx, 2), [[[[0, 9, 0, 0], [0, 0, 8, 0]]]])


def test_unpool_output_size_accepts_pair_and_4_tuple():
    x = np.arange(25.0).reshape(1, 1, 5, 5)
    out, idx = max_pool2d(x, 2, return_indices=True)  # 2x2, the last row/column floored away
    a = max_unpool2d(out, idx, 2, output_size=(5, 5))
    b = max_unpool2d(out, idx, 2, output_size=(1, 1, 5, 5))
    assert a.shape == (1, 1, 5, 5)
    np.testing.assert_array_equal(a, b)
    want = F.max_unpool2d(torch.from_numpy(out), torch.from_numpy(idx), 2, output_size=(5, 5)).numpy()
    np.testing.assert_array_equal(a, want)


# ------------------------------------------------------------------------------ index-free unpooling


@pytest.mark.parametrize("r", [1, 2, 3, (2, 3)])
def test_nearest_unpool_matches_torch_nearest(r):
    x = np.random.default_rng(0).standard_normal((2, 3, 4, 5)).astype(np.float32)
    want = F.interpolate(torch.from_numpy(x), scale_factor=r, mode="nearest").numpy()
    got = nearest_unpool2d(x, r)
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("r", [1, 2, 3, (2, 3)])
def test_bed_of_nails_is_max_unpool_with_top_left_indices(r):
    rh, rw = (r, r) if isinstance(r, int) else r
    x = np.random.default_rng(1).standard_normal((2, 3, 4, 5))
    got = bed_of_nails_unpool2d(x, r)
    assert got.shape == (2, 3, 4 * rh, 5 * rw)
    np.testing.assert_array_equal(got[:, :, ::rh, ::rw], x)
    assert np.count_nonzero(got) == np.count_nonzero(x)
    rows, cols = np.meshgrid(np.arange(4) * rh, np.arange(5) * rw, indexing="ij")
    idx = np.broadcast_to(rows * (5 * rw) + cols, x.shape)
    np.testing.assert_array_equal(got, max_unpool2d(x, idx, (rh, rw)))


# ------------------------------------------------------------------------------------ vs TensorFlow


@settings(max_examples=40)
@given(pool_cases(allow_padding=False))
def test_max_pool2d_matches_tensorflow_valid(case):
    x, kernel, stride, _ = case
    x = x.astype(np.float32)  # TF's CPU max pooling kernels are float32
    s = kernel if stride is None else stride
    xt = nchw_to_nhwc(x)
    want = nhwc_to_nchw(tf.nn.max_pool2d(xt, kernel, s, "VALID").numpy())
    np.testing.assert_array_equal(max_pool2d(x, kernel, stride), want)


@settings(max_examples=40)
@given(pool_cases(allow_padding=False))
def test_tf_max_pool_with_argmax_converted_matches(case):
    x, kernel, stride, _ = case
    x = x.astype(np.float32)
    s = kernel if stride is None else stride
    xt = np.ascontiguousarray(nchw_to_nhwc(x))
    res = tf.nn.max_pool_with_argmax(xt, kernel, s, "VALID", include_batch_in_index=False)
    got, idx = max_pool2d(x, kernel, stride, return_indices=True)
    np.testing.assert_array_equal(nhwc_to_nchw(res.output.numpy()), got)
    np.testing.assert_array_equal(tf_argmax_to_torch_indices(res.argmax.numpy(), xt.shape), idx)


@pytest.mark.parametrize("size,kernel,stride", [(5, 3, 1), (7, 3, 2), (7, 5, 1), (4, 3, 1)])
def test_tf_same_padding_equals_symmetric_padding(size, kernel, stride):
    # SAME pads (out - 1) * stride + kernel - size in total, the extra one at the bottom/right; these
    # cases need an even total, i.e. symmetric padding = total // 2.
    out = -(-size // stride)
    total = (out - 1) * stride + kernel - size
    assert total % 2 == 0
    x = np.random.default_rng(2).integers(-2, 3, (2, 3, size, size)).astype(np.float32)
    want = nhwc_to_nchw(tf.nn.max_pool2d(nchw_to_nhwc(x), kernel, stride, "SAME").numpy())
    np.testing.assert_array_equal(max_pool2d(x, kernel, stride, total // 2), want)


def test_tf_argmax_layout_example():
    x = np.zeros((1, 2, 2, 2), np.float32)  # NHWC
    x[0, 1, 0, 0] = 1.0  # channel 0's max at (1, 0)
    x[0, 0, 1, 1] = 1.0  # channel 1's max at (0, 1)
    argmax = tf.nn.max_pool_with_argmax(x, 2, 2, "VALID").argmax.numpy()
    np.testing.assert_array_equal(argmax.ravel(), [(1 * 2 + 0) * 2 + 0, (0 * 2 + 1) * 2 + 1])
    np.testing.assert_array_equal(tf_argmax_to_torch_indices(argmax, x.shape).ravel(), [2, 1])


# ------------------------------------------------------------------------------------ bad input

X = np.zeros((1, 1, 4, 4))


@pytest.mark.parametrize(
    "kwargs,exc,match",
    [
        (dict(kernel_size=0), ValueError, "kernel_size"),
        (dict(kernel_size=(2, 0)), ValueError, r"kernel_size\[1\]"),
        (dict(kernel_size=2.0), TypeError, "kernel_size"),
        (dict(kernel_size=True), TypeError, "kernel_size"),
        (dict(kernel_size=(2, 2, 2)), ValueError, "kernel_size"),
        (dict(kernel_size=2, stride=0), ValueError, "stride"),
        (dict(kernel_size=2, stride=1.5), TypeError, "stride"),
        (dict(kernel_size=2, padding=-1), ValueError, "padding"),
        (dict(kernel_size=2, padding=2), ValueError, "padding"),
        (dict(kernel_size=(3, 3), padding=(1, 2)), ValueError, "padding"),
        (dict(kernel_size=5), ValueError, "kernel_size"),
        (dict(kernel_size=2, return_indices="yes"), TypeError, "return_indices"),
    ],
)
def test_max_pool2d_bad_arguments(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        max_pool2d(X, **kwargs)


@pytest.mark.parametrize(
    "x,exc",
    [
        (np.zeros((4, 4)), ValueError),
        (np.zeros((1, 4, 4)), ValueError),
        (None, TypeError),
        ("abc", TypeError),
    ],
)
def test_max_pool2d_bad_x(x, exc):
    with pytest.raises(exc, match="x"):
        max_pool2d(x, 2)


POOLED = np.ones((1, 1, 2, 2))
IDX = np.array([[[[0, 3], [9, 15]]]])


@pytest.mark.parametrize(
    "args,kwargs,exc,match",
    [
        ((POOLED, IDX[..., :1], 2), {}, ValueError, "indices"),
        ((POOLED, IDX[0], 2), {}, ValueError, "indices"),
        ((POOLED, IDX + 1, 2), {}, ValueError, "indices"),  # 16 is outside a 4x4 plane
        ((POOLED, IDX - 1, 2), {}, ValueError, "indices"),  # -1
        ((POOLED, IDX.astype(float), 2), {}, TypeError, "indices"),
        ((POOLED, IDX > 0, 2), {}, TypeError, "indices"),
        ((POOLED, None, 2), {}, TypeError, "indices"),
        ((POOLED[0], IDX[0], 2), {}, ValueError, "x"),
        ((POOLED, IDX, 0), {}, ValueError, "kernel_size"),
        ((POOLED, IDX, 2), dict(stride=0), ValueError, "stride"),
        ((POOLED, IDX, 2), dict(padding=-1), ValueError, "padding"),
        ((POOLED, IDX, 1), dict(stride=1, padding=2), ValueError, "padding"),  # size 2 - 4 + 1 < 1
        ((POOLED, IDX, 2), dict(output_size=(6, 4)), ValueError, "output_size"),  # must be < 4 + 2
        ((POOLED, IDX, 2), dict(output_size=(4, 2)), ValueError, "output_size"),  # must be > 4 - 2
        ((POOLED, IDX, 2), dict(output_size=(4, 4, 4)), ValueError, "output_size"),
        ((POOLED, IDX, 2), dict(output_size=4), TypeError, "output_size"),
        ((POOLED, IDX, 2), dict(output_size=(4.0, 4)), TypeError, "output_size"),
        ((POOLED, IDX, 2), dict(output_size=(3, 3)), ValueError, "indices"),  # 15 >= 9
    ],
)
def test_max_unpool2d_bad_arguments(args, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        max_unpool2d(*args, **kwargs)


def test_output_size_range_is_torchs():
    # torch accepts default - stride < size < default + stride: here 2 < size < 6
    for size in (3, 4, 5):
        assert max_unpool2d(POOLED, np.zeros_like(IDX), 2, output_size=(size, size)).shape[2:] == (size,) * 2
        F.max_unpool2d(
            torch.ones(1, 1, 2, 2), torch.zeros(1, 1, 2, 2, dtype=torch.long), 2, output_size=(size,) * 2
        )
    for size in (2, 6):
        with pytest.raises(ValueError):
            F.max_unpool2d(
                torch.ones(1, 1, 2, 2), torch.zeros(1, 1, 2, 2, dtype=torch.long), 2, output_size=(size,) * 2
            )
        with pytest.raises(ValueError, match="output_size"):
            max_unpool2d(POOLED, np.zeros_like(IDX), 2, output_size=(size, size))


@pytest.mark.parametrize("fn", [nearest_unpool2d, bed_of_nails_unpool2d])
@pytest.mark.parametrize(
    "r,exc", [(0, ValueError), (2.0, TypeError), (True, TypeError), ((2, 0), ValueError)]
)
def test_index_free_unpool_bad_r(fn, r, exc):
    with pytest.raises(exc, match="r"):
        fn(X, r)


@pytest.mark.parametrize(
    "argmax,shape,exc,match",
    [
        (np.zeros((1, 1, 1, 2), int), (1, 2, 2), ValueError, "shape"),
        (np.zeros((1, 1, 1, 2), int), (1, 2, 0, 2), ValueError, r"shape\[2\]"),
        (np.zeros((1, 1, 2), int), (1, 2, 2, 2), ValueError, "argmax"),
        (np.zeros((1, 1, 1, 3), int), (1, 2, 2, 2), ValueError, "argmax"),
        (np.array([[[[0, 9]]]]), (1, 2, 2, 2), ValueError, "argmax"),  # >= H*W*C = 8
        (np.array([[[[1, 1]]]]), (1, 2, 2, 2), ValueError, "argmax"),  # channel 0 index is odd
        (np.zeros((1, 1, 1, 2)), (1, 2, 2, 2), TypeError, "argmax"),
    ],
)
def test_tf_argmax_conversion_bad_input(argmax, shape, exc, match):
    with pytest.raises(exc, match=match):
        tf_argmax_to_torch_indices(argmax, shape)
