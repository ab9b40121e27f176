"""Lesson 08, "Upsample + conv versus strided transposed convolution" (solutions/08_upsample_conv_vs_strided.ipynb):
four exercises: build the tied transposed-conv kernel of nearest upsampling + conv, derive what a multi-channel
transposed conv with padding makes of a constant input (the phase sums, shifted), count the free parameters of
the two layers, and choose why nearest + conv is smoother."""

from __future__ import annotations

import numpy as np

from helpers.checks import OVERLAP, case, register_choice, register_explain, register_function, register_value

# ------------------------------------------------------------------------------ 1. the tied kernel


def tied_kernel(K, r):
    """The stride-r transposed-conv kernel equal to nearest upsampling by r followed by conv2d with K.

    ``K`` is (k, k) (a single-channel conv kernel, cross-correlation as in the frameworks); the result is
    (k + r - 1, k + r - 1). The reference is the course's :func:`helpers.conv.nearest_conv_kernel`.
    """
    from helpers.conv import nearest_conv_kernel

    return nearest_conv_kernel(K, r)


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
    example=case(np.array([[1.0, 2.0], [3.0, 4.0]]), 2),
)

# ------------------------------------------------------------------------------ 2. a constant input


def constant_tile(w, s, p=0):
    """What ConvTranspose2d(weight w, stride s, padding p, no bias) makes of an input of ones, away from the borders.

    ``w`` is PyTorch's (C_in, C_out, k, k). Returns the float (C_out, s, s) array whose entry [o, u, v] is the
    value of output channel o at every interior pixel (row, col) with row % s == u and col % s == v. The
    reference sums the input channels' phase sums (:func:`helpers.conv.phase_sums`) and shifts them by p.
    """
    from helpers.conv import phase_sums

    w = np.asarray(w, dtype=np.float64)
    sums = np.array([sum(phase_sums(w[i, o], s) for i in range(w.shape[0])) for o in range(w.shape[1])])
    return np.roll(sums, -p, axis=(1, 2))   # output t = n*s + a - p: phase u holds the taps a = u + p (mod s)


def _padding_ignored(w, s, p=0):
    return constant_tile(w, s)


def _shifted_back(w, s, p=0):
    return constant_tile(w, s, -p)


def _output_axis_summed(w, s, p=0):
    return constant_tile(np.swapaxes(np.asarray(w), 0, 1), s, p)


def _means(w, s, p=0):
    w = np.asarray(w, dtype=np.float64)
    counts = constant_tile(np.ones_like(w[:1, :1]), s, p) * w.shape[0]     # taps per phase, all input channels
    total = constant_tile(w, s, p)
    return np.divide(total, counts, out=np.zeros_like(total), where=counts > 0)


def _flipped(w, s, p=0):
    return constant_tile(np.asarray(w)[..., ::-1, ::-1], s, p)


def _random_tile_case(rng: np.random.Generator):
    c_in, c_out, k, s = (int(v) for v in rng.integers(1, [4, 4, 7, 5]))
    w = rng.integers(-3, 4, (c_in, c_out, k, k)) if rng.random() < 0.3 else rng.standard_normal((c_in, c_out, k, k))
    return case(w, s, int(rng.integers(0, 4))) if rng.random() < 0.8 else case(w, s)


