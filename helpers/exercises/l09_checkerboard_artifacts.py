"""Lesson 09, "Checkerboard artifacts" (solutions/09_checkerboard_artifacts.ipynb): seven exercises: implement
the 1-D overlap count, predict the count for k=5, s=3, find the kernel sizes with even overlap at stride 3,
choose the configuration that is artifact-free at initialisation, predict a checkerboard score by hand and one
period of a stride-3 transposed conv of a constant (phase sums), and implement the input gradient of a strided
convolution."""

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

# ------------------------------------------------------------------------------ 1. implement overlap_count


def overlap_count_1d(i, k, s):
    """Kernel taps landing on each output position of a 1-D transposed convolution (no padding).

    Input ``n`` writes tap ``a`` to output ``n*s + a``; returns the int array of length ``(i-1)*s + k``
    counting the pairs ``(n, a)`` per output position.
    """
    counts = np.zeros((i - 1) * s + k, dtype=np.int64)
    for n in range(i):
        counts[n * s : n * s + k] += 1
    return counts


def _assumed_uniform(i, k, s):
    return np.full((i - 1) * s + k, -(-k // s), dtype=np.int64)


def _same_length(i, k, s):
    return overlap_count_1d(i, k, s)[: i * s]


def _stride_ignored(i, k, s):
    return overlap_count_1d(i, k, 1)


def _float_counts(i, k, s):
    counts = np.zeros((i - 1) * s + k)  # float64: np.zeros without dtype=
    for n in range(i):
        counts[n * s : n * s + k] += 1
    return counts


register_function(
    "overlap_count_1d",
    lesson="09",
    number=1,
    section="§2 From scratch: the overlap count",
    title="implement overlap_count_1d(i, k, s)",
    reference=overlap_count_1d,
    example=case(5, 2, 2),
    cases=[case(3, 3, 2), case(4, 4, 2), case(5, 2, 2), case(2, 5, 3), case(3, 1, 3), case(1, 4, 2), case(6, 3, 1),
           case(100, 5, 2)],
    random_cases=lambda rng: case(int(rng.integers(1, 7)), int(rng.integers(1, 7)), int(rng.integers(1, 5))),
    n_random=19,
    hint="Start from zeros of length (i-1)*s + k; input n adds 1 to the k positions n*s, ..., n*s + k - 1.",
    wrong_answers={
        "The count is not the same everywhere: at the ends fewer copies overlap, and when k is not a multiple "
        "of s the interior alternates. Add up the copies instead of assuming a value.": _assumed_uniform,
        "The full output has (i-1)*s + k positions: the last copy starts at (i-1)*s and is k long (i*s is "
        "the size after padding crops some of it).": _same_length,
        "Consecutive copies start s positions apart (input n writes from n*s), not one position apart.":
            _stride_ignored,
        "The counts are right but they are floats: a count is an integer. np.zeros makes float64 unless you "
        "pass dtype=int (or np.int64).": _float_counts,
    },
    covers={
        INT_AND_FLOAT: "the inputs are sizes (ints), not arrays",
        OVERLAP: lambda c: c.args[1] > c.args[2],
    },
)

# ------------------------------------------------------------------------------ 2. predict k=5, s=3

PREDICT_I, PREDICT_K, PREDICT_S = 4, 5, 3  # the lesson prints k=3, s=2; this one the learner must draw


def _predicted():
    from helpers.artifacts import overlap_count

    return overlap_count(PREDICT_I, PREDICT_K, PREDICT_S)


def _wrong_overlap(kind):
    """A misconception's answer, built from the right one (NumPy only, so it is computed at import)."""
    i, k, s = PREDICT_I, PREDICT_K, PREDICT_S
    right = np.zeros((i - 1) * s + k, dtype=int)
    for j in range(i):
        right[j * s : j * s + k] += 1
    if kind == "short":
        return right[:-1].tolist()
    if kind == "i*s":
        return right[: i * s].tolist()
    flat = right.copy()
    flat[s:-s] = right.max()  # every interior position as covered as the most covered one
    return flat.tolist()


register_value(
    "overlap_k5_s3",
    lesson="09",
    number=2,
    section="§2 From scratch: the overlap count",
    title=f"predict the overlap count for i={PREDICT_I}, k={PREDICT_K}, s={PREDICT_S}",
    expected=_predicted,
    hint=f"Write the {PREDICT_I} copies of the {PREDICT_K} kernel taps one under the other, each starting "
    f"{PREDICT_S} positions after the previous one, and add the columns.",
    wrong_answers={
        "One position short: the last copy starts at (i-1)*s and covers k positions, so the output is "
        "(i-1)*s + k long.": _wrong_overlap("short"),
        "That is i*s positions, the length of a 'same' output: without padding a transposed convolution keeps "
        "every position the last copy covers, (i-1)*s + k.": _wrong_overlap("i*s"),
        f"With k = {PREDICT_K} and s = {PREDICT_S} the interior is not even: k is not a multiple of s, so some "
        "interior positions get fewer copies than others.": _wrong_overlap("flat"),
    },
)

# ------------------------------------------------------------------------------ 3. even kernels at stride 3

EVEN_STRIDE, EVEN_MAX_K = 3, 9


def _even_kernels():
    from helpers.artifacts import overlap_count

    even = []
    for k in range(1, EVEN_MAX_K + 1):
        interior = overlap_count(12, k, EVEN_STRIDE)[k - 1 : 11 * EVEN_STRIDE + 1]
        if interior.min() == interior.max():
            even.append(k)
    return tuple(even)


register_value(
    "even_kernels_stride3",
    lesson="09",
    number=3,
    section="§3 Explore: overlap for any $k$ and $s$",
    title=f"list the kernel sizes k = 1..{EVEN_MAX_K} with even overlap at stride {EVEN_STRIDE}",
    expected=_even_kernels,
    hint="Away from the borders, an output position of phase r = t mod s receives the taps r, r + s, r + 2s, ... "
    "< k. When do all s phases get the same number of taps?",
    wrong_answers={
        "Evenness is not about k being an even number: at stride 3, k = 2 gives phases with 1, 1 and 0 taps.": (
            2, 4, 6, 8),
        "k = s is one of them (no overlap at all), but every multiple of s also gives each phase k / s taps.": (3,),
        "When k < s some output positions get no tap at all (gaps), which is as uneven as it gets: k = 1 and 2 "
        "are not even.": (1, 2, 3, 6, 9),
    },
)

# ------------------------------------------------------------------------------ 4. artifact-free at init

_CONFIGS = {"a": ("transposed", 3), "b": ("resize", 3), "c": ("transposed", 4), "d": ("transposed", 2)}


def _artifact_free():
    """The letter whose randomly initialised layer scores lowest on a constant input (NumPy, seeded)."""
    from helpers.artifacts import checkerboard_score
    from helpers.conv import conv2d, conv_transpose2d
    from helpers.resize import interpolate

    rng = np.random.default_rng(0)
    x = np.ones((1, 4, 12, 12))
    scores = {}
    for letter, (kind, k) in _CONFIGS.items():
        w = rng.uniform(-0.5, 0.5, (4, 4, k, k))
        if kind == "transposed":
            y = conv_transpose2d(x, w, stride=2)
        else:
            y = conv2d(interpolate(x, scale_factor=2, mode="nearest"), w)
        scores[letter] = checkerboard_score(y[..., 4:-4, 4:-4])
    return min(scores, key=scores.get)


register_choice(
    "artifact_free_at_init",
    lesson="09",
    number=4,
    section="§6 Why even overlap is not enough: the phases' weight sums",
    title="choose the layer that is free of checkerboard artifacts at initialisation",
    question="Each layer doubles the size of a constant 4-channel image, with random weights (uniform, "
    "zero-mean). Looking at the interior only, which output has no checkerboard pattern, whatever the "
    "random weights are?",
    options={
        "a": "ConvTranspose2d, kernel 3, stride 2, padding 1, output_padding 1",
        "b": "nearest upsampling by 2, then Conv2d with kernel 3",
        "c": "ConvTranspose2d, kernel 4, stride 2: the kernel is a multiple of the stride, so the overlap is even",
        "d": "ConvTranspose2d, kernel 2, stride 2: no overlap at all",
    },
    answer=_artifact_free,
    explanation="Nearest upsampling of a constant image is constant, and a convolution of a constant is constant: "
    "every output pixel sees all nine weights. In a transposed convolution each output phase sees only its "
    "own subset of the taps (phase r gets taps r, r + s, ...); the phases' weight sums differ for random "
    "weights, even when the overlap COUNT is even (k = 4) or there is no overlap (k = 2).",
    hint="With a constant input, what does output pixel t of each layer add up? Which weights, and are they "
    "the same for every t?",
    wrong_answers={
        "Uneven overlap is one cause, and k = 3, s = 2 has it: phase 0 sums two taps, phase 1 one.": "a",
        "Even overlap makes the COUNT of taps equal, not their SUM: phase 0 gets w0 + w2, phase 1 gets w1 + w3, "
        "which differ for random weights.": "c",
        "No overlap means each output pixel gets exactly one tap, but a different one per phase (w0 or w1): a "
        "constant input becomes the 2x2 kernel tiled, a perfect checkerboard.": "d",
    },
)

# ------------------------------------------------------------------------------ 5. the score, by hand

SCORE_AMPLITUDES = (1.0, 1.5)  # checkerboard amplitude, amplitude of the period-4 stripes
SCORE_STRIPE = np.array([1.0, 0.0, -1.0, 0.0, -1.0, 0.0, 1.0, 0.0])  # no plane, no period-2 part


def _score_image():
    r, c = np.mgrid[0:8, 0:8]
    a, b = SCORE_AMPLITUDES
    return 5 + 0.5 * r + a * (-1.0) ** (r + c) + b * SCORE_STRIPE[c]


def _score():
    from helpers.artifacts import checkerboard_score

    return round(float(checkerboard_score(_score_image())), 3)


_A, _B = SCORE_AMPLITUDES
_E_T, _E_P, _E_RAMP = 64 * _A**2, 8 * _B**2 * float(SCORE_STRIPE @ SCORE_STRIPE), 8 * 0.25 * 42.0
register_value(
    "score_by_hand",
    lesson="09",
    number=5,
    section="§4 A number for \"checkerboard-ness\"",
    title="predict checkerboard_score of a ramp + checkerboard + period-4 stripes (8x8)",
    expected=_score,
    precision="to 3 decimals",
    rtol=0,
    atol=6e-4,
    hint="The score is an energy share: fit the plane and the period-2 tile, then divide the tile's energy by the "
    "energy of the image minus its plane. Which of the three parts is a plane, which a period-2 tile, and which "
    "neither?",
    wrong_answers={
        "The ramp is part of the fitted plane: it counts in neither the numerator nor the denominator.": round(
            _E_T / (_E_T + _E_P + _E_RAMP), 3
        ),
        "The score compares energies (squares summed over the pixels), not amplitudes.": round(_A / (_A + _B), 3),
        "The denominator is the whole non-planar energy, the tile's included: S = E_T / (E_T + E_rest), at most "
        "1.": round(_E_T / _E_P, 3),
        "The stripes repeat every 4 pixels, not every 2: on each period-2 phase they average to zero, so the "
        "tile does not fit them.": 1.0,
    },
)

# ------------------------------------------------------------------------------ 6. phase sums on a constant

PHASE_W, PHASE_S = np.array([2, -1, 3, 1, -2]), 3


def _phase_values():
    from helpers.conv import conv_transpose2d

    y = conv_transpose2d(np.ones((1, 1, 1, 12)), PHASE_W[None, None, None, :].astype(float), stride=PHASE_S)
    t0 = 2 * PHASE_S  # an interior position divisible by s
    return tuple(int(round(v)) for v in y[0, 0, 0, t0 : t0 + PHASE_S])


register_value(
    "constant_input_phases",
    lesson="09",
    number=6,
    section="§6 Why even overlap is not enough: the phases' weight sums",
    title=f"predict one period of a stride-{PHASE_S} transposed conv of a constant (w = {PHASE_W.tolist()})",
    expected=_phase_values,
    hint="Output t receives tap a of input n when t = n*s + a: in the interior, which taps a land on a given "
    "position t? Add their weights.",
    wrong_answers={
        "Not every output position receives every tap: with stride 3, position t gets only the taps a with "
        "a ≡ t (mod 3).": (int(PHASE_W.sum()),) * PHASE_S,
        "Those are the overlap counts (how many taps land), not the sum of the weights that land.": (2, 2, 1),
        "The kernel is not flipped in the scatter form: input n writes w[a] to n*s + a, so position t gets w[a] "
        "with a ≡ t (mod s), in that order.": tuple(int(PHASE_W[::-1][a::PHASE_S].sum()) for a in range(PHASE_S)),
    },
)

# ------------------------------------------------------------------------------ 7. the gradient


def conv1d_input_grad(g, w, s, n):
    """The gradient of a 1-D strided cross-correlation ``y[j] = sum_a w[a] * x[j*s + a]`` (no padding) with
    respect to its input ``x`` of length ``n``, given the upstream gradient ``g = dL/dy``."""
    out = np.zeros(n, dtype=np.result_type(g, w))
    for j, gj in enumerate(g):
        out[j * s : j * s + len(w)] += gj * w
    return out


def _grad_flipped(g, w, s, n):
    return conv1d_input_grad(g, np.asarray(w)[::-1], s, n)


def _grad_short(g, w, s, n):
    return conv1d_input_grad(g, w, s, (len(g) - 1) * s + len(w))


def _grad_written(g, w, s, n):
    out = np.zeros(n, dtype=np.result_type(g, w))
    for j, gj in enumerate(g):
        out[j * s : j * s + len(w)] = gj * w
    return out


def _grad_int_zeros(g, w, s, n):
    out = np.zeros(n, dtype=np.asarray(g).dtype)
    for j, gj in enumerate(g):
        out[j * s : j * s + len(w)] += (gj * np.asarray(w)).astype(out.dtype)
    return out


def _grad_case(rng):
    k, s = int(rng.integers(1, 6)), int(rng.integers(1, 4))
    n = int(rng.integers(k, 40))
    m = (n - k) // s + 1
    g = rng.integers(-3, 4, m) if rng.random() < 0.5 else rng.standard_normal(m)
    return case(g, rng.standard_normal(k), s, n)


def _grad_cases():
    rng = np.random.default_rng(9)
    return [
        case(np.ones(3), np.array([1.0, 2.0, 1.0]), 2, 7),  # the lesson's shape: symmetric kernel, n fits
        case(np.array([1, -1, 2]), np.array([1.0, 2.0, 4.0]), 2, 7),  # int g, float w, asymmetric kernel
        case(np.array([1.0, 2.0]), np.array([3.0, 1.0, 2.0]), 2, 6),  # the last input is reached by no window
        case(np.array([2.0, -1.0, 1.0]), np.array([1.0, -1.0]), 2, 6),  # k = s: no overlap
        case(rng.standard_normal(99), rng.standard_normal(4), 2, 200),  # large, overlapping, one input left over
        case(np.arange(1, 60), np.array([1, 2, 3]), 3, 179),  # ints everywhere, k = s, two inputs left over
    ]


register_function(
    "conv1d_input_grad",
    lesson="09",
    number=7,
    section="§7 Artifacts in gradients: the backward pass of a strided convolution",
    title="implement conv1d_input_grad(g, w, s, n): the input gradient of a strided convolution",
    reference=conv1d_input_grad,
    example=0,                          # the first case: the statement's example
    cases=_grad_cases,
    random_cases=_grad_case,
    n_random=14,
    hint="Differentiate y[j] = sum_a w[a] * x[j*s + a]: x[t] appears in every window j with t = j*s + a. Start "
    "from zeros of length n and let each g[j] add g[j] * w to positions j*s, ..., j*s + k - 1.",
    wrong_answers={
        "The gradient scatters w as it is, not flipped: y[j] uses x[j*s + a] with weight w[a], so g[j] goes back "
        "to x[j*s + a] with that same w[a]. A symmetric kernel hides the flip.": _grad_flipped,
        "The gradient has the input's length n: inputs that no window reaches (when (n - k) is not a multiple of "
        "s) get a zero gradient, they are not dropped.": _grad_short,
        "Where windows overlap, an input receives gradient from each of them: add (+=), do not overwrite.":
            _grad_written,
        "An integer g with a float kernel gives a float gradient: make the zeros with the result's dtype "
        "(np.result_type(g, w)), not g's.": _grad_int_zeros,
    },
    covers={OVERLAP: lambda c: len(c.args[1]) > c.args[2]},
)


# ------------------------------------------------------------------------------ 8. explain

register_explain(
    "even_overlap_still_checkerboard",
    lesson="09",
    number=8,
    section="§6 Why even overlap is not enough: the phases' weight sums",
    title='why k = 4, stride 2 still makes a checkerboard at initialisation',
    question=('A transposed convolution with k = 4 and stride 2 covers every interior output pixel with the '
              'same number of taps, yet at random initialisation it still draws a checkerboard. Explain why.'),
    key_points={
        'Do all output pixels use the same taps of the kernel?':
            [
                'phase',
                'different (taps|weights|subsets?|parts)',
                'sub-?kernel',
                '(even|odd) (rows?|columns?|positions?|pixels?)',
            ],
        'What about the sum of each group of taps?':
            ['\\bsums?\\b', 'add (up )?to different', 'unequal', 'not (the same|equal)'],
        'What does a flat input then become?':
            ['constant', '\\bflat\\b', 'uniform', 'periodic', 'pattern'],
    },
    model_answer=('Equal overlap counts only say that every output pixel gets two taps per axis. Which taps differ '
                  "between the phases: even output positions use one group of the kernel's weights, odd positions "
                  'another. With random weights the sums of these groups are unequal, so even a constant input '
                  'comes out as a pattern that repeats every 2 pixels.'),
    wrong_answers={
        'What about the sum of each group of taps?':
            ('Every output pixel receives the same number of taps, but the even and odd phases use different '
             'taps of the kernel, and random initial weights are simply noisy, so the output looks noisy too.'),
    },
)
