"""Lesson 06: the output-size widget's compute and draw functions (fast, no torch/tensorflow)."""

import itertools
import statistics

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb

import helpers
from helpers.exercises.l06_padding_stride_output_size import conv_transpose_output_size as formula
from helpers.figures import l06_padding_stride_output_size as w
from helpers.style import PALETTE
from helpers.widgets import render

VALID = [
    (i, k, s, p, a)
    for i, k, s, p in itertools.product(range(1, 7), range(1, 6), range(1, 5), range(0, 5))
    for a in range(s)
    if formula(i, k, s, p, a) >= 1
]


def test_documented_examples():
    g = helpers.conv.transpose_geometry(3, 3, 2, p=1, output_padding=1)
    assert g["size"] == 6 and g["full"] == 7
    assert g["full_counts"].tolist() == [1, 1, 2, 1, 2, 1, 1]
    assert g["counts"].tolist() == [1, 2, 1, 2, 1, 1]
    assert g["window"] == (1, 7) and g["added"] == (6, 7)
    assert g["formula"] == "(3-1)·2 - 2·1 + (3-1) + 1 + 1 = 6"
    assert helpers.conv.transpose_geometry(3, 3, 2, output_padding=2)["message"].startswith(
        "output_padding must be smaller than stride")


def test_d2l_example_counts():
    # d2l's 2x2 kernel at stride 1 on a 2x2 input: the centre pixel is hit 4 times, the corners once
    g = helpers.conv.transpose_geometry(2, 2, 1)
    np.testing.assert_array_equal(np.outer(g["counts"], g["counts"]), [[1, 2, 1], [2, 4, 2], [1, 2, 1]])


@pytest.mark.parametrize("i, k, s, p, a", VALID[::7])
def test_size_and_counts_match_the_reference_library(i, k, s, p, a):
    g = helpers.conv.transpose_geometry(i, k, s, p, a)
    assert g["valid"] and g["message"] == ""
    assert g["size"] == formula(i, k, s, p, a) == helpers.conv_transpose_output_size(i, k, s, p, a)
    assert len(g["counts"]) == g["size"] and g["full_counts"].sum() == i * k
    ones = helpers.conv_transpose2d(np.ones((1, 1, i, i)), np.ones((1, 1, k, k)), stride=s, padding=p,
                                    output_padding=a)[0, 0]
    np.testing.assert_array_equal(np.outer(g["counts"], g["counts"]), ones)


def test_every_valid_setting_is_consistent():
    for i, k, s, p, a in VALID:
        g = helpers.conv.transpose_geometry(i, k, s, p, a)
        assert g["size"] == g["full"] - 2 * p + a == formula(i, k, s, p, a)
        lo, hi = g["window"]
        assert hi - lo == g["size"]
        # where the output stays inside the full output it is a slice of it; beyond, zeros
        inside = min(hi, g["full"]) - lo
        np.testing.assert_array_equal(g["counts"][:inside], g["full_counts"][lo : lo + inside])
        assert not g["counts"][inside:].any()
        assert g["added"][1] - g["added"][0] == a


@pytest.mark.parametrize(
    "args, words",
    [
        ((3, 3, 2, 0, 2), "smaller than stride"),
        ((3, 3, 1, 0, 1), "smaller than stride"),
        ((2, 1, 1, 2, 0), "not positive"),
        ((1, 1, 1, 1, 0), "not positive"),
    ],
)
def test_invalid_settings_give_a_message_not_an_error(args, words):
    g = helpers.conv.transpose_geometry(*args)
    assert not g["valid"] and words in g["message"] and g["counts"].size == 0
    values = dict(zip(["i", "k", "s", "p", "output_padding"], args))
    fig = render(w.draw_geometry, figsize=(11, 4.6), **values)
    painted = w.draw_geometry(render(lambda f: None, figsize=(11, 4.6)), **values)
    assert painted["title"].endswith(f"= {formula(*args)}") and words in painted["message"]
    pixels = painted["layout"]["pixels"]
    vermillion = np.array(to_rgb(PALETTE["vermillion"]))
    middle = pixels[pixels.shape[0] // 3: 2 * pixels.shape[0] // 3]
    assert (np.abs(middle - vermillion).sum(axis=2) < 0.05).sum() > 200   # the message is painted
    assert len(fig.axes) == 1   # one image, no grid
    plt.close("all")


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"i": 0, "k": 3, "s": 1}, ValueError),
        ({"i": 3, "k": 0, "s": 1}, ValueError),
        ({"i": 3, "k": 3, "s": 0}, ValueError),
        ({"i": 3, "k": 3, "s": 1, "p": -1}, ValueError),
        ({"i": 3, "k": 3, "s": 1, "output_padding": -1}, ValueError),
        ({"i": 3.0, "k": 3, "s": 1}, TypeError),
        ({"i": 3, "k": True, "s": 1}, TypeError),
    ],
)
def test_bad_arguments_are_rejected(kwargs, error):
    with pytest.raises(error):
        helpers.conv.transpose_geometry(**kwargs)


def test_draw_strip_labels_every_kernel_copy_and_every_count():
    fig, ax = plt.subplots()
    g = w.draw_strip(ax, 3, 3, 2, 1, 1)
    texts = [t.get_text() for t in ax.texts]
    assert [t for t in texts if t.startswith("x[")] == ["x[0]·K", "x[1]·K", "x[2]·K"]
    extent = max(g["full"], g["window"][1])
    assert len(texts) == 3 + 2 * extent + g["size"] + 2   # labels, counts and positions, output, row names
    hatched = [c for c in ax.collections if c.get_hatch()]
    assert len(hatched) == 1 and len(hatched[0].get_paths()) == 1   # p=1 crops one at the start, and
    # output_padding=1 gives the end one back
    plt.close(fig)


