"""Lesson 08: the math it draws (helpers.conv: full-convolution view, tied kernel, phase sums; helpers.artifacts:
the two measures) against PyTorch and TensorFlow/Keras, bad inputs, the widget's drawing, and the exercise
references."""

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers
from helpers import style
from helpers.artifacts import periodic_energy, total_variation
from helpers.conv import (
    nearest_conv_as_transposed,
    nearest_conv_kernel,
    nearest_conv_padding,
    phase_groups,
    phase_sums,
    same_transposed_padding,
    tie_matrix,
    transposed_conv_as_full_conv,
    zero_insert_pad,
)
from helpers.exercises import l08_upsample_conv_vs_strided as ex
from helpers.figures import l08_upsample_conv_vs_strided as w
from helpers.resize import nearest_repeat

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _t(a):
    return torch.from_numpy(np.ascontiguousarray(a))


# ------------------------------------------------------------------------------ documented examples


def test_documented_examples():
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(nearest_repeat(x, 2), [[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]])
    z = zero_insert_pad(x, k=3, stride=2, padding=1, output_padding=1)
    assert z.shape == (6, 6) and z[1, 1] == 1 and z[1, 3] == 2 and z[3, 1] == 3 and z[3, 3] == 4 and z.sum() == 10
    np.testing.assert_array_equal(nearest_conv_kernel(x, 2), [[4, 7, 3], [6, 10, 4], [2, 3, 1]])
    np.testing.assert_array_equal(phase_sums(np.ones((3, 3)), 2), [[4, 2], [2, 1]])
    assert phase_groups(3, 2, 1) == {0: {-1: [0], 0: [1, 2]}, 1: {0: [0, 1], 1: [2]}}
    assert same_transposed_padding(3, 2) == (1, 1) and same_transposed_padding(4, 2) == (1, 0)
    assert nearest_conv_padding(3, 1) == 1 and nearest_conv_padding(1, 2) == -2
    assert periodic_energy(np.indices((4, 4)).sum(0) % 2) == pytest.approx(1.0)
    assert periodic_energy(np.ones((4, 4))) == 0.0
    assert total_variation(np.indices((3, 3))[1]) == pytest.approx(0.5)
    np.testing.assert_array_equal(tie_matrix(1, 2).ravel(), [1, 1, 1, 1])


# ------------------------------------------------------------------------------ against PyTorch


GRID = [(i, k, s, p, op)
        for i, k, s, p, op in itertools.product(range(1, 4), range(1, 5), range(1, 4), range(4), range(3))
        if op < s and (i - 1) * s - 2 * p + k + op >= 1]


