"""Lesson 11: the receptive-field widget's compute and draw functions, the exercise references, the hole-free
rule against brute force, and the frameworks against helpers.conv2d(dilation) (hypothesis)."""

import itertools
import pathlib
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


# ------------------------------------------------------------------ second edition (issues #14, #15)

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _hole_free_rule(rates, k=3):
    """The lesson's rule: sorted, each rate <= (k - 1) * (sum of the smaller rates) + 1."""
    reach = 0
    for r in sorted(rates):
        if r > (k - 1) * reach + 1:
            return False
        reach += r
    return True


@pytest.mark.parametrize("k, longest", [(3, 4), (2, 4), (4, 3), (5, 3)])
def test_hole_free_rule_is_exact(k, longest):
    """Brute-force coverage (influence has no zero inside the span) == the rule, for every sequence of up to
    `longest` rates from 1 to 9 (3x3: 7380 sequences). For 3x3 kernels the bound is 2 * reach + 1."""
    n = 0
    for length in range(1, longest + 1):
        for rates in itertools.product(range(1, 10), repeat=length):
            assert _hole_free_rule(rates, k) == (influence([(k, 1, r) for r in rates]).min() > 0), (k, rates)
            n += 1
    assert n == sum(9**m for m in range(1, longest + 1))


def test_hole_free_rule_needs_the_sorted_order():
    """Read in the given order (not sorted) the rule would call 2, 1 gridded, but 2, 1 has no hole: sort first."""
    assert influence([(3, 1, 2), (3, 1, 1)]).min() > 0 and _hole_free_rule((2, 1))
    assert 2 > 2 * 0 + 1                                   # the unsorted reading rejects the first rate


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 6)), min_size=1, max_size=4), st.randoms())
def test_order_does_not_matter_at_stride_1(layers, random):
    """At stride 1 a stack is one convolution of its dilated kernels, and convolution commutes: every order of
    the same (kernel, dilation) layers gives the same influence counts."""
    base = influence([(k, 1, d) for k, d in layers])
    shuffled = list(layers)
    random.shuffle(shuffled)
    np.testing.assert_array_equal(influence([(k, 1, d) for k, d in shuffled]), base)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.integers(1, 4),
       st.integers(1, 3), st.integers(0, 3), st.integers(0, 6), st.integers(0, 6), st.integers(0, 2**16))
def test_frameworks_agree_with_conv2d_dilation(n, c_in, c_out, k, d, s, p, dh, dw, seed):
    """helpers.conv2d(dilation) == F.conv2d(dilation) == F.conv2d(zero-inserted kernel) == tf.nn.conv2d(dilations)
    == tf.nn.conv2d(zero-inserted kernel), and at stride 1 Keras Conv2D(dilation_rate) and tf.nn.atrous_conv2d."""
    import keras
    import tensorflow as tf
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(seed)
    H, W = d * (k - 1) + 1 + dh, d * (k - 1) + 1 + dw
    x = rng.standard_normal((n, c_in, H, W)).astype(np.float32)
    w_ = rng.standard_normal((c_out, c_in, k, k)).astype(np.float32)
    ours = helpers.conv2d(x.astype(np.float64), w_.astype(np.float64), stride=s, padding=p, dilation=d)
    assert ours.shape[-2:] == (helpers.conv_output_size(H, k, s, p, d), helpers.conv_output_size(W, k, s, p, d))
    wd = helpers.dilate_kernel(w_, d).astype(np.float32)
    xt = torch.from_numpy(x)
    got = {"F.conv2d(dilation)": F.conv2d(xt, torch.from_numpy(w_), stride=s, padding=p, dilation=d).numpy(),
           "F.conv2d(zero-inserted)": F.conv2d(xt, torch.from_numpy(wd), stride=s, padding=p).numpy()}
    x_nhwc = helpers.nchw_to_nhwc(x)
    pads = [[0, 0], [p, p], [p, p], [0, 0]]
    for name, kernel, rate in (("tf.nn.conv2d(dilations)", w_, d), ("tf.nn.conv2d(zero-inserted)", wd, 1)):
        y = tf.nn.conv2d(x_nhwc, helpers.torch_conv_to_keras(kernel), strides=s, dilations=rate, padding=pads)
        got[name] = helpers.nhwc_to_nchw(y.numpy())
    if s == 1:
        xp = np.pad(x_nhwc, ((0, 0), (p, p), (p, p), (0, 0)))
        y = tf.nn.atrous_conv2d(xp, helpers.torch_conv_to_keras(w_), d, "VALID")
        got["tf.nn.atrous_conv2d(rate)"] = helpers.nhwc_to_nchw(y.numpy())
        layer = keras.layers.Conv2D(c_out, k, dilation_rate=d, use_bias=False,
                                    kernel_initializer=keras.initializers.Constant(helpers.torch_conv_to_keras(w_)))
        got["keras Conv2D(dilation_rate)"] = helpers.nhwc_to_nchw(keras.ops.convert_to_numpy(layer(xp)))
    for name, y in got.items():
        np.testing.assert_allclose(y, ours, rtol=1e-4, atol=1e-4, err_msg=name)


def _lesson_text():
    import json

    nb = json.loads((pathlib.Path(__file__).resolve().parents[1] / "notebooks/11_dilated_convolution.ipynb")
                    .read_text(encoding="utf-8"))
    parts = []
    for cell in nb["cells"]:
        parts.append("".join(cell["source"]))
        for out in cell.get("outputs", []):
            parts.append("".join(out.get("text", "")))
            parts += ["".join(v) for kind, v in out.get("data", {}).items() if kind.startswith("text/")]
    return "\n".join(parts)


def test_exercises_ask_about_configurations_the_lesson_does_not_print():
    """Issue #15: exercise 3's stack and exercise 5's four sequences appear nowhere in the lesson (sources or
    outputs); the learner predicts with the recursion and the rule instead of looking them up."""
    import re

    text = _lesson_text()
    for rates in ex.SEQUENCES.values():
        assert not re.search(r"(?<!\d)" + r",\s*".join(map(str, rates)) + r"(?!\d)", text), rates
        assert not re.search(r"\(" + r",\s*".join(map(str, rates)) + r"\)", text), rates
    assert "7x7 s2" not in text and "(7, 2, 1, 3)" not in text and "dilations 2 and 5" not in text
    # and the answers follow from the lesson's tools
    assert [key for key, rates in ex.SEQUENCES.items() if _hole_free_rule(rates)] == ["b"]
    assert ex._stack_size() == ex.receptive_field_sizes([(k, s, d) for k, s, d, _ in ex.STACK])[-1]
