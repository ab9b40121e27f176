"""Lesson 16, "Beyond fixed kernels: alias-free and content-aware upsampling"
(solutions/16_antialias_and_content_aware.ipynb): four exercises: write the filter that makes bilinear
upsampling by any factor out of zero insertion, predict the gain of nearest x3 at the input's Nyquist
frequency, choose what CARAFE computes with a one-hot kernel, and explain what a longer windowed sinc buys
and costs."""

from __future__ import annotations

import numpy as np

from helpers.checks import (
    DEFAULTS,
    INT_AND_FLOAT,
    OVERLAP,
    case,
    register_choice,
    register_explain,
    register_function,
    register_value,
)

# ------------------------------------------------------------------------------ 1. bilinear taps for any factor


def bilinear_taps(factor):
    """The filter that, after inserting ``factor - 1`` zeros after each sample, gives PyTorch's bilinear
    upsampling by ``factor`` (``align_corners=False``): the tent ``1 - |t|`` sampled at the output pixels
    around an input sample, ``2 * factor`` taps for an even factor and ``2 * factor - 1`` for an odd one."""
    f = int(factor)
    k = 2 * f - (f % 2)
    t = (np.arange(k) - (k - f) / 2 - (f - 1) / 2) / f
    return np.maximum(0.0, 1.0 - np.abs(t))


def _integer_grid(factor):
    """Samples the tent at whole output pixels from the input sample: right for odd factors only."""
    f = int(factor)
    return np.maximum(0.0, 1.0 - np.abs(np.arange(-(f - 1), f) / f))


def _half_pixel_always(factor):
    """Always 2f taps at half-pixel offsets: right for even factors only."""
    f = int(factor)
    return np.maximum(0.0, 1.0 - np.abs((np.arange(2 * f) - (2 * f - 1) / 2) / f))


def _unit_sum(factor):
    return bilinear_taps(factor) / int(factor)


def _factor_three_only(factor):
    return np.array([1.0, 2.0, 3.0, 2.0, 1.0]) / 3


register_function(
    "bilinear_taps",
    lesson="16",
    number=1,
    section="§1 Upsampling is zero insertion plus a low-pass filter",
    title="write the zero-insertion filter of bilinear upsampling by any factor",
    reference=bilinear_taps,
    example=0,
    cases=[case(5), case(2), case(3), case(4), case(1), case(6), case(7), case(8), case(64)],
    hint="Output pixel j reads input coordinate (j + 0.5) / f - 0.5, so input sample i sits at output position "
    "f * i + (f - 1) / 2: a whole pixel for odd f, halfway between two pixels for even f. Sample the tent "
    "1 - |t| (t in input pixels) at the output pixels around it where it is not zero: 2f - 1 taps for odd f, "
    "2f for even f. The taps sum to f.",
    wrong_answers={
        "Right for odd factors only: with an even factor an input sample sits halfway between two output "
        "pixels ((f - 1) / 2 is not a whole number), so the tent is sampled at half-pixel offsets and has 2f "
        "taps.": _integer_grid,
        "Right for even factors only: with an odd factor an input sample sits ON an output pixel, and the tent "
        "is sampled at whole-pixel offsets (2f - 1 taps, the middle one 1).": _half_pixel_always,
        "The taps must sum to the factor, not to 1: zero insertion divides the mean by f along each axis and "
        "the filter has to give it back.": _unit_sum,
        "Those are the taps of factor 3 whatever the factor: compute them from f.": _factor_three_only,
    },
    covers={
        DEFAULTS: "the function has no defaults",
        INT_AND_FLOAT: "the input is a factor (an int), not an array",
        OVERLAP: "no pooling windows: the tent of each input sample overlaps its neighbours' by design",
    },
)

# ------------------------------------------------------------------------------ 2. nearest x3 at Nyquist


def _nearest_gain(factor, f):
    """|sum_k exp(-2 pi i f k)| / factor for the box of ``factor`` ones."""
    taps = np.ones(factor)
    return float(abs(np.exp(-2j * np.pi * f * np.arange(factor)) @ taps) / factor)


register_value(
    "nearest_x3_gain_at_nyquist",
    lesson="16",
    number=2,
    section="§1 Upsampling is zero insertion plus a low-pass filter",
    title="predict the gain of nearest x3 at the input's Nyquist frequency",
    expected=lambda: round(_nearest_gain(3, 1 / 6), 2),
    precision="to 2 decimals",
    atol=0.006,
    hint="Nearest by 3 is zero insertion followed by the box [1, 1, 1]. Its response is |1 + e^(-iw) + e^(-2iw)| "
    "/ 3 with w = 2 pi f, and the input's Nyquist frequency is 0.5 / 3 = 1/6 cycles per output pixel "
    "(w = pi / 3).",
    wrong_answers={
        "That is nearest x2 at ITS Nyquist frequency (cos(pi / 4)); for x3 the box has three taps and the "
        "input's Nyquist is at 1/6 cycles per output pixel.": 0.71,
        "A box filter is not an ideal low-pass: at the input's Nyquist frequency it still passes a large share. "
        "Evaluate |1 + e^(-i pi/3) + e^(-2i pi/3)| / 3.": 0.0,
        "That is the gain at 1/3 cycles per output pixel, a zero of the box; the input's Nyquist is 0.5 / 3 = "
        "1/6.": 0.33,
        "Half the DC gain is where an ideal cutoff would put the -6 dB point, not what the box gives there: "
        "evaluate the sum of the three phasors.": 0.5,
    },
)

