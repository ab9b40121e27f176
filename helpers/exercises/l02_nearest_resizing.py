"""Lesson 02, "Nearest-neighbour resizing" (solutions/02_nearest_resizing.ipynb): four exercises.

Each asks for what the lesson does not print: a 3-D volume (the lesson does 2-D), copy counts under both
modes (the lesson prints the source indices), a shape for scale_factor=1.5, and the pixels TensorFlow keeps
for a size the lesson does not resize.
"""

from __future__ import annotations

import numpy as np

from helpers.checks import (
    INT_AND_FLOAT,
    OVERLAP,
    case,
    register_choice,
    register_explain,
    register_function,
    register_value,
)

# ------------------------------------------------------------------------------ 1. upsample a volume


def upsample_volume(x, factors):
    """Nearest upsampling of an (N, C, D, H, W) array by the integers ``factors = (rd, rh, rw)``.

    Every voxel becomes an rd x rh x rw block of copies of itself: shape (N, C, rd*D, rh*H, rw*W), what
    ``F.interpolate(x, scale_factor=factors, mode="nearest")`` and Keras's ``UpSampling3D`` compute.
    """
    rd, rh, rw = factors
    return np.repeat(np.repeat(np.repeat(x, rd, axis=-3), rh, axis=-2), rw, axis=-1)


def _random_volume(rng: np.random.Generator):
    shape = tuple(int(n) for n in rng.integers(1, 4, size=5))
    x = rng.integers(-9, 10, size=shape) if rng.random() < 0.4 else rng.standard_normal(shape).round(2)
    return case(x, tuple(int(r) for r in rng.integers(1, 4, size=3)))


register_function(
    "nearest_upsample_volume",
    lesson="02",
    number=1,
    section="§2 From scratch in NumPy",
    title="implement upsample_volume(x, factors) for (N, C, D, H, W)",
    reference=upsample_volume,
    example=case(np.arange(1, 9).reshape(1, 1, 2, 2, 2), (2, 2, 2)),
    cases=[
        case(np.arange(1, 9).reshape(1, 1, 2, 2, 2), (2, 2, 2)),
        case(np.arange(6.0).reshape(1, 2, 3, 1, 1) / 2, (2, 1, 3)),
        case(np.arange(12).reshape(2, 1, 1, 3, 2), (3, 2, 1)),
        case(np.array([[[[[5.0, -1.0]]]]]), (1, 1, 1)),
        case(np.arange(2 * 2 * 3 * 4 * 5).reshape(2, 2, 3, 4, 5) % 7 - 3, (1, 2, 3)),   # integers, larger
        case(np.arange(24.0).reshape(1, 1, 1, 4, 6), (1, 3, 2)),
    ],
    n_random=18,
    random_cases=_random_volume,
    hint="Each voxel must become an rd × rh × rw block: repeat the depth axis (-3) rd times, the rows (-2) "
    "rh times and the columns (-1) rw times, one np.repeat per axis.",
    wrong_answers={
        "Only H and W grew: that is the 2-D code of the lesson. A volume has a third spatial axis, the depth "
        "D (axis -3), to repeat rd times.": lambda x, f: np.repeat(np.repeat(x, f[1], axis=-2), f[2], axis=-1),
        "The factors are applied to the wrong axes: factors = (rd, rh, rw) go to (D, H, W), axes -3, -2, -1, "
        "in that order.": lambda x, f: np.repeat(np.repeat(np.repeat(x, f[2], axis=-3), f[1], axis=-2), f[0],
                                                 axis=-1),
        "Looks like np.tile: it repeats the whole volume side by side; nearest upsampling repeats each voxel. "
        "Use np.repeat.": lambda x, f: np.tile(x, (1, 1, *f)),
        "Every axis got the first factor: rh and rw can differ from rd.": (
            lambda x, f: upsample_volume(x, (f[0], f[0], f[0]))
        ),
        "You repeated axes 0, 1 and 2: the batch, the channels and the depth. The spatial axes of (N, C, D, "
        "H, W) are the last three.": lambda x, f: np.repeat(np.repeat(np.repeat(x, f[0], axis=0), f[1], axis=1),
                                                           f[2], axis=2),
    },
    covers={
        OVERLAP: "nearest upsampling copies voxels; no windows",
    },
)

# ------------------------------------------------------------------------------ 2. copy counts


