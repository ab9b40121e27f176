"""Speed and memory of the upsampling layers: an analytic cost model and careful measurement.

Lesson 13 and ``benchmarks/bench_upsampling.py`` share this module. Seven ways to double the height and
width of an ``(N, C, H, W)`` feature map, keeping ``C`` channels, are compared (:data:`METHODS`):

========================  ===============================================  ==========================
id                        PyTorch                                          Keras
========================  ===============================================  ==========================
``nearest``               ``nn.Upsample(scale_factor=2, mode="nearest")``  ``UpSampling2D(2)``
``bilinear``              ``nn.Upsample(scale_factor=2, mode="bilinear")`` ``UpSampling2D(2, "bilinear")``
``nearest_conv3``         nearest, then ``nn.Conv2d(C, C, 3, padding=1)``  ``UpSampling2D`` + ``Conv2D(3, "same")``
``tconv_k2s2``            ``nn.ConvTranspose2d(C, C, 2, stride=2)``        ``Conv2DTranspose(C, 2, 2)``
``tconv_k4s2p1``          ``nn.ConvTranspose2d(C, C, 4, 2, padding=1)``    ``Conv2DTranspose(C, 4, 2, "same")``
``tconv_k3s2p1op1``       ``ConvTranspose2d(C, C, 3, 2, 1, output_padding=1)``  ``Conv2DTranspose(C, 3, 2, "same")``
``conv1x1_shuffle``       ``nn.Conv2d(C, 4C, 1)`` + ``nn.PixelShuffle(2)``  ``Conv2D(4C, 1)`` + ``depth_to_space``
========================  ===============================================  ==========================

The analytic side (:func:`cost`) is plain integer arithmetic (no NumPy, no framework); the measuring side imports
PyTorch or TensorFlow lazily, inside the functions that use them:

- :func:`time_call` times a function properly (warm-up calls, repeats, the median; CUDA events and
  ``torch.cuda.synchronize`` on a GPU);
- :class:`TensorTraffic` is a ``TorchDispatchMode`` that watches every operator PyTorch runs: the bytes
  of the tensors it reads and writes, and the peak of the bytes of live tensors operators created (on
  the CPU this is the honest "peak activation memory": kernel-internal scratch buffers are not tensors
  and are not seen);
- :func:`measure_torch`, :func:`measure_keras` and :func:`benchmark` put it together.
"""

from __future__ import annotations

import math
import statistics
import time
import weakref

from ._validate import check_choice, check_int

__all__ = [
    "METHODS",
    "LABELS",
    "KERNELS",
    "cost",
    "cost_table",
    "torch_layer",
    "keras_layer",
    "set_threads",
    "time_call",
    "TensorTraffic",
    "bandwidth_floor",
    "measure_copy_bandwidth",
    "measure_torch",
    "measure_keras",
    "benchmark",
    "ratios",
    "EXTRA_METHODS",
    "EXTRA_LABELS",
    "cost_any",
    "torch_layer_any",
    "time_torch_forward",
]

METHODS = (
    "nearest",
    "bilinear",
    "nearest_conv3",
    "tconv_k2s2",
    "tconv_k4s2p1",
    "tconv_k3s2p1op1",
    "conv1x1_shuffle",
)
"""The seven x2 upsampling layers compared, in the order of the lesson's tables."""

LABELS = {
    "nearest": "nearest",
    "bilinear": "bilinear",
    "nearest_conv3": "nearest + conv 3x3",
    "tconv_k2s2": "tconv k2 s2",
    "tconv_k4s2p1": "tconv k4 s2 p1",
    "tconv_k3s2p1op1": "tconv k3 s2 p1 op1",
    "conv1x1_shuffle": "conv 1x1 + shuffle",
}
"""Short display names of :data:`METHODS`."""

KERNELS = {"nearest_conv3": 3, "tconv_k2s2": 2, "tconv_k4s2p1": 4, "tconv_k3s2p1op1": 3, "conv1x1_shuffle": 1}
"""Kernel size of each method's convolution (interpolation methods have none)."""


