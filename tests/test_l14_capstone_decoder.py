"""Lesson 14: the capstone helpers (data, PSNR, decoders in NumPy/PyTorch/Keras, training) and its widget."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import capstone as cap
from helpers.figures import l14_capstone_decoder as w
from helpers.widgets import figure_png, render


def test_make_shapes_is_seeded_in_range_and_varied():
    a, b = cap.make_shapes(6, 16, seed=3), cap.make_shapes(6, 16, seed=3)
    assert a.shape == (6, 1, 16, 16) and a.dtype == np.float32
    assert np.array_equal(a, b) and not np.array_equal(a, cap.make_shapes(6, 16, seed=4))
    assert a.min() >= 0 and a.max() <= 1
    assert all(img.std() > 0.01 for img in a[:, 0])                  # every image has content


@pytest.mark.parametrize("bad, error", [(dict(n=0), ValueError), (dict(n=2, size=15), ValueError),
                                        (dict(n=2, size=4), ValueError), (dict(n=2.0), TypeError),
                                        (dict(n=2, seed=-1), ValueError)])
def test_make_shapes_rejects_bad_arguments(bad, error):
    with pytest.raises(error):
        cap.make_shapes(**bad)


@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 4), st.integers(1, 4), st.integers(1, 3))
@settings(max_examples=25, deadline=None)
def test_downsample_equals_avg_pool(n, c, h, w_, r):
    x = np.random.default_rng(h * 10 + w_).standard_normal((n, c, h * r, w_ * r))
    expected = torch.nn.functional.avg_pool2d(torch.from_numpy(x), r).numpy()
    np.testing.assert_allclose(cap.downsample(x, r), expected, atol=1e-12)


def test_downsample_rejects_indivisible_sizes():
    with pytest.raises(ValueError, match="divisible"):
        cap.downsample(np.zeros((1, 1, 5, 4)), 2)
    with pytest.raises(ValueError, match="4-D"):
        cap.downsample(np.zeros((4, 4)), 2)


def test_psnr_values_and_errors():
    assert cap.psnr(np.full(4, 0.1), np.zeros(4)) == pytest.approx(20.0)
    assert cap.psnr(np.full(4, 25.5), np.zeros(4), data_range=255.0) == pytest.approx(20.0)
    assert cap.psnr(np.ones(3), np.ones(3)) == float("inf")
    with pytest.raises(ValueError, match="same shape"):
        cap.psnr(np.zeros(3), np.zeros(4))
    with pytest.raises(ValueError, match="data_range"):
        cap.psnr(np.zeros(3), np.ones(3), data_range=0)


@pytest.mark.parametrize("method", list(cap.METHODS))
def test_numpy_forward_equals_pytorch(method):
    model = cap.build_torch_decoder(method, channels=4, seed=1)
    x = cap.downsample(cap.make_shapes(2, 16, seed=0))
    np.testing.assert_allclose(cap.numpy_forward(cap.torch_weights(model), method, x), cap.predict_torch(model, x),
                               atol=1e-5)
    assert cap.predict_torch(model, x).shape == (2, 1, 16, 16)


@pytest.mark.parametrize("method", cap.KERAS_METHODS)
def test_keras_decoder_equals_pytorch(method):
    model = cap.build_torch_decoder(method, channels=4, seed=2)
    keras_model = cap.build_keras_decoder(method, channels=4)
    cap.copy_torch_to_keras(model, keras_model)
    x = cap.downsample(cap.make_shapes(2, 16, seed=1))
    out = keras_model(x.transpose(0, 2, 3, 1)).numpy().transpose(0, 3, 1, 2)
    np.testing.assert_allclose(out, cap.predict_torch(model, x), atol=1e-5)
    assert cap.count_parameters(keras_model) == cap.count_parameters(model)


def test_shared_layers_start_equal_and_bilinear_init_is_bilinear():
    a = cap.build_torch_decoder("nearest+conv", 4, seed=0)
    b = cap.build_torch_decoder("pixel shuffle", 4, seed=0)
    assert torch.equal(a.head.weight, b.head.weight) and torch.equal(a.tail.weight, b.tail.weight)
    up = cap.build_torch_decoder("bilinear-init transposed", 4).up
    x = torch.rand(1, 4, 6, 6, dtype=torch.float32)
    interp = torch.nn.functional.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
    with torch.no_grad():
        torch.testing.assert_close(up(x)[..., 1:-1, 1:-1], interp[..., 1:-1, 1:-1])   # equal away from the border


def test_bad_methods_are_rejected():
    with pytest.raises(ValueError, match="method"):
        cap.build_torch_decoder("bicubic", 4)
    with pytest.raises(ValueError, match="method"):
        cap.build_keras_decoder("pixel shuffle", 4)
    with pytest.raises(TypeError, match="method"):
        cap.numpy_forward({}, 3, np.zeros((1, 1, 4, 4)))


def test_training_is_reproducible_lowers_the_loss_and_calls_back(one_thread):
    hr = cap.make_shapes(32, 16, seed=0)
    lr = cap.downsample(hr)
    seen, ticks = [], []
    runs = []
    for _ in range(2):
        model = cap.build_torch_decoder("transposed k4 s2", 4, seed=0)
        runs.append(cap.train_torch(model, lr, hr, steps=30, batch=8, learning_rate=1e-2,
                                    monitor=lambda step, m: seen.append(step), progress=lambda: ticks.append(1)))
    assert runs[0] == runs[1]
    assert np.mean(runs[0][-5:]) < runs[0][0]
    assert seen[:31] == list(range(31)) and len(ticks) == 60
    with pytest.raises(ValueError, match="targets"):
        cap.train_torch(model, lr, lr, steps=1)
    with pytest.raises(ValueError, match="batch"):
        cap.train_torch(model, lr, hr, steps=1, batch=64)


def test_keras_training_starts_from_the_same_loss():
    hr = cap.make_shapes(16, 16, seed=0)
    lr = cap.downsample(hr)
    model = cap.build_torch_decoder("nearest+conv", 4, seed=0)
    keras_model = cap.build_keras_decoder("nearest+conv", 4)
    cap.copy_torch_to_keras(model, keras_model)
    k = cap.train_keras(keras_model, lr, hr, steps=3, batch=8)
    t = cap.train_torch(model, lr, hr, steps=3, batch=8)
    np.testing.assert_allclose(k, t, rtol=1e-3)


def test_widget_draws_and_reports_the_error():
    inputs, predictions, targets = w._demo_data(n=3, size=8)
    fig = render(w.draw_comparison, figsize=(9, 2.9), method="method b", index=2, inputs=inputs,
                 predictions=predictions, targets=targets, scores={"method b": {"PSNR": 20.0}})
    g = w.draw_comparison(plt.figure(), "method a", 0, inputs=inputs, predictions=predictions, targets=targets)
    np.testing.assert_allclose(g["error"], predictions["method a"][0, 0] - targets[0, 0])
    assert g["max_abs_error"] == pytest.approx(np.abs(g["error"]).max())
    assert len(fig.axes) == 1 and len(fig.axes[0].images) == 1 and not fig.texts      # one painted picture
    shown = w.draw_comparison(plt.figure(figsize=(9, 2.9)), "method b", 2, inputs=inputs, predictions=predictions,
                              targets=targets, scores={"method b": {"PSNR": 20.0}})
    assert len(shown["titles"]) == 4 and "PSNR 20" in shown["titles"][1]
    lay = shown["layout"]
    (x0, y0), side = lay["corners"][2], lay["side"]                                  # the target, as grey levels
    rows, cols = np.arange(side) * 16 // side, np.arange(side) * 16 // side
    np.testing.assert_allclose(lay["pixels"][y0:y0 + side, x0:x0 + side, 0],
                               plt.get_cmap("gray")(targets[2, 0][rows][:, cols])[..., 0], atol=1e-6)
    xs = [x for x, _ in lay["corners"]]
    assert xs == sorted(xs) and xs[-1] + side <= lay["pixels"].shape[1]
    assert figure_png(fig)[:4] == b"\x89PNG"
    zoomed = w.draw_comparison(plt.figure(), "method a", 0, inputs=inputs, predictions=predictions,
                               targets=targets, zoom=8)
    assert zoomed["error"].shape == (8, 8)
    plt.close("all")


def test_widget_rejects_bad_choices_and_moves():
    inputs, predictions, targets = w._demo_data(n=3, size=8)
    with pytest.raises(ValueError, match="method"):
        w.draw_comparison(plt.figure(), "nope", 0, inputs=inputs, predictions=predictions, targets=targets)
    with pytest.raises(ValueError, match="index"):
        w.draw_comparison(plt.figure(), "method a", 3, inputs=inputs, predictions=predictions, targets=targets)
    box = w.comparison_widget(inputs, predictions, targets)
    before = box.image.value
    box.controls["index"].value = 1
    assert box.image.value != before
    assert w._crop(np.arange(16).reshape(4, 4), 2).tolist() == [[5, 6], [9, 10]]
    plt.close("all")


# ------------------------------------------------------------------ deeper decoders (the x8 experiment)

from helpers.artifacts import checkerboard_score  # noqa: E402


@pytest.fixture
def one_thread():
    """Train on one thread, as the lesson does (tiny layers on several threads are slower, and fight for cores)."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.mark.parametrize("method", list(cap.METHODS))
