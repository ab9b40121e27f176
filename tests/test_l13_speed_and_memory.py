"""Lesson 13: the cost widget's compute and draw functions (fast, analytic, no torch/tensorflow), and the
exercise references against the frameworks."""

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest

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
