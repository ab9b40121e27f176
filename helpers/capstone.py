"""Lesson 14's capstone: a synthetic x2 super-resolution task and one small decoder per upsampling method.

Everything a learner needs to train the same network six times, changing only the upsampling layer:

- :func:`make_shapes` draws a seeded data set of greyscale images (discs, rectangles, stripes, smooth
  ramps) in NumPy; :func:`downsample` makes their low-resolution inputs (2x2 box average);
- :data:`METHODS` names the six upsampling layers, :func:`build_torch_decoder` builds the network
  ``conv 3x3 -> ReLU -> upsample x2 -> ReLU -> conv 3x3`` around one of them (PyTorch), and
  :func:`build_keras_decoder` the same network in Keras for the methods Keras has directly;
- :func:`train_torch` / :func:`train_keras` run the same seeded Adam loop; :func:`psnr` scores outputs;
- :func:`numpy_forward` runs a trained PyTorch decoder with the course's from-scratch NumPy layers, so
  the notebook can assert that NumPy, PyTorch and Keras compute the same function.

Layouts: images are (N, 1, H, W) float32 in [0, 1] (PyTorch's NCHW); Keras gets NHWC copies.
PyTorch and TensorFlow are imported inside the functions that need them.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, check_choice, check_int

__all__ = [
    "METHODS",
    "CENTRE",
    "KERAS_METHODS",
    "make_shapes",
    "downsample",
    "psnr",
    "build_torch_decoder",
    "build_keras_decoder",
    "count_parameters",
    "torch_weights",
    "copy_torch_to_keras",
    "train_torch",
    "train_keras",
    "predict_torch",
    "numpy_forward",
    "build_deep_decoder",
    "interior",
    "deep_decoder_experiment",
    "EXTRA_METHODS",
    "EXTRA_CARAFE",
    "build_decoder",
    "decoder_numpy_forward",
]

METHODS = {
    "nearest+conv": "nn.Upsample(scale_factor=2, mode='nearest'), then Conv2d(C, C, 3, padding=1)",
    "bilinear+conv": "nn.Upsample(scale_factor=2, mode='bilinear'), then Conv2d(C, C, 3, padding=1)",
    "transposed k3 s2": "ConvTranspose2d(C, C, 3, stride=2, padding=1, output_padding=1)",
    "transposed k4 s2": "ConvTranspose2d(C, C, 4, stride=2, padding=1)",
    "pixel shuffle": "Conv2d(C, 4C, 3, padding=1), then PixelShuffle(2)",
    "bilinear-init transposed": "ConvTranspose2d(C, C, 4, stride=2, padding=1), "
                                "initialised with helpers.bilinear_kernel",
}
"""The six upsampling layers compared, by name, with the PyTorch layers each one stands for."""

CENTRE = 0.5
"""Every decoder works on centred values: it subtracts ``CENTRE`` from its input and adds it to its output.

