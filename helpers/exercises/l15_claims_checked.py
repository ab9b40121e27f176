"""Lesson 15, "Claims checked" (solutions/15_claims_checked.ipynb): five exercises. Two claims the lesson does not
check, each judged by writing its experiment (checked on hidden configurations) and giving its verdict (multiple
choice): "bilinear upsampling preserves the image mean exactly" and "a stride-1 transposed convolution is a
convolution with the flipped kernel and padding k - 1 - p"; and a parameter count beyond a tutorial's one-channel
example."""

from __future__ import annotations

import numpy as np

from helpers.checks import OVERLAP, case, register_choice, register_function, register_value

# ------------------------------------------------------------------ 1. the experiment: does bilinear keep the mean?


def bilinear_mean_change(x, scale_factor, align_corners=False):
    """Mean of the bilinear upsampling of ``x`` (N, C, H, W) by ``scale_factor`` (PyTorch's
    ``F.interpolate(..., mode="bilinear", align_corners=align_corners)``) minus the mean of ``x``, as a float."""
    from helpers.resize import interpolate

    x = np.asarray(x, dtype=np.float64)
    up = interpolate(x, scale_factor=scale_factor, mode="bilinear", align_corners=align_corners)
    return float(up.mean() - x.mean())


def _nearest_instead(x, scale_factor, align_corners=False):
    from helpers.resize import interpolate

    x = np.asarray(x, dtype=np.float64)
    return float(interpolate(x, scale_factor=scale_factor).mean() - x.mean())


def _align_corners_ignored(x, scale_factor, align_corners=False):
    return bilinear_mean_change(x, scale_factor)


def _ratio(x, scale_factor, align_corners=False):
    from helpers.resize import interpolate

    x = np.asarray(x, dtype=np.float64)
    return float(interpolate(x, scale_factor=scale_factor, mode="bilinear", align_corners=align_corners).mean()
                 / x.mean())


def _mean_cases():
    rng = np.random.default_rng(15)
    return [
        case(np.arange(16).reshape(1, 1, 4, 4), 2),                                   # int, the default
        case(rng.standard_normal((1, 1, 5, 6)) + 2.0, 2, align_corners=True),
        case(rng.standard_normal((2, 3, 3, 5)) + 1.0, 3),
        case(rng.integers(0, 10, (1, 2, 7, 4)), 2.5),
        case(rng.random((1, 1, 6, 6)), 1.5, align_corners=False),
        case(rng.random((1, 2, 10, 12)) + 0.5, 4, align_corners=True),                 # 240 elements
        case(rng.integers(1, 255, (1, 1, 9, 11)), 2, align_corners=True),
    ]


def _mean_random(rng):
    shape = (1, int(rng.integers(1, 3)), int(rng.integers(1, 8)), int(rng.integers(1, 8)))
    x = rng.integers(0, 20, shape) if rng.random() < 0.5 else rng.random(shape) + 1.0
    factor = [2, 3, 4, 1.5, 2.5][int(rng.integers(0, 5))]
    return case(x, factor, align_corners=bool(rng.random() < 0.5))


register_function(
    "bilinear_mean_change",
    lesson="15",
    number=1,
    section="§1 How a claim is checked",
    title="the experiment: bilinear_mean_change(x, scale_factor, align_corners=False)",
    reference=bilinear_mean_change,
    example=0,                          # the first case: the statement's example
    cases=_mean_cases,
    random_cases=_mean_random,
    n_random=13,
    atol=1e-6,
    rtol=1e-6,
    hint="Upsample with mode='bilinear' and the given align_corners (F.interpolate or helpers.interpolate, on "
    "floats), then subtract the input's mean from the output's mean.",
    wrong_answers={
        "That is nearest upsampling: it copies every pixel s x s times, so for an integer factor it keeps the mean. "
        "The claim is about mode='bilinear'.": _nearest_instead,
        "align_corners changes where the output pixels sample the input: pass it on to the interpolation instead "
        "of always using the default.": _align_corners_ignored,
        "The experiment's number is a difference (mean after minus mean before), not a ratio.": _ratio,
    },
    covers={OVERLAP: "interpolation has no kernel windows that overlap"},
)

# ------------------------------------------------------------------ 2. its verdict

