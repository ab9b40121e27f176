"""Lesson 12: the widgets' compute and draw functions, the exercise references, and the lesson's two central claims
(sub-pixel conv == transposed conv; bilinear transposed conv == bilinear interpolation except a frame s // 2 wide)
against PyTorch and TensorFlow on random configurations."""

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
import tensorflow as tf
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_rgb

import helpers
from helpers.exercises import l12_pixel_shuffle_and_bilinear_init as ex
from helpers.figures import l12_pixel_shuffle_and_bilinear_init as w
from helpers.widgets import render

# ------------------------------------------------------------------------------------ channel_map


@pytest.mark.parametrize("r, c", list(itertools.product(range(1, 5), range(1, 4))))
def test_channel_map_is_the_crd_and_dcr_formula(r, c):
    crd, dcr = helpers.shuffle.channel_map(c, r, "CRD"), helpers.shuffle.channel_map(c, r, "DCR")
    assert crd.shape == dcr.shape == (c, r, r) and crd.dtype == dcr.dtype == np.int64
    for ch, i, j in itertools.product(range(c), range(r), range(r)):
        assert crd[ch, i, j] == ch * r * r + i * r + j
        assert dcr[ch, i, j] == (i * r + j) * c + ch
    assert sorted(crd.ravel()) == sorted(dcr.ravel()) == list(range(c * r * r))   # every channel used once
    assert np.array_equal(crd, dcr) == (c == 1 or r == 1)
    perm = helpers.crd_to_dcr_permutation(c * r * r, r)        # DCR slot d holds CRD channel perm[d]
    for ch, i, j in itertools.product(range(c), range(r), range(r)):
        assert perm[dcr[ch, i, j]] == crd[ch, i, j]


def test_channel_map_matches_the_frameworks():
    for r, c in [(2, 2), (3, 2), (2, 3), (4, 1)]:
        ids = np.arange(c * r * r, dtype=np.float32)
        torch_map = F.pixel_shuffle(torch.from_numpy(ids.reshape(1, -1, 1, 1)), r)[0].numpy()
        tf_map = tf.nn.depth_to_space(ids.reshape(1, 1, 1, -1), r).numpy()[0].transpose(2, 0, 1)
        np.testing.assert_array_equal(helpers.shuffle.channel_map(c, r, "CRD"), torch_map)
        np.testing.assert_array_equal(helpers.shuffle.channel_map(c, r, "DCR"), tf_map)


def test_documented_examples():
    assert helpers.shuffle.channel_map(2, 2, "CRD")[1].tolist() == [[4, 5], [6, 7]]
    assert helpers.shuffle.channel_map(2, 2, "DCR")[1].tolist() == [[1, 3], [5, 7]]
    assert [tuple(helpers.layout.bilinear_setting(s)[k] for k in ("kernel_size", "padding")) for s in (1, 2, 3, 4)] == [
        (1, 0), (4, 1), (5, 1), (8, 2)]
    d = helpers.layout.bilinear_difference(2, 3)
    assert int(d["mask"].sum()) == 20 and (d["mask"] == d["frame"]).all()


