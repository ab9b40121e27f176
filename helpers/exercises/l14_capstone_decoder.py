"""Lesson 14, "Capstone: a small decoder trained six ways" (solutions/14_capstone_decoder.ipynb): four
exercises: implement PSNR, count the parameters of the pixel-shuffle upsampling layer, implement the 2x2
box downsampling that makes the low-resolution inputs, and choose what removes the k3 s2 checkerboard."""

from __future__ import annotations

import numpy as np

from helpers.checks import OVERLAP, case, register_choice, register_explain, register_function, register_value

# ------------------------------------------------------------------------------ 1. PSNR


def psnr(prediction, target, data_range=1.0):
    """Peak signal-to-noise ratio in dB: 10 * log10(data_range**2 / MSE), MSE over all elements."""
    p = np.asarray(prediction, dtype=np.float64)
    t = np.asarray(target, dtype=np.float64)
    return float(10 * np.log10(data_range**2 / np.mean((p - t) ** 2)))


def _psnr_rmse(prediction, target, data_range=1.0):
    p, t = np.asarray(prediction, dtype=np.float64), np.asarray(target, dtype=np.float64)
    return float(10 * np.log10(data_range / np.sqrt(np.mean((p - t) ** 2))))


def _psnr_no_square(prediction, target, data_range=1.0):
    p, t = np.asarray(prediction, dtype=np.float64), np.asarray(target, dtype=np.float64)
    return float(10 * np.log10(data_range / np.mean((p - t) ** 2)))


def _psnr_ln(prediction, target, data_range=1.0):
    p, t = np.asarray(prediction, dtype=np.float64), np.asarray(target, dtype=np.float64)
    return float(10 * np.log(data_range**2 / np.mean((p - t) ** 2)))


def _psnr_abs(prediction, target, data_range=1.0):
    p, t = np.asarray(prediction, dtype=np.float64), np.asarray(target, dtype=np.float64)
    return float(10 * np.log10(data_range**2 / np.mean(np.abs(p - t))))


def _psnr_case(rng: np.random.Generator):
    t = rng.random((int(rng.integers(1, 4)), 1, 4, 4))
    scale = float(rng.choice([1.0, 255.0]))
    return case((t + 0.05 * rng.standard_normal(t.shape)) * scale, t * scale, data_range=scale)


register_function(
    "capstone_psnr",
    lesson="14",
    number=1,
    section="§2 Baselines that learn nothing",
    title="implement psnr(prediction, target, data_range=1.0)",
    reference=psnr,
    example=case(np.array([0.1, 0.3]), np.zeros(2)),
    cases=[
        case(np.array([0.1, 0.3]), np.zeros(2)),
        case(np.array([[0.5, 0.5], [0.5, 0.5]]), np.array([[0.4, 0.6], [0.5, 0.5]])),
        case(np.full(4, 10.0), np.zeros(4), data_range=255.0),
        case(np.array([0.2, 0.3, 0.9]), np.array([0.0, 0.5, 1.0]), data_range=2.0),
        case(np.array([200, 10, 30], dtype=np.uint8), np.array([150, 60, 30], dtype=np.uint8), data_range=255.0),
        case(np.random.default_rng(14).random((16, 16)), np.random.default_rng(15).random((16, 16))),  # larger
    ],
    n_random=18,
    random_cases=_psnr_case,
    rtol=1e-9,
    hint="MSE = mean((prediction - target)**2) over every element; PSNR = 10·log10(data_range² / MSE) in dB. "
    "For images in [0, 1] data_range is 1, for 8-bit images 255.",
    wrong_answers={
        "8-bit images (uint8) wrap around: 150 - 200 is 206 and 50² is 196 in uint8 arithmetic. Convert to "
        "float before subtracting (np.asarray(prediction, dtype=float)).": lambda prediction, target, data_range=1.0: (
            float(10 * np.log10(data_range**2 / np.mean((prediction - target) ** 2)))
        ),
        "You divided by the RMSE, not the MSE: with 10·log10 the ratio must be data_range² / MSE "
        "(or use 20·log10(data_range / RMSE), the same thing).": _psnr_rmse,
        "data_range must be squared: PSNR compares the peak POWER data_range² with the mean squared error. "
        "With data_range = 1 you cannot see the difference, which is why a case uses 255.": _psnr_no_square,
        "Decibels use the base-10 logarithm (np.log10), not the natural one (np.log).": _psnr_ln,
        "The error must be squared before averaging: MSE, not the mean absolute error.": _psnr_abs,
    },
    covers={
        OVERLAP: "a global mean over all pixels; no windows",
    },
)

