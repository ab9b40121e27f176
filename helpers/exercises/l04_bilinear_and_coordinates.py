"""Lesson 04, "Bilinear interpolation and coordinate conventions".

Solved in solutions/04_bilinear_and_coordinates.ipynb.

Six exercises, each asking for something the lesson did not code or print: bilinear resizing with
TensorFlow 1's default convention (``asymmetric``; the lesson codes ``half_pixel`` only), trilinear
resizing of a volume with ``align_corners=True`` (the lesson's 3-D check is ``half_pixel``), the shift of an
``asymmetric`` DOWNsample (the lesson's numbers are for other factors), which pixels ``align_corners``
changes for 3x3 -> 5x5 (the lesson shows 2x2 -> 4x4), which setting reproduces TensorFlow 1's resize, and a
short explanation of why ``align_corners=True`` magnifies about the centre instead of shifting.
"""

from __future__ import annotations

import numpy as np

from helpers.checks import (
    INT_AND_FLOAT,
    LARGE,
    OVERLAP,
    case,
    register_choice,
    register_explain,
    register_function,
    register_value,
)


def _matrix(n_in, n_out, mode):
    from helpers.resize import interpolation_matrix

    return interpolation_matrix(n_in, n_out, "linear", coordinate_mode=mode)


# ------------------------------------------------------------------------------ 1. TF1's default resize


def tf1_resize_bilinear(x, out_h, out_w):
    """TensorFlow 1's ``resize_bilinear`` with its defaults (ONNX ``asymmetric``) on a 2-D ``x`` (H, W):
    output ``i`` reads source coordinate ``i * H / out_h`` (columns likewise), clamped at the last pixel."""
    x = np.asarray(x, dtype=np.float64)
    return _matrix(x.shape[0], out_h, "asymmetric") @ x @ _matrix(x.shape[1], out_w, "asymmetric").T


def _half_pixel(x, out_h, out_w):
    x = np.asarray(x, dtype=np.float64)
    return _matrix(x.shape[0], out_h, "half_pixel") @ x @ _matrix(x.shape[1], out_w, "half_pixel").T


def _asym_swapped_ratios(x, out_h, out_w):
    """Rows stepped by the width's ratio and columns by the height's: right when the ratios agree."""
    x = np.asarray(x, dtype=np.float64)
    h, w = x.shape

    def matrix(n_in, n_out, step):
        src = np.minimum(np.arange(n_out) * step, n_in - 1)
        left = np.minimum(np.floor(src).astype(int), n_in - 1)
        right = np.minimum(left + 1, n_in - 1)
        M = np.zeros((n_out, n_in))
        np.add.at(M, (np.arange(n_out), left), 1 - (src - left))
        np.add.at(M, (np.arange(n_out), right), src - left)
        return M

    return matrix(h, out_h, w / out_w) @ x @ matrix(w, out_w, h / out_h).T


def _asym_zero_border(x, out_h, out_w):
    """No clamping: the missing right/bottom neighbour reads 0 (the edge darkens when upsampling)."""
    x = np.asarray(x, dtype=np.float64)

    def matrix(n_in, n_out):
        src = np.arange(n_out) * n_in / n_out
        M = np.zeros((n_out, n_in))
        for i, s in enumerate(src):
            left = int(np.floor(s))
            for j, wgt in ((left, 1 - (s - left)), (left + 1, s - left)):
                if j < n_in:
                    M[i, j] += wgt
        return M

    return matrix(x.shape[0], out_h) @ x @ matrix(x.shape[1], out_w).T


def _random_resize(rng: np.random.Generator):
    h, w = (int(n) for n in rng.integers(1, 7, size=2))
    x = rng.standard_normal((h, w)).round(2)
    return case(x, int(rng.integers(1, 3 * h + 2)), int(rng.integers(1, 3 * w + 2)))


