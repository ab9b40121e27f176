"""Lesson 13: the cost widget's compute and draw functions (fast, analytic, no torch/tensorflow), the exercise
references against the frameworks, and the lesson's claims: nearest + conv is a cheaper tied transposed conv
(PyTorch, NumPy, Keras), intensity grows with C, Grappler folds a constant gradient, the meta-device loophole."""

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.exercises import l13_speed_and_memory as ex
from helpers.figures import l13_speed_and_memory as w
from helpers.measure import LABELS, METHODS, cost
from helpers.widgets import render


def test_documented_example():
    b = w._cost_bars(1, 8, 4)
    assert b["methods"][0] == "nearest" and int(b["macs"][0]) == 0 and int(b["bytes"][0]) == 2560


@pytest.mark.parametrize("batch, channels, size, dtype",
                         list(itertools.product((1, 8), (8, 64), (16, 64), ("float32", "float16"))))
def test_bars_are_the_cost_model(batch, channels, size, dtype):
    b = w._cost_bars(batch, channels, size, dtype)
    assert b["methods"] == METHODS and b["labels"] == [LABELS[m] for m in METHODS]
    assert b["shape"] == (batch, channels, size, size)
    for i, m in enumerate(METHODS):
        c = cost(m, (batch, channels, size, size), w.DTYPES[dtype])
        assert (b["macs"][i], b["bytes"][i], b["params"][i]) == (c["macs"], c["bytes"], c["params"])
        assert b["ratio_bytes"][i] == pytest.approx(c["bytes"] / cost("nearest", b["shape"], w.DTYPES[dtype])["bytes"])
    assert b["ratio_bytes"][0] == 1.0 and np.isnan(b["ratio_macs"]).all()


def test_float16_halves_bytes_only():
    a, h = w._cost_bars(4, 32, 32, "float32"), w._cost_bars(4, 32, 32, "float16")
    np.testing.assert_array_equal(a["bytes"], 2 * h["bytes"])
    np.testing.assert_array_equal(a["macs"], h["macs"])


def test_colours_are_distinct_and_cover_every_method():
    assert set(w.METHOD_COLOURS) == set(METHODS) and len(set(w.METHOD_COLOURS.values())) == len(METHODS)


@pytest.mark.parametrize("channels, size", [(8, 16), (64, 64), (512, 256)])
def test_drawing_has_one_image_and_bars_in_proportion(channels, size):
    fig = render(w.draw_costs, figsize=(11, 3.6), batch=8, channels=channels, size=size)
    try:
        assert len(fig.axes) == 1 and len(fig.axes[0].images) == 1 and not fig.texts   # one painted image
        b = w.draw_costs(plt.figure(figsize=(11, 3.6)), batch=8, channels=channels, size=size)
        for key in ("macs", "bytes", "params"):
            lengths = np.array([length for k, m, x0, y0, length in b["layout"]["bars"] if k == key])
            values = b[key]
            if values.max() > 0:
                np.testing.assert_allclose(lengths / lengths.max(), values / values.max(), atol=1e-9)
        assert b["layout"]["pixels"].shape == (360, 1100, 3)
        assert b["layout"]["pixels"].min() < 0.1            # something dark was painted (text, bars)
    finally:
        plt.close("all")


def test_a_smaller_figure_scales_the_picture():
    b = w.draw_costs(plt.figure(figsize=(5.5, 1.8)))
    assert b["layout"]["pixels"].shape == (180, 550, 3)
    plt.close("all")


@pytest.mark.parametrize("kwargs, error", [({"batch": 0}, ValueError), ({"channels": 2.5}, TypeError),
                                           ({"size": -1}, ValueError), ({"dtype": "int8"}, ValueError)])
def test_bad_arguments_are_rejected(kwargs, error):
    with pytest.raises(error):
        w._cost_bars(**kwargs)


def test_the_widget_builds_and_redraws():
    box = w.costs_widget()
    assert set(box.controls) == {"batch", "channels", "size", "dtype"}
    box.controls["channels"].value = 128
    assert box.update() > 0 and box.image.value[:4] == b"\x89PNG"


