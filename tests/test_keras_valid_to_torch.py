"""helpers.keras_valid_to_torch: a Keras "valid" transposed convolution (no output_padding, so it runs on Keras
3.10, which rejects any zero in output_padding) turned into PyTorch's conv_transpose output, 1-D and 2-D."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import helpers


@settings(max_examples=60)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 4), st.integers(1, 4), st.integers(1, 3),
       st.integers(1, 3), st.data())
def test_2d_matches_torch_conv_transpose2d(h, w, kh, kw, sh, sw, data):
    import keras

    ph, pw = data.draw(st.integers(0, 2)), data.draw(st.integers(0, 2))
    ah, aw = data.draw(st.integers(0, sh - 1)), data.draw(st.integers(0, sw - 1))
    assume((h - 1) * sh - 2 * ph + kh + ah >= 1 and (w - 1) * sw - 2 * pw + kw + aw >= 1)
    rng = np.random.default_rng(data.draw(st.integers(0, 2**16)))
    x = rng.standard_normal((2, 3, h, w)).astype(np.float32)
    weight = rng.standard_normal((3, 2, kh, kw)).astype(np.float32)
    expected = F.conv_transpose2d(torch.from_numpy(x), torch.from_numpy(weight), stride=(sh, sw),
                                  padding=(ph, pw), output_padding=(ah, aw)).numpy()
    layer = keras.layers.Conv2DTranspose(2, (kh, kw), strides=(sh, sw), use_bias=False,
                                         kernel_initializer=keras.initializers.Constant(
                                             helpers.torch_to_keras_kernel(weight)))
    full = keras.ops.convert_to_numpy(layer(helpers.nchw_to_nhwc(x)))
    got = helpers.keras_valid_to_torch(full, (h, w), (kh, kw), (sh, sw), (ph, pw), (ah, aw))
    np.testing.assert_allclose(helpers.nhwc_to_nchw(got), expected, rtol=1e-4, atol=1e-4)


@settings(max_examples=40)
@given(st.integers(1, 6), st.integers(1, 6), st.integers(1, 4), st.integers(0, 2), st.data())
def test_1d_matches_torch_conv_transpose1d(i, k, s, p, data):
    import keras

    a = data.draw(st.integers(0, s - 1))
    assume((i - 1) * s - 2 * p + k + a >= 1)
    layer = keras.layers.Conv1DTranspose(1, k, strides=s, use_bias=False, kernel_initializer="ones")
    full = keras.ops.convert_to_numpy(layer(np.ones((1, i, 1), np.float32)))
    expected = F.conv_transpose1d(torch.ones(1, 1, i), torch.ones(1, 1, k), stride=s, padding=p, output_padding=a)
    got = helpers.keras_valid_to_torch(full, i, k, s, p, a)[0, :, 0]
    np.testing.assert_array_equal(got, expected[0, 0].numpy())


def test_numpy_only_example_and_zero_rows_for_small_kernels():
    # k < s: Keras appends s - k zero rows; PyTorch's output_padding=0 has none, output_padding=1 keeps one
    full = np.array([1.0, 2.0, 0.0, 3.0, 4.0, 0.0, 0.0])[None, :, None]  # 7 long: Keras gives 6 for i=2, k=2, s=3
    with pytest.raises(ValueError, match="spatial axis 0"):
        helpers.keras_valid_to_torch(full, 2, 2, 3)
    full = full[:, :6]
    np.testing.assert_array_equal(helpers.keras_valid_to_torch(full, 2, 2, 3)[0, :, 0], [1, 2, 0, 3, 4])
    np.testing.assert_array_equal(helpers.keras_valid_to_torch(full, 2, 2, 3, output_padding=1)[0, :, 0],
                                  [1, 2, 0, 3, 4, 0])


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(stride=0), ValueError, "stride must be >= 1"),
    (dict(padding=-1), ValueError, "padding must be >= 0"),
    (dict(output_padding=(0, 1)), TypeError, "output_padding must be an int or a tuple of 1 ints"),
    (dict(stride=1.5), TypeError, "stride must be an int or a tuple"),
    (dict(padding=3), ValueError, "leave no output"),
])
def test_bad_arguments_name_the_parameter(kwargs, error, match):
    args = dict(input_size=2, kernel_size=3, stride=2)
    args.update(kwargs)
    full = np.zeros((1, 5, 1))
    with pytest.raises(error, match=match):
        helpers.keras_valid_to_torch(full, **args)


def test_needs_a_spatial_axis():
    with pytest.raises(ValueError, match="at least one spatial axis"):
        helpers.keras_valid_to_torch(np.zeros((1, 3)), 1, 1, 1)
