"""Lesson 03, "Linear interpolation" (solutions/03_linear_interpolation.ipynb): four exercises."""

from __future__ import annotations

import numpy as np

from helpers.checks import OVERLAP, case, register_choice, register_explain, register_function, register_value

# ------------------------------------------------------------------------------ 1. linear upsampling


def _source(n_in: int, n_out: int) -> np.ndarray:
    """PyTorch's align_corners=False source coordinate of every output: (i + 1/2) n_in / n_out - 1/2."""
    return (np.arange(n_out) + 0.5) * n_in / n_out - 0.5


def _mix(v, x0, x1, alpha):
    return (1.0 - alpha) * v[x0] + alpha * v[x1]


def linear_upsample(v, n_out):
    """1-D linear resize of the vector ``v`` to ``n_out`` samples, ``align_corners=False``, clamped borders.

    Equal to ``F.interpolate(v[None, None], size=n_out, mode="linear")[0, 0]``.
    """
    v = np.asarray(v, dtype=np.float64)
    n_in = len(v)
    x = np.clip(_source(n_in, n_out), 0, n_in - 1)
    x0 = np.floor(x).astype(np.int64)
    x1 = np.minimum(x0 + 1, n_in - 1)
    return _mix(v, x0, x1, x - x0)


def _align_corners(v, n_out):
    v = np.asarray(v, dtype=np.float64)
    n_in = len(v)
    x = np.arange(n_out) * (n_in - 1) / (n_out - 1)
    x0 = np.floor(x).astype(np.int64)
    x1 = np.minimum(x0 + 1, n_in - 1)
    return _mix(v, x0, x1, x - x0)


def _no_left_clamp(v, n_out):  # only the right end clamped: floor(-0.25) = -1 and v[-1] wraps around
    v = np.asarray(v, dtype=np.float64)
    n_in = len(v)
    x = np.minimum(_source(n_in, n_out), n_in - 1)
    x0 = np.floor(x).astype(np.int64)
    x1 = np.minimum(x0 + 1, n_in - 1)
    return _mix(v, x0, x1, x - x0)


def _extrapolate(v, n_out):  # indices clamped, coordinate not: weights 1.25 and -0.25 at the left end
    v = np.asarray(v, dtype=np.float64)
    n_in = len(v)
    x = _source(n_in, n_out)
    x0 = np.clip(np.floor(x), 0, n_in - 1).astype(np.int64)
    x1 = np.minimum(x0 + 1, n_in - 1)
    return _mix(v, x0, x1, x - x0)


def _swapped(v, n_out):
    v = np.asarray(v, dtype=np.float64)
    n_in = len(v)
    x = np.clip(_source(n_in, n_out), 0, n_in - 1)
    x0 = np.floor(x).astype(np.int64)
    x1 = np.minimum(x0 + 1, n_in - 1)
    alpha = x - x0
    return alpha * v[x0] + (1.0 - alpha) * v[x1]


def _asymmetric(v, n_out):  # x = i * n_in / n_out: no half-pixel shift (TF1's default)
    v = np.asarray(v, dtype=np.float64)
    n_in = len(v)
    x = np.minimum(np.arange(n_out) * n_in / n_out, n_in - 1)
    x0 = np.floor(x).astype(np.int64)
    x1 = np.minimum(x0 + 1, n_in - 1)
    return _mix(v, x0, x1, x - x0)