Images lie in [0, 1]; centred, they lie around 0, where the freshly initialised layers (whose outputs are near 0)
start, so training spends its first steps on the picture rather than on the mean grey level. For the layers
this is a fixed shift, the same for every method."""

KERAS_METHODS = ("nearest+conv", "bilinear+conv", "transposed k4 s2")
"""Methods :func:`build_keras_decoder` builds: Keras has each as one or two stock layers with the same padding."""


def _check_method(method, allowed=tuple(METHODS)):
    if not isinstance(method, str):
        raise TypeError(f"method must be a str, one of {list(allowed)}; got {type(method).__name__}")
    return check_choice(method, "method", allowed)


def make_shapes(n: int, size: int = 32, seed: int = 0) -> np.ndarray:
    """A seeded data set of ``n`` greyscale images of simple shapes on a shaded background.

    Each image has a smooth linear ramp as background and two to four objects, each a disc, an
    axis-aligned rectangle or a patch of oblique stripes, with a random grey level. Edges are
    anti-aliased by drawing at 4x resolution and averaging 4x4 blocks, so the images have sharp but
    not aliased edges: the kind of content where upsampling methods differ.

    Parameters
    ----------
    n : int, >= 1
        Number of images.
    size : int, 8 ... 256, even
        Height and width.
    seed : int, >= 0
        Seed of the generator; the same seed gives the same images.

    Returns
    -------
    ndarray, shape (n, 1, size, size), float32, values in [0, 1]

    Examples
    --------
    >>> x = make_shapes(3, size=16)
    >>> x.shape, x.dtype, bool(x.min() >= 0 and x.max() <= 1)
    ((3, 1, 16, 16), dtype('float32'), True)
    """
    n = check_int(n, "n", 1)
    size = check_int(size, "size", 8, 256)
    if size % 2:
        raise ValueError(f"size must be even (the low-resolution input is size // 2), got {size}")
    seed = check_int(seed, "seed", 0)
    rng = np.random.default_rng(seed)
    fine = 4 * size
    yy, xx = np.mgrid[0:fine, 0:fine] / fine  # coordinates in [0, 1)
    images = np.empty((n, fine, fine))
    for i in range(n):
        gy, gx = rng.uniform(-0.3, 0.3, size=2)
        img = 0.5 + gy * (yy - 0.5) + gx * (xx - 0.5)
        for _ in range(rng.integers(2, 5)):
            kind, level = rng.integers(3), rng.uniform(0.0, 1.0)
            cy, cx = rng.uniform(0.2, 0.8, size=2)
            if kind == 0:
                mask = (yy - cy) ** 2 + (xx - cx) ** 2 < rng.uniform(0.08, 0.25) ** 2
            elif kind == 1:
                hy, hx = rng.uniform(0.08, 0.25, size=2)
                mask = (np.abs(yy - cy) < hy) & (np.abs(xx - cx) < hx)
            else:
                angle, period = rng.uniform(0, np.pi), rng.uniform(0.08, 0.2)
                phase = (np.cos(angle) * xx + np.sin(angle) * yy) / period
                mask = (np.abs(yy - cy) < 0.2) & (np.abs(xx - cx) < 0.2) & (phase % 1 < 0.5)
            img = np.where(mask, level, img)
        images[i] = img
    out = images.reshape(n, size, 4, size, 4).mean(axis=(2, 4))
    return np.clip(out, 0.0, 1.0).astype(np.float32)[:, None]


def downsample(x, factor: int = 2) -> np.ndarray:
    """Average ``factor`` x ``factor`` blocks: the low-resolution input of the super-resolution task.

    Parameters
    ----------
    x : array_like, shape (N, C, H, W)
        H and W divisible by ``factor``.
    factor : int, >= 1

    Returns
    -------
    ndarray, shape (N, C, H // factor, W // factor), same float dtype as ``x``

    Examples
    --------
    >>> downsample(np.arange(16.0).reshape(1, 1, 4, 4))[0, 0]
    array([[ 2.5,  4.5],
           [10.5, 12.5]])
    """
    x = as_float_array(x, "x", ndim=4)
    r = check_int(factor, "factor", 1)
    n, c, h, w = x.shape
    if h % r or w % r:
        raise ValueError(f"x's height and width must be divisible by factor={r}, got {h}x{w}")
    return x.reshape(n, c, h // r, r, w // r, r).mean(axis=(3, 5)).astype(x.dtype)


def psnr(prediction, target, data_range: float = 1.0) -> float:
    """Peak signal-to-noise ratio in dB, over all elements: ``10 log10(data_range^2 / MSE)``.

    Parameters
    ----------
    prediction, target : array_like, same shape
    data_range : float, > 0
        The largest possible value minus the smallest (1 for images in [0, 1]).

    Returns
    -------
    float
        ``inf`` when the two are equal.

    Examples
    --------
    >>> round(psnr(np.full(4, 0.1), np.zeros(4)), 6)
    20.0
    """
    p = as_float_array(prediction, "prediction")
    t = as_float_array(target, "target")
    if p.shape != t.shape:
        raise ValueError(f"prediction and target must have the same shape, got {p.shape} and {t.shape}")
    if not isinstance(data_range, (int, float)) or isinstance(data_range, bool) or not data_range > 0:
        raise ValueError(f"data_range must be a positive number, got {data_range!r}")
    mse = float(np.mean((p.astype(np.float64) - t.astype(np.float64)) ** 2))
    return float("inf") if mse == 0 else float(10 * np.log10(data_range**2 / mse))


def build_torch_decoder(method: str, channels: int = 16, seed: int = 0):
    """The capstone network with the chosen upsampling layer, in PyTorch.

    ``x - CENTRE`` -> ``head`` (Conv2d 1 -> C, 3x3, padding 1) -> ReLU -> ``up`` (the method, C -> C channels,
    x2) -> ReLU -> ``tail`` (Conv2d C -> 1, 3x3, padding 1) -> ``+ CENTRE`` (:data:`CENTRE`). Input
    (N, 1, H, W), output (N, 1, 2H, 2W).

    Parameters
    ----------
    method : str
        A key of :data:`METHODS`.
    channels : int, 1 ... 256
        C, the width of the network.
    seed : int, >= 0
        Seeds PyTorch's default initialisation, so one seed gives one set of initial weights.

    Returns
    -------
    torch.nn.Module
        With attributes ``head``, ``up`` and ``tail``, and ``method``.
    """
    import torch
    from torch import nn

    method = _check_method(method)
    c = check_int(channels, "channels", 1, 256)
    seed = check_int(seed, "seed", 0)
    torch.manual_seed(seed)
    up = _torch_up_layer(method, c)

    class Decoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.method = method
            self.head = nn.Conv2d(1, c, 3, padding=1)
            self.up = up
            self.tail = nn.Conv2d(c, 1, 3, padding=1)

        def forward(self, x):
            return self.tail(torch.relu(self.up(torch.relu(self.head(x - CENTRE))))) + CENTRE

    torch.manual_seed(seed + 1)  # head and tail get the same initial weights whatever the method
    model = Decoder()
    return model


def _torch_up_layer(method: str, c: int):
    """One x2 upsampling layer of ``method``, C -> C channels (PyTorch's default initialisation)."""
    import torch
    from torch import nn

    if method == "nearest+conv":
        return nn.Sequential(nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(c, c, 3, padding=1))
    if method == "bilinear+conv":
        return nn.Sequential(nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False),
                             nn.Conv2d(c, c, 3, padding=1))
    if method == "transposed k3 s2":
        return nn.ConvTranspose2d(c, c, 3, stride=2, padding=1, output_padding=1)
    if method == "pixel shuffle":
        return nn.Sequential(nn.Conv2d(c, 4 * c, 3, padding=1), nn.PixelShuffle(2))
    up = nn.ConvTranspose2d(c, c, 4, stride=2, padding=1)  # the two k4 s2 transposed convolutions
    if method == "bilinear-init transposed":
        from .layout import bilinear_kernel

        with torch.no_grad():
            up.weight.copy_(torch.from_numpy(bilinear_kernel(c, c, 4)))
            up.bias.zero_()
    return up


def count_parameters(model) -> int:
    """Number of trainable parameters of a PyTorch module or a Keras model."""
    if hasattr(model, "count_params"):  # Keras
        return int(sum(int(np.prod(w.shape)) for w in model.trainable_weights))
    if hasattr(model, "parameters"):
        return int(sum(p.numel() for p in model.parameters() if p.requires_grad))
    raise TypeError(f"model must be a torch.nn.Module or a keras.Model, got {type(model).__name__}")


def torch_weights(model) -> dict:
    """The decoder's weights as NumPy arrays: ``{"head.weight": ..., "up.1.bias": ..., ...}`` (float64)."""
    return {name: p.detach().cpu().double().numpy() for name, p in model.state_dict().items()}


def build_keras_decoder(method: str, channels: int = 16, size: int | None = None):
    """The capstone network in Keras (NHWC) for a method of :data:`KERAS_METHODS`.

    ``UpSampling2D`` (nearest or bilinear, half-pixel like PyTorch's ``align_corners=False``) followed
    by ``Conv2D(padding="same")``, or ``Conv2DTranspose(4, strides=2, padding="same")``, which crops one
    pixel on each side exactly like PyTorch's ``padding=1``.

    Parameters
    ----------
    method : str
        One of :data:`KERAS_METHODS`.
    channels : int, 1 ... 256
    size : int or None
        Input height and width, or None for any size.

    Returns
    -------
    keras.Model
        Layers named ``centre`` (minus :data:`CENTRE`), ``head``, ``up`` (and ``up_conv``), ``tail``,
        ``uncentre`` (plus :data:`CENTRE`).
    """
    import keras

    method = _check_method(method, KERAS_METHODS)
    c = check_int(channels, "channels", 1, 256)
    inputs = keras.Input((size, size, 1))
    h = keras.layers.Rescaling(1.0, offset=-CENTRE, name="centre")(inputs)
    h = keras.layers.Conv2D(c, 3, padding="same", activation="relu", name="head")(h)
    if method == "transposed k4 s2":
        h = keras.layers.Conv2DTranspose(c, 4, strides=2, padding="same", activation="relu", name="up")(h)
    else:
        interpolation = "nearest" if method == "nearest+conv" else "bilinear"
        h = keras.layers.UpSampling2D(2, interpolation=interpolation, name="up")(h)
        h = keras.layers.Conv2D(c, 3, padding="same", activation="relu", name="up_conv")(h)
    outputs = keras.layers.Rescaling(1.0, offset=CENTRE, name="uncentre")(
        keras.layers.Conv2D(1, 3, padding="same", name="tail")(h))
    return keras.Model(inputs, outputs, name=method.replace("+", "_").replace(" ", "_"))


def copy_torch_to_keras(model, keras_model) -> None:
    """Give ``keras_model`` (from :func:`build_keras_decoder`) the weights of the PyTorch ``model``.

    Conv2D kernels go from (out, in, kH, kW) to (kH, kW, in, out); Conv2DTranspose kernels from
    (in, out, kH, kW) to (kH, kW, out, in) (:mod:`helpers.layout`; no flip is needed).
    """
    from .layout import torch_conv_to_keras, torch_to_keras_kernel

    w = torch_weights(model)
    keras_model.get_layer("head").set_weights([torch_conv_to_keras(w["head.weight"]), w["head.bias"]])
    keras_model.get_layer("tail").set_weights([torch_conv_to_keras(w["tail.weight"]), w["tail.bias"]])
    if model.method == "transposed k4 s2":
        keras_model.get_layer("up").set_weights([torch_to_keras_kernel(w["up.weight"]), w["up.bias"]])
    elif model.method in ("nearest+conv", "bilinear+conv"):
        keras_model.get_layer("up_conv").set_weights([torch_conv_to_keras(w["up.1.weight"]), w["up.1.bias"]])
    else:
        raise ValueError(f"model.method must be one of {list(KERAS_METHODS)}, got {model.method!r}")


def _batches(n: int, batch: int, steps: int, seed: int):
    rng = np.random.default_rng(seed)
    return [rng.choice(n, size=batch, replace=False) for _ in range(steps)]


def _check_training(inputs, targets, steps, batch, learning_rate, seed):
    x = as_float_array(inputs, "inputs", ndim=4)
    y = as_float_array(targets, "targets", ndim=4)
    f = y.shape[2] // x.shape[2] if x.shape[2] else 0
    if x.shape[0] != y.shape[0] or f < 2 or y.shape[2:] != (f * x.shape[2], f * x.shape[3]):
        raise ValueError(f"targets must be (N, C, fH, fW) with an integer factor f >= 2 for inputs (N, C, H, W); "
                         f"got {y.shape} for {x.shape}")
    steps = check_int(steps, "steps", 1)
    batch = check_int(batch, "batch", 1, x.shape[0])
    if not isinstance(learning_rate, float) or not learning_rate > 0:
        raise ValueError(f"learning_rate must be a positive float, got {learning_rate!r}")
    return x.astype(np.float32), y.astype(np.float32), steps, batch, check_int(seed, "seed", 0)


def train_torch(model, inputs, targets, steps: int = 300, batch: int = 16, learning_rate: float = 3e-3,
                seed: int = 0, progress=None, monitor=None) -> list:
    """Train ``model`` in place with Adam on the mean squared error; return the loss of every step.

    Parameters
    ----------
    model : torch.nn.Module
    inputs : array_like, shape (N, 1, H, W)
    targets : array_like, shape (N, 1, fH, fW)
        ``f`` is the model's upsampling factor: 2 for :func:`build_torch_decoder`, ``2**stages`` for
        :func:`build_deep_decoder`.
    steps, batch : int
        Number of updates and images per update (batches are drawn by a generator seeded with ``seed``,
        so every method sees the same batches in the same order).
    learning_rate : float
    progress : callable or None
        Called once per step with no arguments (e.g. a tqdm bar's ``update``).
    monitor : callable or None
        Called as ``monitor(step, model)`` before the first update (``step = 0``) and after every update
        (``step = 1 ... steps``), e.g. to record a score every 50 steps. The model is in eval mode
        during the call.

    Returns
    -------
    list of float, length ``steps``
    """
    import torch

    x, y, steps, batch, seed = _check_training(inputs, targets, steps, batch, learning_rate, seed)
    x, y = torch.from_numpy(x), torch.from_numpy(y)
    optimiser = torch.optim.Adam(model.parameters(), lr=learning_rate)
    losses = []

    def watch(step):
        if monitor is not None:
            model.eval()
            monitor(step, model)
        model.train()

    watch(0)
    for step, idx in enumerate(_batches(len(x), batch, steps, seed), start=1):
        idx = torch.from_numpy(idx)
        loss = torch.nn.functional.mse_loss(model(x[idx]), y[idx])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        losses.append(loss.item())
        watch(step)
        if progress is not None:
            progress()
    model.eval()
    return losses


def train_keras(keras_model, inputs, targets, steps: int = 300, batch: int = 16, learning_rate: float = 3e-3,
                seed: int = 0, progress=None) -> list:
    """:func:`train_torch` for a Keras model: same batches, Adam, MSE; inputs and targets given in NCHW."""
    import keras
    import tensorflow as tf

    x, y, steps, batch, seed = _check_training(inputs, targets, steps, batch, learning_rate, seed)
    x, y = x.transpose(0, 2, 3, 1), y.transpose(0, 2, 3, 1)
    optimiser = keras.optimizers.Adam(learning_rate=learning_rate, epsilon=1e-8)  # PyTorch's epsilon

    @tf.function(reduce_retracing=True)
    def step(xb, yb):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(keras_model(xb, training=True) - yb))
        grads = tape.gradient(loss, keras_model.trainable_weights)
        optimiser.apply_gradients(zip(grads, keras_model.trainable_weights))
        return loss

    losses = []
    for idx in _batches(len(x), batch, steps, seed):
        losses.append(float(step(tf.constant(x[idx]), tf.constant(y[idx]))))
        if progress is not None:
            progress()
    return losses


