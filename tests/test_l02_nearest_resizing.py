"""Lesson 02: the nearest-resizing widget's compute and draw functions (fast, no torch/tensorflow)."""

import statistics

import matplotlib.pyplot as plt
import numpy as np
import pytest

import helpers
from helpers.figures import l02_nearest_resizing as w
from helpers.resize import interpolate
from helpers.widgets import render


def _ramp_sources(n_in, mode, **size_or_scale):
    """Source indices read off helpers.interpolate applied to the signal 0, 1, ..., n_in - 1."""
    ramp = np.arange(n_in, dtype=np.float32)[None, None]
    return interpolate(ramp, mode=mode, **size_or_scale)[0, 0].astype(int)


def test_documented_examples():
    assert helpers.resize.nearest_mapping(5, 3)["source"].tolist() == [0, 1, 3]
    assert helpers.resize.nearest_mapping(5, 3, mode="nearest-exact")["source"].tolist() == [0, 2, 4]


@pytest.mark.parametrize("mode", w.MODES)
def test_sources_follow_the_integer_formulas(mode):
    for n_in in range(1, 17):
        for n_out in range(1, 17):
            m = helpers.resize.nearest_mapping(n_in, n_out, mode=mode)
            i = np.arange(n_out)
            if mode == "nearest":
                expected = (i * n_in) // n_out
            else:
                expected = np.minimum(((2 * i + 1) * n_in) // (2 * n_out), n_in - 1)
            np.testing.assert_array_equal(m["source"], expected)
            np.testing.assert_array_equal(np.floor(m["position"]).clip(max=n_in - 1), expected)
            assert m["out_size"] == n_out and m["step"] == pytest.approx(n_in / n_out)
            assert m["counts"].sum() == n_out and len(m["counts"]) == n_in
            np.testing.assert_array_equal(m["dropped"], np.flatnonzero(m["counts"] == 0))


@pytest.mark.parametrize("mode", w.MODES)
@pytest.mark.parametrize("scale", [0.5, 0.75, 1.25, 1.5, 1.75, 2.0, 2.1, 2.5, 3.0])
def test_scale_factor_path_matches_interpolate_on_signals(mode, scale):
    for n_in in range(2, 11):
        m = helpers.resize.nearest_mapping(n_in, scale=scale, mode=mode)
        assert m["out_size"] == int(np.floor(n_in * scale))
        assert m["step"] == pytest.approx(1 / scale)
        np.testing.assert_array_equal(m["source"], _ramp_sources(n_in, mode, scale_factor=scale))


def test_size_and_scale_factor_differ_for_5_and_1_75():
    by_size = helpers.resize.nearest_mapping(5, 8)["source"].tolist()
    by_scale = helpers.resize.nearest_mapping(5, scale=1.75)["source"].tolist()
    assert by_size == [0, 0, 1, 1, 2, 3, 3, 4]
    assert by_scale == [0, 0, 1, 1, 2, 2, 3, 4]


def test_downsampling_drops_pixels():
    m = helpers.resize.nearest_mapping(8, 5)
    assert m["dropped"].tolist() == [2, 5, 7]
    assert helpers.resize.nearest_mapping(5, 8)["counts"].tolist() == [2, 2, 1, 2, 1]


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"in_size": 0, "out_size": 3}, ValueError),
        ({"in_size": 3.0, "out_size": 3}, TypeError),
        ({"in_size": 3}, ValueError),
        ({"in_size": 3, "out_size": 3, "scale": 1.0}, ValueError),
        ({"in_size": 3, "scale": 0.2}, ValueError),
        ({"in_size": 3, "scale": -1.0}, ValueError),
        ({"in_size": 3, "scale": "2"}, TypeError),
        ({"in_size": 3, "out_size": 2, "mode": "linear"}, ValueError),
    ],
)
def test_bad_arguments_are_rejected(kwargs, error):
    with pytest.raises(error):
        helpers.resize.nearest_mapping(**kwargs)


def test_draw_mapping_draws_one_arrow_per_output_and_hatches_dropped_inputs():
    fig, ax = plt.subplots()
    m = w.draw_mapping(ax, 8, out_size=5, mode="nearest-exact")
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == len(m["dropped"]) == 3
    assert sorted(int(p.get_x()) for p in hatched) == m["dropped"].tolist()
    cells = [c for c in ax.collections if len(c.get_paths()) == 5 + 5]  # read inputs + outputs
    assert len(cells) == 1
    arrows = [c for c in ax.collections if type(c).__name__ == "Quiver"]
    assert len(arrows) == 1 and arrows[0].N == 5
    assert len(ax.texts) == 8 + 5  # the index labels
    assert "never read" in ax.get_title()
    plt.close(fig)


