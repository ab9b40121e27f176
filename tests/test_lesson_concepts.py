"""The concept functions that used to live in the per-lesson widget modules (issue #17), against PyTorch and
TensorFlow/Keras with hypothesis, plus their ValueErrors.

Each function is now in the concept module named for it (``helpers/README.md``): ``helpers.resize``,
``helpers.conv``, ``helpers.artifacts``, ``helpers.pooling``, ``helpers.receptive``, ``helpers.shuffle``,
``helpers.layout`` and ``helpers.segmentation``. The lesson test files keep their documented examples and
figure tests; this file is where each one meets the frameworks.
"""

import math

import numpy as np
import pytest
import tensorflow as tf
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers import artifacts, claims, conv, layout, pooling, receptive, resize, segmentation, shuffle

FEW = settings(max_examples=25)


def _t(a):
    return torch.from_numpy(np.array(a, dtype=np.float64))


seeds = st.integers(0, 2**16)


# ============================================================================================== resize


@FEW
@given(st.integers(1, 2), st.integers(1, 3), st.integers(1, 5), st.integers(1, 5), st.integers(1, 3),
       st.integers(1, 3), seeds)
def test_nearest_repeat_is_torch_upsample_and_keras_upsampling2d(n, c, h, w, rh, rw, seed):
    x = np.random.default_rng(seed).standard_normal((n, c, h, w))
    got = resize.nearest_repeat(x, (rh, rw))
    np.testing.assert_array_equal(got, F.interpolate(_t(x), scale_factor=(rh, rw), mode="nearest").numpy())
    keras_up = tf.keras.layers.UpSampling2D((rh, rw))(np.transpose(x, (0, 2, 3, 1)).astype(np.float32))
    np.testing.assert_allclose(got, np.transpose(np.asarray(keras_up), (0, 3, 1, 2)), rtol=1e-6)
    np.testing.assert_array_equal(pooling.nearest_unpool2d(x, (rh, rw)), got)   # one implementation


@settings(max_examples=60)
@given(st.integers(1, 12), st.integers(1, 24), st.sampled_from(["nearest", "nearest-exact"]))
def test_nearest_mapping_by_size_is_torch(in_size, out_size, mode):
    src = F.interpolate(torch.arange(float(in_size))[None, None], size=out_size, mode=mode)[0, 0].numpy()
    m = resize.nearest_mapping(in_size, out_size, mode=mode)
    np.testing.assert_array_equal(m["source"], src.astype(int))
    np.testing.assert_array_equal(m["counts"], np.bincount(src.astype(int), minlength=in_size))
    assert set(m["dropped"].tolist()) == set(range(in_size)) - set(src.astype(int).tolist())


@settings(max_examples=60)
@given(st.integers(1, 10), st.sampled_from([0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 1 / 3]),
       st.sampled_from(["nearest", "nearest-exact"]))
def test_nearest_mapping_by_scale_is_torch(in_size, scale, mode):
    assume(math.floor(in_size * scale) >= 1)
    src = F.interpolate(torch.arange(float(in_size))[None, None], scale_factor=scale, mode=mode)[0, 0].numpy()
    np.testing.assert_array_equal(resize.nearest_mapping(in_size, scale=scale, mode=mode)["source"], src.astype(int))


@settings(max_examples=60)
@given(st.integers(2, 8), st.floats(-2.0, 10.0, allow_nan=False), st.booleans(), seeds)
def test_linear_query_is_torch_grid_sample(n, x, swap, seed):
    f = np.random.default_rng(seed).standard_normal(n)
    grid = torch.tensor([[[[2.0 * x / (n - 1) - 1.0, 0.0]]]], dtype=torch.float64)   # align_corners: -1..1 = 0..n-1
    expected = F.grid_sample(_t(f)[None, None, None], grid, mode="bilinear", padding_mode="border",
                             align_corners=True).item()
    q = resize.linear_query(f, x, swap=swap)
    assert q["correct"] == pytest.approx(expected, abs=1e-12)
    assert q["value"] == pytest.approx(expected if not swap else q["alpha"] * q["f0"] + (1 - q["alpha"]) * q["f1"])