def _shape(shape, name: str = "shape") -> tuple[int, int, int, int]:
    if not isinstance(shape, (tuple, list)) or len(shape) != 4:
        raise ValueError(f"{name} must be a tuple (N, C, H, W) of 4 ints, got {shape!r}")
    return tuple(check_int(v, f"{name}[{i}]", min_value=1) for i, v in enumerate(shape))


# ----------------------------------------------------------------------------------- the cost model


def cost(method: str, shape, dtype_bytes: int = 4, bias: bool = True) -> dict:
    """Analytic parameter count, multiply-adds and bytes moved of one x2 upsampling layer.

    Parameters
    ----------
    method : str
        One of :data:`METHODS`.
    shape : tuple of 4 ints
        Input shape ``(N, C, H, W)``; the output is ``(N, C, 2H, 2W)`` for every method.
    dtype_bytes : int
        Bytes per element (4 for float32, 2 for float16).
    bias : bool
        Whether the convolutions have a bias (the frameworks' default).

    Returns
    -------
    dict
        ``out_shape``; ``params`` (weights + biases); ``conv_macs``: the multiply-adds of the convolution
        as PyTorch's ``FlopCounterMode`` counts them (half its FLOPs; a transposed convolution counts every
        tap of the scatter, ``N C_in C_out k^2 H W``, also those later cropped by ``padding``; biases are not
        counted); ``interp_macs``: the multiply-adds of interpolation (4 per output element for bilinear,
        0 for nearest, which only copies); ``macs`` their sum; ``backward_macs``: the convolution's input
        and weight gradients, ``2 conv_macs``; ``bytes``: the minimum forward memory traffic, every operator
        reading its inputs (weights included) once and writing its output once; ``bytes_in``,
        ``bytes_out``, ``bytes_weights``; ``intermediate_bytes``: the tensor between the two operators of a
        two-step method (0 otherwise); ``saved_bytes``: new tensors autograd keeps for the backward pass;
        ``intensity``: FLOPs (``2 macs``) per byte moved.

    Examples
    --------
    >>> c = cost("tconv_k2s2", (1, 8, 4, 4))
    >>> c["params"], c["conv_macs"], c["out_shape"]
    (264, 4096, (1, 8, 8, 8))
    >>> cost("nearest", (1, 8, 4, 4))["bytes"] == (1 + 4) * 8 * 16 * 4
    True
    """
    method = check_choice(method, "method", METHODS)
    n, c, h, w = _shape(shape)
    dtype_bytes = check_int(dtype_bytes, "dtype_bytes", min_value=1)
    if not isinstance(bias, bool):
        raise TypeError(f"bias must be a bool, got {type(bias).__name__}")
    b = int(bias)
    pixels_in = h * w
    pixels_out = 4 * h * w
    elems_in = n * c * pixels_in
    elems_out = n * c * pixels_out
    params = conv_macs = interp_macs = intermediate = saved = 0
    if method == "bilinear":
        interp_macs = 4 * elems_out
    elif method == "nearest_conv3":
        params = c * c * 9 + b * c
        conv_macs = n * c * c * 9 * pixels_out              # a 3x3 "same" conv on the upsampled map
        intermediate = elems_out                             # the upsampled map ...
        saved = elems_out                                    # ... which the conv keeps for its weight gradient
    elif method.startswith("tconv"):
        k = KERNELS[method]
        params = c * c * k * k + b * c
        conv_macs = n * c * c * k * k * pixels_in            # every input element scatters a k x k kernel
    elif method == "conv1x1_shuffle":
        params = 4 * c * c + b * 4 * c
        conv_macs = n * 4 * c * c * pixels_in
        intermediate = n * 4 * c * pixels_in                 # (N, 4C, H, W) before the shuffle (not kept)
    weights = params
    elems_moved = elems_in + weights + elems_out + 2 * intermediate   # an intermediate is written, then read
    macs = conv_macs + interp_macs
    nbytes = elems_moved * dtype_bytes
    return {
        "method": method,
        "out_shape": (n, c, 2 * h, 2 * w),
        "params": params,
        "conv_macs": conv_macs,
        "interp_macs": interp_macs,
        "macs": macs,
        "backward_macs": 2 * conv_macs,
        "bytes": nbytes,
        "bytes_in": elems_in * dtype_bytes,
        "bytes_out": elems_out * dtype_bytes,
        "bytes_weights": weights * dtype_bytes,
        "intermediate_bytes": intermediate * dtype_bytes,
        "saved_bytes": saved * dtype_bytes,
        "intensity": 2 * macs / nbytes,
    }


