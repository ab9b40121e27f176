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


# ------------------------------------------------------------------------------ second edition: moved grids, new claims

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _torch_tconv(x, wt, **kwargs):
    import torch
    import torch.nn.functional as F

    return F.conv_transpose2d(torch.from_numpy(x), torch.from_numpy(wt), **kwargs).numpy()


@settings(max_examples=60, deadline=None)
@given(st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(1, 4), st.integers(0, 3), st.integers(0, 10**6)))
def test_padding_crops_the_full_output(cfg):
    h, kh, s, p, seed = cfg
    if (h - 1) * s + kh - 2 * p < 1:
        return
    rng = np.random.default_rng(seed)
    X, K = rng.standard_normal((h, h + 1)), rng.standard_normal((kh, kh))
    full = helpers.trans_conv(X, K, s, 0)
    expected = full[p:full.shape[0] - p, p:full.shape[1] - p]
    np.testing.assert_allclose(helpers.trans_conv(X, K, s, p), expected, atol=1e-12)
    np.testing.assert_allclose(helpers.conv_transpose2d(X[None, None], K[None, None], stride=s, padding=p)[0, 0],
                               expected, atol=1e-12)
    np.testing.assert_allclose(_torch_tconv(X[None, None], K[None, None], stride=s, padding=p)[0, 0], expected,
                               atol=1e-12)


@pytest.mark.parametrize("n, k, s, p", [(n, k, s, p) for n, k, s, p in itertools.product(range(1, 6), range(1, 4),
                                                                                         range(1, 3), range(0, 3))
                                        if n + 2 * p >= k])
def test_transpose_of_zero_padding_is_a_crop(n, k, s, p):
    """V_p = V_0 P (padding as a matrix), so V_p^T = P^T V_0^T: the full transposed convolution, then a crop."""
    rng = np.random.default_rng(n * 100 + k * 10 + s + p)
    P1 = np.eye(n + 2 * p)[:, p:p + n]
    P2 = np.kron(P1, P1)
    K = rng.standard_normal((k, k))
    np.testing.assert_allclose(helpers.conv_matrix(K, (n, n), s, p),
                               helpers.conv_matrix(K, (n + 2 * p, n + 2 * p), s) @ P2, atol=1e-12)
    z = rng.standard_normal((n + 2 * p, n + 2 * p))
    np.testing.assert_array_equal((P2.T @ z.ravel()).reshape(n, n), z[p:p + n, p:p + n])


@settings(max_examples=80, deadline=None)
@given(st.tuples(st.integers(1, 6), st.integers(1, 4), st.integers(1, 3), st.integers(0, 2), st.integers(1, 2),
                 st.integers(0, 2), st.integers(0, 10**6)))
def test_formula_matches_the_frameworks(cfg):
    """PyTorch's output shape for every parameter; Keras (run, values too) where it accepts the setting."""
    import keras

    i, k, s, p, d, a, seed = cfg
    if a >= max(s, d):
        return
    size = helpers.conv_transpose_output_size(i, k, s, p, a, d)
    if size < 1:
        return
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((1, 1, i, i + 1)).astype(np.float32)
    wt = rng.standard_normal((1, 1, k, k)).astype(np.float32)
    y = _torch_tconv(x, wt, stride=s, padding=p, output_padding=a, dilation=d)
    assert y.shape[-2:] == (size, helpers.conv_transpose_output_size(i + 1, k, s, p, a, d))
    if a >= s or d > 1:
        return
    layer = keras.layers.Conv2DTranspose(1, k, strides=s, output_padding=a or None, use_bias=False,
                                         kernel_initializer=keras.initializers.Constant(helpers.torch_to_keras_kernel(wt)))
    yk = keras.layers.Cropping2D(p)(layer(helpers.nchw_to_nhwc(x)))
    yk = helpers.nhwc_to_nchw(keras.ops.convert_to_numpy(yk))
    assert yk.shape[-2] - y.shape[-2] == (s - k if a == 0 and k < s else 0)
    np.testing.assert_allclose(yk[..., :y.shape[-2], :y.shape[-1]], y, atol=1e-5)


@settings(max_examples=80, deadline=None)
@given(st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5), st.integers(1, 4), st.integers(0, 7),
                 st.integers(0, 3), st.integers(1, 3), st.integers(1, 3), st.integers(0, 10**6)))
def test_equivalent_convolution_holds_for_every_padding(cfg):
    """Zero insertion, padding k-1-p (a crop when p > k-1), flipped kernel, stride 1 == F.conv_transpose2d."""
    h, wd, k, s, p, a, c_in, c_out, seed = cfg
    if a >= s:
        return
    if min(helpers.conv_transpose_output_size(h, k, s, p, a), helpers.conv_transpose_output_size(wd, k, s, p, a)) < 1:
        return
    rng = np.random.default_rng(seed)
    y = rng.standard_normal((2, c_in, h, wd))
    wt = rng.standard_normal((c_in, c_out, k, k))
    np.testing.assert_allclose(helpers.conv.transposed_conv_as_full_conv(y, wt, s, p, a),
                               _torch_tconv(y, wt, stride=s, padding=p, output_padding=a), atol=1e-10)


def test_parameter_counts():
    import keras
    import torch.nn as nn

    for c_in, c_out, k, bias in itertools.product(range(1, 5), range(1, 4), range(1, 5), (True, False)):
        expected = c_in * c_out * k * k + (c_out if bias else 0)
        t = nn.ConvTranspose2d(c_in, c_out, k, bias=bias)
        kl = keras.layers.Conv2DTranspose(c_out, k, use_bias=bias)
        kl.build((None, 5, 5, c_in))
        assert sum(q.numel() for q in t.parameters()) == kl.count_params() == expected
        assert tuple(t.weight.shape) == (c_in, c_out, k, k) and tuple(kl.kernel.shape) == (k, k, c_out, c_in)


@pytest.mark.parametrize("k, s, p", [(3, 2, 1), (2, 2, 0), (3, 1, 1), (4, 3, 1), (1, 2, 0)])
def test_draw_equivalent_convolution(k, s, p):
    y = np.arange(1.0, 5.0).reshape(2, 2)
    K = np.arange(1.0, k * k + 1).reshape(k, k)
    fig = render(w.draw_equivalent_convolution, figsize=(12, 3.2), y=y, K=K, stride=s, padding=p)
    assert len(fig.axes) == 5
    plt.close(fig)
    fig = plt.figure()
    r = w.draw_equivalent_convolution(fig, y, K, s, p, pixel=(0, 0))
    np.testing.assert_array_equal(r["output"], helpers.trans_conv(y, K, s, p))
    assert r["output"][0, 0] == (r["window"] * r["flipped"]).sum()
    assert r["z"].shape[0] == (2 - 1) * s + 1 + 2 * (k - 1 - p)
    plt.close(fig)
    with pytest.raises(ValueError):
        w.draw_equivalent_convolution(plt.figure(), y, K, s, k, pixel=(0, 0))
    plt.close("all")
