"""Lesson 04, "Bilinear interpolation and coordinate conventions".

Solved in solutions/04_bilinear_and_coordinates.ipynb.

Five exercises: implement bilinear upsampling of a 2-D array (align_corners=False), implement the source
coordinate of two ONNX modes, predict one output pixel, choose the setting that reproduces TensorFlow 1's
resize, and choose which pixels align_corners changes.
"""

from __future__ import annotations

import numpy as np

from helpers.checks import INT_AND_FLOAT, OVERLAP, case, register_choice, register_function, register_value

# ------------------------------------------------------------------------------ 1. bilinear upsampling


def bilinear_resize(x, out_h, out_w):
    """Bilinear resizing of a 2-D ``x`` (H, W) to (out_h, out_w), as F.interpolate(align_corners=False)."""
    from helpers.resize import interpolation_matrix

    x = np.asarray(x, dtype=np.float64)
    m_h = interpolation_matrix(x.shape[0], out_h, "linear", align_corners=False)
    m_w = interpolation_matrix(x.shape[1], out_w, "linear", align_corners=False)
    return m_h @ x @ m_w.T


def _corners_aligned(x, out_h, out_w):
    from helpers.resize import interpolation_matrix

    x = np.asarray(x, dtype=np.float64)
    m_h = interpolation_matrix(x.shape[0], out_h, "linear", align_corners=True)
    m_w = interpolation_matrix(x.shape[1], out_w, "linear", align_corners=True)
    return m_h @ x @ m_w.T


def _swapped_scales(x, out_h, out_w):
    """Rows stepped by the width's ratio and columns by the height's: right only when the ratios agree."""
    from helpers.resize import interpolation_matrix

    x = np.asarray(x, dtype=np.float64)
    h, w = x.shape
    m_h = interpolation_matrix(h, out_h, "linear", scale=w / out_w) if out_h != h else np.eye(h)
    m_w = interpolation_matrix(w, out_w, "linear", scale=h / out_h) if out_w != w else np.eye(w)
    return m_h @ x @ m_w.T


def _axis_matrix(n_in, n_out, border, offset=-0.5):
    """1-D linear matrix, half-pixel coordinates (``offset`` -0.5), a border rule other than clamping."""
    src = (np.arange(n_out) + 0.5) * n_in / n_out + offset
    M = np.zeros((n_out, n_in))
    for i, s in enumerate(src):
        if border == "zeros":  # neighbours outside the signal read 0
            left = int(np.floor(s))
            alpha = s - left
            for j, wgt in ((left, 1 - alpha), (left + 1, alpha)):
                if 0 <= j < n_in:
                    M[i, j] += wgt
        else:  # "extrapolate": keep the two neighbours inside, let the weight leave [0, 1]
            if n_in == 1:
                M[i, 0] = 1.0
                continue
            left = int(np.clip(np.floor(s), 0, n_in - 2))
            alpha = s - left
            M[i, left] += 1 - alpha
            M[i, left + 1] += alpha
    return M


def _zero_border(x, out_h, out_w):
    x = np.asarray(x, dtype=np.float64)
    return _axis_matrix(x.shape[0], out_h, "zeros") @ x @ _axis_matrix(x.shape[1], out_w, "zeros").T


def _extrapolated(x, out_h, out_w):
    x = np.asarray(x, dtype=np.float64)
    m_h, m_w = _axis_matrix(x.shape[0], out_h, "extrapolate"), _axis_matrix(x.shape[1], out_w, "extrapolate")
    return m_h @ x @ m_w.T


def _asymmetric(x, out_h, out_w):
    x = np.asarray(x, dtype=np.float64)

    def matrix(n_in, n_out):
        src = np.minimum(np.arange(n_out) * n_in / n_out, n_in - 1)  # x_out * in / out, clamped
        left = np.floor(src).astype(int)
        right = np.minimum(left + 1, n_in - 1)
        M = np.zeros((n_out, n_in))
        np.add.at(M, (np.arange(n_out), left), 1 - (src - left))
        np.add.at(M, (np.arange(n_out), right), src - left)
        return M

    return matrix(x.shape[0], out_h) @ x @ matrix(x.shape[1], out_w).T


def _random_upsampling(rng: np.random.Generator):
    h, w = (int(n) for n in rng.integers(1, 6, size=2))
    x = rng.standard_normal((h, w)).round(2)
    return case(x, int(rng.integers(h, 3 * h + 2)), int(rng.integers(w, 3 * w + 2)))


