"""helpers.shuffle against PyTorch (pixel_shuffle / pixel_unshuffle) and TensorFlow (depth_to_space /
space_to_depth): CRD vs DCR channel order, the permutation between them, round trips, bad input."""

import numpy as np
import pytest
import tensorflow as tf
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import (
    crd_to_dcr_permutation,
    dcr_to_crd_permutation,
    depth_to_space,
    nchw_to_nhwc,
    nhwc_to_nchw,
    pixel_shuffle,
    pixel_unshuffle,
    space_to_depth,
)


@st.composite
def shuffle_cases(draw, min_r=1):
    """(x, r) with x of shape (N, C * r * r, H, W) and a random float dtype."""
    r = draw(st.integers(min_r, 4))
    c = draw(st.integers(1, 4))
    shape = (draw(st.integers(1, 2)), c * r * r, draw(st.integers(1, 5)), draw(st.integers(1, 5)))
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    x = np.random.default_rng(draw(st.integers(0, 2**32 - 1))).standard_normal(shape).astype(dtype)
    return x, r


# -------------------------------------------------------------------------------------- vs PyTorch


@settings(max_examples=300)
@given(shuffle_cases())
def test_pixel_shuffle_matches_torch(case):
    x, r = case
    got = pixel_shuffle(x, r)
    assert got.dtype == x.dtype
    np.testing.assert_array_equal(got, F.pixel_shuffle(torch.from_numpy(x), r).numpy())


@settings(max_examples=300)
@given(shuffle_cases())
def test_pixel_unshuffle_matches_torch_and_round_trips(case):
    x, r = case
    y = pixel_shuffle(x, r)
    got = pixel_unshuffle(y, r)
    assert got.dtype == x.dtype
    np.testing.assert_array_equal(got, F.pixel_unshuffle(torch.from_numpy(y), r).numpy())
    np.testing.assert_array_equal(got, x)  # unshuffle(shuffle(x)) == x
    np.testing.assert_array_equal(pixel_shuffle(got, r), y)  # and the other way round


def test_pixel_shuffle_crd_order_by_hand():
    c, r, h, w = 2, 3, 2, 2
    x = np.random.default_rng(0).standard_normal((1, c * r * r, h, w))
    y = pixel_shuffle(x, r)
    for ch in range(c):
        for i in range(r):
            for j in range(r):
                np.testing.assert_array_equal(y[0, ch, i::r, j::r], x[0, ch * r * r + i * r + j])


# ------------------------------------------------------------------------------------ vs TensorFlow


@settings(max_examples=40)
@given(shuffle_cases(min_r=2))  # TensorFlow requires block_size >= 2
def test_depth_to_space_and_space_to_depth_match_tensorflow(case):
    x, r = case
    xt = np.ascontiguousarray(nchw_to_nhwc(x))
    got = depth_to_space(xt, r)
    assert got.dtype == x.dtype
    np.testing.assert_array_equal(got, tf.nn.depth_to_space(xt, r).numpy())
    back = space_to_depth(got, r)
    np.testing.assert_array_equal(back, tf.nn.space_to_depth(got, r).numpy())
    np.testing.assert_array_equal(back, xt)


def test_depth_to_space_dcr_order_by_hand():
    c, r, h, w = 2, 3, 2, 2
    x = np.random.default_rng(1).standard_normal((1, h, w, c * r * r))
    y = depth_to_space(x, r)
    for ch in range(c):
        for i in range(r):
            for j in range(r):
                np.testing.assert_array_equal(y[0, i::r, j::r, ch], x[0, ..., (i * r + j) * c + ch])


def test_r_equal_1_is_identity():
    x = np.random.default_rng(2).standard_normal((2, 3, 4, 5))
    for fn in (pixel_shuffle, pixel_unshuffle, depth_to_space, space_to_depth):
        np.testing.assert_array_equal(fn(x, 1), x)


# ------------------------------------------------------------------------------------- CRD vs DCR


@pytest.mark.parametrize("r", [2, 3])
def test_crd_and_dcr_agree_for_one_channel_and_differ_for_more(r):
    rng = np.random.default_rng(3)
    for c in (1, 2, 3):
        x = rng.standard_normal((2, c * r * r, 3, 4))
        torch_way = pixel_shuffle(x, r)
        tf_way = nhwc_to_nchw(depth_to_space(nchw_to_nhwc(x), r))
        if c == 1:
            np.testing.assert_array_equal(torch_way, tf_way)
            np.testing.assert_array_equal(crd_to_dcr_permutation(r * r, r), np.arange(r * r))
        else:
            assert not np.array_equal(torch_way, tf_way)


@settings(max_examples=300)
@given(shuffle_cases())
def test_permutation_converts_crd_to_dcr(case):
    x, r = case
    perm = crd_to_dcr_permutation(x.shape[1], r)
    inv = dcr_to_crd_permutation(x.shape[1], r)
    assert perm.dtype == inv.dtype == np.int64
    np.testing.assert_array_equal(perm[inv], np.arange(x.shape[1]))  # inverses of each other
    np.testing.assert_array_equal(inv[perm], np.arange(x.shape[1]))
    # pixel_shuffle(x) == nchw(depth_to_space(nhwc(x[:, perm])))
    np.testing.assert_array_equal(
        pixel_shuffle(x, r), nhwc_to_nchw(depth_to_space(nchw_to_nhwc(x[:, perm]), r))
    )
    # depth_to_space(z) == nhwc(pixel_shuffle(nchw(z)[:, inv]))
    z = nchw_to_nhwc(x)
    np.testing.assert_array_equal(
        depth_to_space(z, r), nchw_to_nhwc(pixel_shuffle(nhwc_to_nchw(z)[:, inv], r))
    )


