"""Lesson 07: the convolution-matrix widget's compute and draw functions; V, im2col and col2im against PyTorch,
TensorFlow and Keras on random configurations (hypothesis: the grids the lesson used to run); the exercises'
references and half-right answers."""

import itertools
import os
import statistics

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_rgb

import helpers
from helpers.exercises import l07_transposed_conv_as_matrix as ex
from helpers.figures import l07_transposed_conv_as_matrix as w
from helpers.style import PALETTE
from helpers.widgets import render

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

SETTINGS = [(n, k, s, p) for n, k, s, p in itertools.product(range(1, 7), range(1, 4), range(1, 3), range(2))
            if n + 2 * p >= k]


def test_documented_examples():
    g = helpers.conv.conv_matrix_ids(3, 2)
    assert g["valid"] and g["shape"] == (4, 9) and g["nnz"] == 16 and g["out"] == 2
    assert g["ids"][0].tolist() == [0, 1, -1, 2, 3, -1, -1, -1, -1]
    r = helpers.conv.pixel_reads(4, 3, 1, 0, 3)
    assert r["position"] == (1, 1) and r["start"] == (1, 1)
    assert r["row_ids"][1:, 1:].tolist() == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    assert w._weight_label(0, 1) == "w01" and w._weight_label(10, 2) == "w10,2"


def test_the_colours_are_okabe_ito_plus_grey_and_all_distinct():
    assert len(set(w.WEIGHT_COLOURS)) == 9
    assert set(w.WEIGHT_COLOURS) - set(PALETTE.values()) == {"#999999"}
    assert {w._weight_colour(a, b) for a in range(3) for b in range(3)} == set(w.WEIGHT_COLOURS)
    assert w._weight_colour(1, 1) == PALETTE["blue"]          # a tap keeps its colour for every kernel size


@pytest.mark.parametrize("n, k, s, p", SETTINGS)
def test_ids_say_which_weight_each_entry_of_V_holds(n, k, s, p):
    g = helpers.conv.conv_matrix_ids(n, k, s, p)
    K = np.random.default_rng(n * 100 + k * 10 + s + p).uniform(1, 2, (k, k))   # no zero weights
    V = helpers.conv_matrix(K, (n, n), stride=s, padding=p)
    assert g["shape"] == V.shape and g["out"] == helpers.conv_output_size(n, k, s, p)
    np.testing.assert_array_equal(np.where(g["ids"] >= 0, K.ravel()[g["ids"]], 0.0), V)
    assert g["nnz"] == np.count_nonzero(V) and g["density"] == pytest.approx(np.count_nonzero(V) / V.size)
    np.testing.assert_array_equal(g["rows"] * k + g["cols"], np.where(g["ids"] >= 0, g["ids"], -k - 1))


def test_an_invalid_setting_gives_a_message_not_an_error():
    g = helpers.conv.conv_matrix_ids(1, 3, 1, 0)
    assert not g["valid"] and "does not fit" in g["message"] and g["ids"].size == 0
    with pytest.raises(ValueError, match="does not fit"):
        helpers.conv.pixel_reads(1, 3, 1, 0, 0)
    fig = render(w.draw_conv_matrix, figsize=(11, 6.8), n=1, k=3)
    assert "does not fit" in fig._suptitle.get_text()
    plt.close(fig)


@pytest.mark.parametrize(
    "kwargs, error",
    [({"n": 0, "k": 1}, ValueError), ({"n": 3, "k": 0}, ValueError), ({"n": 3, "k": 1, "stride": 0}, ValueError),
     ({"n": 3, "k": 1, "padding": -1}, ValueError), ({"n": 3.0, "k": 1}, TypeError)],
)
def test_bad_arguments_are_rejected(kwargs, error):
    with pytest.raises(error):
        helpers.conv.conv_matrix_ids(**kwargs)


