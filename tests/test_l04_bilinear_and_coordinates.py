"""Lesson 04's figure module: the widgets build and redraw (the math is tested in tests/test_resize.py)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import helpers
from helpers.figures import l04_bilinear_and_coordinates as w
from helpers.widgets import render


def test_draw_functions_run():
    for draw, kwargs in [(w.draw_four_neighbours, {"a": 0.2, "b": 0.7}),
                         (w.draw_sampling, {"mode": "asymmetric", "in_size": 4, "out_size": 7}),
                         (w.draw_mode_comparison, {})]:
        fig = render(draw, **kwargs)
        assert fig.axes or fig.lines     # the widget pictures are painted: an image in fig.lines, no axes
        fig.canvas.draw()
        plt.close(fig)
    value = w.draw_four_neighbours(plt.figure(), a=0.2, b=0.7)
    weights = helpers.resize.four_neighbour_weights(0.2, 0.7)
    assert np.isclose(value, (weights * [[1, 2], [3, 4]]).sum()) and np.isclose(value, 2.6)
    plt.close("all")


@pytest.mark.parametrize("mode, in_size, out_size", [("asymmetric", 4, 7), ("align_corners", 1, 1),
                                                     ("half_pixel", 8, 10)])
def test_draw_sampling_paints_the_weight_matrix(mode, in_size, out_size):
    import matplotlib as mpl

    fig = plt.figure(figsize=(10, 7))
    g = w.draw_sampling(fig, mode=mode, in_size=in_size, out_size=out_size)
    M = helpers.interpolation_matrix(in_size, out_size, coordinate_mode=mode)
    np.testing.assert_array_equal(g["matrix"], M)
    assert g["title"].startswith(f"{mode}: x_in = ") and len(g["source"]) == out_size
    box, px = g["layout"]["matrix"], g["layout"]["pixels"]
    cmap = mpl.colormaps["cividis"]
    for r in range(out_size):
        for c in range(in_size):   # a corner of each cell (away from its label) has the weight's colour
            np.testing.assert_allclose(px[box["y0"] + r * box["cell"] + 2, box["x0"] + c * box["cell"] + 2],
                                       cmap(M[r, c])[:3], atol=1e-6)
    fig.canvas.draw()
    shown = np.asarray(fig.canvas.buffer_rgba())[..., :3] / 255.0
    np.testing.assert_allclose(shown[box["y0"]:box["y1"], box["x0"]:box["x1"]],
                               px[box["y0"]:box["y1"], box["x0"]:box["x1"]], atol=1 / 255)
    plt.close(fig)


def test_widgets_build_and_update():
    for build in (w.four_neighbour_widget, w.sampling_widget):
        box = build()
        for control in box.controls.values():
            options = getattr(control, "options", None)
            if options:
                control.value = options[-1] if not isinstance(options[-1], tuple) else options[-1][1]
            elif hasattr(control, "max"):
                control.value = control.max
        assert box.update() > 0
        assert box.image.value[:4] == b"\x89PNG"
    plt.close("all")


# ---------------------------------------------------------------- second edition (#14): the lesson's claims
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from helpers.resize import interpolate_linear_nd, source_coordinate  # noqa: E402

TORCH_MODES = {1: "linear", 2: "bilinear", 3: "trilinear"}


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3).flatmap(lambda k: st.tuples(
    st.lists(st.integers(1, 6), min_size=k, max_size=k), st.lists(st.integers(1, 9), min_size=k, max_size=k))),
    st.booleans(), st.integers(0, 2**16))
def test_interpolate_linear_nd_is_torch_linear_bilinear_trilinear(sizes, align_corners, seed):
    import torch
    import torch.nn.functional as F

    spatial, out = sizes
    x = np.random.default_rng(seed).standard_normal((2, 3, *spatial))
    expected = F.interpolate(torch.from_numpy(x), size=tuple(out), mode=TORCH_MODES[len(spatial)],
                             align_corners=align_corners).numpy()
    np.testing.assert_allclose(interpolate_linear_nd(x, tuple(out), align_corners=align_corners), expected,
                               atol=1e-12)


def test_interpolate_linear_nd_validates():
    with pytest.raises(ValueError, match="spatial axis"):
        interpolate_linear_nd(np.zeros((2, 3)), 4)
    with pytest.raises(ValueError, match="size"):
        interpolate_linear_nd(np.zeros((1, 1, 2, 2)), (3, 3, 3))
    with pytest.raises(ValueError, match="size"):
        interpolate_linear_nd(np.zeros((1, 1, 2)), 0)
    with pytest.raises(TypeError, match="align_corners"):
        interpolate_linear_nd(np.zeros((1, 1, 2)), 3, align_corners="yes")
    with pytest.raises(ValueError, match="not both"):
        interpolate_linear_nd(np.zeros((1, 1, 2)), 3, align_corners=True, coordinate_mode="asymmetric")
    np.testing.assert_array_equal(interpolate_linear_nd(np.arange(3.0)[None, None], 6, coordinate_mode="asymmetric"),
                                  [[[0, 0.5, 1, 1.5, 2, 2]]])


@settings(max_examples=80, deadline=None)
@given(st.integers(2, 40), st.integers(2, 40))
def test_align_corners_magnifies_more_up_and_shrinks_more_down(n_in, n_out):
    """§4.2: PyTorch's align_corners=True step is (in-1)/(out-1): smaller than in/out iff upsampling."""
    import torch
    import torch.nn.functional as F

    ramp = torch.arange(float(n_in), dtype=torch.float64).reshape(1, 1, n_in)
    step = F.interpolate(ramp, size=n_out, mode="linear", align_corners=True).diff().numpy()
    np.testing.assert_allclose(step, (n_in - 1) / (n_out - 1))
    assert (step[0, 0, 0] < n_in / n_out) == (n_out > n_in) and (step[0, 0, 0] > n_in / n_out) == (n_out < n_in)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 40), st.integers(1, 40))
