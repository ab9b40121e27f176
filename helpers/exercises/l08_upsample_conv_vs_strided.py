"""Lesson 08, "Upsample + conv versus strided transposed convolution" (solutions/08_upsample_conv_vs_strided.ipynb):
four exercises: build the tied transposed-conv kernel of nearest upsampling + conv, compute the phase sums of a
transposed-conv kernel, count the free parameters of the two layers, and choose why nearest + conv is smoother."""

from __future__ import annotations

import numpy as np

from helpers.checks import OVERLAP, case, register_choice, register_function, register_value

# ------------------------------------------------------------------------------ 1. the tied kernel


def tied_kernel(K, r):
    """The stride-r transposed-conv kernel equal to nearest upsampling by r followed by conv2d with K.

    ``K`` is (k, k) (a single-channel conv kernel, cross-correlation as in the frameworks); the result is
    (k + r - 1, k + r - 1): the flipped kernel, summed over the r x r shifts (d, e), 0 <= d, e < r.
    """
    K = np.asarray(K, dtype=np.float64)
    k = K.shape[0]
    flipped = K[::-1, ::-1]
    W = np.zeros((k + r - 1, k + r - 1))
    for d in range(r):
        for e in range(r):
            W[d : d + k, e : e + k] += flipped
    return W


def _not_flipped(K, r):
    return tied_kernel(np.asarray(K, dtype=np.float64)[::-1, ::-1], r)


def _always_two(K, r):
    return tied_kernel(K, 2)


def _repeated(K, r):
    K = np.asarray(K, dtype=np.float64)[::-1, ::-1]
    return np.repeat(np.repeat(K, r, axis=0), r, axis=1)


def _random_kernel_case(rng: np.random.Generator):
    k, r = int(rng.integers(1, 5)), int(rng.integers(1, 4))
    return case(rng.standard_normal((k, k)).round(2), r)


register_function(
    "tied_kernel",
    lesson="08",
    number=1,
    section="§3 Nearest + conv is one strided transposed convolution (with tied weights)",
    title="implement tied_kernel(K, r): nearest x r + conv as one transposed conv",
    reference=tied_kernel,
    cases=[
        case(np.array([[1.0]]), 2),
        case(np.array([[1.0, 2.0], [3.0, 4.0]]), 2),
        case(np.arange(1.0, 10.0).reshape(3, 3), 2),
        case(np.array([[1.0, -2.0], [0.5, 3.0]]), 3),
        case(np.array([[2.0, 1.0, 0.0], [-1.0, 3.0, 1.0], [0.0, 2.0, -2.0]]), 1),
        case(np.array([[1, 2], [3, 4]]), 2),                                       # integers
        case(np.random.default_rng(8).standard_normal((8, 8)).round(2), 4),        # larger
    ],
    n_random=18,
    dtype=None,  # the statement names no dtype: integer kernels may stay integer
    random_cases=_random_kernel_case,
    hint="A transposed conv scatters x[i] * W into the output; the conv after nearest upsampling gathers with K. "
    "Flip K (K[::-1, ::-1]) and add it r*r times, shifted by (d, e) for 0 <= d, e < r, into a "
    "(k + r - 1) x (k + r - 1) array.",
    wrong_answers={
        "Not flipped: the conv gathers with K, a transposed conv scatters with W, so W holds K upside down and "
        "back to front (K[::-1, ::-1]) before the shifted copies are summed.": _not_flipped,
        "Right for r = 2 only: each input pixel is repeated r times along each axis, so r x r shifted copies "
        "of the flipped kernel add up, giving size k + r - 1.": _always_two,
        "That is the kernel itself upsampled (size r*k). The copies overlap: shift the flipped kernel by "
        "one pixel at a time, r x r times, and ADD them (size k + r - 1).": _repeated,
    },
    covers={
        OVERLAP: lambda c: np.shape(c.args[0])[0] > 1 and c.args[1] > 1,   # the r x r shifted copies overlap
    },
)

# ------------------------------------------------------------------------------ 2. phase sums


def phase_sums(W, s):
    """Sum of every phase kernel of a stride-s transposed-conv kernel: ``out[a, b] = W[a::s, b::s].sum()``.

    Returns a float array of shape (s, s).
    """
    W = np.asarray(W, dtype=np.float64)
    return np.array([[W[a::s, b::s].sum() for b in range(s)] for a in range(s)])


def _means(W, s):
    W = np.asarray(W, dtype=np.float64)
    return np.array([[W[a::s, b::s].mean() for b in range(s)] for a in range(s)])


def _swapped(W, s):
    return phase_sums(W, s).T


def _blocks(W, s):
    W = np.asarray(W, dtype=np.float64)
    return np.array([[W[a * s : (a + 1) * s, b * s : (b + 1) * s].sum() for b in range(s)] for a in range(s)])


def _random_phase_case(rng: np.random.Generator):
    k, s = int(rng.integers(1, 6)), int(rng.integers(1, 4))
    return case(rng.standard_normal((k, k)).round(2), s)


