"""Lesson 06, "Padding, stride and output size" (solutions/06_padding_stride_output_size.ipynb): four
exercises: implement the output-size formula, predict an output_padding, predict a parameter count,
choose the PyTorch settings that match Keras padding="same"."""

from __future__ import annotations

from helpers.checks import (
    INT_AND_FLOAT,
    OVERLAP,
    case,
    register_choice,
    register_explain,
    register_function,
    register_value,
)

# ------------------------------------------------------------------------------ 1. the formula


def conv_transpose_output_size(i, k, s=1, p=0, output_padding=0, dilation=1):
    """Output length of a transposed convolution (PyTorch's ConvTranspose formula), as an int."""
    return (i - 1) * s - 2 * p + dilation * (k - 1) + output_padding + 1


def _no_output_padding(i, k, s=1, p=0, output_padding=0, dilation=1):
    return (i - 1) * s - 2 * p + dilation * (k - 1) + 1


def _plus_padding(i, k, s=1, p=0, output_padding=0, dilation=1):
    return (i - 1) * s + 2 * p + dilation * (k - 1) + output_padding + 1


def _no_dilation(i, k, s=1, p=0, output_padding=0, dilation=1):
    return (i - 1) * s - 2 * p + (k - 1) + output_padding + 1


def _times_stride(i, k, s=1, p=0, output_padding=0, dilation=1):
    return i * s


def _minus_p(i, k, s=1, p=0, output_padding=0, dilation=1):
    return (i - 1) * s - p + dilation * (k - 1) + output_padding + 1


def _no_defaults(i, k, s, p, output_padding, dilation):
    return (i - 1) * s - 2 * p + dilation * (k - 1) + output_padding + 1


def _stride_two(i, k, s=2, p=0, output_padding=0, dilation=1):
    return (i - 1) * s - 2 * p + dilation * (k - 1) + output_padding + 1


def _dilation_zero(i, k, s=1, p=0, output_padding=0, dilation=0):
    return (i - 1) * s - 2 * p + dilation * (k - 1) + output_padding + 1


def _random_setting(rng):
    while True:
        i, k, s = (int(v) for v in rng.integers(1, [301, 8, 5]))
        p, d = int(rng.integers(0, 3)), int(rng.integers(1, 4))
        op = int(rng.integers(0, s))
        if conv_transpose_output_size(i, k, s, p, op, d) >= 1:
            return case(i, k, s, p, op, d)


register_function(
    "transpose_output_size",
    lesson="06",
    number=1,
    section="§2 The output size, derived",
    title="implement conv_transpose_output_size(i, k, s, p, output_padding, dilation)",
    reference=conv_transpose_output_size,
    example=case(4, 3, 1, 0, 0, 1),
    cases=[
        case(4, 3, 1, 0, 0, 1),
        case(3, 3, 2, 1, 0, 1),
        case(3, 3, 2, 1, 1, 1),
        case(4, 3, 1, 0, 0, 2),
        case(1, 1, 1, 0, 0, 1),
        case(2, 2, 2, 0, 0, 1),
        case(4, 3, 2, 1, 1, 1),
        case(7, 3, 2, 1, 0, 1),
        case(5, 4, 2, 1, 1, 1),
        case(3, 3, 1, 1, 0, 2),
        case(4, 3),                     # the defaults: s=1, p=0, output_padding=0, dilation=1
        case(5, 3, 2),
        case(16, 4, 2, 1),
        case(4, 3, dilation=2),
        case(128, 4, 2, 1, output_padding=1),
    ],
    random_cases=_random_setting,
    n_random=15,
    hint="Follow the scatter-add picture: input element j writes its kernel taps at j·s, j·s + d, ..., "
    "j·s + d·(k-1), so the full output ends at (i-1)·s + d·(k-1) and has one more position than that. "
    "Padding crops p from each end; output_padding adds positions at the end.",
    wrong_answers={
        "That is i·s, the size Keras padding='same' gives, not the general formula: it ignores the "
        "kernel and the padding. Count where the last input element's last tap lands.": _times_stride,
        "Padding crops a transposed convolution's output (it pads a convolution's input): subtract 2p, "
        "do not add it.": _plus_padding,
        "Forgot output_padding: it adds output_padding positions at the end (bottom/right).": (
            _no_output_padding
        ),
        "Forgot the dilation: a dilated kernel spans d·(k-1) + 1 positions, so its last tap lands "
        "d·(k-1) after its first.": _no_dilation,
        "Padding crops p positions from EACH end of the full output, so 2p in all: you subtracted p once.": (
            _minus_p
        ),
        "Your function needs the defaults the statement gives, s=1, p=0, output_padding=0, dilation=1 "
        "(def conv_transpose_output_size(i, k, s=1, p=0, output_padding=0, dilation=1)): the check also calls "
        "it with only i and k, as PyTorch's layers default them.": _no_defaults,
        "Check your defaults: with only i and k given, the stride is 1 (s=1), as in nn.ConvTranspose2d.": (
            _stride_two
        ),
        "Check your defaults: dilation=1 is an ordinary kernel (taps 1 apart); dilation=0 would put every tap "
        "on the same position.": _dilation_zero,
    },
    covers={
        INT_AND_FLOAT: "the inputs are sizes (ints), not arrays",
        OVERLAP: "a size formula: overlapping windows change values, not the output length",
    },
)