def test_asymmetric_reads_half_an_input_minus_half_an_output_pixel_further(n_in, n_out):
    """§4.2: asymmetric - half_pixel = (1 - in/out)/2 for every output: > 0 (content left) up, < 0 down."""
    d = (source_coordinate(np.arange(n_out), n_in, n_out, "asymmetric")
         - source_coordinate(np.arange(n_out), n_in, n_out, "half_pixel"))
    np.testing.assert_allclose(d, (1 - n_in / n_out) / 2, atol=1e-12)
    assert (d[0] > 0) == (n_out > n_in) and (d[0] < 0) == (n_out < n_in)


@pytest.mark.parametrize("n_in, n_out", [(40, 80), (40, 100), (33, 70), (40, 20), (48, 16), (45, 14)])
def test_tf1_default_moves_a_blob_by_the_predicted_amount(n_in, n_out):
    """§4.2 with the framework itself: TF1's default moves the content -(1 - in/out)/2 input pixels."""
    import tensorflow as tf

    k = np.arange(float(n_in))
    c = (n_in - 1) / 2
    blob = np.outer(*[np.exp(-(k - c) ** 2 / 32)] * 2).astype(np.float32)
    ratio = n_in / n_out

    def shift(y):
        rows = y.sum(axis=1)
        return ((rows * np.arange(n_out)).sum() / rows.sum() + 0.5) * ratio - 0.5 - c

    tf1 = tf.compat.v1.image.resize_bilinear(blob[None, :, :, None], (n_out, n_out)).numpy()[0, :, :, 0]
    tf2 = tf.image.resize(blob[None, :, :, None], (n_out, n_out)).numpy()[0, :, :, 0]
    assert abs(shift(tf1) + (1 - ratio) / 2) < 0.02 and abs(shift(tf2)) < 0.01


