"""Lesson 10: the unpooling widget's compute and draw functions, and the exercise references, against
helpers.pooling, PyTorch and TensorFlow."""

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
from helpers.exercises import l10_unpooling as ex
from helpers.figures import l10_unpooling as w
from helpers.pooling import bed_of_nails_unpool2d, max_pool2d, max_unpool2d, nearest_unpool2d
from helpers.shuffle import nchw_to_nhwc
from helpers.widgets import render

SETTINGS = list(itertools.product(range(1, 5), w.METHODS, range(0, 9, 2)))

# ------------------------------------------------------------------------------------------ the image


def test_demo_image_is_fixed_integers_0_to_9():
    img = w._demo_image()
    assert img.shape == (16, 16) and img.dtype == np.float64
    assert img.min() == 0 and img.max() == 9
    np.testing.assert_array_equal(img, np.rint(img))
    np.testing.assert_array_equal(img, w._demo_image())          # deterministic


def test_demo_patch_slides_down_the_diagonal():
    for p in range(9):
        np.testing.assert_array_equal(w.demo_patch(p), w._demo_image()[p:p + 8, p:p + 8])
    for bad, error in [(-1, ValueError), (9, ValueError), (1.5, TypeError)]:
        with pytest.raises(error, match="position"):
            w.demo_patch(bad)


# ------------------------------------------------------------------------------------------ unpool_demo


def test_documented_example():
    d = helpers.pooling.pool_unpool([[1.0, 9.0, 2.0, 3.0], [4.0, 5.0, 8.0, 6.0]], 2)
    assert d["pooled"].tolist() == [[9.0, 8.0]] and d["indices"].tolist() == [[1, 6]]
    assert d["unpooled"].tolist() == [[0.0, 9.0, 0.0, 0.0], [0.0, 0.0, 8.0, 0.0]]
    assert d["exact"] == 2 and d["covered"] == (2, 4)


@pytest.mark.parametrize("k, method, position", SETTINGS)
def test_unpool_demo_matches_helpers_and_torch(k, method, position):
    x = w.demo_patch(position)
    d = helpers.pooling.pool_unpool(x, k, method)
    pooled, idx = max_pool2d(x[None, None], k, return_indices=True)
    np.testing.assert_array_equal(d["pooled"], pooled[0, 0])
    np.testing.assert_array_equal(d["indices"], idx[0, 0])
    np.testing.assert_array_equal(d["rows"] * 8 + d["cols"], idx[0, 0])
    h = 8 // k
    assert d["covered"] == (h * k, h * k)
    if method == "max-unpooling":
        want = F.max_unpool2d(torch.from_numpy(pooled), torch.from_numpy(idx), k, output_size=(8, 8))[0, 0].numpy()
        np.testing.assert_array_equal(want, max_unpool2d(pooled, idx, k, output_size=(8, 8))[0, 0])
        assert d["written"].sum() == h * h
    elif method == "bed of nails":
        want = np.zeros((8, 8))
        want[:h * k, :h * k] = bed_of_nails_unpool2d(pooled, k)[0, 0]
        assert d["written"].sum() == h * h and d["written"][0, 0]
    else:
        want = np.zeros((8, 8))
        want[:h * k, :h * k] = F.interpolate(torch.from_numpy(pooled), scale_factor=k, mode="nearest")[0, 0].numpy()
        np.testing.assert_array_equal(want[:h * k, :h * k], nearest_unpool2d(pooled, k)[0, 0])
        assert d["written"].sum() == (h * k) ** 2
    np.testing.assert_array_equal(d["unpooled"], want)
    assert not d["unpooled"][~d["written"]].any()                   # only written pixels are non-zero
    assert d["exact"] == int((want == x).sum())
    assert d["mean_abs_error"] == pytest.approx(np.abs(want - x).mean())


def test_max_unpooling_is_exact_where_it_writes():
    for k, p in itertools.product(range(1, 5), range(9)):
        d = helpers.pooling.pool_unpool(w.demo_patch(p), k, "max-unpooling")
        np.testing.assert_array_equal(d["unpooled"][d["written"]], d["input"][d["written"]])
    assert helpers.pooling.pool_unpool(w.demo_patch(0), 1, "max-unpooling")["exact"] == 64      # k = 1 loses nothing


