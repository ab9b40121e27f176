"""helpers.artifacts: overlap counts against PyTorch and TensorFlow, the checkerboard score's properties."""

import numpy as np
import pytest
import tensorflow as tf
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers.artifacts import checkerboard_pattern, checkerboard_score, overlap_count, overlap_count_2d
from helpers.conv import conv_transpose2d


@st.composite
def axis_case(draw):
    i, k, s = draw(st.integers(1, 6)), draw(st.integers(1, 6)), draw(st.integers(1, 4))
    p = draw(st.integers(0, 3))
    op = draw(st.integers(0, s - 1))
    assume((i - 1) * s - 2 * p + k + op >= 1)
    return i, k, s, p, op


def _tf_transpose_of_ones(h, w, k, s, p, op):
    """tf.nn.conv2d_transpose (VALID, output_shape including output_padding), then PyTorch's crop p."""
    full = [(n - 1) * st_ + kk + o for n, kk, st_, o in zip((h, w), k, s, op)]
    y = tf.nn.conv2d_transpose(tf.ones((1, h, w, 1), tf.float64), tf.ones((*k, 1, 1), tf.float64),
                               output_shape=(1, *full, 1), strides=s, padding="VALID").numpy()[0, :, :, 0]
    out = [(n - 1) * st_ - 2 * pp + kk + o for n, kk, st_, pp, o in zip((h, w), k, s, p, op)]
    return y[p[0]:p[0] + out[0], p[1]:p[1] + out[1]]


@given(axis_case())
def test_overlap_count_is_conv_transpose1d_of_ones(case):
    i, k, s, p, op = case
    expected = F.conv_transpose1d(torch.ones(1, 1, i, dtype=torch.float64), torch.ones(1, 1, k, dtype=torch.float64),
                                  stride=s, padding=p, output_padding=op)[0, 0].numpy()
    got = overlap_count(i, k, s, p, op)
    assert got.dtype == np.int64
    np.testing.assert_array_equal(got, expected)


@settings(max_examples=40, deadline=None)
@given(axis_case(), axis_case())
def test_overlap_count_2d_is_conv_transpose2d_of_ones_in_torch_and_tf(rows, cols):
    (h, kh, sh, ph, oh), (w, kw, sw, pw, ow) = rows, cols
    k, s, p, op = (kh, kw), (sh, sw), (ph, pw), (oh, ow)
    got = overlap_count_2d((h, w), k, s, p, op)
    torch_ones = F.conv_transpose2d(torch.ones(1, 1, h, w, dtype=torch.float64),
                                    torch.ones(1, 1, kh, kw, dtype=torch.float64),
                                    stride=s, padding=p, output_padding=op)[0, 0].numpy()
    np.testing.assert_array_equal(got, torch_ones)
    np.testing.assert_array_equal(got, _tf_transpose_of_ones(h, w, k, s, p, op))
    np.testing.assert_array_equal(got, conv_transpose2d(np.ones((1, 1, h, w)), np.ones((1, 1, kh, kw)), stride=s,
                                                        padding=p, output_padding=op)[0, 0])
    np.testing.assert_array_equal(got, np.outer(overlap_count(h, kh, sh, ph, oh), overlap_count(w, kw, sw, pw, ow)))


def test_documented_overlap_examples():
    assert overlap_count(4, 3, 2).tolist() == [1, 1, 2, 1, 2, 1, 2, 1, 1]
    assert overlap_count(4, 4, 2, p=1).tolist() == [1, 2, 2, 2, 2, 2, 2, 1]
    assert overlap_count(3, 1, 3).tolist() == [1, 0, 0, 1, 0, 0, 1]      # k < s leaves gaps
    assert overlap_count_2d((2, 2), 3, 2)[2, 2] == 4
    assert overlap_count(5, 3, 2).sum() == 5 * 3                           # every tap lands somewhere (p = 0)


@pytest.mark.parametrize("k, s", [(k, s) for k in range(1, 9) for s in range(1, 5)])
def test_interior_is_even_exactly_when_k_is_a_multiple_of_s(k, s):
    counts = overlap_count(12, k, s)
    interior = counts[k - 1 : 11 * s + 1]              # positions that every tap can reach: t in [k-1, (i-1)s]
    assert (interior.min() == interior.max()) == (k % s == 0)
    if k % s == 0:
        assert interior[0] == k // s