register_function(
    "phase_sums",
    lesson="08",
    number=2,
    section="§4 Which is smoother, and why",
    title="implement phase_sums(W, s)",
    reference=phase_sums,
    cases=[
        case(np.ones((3, 3)), 2),
        case(np.arange(16.0).reshape(4, 4), 2),
        case(np.arange(25.0).reshape(5, 5), 3),
        case(np.array([[1.0, -1.0], [2.0, 0.5]]), 3),
        case(np.array([[3.0]]), 1),
        case(np.arange(9).reshape(3, 3), 2),                                       # integers
        case(np.random.default_rng(9).standard_normal((12, 12)).round(2), 4),      # larger
    ],
    n_random=18,
    dtype=None,  # the statement names no dtype: integer kernels may stay integer
    random_cases=_random_phase_case,
    hint="Phase (a, b) is every s-th tap starting at row a and column b: W[a::s, b::s]. Return the s x s array "
    "of their sums, row a, column b.",
    wrong_answers={
        "Those are means. On a constant input the output takes the phase kernel's SUM (every tap multiplies "
        "the same value and they add).": _means,
        "Rows and columns are swapped: out[a, b] should start at row a and column b, W[a::s, b::s].": _swapped,
        "You summed contiguous s x s blocks of W. A phase is not a block: it takes every s-th tap, "
        "W[a::s, b::s].": _blocks,
    },
    covers={
        OVERLAP: "sums a kernel's taps by phase; no windows slide",
    },
)

# ------------------------------------------------------------------------------ 3. parameter counts

C_IN, C_OUT, K_CONV = 16, 8, 3


def _counts():
    import torch

    conv = torch.nn.Conv2d(C_IN, C_OUT, K_CONV)
    free = torch.nn.ConvTranspose2d(C_IN, C_OUT, K_CONV + 1, stride=2, padding=1)
    return (sum(p.numel() for p in conv.parameters()), sum(p.numel() for p in free.parameters()))


register_value(
    "tied_vs_free_params",
    lesson="08",
    number=3,
    section="§3 Nearest + conv is one strided transposed convolution (with tied weights)",
    title=f"count the parameters: nearest x2 + Conv2d({C_IN}, {C_OUT}, {K_CONV}) versus "
    f"ConvTranspose2d({C_IN}, {C_OUT}, {K_CONV + 1}, stride=2)",
    expected=_counts,
    hint="A conv layer has C_in * C_out * k * k weights plus C_out biases; nearest upsampling has none. The "
    "free transposed conv has the same formula with its own kernel size.",
    wrong_answers={
        "Add the biases: one per output channel, in both layers.": (
            C_IN * C_OUT * K_CONV**2,
            C_IN * C_OUT * (K_CONV + 1) ** 2,
        ),
        "The two are swapped: the tied layer (nearest + conv) has fewer free parameters than the free "
        "transposed conv it equals.": (
            C_IN * C_OUT * (K_CONV + 1) ** 2 + C_OUT,
            C_IN * C_OUT * K_CONV**2 + C_OUT,
        ),
        "Every (input channel, output channel) pair has its own kernel: multiply by C_in * C_out.": (
            K_CONV**2 + 1,
            (K_CONV + 1) ** 2 + 1,
        ),
        "The free ConvTranspose2d does not tie anything: all its (k+1) x (k+1) weights per channel pair are "
        "free, even though nearest + conv fills the same kernel with only k x k numbers.": (
            C_IN * C_OUT * K_CONV**2 + C_OUT,
            C_IN * C_OUT * K_CONV**2 + C_OUT,
        ),
    },
)

# ------------------------------------------------------------------------------ 4. why smoother

register_choice(
    "why_smoother",
    lesson="08",
    number=4,
    section="§4 Which is smoother, and why",
    title="choose why nearest + conv gives smoother outputs",
    question="Nearest x2 upsampling followed by a 3x3 conv usually gives smoother outputs than a 3x3 "
    "ConvTranspose2d with stride 2. Which explanation is right?",
    options={
        "a": "Nearest + conv has more learnable parameters than a 3x3 transposed conv, because it convolves "
        "at the higher resolution, so it can fit smooth images better.",
        "b": "Zero insertion destroys information: no stride-2 transposed conv can produce the output of "
        "nearest + conv, whatever its weights, so training can never reach the smooth solution.",
        "c": "Nearest + conv is a stride-2 transposed conv whose 4 phase kernels all sum to sum(K), so flat "
        "in gives flat out; a free one's phases (4, 2, 2, 1 taps) have unrelated sums.",
        "d": "Nearest upsampling is a low-pass filter that removes the high frequencies before the conv, so "
        "no periodic pattern can survive into the output, whatever the conv's weights.",
    },
    answer="c",
    explanation="Nearest x2 + conv K equals a stride-2 transposed conv with the (k+1) x (k+1) kernel "
    "flip(K) summed over the 2 x 2 shifts: each phase kernel then contains every weight of K exactly once, "
    "so all four phase sums equal sum(K). A free 3x3 stride-2 kernel splits into phases of 4, 2, 2 and 1 "
    "taps with unrelated sums: on a constant input the output alternates between them (section 4).",
    hint="Write nearest + conv as one transposed conv (section 3) and look at its phase kernels on a "
    "constant input.",
    wrong_answers={
        "It has fewer free parameters: k x k weights fill a (k+1) x (k+1) kernel, so 2k + 1 weights per "
        "channel pair are tied.": "a",
        "A free 4x4 stride-2 transposed conv can produce it exactly: choose its weights as the tied kernel. "
        "Zero insertion loses nothing (the zeros are added, not replacing data).": "b",
        "Repetition makes a staircase, which has high frequencies; the point is that every phase of the "
        "equivalent transposed conv has the same gain.": "d",
    },
)