@pytest.mark.parametrize("n, k, s, p", SETTINGS[::3])
def test_pixel_reads_is_the_row_of_V(n, k, s, p):
    g = helpers.conv.conv_matrix_ids(n, k, s, p)
    for pixel in range(g["shape"][0]):
        r = helpers.conv.pixel_reads(n, k, s, p, pixel)
        inside = {(i, j): a * k + b for a, b, i, j, ok in r["taps"] if ok}
        row = g["ids"][pixel].reshape(n, n)
        np.testing.assert_array_equal(r["row_ids"], row)
        assert {tuple(map(int, c)): int(row[tuple(c)]) for c in np.argwhere(row >= 0)} == inside
        assert len(r["taps"]) == k * k
    for pixel in (-1, g["shape"][0]):                                      # outside [0, out * out)
        with pytest.raises(ValueError, match="pixel must be"):
            helpers.conv.pixel_reads(n, k, s, p, pixel)


def test_ids_to_rgb_paints_weights_and_leaves_zeros_white():
    ids = np.array([[0, -1], [8, 4]])
    rgb = w._ids_to_rgb(ids, 3)
    assert rgb.shape == (2, 2, 3)
    np.testing.assert_allclose(rgb[0, 1], 1.0)
    np.testing.assert_allclose(rgb[0, 0], to_rgb(PALETTE["orange"]))
    np.testing.assert_allclose(rgb[1, 0], to_rgb(PALETTE["black"]))
    np.testing.assert_allclose(rgb[1, 1], to_rgb(PALETTE["blue"]))


def test_draw_matrix_pair_labels_every_non_zero():
    fig = render(w.draw_matrix_pair, figsize=(10, 7.4), n=4, k=3)
    v_ax, vt_ax = fig.axes[0], fig.axes[1]
    g = helpers.conv.conv_matrix_ids(4, 3)
    assert len(fig.axes) == 5
    assert len([t for t in v_ax.texts if t.get_text().startswith("w")]) == g["nnz"] == 36
    assert len(vt_ax.texts) == 36
    assert [t.get_text() for t in v_ax.get_yticklabels()] == ["y00", "y01", "y10", "y11"]
    assert [t.get_text() for t in vt_ax.get_xticklabels()] == ["y00", "y01", "y10", "y11"]
    assert v_ax.get_xticklabels()[5].get_text() == "x11"
    np.testing.assert_allclose(v_ax.images[0].get_array(), w._ids_to_rgb(g["ids"], 3))
    np.testing.assert_allclose(vt_ax.images[0].get_array(), w._ids_to_rgb(g["ids"].T, 3))
    assert "4 x 16" in v_ax.get_title() and "16 x 4" in vt_ax.get_title()
    plt.close(fig)


def _cell_colour(pixels, corner, cell, r, c):
    x0, y0 = corner
    dy = 0.2 if cell >= 20 else 0.5          # big cells carry a centred label: sample above it, below the outline
    return pixels[int(y0 + (r + dy) * cell), int(x0 + (c + 0.5) * cell)]


@pytest.mark.parametrize("n, k, s, p, pixel", [(4, 3, 1, 0, 3), (5, 3, 2, 1, 4), (6, 1, 1, 1, 0), (6, 3, 1, 1, 14),
                                               (3, 2, 1, 0, 2)])