@pytest.mark.parametrize(
    "kwargs, error, match",
    [({"i": 0, "k": 3, "s": 2}, ValueError, "i must be >= 1"), ({"i": 3, "k": 0, "s": 2}, ValueError, "k must"),
     ({"i": 3, "k": 3, "s": 0}, ValueError, "s must"), ({"i": 3, "k": 3, "s": 2, "p": -1}, ValueError, "p must"),
     ({"i": 3, "k": 3, "s": 2, "output_padding": 2}, ValueError, "output_padding"),
     ({"i": 1, "k": 1, "s": 1, "p": 1}, ValueError, "crops everything"),
     ({"i": 3.0, "k": 3, "s": 2}, TypeError, "i must be an int"), ({"i": 3, "k": True, "s": 2}, TypeError, "k must")],
)
def test_overlap_count_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        overlap_count(**kwargs)


@pytest.mark.parametrize(
    "args, error, match",
    [(((3,), 3, 2), ValueError, "shape must be a pair"), ((5, 3, 2), ValueError, "shape must be a pair"),
     (((3, 0), 3, 2), ValueError, r"shape\[1\]"), (((3, 3), (3, 3, 3), 2), ValueError, "k must"),
     (((3, 3), 3, (2, 0)), ValueError, r"s\[1\]"), (((3, 3), 3, 2.5), TypeError, "s must be an int")],
)
def test_overlap_count_2d_rejects_bad_arguments(args, error, match):
    with pytest.raises(error, match=match):
        overlap_count_2d(*args)


# ------------------------------------------------------------------------------------------------ the score


def _joint_fit(img, s):
    """Independent reference: lstsq of each cropped slice on [phase indicators, row, col]; (plane, tile)."""
    x = np.asarray(img, dtype=np.float64)
    x = x.reshape(-1, *x.shape[-2:])
    h, w = x.shape[1] - x.shape[1] % s, x.shape[2] - x.shape[2] % s
    x = x[:, :h, :w]
    r, c = np.indices((h, w))
    ind = (((r % s) * s + c % s).ravel()[:, None] == np.arange(s * s)).astype(float)
    D = np.hstack([ind, r.reshape(-1, 1), c.reshape(-1, 1)])
    beta = np.linalg.lstsq(D, x.reshape(len(x), -1).T, rcond=None)[0]          # (s*s + 2, M)
    levels = beta[: s * s]
    tile = (levels - levels.mean(axis=0)).T.reshape(-1, s, s)
    plane = (levels.mean(axis=0)[:, None] + (D[:, -2:] @ beta[-2:]).T).reshape(x.shape)
    return x, plane, tile


