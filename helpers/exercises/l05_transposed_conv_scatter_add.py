"""Lesson 05, "Transposed convolution as scatter-add" (solutions/05_transposed_conv_scatter_add.ipynb): four
exercises: implement a variant the lesson does not show (a dilated kernel), predict one output value, predict
an output shape with padding, and choose why a transposed convolution is not a deconvolution."""

from __future__ import annotations

import numpy as np

from helpers.checks import OVERLAP, case, register_choice, register_explain, register_function, register_value

# ------------------------------------------------------------------------------ 1. a dilated kernel (transfer)


def trans_conv_dilated(X, K, stride=1, dilation=1):
    """Single-channel transposed convolution with a dilated kernel, by scatter-add (no padding): every input
    element ``X[i, j]`` adds ``X[i, j] * K[a, b]`` into output ``(i*stride + a*dilation, j*stride + b*dilation)``.

    ``X`` is (H, W), ``K`` is (kH, kW); returns a float array of shape
    ``((H - 1)*stride + dilation*(kH - 1) + 1, (W - 1)*stride + dilation*(kW - 1) + 1)``. Equals
    ``torch.nn.functional.conv_transpose2d(X, K, stride=stride, dilation=dilation)`` on one channel.
    """
    X = np.asarray(X, dtype=np.float64)
    K = np.asarray(K, dtype=np.float64)
    h, w = X.shape
    kh, kw = K.shape
    d = dilation
    Y = np.zeros(((h - 1) * stride + d * (kh - 1) + 1, (w - 1) * stride + d * (kw - 1) + 1))
    for i in range(h):
        for j in range(w):
            r, c = i * stride, j * stride
            Y[r : r + d * (kh - 1) + 1 : d, c : c + d * (kw - 1) + 1 : d] += X[i, j] * K
    return Y


def _no_dilation(X, K, stride=1, dilation=1):
    return trans_conv_dilated(X, K, stride, 1)


def _swapped(X, K, stride=1, dilation=1):
    """Stride and dilation exchanged: right whenever they are equal."""
    return trans_conv_dilated(X, K, dilation, stride)


def _dilation_times_k(X, K, stride=1, dilation=1):
    """The dilated kernel taken as d*k long: d - 1 zero rows and columns too many at the bottom and right."""
    Y = trans_conv_dilated(X, K, stride, dilation)
    return np.pad(Y, ((0, dilation - 1), (0, dilation - 1)))


def _overwrites(X, K, stride=1, dilation=1):
    X = np.asarray(X, dtype=np.float64)
    K = np.asarray(K, dtype=np.float64)
    h, w = X.shape
    kh, kw = K.shape
    d = dilation
    Y = np.zeros(((h - 1) * stride + d * (kh - 1) + 1, (w - 1) * stride + d * (kw - 1) + 1))
    for i in range(h):
        for j in range(w):
            r, c = i * stride, j * stride
            Y[r : r + d * (kh - 1) + 1 : d, c : c + d * (kw - 1) + 1 : d] = X[i, j] * K
    return Y


def _input_dtype(X, K, stride=1, dilation=1):
    """Allocates the output with X's dtype: integer X truncates (or refuses) the float products."""
    X = np.asarray(X)
    Y = trans_conv_dilated(X, K, stride, dilation)
    if X.dtype.kind in "iu":
        Y = np.zeros(Y.shape, dtype=X.dtype)
        K = np.asarray(K)
        kh, kw = K.shape
        d = dilation
        for i in range(X.shape[0]):
            for j in range(X.shape[1]):
                r, c = i * stride, j * stride
                Y[r : r + d * (kh - 1) + 1 : d, c : c + d * (kw - 1) + 1 : d] += X[i, j] * K
    return Y


def _random_case(rng: np.random.Generator):
    kh, kw = (int(v) for v in rng.integers(1, 4, size=2))
    h, w = (int(v) for v in rng.integers(1, 6, size=2))
    return case(rng.standard_normal((h, w)).round(2), rng.standard_normal((kh, kw)).round(2),
                int(rng.integers(1, 5)), int(rng.integers(1, 4)))


def _overlaps(c) -> bool:
    X, K = np.asarray(c.args[0]), np.asarray(c.args[1])
    stride = c.args[2] if len(c.args) > 2 else c.kwargs.get("stride", 1)
    dilation = c.args[3] if len(c.args) > 3 else c.kwargs.get("dilation", 1)
    return trans_conv_dilated(np.ones(X.shape), np.ones(K.shape), stride, dilation).max() > 1


D2L = np.array([[0.0, 1.0], [2.0, 3.0]])