def test_draw_conv_matrix_paints_V_and_its_transpose(n, k, s, p, pixel):
    fig = render(w.draw_conv_matrix, figsize=(11, 6.8), n=n, k=k, stride=s, padding=p, pixel=pixel)
    g = w.draw_conv_matrix(plt.figure(figsize=(11, 6.8)), n=n, k=k, stride=s, padding=p, pixel=pixel)
    lay, ids = g["layout"], g["ids"]
    px, cell = lay["pixels"], lay["cell"]
    rgb = w._ids_to_rgb(ids, k)
    rows, cols = ids.shape
    for c in range(cols):                        # the picked row in full colour, in V and in V^T
        np.testing.assert_allclose(_cell_colour(px, lay["V"], cell, pixel, c), rgb[pixel, c], atol=0.01)
        np.testing.assert_allclose(_cell_colour(px, lay["VT"], cell, c, pixel), rgb[pixel, c], atol=0.01)
    other = (pixel + 1) % rows
    faded = _cell_colour(px, lay["V"], cell, other, int(np.argmax(ids[other] >= 0)))
    if rows > 1 and (ids[other] >= 0).any():     # the other rows are faded towards white
        assert faded.mean() > rgb[other, int(np.argmax(ids[other] >= 0))].mean()
    # the blocks do not overlap: V^T starts right of V and the key row below V
    assert lay["VT"][0] >= lay["V"][0] + cols * cell and lay["kernel"][1] > lay["V"][1] + rows * cell
    assert lay["VT"][1] + cols * cell <= px.shape[0] and lay["VT"][0] + rows * cell <= px.shape[1]
    fig.canvas.draw()                            # the picture is drawn unscaled, pixel for pixel
    shown = np.asarray(fig.canvas.buffer_rgba())[..., :3] / 255.0
    assert shown.shape == px.shape == (680, 1100, 3)
    np.testing.assert_allclose(shown, px, atol=0.5 / 255 + 1e-6)
    plt.close("all")


def test_glyphs_are_cached_and_have_ink():
    a = w._glyph("w01", 12.0)
    assert a.shape[0] > 5 and a.shape[1] > 10 and a.max() > 0.9
    assert w._glyph("w01", 12.0) is a


def test_widget_builds_follows_the_output_size_and_redraws_fast():
    box = w.conv_matrix_widget()
    c = box.controls
    assert set(c) == {"n", "k", "stride", "padding", "pixel"}
    assert c["pixel"].max == 3                    # 4x4 input, 3x3 kernel: 2x2 output
    c["padding"].value = 1
    assert c["pixel"].max == 15
    c["pixel"].value = 15
    c["padding"].value = 0                        # the output shrinks: the pixel is clamped
    assert c["pixel"].max == 3 and c["pixel"].value == 3
    for values in [{"n": 6}, {"k": 1}, {"padding": 1}, {"stride": 2}, {"pixel": 5}, {"n": 3, "k": 3}]:
        for name, value in values.items():
            c[name].value = value
            assert c[name].value == value
    c["n"].value, c["k"].value, c["stride"].value, c["padding"].value = 6, 1, 1, 1   # 64 x 36, the largest V
    largest = statistics.median([box.update() for _ in range(5)])
    c["n"].value, c["k"].value, c["stride"].value, c["padding"].value, c["pixel"].value = 4, 3, 1, 0, 3
    default = statistics.median([box.update() for _ in range(5)])
    print(f"w07 widget redraw median: default {default * 1000:.1f} ms, largest {largest * 1000:.1f} ms")
    plt.close("all")


# ------------------------------------------------------------------ V, im2col and col2im against the frameworks


def _torch():
    import torch
    import torch.nn.functional as F

    return torch, F


@st.composite
def conv_configs(draw, max_channels=3):
    """(N, C_in, C_out, H, W, k, s, p) with the kernel fitting in the padded input."""
    k = draw(st.integers(1, 4))
    s = draw(st.integers(1, 3))
    p = draw(st.integers(0, 2))
    H = draw(st.integers(max(1, k - 2 * p), 8))
    W = draw(st.integers(max(1, k - 2 * p), 8))
    n = draw(st.integers(1, 2))
    c_in, c_out = draw(st.integers(1, max_channels)), draw(st.integers(1, max_channels))
    return n, c_in, c_out, H, W, k, s, p


def _restoring_output_padding(H, W, k, s, p):
    return (H + 2 * p - k) % s, (W + 2 * p - k) % s