def test_deep_decoder_with_one_stage_is_the_x2_decoder(method):
    x = cap.downsample(cap.make_shapes(2, 16, seed=4))
    deep = cap.build_deep_decoder(method, channels=3, stages=1, seed=5)
    shallow = cap.build_torch_decoder(method, 3, 5)
    np.testing.assert_array_equal(cap.predict_torch(deep, x), cap.predict_torch(shallow, x))
    assert deep.factor == 2 and len(deep.ups) == 1


@given(st.sampled_from(list(cap.METHODS)), st.integers(1, 3), st.integers(1, 4), st.integers(2, 5), st.integers(2, 5),
       st.integers(0, 50))
@settings(max_examples=30, deadline=None)
def test_deep_decoder_numpy_forward_equals_pytorch(method, stages, channels, h, w_, seed):
    model = cap.build_deep_decoder(method, channels=channels, stages=stages, seed=seed)
    x = np.random.default_rng(seed).random((2, 1, h, w_)).astype(np.float32)
    out = cap.predict_torch(model, x)
    assert out.shape == (2, 1, h * 2**stages, w_ * 2**stages) and model.factor == 2**stages
    np.testing.assert_allclose(cap.numpy_forward(cap.torch_weights(model), method, x), out, atol=1e-5)


@given(st.sampled_from(list(cap.METHODS)), st.integers(1, 6), st.integers(0, 30))
@settings(max_examples=30, deadline=None)
def test_phase_sums_decide_flat_in_flat_out(method, channels, seed):
    """What lesson 14's cell asserts for seed 0: a flat input gives a flat interior exactly for resize+conv and
    the bilinear initialisation (equal phase sums), for any width and seed; one stage or three."""
    equal = method in ("nearest+conv", "bilinear+conv", "bilinear-init transposed")
    for stages in (1, 3):
        model = cap.build_deep_decoder(method, channels=channels, stages=stages, seed=seed)
        h = torch.ones(1, channels, 6, 6)
        with torch.no_grad():
            for up in model.ups:
                h = up(h)
        r = 2 * 2**stages
        inner = h[0, :, r:-r, r:-r]
        ptp = float((inner.amax(dim=(1, 2)) - inner.amin(dim=(1, 2))).max())
        assert (ptp < 1e-4 * max(1.0, float(inner.abs().max()))) == equal, (method, stages, ptp)