@pytest.mark.parametrize(
    "args, error, match",
    [((np.zeros((1, 4, 4)), 2), ValueError, "x"), ((np.zeros((4, 4)), 0), ValueError, "k"),
     ((np.zeros((4, 4)), 5), ValueError, "k"), ((np.zeros((4, 4)), 2.0), TypeError, "k"),
     ((np.zeros((4, 4)), 2, "bilinear"), ValueError, "method"), (("abc", 2), TypeError, "x")],
)
def test_bad_arguments_are_rejected(args, error, match):
    with pytest.raises(error, match=match):
        helpers.pooling.pool_unpool(*args)


# ------------------------------------------------------------------------------------------ drawing


def _cell(pixels, corner, cell, r, c, dy=0.15):
    x0, y0 = corner
    return pixels[int(y0 + (r + dy) * cell), int(x0 + (c + 0.5) * cell)]


@pytest.mark.parametrize("k, method, position", [(2, "max-unpooling", 0), (3, "max-unpooling", 4),
                                                 (3, "bed of nails", 2), (4, "nearest", 8), (2, "nearest", 5)])
def test_draw_unpooling_paints_what_unpool_demo_computes(k, method, position):
    fig = render(w.draw_unpooling, figsize=(10, 3.5), k=k, method=method, position=position)
    assert len(fig.axes) == 1 and len(fig.axes[0].images) == 1 and not fig.axes[0].texts   # one painted image
    plt.close(fig)
    fig = plt.figure(figsize=(10, 3.5))
    d = w.draw_unpooling(fig, k=k, method=method, position=position)
    plt.close(fig)
    px, lay = d["pixels"], d["layout"]
    assert px.shape == (350, 1000, 3)
    cell = lay["cell"]
    right_edge = lay["unpooled"][0] + 8 * cell
    assert right_edge <= px.shape[1]                                 # nothing clipped
    ch, cw = d["covered"]
    red = np.array(to_rgb(w._MAXIMUM))
    for r, c in itertools.product(range(8), range(8)):
        colour = _cell(px, lay["unpooled"], cell, r, c, dy=0.5)
        lost = r >= ch or c >= cw
        if lost:
            np.testing.assert_allclose(_cell(px, lay["unpooled"], cell, r, c), w._LOST, atol=0.02)
        elif not d["written"][r, c]:
            np.testing.assert_allclose(colour, 1.0, atol=0.02)      # zeros are white
    for r, c in zip(d["rows"].ravel(), d["cols"].ravel()):          # maxima outlined in the input panel
        x0, y0 = lay["input"]
        np.testing.assert_allclose(px[int(y0 + (r + 0.5) * cell), int(x0 + c * cell + 3)], red, atol=0.02)


def test_widget_builds_and_redraws():
    box = w.unpooling_widget()
    assert set(box.controls) == {"k", "method", "position"}
    assert list(box.controls["method"].options) == list(w.METHODS)
    first = box.image.value
    box.controls["k"].value = 3
    assert box.image.value != first
    seconds = box.update()
    assert seconds > 0


# ------------------------------------------------------------------------------------------ exercises


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3), st.integers(0, 5), st.integers(0, 5), st.integers(1, 2), st.integers(1, 3),
       st.integers(0, 2**31))
def test_exercise_max_unpool_matches_torch(k, dh, dw, n, c, seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(-2, 4, size=(n, c, k + dh, k + dw)).astype(np.float64)
    pooled, idx = F.max_pool2d(torch.from_numpy(x), k, return_indices=True)
    want = F.max_unpool2d(pooled, idx, k, output_size=x.shape[2:]).numpy()
    np.testing.assert_array_equal(ex.max_unpool(pooled.numpy(), idx.numpy(), x.shape[2:]), want)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3), st.integers(0, 5), st.integers(0, 5), st.integers(1, 2), st.integers(1, 4),
       st.integers(0, 2**31))
def test_exercise_tf_conversion_matches_tensorflow_and_torch(k, dh, dw, n, c, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, c, k + dh, k + dw)).astype(np.float32)
    res = tf.nn.max_pool_with_argmax(np.ascontiguousarray(nchw_to_nhwc(x)), k, k, "VALID")
    _, idx = F.max_pool2d(torch.from_numpy(x), k, return_indices=True)
    np.testing.assert_array_equal(ex.torch_indices_from_tf(res.argmax.numpy(), c), idx.numpy())


