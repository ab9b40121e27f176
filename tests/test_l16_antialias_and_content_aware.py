"""Lesson 16: the widget and figures, the exercise references, and the append-only additions to helpers.capstone
(CARAFE and DySample decoders) and helpers.measure (their cost rows), against PyTorch."""

import statistics

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import antialias as aa
from helpers import capstone as cap
from helpers import measure
from helpers.content_aware import carafe
from helpers.exercises import l16_antialias_and_content_aware as ex
from helpers.figures import l16_antialias_and_content_aware as w
from helpers.widgets import draw_png, render

# ------------------------------------------------------------------------------------ widget and figures


@pytest.mark.parametrize("method", w.FILTERS)
@pytest.mark.parametrize("numtaps, rate", [(12, 1.0), (4, 0.25), (24, 0.6)])
def test_draw_antialias_shows_what_the_concept_functions_compute(method, numtaps, rate):
    fig = render(w.draw_antialias, figsize=(11, 4.2), method=method, numtaps=numtaps, rate=rate)
    assert len(fig.axes) == 1 and len(fig.axes[0].images) == 1 and not fig.texts   # one painted image
    g = w.draw_antialias(plt.figure(figsize=(11, 4.2)), method=method, numtaps=numtaps, rate=rate)
    np.testing.assert_allclose(g["gain"], aa.frequency_response(g["taps"], n=256)[1])
    np.testing.assert_allclose(g["output"], aa.filtered_upsample(g["input"][None, None], 2, g["taps"])[0, 0])
    assert g["output"].shape == (128, 128) and g["leak"] == aa.leaked_energy(g["output"], 2)
    assert f"{g['leak']:.1%}" in g["texts"][2] and f"{g['taps'].size} taps" in g["texts"][0]
    assert np.isclose(g["taps"].sum(), 2.0)                      # every filter keeps the mean (DC gain 2)
    if method == "Kaiser sinc":
        assert g["taps"].size == numtaps
    plt.close("all")


def test_draw_antialias_ranks_the_filters_near_nyquist():
    leak = {m: w.draw_antialias(plt.figure(figsize=(11, 4.2)), method=m)["leak"] for m in w.FILTERS}
    assert leak["transposed k3"] > leak["nearest"] > 2 * leak["bilinear"] > 4 * leak["Kaiser sinc"]
    with pytest.raises(ValueError, match="method"):
        w.draw_antialias(plt.figure(), method="sinc")
    plt.close("all")


def test_static_figures_draw():
    filters = {m: w._taps(m) for m in w.FILTERS}
    fig = render(w.draw_responses, figsize=(8, 3.6), filters=filters)
    assert len(fig.axes[0].lines) == len(filters) + 1           # one curve per filter, plus the Nyquist line
    images = {m: aa.filtered_upsample(aa.zone_plate(32)[None, None], 2, t)[0, 0] for m, t in filters.items()}
    fig = render(w.draw_zone_plates, figsize=(10, 3), images=images, leaks={m: 0.1 for m in images})
    assert len(fig.axes) == len(images)
    plt.close("all")


def test_widget_builds_and_redraws_fast():
    box = w.antialias_widget()
    c = box.controls
    assert set(c) == {"method", "numtaps", "rate"}
    first = box.image.value
    c["numtaps"].value = 14                                     # the first slider: one step changes the picture
    assert box.image.value != first
    for name, value in [("method", "nearest"), ("rate", 0.5), ("method", "transposed k3"), ("method", "Kaiser sinc"),
                        ("numtaps", 24), ("rate", 1.0)]:
        before = box.image.value
        c[name].value = value
        assert c[name].value == value and box.image.value != before
    times = [box.update() for _ in range(7)]
    # a figure, not a test: latency is measured by benchmarks/bench_widgets.py (make bench)
    print(f"w16 widget redraw median: {statistics.median(times) * 1000:.1f} ms")
    assert len(draw_png(w.draw_antialias, figsize=(11, 4.2))) > 1000
    plt.close("all")


# ------------------------------------------------------------------------------------ exercises


