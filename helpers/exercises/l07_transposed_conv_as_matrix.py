"""Lesson 07, "Transposed convolution as a matrix" (solutions/07_transposed_conv_as_matrix.ipynb): six
exercises: build the convolution matrix V of a *dilated* convolution (a setting the lesson does not code),
write col2im (the lesson shows im2col), predict the shape of ``F.unfold``'s result, predict the number of
non-zeros of V, choose the true statement about Vᵀ, and explain in terms of VᵀV when the transpose undoes
a convolution."""

from __future__ import annotations

import numpy as np

from helpers.checks import OVERLAP, case, register_choice, register_explain, register_function, register_value

# ------------------------------------------------------------------------------ 1. V of a dilated convolution


def conv_matrix_dilated(K, input_shape, stride=1, padding=0, dilation=1):
    """The matrix V of a single-channel dilated convolution (cross-correlation, like
    ``torch.nn.functional.conv2d(x, K, stride=stride, padding=padding, dilation=dilation)``):
    ``V @ X.ravel() == conv2d(X, K, ...).ravel()``.

    Output pixel (i, j) meets tap (a, b) at input pixel ``(i*stride - padding + a*dilation,
    j*stride - padding + b*dilation)``; taps on the padding have no entry. Returns a float array of shape
    ``(H_out*W_out, H*W)`` with ``H_out = (H + 2*padding - dilation*(kH - 1) - 1) // stride + 1``.
    """
    K = np.asarray(K, dtype=np.float64)
    H, W = input_shape
    kh, kw = K.shape
    ho = (H + 2 * padding - dilation * (kh - 1) - 1) // stride + 1
    wo = (W + 2 * padding - dilation * (kw - 1) - 1) // stride + 1
    V = np.zeros((ho * wo, H * W))
    for i in range(ho):
        for j in range(wo):
            for a in range(kh):
                for b in range(kw):
                    r, c = i * stride - padding + a * dilation, j * stride - padding + b * dilation
                    if 0 <= r < H and 0 <= c < W:
                        V[i * wo + j, r * W + c] = K[a, b]
    return V


def _no_dilation(K, input_shape, stride=1, padding=0, dilation=1):
    return conv_matrix_dilated(K, input_shape, stride, padding, 1)


def _flat_bounds(K, input_shape, stride=1, padding=0, dilation=1):
    """Checks the flat column index only: a tap left of the input wraps to the end of the row above."""
    K = np.asarray(K, dtype=np.float64)
    H, W = input_shape
    kh, kw = K.shape
    ho = (H + 2 * padding - dilation * (kh - 1) - 1) // stride + 1
    wo = (W + 2 * padding - dilation * (kw - 1) - 1) // stride + 1
    V = np.zeros((ho * wo, H * W))
    for i in range(ho):
        for j in range(wo):
            for a in range(kh):
                for b in range(kw):
                    col = (i * stride - padding + a * dilation) * W + (j * stride - padding + b * dilation)
                    if 0 <= col < H * W:
                        V[i * wo + j, col] = K[a, b]
    return V


