"""Lesson 05: the scatter-add widget's compute and draw functions, and the exercise references against
helpers, PyTorch and TensorFlow/Keras."""

import itertools
import os

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_rgb

import helpers
from helpers.exercises import l05_transposed_conv_scatter_add as ex
from helpers.figures import l05_transposed_conv_scatter_add as w
from helpers.style import PALETTE
from helpers.widgets import render

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

D2L = np.array([[0.0, 1.0], [2.0, 3.0]])
WIDGET_SETTINGS = list(itertools.product(range(2, 5), range(1, 4), range(1, 4)))   # the sliders' ranges


def test_d2l_values():
    steps = helpers.conv.scatter_add_steps(D2L, D2L)
    np.testing.assert_array_equal(steps["result"], [[0, 0, 1], [0, 4, 6], [4, 12, 9]])
    np.testing.assert_array_equal(helpers.conv.scatter_add_steps(D2L, D2L, 2)["result"],
                                  [[0, 0, 0, 1], [0, 0, 2, 3], [0, 2, 0, 3], [4, 6, 6, 9]])
    assert steps["corners"] == [(0, 0), (0, 1), (1, 0), (1, 1)] and steps["shape"] == (3, 3)
    X, K = w._example_arrays(2, 2)
    np.testing.assert_array_equal(X, D2L)
    np.testing.assert_array_equal(K, D2L)
    np.testing.assert_array_equal(w._example_arrays(3, 1)[1], [[1.0]])


@pytest.mark.parametrize("h, wd, kh, kw, s", list(itertools.product(range(1, 4), range(1, 4), range(1, 4), range(1, 3),
                                                                    range(1, 4))))
def test_partials_sum_to_the_transposed_convolution(h, wd, kh, kw, s):
    rng = np.random.default_rng(h * 1000 + wd * 100 + kh * 10 + kw + s)
    X, K = rng.standard_normal((h, wd)), rng.standard_normal((kh, kw))
    steps = helpers.conv.scatter_add_steps(X, K, s)
    np.testing.assert_allclose(steps["result"], helpers.trans_conv(X, K, s), atol=1e-12)
    assert steps["partials"].shape == (h * wd, *steps["shape"])
    for t, ((i, j), corner) in enumerate(zip(steps["positions"], steps["corners"])):
        assert corner == (i * s, j * s)
        window = np.zeros(steps["shape"], dtype=bool)
        window[tuple(zip(*w._window_cells(corner, K.shape)))] = True
        np.testing.assert_array_equal(steps["partials"][t][window], (X[i, j] * K).ravel())
        assert not steps["partials"][t][~window].any()


@pytest.mark.parametrize("n, k, s", WIDGET_SETTINGS)
def test_step_state_running_sum(n, k, s):
    X, K = w._example_arrays(n, k)
    for element in range(n * n):
        state = w._step_state(n, k, s, element)
        done = np.arange(n * n).reshape(n, n) <= element          # elements 0..element, zeros for the rest
        expected = helpers.trans_conv(np.where(done, X, 0.0), K, s)
        np.testing.assert_allclose(state["running"], expected)
        assert state["position"] == divmod(element, n) and state["t"] == element
    np.testing.assert_allclose(w._step_state(n, k, s, n * n - 1)["running"], helpers.trans_conv(X, K, s))
    assert w._step_state(n, k, s, 10**6)["t"] == n * n - 1          # clamped
    assert w._step_state(n, k, s, -3)["t"] == 0


@pytest.mark.parametrize(
    "kwargs, error",
    [({"n": 0}, ValueError), ({"n": 7}, ValueError), ({"k": 0}, ValueError), ({"stride": 0}, ValueError),
     ({"n": 2.0}, TypeError), ({"element": 1.5}, TypeError)],
)
def test_bad_arguments_are_rejected(kwargs, error):
    with pytest.raises(error):
        w._step_state(**kwargs)


def test_scatter_add_steps_validates():
    with pytest.raises(ValueError):
        helpers.conv.scatter_add_steps(np.ones(3), np.ones((2, 2)))
    with pytest.raises(ValueError):
        helpers.conv.scatter_add_steps(np.ones((2, 2)), np.ones((2, 2)), 0)
    with pytest.raises(TypeError):
        helpers.conv.scatter_add_steps("x", np.ones((2, 2)))


def _pixel(px, corner, cell, r, c, dy=0.15):
    x0, y0 = corner
    return px[int(y0 + (r + dy) * cell), int(x0 + (c + 0.5) * cell)]


