"""Lesson 02, "Nearest-neighbour resizing" (solutions/02_nearest_resizing.ipynb): four exercises."""

from __future__ import annotations

import numpy as np

from helpers.checks import INT_AND_FLOAT, OVERLAP, case, register_choice, register_function, register_value

# ------------------------------------------------------------------------------ 1. upsample NCHW


def upsample_nchw(x, r):
    """Nearest upsampling of an (N, C, H, W) array by the integer ``r``: each pixel becomes an r x r block."""
    return np.repeat(np.repeat(x, r, axis=2), r, axis=3)


def _random_batch(rng: np.random.Generator):
    shape = tuple(int(n) for n in rng.integers(1, 5, size=4))
    x = rng.integers(-9, 10, size=shape) if rng.random() < 0.3 else rng.standard_normal(shape).round(2)
    return case(x, int(rng.integers(1, 5)))


register_function(
    "nearest_upsample_nchw",
    lesson="02",
    number=1,
    section="§2 From scratch in NumPy",
    title="implement upsample_nchw(x, r) with np.repeat",
    reference=upsample_nchw,
    cases=[
        case(np.arange(1.0, 5.0).reshape(1, 1, 2, 2), 2),
        case(np.arange(18.0).reshape(1, 2, 3, 3), 3),
        case(np.arange(12).reshape(2, 3, 1, 2), 2),
        case(np.array([[[[5.0, -1.0, 2.5]]]]), 1),
        case(np.arange(2 * 3 * 8 * 9).reshape(2, 3, 8, 9) % 11 - 5, 3),   # integers, larger
    ],
    n_random=19,
    random_cases=_random_batch,
    hint="Each pixel must become an r × r block: repeat the rows (axis 2) r times, then the columns "
    "(axis 3) r times, with np.repeat(..., r, axis=...).",
    wrong_answers={
        "Only the columns grew: np.repeat works on one axis at a time, so call it twice, once for the rows "
        "(axis 2) and once for the columns (axis 3).": lambda x, r: np.repeat(x, r, axis=3),
        "Looks like np.tile: it repeats the whole image side by side ([1, 2] -> [1, 2, 1, 2]); nearest "
        "upsampling repeats each pixel ([1, 2] -> [1, 1, 2, 2]). Use np.repeat.": (
            lambda x, r: np.tile(x, (1, 1, r, r))
        ),
        "Looks like np.repeat without axis=: it flattens the array first. Give the axis.": (
            lambda x, r: np.repeat(np.repeat(x, r), r)
        ),
        "You repeated axes 0 and 1, the batch and the channels. In (N, C, H, W) the spatial axes are 2 and "
        "3 (or -2 and -1).": lambda x, r: np.repeat(np.repeat(x, r, axis=0), r, axis=1),
    },
    covers={
        OVERLAP: "nearest upsampling copies pixels; no windows",
    },
)

# ------------------------------------------------------------------------------ 2. source index