@pytest.mark.parametrize("call, exc, match", [
    (lambda: helpers.shuffle.channel_map(0, 2), ValueError, "channels"),
    (lambda: helpers.shuffle.channel_map(2, 0), ValueError, "r"),
    (lambda: helpers.shuffle.channel_map(2, 2.0), TypeError, "r"),
    (lambda: helpers.shuffle.channel_map(2, 2, "RCD"), ValueError, "order"),
    (lambda: helpers.layout.bilinear_setting(0), ValueError, "s"),
    (lambda: helpers.layout.bilinear_setting(True), TypeError, "s"),
    (lambda: helpers.layout.bilinear_difference(2, 0), ValueError, "n"),
    (lambda: helpers.layout.bilinear_difference(2, x=np.ones(3)), ValueError, "x"),
])
def test_bad_arguments_are_rejected(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# ------------------------------------------------------------------------- the bilinear difference


def test_bilinear_setting_is_fcn_and_keeps_the_size():
    for s in range(1, 13):
        g = helpers.layout.bilinear_setting(s)
        assert g["kernel_size"] == 2 * s - s % 2 and g["padding"] == int(np.ceil((s - 1) / 2)) == g["border"]
        for h in range(1, 12):
            assert helpers.conv_transpose_output_size(h, g["kernel_size"], s, g["padding"]) == s * h


@pytest.mark.parametrize("s, n", list(itertools.product(range(1, 7), range(1, 9))))
def test_bilinear_difference_is_exactly_the_frame(s, n):
    d = helpers.layout.bilinear_difference(s, n)
    assert d["tconv"].shape == d["interp"].shape == (s * n, s * n)
    np.testing.assert_array_equal(d["mask"], d["frame"])
    assert (d["diff"][d["mask"]] < 0).all()                     # positive image: the zero-padded one is darker
    b = s // 2
    assert d["frame"].sum() == (s * n) ** 2 - max(s * n - 2 * b, 0) ** 2


@settings(max_examples=60, deadline=None)
@given(s=st.integers(1, 6), h=st.integers(1, 6), w_=st.integers(1, 6), c=st.integers(1, 3),
       seed=st.integers(0, 2**32 - 1))
def test_bilinear_transposed_conv_vs_interpolate_in_pytorch(s, h, w_, c, seed):
    x = torch.from_numpy(np.random.default_rng(seed).uniform(0.5, 1.5, (2, c, h, w_)))
    g = helpers.layout.bilinear_setting(s)
    kernel = torch.from_numpy(helpers.bilinear_kernel(c, c, g["kernel_size"]))
    up = F.conv_transpose2d(x, kernel, stride=s, padding=g["padding"])
    ref = F.interpolate(x, scale_factor=s, mode="bilinear", align_corners=False)
    differ = (up - ref).abs().numpy() > 1e-9
    frame = helpers.layout.frame_mask((s * h, s * w_), s // 2)
    assert (differ == frame).all()
    fixed = F.conv_transpose2d(F.pad(x, (1, 1, 1, 1), mode="replicate"), kernel, stride=s,
                               padding=g["padding"])[..., s:-s, s:-s]
    torch.testing.assert_close(fixed, ref)                      # replicate padding removes the difference


@pytest.mark.parametrize("s", [2, 3, 4])
def test_bilinear_transposed_conv_in_keras(s):
    import keras

    g = helpers.layout.bilinear_setting(s)
    x = np.random.default_rng(s).uniform(0.5, 1.5, (1, 3, 5, 2, )).astype(np.float32)   # NHWC, 2 channels
    kernel = helpers.torch_to_keras_kernel(helpers.bilinear_kernel(2, 2, g["kernel_size"]))
    layer = keras.layers.Conv2DTranspose(2, g["kernel_size"], strides=s, padding="same", use_bias=False,
                                         kernel_initializer=keras.initializers.Constant(kernel))
    got = keras.ops.convert_to_numpy(layer(x))
    want = helpers.conv_transpose2d(helpers.nhwc_to_nchw(x), helpers.bilinear_kernel(2, 2, g["kernel_size"]),
                                    stride=s, padding=g["padding"])
    np.testing.assert_allclose(helpers.nhwc_to_nchw(got), want, rtol=1e-5, atol=1e-5)
    bilinear = keras.ops.convert_to_numpy(keras.layers.UpSampling2D(s, interpolation="bilinear")(x))
    differ = np.abs(got - bilinear).max(axis=(0, 3)) > 1e-5
    np.testing.assert_array_equal(differ, helpers.layout.frame_mask((3 * s, 5 * s), s // 2))


# --------------------------------------------------------------- sub-pixel conv == transposed conv


def _subpixel_to_transposed(wt, r, p):
    crr, c_in, k, _ = wt.shape
    w6 = wt.reshape(crr // (r * r), r, r, c_in, k, k)[..., ::-1, ::-1]
    T = w6.transpose(3, 0, 4, 1, 5, 2).reshape(c_in, crr // (r * r), k * r, k * r)
    return np.ascontiguousarray(T), r * (k - 1 - p)


@settings(max_examples=80, deadline=None)
@given(r=st.integers(1, 4), k=st.integers(1, 4), c=st.integers(1, 3), c_in=st.integers(1, 3),
       h=st.integers(4, 7), w_=st.integers(4, 7), data=st.data())
def test_kxk_subpixel_conv_is_a_transposed_conv(r, k, c, c_in, h, w_, data):
    p = data.draw(st.integers(0, k - 1))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    x = torch.from_numpy(rng.standard_normal((2, c_in, h, w_)))
    wt = rng.standard_normal((c * r * r, c_in, k, k))
    want = F.pixel_shuffle(F.conv2d(x, torch.from_numpy(wt), padding=p), r)
    T, P = _subpixel_to_transposed(wt, r, p)
    torch.testing.assert_close(F.conv_transpose2d(x, torch.from_numpy(T), stride=r, padding=P), want)
    if k == 1:
        np.testing.assert_array_equal(T, ex.subpixel_to_transposed(wt, r))   # the exercise's reference


def test_one_by_one_subpixel_conv_in_keras():
    import keras

    rng = np.random.default_rng(3)
    for r, c, c_in in [(2, 1, 1), (2, 3, 2), (3, 2, 3)]:
        x = rng.standard_normal((1, c_in, 3, 4)).astype(np.float32)
        wt = rng.standard_normal((c * r * r, c_in, 1, 1)).astype(np.float32)
        want = F.pixel_shuffle(F.conv2d(torch.from_numpy(x), torch.from_numpy(wt)), r).numpy()
        T = ex.subpixel_to_transposed(wt, r).astype(np.float32)
        layer = keras.layers.Conv2DTranspose(c, r, strides=r, use_bias=False,
                                             kernel_initializer=keras.initializers.Constant(helpers.torch_to_keras_kernel(T)))
        got = helpers.nhwc_to_nchw(keras.ops.convert_to_numpy(layer(helpers.nchw_to_nhwc(x))))
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_exercise_permutation_equals_the_library():
    for r, c in itertools.product(range(1, 5), range(1, 5)):
        n = c * r * r
        np.testing.assert_array_equal(ex.crd_to_dcr_permutation(n, r), helpers.crd_to_dcr_permutation(n, r))


def test_exercise_values_are_the_geometry():
    assert ex._fcn_setting(3) == (5, 1)
    assert ex._differing_pixels() == ex._frame(2) == 208


# ------------------------------------------------------------------------------------- drawings


def _px(pixels, x, y):
    return pixels[int(y), int(x)]


@pytest.mark.parametrize("r, c", [(1, 1), (2, 2), (3, 2), (4, 3), (2, 1)])
def test_draw_channel_map_paints_the_right_colours(r, c):
    fig = plt.figure(figsize=(10, 5.9))
    g = w.draw_channel_map(fig, r=r, channels=c)
    lay = g["layout"]
    px, sc, bc = lay["pixels"], lay["strip_cell"], lay["block_cell"]
    assert px.shape[:2] == (590, 1000)
    for order, cmap in (("CRD", g["crd"]), ("DCR", g["dcr"])):
        x0, y0 = lay[f"strip_{order}"]
        dest = {int(cmap[ch, i, j]): ch for ch in range(c) for i in range(r) for j in range(r)}
        for q in range(c * r * r):          # a strip cell, sampled near its corner (away from the label)
            np.testing.assert_allclose(_px(px, x0 + q * sc + 2, y0 + 2), to_rgb(w.CHANNEL_COLOURS[dest[q]]), atol=0.01)
        assert x0 + c * r * r * sc <= px.shape[1]
        for ch, (bx, by) in enumerate(lay[f"blocks_{order}"]):
            np.testing.assert_allclose(_px(px, bx + 2, by + 2), to_rgb(w.CHANNEL_COLOURS[ch]), atol=0.01)
            assert bx + r * bc <= px.shape[1] and by + r * bc <= px.shape[0]
    assert g["equal"] == (c == 1 or r == 1)
    assert lay["blocks_DCR"][0][1] > lay["blocks_CRD"][0][1] + r * bc          # the DCR section is below CRD
    assert lay["bottom"] < px.shape[0]                                          # the footer fits
    plt.close(fig)


@pytest.mark.parametrize("s, n", [(1, 2), (2, 4), (3, 5), (6, 8), (6, 2)])
def test_draw_bilinear_difference_paints_three_panels(s, n):
    fig = plt.figure(figsize=(10, 4.0))
    d = w.draw_bilinear_difference(fig, s=s, n=n)
    lay = d["layout"]
    cell, corners, px = lay["cell"], lay["panels"], lay["pixels"]
    assert len(corners) == 3 and cell >= 1
    size = s * n * cell
    assert corners[0][0] + size < corners[1][0] and corners[1][0] + size < corners[2][0]
    assert corners[2][0] + size <= px.shape[1] and corners[2][1] + size <= px.shape[0]
    # the difference panel is white (zero in PuOr) in the interior, coloured in the frame
    x0, y0 = corners[2]
    centre = _px(px, x0 + size / 2 + cell / 3, y0 + size / 2 + cell / 3)
    assert centre.min() > 0.9
    if s > 1:
        corner = _px(px, x0 + cell / 2, y0 + cell / 2)
        assert corner.min() < 0.8
    plt.close(fig)


def test_widgets_build_and_redraw():
    for build, changes in [(w.channel_map_widget, [{"r": 4}, {"channels": 3}, {"r": 1}, {"channels": 1}]),
                           (w.bilinear_difference_widget, [{"s": 6}, {"n": 8}, {"s": 1}, {"n": 2}])]:
        box = build()
        before = box.image.value
        assert before[:4] == b"\x89PNG"
        for change in changes:
            for name, value in change.items():
                box.controls[name].value = value
                assert box.controls[name].value == value
        assert box.image.value != before
        assert box.update() >= 0
    plt.close("all")


def test_render_works_with_the_default_figure_style():
    fig = render(w.draw_channel_map, figsize=(10, 5.9), r=2, channels=2)
    assert len(fig.axes) == 1 and fig.axes[0].images
    plt.close(fig)


# ------------------------------------------------------------------ second edition (issue #14)


def _onnx_depth_to_space(x, b, mode):
    """The reference formulas of ONNX's DepthToSpace operator page (NCHW)."""
    n, c, h, w_ = x.shape
    if mode == "DCR":
        tmp = x.reshape(n, b, b, c // b**2, h, w_).transpose(0, 3, 4, 1, 5, 2)
    else:
        tmp = x.reshape(n, c // b**2, b, b, h, w_).transpose(0, 1, 4, 2, 5, 3)
    return tmp.reshape(n, c // b**2, h * b, w_ * b)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 4), st.integers(1, 3), st.integers(1, 2), st.integers(1, 5), st.integers(1, 5),
       st.integers(0, 2**16))
def test_onnx_modes_are_pytorch_crd_and_tensorflow_dcr(r, c, n, h, w_, seed):
    """The lesson names the orders after ONNX DepthToSpace's modes: CRD is F.pixel_shuffle, DCR is
    tf.nn.depth_to_space read in NCHW."""
    x = np.random.default_rng(seed).standard_normal((n, c * r * r, h, w_))
    np.testing.assert_array_equal(_onnx_depth_to_space(x, r, "CRD"), F.pixel_shuffle(torch.from_numpy(x), r).numpy())
    tf_way = helpers.nhwc_to_nchw(tf.nn.depth_to_space(helpers.nchw_to_nhwc(x), r).numpy())
    np.testing.assert_array_equal(_onnx_depth_to_space(x, r, "DCR"), tf_way)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from([2, 4, 6, 8]), st.integers(1, 7), st.integers(1, 7), st.integers(1, 3), st.integers(0, 2**16))
def test_fcn_kernel_2s_cropped_is_the_caffe_filler_recipe(s, h, w_, c, seed):
    """FCN's released nets: kernel 2s, stride s, no padding, then a crop. For even s, cropping s/2 from each side
    gives the BilinearFiller recipe (kernel 2s - s % 2, padding ceil((s - 1)/2)), in PyTorch."""
    k, p = ex._fcn_setting(s)
    assert k == 2 * s and p == s // 2
    x = torch.from_numpy(np.random.default_rng(seed).standard_normal((1, c, h, w_)))
    wt = torch.from_numpy(helpers.bilinear_kernel(c, c, k))
    fcn = F.conv_transpose2d(x, wt, stride=s)
    assert fcn.shape[-2:] == ((h + 1) * s, (w_ + 1) * s)
    torch.testing.assert_close(fcn[..., p:-p, p:-p], F.conv_transpose2d(x, wt, stride=s, padding=p))


def test_random_phase_filters_give_a_pattern_and_icnr_does_not():
    """Section 4.3's claim at initialisation, for r = 2, 3, 4 and several seeds: random phase filters make a
    constant input periodic and not flat; ICNR (np.repeat in CRD order) makes it flat inside."""
    for r, seed in itertools.product((2, 3, 4), range(5)):
        rng = np.random.default_rng(seed)
        ones = np.ones((1, 2, 3 * r, 3 * r))
        rand = helpers.pixel_shuffle(helpers.conv2d(ones, rng.standard_normal((r * r, 2, 3, 3)), padding=1), r)
        inner = rand[0, 0, r:-r, r:-r]
        assert np.ptp(inner[:r, :r]) > 1e-6
        np.testing.assert_allclose(inner, np.tile(inner[:r, :r], (inner.shape[0] // r, inner.shape[1] // r)))
        w0 = rng.standard_normal((1, 2, 3, 3))
        icnr = helpers.pixel_shuffle(helpers.conv2d(ones, np.repeat(w0, r * r, axis=0), padding=1), r)[0, 0]
        np.testing.assert_allclose(icnr[r:-r, r:-r], icnr[r, r])