def predict_torch(model, inputs) -> np.ndarray:
    """Run a PyTorch decoder on NCHW NumPy ``inputs`` without gradients; returns NumPy float32."""
    import torch

    x = as_float_array(inputs, "inputs", ndim=4).astype(np.float32)
    model.eval()
    with torch.no_grad():
        return model(torch.from_numpy(x)).numpy()


def numpy_forward(weights: dict, method: str, inputs) -> np.ndarray:
    """The decoder's forward pass with the course's from-scratch NumPy layers (:mod:`helpers.conv` ...).

    Parameters
    ----------
    weights : dict
        :func:`torch_weights` of a decoder built for ``method`` by :func:`build_torch_decoder` (keys
        ``up.*``) or :func:`build_deep_decoder` (keys ``ups.0.*``, ``ups.1.*``, ...).
    method : str
        A key of :data:`METHODS`.
    inputs : array_like, shape (N, 1, H, W)

    Returns
    -------
    ndarray, shape (N, 1, fH, fW), float64
        ``f = 2`` for the x2 decoder, ``2**stages`` for a deep one.
    """
    from .conv import conv2d, conv_transpose2d
    from .resize import interpolate
    from .shuffle import pixel_shuffle

    method = _check_method(method)
    x = as_float_array(inputs, "inputs", ndim=4).astype(np.float64) - CENTRE
    relu = lambda a: np.maximum(a, 0.0)
    h = relu(conv2d(x, weights["head.weight"], weights["head.bias"], padding=1))
    stages = sorted({int(k.split(".")[1]) for k in weights if k.startswith("ups.")})
    for prefix in [f"ups.{i}" for i in stages] or ["up"]:
        w = {k[len(prefix) + 1:]: v for k, v in weights.items() if k.startswith(prefix + ".")}
        if method in ("nearest+conv", "bilinear+conv"):
            mode = "nearest" if method == "nearest+conv" else "bilinear"
            h = interpolate(h, scale_factor=2, mode=mode, align_corners=False if mode == "bilinear" else None)
            h = conv2d(h, w["1.weight"], w["1.bias"], padding=1)
        elif method == "pixel shuffle":
            h = pixel_shuffle(conv2d(h, w["0.weight"], w["0.bias"], padding=1), 2)
        elif method == "transposed k3 s2":
            h = conv_transpose2d(h, w["weight"], w["bias"], stride=2, padding=1, output_padding=1)
        else:
            h = conv_transpose2d(h, w["weight"], w["bias"], stride=2, padding=1)
        h = relu(h)
    return conv2d(h, weights["tail.weight"], weights["tail.bias"], padding=1) + CENTRE