# ------------------------------------------------------------------------------ 3. CARAFE with a one-hot kernel

register_choice(
    "carafe_one_hot",
    lesson="16",
    number=3,
    section="§4 Content-aware upsampling: CARAFE and DySample",
    title="choose what CARAFE computes when every kernel picks its centre tap",
    question="CARAFE upsamples by 2 with k_up = 5. Suppose the content encoder's softmax puts all its weight "
    "on the centre tap (a = b = 2) at every output pixel. What is the output?",
    options={
        "a": "Bilinear upsampling: the centre tap of each output pixel's kernel sits at the sub-pixel position "
        "bilinear would sample.",
        "b": "Zeros except at every second pixel (bed of nails): only output pixels whose source is exactly an "
        "input pixel receive a value.",
        "c": "Nearest-neighbour upsampling: each output pixel copies its source pixel x[i // 2, j // 2].",
        "d": "The 5 x 5 box filter of x followed by nearest upsampling, since k_up = 5 still sets the window.",
    },
    answer="c",
    explanation="CARAFE's output pixel (i, j) is a weighted sum over the k x k window centred on its source "
    "pixel (i // 2, j // 2). All weight on the centre tap copies that pixel, and all four output pixels of a "
    "2 x 2 block share the source: nearest upsampling. The uniform kernel 1 / 25 gives the box filter of d; "
    "bilinear needs weights spread over the neighbours, and no output pixel of CARAFE is left empty.",
    hint="Write out[i, j] = sum over the window of kernel * x around (i // 2, j // 2), and put all the weight "
    "on the middle of the window.",
    wrong_answers={
        "CARAFE has no sub-pixel positions: the window is centred on the source pixel (i // 2, j // 2), the "
        "same for the four outputs of a block, and the centre tap is that pixel itself.": "a",
        "Every output pixel has a kernel and a source pixel, so none is left empty: zero insertion is what a "
        "transposed convolution starts from, not CARAFE.": "b",
        "The window size only says how many taps COULD contribute; with all the weight on one tap the other 24 "
        "contribute nothing. The box filter is the UNIFORM kernel.": "d",
    },
)

# ------------------------------------------------------------------------------ 4. explain: a longer sinc

register_explain(
    "longer_sinc_tradeoff",
    lesson="16",
    number=4,
    section="§2 A windowed-sinc filter: StyleGAN3's upfirdn2d",
    title="what a longer windowed sinc buys, and what it costs",
    question=("StyleGAN3 upsamples with a Kaiser-windowed sinc of many taps instead of bilinear's four. Explain "
              "what the longer filter buys in the frequency response (and in the upsampled image), and name "
              "two things it costs."),
    key_points={
        "What does the longer filter do above the input's Nyquist frequency?": [
            r"stop ?band", r"above (the )?(input'?s? )?nyquist", r"alias", r"leak", r"replica", r"sharper cut",
            r"steeper", r"transition"],
        "What does it cost in computation or memory?": [
            r"\bmore (multipl|mac|comput|operation|taps|work|time)", r"\bcost", r"slower", r"compute",
            r"multiply-adds?", r"\bmacs?\b"],
        "What other side effect does a sharp cutoff bring (in the image or at the borders)?": [
            r"ring", r"overshoot", r"gibbs", r"ripple", r"border", r"edge", r"halo", r"oscillat"],
    },
    model_answer=("Bilinear's tent passes a lot of energy above the input's Nyquist frequency: the replicas "
                  "that zero insertion created are only partly removed, and they show as aliasing (the jagged "
                  "extra rings on the zone plate). A windowed sinc with more taps has a steeper transition and "
                  "a deeper stopband, so less energy leaks above Nyquist. It costs more multiply-adds per "
                  "output pixel (the work grows with the number of taps), and the sharp cutoff rings: its "
                  "negative taps overshoot next to edges, and near the border it reaches further into the "
                  "zero padding."),
    wrong_answers={
        "What does the longer filter do above the input's Nyquist frequency?": (
            "A longer filter is just a smoother version of bilinear: it blurs the image more and costs the same."),
    },
)