def test_exercise_references_agree_with_the_frameworks():
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    layer = torch.nn.ConvTranspose2d(ex.P_IN, ex.P_OUT, ex.P_K, stride=2, padding=1)
    assert ex._tconv_params() == sum(p.numel() for p in layer.parameters())
    for (n, c_in, h, w_, c_out, k), (s, p, op) in itertools.product(
            [(1, 3, 4, 5, 2, 2), (2, 4, 3, 3, 6, 4), (1, 2, 5, 2, 3, 3)], [(2, 0, 0), (2, 1, 1), (1, 0, 0)]):
        if op >= s or (h - 1) * s - 2 * p + k + op < 1 or (w_ - 1) * s - 2 * p + k + op < 1:
            continue
        layer = torch.nn.ConvTranspose2d(c_in, c_out, k, stride=s, padding=p, output_padding=op)
        with FlopCounterMode(display=False) as counter:
            layer(torch.randn(n, c_in, h, w_))
        assert counter.get_total_flops() == 2 * ex.tconv_macs(n, c_in, h, w_, c_out, k)
    assert ex.tconv_macs(8, 64, 64, 64, 64, 4) == cost("tconv_k4s2p1", (8, 64, 64, 64))["conv_macs"]
    floor = ex._floor_us()
    assert floor == pytest.approx(cost("nearest", ex.F_SHAPE)["bytes"] / ex.F_BANDWIDTH * 1e6)


# ------------------------------------------------------------------ second edition (#14, #15): the lesson's claims


@settings(max_examples=30, deadline=None)
@given(k=st.integers(1, 5), r=st.integers(2, 3), data=st.data())
def test_nearest_conv_is_a_tied_transposed_conv(k, r, data):
    """Nearest x r then a k x k conv (padding p) == one stride-r transposed conv with the tied (k+r-1)^2 kernel,
    in PyTorch and NumPy; FlopCounterMode counts r^2 k^2 MACs per input pixel and channel pair for the first
    (on an output of r H x r W) and (k+r-1)^2 for the second, never more."""
    import torch
    import torch.nn.functional as F
    from torch.utils.flop_counter import FlopCounterMode

    from helpers.conv import nearest_conv_as_transposed, nearest_conv_kernel, nearest_conv_padding

    p = data.draw(st.integers(0, k - 1), label="padding")
    n, c_in, c_out = data.draw(st.integers(1, 2)), data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))
    h, w_ = data.draw(st.integers(k, 7)), data.draw(st.integers(k, 7))
    rng = np.random.default_rng(k * 100 + r * 10 + p)
    x, K = rng.standard_normal((n, c_in, h, w_)), rng.standard_normal((c_out, c_in, k, k))
    xt, Kt = torch.tensor(x), torch.tensor(K)
    Wt = torch.tensor(nearest_conv_kernel(K, r))
    with FlopCounterMode(display=False) as naive:
        y_naive = F.conv2d(F.interpolate(xt, scale_factor=r, mode="nearest"), Kt, padding=p)
    with FlopCounterMode(display=False) as tied:
        y_tied = F.conv_transpose2d(xt, Wt, stride=r, padding=nearest_conv_padding(k, p))
    np.testing.assert_allclose(y_tied.numpy(), y_naive.numpy(), atol=1e-10)
    np.testing.assert_allclose(nearest_conv_as_transposed(x, K, r, padding=p), y_naive.numpy(), atol=1e-10)
    oh, ow = y_naive.shape[-2:]
    assert naive.get_total_flops() == 2 * n * c_in * c_out * k * k * oh * ow
    assert tied.get_total_flops() == 2 * n * c_in * c_out * (k + r - 1) ** 2 * h * w_
    assert (k + r - 1) ** 2 <= r * r * k * k
    if 2 * p == k - 1:                                       # "same": output r H x r W
        assert (oh, ow) == (r * h, r * w_)
        assert naive.get_total_flops() == 2 * n * c_in * c_out * r * r * k * k * h * w_


