"""helpers.measure: the analytic cost model against PyTorch (parameters, FlopCounterMode, the tensors each
operator reads, writes and keeps) and Keras (parameters, output shapes); the timing helpers; bad input.

Timings are never asserted here (they depend on the machine); only that the timing helpers run and report
consistent numbers.
"""

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch.utils.flop_counter import FlopCounterMode

from helpers import measure
from helpers.measure import METHODS, TensorTraffic, cost, keras_layer, torch_layer

shapes = st.tuples(st.integers(1, 3), st.integers(1, 9), st.integers(1, 9), st.integers(1, 9))


def test_documented_examples():
    c = cost("tconv_k2s2", (1, 8, 4, 4))
    assert (c["params"], c["conv_macs"], c["out_shape"]) == (264, 4096, (1, 8, 8, 8))
    assert cost("nearest", (1, 8, 4, 4))["bytes"] == (1 + 4) * 8 * 16 * 4


def test_closed_forms():
    n, c, h, w = 2, 8, 5, 7
    nchw = n * c * h * w
    expected_macs = {"nearest": 0, "bilinear": 16 * nchw, "nearest_conv3": 36 * n * c * c * h * w,
                     "tconv_k2s2": 4 * n * c * c * h * w, "tconv_k4s2p1": 16 * n * c * c * h * w,
                     "tconv_k3s2p1op1": 9 * n * c * c * h * w, "conv1x1_shuffle": 4 * n * c * c * h * w}
    expected_params = {"nearest": 0, "bilinear": 0, "nearest_conv3": 9 * c * c + c, "tconv_k2s2": 4 * c * c + c,
                       "tconv_k4s2p1": 16 * c * c + c, "tconv_k3s2p1op1": 9 * c * c + c,
                       "conv1x1_shuffle": 4 * c * c + 4 * c}
    for m in METHODS:
        r = cost(m, (n, c, h, w))
        assert r["macs"] == expected_macs[m] and r["params"] == expected_params[m]
        assert r["backward_macs"] == 2 * r["conv_macs"]
        assert r["bytes"] == 4 * (nchw * 5 + r["params"] + 2 * r["intermediate_bytes"] // 4)
        assert r["intensity"] == pytest.approx(2 * r["macs"] / r["bytes"])
    assert cost("nearest", (n, c, h, w), bias=False) == cost("nearest", (n, c, h, w))
    assert cost("tconv_k2s2", (n, c, h, w), bias=False)["params"] == 4 * c * c
    half = cost("conv1x1_shuffle", (n, c, h, w), dtype_bytes=2)
    assert half["bytes"] * 2 == cost("conv1x1_shuffle", (n, c, h, w))["bytes"]
    assert [r["method"] for r in measure.cost_table((1, 2, 3, 4))] == list(METHODS)


@settings(max_examples=25)
@given(shape=shapes, method=st.sampled_from(METHODS))
def test_cost_matches_torch(shape, method):
    c = cost(method, shape)
    layer = torch_layer(method, shape[1])
    assert sum(p.numel() for p in layer.parameters()) == c["params"]
    x = torch.randn(shape, requires_grad=True)
    with FlopCounterMode(display=False) as counter:
        y = layer(x)
    assert counter.get_total_flops() == 2 * c["conv_macs"]
    assert tuple(y.shape) == c["out_shape"]
    with FlopCounterMode(display=False) as counter:
        layer(x).backward(torch.ones(c["out_shape"]))
    assert counter.get_total_flops() == 2 * (c["conv_macs"] + c["backward_macs"])
    with TensorTraffic() as t, torch.no_grad():
        layer(x)
    assert t.bytes_read + t.bytes_written == c["bytes"]
    assert t.peak == c["bytes_out"] + c["intermediate_bytes"]
    with TensorTraffic() as t:
        y = layer(x)
    assert t.live == c["bytes_out"] + c["saved_bytes"]
    del y


@settings(max_examples=10)
@given(channels=st.integers(1, 12), hw=st.tuples(st.integers(1, 7), st.integers(1, 7)),
       method=st.sampled_from(METHODS))
def test_cost_matches_keras(channels, hw, method):
    model = keras_layer(method, channels, input_hw=hw)
    c = cost(method, (1, channels, *hw))
    assert model.count_params() == c["params"]
    assert tuple(model.output_shape) == (None, 2 * hw[0], 2 * hw[1], channels)


def test_tensor_traffic_sees_reads_writes_and_frees():
    x = torch.ones(1, 1, 4, 4)
    with TensorTraffic() as t:
        y = torch.nn.functional.interpolate(x, scale_factor=2)
        z = y.view(-1)                   # a view moves nothing
        del y, z
    assert t.ops == [("upsample_nearest2d", 64, 256)]
    assert t.peak == 256 and t.live == 0
    assert t.bytes_read == 64 and t.bytes_written == 256


def test_time_call_reports_consistent_numbers():
    calls = []
    t = measure.time_call(lambda: calls.append(1), warmup=3, repeats=5)
    assert len(calls) == 8 and len(t["times"]) == 5
    assert t["min"] <= t["median"] <= t["max"] and t["iqr"] >= 0
    one = measure.time_call(lambda: None, warmup=0, repeats=1)
    assert one["median"] == one["min"] == one["max"] and one["iqr"] == 0


def test_measure_torch_on_cpu():
    r = measure.measure_torch("nearest_conv3", (1, 4, 6, 5), warmup=1, repeats=2)
    c = cost("nearest_conv3", (1, 4, 6, 5))
    assert r["params"] == c["params"] and r["forward_bytes_moved"] == c["bytes"]
    assert r["peak_forward_bytes"] == c["bytes_out"] + c["intermediate_bytes"]
    assert r["kept_bytes"] == c["bytes_out"] + c["saved_bytes"]
    assert r["peak_train_bytes"] >= r["kept_bytes"]
    assert r["forward"]["median"] > 0 and r["train"]["median"] > 0


def test_benchmark_rows_and_ratios():
    rows = measure.benchmark((1, 2, 4, 4), methods=("nearest", "tconv_k2s2"), devices=("cpu",), warmup=1,
                             repeats=1)
    assert [(r["framework"], r["method"]) for r in rows] == [
        ("torch", "nearest"), ("torch", "tconv_k2s2"), ("keras", "nearest"), ("keras", "tconv_k2s2")]
    assert all(r["params"] == r["analytic_params"] for r in rows)
    q = measure.ratios(rows, "forward_s")
    assert q["torch", "cpu", "nearest"] == 1.0 and q["keras", "cpu", "nearest"] == 1.0
    assert math.isnan(measure.ratios(rows, "macs")["torch", "cpu", "tconv_k2s2"])     # nearest has 0 MACs
    with pytest.raises(ValueError, match="baseline"):
        measure.ratios(rows, "forward_s", baseline="bilinear")


def test_bandwidth_floor_and_copy_bandwidth():
    assert measure.bandwidth_floor(10**9, 1e9) == 1.0
    assert measure.bandwidth_floor(0, 5.0) == 0.0
    assert measure.measure_copy_bandwidth("cpu", nbytes=2**20, repeats=2) > 0


def test_set_threads_reports_what_is_in_effect():
    before = torch.get_num_threads()
    try:
        assert measure.set_threads(1)["torch"] == 1
    finally:
        torch.set_num_threads(before)


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda: cost("bicubic", (1, 1, 2, 2)), ValueError),
        (lambda: cost("nearest", (1, 1, 2)), ValueError),
        (lambda: cost("nearest", (1, 0, 2, 2)), ValueError),
        (lambda: cost("nearest", (1, 1, 2.0, 2)), TypeError),
        (lambda: cost("nearest", (1, 1, 2, 2), dtype_bytes=0), ValueError),
        (lambda: cost("nearest", (1, 1, 2, 2), bias=1), TypeError),
        (lambda: torch_layer("tconv_k4s2p1", 0), ValueError),
        (lambda: keras_layer("nope", 3), ValueError),
        (lambda: measure.time_call(lambda: None, repeats=0), ValueError),
        (lambda: measure.time_call(lambda: None, device="tpu"), ValueError),
        (lambda: measure.bandwidth_floor(10, 0), ValueError),
        (lambda: measure.bandwidth_floor(-1, 1.0), ValueError),
        (lambda: measure.set_threads(0), ValueError),
        (lambda: measure.benchmark((1, 1, 2, 2), frameworks=("jax",)), ValueError),
    ],
)
def test_bad_arguments_are_rejected(call, error):
    with pytest.raises(error):
        call()


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the error raised when there is no GPU")
def test_cuda_without_a_gpu_is_a_clear_error():
    with pytest.raises(ValueError, match="CUDA"):
        measure.measure_torch("nearest", (1, 1, 2, 2), device="cuda")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_measure_torch_on_gpu():
    r = measure.measure_torch("nearest", (2, 8, 64, 64), device="cuda", warmup=2, repeats=5)
    c = cost("nearest", (2, 8, 64, 64))
    assert r["peak_forward_bytes"] >= c["bytes_out"]
    assert r["bandwidth_floor"] > 0 and r["forward"]["median"] > 0
    assert np.isfinite(r["copy_bandwidth"])
