"""helpers.receptive against the receptive field measured by autograd (PyTorch and TensorFlow), and bad input.

The measurement: a stack of convolutions with every weight equal to 1 on an input large enough for the
field to lie inside it; the gradient of one output pixel with respect to the input is non-zero exactly on
the pixels that can influence it, and its values count the paths (every weight is 1, so nothing cancels).
"""

import numpy as np
import pytest
import tensorflow as tf
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.receptive import Field, as_layers, effective_kernel_size, influence, receptive_field

layer = st.tuples(st.integers(1, 4), st.integers(1, 2), st.integers(1, 3), st.integers(0, 2))
stacks = st.lists(layer, min_size=1, max_size=3)


def _geometry(layers):
    """An output pixel whose field lies inside the input, and an input length that leaves room around it."""
    f = receptive_field(layers)[-1]
    o = -(-max(0, -f.start) // f.jump) + 1          # first output pixel whose field starts at >= 0, plus one
    first = f.start + o * f.jump
    length = first + f.size + 2 * f.jump + 2        # room on the right, so that pixel o exists
    return f, o, first, length


def _expected_map(layers, length, first):
    c = np.zeros(length)
    counts = influence(layers)
    c[first : first + counts.size] = counts
    return np.outer(c, c)


def torch_input_gradient(layers, length, o):
    x = torch.zeros(1, 1, length, length, dtype=torch.float64, requires_grad=True)
    y = x
    for k, s, d, p in as_layers(layers):
        y = F.conv2d(y, torch.ones(1, 1, k, k, dtype=torch.float64), stride=s, padding=p, dilation=d)
    assert y.shape[-1] > o, "the chosen output pixel must exist"
    y[0, 0, o, o].backward()
    return x.grad[0, 0].numpy()


def tf_input_gradient(layers, length, o):
    """The same measurement with tf.GradientTape. Dilated layers use tf.nn.convolution (SpaceToBatchND +
    Conv2D + BatchToSpaceND): the gradient of tf.nn.conv2d(dilations > 1) is not implemented on CPU. A
    strided dilated layer is the stride-1 one followed by keeping every s-th pixel (the same numbers)."""
    x = tf.zeros((1, length, length, 1), tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x
        for k, s, d, p in as_layers(layers):
            y = tf.pad(y, [[0, 0], [p, p], [p, p], [0, 0]])
            y = tf.nn.convolution(y, tf.ones((k, k, 1, 1), tf.float64), dilations=d, padding="VALID")[:, ::s, ::s]
        assert y.shape[1] > o, "the chosen output pixel must exist"
        target = y[0, o, o, 0]
    return tape.gradient(target, x).numpy()[0, :, :, 0]


@settings(max_examples=40, deadline=None)
@given(stacks)
def test_field_and_influence_equal_the_torch_autograd_support(layers):
    f, o, first, length = _geometry(layers)
    grad = torch_input_gradient(layers, length, o)
    rows = np.nonzero(grad.any(axis=1))[0]
    assert rows.min() == first == f.start + o * f.jump          # where the field begins
    assert rows.max() - rows.min() + 1 == f.size                # its size (the span of the support)
    np.testing.assert_array_equal(grad, _expected_map(layers, length, first))   # holes and path counts


@settings(max_examples=20, deadline=None)
@given(stacks)
def test_field_and_influence_equal_the_tensorflow_gradient_support(layers):
    f, o, first, length = _geometry(layers)
    grad = tf_input_gradient(layers, length, o)
    cols = np.nonzero(grad.any(axis=0))[0]
    assert cols.min() == first and cols.max() - cols.min() + 1 == f.size
    np.testing.assert_array_equal(grad, _expected_map(layers, length, first))


@given(stacks)
def test_recursion_invariants(layers):
    fields = receptive_field(layers)
    stack = as_layers(layers)
    assert len(fields) == len(stack)
    size, jump, start = 1, 1, 0
    for (k, s, d, p), f in zip(stack, fields):
        assert f.effective_kernel == effective_kernel_size(k, d) == d * (k - 1) + 1
        assert f.size == size + (f.effective_kernel - 1) * jump and f.jump == jump * s and f.start == start - p * jump
        assert f.center == f.start + (f.size - 1) / 2
        size, jump, start = f.size, f.jump, f.start
    counts = influence(layers)
    assert counts.size == fields[-1].size and counts[0] > 0 and counts[-1] > 0
    assert counts.sum() == np.prod([k for k, _, _, _ in stack])      # one path per choice of taps
    np.testing.assert_array_equal(counts, counts[::-1])               # symmetric around the centre


def test_published_and_lesson_values():
    # 3x3 kernels, dilations 1, 2, 4, 8 (Yu & Koltun's context module): 2^(l+1) - 1, against 2l + 1 undilated
    assert [f.size for f in receptive_field([(3, 1, 2**i) for i in range(4)])] == [3, 7, 15, 31]
    assert [f.size for f in receptive_field([3] * 4)] == [3, 5, 7, 9]
    # gridding: dilation 2 three times leaves every other position out; hybrid 1, 2, 3 does not
    c = influence([(3, 1, 2)] * 3)
    assert c.size == 13 and np.count_nonzero(c) == 7 and not c[1::2].any()
    assert influence([(3, 1, d) for d in (1, 2, 3)]).min() > 0
    assert influence([(3, 1, d) for d in (1, 2, 5)]).min() > 0
    assert np.count_nonzero(influence([(3, 1, d) for d in (2, 4, 8)]) == 0) > 0
    # strides: a 2x2 stride-2 pooling-like layer then a 3x3 layer
    assert receptive_field([(2, 2), (3, 1)])[-1] == Field(size=6, jump=2, start=0, center=2.5, effective_kernel=3)


def test_the_accepted_layer_forms_agree():
    assert as_layers([3, (3,), (3, 2), (3, 2, 2), (3, 2, 2, 1), {"kernel": 3, "padding": 1}, [5, 1, 3]]) == [
        (3, 1, 1, 0), (3, 1, 1, 0), (3, 2, 1, 0), (3, 2, 2, 0), (3, 2, 2, 1), (3, 1, 1, 1), (5, 1, 3, 0)]
    assert as_layers((np.int64(3),)) == [(3, 1, 1, 0)]
    assert receptive_field([{"kernel": 3, "dilation": 2}]) == receptive_field([(3, 1, 2)])


@pytest.mark.parametrize(
    "layers, error, match",
    [
        ([], ValueError, "at least one layer"),
        (3, TypeError, "sequence"),
        ("33", TypeError, "sequence"),
        ({"kernel": 3}, TypeError, "sequence"),
        ([(0, 1)], ValueError, r"layers\[0\].kernel must be >= 1"),
        ([3, (3, 0)], ValueError, r"layers\[1\].stride must be >= 1"),
        ([(3, 1, 0)], ValueError, r"layers\[0\].dilation must be >= 1"),
        ([(3, 1, 1, -1)], ValueError, r"layers\[0\].padding must be >= 0"),
        ([(3, 1, 1, 0, 9)], ValueError, "kernel"),
        ([()], ValueError, "kernel"),
        ([{"kernel": 3, "rate": 2}], ValueError, "unknown keys"),
        ([{"dilation": 2}], ValueError, "must give 'kernel'"),
        ([3.0], TypeError, "layers"),
        ([True], TypeError, "layers"),
        ([(3, 1.5)], TypeError, "stride must be an int"),
    ],
)
def test_bad_layers_are_rejected(layers, error, match):
    with pytest.raises(error, match=match):
        receptive_field(layers)
    with pytest.raises(error, match=match):
        influence(layers)


def test_effective_kernel_size_validates():
    assert effective_kernel_size(3) == 3 and effective_kernel_size(3, 4) == 9 and effective_kernel_size(1, 7) == 1
    with pytest.raises(ValueError, match="dilation must be >= 1"):
        effective_kernel_size(3, 0)
    with pytest.raises(TypeError, match="kernel must be an int"):
        effective_kernel_size(2.5)
