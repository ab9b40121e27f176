"""Lesson 12, "Pixel shuffle and bilinear initialisation" (solutions/12_pixel_shuffle_and_bilinear_init.ipynb):
five exercises: implement the CRD-to-DCR channel permutation, turn a 1x1 sub-pixel convolution into a
transposed convolution's weight, predict the bilinear (Caffe BilinearFiller) recipe's kernel size and padding
for a factor, count the pixels where the bilinear transposed convolution differs from bilinear interpolation,
and choose the true statement about pixel shuffle and checkerboards."""

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

# ------------------------------------------------------------------------------ 1. the permutation


def crd_to_dcr_permutation(channels, r):
    """``perm`` such that ``x_crd[:, perm]`` is in TensorFlow's DCR order: ``perm[(i*r + j)*C + c] = c*r*r + i*r + j``
    with ``C = channels // (r*r)``. Returns an int64 array of shape (channels,)."""
    c = channels // (r * r)
    perm = np.empty(channels, dtype=np.int64)
    for ch in range(c):
        for i in range(r):
            for j in range(r):
                perm[(i * r + j) * c + ch] = ch * r * r + i * r + j
    return perm


def _inverse(channels, r):          # DCR -> CRD instead
    c = channels // (r * r)
    return np.arange(channels, dtype=np.int64).reshape(r * r, c).T.ravel()


def _identity(channels, r):
    return np.arange(channels, dtype=np.int64)


def _blocks_reversed(channels, r):  # sub-pixel positions in the wrong order: (j*r + i)
    c = channels // (r * r)
    perm = np.empty(channels, dtype=np.int64)
    for ch in range(c):
        for i in range(r):
            for j in range(r):
                perm[(j * r + i) * c + ch] = ch * r * r + i * r + j
    return perm


def _random_permutation_case(rng):
    r = int(rng.integers(1, 5))
    return case(int(rng.integers(1, 5)) * r * r, r)


register_function(
    "crd_to_dcr_perm",
    lesson="12",
    number=1,
    section="§3 CRD versus DCR, and the permutation between them",
    title="implement crd_to_dcr_permutation(channels, r)",
    reference=crd_to_dcr_permutation,
    example=case(4, 2),
    cases=[case(4, 2), case(8, 2), case(12, 2), case(18, 3), case(27, 3), case(32, 4), case(5, 1), case(192, 4)],
    n_random=19,
    random_cases=_random_permutation_case,
    hint="DCR channel d = (i*r + j)*C + c must hold CRD channel c*r*r + i*r + j: loop over c, i, j and "
    "write perm[(i*r + j)*C + c] = c*r*r + i*r + j, with C = channels // (r*r).",
    wrong_answers={
        "That is the identity: right only for C = 1 output channel, where both orders agree. With C > 1 "
        "TensorFlow interleaves the output channels (c varies fastest).": _identity,
        "That is the inverse permutation (DCR -> CRD, helpers.dcr_to_crd_permutation): perm[d] must be the "
        "CRD channel that DCR channel d holds, so that x_crd[:, perm] is in DCR order.": _inverse,
        "The sub-pixel position is row-major: position (i, j) is number i*r + j (row i, column j), not "
        "j*r + i.": _blocks_reversed,
    },
    covers={
        INT_AND_FLOAT: "the inputs are a channel count and a factor (ints)",
        OVERLAP: "a channel permutation: no windows",
    },
)

# ------------------------------------------------------------------ 2. sub-pixel conv -> transposed conv


def subpixel_to_transposed(w, r):
    """The ``ConvTranspose2d`` weight, shape (C_in, C, r, r), equivalent to a 1x1 ``Conv2d`` with weight ``w``
    (shape (C*r*r, C_in, 1, 1)) followed by ``pixel_shuffle(r)``:
    ``conv_transpose2d(x, T, stride=r) == pixel_shuffle(conv2d(x, w), r)``."""
    w = np.asarray(w, dtype=np.float64)
    c_in = w.shape[1]
    c = w.shape[0] // (r * r)
    return np.ascontiguousarray(w[:, :, 0, 0].T.reshape(c_in, c, r, r))