register_function(
    "bilinear_upsample_2d",
    lesson="04",
    number=1,
    section="§2 From scratch: resizing a whole image",
    title="implement bilinear_resize(x, out_h, out_w) with align_corners=False",
    reference=bilinear_resize,
    cases=[
        case(np.array([[1.0, 2.0], [3.0, 4.0]]), 4, 4),
        case(np.array([[0.0, 3.0, 1.0], [4.0, -2.0, 5.0]]), 5, 4),
        case(np.arange(12.0).reshape(3, 4) ** 2 / 10, 7, 9),
        case(np.array([[2.0, -1.0, 0.5]]), 1, 6),
        case(np.array([[1.5, -0.5], [0.0, 2.0], [3.0, 1.0]]), 3, 2),
        case(np.array([[1, 2], [3, 4]]), 3, 5),                                    # integers
        case(np.random.default_rng(4).standard_normal((12, 10)).round(3), 25, 21), # larger
    ],
    n_random=18,
    random_cases=_random_upsampling,
    hint="For each output row i compute the source row r = (i + 1/2)·H/out_h − 1/2, clamp it into "
    "[0, H − 1], take r0 = floor(r), r1 = min(r0 + 1, H − 1) and b = r − r0; the same for columns with W and "
    "out_w. Then y[i, j] = (1−a)(1−b)·x[r0, c0] + a(1−b)·x[r0, c1] + (1−a)b·x[r1, c0] + ab·x[r1, c1].",
    wrong_answers={
        "Looks like align_corners=True: the step is (H − 1)/(out_h − 1) there. With align_corners=False the "
        "source row is (i + 1/2)·H/out_h − 1/2: the output pixels' centres, not its corners, are mapped.": (
            _corners_aligned
        ),
        "Right for square cases only: the rows must be stepped by H/out_h and the columns by W/out_w. "
        "It looks like the two ratios (or the axes) are swapped.": _swapped_scales,
        "The border looks darkened: coordinates below 0 or above H − 1 must be clamped into [0, H − 1] "
        "(the edge pixel is repeated), not read as zeros from outside the image.": _zero_border,
        "The border overshoots: outside [0, H − 1] the weight a (or b) left [0, 1], so the edge was "
        "extrapolated. Clamp the coordinate into [0, H − 1] before splitting it into floor and fraction.": (
            _extrapolated
        ),
        "The picture is shifted by half a pixel: that is x_in = x_out·H/out_h (ONNX 'asymmetric', TensorFlow "
        "1's default). Sample at the output pixel centres: (i + 1/2)·H/out_h − 1/2.": _asymmetric,
    },
    covers={
        OVERLAP: "each output reads four neighbouring pixels; no windows slide",
    },
)

# ------------------------------------------------------------------------------ 2. source coordinate


def source_coord(x_out, in_size, out_size, mode):
    """Source coordinate of output indices ``x_out`` (int array) for ONNX 'half_pixel' or 'asymmetric'."""
    from helpers.resize import source_coordinate

    return source_coordinate(np.asarray(x_out), in_size, out_size, mode)


def _coord_swapped(x_out, in_size, out_size, mode):
    return source_coord(x_out, in_size, out_size, "asymmetric" if mode == "half_pixel" else "half_pixel")


def _coord_no_shift_back(x_out, in_size, out_size, mode):
    x = np.asarray(x_out, dtype=float)
    return (x + 0.5) * in_size / out_size if mode == "half_pixel" else x * in_size / out_size


def _coord_inverted(x_out, in_size, out_size, mode):
    x = np.asarray(x_out, dtype=float)
    return (x + 0.5) * out_size / in_size - 0.5 if mode == "half_pixel" else x * out_size / in_size


def _coord_corners(x_out, in_size, out_size, mode):
    x = np.asarray(x_out, dtype=float)
    return x * (in_size - 1) / (out_size - 1) if out_size > 1 else np.zeros_like(x)


def _random_coordinate_case(rng: np.random.Generator):
    n_in, n_out = (int(n) for n in rng.integers(1, 13, size=2))
    return case(np.arange(n_out), n_in, n_out, str(rng.choice(["half_pixel", "asymmetric"])))


register_function(
    "source_coordinate_modes",
    lesson="04",
    number=2,
    section="§4 Coordinate conventions: where is an output pixel?",
    title="implement source_coord(x_out, in_size, out_size, mode)",
    reference=source_coord,
    cases=[
        case(np.arange(4), 2, 4, "half_pixel"),
        case(np.arange(4), 2, 4, "asymmetric"),
        case(np.arange(3), 6, 3, "half_pixel"),
        case(np.arange(3), 6, 3, "asymmetric"),
        case(np.arange(7), 3, 7, "half_pixel"),
        case(np.arange(1), 5, 1, "half_pixel"),
        case(np.arange(300), 97, 300, "half_pixel"),
    ],
    n_random=19,
    random_cases=_random_coordinate_case,
    hint="Pixel j is centred on coordinate j and one output pixel is in_size/out_size input pixels wide. "
    "'half_pixel': the centre of output pixel x_out is at (x_out + 1/2)·in/out in edge coordinates; subtract "
    "1/2 to get centre coordinates. 'asymmetric': x_out·in/out, no half pixels at all.",
    wrong_answers={
        "The two modes are swapped: 'half_pixel' is (x + 1/2)·in/out − 1/2 and 'asymmetric' is x·in/out.": (
            _coord_swapped
        ),
        "Half-pixel is missing its final − 1/2: (x + 1/2)·in/out is the output centre measured from the "
        "input's left edge; pixel centres sit at integers, so subtract 1/2 (that variant is ONNX's "
        "'tf_half_pixel_for_nn', used only for nearest).": _coord_no_shift_back,
        "The ratio is upside down: an output pixel spans in_size/out_size input pixels, so multiply by "
        "in_size/out_size (downsampling must give coordinates that grow faster than x_out).": _coord_inverted,
        "That is 'align_corners', x·(in − 1)/(out − 1): it maps first and last pixel centres onto each "
        "other. Neither requested mode does.": _coord_corners,
    },
    covers={
        INT_AND_FLOAT: "x_out holds output pixel indices (ints); the sizes are ints",
        OVERLAP: "a coordinate rule: no windows",
    },
)