register_function(
    "constant_tile",
    lesson="08",
    number=2,
    section="§4 Which is smoother, and why",
    title="implement constant_tile(w, s, p): a transposed conv of a constant input",
    reference=constant_tile,
    cases=[
        case(np.ones((1, 1, 3, 3)), 2),
        case(np.arange(9.0).reshape(1, 1, 3, 3), 2, 1),
        case(np.arange(16.0).reshape(1, 1, 4, 4), 2, 1),
        case(np.arange(25.0).reshape(1, 1, 5, 5), 3, 1),
        case(np.arange(72.0).reshape(2, 1, 6, 6) % 7, 3, 2),
        case(np.arange(54).reshape(2, 3, 3, 3) % 5 - 2, 2, 1),                          # integers, 2 -> 3 channels
        case(np.random.default_rng(9).standard_normal((3, 2, 7, 7)).round(2), 4, 3),     # larger, stride 4
        case(np.array([[[[1.0, -1.0], [2.0, 0.5]]]]), 3, 2),                             # k < s: some phases empty
    ],
    n_random=17,
    dtype=None,  # the statement names no dtype: integer weights may give integer sums
    random_cases=_random_tile_case,
    hint="Scatter form: input pixel n sends tap a to output position t = n*s + a - p. Which taps a reach an "
    "interior position t, and how does that set depend on t mod s? Every input channel adds its share.",
    wrong_answers={
        "Right without padding only: padding p crops p positions at the start, so output position t gets the "
        "taps a with a = t + p (mod s), not a = t (mod s).": _padding_ignored,
        "Shifted the wrong way: t = n*s + a - p, so phase u collects the taps a = u + p (mod s), not u - p.":
            _shifted_back,
        "ConvTranspose2d's weight is (C_in, C_out, k, k): every INPUT channel adds to output channel o, so sum "
        "over axis 0 and return C_out tiles.": _output_axis_summed,
        "Those are means. On a constant input the output adds every tap of its phase, in every input channel: "
        "a SUM.": _means,
        "The scatter form uses w as it is: input n writes w[a] to position n*s + a - p, no flip.": _flipped,
    },
    covers={
        OVERLAP: lambda c: np.shape(c.args[0])[-1] > c.args[1],   # k > s: the kernel copies overlap
    },
    example=case(np.ones((1, 1, 3, 3)), 2),
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
        "Count them: nearest + 3x3 conv and the 3x3 ConvTranspose2d have the same 9 weights per channel pair "
        "(plus one bias per output channel). What differs is how the 9 weights are grouped into phases.": "a",
        "A free 4x4 stride-2 transposed conv can produce it exactly: choose its weights as the tied kernel. "
        "Zero insertion loses nothing (the zeros are added, not replacing data).": "b",
        "Repetition makes a staircase, which has high frequencies; the point is that every phase of the "
        "equivalent transposed conv has the same gain.": "d",
    },
)


# ------------------------------------------------------------------------------ 5. explain

register_explain(
    "pooling_gradients_explained",
    lesson="08",
    number=5,
    section='§1 Intuition: repeat the pixels, or put zeros between them',
    title="why sum pooling's gradient is nearest upsampling and max pooling's is not",
    question=('Explain why the backward pass of 2x2 sum pooling (stride 2) is nearest upsampling of the '
              'upstream gradient, and why the backward pass of 2x2 max pooling is not.'),
    key_points={
        "With what weight does each input pixel enter its window's sum?":
            [
                'weight (of )?(1|one)',
                'derivative (of|is) (1|one)',
                'cop(y|ies|ied)',
                'repeat',
                'same gradient',
                'every (input|pixel) in the (window|block)',
            ],
        'Which inputs does a maximum depend on?':
            [
                'argmax',
                'only (on )?the (max|largest|winner)',
                '(max|largest|winning) (pixel|input|value|entry)',
                'indices',
                'switch',
            ],
        'What do the other pixels of the window receive?':
            ['\\bzero', '\\b0\\b', 'nothing'],
    },
    model_answer=('Each input pixel belongs to exactly one 2x2 window and enters its sum with weight 1, so its '
                  "gradient is the window's upstream gradient copied: every pixel of the block gets the same value,"
                  ' which is nearest upsampling. A maximum depends only on the largest pixel of its window, so the '
                  'gradient goes to that argmax alone and the other three pixels get zero: max-unpooling with the '
                  'pooling indices.'),
    wrong_answers={
        'Which inputs does a maximum depend on?':
            ('In sum pooling every pixel of a block enters with weight one, so the gradient is copied to the '
             'whole block like nearest upsampling; max pooling is not linear, so its gradient is something '
             'different.'),
    },
)