# ------------------------------------------------------------------------------ 2. output_padding

K, S, P, SMALL, TARGET = 3, 2, 1, 4, 8


def _needed_output_padding():
    return TARGET - conv_transpose_output_size(SMALL, K, S, P, 0)


register_value(
    "output_padding_back_to_8",
    lesson="06",
    number=2,
    section="§3 Many input sizes, one convolution output: `output_padding` picks",
    title=f"predict the output_padding that takes {SMALL} back to {TARGET} (k={K}, s={S}, p={P})",
    expected=_needed_output_padding,
    hint="Use your formula from Exercise 1 with output_padding=0 first: how far is that size from "
    f"{TARGET}? output_padding adds positions at the end (bottom/right), one each.",
    wrong_answers={
        f"With output_padding=0 the size is not {TARGET}: compute it with your Exercise 1 function and "
        "compare (two input sizes convolve to the same small size; output_padding picks one).": 0,
        f"output_padding must be smaller than the stride ({S}); compute what 2 would give with your formula.": 2,
        f"output_padding is not the size difference {TARGET} - {SMALL}: the stride already doubles the size; "
        "it only adds the few positions the formula is short of.": TARGET - SMALL,
    },
)

# ------------------------------------------------------------------------------ 3. parameters

C_IN, C_OUT, KERNEL = 24, 10, 5  # not the lesson's Conv2DTranspose(8, 4) on 16 channels, printed there


def _torch_parameter_count():
    import torch

    layer = torch.nn.ConvTranspose2d(C_IN, C_OUT, KERNEL)
    return int(sum(p.numel() for p in layer.parameters()))


register_value(
    "convtranspose_parameters",
    lesson="06",
    number=3,
    section="§5 Parameter counts",
    title=f"predict the parameter count of nn.ConvTranspose2d({C_IN}, {C_OUT}, {KERNEL}) (bias=True)",
    expected=_torch_parameter_count,
    hint="One k × k kernel for every (input channel, output channel) pair, plus one bias per output "
    "channel: C_in·C_out·k·k + C_out.",
    wrong_answers={
        "You counted the weights only: the layer also has a bias (bias=True is the default), one per "
        "output channel.": C_IN * C_OUT * KERNEL * KERNEL,
        "One bias per OUTPUT channel: the bias is added to each output feature map.": (
            C_IN * C_OUT * KERNEL * KERNEL + C_IN
        ),
        f"kernel_size={KERNEL} means a {KERNEL} × {KERNEL} kernel: {KERNEL * KERNEL} weights per channel pair, "
        f"not {KERNEL}.": (
            C_IN * C_OUT * KERNEL + C_OUT
        ),
    },
)