# ------------------------------------------------------------------------------ 3. one output pixel

PREDICT_IMAGE = np.array([[1.0, 5.0, 2.0], [4.0, 0.0, 8.0], [3.0, 6.0, 7.0]])
PREDICT_SIZE = (5, 5)
PREDICT_PIXEL = (1, 3)


def _predicted_pixel(align_corners=False, pixel=PREDICT_PIXEL):
    from helpers.resize import interpolate

    x = PREDICT_IMAGE[None, None]
    y = interpolate(x, size=PREDICT_SIZE, mode="bilinear", align_corners=align_corners)
    return float(y[0, 0][pixel])


def _asymmetric_pixel():
    return float(_asymmetric(PREDICT_IMAGE, *PREDICT_SIZE)[PREDICT_PIXEL])


register_value(
    "bilinear_one_pixel",
    lesson="04",
    number=3,
    section="§1 Intuition: four neighbours, two passes",
    title="predict one output pixel of a 3x3 -> 5x5 bilinear upsampling",
    expected=_predicted_pixel,
    rtol=0,
    atol=5e-3,
    precision="two decimals are enough",
    hint="Rows and columns separately: output index i reads (i + 1/2)·3/5 − 1/2. Row 1 gives 0.4 "
    "(between input rows 0 and 1, b = 0.4); work out column 3 the same way, then weight the four "
    "neighbours by (1−a)(1−b), a(1−b), (1−a)b, ab.",
    wrong_answers={
        "That is the align_corners=True value (step (3 − 1)/(5 − 1) = 0.5). With align_corners=False the "
        "source coordinate is (i + 1/2)·3/5 − 1/2.": round(_predicted_pixel(align_corners=True), 6),
        "That is pixel (3, 1): the first index is the row (i = 1), the second the column (j = 3).": round(
            _predicted_pixel(pixel=(3, 1)), 6
        ),
        "That is the half-pixel-free coordinate x·3/5 (ONNX 'asymmetric'); align_corners=False reads "
        "(x + 1/2)·3/5 − 1/2.": round(_asymmetric_pixel(), 6),
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

# ------------------------------------------------------------------------------ 5. which pixels change


def _changed_pixels_answer():
    """The letter whose statement the computation supports: which pixels differ between the two settings."""
    from helpers.resize import interpolate

    x = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    same = np.isclose(interpolate(x, size=4, mode="bilinear", align_corners=True),
                      interpolate(x, size=4, mode="bilinear", align_corners=False))[0, 0]
    corners = np.zeros((4, 4), dtype=bool)
    corners[[0, 0, -1, -1], [0, -1, 0, -1]] = True
    if np.array_equal(same, corners):
        return "a"
    if np.array_equal(~same, corners):
        return "b"
    return "d" if not same.any() else "c"


register_choice(
    "align_corners_changes",
    lesson="04",
    number=5,
    section="§4 Coordinate conventions: where is an output pixel?",
    title="choose which pixels align_corners changes",
    question="A 2x2 feature map [[1, 2], [3, 4]] is upsampled to 4x4 with F.interpolate(mode='bilinear'). "
    "Which output pixels change when align_corners=True is switched to align_corners=False?",
    options={
        "a": "every pixel except the four corners",
        "b": "only the four corner pixels, as the name says",
        "c": "only the pixels on the border of the image",
        "d": "all 16 pixels, since every output coordinate moves",
    },
    answer=_changed_pixels_answer,
    explanation="The flag changes the coordinate of every output pixel: (i + 1/2)·2/4 − 1/2 instead of "
    "i·(2 − 1)/(4 − 1). Only the corners agree, because half-pixel coordinates beyond the first and last "
    "centre are clamped onto them. The other 12 values all change (the lesson printed both arrays).",
    hint="Compute the source coordinates of output columns 0..3 in both modes: 0, 1/3, 2/3, 1 and "
    "−0.25, 0.25, 0.75, 1.25 (clamped into [0, 1]). Which columns read the same coordinate?",
    wrong_answers={
        "The name misleads: align_corners changes the coordinate of every output pixel. Compare column 1: "
        "1/3 with align_corners=True, 0.25 without.": "b",
        "Interior pixels change too: output (1, 1) reads (1/3, 1/3) with align_corners=True and "
        "(0.25, 0.25) without.": "c",
        "The four corners agree in both settings: half-pixel coordinates beyond the outer centres are "
        "clamped onto them (−0.25 -> 0 and 1.25 -> 1).": "d",
    },
)