def _geometry(**values):
    fig = render(lambda f: None, figsize=(11, 4.6))
    return w.draw_geometry(fig, **values)


def test_draw_geometry_grid_is_the_outer_product():
    import matplotlib as mpl

    painted = _geometry(i=4, k=3, s=2, p=1, output_padding=1)
    g = helpers.conv.transpose_geometry(4, 3, 2, 1, 1)
    counts = np.outer(g["counts"], g["counts"])
    np.testing.assert_array_equal(painted["counts_2d"], counts)
    assert painted["title"].endswith("= 8")
    # each painted cell of the grid has the colour of its count on the shared scale
    pixels, grid = painted["layout"]["pixels"], painted["layout"]["grid"]
    cmap, norm = mpl.colormaps["cividis"], mpl.colors.Normalize(0, counts.max())
    for r, c in [(0, 0), (1, 1), (3, 2), (7, 7)]:
        y = grid["y0"] + r * grid["cell"] + 3
        x = grid["x0"] + c * grid["cell"] + 3
        np.testing.assert_allclose(pixels[y, x], cmap(norm(counts[r, c]))[:3], atol=1e-5)
    # the output row of the strip: one sky-blue cell per output pixel
    strip = painted["layout"]["strip"]
    sky = np.array(to_rgb(PALETTE["sky"]))
    for x in range(*g["window"]):
        px = pixels[strip["output"] + 7, strip["left"] + x * strip["cell"] + 7]   # inside any red outline
        np.testing.assert_allclose(px, sky, atol=1e-5)
    big = _geometry(i=6, k=5, s=4, p=0, output_padding=3)   # large grid
    assert big["counts_2d"].shape == (28, 28)
    plt.close("all")


def test_draw_crop_reproduces_d2l():
    X = np.array([[0.0, 1.0], [2.0, 3.0]])
    fig = render(w.draw_crop, figsize=(9, 2.8), X=X, K=X, stride=1, padding=1)
    arrays = [ax.images[0].get_array() for ax in fig.axes]
    np.testing.assert_array_equal(arrays[2], [[0, 0, 1], [0, 4, 6], [4, 12, 9]])
    np.testing.assert_array_equal(arrays[3], [[4]])
    plt.close(fig)


def test_draw_windows_draws_one_bar_per_window():
    fig, ax = plt.subplots()
    w.draw_windows(ax, np.arange(9.0), {"a": (0, 8), "b": (1, 9)}, title="t")
    bars = [p for p in ax.patches if p.get_alpha() is not None]
    assert len(bars) == 2 and [round(b.get_width(), 2) for b in bars] == [7.9, 7.9]
    assert any("positions 1..8" in t.get_text() for t in ax.texts)
    plt.close(fig)


def test_widget_builds_updates_and_redraws_fast():
    box = w.padding_widget()
    c = box.controls
    assert set(c) == {"i", "k", "s", "p", "output_padding"}
    for values in [{"output_padding": 2}, {"s": 3}, {"p": 4}, {"i": 1}, {"i": 6, "k": 5, "s": 4, "p": 0},
                   {"output_padding": 3}]:
        for name, value in values.items():
            c[name].value = value  # triggers update()
            assert c[name].value == value
    largest = statistics.median([box.update() for _ in range(5)])  # 28 x 28 output, the largest picture
    c["i"].value, c["k"].value, c["s"].value, c["p"].value, c["output_padding"].value = 3, 3, 2, 1, 1
    default = statistics.median([box.update() for _ in range(5)])  # the picture a reader sees first
    print(f"w06 widget redraw median: default {default * 1000:.1f} ms, largest {largest * 1000:.1f} ms")
    plt.close("all")


def test_paint_grid_paints_show_grid_colours_values_and_title():
    """The shared painter behind the fast widgets (helpers.widgets.paint_grid) matches show_grid's colours."""
    import matplotlib as mpl

    from helpers.widgets import Raster, paint_grid

    fig = render(lambda f: None, figsize=(4, 3))
    raster = Raster(fig)
    a = np.array([[0.0, 1.5], [3.0, 4.0]])
    box = paint_grid(raster, a, 40, 50, 60, title="t", vmin=0, vmax=4)
    assert (box["x1"] - box["x0"], box["y1"] - box["y0"]) == (120, 120)
    cmap, norm = mpl.colormaps["cividis"], mpl.colors.Normalize(0, 4)
    for (r, c), v in np.ndenumerate(a):
        np.testing.assert_allclose(raster.pixels[50 + r * 60 + 4, 40 + c * 60 + 4], cmap(norm(v))[:3], atol=1e-6)
        cell = raster.pixels[50 + r * 60 + 15: 50 + r * 60 + 45, 40 + c * 60 + 15: 40 + c * 60 + 45]
        assert np.ptp(cell, axis=(0, 1)).max() > 0.3   # a value is written in the middle of every cell
    above = raster.pixels[20:48, 40:160]
    assert (above < 0.5).any()                          # the title
    raster.show()
    assert len(fig.axes) == 1 and fig.axes[0].images[0].get_array().shape == (300, 400, 4)   # one image
    plt.close(fig)
