"""Lesson 01 helper code: the scene, the coarse-mask score, the U-Net size trace and its widget."""

import statistics

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import helpers
from helpers.figures import l01_why_upsample as w01  # noqa: E402
from helpers.widgets import render  # noqa: E402


def test_scene_has_every_class_and_matching_image():
    image, mask = helpers.segmentation.make_scene(32)
    assert image.shape == mask.shape == (32, 32)
    assert mask.dtype == np.int64 and sorted(np.unique(mask).tolist()) == [0, 1, 2, 3]
    np.testing.assert_array_equal(image, np.array([0.1, 0.9, 0.6, 0.35])[mask])
    counts = np.bincount(mask.ravel())
    assert counts.min() > 30  # every shape is big enough to see


def test_scene_scales_with_size():
    _, small = helpers.segmentation.make_scene(16)
    _, big = helpers.segmentation.make_scene(64)
    # the same scene: class fractions agree within a few percent
    frac = lambda m: np.bincount(m.ravel(), minlength=4) / m.size  # noqa: E731
    np.testing.assert_allclose(frac(small), frac(big), atol=0.04)


@pytest.mark.parametrize("bad, exc", [(7, ValueError), (1000, ValueError), (32.0, TypeError)])
def test_scene_validates_size(bad, exc):
    with pytest.raises(exc, match="size"):
        helpers.segmentation.make_scene(bad)


def test_coarse_mask_accuracy():
    _, mask = helpers.segmentation.make_scene(32)
    restored, acc = helpers.segmentation.coarse_mask_accuracy(mask, 1)
    np.testing.assert_array_equal(restored, mask)
    assert acc == 1.0
    accs = [helpers.segmentation.coarse_mask_accuracy(mask, f)[1] for f in (1, 2, 4, 8, 16)]
    assert accs == sorted(accs, reverse=True) and accs[-1] < accs[0]
    restored, _ = helpers.segmentation.coarse_mask_accuracy(mask, 8)
    assert restored.shape == (32, 32)
    # constant on every 8x8 block
    blocks = restored.reshape(4, 8, 4, 8)
    assert np.all(blocks == blocks[:, :1, :, :1])


def test_coarse_mask_accuracy_validates():
    with pytest.raises(ValueError, match="divisible"):
        helpers.segmentation.coarse_mask_accuracy(np.zeros((30, 30), int), 4)
    with pytest.raises(ValueError, match="2-D"):
        helpers.segmentation.coarse_mask_accuracy(np.zeros((1, 8, 8), int), 2)
    with pytest.raises(ValueError, match="factor"):
        helpers.segmentation.coarse_mask_accuracy(np.zeros((8, 8), int), 0)


def test_unet_trace_examples():
    t = helpers.segmentation.unet_trace(32, 3)
    assert t["encoder"] == [32, 16, 8, 4]
    assert t["upsampled"] == [32, 16, 8] and t["decoder"] == [32, 16, 8, 4]
    assert t["ok"] and t["fails_at"] is None and t["output"] == 32 and all(t["match"])
    t = helpers.segmentation.unet_trace(36, 3)
    assert t["encoder"] == [36, 18, 9, 4] and t["upsampled"] == [32, 16, 8]
    assert t["fails_at"] == 2 and not t["ok"] and t["match"] == [False, False, False]
    t = helpers.segmentation.unet_trace(36, 3, "pad input")
    assert t["work"] == 40 and t["encoder"] == [40, 20, 10, 5] and t["output"] == 36 and t["ok"]
    t = helpers.segmentation.unet_trace(36, 3, "crop skip")
    assert t["skip"] == [32, 16, 8] and t["output"] == 32 and not t["ok"] and t["fails_at"] is None
    t = helpers.segmentation.unet_trace(36, 3, "pad upsampled")
    assert t["decoder"] == [36, 18, 9, 4] and t["output"] == 36 and t["ok"]
    t = helpers.segmentation.unet_trace(100, 4)
    assert t["match"] == [False, False, False, True] and t["fails_at"] == 2
    assert helpers.segmentation.unet_trace(5, 0)["ok"] and helpers.segmentation.unet_trace(5, 0)["encoder"] == [5]


@pytest.mark.parametrize("depth", [1, 2, 3, 4, 5])
def test_unet_trace_divisibility_rule(depth):
    for n in range(2**depth, 200):
        t = {fix: helpers.segmentation.unet_trace(n, depth, fix) for fix in helpers.segmentation.FIXES}
        assert t["none"]["ok"] == (n % 2**depth == 0)
        assert t["pad input"]["ok"] and t["pad upsampled"]["ok"]
        assert t["pad input"]["work"] % 2**depth == 0 and t["pad input"]["work"] - n < 2**depth
        assert t["crop skip"]["output"] == n - n % 2**depth


@pytest.mark.parametrize(
    "kwargs, exc",
    [
        ({"size": 7, "depth": 3}, ValueError),
        ({"size": 32, "depth": -1}, ValueError),
        ({"size": 32, "depth": 3, "fix": "resize"}, ValueError),
        ({"size": 32.0, "depth": 3}, TypeError),
    ],
)
def test_unet_trace_validates(kwargs, exc):
    with pytest.raises(exc):
        helpers.segmentation.unet_trace(**kwargs)


def _texts(**kwargs):
    """The texts draw_unet paints (returned with the trace), after checking they reach the picture."""
    fig = render(w01.draw_unet, figsize=(8.5, 4.6), **kwargs)
    fig.canvas.draw()
    plt.close(fig)
    return w01.draw_unet(plt.figure(figsize=(8.5, 4.6)), **kwargs)["labels"]