@settings(max_examples=60)
@given(st.floats(0, 1), st.floats(0, 1), seeds)
def test_four_neighbour_weights_are_torch_grid_sample(a, b, seed):
    q = np.random.default_rng(seed).standard_normal((2, 2))
    grid = torch.tensor([[[[2 * a - 1, 2 * b - 1]]]], dtype=torch.float64)           # (x, y), corners at -1 and 1
    expected = F.grid_sample(_t(q)[None, None], grid, mode="bilinear", align_corners=True).item()
    assert (resize.four_neighbour_weights(a, b) * q).sum() == pytest.approx(expected, abs=1e-12)


@settings(max_examples=40)
@given(st.integers(1, 7), st.integers(1, 7), st.integers(1, 12), st.integers(1, 12), seeds)
def test_coordinate_mode_resizing_is_torch_and_tensorflow(h, w, oh, ow, seed):
    x = np.random.default_rng(seed).standard_normal((h, w))
    x4, nhwc = x[None, None], x[None, :, :, None].astype(np.float32)

    def ours(mode):
        return resize.interpolate(x4, size=(oh, ow), mode="bilinear", coordinate_mode=mode)[0, 0]

    torch_half = F.interpolate(_t(x4), size=(oh, ow), mode="bilinear", align_corners=False)[0, 0].numpy()
    np.testing.assert_allclose(ours("half_pixel"), torch_half, atol=1e-12)
    if oh > 1 and ow > 1:
        torch_corners = F.interpolate(_t(x4), size=(oh, ow), mode="bilinear", align_corners=True)[0, 0].numpy()
        np.testing.assert_allclose(ours("align_corners"), torch_corners, atol=1e-12)
    tf1 = tf.compat.v1.image.resize_bilinear(nhwc, (oh, ow), align_corners=False).numpy()[0, :, :, 0]
    np.testing.assert_allclose(ours("asymmetric"), tf1, atol=1e-5)
    tf2 = tf.image.resize(nhwc, (oh, ow), method="bilinear").numpy()[0, :, :, 0]
    np.testing.assert_allclose(ours("half_pixel"), tf2, atol=1e-5)
    M = resize.interpolation_matrix(h, oh, coordinate_mode="asymmetric")
    np.testing.assert_allclose(M @ x @ resize.interpolation_matrix(w, ow, coordinate_mode="asymmetric").T,
                               ours("asymmetric"), atol=1e-12)


@settings(max_examples=40)
@given(st.integers(1, 9), st.integers(1, 12),
       st.sampled_from(["half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_half_pixel_for_nn"]))
def test_sampling_grid_is_source_coordinate_and_interpolation_matrix_reads_it(in_size, out_size, mode):
    g = resize.sampling_grid(in_size, out_size, mode)
    src = resize.source_coordinate(np.arange(out_size), in_size, out_size, mode)
    np.testing.assert_array_equal(g["source"], src)
    np.testing.assert_array_equal(g["clamped"], (src < 0) | (src > in_size - 1))
    M = resize.interpolation_matrix(in_size, out_size, coordinate_mode=mode)
    np.testing.assert_allclose(M @ np.arange(in_size), np.clip(src, 0, in_size - 1), atol=1e-12)   # reads there


# ============================================================================================== conv


@st.composite
def transposed_settings(draw):
    k, s = draw(st.integers(1, 5)), draw(st.integers(1, 3))
    p, op = draw(st.integers(0, 3)), draw(st.integers(0, s - 1))
    h, w = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    assume(min(h, w) - 1 >= 0 and (min(h, w) - 1) * s - 2 * p + k + op >= 1)
    return k, s, p, op, h, w, draw(st.integers(1, 2)), draw(st.integers(1, 2)), draw(seeds)