@settings(max_examples=5, deadline=None)
@given(c_in=st.integers(1, 3), c_out=st.integers(1, 3), hw=st.tuples(st.integers(3, 6), st.integers(3, 6)))
def test_the_tied_transposed_conv_matches_keras_upsample_then_conv(c_in, c_out, hw):
    """The lesson's case in Keras: UpSampling2D + Conv2D(3, "same") == PyTorch's tconv k4 s2 p1 with the tied kernel."""
    import keras
    import torch
    import torch.nn.functional as F

    from helpers.conv import nearest_conv_kernel

    rng = np.random.default_rng(sum(hw) + 10 * c_in + c_out)
    x, K = rng.standard_normal((1, c_in, *hw)).astype(np.float32), rng.standard_normal((c_out, c_in, 3, 3))
    model = keras.Sequential([keras.layers.UpSampling2D(2), keras.layers.Conv2D(c_out, 3, padding="same",
                                                                                use_bias=False)])
    model.build((None, *hw, c_in))
    model.layers[1].kernel.assign(K.transpose(2, 3, 1, 0).astype(np.float32))
    y_keras = np.asarray(model(x.transpose(0, 2, 3, 1))).transpose(0, 3, 1, 2)
    y_tied = F.conv_transpose2d(torch.tensor(x), torch.tensor(nearest_conv_kernel(K, 2), dtype=torch.float32),
                                stride=2, padding=1).numpy()
    np.testing.assert_allclose(y_tied, y_keras, atol=1e-4)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 16), hw=st.integers(1, 128), dtype_bytes=st.sampled_from([2, 4]))
def test_nearest_conv3_intensity_grows_with_channels(n, hw, dtype_bytes):
    """Section 1: each output number costs 9C MACs and is written once, so the intensity grows with C."""
    values = [cost("nearest_conv3", (n, c, hw, hw), dtype_bytes)["intensity"] for c in (1, 2, 8, 32, 128, 512, 2048)]
    assert all(a < b for a, b in zip(values, values[1:]))
    assert cost("bilinear", (n, 8, hw, hw), dtype_bytes)["intensity"] * dtype_bytes / 4 < 2


def test_grappler_folds_the_constant_gradient_and_keeps_the_honest_step():
    """Section 3.4: after Grappler, nothing reads x in the step whose output is a constant; the honest step keeps x."""
    import tensorflow as tf

    from helpers.measure import grappler_nodes, keras_layer

    def steps(model):
        @tf.function
        def folded(x):
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = model(x)
            return tape.gradient(y, x)

        @tf.function
        def honest(x, upstream):
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = model(x)
            return y, tape.gradient(y, x, output_gradients=upstream)

        return folded, honest

    for method, (n, h, w_, c) in itertools.product(("nearest", "tconv_k2s2"), [(1, 4, 5, 3), (2, 8, 8, 2)]):
        folded, honest = steps(keras_layer(method, c, input_hw=(h, w_)))
        x, up = tf.ones((n, h, w_, c)), tf.ones((n, 2 * h, 2 * w_, c))
        folded_nodes = grappler_nodes(folded, x)
        assert not any("x" in inputs for _, _, inputs in folded_nodes), method
        honest_nodes = grappler_nodes(honest, x, up)
        assert any("x" in inputs for _, _, inputs in honest_nodes), method
    doubled = tf.function(lambda x: tf.reduce_sum(x * 2.0))
    assert "Mul" in {op for op, _, _ in grappler_nodes(doubled, tf.zeros((2, 3)))}
    with pytest.raises(TypeError, match="fn"):
        grappler_nodes(lambda x: x, tf.zeros(2))


def test_the_macs_check_refuses_a_measurement_on_the_meta_device():
    """#15: the exercise's BEYOND_INT64 case defeats FlopCounterMode on the meta device (PyTorch refuses a tensor
    whose byte size overflows int64) and NumPy's int64 arithmetic, while the derived count is exact."""
    assert ex._measured_on_meta(*ex.HUGE) == ex.tconv_macs(*ex.HUGE)               # meta handles 10^15 elements
    with pytest.raises(RuntimeError):
        ex._measured_on_meta(*ex.BEYOND_INT64)
    assert ex.tconv_macs(*ex.BEYOND_INT64) == 10**24 * 64 * 16
    assert ex._numpy_int64(*ex.BEYOND_INT64) != ex.tconv_macs(*ex.BEYOND_INT64)
    assert ex._numpy_int64(*ex.HUGE) == ex.tconv_macs(*ex.HUGE)