# ------------------------------------------------------------------------------ 4. Keras "same"

register_choice(
    "keras_same_in_torch",
    lesson="06",
    number=4,
    section="§4 Keras `padding=\"valid\"` and `\"same\"`, in PyTorch terms",
    title="choose the PyTorch settings that match Keras padding='same' (k=3, s=2)",
    question="keras.layers.Conv2DTranspose(filters, 3, strides=2, padding='same') maps an i × i input to "
    "2i × 2i. Which nn.ConvTranspose2d(..., kernel_size=3, stride=2, ...) settings give the same output "
    "size, and do they give the same values (same weights, converted with helpers.keras_to_torch_kernel)?",
    options={
        "a": "padding=1, output_padding=1: the same size and the same values, since both then crop one pixel",
        "b": "padding=1, output_padding=0: the same size and the same values, as padding=(k-1)//2 is 'same'",
        "c": "padding=0, output_padding=1: the same size and the same values",
        "d": "padding=1, output_padding=1: the same size, but the values shifted by one pixel",
    },
    answer="d",
    explanation="The full output is 2i + 1 long and 'same' keeps 2i, so one row (and one column) must go. "
    "Keras (TensorFlow) crops (k - s) // 2 = 0 at the top/left and the remaining 1 at the bottom/right; "
    "PyTorch's padding crops both ends equally, so padding=1 crops the top row and output_padding=1 "
    "gives the bottom row back. Same size, values one pixel apart. An exact match in PyTorch: "
    "padding=0, then drop the last row and column (y[..., :-1, :-1]).",
    hint="Count first: the full output of 3 taps at stride 2 is 2i + 1 long. Which end does each "
    "framework crop? Section 4 of the lesson finds it by code.",
    wrong_answers={
        "The sizes agree, but the lesson's section 4 compares the values too: which end of the full "
        "output does each framework crop?": "a",
        "padding=1, output_padding=0 gives (i-1)·2 - 2 + 2 + 0 + 1 = 2i - 1, one short of Keras's 2i: "
        "padding=(k-1)//2 is 'same' for a convolution, not for its transpose.": "b",
        "padding=0, output_padding=1 gives (i-1)·2 + 2 + 1 + 1 = 2i + 2, two more than Keras's 2i.": "c",
    },
)


# ------------------------------------------------------------------------------ 5. explain

register_explain(
    "why_padding_crops",
    lesson="06",
    number=5,
    section='§1 Intuition: padding crops the output',
    title='why padding makes a transposed convolution smaller',
    question=('For a convolution, a larger padding makes the output larger; for a transposed convolution, a '
              'larger padding makes the output smaller. Explain why, and by how much the output shrinks.'),
    key_points={
        'How is a transposed convolution related to the convolution with the same settings?':
            ['transpose', 'adjoint', 'backward', 'gradient', 'revers', 'swap'],
        'What is the transpose of surrounding an input with zeros?':
            ['\\bcrop', '\\bremov', '\\bcut', '\\btrim', 'discard', 'drop'],
        'How many positions go, and where?':
            [
                '2 ?\\*? ?p\\b',
                '\\beach (side|end|border|edge)',
                'both (sides|ends|borders|edges)',
                '\\bp (rows|positions|pixels|values)',
            ],
    },
    model_answer=('A transposed convolution computes the transpose (the backward pass) of the convolution with the '
                  'same kernel, stride and padding. The convolution first surrounds its input with p zeros; the '
                  "transpose of 'put the input in the middle of a zero frame' is 'take the middle', so the "
                  'transposed convolution computes its full output and then crops p positions from each side: 2p in'
                  ' all per axis.'),
    wrong_answers={
        'What is the transpose of surrounding an input with zeros?':
            ('The transposed convolution is the backward pass of the convolution with the same settings, so '
             'everything is reversed and the padding term in the size formula gets the opposite sign, 2p fewer'
             ' per axis.'),
    },
)
