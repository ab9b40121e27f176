"""Lesson 13, "Speed and memory, measured" (solutions/13_speed_and_memory.ipynb): four exercises: count the
parameters of a transposed convolution, write its multiply-adds as a function, compute the bandwidth floor of a
nearest upsampling on a GPU, and choose the correct timing procedure."""

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

# ------------------------------------------------------------------------------ 1. parameters

P_IN, P_OUT, P_K = 128, 64, 4


def _tconv_params():
    import torch.nn as nn

    layer = nn.ConvTranspose2d(P_IN, P_OUT, P_K, stride=2, padding=1)
    return sum(p.numel() for p in layer.parameters())


register_value(
    "tconv_param_count",
    lesson="13",
    number=1,
    section="§2 From scratch: the cost model",
    title=f"count the parameters of nn.ConvTranspose2d({P_IN}, {P_OUT}, {P_K}, stride=2, padding=1)",
    expected=_tconv_params,
    hint="Weights: one k x k kernel for every (input channel, output channel) pair. Biases: one per output "
    "channel. Stride and padding change the output size, not the number of weights.",
    wrong_answers={
        "You forgot the biases: one per output channel (bias=True is the default).": P_IN * P_OUT * P_K * P_K,
        "There is one bias per OUTPUT channel, not per input channel.": P_IN * P_OUT * P_K * P_K + P_IN,
        "A k x k kernel has k² weights, not k.": P_IN * P_OUT * P_K + P_OUT,
        "Every output channel has a kernel for EVERY input channel: multiply C_in by C_out.": (
            (P_IN + P_OUT) * P_K * P_K + P_OUT
        ),
        "A number of parameters is a whole number: no fraction (a float division or a rounding left one).": (
            P_IN * P_OUT * P_K * P_K + P_OUT + 0.1
        ),
    },
)

# ------------------------------------------------------------------------------ 2. multiply-adds


def tconv_macs(n, c_in, h, w, c_out, k):
    """Multiply-adds of a transposed convolution on an (n, c_in, h, w) input with c_out output channels and a
    k x k kernel, counted as the frameworks (and FlopCounterMode / 2) count them: every input element scatters
    a k x k kernel into each output channel, n * c_in * c_out * k * k * h * w (stride and padding do not
    enter; taps later cropped by padding are counted)."""
    return n * c_in * c_out * k * k * h * w


def _as_flops(n, c_in, h, w, c_out, k):
    return 2 * tconv_macs(n, c_in, h, w, c_out, k)


def _output_pixels(n, c_in, h, w, c_out, k):
    return n * c_in * c_out * k * k * (2 * h) * (2 * w)


def _one_channel(n, c_in, h, w, c_out, k):
    return n * c_in * k * k * h * w


def _k_not_squared(n, c_in, h, w, c_out, k):
    return n * c_in * c_out * k * h * w


def _measured(n, c_in, h, w, c_out, k):
    """Runs the layer under FlopCounterMode instead of counting: fails on shapes too large to allocate."""
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    if n * c_in * h * w > 2**32:  # what torch.zeros does on such a shape (raising at once: its own refusal is slow)
        raise RuntimeError(f"cannot allocate a tensor of {n * c_in * h * w} elements")
    layer = torch.nn.ConvTranspose2d(c_in, c_out, k)
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        layer(torch.zeros(n, c_in, h, w))
    return counter.get_total_flops() // 2


def _measured_on_meta(n, c_in, h, w, c_out, k):
    """Runs the layer on PyTorch's "meta" device (shapes only, no memory) under FlopCounterMode: handles
    :data:`HUGE`, but PyTorch refuses a tensor of more than 2**63 bytes, so it fails on :data:`BEYOND_INT64`."""
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    layer = torch.nn.ConvTranspose2d(c_in, c_out, k, device="meta")
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        layer(torch.zeros(n, c_in, h, w, device="meta"))
    return counter.get_total_flops() // 2


def _numpy_int64(n, c_in, h, w, c_out, k):
    """The right formula in NumPy's fixed-width integers: wraps around above 2**63 - 1."""
    import numpy as np

    with np.errstate(over="ignore"):
        return int(np.prod(np.array([n, c_in, h, w, c_out, k, k], dtype=np.int64)))


