"""Lesson 09: the overlap widget's compute and draw functions, and the exercise references (no torch/TF)."""

import itertools
import statistics

import matplotlib.pyplot as plt
import numpy as np
import pytest

import helpers
from helpers.artifacts import overlap_count, overlap_count_2d
from helpers.exercises import l09_checkerboard_artifacts as ex
from helpers.figures import l09_checkerboard_artifacts as w
from helpers.widgets import render


def test_documented_examples():
    assert helpers.artifacts.interior_pattern(3, 2) == [2, 1]
    assert helpers.artifacts.interior_pattern(4, 2) == [2, 2]
    assert helpers.artifacts.interior_pattern(1, 3) == [1, 0, 0]
    g = w._overlap_picture(3, 3, 2)
    assert g["counts"].tolist() == [1, 1, 2, 1, 2, 1, 1] and g["pattern"] == [2, 1]
    assert not g["even"] and g["ratio"] == 4.0


@pytest.mark.parametrize("n, k, s", list(itertools.product(range(2, 7), range(1, 8), range(1, 5))))
def test_overlap_picture_is_consistent(n, k, s):
    g = w._overlap_picture(n, k, s)
    copies = g["copies"]
    assert copies.shape == (n, (n - 1) * s + k)
    assert (copies.sum(axis=1) == k).all()                          # every copy is k long
    np.testing.assert_array_equal(copies.sum(axis=0), g["counts"])
    np.testing.assert_array_equal(g["counts"], overlap_count(n, k, s))
    np.testing.assert_array_equal(g["counts_2d"], overlap_count_2d((n, n), k, s))
    assert g["even"] == (k % s == 0)
    interior = g["counts"][k - 1 : (n - 1) * s + 1]
    if interior.size >= s:                                          # the interior shows every phase
        t = np.arange(k - 1, (n - 1) * s + 1)
        np.testing.assert_array_equal(interior, np.array(g["pattern"])[t % s])
    lo, hi = min(g["pattern"]), max(g["pattern"])
    assert g["ratio"] == (float("inf") if lo == 0 else hi**2 / lo**2)


@pytest.mark.parametrize("k, s", [(0, 2), (3, 0)])
def test_bad_arguments_are_rejected(k, s):
    with pytest.raises(ValueError):
        helpers.artifacts.interior_pattern(k, s)
    with pytest.raises(ValueError):
        w._overlap_picture(3, k, s)


@pytest.mark.parametrize("n, k, s", [(4, 3, 2), (6, 7, 4), (2, 1, 3), (3, 4, 2), (6, 1, 1)])
def test_draw_overlap_paints_the_copies_and_the_counts(n, k, s):
    fig = render(w.draw_overlap, figsize=(10, 4.4), n=n, k=k, s=s)
    assert len(fig.axes) == 1 and len(fig.axes[0].images) == 1 and not fig.texts   # one painted image: fast
    g = w.draw_overlap(plt.figure(figsize=(10, 4.4)), n=n, k=k, s=s)
    lay = g["layout"]
    big = lay["copies"]
    top = max(g["counts"].max(), 1)
    assert big.shape == (10 * (n + 1 + top), 10 * g["counts"].size, 3)      # cells of 10 x 10 pixels
    rgb = big[5::10, 5::10]                                                 # one pixel from the middle of each cell
    covered = (np.asarray(rgb[:n]) < 0.999).any(axis=2)
    np.testing.assert_array_equal(covered, g["copies"] > 0)
    stacked = (np.asarray(rgb[n + 1:]) < 0.999).any(axis=2).sum(axis=0)   # cells painted per column
    np.testing.assert_array_equal(stacked, g["counts"])
    x0, y0, x1, y1 = lay["boxes"][1]                                        # the count map, one colour per count
    c = lay["cell"]
    shades = lay["pixels"][y0 + c // 2:y1:c, x0 + c // 2:x1:c]
    levels = {int(v): tuple(np.round(shades[i, j], 4)) for (i, j), v in np.ndenumerate(g["counts_2d"])}
    assert len(set(levels.values())) == len(levels)
    assert " ".join(map(str, g["counts"])) in lay["texts"][1]
    assert str(g["pattern"]) in lay["texts"][3]
    plt.close("all")


def test_exercise_reference_equals_the_library():
    for i, k, s in itertools.product(range(1, 7), range(1, 7), range(1, 5)):
        np.testing.assert_array_equal(ex.overlap_count_1d(i, k, s), overlap_count(i, k, s))
    i, k, s = ex.PREDICT_I, ex.PREDICT_K, ex.PREDICT_S
    by_hand = np.zeros((i - 1) * s + k, dtype=int)
    for n in range(i):                                  # input n adds one tap to each of n*s .. n*s + k - 1
        by_hand[n * s:n * s + k] += 1
    assert ex._predicted().tolist() == by_hand.tolist()
    assert ex._even_kernels() == (3, 6, 9)
    assert ex._CONFIGS[ex._artifact_free()] == ("resize", 3)      # nearest + conv is the artifact-free layer


def test_widget_builds_and_redraws():
    box = w.overlap_widget()
    c = box.controls
    assert set(c) == {"n", "k", "s"}
    for name, value in [("n", 6), ("k", 7), ("s", 4), ("k", 1), ("n", 2), ("s", 1)]:
        c[name].value = value
        assert c[name].value == value
    times = [box.update() for _ in range(5)]
    print(f"w09 widget redraw median: {statistics.median(times) * 1000:.1f} ms")
    assert len(box.image.value) > 1000
    plt.close("all")
