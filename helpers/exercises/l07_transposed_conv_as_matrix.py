"""Lesson 07, "Transposed convolution as a matrix" (solutions/07_transposed_conv_as_matrix.ipynb): four
exercises: implement the convolution matrix V (stride 1, no padding), predict the shape of V, predict its
number of non-zeros, and choose the true statement about V^T."""

from __future__ import annotations

import numpy as np

from helpers.checks import OVERLAP, case, register_choice, register_function, register_value

# ------------------------------------------------------------------------------ 1. build V


def conv_matrix(K, input_shape):
    """The matrix V of a stride-1, unpadded, single-channel convolution (cross-correlation, like
    ``torch.nn.functional.conv2d``): ``V @ X.ravel() == conv2d(X, K).ravel()``.

    Row ``i*W_out + j`` belongs to output pixel (i, j) and holds ``K[a, b]`` in column ``(i+a)*W + (j+b)``.
    Returns a float array of shape ``(H_out*W_out, H*W)`` with ``H_out = H - kH + 1``, ``W_out = W - kW + 1``.
    """
    K = np.asarray(K, dtype=np.float64)
    H, W = input_shape
    kh, kw = K.shape
    ho, wo = H - kh + 1, W - kw + 1
    V = np.zeros((ho * wo, H * W))
    for i in range(ho):
        for j in range(wo):
            for a in range(kh):
                for b in range(kw):
                    V[i * wo + j, (i + a) * W + (j + b)] = K[a, b]
    return V


def _flipped(K, input_shape):
    return conv_matrix(np.asarray(K)[::-1, ::-1], input_shape)


def _transposed(K, input_shape):
    return conv_matrix(K, input_shape).T


def _one_short(K, input_shape):
    K = np.asarray(K, dtype=np.float64)
    H, W = input_shape
    kh, kw = K.shape
    ho, wo = H - kh, W - kw
    V = np.zeros((ho * wo, H * W))
    for i in range(ho):
        for j in range(wo):
            for a in range(kh):
                for b in range(kw):
                    V[i * wo + j, (i + a) * W + (j + b)] = K[a, b]
    return V


def _random_case(rng: np.random.Generator):
    kh, kw = (int(v) for v in rng.integers(1, 4, size=2))
    H, W = int(rng.integers(kh, 7)), int(rng.integers(kw, 7))
    return case(rng.standard_normal((kh, kw)).round(2), (H, W))


register_function(
    "conv_matrix_stride1",
    lesson="07",
    number=1,
    section="§2 From scratch: building $V$, then $Vx$ and $V^\\top y$",
    title="implement conv_matrix(K, input_shape) (stride 1, no padding)",
    reference=conv_matrix,
    cases=[
        case(np.array([[1.0, 2.0]]), (1, 3)),
        case(np.array([[1.0, 2.0], [3.0, 4.0]]), (3, 3)),
        case(np.arange(1.0, 10.0).reshape(3, 3), (4, 4)),
        case(np.array([[1.0, -1.0, 2.0], [0.5, 3.0, -2.0]]), (3, 5)),
        case(np.array([[2.0]]), (2, 3)),
        case(np.array([[1, 2], [3, 4]]), (3, 4)),                                  # integers
        case(np.random.default_rng(7).standard_normal((3, 3)).round(2), (12, 10)), # larger
    ],
    n_random=18,
    random_cases=_random_case,
    hint="One row per output pixel (i, j), in row-major order: row i*W_out + j with W_out = W - kW + 1. "
    "That pixel reads the input window starting at (i, j), so put K[a, b] in column (i + a)*W + (j + b). "
    "The result has shape (H_out*W_out, H*W).",
    wrong_answers={
        "Your kernel is flipped: that is the textbook convolution. Framework 'convolution' is a "
        "cross-correlation, so V's rows hold K as it is: K[a, b] goes to the input pixel (i + a, j + b).": (
            _flipped
        ),
        "Rows and columns are swapped: you built Vᵀ, of shape (H*W, H_out*W_out). V has one ROW per output "
        "pixel and one column per input pixel, so that y = V x.": _transposed,
        "One output row and column short: a k-wide kernel fits H - k + 1 times in H positions (the last "
        "window starts at H - k), so H_out = H - kH + 1, not H - kH.": _one_short,
    },
    covers={
        OVERLAP: lambda c: np.asarray(c.args[0]).size > 1,   # stride 1: windows of a kernel > 1x1 overlap
    },
)

# ------------------------------------------------------------------------------ 2. the shape of V

H_IN, W_IN, KERNEL, STRIDE, PADDING = 8, 6, 3, 2, 1


def _v_shape():
    from helpers.conv import conv_matrix as library_conv_matrix

    return library_conv_matrix(np.ones((KERNEL, KERNEL)), (H_IN, W_IN), stride=STRIDE, padding=PADDING).shape


def _out(i, k=KERNEL, s=STRIDE, p=PADDING):
    return (i + 2 * p - k) // s + 1


