"""Lesson 07: the convolution-matrix widget's compute and draw functions (fast, no torch/tensorflow)."""

import itertools
import statistics

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb

import helpers
from helpers.exercises.l07_transposed_conv_as_matrix import conv_matrix as exercise_conv_matrix
from helpers.figures import l07_transposed_conv_as_matrix as w
from helpers.style import PALETTE
from helpers.widgets import render

SETTINGS = [(n, k, s, p) for n, k, s, p in itertools.product(range(1, 7), range(1, 4), range(1, 3), range(2))
            if n + 2 * p >= k]


def test_documented_examples():
    g = helpers.conv.conv_matrix_ids(3, 2)
    assert g["valid"] and g["shape"] == (4, 9) and g["nnz"] == 16 and g["out"] == 2
    assert g["ids"][0].tolist() == [0, 1, -1, 2, 3, -1, -1, -1, -1]
    r = helpers.conv.pixel_reads(4, 3, 1, 0, 3)
    assert r["position"] == (1, 1) and r["start"] == (1, 1)
    assert r["row_ids"][1:, 1:].tolist() == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    assert w._weight_label(0, 1) == "w01" and w._weight_label(10, 2) == "w10,2"


def test_the_colours_are_okabe_ito_plus_grey_and_all_distinct():
    assert len(set(w.WEIGHT_COLOURS)) == 9
    assert set(w.WEIGHT_COLOURS) - set(PALETTE.values()) == {"#999999"}
    assert {w._weight_colour(a, b) for a in range(3) for b in range(3)} == set(w.WEIGHT_COLOURS)
    assert w._weight_colour(1, 1) == PALETTE["blue"]          # a tap keeps its colour for every kernel size


@pytest.mark.parametrize("n, k, s, p", SETTINGS)
def test_ids_say_which_weight_each_entry_of_V_holds(n, k, s, p):
    g = helpers.conv.conv_matrix_ids(n, k, s, p)
    K = np.random.default_rng(n * 100 + k * 10 + s + p).uniform(1, 2, (k, k))   # no zero weights
    V = helpers.conv_matrix(K, (n, n), stride=s, padding=p)
    assert g["shape"] == V.shape and g["out"] == helpers.conv_output_size(n, k, s, p)
    np.testing.assert_array_equal(np.where(g["ids"] >= 0, K.ravel()[g["ids"]], 0.0), V)
    assert g["nnz"] == np.count_nonzero(V) and g["density"] == pytest.approx(np.count_nonzero(V) / V.size)
    np.testing.assert_array_equal(g["rows"] * k + g["cols"], np.where(g["ids"] >= 0, g["ids"], -k - 1))


def test_an_invalid_setting_gives_a_message_not_an_error():
    g = helpers.conv.conv_matrix_ids(1, 3, 1, 0)
    assert not g["valid"] and "does not fit" in g["message"] and g["ids"].size == 0
    with pytest.raises(ValueError, match="does not fit"):
        helpers.conv.pixel_reads(1, 3, 1, 0, 0)
    fig = render(w.draw_conv_matrix, figsize=(11, 6.8), n=1, k=3)
    assert "does not fit" in fig._suptitle.get_text()
    plt.close(fig)


@pytest.mark.parametrize(
    "kwargs, error",
    [({"n": 0, "k": 1}, ValueError), ({"n": 3, "k": 0}, ValueError), ({"n": 3, "k": 1, "stride": 0}, ValueError),
     ({"n": 3, "k": 1, "padding": -1}, ValueError), ({"n": 3.0, "k": 1}, TypeError)],
)
def test_bad_arguments_are_rejected(kwargs, error):
    with pytest.raises(error):
        helpers.conv.conv_matrix_ids(**kwargs)


@pytest.mark.parametrize("n, k, s, p", SETTINGS[::3])
def test_pixel_reads_is_the_row_of_V(n, k, s, p):
    g = helpers.conv.conv_matrix_ids(n, k, s, p)
    for pixel in range(g["shape"][0]):
        r = helpers.conv.pixel_reads(n, k, s, p, pixel)
        inside = {(i, j): a * k + b for a, b, i, j, ok in r["taps"] if ok}
        row = g["ids"][pixel].reshape(n, n)
        np.testing.assert_array_equal(r["row_ids"], row)
        assert {tuple(map(int, c)): int(row[tuple(c)]) for c in np.argwhere(row >= 0)} == inside
        assert len(r["taps"]) == k * k
    for pixel in (-1, g["shape"][0]):                                      # outside [0, out * out)
        with pytest.raises(ValueError, match="pixel must be"):
            helpers.conv.pixel_reads(n, k, s, p, pixel)


def test_ids_to_rgb_paints_weights_and_leaves_zeros_white():
    ids = np.array([[0, -1], [8, 4]])
    rgb = w._ids_to_rgb(ids, 3)
    assert rgb.shape == (2, 2, 3)
    np.testing.assert_allclose(rgb[0, 1], 1.0)
    np.testing.assert_allclose(rgb[0, 0], to_rgb(PALETTE["orange"]))
    np.testing.assert_allclose(rgb[1, 0], to_rgb(PALETTE["black"]))
    np.testing.assert_allclose(rgb[1, 1], to_rgb(PALETTE["blue"]))