@FEW
@given(transposed_settings())
def test_zero_insert_pad_then_conv_is_torch_conv_transpose(case):
    k, s, p, op, h, w, c_in, c_out, seed = case
    rng = np.random.default_rng(seed)
    x, wt = rng.standard_normal((1, c_in, h, w)), rng.standard_normal((c_in, c_out, k, k))
    expected = F.conv_transpose2d(_t(x), _t(wt), stride=s, padding=p, output_padding=op).numpy()
    z = conv.zero_insert_pad(x, k, s, p, op)
    flipped = _t(wt.transpose(1, 0, 2, 3)[..., ::-1, ::-1])
    np.testing.assert_allclose(F.conv2d(_t(z), flipped).numpy(), expected, atol=1e-12)
    np.testing.assert_allclose(conv.transposed_conv_as_full_conv(x, wt, s, p, op), expected, atol=1e-12)


@FEW
@given(transposed_settings())
def test_transposed_conv_as_full_conv_is_tensorflow(case):
    k, s, p, op, h, w, c_in, c_out, seed = case
    assume(p == 0)
    rng = np.random.default_rng(seed)
    x, wt = rng.standard_normal((1, c_in, h, w)), rng.standard_normal((c_in, c_out, k, k))
    out_shape = (1, (h - 1) * s + k + op, (w - 1) * s + k + op, c_out)
    filters = np.transpose(wt, (2, 3, 1, 0))                                   # (k, k, C_out, C_in)
    expected = tf.nn.conv2d_transpose(np.transpose(x, (0, 2, 3, 1)), filters, out_shape, s, padding="VALID")
    np.testing.assert_allclose(conv.transposed_conv_as_full_conv(x, wt, s, 0, op),
                               np.transpose(expected.numpy(), (0, 3, 1, 2)), atol=1e-10)


@FEW
@given(st.integers(1, 4), st.integers(1, 3), st.integers(1, 4), st.integers(1, 4), seeds)
def test_tie_matrix_maps_a_conv_kernel_to_the_transposed_kernel_torch_agrees_on(k, r, h, w, seed):
    rng = np.random.default_rng(seed)
    x, K = rng.standard_normal((1, 1, h, w)), rng.standard_normal((k, k))
    W = (conv.tie_matrix(k, r) @ K.ravel()).reshape(k + r - 1, k + r - 1)
    np.testing.assert_allclose(W, conv.nearest_conv_kernel(K, r), atol=1e-12)
    expected = F.conv2d(F.interpolate(_t(x), scale_factor=r, mode="nearest"), _t(K[None, None]), padding=k - 1)
    got = F.conv_transpose2d(_t(x), _t(W[None, None]), stride=r)                  # padding k-1-p = 0
    np.testing.assert_allclose(got.numpy(), expected.numpy(), atol=1e-12)


@FEW
@given(st.integers(1, 6), st.integers(1, 3), st.integers(1, 4), st.integers(1, 4), seeds)
def test_phase_kernels_are_the_output_phases_of_torch_conv_transpose(k, s, h, w, seed):
    rng = np.random.default_rng(seed)
    x, W = rng.standard_normal((1, 1, h, w)), rng.standard_normal((k, k))
    y = F.conv_transpose2d(_t(x), _t(W[None, None]), stride=s)[0, 0].numpy()
    phases = conv.phase_kernels(W, s)
    for a in range(min(s, k)):
        for b in range(min(s, k)):
            expected = F.conv_transpose2d(_t(x), _t(phases[a][b][None, None]))[0, 0].numpy()
            np.testing.assert_allclose(y[a::s, b::s], expected, atol=1e-12)


@FEW
@given(st.integers(1, 6), st.integers(2, 3), seeds)
def test_phase_sums_are_the_interior_of_torch_conv_transpose_on_ones(k, s, seed):
    W = np.random.default_rng(seed).uniform(-1, 1, (k, k))
    n = k + 3
    y = F.conv_transpose2d(torch.ones(1, 1, n, n, dtype=torch.float64), _t(W[None, None]), stride=s)[0, 0].numpy()
    sums = conv.phase_sums(W, s)
    for m in range(k - 1, (n - 1) * s + 1):          # every tap of the pixel's phase lands here
        for q in range(k - 1, (n - 1) * s + 1):
            assert y[m, q] == pytest.approx(sums[m % s, q % s], abs=1e-12)