@pytest.mark.parametrize("i, k, s, p, op", GRID)
def test_full_conv_view_equals_torch_on_a_grid(i, k, s, p, op):
    rng = np.random.default_rng(i * 1000 + k * 100 + s * 10 + p + op)
    x = rng.standard_normal((2, 2, i, i + 1))
    wt = rng.standard_normal((2, 3, k, k))
    expected = F.conv_transpose2d(_t(x), _t(wt), stride=s, padding=p, output_padding=op).numpy()
    np.testing.assert_allclose(transposed_conv_as_full_conv(x, wt, s, p, op), expected, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(k=st.integers(1, 5), r=st.integers(1, 3), p=st.integers(0, 4), h=st.integers(1, 4), wd=st.integers(1, 4),
       c_in=st.integers(1, 3), c_out=st.integers(1, 3), seed=st.integers(0, 10**6))
def test_nearest_conv_as_transposed_equals_torch(k, r, p, h, wd, c_in, c_out, seed):
    if r * min(h, wd) + 2 * p < k:
        return
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((1, c_in, h, wd))
    K = rng.standard_normal((c_out, c_in, k, k))
    up = F.interpolate(_t(x), scale_factor=r, mode="nearest")
    expected = F.conv2d(up, _t(K), padding=p).numpy()
    np.testing.assert_allclose(nearest_conv_as_transposed(x, K, r, p), expected, atol=1e-12)
    P = nearest_conv_padding(k, p)
    if P >= 0:
        got = F.conv_transpose2d(_t(x), _t(nearest_conv_kernel(K, r)), stride=r, padding=P).numpy()
        np.testing.assert_allclose(got, expected, atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(k=st.integers(1, 5), r=st.integers(1, 3), seed=st.integers(0, 10**6))
def test_tied_kernel_phase_sums_are_all_equal(k, r, seed):
    K = np.random.default_rng(seed).standard_normal((k, k))
    W = nearest_conv_kernel(K, r)
    assert W.shape == (k + r - 1, k + r - 1)
    np.testing.assert_allclose(phase_sums(W, r), np.full((r, r), K.sum()), atol=1e-12)
    T = tie_matrix(k, r)
    np.testing.assert_allclose(T @ K.ravel(), W.ravel(), atol=1e-12)
    assert np.linalg.matrix_rank(T) == k * k


@pytest.mark.parametrize("k, s", [(k, s) for k in range(1, 7) for s in range(1, 4) if not (s == 1 and k % 2 == 0)])
def test_same_transposed_padding_gives_s_times_the_size(k, s):
    p, op = same_transposed_padding(k, s)
    for h in (1, 3, 5):
        assert helpers.conv_transpose_output_size(h, k, s, p, op) == s * h


def test_phase_sums_are_the_constant_inputs_interior_values():
    rng = np.random.default_rng(3)
    for k, s in [(3, 2), (4, 2), (5, 3), (2, 3)]:
        W = rng.uniform(0, 1, (k, k))
        y = F.conv_transpose2d(torch.ones(1, 1, 8, 8, dtype=torch.float64), _t(W[None, None]), stride=s)[0, 0].numpy()
        sums = phase_sums(W, s)
        for m, n in itertools.product(range(k - 1, 7 * s + 1), repeat=2):   # every tap of the pixel's phase lands
            assert y[m, n] == pytest.approx(sums[m % s, n % s])


# ------------------------------------------------------------------------------ against TensorFlow / Keras


def _check_nearest_conv_against_keras(keras, x, K, r, p):
    """nearest_conv_as_transposed(x, K, r, p) == Keras UpSampling2D(r) -> ZeroPadding2D(p) -> Conv2D(K)."""
    conv = keras.layers.Conv2D(K.shape[0], K.shape[-1], use_bias=False,
                               kernel_initializer=keras.initializers.Constant(helpers.torch_conv_to_keras(K)))
    u = keras.layers.ZeroPadding2D(p)(keras.layers.UpSampling2D(r)(helpers.nchw_to_nhwc(x)))
    expected = helpers.nhwc_to_nchw(keras.ops.convert_to_numpy(conv(u)))
    np.testing.assert_allclose(nearest_conv_as_transposed(x.astype(np.float64), K.astype(np.float64), r, p),
                               expected, rtol=1e-4, atol=1e-4)


def _keras_tconv(keras, x, wt, s, op):
    """Keras Conv2DTranspose('valid'), no output_padding given (Keras 3.10 rejects 0), cut to PyTorch's
    output_padding by helpers.keras_valid_to_torch; x NCHW, wt PyTorch's (C_in, C_out, k, k)."""
    layer = keras.layers.Conv2DTranspose(wt.shape[1], wt.shape[2:], strides=s, use_bias=False,
                                         kernel_initializer=keras.initializers.Constant(helpers.torch_to_keras_kernel(wt)))
    full = keras.ops.convert_to_numpy(layer(helpers.nchw_to_nhwc(x)))
    return helpers.nhwc_to_nchw(helpers.keras_valid_to_torch(full, x.shape[2:], wt.shape[2:], s, 0, op))


def test_against_keras():
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(11)
    for k, r, p in [(1, 2, 0), (3, 2, 1), (2, 3, 0), (5, 2, 2), (3, 3, 1)]:
        x = rng.standard_normal((1, 2, 3, 4)).astype(np.float32)
        K = rng.standard_normal((3, 2, k, k)).astype(np.float32)
        _check_nearest_conv_against_keras(keras, x, K, r, p)
    for k, s, op in [(3, 2, 1), (4, 2, 0), (2, 3, 2), (5, 3, 1)]:
        x = rng.standard_normal((1, 2, 3, 3)).astype(np.float32)
        wt = rng.standard_normal((2, 3, k, k)).astype(np.float32)
        expected = _keras_tconv(keras, x, wt, s, op)
        got = transposed_conv_as_full_conv(x.astype(np.float64), wt.astype(np.float64), s, 0, op)
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)


@settings(max_examples=8, deadline=None)
@given(k=st.integers(1, 4), r=st.integers(1, 3), p=st.integers(0, 3), h=st.integers(1, 4), seed=st.integers(0, 10**6))
def test_nearest_conv_and_full_conv_view_equal_keras_on_random_settings(k, r, p, h, seed):
    keras = pytest.importorskip("keras")
    if r * h + 2 * p < k:
        return
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((1, 2, h, h + 1)).astype(np.float32)
    K = rng.standard_normal((2, 2, k, k)).astype(np.float32)
    _check_nearest_conv_against_keras(keras, x, K, r, p)
    op = int(rng.integers(0, r))
    expected = _keras_tconv(keras, x, K, r, op)
    got = transposed_conv_as_full_conv(x.astype(np.float64), K.astype(np.float64), r, 0, op)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)