def test_exercise_references():
    for f in range(1, 12):
        np.testing.assert_allclose(ex.bilinear_taps(f), aa.interpolation_taps("bilinear", f), atol=1e-15)
        assert np.isclose(ex.bilinear_taps(f).sum(), f)
    # the half-right answers are right where the statement says and wrong elsewhere
    np.testing.assert_allclose(ex._integer_grid(5), ex.bilinear_taps(5))
    assert ex._integer_grid(4).size != ex.bilinear_taps(4).size
    np.testing.assert_allclose(ex._half_pixel_always(4), ex.bilinear_taps(4))
    # nearest x3 at 1/6 cycles per output pixel: |1 + 2 cos(pi / 3)| / 3 = 2 / 3
    assert np.isclose(ex._nearest_gain(3, 1 / 6), 2 / 3)
    assert np.isclose(aa.frequency_response(np.ones(3), n=7)[1][2], 2 / 3)
    # CARAFE with the centre tap only is nearest upsampling (choice c)
    x = np.random.default_rng(0).standard_normal((2, 3, 5, 4))
    for k in (1, 3, 5):
        one_hot = np.zeros((2, k * k, 10, 8))
        one_hot[:, (k * k) // 2] = 1.0
        np.testing.assert_array_equal(carafe(x, one_hot, 2, k), x.repeat(2, axis=2).repeat(2, axis=3))


# ------------------------------------------------------------------------------------ helpers.capstone additions


@pytest.mark.parametrize("method", list(cap.METHODS))
def test_build_decoder_is_build_torch_decoder_for_lesson_14s_methods(method):
    a, b = cap.build_decoder(method, 4, seed=3), cap.build_torch_decoder(method, 4, seed=3)
    for (ka, va), (kb, vb) in zip(a.state_dict().items(), b.state_dict().items()):
        assert ka == kb and torch.equal(va, vb)


@settings(max_examples=10, deadline=None)
@given(st.sampled_from(list(cap.EXTRA_METHODS)), st.integers(1, 6), st.integers(0, 5), st.integers(3, 9),
       st.integers(3, 9))
def test_extra_decoders_numpy_forward_equals_pytorch(method, channels, seed, h, w_):
    model = cap.build_decoder(method, channels, seed=seed)
    x = np.random.default_rng(seed).uniform(0, 1, (2, 1, h, w_)).astype(np.float32)
    out = cap.predict_torch(model, x)
    assert out.shape == (2, 1, 2 * h, 2 * w_)
    np.testing.assert_allclose(cap.decoder_numpy_forward(cap.torch_weights(model), method, x), out, atol=1e-5)


@pytest.mark.parametrize("seed", [0, 4])
def test_extra_decoders_share_head_tail_and_conv_with_resize_conv(seed):
    ref = cap.build_torch_decoder("bilinear+conv", 6, seed=seed).state_dict()
    for method in cap.EXTRA_METHODS:
        got = cap.build_decoder(method, 6, seed=seed).state_dict()
        for name in ("head.weight", "head.bias", "tail.weight", "tail.bias"):
            assert torch.equal(got[name], ref[name])
        assert torch.equal(got["up.1.weight"], ref["up.1.weight"]) and torch.equal(got["up.1.bias"], ref["up.1.bias"])
    x = cap.downsample(cap.make_shapes(4, 16, seed=seed))
    dys = cap.predict_torch(cap.build_decoder("dysample+conv", 6, seed=seed), x)
    bil = cap.predict_torch(cap.build_torch_decoder("bilinear+conv", 6, seed=seed), x)
    assert np.abs(dys - bil).max() < 1e-3                          # DySample starts as bilinear


def test_extra_decoder_parameters_and_bad_input():
    c = 8
    conv = c * c * 9 + c
    carafe_up = (c + 1) * (c // 2) + ((c // 2) * 9 + 1) * 4 * 25    # compressor + encoder (k_up 5, k_enc 3)
    dysample_up = (c + 1) * 2 * 4                                    # the 1x1 offset conv
    shared = (9 * c + c) + (9 * c + 1)
    assert cap.count_parameters(cap.build_decoder("carafe+conv", c)) == shared + carafe_up + conv
    assert cap.count_parameters(cap.build_decoder("dysample+conv", c)) == shared + dysample_up + conv
    with pytest.raises(ValueError, match="method"):
        cap.build_decoder("carafe", 4)
    with pytest.raises(TypeError):
        cap.build_decoder(3, 4)
    with pytest.raises(ValueError):
        cap.build_decoder("dysample+conv", 0)
    assert "carafe+conv" not in cap.METHODS and len(cap.METHODS) == 6     # lesson 14's six are unchanged


# ------------------------------------------------------------------------------------ helpers.measure additions


@pytest.mark.parametrize("method", list(measure.METHODS))
def test_cost_any_is_cost_for_lesson_13s_methods(method):
    assert measure.cost_any(method, (2, 4, 5, 6)) == measure.cost(method, (2, 4, 5, 6))


@pytest.mark.parametrize("method", list(measure.EXTRA_METHODS))
@pytest.mark.parametrize("shape", [(1, 4, 6, 5), (2, 8, 4, 4)])
def test_cost_any_extra_methods_match_the_layers(method, shape):
    from torch.utils.flop_counter import FlopCounterMode

    c = measure.cost_any(method, shape)
    layer = measure.torch_layer_any(method, shape[1])
    assert c["params"] == sum(p.numel() for p in layer.parameters())
    assert c["out_shape"] == (shape[0], shape[1], 2 * shape[2], 2 * shape[3])
    x = torch.randn(*shape)
    convs = [m for m in layer.modules() if isinstance(m, torch.nn.Conv2d)]
    with FlopCounterMode(display=False) as counter:
        with torch.no_grad():
            for conv_layer in convs:                               # each conv on an input of its own shape
                conv_layer(torch.randn(shape[0], conv_layer.in_channels, shape[2], shape[3]))
    assert counter.get_total_flops() == 2 * c["conv_macs"]
    with torch.no_grad():
        assert tuple(layer(x).shape) == c["out_shape"]


def test_time_torch_forward_and_bad_methods():
    r = measure.time_torch_forward("dysample", (1, 2, 4, 4), warmup=0, repeats=2)
    assert r["method"] == "dysample" and r["params"] == 3 * 8 and len(r["forward"]["times"]) == 2
    assert measure.EXTRA_METHODS == ("carafe", "dysample") and set(measure.EXTRA_LABELS) == set(measure.EXTRA_METHODS)
    assert len(measure.METHODS) == 7                                 # lesson 13's seven are unchanged
    with pytest.raises(ValueError, match="method"):
        measure.cost_any("carafe+conv", (1, 2, 3, 3))
    with pytest.raises(ValueError, match="method"):
        measure.torch_layer_any("bicubic", 2)
