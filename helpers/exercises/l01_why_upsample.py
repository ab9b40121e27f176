"""Lesson 01, "Why networks upsample" (solutions/01_why_upsample.ipynb): sizes, shapes, parameters."""

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


def encoder_decoder_sizes(size, depth):
    """Spatial sizes through an encoder-decoder: ``depth`` 2x2 max-poolings (floor), then ``depth`` x2 upsamplings.

    Returns the list ``[size, after pool 1, ..., after pool depth, after up 1, ..., after up depth]``
    (``2 * depth + 1`` ints).
    """
    sizes = [size]
    for _ in range(depth):
        sizes.append(sizes[-1] // 2)
    for _ in range(depth):
        sizes.append(sizes[-1] * 2)
    return sizes


def _random_sizes_case(rng: np.random.Generator):
    depth = int(rng.integers(0, 6))
    return case(int(rng.integers(2**depth, 200)), depth)


def _ceil_sizes(size, depth):
    sizes = [size]
    for _ in range(depth):
        sizes.append(-(-sizes[-1] // 2))
    for _ in range(depth):
        sizes.append(sizes[-1] * 2)
    return sizes


def _mirrored_sizes(size, depth):
    down = [size]
    for _ in range(depth):
        down.append(down[-1] // 2)
    return down + down[-2::-1]


register_function(
    "encoder_decoder_sizes",
    lesson="01",
    number=1,
    section="§3 Size arithmetic, from scratch",
    title="implement encoder_decoder_sizes(size, depth)",
    reference=encoder_decoder_sizes,
    example=case(32, 3),
    cases=[case(32, 3), case(36, 3), case(7, 1), case(100, 4), case(5, 0)],
    random_cases=_random_sizes_case,
    hint="Start the list with size. Going down, each 2x2 max pooling gives size // 2 (rounded down, as "
    "PyTorch and Keras do by default); going up, each x2 upsampling doubles the size it is given, whatever "
    "the encoder had at that level. The list has 2 * depth + 1 entries.",
    wrong_answers={
        "Looks like the pooling rounded up (ceil): max pooling with its defaults (PyTorch ceil_mode=False, "
        "Keras padding='valid') rounds down, 9 // 2 = 4.": _ceil_sizes,
        "Looks like the decoder copies the encoder's sizes in reverse. It cannot know them: each x2 "
        "upsampling doubles what it receives, so 4 becomes 8, not 9. That mismatch is the U-Net pitfall.": (
            _mirrored_sizes
        ),
        "The list should start with the input size itself, then one entry per pooling and per "
        "upsampling: 2 * depth + 1 entries.": lambda size, depth: encoder_decoder_sizes(size, depth)[1:],
        "One upsampling is missing at the end: a decoder has as many x2 steps as the encoder has "
        "poolings.": lambda size, depth: encoder_decoder_sizes(size, depth)[:-1] if depth else [size],
        "Looks like true division (/): sizes are whole pixel counts, so pooling uses floor division (//) "
        "and the list holds ints.": lambda size, depth: [size]
        + [size / 2**k for k in range(1, depth + 1)]
        + [size / 2**depth * 2**k for k in range(1, depth + 1)],
    },
    covers={
        INT_AND_FLOAT: "the inputs are a size and a depth (ints), not arrays",
        OVERLAP: "a list of sizes; the 2x2 poolings (stride 2) do not overlap",
    },
)

IN_SHAPE, DEPTH, CLASSES = (2, 3, 44, 60), 3, 5


def _output_shape():
    n, _, h, w = IN_SHAPE
    return (n, CLASSES, encoder_decoder_sizes(h, DEPTH)[-1], encoder_decoder_sizes(w, DEPTH)[-1])


register_value(
    "encoder_decoder_output_shape",
    lesson="01",
    number=2,
    section="§4 A tiny U-Net in NumPy, PyTorch and Keras",
    title=f"predict the output shape for an input of shape {IN_SHAPE}",
    expected=_output_shape,
    hint="Trace H and W separately: each pooling floors (44 // 2 = 22, ...), each x2 upsampling doubles. "
    "The channels of the output are set by the last 1x1 convolution, not by the input.",
    wrong_answers={
        "An encoder-decoder returns the input size only when H and W are divisible by 2 ** depth = 8; "
        "44 and 60 are not. Trace the sizes: 44 -> 22 -> 11 -> 5 -> ...": (2, 5, 44, 60),
        "The output channels are the 5 class scores of the final 1x1 convolution, not the 3 input "
        "channels.": (2, 3, 40, 56),
        "That is channels-last (NHWC), Keras's layout; the network here is PyTorch, (N, C, H, W).": (
            2, 40, 56, 5
        ),
        "Looks like rounding up at the odd sizes (11 -> 6); max pooling rounds down by default.": (2, 5, 48, 64),
    },
)


TC_IN, TC_OUT, TC_K = 12, 20, 3  # not the lesson's ConvTranspose2d(16, 8, 4), whose count the lesson prints


def _transposed_parameters():
    import torch

    layer = torch.nn.ConvTranspose2d(TC_IN, TC_OUT, kernel_size=TC_K, stride=2, padding=1)
    return int(sum(p.numel() for p in layer.parameters()))


register_value(
    "transposed_conv_parameters",
    lesson="01",
    number=3,
    section="§5 The map of upsampling methods",
    title=f"count the parameters of ConvTranspose2d({TC_IN}, {TC_OUT}, kernel_size={TC_K}, stride=2, padding=1)",
    expected=_transposed_parameters,
    hint="A transposed convolution has one k x k kernel for every (input channel, output channel) pair, "
    "plus one bias per output channel. Stride and padding change the output size, not the parameters.",
    wrong_answers={
        "The bias is missing: bias=True is the default, one bias per output channel.": TC_IN * TC_OUT * TC_K**2,
        f"The bias belongs to the output channels ({TC_OUT}), not the input channels ({TC_IN}).": (
            TC_IN * TC_OUT * TC_K**2 + TC_IN
        ),
        f"Every output channel has a kernel for each of the {TC_IN} input channels: multiply by {TC_IN}.": (
            TC_OUT * TC_K**2 + TC_OUT
        ),
        "A k x k kernel has k² weights per channel pair, not k.": TC_IN * TC_OUT * TC_K + TC_OUT,
        "Stride and padding do not add parameters: they only change where the kernel copies land.": (
            (TC_IN * TC_OUT * TC_K**2 + TC_OUT) * 2
        ),
    },
)

_LAYERS = {
    "a": "nn.ConvTranspose2d(16, 16, 4, stride=2, padding=1)",
    "b": "nn.Upsample(scale_factor=2, mode='bicubic', align_corners=False)",
    "c": "nn.MaxUnpool2d(kernel_size=2, stride=2)",
    "d": "nn.PixelShuffle(upscale_factor=2)",
}


def _learnable_letter():
    from torch import nn

    layers = {
        "a": nn.ConvTranspose2d(16, 16, 4, stride=2, padding=1),
        "b": nn.Upsample(scale_factor=2, mode="bicubic", align_corners=False),
        "c": nn.MaxUnpool2d(kernel_size=2, stride=2),
        "d": nn.PixelShuffle(upscale_factor=2),
    }
    (letter,) = [k for k, layer in layers.items() if sum(p.numel() for p in layer.parameters()) > 0]
    return letter


register_choice(
    "learnable_upsampling_layer",
    lesson="01",
    number=4,
    section="§5 The map of upsampling methods",
    title="choose the upsampling layer that has learnable parameters",
    question="Which of these PyTorch layers makes a feature map bigger with weights that training "
    "changes (learnable parameters)?",
    options={k: f"`{v}`" for k, v in _LAYERS.items()},
    answer=_learnable_letter,
    explanation="Only the transposed convolution has parameters (16 * 16 * 4 * 4 weights + 16 biases). "
    "Bicubic resizing uses a fixed kernel, max-unpooling only writes values where pooling's indices say, "
    "and pixel shuffle only moves values from channels to positions: all three have none. A sub-pixel "
    "convolution learns through the convolution placed before the shuffle.",
    hint="A layer learns only if it holds weights: which of these computes its output from numbers of "
    "its own, rather than from fixed rules?",
    wrong_answers={
        "Bicubic weights are fixed by the distance to the neighbours (a cubic polynomial); nothing is "
        "trained.": "b",
        "Unpooling puts each value back where max pooling found it and zeros elsewhere: indices, not "
        "weights.": "c",
        "Pixel shuffle only rearranges (N, C*4, H, W) into (N, C, 2H, 2W); the learning happens in the "
        "convolution before it.": "d",
    },
)

_FIX_OPTIONS = {
    "a": "centre-crop each skip to the size of the upsampled map before concatenating (the original U-Net "
    "crops its skips too)",
    "b": "use ceil_mode=True in every max pooling, so that 25 becomes 13 instead of 12 and no row is lost on "
    "the way down",
    "c": "use depth 3 instead of 4: one pooling fewer means one rounding fewer",
    "d": "pad the input to 112 × 112 (the next multiple of 16), run the network, crop the output to 100 × 100",
}


def _fix_letter():
    """The option whose size trace has every concatenation match and an output of 100."""

    def sizes_ok(size, depth, ceil=False, crop=False):
        enc = [size]
        for _ in range(depth):
            enc.append(-(-enc[-1] // 2) if ceil else enc[-1] // 2)
        d = enc[-1]
        for level in range(depth - 1, -1, -1):
            up = 2 * d
            if up != enc[level] and not crop:
                return False
            d = min(up, enc[level])
        return d == size

    padded = sizes_ok(112, 4)  # the output is then cropped from 112 to 100
    results = {"a": sizes_ok(100, 4, crop=True), "b": sizes_ok(100, 4, ceil=True), "c": sizes_ok(100, 3),
               "d": padded}
    (letter,) = [k for k, ok in results.items() if ok]
    return letter


register_choice(
    "unet_size_fix",
    lesson="01",
    number=5,
    section="§3 Size arithmetic, from scratch",
    title="choose the fix for a U-Net that fails on 100 × 100 inputs",
    question="A U-Net of depth 4 (four 2x2 max poolings, four x2 upsamplings, 3x3 'same' convolutions, "
    "skips concatenated) fails on a 100 × 100 image: 100 -> 50 -> 25 -> 12 -> 6 going down, but 12 -> 24 "
    "meets a skip of 25 coming up. Which change gives a 100 × 100 output with every concatenation "
    "working?",
    options=_FIX_OPTIONS,
    answer=_fix_letter,
    explanation="112 is divisible by 2 ** 4 = 16, so every level matches (112, 56, 28, 14, 7 and back), "
    "and cropping the output returns 100 × 100. Cropping skips works but gives a 96 × 96 output; ceil "
    "pooling moves the mismatch (13 -> 7 -> 14 meets 13); 100 is not divisible by 8 either (100 -> 50 "
    "-> 25 -> 12 -> 24 meets 25).",
    hint="Trace the sizes of each option down and up, as in encoder_decoder_sizes: every level must "
    "match and the output must be 100.",
    wrong_answers={
        "Cropping makes the concatenations work, but what size comes out at the top? 6 -> 12 -> 24 -> "
        "48 -> 96. (The original U-Net crops because its unpadded convolutions shrink every map, not to "
        "repair odd sizes: it picks tile sizes that pool evenly.)": "a",
        "Trace it: 100 -> 50 -> 25 -> 13 -> 7, then 7 -> 14 meets a skip of 13. The mismatch moves; it "
        "does not go away.": "b",
        "Depth 3 needs a size divisible by 8: 100 -> 50 -> 25 -> 12, and 12 -> 24 meets 25 again.": "c",
    },
)


# ------------------------------------------------------------------------------ 6. explain

register_explain(
    "why_decoders_need_upsampling",
    lesson="01",
    number=6,
    section='§2 Encoders, decoders and skips',
    title='why a segmentation network upsamples, and why skips help',
    question=("A segmentation network's encoder turns a 224x224 image into 7x7 feature maps. Explain why the "
              'network needs upsampling layers after it, and why skip connections from the encoder help the '
              'decoder.'),
    key_points={
        "What must the network's output give, and at what size?":
            [
                '(every|each|per) pixel',
                'same (size|resolution|shape) as the input',
                'full[- ]resolution',
                'input (size|resolution)',
            ],
        'What did the encoder throw away on the way down to 7x7?':
            [
                '\\blost\\b',
                '\\blose',
                'discard',
                'fine (detail|structure)',
                'spatial (detail|information|resolution)',
                '\\bwhere\\b',
                'boundar',
            ],
        'Where can the decoder find what it cannot recover by upsampling alone?':
            [
                '\\bskip',
                'earlier (layer|feature)',
                "encoder('s)? (feature|layer|map)",
                'high[- ]resolution (feature|map)',
                'concatenat',
            ],
    },
    model_answer=('Segmentation gives one label per pixel, so the output must have the same size as the input: the '
                  '7x7 maps have to be brought back to 224x224, and that is what the upsampling layers do. Pooling '
                  'and strides lose fine spatial detail on the way down, such as where exactly a boundary runs; '
                  "upsampling alone cannot invent it. Skip connections hand the decoder the encoder's "
                  'higher-resolution feature maps, which still know where the edges are.'),
    wrong_answers={
        "What must the network's output give, and at what size?":
            ('Upsampling layers make the network deeper and give it more parameters, so it can learn better '
             'features; skip connections then pass the earlier features forward so the gradients flow well '
             'during training.'),
    },
)