# ------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize("call, error", [
    (lambda: nearest_repeat(np.ones(3), 2), ValueError),
    (lambda: nearest_repeat(np.ones((2, 2)), 0), ValueError),
    (lambda: nearest_repeat(np.ones((2, 2)), 2.0), TypeError),
    (lambda: zero_insert_pad(np.ones((2, 2)), 3, stride=2, output_padding=2), ValueError),
    (lambda: zero_insert_pad(np.ones((2, 2)), 0), ValueError),
    (lambda: zero_insert_pad(np.ones((1, 1)), 1, padding=3), ValueError),
    (lambda: transposed_conv_as_full_conv(np.ones((1, 1, 2, 2)), np.ones((1, 1, 2, 3))), ValueError),
    (lambda: transposed_conv_as_full_conv(np.ones((1, 2, 2, 2)), np.ones((1, 1, 2, 2))), ValueError),
    (lambda: transposed_conv_as_full_conv(np.ones((2, 2)), np.ones((1, 1, 2, 2))), ValueError),
    (lambda: nearest_conv_kernel(np.ones((2, 3)), 2), ValueError),
    (lambda: nearest_conv_kernel(np.ones(3), 2), ValueError),
    (lambda: nearest_conv_kernel("K", 2), TypeError),
    (lambda: nearest_conv_as_transposed(np.ones((1, 2, 2, 2)), np.ones((1, 1, 3, 3))), ValueError),
    (lambda: nearest_conv_as_transposed(np.ones((1, 1, 1, 1)), np.ones((1, 1, 5, 5)), 2), ValueError),
    (lambda: phase_sums(np.ones((3, 3)), 0), ValueError),
    (lambda: same_transposed_padding(2, 1), ValueError),
    (lambda: periodic_energy(np.ones((3, 4))), ValueError),
    (lambda: periodic_energy(np.ones((4, 4)), 1), ValueError),
    (lambda: total_variation(np.ones((1, 4))), ValueError),
    (lambda: w.pipeline(method="bilinear"), ValueError),
    (lambda: w.pipeline(k=2), ValueError),
    (lambda: w.pipeline(factor=5), ValueError),
])
def test_bad_input_is_rejected(call, error):
    with pytest.raises(error):
        call()


# ------------------------------------------------------------------------------ the widget


@pytest.mark.parametrize("method, k, r, pattern, weights", list(itertools.product(
    w.METHODS, (1, 3, 5), (1, 2, 3), w.PATTERNS[:2], ("ones", "random")))[::3])