register_value(
    "conv_matrix_shape",
    lesson="07",
    number=2,
    section="§2 From scratch: building $V$, then $Vx$ and $V^\\top y$",
    title=f"predict the shape of V ({H_IN}x{W_IN} input, k={KERNEL}, stride={STRIDE}, padding={PADDING})",
    expected=_v_shape,
    hint="V has one row per output pixel and one column per input pixel: (H_out·W_out, H·W), with "
    "H_out = floor((H + 2p - k)/s) + 1 and likewise W_out.",
    wrong_answers={
        "Rows and columns are swapped: that is the shape of Vᵀ. V maps the input (H·W values) to the output, "
        "so it has H_out·W_out rows.": (H_IN * W_IN, _out(H_IN) * _out(W_IN)),
        "The output size is rounded DOWN: floor((H + 2p - k)/s) + 1. A last window that would stick out of "
        "the padded input is not computed.": (
            (-(-(H_IN + 2 * PADDING - KERNEL) // STRIDE) + 1) * (-(-(W_IN + 2 * PADDING - KERNEL) // STRIDE) + 1),
            H_IN * W_IN,
        ),
        "You left out the padding: it adds p zeros on each side of the input before the kernel slides "
        "(but the padding zeros are not columns of V: V multiplies the unpadded x).": (
            _out(H_IN, p=0) * _out(W_IN, p=0),
            H_IN * W_IN,
        ),
        "Padding adds rows to the output, but it adds no columns to V: the padding zeros are not part of x. "
        "V has H·W columns.": (_out(H_IN) * _out(W_IN), (H_IN + 2 * PADDING) * (W_IN + 2 * PADDING)),
        "That is the output image's shape (H_out, W_out); V is a matrix on the FLATTENED images.": (
            _out(H_IN),
            _out(W_IN),
        ),
        "The stride is missing: with stride 2 the kernel moves two pixels at a time, so the output is about "
        "half as tall and wide.": (_out(H_IN, s=1) * _out(W_IN, s=1), H_IN * W_IN),
    },
)

# ------------------------------------------------------------------------------ 3. non-zeros

NNZ_N, NNZ_K, NNZ_P = 7, 3, 1  # 6x6 gives 256, which the lesson prints (as a size)


def _nonzeros():
    from helpers.conv import conv_matrix as library_conv_matrix

    V = library_conv_matrix(np.ones((NNZ_K, NNZ_K)), (NNZ_N, NNZ_N), stride=1, padding=NNZ_P)
    return int(np.count_nonzero(V))


register_value(
    "conv_matrix_nonzeros",
    lesson="07",
    number=3,
    section="§2 From scratch: building $V$, then $Vx$ and $V^\\top y$",
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

# ------------------------------------------------------------------------------ 4. V^T

register_choice(
    "transpose_not_inverse",
    lesson="07",
    number=4,
    section="§3 The transpose is not the inverse",
    title="choose the true statement about Vᵀ",
    question="A convolution with kernel w (stride s, padding p) maps the flattened input x to y = V x. "
    "Which statement about Vᵀ is true?",
    options={
        "a": "Vᵀ y has x's shape but in general not x's values (VᵀV ≠ I), and Vᵀ g is the gradient of the "
        "convolution with respect to its input, for an upstream gradient g.",
        "b": "Vᵀ = V⁻¹: the transposed convolution with the same kernel gives x back, so it undoes the "
        "convolution.",
        "c": "Vᵀ y has the same shape as y: transposing a matrix rearranges its entries, not the sizes it "
        "maps between, so the transposed convolution keeps the size.",
        "d": "Vᵀ is V with the kernel flipped: multiplying by Vᵀ is a convolution with the flipped kernel at "
        "the same stride and padding, so it has the output's size.",
    },
    answer="a",
    explanation="V is (H_out·W_out) × (H·W), so Vᵀ is (H·W) × (H_out·W_out): it maps an output-sized vector "
    "to an input-sized one, which is why transposed convolutions upsample. But V is usually not even square "
    "and VᵀV has rank at most H_out·W_out, so VᵀV x ≠ x (section 3). And for L = ⟨g, V x⟩, ∇ₓL = Vᵀ g: "
    "the transposed convolution is exactly the vector-Jacobian product that backpropagation computes for a "
    "convolution (section 4).",
    hint="Write down the shape of V, then of Vᵀ. Then ask: can a matrix with fewer rows than columns have "
    "an inverse?",
    wrong_answers={
        "Vᵀ is the inverse only when V is square with orthonormal rows (section 3.3). A 3x3 kernel on a 4x4 "
        "input gives a 4 x 16 V: nothing can undo losing 12 of 16 numbers.": "b",
        "Transposing swaps the two sizes: V is (H_out·W_out) × (H·W), so Vᵀ maps H_out·W_out numbers to "
        "H·W numbers.": "c",
        "For stride 1 Vᵀ is indeed a convolution with the flipped kernel, but a FULL one (padding k - 1 - p) "
        "that grows the image back; with stride > 1 it also inserts zeros. It never has the output's size "
        "unless V is square.": "d",
    },
)