@settings(max_examples=60, deadline=None)
@given(st.floats(-3, 4), st.floats(-3, 4), st.integers(0, 2**16))
def test_bilinear_formula_extrapolates_outside_the_square(a, b, seed):
    """§2.2: the four-weight formula is exact for affine corners, so outside [0, 1]^2 it leaves their range."""
    g = np.random.default_rng(seed)
    c0, ca, cb = g.uniform(-2, 2), g.uniform(0.5, 2), g.uniform(0.5, 2)        # q = c0 + ca*a + cb*b
    q = np.array([[c0, c0 + ca], [c0 + cb, c0 + ca + cb]])
    value = (1 - a) * (1 - b) * q[0, 0] + a * (1 - b) * q[0, 1] + (1 - a) * b * q[1, 0] + a * b * q[1, 1]
    np.testing.assert_allclose(value, c0 + ca * a + cb * b, atol=1e-9)
    inside = q.min() - 1e-9 <= value <= q.max() + 1e-9
    if 0 <= a <= 1 and 0 <= b <= 1:
        assert inside
    if max(a, b) < -0.01 or min(a, b) > 1.01:      # beyond a corner: always outside the corners' range
        assert not inside
    t = ca * a + cb * b
    if t < -1e-6 or t > ca + cb + 1e-6:
        assert not inside


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(1, 16), st.integers(0, 2**16))
def test_frameworks_clamp_at_the_border(n_in, n_out, seed):
    """§2.2: PyTorch and TensorFlow repeat the edge: upsampled corners equal the input's, range kept."""
    import tensorflow as tf
    import torch
    import torch.nn.functional as F

    x = np.random.default_rng(seed).standard_normal((1, 1, n_in, n_in)).astype(np.float32)
    yt = F.interpolate(torch.from_numpy(x), size=n_out, mode="bilinear", align_corners=False)[0, 0].numpy()
    yf = tf.image.resize(np.moveaxis(x, 1, -1), (n_out, n_out)).numpy()[0, :, :, 0]
    for y in (yt, yf):
        assert x.min() - 1e-6 <= y.min() and y.max() <= x.max() + 1e-6
        if n_out >= n_in:
            np.testing.assert_allclose(y[[0, -1], [0, -1]], x[0, 0][[0, -1], [0, -1]], atol=1e-6)


def test_keras_interpolates_in_2d_only():
    """§3.1: UpSampling1D/3D have no interpolation argument and repeat samples; tf.image.resize is 2-D."""
    import inspect

    import keras
    import tensorflow as tf

    params = {n: inspect.signature(getattr(keras.layers, n)).parameters for n in
              ("UpSampling1D", "UpSampling2D", "UpSampling3D")}
    assert "interpolation" not in params["UpSampling1D"] and "interpolation" not in params["UpSampling3D"]
    assert "interpolation" in params["UpSampling2D"]
    v = np.random.default_rng(0).standard_normal((1, 2, 3, 4, 2)).astype(np.float32)
    up = keras.ops.convert_to_numpy(keras.layers.UpSampling3D(size=(2, 1, 3))(v))
    np.testing.assert_array_equal(up, v.repeat(2, axis=1).repeat(3, axis=3))
    s = np.random.default_rng(1).standard_normal((1, 5, 2)).astype(np.float32)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(keras.layers.UpSampling1D(size=3)(s)), s.repeat(3, axis=1))
    with pytest.raises(ValueError):
        tf.image.resize(v, (4, 4))


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 12), st.integers(2, 12))
def test_up_and_down_titles_match_the_text(n_in, n_out):
    titles = w._up_and_down_titles(n_in, n_out)
    if n_out > n_in:
        assert "magnified more" in titles["align_corners"] and "left / up" in titles["asymmetric"]
    elif n_out < n_in:
        assert "shrunk more" in titles["align_corners"] and "right / down" in titles["asymmetric"]


def test_draw_up_and_down_shows_both_directions():
    fig = render(w.draw_up_and_down, figsize=(12, 8.5), up=(3, 6), down=(6, 3))
    titles = [ax.get_title() for ax in fig.axes]
    assert len(fig.axes) == 6 and any("3 -> 6" in t for t in titles) and any("6 -> 3" in t for t in titles)
    for ax in fig.axes:   # every panel shows its whole output grid
        lo, hi = ax.get_xlim()
        assert lo < -0.5 and hi > 2.5
    plt.close(fig)