@FEW
@given(st.integers(1, 5), st.integers(1, 3), st.integers(0, 3), st.integers(1, 6), seeds)
def test_phase_groups_are_torch_nearest_plus_conv_phase_by_phase(k, r, p, n, seed):
    assume(r * n + 2 * p >= k)
    rng = np.random.default_rng(seed)
    x, K = rng.standard_normal(n), rng.standard_normal(k)
    y = F.conv1d(F.interpolate(_t(x)[None, None], scale_factor=r, mode="nearest"), _t(K)[None, None],
                 padding=p)[0, 0].numpy()
    groups = conv.phase_groups(k, r, p)
    for phi, by_offset in groups.items():
        # output r*i + phi == sum over offsets o of (sum of the taps in group o) * x[i + o]
        count = len(range(phi, y.size, r))
        got = np.zeros(count)
        for o, taps in by_offset.items():
            idx = np.arange(count) + o
            inside = (idx >= 0) & (idx < n)
            got[inside] += K[taps].sum() * x[idx[inside]]
        np.testing.assert_allclose(got, y[phi::r], atol=1e-12)
        assert sorted(t for taps in by_offset.values() for t in taps) == list(range(k))


@settings(max_examples=40)
@given(st.integers(1, 7), st.integers(1, 4), st.integers(1, 6))
def test_same_transposed_padding_gives_torch_and_keras_s_times_the_size(k, s, h):
    assume(not (s == 1 and (k - s) % 2))
    p, op = conv.same_transposed_padding(k, s)
    y = F.conv_transpose2d(torch.ones(1, 1, h, h), torch.ones(1, 1, k, k), stride=s, padding=p, output_padding=op)
    keras_y = tf.keras.layers.Conv2DTranspose(1, k, strides=s, padding="same")(np.ones((1, h, h, 1), np.float32))
    assert y.shape[-1] == s * h == keras_y.shape[1]


@FEW
@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), seeds)
def test_scatter_add_steps_sum_to_torch_conv_transpose(h, w, kh, kw, s, seed):
    rng = np.random.default_rng(seed)
    X, K = rng.standard_normal((h, w)), rng.standard_normal((kh, kw))
    steps = conv.scatter_add_steps(X, K, s)
    expected = F.conv_transpose2d(_t(X[None, None]), _t(K[None, None]), stride=s)[0, 0].numpy()
    np.testing.assert_allclose(steps["result"], expected, atol=1e-12)
    for t, (i, j) in enumerate(steps["positions"]):     # each partial is the transposed conv of one element
        one = np.zeros_like(X)
        one[i, j] = X[i, j]
        single = F.conv_transpose2d(_t(one[None, None]), _t(K[None, None]), stride=s)[0, 0].numpy()
        np.testing.assert_allclose(steps["partials"][t], single, atol=1e-12)


@settings(max_examples=60)
@given(st.integers(1, 6), st.integers(1, 5), st.integers(1, 4), st.integers(0, 4), st.integers(0, 4))
def test_transpose_geometry_is_torch_conv_transpose1d_of_ones(i, k, s, p, op):
    g = conv.transpose_geometry(i, k, s, p, op)
    try:
        y = F.conv_transpose1d(torch.ones(1, 1, i, dtype=torch.float64), torch.ones(1, 1, k, dtype=torch.float64),
                               stride=s, padding=p, output_padding=op)
    except RuntimeError:
        assert not g["valid"]
        return
    if y.shape[-1] < 1:
        assert not g["valid"]
        return
    assert g["valid"] and g["size"] == y.shape[-1]
    np.testing.assert_array_equal(g["counts"], y[0, 0].numpy())
    np.testing.assert_array_equal(g["full_counts"], F.conv_transpose1d(
        torch.ones(1, 1, i), torch.ones(1, 1, k), stride=s)[0, 0].numpy())