register_choice(
    "bilinear_mean_verdict",
    lesson="15",
    number=2,
    section="§1 How a claim is checked",
    title="the verdict: does bilinear upsampling preserve the mean exactly?",
    question="Claim: 'bilinear upsampling preserves the image mean exactly.' Run your experiment in several "
    "settings (integer and non-integer factors, align_corners False and True, odd and even sizes). Your verdict?",
    options={
        "a": "TRUE in every setting: the bilinear weights of each output pixel sum to 1, so averaging the outputs "
        "gives back the average of the inputs",
        "b": "DEPENDS: exact (to round-off) for every integer factor with align_corners=False; with "
        "align_corners=True or a non-integer factor the mean moves in general",
        "c": "FALSE in every setting: the border pixels are clamped (replicated), so the outputs near the edges "
        "always over-weight them and shift the mean a little",
        "d": "DEPENDS: exact only when the height and width of the image are even",
    },
    answer="b",
    explanation="With align_corners=False and an integer factor s, every input pixel's weights, summed over the "
    "outputs, add up to exactly s per axis (the clamped border outputs included), so the mean is kept to round-off. "
    "With align_corners=True the border pixels get less weight than the interior, and with a non-integer factor "
    "the summed weights differ from pixel to pixel for most sizes (1.5 on an even size happens to keep them equal): "
    "the mean moves.",
    hint="Look at the numbers your experiment returns in each setting, not at the weights of one output pixel.",
    wrong_answers={
        "Each output's weights sum to 1, but the mean also needs each INPUT pixel to be used equally often; "
        "try align_corners=True.": "a",
        "Try an integer factor with align_corners=False: the clamped borders do not move the mean there.": "c",
        "Try odd sizes with an integer factor and align_corners=False: the size's parity is not what decides.": "d",
    },
)

# ------------------------------------------------------------------ 3. the experiment: transposed conv as a conv


def transposed_as_conv(x, w, padding=0):
    """The stride-1 transposed convolution of ``x`` (N, C_in, H, W) with ``w`` in PyTorch's ConvTranspose2d layout
    (C_in, C_out, k, k) and ``padding`` (0 <= padding <= k - 1), computed as a plain convolution: the kernel flipped
    in space and its channel axes swapped, padding ``k - 1 - padding``."""
    from helpers.conv import conv2d

    w = np.asarray(w)
    k = w.shape[-1]
    return conv2d(x, np.ascontiguousarray(w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)), padding=k - 1 - padding)


def _not_flipped(x, w, padding=0):
    from helpers.conv import conv2d

    w = np.asarray(w)
    return conv2d(x, np.ascontiguousarray(w.transpose(1, 0, 2, 3)), padding=w.shape[-1] - 1 - padding)


def _not_swapped(x, w, padding=0):
    from helpers.conv import conv2d

    w = np.asarray(w)
    return conv2d(x, np.ascontiguousarray(w[:, :, ::-1, ::-1]), padding=w.shape[-1] - 1 - padding)


def _same_padding(x, w, padding=0):
    from helpers.conv import conv2d

    w = np.asarray(w)
    return conv2d(x, np.ascontiguousarray(w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)), padding=padding)


def _tconv_cases():
    rng = np.random.default_rng(150)
    return [
        case(np.arange(9).reshape(1, 1, 3, 3), np.ones((1, 1, 2, 2))),                # int input, the default padding
        case(rng.standard_normal((1, 1, 5, 4)), rng.standard_normal((1, 1, 3, 3)), padding=1),
        case(rng.standard_normal((2, 2, 4, 5)), rng.standard_normal((2, 3, 3, 3)), padding=1),
        case(rng.integers(-3, 4, (1, 3, 6, 7)), rng.standard_normal((3, 2, 4, 4)), padding=2),
        case(rng.standard_normal((1, 2, 5, 5)), rng.standard_normal((2, 2, 1, 1))),
        case(rng.standard_normal((1, 2, 10, 12)), rng.standard_normal((2, 1, 5, 5)), padding=3),   # 240 elements
        case(rng.standard_normal((1, 1, 7, 6)), rng.standard_normal((1, 4, 2, 2)), padding=1),
    ]


def _tconv_random(rng):
    k = int(rng.integers(1, 6))
    c_in, c_out = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    shape = (1, c_in, int(rng.integers(k, k + 5)), int(rng.integers(k, k + 5)))   # H, W >= k: the output is not empty
    x = rng.integers(-5, 6, shape) if rng.random() < 0.5 else rng.standard_normal(shape)
    return case(x, rng.standard_normal((c_in, c_out, k, k)), padding=int(rng.integers(0, k)))