def _fft_share(x, s):
    """The spectral definition: mean-removed DFT energy at the bins (a H/s, b W/s) over all of it."""
    x = x - x.mean(axis=(-2, -1), keepdims=True)
    h, w = x.shape[-2:]
    spectrum = np.abs(np.fft.fft2(x)) ** 2
    return spectrum[..., :: h // s, :: w // s].sum() / spectrum.sum()


images = st.tuples(st.integers(1, 2), st.integers(1, 3), st.integers(8, 13), st.integers(8, 13),
                   st.integers(2, 4), st.integers(0, 2**16))


@given(images)
def test_score_is_the_spectral_share_once_the_fitted_plane_is_removed(case):
    n, c, h, w, s, seed = case
    rng = np.random.default_rng(seed)
    rows, cols = np.indices((h, w))
    img = (rng.standard_normal((n, c, h, w)) + rng.uniform(0, 3) * np.cos(np.pi * rows) * np.cos(2 * np.pi * cols / s)
           + rng.uniform(-1, 1) * rows + rng.uniform(-1, 1) * cols)
    got = checkerboard_score(img, period=s)
    assert 0.0 <= got <= 1.0
    x, plane, tile = _joint_fit(img, s)
    assert got == pytest.approx(_fft_share(x - plane, s), rel=1e-8, abs=1e-12)
    assert checkerboard_score(x - plane, period=s) == pytest.approx(got, rel=1e-8, abs=1e-12)
    tiled = np.tile(tile, (1, x.shape[1] // s, x.shape[2] // s))
    assert got == pytest.approx(np.sum(tiled**2) / np.sum((x - plane) ** 2), rel=1e-8, abs=1e-12)
    np.testing.assert_allclose(checkerboard_pattern(img, s), tile.mean(axis=0), atol=1e-10)


@given(images, st.floats(-100, 100).filter(lambda a: abs(a) > 1e-3), st.floats(-1e3, 1e3))
def test_score_is_invariant_to_scale_and_offset(case, scale, offset):
    n, c, h, w, s, seed = case
    img = np.random.default_rng(seed).standard_normal((n, c, h, w))
    assert checkerboard_score(scale * img + offset, s) == pytest.approx(checkerboard_score(img, s), rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shape", [(8, 8), (16, 12), (33, 31)])
def test_flat_images_score_zero(shape, dtype):
    rows, cols = np.indices(shape)
    assert checkerboard_score(np.full(shape, 0.7, dtype=dtype)) == 0.0
    assert checkerboard_score((0.37 * rows - 1.3 * cols + 5.1).astype(dtype)) == 0.0         # a plane
    assert checkerboard_score(np.zeros(shape, dtype=dtype), period=3) == 0.0


def test_smooth_images_score_near_zero_and_noise_near_the_baseline():
    rows, cols = np.indices((64, 64))
    assert checkerboard_score(np.exp(-((rows - 30) ** 2 + (cols - 20) ** 2) / 50)) < 1e-3
    assert checkerboard_score(np.sin(rows / 5.0) * np.cos(cols / 7.0)) < 1e-3
    noise = np.random.default_rng(0).standard_normal((16, 1, 64, 64))
    assert checkerboard_score(noise) == pytest.approx(3 / 64**2, rel=0.15)


@pytest.mark.parametrize("shape", [(8, 8), (6, 10), (9, 7)])
def test_checkerboards_and_stripes_score_one(shape):
    rows, cols = np.indices(shape)
    for pattern in [(-1.0) ** (rows + cols), (-1.0) ** rows, (-1.0) ** cols]:
        if shape == (9, 7):                                    # odd sizes: cropped to 8 x 6, still exact
            assert checkerboard_score(pattern) == pytest.approx(1.0)
        else:
            assert checkerboard_score(3 * pattern + 0.2 * rows + 1) == pytest.approx(1.0, abs=1e-12)
    tile = np.array([[4.0, 2.0, 2.0], [2.0, 1.0, 1.0], [2.0, 1.0, 1.0]])       # period 3
    assert checkerboard_score(np.tile(tile, (4, 5)), period=3) == pytest.approx(1.0)


def test_layouts_give_the_same_number():
    img = np.random.default_rng(1).standard_normal((12, 10))
    score = checkerboard_score(img)
    assert isinstance(score, float)
    assert checkerboard_score(img[None]) == score == checkerboard_score(img[None, None])
    batch = np.random.default_rng(2).standard_normal((3, 2, 12, 10))
    assert checkerboard_score(batch) == pytest.approx(checkerboard_score(batch.reshape(6, 12, 10)))
    assert checkerboard_score(img.tolist()) == score                         # nested lists are fine
    assert checkerboard_score(img.astype(np.float32)) == pytest.approx(score, rel=1e-5)


def test_pattern_is_the_periodic_part():
    rows, cols = np.indices((4, 6))
    np.testing.assert_allclose(checkerboard_pattern(5.0 + 2.0 * (-1.0) ** (rows + cols)), [[2, -2], [-2, 2]])
    img = np.random.default_rng(3).standard_normal((10, 12))
    tile = checkerboard_pattern(img, period=2)
    assert tile.shape == (2, 2) and abs(tile.sum()) < 1e-12
    rows, cols = np.indices((9, 9))
    assert checkerboard_score(rows.astype(float), period=3) == 0.0      # a ramp's staircase is not an artifact
    assert checkerboard_score(rows + np.tile([0.0, 1.0, -1.0], (9, 3)), period=3) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "img, period, error, match",
    [(np.ones(8), 2, ValueError, "2-D or 3-D or 4-D"), (np.ones((1, 1, 1, 4, 4)), 2, ValueError, "2-D or 3-D"),
     (np.ones((4, 4)), 1, ValueError, "period must be >= 2"), (np.ones((4, 4)), 2.0, TypeError, "period must be"),
     (np.ones((3, 8)), 2, ValueError, "at least 2\\*period"), (np.ones((8, 8)), 5, ValueError, "at least"),
     (np.full((4, 4), np.nan), 2, ValueError, "finite"), (np.pad([[np.inf]], ((0, 3), (0, 3))), 2, ValueError,
                                                            "finite"),
     ("image", 2, TypeError, "numeric"), (None, 2, TypeError, "numeric"), (np.ones((4, 4)) * 1j, 2, TypeError, "real"),
     (np.ones((0, 4)), 2, ValueError, "at least|empty")],
)
def test_score_rejects_bad_input(img, period, error, match):
    with pytest.raises(error, match=match):
        checkerboard_score(img, period)
    with pytest.raises(error, match=match):
        checkerboard_pattern(img, period)