@settings(max_examples=60, deadline=None)
@given(conv_configs(max_channels=1), st.integers(0, 2**32 - 1))
def test_V_and_its_transpose_equal_torch_and_keras(cfg, seed):
    """The lesson's sections 2.2 and 2.3 on random settings: V x == F.conv2d == Keras Conv2D, V^T y ==
    F.conv_transpose2d (with the restoring output_padding) == Keras Conv2DTranspose."""
    import keras

    torch, F = _torch()
    _, _, _, H, W, k, s, p = cfg
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((1, 1, k, k))
    x = rng.standard_normal((1, 1, H, W))
    V = helpers.conv_matrix(w[0, 0], (H, W), stride=s, padding=p)
    Ho, Wo = helpers.conv_output_size(H, k, s, p), helpers.conv_output_size(W, k, s, p)
    assert V.shape == (Ho * Wo, H * W)
    y = V @ x.ravel()
    by_torch = F.conv2d(torch.from_numpy(x), torch.from_numpy(w), stride=s, padding=p).numpy()
    np.testing.assert_allclose(y, by_torch.ravel(), atol=1e-12)
    layer = keras.layers.Conv2D(1, k, strides=s, use_bias=False,
                                kernel_initializer=keras.initializers.Constant(helpers.torch_conv_to_keras(w)))
    padded = keras.layers.ZeroPadding2D(p)(helpers.nchw_to_nhwc(x.astype(np.float32)))
    by_keras = keras.ops.convert_to_numpy(layer(padded))
    np.testing.assert_allclose(by_keras.ravel(), y, rtol=1e-4, atol=1e-4)

    g = rng.standard_normal((1, 1, Ho, Wo))
    a = _restoring_output_padding(H, W, k, s, p)
    z = V.T @ g.ravel()
    by_torch = F.conv_transpose2d(torch.from_numpy(g), torch.from_numpy(w), stride=s, padding=p, output_padding=a)
    np.testing.assert_allclose(z, by_torch.numpy().ravel(), atol=1e-12)
    tlayer = keras.layers.Conv2DTranspose(1, k, strides=s, use_bias=False,
                                          kernel_initializer=keras.initializers.Constant(helpers.torch_to_keras_kernel(w)))
    valid = keras.ops.convert_to_numpy(tlayer(helpers.nchw_to_nhwc(g.astype(np.float32))))
    by_keras = helpers.keras_valid_to_torch(valid, (Ho, Wo), (k, k), s, p, a)
    np.testing.assert_allclose(by_keras.ravel(), z, rtol=1e-4, atol=1e-4)


@settings(max_examples=60, deadline=None)
@given(conv_configs(), st.integers(0, 2**32 - 1))
def test_input_gradient_is_the_transposed_convolution_in_torch_and_tensorflow(cfg, seed):
    """Section 5 on random settings: x.grad (PyTorch) == tape.gradient (TensorFlow) == conv_transpose2d(g, w)."""
    import tensorflow as tf

    torch, F = _torch()
    n, c_in, c_out, H, W, k, s, p = cfg
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((c_out, c_in, k, k))
    x = torch.from_numpy(rng.standard_normal((n, c_in, H, W))).requires_grad_()
    y = F.conv2d(x, torch.from_numpy(w), stride=s, padding=p)
    g = rng.standard_normal(tuple(y.shape))
    y.backward(torch.from_numpy(g))
    a = _restoring_output_padding(H, W, k, s, p)
    expected = helpers.conv_transpose2d(g, w, stride=s, padding=p, output_padding=a)
    np.testing.assert_allclose(x.grad.numpy(), expected, atol=1e-10)
    xt = tf.constant(helpers.nchw_to_nhwc(x.detach().numpy()))
    with tf.GradientTape() as tape:
        tape.watch(xt)
        yt = tf.nn.conv2d(xt, helpers.torch_conv_to_keras(w), strides=s, padding=[[0, 0], [p, p], [p, p], [0, 0]])
    grad = tape.gradient(yt, xt, output_gradients=tf.constant(helpers.nchw_to_nhwc(g)))
    np.testing.assert_allclose(helpers.nhwc_to_nchw(grad.numpy()), expected, atol=1e-10)