def cost_table(shape, methods=METHODS, dtype_bytes: int = 4) -> list[dict]:
    """:func:`cost` of each method (default: all of :data:`METHODS`), in order."""
    return [cost(m, shape, dtype_bytes) for m in methods]


# ----------------------------------------------------------------------------------- the layers


def torch_layer(method: str, channels: int):
    """The PyTorch module of ``method`` for ``channels`` input and output channels (float32, CPU).

    Examples
    --------
    >>> torch_layer("tconv_k4s2p1", 8)              # doctest: +SKIP
    ConvTranspose2d(8, 8, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1))
    """
    import torch.nn as nn

    method = check_choice(method, "method", METHODS)
    c = check_int(channels, "channels", min_value=1)
    if method == "nearest":
        return nn.Upsample(scale_factor=2, mode="nearest")
    if method == "bilinear":
        return nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)
    if method == "nearest_conv3":
        return nn.Sequential(nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(c, c, 3, padding=1))
    if method == "tconv_k2s2":
        return nn.ConvTranspose2d(c, c, 2, stride=2)
    if method == "tconv_k4s2p1":
        return nn.ConvTranspose2d(c, c, 4, stride=2, padding=1)
    if method == "tconv_k3s2p1op1":
        return nn.ConvTranspose2d(c, c, 3, stride=2, padding=1, output_padding=1)
    return nn.Sequential(nn.Conv2d(c, 4 * c, 1), nn.PixelShuffle(2))


def keras_layer(method: str, channels: int, input_hw=None):
    """The Keras equivalent of ``method`` (NHWC), built for ``channels`` channels.

    With ``input_hw=(H, W)`` the model is built on an ``(H, W, channels)`` input, so its weights exist
    (``count_params`` works). The pixel shuffle uses ``tf.nn.depth_to_space``, TensorFlow's "DCR" channel
    order (PyTorch's is "CRD", lesson 12): the same cost, a different channel order.
    """
    import keras

    method = check_choice(method, "method", METHODS)
    c = check_int(channels, "channels", min_value=1)
    L = keras.layers
    if method == "nearest":
        layers = [L.UpSampling2D(2, interpolation="nearest")]
    elif method == "bilinear":
        layers = [L.UpSampling2D(2, interpolation="bilinear")]
    elif method == "nearest_conv3":
        layers = [L.UpSampling2D(2, interpolation="nearest"), L.Conv2D(c, 3, padding="same")]
    elif method == "tconv_k2s2":
        layers = [L.Conv2DTranspose(c, 2, strides=2)]
    elif method == "tconv_k4s2p1":
        layers = [L.Conv2DTranspose(c, 4, strides=2, padding="same")]
    elif method == "tconv_k3s2p1op1":
        layers = [L.Conv2DTranspose(c, 3, strides=2, padding="same")]
    else:
        import tensorflow as tf

        layers = [L.Conv2D(4 * c, 1), L.Lambda(lambda t: tf.nn.depth_to_space(t, 2))]
    model = keras.Sequential(layers)
    if input_hw is not None:
        h, w = (check_int(v, "input_hw", min_value=1) for v in input_hw)
        model.build((None, h, w, c))
    return model


# ----------------------------------------------------------------------------------- timing


def set_threads(n: int) -> dict:
    """Use ``n`` CPU threads in PyTorch and TensorFlow (intra-op); returns the numbers now in effect.

    TensorFlow accepts the setting only before its runtime starts (the first op); afterwards it raises
    ``RuntimeError``, which is caught: the returned ``"tensorflow"`` value then says what is in effect
    (0 means "TensorFlow's own choice, one per core").
    """
    import torch

    n = check_int(n, "n", min_value=1)
    torch.set_num_threads(n)
    result = {"torch": torch.get_num_threads()}
    try:
        import tensorflow as tf
    except ImportError:
        return result
    try:
        tf.config.threading.set_intra_op_parallelism_threads(n)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    except RuntimeError:
        pass
    result["tensorflow"] = tf.config.threading.get_intra_op_parallelism_threads()
    return result