register_function(
    "tf1_default_bilinear",
    lesson="04",
    number=1,
    section="§4 Coordinate conventions: where is an output pixel?",
    title="implement tf1_resize_bilinear(x, out_h, out_w): the asymmetric convention",
    reference=tf1_resize_bilinear,
    example=case(np.array([[1.0, 2.0], [3.0, 4.0]]), 4, 4),
    cases=[
        case(np.array([[1.0, 2.0], [3.0, 4.0]]), 4, 4),
        case(np.array([[0.0, 3.0, 1.0], [4.0, -2.0, 5.0]]), 2, 3),                 # same size
        case(np.array([[0.0, 3.0, 1.0], [4.0, -2.0, 5.0]]), 5, 4),                 # non-integer ratios
        case(np.arange(12.0).reshape(4, 3) ** 2 / 10, 2, 5),                       # down rows, up columns
        case(np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), 7, 7),                   # integers, odd sizes
        case(np.arange(36.0).reshape(6, 6) % 5, 4, 4),                             # downsampling
        case(np.array([[2.0, -1.0, 0.5, 4.0]]), 1, 1),                             # one output pixel
        case(np.random.default_rng(4).standard_normal((12, 10)).round(3), 25, 7),  # larger
    ],
    n_random=16,
    random_cases=_random_resize,
    hint="Output row i reads source row r = i·H/out_h (no half pixels), clamped to at most H − 1; it mixes "
    "rows floor(r) and min(floor(r) + 1, H − 1) with weights 1 − b and b, b = r − floor(r). Columns "
    "likewise with W and out_w.",
    wrong_answers={
        "Those are half-pixel coordinates, (i + 1/2)·H/out_h − 1/2 (PyTorch's align_corners=False, "
        "TensorFlow 2). TensorFlow 1's default reads i·H/out_h.": _half_pixel,
        "Right for square images only: rows must be stepped by H/out_h and columns by W/out_w. It looks "
        "like the two ratios (or the axes) are swapped.": _asym_swapped_ratios,
        "The last rows and columns look darkened when upsampling: i·H/out_h passes H − 1 near the end, "
        "and the missing neighbour must repeat the edge pixel (clamp the index to H − 1), not read 0.": (
            _asym_zero_border
        ),
    },
    covers={
        INT_AND_FLOAT: lambda c: np.asarray(c.args[0]).dtype.kind in "iu",
        LARGE: lambda c: np.asarray(c.args[0]).size >= 100,
        OVERLAP: "each output reads four neighbouring pixels; no windows slide",
    },
)

# ------------------------------------------------------------------------------ 2. trilinear, align_corners


def trilinear_align_corners(x, out_d, out_h, out_w):
    """Trilinear resizing of a 3-D volume ``x`` (D, H, W) to (out_d, out_h, out_w) with
    ``align_corners=True``: along each axis output ``i`` reads ``i·(n_in − 1)/(n_out − 1)`` (0 when
    ``n_out == 1``), as ``F.interpolate(x[None, None], mode="trilinear", align_corners=True)[0, 0]``."""
    x = np.asarray(x, dtype=np.float64)
    for axis, n_out in enumerate((out_d, out_h, out_w)):
        M = _matrix(x.shape[axis], n_out, "align_corners")
        x = np.moveaxis(np.tensordot(M, x, axes=([1], [axis])), 0, axis)
    return x


def _tri_half_pixel(x, out_d, out_h, out_w):
    x = np.asarray(x, dtype=np.float64)
    for axis, n_out in enumerate((out_d, out_h, out_w)):
        M = _matrix(x.shape[axis], n_out, "half_pixel")
        x = np.moveaxis(np.tensordot(M, x, axes=([1], [axis])), 0, axis)
    return x


def _tri_one_pixel_centre(x, out_d, out_h, out_w):
    """align_corners, except that a single output pixel reads the centre instead of pixel 0."""
    x = np.asarray(x, dtype=np.float64)
    for axis, n_out in enumerate((out_d, out_h, out_w)):
        n_in = x.shape[axis]
        M = _matrix(n_in, n_out, "align_corners") if n_out > 1 else _matrix(n_in, 1, "half_pixel")
        x = np.moveaxis(np.tensordot(M, x, axes=([1], [axis])), 0, axis)
    return x


