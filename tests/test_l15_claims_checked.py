"""Lesson 15: flipping the setting each claim depends on flips its verdict; the widget's compute and draw."""

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest

import helpers
from helpers import claims as C
from helpers.figures import l15_claims_checked as w
from helpers.widgets import draw_png, render


@pytest.mark.parametrize("key", list(C.FLIPS))
def test_flipping_the_setting_flips_the_verdict(key):
    holds, fails = C.FLIPS[key]
    a, b = C.EXPERIMENTS[key](**holds), C.EXPERIMENTS[key](**fails)
    assert (a.holds, b.holds) == (True, False), (a.evidence, b.evidence)
    assert a.evidence != b.evidence
    assert C.overall([a, b])[0] == "DEPENDS"


def test_every_claim_has_a_flip_and_at_least_twelve_claims():
    assert set(C.FLIPS) == set(C.EXPERIMENTS) == {c.key for c in C.CLAIMS}
    assert len(C.CLAIMS) >= 12


@pytest.mark.parametrize("key", ["transposed_is_inverse", "strided_transposed_is_max_pool_gradient",
                                 "upsample_conv_smoother", "transposed_better_quality"])
def test_verdicts_do_not_depend_on_the_random_data(key):
    """The claims decided on random data give the same verdict for other seeds (robust, not luck)."""
    base = C.EXPERIMENTS[key]().holds
    assert all(C.EXPERIMENTS[key](seed=seed).holds == base for seed in range(1, 6))


def test_claim_states_documented_examples():
    assert [row[1] for row in helpers.claims.claim_states(3, 2, 1, 8)["rows"]] == ["FALSE", "TRUE", "FALSE"]
    assert [row[1] for row in helpers.claims.claim_states(4, 2, 1, 8)["rows"]] == ["FALSE", "FALSE", "TRUE"]
    assert [row[1] for row in helpers.claims.claim_states(1, 2, 0, 4)["rows"]] == ["TRUE", "TRUE", "FALSE"]


@pytest.mark.parametrize("k, s, p, n", list(itertools.product(range(1, 9), range(1, 5), (0, 1, 3), (1, 7, 8))))
def test_claim_states_follow_the_rules(k, s, p, n):
    state = helpers.claims.claim_states(k, s, p, n)
    words = [row[1] for row in state["rows"]]
    assert words[0] == ("TRUE" if k < s else "FALSE")
    assert words[1] == ("n/a" if s == 1 else "TRUE" if k % s else "FALSE")
    if n + 2 * p < k:
        assert words[2] == "n/a"
    else:
        assert words[2] == ("TRUE" if (n + 2 * p - k) % s == 0 else "FALSE")
    assert state["counts"].shape == (3 * s + k, 3 * s + k)
    assert (state["counts"][0] == state["counts_1d"]).all()           # the first row: counts_1d times 1
    assert state["counts"].sum() == 16 * k * k                   # every tap of the 16 inputs lands somewhere


@pytest.mark.parametrize("kwargs, error", [({"k": 0}, ValueError), ({"s": 5}, ValueError), ({"n": 2.0}, TypeError),
                                           ({"p": -1}, ValueError)])
def test_claim_states_rejects_bad_settings(kwargs, error):
    with pytest.raises(error):
        helpers.claims.claim_states(**kwargs)