def time_call(fn, warmup: int = 2, repeats: int = 7, device: str = "cpu") -> dict:
    """Time ``fn()``: ``warmup`` untimed calls, then ``repeats`` timed ones; report the median.

    On the CPU each call is timed with ``time.perf_counter``. With ``device="cuda"`` the GPU runs
    asynchronously (a call returns as soon as its kernels are queued), so each call is bracketed by CUDA
    events, recorded on the current stream, and the device is synchronised before the times are read.

    Returns
    -------
    dict
        ``times`` (seconds, one per repeat), ``median``, ``min``, ``max``, ``iqr`` (seconds), ``warmup``,
        ``repeats``, ``device``.
    """
    warmup = check_int(warmup, "warmup", min_value=0)
    repeats = check_int(repeats, "repeats", min_value=1)
    device = check_choice(device, "device", ("cpu", "cuda"))
    for _ in range(warmup):
        fn()
    times = []
    if device == "cuda":
        import torch

        torch.cuda.synchronize()
        events = [(torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)) for _ in range(repeats)]
        for start, end in events:
            start.record()
            fn()
            end.record()
        torch.cuda.synchronize()
        times = [start.elapsed_time(end) / 1e3 for start, end in events]   # elapsed_time is in ms
    else:
        for _ in range(repeats):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    ordered = sorted(times)
    q1, q3 = (statistics.quantiles(ordered, n=4)[::2] if len(ordered) > 1 else (ordered[0], ordered[0]))
    return {"times": times, "median": statistics.median(times), "min": ordered[0], "max": ordered[-1],
            "iqr": q3 - q1, "warmup": warmup, "repeats": repeats, "device": device}


# ----------------------------------------------------------------------------------- memory and traffic


def _traffic_mode_class():
    import torch
    from torch.utils._python_dispatch import TorchDispatchMode
    from torch.utils._pytree import tree_flatten

    class _TensorTraffic(TorchDispatchMode):
        def __init__(self):
            super().__init__()
            self.ops = []                  # (op name, bytes read, bytes written); views read/write nothing
            self.live = 0                  # bytes of live storages created by operators inside the mode
            self.peak = 0
            self._refs = {}
            self._sizes = {}

        def _release(self, key):
            self._refs[key] -= 1
            if self._refs[key] == 0:
                del self._refs[key]
                self.live -= self._sizes.pop(key)

        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            kwargs = kwargs or {}
            out = func(*args, **kwargs)
            inputs = [t for t in tree_flatten((args, kwargs))[0] if isinstance(t, torch.Tensor)]
            outputs = [t for t in tree_flatten(out)[0] if isinstance(t, torch.Tensor)]
            in_ptrs = {t.untyped_storage().data_ptr() for t in inputs}
            new = [t for t in outputs if t.untyped_storage().data_ptr() not in in_ptrs]
            if new:                        # a view (or an in-place op) moves no bytes of its own
                self.ops.append((str(func.overloadpacket.__name__),
                                 sum(t.numel() * t.element_size() for t in inputs),
                                 sum(t.numel() * t.element_size() for t in new)))
            for t in new:
                storage = t.untyped_storage()
                key = storage.data_ptr()
                if key not in self._refs:
                    self._refs[key] = 0
                    self._sizes[key] = storage.nbytes()
                    self.live += storage.nbytes()
                    self.peak = max(self.peak, self.live)
                self._refs[key] += 1
                weakref.finalize(t, self._release, key)
            return out

        @property
        def bytes_read(self):
            return sum(r for _, r, _ in self.ops)

        @property
        def bytes_written(self):
            return sum(w for _, _, w in self.ops)

    return _TensorTraffic