def _tri_depth_by_slices(x, out_d, out_h, out_w):
    """Bilinear on each depth slice, depth resized by nearest copies: right when the depth is kept."""
    x = np.asarray(x, dtype=np.float64)
    d = x.shape[0]
    idx = np.minimum(np.arange(out_d) * d // out_d, d - 1)
    x = x[idx]
    for axis, n_out in ((1, out_h), (2, out_w)):
        M = _matrix(x.shape[axis], n_out, "align_corners")
        x = np.moveaxis(np.tensordot(M, x, axes=([1], [axis])), 0, axis)
    return x


def _random_volume(rng: np.random.Generator):
    d, h, w = (int(n) for n in rng.integers(1, 5, size=3))
    x = rng.standard_normal((d, h, w)).round(2)
    return case(x, *(int(rng.integers(1, 2 * n + 3)) for n in (d, h, w)))


register_function(
    "trilinear_align_corners",
    lesson="04",
    number=2,
    section="§3 PyTorch and Keras side by side",
    title="implement trilinear_align_corners(x, out_d, out_h, out_w) for a 3-D volume",
    reference=trilinear_align_corners,
    example=case(np.arange(8.0).reshape(2, 2, 2), 2, 3, 3),
    cases=[
        case(np.arange(8.0).reshape(2, 2, 2), 2, 3, 3),                           # depth kept
        case(np.arange(8.0).reshape(2, 2, 2), 3, 3, 3),
        case(np.arange(24).reshape(2, 3, 4), 4, 5, 7),                             # integers
        case(np.array([[[1.0, -2.0, 0.5]], [[3.0, 0.0, 2.0]]]), 3, 2, 1),          # one output pixel
        case(np.random.default_rng(2).standard_normal((3, 4, 5)).round(2), 2, 2, 3),  # downsampling
        case(np.random.default_rng(3).standard_normal((5, 6, 4)).round(3), 9, 11, 8),  # larger
    ],
    n_random=14,
    random_cases=_random_volume,
    hint="Resize one axis at a time with the same 1-D rule: along an axis of length n_in going to n_out, "
    "output i reads c = i·(n_in − 1)/(n_out − 1) (c = 0 when n_out = 1) and mixes samples floor(c) and "
    "min(floor(c) + 1, n_in − 1) with weights 1 − t and t, t = c − floor(c). Do it for depth, height and "
    "width.",
    wrong_answers={
        "Those are half-pixel coordinates (align_corners=False). With align_corners=True the first and last "
        "samples of each axis sit on the first and last input samples: c = i·(n_in − 1)/(n_out − 1).": (
            _tri_half_pixel
        ),
        "Depth was not interpolated: a volume needs the same linear rule along depth as along height and "
        "width (trilinear), not copies or per-slice bilinear.": _tri_depth_by_slices,
        "Wrong when an axis has a single output sample: with align_corners=True PyTorch reads coordinate 0 "
        "there (the first sample), not the centre.": _tri_one_pixel_centre,
    },
    covers={
        INT_AND_FLOAT: lambda c: np.asarray(c.args[0]).dtype.kind in "iu",
        LARGE: lambda c: np.asarray(c.args[0]).size >= 100,
        OVERLAP: "each output reads eight neighbouring samples; no windows slide",
    },
)

# ------------------------------------------------------------------------------ 3. asymmetric downsample

SHIFT_SIZES = (22, 8)


def _asymmetric_shift(n_in=SHIFT_SIZES[0], n_out=SHIFT_SIZES[1]):
    """Where asymmetric puts the content against half_pixel, in input pixels (positive: right / down)."""
    from helpers.resize import source_coordinate

    half = source_coordinate(0, n_in, n_out, "half_pixel")
    asym = source_coordinate(0, n_in, n_out, "asymmetric")
    return round(half - asym, 6)   # asymmetric reads (half - asym) further left: its content sits that far right


register_value(
    "asymmetric_downsample_shift",
    lesson="04",
    number=3,
    section="§4 Coordinate conventions: where is an output pixel?",
    title="predict the shift of an asymmetric downsampling 22 -> 8",
    expected=_asymmetric_shift,
    rtol=0,
    atol=0.01,
    precision="to two decimals",
    hint="Compare the coordinates that output 0 reads in the two modes: asymmetric reads 0, half_pixel "
    "(0 + 1/2)·22/8 − 1/2. Reading further left means the content appears further right.",
    wrong_answers={
        "That is the right size with the upsampling direction: when the output pixels are wider than the "
        "input pixels (downsampling) the content moves right / down, not left / up.": -_asymmetric_shift(),
        "That is half an input pixel. The shift is half an output pixel minus half an input pixel, both "
        "measured in input pixels.": 0.5,
        "That is half an output pixel (in input pixels); subtract half an input pixel.": round(22 / 8 / 2, 6),
    },
)

# ------------------------------------------------------------------------------ 4. legacy TF1 resize

register_choice(
    "legacy_tf1_resize",
    lesson="04",
    number=4,
    section="§4 Coordinate conventions: where is an output pixel?",
    title="choose the setting that reproduces TensorFlow 1's resize_bilinear",
    question="An old TensorFlow 1 model upsamples with tf.compat.v1.image.resize_bilinear(images, size), "
    "leaving the defaults align_corners=False and half_pixel_centers=False. Which setting gives exactly the "
    "same values, for any input and output size?",
    options={
        "a": "PyTorch F.interpolate(mode='bilinear', align_corners=False), i.e. ONNX 'half_pixel'",
        "b": "TensorFlow 2's tf.image.resize(images, size, method='bilinear'), its documented successor",
        "c": "PyTorch F.interpolate(mode='bilinear', align_corners=True), i.e. ONNX 'align_corners'",
        "d": "ONNX 'asymmetric': x_in = x_out · in/out, clamped to the last pixel",
    },
    answer="d",
    explanation="align_corners=False alone does not mean half-pixel centres in TensorFlow 1: without "
    "half_pixel_centers=True it samples at x_out·in/out, ONNX's 'asymmetric' mode. The lesson's table "
    "matched it to 'asymmetric' on every up- and downsampling pair and to nothing else; PyTorch's bilinear "
    "has no flag for it. TensorFlow 2's tf.image.resize and resize_bilinear(half_pixel_centers=True) are "
    "'half_pixel'.",
    hint="Look at the row tf.compat.v1.image.resize_bilinear(align_corners=False) in the lesson's table. "
    "What does half_pixel_centers=False leave out of the formula?",
    wrong_answers={
        "That is half-pixel sampling, (x + 1/2)·in/out − 1/2: TensorFlow 1 only does it with "
        "half_pixel_centers=True, which is not the default.": "a",
        "TensorFlow 2's tf.image.resize samples at half-pixel centres; it changed the behaviour of the TF1 "
        "default. Compare the two rows of the lesson's table.": "b",
        "align_corners=True maps corner pixels onto each other; the legacy default has "
        "align_corners=False.": "c",
    },
)

# ------------------------------------------------------------------------------ 5. which pixels change, 3 -> 5


def _unchanged_3_to_5():
    """Which output pixels of a 3x3 -> 5x5 bilinear upsampling are the same for both align_corners."""
    from helpers.resize import interpolate

    x = np.random.default_rng(0).standard_normal((1, 1, 3, 3))
    return np.isclose(interpolate(x, size=5, mode="bilinear", align_corners=True),
                      interpolate(x, size=5, mode="bilinear", align_corners=False))[0, 0]


def _changed_pixels_answer():
    """The letter whose statement the computation supports."""
    same = _unchanged_3_to_5()
    corners = np.zeros((5, 5), dtype=bool)
    corners[[0, 0, -1, -1], [0, -1, 0, -1]] = True
    lattice = np.zeros((5, 5), dtype=bool)
    lattice[::2, ::2] = True
    if np.array_equal(same, lattice):
        return "c"
    if np.array_equal(same, corners):
        return "a"
    return "b" if not same.any() else "d"


register_choice(
    "align_corners_changes",
    lesson="04",
    number=5,
    section="§4 Coordinate conventions: where is an output pixel?",
    title="choose which pixels of a 3x3 -> 5x5 upsampling align_corners changes",
    question="A random 3x3 feature map is upsampled to 5x5 with F.interpolate(mode='bilinear'). Which "
    "output pixels keep their value when align_corners=True is switched to align_corners=False?",
    options={
        "a": "the four corners, as for 2x2 -> 4x4",
        "b": "none: every output coordinate moves",
        "c": "nine: rows and columns 0, 2 and 4",
        "d": "the border pixels, where both modes clamp",
    },
    answer=_changed_pixels_answer,
    explanation="Per axis, align_corners=True reads 0, 0.5, 1, 1.5, 2 and half_pixel reads "
    "(i + 1/2)·3/5 − 1/2 = −0.2, 0.4, 1, 1.6, 2.2, clamped to 0, 0.4, 1, 1.6, 2. Outputs 0, 2 and 4 read "
    "the same coordinate on each axis, so the 3 x 3 pixels at those rows and columns keep their value "
    "(corners, edge midpoints and centre); the other 16 change.",
    hint="Write the five source coordinates of each mode along one axis (clamp half_pixel's into [0, 2]). "
    "A pixel keeps its value when both its row and its column read the same coordinate.",
    wrong_answers={
        "That was true for 2 -> 4, where only the clamped ends coincide. For 3 -> 5 compare the middle "
        "output too: both modes read coordinate 1 there.": "a",
        "Some coordinates coincide: the ends after clamping, and the middle output, which both modes read "
        "at coordinate 1.": "b",
        "Clamping makes only the first and last coordinates agree, not whole border rows: output 1 reads 0.5 "
        "with align_corners=True and 0.4 without.": "d",
    },
)

# ------------------------------------------------------------------------------ 6. explain: no shift


register_explain(
    "align_corners_scales_about_centre",
    lesson="04",
    number=6,
    section="§4 Coordinate conventions: where is an output pixel?",
    title="why align_corners=True magnifies instead of shifting",
    question="With align_corners=True an upsampled image is not shifted (unlike TensorFlow 1's asymmetric "
    "default), yet its content does not sit where half_pixel puts it either. Explain which points the "
    "convention keeps fixed, why that means no shift, and how its magnification compares with the size "
    "ratio when upsampling.",
    key_points={
        "Which input and output points does align_corners=True put on top of each other?": [
            r"corner", r"first and last", r"\bends?\b", r"outer(most)? (pixel|sample|centre|center)",
            r"edge (pixel|centre|center)s?"],
        "Why does fixing those points mean no shift (what stays where it was)?": [
            r"\bsymmetric", r"\bcent(re|er)\b.*\b(fixed|stays|same|unchanged|does not move|doesn't move)",
            r"both (ends|sides|corners)", r"\bno (net )?shift", r"\bnot shift", r"about the cent(re|er)"],
        "How does its magnification compare with out/in when upsampling?": [
            r"\bmore\b", r"\blarger\b", r"\bbigger\b", r"\bgreater\b", r"\bstretch", r"smaller step",
            r"\(in ?- ?1\) ?/ ?\(out ?- ?1\)", r"narrower"],
    },
    model_answer="align_corners=True puts the centres of the first and last output pixels on the centres of "
    "the first and last input pixels, the corner pixels. Both ends are pinned, so the map is symmetric "
    "about the centre: the centre stays fixed and nothing shifts. To fit out − 1 steps between the same two "
    "centres the step is (in − 1)/(out − 1), smaller than in/out when upsampling, so the content is "
    "magnified more than the size ratio says and the outer half output pixels stick out beyond the input.",
    wrong_answers={
        "Why does fixing those points mean no shift (what stays where it was)?": "align_corners=True puts "
        "the corner pixels of the input and the output on top of each other and then samples the input "
        "more densely, which magnifies the content more than out/in.",
    },
)