def test_pipeline_values(method, k, r, pattern, weights):
    g = w.pipeline(method, k, r, pattern, weights)
    assert g["y"].shape == (r * g["x"].shape[0], r * g["x"].shape[1])
    conv = helpers.conv2d(g["middle"][None, None], np.ascontiguousarray(g["kernel"])[None, None])[0, 0]
    np.testing.assert_allclose(conv, g["y"], atol=1e-12)          # the intermediate, convolved, is the output
    if method != w.METHODS[1]:
        ref = helpers.conv2d(np.pad(nearest_repeat(g["x"], r), (k - 1) // 2)[None, None], g["K"][None, None])[0, 0]
        np.testing.assert_allclose(g["y"], ref, atol=1e-12)
        assert g["spread"] == pytest.approx(0.0, abs=1e-12)
    else:
        ref = F.conv_transpose2d(_t(g["x"][None, None]), _t(g["K"][None, None]), stride=r, padding=g["padding"],
                                 output_padding=g["output_padding"])[0, 0].numpy()
        np.testing.assert_allclose(g["y"], ref, atol=1e-12)
    np.testing.assert_allclose(g["sums"], phase_sums(g["W"], r))


def test_draw_pipeline_draws_five_panels_in_one_axes():
    style.use()
    fig = plt.figure(figsize=(11, 3.4))
    g = w.draw_pipeline(fig, method=w.METHODS[1], k=3, factor=2, pattern="constant 4x4")
    assert len(fig.axes) == 1
    ax = fig.axes[0]
    assert len(ax.images) == 5 and [p[0] for p in g["panels"]][0] == "input x"
    titles = g["titles"]
    assert titles[0] == "input x\n4x4" and titles[1].endswith("10x10") and titles[4] == "phase sums\n2x2"
    assert not ax.texts and len(fig.texts) == 1                  # titles and values are glyph outlines
    np.testing.assert_array_equal(g["panels"][4][1], [[4, 2], [2, 1]])
    assert "spread 3.00" in fig.texts[0].get_text()
    extents = [p[2] for p in g["panels"]]
    for (_name, a, (x0, y0, x1, y1)), image in zip(g["panels"], ax.images):
        assert (x1 - x0, y1 - y0) == (a.shape[1], a.shape[0])
        assert image.get_array().shape[:2] == a.shape
    for left, right in zip(extents, extents[1:]):                  # side by side, not overlapping
        assert left[2] < right[0]
    # labels: every cell of the small panels, only the non-zeros of the 10x10 zero-inserted map; 2 per title
    n_labels = len(ax.collections[-1].get_paths())
    assert n_labels == 16 + 16 + 9 + 4 + 2 * 5
    plt.close(fig)


def test_labels_are_the_values():
    assert w._label(2.0) == "2" and w._label(0.335) == "0.34" and w._label(13.21) == "13.2" and w._label(-0.0) == "0"
    verts, codes, aspect = w._glyph_path("12")
    assert aspect > 1 and abs(verts[:, 1].mean()) < 1


def test_widget_builds_and_updates():
    box = w.upsample_compare_widget()
    assert set(box.controls) == {"method", "k", "factor", "pattern", "weights"}
    box.controls["k"].value = 5
    assert isinstance(box.update(), float) and box.image.value[:4] == b"\x89PNG"


# ------------------------------------------------------------------------------ exercise references


def test_exercise_references_equal_the_library():
    rng = np.random.default_rng(5)
    for k, r in itertools.product(range(1, 5), range(1, 4)):
        K = rng.standard_normal((k, k))
        np.testing.assert_array_equal(ex.tied_kernel(K, r), nearest_conv_kernel(K, r))
    A = torch.nn.Sequential(torch.nn.Upsample(scale_factor=2, mode="nearest"), torch.nn.Conv2d(16, 8, 3, padding=1))
    assert ex._counts() == (sum(q.numel() for q in A.parameters()), 16 * 8 * 16 + 8)


@settings(max_examples=40, deadline=None)
@given(c_in=st.integers(1, 3), c_out=st.integers(1, 3), k=st.integers(1, 6), s=st.integers(1, 4),
       p=st.integers(0, 3), seed=st.integers(0, 10**6))
def test_constant_tile_is_the_interior_of_conv_transpose2d_of_ones(c_in, c_out, k, s, p, seed):
    """Exercise 2's reference: the interior of ConvTranspose2d(stride s, padding p) applied to ones, by phase."""
    w = np.random.default_rng(seed).standard_normal((c_in, c_out, k, k))
    n = 8
    y = F.conv_transpose2d(torch.ones(1, c_in, n, n, dtype=torch.float64), _t(w), stride=s, padding=p)[0].numpy()
    tile = ex.constant_tile(w, s, p)
    assert tile.shape == (c_out, s, s)
    inside = range(max(0, k - 1 - p), min((n - 1) * s - p, y.shape[-1] - 1) + 1)   # t + p in [k - 1, (n - 1) s]
    assert len(inside) >= s
    for m, q in itertools.product(inside, repeat=2):
        np.testing.assert_allclose(y[:, m, q], tile[:, m % s, q % s], atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(r=st.integers(2, 3), h=st.integers(1, 4), wd=st.integers(1, 4), seed=st.integers(0, 10**6))
def test_pooling_gradients_are_repetition_and_max_unpooling(r, h, wd, seed):
    """Section 1: the gradient of r x r sum pooling is nearest repetition of the upstream gradient; that of max
    pooling is max-unpooling at the argmax, which is zero insertion only when every maximum sits top-left."""
    rng = np.random.default_rng(seed)
    g = _t((rng.integers(1, 6, (1, 1, h, wd)) * rng.choice([-1, 1], (1, 1, h, wd))).astype(np.float64))  # exact, no 0
    z = _t(rng.permutation(h * r * wd * r).reshape(1, 1, h * r, wd * r).astype(np.float64)).requires_grad_()
    (sum_grad,) = torch.autograd.grad(F.avg_pool2d(z, r) * r * r, z, g)
    np.testing.assert_array_equal(sum_grad[0, 0].numpy(), nearest_repeat(g[0, 0].numpy(), r))
    (max_grad,) = torch.autograd.grad(F.max_pool2d(z, r), z, g)
    _, idx = F.max_pool2d(z, r, return_indices=True)
    np.testing.assert_array_equal(max_grad.numpy(), F.max_unpool2d(g, idx, r).numpy())
    corner = np.pad(helpers.zero_insert(g[0, 0].numpy(), r), ((0, r - 1), (0, r - 1)))
    top_left = bool(np.all(idx.numpy() == np.arange(h)[:, None] * r * (wd * r) + np.arange(wd) * r))
    assert np.array_equal(max_grad[0, 0].numpy(), corner) == top_left
    z2 = z.detach().clone()
    z2[..., ::r, ::r] += 10.0 * h * r * wd * r                     # plant every maximum in its top-left corner
    z2.requires_grad_()
    (max_grad,) = torch.autograd.grad(F.max_pool2d(z2, r), z2, g)
    np.testing.assert_array_equal(max_grad[0, 0].numpy(), corner)