def test_draw_repeat_blocks_and_mode_comparison():
    fig = render(w.draw_repeat_blocks, image=np.arange(1, 10).reshape(3, 3), factor=2)
    left, right = fig.axes
    assert left.images[0].get_array().shape == (3, 3) and right.images[0].get_array().shape == (6, 6)
    expected = np.kron(np.arange(1, 10).reshape(3, 3), np.ones((2, 2)))
    np.testing.assert_array_equal(right.images[0].get_array(), expected)
    plt.close(fig)
    fig = render(w.draw_mode_comparison, in_size=5, out_size=3)
    assert [ax.get_title().split(",")[0] for ax in fig.axes] == list(w.MODES)
    plt.close(fig)


@pytest.mark.parametrize("by", ["size", "scale_factor"])
def test_draw_nearest_resizes_both_axes(by):
    import matplotlib as mpl

    fig = render(lambda f: None, figsize=(10, 7))
    m = w.draw_nearest(fig, in_size=4, by=by, out_size=6, scale=1.5, mode="nearest")
    out = m["images"]["output"]
    image = np.arange(1, 17).reshape(4, 4)
    np.testing.assert_array_equal(out, interpolate(image[None, None], size=6)[0, 0])
    # the painted output grid shows those values on the input's colour scale
    pixels, box = m["layout"]["pixels"], m["layout"]["output"]
    cmap, norm = mpl.colormaps["cividis"], mpl.colors.Normalize(1, 16)
    for r, c in [(0, 0), (2, 3), (5, 5)]:
        px = pixels[box["y0"] + r * box["cell"] + 3, box["x0"] + c * box["cell"] + 3]
        np.testing.assert_allclose(px, cmap(norm(out[r, c]))[:3], atol=1e-6)
    assert m["title"].startswith("nearest, 4 -> 6")   # the mapping diagram on top
    fig.canvas.draw()                                  # the painted picture is what the figure shows
    shown = np.asarray(fig.canvas.buffer_rgba())[..., :3] / 255.0
    r, c = 5, 5
    y, x = box["y0"] + r * box["cell"] + 3, box["x0"] + c * box["cell"] + 3
    np.testing.assert_allclose(shown[y, x], cmap(norm(out[r, c]))[:3], atol=1 / 255)
    plt.close(fig)
    with pytest.raises(ValueError):
        render(w.draw_nearest, by="width")


def test_widget_builds_updates_and_redraws_fast(capsys):
    box = w.nearest_widget()
    c = box.controls
    assert set(c) == {"in_size", "by", "mode", "out_size", "scale"}
    for values in [{"in_size": 3}, {"out_size": 2}, {"mode": "nearest-exact"}, {"by": "scale_factor"},
                   {"scale": 0.55}, {"in_size": 8}, {"scale": 2.5}]:
        for name, value in values.items():
            c[name].value = value  # triggers update()
            assert c[name].value == value
    largest = statistics.median([box.update() for _ in range(5)])  # 8 -> 20 pixels, the largest picture
    c["in_size"].value, c["by"].value, c["mode"].value = 5, "size", "nearest"
    c["out_size"].value = 7
    default = statistics.median([box.update() for _ in range(5)])  # the picture a reader sees first
    print(f"w02 widget redraw median: default {default * 1000:.1f} ms, largest {largest * 1000:.1f} ms")
    plt.close("all")


# ---------------------------------------------------------------------- checks moved out of the lesson (issue #14)

from fractions import Fraction  # noqa: E402
from math import gcd  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SIZES = st.integers(1, 12)
FACTORS = st.integers(1, 4)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), SIZES, SIZES, FACTORS, FACTORS, st.booleans(), st.randoms())
def test_repeat_kron_and_interpolate_agree(n, c, h, w_, rh, rw, integer, rnd):
    """np.repeat on both axes == np.kron with a block of ones == helpers.interpolate (lesson 02, section 2)."""
    rng = np.random.default_rng(rnd.randrange(2**32))
    x = rng.integers(-9, 10, (n, c, h, w_)) if integer else rng.standard_normal((n, c, h, w_))
    expected = np.repeat(np.repeat(x, rh, axis=-2), rw, axis=-1)
    np.testing.assert_array_equal(np.kron(x, np.ones((1, 1, rh, rw), dtype=x.dtype)), expected)
    np.testing.assert_array_equal(interpolate(x, scale_factor=(rh, rw)), expected)


