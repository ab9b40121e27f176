"""Lesson 00, "Try the checks" (solutions/00_try_the_checks.ipynb): one exercise of each kind, and a fourth.

The welcome lesson works on a 1-D signal; exercise 1 carries it to images (two spatial axes), exercises 2
and 4 ask for a shape and a memory size the lesson never prints.
"""

from __future__ import annotations

import numpy as np

from helpers.checks import OVERLAP, case, register_choice, register_function, register_value


def upsample_nearest(x, r):
    """Nearest-neighbour upsampling of the last two axes of ``x`` (H, W or N, C, H, W) by the int ``r``."""
    return np.repeat(np.repeat(x, r, axis=-2), r, axis=-1)


def _random_case(rng: np.random.Generator):
    shape = tuple(int(n) for n in rng.integers(1, 5, size=int(rng.choice([2, 4]))))
    if rng.random() < 0.3:
        x = rng.integers(-9, 10, size=shape)
    else:
        x = rng.standard_normal(shape).round(2)
    return case(x, int(rng.integers(1, 5)))


register_function(
    "upsample_nearest",
    lesson="00",
    number=1,
    section="The pattern: from scratch, PyTorch, Keras, asserted equal",
    title="implement upsample_nearest(x, r)",
    reference=upsample_nearest,
    example=case(np.array([[1, 2], [3, 4]]), 2),
    cases=[
        case(np.array([[1, 2], [3, 4]]), 2),
        case(np.arange(6.0).reshape(2, 3), 3),
        case(np.arange(24.0).reshape(1, 2, 3, 4), 2),
        case(np.array([[5.0, -1.0]]), 1),
    ],
    random_cases=_random_case,
    hint="Each input pixel must become an r × r block: repeat the rows (axis -2) and the columns (axis -1), "
    "each r times, e.g. with np.repeat(..., r, axis=...).",
    wrong_answers={
        "Only the columns grew: np.repeat works on one axis at a time, and an image has two spatial axes, "
        "the rows and the columns.": (
            lambda x, r: np.repeat(x, r, axis=-1)
        ),
        "Looks like np.repeat without axis=: it flattens the array first. Give the axis.": (
            lambda x, r: np.repeat(np.repeat(x, r), r)
        ),
        "Looks like np.tile: it repeats the whole image side by side ([1, 2] -> [1, 2, 1, 2]); nearest "
        "upsampling repeats each pixel ([1, 2] -> [1, 1, 2, 2]): use np.repeat.": (
            lambda x, r: np.tile(x, (1,) * (x.ndim - 2) + (r, r))
        ),
        "Looks like you repeated axes 0 and 1: right for an (H, W) image, but for (N, C, H, W) those are the "
        "batch and the channels. Count axes from the end: axis=-2 and axis=-1.": (
            lambda x, r: np.repeat(np.repeat(x, r, axis=0), r, axis=1)
        ),
    },
    covers={OVERLAP: "nearest upsampling copies pixels; no windows"},
)

SHAPE, FACTOR = (1, 3, 4, 5), 3

register_value(
    "upsampled_shape",
    lesson="00",
    number=2,
    section="The pattern: from scratch, PyTorch, Keras, asserted equal",
    title=f"predict the shape of a {SHAPE} array upsampled by {FACTOR}",
    expected=lambda: upsample_nearest(np.zeros(SHAPE), FACTOR).shape,
    hint="The array is (N, C, H, W): upsampling changes only the spatial size H and W.",
    wrong_answers={
        "Only H and W grow: the batch N and the channels C stay as they are.": tuple(
            n * FACTOR for n in SHAPE
        ),
        f"Upsampling by {FACTOR} multiplies H and W by {FACTOR}; it does not add {FACTOR}.": (
            *SHAPE[:2],
            SHAPE[2] + FACTOR,
            SHAPE[3] + FACTOR,
        ),
        "The shape does change: upsampling makes each feature map bigger.": SHAPE,
        "Both H and W grow, not only the last axis.": (*SHAPE[:3], SHAPE[3] * FACTOR),
    },
)

register_choice(
    "nearest_parameters",
    lesson="00",
    number=3,
    section="The pattern: from scratch, PyTorch, Keras, asserted equal",
    title="count the learnable parameters of nearest upsampling",
    question="A layer upsamples a (N, C, H, W) feature map by nearest neighbour, by a factor r. "
    "How many learnable parameters (weights that training changes) does it have?",
    options={
        "a": "r × r: one weight per copy of a pixel, like a transposed convolution's r × r kernel",
        "b": "C: one scale per channel, so that each channel can be brightened or dimmed",
        "c": "none",
        "d": "9 × C × C, the same as the 3 × 3 convolution it is usually paired with",
    },
    answer="c",
    explanation="Nearest upsampling only copies values: its output is fixed by the input and r, as "
    "upsample_nearest shows (np.repeat, no weights). So PyTorch's nn.Upsample and Keras's UpSampling2D "
    "have no parameters; learned upsampling comes from a convolution after it, or from a transposed "
    "convolution (lesson 05).",
    hint="Look at upsample_nearest: which of its numbers could training change?",
    wrong_answers={
        "Each copy is the input value itself, not the value times a weight: is there anything to learn?": "a",
        "Is any value scaled when it is copied? upsample_nearest only calls np.repeat.": "b",
        "That is the convolution that often follows the upsampling, not the upsampling itself.": "d",
    },
)

BYTES_SHAPE, BYTES_FACTOR = (4, 16, 20, 30), 3


def _upsampled_bytes():
    return int(upsample_nearest(np.zeros(BYTES_SHAPE, dtype=np.float32), BYTES_FACTOR).nbytes)


_N, _C, _H, _W = BYTES_SHAPE

register_value(
    "upsampled_bytes",
    lesson="00",
    number=4,
    section="The pattern: from scratch, PyTorch, Keras, asserted equal",
    title=f"predict the bytes of a float32 {BYTES_SHAPE} batch upsampled by {BYTES_FACTOR}",
    expected=_upsampled_bytes,
    hint="Count the numbers in the output first (only H and W grow), then multiply by the bytes per "
    "float32 number.",
    wrong_answers={
        "That is the input's size: upsampling by r multiplies both H and W by r.": _N * _C * _H * _W * 4,
        "That counts the numbers; each float32 number takes 4 bytes.": _N * _C * _H * _W * BYTES_FACTOR**2,
        f"Both H and W grow by {BYTES_FACTOR}, so the number of pixels grows by {BYTES_FACTOR} squared.": (
            _N * _C * _H * _W * BYTES_FACTOR * 4
        ),
        "float32 takes 4 bytes per number; 8 is float64.": _N * _C * _H * _W * BYTES_FACTOR**2 * 8,
        "N and C do not grow: only the spatial axes H and W are upsampled.": (
            _N * _C * _H * _W * BYTES_FACTOR**4 * 4
        ),
    },
)
