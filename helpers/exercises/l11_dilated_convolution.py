"""Lesson 11, "Dilated convolution" (solutions/11_dilated_convolution.ipynb): five exercises: implement
dilate_kernel, implement the receptive-field recursion, predict the receptive field of a stack, predict the
output size of a dilated layer (it does not upsample), and choose the dilation sequence without gridding."""

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

# ------------------------------------------------------------------------------ 1. dilate_kernel


def dilate_kernel(K, d):
    """The (kH, kW) kernel K with d - 1 zeros inserted between neighbouring taps along both axes.

    Returns a float array of shape ``(d*(kH-1)+1, d*(kW-1)+1)`` holding ``K[a, b]`` at ``(a*d, b*d)``.
    """
    K = np.asarray(K, dtype=np.float64)
    kh, kw = K.shape
    out = np.zeros((d * (kh - 1) + 1, d * (kw - 1) + 1))
    out[::d, ::d] = K
    return out


def _d_zeros(K, d):
    return dilate_kernel(K, d + 1)


def _kron(K, d):
    corner = np.zeros((d, d))
    corner[0, 0] = 1.0
    return np.kron(np.asarray(K, dtype=np.float64), corner)


def _padded(K, d):
    K = np.asarray(K, dtype=np.float64)
    kh, kw = K.shape
    extra_h, extra_w = (d - 1) * (kh - 1), (d - 1) * (kw - 1)
    return np.pad(K, ((extra_h // 2, extra_h - extra_h // 2), (extra_w // 2, extra_w - extra_w // 2)))


def _kernel_case(rng: np.random.Generator):
    kh, kw = (int(v) for v in rng.integers(1, 5, size=2))
    return case(rng.standard_normal((kh, kw)).round(2), int(rng.integers(1, 5)))


register_function(
    "dilate_kernel_2d",
    lesson="11",
    number=1,
    section="§2 From scratch, then PyTorch and Keras",
    title="implement dilate_kernel(K, d)",
    reference=dilate_kernel,
    example=case(np.array([[1.0, 2.0], [3.0, 4.0]]), 1),
    cases=[
        case(np.array([[1.0, 2.0], [3.0, 4.0]]), 1),
        case(np.arange(1.0, 10.0).reshape(3, 3), 2),
        case(np.array([[1.0, -2.0, 0.5], [3.0, 4.0, -1.0]]), 3),
        case(np.array([[2.0]]), 4),
        case(np.array([[1.0, 2.0, 3.0, 4.0]]), 2),
        case(np.array([[1, 2], [3, 4]]), 2),                                       # integers
        case(np.random.default_rng(12).standard_normal((10, 10)).round(2), 3),     # larger
    ],
    n_random=18,
    random_cases=_kernel_case,
    hint="The taps stay where they were, d positions apart instead of 1: K[a, b] goes to (a*d, b*d), and the "
    "d - 1 positions between two taps hold zeros. Nothing comes after the last tap, so the size is d*(k - 1) + 1.",
    wrong_answers={
        "You inserted d zeros between taps: dilation d puts taps d apart, which leaves d - 1 zeros between them "
        "(dilation 1 is the ordinary kernel, no zeros at all).": _d_zeros,
        "There are zeros after the last tap too (np.kron with a d x d corner gives k*d values per axis). The "
        "dilated kernel ends at its last tap: d*(k - 1) + 1 values.": _kron,
        "Right size, wrong place for the zeros: they go BETWEEN the taps, not around the kernel (that is "
        "padding, and it leaves the taps next to each other).": _padded,
    },
    covers={
        OVERLAP: "spreads one kernel's taps apart; nothing slides",
    },
)

# ------------------------------------------------------------------------------ 2. the recursion


def receptive_field_sizes(layers):
    """Receptive-field size after each layer of a stack of (kernel, stride, dilation) layers, as a list of ints.

    ``R_0 = 1, J_0 = 1``; per layer ``R = R + d*(k - 1)*J``, then ``J = J*s``.
    """
    size, jump, sizes = 1, 1, []
    for k, s, d in layers:
        size += d * (k - 1) * jump
        jump *= s
        sizes.append(size)
    return sizes


def _no_jump(layers):
    size, sizes = 1, []
    for k, _, d in layers:
        size += d * (k - 1)
        sizes.append(size)
    return sizes


def _no_dilation(layers):
    return receptive_field_sizes([(k, s, 1) for k, s, _ in layers])


def _k_times_d(layers):
    size, jump, sizes = 1, 1, []
    for k, s, d in layers:
        size += (k * d - 1) * jump
        jump *= s
        sizes.append(size)
    return sizes


def _jump_first(layers):
    size, jump, sizes = 1, 1, []
    for k, s, d in layers:
        jump *= s
        size += d * (k - 1) * jump
        sizes.append(size)
    return sizes


def _sum_of_spans(layers):
    total, sizes = 0, []
    for k, _, d in layers:
        total += d * (k - 1) + 1
        sizes.append(total)
    return sizes


def _stack_case(rng: np.random.Generator):
    n = int(rng.integers(1, 5))
    return case([(int(rng.integers(1, 6)), int(rng.integers(1, 3)), int(rng.integers(1, 5))) for _ in range(n)])


register_function(
    "receptive_field_sizes",
    lesson="11",
    number=2,
    section="§4 How fast the receptive field grows",
    title="implement receptive_field_sizes(layers)",
    reference=receptive_field_sizes,
    example=case([(3, 1, 1)]),
    cases=[
        case([(3, 1, 1)]),
        case([(3, 1, 2), (3, 1, 2)]),
        case([(3, 2, 1), (3, 1, 1)]),
        case([(3, 1, 1), (3, 1, 2), (3, 1, 4), (3, 1, 8)]),
        case([(2, 2, 1), (3, 1, 3), (5, 2, 2)]),
        case([(1, 1, 5)]),
        case([(3, 2, 1)] * 8 + [(3, 1, 1)]),                                         # deeper: 767
    ],
    n_random=19,
    random_cases=_stack_case,
    hint="Keep two numbers, the size R and the jump J, both 1 for the input. A layer's k taps, d apart, span "
    "d*(k - 1) + 1 of ITS input positions, and neighbouring positions of its input are J input pixels apart: "
    "R grows by d*(k - 1)*J. Only then does the stride multiply J.",
    wrong_answers={
        "The dilation is missing: a dilated kernel's taps are d apart, so it spans d*(k - 1) + 1 positions, "
        "not k.": _no_dilation,
        "The effective kernel size is d*(k - 1) + 1, not k*d: the zeros go only between taps.": _k_times_d,
        "You added up the layers' effective kernel sizes. Neighbouring layers share their end pixels: a layer "
        "adds d*(k - 1) to the size (times the jump), not d*(k - 1) + 1.": _sum_of_spans,
        "The jump is missing: after a stride-s layer, neighbouring positions are s input pixels apart, so every "
        "later layer's growth is multiplied by the product of the strides below it.": _no_jump,
        "You multiplied the jump by this layer's stride before using it. A layer's own stride spaces its "
        "OUTPUTS; its kernel still spans its input positions, J_(l-1) apart.": _jump_first,
    },
    covers={
        INT_AND_FLOAT: "the layers are (kernel, stride, dilation) ints",
        OVERLAP: lambda c: any(k > s for k, s, d in c.args[0]),   # kernel > stride: windows overlap
    },
)

# ------------------------------------------------------------------------------ 3. a stack's field

STACK = [(7, 2, 1, 3), (3, 2, 1, 1), (3, 1, 2, 2), (3, 1, 5, 5)]
"""A 7x7 stride-2 stem, a 3x3 stride-2 layer, then 3x3 layers with dilations 2 and 5: a stack the lesson does not
print (its stacks start with 3x3 or 2x2 layers; tests/test_l11 checks that neither the stack nor its field is
printed)."""


def _stack_size():
    from helpers.receptive import receptive_field

    return receptive_field(STACK)[-1].size


def _stack_wrong(fn):
    return fn([(k, s, d) for k, s, d, _ in STACK])[-1]


register_value(
    "stack_receptive_field",
    lesson="11",
    number=3,
    section="§4 How fast the receptive field grows",
    title="predict the receptive field of a four-layer stack",
    expected=_stack_size,
    hint="Walk up the stack with R and J: each layer adds d*(k - 1)*J to R, then multiplies J by its stride. "
    "Padding moves the field but does not change its size.",
    wrong_answers={
        "The strides are missing: after two stride-2 layers neighbouring positions are 4 input pixels apart, "
        "so every later layer grows the field 4 times faster.": _stack_wrong(_no_jump),
        "The dilations are missing: a 3x3 layer with dilation d spans d*(k - 1) + 1 of its input positions, "
        "not 3.": _stack_wrong(_no_dilation),
        "The effective kernel size is d*(k - 1) + 1, not k*d.": _stack_wrong(_k_times_d),
        "A layer's own stride does not stretch its own kernel: apply it to J after the layer's growth.": (
            _stack_wrong(_jump_first)
        ),
    },
)

# ------------------------------------------------------------------------------ 4. output size

SIZE_IN, SIZE_K, SIZE_D, SIZE_P = 50, 3, 3, 2  # padding smaller than d: not 'same'


def _dilated_output_size():
    from helpers.conv import conv_output_size

    return conv_output_size(SIZE_IN, SIZE_K, stride=1, padding=SIZE_P, dilation=SIZE_D)


register_value(
    "dilated_output_size",
    lesson="11",
    number=4,
    section="§3 A wider view without losing resolution",
    title=f"predict the output size of a {SIZE_K}x{SIZE_K} conv, dilation {SIZE_D}, padding {SIZE_P}, on a "
    f"{SIZE_IN}x{SIZE_IN} map",
    expected=_dilated_output_size,
    hint="Use the convolution output size with the effective kernel d*(k - 1) + 1: "
    "floor((i + 2p - d*(k - 1) - 1)/s) + 1, here with s = 1. One integer (the height, = the width).",
    wrong_answers={
        "Dilation does not upsample: it spreads the kernel's taps, and the map it slides over keeps its size "
        "(or shrinks without enough padding). It never grows.": SIZE_IN * SIZE_D,
        "The padding is missing: without it the map would shrink by d*(k - 1).": SIZE_IN - SIZE_D * (SIZE_K - 1),
        "That is the size for an undilated 3x3 kernel with this padding: the dilated kernel is d*(k - 1) + 1 "
        "wide.": SIZE_IN + 2 * SIZE_P - SIZE_K + 1,
    },
)

# ------------------------------------------------------------------------------ 5. gridding

SEQUENCES = {"a": (3, 6, 9), "b": (1, 3, 7), "c": (2, 3, 5), "d": (1, 3, 10)}
"""None of these is printed in the lesson (tests/test_l11 checks it): the learner applies the rule."""


def _gridding_free():
    from helpers.receptive import influence

    free = [key for key, rates in SEQUENCES.items() if influence([(3, 1, r) for r in rates]).min() > 0]
    assert len(free) == 1, "exactly one option must be gridding-free"
    return free[0]


register_choice(
    "gridding_free_rates",
    lesson="11",
    number=5,
    section="§5 The gridding artifact, and hybrid dilation",
    title="choose the dilation sequence without gridding",
    question="Three 3x3 convolutions, stride 1, are stacked with the dilation rates below. For which sequence "
    "does every input pixel inside the receptive field of an output pixel influence that pixel (no holes)?",
    options={key: f"dilations {', '.join(map(str, rates))}" for key, rates in SEQUENCES.items()},
    answer=_gridding_free,
    explanation="With 3x3 kernels the output pixel sees the offsets a1*r1 + a2*r2 + a3*r3, each a in {-1, 0, 1}. "
    "Sorted, each rate must be at most 2 * (sum of the smaller rates) + 1: for 1, 3, 7 that is 1 <= 1, 3 <= 3 "
    "and 7 <= 9, so the offsets cover every integer from -11 to 11. 3, 6, 9 share the factor 3; 2, 3, 5 has no "
    "common factor but no rate 1 (offsets +-9 are missing); 1, 3, 10 jumps too far (10 > 9: offsets +-5 are "
    "missing).",
    hint="Apply the lesson's rule (sort the rates; each at most 2 * (sum of the smaller ones) + 1), or list the "
    "offsets a1*r1 + a2*r2 + a3*r3 with every a in {-1, 0, 1}: is every integer from -(r1 + r2 + r3) to "
    "r1 + r2 + r3 there?",
    wrong_answers={
        "3, 6 and 9 share the factor 3: every offset is a multiple of 3, so two pixels in three along each "
        "axis are holes.": "a",
        "No common factor is not enough: the smallest rate must be 1 (rule: sorted, each rate at most "
        "2 * (sum of the smaller ones) + 1, and 2 > 1). Try to write the offset 9 as a1*2 + a2*3 + a3*5.": "c",
        "1 and 3 together reach offsets -4 to 4, and 10 shifts that to 6 ... 14: offset 5 is never reached "
        "(10 > 2 * 4 + 1).": "d",
    },
)


register_explain(
    'gridding_explained',
    lesson='11',
    number=6,
    section='§5 The gridding artifact, and hybrid dilation',
    title='why equal dilation rates leave holes',
    question=('Three 3x3 convolutions with dilation 2 are stacked at stride 1. Explain why some input pixels '
              'never influence an output pixel, and what a sequence of rates needs so that none is left out.'),
    key_points={'Which offsets can one such layer reach, and what do all of them have in common?': ['\\beven\\b',
                                                                                                    'multiples? '
                                                                                                    'of '
                                                                                                    '(2|two)',
                                                                                                    'common '
                                                                                                    '(factor|divisor)',
                                                                                                    'divisible '
                                                                                                    'by '
                                                                                                    '(2|two)'],
                'Which input positions does the whole stack then miss?': ['\\bodd\\b',
                                                                          'never '
                                                                          '(seen|see|reach|reached|used|touched)',
                                                                          'in between',
                                                                          '\\bskip'],
                'What condition on the rates fills the gaps?': ['2 ?(\\*|x|×)? ?(the )?(reach|sum)',
                                                                'twice',
                                                                'no common (factor|divisor)',
                                                                '\\bgcd\\b',
                                                                'coprime',
                                                                'rate (of )?1\\b',
                                                                '1, ?2, ?3']},
    model_answer=('With dilation 2 every tap of a layer sits at an even offset, and a sum of even offsets is '
                  'even, so the stack only reaches inputs at multiples of 2 from the centre: the odd '
                  'positions in between are never seen, a grid of holes. Mixing rates such as 1, 2, 3 fills '
                  'them: sorted, each rate must be at most 2 times the reach of the smaller ones plus 1, so '
                  'the small rates cover the gaps between the large taps.'),
    wrong_answers={'Which offsets can one such layer reach, and what do all of them have in common?': 'The '
                                                                                                      'output '
                                                                                                      'has '
                                                                                                      'holes '
                                                                                                      'because '
                                                                                                      'a 3x3 '
                                                                                                      'kernel '
                                                                                                      'is '
                                                                                                      'too '
                                                                                                      'small '
                                                                                                      'for '
                                                                                                      'the '
                                                                                                      'image; '
                                                                                                      'a '
                                                                                                      'bigger '
                                                                                                      'kernel '
                                                                                                      'would '
                                                                                                      'reach '
                                                                                                      'every '
                                                                                                      'pixel '
                                                                                                      'and '
                                                                                                      'remove '
                                                                                                      'the '
                                                                                                      'gridding '
                                                                                                      'artifact.'},
)
