"""Lesson 03: the linear-interpolation widget's compute and draw functions (fast, no torch/tensorflow)."""

import statistics

import matplotlib.pyplot as plt
import numpy as np
import pytest

import helpers
from helpers.figures import l03_linear_interpolation as w
from helpers.resize import interpolate


def test_documented_examples():
    q = helpers.resize.linear_query([10.0, 20.0, 40.0], 1.25)
    assert (q["x0"], q["x1"], q["alpha"], q["value"]) == (1, 2, 0.25, 25.0)
    assert helpers.resize.linear_query([10.0, 20.0, 40.0], -0.5)["value"] == 10.0
    np.testing.assert_array_equal(w._output_positions(4, 8)["source"][:3], [-0.25, 0.25, 0.75])
    assert w._output_positions(4, 8)["outside"].sum() == 2


@pytest.mark.parametrize("name", list(w.SIGNALS))
def test_query_matches_np_interp_with_clamping(name):
    f = np.array(w.SIGNALS[name])
    k = np.arange(f.size)
    for x in np.linspace(-1, f.size, 57):
        q = helpers.resize.linear_query(f, float(x))
        assert q["value"] == pytest.approx(np.interp(x, k, f), abs=1e-12)  # np.interp clamps at the ends too
        assert q["weights"].sum() == pytest.approx(1.0) and np.all(q["weights"] >= 0)
        assert 0 <= q["x0"] <= q["x1"] <= q["x0"] + 1 and q["x1"] <= f.size - 1
        assert q["alpha"] == pytest.approx(q["x_clamped"] - q["x0"])
        assert q["clamped"] == (not 0 <= x <= f.size - 1)
        assert f.min() <= q["value"] <= f.max()


def test_swap_is_the_bug_and_keeps_the_right_value():
    zigzag = w.SIGNALS["zigzag"]
    q = helpers.resize.linear_query(zigzag, 2.3, swap=True)
    assert q["correct"] == pytest.approx(0.7 * 2 + 0.3 * 5)
    assert q["value"] == pytest.approx(0.3 * 2 + 0.7 * 5)
    midpoint = helpers.resize.linear_query(zigzag, 2.5)["value"]
    assert helpers.resize.linear_query(zigzag, 2.5, swap=True)["value"] == pytest.approx(midpoint)


def test_linear_query_reproduces_interpolate_on_the_half_pixel_grid():
    rng = np.random.default_rng(0)
    for n_in in range(1, 8):
        for n_out in range(1, 15):
            v = rng.standard_normal(n_in)
            src = w._output_positions(n_in, n_out)["source"]
            ours = [helpers.resize.linear_query(v, float(x))["value"] for x in src]
            expected = interpolate(v[None, None], size=n_out, mode="linear")[0, 0]
            np.testing.assert_allclose(ours, expected, atol=1e-12)


