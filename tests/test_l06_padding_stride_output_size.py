"""Lesson 06: the output-size widget's compute and draw functions (fast, no torch/tensorflow)."""

import itertools
import statistics

import matplotlib.pyplot as plt
import numpy as np
import pytest

import helpers
from helpers.exercises.l06_padding_stride_output_size import conv_transpose_output_size as formula
from helpers.widgets import render
from helpers.widgets import w06_padding_stride_output_size as w

VALID = [
    (i, k, s, p, a)
    for i, k, s, p in itertools.product(range(1, 7), range(1, 6), range(1, 5), range(0, 5))
    for a in range(s)
    if formula(i, k, s, p, a) >= 1
]


def test_documented_examples():
    g = w.transpose_geometry(3, 3, 2, p=1, output_padding=1)
    assert g["size"] == 6 and g["full"] == 7
    assert g["full_counts"].tolist() == [1, 1, 2, 1, 2, 1, 1]
    assert g["counts"].tolist() == [1, 2, 1, 2, 1, 1]
    assert g["window"] == (1, 7) and g["added"] == (6, 7)
    assert g["formula"] == "(3-1)·2 - 2·1 + (3-1) + 1 + 1 = 6"
    assert w.transpose_geometry(3, 3, 2, output_padding=2)["message"].startswith(
        "output_padding must be smaller than stride")


def test_d2l_example_counts():
    # d2l's 2x2 kernel at stride 1 on a 2x2 input: the centre pixel is hit 4 times, the corners once
    g = w.transpose_geometry(2, 2, 1)
    np.testing.assert_array_equal(np.outer(g["counts"], g["counts"]), [[1, 2, 1], [2, 4, 2], [1, 2, 1]])


@pytest.mark.parametrize("i, k, s, p, a", VALID[::7])
def test_size_and_counts_match_the_reference_library(i, k, s, p, a):
    g = w.transpose_geometry(i, k, s, p, a)
    assert g["valid"] and g["message"] == ""
    assert g["size"] == formula(i, k, s, p, a) == helpers.conv_transpose_output_size(i, k, s, p, a)
    assert len(g["counts"]) == g["size"] and g["full_counts"].sum() == i * k
    ones = helpers.conv_transpose2d(np.ones((1, 1, i, i)), np.ones((1, 1, k, k)), stride=s, padding=p,
                                    output_padding=a)[0, 0]
    np.testing.assert_array_equal(np.outer(g["counts"], g["counts"]), ones)


def test_every_valid_setting_is_consistent():
    for i, k, s, p, a in VALID:
        g = w.transpose_geometry(i, k, s, p, a)
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
    g = w.transpose_geometry(*args)
    assert not g["valid"] and words in g["message"] and g["counts"].size == 0
    values = dict(zip(["i", "k", "s", "p", "output_padding"], args))
    fig = render(w.draw_geometry, figsize=(11, 4.6), **values)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert any(words in t.replace("\n", " ") for t in texts)
    assert fig._suptitle.get_text().endswith(f"= {formula(*args)}")
    plt.close(fig)


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
        w.transpose_geometry(**kwargs)


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


def test_draw_geometry_grid_is_the_outer_product():
    fig = render(w.draw_geometry, figsize=(11, 4.6), i=4, k=3, s=2, p=1, output_padding=1)
    g = w.transpose_geometry(4, 3, 2, 1, 1)
    image = fig.axes[1].images[0].get_array()
    np.testing.assert_array_equal(image, np.outer(g["counts"], g["counts"]))
    assert "= 8" in fig._suptitle.get_text()
    plt.close(fig)
    fig = render(w.draw_geometry, figsize=(11, 4.6), i=6, k=5, s=4, p=0, output_padding=3)   # large grid
    assert fig.axes[1].images[0].get_array().shape == (28, 28)
    plt.close(fig)


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