def TensorTraffic():
    """A ``TorchDispatchMode`` that records what every PyTorch operator run inside it reads, writes and keeps.

    Use it as a context manager. Attributes afterwards: ``ops``, a list of ``(name, bytes_read,
    bytes_written)`` per operator that created a new tensor (views and in-place ops create none and are
    left out); ``bytes_read`` and ``bytes_written``, their sums; ``peak``, the largest total of bytes of
    live tensors that operators inside the mode created (tensors that existed before, such as the input
    and the weights, are not counted), and ``live``, that total now. Tensors are tracked by storage;
    scratch memory an operator allocates and frees internally is invisible here.

    Examples
    --------
    >>> import torch                                          # doctest: +SKIP
    >>> x = torch.ones(1, 1, 4, 4)                            # doctest: +SKIP
    >>> with TensorTraffic() as t:                            # doctest: +SKIP
    ...     y = torch.nn.functional.interpolate(x, scale_factor=2)
    >>> t.ops, t.peak                                         # doctest: +SKIP
    ([('upsample_nearest2d', 64, 256)], 256)
    """
    return _traffic_mode_class()()


# ----------------------------------------------------------------------------------- bandwidth


def bandwidth_floor(nbytes: int, bandwidth: float) -> float:
    """The shortest possible time, in seconds, to move ``nbytes`` bytes at ``bandwidth`` bytes per second."""
    nbytes = check_int(nbytes, "nbytes", min_value=0)
    if not isinstance(bandwidth, (int, float)) or isinstance(bandwidth, bool) or not bandwidth > 0:
        raise ValueError(f"bandwidth must be a positive number of bytes per second, got {bandwidth!r}")
    return nbytes / float(bandwidth)