def _lines(**values):
    fig = render(w.draw_claims, figsize=(8.2, 3.6), **values)
    assert len(fig.axes) == 1 and len(fig.axes[0].images) == 1 and not fig.texts   # one painted image: fast
    state = w.draw_claims(plt.figure(figsize=(8.2, 3.6)), **values)
    x0, y0, cell = state["layout"]["map"]
    counts = state["counts"]
    shades = state["layout"]["pixels"][y0 + cell // 2::cell, x0 + cell // 2::cell][:counts.shape[0], :counts.shape[1]]
    assert len({tuple(np.round(shades[i, j], 4)) for (i, j) in np.ndindex(counts.shape)}) == len(np.unique(counts))
    plt.close("all")
    return dict(state["layout"]["lines"])


def test_draw_writes_the_verdicts_in_their_colours():
    texts = _lines(k=1, s=3, p=0, n=2)
    assert texts["TRUE  stride leaves gaps"] == w.VERDICT_COLOURS["TRUE"]
    assert texts["TRUE  checkerboard (equal weights)"] == w.VERDICT_COLOURS["TRUE"]
    assert texts["FALSE same k, s, p invert the shape"] == w.VERDICT_COLOURS["FALSE"]
    texts = _lines(k=3, s=1, p=0, n=1)
    assert texts["n/a   checkerboard (equal weights)"] == w.VERDICT_COLOURS["n/a"]
    assert texts["n/a   same k, s, p invert the shape"] == w.VERDICT_COLOURS["n/a"]


def test_widget_builds_and_redraws():
    box = w.claims_widget()
    assert set(box.controls) == {"k", "s", "p", "n"}
    box.controls["k"].value = 4
    assert box.update() >= 0 and box.image.value[:4] == b"\x89PNG"
    assert draw_png(w.draw_claims, figsize=(8.2, 3.6), k=2, s=2, p=0, n=3)[:4] == b"\x89PNG"


# ------------------------------------------------------------------ the exercises' references (issue #15)

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from helpers.exercises import l15_claims_checked as X  # noqa: E402


@given(h=st.integers(1, 9), w=st.integers(1, 9), factor=st.sampled_from([2, 3, 4, 1.5, 2.5]),
       corners=st.booleans(), seed=st.integers(0, 1000))
@settings(max_examples=60, deadline=None)
def test_bilinear_mean_change_matches_torch_and_the_verdict(h, w, factor, corners, seed):
    """The reference against F.interpolate, and the verdict of exercise 2: the mean is kept (to round-off) for
    every integer factor with align_corners=False, whatever the size."""
    import torch
    import torch.nn.functional as F

    x = np.random.default_rng(seed).random((1, 2, h, w))
    up = F.interpolate(torch.from_numpy(x), scale_factor=factor, mode="bilinear", align_corners=corners).numpy()
    change = X.bilinear_mean_change(x, factor, corners)
    assert change == pytest.approx(up.mean() - x.mean(), abs=1e-12)
    if isinstance(factor, int) and not corners:
        assert abs(change) < 1e-12


def test_bilinear_mean_changes_with_align_corners_or_a_fractional_factor():
    x = np.random.default_rng(0).random((1, 1, 5, 6))
    assert abs(X.bilinear_mean_change(x, 2, True)) > 1e-3
    assert abs(X.bilinear_mean_change(x, 1.5)) > 1e-3
    assert abs(X.bilinear_mean_change(x, 2)) < 1e-12


@given(k=st.integers(1, 5), c_in=st.integers(1, 3), c_out=st.integers(1, 3), extra=st.integers(0, 4),
       data=st.data())
@settings(max_examples=60, deadline=None)
def test_transposed_as_conv_matches_torch(k, c_in, c_out, extra, data):
    """Exercise 3's identity: stride-1 ConvTranspose2d == Conv2d with the kernel flipped and its channel axes
    swapped, padding k - 1 - p, for every 0 <= p <= k - 1."""
    import torch
    import torch.nn.functional as F

    p = data.draw(st.integers(0, k - 1))
    rng = np.random.default_rng(k * 100 + c_in * 10 + c_out)
    x, w = rng.standard_normal((1, c_in, k + extra, k + extra + 1)), rng.standard_normal((c_in, c_out, k, k))
    ref = F.conv_transpose2d(torch.from_numpy(x), torch.from_numpy(w), padding=p).numpy()
    np.testing.assert_allclose(X.transposed_as_conv(x, w, p), ref, atol=1e-12)
    if c_in == c_out == 1 and k > 1:      # the flip matters for a kernel that is not symmetric
        assert not np.allclose(X._not_flipped(x, w, p), ref)