register_function(
    "trans_conv_dilated",
    lesson="05",
    number=1,
    section="§2 From scratch: the scatter-add loop",
    title="implement trans_conv_dilated(X, K, stride=1, dilation=1) (scatter-add with a dilated kernel)",
    reference=trans_conv_dilated,
    example=case(D2L, D2L, 2, 2),
    cases=[
        case(D2L, D2L),                                                              # the defaults: d2l's example
        case(D2L, D2L, 2, 2),
        case(D2L, D2L, 1, 2),
        case(np.array([[1.0, -2.0, 0.5]]), np.array([[1.0], [2.0]]), 3, 2),
        case(np.array([[2.0, 1.0]]), np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), dilation=3),
        case(np.arange(6.0).reshape(2, 3), np.array([[1.0, -1.0, 2.0], [0.5, 3.0, -2.0]]), 2),
        case(np.array([[1, 2], [3, 4]]), np.array([[0.5, -1.0], [0.25, 2.0]]), 1, 3),     # integer image
        case(np.array([[1, 0, 2], [-1, 3, 1]]), np.array([[1, 2], [3, 4]]), 3, 2),       # integers only
        case(np.random.default_rng(5).standard_normal((12, 10)).round(3),
             np.random.default_rng(6).standard_normal((3, 3)).round(3), 4, 2),         # larger, overlapping
    ],
    random_cases=_random_case,
    n_random=16,
    hint="Kernel tap (a, b) of element (i, j) lands at (i*stride + a*dilation, j*stride + b*dilation): the taps "
    "are dilation apart, the windows stride apart. The last position written is (H - 1)*stride + "
    "(kH - 1)*dilation, so allocate one more than that, then add (+=) every product.",
    wrong_answers={
        "Your result ignores the dilation: the taps of one window must sit dilation apart, K[a, b] at "
        "(i*stride + a*dilation, j*stride + b*dilation), so the kernel covers dilation*(kH - 1) + 1 rows.":
            _no_dilation,
        "Stride and dilation are swapped (the two agree only when they are equal): the stride is the step "
        "between two input elements' windows, the dilation the step between two taps of one window.": _swapped,
        "Your output has dilation - 1 rows and columns of zeros too many at the bottom and right: a dilated "
        "kernel spans dilation*(kH - 1) + 1 positions, not dilation*kH (no zeros after its last tap).":
            _dilation_times_k,
        "Overlapping windows must ADD (+=): you assigned (=), so each later element overwrote what the "
        "earlier ones had written.": _overwrites,
        "Your output takes X's dtype (np.zeros(..., dtype=X.dtype) or np.zeros_like): with an integer image "
        "and a float kernel the products do not fit. The statement asks for a float array whatever X's "
        "dtype: np.zeros(shape) is float64.": _input_dtype,
    },
    covers={OVERLAP: _overlaps},
)

# ------------------------------------------------------------------------------ 2. one output value

VALUE_X = np.array([[1.0, 2.0], [3.0, 4.0]])
VALUE_K = np.array([[1.0, 2.0], [3.0, 4.0]])
VALUE_AT = (1, 1)


def _value():
    return float(trans_conv_dilated(VALUE_X, VALUE_K)[VALUE_AT])


register_value(
    "trans_conv_center_value",
    lesson="05",
    number=2,
    section="§1 Intuition: one scaled kernel per input element",
    title="predict Y[1, 1] of X = K = [[1, 2], [3, 4]] (stride 1)",
    expected=_value,
    precision="write it exactly",
    hint="Which input elements' windows cover output (1, 1)? Each of the four does; element (i, j) puts its "
    "kernel tap K[1 - i, 1 - j] there. Add the four products.",
    wrong_answers={
        "You paired X[a, b] with K[a, b] and summed: that is a convolution's dot product (one window read "
        "once). In the scatter-add, element (i, j) reaches output (1, 1) with the tap K[1 - i, 1 - j].": float(
            (VALUE_X * VALUE_K).sum()
        ),
        "That is only the last write, X[1, 1] * K[0, 0]: the four windows overlap at (1, 1) and their "
        "contributions add up.": float(VALUE_X[1, 1] * VALUE_K[0, 0]),
        "That is X[1, 1] * K[1, 1], the product at the same position; but element (1, 1)'s window starts "
        "at (1, 1), so it puts K[0, 0] there, and three other elements write there too.": float(
            VALUE_X[1, 1] * VALUE_K[1, 1]
        ),
    },
)

# ------------------------------------------------------------------------------ 3. a shape, with padding

SHAPE_N, SHAPE_K, SHAPE_S, SHAPE_P = 3, 3, 2, 1


def _shape():
    from helpers.conv import trans_conv

    return trans_conv(np.ones((SHAPE_N, SHAPE_N)), np.ones((SHAPE_K, SHAPE_K)), SHAPE_S, SHAPE_P).shape


def _full(n=SHAPE_N, k=SHAPE_K, s=SHAPE_S):
    return (n - 1) * s + k