@settings(max_examples=40)
@given(st.integers(1, 5), st.integers(1, 3), st.integers(1, 3), st.integers(0, 2))
def test_conv_matrix_ids_are_the_torch_jacobian_of_a_numbered_kernel(n, k, s, p):
    assume(n + 2 * p >= k)
    numbered = torch.arange(1.0, k * k + 1, dtype=torch.float64).reshape(1, 1, k, k)
    jac = torch.autograd.functional.jacobian(lambda v: F.conv2d(v.reshape(1, 1, n, n), numbered, stride=s,
                                                                padding=p).reshape(-1), torch.zeros(n * n,
                                                                                                   dtype=torch.float64))
    g = conv.conv_matrix_ids(n, k, s, p)
    np.testing.assert_array_equal(g["ids"], jac.numpy().astype(np.int64) - 1)
    for pixel in range(g["shape"][0]):
        r = conv.pixel_reads(n, k, s, p, pixel)
        inside = {(i, j): a * k + b for a, b, i, j, ok in r["taps"] if ok}
        row = jac[pixel].reshape(n, n).numpy().astype(np.int64) - 1
        assert inside == {(int(i), int(j)): int(row[i, j]) for i, j in np.argwhere(row >= 0)}


# ============================================================================================== artifacts


@settings(max_examples=40)
@given(st.integers(1, 7), st.integers(1, 4))
def test_interior_pattern_is_the_interior_of_torch_conv_transpose1d_of_ones(k, s):
    n = k + 4
    y = F.conv_transpose1d(torch.ones(1, 1, n), torch.ones(1, 1, k), stride=s)[0, 0].numpy()
    pattern = artifacts.interior_pattern(k, s)
    for t in range(k - 1, (n - 1) * s + 1):
        assert y[t] == pattern[t % s]


@FEW
@given(st.integers(2, 8), seeds)
def test_total_variation_is_tensorflows_scaled(n, seed):
    y = np.random.default_rng(seed).standard_normal((n, n))
    tf_tv = float(tf.image.total_variation(tf.constant(y[:, :, None])))                 # sum of |differences|
    assert artifacts.total_variation(y) == pytest.approx(tf_tv / (2 * n * (n - 1)), rel=1e-10)


