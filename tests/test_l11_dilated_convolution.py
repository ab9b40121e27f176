"""Lesson 11: the receptive-field widget's compute and draw functions, and the exercise references (no torch/TF)."""

import itertools
import statistics

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb

import helpers
from helpers.exercises import l11_dilated_convolution as ex
from helpers.figures import l11_dilated_convolution as w
from helpers.receptive import influence, receptive_field
from helpers.widgets import render


def test_documented_example_and_lesson_numbers():
    g = helpers.receptive.describe_stack(3, (2, 2, 2))
    assert g["sizes"] == [5, 9, 13] and g["holes"] == 6 and round(g["hole_fraction"], 2) == 0.71
    assert np.count_nonzero(g["map"]) == 49 and g["map"].shape == (13, 13)
    g = helpers.receptive.describe_stack(3, (1, 2, 3))
    assert g["holes"] == 0 and g["hole_fraction"] == 0.0 and g["map"].min() > 0
    g = helpers.receptive.describe_stack()                                  # the widget's default: 1, 2, 4, 8
    assert g["sizes"] == [3, 7, 15, 31] and g["plain_sizes"] == [3, 5, 7, 9] and g["jumps"] == [1, 1, 1, 1]
    g = helpers.receptive.describe_stack(3, (2, 2, 2), stride=2)
    assert g["sizes"] == [5, 13, 21] and g["jumps"] == [2, 2, 2] and g["holes"] == 10


@pytest.mark.parametrize("k, rates, s", [(k, rates, s) for k, s in itertools.product((1, 2, 3, 5), (1, 2, 3))
                                         for rates in ((1,), (2, 2), (1, 2, 4, 8), (8, 1, 3), (2, 4, 8))])
def test_describe_stack_is_the_receptive_module(k, rates, s):
    g = helpers.receptive.describe_stack(k, rates, s)
    layers = [(k, s if i == 0 else 1, d, d * (k - 1) // 2) for i, d in enumerate(rates)]
    assert g["layers"] == layers
    assert g["sizes"] == [f.size for f in receptive_field(layers)]
    assert g["plain_sizes"] == [f.size for f in receptive_field([(k, s_, 1) for k, s_, _, _ in layers])]
    np.testing.assert_array_equal(g["counts"], influence(layers))
    np.testing.assert_array_equal(g["map"], np.outer(g["counts"], g["counts"]))
    assert g["holes"] == int((g["counts"] == 0).sum())
    assert g["hole_fraction"] == pytest.approx(np.mean(g["map"] == 0))


@pytest.mark.parametrize("kwargs, error", [({"kernel": 0}, ValueError), ({"dilations": ()}, ValueError),
                                           ({"dilations": (1, 0)}, ValueError), ({"stride": 0}, ValueError),
                                           ({"dilations": "12"}, ValueError), ({"dilations": (1.5,)}, TypeError),
                                           ({"kernel": 3.0}, TypeError)])
def test_bad_arguments_are_rejected(kwargs, error):
    with pytest.raises(error):
        helpers.receptive.describe_stack(**kwargs)


def test_influence_rgb_paints_holes_white_and_counts_by_colour():
    rgb = w._influence_rgb(np.array([[0, 1], [2, 4]]))
    assert rgb.shape == (2, 2, 3)
    np.testing.assert_allclose(rgb[0, 0], w.HOLE)
    assert rgb[0, 1].sum() < rgb[1, 0].sum() < rgb[1, 1].sum()          # cividis gets lighter with the count
    assert np.all(rgb[[0, 1, 1], [1, 0, 1]] < 0.999)                      # no counted pixel looks like a hole
    flat = w._influence_rgb(np.ones((3, 3)))
    np.testing.assert_allclose(flat, np.broadcast_to(w._influence_rgb(np.ones((1, 1)))[0, 0], (3, 3, 3)))


def test_draw_influence_draws_the_map_and_outlines_the_centre():
    fig, ax = plt.subplots()
    m = helpers.receptive.describe_stack(3, (2, 2, 2))["map"]
    w.draw_influence(ax, m, "title")
    np.testing.assert_allclose(ax.images[0].get_array(), w._influence_rgb(m))
    centre = ax.patches[0]
    assert centre.get_xy() == (5.5, 5.5)
    assert to_rgb(centre.get_edgecolor()) == to_rgb(helpers.style.PALETTE["vermillion"])
    assert ax.get_title() == "title"
    plt.close(fig)


@pytest.mark.parametrize("values", [{}, {"kernel": 5, "layers": 4, "stride": 3, "d1": 8, "d2": 8, "d3": 8, "d4": 8},
                                    {"kernel": 1, "layers": 1}, {"layers": 2, "d1": 2, "d2": 2}])
def test_draw_stack_shows_the_chosen_stack(values):
    fig = render(w.draw_stack, figsize=(8.5, 3.8), **values)
    args = {"kernel": 3, "layers": 4, "stride": 1, "d1": 1, "d2": 2, "d3": 4, "d4": 8, **values}
    rates = tuple(args[f"d{i}"] for i in range(1, args["layers"] + 1))
    g = helpers.receptive.describe_stack(args["kernel"], rates, args["stride"])
    assert len(fig.axes) == 1 and len(fig.axes[0].images) == 1 and not fig.texts   # one painted image
    assert len(fig.axes[0].lines) == 2                                             # + the two growth curves
    shown = w.draw_stack(plt.figure(figsize=(8.5, 3.8)), **values)
    lay = shown["layout"]
    x0, y0, side = lay["map"]
    index = np.arange(side) * g["map"].shape[0] // side                             # the map, sampled per cell
    R = g["map"].shape[0]
    centres = ((np.arange(R) + 0.5) * side / R).astype(int)
    if R <= side // 3:
        np.testing.assert_allclose(lay["pixels"][y0 + centres[:, None], x0 + centres[None, :]],
                                   w._influence_rgb(g["map"])[index[centres]][:, index[centres]], atol=1e-6)
    assert lay["curves"] == [g["plain_sizes"], g["sizes"]]
    assert f"field {g['sizes'][-1]}x{g['sizes'][-1]}" in lay["titles"][0]
    assert lay["labels"] == [str(v) for v in g["sizes"]]
    plt.close("all")


def test_exercise_references_equal_the_library():
    rng = np.random.default_rng(11)
    for kh, kw, d in itertools.product(range(1, 5), range(1, 5), range(1, 5)):
        K = rng.standard_normal((kh, kw))
        np.testing.assert_array_equal(ex.dilate_kernel(K, d), helpers.dilate_kernel(K, d))
    for _ in range(50):
        layers = [tuple(int(v) for v in rng.integers(1, [6, 3, 5])) for _ in range(int(rng.integers(1, 5)))]
        assert ex.receptive_field_sizes(layers) == [f.size for f in receptive_field(layers)]


def test_widget_builds_disables_unused_layers_and_redraws():
    box = w.receptive_field_widget()
    c = box.controls
    assert set(c) == {"kernel", "layers", "stride", "d1", "d2", "d3", "d4"}
    assert not any(c[f"d{i}"].disabled for i in range(1, 5))
    c["layers"].value = 2
    assert c["d3"].disabled and c["d4"].disabled and not c["d2"].disabled
    c["layers"].value = 4
    assert not c["d4"].disabled
    for name, value in [("kernel", 5), ("stride", 3), ("d1", 8), ("d4", 1), ("layers", 1)]:
        c[name].value = value
        assert c[name].value == value
    times = [box.update() for _ in range(3)]
    print(f"w11 widget redraw median {statistics.median(times) * 1000:.1f} ms")
    plt.close("all")
