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