@FEW
@given(st.integers(1, 4), st.integers(1, 4), st.integers(2, 3), seeds)
def test_periodic_energy_is_the_torch_fft_share(a, b, period, seed):
    y = np.random.default_rng(seed).standard_normal((a * period, b * period))
    power = torch.fft.fft2(_t(y)).abs() ** 2
    h, w = y.shape
    periodic = power[:: h // period, :: w // period].sum() - power[0, 0]
    expected = float(periodic / (power.sum() - power[0, 0]))
    assert artifacts.periodic_energy(y, period) == pytest.approx(expected, rel=1e-10)


# ============================================================================================== pooling


@FEW
@given(st.integers(1, 3), st.sampled_from(pooling.UNPOOL_METHODS), st.integers(3, 8), st.integers(3, 8), seeds)
def test_pool_unpool_is_torch_max_pool_then_unpool(k, method, h, w, seed):
    x = np.random.default_rng(seed).integers(0, 5, (h, w)).astype(float)        # ties included
    d = pooling.pool_unpool(x, k, method)
    pooled, idx = F.max_pool2d(_t(x[None, None]), k, return_indices=True)
    np.testing.assert_array_equal(d["pooled"], pooled[0, 0].numpy())
    np.testing.assert_array_equal(d["indices"], idx[0, 0].numpy())
    if method == "max-unpooling":
        expected = F.max_unpool2d(pooled, idx, k, output_size=(h, w))[0, 0].numpy()
    else:
        small = (F.interpolate(pooled, scale_factor=k, mode="nearest") if method == "nearest"
                 else F.max_unpool2d(pooled, _top_left(pooled.shape[2:], k, w), k, output_size=(h, w)))
        expected = np.zeros((h, w))
        hh, ww = min(h, small.shape[2]), min(w, small.shape[3])
        expected[:hh, :ww] = small[0, 0, :hh, :ww].numpy()
        if method == "bed of nails":
            expected = small[0, 0].numpy()
    np.testing.assert_array_equal(d["unpooled"], expected)


def _top_left(shape, k, width):
    rows, cols = np.meshgrid(np.arange(shape[0]) * k, np.arange(shape[1]) * k, indexing="ij")
    return torch.from_numpy(rows * width + cols)[None, None]


# ============================================================================================== receptive


@FEW
@given(st.integers(1, 4), st.lists(st.integers(1, 4), min_size=1, max_size=4), st.integers(1, 2))
def test_describe_stack_counts_are_the_torch_input_gradient(kernel, dilations, stride):
    g = receptive.describe_stack(kernel, dilations, stride)
    size = g["sizes"][-1] + 8 * stride * 2**len(dilations)
    x = torch.zeros(1, 1, size, dtype=torch.float64, requires_grad=True)
    y = x
    for spec in g["layers"]:
        k, s, d, p = spec
        y = F.conv1d(y, torch.ones(1, 1, k, dtype=torch.float64), stride=s, dilation=d, padding=p)
    (grad,) = torch.autograd.grad(y[0, 0, y.shape[-1] // 2], x)
    nz = np.flatnonzero(grad[0, 0].numpy())
    field = grad[0, 0].numpy()[nz[0]: nz[-1] + 1]
    np.testing.assert_array_equal(np.trim_zeros(g["counts"]), field)
    assert g["holes"] == int((g["counts"] == 0).sum())


# ============================================================================================== shuffle


@settings(max_examples=30)
@given(st.integers(1, 4), st.integers(2, 4))
def test_channel_map_is_torch_pixel_shuffle_and_tf_depth_to_space(c, r):                  # TF needs r >= 2
    ids = np.arange(c * r * r, dtype=np.float32)
    crd = F.pixel_shuffle(torch.from_numpy(ids).reshape(1, c * r * r, 1, 1), r)[0].numpy()
    np.testing.assert_array_equal(shuffle.channel_map(c, r, "CRD"), crd.astype(np.int64))
    dcr = tf.nn.depth_to_space(ids.reshape(1, 1, 1, c * r * r), r).numpy()[0].transpose(2, 0, 1)
    np.testing.assert_array_equal(shuffle.channel_map(c, r, "DCR"), dcr.astype(np.int64))


# ============================================================================================== layout


@FEW
@given(st.integers(1, 5), st.integers(1, 6), seeds)
def test_bilinear_difference_is_torch_tconv_minus_torch_interpolate(s, n, seed):
    x = np.random.default_rng(seed).uniform(0.5, 1.5, (n, n))
    d = layout.bilinear_difference(s, x=x)
    k, p = d["kernel_size"], d["padding"]
    tconv = F.conv_transpose2d(_t(x[None, None]), _t(layout.bilinear_kernel(1, 1, k)), stride=s, padding=p)
    interp = F.interpolate(_t(x[None, None]), scale_factor=s, mode="bilinear", align_corners=False)
    np.testing.assert_allclose(d["tconv"], tconv[0, 0].numpy(), atol=1e-12)
    np.testing.assert_allclose(d["interp"], interp[0, 0].numpy(), atol=1e-12)
    assert d["tconv"].shape == (s * n, s * n)
    assert not (d["mask"] & ~d["frame"]).any()                              # differences only in the frame


# ============================================================================================== segmentation


@FEW
@given(st.sampled_from([8, 12, 16, 24, 32]), st.sampled_from([1, 2, 4]))
def test_coarse_mask_accuracy_is_torch_and_tf_nearest_upsampling(size, factor):
    assume(size % factor == 0)
    _, mask = segmentation.make_scene(size)
    restored, accuracy = segmentation.coarse_mask_accuracy(mask, factor)
    coarse = mask[factor // 2:: factor, factor // 2:: factor].astype(np.float64)
    up = F.interpolate(_t(coarse[None, None]), scale_factor=factor, mode="nearest")[0, 0].numpy()
    np.testing.assert_array_equal(restored, up)
    tf_up = tf.image.resize(coarse[:, :, None], (size, size), method="nearest").numpy()[:, :, 0]
    np.testing.assert_array_equal(restored, tf_up)
    assert accuracy == pytest.approx(float(np.mean(up == mask)))


def _torch_unet(size, depth, fix):
    """Run a U-Net's shapes in PyTorch (2x2 max pooling, x2 nearest upsampling, concat); None where it fails."""
    step = 2**depth
    work = -(-size // step) * step if fix == "pad input" else size
    x = torch.zeros(1, 1, work, work)
    skips = []
    for _ in range(depth):
        skips.append(x)
        x = F.max_pool2d(x, 2)
    encoder = [s.shape[-1] for s in skips] + [x.shape[-1]]
    for skip in reversed(skips):
        up = F.interpolate(x, scale_factor=2, mode="nearest")
        if fix == "crop skip":
            lo = (skip.shape[-1] - up.shape[-1]) // 2
            skip = skip[..., lo:lo + up.shape[-1], lo:lo + up.shape[-1]] if lo >= 0 else skip
        elif fix == "pad upsampled":
            extra = skip.shape[-1] - up.shape[-1]
            up = F.pad(up, (extra // 2, extra - extra // 2, extra // 2, extra - extra // 2)) if extra > 0 else up
        try:
            x = torch.cat([up, skip], dim=1)[:, :1]
        except RuntimeError:
            return encoder, None
    return encoder, (size if fix == "pad input" else x.shape[-1])


@settings(max_examples=40)
@given(st.integers(0, 4), st.integers(16, 100), st.sampled_from(segmentation.FIXES))
def test_unet_trace_is_a_torch_unet(depth, size, fix):
    t = segmentation.unet_trace(size, depth, fix)
    encoder, output = _torch_unet(size, depth, fix)
    assert t["encoder"] == encoder
    if output is None:
        assert t["fails_at"] is not None
    else:
        assert t["fails_at"] is None and t["output"] == output


# ============================================================================================== bad input


@pytest.mark.parametrize("call, error, match", [
    (lambda: resize.nearest_repeat(np.ones(3), 2), ValueError, "at least 2 dimensions"),
    (lambda: resize.nearest_repeat(np.ones((2, 2)), 0), ValueError, "factor must be >= 1"),
    (lambda: resize.nearest_mapping(0, 3), ValueError, "in_size must be >= 1"),
    (lambda: resize.nearest_mapping(3), ValueError, "exactly one of out_size and scale"),
    (lambda: resize.nearest_mapping(3, scale=-1.0), ValueError, "scale must be > 0"),
    (lambda: resize.nearest_mapping(3, 2, mode="linear"), ValueError, "mode"),
    (lambda: resize.linear_query([], 1.0), ValueError, "signal must not be empty"),
    (lambda: resize.linear_query([1.0, 2.0], float("inf")), TypeError, "finite"),
    (lambda: resize.four_neighbour_weights(1.5, 0.0), ValueError, r"a must be in \[0, 1\]"),
    (lambda: resize.four_neighbour_weights(0.0, -0.1), ValueError, r"b must be in \[0, 1\]"),
    (lambda: resize.sampling_grid(0, 3), ValueError, "in_size must be >= 1"),
    (lambda: resize.sampling_grid(3, 3, "bogus"), ValueError, "mode"),
    (lambda: resize.interpolation_matrix(3, 4, "nearest", coordinate_mode="asymmetric"), ValueError,
     "coordinate_mode must be None"),
    (lambda: resize.interpolation_matrix(3, 4, align_corners=True, coordinate_mode="asymmetric"), ValueError,
     "coordinate_mode alone"),
    (lambda: resize.interpolation_matrix(3, 4, coordinate_mode="bogus"), ValueError, "coordinate_mode"),
    (lambda: resize.interpolate(np.ones((1, 1, 2, 2)), 4, mode="nearest", coordinate_mode="half_pixel"),
     ValueError, "coordinate_mode must be None"),
    (lambda: conv.zero_insert_pad(np.ones((2, 2)), 3, stride=2, output_padding=2), ValueError,
     "output_padding must be smaller than stride"),
    (lambda: conv.zero_insert_pad(np.ones((2, 2)), 0), ValueError, "k must be >= 1"),
    (lambda: conv.transposed_conv_as_full_conv(np.ones((1, 1, 2, 2)), np.ones((1, 1, 2, 3))), ValueError, "square"),
    (lambda: conv.nearest_conv_kernel(np.ones((2, 3)), 2), ValueError, "square"),
    (lambda: conv.nearest_conv_kernel(np.ones((2, 2)), 0), ValueError, "factor must be >= 1"),
    (lambda: conv.nearest_conv_padding(0, 1), ValueError, "k must be >= 1"),
    (lambda: conv.nearest_conv_as_transposed(np.ones((1, 2, 2, 2)), np.ones((1, 1, 3, 3))), ValueError,
     "input channels"),
    (lambda: conv.tie_matrix(0), ValueError, "k must be >= 1"),
    (lambda: conv.phase_kernels(np.ones((3, 3)), 0), ValueError, "stride must be >= 1"),
    (lambda: conv.phase_sums(np.ones(3), 2), ValueError, "W"),
    (lambda: conv.phase_groups(3, 2, -1), ValueError, "padding must be >= 0"),
    (lambda: conv.same_transposed_padding(2, 1), ValueError, "no symmetric padding"),
    (lambda: conv.scatter_add_steps(np.ones((2, 2)), np.ones((2, 2)), 0), ValueError, "stride must be >= 1"),
    (lambda: conv.scatter_add_steps(np.ones(2), np.ones((2, 2))), ValueError, "X"),
    (lambda: conv.transpose_geometry(0, 3, 2), ValueError, "i must be >= 1"),
    (lambda: conv.transpose_geometry(3, 3, 2, p=-1), ValueError, "p must be >= 0"),
    (lambda: conv.conv_matrix_ids(3, 0), ValueError, "k must be >= 1"),
    (lambda: conv.pixel_reads(3, 5, 1, 0, 0), ValueError, "does not fit"),
    (lambda: conv.pixel_reads(4, 3, 1, 0, 4), ValueError, "pixel must be <= 3"),
    (lambda: artifacts.interior_pattern(3, 0), ValueError, "s must be >= 1"),
    (lambda: artifacts.total_variation(np.ones((1, 4))), ValueError, "at least 2x2"),
    (lambda: artifacts.periodic_energy(np.ones((3, 4))), ValueError, "multiples of period"),
    (lambda: artifacts.periodic_energy(np.ones((4, 4)), 1), ValueError, "period must be >= 2"),
    (lambda: artifacts.periodic_energy(np.ones(4)), ValueError, "at least 2 dimensions"),
    (lambda: pooling.pool_unpool(np.ones((4, 4)), 5), ValueError, "k must be at most the patch size 4"),
    (lambda: pooling.pool_unpool(np.ones((4, 4)), 2, "average"), ValueError, "method"),
    (lambda: pooling.pool_unpool(np.ones(4), 2), ValueError, "x"),
    (lambda: receptive.describe_stack(3, ()), ValueError, "dilations must be a non-empty sequence"),
    (lambda: receptive.describe_stack(3, (1, 0)), ValueError, r"dilations\[1\] must be >= 1"),
    (lambda: shuffle.channel_map(0, 2), ValueError, "channels must be >= 1"),
    (lambda: shuffle.channel_map(2, 2, "NCHW"), ValueError, "order"),
    (lambda: layout.bilinear_setting(0), ValueError, "s must be >= 1"),
    (lambda: layout.frame_mask((0, 3), 1), ValueError, r"shape\[0\] must be >= 1"),
    (lambda: layout.frame_mask((3, 3), -1), ValueError, "width must be >= 0"),
    (lambda: layout.bilinear_difference(2, x=np.ones(3)), ValueError, "x"),
    (lambda: segmentation.make_scene(4), ValueError, "size must be >= 8"),
    (lambda: segmentation.coarse_mask_accuracy(np.zeros((6, 6), int), 4), ValueError, "divisible by factor=4"),
    (lambda: segmentation.coarse_mask_accuracy(np.zeros(6, int), 2), ValueError, "mask must be 2-D"),
    (lambda: segmentation.unet_trace(4, 3), ValueError, "size must be >= 8"),
    (lambda: segmentation.unet_trace(32, 3, "stretch"), ValueError, "fix"),
    (lambda: claims.claim_states(k=0), ValueError, "k must be >= 1"),
])
def test_bad_input_names_the_parameter(call, error, match):
    with pytest.raises(error, match=match):
        call()