def _tf_patches_as_unfold(x, k, s, p, dilation=1):
    """tf.image.extract_patches on the zero-padded input, reordered to F.unfold's (N, C*k*k, L)."""
    import tensorflow as tf

    n, c = x.shape[:2]
    padded = tf.pad(helpers.nchw_to_nhwc(x), [[0, 0], [p, p], [p, p], [0, 0]])
    patches = tf.image.extract_patches(padded, [1, k, k, 1], [1, s, s, 1], [1, dilation, dilation, 1], "VALID").numpy()
    ho, wo = patches.shape[1:3]
    return patches.reshape(n, ho, wo, k, k, c).transpose(0, 5, 3, 4, 1, 2).reshape(n, c * k * k, ho * wo)


@settings(max_examples=80, deadline=None)
@given(conv_configs(), st.integers(1, 2), st.integers(0, 2**32 - 1))
def test_im2col_equals_unfold_and_extract_patches(cfg, dilation, seed):
    import keras

    torch, F = _torch()
    n, c_in, _, H, W, k, s, p = cfg
    if H + 2 * p < dilation * (k - 1) + 1 or W + 2 * p < dilation * (k - 1) + 1:
        return
    x = np.random.default_rng(seed).standard_normal((n, c_in, H, W))
    cols = helpers.im2col(x, k, stride=s, padding=p, dilation=dilation)
    by_torch = F.unfold(torch.from_numpy(x), k, dilation=dilation, padding=p, stride=s).numpy()
    np.testing.assert_array_equal(cols, by_torch)
    np.testing.assert_array_equal(cols, _tf_patches_as_unfold(x, k, s, p, dilation))
    extract = getattr(keras.ops.image, "extract_patches", None)
    if extract is not None and (s == 1 or dilation == 1):    # Keras's TF path refuses stride and dilation > 1 together
        padded = np.pad(helpers.nchw_to_nhwc(x), ((0, 0), (p, p), (p, p), (0, 0)))
        got = keras.ops.convert_to_numpy(extract(padded, (k, k), strides=(s, s), dilation_rate=dilation,
                                                 padding="valid"))
        ho, wo = got.shape[1:3]
        got = got.reshape(n, ho, wo, k, k, c_in).transpose(0, 5, 3, 4, 1, 2).reshape(cols.shape)
        np.testing.assert_allclose(got, cols, atol=1e-6)