def source_index(n_in, n_out, mode):
    """Input pixel read by each output pixel of a 1-D nearest resize from ``n_in`` to ``n_out`` pixels.

    ``"nearest"``: ``floor(i * n_in / n_out)``; ``"nearest-exact"``: ``floor((i + 1/2) * n_in / n_out)``,
    at most ``n_in - 1``. Integer arithmetic, so exact for every size.
    """
    i = np.arange(n_out)
    if mode == "nearest":
        return (i * n_in) // n_out
    return np.minimum(((2 * i + 1) * n_in) // (2 * n_out), n_in - 1)


def _swapped(n_in, n_out, mode):
    return source_index(n_in, n_out, "nearest-exact" if mode == "nearest" else "nearest")


def _rounded(n_in, n_out, mode):
    offset = 0.0 if mode == "nearest" else 0.5
    return np.minimum(np.round((np.arange(n_out) + offset) * n_in / n_out), n_in - 1).astype(np.int64)


def _corners(n_in, n_out, mode):
    return np.round(np.arange(n_out) * (n_in - 1) / max(n_out - 1, 1)).astype(np.int64)


def _one_based(n_in, n_out, mode):
    i = np.arange(1, n_out + 1)  # output pixels counted from 1
    twice = 2 * i * n_in if mode == "nearest" else (2 * i + 1) * n_in
    return np.minimum(twice // (2 * n_out), n_in - 1)


def _float_scale(n_in, n_out, mode):
    """floor((i + offset) * (n_in / n_out)) in floating point: 30 -> 22 'nearest' reads 14 at i = 11, not 15."""
    offset = 0.0 if mode == "nearest" else 0.5
    i = np.arange(n_out)
    return np.minimum(np.floor((i + offset) * (n_in / n_out)), n_in - 1).astype(np.int64)


def _random_sizes(rng: np.random.Generator):
    n_in, n_out = (int(n) for n in rng.integers(1, 301, size=2))
    return case(n_in, n_out, str(rng.choice(["nearest", "nearest-exact"])))


register_function(
    "nearest_source_index",
    lesson="02",
    number=2,
    section="§4 Any output size: which source pixel does each output read?",
    title="implement source_index(n_in, n_out, mode)",
    reference=source_index,
    cases=[
        case(4, 2, "nearest"),
        case(5, 3, "nearest"),
        case(5, 3, "nearest-exact"),
        case(3, 7, "nearest"),
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
    hint="Output pixel i covers [i·s, (i+1)·s) in input pixels, s = n_in / n_out. 'nearest' reads the "
    "pixel under its left edge, floor(i·s); 'nearest-exact' the pixel under its centre, floor((i+½)·s). "
    "Return integers, e.g. with // on integers.",
    wrong_answers={
        "The two rules are swapped: 'nearest-exact' samples at the centre (i + 1/2)·n_in/n_out of each "
        "output pixel, 'nearest' at its left edge i·n_in/n_out.": _swapped,
        "Looks like rounding to the nearest integer: both modes take the floor of the sampling position "
        "(the input pixel that contains it), not round().": _rounded,
        "That maps the first and last pixels onto each other (align_corners-style, step (n_in-1)/(n_out-1)); "
        "the nearest modes step by n_in / n_out.": _corners,
        "Off by one: output pixel 0 must read input pixel 0 in 'nearest' mode; indices start at 0.": (
            _one_based
        ),
        "Right formula, but computed in floating point: n_in / n_out is rounded, so (i·(n_in/n_out)) can "
        "land just below a whole number and floor() drops a pixel (30 -> 22: i = 11 gives 14.999..., "
        "floor 14). Multiply first and divide last with integers: (i * n_in) // n_out.": _float_scale,
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

# ------------------------------------------------------------------------------ 4. TensorFlow's rule

register_choice(
    "tf_nearest_mode",
    lesson="02",
    number=4,
    section="§7 Which rule do TensorFlow and OpenCV use?",
    title="choose the PyTorch mode that tf.image.resize nearest matches",
    question="tf.image.resize(images, size, method='nearest') copies one input pixel into each output "
    "pixel. Which PyTorch F.interpolate mode copies the same pixels, for any input and output size "
    "(up to floating-point ties)?",
    options={
        "a": "mode='nearest': output i reads floor(i · n_in / n_out), the default of both libraries",
        "b": "both: for nearest resizing the two PyTorch modes always read the same pixels",
        "c": "mode='nearest-exact': output i reads floor((i + 1/2) · n_in / n_out)",
        "d": "neither: TensorFlow reads the closest pixel, round(i · n_in / n_out), a third rule",
    },
    answer="c",
    explanation="TensorFlow samples at pixel centres (half-pixel coordinates), like Pillow and scikit-image: "
    "the lesson's table over all 256 pairs of lengths 1..16 finds tf.image.resize equal to 'nearest-exact' "
    "every time and to 'nearest' only where the two rules coincide (same size and integer upscaling). "
    "'nearest' is the rule PyTorch documents as matching OpenCV's INTER_NEAREST.",
    hint="Resize 5 pixels to 3: 'nearest' reads 0, 1, 3 and 'nearest-exact' reads 0, 2, 4. Which one samples "
    "at the centre of each output pixel, as TensorFlow does?",
    wrong_answers={
        "'nearest' samples at the left edge of each output pixel; PyTorch documents it as matching OpenCV's "
        "INTER_NEAREST. What did the lesson's TensorFlow table count for downsampling?": "a",
        "The two modes agree only for the same size and integer upscaling; for 5 -> 3 pixels they read "
        "0, 1, 3 and 0, 2, 4.": "b",
        "Rounding i · n_in / n_out is neither PyTorch mode, and it is not what the lesson measured for "
        "TensorFlow: look at its table again.": "d",
    },
)