def measure_copy_bandwidth(device: str = "cpu", nbytes: int = 256 * 2**20, repeats: int = 5) -> float:
    """Achieved memory bandwidth of a large tensor copy on ``device``, in bytes per second.

    A copy of ``nbytes`` reads and writes ``nbytes`` each, so it moves ``2 * nbytes``; the median of
    ``repeats`` timed copies (after one warm-up) is used. On a GPU this is close to the usable peak of
    its memory (somewhat below the datasheet figure).
    """
    import torch

    device = check_choice(device, "device", ("cpu", "cuda"))
    nbytes = check_int(nbytes, "nbytes", min_value=4)
    src = torch.empty(nbytes // 4, dtype=torch.float32, device=device).fill_(1.0)
    dst = torch.empty_like(src)
    t = time_call(lambda: dst.copy_(src), warmup=1, repeats=repeats, device=device)
    return 2 * src.numel() * 4 / t["median"]


def _datasheet_bandwidth():
    """Peak DRAM bandwidth from the CUDA device properties when PyTorch exposes them, else None."""
    import torch

    props = torch.cuda.get_device_properties(0)
    clock_khz = getattr(props, "memory_clock_rate", None)
    bus_bits = getattr(props, "memory_bus_width", None)
    if not clock_khz or not bus_bits:
        return None
    return 2 * clock_khz * 1e3 * bus_bits / 8          # double data rate


# ----------------------------------------------------------------------------------- measuring


def measure_torch(method: str, shape, device: str = "cpu", warmup: int = 2, repeats: int = 7, seed: int = 0) -> dict:
    """Measure one PyTorch layer: forward (``no_grad``) time, forward + backward time, peak memory, parameters.

    The backward pass computes the gradients of the input and of every parameter
    (``torch.autograd.grad`` with an upstream gradient of ones), as training does.

    Memory: on the CPU, ``peak_forward_bytes`` and ``peak_train_bytes`` come from :class:`TensorTraffic`
    (the peak of live tensors created by operators in a forward pass, and in a forward + backward pass),
    ``kept_bytes`` are the tensors still alive after a forward pass that builds the graph (output
    included). On a GPU the same keys come from ``torch.cuda.max_memory_allocated`` minus the memory
    allocated before the call (which includes cuDNN workspaces), and the result also holds the
    bandwidth floor of the method (its analytic ``bytes`` over the measured copy bandwidth).
    """
    import torch

    method = check_choice(method, "method", METHODS)
    n, c, h, w = _shape(shape)
    device = check_choice(device, "device", ("cpu", "cuda"))
    if device == "cuda" and not torch.cuda.is_available():
        raise ValueError("device='cuda' needs a CUDA GPU, and torch.cuda.is_available() is False")
    gen = torch.Generator().manual_seed(int(seed))
    layer = torch_layer(method, c).to(device)
    x = torch.randn(n, c, h, w, generator=gen).to(device).requires_grad_(True)
    params = list(layer.parameters())
    grad_out = torch.ones(n, c, 2 * h, 2 * w, device=device)

    def forward():
        with torch.no_grad():
            return layer(x)

    def train_step():
        y = layer(x)
        return torch.autograd.grad(y, [x, *params], grad_out)

    result = {"framework": "torch", "method": method, "shape": (n, c, h, w), "device": device,
              "params": sum(p.numel() for p in params),
              "forward": time_call(forward, warmup, repeats, device),
              "train": time_call(train_step, warmup, repeats, device)}
    if device == "cpu":
        with TensorTraffic() as t:
            forward()
        result["peak_forward_bytes"] = t.peak
        result["forward_bytes_moved"] = t.bytes_read + t.bytes_written
        with TensorTraffic() as t:
            y = layer(x)
        result["kept_bytes"] = t.live
        del y
        with TensorTraffic() as t:
            train_step()
        result["peak_train_bytes"] = t.peak
        result["memory_source"] = "live tensors (TorchDispatchMode)"
    else:
        for key, fn in (("peak_forward_bytes", forward), ("peak_train_bytes", train_step)):
            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats()
            before = torch.cuda.memory_allocated()
            fn()
            torch.cuda.synchronize()
            result[key] = torch.cuda.max_memory_allocated() - before
        before = torch.cuda.memory_allocated()
        y = layer(x)
        result["kept_bytes"] = torch.cuda.memory_allocated() - before
        del y
        bandwidth = measure_copy_bandwidth("cuda")
        result["copy_bandwidth"] = bandwidth
        result["datasheet_bandwidth"] = _datasheet_bandwidth()
        result["bandwidth_floor"] = bandwidth_floor(cost(method, (n, c, h, w))["bytes"], bandwidth)
        result["memory_source"] = "torch.cuda.max_memory_allocated"
    return result


def measure_keras(method: str, shape, warmup: int = 2, repeats: int = 7, seed: int = 0) -> dict:
    """Measure the Keras equivalent of ``method`` on an NHWC input of the same size as ``shape`` (NCHW).

    Forward (``training=False``) and forward + backward (``tf.GradientTape``, gradients of the input and
    of every weight) run inside ``tf.function``, so the warm-up calls also trace the graphs. On the CPU a
    call returns when its results are computed; they are not copied to NumPy (that copy of the output would
    be timed too). Memory is not measured (TensorFlow reports it only for GPUs:
    ``tf.config.experimental.get_memory_info``).
    """
    import tensorflow as tf

    method = check_choice(method, "method", METHODS)
    n, c, h, w = _shape(shape)
    model = keras_layer(method, c, input_hw=(h, w))
    x = tf.random.stateless_normal((n, h, w, c), seed=(int(seed), 0))
    grad_out = tf.ones((n, 2 * h, 2 * w, c))

    @tf.function
    def forward(x):
        return model(x, training=False)

    @tf.function
    def train_step(x, grad_out):
        # The upstream gradient is an argument, not a constant made inside: for a linear layer the gradient
        # of a constant would be a constant, which TensorFlow's graph optimiser folds away (lesson 13).
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = model(x, training=True)
        return y, tape.gradient(y, [x, *model.trainable_weights], output_gradients=grad_out)

    return {"framework": "keras", "method": method, "shape": (n, c, h, w), "device": "cpu",
            "params": int(model.count_params()),
            "forward": time_call(lambda: forward(x), max(warmup, 1), repeats),
            "train": time_call(lambda: train_step(x, grad_out), max(warmup, 1), repeats)}


def benchmark(shape=(8, 64, 64, 64), methods=METHODS, frameworks=("torch", "keras"), devices=None,
              warmup: int = 2, repeats: int = 7) -> list[dict]:
    """Measure every method with every framework on every device; one row (a flat dict) each.

    ``devices`` defaults to ``("cpu", "cuda")`` when a GPU is available, else ``("cpu",)``; Keras runs on
    the CPU only. Each row holds the measurements (medians, their interquartile ranges and the fastest
    call, in seconds; bytes) beside the analytic :func:`cost` of the method.
    """
    import torch

    shape = _shape(shape)
    for m in methods:
        check_choice(m, "methods", METHODS)
    for f in frameworks:
        check_choice(f, "frameworks", ("torch", "keras"))
    if devices is None:
        devices = ("cpu", "cuda") if torch.cuda.is_available() else ("cpu",)
    rows = []
    for framework in frameworks:
        for device in devices if framework == "torch" else ("cpu",):
            for m in methods:
                if framework == "torch":
                    r = measure_torch(m, shape, device, warmup, repeats)
                else:
                    r = measure_keras(m, shape, warmup, repeats)
                model = cost(m, shape)
                row = {"framework": framework, "device": device, "method": m, "label": LABELS[m],
                       "shape": list(shape), "params": r["params"],
                       "forward_s": r["forward"]["median"], "forward_iqr_s": r["forward"]["iqr"],
                       "forward_min_s": r["forward"]["min"],
                       "train_s": r["train"]["median"], "train_iqr_s": r["train"]["iqr"],
                       "train_min_s": r["train"]["min"],
                       "macs": model["macs"], "bytes": model["bytes"], "analytic_params": model["params"]}
                for key in ("peak_forward_bytes", "peak_train_bytes", "kept_bytes", "forward_bytes_moved",
                            "copy_bandwidth", "datasheet_bandwidth", "bandwidth_floor"):
                    if key in r:
                        row[key] = r[key]
                rows.append(row)
    return rows


def ratios(rows: list[dict], key: str, baseline: str = "nearest") -> dict:
    """``{(framework, device, method): row[key] / baseline row[key]}`` for each row, the baseline being
    the row of method ``baseline`` with the same framework and device (``nan`` when it is 0)."""
    base = {(r["framework"], r["device"]): r[key] for r in rows if r["method"] == baseline}
    out = {}
    for r in rows:
        b = base.get((r["framework"], r["device"]))
        if b is None:
            raise ValueError(f"baseline must be a method present in rows, got {baseline!r}")
        out[(r["framework"], r["device"], r["method"])] = r[key] / b if b else math.nan
    return out


# ----------------------------------------------------------------------------------- what a graph optimiser keeps


def grappler_nodes(fn, *args) -> list[tuple[str, str, tuple[str, ...]]]:
    """The nodes of ``fn``'s graph after TensorFlow's graph optimiser (Grappler) has run on it.

    ``fn`` is a ``tf.function``; its concrete function for ``args`` is traced, its outputs are marked as
    the fetches (so what they do not need may be pruned), and Grappler's default passes (constant folding,
    arithmetic simplification, pruning, ...) are applied, as they are when a ``tf.function`` first runs.
    Use it to check whether work was optimised away: an input that no node reads was not used.

    Parameters
    ----------
    fn : tf.function
        A function decorated with ``tf.function``.
    *args : tensors
        Arguments to trace ``fn`` with (their shapes and dtypes select the concrete function).

    Returns
    -------
    list of (op, name, inputs) tuples
        One per node of the optimised graph: its op type (``"Tile"``, ``"Const"``, ...), its name and the
        names of the tensors it reads (``"x"`` for the placeholder of an argument named ``x``).

    Raises
    ------
    TypeError
        When ``fn`` is not a ``tf.function`` (it has no ``get_concrete_function``).

    Examples
    --------
    >>> import tensorflow as tf                                          # doctest: +SKIP
    >>> f = tf.function(lambda x: tf.reduce_sum(tf.ones_like(x)))        # doctest: +SKIP
    >>> [op for op, name, inputs in grappler_nodes(f, tf.zeros((2, 3)))]  # doctest: +SKIP
    ['Placeholder', 'Const']
    """
    if not hasattr(fn, "get_concrete_function"):
        raise TypeError(f"fn must be a tf.function (with get_concrete_function), got {type(fn).__name__}")
    import tensorflow as tf
    from tensorflow.core.protobuf import config_pb2, meta_graph_pb2
    from tensorflow.python.grappler import tf_optimizer

    concrete = fn.get_concrete_function(*args)
    graph = concrete.graph
    meta_graph = tf.compat.v1.train.export_meta_graph(graph_def=graph.as_graph_def(), graph=graph)
    fetches = meta_graph_pb2.CollectionDef()
    for t in concrete.outputs:
        fetches.node_list.value.append(t.name)
    meta_graph.collection_def["train_op"].CopyFrom(fetches)        # what Grappler must keep computing
    optimised = tf_optimizer.OptimizeGraph(config_pb2.ConfigProto(), meta_graph)
    return [(node.op, node.name, tuple(node.input)) for node in optimised.node]


# ----------------------------------------------------------------------------------- lesson 16: content-aware layers

EXTRA_METHODS = ("carafe", "dysample")
"""Lesson 16's two content-aware x2 layers, beside :data:`METHODS` (which stays lesson 13's seven):
``carafe`` is :func:`helpers.content_aware.carafe_module` with the paper's defaults (``k_up = 5``, ``k_enc = 3``,
``c_mid = 64``), ``dysample`` is :func:`helpers.content_aware.dysample_module` (DySample-lite, scope 0.25)."""

EXTRA_LABELS = {"carafe": "CARAFE k5 (c_mid 64)", "dysample": "DySample-lite"}
"""Short display names of :data:`EXTRA_METHODS`."""


def _check_any(method: str) -> str:
    return check_choice(method, "method", tuple(METHODS) + EXTRA_METHODS)


def cost_any(method: str, shape, dtype_bytes: int = 4) -> dict:
    """:func:`cost` for a method of :data:`METHODS` or :data:`EXTRA_METHODS` (same keys where they exist).

    For the extra methods the counts come from :func:`helpers.content_aware.carafe_macs` and
    :func:`~helpers.content_aware.dysample_macs` (their docstrings say what is counted: the convolutions as
    ``FlopCounterMode`` counts them, the reassembly as ``k_up**2`` and bilinear sampling as 4 multiply-adds
    per output element; softmax and the offset arithmetic are not multiply-adds and are left out).

    Examples
    --------
    >>> cost_any("dysample", (1, 16, 64, 64))["params"]
    136
    """
    method = _check_any(method)
    if method in METHODS:
        return cost(method, shape, dtype_bytes)
    from .content_aware import carafe_macs, dysample_macs

    n, c, h, w = _shape(shape)
    if method == "carafe":
        return carafe_macs(n, c, h, w, dtype_bytes=dtype_bytes)
    return dysample_macs(n, c, h, w, dtype_bytes=dtype_bytes)


def torch_layer_any(method: str, channels: int, seed: int = 0):
    """:func:`torch_layer` for a method of :data:`METHODS` or :data:`EXTRA_METHODS` (seeded for the extra ones)."""
    method = _check_any(method)
    if method in METHODS:
        return torch_layer(method, channels)
    from .content_aware import carafe_module, dysample_module

    c = check_int(channels, "channels", min_value=1)
    if method == "carafe":
        return carafe_module(c, 2, seed=seed)
    return dysample_module(c, 2, seed=seed)


def time_torch_forward(method: str, shape, warmup: int = 2, repeats: int = 7, seed: int = 0) -> dict:
    """Median CPU time of one forward pass (``no_grad``) of :func:`torch_layer_any` on a seeded input.

    Returns
    -------
    dict
        ``method``, ``shape``, ``params``, ``forward`` (the :func:`time_call` dict).
    """
    import torch

    method = _check_any(method)
    n, c, h, w = _shape(shape)
    layer = torch_layer_any(method, c, seed)
    x = torch.randn(n, c, h, w, generator=torch.Generator().manual_seed(int(seed)))

    def forward():
        with torch.no_grad():
            return layer(x)

    return {"method": method, "shape": (n, c, h, w), "params": sum(p.numel() for p in layer.parameters()),
            "forward": time_call(forward, warmup, repeats)}