def _span_dk(K, input_shape, stride=1, padding=0, dilation=1):
    """The dilated kernel taken as dilation*k wide: one output too few whenever the division is exact."""
    K = np.asarray(K, dtype=np.float64)
    H, W = input_shape
    kh, kw = K.shape
    full = conv_matrix_dilated(K, input_shape, stride, padding, dilation)
    ho_full = (H + 2 * padding - dilation * (kh - 1) - 1) // stride + 1
    wo_full = (W + 2 * padding - dilation * (kw - 1) - 1) // stride + 1
    ho = max((H + 2 * padding - dilation * kh) // stride + 1, 0)
    wo = max((W + 2 * padding - dilation * kw) // stride + 1, 0)
    keep = [i * wo_full + j for i in range(min(ho, ho_full)) for j in range(min(wo, wo_full))]
    return full[keep]


def _swapped(K, input_shape, stride=1, padding=0, dilation=1):
    """Stride and dilation exchanged: right whenever they are equal."""
    return conv_matrix_dilated(K, input_shape, dilation, padding, stride)


def _flipped(K, input_shape, stride=1, padding=0, dilation=1):
    return conv_matrix_dilated(np.asarray(K)[::-1, ::-1], input_shape, stride, padding, dilation)


def _random_dilated(rng: np.random.Generator):
    kh, kw = (int(v) for v in rng.integers(1, 4, size=2))
    d, s, p = int(rng.integers(1, 4)), int(rng.integers(1, 4)), int(rng.integers(0, 3))
    H = int(rng.integers(max(1, d * (kh - 1) + 1 - 2 * p), 8))
    W = int(rng.integers(max(1, d * (kw - 1) + 1 - 2 * p), 8))
    return case(rng.standard_normal((kh, kw)).round(2), (H, W), s, p, d)


def _dilated_overlap(c) -> bool:
    K = np.asarray(c.args[0])
    stride = c.args[2] if len(c.args) > 2 else c.kwargs.get("stride", 1)
    dilation = c.args[4] if len(c.args) > 4 else c.kwargs.get("dilation", 1)
    span = dilation * (max(K.shape) - 1) + 1
    return span > stride and K.size > 1


EX_K = np.array([[1.0, 2.0], [3.0, 4.0]])

register_function(
    "conv_matrix_dilated",
    lesson="07",
    number=1,
    section="§2 From scratch: building $V$, then $Vx$ and $V^\\top y$",
    title="implement conv_matrix_dilated(K, input_shape, stride=1, padding=0, dilation=1)",
    reference=conv_matrix_dilated,
    example=case(EX_K, (5, 5), 2, 0, 2),
    cases=[
        case(EX_K, (3, 3)),                                                            # the defaults
        case(EX_K, (5, 5), 2, 0, 2),
        case(EX_K, (5, 5), 1, 1, 2),
        case(EX_K, (5, 5), dilation=2),
        case(np.array([[1.0, -1.0, 2.0]]), (2, 7), stride=2, dilation=3),
        case(np.array([[1.0], [2.0], [-1.0]]), (6, 3), 1, 2, 2),
        case(np.array([[1, 2], [3, 4]]), (6, 5), 2, 1, 2),                              # integers
        case(np.arange(1.0, 10.0).reshape(3, 3), (4, 4), 1, 2, 3),
        case(np.random.default_rng(7).standard_normal((3, 3)).round(2), (12, 10), 2, 2, 2),   # larger
    ],
    n_random=20,
    random_cases=_random_dilated,
    hint="Output pixel (i, j) is row i*W_out + j. Its tap (a, b) lands on input pixel (i*stride - padding + "
    "a*dilation, j*stride - padding + b*dilation); when that pixel is inside the input, put K[a, b] in "
    "column row*W + col, else skip it. H_out = (H + 2*padding - dilation*(kH - 1) - 1) // stride + 1.",
    wrong_answers={
        "Your matrix ignores the dilation: the taps of one window sit dilation pixels apart, K[a, b] at input "
        "row i*stride - padding + a*dilation (it agrees only when dilation = 1).": _no_dilation,
        "A tap that falls on the padding must be skipped by testing its row AND its column: testing only the "
        "flat index row*W + col lets a tap left of the input wrap round to the end of the row above (right "
        "only when padding = 0).": _flat_bounds,
        "A dilated kernel spans dilation*(kH - 1) + 1 pixels, not dilation*kH: no gap after its last tap. "
        "So H_out = (H + 2*padding - dilation*(kH - 1) - 1) // stride + 1.": _span_dk,
        "Stride and dilation are swapped (they agree only when equal): the stride is the step between two "
        "output pixels' windows, the dilation the step between two taps of one window.": _swapped,
        "Your kernel is flipped: framework 'convolution' is a cross-correlation, so V's rows hold K as it "
        "is.": _flipped,
    },
    covers={OVERLAP: _dilated_overlap},
)

# ------------------------------------------------------------------------------ 2. col2im


def col2im(cols, output_size, k, stride=1, padding=0):
    """Single-channel col2im (``torch.nn.functional.fold`` on one channel): column ``l`` of ``cols``
    (``k*k`` rows, tap ``(a, b)`` in row ``a*k + b``) is added into the window of output pixel ``l``
    (row-major), on the padded image; overlapping windows add; the padding is cropped at the end.

    ``cols`` is (k*k, L) with ``L = H_out * W_out``; returns a float array of shape ``output_size``.
    """
    cols = np.asarray(cols, dtype=np.float64)
    H, W = output_size
    ho = (H + 2 * padding - k) // stride + 1
    wo = (W + 2 * padding - k) // stride + 1
    out = np.zeros((H + 2 * padding, W + 2 * padding))
    for i in range(ho):
        for j in range(wo):
            out[i * stride : i * stride + k, j * stride : j * stride + k] += cols[:, i * wo + j].reshape(k, k)
    return out[padding : padding + H, padding : padding + W]


def _assigns(cols, output_size, k, stride=1, padding=0):
    """Writes (=) instead of adding (+=): right whenever the windows do not overlap (stride >= k)."""
    cols = np.asarray(cols, dtype=np.float64)
    H, W = output_size
    ho = (H + 2 * padding - k) // stride + 1
    wo = (W + 2 * padding - k) // stride + 1
    out = np.zeros((H + 2 * padding, W + 2 * padding))
    for i in range(ho):
        for j in range(wo):
            out[i * stride : i * stride + k, j * stride : j * stride + k] = cols[:, i * wo + j].reshape(k, k)
    return out[padding : padding + H, padding : padding + W]


def _crop_end(cols, output_size, k, stride=1, padding=0):
    """Crops the padding at the bottom and right only: right only when padding = 0."""
    H, W = output_size
    full = col2im(cols, (H + padding, W + padding), k, stride, 0) if padding == 0 else None
    if full is not None:
        return full
    padded = col2im(cols, (H + 2 * padding, W + 2 * padding), k, stride, 0)
    return padded[:H, :W]


def _no_stride(cols, output_size, k, stride=1, padding=0):
    """Windows one pixel apart whatever the stride: right only when stride = 1."""
    cols = np.asarray(cols, dtype=np.float64)
    H, W = output_size
    ho = (H + 2 * padding - k) // stride + 1
    wo = (W + 2 * padding - k) // stride + 1
    out = np.zeros((H + 2 * padding + ho * stride, W + 2 * padding + wo * stride))
    for i in range(ho):
        for j in range(wo):
            out[i : i + k, j : j + k] += cols[:, i * wo + j].reshape(k, k)
    return out[padding : padding + H, padding : padding + W]


def _random_col2im(rng: np.random.Generator):
    k, s, p = int(rng.integers(1, 4)), int(rng.integers(1, 4)), int(rng.integers(0, 3))
    p = min(p, k - 1) if k > 1 else 0
    H = int(rng.integers(max(1, k - 2 * p), 9))
    W = int(rng.integers(max(1, k - 2 * p), 9))
    L = ((H + 2 * p - k) // s + 1) * ((W + 2 * p - k) // s + 1)
    return case(rng.standard_normal((k * k, L)).round(2), (H, W), k, s, p)


def _col2im_overlap(c) -> bool:
    k = c.args[2]
    stride = c.args[3] if len(c.args) > 3 else c.kwargs.get("stride", 1)
    return stride < k


register_function(
    "col2im",
    lesson="07",
    number=2,
    section="§3 How frameworks run it: im2col and col2im",
    title="implement col2im(cols, output_size, k, stride=1, padding=0) (one channel)",
    reference=col2im,
    example=case(np.ones((4, 9)), (4, 4), 2),
    cases=[
        case(np.arange(1.0, 17.0).reshape(4, 4), (3, 3), 2),                       # the defaults
        case(np.ones((4, 9)), (4, 4), 2),
        case(np.ones((9, 9)), (5, 5), 3, 2, 1),
        case(np.ones((9, 25)), (5, 5), 3, padding=1),
        case(np.arange(1.0, 10.0).reshape(9, 1), (3, 3), 3, 2, 0),                  # one window
        case(np.arange(1.0, 37.0).reshape(4, 9), (6, 6), 2, stride=2),              # windows tile
        case(np.arange(8).reshape(4, 2) - 3, (2, 3), 2, 1),                          # integers
        case(np.random.default_rng(3).standard_normal((9, 12)).round(2), (8, 6), 3, 2, 1),   # floors
        case(np.random.default_rng(4).standard_normal((9, 100)).round(2), (10, 10), 3, 1, 1),  # larger
    ],
    n_random=20,
    random_cases=_random_col2im,
    hint="Allocate the PADDED image, (H + 2*padding) x (W + 2*padding), of zeros. Column l belongs to output "
    "pixel (i, j) = divmod(l, W_out) with W_out = (W + 2*padding - k) // stride + 1: reshape it to k x k and "
    "ADD it into rows i*stride .. i*stride + k - 1 and the matching columns. Finally crop padding from "
    "every side.",
    wrong_answers={
        "Overlapping windows must ADD (+=), as in lesson 05's scatter-add: you assigned (=), which is right "
        "only where the windows do not overlap (stride >= k).": _assigns,
        "The padding belongs to both sides: crop padding rows and columns at the top and left too, "
        "out[padding:padding + H, padding:padding + W], not out[:H, :W].": _crop_end,
        "Window (i, j) starts at (i*stride, j*stride) of the padded image, not at (i, j): with stride 1 the "
        "two agree, which is why your answer fits some cases.": _no_stride,
    },
    covers={OVERLAP: _col2im_overlap},
)

# ------------------------------------------------------------------------------ 3. the shape of F.unfold

UNFOLD_SHAPE, UNFOLD_K, UNFOLD_S, UNFOLD_P = (2, 3, 8, 6), 3, 2, 1


def _unfold_shape():
    from helpers.conv import im2col

    return im2col(np.zeros(UNFOLD_SHAPE), UNFOLD_K, UNFOLD_S, UNFOLD_P).shape


def _o(i, k=UNFOLD_K, s=UNFOLD_S, p=UNFOLD_P):
    return (i + 2 * p - k) // s + 1


_N, _C, _H, _W = UNFOLD_SHAPE

register_value(
    "unfold_shape",
    lesson="07",
    number=3,
    section="§3 How frameworks run it: im2col and col2im",
    title=f"predict the shape of F.unfold(x, {UNFOLD_K}, stride={UNFOLD_S}, padding={UNFOLD_P}) for x of shape "
    f"{UNFOLD_SHAPE}",
    expected=_unfold_shape,
    hint="One row per (channel, tap) pair, C·k·k of them; one column per window, H_out·W_out of them, with "
    "H_out = floor((H + 2p - k)/s) + 1; and the batch axis stays first.",
    wrong_answers={
        "Each window holds k·k taps of EVERY input channel: a column has C·k·k entries, not k·k.": (
            _N, UNFOLD_K**2, _o(_H) * _o(_W)),
        "Rows and columns are swapped: unfold puts the taps on axis 1 and the windows on axis 2, so that "
        "the kernel, as a (C_out, C·k·k) matrix, multiplies it from the left.": (
            _N, _o(_H) * _o(_W), _C * UNFOLD_K**2),
        "The number of windows is rounded DOWN: floor((H + 2p - k)/s) + 1, a last window that would stick "
        "out of the padded input is not taken.": (
            _N, _C * UNFOLD_K**2,
            (-(-(_H + 2 * UNFOLD_P - UNFOLD_K) // UNFOLD_S) + 1)
            * (-(-(_W + 2 * UNFOLD_P - UNFOLD_K) // UNFOLD_S) + 1)),
        "The stride is missing: with stride 2 the windows start two pixels apart, so there are about half "
        "as many per axis.": (_N, _C * UNFOLD_K**2, _o(_H, s=1) * _o(_W, s=1)),
        "You left out the padding: it adds p zeros on each side before the windows are taken.": (
            _N, _C * UNFOLD_K**2, _o(_H, p=0) * _o(_W, p=0)),
        "The batch axis stays: F.unfold returns (N, C·k·k, L), one matrix per image.": (
            _C * UNFOLD_K**2, _o(_H) * _o(_W)),
    },
)

# ------------------------------------------------------------------------------ 4. non-zeros of V

NNZ_N, NNZ_K, NNZ_P = 7, 3, 1  # the lesson prints the 6x6 and 16x16 counts, not this one


def _nonzeros():
    from helpers.conv import conv_matrix as library_conv_matrix

    V = library_conv_matrix(np.ones((NNZ_K, NNZ_K)), (NNZ_N, NNZ_N), stride=1, padding=NNZ_P)
    return int(np.count_nonzero(V))


register_value(
    "conv_matrix_nonzeros",
    lesson="07",
    number=4,
    section="§8 Pitfalls",
    title=f"predict the number of non-zeros of V ({NNZ_N}x{NNZ_N} input, {NNZ_K}x{NNZ_K} kernel, "
    f"padding={NNZ_P})",
    expected=_nonzeros,
    hint="Count the kernel taps that land on real input pixels, one output pixel at a time; taps on the "
    "padding read zeros and have no column in V. The count factorises: (taps per row direction summed over "
    "output rows) squared.",
    wrong_answers={
        f"Not every output pixel uses all {NNZ_K * NNZ_K} taps: at the border some taps land on the padding "
        "zeros, and those have no column in V.": (NNZ_N * NNZ_N) * NNZ_K * NNZ_K,
        "That is the number of entries of V (its size), not of its non-zeros: most entries are zero.": (
            NNZ_N * NNZ_N
        )
        ** 2,
        f"With padding={NNZ_P} the output is {NNZ_N}x{NNZ_N}, not {NNZ_N - NNZ_K + 1}x{NNZ_N - NNZ_K + 1}: "
        "count the border pixels too, with the taps they do have.": (NNZ_N - NNZ_K + 1) ** 2 * NNZ_K * NNZ_K,
    },
)

# ------------------------------------------------------------------------------ 5. V^T

register_choice(
    "transpose_not_inverse",
    lesson="07",
    number=5,
    section="§4 The transpose is not the inverse",
    title="choose the true statement about Vᵀ",
    question="A convolution with kernel w (stride s, padding p) maps the flattened input x to y = V x. "
    "Which statement about Vᵀ is true?",
    options={
        "a": "Vᵀ y has x's shape but in general not x's values (VᵀV ≠ I); Vᵀ g is the input gradient of the "
        "convolution for an upstream gradient g.",
        "b": "Vᵀ = V⁻¹ whenever V is square (stride 1, 'same' padding): then the transposed convolution with "
        "the same kernel gives x back and undoes the convolution.",
        "c": "Vᵀ y has the same shape as y: transposing a matrix rearranges its entries, not the sizes it "
        "maps between, so the transposed convolution keeps the size.",
        "d": "Vᵀ is V with the kernel flipped: multiplying by Vᵀ is a convolution with the flipped kernel at "
        "the same stride and padding, so it has the output's size.",
    },
    answer="a",
    explanation="V is (H_out·W_out) × (H·W), so Vᵀ is (H·W) × (H_out·W_out): it maps an output-sized vector "
    "to an input-sized one, which is why transposed convolutions upsample. But VᵀV x = x for every x needs "
    "VᵀV = I, i.e. orthonormal columns, which a blur or any shrinking convolution does not have (section 4). "
    "And for L = ⟨g, V x⟩, ∇ₓL = Vᵀ g: the transposed convolution is exactly the vector-Jacobian product "
    "that backpropagation computes for a convolution (section 5).",
    hint="Write down the shape of V, then of Vᵀ. Then ask: what must VᵀV be for Vᵀ to give x back?",
    wrong_answers={
        "Square is not enough: VᵀV = I needs orthonormal columns. The 3x3 box blur with padding 1 has a "
        "square V, yet Vᵀ V x is the blur applied twice (section 4.3); the 1x1 kernel [[2]] gives VᵀV = 4I.":
            "b",
        "Transposing swaps the two sizes: V is (H_out·W_out) × (H·W), so Vᵀ maps H_out·W_out numbers to "
        "H·W numbers.": "c",
        "For stride 1 Vᵀ is indeed a convolution with the flipped kernel, but a FULL one (padding k - 1 - p) "
        "that grows the image back; with stride > 1 it also inserts zeros. It has the input's size, not the "
        "output's.": "d",
    },
)

# ------------------------------------------------------------------------------ 6. explain: V^T V

register_explain(
    "transpose_undoes_when",
    lesson="07",
    number=6,
    section="§4 The transpose is not the inverse",
    title="when does the transposed convolution undo the convolution?",
    question="A network applies a convolution, y = V x, and later a transposed convolution with the same "
    "weights, stride and padding, V^T y. Explain, in terms of the matrix V^T V, when this gives x back for "
    "every x, what that asks of V, and why it fails for a 3x3 blur (or any convolution that shrinks the "
    "image).",
    key_points={
        "What must the matrix VᵀV equal for VᵀV x = x to hold for every x?": [
            r"\bidentity\b", r"\bV\s*\^?\s*[Tᵀ]\s*V\s*=\s*I\b", r"=\s*I\b", r"\bunit matrix\b"],
        "What property of V's columns does that amount to?": [
            r"\borthonormal\b", r"\borthogonal\b"],
        "Why can a blur, or a convolution with fewer outputs than inputs, not have it?": [
            r"\brank\b", r"\bnull ?space\b", r"fewer (rows|outputs|equations)", r"more (columns|inputs|unknowns)",
            r"not invertible", r"\bsingular\b", r"\b(lost|loses|destroy)", r"overlap"],
    },
    model_answer="VᵀV x = x for every x exactly when VᵀV = I, the identity. That says the columns of V are "
    "orthonormal: each input pixel's column has unit norm and is orthogonal to every other input pixel's "
    "column. V need not be square (a 1x1 kernel [[1]] with padding 1 has a tall V with orthonormal columns), "
    "and a square V is not enough. A 3x3 blur's windows overlap, so neighbouring columns share rows and are "
    "not orthogonal, and VᵀV x is the blur applied twice; a convolution that shrinks the image has fewer "
    "rows than columns, so VᵀV has rank at most H_out·W_out < H·W and a null space whose inputs are lost.",
    wrong_answers={
        "What must the matrix VᵀV equal for VᵀV x = x to hold for every x?":
            "The transpose only gives back the shape of the input because the kernel weights are used again "
            "with orthonormal columns missing and the rank is too low.",
        "What property of V's columns does that amount to?":
            "It works when VᵀV = I. A blur cannot do it because its rank is lower than the number of "
            "pixels, so information is lost.",
    },
)