HUGE = (10_000, 1_000, 10_000, 10_000, 64, 4)
"""A shape far too large to run (a 10^15-element input, 4 PB in float32): only a derived count handles it."""

BEYOND_INT64 = (1_000_000, 1_000_000, 1_000_000, 1_000_000, 64, 4)
"""A shape too large even to describe as a PyTorch tensor (10^24 elements: its byte size overflows int64, so
the "meta" device, which allocates nothing, refuses it too); the count, about 10^27, is exact in Python ints."""


def _random_case(rng):
    # small enough that the registered wrong answers which run a layer stay fast; the large shapes are fixed cases
    return case(int(rng.integers(1, 4)), int(rng.integers(1, 17)), int(rng.integers(1, 13)),
                int(rng.integers(1, 13)), int(rng.integers(1, 17)), int(rng.integers(1, 6)))


register_function(
    "tconv_macs",
    lesson="13",
    number=2,
    section="§2 From scratch: the cost model",
    title="implement tconv_macs(n, c_in, h, w, c_out, k)",
    reference=tconv_macs,
    example=case(1, 1, 1, 1, 1, 2),
    cases=[
        case(1, 1, 1, 1, 1, 2),
        case(1, 1, 2, 3, 1, 3),
        case(1, 3, 2, 2, 1, 2),
        case(1, 2, 2, 2, 5, 3),
        case(2, 16, 8, 8, 8, 4),
        case(*HUGE),
        case(*BEYOND_INT64),
    ],
    random_cases=_random_case,
    n_random=18,
    hint="Think scatter (lesson 05): each of the n*c_in*h*w input numbers multiplies a k x k kernel into each "
    "of the c_out output channels. Count multiply-adds, not FLOPs (FlopCounterMode reports FLOPs = 2 x MACs).",
    wrong_answers={
        "That is the FLOP count, 2 per multiply-add. Return multiply-adds.": _as_flops,
        "Count over the INPUT pixels (each scatters a whole kernel), not the 2h x 2w output pixels: that counts "
        "every tap s² = 4 times too often.": _output_pixels,
        "Each input channel is scattered into EVERY output channel: multiply by c_out.": _one_channel,
        "A k x k kernel has k² taps: multiply by k * k.": _k_not_squared,
        "Your function runs a layer and measures it instead of counting: it cannot handle shapes too large "
        "to allocate (the check has one with a 10^15-element input). Derive the count from the shapes: "
        "what does each input number do with the kernel?": _measured,
        "Your function measures a layer on the 'meta' device instead of counting: no memory is allocated, "
        "but PyTorch still refuses a tensor whose byte size passes 2**63 (the check has a 10^24-element "
        "input). Derive the count from the shapes: what does each input number do with the kernel?": _measured_on_meta,
        "NumPy integers have a fixed width: int64 wraps around above 2**63 - 1 (the check has a count near "
        "10^27). Multiply Python ints (plain *), which never overflow.": _numpy_int64,
        "A number of multiply-adds is a whole number: return an int (// or *, not /).": (
            lambda n, c_in, h, w, c_out, k: n * c_in * c_out * k * k * h * w / 1
        ),
    },
    covers={
        INT_AND_FLOAT: "the inputs are sizes (ints), not arrays",
        OVERLAP: "a count from the shapes: every tap is counted, overlapping or not",
    },
)

# ------------------------------------------------------------------------------ 3. bandwidth floor

F_SHAPE = (16, 64, 256, 256)
F_BANDWIDTH = 4.0e12          # bytes per second, an H200-class figure


def _floor_us():
    n, c, h, w = F_SHAPE
    elems_in = n * c * h * w
    return (elems_in + 4 * elems_in) * 4 / F_BANDWIDTH * 1e6


_ELEMS = F_SHAPE[0] * F_SHAPE[1] * F_SHAPE[2] * F_SHAPE[3]