@settings(max_examples=100, deadline=None)
@given(SIZES, SIZES, FACTORS, FACTORS, st.sampled_from(w.MODES), st.randoms())
def test_transpose_is_sum_pooling(h, w_, rh, rw, mode, rnd):
    """The gradient of nearest resizing (PyTorch autograd) is M^T g; for integer factors, rh x rw sum pooling."""
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(rnd.randrange(2**32))
    g = rng.standard_normal((2, 3, h * rh, w_ * rw))
    x = torch.zeros((2, 3, h, w_), dtype=torch.float64, requires_grad=True)
    (F.interpolate(x, scale_factor=(rh, rw), mode=mode) * torch.from_numpy(g)).sum().backward()
    sum_pooled = g.reshape(2, 3, h, rh, w_, rw).sum(axis=(3, 5))
    np.testing.assert_allclose(x.grad.numpy(), sum_pooled, atol=1e-12)
    # any sizes, both modes: the gradient is M_h^T g M_w, the transpose of the interpolation matrices
    h_out, w_out = int(rng.integers(1, 13)), int(rng.integers(1, 13))
    g = rng.standard_normal((1, 1, h_out, w_out))
    x = torch.zeros((1, 1, h, w_), dtype=torch.float64, requires_grad=True)
    (F.interpolate(x, size=(h_out, w_out), mode=mode) * torch.from_numpy(g)).sum().backward()
    Mh = helpers.interpolation_matrix(h, h_out, mode)
    Mw = helpers.interpolation_matrix(w_, w_out, mode)
    np.testing.assert_allclose(x.grad.numpy()[0, 0], Mh.T @ g[0, 0] @ Mw, atol=1e-12)


def _centroid_shift(n_in, n_out, src):
    """Mean of (output pixel centre - centre of the input pixel it copies), in input pixels, exactly."""
    return sum(Fraction((2 * i + 1) * n_in, 2 * n_out) - (int(j) + Fraction(1, 2)) for i, j in enumerate(src)) / n_out


def test_nearest_moves_content_down_right():
    """'nearest' samples up-left of the pixel centre, so the picture moves down-right (lesson 02, section 6).

    For every pair of lengths 1..16, in PyTorch's 2-D output: each output reads the same pixel as
    nearest-exact or the one before it; the mean shift of the content along each axis is exactly
    (n_in - gcd(n_in, n_out)) / (2 n_out) input pixels (> 0 unless n_out is a multiple of n_in), and
    nearest-exact's stays within half an input pixel.
    """
    import torch
    import torch.nn.functional as F

    for n_in in range(1, 17):
        for n_out in range(1, 17):
            rows = torch.arange(n_in, dtype=torch.float32)[:, None].repeat(1, n_in)[None, None]
            src = {}
            for mode in w.MODES:
                out = F.interpolate(rows, size=(n_out, n_out), mode=mode)[0, 0]
                src[mode] = out[:, 0].long().numpy()                      # the source row of each output row
                cols = F.interpolate(rows.transpose(2, 3), size=(n_out, n_out), mode=mode)[0, 0]
                np.testing.assert_array_equal(cols[0].long().numpy(), src[mode])  # columns move the same way
            assert np.all(src["nearest"] <= src["nearest-exact"])
            shift = _centroid_shift(n_in, n_out, src["nearest"])
            assert shift == Fraction(n_in - gcd(n_in, n_out), 2 * n_out)
            assert (shift > 0) == (n_out % n_in != 0)
            assert abs(_centroid_shift(n_in, n_out, src["nearest-exact"])) <= Fraction(1, 2)


def test_exercise_references_match_the_frameworks():
    """Exercise 1's reference is PyTorch's 5-D nearest and Keras's UpSampling3D; exercise 4's answer is TF's."""
    import keras
    import tensorflow as tf
    import torch
    import torch.nn.functional as F

    from helpers.exercises import l02_nearest_resizing as ex

    rng = np.random.default_rng(2)
    for shape, factors in [((1, 2, 3, 4, 5), (2, 1, 3)), ((2, 1, 2, 2, 1), (1, 3, 2)), ((1, 1, 1, 3, 3), (3, 3, 3))]:
        x = rng.standard_normal(shape).astype(np.float32)
        expected = ex.upsample_volume(x, factors)
        by_torch = F.interpolate(torch.from_numpy(x), scale_factor=factors, mode="nearest").numpy()
        np.testing.assert_array_equal(by_torch, expected)
        by_keras = keras.layers.UpSampling3D(size=factors)(np.moveaxis(x, 1, -1))
        np.testing.assert_array_equal(np.moveaxis(keras.ops.convert_to_numpy(by_keras), -1, 1), expected)
    column = np.arange(7, dtype=np.float32).reshape(7, 1, 1)
    kept = tf.image.resize(column, (3, 1), method="nearest").numpy()[:, 0, 0].astype(int).tolist()
    assert ", ".join(map(str, kept)) == ex._KEPT[ex._kept_letter()]
    for n_in, n_out in [(5, 8), (8, 5), (30, 22), (4, 6)]:
        for mode in w.MODES:
            M = helpers.interpolation_matrix(n_in, n_out, mode)
            np.testing.assert_array_equal(ex.copy_counts(n_in, n_out, mode), M.sum(axis=0))