def _no_transpose(w, r):
    w = np.asarray(w, dtype=np.float64)
    return w[:, :, 0, 0].reshape(w.shape[1], w.shape[0] // (r * r), r, r)


def _dcr(w, r):
    w = np.asarray(w, dtype=np.float64)
    c_in, c = w.shape[1], w.shape[0] // (r * r)
    return np.ascontiguousarray(w[:, :, 0, 0].T.reshape(c_in, r, r, c).transpose(0, 3, 1, 2))


def _swapped_ij(w, r):
    return subpixel_to_transposed(w, r).transpose(0, 1, 3, 2)


def _random_weight_case(rng):
    r, c_in, c = int(rng.integers(1, 4)), int(rng.integers(1, 4)), int(rng.integers(1, 4))
    return case(rng.standard_normal((c * r * r, c_in, 1, 1)).round(2), r)


def _w(c_out, c_in):
    return (np.arange(c_out * c_in, dtype=np.float64) + 1).reshape(c_out, c_in, 1, 1)


register_function(
    "subpixel_to_transposed",
    lesson="12",
    number=2,
    section="§4 A sub-pixel convolution is a transposed convolution",
    title="implement subpixel_to_transposed(w, r) (1x1 conv + pixel shuffle as a transposed conv)",
    reference=subpixel_to_transposed,
    example=case(_w(4, 1), 2),
    cases=[case(_w(4, 1), 2), case(_w(8, 1), 2), case(_w(4, 3), 2), case(_w(18, 2), 3), case(_w(3, 2), 1),
           case(_w(8, 2).astype(np.int64), 2), case(_w(48, 4), 4)],     # integers; larger
    n_random=18,
    dtype=None,  # the statement names no dtype: integer kernels may stay integer
    random_cases=_random_weight_case,
    hint="Output pixel (h*r + i, w*r + j) of channel c is sum over c_in of w[c*r*r + i*r + j, c_in] * x[c_in, h, w]; "
    "a stride-r transposed convolution with an r x r kernel T gives sum over c_in of x[c_in, h, w] * T[c_in, c, i, j]. "
    "So T[c_in, c, i, j] = w[c*r*r + i*r + j, c_in, 0, 0]: one transpose and one reshape.",
    wrong_answers={
        "Rows and columns of each r x r block are swapped: input channel c*r*r + i*r + j goes to row i, column j "
        "of the block.": _swapped_ij,
        "That is TensorFlow's DCR order ((i*r + j)*C + c). PyTorch's pixel_shuffle is CRD: channel "
        "c*r*r + i*r + j.": _dcr,
        "Reshaping w[:, :, 0, 0] (shape (C*r*r, C_in)) straight to (C_in, C, r, r) mixes up the input channels: "
        "transpose it to (C_in, C*r*r) first.": _no_transpose,
    },
    covers={
        OVERLAP: "kernel = stride = r: the equivalent transposed convolution's windows never overlap",
    },
)

# ------------------------------------------------------ 3. the bilinear recipe's kernel and padding (Caffe)

S_ODD = 3


def _fcn_setting(s):
    return (2 * s - s % 2, -(-(s - 1) // 2))


register_value(
    "bilinear_kernel_padding",
    lesson="12",
    number=3,
    section="§5 Bilinear initialisation of a transposed convolution (FCN)",
    title=f"predict the bilinear recipe's (kernel_size, padding) for upsampling by s = {S_ODD}",
    expected=lambda: _fcn_setting(S_ODD),
    hint="kernel_size = 2s - s % 2 and padding = ceil((s - 1) / 2); check that the output size "
    "(H - 1)s - 2p + k equals s·H.",
    wrong_answers={
        f"2s = {2 * S_ODD} is the rule for even s; for odd s the tent filter has an odd number of taps, "
        "2s - 1, so that it is centred on a tap.": (2 * S_ODD, -(-(S_ODD - 1) // 2)),
        "With that padding the output is not s·H pixels: (H - 1)s - 2p + k must equal s·H, so 2p = k - s.": (
            2 * S_ODD - 1, S_ODD // 2 + 1),
        "That is the kernel size and the stride, not the padding.": (2 * S_ODD - 1, S_ODD),
    },
)

# ------------------------------------------------------------------ 4. how many pixels differ

DIFF_S, DIFF_H, DIFF_W = 4, 6, 8


def _differing_pixels():
    from helpers.conv import conv_transpose2d
    from helpers.layout import bilinear_kernel
    from helpers.resize import interpolate

    k, p = _fcn_setting(DIFF_S)
    x = np.random.default_rng(0).uniform(0.5, 1.5, (1, 1, DIFF_H, DIFF_W))
    up = conv_transpose2d(x, bilinear_kernel(1, 1, k), stride=DIFF_S, padding=p)
    ref = interpolate(x, scale_factor=DIFF_S, mode="bilinear", align_corners=False)
    return int((np.abs(up - ref) > 1e-9).sum())


def _frame(width, s=DIFF_S, h=DIFF_H, w=DIFF_W):
    return h * s * w * s - (h * s - 2 * width) * (w * s - 2 * width)


register_value(
    "bilinear_border_pixels",
    lesson="12",
    number=4,
    section="§5 Bilinear initialisation of a transposed convolution (FCN)",
    title=f"count the pixels where the bilinear transposed conv and bilinear interpolation differ "
    f"({DIFF_H}x{DIFF_W} input, s={DIFF_S})",
    expected=_differing_pixels,
    hint="They differ only where the source coordinate (o + 0.5)/s - 0.5 falls outside [0, H - 1]: there the "
    "transposed convolution reads a zero and interpolation clamps to the edge. Count those rows and columns "
    "on each side, then the pixels of the frame they make.",
    wrong_answers={
        "A frame only 1 pixel wide is right for s = 2 and 3; for s = 4 the source coordinate is negative for the "
        "first s // 2 = 2 output rows (o = 0, 1).": _frame(1),
        "Too wide: at output row o = s // 2 the source coordinate is already >= 0. The frame is s // 2 pixels "
        "wide (the padding), not s - 1.": _frame(DIFF_S - 1),
        "The corners were counted twice: count the frame as all pixels minus the interior.": (
            2 * 2 * (DIFF_W * DIFF_S) + 2 * 2 * (DIFF_H * DIFF_S)
        ),
        "That is every output pixel: in the interior the two agree exactly.": DIFF_H * DIFF_S * DIFF_W * DIFF_S,
    },
)

# ------------------------------------------------------------------ 5. checkerboards

register_choice(
    "pixel_shuffle_checkerboard",
    lesson="12",
    number=5,
    section="§4 A sub-pixel convolution is a transposed convolution",
    title="choose the true statement about pixel shuffle and checkerboards",
    question="A 3x3 convolution to C·r² channels followed by pixel_shuffle(r) upsamples by r. Which statement "
    "is true?",
    options={
        "a": "Each output pixel comes from one of the r² channels, so no uneven overlap; but if the r² "
        "sub-pixel filters differ (as at random init) a period-r pattern appears; ICNR starts them equal.",
        "b": "It can never produce a checkerboard: every output pixel comes from exactly one channel, so "
        "there is no overlap and nothing uneven anywhere, at initialisation or after training.",
        "c": "Like a transposed convolution with kernel 3 and stride 2, some output pixels receive one kernel "
        "tap and others two or four, so it inherits the same checkerboard from uneven overlap.",
        "d": "It is bilinear interpolation followed by a convolution in disguise, so it cannot produce any "
        "pattern that bilinear interpolation followed by that convolution would not.",
    },
    answer="a",
    explanation="The equivalent transposed convolution has kernel r·k and stride r: the kernel size is a multiple "
    "of the stride, so every output pixel away from the border gets the same number of taps (for a 1x1 conv "
    "exactly one): no uneven overlap. The other cause remains: the r² sub-pixel filters differ at random "
    "initialisation. ICNR initialises them as copies of one filter, so the layer starts as nearest upsampling "
    "after a convolution; what training does to them afterwards is another matter.",
    hint="Two different causes of checkerboards: uneven overlap, and different filters per output phase. "
    "Which one can pixel shuffle have?",
    wrong_answers={
        "The overlap is even, but each sub-pixel position has its own filter: with random weights, a constant "
        "input already gives a period-r pattern (section 4).": "b",
        "The overlap is even here: the equivalent transposed convolution has kernel r·k, a multiple of its "
        "stride r, so every output pixel gets the same number of taps.": "c",
        "Pixel shuffle only rearranges the r² channels a convolution computed; nothing is interpolated, and "
        "its r² sub-pixel filters can be anything.": "d",
    },
)


register_explain(
    'shuffle_pattern_explained',
    lesson='12',
    number=6,
    section='§4 A sub-pixel convolution is a transposed convolution',
    title='why a randomly initialised pixel shuffle shows a pattern',
    question=('A convolution to C*r*r channels followed by pixel shuffle, randomly initialised, turns a flat '
              'input into an output that repeats with period r. Explain where each output pixel of an r x r '
              'block comes from, why that gives the pattern, and what ICNR initialisation changes.'),
    key_points={'Which weights compute each of the r*r positions of a block?': ['(own|different|separate) '
                                                                                '(group of '
                                                                                ')?(channels?|filters?|kernels?)',
                                                                                '\\bchannels?\\b',
                                                                                '\\bphases?\\b'],
                'On a flat input, how do those positions compare at initialisation?': ['\\bdiffer',
                                                                                       'not (equal|the same)',
                                                                                       'unequal'],
                'What does ICNR make of the r*r filters?': ['cop(y|ies)',
                                                            'identical',
                                                            '\\bsame (filter|kernel|weights)',
                                                            'nearest']},
    model_answer=('Each of the r*r positions of an output block is computed by its own group of output '
                  'channels, that is its own filter. With random weights those filters differ, so even a '
                  'flat input gives different values at the r*r positions and the block repeats as a '
                  'period-r pattern. ICNR initialises the r*r filters of a group as copies of one filter, '
                  'which makes the layer nearest upsampling followed by a convolution at initialisation: the '
                  'positions are equal and the pattern is gone until training moves the copies apart.'),
    wrong_answers={'Which weights compute each of the r*r positions of a block?': 'Pixel shuffle only moves '
                                                                                  'values from depth to '
                                                                                  'space without any weights '
                                                                                  'of its own, so any '
                                                                                  'pattern must already be '
                                                                                  'in the input image.'},
)