@pytest.mark.parametrize("n, k, s, element", [(2, 2, 1, 2), (3, 2, 2, 4), (4, 3, 2, 9), (4, 3, 3, 15), (3, 1, 3, 4)])
def test_draw_step_paints_written_cells_and_the_window(n, k, s, element):
    fig = plt.figure(figsize=w.FIGSIZE)
    st_ = w.draw_step(fig, n=n, k=k, stride=s, element=element)
    lay = st_["layout"]
    px, cell = lay["pixels"], lay["cell"]
    assert px.shape[:2] == (420, 1100)
    coverage = helpers.trans_conv(np.where(np.arange(n * n).reshape(n, n) <= element, 1.0, 0.0), np.ones((k, k)), s)
    np.testing.assert_array_equal(st_["written"], coverage > 0)
    ho, wo = st_["shape"]
    for r, c in itertools.product(range(ho), range(wo)):        # blank exactly where nothing was written yet
        blank = np.allclose(_pixel(px, lay["running"], cell, r, c), w.BLANK, atol=0.01)
        assert blank == (not st_["written"][r, c])
    r0, c0 = st_["corner"]                                        # the window's outline, in both output panels
    for name in ("partial", "running"):
        x0, y0 = lay[name]
        np.testing.assert_allclose(px[y0 + r0 * cell + 1, x0 + c0 * cell + cell // 2], to_rgb(PALETTE["vermillion"]))
    # grids do not overlap and fit in the figure
    xs = [lay[name][0] for name in ("X", "K", "partial", "running")]
    assert xs == sorted(xs) and xs[3] + wo * cell <= px.shape[1] and lay["running"][1] + ho * cell <= px.shape[0]
    assert len(fig.axes) == 1 and len(fig.axes[0].images) == 1 and not fig.texts   # one painted image
    plt.close(fig)


def test_draw_partials_figure():
    fig = render(w.draw_partials, figsize=(12, 2.7), X=D2L, K=D2L)
    assert len(fig.axes) == 5 + 4                      # 4 partials + result, 4 operator axes
    assert fig.axes[0].get_title().startswith("X[0,0]")
    plt.close(fig)
    with pytest.raises(ValueError, match="max_panels"):
        render(w.draw_partials, X=np.ones((4, 4)), K=D2L)
    plt.close("all")


def test_widget_builds_and_follows_n():
    box = w.scatter_step_widget()
    assert set(box.controls) == {"n", "k", "stride", "element"}
    box.controls["n"].value = 4
    assert box.controls["element"].max == 15
    assert box.update() > 0 and box.image.value[:4] == b"\x89PNG"
    plt.close("all")


# ------------------------------------------------------------------------------ the loop against the frameworks


def _keras_tconv(X, K, s, p):
    """Keras Conv2DTranspose("valid") + Cropping2D(p) on one channel; Keras's extra s - k zero rows (k < s) cropped."""
    import keras

    k = K.shape[0]
    layer = keras.layers.Conv2DTranspose(1, k, strides=s, use_bias=False,
                                         kernel_initializer=keras.initializers.Constant(K[:, :, None, None]))
    full = keras.ops.convert_to_numpy(layer(X[None, :, :, None].astype(np.float32)))[0, :, :, 0]
    extra = max(s - k, 0)
    assert not full[full.shape[0] - extra:].any() and not full[:, full.shape[1] - extra:].any()
    full = full[:full.shape[0] - extra, :full.shape[1] - extra]
    return full[p:full.shape[0] - p, p:full.shape[1] - p]


@settings(max_examples=60, deadline=None)
@given(st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(1, 4), st.integers(1, 3), st.integers(1, 4),
                 st.integers(0, 2), st.integers(0, 10**6)))
def test_loop_matches_helpers_and_frameworks(cfg):
    """The lesson's loop (helpers.trans_conv is the same code) == helpers.conv_transpose2d == PyTorch, with padding,
    non-square kernels and strides larger than the kernel; Keras (square kernels, float32) too."""
    import torch
    import torch.nn.functional as F

    h, wd, kh, kw, s, p, seed = cfg
    if (h - 1) * s + kh - 2 * p < 1 or (wd - 1) * s + kw - 2 * p < 1:
        return
    rng = np.random.default_rng(seed)
    X, K = rng.standard_normal((h, wd)), rng.standard_normal((kh, kw))
    Y = helpers.trans_conv(X, K, s, p)
    assert Y.shape == ((h - 1) * s + kh - 2 * p, (wd - 1) * s + kw - 2 * p)
    np.testing.assert_allclose(Y, helpers.conv_transpose2d(X[None, None], K[None, None], stride=s, padding=p)[0, 0],
                               atol=1e-12)
    by_torch = F.conv_transpose2d(torch.from_numpy(X)[None, None], torch.from_numpy(K)[None, None], stride=s, padding=p)
    np.testing.assert_allclose(Y, by_torch[0, 0].numpy(), atol=1e-12)
    Ks = rng.standard_normal((kh, kh))
    if (h - 1) * s + kh - 2 * p >= 1 and (wd - 1) * s + kh - 2 * p >= 1:
        np.testing.assert_allclose(_keras_tconv(X, Ks, s, p), helpers.trans_conv(X, Ks, s, p), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("k, s", list(itertools.product(range(1, 9), range(1, 6))))
def test_interior_coverage_is_even_exactly_when_s_divides_k(k, s):
    """Odena, Dumoulin & Olah (2016): uneven overlap when the kernel size is not divisible by the stride (2-D)."""
    n = k + 3
    counts = helpers.trans_conv(np.ones((n, n)), np.ones((k, k)), s)
    interior = counts[k - 1:(n - 1) * s + 1, k - 1:(n - 1) * s + 1]
    assert interior.size > 0
    assert (interior.min() == interior.max()) == (k % s == 0)


# ------------------------------------------------------------------------------ exercises


def test_exercise_references():
    np.testing.assert_array_equal(ex.trans_conv_dilated(D2L, D2L), helpers.trans_conv(D2L, D2L))
    np.testing.assert_array_equal(ex.trans_conv_dilated(D2L, D2L, 2), helpers.trans_conv(D2L, D2L, 2))
    assert ex.trans_conv_dilated(D2L, D2L, 1, 3).shape == (5, 5)
    assert ex._value() == 20.0 == helpers.trans_conv(ex.VALUE_X, ex.VALUE_K)[1, 1]
    assert ex._shape() == (5, 5)


configs = st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(1, 4), st.integers(1, 4), st.integers(1, 4),
                    st.integers(1, 3), st.integers(0, 10**6))


@settings(max_examples=30, deadline=None)
@given(configs)
def test_exercise_loop_equals_torch_and_helpers(cfg):
    import torch
    import torch.nn.functional as F

    h, wd, kh, kw, s, d, seed = cfg
    rng = np.random.default_rng(seed)
    X, K = rng.standard_normal((h, wd)), rng.standard_normal((kh, kw))
    Y = ex.trans_conv_dilated(X, K, s, d)
    np.testing.assert_allclose(Y, helpers.conv_transpose2d(X[None, None], K[None, None], stride=s, dilation=d)[0, 0],
                               atol=1e-12)
    by_torch = F.conv_transpose2d(torch.from_numpy(X)[None, None], torch.from_numpy(K)[None, None],
                                  stride=s, dilation=d)
    np.testing.assert_allclose(Y, by_torch[0, 0].numpy(), atol=1e-12)
    np.testing.assert_allclose(ex.trans_conv_dilated(X, K, s), helpers.conv.scatter_add_steps(X, K, s)["result"],
                               atol=1e-12)


@settings(max_examples=15, deadline=None)
@given(st.tuples(st.integers(1, 4), st.integers(1, 3), st.integers(1, 3), st.integers(0, 10**6)))
def test_exercise_loop_equals_tensorflow(cfg):
    """TensorFlow's CPU kernel runs no dilated transposed convolution: the dilated kernel is written out instead."""
    import tensorflow as tf

    h, k, s, seed = cfg
    rng = np.random.default_rng(seed)
    d = int(rng.integers(1, 4))
    X, K = rng.standard_normal((h, h)), rng.standard_normal((k, k))
    Y = ex.trans_conv_dilated(X, K, s, d)
    Kd = helpers.dilate_kernel(K, d)
    out = (h - 1) * s + Kd.shape[0]
    by_tf = tf.nn.conv2d_transpose(tf.constant(X[None, :, :, None]), tf.constant(Kd[:, :, None, None]),
                                   output_shape=(1, out, out, 1), strides=s, padding="VALID")
    np.testing.assert_allclose(Y, by_tf.numpy()[0, :, :, 0], atol=1e-10)
