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