def test_draw_matrix_pair_labels_every_non_zero():
    fig = render(w.draw_matrix_pair, figsize=(10, 7.4), n=4, k=3)
    v_ax, vt_ax = fig.axes[0], fig.axes[1]
    g = helpers.conv.conv_matrix_ids(4, 3)
    assert len(fig.axes) == 5
    assert len([t for t in v_ax.texts if t.get_text().startswith("w")]) == g["nnz"] == 36
    assert len(vt_ax.texts) == 36
    assert [t.get_text() for t in v_ax.get_yticklabels()] == ["y00", "y01", "y10", "y11"]
    assert [t.get_text() for t in vt_ax.get_xticklabels()] == ["y00", "y01", "y10", "y11"]
    assert v_ax.get_xticklabels()[5].get_text() == "x11"
    np.testing.assert_allclose(v_ax.images[0].get_array(), w._ids_to_rgb(g["ids"], 3))
    np.testing.assert_allclose(vt_ax.images[0].get_array(), w._ids_to_rgb(g["ids"].T, 3))
    assert "4 x 16" in v_ax.get_title() and "16 x 4" in vt_ax.get_title()
    plt.close(fig)


def _cell_colour(pixels, corner, cell, r, c):
    x0, y0 = corner
    dy = 0.2 if cell >= 20 else 0.5          # big cells carry a centred label: sample above it, below the outline
    return pixels[int(y0 + (r + dy) * cell), int(x0 + (c + 0.5) * cell)]


@pytest.mark.parametrize("n, k, s, p, pixel", [(4, 3, 1, 0, 3), (5, 3, 2, 1, 4), (6, 1, 1, 1, 0), (6, 3, 1, 1, 14),
                                               (3, 2, 1, 0, 2)])
def test_draw_conv_matrix_paints_V_and_its_transpose(n, k, s, p, pixel):
    fig = render(w.draw_conv_matrix, figsize=(11, 6.8), n=n, k=k, stride=s, padding=p, pixel=pixel)
    g = w.draw_conv_matrix(plt.figure(figsize=(11, 6.8)), n=n, k=k, stride=s, padding=p, pixel=pixel)
    lay, ids = g["layout"], g["ids"]
    px, cell = lay["pixels"], lay["cell"]
    rgb = w._ids_to_rgb(ids, k)
    rows, cols = ids.shape
    for c in range(cols):                        # the picked row in full colour, in V and in V^T
        np.testing.assert_allclose(_cell_colour(px, lay["V"], cell, pixel, c), rgb[pixel, c], atol=0.01)
        np.testing.assert_allclose(_cell_colour(px, lay["VT"], cell, c, pixel), rgb[pixel, c], atol=0.01)
    other = (pixel + 1) % rows
    faded = _cell_colour(px, lay["V"], cell, other, int(np.argmax(ids[other] >= 0)))
    if rows > 1 and (ids[other] >= 0).any():     # the other rows are faded towards white
        assert faded.mean() > rgb[other, int(np.argmax(ids[other] >= 0))].mean()
    # the blocks do not overlap: V^T starts right of V and the key row below V
    assert lay["VT"][0] >= lay["V"][0] + cols * cell and lay["kernel"][1] > lay["V"][1] + rows * cell
    assert lay["VT"][1] + cols * cell <= px.shape[0] and lay["VT"][0] + rows * cell <= px.shape[1]
    fig.canvas.draw()                            # the picture is drawn unscaled, pixel for pixel
    shown = np.asarray(fig.canvas.buffer_rgba())[..., :3] / 255.0
    assert shown.shape == px.shape == (680, 1100, 3)
    np.testing.assert_allclose(shown, px, atol=0.5 / 255 + 1e-6)
    plt.close("all")


def test_glyphs_are_cached_and_have_ink():
    a = w._glyph("w01", 12.0)
    assert a.shape[0] > 5 and a.shape[1] > 10 and a.max() > 0.9
    assert w._glyph("w01", 12.0) is a


def test_exercise_reference_equals_the_library():
    rng = np.random.default_rng(7)
    for H, W, kh, kw in itertools.product(range(1, 6), range(1, 6), range(1, 4), range(1, 4)):
        if kh <= H and kw <= W:
            K = rng.standard_normal((kh, kw))
            np.testing.assert_array_equal(exercise_conv_matrix(K, (H, W)), helpers.conv_matrix(K, (H, W)))


def test_widget_builds_follows_the_output_size_and_redraws_fast():
    box = w.conv_matrix_widget()
    c = box.controls
    assert set(c) == {"n", "k", "stride", "padding", "pixel"}
    assert c["pixel"].max == 3                    # 4x4 input, 3x3 kernel: 2x2 output
    c["padding"].value = 1
    assert c["pixel"].max == 15
    c["pixel"].value = 15
    c["padding"].value = 0                        # the output shrinks: the pixel is clamped
    assert c["pixel"].max == 3 and c["pixel"].value == 3
    for values in [{"n": 6}, {"k": 1}, {"padding": 1}, {"stride": 2}, {"pixel": 5}, {"n": 3, "k": 3}]:
        for name, value in values.items():
            c[name].value = value
            assert c[name].value == value
    c["n"].value, c["k"].value, c["stride"].value, c["padding"].value = 6, 1, 1, 1   # 64 x 36, the largest V
    largest = statistics.median([box.update() for _ in range(5)])
    c["n"].value, c["k"].value, c["stride"].value, c["padding"].value, c["pixel"].value = 4, 3, 1, 0, 3
    default = statistics.median([box.update() for _ in range(5)])
    print(f"w07 widget redraw median: default {default * 1000:.1f} ms, largest {largest * 1000:.1f} ms")
    plt.close("all")