@settings(max_examples=80, deadline=None)
@given(conv_configs(), st.integers(1, 2), st.integers(0, 2**32 - 1))
def test_col2im_equals_fold_is_the_transpose_of_im2col_and_the_gradient_of_extract_patches(cfg, dilation, seed):
    import tensorflow as tf

    torch, F = _torch()
    n, c_in, _, H, W, k, s, p = cfg
    if H + 2 * p < dilation * (k - 1) + 1 or W + 2 * p < dilation * (k - 1) + 1:
        return
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, c_in, H, W))
    cols = helpers.im2col(x, k, stride=s, padding=p, dilation=dilation)
    c = rng.standard_normal(cols.shape)
    back = helpers.col2im(c, (H, W), k, stride=s, padding=p, dilation=dilation)
    np.testing.assert_allclose(back, F.fold(torch.from_numpy(c), (H, W), k, dilation=dilation, padding=p,
                                            stride=s).numpy(), atol=1e-12)
    assert np.isclose(np.vdot(cols, c), np.vdot(x, back))                      # the transpose
    xt = tf.constant(helpers.nchw_to_nhwc(x))
    with tf.GradientTape() as tape:
        tape.watch(xt)
        padded = tf.pad(xt, [[0, 0], [p, p], [p, p], [0, 0]])
        patches = tf.image.extract_patches(padded, [1, k, k, 1], [1, s, s, 1], [1, dilation, dilation, 1], "VALID")
    ho, wo = patches.shape[1:3]
    upstream = c.reshape(n, c_in, k, k, ho, wo).transpose(0, 4, 5, 2, 3, 1).reshape(n, ho, wo, k * k * c_in)
    grad = tape.gradient(patches, xt, output_gradients=tf.constant(upstream)).numpy()
    np.testing.assert_allclose(helpers.nhwc_to_nchw(grad), back, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(conv_configs(), st.integers(0, 2**32 - 1))
def test_convolution_is_im2col_then_gemm_and_the_transpose_is_gemm_then_col2im(cfg, seed):
    import keras

    torch, F = _torch()
    n, c_in, c_out, H, W, k, s, p = cfg
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, c_in, H, W))
    w = rng.standard_normal((c_out, c_in, k, k))
    Ho, Wo = helpers.conv_output_size(H, k, s, p), helpers.conv_output_size(W, k, s, p)
    y = (w.reshape(c_out, -1) @ helpers.im2col(x, k, stride=s, padding=p)).reshape(n, c_out, Ho, Wo)
    np.testing.assert_allclose(y, F.conv2d(torch.from_numpy(x), torch.from_numpy(w), stride=s, padding=p).numpy(),
                               atol=1e-10)
    g = rng.standard_normal(y.shape)
    a = _restoring_output_padding(H, W, k, s, p)
    back = helpers.col2im(w.reshape(c_out, -1).T @ g.reshape(n, c_out, -1), (H, W), k, stride=s, padding=p)
    by_torch = F.conv_transpose2d(torch.from_numpy(g), torch.from_numpy(w), stride=s, padding=p, output_padding=a)
    np.testing.assert_allclose(back, by_torch.numpy(), atol=1e-10)
    layer = keras.layers.Conv2DTranspose(c_in, k, strides=s, use_bias=False,
                                         kernel_initializer=keras.initializers.Constant(helpers.torch_to_keras_kernel(w)))
    valid = keras.ops.convert_to_numpy(layer(helpers.nchw_to_nhwc(g.astype(np.float32))))
    by_keras = helpers.nhwc_to_nchw(helpers.keras_valid_to_torch(valid, (Ho, Wo), (k, k), s, p, a))
    np.testing.assert_allclose(back, by_keras, rtol=1e-4, atol=1e-4)


def test_im2col_and_col2im_documented_examples_and_dtypes():
    np.testing.assert_array_equal(helpers.im2col(np.arange(9.0).reshape(1, 1, 3, 3), 2)[0],
                                  [[0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]])
    np.testing.assert_array_equal(helpers.col2im(np.ones((1, 4, 4)), (3, 3), 2)[0, 0],
                                  [[1, 2, 1], [2, 4, 2], [1, 2, 1]])
    assert helpers.im2col(np.ones((1, 1, 3, 3), np.float32), 2).dtype == np.float32
    assert helpers.im2col(np.ones((1, 1, 3, 3), np.int64), 2).dtype == np.float64
    assert helpers.im2col(np.ones((2, 3, 5, 4)), (3, 2), stride=(2, 1), padding=(1, 0)).shape == (2, 18, 3 * 3)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: helpers.im2col(np.ones((3, 3)), 2), ValueError, "x"),
        (lambda: helpers.im2col(np.ones((1, 1, 2, 2)), 3), ValueError, "larger than the padded input"),
        (lambda: helpers.im2col(np.ones((1, 1, 3, 3)), 0), ValueError, "kernel_size"),
        (lambda: helpers.im2col(np.ones((1, 1, 3, 3)), 2, stride=0), ValueError, "stride"),
        (lambda: helpers.im2col(np.ones((1, 1, 3, 3)), 2, padding=-1), ValueError, "padding"),
        (lambda: helpers.im2col(np.ones((1, 1, 3, 3)), 2.0), TypeError, "kernel_size"),
        (lambda: helpers.col2im(np.ones((1, 4, 4)), (3, 3, 1), 2), ValueError, "output_size"),
        (lambda: helpers.col2im(np.ones((1, 5, 4)), (3, 3), 2), ValueError, "rows"),
        (lambda: helpers.col2im(np.ones((1, 4, 5)), (3, 3), 2), ValueError, "windows"),
        (lambda: helpers.col2im(np.ones((4, 4)), (3, 3), 2), ValueError, "cols"),
        (lambda: helpers.col2im(np.ones((1, 4, 4)), (0, 3), 2), ValueError, "output_size"),
    ],
)
def test_im2col_and_col2im_validate_their_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_im2col_col2im_figure_draws_the_lessons_numbers():
    fig = plt.figure(figsize=(11, 7.2))
    parts = w.draw_im2col_col2im(fig)
    assert len(fig.axes) == 8
    np.testing.assert_array_equal(parts["y"], [[27, 37], [57, 67]])
    np.testing.assert_array_equal(parts["out"], helpers.conv_transpose2d(parts["g"][None, None],
                                                                          parts["K"][None, None])[0, 0])
    np.testing.assert_array_equal(parts["counts"], [[1, 2, 1], [2, 4, 2], [1, 2, 1]])
    anti = [parts["spread"][3 - i, i] for i in range(4)]                      # the outlined entries: the centre
    assert sum(anti) == parts["out"][1, 1] == 20
    plt.close(fig)
    with pytest.raises(ValueError, match="3x3"):
        w.draw_im2col_col2im(plt.figure(), x=np.ones((4, 4)))
    plt.close("all")