def test_interior_crops_and_rejects():
    a = np.arange(2 * 36).reshape(2, 6, 6)
    np.testing.assert_array_equal(cap.interior(a, 2), a[:, 2:4, 2:4])
    np.testing.assert_array_equal(cap.interior(a, 0), a)
    with pytest.raises(ValueError, match="border"):
        cap.interior(a, 3)
    with pytest.raises(ValueError, match="dimensions"):
        cap.interior(np.zeros(4), 1)


def test_train_torch_accepts_any_integer_factor_and_rejects_others():
    hr = cap.make_shapes(8, 32, seed=0)
    model = cap.build_deep_decoder("pixel shuffle", channels=2, stages=3)
    losses = cap.train_torch(model, cap.downsample(hr, 8), hr, steps=3, batch=4)
    assert len(losses) == 3
    with pytest.raises(ValueError, match="targets"):
        cap.train_torch(model, cap.downsample(hr, 8), hr[..., :30, :30], steps=1)
    with pytest.raises(ValueError, match="targets"):
        cap.train_torch(model, hr, hr, steps=1)


def test_deep_experiment_shapes_and_arguments():
    hr = cap.make_shapes(8, 32, seed=0)
    test = cap.make_shapes(2, 32, seed=1)
    r = cap.deep_decoder_experiment(["nearest+conv"], hr, test, channels=2, steps=2, batch=4, seeds=(0, 1), border=4)
    assert set(r) == {"nearest+conv", "target_score"}
    assert all(v.shape == (2,) for v in r["nearest+conv"].values())
    assert r["target_score"] == pytest.approx(checkerboard_score(cap.interior(test, 4), period=8))
    with pytest.raises(TypeError, match="methods"):
        cap.deep_decoder_experiment("nearest+conv", hr, test)
    with pytest.raises(ValueError, match="seeds"):
        cap.deep_decoder_experiment(["nearest+conv"], hr, test, seeds=())
    with pytest.raises(ValueError, match="stages"):
        cap.build_deep_decoder("nearest+conv", stages=6)


def test_deep_checkerboard_falls_on_another_seed(one_thread):
    """Lesson 14's x8 verdict (one seed there) on seed 1, with the lesson's data and training settings."""
    train, test = cap.make_shapes(256, 32, seed=1), cap.make_shapes(16, 64, seed=3)
    separate = ["transposed k3 s2", "transposed k4 s2", "pixel shuffle"]
    r = cap.deep_decoder_experiment(separate + ["nearest+conv"], train, test, channels=8, stages=3, steps=100,
                                    batch=8, learning_rate=1e-2, seeds=(1,))
    for m in separate:
        before, after = r[m]["score_before"][0], r[m]["score_after"][0]
        assert before > 0.9 and before / after > 30, (m, before, after)
        assert r[m]["psnr_after"][0] > r[m]["psnr_before"][0] + 4
    assert r["nearest+conv"]["score_before"][0] < 0.1


def test_deep_scores_figure():
    rng = np.random.default_rng(0)
    res = {m: {k: rng.random(2) for k in ("score_before", "score_after", "psnr_before", "psnr_after")}
           for m in ("a", "b")}
    res["target_score"] = 0.01
    fig = plt.figure()
    axes = w.draw_deep_scores(fig, res, per_phase=("a",), baselines={"bicubic": 0.5})
    assert len(axes) == 2 and len(axes[0].lines) == 5 and len(axes[1].lines) == 5
    assert axes[0].get_yscale() == "log"
    plt.close("all")