register_function(
    "transposed_as_conv",
    lesson="15",
    number=3,
    section="§3 What a transposed convolution is",
    title="the experiment: transposed_as_conv(x, w, padding=0)",
    reference=transposed_as_conv,
    example=0,                          # the first case: the statement's example
    cases=_tconv_cases,
    random_cases=_tconv_random,
    n_random=13,
    hint="Flip the kernel in both spatial axes, swap its first two axes (ConvTranspose2d's (C_in, C_out) becomes "
    "Conv2d's (C_out, C_in)), and convolve with padding k - 1 - padding.",
    wrong_answers={
        "A convolution is a cross-correlation: the transposed convolution equals it only with the kernel rotated by "
        "180 degrees (w[..., ::-1, ::-1]). A symmetric kernel hides the difference.": _not_flipped,
        "ConvTranspose2d stores its weight as (C_in, C_out, k, k), Conv2d as (C_out, C_in, k, k): swap the two "
        "channel axes too. One channel in and out hides the difference.": _not_swapped,
        "The convolution needs padding k - 1 - p, not p: the two agree only when p = (k - 1) / 2.": _same_padding,
    },
    covers={OVERLAP: lambda c: np.asarray(c.args[1]).shape[-1] > 1},
)

# ------------------------------------------------------------------ 4. its verdict

register_choice(
    "flipped_conv_verdict",
    lesson="15",
    number=4,
    section="§3 What a transposed convolution is",
    title="the verdict: is a stride-1 transposed convolution a convolution with the flipped kernel?",
    question="Claim: 'a transposed convolution with stride 1 is the same as a convolution with the flipped kernel "
    "and padding k - 1 - p.' Run your experiment (PyTorch layouts, 0 <= p <= k - 1, several channels, odd and even "
    "k). Your verdict?",
    options={
        "a": "FALSE: a transposed convolution scatters and a convolution gathers, so the two differ near the borders",
        "b": "TRUE only for odd k: an even kernel shifts the output by one pixel, as in claim 8",
        "c": "TRUE for every k and p <= k - 1, with the kernel flipped in space and its in/out channel axes swapped",
        "d": "TRUE only with one input and one output channel: with several channels the transposed layer mixes them "
        "in a way no ordinary convolution can reproduce",
    },
    answer="c",
    explanation="At stride 1 the scatter of a transposed convolution reads, for each output pixel, the inputs "
    "through the kernel rotated by 180 degrees: a full convolution (padding k - 1) cropped by p on each side, i.e. "
    "padding k - 1 - p. The channel axes swap because the transposed layer's weight maps C_in to C_out the other way "
    "round. Claim 8's one-pixel shift comes from Keras's uneven 'same' padding, not from this identity.",
    hint="Compare your function with F.conv_transpose2d on even kernels, several channels and every p from 0 to k - 1.",
    wrong_answers={
        "Scatter and gather give the same sums here: run your experiment and look at the border pixels too.": "a",
        "Claim 8's shift comes from Keras's uneven 'same' padding; with padding k - 1 - p even kernels match too.":
            "b",
        "With several channels it still works: swap the kernel's two channel axes as well as flipping it.": "d",
    },
)

# ------------------------------------------------------------------ 5. a parameter count beyond one channel

PARAM_FILTERS, PARAM_KERNEL, PARAM_CHANNELS = 8, 3, 5


def _tconv_params():
    return PARAM_KERNEL * PARAM_KERNEL * PARAM_CHANNELS * PARAM_FILTERS + PARAM_FILTERS


register_value(
    "tconv_params_beyond",
    lesson="15",
    number=5,
    section="§2 Parameters and shapes",
    title=f"count the parameters of Conv2DTranspose({PARAM_FILTERS}, {PARAM_KERNEL}) on {PARAM_CHANNELS} channels",
    expected=_tconv_params,
    hint="The kernel holds one k x k slice for every pair (input channel, output channel); the bias one number per "
    "output channel.",
    wrong_answers={
        "The bias is trainable too: one number per output channel (use_bias=True is the default).":
            PARAM_KERNEL ** 2 * PARAM_CHANNELS * PARAM_FILTERS,
        "k*k + 1 is the tutorial's one-channel count; with C_in input and C_out output channels the kernel has "
        "k*k*C_in*C_out weights.": PARAM_KERNEL ** 2 + 1,
        "Every output channel reads all the input channels: the kernel has a k x k slice per (input, output) pair.":
            PARAM_KERNEL ** 2 * PARAM_FILTERS + PARAM_FILTERS,
        "There is one bias per OUTPUT channel (filter), not per input channel.":
            PARAM_KERNEL ** 2 * PARAM_CHANNELS * PARAM_FILTERS + PARAM_CHANNELS,
    },
)