# ------------------------------------------------------------------------------ 2. parameters

CHANNELS = 24  # a wider decoder than the lesson's C = 8, whose count the lesson prints


def _pixel_shuffle_parameters():
    from helpers.capstone import build_torch_decoder

    up = build_torch_decoder("pixel shuffle", channels=CHANNELS).up
    return int(sum(p.numel() for p in up.parameters()))


register_value(
    "capstone_shuffle_params",
    lesson="14",
    number=2,
    section="§3 One decoder, six upsampling layers",
    title=f"count the parameters of the pixel-shuffle layer (C = {CHANNELS})",
    expected=_pixel_shuffle_parameters,
    hint="The layer is Conv2d(C, 4C, 3, padding=1) followed by PixelShuffle(2). A convolution has "
    "out·in·k·k weights plus one bias per output channel; the shuffle only moves values.",
    wrong_answers={
        "Do not forget the biases: one per output channel of the convolution (4C of them).": (
            4 * CHANNELS * CHANNELS * 9
        ),
        "The convolution has 4C output channels, not C: the shuffle needs r² = 4 channels per output channel.": (
            CHANNELS * CHANNELS * 9 + CHANNELS
        ),
        "A 3x3 kernel has 9 weights per (input, output) channel pair, not 3.": (
            4 * CHANNELS * CHANNELS * 3 + 4 * CHANNELS
        ),
        "That would be a transposed conv k4 s2 (C·C·4·4 + C); this layer is a 3x3 conv to 4C channels.": (
            CHANNELS * CHANNELS * 16 + CHANNELS
        ),
    },
)

# ------------------------------------------------------------------------------ 3. box downsampling