# --------------------------------------------------------------------- deeper decoders: x8 in three stages


def build_deep_decoder(method: str, channels: int = 8, stages: int = 3, seed: int = 0):
    """A decoder with ``stages`` upsampling layers of one method: upsampling factor ``2**stages``.

    ``x - CENTRE`` -> ``head`` (Conv2d 1 -> C, 3x3, padding 1) -> ReLU ->
    [``ups[i]`` (the method, C -> C, x2) -> ReLU] for
    ``i = 0 ... stages-1`` -> ``tail`` (Conv2d C -> 1, 3x3, padding 1) -> ``+ CENTRE``. Input (N, 1, H, W),
    output (N, 1, 2^stages H, 2^stages W). With ``stages = 1`` it computes what :func:`build_torch_decoder` does.

    Parameters
    ----------
    method : str
        A key of :data:`METHODS`.
    channels : int, 1 ... 256
        C, the width of every layer.
    stages : int, 1 ... 5
        Number of x2 upsampling layers.
    seed : int, >= 0
        ``torch.manual_seed(seed)`` before the upsampling layers and ``seed + 1`` before head and tail, so
        head and tail start equal for every method (as in :func:`build_torch_decoder`).

    Returns
    -------
    torch.nn.Module
        With attributes ``head``, ``ups`` (a ``ModuleList``), ``tail``, ``method`` and ``factor``.

    Examples
    --------
    >>> model = build_deep_decoder("pixel shuffle", channels=2, stages=3)   # doctest: +SKIP
    >>> model.factor, len(model.ups)                                        # doctest: +SKIP
    (8, 3)
    """
    import torch
    from torch import nn

    method = _check_method(method)
    c = check_int(channels, "channels", 1, 256)
    stages = check_int(stages, "stages", 1, 5)
    seed = check_int(seed, "seed", 0)
    torch.manual_seed(seed)
    ups = nn.ModuleList([_torch_up_layer(method, c) for _ in range(stages)])

    class DeepDecoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.method, self.factor = method, 2**stages
            self.head = nn.Conv2d(1, c, 3, padding=1)
            self.ups = ups
            self.tail = nn.Conv2d(c, 1, 3, padding=1)

        def forward(self, x):
            h = torch.relu(self.head(x - CENTRE))
            for up in self.ups:
                h = torch.relu(up(h))
            return self.tail(h) + CENTRE

    torch.manual_seed(seed + 1)
    return DeepDecoder()