def test_exercise_ties_expected_is_what_torch_and_tf_return():
    x = ex.TIES[None, None].astype(np.float32)
    _, idx = F.max_pool2d(torch.from_numpy(x), 2, return_indices=True)
    tf_idx = tf.nn.max_pool_with_argmax(nchw_to_nhwc(x), 2, 2, "VALID").argmax.numpy()
    np.testing.assert_array_equal(ex._ties_expected(), idx[0, 0].numpy())
    np.testing.assert_array_equal(ex._ties_expected(), tf_idx[0, :, :, 0])
    windows = ex.TIES.reshape(2, 2, 2, 2).transpose(0, 2, 1, 3).reshape(2, 2, 4)
    assert ((windows == windows.max(axis=-1, keepdims=True)).sum(axis=-1) > 1).sum() >= 3   # ties in 3+ windows


def test_exercise_segnet_bytes_match_torch_tensors():
    ind = F.max_pool2d(torch.zeros(1, ex.SEG_C, ex.SEG_H, ex.SEG_W), 2, return_indices=True)[1]
    assert ex._two_bit_bytes() == ind.numel() * 2 // 8
    assert ind.element_size() * ind.numel() == 32 * ex._two_bit_bytes()


def test_exercise_overlap_choice_is_what_torch_does():
    x = torch.tensor([[[[0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 9.0, 0.0, 0.0],
                        [0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0]]]], requires_grad=True)
    y, ind = F.max_pool2d(x, 3, 2, return_indices=True)               # 2x2 windows, all four hold the 9
    assert (ind == 12).all()
    g = torch.tensor([[[[1.0, 2.0], [3.0, 4.0]]]])
    y.backward(g)
    unpooled = F.max_unpool2d(g, ind, 3, 2, output_size=(5, 5))
    assert x.grad[0, 0, 2, 2] == 10.0                                  # g1 + g2 + g3 + g4
    assert unpooled[0, 0, 2, 2].item() in (1.0, 2.0, 3.0, 4.0)         # one of them


# ------------------------------------------------------------------ second edition (issue #14)

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(2, 3), st.integers(1, 3), st.integers(0, 6), st.integers(0, 2**16))
def test_deconvnet_projection_stays_in_the_receptive_field(k, pool, filters, extra, seed):
    """Lesson 10 section 7.3 (Zeiler and Fergus's deconvnet) for random conv kernels and pool sizes: keep one pooled
    unit, max-unpool with the switches, ReLU, conv_transpose2d with the same weights; the projection is non-zero
    only inside the unit's receptive field (helpers.receptive) and equals activation x input gradient."""
    import torch
    import torch.nn.functional as F

    from helpers.receptive import receptive_field

    rng = np.random.default_rng(seed)
    size = k - 1 + pool * 2 + extra
    w = torch.from_numpy(rng.standard_normal((filters, 1, k, k)))
    image = torch.from_numpy(rng.standard_normal((1, 1, size, size))).requires_grad_()
    features = F.relu(F.conv2d(image, w))
    pooled, switches = F.max_pool2d(features, pool, return_indices=True)
    field = receptive_field([(k, 1, 1, 0), (pool, pool, 1, 0)])[-1]
    for c in range(filters):
        i, j = divmod(int(pooled[0, c].argmax()), pooled.shape[-1])
        keep = torch.zeros_like(pooled)
        keep[0, c, i, j] = pooled[0, c, i, j].detach()
        down = F.max_unpool2d(keep, switches, pool, output_size=features.shape[-2:])
        projection = F.conv_transpose2d(F.relu(down), w)[0, 0].numpy()
        inside = np.zeros((size, size), bool)
        inside[field.start + i * field.jump:field.start + i * field.jump + field.size,
               field.start + j * field.jump:field.start + j * field.jump + field.size] = True
        assert not (projection[~inside] != 0).any()
        grad, = torch.autograd.grad(pooled[0, c, i, j], image, retain_graph=True)
        np.testing.assert_allclose(projection, keep[0, c, i, j].item() * grad[0, 0].numpy(), atol=1e-12)