register_value(
    "trans_conv_padded_shape",
    lesson="05",
    number=3,
    section="§2 From scratch: the scatter-add loop",
    title=f"predict the output shape ({SHAPE_N}x{SHAPE_N} input, {SHAPE_K}x{SHAPE_K} kernel, "
    f"stride={SHAPE_S}, padding={SHAPE_P})",
    expected=_shape,
    hint="First the scatter-add's full output, (H - 1)*stride + k per side; then padding CROPS p rows and "
    "columns from each side of it.",
    wrong_answers={
        "That is the full scatter-add output: in a transposed convolution, padding removes p rows and "
        "columns from EACH side of it.": (_full(), _full()),
        "Padding crops p from each side, so 2p in all per axis, not p.": (_full() - SHAPE_P, _full() - SHAPE_P),
        "Padding crops the transposed convolution's output; it does not add to it (that is what it does to a "
        "convolution's input).": (_full() + 2 * SHAPE_P, _full() + 2 * SHAPE_P),
        "That is the size of a convolution with these settings, which shrinks: a transposed convolution "
        "grows the image.": (
            (SHAPE_N + 2 * SHAPE_P - SHAPE_K) // SHAPE_S + 1,
            (SHAPE_N + 2 * SHAPE_P - SHAPE_K) // SHAPE_S + 1,
        ),
    },
)

# ------------------------------------------------------------------------------ 4. not a deconvolution

register_choice(
    "not_a_deconvolution",
    lesson="05",
    number=4,
    section="§6 Transposed convolution is not deconvolution",
    title="choose why a transposed convolution is not a deconvolution",
    question="An image x is blurred by a convolution with kernel k: y = conv(x, k). You feed y to a "
    "transposed convolution with the same kernel, same stride and padding. Which statement is true?",
    options={
        "a": "You get x back: the transposed convolution is the inverse of the convolution, which is why "
        "papers and frameworks also call it a deconvolution.",
        "b": "You get x back up to a constant factor, the sum of the kernel's squared weights, because "
        "transposing inverts a matrix up to scale.",
        "c": "You get an array of x's shape but not x: each y value is scattered back with the same "
        "weights, so x is blurred again.",
        "d": "You get an array of y's shape: with the same stride and padding a transposed convolution keeps "
        "the size of its input.",
    },
    answer="c",
    explanation="The transposed convolution multiplies by the transpose of the convolution's matrix, not by "
    "its inverse: it restores the shape (the output-size formulas are each other's inverse) but not the "
    "values. A true deconvolution inverts the blur, e.g. X = Y / K in the Fourier domain for a circular "
    "convolution whose kernel has no zero frequency, and it fails or amplifies noise when the blur is badly "
    "conditioned.",
    hint="Try it on the smallest case: a 1x1 kernel [[2]]. What does the convolution do to x, and what does "
    "the transposed convolution with the same kernel do to the result?",
    wrong_answers={
        "Try the 1x1 kernel [[2]]: the convolution doubles x, the transposed convolution doubles it again, "
        "4x, not x. 'Deconvolution' is a misleading old name for this layer.": "a",
        "Only for special kernels (orthonormal ones) is it a scaled inverse; a blur mixes neighbours, and "
        "scattering them back mixes them again rather than separating them.": "b",
        "The transposed convolution undoes the convolution's change of SHAPE: from y's size it returns x's "
        "size (lesson 06).": "d",
    },
)


# ------------------------------------------------------------------------------ 5. explain

register_explain(
    "transpose_is_not_inverse_explained",
    lesson="05",
    number=5,
    section='§6 Transposed convolution is not deconvolution',
    title='why ConvTranspose2d does not undo Conv2d',
    question=("A colleague says: 'ConvTranspose2d with the same kernel undoes a Conv2d; that is why it used to "
              "be called deconvolution.' Explain what the transposed convolution really computes from y = Vx, "
              'and what a true deconvolution has to do instead.'),
    key_points={
        'Which matrix does the transposed convolution apply to y?':
            ['transpose', 'V\\s*\\^?\\s*T', 'V\\^\\\\?top', 'adjoint'],
        'What do you get back, instead of x?':
            ['V\\s*\\^?\\s*T\\s*V', 'not (the |an |its )?inverse', 'blur', 'smooth', 'not x\\b', 'scal'],
        'How does a real deconvolution recover x?':
            [
                'divid',
                'solv',
                'invers(e|ion) (of|filter|problem|matrix)',
                'ill[- ]?(posed|conditioned)',
                'wiener',
                'fourier',
            ],
    },
    model_answer=('A convolution is a matrix product y = Vx. The transposed convolution multiplies by the '
                  'transpose, V^T y = V^T V x, which is a blurred and rescaled version of x, not x: the transpose '
                  'is not the inverse unless V^T V is the identity. A true deconvolution has to solve Vx = y, for '
                  "instance by dividing by the kernel's Fourier transform, and that is ill-conditioned when the "
                  'kernel nearly cancels some frequencies.'),
    wrong_answers={
        'Which matrix does the transposed convolution apply to y?':
            ('It cannot undo it because information is lost at the borders of the image and because the '
             'weights are learned, so the result is only approximately the input; solving the linear system '
             'exactly would recover it.'),
    },
)