@pytest.mark.parametrize("align", [False, True])
def test_output_positions_count_clamped_outputs(align):
    for r in range(1, 9):
        for n_in in range(2, 7):
            p = w._output_positions(n_in, n_in * r, align)
            expected = 0 if align else 2 * (r // 2)
            assert p["outside"].sum() == expected
            assert np.all((p["clamped"] >= 0) & (p["clamped"] <= n_in - 1))


@pytest.mark.parametrize(
    "args, error",
    [
        (([1.0, 2.0], "2"), TypeError),
        (([1.0, 2.0], float("nan")), TypeError),
        (([1.0, 2.0], True), TypeError),
        (("zigzag", 1.0), TypeError),            # a name is the figure's business
        (([], 1.0), ValueError),
        (([1.0, np.inf], 1.0), ValueError),
        ((np.ones((2, 2)), 1.0), ValueError),
    ],
)
def test_bad_arguments_are_rejected(args, error):
    with pytest.raises(error):
        helpers.resize.linear_query(*args)


def test_output_positions_rejects_bad_sizes():
    with pytest.raises(ValueError):
        w._output_positions(0, 3)
    with pytest.raises(TypeError):
        w._output_positions(3, 2.0)


def test_draw_query_marks_neighbours_and_bars():
    from matplotlib.colors import to_rgb

    from helpers.style import PALETTE

    fig = plt.figure(figsize=(9, 3.8))
    q = w.draw_query(fig, x=2.3, signal="zigzag")
    np.testing.assert_allclose(q["weights"], [0.7, 0.3])
    assert "α = 0.30" in q["title"] and "x0 = 2" in q["title"]
    assert "2.9" in q["weights_title"] and "wrong" not in q["weights_title"]
    # the two weight bars are painted in the neighbours' colours, 0.7 and 0.3 of the axis (0 to 1.18) high
    fig.canvas.draw()
    shown = np.asarray(fig.canvas.buffer_rgba())[..., :3] / 255.0
    base, height = 380 * (1 - 0.133), 380 * 0.757                # the weights' box in the 9 x 3.8 inch figure
    x0, x1 = [int(900 * (0.787 + 0.208 * (k + 0.38) / 1.76)) for k in (0, 1)]   # the bars' centres
    half = int(base - height * 0.5 / 1.18)                      # half way up: only the 0.7 bar reaches it
    for y, colours in [(int(base) - 3, ("vermillion", "blue")), (half, ("vermillion", None))]:
        for x, colour in zip((x0, x1), colours):
            expected = to_rgb(PALETTE[colour]) if colour else (1.0, 1.0, 1.0)
            np.testing.assert_allclose(q["pixels"][y, x], expected, atol=1e-6)
            np.testing.assert_allclose(shown[y, x], expected, atol=1 / 255)
    plt.close(fig)
    q = w.draw_query(plt.figure(figsize=(9, 3.8)), x=-0.6, signal="step", swap=True)
    assert "clamped to 0" in q["title"]
    q = w.draw_query(plt.figure(figsize=(9, 3.8)), x=2.8, signal="step", swap=True)
    assert "wrong" in q["weights_title"]
    plt.close("all")


@pytest.mark.parametrize("align", [False, True])
def test_draw_positions_and_signals(align):
    fig, ax = plt.subplots()
    p = w.draw_positions(ax, 4, 8, align_corners=align)
    assert ("2 outputs clamped" if not align else "0 outputs clamped") in ax.get_title()
    assert len(ax.collections[0].get_paths()) == 4 + 8
    assert len(p["source"]) == 8
    plt.close(fig)
    fig, ax = plt.subplots()
    w.draw_signals(ax, [0.0, 1.0], {"a": ([0, 0.5, 1], [0, 0.5, 1]), "b": ([0, 1], [0, 1])},
                   truth=([0, 1], [0, 1]), title="t")
    assert len(ax.lines) == 4 and ax.get_title() == "t"
    plt.close(fig)


def test_widget_builds_updates_and_redraws_fast():
    box = w.query_widget()
    c = box.controls
    assert set(c) == {"x", "signal", "swap"}
    changes = [{"x": -1.0}, {"x": 6.0}, {"signal": "spike"}, {"swap": True}, {"x": 2.55}, {"signal": "ramp"}]
    for values in changes:
        for name, value in values.items():
            c[name].value = value  # triggers update()
            assert c[name].value == value
    times = [box.update() for _ in range(7)]
    median = statistics.median(times)
    print(f"w03 widget redraw median: {median * 1000:.1f} ms")
    plt.close("all")


# ------------------------------------------------------------------ the lesson's grids (second edition, #14)

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _linear_resize_loop(v, n_out):
    """The lesson's section-3 loop, verbatim: PyTorch's align_corners=False rule, one output at a time."""
    n_in = len(v)
    out = np.empty(n_out)
    for i in range(n_out):
        x = (i + 0.5) * n_in / n_out - 0.5
        x = min(max(x, 0.0), n_in - 1)
        x0 = int(np.floor(x))
        x1 = min(x0 + 1, n_in - 1)
        alpha = x - x0
        out[i] = (1 - alpha) * v[x0] + alpha * v[x1]
    return out


def _tent_kernel(r):
    taps = 2 * r - r % 2
    return 1 - np.abs(np.arange(taps) - (taps - 1) / 2) / r


def test_loop_matches_interpolate():
    rng = np.random.default_rng(3)
    for n_in in range(1, 13):
        for n_out in range(1, 13):
            v = rng.standard_normal(n_in)
            expected = _linear_resize_loop(v, n_out)
            np.testing.assert_allclose(interpolate(v[None, None], size=n_out, mode="linear")[0, 0], expected,
                                       rtol=0, atol=1e-12)


def test_matrix_properties():
    uneven = 0
    for n_in in range(1, 13):
        for n_out in range(1, 13):
            for align in (False, True):
                M = helpers.interpolation_matrix(n_in, n_out, "linear", align_corners=align)
                assert M.shape == (n_out, n_in)
                np.testing.assert_allclose(M.sum(axis=1), 1.0, rtol=0, atol=1e-12)
                assert M.min() >= 0 and M.max() <= 1
                for row in M:
                    nz = np.flatnonzero(row)
                    assert len(nz) <= 2 and (len(nz) < 2 or nz[1] == nz[0] + 1)
            if n_out % n_in == 0:
                r = n_out // n_in
                np.testing.assert_allclose(helpers.interpolation_matrix(n_in, n_out).sum(axis=0), r, atol=1e-12)
                uneven += not np.allclose(helpers.interpolation_matrix(n_in, n_out, align_corners=True).sum(axis=0), r)
    assert uneven > 0   # align_corners=True spreads the inputs unevenly for some integer factors


@settings(max_examples=60, deadline=None)
@given(n_in=st.integers(1, 12), n_out=st.integers(1, 30), align=st.booleans(), seed=st.integers(0, 2**16))
def test_frameworks_agree(n_in, n_out, align, seed):
    """F.interpolate, nn.Upsample, TensorFlow on an (N, 1, W, C) image and helpers.interpolate agree."""
    import os

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf
    import torch
    import torch.nn.functional as F

    x = np.random.default_rng(seed).standard_normal((2, 3, n_in)).astype(np.float32)
    reference = interpolate(x.astype(np.float64), size=n_out, mode="linear", align_corners=align)
    by_torch = F.interpolate(torch.from_numpy(x), size=n_out, mode="linear", align_corners=align).numpy()
    image = np.transpose(x, (0, 2, 1))[:, None]                       # (N, 1, W, C)
    if align:
        by_tf = tf.compat.v1.image.resize(image, (1, n_out), method="bilinear", align_corners=True).numpy()
    else:
        by_tf = tf.image.resize(image, (1, n_out), method="bilinear").numpy()
    by_tf = np.transpose(by_tf[:, 0], (0, 2, 1))
    for got in (by_torch, by_tf):
        np.testing.assert_allclose(got, reference, rtol=1e-5, atol=1e-5)  # float32; TF rounds the scale


@settings(max_examples=80, deadline=None)
@given(n_in=st.integers(2, 40), n_out=st.integers(2, 40), scale=st.floats(0.1, 10), seed=st.integers(0, 2**16))
def test_never_leaves_the_range(n_in, n_out, scale, seed):
    import torch
    import torch.nn.functional as F

    sig = np.random.default_rng(seed).standard_normal((1, 1, n_in)) * scale
    for out in (interpolate(sig, size=n_out, mode="linear"),
                interpolate(sig, size=n_out, mode="linear", align_corners=True),
                F.interpolate(torch.from_numpy(sig), size=n_out, mode="linear").numpy(),
                F.interpolate(torch.from_numpy(sig), size=n_out, mode="linear", align_corners=True).numpy()):
        assert sig.min() <= out.min() and out.max() <= sig.max()


@settings(max_examples=40, deadline=None)
@given(r=st.integers(1, 6), n_in=st.integers(2, 9), seed=st.integers(0, 2**16))
def test_linear_upsampling_is_a_tent_transposed_conv_and_its_transpose_a_strided_conv(r, n_in, seed):
    """Section 4.1: for an integer factor r, M equals the stride-r transposed convolution with the sampled tent
    (2r - r % 2 taps, padding r // 2) except in the clamped rows; exact after repeating the edge samples;
    the backward pass (M^T) is the stride-r convolution with the same tent except at the first and last input.
    PyTorch and TensorFlow's gradients agree."""
    import os

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(seed)
    k = torch.from_numpy(_tent_kernel(r))[None, None]
    M = helpers.interpolation_matrix(n_in, n_in * r, "linear")
    T = F.conv_transpose1d(torch.eye(n_in, dtype=torch.float64)[:, None], k, stride=r,
                           padding=r // 2)[:, 0].numpy().T
    clamped = helpers.sampling_grid(n_in, n_in * r)["clamped"]
    assert clamped.sum() == 2 * (r // 2)
    np.testing.assert_allclose(T[~clamped], M[~clamped], atol=1e-12)
    v = rng.standard_normal((1, 1, n_in))
    exact = F.conv_transpose1d(F.pad(torch.from_numpy(v), (1, 1), mode="replicate"), k, stride=r,
                               padding=r // 2 + r)[0, 0].numpy()
    np.testing.assert_allclose(exact, M @ v[0, 0], atol=1e-12)
    g = rng.standard_normal(n_in * r)
    strided = F.conv1d(torch.from_numpy(g)[None, None], k, stride=r, padding=r // 2)[0, 0].numpy()
    np.testing.assert_allclose((M.T @ g)[1:-1], strided[1:-1], atol=1e-12)
    xt = torch.from_numpy(v).requires_grad_()
    F.interpolate(xt, scale_factor=r, mode="linear").backward(torch.from_numpy(g)[None, None])
    np.testing.assert_allclose(xt.grad[0, 0].numpy(), M.T @ g, atol=1e-12)
    image = tf.constant(v[0, 0][None, None, :, None], dtype=tf.float32)   # (1, 1, W, 1); TF's gradient is float32
    with tf.GradientTape() as tape:
        tape.watch(image)
        out = tf.image.resize(image, (1, n_in * r), method="bilinear")
    grad = tape.gradient(out, image, output_gradients=tf.constant(g[None, None, :, None], dtype=tf.float32))
    np.testing.assert_allclose(grad.numpy()[0, 0, :, 0], M.T @ g, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("n_in, n_out", [(4, 8), (3, 7), (5, 6), (2, 9), (8, 4), (7, 3), (6, 2)])
def test_align_corners_is_a_stretch_about_the_centre(n_in, n_out):
    i = np.arange(n_out)
    d = (helpers.source_coordinate(i, n_in, n_out, "align_corners")
         - helpers.source_coordinate(i, n_in, n_out, "half_pixel"))
    np.testing.assert_allclose(d, (i - (n_out - 1) / 2) * ((n_in - 1) / (n_out - 1) - n_in / n_out), atol=1e-12)
    lo, hi = helpers.sampling_grid(n_in, n_out, "align_corners")["extent"]
    assert (-0.5 < lo and hi < n_in - 0.5) == (n_out > n_in)