def downsample(x, factor=2):
    """Average factor x factor blocks of an (N, C, H, W) array: (N, C, H // factor, W // factor)."""
    x = np.asarray(x, dtype=np.float64)
    n, c, h, w = x.shape
    return x.reshape(n, c, h // factor, factor, w // factor, factor).mean(axis=(3, 5))


def _strided(x, factor=2):
    return np.asarray(x, dtype=np.float64)[:, :, ::factor, ::factor]


def _wrong_axes(x, factor=2):
    x = np.asarray(x, dtype=np.float64)
    n, c, h, w = x.shape
    return x.reshape(n, c, factor, h // factor, factor, w // factor).mean(axis=(2, 4))


def _sum(x, factor=2):
    x = np.asarray(x, dtype=np.float64)
    n, c, h, w = x.shape
    return x.reshape(n, c, h // factor, factor, w // factor, factor).sum(axis=(3, 5))


def _factor_two_only(x, factor=2):
    """Right for the lesson's factor 2 only: the factor argument is ignored."""
    return downsample(x, 2)


def _down_case(rng: np.random.Generator):
    r = int(rng.integers(1, 4))
    shape = (int(rng.integers(1, 3)), int(rng.integers(1, 3)), r * int(rng.integers(1, 4)), r * int(rng.integers(1, 4)))
    return case(rng.standard_normal(shape).round(2), r)


register_function(
    "capstone_downsample",
    lesson="14",
    number=3,
    section="§1 The task: double the resolution of simple shapes",
    title="implement downsample(x, factor) (box average)",
    reference=downsample,
    example=case(np.arange(16.0).reshape(1, 1, 4, 4), 2),
    cases=[
        case(np.arange(16.0).reshape(1, 1, 4, 4), 2),
        case(np.arange(36.0).reshape(1, 1, 6, 6), 3),
        case(np.arange(32.0).reshape(1, 2, 4, 4), 2),
        case(np.arange(384).reshape(2, 3, 8, 8)),             # integers, larger, the default factor=2
    ],
    n_random=19,
    random_cases=_down_case,
    hint="Split each spatial axis into (blocks, factor): reshape (N, C, H, W) to "
    "(N, C, H//factor, factor, W//factor, factor) and average over the two 'factor' axes.",
    wrong_answers={
        "You kept one pixel of every block (x[..., ::factor, ::factor]): that is subsampling and aliases; "
        "the low-resolution pixel is the MEAN of its block.": _strided,
        "The reshape splits each axis the wrong way round: (factor, H//factor) groups pixels H//factor apart. "
        "Use (H//factor, factor) so that each block holds neighbouring pixels.": _wrong_axes,
        "That is the block SUM; divide by factor² (take the mean) so the brightness is kept.": _sum,
        "Right for factor 2 only: the blocks must be factor x factor for any factor (the check tries 1, 2 and 3).":
            _factor_two_only,
    },
    covers={
        OVERLAP: "factor x factor blocks with stride factor: the windows never overlap",
    },
)

# ------------------------------------------------------------------------------ 4. the k3 s2 checkerboard

register_choice(
    "capstone_checkerboard_fix",
    lesson="14",
    number=4,
    section="§5 Results",
    title="choose what removes the checkerboard of the k3 s2 decoder",
    question="The decoder with ConvTranspose2d(C, C, 3, stride=2, padding=1, output_padding=1) shows a "
    "checkerboard in its outputs. Which single change removes its cause while keeping a learned x2 layer?",
    options={
        "a": "train for twice as many steps, so that the weights learn to even out the four phases",
        "b": "keep k = 3 but set padding = 0, so that no kernel tap is cropped at the border",
        "c": "use a larger kernel, k = 5 with padding = 2, so that the kernel is much bigger than the stride",
        "d": "replace it by nearest upsampling followed by a 3x3 convolution",
    },
    answer="d",
    explanation="The cause is that each output phase of a transposed convolution has its own kernel sum: random "
    "weights make the sums unequal, so even a flat input comes out as a checkerboard (for k = 3, stride 2 the "
    "phases even get 1, 2 or 4 taps). Nearest upsampling followed by a convolution builds every phase kernel from "
    "one shared kernel, so the sums are equal for any weights and a flat input stays flat: the lesson's decoders "
    "built that way start with no checkerboard.",
    hint="Ask whether, after the change, a flat input would come out flat for ANY weights, i.e. whether all four "
    "output phases are bound to have the same kernel sum.",
    wrong_answers={
        "Training does remove the pattern here: in the lesson the k3 s2 decoder's score fell below a tenth of its "
        "initial value within 10 steps, and x8 decoders lost most of theirs in 100. But it removes the symptom, not "
        "the cause: the four phases still have their own kernel sums, so every new initialisation starts with the "
        "checkerboard again, and training must spend steps removing it.": "a",
        "Padding only crops the border of the output; the alternation of 1 and 2 taps is the same inside.": "b",
        "Count the taps per phase for k = 5, s = 2: 3 and 2 per axis, still uneven. And even a kernel that is a "
        "multiple of the stride (the lesson's k4 s2) starts with a checkerboard: each phase keeps its own kernel "
        "sum.": "c",
    },
)


# ------------------------------------------------------------------------------ 5. explain

register_explain(
    "one_run_ranks_nothing",
    lesson="14",
    number=5,
    section='§5 Results',
    title='why one training run cannot rank two decoders',
    question=('Two decoders end 0.3 dB apart in PSNR after one training run each. Explain why that does not '
              'show that one upsampling method is better, and what you would do before ranking them.'),
    key_points={
        'What else changes from one run to the next?':
            ['\\bseeds?\\b', 'initiali[sz]', 'random', 'batch order', 'run[- ]to[- ]run'],
        'How does the gap compare with that variation?':
            ['\\bnoise', 'spread', 'vari', 'within', 'smaller than', 'larger than', 'fluctuat'],
        'What experiment would settle it?':
            [
                'several (seeds|runs)',
                'more (seeds|runs)',
                '\\brepeat',
                'every seed',
                'each seed',
                'average',
                'confidence',
            ],
    },
    model_answer=('A run depends on its random seed: the initial weights and the order of the batches. In this '
                  "lesson one method's PSNR moves by about 1 dB from seed to seed, so a 0.3 dB gap is well within "
                  'that spread and could flip with another seed. Before ranking, repeat the training over several '
                  'seeds with the same budget and claim an ordering only if it holds on every seed with a margin.'),
    wrong_answers={
        'What else changes from one run to the next?':
            ('A gap of 0.3 dB is small compared with the variation you would expect, and PSNR does not capture'
             ' artifacts, so I would look at the outputs and repeat the comparison a few times before '
             'deciding.'),
    },
)