def test_permutation_converts_conv_weights_between_frameworks():
    """A torch conv + pixel_shuffle equals a TF conv with permuted output channels + depth_to_space."""
    rng = np.random.default_rng(4)
    c_in, c, r = 3, 2, 2
    x = rng.standard_normal((1, c_in, 5, 6)).astype(np.float32)
    w = rng.standard_normal((c * r * r, c_in, 3, 3)).astype(np.float32)  # torch (out, in, kh, kw)
    b = rng.standard_normal(c * r * r).astype(np.float32)
    want = F.pixel_shuffle(
        F.conv2d(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b), padding=1), r
    )

    perm = crd_to_dcr_permutation(c * r * r, r)
    kernel = np.ascontiguousarray(w.transpose(2, 3, 1, 0))[..., perm]  # Keras (kh, kw, in, out), DCR
    conv = tf.nn.conv2d(nchw_to_nhwc(x), kernel, 1, "SAME") + b[perm]
    got = nhwc_to_nchw(tf.nn.depth_to_space(conv, r).numpy())
    np.testing.assert_allclose(got, want.numpy(), rtol=1e-5, atol=1e-5)


def test_permutation_example_values():
    np.testing.assert_array_equal(crd_to_dcr_permutation(8, 2), [0, 4, 1, 5, 2, 6, 3, 7])
    np.testing.assert_array_equal(dcr_to_crd_permutation(8, 2), [0, 2, 4, 6, 1, 3, 5, 7])


# ------------------------------------------------------------------------------------ layout, dtype


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_dtype_is_kept(dtype):
    x = np.arange(128, dtype=dtype).reshape(2, 4, 4, 4)
    for fn in (pixel_shuffle, pixel_unshuffle, depth_to_space, space_to_depth):
        assert fn(x, 2).dtype == dtype


def test_integer_and_list_input_become_float64():
    assert pixel_shuffle([[[[1]], [[2]], [[3]], [[4]]]], 2).dtype == np.float64


def test_layout_helpers():
    x = np.arange(120).reshape(2, 3, 4, 5)
    y = nchw_to_nhwc(x)
    assert y.shape == (2, 4, 5, 3) and y.dtype == x.dtype
    assert y[1, 2, 3, 0] == x[1, 0, 2, 3]
    np.testing.assert_array_equal(nhwc_to_nchw(y), x)


# --------------------------------------------------------------------------------------- bad input

X16 = np.zeros((1, 16, 4, 4))


@pytest.mark.parametrize("fn", [pixel_shuffle, pixel_unshuffle, depth_to_space, space_to_depth])
@pytest.mark.parametrize(
    "r,exc",
    [
        (0, ValueError),
        (-1, ValueError),
        (2.0, TypeError),
        (True, TypeError),
        (None, TypeError),
        ("2", TypeError),
    ],
)
def test_bad_r(fn, r, exc):
    with pytest.raises(exc, match="r"):
        fn(X16, r)


@pytest.mark.parametrize("fn", [pixel_shuffle, pixel_unshuffle, depth_to_space, space_to_depth])
@pytest.mark.parametrize(
    "x,exc",
    [(np.zeros((4, 4, 4)), ValueError), (np.zeros((1, 1, 4, 4, 4)), ValueError), (None, TypeError)],
)
def test_bad_x(fn, x, exc):
    with pytest.raises(exc, match="x"):
        fn(x, 2)


def test_channels_not_divisible():
    with pytest.raises(ValueError, match=r"channels.*divisible by r \* r = 4"):
        pixel_shuffle(np.zeros((1, 6, 2, 2)), 2)
    with pytest.raises(ValueError, match=r"channels.*divisible by r \* r = 9"):
        depth_to_space(np.zeros((1, 2, 2, 12)), 3)


def test_spatial_not_divisible():
    with pytest.raises(ValueError, match="height and width.*divisible by r = 2"):
        pixel_unshuffle(np.zeros((1, 1, 4, 5)), 2)
    with pytest.raises(ValueError, match="height and width.*divisible by r = 3"):
        space_to_depth(np.zeros((1, 4, 6, 1)), 3)


@pytest.mark.parametrize("fn", [crd_to_dcr_permutation, dcr_to_crd_permutation])
@pytest.mark.parametrize(
    "channels,r,exc,match",
    [
        (6, 2, ValueError, "channels"),
        (0, 2, ValueError, "channels"),
        (8.0, 2, TypeError, "channels"),
        (8, 0, ValueError, "r"),
        (8, 2.0, TypeError, "r"),
        (8, True, TypeError, "r"),
    ],
)
def test_permutation_bad_input(fn, channels, r, exc, match):
    with pytest.raises(exc, match=match):
        fn(channels, r)


@pytest.mark.parametrize("fn", [nchw_to_nhwc, nhwc_to_nchw])
def test_layout_helpers_bad_input(fn):
    with pytest.raises(ValueError, match="x must be 4-D"):
        fn(np.zeros((2, 3, 4)))
    with pytest.raises(TypeError, match="x"):
        fn(None)