register_value(
    "nearest_bandwidth_floor",
    lesson="13",
    number=3,
    section="§1 Intuition: three numbers that bound the time",
    title=f"the bandwidth floor (in µs) of nearest x2 upsampling of a float32 {F_SHAPE} tensor at "
    f"{F_BANDWIDTH / 1e12:.0f} TB/s",
    expected=_floor_us,
    rtol=0.0,
    atol=0.5,
    precision="to the nearest microsecond",
    hint="Nearest upsampling reads the input once and writes the output, which has 4x the elements, once. "
    "Bytes = 4 per float32 element. Time = bytes / (bytes per second); then convert seconds to microseconds.",
    wrong_answers={
        "You counted only the output: the input has to be read too (bytes in + bytes out).": (
            4 * _ELEMS * 4 / F_BANDWIDTH * 1e6
        ),
        "You counted only the input; the output is 4x larger and has to be written.": _ELEMS * 4 / F_BANDWIDTH * 1e6,
        "Elements are not bytes: a float32 element takes 4 bytes.": 5 * _ELEMS / F_BANDWIDTH * 1e6,
        "That is in seconds; the exercise asks for microseconds (x 1e6).": 5 * _ELEMS * 4 / F_BANDWIDTH,
        "That is in milliseconds; the exercise asks for microseconds (x 1e6, not 1e3).": (
            5 * _ELEMS * 4 / F_BANDWIDTH * 1e3
        ),
    },
)

# ------------------------------------------------------------------------------ 4. timing procedure

register_choice(
    "timing_procedure",
    lesson="13",
    number=4,
    section="§3 Measuring time correctly",
    title="choose the correct way to time a layer on a GPU",
    question="You want the forward time of a PyTorch layer on a GPU. Which procedure measures it correctly?",
    options={
        "a": "start = time.perf_counter(); y = layer(x); t = time.perf_counter() - start, on the very first call.",
        "b": "Warm up; then for each of 20 repeats record a CUDA event, call the layer, record another; "
        "synchronise; take the median of the elapsed times.",
        "c": "Warm up with a few calls, then time 20 calls with time.perf_counter() around each call, without "
        "synchronising so as not to slow the GPU down, and take the mean.",
        "d": "Time one call with CUDA events after a warm-up: events run on the GPU's own clock, so one careful "
        "measurement is enough.",
    },
    answer="b",
    explanation="Warm-up removes one-off costs (kernel selection, allocation, compilation); CUDA events time "
    "the work on the GPU's own timeline, and synchronising waits until it is done; repeats and the median make "
    "the result robust to interruptions.",
    hint="Three things can go wrong: one-off costs of the first call, the GPU running asynchronously, and noise "
    "between calls. Which option guards against all three?",
    wrong_answers={
        "The first call includes one-off costs (kernel selection, memory allocation), and without synchronising "
        "perf_counter only sees the kernels being queued.": "a",
        "Without torch.cuda.synchronize() (or events) a CUDA call returns as soon as its kernels are queued: you "
        "time the launch, not the work. And a mean is dragged up by one slow outlier.": "c",
        "A single call is at the mercy of noise (other processes, clocks, caches): repeat and take the median.": "d",
    },
)


# ------------------------------------------------------------------------------ 5. explain

register_explain(
    "what_bounds_nearest",
    lesson="13",
    number=5,
    section='§1 Intuition: three numbers that bound the time',
    title='what bounds the time of nearest upsampling',
    question=('Nearest upsampling does no arithmetic at all, yet on a large tensor it still takes measurable '
              'time. Explain what bounds its time, and why a following 3x3 convolution with many channels can '
              'be bound by something else.'),
    key_points={
        'What does nearest upsampling spend its time on?':
            ['memory', 'bandwidth', '\\bbytes', 'read(s|ing)? and writ', 'moving data', 'traffic'],
        'Which ratio decides between the two limits?':
            ['intensity', 'flops? per byte', 'flop/b', 'macs per byte', 'balance (point)?', 'ratio'],
        'What limits the convolution when C is large?':
            ['compute', 'arithmetic[- ]bound', 'multiply-adds', '\\bmacs\\b', '\\bflops\\b', 'processor speed'],
    },
    model_answer=('Nearest upsampling only reads the input and writes four times as many values, so its time is '
                  'bounded by memory bandwidth: the bytes moved divided by bytes per second. A 3x3 convolution does'
                  ' 9C multiply-adds per output value, so its arithmetic intensity, FLOPs per byte moved, grows '
                  "with C; once it passes the processor's balance point, the time is bound by compute instead."),
    wrong_answers={
        'What does nearest upsampling spend its time on?':
            ('Nearest upsampling has no multiply-adds, while the convolution performs many FLOPs per byte, so '
             "its arithmetic intensity is high and the processor's compute speed limits it."),
    },
)