# ------------------------------------------------------------------------------------------------ exercises


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.integers(0, 2), st.integers(1, 3),
       st.integers(0, 2**32 - 1))
def test_exercise_conv_matrix_dilated_equals_torch(kh, kw, s, p, d, seed):
    torch, F = _torch()
    rng = np.random.default_rng(seed)
    H = int(rng.integers(max(1, d * (kh - 1) + 1 - 2 * p), 8))
    W = int(rng.integers(max(1, d * (kw - 1) + 1 - 2 * p), 8))
    K, x = rng.standard_normal((kh, kw)), rng.standard_normal((H, W))
    V = ex.conv_matrix_dilated(K, (H, W), s, p, d)
    expected = F.conv2d(torch.from_numpy(x)[None, None], torch.from_numpy(K)[None, None], stride=s, padding=p,
                        dilation=d).numpy().ravel()
    np.testing.assert_allclose(V @ x.ravel(), expected, atol=1e-12)
    if d == 1:
        np.testing.assert_array_equal(V, helpers.conv_matrix(K, (H, W), s, p))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 3), st.integers(0, 2), st.integers(0, 2**32 - 1))
def test_exercise_col2im_equals_fold(k, s, p, seed):
    torch, F = _torch()
    rng = np.random.default_rng(seed)
    H, W = int(rng.integers(max(1, k - 2 * p), 9)), int(rng.integers(max(1, k - 2 * p), 9))
    L = helpers.conv_output_size(H, k, s, p) * helpers.conv_output_size(W, k, s, p)
    cols = rng.standard_normal((k * k, L))
    expected = F.fold(torch.from_numpy(cols)[None], (H, W), k, padding=p, stride=s).numpy()[0, 0]
    np.testing.assert_allclose(ex.col2im(cols, (H, W), k, s, p), expected, atol=1e-12)
    np.testing.assert_allclose(helpers.col2im(cols[None], (H, W), k, s, p)[0, 0], expected, atol=1e-12)


def test_every_wrong_answer_fails_with_its_own_hint():
    from helpers import checks
    from helpers.checks import FAILED, check

    for name in ("conv_matrix_dilated", "col2im"):
        e = checks.get_exercise(name)
        assert check(name, e.reference, verbose=False).passed
        for hint, wrong in e.wrong_answers.items():
            result = check(name, wrong, verbose=False)
            assert result.status == FAILED and result.hint == hint, hint[:60]
    checks.reset()


def test_value_answers_are_what_the_library_computes():
    from helpers import checks

    assert checks.get_exercise("unfold_shape").expected_value() == (2, 27, 12)
    assert checks.get_exercise("conv_matrix_nonzeros").expected_value() == 19 * 19