def test_draw_unet_labels_failures_and_fixes():
    texts = _texts(size=36, depth=3, fix="none")
    assert "9 ≠ 8: concat fails" in texts and "no output (concat fails)" in texts
    assert texts[-1] == "U-Net, depth 3, input 36×36 (not divisible by 2³ = 8); fix: none"   # the title
    texts = _texts(size=36, depth=3, fix="pad input")
    assert "input 36 → pad to 40" in texts and "output crop 40 → 36 = input" in texts
    assert "concat 10 + 10" in texts
    texts = _texts(size=36, depth=3, fix="crop skip")
    assert "crop skip 9→8" in texts and "output 32 ≠ input 36" in texts
    texts = _texts(size=36, depth=3, fix="pad upsampled")
    assert "pad up 8→9" in texts and "output 36 = input" in texts
    plt.close("all")


def test_draw_unet_one_square_per_feature_map():
    from matplotlib.colors import to_rgb

    from helpers.style import PALETTE

    for depth in (1, 4):
        fig = plt.figure(figsize=(8.5, 4.6))
        t = w01.draw_unet(fig, size=64, depth=depth, fix="none")
        assert len(t["squares"]) == 2 * depth + 1
        fig.canvas.draw()
        shown = np.asarray(fig.canvas.buffer_rgba())[..., :3] / 255.0
        x0, y0, side = t["squares"][0]            # the input map: a filled blue square, 90% opaque
        np.testing.assert_allclose(shown[y0 + side // 2, x0 + side // 2],
                                   0.9 * np.array(to_rgb(PALETTE["blue"])) + 0.1, atol=0.01)
        sides = [s for _, _, s in t["squares"][:depth + 1]]
        assert sides == sorted(sides, reverse=True)   # the encoder's maps shrink
        plt.close(fig)


def test_widget_builds_and_redraws_fast():
    box = w01.unet_widget()
    times = []
    for size, depth, fix in [(36, 3, "none"), (64, 4, "pad input"), (17, 1, "crop skip"), (100, 2, "pad upsampled"),
                             (128, 4, "none")]:
        box.controls["size"].value = size
        box.controls["depth"].value = depth
        box.controls["fix"].value = fix
        times.append(box.update())
    median = statistics.median(times)
    # a figure, not a test: latency is measured by benchmarks/bench_widgets.py (make bench)
    print(f"w01 unet widget: median redraw {median * 1000:.1f} ms")
    plt.close("all")


# ---------------------------------------------------------------------- best_coarse_mask (issue #14)

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), st.integers(2, 5), st.randoms())
def test_best_coarse_mask_beats_every_one_label_per_block_prediction(h, w, factor, n_classes, rnd):
    """The majority per block scores at least as well as sampling any pixel offset or any random labels."""
    rng = np.random.default_rng(rnd.randrange(2**32))
    mask = rng.integers(0, n_classes, (h * factor, w * factor))
    restored, best = helpers.segmentation.best_coarse_mask(mask, factor)
    blocks = restored.reshape(h, factor, w, factor)
    assert np.all(blocks == blocks[:, :1, :, :1]) and restored.dtype == mask.dtype
    for a in range(factor):
        for b in range(factor):
            sampled = np.repeat(np.repeat(mask[a::factor, b::factor], factor, 0), factor, 1)
            assert np.mean(sampled == mask) <= best + 1e-12
    for _ in range(5):
        labels = np.repeat(np.repeat(rng.integers(0, n_classes, (h, w)), factor, 0), factor, 1)
        assert np.mean(labels == mask) <= best + 1e-12
    # the bound itself: the sum over blocks of the largest class count
    counts = [np.bincount(mask[i * factor:(i + 1) * factor, j * factor:(j + 1) * factor].ravel()).max()
              for i in range(h) for j in range(w)]
    assert best == pytest.approx(sum(counts) / mask.size)


def test_best_coarse_mask_on_the_scene_and_validation():
    _, mask = helpers.segmentation.make_scene(32)
    for factor in (2, 4, 8):
        best = helpers.segmentation.best_coarse_mask(mask, factor)[1]
        assert best >= helpers.segmentation.coarse_mask_accuracy(mask, factor)[1]
    assert helpers.segmentation.best_coarse_mask(mask, 1)[1] == 1.0
    with pytest.raises(ValueError, match="divisible"):
        helpers.segmentation.best_coarse_mask(np.zeros((30, 30), int), 4)
    with pytest.raises(ValueError, match="2-D"):
        helpers.segmentation.best_coarse_mask(np.zeros((1, 8, 8), int), 2)
    with pytest.raises(TypeError, match="mask"):
        helpers.segmentation.best_coarse_mask(np.zeros((8, 8)), 2)
    with pytest.raises(ValueError, match="factor"):
        helpers.segmentation.best_coarse_mask(np.zeros((8, 8), int), 0)


def test_original_unet_tile_sizes():
    """Ronneberger et al. 2015, Fig. 1: unpadded 3x3 convolutions, 572 -> 388, skips cropped (lesson 01, §6)."""
    size, skips, ups = 572, [], []
    for _ in range(4):
        size -= 4
        skips.append(size)
        assert size % 2 == 0
        size //= 2
    size -= 4
    for skip in reversed(skips):
        size *= 2
        ups.append(size)
        assert skip >= size and (skip - size) % 2 == 0          # a centre crop is possible
        size -= 4
    assert size == 388 and ups == [56, 104, 200, 392]