def source_index(n_in, n_out, mode):
    """Input pixel read by each output pixel of a 1-D nearest resize from ``n_in`` to ``n_out`` pixels.

    ``"nearest"``: ``floor(i * n_in / n_out)``; ``"nearest-exact"``: ``floor((i + 1/2) * n_in / n_out)``,
    at most ``n_in - 1``. Integer arithmetic, so exact for every size.
    """
    i = np.arange(n_out)
    if mode == "nearest":
        return (i * n_in) // n_out
    return np.minimum(((2 * i + 1) * n_in) // (2 * n_out), n_in - 1)


def copy_counts(n_in, n_out, mode):
    """How many of the ``n_out`` output pixels copy each of the ``n_in`` input pixels (int array, length n_in)."""
    return np.bincount(source_index(n_in, n_out, mode), minlength=n_in)


def _swapped(n_in, n_out, mode):
    return copy_counts(n_in, n_out, "nearest-exact" if mode == "nearest" else "nearest")


def _float_scale(n_in, n_out, mode):
    """floor((i + offset) * (n_in / n_out)) in floating point: 30 -> 22 'nearest' reads 14 at i = 11, not 15."""
    offset = 0.0 if mode == "nearest" else 0.5
    i = np.arange(n_out)
    return np.minimum(np.floor((i + offset) * (n_in / n_out)), n_in - 1).astype(np.int64)


def _float_counts(n_in, n_out, mode):
    return np.bincount(_float_scale(n_in, n_out, mode), minlength=n_in)


def _rounded(n_in, n_out, mode):
    offset = 0.0 if mode == "nearest" else 0.5
    src = np.minimum(np.round((np.arange(n_out) + offset) * n_in / n_out), n_in - 1).astype(np.int64)
    return np.bincount(src, minlength=n_in)


def _random_sizes(rng: np.random.Generator):
    n_in, n_out = (int(n) for n in rng.integers(1, 301, size=2))
    return case(n_in, n_out, str(rng.choice(["nearest", "nearest-exact"])))


register_function(
    "nearest_copy_counts",
    lesson="02",
    number=2,
    section="§4 Any output size: which source pixel does each output read?",
    title="implement copy_counts(n_in, n_out, mode)",
    reference=copy_counts,
    example=case(5, 8, "nearest"),
    cases=[
        case(5, 8, "nearest"),
        case(4, 6, "nearest"),
        case(8, 5, "nearest"),
        case(5, 3, "nearest-exact"),
        case(3, 7, "nearest-exact"),
        case(4, 8, "nearest-exact"),
        case(8, 1, "nearest-exact"),
        case(1, 5, "nearest"),
        case(7, 4, "nearest-exact"),
        case(30, 22, "nearest"),
        case(300, 7, "nearest-exact"),
        case(97, 256, "nearest"),
    ],
    random_cases=_random_sizes,
    hint="First find the input pixel each output pixel copies (which pixel lies under its left edge, or "
    "under its centre, in input units), then count how often each input index occurs. Keep every input, "
    "even one that no output copies, and use integer arithmetic.",
    wrong_answers={
        "The two rules are swapped: 'nearest' samples at the left edge of each output pixel, 'nearest-exact' "
        "at its centre.": _swapped,
        "Right idea, but the sampling position was computed in floating point: n_in / n_out is rounded, so "
        "i·(n_in/n_out) can land just below a whole number and floor() picks the pixel before (30 -> 22: "
        "output 11). Multiply first and divide last, with integers.": _float_counts,
        "One count per input pixel, n_in in all: np.bincount stops at the largest index it sees, so the "
        "inputs at the end that nothing copies are missing (give minlength=n_in).": (
            lambda n_in, n_out, mode: np.bincount(source_index(n_in, n_out, mode))
        ),
        "The copies are not always even: for 5 -> 8 some inputs are copied twice, others once. Count them "
        "from the rule instead of dividing n_out by n_in.": (
            lambda n_in, n_out, mode: np.full(n_in, n_out // n_in)
        ),
        "Looks like rounding the sampling position to the nearest integer: both modes take the input pixel "
        "that contains the sampling point (a floor), not round().": _rounded,
        "That is the input pixel each output reads (length n_out); the question is the reverse: for each "
        "input pixel, how many outputs read it (length n_in).": source_index,
    },
    covers={
        INT_AND_FLOAT: "the inputs are two sizes and a mode, not arrays",
        OVERLAP: "a 1-D index rule: no windows",
    },
)

# ------------------------------------------------------------------------------ 3. output shape

SHAPE, FACTOR = (2, 3, 5, 7), 1.5


def _scaled_shape():
    from helpers.resize import interpolate

    return interpolate(np.zeros(SHAPE), scale_factor=FACTOR).shape


register_value(
    "scale_factor_output_shape",
    lesson="02",
    number=3,
    section="§5 `size` versus `scale_factor`",
    title=f"predict F.interpolate's output shape for {SHAPE}, scale_factor={FACTOR}",
    expected=_scaled_shape,
    hint=f"Only H and W change, and each becomes floor(size × {FACTOR}): rounded down, never up.",
    wrong_answers={
        "You rounded up: PyTorch rounds size × scale_factor DOWN (floor) for H and for W.": (2, 3, 8, 11),
        "Looks like Python's round(), which rounds halves to the even neighbour: PyTorch does not round to "
        "nearest, it takes the floor of size × scale_factor.": (2, 3, 8, 10),
        "Sizes are whole numbers of pixels: PyTorch turns size × scale_factor into an integer. Which way "
        "does it round? (The lesson's section on scale_factor shows it.)": (2, 3, 7.5, 10.5),
        "Only the spatial axes H and W are scaled; the batch N and the channels C stay as they are.": (
            3, 4, 7, 10
        ),
    },
)

# ------------------------------------------------------------------------------ 4. TensorFlow's rule, applied

_KEPT = {"a": "0, 2, 4", "b": "0, 3, 6", "c": "1, 3, 5", "d": "0, 2, 5"}
_N_IN, _N_OUT = 7, 3


def _kept_letter():
    """The option listing the pixels that nearest-exact (TensorFlow's rule, lesson 02 section 7) keeps."""
    kept = ", ".join(str(int(j)) for j in source_index(_N_IN, _N_OUT, "nearest-exact"))
    (letter,) = [k for k, v in _KEPT.items() if v == kept]
    return letter


register_choice(
    "tf_nearest_kept_pixels",
    lesson="02",
    number=4,
    section="§7 Which rule do TensorFlow and OpenCV use?",
    title="predict which pixels tf.image.resize keeps from 7 to 3",
    question=f"A column of {_N_IN} pixels holding 0, 1, ..., {_N_IN - 1} (an image of shape ({_N_IN}, 1, 1), "
    f"HWC) goes through tf.image.resize(x, ({_N_OUT}, 1), method='nearest'). Which values come out?",
    options=_KEPT,
    answer=_kept_letter,
    explanation="tf.image.resize follows PyTorch's 'nearest-exact': output i copies the input pixel under "
    "its centre, (i + 1/2) · 7/3 = 7/6, 7/2, 35/6 in input units, which lie in pixels 1, 3 and 5: the "
    "middles of the three thirds. PyTorch's default 'nearest' would read the left edges, 0, 7/3, 14/3: "
    "pixels 0, 2, 4.",
    hint="Which rule did the lesson find for tf.image.resize? Place the three output pixels on the input "
    "(each is 7/3 input pixels wide) and find the input pixel under each one's sampling point.",
    wrong_answers={
        "That is PyTorch's default 'nearest', which samples the left edge of each output pixel; the lesson's "
        "table found TensorFlow following the other rule.": "a",
        "Keeping the first and the last pixel is the align_corners idea (step (7-1)/(3-1)); TensorFlow's "
        "nearest resize steps by 7/3 and samples inside each output pixel.": "b",
        "Rounding i · 7/3 to the closest integer is neither of the lesson's rules; TensorFlow takes the pixel "
        "that contains its sampling point.": "d",
    },
)


# ------------------------------------------------------------------------------ 5. explain

register_explain(
    "nearest_shift_explained",
    lesson="02",
    number=5,
    section='§6 `nearest` versus `nearest-exact`',
    title="why 'nearest' shifts the content and 'nearest-exact' does not",
    question=("Resizing 5 pixels to 7 with PyTorch's mode='nearest' and mode='nearest-exact' gives different "
              "outputs. Explain where each mode samples the input, and in which direction 'nearest' displaces "
              'the content.'),
    key_points={
        'Which formula maps an output index to a source index in each mode?':
            ['floor', 'round', '\\+ ?0?\\.5', 'half[- ]?pixel', 'cent(er|re)s?'],
        'Is the content displaced, and which way?':
            [
                'down[- ]?(and[- ])?right',
                '(to|towards) the right',
                'right(ward)?s?\\b',
                '(to|towards) the (end|bottom)',
            ],
    },
    model_answer=("'nearest' takes the source index floor(i * in / out), the left edge of each output cell, while "
                  "'nearest-exact' rounds the output pixel's centre, floor((i + 0.5) * in / out), as pixel centres "
                  'should be. Sampling at the left edge means each output reads a pixel that is up to a cell too '
                  'far left, so the picture moves to the right (down-right in 2-D) by up to half an input pixel.'),
    wrong_answers={
        'Is the content displaced, and which way?':
            ("The two modes use different formulas: 'nearest' uses the floor of i times in over out and "
             "'nearest-exact' adds one half before taking the floor, so a few output pixels copy a different "
             'input pixel.'),
    },
)
