"""helpers.conv and helpers.layout against PyTorch and TensorFlow/Keras, published values, and bad input."""

import numpy as np
import pytest
import tensorflow as tf
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import helpers
from helpers import (
    bilinear_kernel,
    conv2d,
    conv_matrix,
    conv_output_size,
    conv_transpose2d,
    conv_transpose_output_size,
    dilate_kernel,
    keras_to_torch_kernel,
    torch_to_keras_kernel,
    trans_conv,
    zero_insert,
)

pair = st.tuples(st.integers(1, 3), st.integers(1, 3))


@st.composite
def conv_case(draw):
    n, c_in, c_out = draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    k, s, d = draw(pair), draw(pair), draw(st.tuples(st.integers(1, 2), st.integers(1, 2)))
    p = draw(st.tuples(st.integers(0, 2), st.integers(0, 2)))
    h, w = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    assume(h + 2 * p[0] >= d[0] * (k[0] - 1) + 1 and w + 2 * p[1] >= d[1] * (k[1] - 1) + 1)
    seed = draw(st.integers(0, 2**16))
    return n, c_in, c_out, (h, w), k, s, p, d, np.random.default_rng(seed)


@given(conv_case(), st.booleans())
def test_conv2d_matches_torch(case, with_bias):
    n, c_in, c_out, (h, w), k, s, p, d, rng = case
    x = rng.standard_normal((n, c_in, h, w))
    wt = rng.standard_normal((c_out, c_in, *k))
    b = rng.standard_normal(c_out) if with_bias else None
    expected = F.conv2d(torch.from_numpy(x), torch.from_numpy(wt), None if b is None else torch.from_numpy(b),
                        stride=s, padding=p, dilation=d).numpy()
    np.testing.assert_allclose(conv2d(x, wt, b, stride=s, padding=p, dilation=d), expected, rtol=1e-10, atol=1e-10)


@st.composite
def transpose_case(draw):
    n, c_in, c_out = draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    k, s = draw(pair), draw(pair)
    d = draw(st.tuples(st.integers(1, 2), st.integers(1, 2)))
    p = draw(st.tuples(st.integers(0, 2), st.integers(0, 2)))
    op = tuple(draw(st.integers(0, max(s[i], d[i]) - 1)) for i in range(2))
    h, w = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    for i, size in enumerate((h, w)):
        assume((size - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + op[i] + 1 >= 1)
    seed = draw(st.integers(0, 2**16))
    return n, c_in, c_out, (h, w), k, s, p, op, d, np.random.default_rng(seed)


@given(transpose_case(), st.booleans())
def test_conv_transpose2d_matches_torch(case, with_bias):
    n, c_in, c_out, (h, w), k, s, p, op, d, rng = case
    x = rng.standard_normal((n, c_in, h, w))
    wt = rng.standard_normal((c_in, c_out, *k))
    b = rng.standard_normal(c_out) if with_bias else None
    expected = F.conv_transpose2d(torch.from_numpy(x), torch.from_numpy(wt),
                                  None if b is None else torch.from_numpy(b),
                                  stride=s, padding=p, output_padding=op, dilation=d).numpy()
    got = conv_transpose2d(x, wt, b, stride=s, padding=p, output_padding=op, dilation=d)
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-10)
    assert got.shape[2:] == (conv_transpose_output_size(h, k[0], s[0], p[0], op[0], d[0]),
                             conv_transpose_output_size(w, k[1], s[1], p[1], op[1], d[1]))


@settings(max_examples=40)
@given(st.integers(1, 2), st.integers(1, 3), st.integers(1, 3), st.integers(1, 6), st.integers(1, 4),
       st.integers(1, 3), st.integers(0, 2**16))
def test_conv_transpose2d_matches_keras_valid(n, c_in, c_out, size, k, s, seed):
    assume(k >= s)  # Keras "valid" pads the output to i*s when k < s; see the test below
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, c_in, size, size)).astype(np.float32)
    w = rng.standard_normal((c_in, c_out, k, k)).astype(np.float32)
    layer = tf.keras.layers.Conv2DTranspose(c_out, k, strides=s, padding="valid", use_bias=False)
    layer.build((None, size, size, c_in))
    layer.set_weights([torch_to_keras_kernel(w)])
    got_keras = layer(x.transpose(0, 2, 3, 1)).numpy().transpose(0, 3, 1, 2)
    np.testing.assert_allclose(conv_transpose2d(x, w, stride=s), got_keras, rtol=1e-4, atol=1e-4)
    np.testing.assert_array_equal(keras_to_torch_kernel(torch_to_keras_kernel(w)), w)