def _nearest(v, n_out):
    v = np.asarray(v, dtype=np.float64)
    return v[(np.arange(n_out) * len(v)) // n_out]


def _random_signal(rng: np.random.Generator):
    n_in = int(rng.integers(1, 11))
    n_out = int(rng.integers(max(n_in, 2), 3 * n_in + 2))
    return case(rng.standard_normal(n_in).round(2), n_out)


register_function(
    "linear_upsample_1d",
    lesson="03",
    number=1,
    section="§3 From scratch: upsampling a signal",
    title="implement linear_upsample(v, n_out) with align_corners=False",
    reference=linear_upsample,
    example=case(np.array([3.0, -1.0, 2.0]), 3),
    cases=[
        case(np.array([1.0, 4.0, 2.0, 5.0]), 8),
        case(np.array([0.0, 10.0]), 5),
        case(np.array([3.0, -1.0, 2.0]), 3),
        case(np.array([2.0, 6.0, 4.0, 10.0, 0.0]), 12),
        case(np.array([7.0]), 4),
        case(np.array([1, 4, 2, 5]), 7),                                          # integers
        case(np.random.default_rng(3).standard_normal(150).round(3), 301),        # larger
    ],
    n_random=18,
    random_cases=_random_signal,
    hint="Output i reads the source coordinate x = (i + 1/2) · n_in / n_out − 1/2. Clamp x into "
    "[0, n_in − 1], then x0 = floor(x), x1 = min(x0 + 1, n_in − 1), α = x − x0 and "
    "y = (1 − α) · v[x0] + α · v[x1].",
    wrong_answers={
        "That is the align_corners=True rule, x = i · (n_in − 1) / (n_out − 1). With align_corners=False "
        "the outputs sit at pixel centres: x = (i + 1/2) · n_in / n_out − 1/2.": _align_corners,
        "Your first output mixes in the last sample: the coordinate is negative there (−0.25 for 2x), "
        "floor gives −1, and v[-1] is the last element in NumPy. Clamp x into [0, n_in − 1] before "
        "taking the floor.": _no_left_clamp,
        "Your first output extrapolates past the first sample (weights 1.25 and −0.25 for 2x): the index "
        "was clamped but the coordinate was not. Clamp x itself into [0, n_in − 1], so α is 0 there.": (
            _extrapolate
        ),
        "α and 1 − α are swapped: α = x − x0 is the weight of the RIGHT neighbour x1 (the one x moves "
        "towards), so y = (1 − α) · v[x0] + α · v[x1].": _swapped,
        "Each output copies one sample: that is nearest-neighbour resizing. Linear interpolation mixes the "
        "two neighbours x0 and x1 with weights 1 − α and α.": _nearest,
    },
    covers={
        OVERLAP: "each output reads two neighbouring samples; no windows slide",
    },
)

# ------------------------------------------------------------------------------ 2. predict two outputs

SIGNAL, N_OUT, INDICES = (2.0, 6.0, 4.0, 10.0), 8, (0, 3)


def _predicted():
    from helpers.resize import interpolate

    out = interpolate(np.array(SIGNAL)[None, None], size=N_OUT, mode="linear")[0, 0]
    return tuple(float(out[i]) for i in INDICES)


def _wrong(rule):
    out = rule(np.array(SIGNAL), N_OUT)
    return tuple(float(np.round(out[i], 2)) for i in INDICES)


register_value(
    "linear_predict_outputs",
    lesson="03",
    number=2,
    section="§6 The borders: where the first and last outputs come from",
    title=f"predict outputs {INDICES[0]} and {INDICES[1]} of a linear resize {len(SIGNAL)} -> {N_OUT}",
    expected=_predicted,
    rtol=0,
    atol=5e-3,
    precision="two decimals are enough",
    hint="Output i reads x = (i + 1/2) · 4/8 − 1/2. Output 0 lies left of the first sample, so it is "
    "clamped; output 3 lies between samples 1 and 2.",
    wrong_answers={
        "Output 0 is clamped to the first sample: its coordinate −0.25 is moved to 0, so α = 0 there; "
        "extrapolating with weights 1.25 and −0.25 is not what PyTorch does.": _wrong(_extrapolate),
        "Output 0 must not read the last sample: floor(−0.25) = −1 wraps around in NumPy. PyTorch clamps "
        "the coordinate into [0, 3] first.": _wrong(_no_left_clamp),
        "That uses align_corners=True (x = 3 · 3/7 for output 3); the default is align_corners=False, "
        "x = (i + 1/2) · n_in / n_out − 1/2.": _wrong(_align_corners),
        "α and 1 − α are swapped: at x = 1.25, α = 0.25 is the weight of sample 2, the right neighbour.": (
            _wrong(_swapped)
        ),
        "The half-pixel shift is missing: output 3 reads x = (3 + 1/2) · 4/8 − 1/2 = 1.25, not "
        "3 · 4/8 = 1.5.": _wrong(_asymmetric),
        "Those are nearest-neighbour copies; linear interpolation mixes the two neighbours of x.": (
            _wrong(_nearest)
        ),
    },
)

# ------------------------------------------------------------------------------ 3. the matrix

register_choice(
    "linear_matrix_statement",
    lesson="03",
    number=3,
    section="§4 Interpolation is a matrix",
    title="choose the true statement about the linear interpolation matrix",
    question="M = helpers.interpolation_matrix(n_in, n_out, 'linear', align_corners=False) resizes a signal "
    "v of length n_in as M @ v. Which statement holds for every n_in >= 2 and every n_out > n_in?",
    options={
        "a": "Every row of M has exactly two non-zero entries, because each output mixes its two neighbours.",
        "b": "Every row sums to 1 and has at most two non-zeros, adjacent and in [0, 1].",
        "c": "Every column of M sums to 1, so each input sample is used exactly once in total.",
        "d": "M is orthogonal: M.T @ M is the identity, so M.T undoes the upsampling exactly.",
    },
    answer="b",
    explanation="Row i holds output i's weights 1 − α and α on its neighbours x0 and x0 + 1, so it sums to 1 "
    "and has at most two adjacent non-zeros in [0, 1]. Rows have a single 1 where α = 0 (clamped border "
    "outputs, or an output exactly on a sample); columns sum to about n_out / n_in (exactly r for an "
    "integer factor r), not 1.",
    hint="Look at the annotated 4 -> 8 grid of the lesson: add up a row, add up a column, count the "
    "non-zeros in the first row.",
    wrong_answers={
        "Look at the first and last rows for 4 -> 8: the clamped outputs copy one sample, a single 1.": "a",
        "Rows sum to 1, not columns: for 4 -> 8 each column sums to 2, because every input feeds about "
        "n_out / n_in outputs.": "c",
        "M is tall (n_out x n_in) with non-negative overlapping rows: M.T @ M for 4 -> 8 has non-zero "
        "entries off the diagonal. Compute it.": "d",
    },
)

# ------------------------------------------------------------------------------ 4. why Fourier rings

register_choice(
    "fourier_ringing_reason",
    lesson="03",
    number=4,
    section="§8 Sidebar: Fourier resampling with `scipy.signal.resample`",
    title="choose why scipy.signal.resample rings at a step",
    question="scipy.signal.resample overshoots a step edge by about 14% of the jump and bends back at the "
    "ends of the signal, while linear interpolation never leaves the input's range. Why?",
    options={
        "a": "resample treats the signal as one period of a sum of at most n/2 sines: a jump needs every "
        "frequency, so the truncated sum rings (Gibbs), and the wrap-around adds a jump from last to first.",
        "b": "resample computes in float32, and rounding errors pile up wherever neighbouring samples differ "
        "a lot, which is exactly at the jump; in float64 the overshoot would disappear.",
        "c": "resample extrapolates the trend of the samples next to each output, like linear interpolation "
        "without clamping, so the outputs next to the jump and at both ends leave the input's range.",
        "d": "resample low-pass filters the signal to remove aliasing, and smoothing a step with any low-pass "
        "filter overshoots it; linear interpolation does not filter, so it stays in range.",
    },
    answer="a",
    explanation="Fourier resampling zero-pads the spectrum: the output is the band-limited periodic signal "
    "through the samples. That is exact for smooth periodic signals, but a step is not band-limited, so it "
    "rings; and periodicity makes the last sample a neighbour of the first. Linear interpolation forms "
    "convex combinations of two neighbours, which cannot leave [min, max].",
    hint="What does resample assume about the signal between and beyond the samples? Think of its three "
    "lines: FFT, zero-pad, inverse FFT.",
    wrong_answers={
        "resample computes in float64 (the lesson's checks match it to 1e-12); 14% is far beyond "
        "rounding.": "b",
        "resample passes through every input sample and never evaluates outside one period; the overshoot "
        "sits between samples, next to the jump.": "c",
        "Smoothing with a non-negative kernel (a weighted average, like a blur) never leaves the input's "
        "range, so filtering alone cannot overshoot. What does resample assume beyond the ends?": "d",
    },
)


# ------------------------------------------------------------------------------ 5. explain

register_explain(
    "why_linear_never_overshoots",
    lesson="03",
    number=5,
    section='§2 The formula, derived three ways',
    title='why linear interpolation stays in range and bicubic does not',
    question=('Linear interpolation never produces a value outside the range of its input samples; bicubic '
              'interpolation can. Explain both facts from the weights each method gives the input samples.'),
    key_points={
        'What kind of average of the neighbours is a linear output?':
            [
                'convex',
                'weighted (average|mean)',
                '(weights?|coefficients?) (are|is) (non-?negative|positive)',
                'sum(s)? to (1|one)',
                'between (0|zero) and (1|one)',
            ],
        "What is different about some of bicubic's weights?":
            ['negative', 'below (0|zero)', 'less than (0|zero)'],
        'Where does that show up in an image?':
            ['overshoot', 'undershoot', 'ring', '\\bedge', '\\bstep', '\\bjump', 'halo'],
    },
    model_answer=('A linear output is a weighted average of its two neighbours with weights 1 - a and a, both '
                  'between 0 and 1 and summing to 1: a convex combination, so it always lies between the two '
                  'samples. Bicubic weights also sum to 1, but two of its four weights are negative, so near a '
                  'sharp edge or step the output can overshoot above the larger sample or undershoot below the '
                  'smaller one.'),
    wrong_answers={
        "What is different about some of bicubic's weights?":
            ('Linear interpolation is a weighted average whose weights lie between 0 and 1 and sum to one, '
             'while bicubic looks at four samples instead of two, so it reaches further and can overshoot at '
             'an edge.'),
    },
)