def interior(images, border: int) -> np.ndarray:
    """``images`` without a frame of ``border`` pixels on each side: the part that padding does not reach.

    Parameters
    ----------
    images : array_like, shape (..., H, W)
    border : int, 0 ... (min(H, W) - 1) // 2

    Returns
    -------
    ndarray, shape (..., H - 2 border, W - 2 border)

    Examples
    --------
    >>> interior(np.arange(16).reshape(4, 4), 1)
    array([[ 5,  6],
           [ 9, 10]])
    """
    a = np.asarray(images)
    if a.ndim < 2:
        raise ValueError(f"images must have at least 2 dimensions (..., H, W), got shape {a.shape}")
    border = check_int(border, "border", 0, (min(a.shape[-2:]) - 1) // 2)
    return a[..., border:a.shape[-2] - border, border:a.shape[-1] - border]


def deep_decoder_experiment(methods, train_images, test_images, channels: int = 8, stages: int = 3,
                            steps: int = 150, batch: int = 8, learning_rate: float = 4e-3, seeds=(0,),
                            border: int | None = None) -> dict:
    """Train a :func:`build_deep_decoder` per method and seed; score its test outputs before and after.

    For each method and seed: build the decoder (initial weights from ``seed``), score its outputs on the
    test inputs, train it with :func:`train_torch` (batches drawn with ``seed``) on the training images,
    score again. Inputs are the images box-averaged by ``2**stages`` (:func:`downsample`). The scores are
    the checkerboard score of :func:`helpers.artifacts.checkerboard_score` at ``period = 2**stages`` (the
    total stride, at which a stack's pattern repeats) on the :func:`interior` of the outputs, and the PSNR
    of the outputs clipped to [0, 1] over whole images.

    Parameters
    ----------
    methods : sequence of str
        Keys of :data:`METHODS`.
    train_images, test_images : array_like, shape (N, 1, H, W)
        High-resolution images (e.g. :func:`make_shapes`); H and W divisible by ``2**stages``.
    channels, stages : int
        As in :func:`build_deep_decoder`.
    steps, batch, learning_rate
        As in :func:`train_torch`.
    seeds : sequence of int, >= 0
    border : int or None
        Pixels left out on each side when scoring the pattern; None: ``2**stages``.

    Returns
    -------
    dict
        ``{method: {"score_before", "score_after", "psnr_before", "psnr_after": ndarray, shape (len(seeds),)}}``,
        plus ``"target_score"``: the same checkerboard score of the test images themselves (a float).
    """
    from .artifacts import checkerboard_score

    if isinstance(methods, str):
        raise TypeError("methods must be a sequence of method names, not one str")
    methods = [_check_method(m) for m in methods]
    stages = check_int(stages, "stages", 1, 5)
    factor = 2**stages
    hr_train = as_float_array(train_images, "train_images", ndim=4).astype(np.float32)
    hr_test = as_float_array(test_images, "test_images", ndim=4).astype(np.float32)
    lr_train, lr_test = downsample(hr_train, factor), downsample(hr_test, factor)
    seeds = [check_int(s, "seeds", 0) for s in seeds]
    if not seeds:
        raise ValueError("seeds must hold at least one seed")
    border = factor if border is None else border

    def score(y):
        return checkerboard_score(interior(y, border), period=factor)

    out = {"target_score": score(hr_test)}
    for method in methods:
        rows = {k: [] for k in ("score_before", "score_after", "psnr_before", "psnr_after")}
        for seed in seeds:
            model = build_deep_decoder(method, channels, stages, seed)
            for when in ("before", "after"):
                if when == "after":
                    train_torch(model, lr_train, hr_train, steps=steps, batch=batch, learning_rate=learning_rate,
                                seed=seed)
                y = predict_torch(model, lr_test)
                rows[f"score_{when}"].append(score(y))
                rows[f"psnr_{when}"].append(psnr(np.clip(y, 0, 1), hr_test))
        out[method] = {k: np.array(v) for k, v in rows.items()}
    return out


# --------------------------------------------------------------------- lesson 16: content-aware upsampling layers

EXTRA_METHODS = {
    "carafe+conv": "CARAFE x2 (k_up 5, k_enc 3, c_mid C // 2; helpers.content_aware.carafe_module), "
                   "then Conv2d(C, C, 3, padding=1)",
    "dysample+conv": "DySample-lite x2 (scope 0.25; helpers.content_aware.dysample_module), "
                     "then Conv2d(C, C, 3, padding=1)",
}
"""Lesson 16's two content-aware layers, built like resize+conv: the learned upsampler replaces the fixed resize.

Not in :data:`METHODS` (lesson 14's six stay as they are); :func:`build_decoder` and :func:`decoder_numpy_forward`
accept both sets. The 3x3 convolution after the upsampler is drawn from the same seed, in the same order, as
nearest+conv's and bilinear+conv's, so at a given seed the three resize+conv decoders and these two share it:
DySample starts as bilinear upsampling (its offsets start near 0) and CARAFE as a 5x5 box filter followed by
nearest upsampling (its kernels start near uniform)."""

EXTRA_CARAFE = {"k_up": 5, "k_enc": 3}
"""CARAFE's kernel sizes in :data:`EXTRA_METHODS` (the paper's choice); ``c_mid`` is ``max(1, C // 2)``."""


def _extra_up_layer(method: str, c: int, seed: int):
    """The upsampling layer of an :data:`EXTRA_METHODS` entry, C -> C channels; torch's global RNG is seeded."""
    from torch import nn

    from .content_aware import carafe_module, dysample_module

    conv = nn.Conv2d(c, c, 3, padding=1)   # the first draw after torch.manual_seed(seed), as in nearest+conv
    if method == "carafe+conv":
        up = carafe_module(c, 2, c_mid=max(1, c // 2), seed=seed, **EXTRA_CARAFE)
    else:
        up = dysample_module(c, 2, scope=0.25, seed=seed)
    return nn.Sequential(up, conv)


def build_decoder(method: str, channels: int = 16, seed: int = 0):
    """:func:`build_torch_decoder` for a key of :data:`METHODS` or of :data:`EXTRA_METHODS` (lesson 16).

    For :data:`METHODS` it returns ``build_torch_decoder(method, channels, seed)`` unchanged. For an extra
    method the network is the same (``head``, ``up``, ``tail``, :data:`CENTRE`), with ``up`` =
    ``Sequential(content-aware upsampler, Conv2d(C, C, 3, padding=1))``; head and tail start from the same
    weights as every other method's for the same seed.

    Returns
    -------
    torch.nn.Module
        With attributes ``head``, ``up``, ``tail`` and ``method``.
    """
    import torch
    from torch import nn

    if isinstance(method, str) and method in METHODS:
        return build_torch_decoder(method, channels, seed)
    method = _check_method(method, tuple(METHODS) + tuple(EXTRA_METHODS))
    c = check_int(channels, "channels", 1, 256)
    seed = check_int(seed, "seed", 0)
    torch.manual_seed(seed)
    up = _extra_up_layer(method, c, seed)

    class Decoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.method = method
            self.head = nn.Conv2d(1, c, 3, padding=1)
            self.up = up
            self.tail = nn.Conv2d(c, 1, 3, padding=1)

        def forward(self, x):
            return self.tail(torch.relu(self.up(torch.relu(self.head(x - CENTRE))))) + CENTRE

    torch.manual_seed(seed + 1)
    return Decoder()


def decoder_numpy_forward(weights: dict, method: str, inputs) -> np.ndarray:
    """:func:`numpy_forward` for a key of :data:`METHODS` or of :data:`EXTRA_METHODS` (x2 decoders).

    The extra methods run :func:`helpers.content_aware.carafe_numpy_forward` or
    :func:`~helpers.content_aware.dysample_numpy_forward` on the ``up.0.*`` weights, then the course's
    ``conv2d``.

    Returns
    -------
    ndarray, shape (N, 1, 2H, 2W), float64
    """
    from .content_aware import carafe_numpy_forward, dysample_numpy_forward
    from .conv import conv2d

    if isinstance(method, str) and method in METHODS:
        return numpy_forward(weights, method, inputs)
    method = _check_method(method, tuple(METHODS) + tuple(EXTRA_METHODS))
    x = as_float_array(inputs, "inputs", ndim=4).astype(np.float64) - CENTRE
    h = np.maximum(conv2d(x, weights["head.weight"], weights["head.bias"], padding=1), 0.0)
    up = {k[len("up.0."):]: v for k, v in weights.items() if k.startswith("up.0.")}
    if method == "carafe+conv":
        h = carafe_numpy_forward(up, h, factor=2, k_up=EXTRA_CARAFE["k_up"])
    else:
        h = dysample_numpy_forward(up, h, factor=2, scope=0.25)
    h = np.maximum(conv2d(h, weights["up.1.weight"], weights["up.1.bias"], padding=1), 0.0)
    return conv2d(h, weights["tail.weight"], weights["tail.bias"], padding=1) + CENTRE