def test_keras_valid_output_is_i_times_s_when_kernel_is_smaller_than_stride():
    layer = tf.keras.layers.Conv2DTranspose(1, 1, strides=2, padding="valid")
    assert layer(np.ones((1, 3, 3, 1), np.float32)).shape[1] == 3 * 2
    assert conv_transpose_output_size(3, 1, stride=2) == 5  # PyTorch: (i-1)s + k


@settings(max_examples=40)
@given(st.integers(1, 2), st.integers(1, 3), st.integers(1, 3), st.integers(3, 8), st.integers(1, 3),
       st.integers(1, 2), st.integers(0, 1), st.integers(0, 2**16))
def test_conv2d_matches_tensorflow(n, c_in, c_out, size, k, s, p, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, c_in, size, size))
    w = rng.standard_normal((c_out, c_in, k, k))
    got_tf = tf.nn.conv2d(x.transpose(0, 2, 3, 1), helpers.torch_conv_to_keras(w), strides=s,
                          padding=[[0, 0], [p, p], [p, p], [0, 0]]).numpy().transpose(0, 3, 1, 2)
    np.testing.assert_allclose(conv2d(x, w, stride=s, padding=p), got_tf, rtol=1e-9, atol=1e-9)


@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 3), st.integers(1, 3), st.integers(1, 3),
       st.integers(0, 1), st.integers(0, 2**16))
def test_trans_conv_loop_equals_vectorized(h, w, kh, kw, s, p, seed):
    assume((h - 1) * s + kh - 2 * p >= 1 and (w - 1) * s + kw - 2 * p >= 1)
    rng = np.random.default_rng(seed)
    X, K = rng.standard_normal((h, w)), rng.standard_normal((kh, kw))
    expected = conv_transpose2d(X[None, None], K[None, None], stride=s, padding=p)[0, 0]
    np.testing.assert_allclose(trans_conv(X, K, stride=s, padding=p), expected, rtol=1e-12, atol=1e-12)


@given(st.integers(2, 6), st.integers(2, 6), st.integers(1, 3), st.integers(1, 2), st.integers(0, 1),
       st.integers(0, 2**16))
def test_conv_matrix_and_its_transpose(h, w, k, s, p, seed):
    assume(h + 2 * p >= k and w + 2 * p >= k)
    rng = np.random.default_rng(seed)
    X, K = rng.standard_normal((h, w)), rng.standard_normal((k, k))
    V = conv_matrix(K, (h, w), stride=s, padding=p)
    Y = conv2d(X[None, None], K[None, None], stride=s, padding=p)[0, 0]
    np.testing.assert_allclose(V @ X.ravel(), Y.ravel(), atol=1e-12)
    G = rng.standard_normal(Y.shape)
    op = (h - conv_transpose_output_size(Y.shape[0], k, s, p), w - conv_transpose_output_size(Y.shape[1], k, s, p))
    back = conv_transpose2d(G[None, None], K[None, None], stride=s, padding=p, output_padding=op)[0, 0]
    np.testing.assert_allclose((V.T @ G.ravel()).reshape(h, w), back, atol=1e-12)


@given(st.integers(1, 8), st.integers(1, 4), st.integers(1, 3), st.integers(0, 2), st.integers(1, 2))
def test_output_size_formulas_match_torch(i, k, s, p, d):
    assume(i + 2 * p >= d * (k - 1) + 1)
    x = torch.zeros(1, 1, i, i)
    assert F.conv2d(x, torch.zeros(1, 1, k, k), stride=s, padding=p, dilation=d).shape[-1] == \
        conv_output_size(i, k, s, p, d)
    for op in range(max(s, d)):
        if (i - 1) * s - 2 * p + d * (k - 1) + op + 1 >= 1:
            y = F.conv_transpose2d(x, torch.zeros(1, 1, k, k), stride=s, padding=p, output_padding=op, dilation=d)
            assert y.shape[-1] == conv_transpose_output_size(i, k, s, p, op, d)


@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.integers(5, 9), st.integers(0, 2**16))
def test_dilate_kernel_equals_dilation(k, d, c, size, seed):
    assume(size >= d * (k - 1) + 1)
    rng = np.random.default_rng(seed)
    x, w = rng.standard_normal((1, c, size, size)), rng.standard_normal((2, c, k, k))
    np.testing.assert_allclose(conv2d(x, dilate_kernel(w, d)), conv2d(x, w, dilation=d), atol=1e-12)
    assert zero_insert(x, d).shape[-1] == (size - 1) * d + 1


def test_transpose_output_size_is_the_formula_even_when_nothing_is_left():
    assert conv_transpose_output_size(1, 1, padding=1) == -1
    assert conv_output_size(2, 5) == -2


def test_d2l_published_values():
    X = K = np.array([[0.0, 1.0], [2.0, 3.0]])
    np.testing.assert_array_equal(trans_conv(X, K), [[0, 0, 1], [0, 4, 6], [4, 12, 9]])
    np.testing.assert_array_equal(trans_conv(X, K, padding=1), [[4]])
    np.testing.assert_array_equal(trans_conv(X, K, stride=2), [[0, 0, 0, 1], [0, 0, 2, 3], [0, 2, 0, 3], [4, 6, 6, 9]])


def test_bilinear_kernel_reproduces_bilinear_upsampling_in_the_interior():
    x = np.random.default_rng(0).standard_normal((1, 2, 6, 6))
    w = bilinear_kernel(2, 2, 4)
    assert w.shape == tuple(torch.nn.ConvTranspose2d(2, 2, 4).weight.shape)
    up = conv_transpose2d(x, w, stride=2, padding=1)
    ref = helpers.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
    np.testing.assert_allclose(up[..., 1:-1, 1:-1], ref[..., 1:-1, 1:-1], atol=1e-12)
    assert not np.allclose(up[..., 0, :], ref[..., 0, :])


def test_dtype_is_kept():
    x = np.ones((1, 1, 3, 3), np.float32)
    assert conv2d(x, np.ones((1, 1, 2, 2), np.float32)).dtype == np.float32
    assert conv_transpose2d(x, np.ones((1, 1, 2, 2), np.float32)).dtype == np.float32


X4 = np.ones((1, 2, 4, 4))


@pytest.mark.parametrize("call, exc, match", [
    (lambda: conv2d(X4, np.ones((1, 2, 3, 3)), stride=0), ValueError, "stride"),
    (lambda: conv2d(X4, np.ones((1, 2, 3, 3)), dilation=0), ValueError, "dilation"),
    (lambda: conv2d(X4, np.ones((1, 2, 3, 3)), padding=-1), ValueError, "padding"),
    (lambda: conv2d(X4, np.ones((1, 3, 3, 3))), ValueError, "channels"),
    (lambda: conv2d(X4, np.ones((1, 2, 7, 7))), ValueError, "larger than the padded input"),
    (lambda: conv2d(X4[0], np.ones((1, 2, 3, 3))), ValueError, "x must be 4-D"),
    (lambda: conv2d("x", np.ones((1, 2, 3, 3))), TypeError, "x must be a numeric array"),
    (lambda: conv2d(X4, np.ones((1, 2, 3, 3)), stride=True), TypeError, "stride"),
    (lambda: conv2d(X4, np.ones((1, 2, 3, 3)), stride=1.5), TypeError, "stride"),
    (lambda: conv2d(X4, np.ones((1, 2, 3, 3)), stride=(1, 2, 3)), ValueError, "stride"),
    (lambda: conv2d(X4, np.ones((1, 2, 3, 3)), bias=np.ones(3)), ValueError, "bias"),
    (lambda: conv_transpose2d(X4, np.ones((2, 1, 3, 3)), stride=2, output_padding=2), ValueError, "output_padding"),
    (lambda: conv_transpose2d(X4, np.ones((3, 1, 3, 3))), ValueError, "channels"),
    (lambda: conv_transpose2d(X4, np.ones((2, 1, 1, 1)), padding=3), ValueError, "padding"),
    (lambda: trans_conv(np.ones(3), np.ones((2, 2))), ValueError, "X must be 2-D"),
    (lambda: conv_matrix(np.ones((2, 2)), (3,)), ValueError, "input_shape"),
    (lambda: conv_transpose_output_size(3, 3, stride=2, output_padding=2), ValueError, "output_padding"),
    (lambda: trans_conv(np.ones((1, 1)), np.ones((1, 1)), padding=1), ValueError, "padding"),
    (lambda: zero_insert(np.ones(3), 2), ValueError, "at least 2 dimensions"),
    (lambda: dilate_kernel(np.ones((2, 2)), 0), ValueError, "dilation"),
    (lambda: bilinear_kernel(0, 1, 4), ValueError, "in_channels"),
    (lambda: keras_to_torch_kernel(np.ones((3, 3))), ValueError, "k must be 4-D"),
])
def test_bad_input_gives_a_clear_error(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
