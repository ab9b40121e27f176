"""Claims checked (lesson 15): popular statements about upsampling, each decided by an experiment.

A tutorial's claim becomes a :class:`Claim` (what it says, who says it, which lesson explains it, what
its truth depends on). An experiment is a plain function of its setting(s), e.g.
``same_hyperparameters_invert_shape(n=8, k=3, s=2, p=1)``; it measures something in NumPy and returns a
:class:`Verdict`: does the claim hold *in that setting*, with the measured evidence. :func:`overall`
sweeps settings and turns the verdicts into ``TRUE`` (holds in all of them), ``FALSE`` (in none) or
``DEPENDS`` (on what: the settings where it holds); :func:`report` and :func:`summary_table` print them.

Only NumPy (and the course's NumPy helpers) is used here, so the lesson widget can call the
experiments; the lesson notebook repeats the measurements in PyTorch and Keras and asserts that they
agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._validate import check_choice, check_int

__all__ = [
    "Claim",
    "Verdict",
    "CLAIMS",
    "claim",
    "lesson_link",
    "overall",
    "report",
    "summary_table",
    "EXPERIMENTS",
    "transposed_1x1_parameters",
    "upsampling_has_no_parameters",
    "upsampling_repeats_pixels",
    "stride_leaves_gaps",
    "output_shape_ignores_kernel",
    "same_hyperparameters_invert_shape",
    "transposed_is_inverse",
    "transposed_stride1_same_is_conv",
    "transposed_checkerboard",
    "upsample_conv_smoother",
    "upsampling_is_sum_pool_gradient",
    "strided_transposed_is_max_pool_gradient",
    "pixel_shuffle_is_transposed",
    "dilated_conv_upsamples",
    "upsampling_is_faster",
    "upsampling_uses_less_memory",
    "held_bytes",
    "transposed_better_quality",
    "claim_states",
]

VERDICTS = ("TRUE", "FALSE", "DEPENDS")


@dataclass(frozen=True)
class Claim:
    """A statement as tutorials make it.

    Attributes
    ----------
    key : str
        Short identifier, also the name of the experiment in :data:`EXPERIMENTS`.
    statement : str
        The claim, paraphrased from its source.
    source : str
        Who says it (short attribution).
    lesson : str
        Two-digit number of the lesson that explains it (see :mod:`helpers.course`).
    depends_on : str
        The setting(s) the experiment varies, in words.
    rule : str
        How the measurement becomes TRUE or FALSE, every threshold included (printed by :func:`report`).
    """

    key: str
    statement: str
    source: str
    lesson: str
    depends_on: str
    rule: str = ""


@dataclass(frozen=True)
class Verdict:
    """The outcome of one experiment in one setting.

    Attributes
    ----------
    key : str
        The claim's key.
    holds : bool
        Whether the claim is true in this setting (computed from the measurement).
    setting : dict
        The experiment's arguments.
    evidence : str
        The measured numbers, one line.
    numbers : dict
        The same measurements as numbers, for tests and widgets.
    """

    key: str
    holds: bool
    setting: dict
    evidence: str
    numbers: dict = field(default_factory=dict)

    @property
    def word(self) -> str:
        """``"TRUE"`` or ``"FALSE"``."""
        return "TRUE" if self.holds else "FALSE"

    def setting_text(self) -> str:
        """The setting as ``k=3, s=2``."""
        return ", ".join(f"{name}={value!r}" for name, value in self.setting.items())


CLAIMS = [
    Claim("transposed_1x1_parameters",
          "A Conv2DTranspose with a 1x1 kernel and a bias has 2 trainable parameters (a 2x2 kernel: 5).",
          "Tutorial 116, UpSampling2D vs Conv2DTranspose (video summary)", "05", "the number of channels",
          "TRUE when the entries of the kernel and bias arrays number k*k + 1"),
    Claim("upsampling_has_no_parameters",
          "Upsampling (UpSampling2D, nn.Upsample) has no parameters: it is not a learnable layer.",
          "Tutorial 116; the Stack Overflow answer ('0 parameters'); a PyTorch Upsample blog", "12",
          "how it is implemented (an interpolation layer, or FCN's transposed convolution with a bilinear kernel)",
          "TRUE when the layer holds 0 parameters"),
    Claim("upsampling_repeats_pixels",
          "Upsampling just repeats each pixel (3x3 becomes 6x6).",
          "Tutorial 116", "02", "the interpolation mode",
          "TRUE when the x2 output equals np.repeat along both axes exactly"),
    Claim("stride_leaves_gaps",
          "A 1x1 transposed convolution with stride 2 leaves gaps between the pixels that must be filled.",
          "Tutorial 116", "05", "whether the kernel is at least as large as the stride",
          "TRUE when at least one output pixel receives no kernel tap"),
    Claim("output_shape_ignores_kernel",
          "Changing the kernel size of a Conv2DTranspose does not change its output shape; the stride fixes it.",
          "Tutorial 116", "06", "the padding mode and the range of kernel sizes",
          "TRUE when every kernel size gives the same Keras output shape"),
    Claim("same_hyperparameters_invert_shape",
          "If a convolution maps (h, w) to (h', w'), a transposed convolution with the same kernel size, "
          "stride and padding maps (h', w') back to (h, w).",
          "d2l lecture 47 on transposed convolution (our translation)", "06",
          "whether (h + 2p - k) is divisible by the stride",
          "TRUE when the round trip returns the size n exactly"),
    Claim("transposed_is_inverse",
          "Transposed convolution is the inverse operation of convolution.",
          "a PyTorch Upsample vs ConvTranspose2d blog; d2l Q&A 8", "07", "the kernel",
          "TRUE when |tconv(conv(x)) - x| / |x| < 1e-9"),
    Claim("transposed_stride1_same_is_conv",
          "Conv2DTranspose with stride 1 and padding 'same' is equivalent to Conv2D.",
          "the Stack Overflow answer on UpSampling2D + Conv2DTranspose", "07",
          "whether the kernel is flipped (or symmetric) and odd-sized",
          "TRUE when max |Conv2DTranspose - Conv2D| < 1e-9"),
    Claim("transposed_checkerboard",
          "Transposed convolution produces checkerboard artifacts; upsampling does not.",
          "Tutorial 116; a PyTorch Upsample vs ConvTranspose2d blog", "09",
          "whether the stride divides the kernel size, and the weights",
          "TRUE when the transposed convolution's checkerboard score is above 0.05 and nearest's and "
          "bilinear's are at most 0.05 (interior of the same image)"),
    Claim("upsample_conv_smoother",
          "Upsampling followed by a convolution gives smoother results than a strided transposed convolution.",
          "the Stack Overflow answer", "08", "whether the two kernels are independent or matched",
          "TRUE when the mean checkerboard score of upsample + conv is below half the transposed "
          "convolution's; random kernels, i.e. both layers at initialisation"),
    Claim("upsampling_is_sum_pool_gradient",
          "Upsampling (before a convolution) approximates the gradient of sum pooling.",
          "the Stack Overflow answer", "10", "the interpolation mode",
          "TRUE when |upsample(g) - gradient| / |gradient| <= 0.1 (our tolerance for 'approximately')"),
    Claim("strided_transposed_is_max_pool_gradient",
          "A strided transposed convolution (zeros between the pixels) approximates the gradient of max pooling.",
          "the Stack Overflow answer", "10", "where the maxima sit in their windows",
          "TRUE when |zero insertion(g) - gradient| / |gradient| <= 0.1 (our tolerance for 'approximately')"),
    Claim("pixel_shuffle_is_transposed",
          "A convolution followed by pixel shuffle is a transposed convolution.",
          "d2l Q&A 9 asks the difference; the course's issue", "12",
          "whether the weights are rearranged for the shuffle's channel order",
          "TRUE when max |tconv - conv + shuffle| < 1e-12"),
    Claim("dilated_conv_upsamples",
          "Dilated convolution upsamples, like transposed convolution.",
          "the upsampling / deconv / dilated-conv comparison post (it says no)", "11",
          "where the holes are: in the kernel (dilated) or between the input pixels (transposed)",
          "TRUE when the output is larger than the input"),
    Claim("upsampling_is_faster",
          "Upsampling is faster (fewer computations) than transposed convolution.",
          "a PyTorch Upsample vs ConvTranspose2d blog; Tutorial 116 FAQ", "13",
          "whether the upsampling is followed by the convolution that replaces the transposed one",
          "TRUE when the upsampling needs fewer multiply-adds (counted, not timed)"),
    Claim("upsampling_uses_less_memory",
          "Upsampling uses less memory than transposed convolution.",
          "a PyTorch Upsample vs ConvTranspose2d blog", "13",
          "whether the upsampling is followed by the convolution that replaces the transposed one",
          "TRUE when the upsampling holds fewer bytes (transposed / upsampling > 1), counting activations and, "
          "in training, parameters, gradients and Adam's two moments"),
    Claim("transposed_better_quality",
          "Transposed convolution learns a better (higher-quality) upsampling than interpolation.",
          "Tutorial 116 FAQ; a PyTorch Upsample vs ConvTranspose2d blog", "14",
          "the kernel size: whether it can hold a filter as good as bicubic's",
          "TRUE when the fitted transposed convolution's held-out PSNR beats both bilinear and bicubic "
          "(3 border pixels excluded for every method)"),
]
"""The lesson's claims, in the order of its sections."""


def claim(key: str) -> Claim:
    """The :class:`Claim` with this key."""
    for item in CLAIMS:
        if item.key == key:
            return item
    raise ValueError(f"key must be one of {[c.key for c in CLAIMS]}, got {key!r}")


def lesson_link(number: str, markdown: bool = True) -> str:
    """``[lesson 09](09_checkerboard_artifacts.ipynb)`` (or ``lesson 09 (09_...ipynb)`` as plain text)."""
    from .course import lesson

    item = lesson(number)
    return f"[lesson {number}]({item.filename})" if markdown else f"lesson {number} ({item.filename})"


def overall(verdicts) -> tuple[str, str]:
    """Sweep result: ``("TRUE", "")``, ``("FALSE", "")`` or ``("DEPENDS", "TRUE for ...; FALSE for ...")``.

    Parameters
    ----------
    verdicts : sequence of Verdict
        The same claim's verdicts in several settings (at least one).
    """
    verdicts = _as_list(verdicts)
    if not verdicts:
        raise ValueError("verdicts must not be empty")
    if len({v.key for v in verdicts}) != 1:
        raise ValueError("verdicts must all belong to one claim")
    yes = [v.setting_text() for v in verdicts if v.holds]
    no = [v.setting_text() for v in verdicts if not v.holds]
    if not no:
        return "TRUE", ""
    if not yes:
        return "FALSE", ""
    return "DEPENDS", f"TRUE for {' | '.join(yes)}; FALSE for {' | '.join(no)}"


def _as_list(verdicts, name="verdicts"):
    if isinstance(verdicts, Verdict):
        return [verdicts]
    verdicts = list(verdicts)
    if not all(isinstance(v, Verdict) for v in verdicts):
        raise TypeError(f"{name} must be a Verdict or a sequence of Verdict")
    return verdicts


def report(verdicts, flips=()) -> str:
    """Print and return a claim's check: the claim, each setting's verdict with its evidence, the overall
    verdict (:func:`overall` of ``verdicts``, the settings the claim is about), then ``flips``: settings
    outside that scope shown to change the printed verdict, and the lesson that explains it.

    Parameters
    ----------
    verdicts : Verdict or sequence of Verdict
        The claim's verdicts in the settings the source speaks about (its scope; one claim).
    flips : Verdict or sequence of Verdict
        The same claim in settings beyond the source (may be empty); printed as
        ``beyond the tutorial -> ...`` lines, they never change the overall verdict.
    """
    verdicts, flips = _as_list(verdicts), _as_list(flips, "flips")
    verdict, _ = overall(verdicts)
    if flips and {v.key for v in flips} != {verdicts[0].key}:
        raise ValueError("flips must belong to the same claim as verdicts")
    item = claim(verdicts[0].key)
    lines = [f"Claim: {item.statement}", f"  ({item.source})"]
    if item.rule:
        lines.append(f"  rule: {item.rule}")
    for v in verdicts:
        lines.append(f"  {v.word:<5}  with {v.setting_text()}: {v.evidence}")
    for v in flips:
        lines.append(f"  beyond the tutorial -> {v.word} with {v.setting_text()}: {v.evidence}")
    tail = f" on {item.depends_on}" if verdict == "DEPENDS" else ""
    lines.append(f"Verdict in the tutorial's setting: {verdict}{tail}  -> {lesson_link(item.lesson, markdown=False)}")
    text = "\n".join(lines)
    print(text)
    return text


def summary_table(results: dict) -> str:
    """A Markdown table ``# | claim | verdict | depends on | lesson`` from ``{key: (verdicts, flips)}``
    (or ``{key: verdicts}``): the verdict is :func:`overall` of ``verdicts``; for a TRUE or FALSE claim
    the last column names the settings beyond the tutorial where the answer is the opposite."""
    rows = ["| # | claim | verdict | depends on | lesson |", "| --- | --- | --- | --- | --- |"]
    for i, (key, value) in enumerate(results.items(), 1):
        verdicts, flips = value if isinstance(value, tuple) else (value, ())
        verdicts, flips = _as_list(verdicts), _as_list(flips, "flips")
        item = claim(key)
        verdict, _ = overall(verdicts)
        if verdict == "DEPENDS":
            depends = item.depends_on
        else:
            other = [f"`{v.setting_text()}`" for v in flips if v.holds != (verdict == "TRUE")]
            depends = (f"{'FALSE' if verdict == 'TRUE' else 'TRUE'} beyond the tutorial, with {', '.join(other)}"
                       if other else "—")
        rows.append(f"| {i} | {item.statement} | **{verdict}** | {depends} | {lesson_link(item.lesson)} |")
    return "\n".join(rows)


# ------------------------------------------------------------------------------------------- experiments


def _num(x: float) -> str:
    """A measured difference for printing: round-off (below 1e-9) prints as ``< 1e-9`` so that the text
    does not depend on the CPU's floating-point path."""
    return "< 1e-9" if abs(x) < 1e-9 else f"{x:.3g}"


def _verdict(key, holds, setting, evidence, **numbers) -> Verdict:
    """A Verdict; a ``seed`` in the setting is kept only when it is not the default 0."""
    setting = {name: value for name, value in setting.items() if not (name == "seed" and value == 0)}
    return Verdict(key, bool(holds), setting, evidence, numbers)


def transposed_1x1_parameters(k: int = 1, channels: int = 1) -> Verdict:
    """Count the weights and biases of a transposed convolution with ``channels`` inputs and outputs and a
    ``k`` x ``k`` kernel (the arrays a layer holds: kernel ``(k, k, C, C)``, bias ``(C,)``); the claim says
    ``k*k + 1``."""
    k = check_int(k, "k", 1, 16)
    channels = check_int(channels, "channels", 1, 1024)
    kernel, bias = np.zeros((k, k, channels, channels)), np.zeros(channels)
    count = kernel.size + bias.size
    claimed = k * k + 1
    return _verdict("transposed_1x1_parameters", count == claimed, {"k": k, "channels": channels},
                    f"{count} parameters counted, {claimed} claimed", count=count, claimed=claimed)


def upsampling_has_no_parameters(layer: str = "UpSampling2D", mode: str | None = None, channels: int = 3,
                                 seed: int = 0) -> Verdict:
    """x2 upsampling of a random ``(1, channels, 8, 8)`` map by an interpolation layer (``"UpSampling2D"``,
    ``mode`` ``"nearest"``, its default, or ``"bilinear"``) or by FCN's ``"bilinear_tconv"``: a stride-2
    transposed convolution whose 4x4 kernel is set to the bilinear filter (``mode`` must then be None or
    ``"bilinear"``). Counts the layer's parameters; for FCN's layer also measures its agreement with
    bilinear interpolation away from the border. The claim holds when the count is 0."""
    from .conv import conv_transpose2d
    from .layout import bilinear_kernel
    from .resize import interpolate

    layer = check_choice(layer, "layer", ("UpSampling2D", "bilinear_tconv"))
    if layer == "bilinear_tconv":
        mode = check_choice("bilinear" if mode is None else mode, "mode", ("bilinear",))
    else:
        mode = check_choice("nearest" if mode is None else mode, "mode", ("nearest", "bilinear"))
    channels = check_int(channels, "channels", 1, 64)
    x = np.random.default_rng(seed).standard_normal((1, channels, 8, 8))
    if layer == "UpSampling2D":
        params, diff = 0, 0.0
        evidence = f"0 parameters (interpolation={mode!r}, output {interpolate(x, scale_factor=2, mode=mode).shape})"
    else:
        w = bilinear_kernel(channels, channels, 4)
        out, params = conv_transpose2d(x, w, stride=2, padding=1), w.size + channels   # kernel + bias
        diff = float(np.abs(out - interpolate(x, scale_factor=2, mode="bilinear"))[..., 1:-1, 1:-1].max())
        evidence = f"{params} parameters; max |out - bilinear| inside the border = {_num(diff)}"
    return _verdict("upsampling_has_no_parameters", params == 0, {"layer": layer, "mode": mode, "channels": channels},
                    evidence, params=params, interior_diff=diff)


def upsampling_repeats_pixels(mode: str = "nearest", seed: int = 0) -> Verdict:
    """Upsample a random 3x3 image x2 with ``mode`` (``"nearest"`` or ``"bilinear"``) and compare with
    repeating every pixel twice along both axes (``np.repeat``)."""
    from .resize import interpolate

    mode = check_choice(mode, "mode", ("nearest", "bilinear"))
    x = np.random.default_rng(seed).standard_normal((1, 1, 3, 3))
    repeated = np.repeat(np.repeat(x, 2, axis=2), 2, axis=3)
    out = interpolate(x, scale_factor=2, mode=mode)
    diff = float(np.abs(out - repeated).max())
    return _verdict("upsampling_repeats_pixels", diff == 0.0, {"mode": mode, "seed": seed},
                    f"3x3 -> {out.shape[2]}x{out.shape[3]}, max |upsampled - repeated| = {_num(diff)}", diff=diff)


def stride_leaves_gaps(k: int = 1, s: int = 2, n: int = 3) -> Verdict:
    """Count the output pixels of a transposed convolution (``n`` x ``n`` input) that no kernel tap
    reaches (:func:`helpers.artifacts.overlap_count_2d`); the claim holds when there are any."""
    from .artifacts import overlap_count_2d

    k, s, n = check_int(k, "k", 1, 16), check_int(s, "s", 1, 8), check_int(n, "n", 1, 64)
    counts = overlap_count_2d((n, n), k, s)
    empty = int((counts == 0).sum())
    return _verdict("stride_leaves_gaps", empty > 0, {"k": k, "s": s},
                    f"{empty} of {counts.size} output pixels get no tap", empty=empty, total=int(counts.size))


def _keras_transpose_length(n: int, k: int, s: int, padding: str) -> int:
    """Keras Conv2DTranspose output length (no output_padding): ``n*s`` for 'same',
    ``n*s + max(k - s, 0)`` for 'valid'."""
    return n * s if padding == "same" else n * s + max(k - s, 0)


def output_shape_ignores_kernel(padding: str = "same", kernels=(1, 2, 3), s: int = 2, n: int = 3) -> Verdict:
    """Keras's output length of Conv2DTranspose (stride ``s``, input ``n``) for each kernel size in
    ``kernels``; the claim holds when they are all equal."""
    padding = check_choice(padding, "padding", ("same", "valid"))
    kernels = tuple(check_int(k, "kernels[i]", 1, 16) for k in kernels)
    s, n = check_int(s, "s", 1, 8), check_int(n, "n", 1, 64)
    sizes = [_keras_transpose_length(n, k, s, padding) for k in kernels]
    text = ", ".join(f"k={k}: {m}x{m}" for k, m in zip(kernels, sizes))
    return _verdict("output_shape_ignores_kernel", len(set(sizes)) == 1,
                    {"padding": padding, "kernels": kernels}, f"{n}x{n} input, stride {s} -> {text}", sizes=sizes)


def same_hyperparameters_invert_shape(n: int = 8, k: int = 3, s: int = 2, p: int = 1) -> Verdict:
    """Output size of a convolution of an ``n`` x ``n`` input, then of the transposed convolution with the
    same ``k``, ``s``, ``p`` (no output_padding) applied to it; the claim holds when that is ``n``."""
    from .conv import conv_output_size, conv_transpose_output_size

    n, k, s, p = check_int(n, "n", 1), check_int(k, "k", 1), check_int(s, "s", 1), check_int(p, "p", 0)
    if n + 2 * p < k:
        raise ValueError(f"k={k} does not fit the padded input n + 2p = {n + 2 * p}")
    m = conv_output_size(n, k, s, p)
    back = conv_transpose_output_size(m, k, s, p)
    return _verdict("same_hyperparameters_invert_shape", back == n, {"n": n, "k": k, "s": s, "p": p},
                    f"conv {n} -> {m}, transposed conv {m} -> {back} ((n + 2p - k) mod s = {(n + 2 * p - k) % s})",
                    conv=m, back=back)


_HAAR = 0.5 * np.array([[[1, 1], [1, 1]], [[1, -1], [1, -1]], [[1, 1], [-1, -1]], [[1, -1], [-1, 1]]])


def transposed_is_inverse(kernel: str = "random", seed: int = 0) -> Verdict:
    """Convolve a random 8x8 image with stride 2 and four 2x2 kernels (``"random"`` or the orthonormal
    ``"haar"`` wavelet), then apply the transposed convolution with the same weights; the claim holds
    when the round trip returns the image (relative error < 1e-9)."""
    from .conv import conv2d, conv_transpose2d

    kernel = check_choice(kernel, "kernel", ("random", "haar"))
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((1, 1, 8, 8))
    w = _HAAR[:, None] if kernel == "haar" else rng.standard_normal((4, 1, 2, 2))
    back = conv_transpose2d(conv2d(x, w, stride=2), w, stride=2)
    error = float(np.linalg.norm(back - x) / np.linalg.norm(x))
    return _verdict("transposed_is_inverse", error < 1e-9, {"kernel": kernel, "seed": seed},
                    f"|tconv(conv(x)) - x| / |x| = {_num(error)}", error=error)


def _transpose_same_stride1(x, w):
    """Keras Conv2DTranspose(strides=1, padding='same') on one channel: the full transposed convolution
    cropped by ``(k - 1) // 2`` at the start (TensorFlow computes it as the gradient of a 'same' conv)."""
    from .conv import conv_transpose2d

    k = w.shape[-1]
    a = (k - 1) // 2
    full = conv_transpose2d(x, w)
    n = x.shape[-1]
    return full[..., a:a + n, a:a + n]


def _conv_same(x, w):
    """Keras Conv2D(padding='same'), stride 1, one channel: pad ``(k-1)//2`` before, ``k//2`` after."""
    from .conv import conv2d

    k = w.shape[-1]
    padded = np.pad(x, ((0, 0), (0, 0), ((k - 1) // 2, k // 2), ((k - 1) // 2, k // 2)))
    return conv2d(padded, w)


def transposed_stride1_same_is_conv(k: int = 3, kernel: str = "as_is", seed: int = 0) -> Verdict:
    """Compare Conv2DTranspose(stride 1, 'same') with kernel ``w`` against Conv2D('same') with ``w`` as it
    is (``"as_is"``), with ``w`` flipped by 180 degrees (``"flipped"``), or with a kernel that is its own
    flip (``"symmetric"``), on a random 6x6 image. The claim holds when they are equal."""
    k = check_int(k, "k", 1, 7)
    kernel = check_choice(kernel, "kernel", ("as_is", "flipped", "symmetric"))
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((1, 1, 6, 6))
    w = rng.standard_normal((1, 1, k, k))
    if kernel == "symmetric":
        w = w + w[..., ::-1, ::-1]
    w_conv = w[..., ::-1, ::-1] if kernel == "flipped" else w
    diff = float(np.abs(_transpose_same_stride1(x, w) - _conv_same(x, w_conv)).max())
    return _verdict("transposed_stride1_same_is_conv", diff < 1e-9, {"k": k, "kernel": kernel},
                    f"max |Conv2DTranspose - Conv2D| = {_num(diff)}", diff=diff)


def _test_image(image: str, n: int, seed: int) -> np.ndarray:
    """A ``(1, 1, n, n)`` input: ``"flat"`` (ones), ``"smooth"`` (:func:`smooth_images`) or ``"noise"``
    (1 + 0.3 white noise)."""
    if image == "flat":
        return np.ones((1, 1, n, n))
    if image == "smooth":
        return smooth_images(1, n, seed)
    return 1.0 + 0.3 * np.random.default_rng(seed).standard_normal((1, 1, n, n))


def transposed_checkerboard(k: int = 3, s: int = 2, weights: str = "ones", image: str = "flat",
                            seed: int = 0) -> Verdict:
    """Transposed convolution (kernel ``k``, stride ``s``, a kernel of ``"ones"`` or of ``"random"``
    positive weights) of a 12x12 ``image`` (``"flat"``: constant, so anything periodic in the output is an
    artifact; ``"smooth"``; ``"noise"``), against nearest and bilinear x``s`` upsampling of the same image.
    Scores :func:`helpers.artifacts.checkerboard_score` (period ``s``) of each output's interior (the
    transposed convolution's ``k`` border pixels cropped, the interpolations' ``s``). The claim holds when
    the transposed convolution scores above 0.05 and both interpolations at most 0.05. (On a non-flat image
    nearest upsampling's staircase has some period-``s`` energy too, up to about 0.03 on smooth images, and
    a kernel of ones with ``k`` a multiple ``m s`` (m >= 2) paints blocks of an m-pixel box sum, which can
    pass 0.05 there; the flat image isolates uneven overlap.)"""
    from .artifacts import checkerboard_score
    from .conv import conv_transpose2d
    from .resize import interpolate

    k, s = check_int(k, "k", 1, 12), check_int(s, "s", 2, 4)
    weights = check_choice(weights, "weights", ("ones", "random"))
    image = check_choice(image, "image", ("flat", "smooth", "noise"))
    w = np.ones((1, 1, k, k)) if weights == "ones" else np.random.default_rng(seed).uniform(0.5, 1.5, (1, 1, k, k))
    x = _test_image(image, 12, seed)
    out = conv_transpose2d(x, w, stride=s)[..., k:-k, k:-k]
    score = checkerboard_score(out, period=s)
    nearest = checkerboard_score(interpolate(x, scale_factor=s)[..., s:-s, s:-s], period=s)
    bilinear = checkerboard_score(interpolate(x, scale_factor=s, mode="bilinear")[..., s:-s, s:-s], period=s)
    holds = score > 0.05 and max(nearest, bilinear) <= 0.05
    return _verdict("transposed_checkerboard", holds, {"k": k, "s": s, "weights": weights, "image": image},
                    f"checkerboard score: transposed conv {score:.3f}, nearest {nearest:.3f}, bilinear {bilinear:.3f}",
                    score=score, nearest=nearest, bilinear=bilinear)


def _upsample_conv(x, w):
    from .conv import conv2d
    from .resize import nearest_repeat

    return conv2d(nearest_repeat(x, 2), w, padding=1)


def matched_transposed_kernel(w) -> np.ndarray:
    """The 4x4 kernel of the stride-2, padding-1 transposed convolution that equals nearest x2 upsampling
    followed by the 3x3 'same' convolution ``w`` (shape (1, 1, 3, 3)): the response of the latter to one
    interior impulse."""
    x = np.zeros((1, 1, 5, 5))
    x[..., 2, 2] = 1.0
    return _upsample_conv(x, w)[..., 3:7, 3:7].copy()


def upsample_conv_smoother(tconv_kernel: str = "independent", trials: int = 12, seed: int = 0) -> Verdict:
    """Mean :func:`helpers.artifacts.checkerboard_score` over ``trials`` random kernels of nearest x2 +
    3x3 conv against a stride-2 4x4 transposed convolution whose kernel is ``"independent"`` (random too)
    or ``"matched"`` (:func:`matched_transposed_kernel` of the conv's kernel), on smooth images
    (1 + 0.3 noise, 12x12). The claim holds when upsample+conv scores less than half the transposed conv."""
    from .artifacts import checkerboard_score
    from .conv import conv_transpose2d

    tconv_kernel = check_choice(tconv_kernel, "tconv_kernel", ("independent", "matched"))
    trials = check_int(trials, "trials", 1, 100)
    rng = np.random.default_rng(seed)
    up_scores, t_scores, diffs = [], [], []
    for _ in range(trials):
        x = 1.0 + 0.3 * rng.standard_normal((1, 1, 12, 12))
        w = rng.standard_normal((1, 1, 3, 3))
        w4 = matched_transposed_kernel(w) if tconv_kernel == "matched" else rng.standard_normal((1, 1, 4, 4))
        a, b = _upsample_conv(x, w), conv_transpose2d(x, w4, stride=2, padding=1)
        up_scores.append(checkerboard_score(a[..., 2:-2, 2:-2]))
        t_scores.append(checkerboard_score(b[..., 2:-2, 2:-2]))
        diffs.append(float(np.abs(a - b).max()))
    up, tc = float(np.mean(up_scores)), float(np.mean(t_scores))
    return _verdict("upsample_conv_smoother", up < 0.5 * tc, {"tconv_kernel": tconv_kernel, "seed": seed},
                    f"mean checkerboard score: upsample+conv {up:.3f}, transposed conv {tc:.3f}; "
                    f"max |difference| {_num(max(diffs))}", upsample_conv=up, transposed=tc, max_diff=max(diffs))


def upsampling_is_sum_pool_gradient(mode: str = "nearest", seed: int = 0) -> Verdict:
    """The gradient of 2x2 sum pooling (a 4x4 -> 2x2 map ``y = P x``) with respect to ``x`` is ``P^T g``;
    compare it with x2 upsampling of ``g`` in ``mode``. The source says "approximates": the claim holds
    when the relative error ``|upsample(g) - P^T g| / |P^T g|`` is at most 0.1."""
    from .conv import conv_matrix
    from .resize import interpolate

    mode = check_choice(mode, "mode", ("nearest", "bilinear"))
    g = np.random.default_rng(seed).standard_normal((1, 1, 2, 2))
    P = conv_matrix(np.ones((2, 2)), (4, 4), stride=2)
    grad = (P.T @ g.ravel()).reshape(1, 1, 4, 4)
    up = interpolate(g, scale_factor=2, mode=mode)
    diff = float(np.abs(up - grad).max())
    rel = float(np.linalg.norm(up - grad) / np.linalg.norm(grad))
    return _verdict("upsampling_is_sum_pool_gradient", rel <= 0.1, {"mode": mode, "seed": seed},
                    f"|upsample(g) - d(sum pool)/dx . g| / |gradient| = {_num(rel)}", diff=diff, rel=rel)


def strided_transposed_is_max_pool_gradient(maxima: str = "anywhere", n: int = 8, seed: int = 0) -> Verdict:
    """The gradient of 2x2 max pooling routes each upstream value to its window's maximum (max-unpooling);
    a stride-2 transposed convolution with the kernel ``[[1, 0], [0, 0]]`` (zero insertion) always puts it
    top-left. ``n`` x ``n`` input: white noise (maxima ``"anywhere"``), a smooth image (``"smooth"``), or
    noise with every window's maximum moved ``"top_left"``. The source says "approximates": the claim holds
    when the relative error ``|zero insertion(g) - gradient| / |gradient|`` is at most 0.1; the evidence
    also gives the share of windows where the two agree."""
    from .conv import conv_transpose2d
    from .pooling import max_pool2d, max_unpool2d

    maxima = check_choice(maxima, "maxima", ("anywhere", "smooth", "top_left"))
    n = check_int(n, "n", 2, 64)
    n -= n % 2
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((1, 1, n, n))
    if maxima == "smooth":
        x = smooth_images(1, n, seed)
    if maxima == "top_left":
        x[..., ::2, ::2] = np.abs(x).max() + 1.0 + rng.random((n // 2, n // 2))
    pooled, idx = max_pool2d(x, 2, return_indices=True)
    g = rng.standard_normal(pooled.shape)
    grad = max_unpool2d(g, idx, 2)
    zeros_between = conv_transpose2d(g, np.array([[[[1.0, 0.0], [0.0, 0.0]]]]), stride=2)
    agree = np.all((grad == zeros_between).reshape(n // 2, 2, n // 2, 2), axis=(1, 3))
    share = float(agree.mean())
    rel = float(np.linalg.norm(zeros_between - grad) / np.linalg.norm(grad))
    return _verdict("strided_transposed_is_max_pool_gradient", rel <= 0.1, {"maxima": maxima, "seed": seed},
                    f"|zero insertion(g) - gradient| / |gradient| = {_num(rel)}; {share:.0%} of the {agree.size} "
                    "windows agree", share=share, rel=rel)


def pixel_shuffle_is_transposed(weights_for: str = "CRD", shuffle: str = "CRD", channels: int = 2,
                                seed: int = 0) -> Verdict:
    """A 1x1 convolution from ``C`` to ``4C`` channels followed by x2 pixel shuffle in channel order
    ``shuffle`` (``"CRD"``: PyTorch's PixelShuffle; ``"DCR"``: TensorFlow's depth_to_space) against the
    stride-2 2x2 transposed convolution whose kernel is the 1x1 weights rearranged for ``weights_for``.
    The claim holds when the outputs are equal."""
    from .conv import conv2d, conv_transpose2d
    from .shuffle import depth_to_space, nchw_to_nhwc, nhwc_to_nchw, pixel_shuffle

    weights_for = check_choice(weights_for, "weights_for", ("CRD", "DCR"))
    shuffle = check_choice(shuffle, "shuffle", ("CRD", "DCR"))
    c = check_int(channels, "channels", 1, 16)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((1, c, 5, 5))
    w = rng.standard_normal((4 * c, c, 1, 1))
    y = conv2d(x, w)
    out = pixel_shuffle(y, 2) if shuffle == "CRD" else nhwc_to_nchw(depth_to_space(nchw_to_nhwc(y), 2))
    k = np.zeros((c, c, 2, 2))
    for o in range(c):
        for i in range(2):
            for j in range(2):
                row = o * 4 + i * 2 + j if weights_for == "CRD" else (i * 2 + j) * c + o
                k[:, o, i, j] = w[row, :, 0, 0]
    diff = float(np.abs(conv_transpose2d(x, k, stride=2) - out).max())
    return _verdict("pixel_shuffle_is_transposed", diff < 1e-12,
                    {"weights_for": weights_for, "shuffle": shuffle, "channels": c},
                    f"max |tconv - conv+shuffle| = {_num(diff)}", diff=diff)


def dilated_conv_upsamples(holes: str = "kernel", d: int = 2, k: int = 3, n: int = 6, seed: int = 0) -> Verdict:
    """Put ``d - 1`` zeros between the taps of a ``k`` x ``k`` kernel (``"kernel"``: dilated convolution,
    padding ``d(k-1)/2`` as 'same') or between the pixels of the ``n`` x ``n`` input (``"input"``: then a
    full convolution, which is the stride-``d`` transposed convolution). The claim holds when the output
    is larger than the input."""
    from .conv import conv2d, conv_transpose2d, dilate_kernel, zero_insert

    holes = check_choice(holes, "holes", ("kernel", "input"))
    d, k, n = check_int(d, "d", 1, 8), check_int(k, "k", 1, 7), check_int(n, "n", 2, 64)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((1, 1, n, n))
    w = rng.standard_normal((1, 1, k, k))
    if holes == "kernel":
        out = conv2d(x, dilate_kernel(w, d), padding=d * (k - 1) // 2)
        np.testing.assert_allclose(out, conv2d(x, w, padding=d * (k - 1) // 2, dilation=d), atol=1e-12)
        extra = f"receptive field {d * (k - 1) + 1}x{d * (k - 1) + 1}"
    else:
        out = conv2d(zero_insert(x, d), w[..., ::-1, ::-1], padding=k - 1)
        np.testing.assert_allclose(out, conv_transpose2d(x, w, stride=d), atol=1e-12)
        extra = "== conv_transpose2d(x, w, stride=d)"
    m = out.shape[-1]
    return _verdict("dilated_conv_upsamples", m > n, {"holes": holes, "d": d},
                    f"{n}x{n} -> {m}x{m} ({extra})", size=m)


def _costs(method: str, shape) -> dict:
    """Multiply-adds, parameters and bytes (float32) moved by one x2 upsampling of ``shape`` (N, C, H, W):
    every operator reads its inputs and weights once and writes its output once."""
    n, c, h, w = shape
    elems_in, elems_out = n * c * h * w, 4 * n * c * h * w
    params = macs = intermediate = 0
    if method == "nearest_conv3":                 # nearest x2, then a 3x3 'same' conv on the big map
        params, macs, intermediate = 9 * c * c + c, 9 * c * c * 4 * h * w * n, elems_out
    elif method == "tconv_k2s2":                  # every input pixel scatters a 2x2 kernel per channel pair
        params, macs = 4 * c * c + c, 4 * c * c * h * w * n
    elif method == "tconv_k4s2p1":
        params, macs = 16 * c * c + c, 16 * c * c * h * w * n
    elif method != "nearest":
        raise ValueError(f"method must be nearest, nearest_conv3, tconv_k2s2 or tconv_k4s2p1, got {method!r}")
    nbytes = 4 * (elems_in + params + elems_out + 2 * intermediate)
    return {"macs": macs, "params": params, "bytes": nbytes}


def _shape4(shape):
    if not isinstance(shape, (tuple, list)) or len(shape) != 4:
        raise ValueError(f"shape must be (N, C, H, W), got {shape!r}")
    return tuple(check_int(v, f"shape[{i}]", 1) for i, v in enumerate(shape))


def upsampling_is_faster(upsample: str = "nearest", transposed: str = "tconv_k2s2",
                         shape=(1, 64, 64, 64)) -> Verdict:
    """Analytic multiply-adds of the upsampling (``"nearest"`` alone, or ``"nearest_conv3"``: nearest then
    the 3x3 convolution that makes it learnable) against the transposed convolution (``"tconv_k2s2"`` or
    ``"tconv_k4s2p1"``). The claim holds when the upsampling needs fewer multiply-adds."""
    upsample = check_choice(upsample, "upsample", ("nearest", "nearest_conv3"))
    transposed = check_choice(transposed, "transposed", ("tconv_k2s2", "tconv_k4s2p1"))
    shape = _shape4(shape)
    a, b = _costs(upsample, shape), _costs(transposed, shape)
    ratio = b["macs"] / a["macs"] if a["macs"] else float("inf")
    return _verdict("upsampling_is_faster", a["macs"] < b["macs"], {"upsample": upsample, "transposed": transposed},
                    f"{a['macs'] / 1e6:.1f} M vs {b['macs'] / 1e6:.1f} M multiply-adds for {shape} "
                    f"(transposed / upsampling = {ratio:.2f})", upsample_macs=a["macs"],
                    transposed_macs=b["macs"], ratio=ratio)


def held_bytes(method: str, shape, state: str = "inference") -> dict:
    """Bytes (float32) a x2 upsampling layer holds: input, output, the intermediate map of a two-step layer
    (kept for the backward pass), and the parameters: once for ``"inference"``, four times for
    ``"training"`` with Adam (weights, their gradients, Adam's two moment estimates). Activation gradients
    are not counted (they mirror the activations). From :func:`helpers.measure.cost`.

    Returns
    -------
    dict
        ``activations``, ``parameters`` (bytes of all parameter-sized tensors) and ``total``.
    """
    from .measure import cost

    state = check_choice(state, "state", ("inference", "training"))
    c = cost(method, shape)
    activations = c["bytes_in"] + c["bytes_out"] + c["intermediate_bytes"]
    parameters = c["bytes_weights"] * (4 if state == "training" else 1)
    return {"activations": activations, "parameters": parameters, "total": activations + parameters}


def upsampling_uses_less_memory(shape=(1, 64, 64, 64), state: str = "inference", upsample: str = "nearest",
                                transposed: str = "tconv_k2s2") -> Verdict:
    """Bytes held (:func:`held_bytes`) by the upsampling (``"nearest"`` alone, or ``"nearest_conv3"``:
    nearest then the 3x3 convolution that makes it learnable) against the transposed convolution, for
    ``"inference"`` or one ``"training"`` step with Adam. The claim holds when the upsampling holds fewer
    bytes (ratio transposed / upsampling > 1: no other threshold)."""
    upsample = check_choice(upsample, "upsample", ("nearest", "nearest_conv3"))
    transposed = check_choice(transposed, "transposed", ("tconv_k2s2", "tconv_k4s2p1"))
    shape = _shape4(shape)
    a, b = held_bytes(upsample, shape, state), held_bytes(transposed, shape, state)
    ratio = b["total"] / a["total"]
    mib = 2**20
    return _verdict("upsampling_uses_less_memory", a["total"] < b["total"],
                    {"upsample": upsample, "shape": shape, "state": state},
                    f"{a['total'] / mib:.2f} MiB vs {b['total'] / mib:.2f} MiB ({transposed}; parameters "
                    f"{a['parameters'] / mib:.2f} vs {b['parameters'] / mib:.2f} MiB; ratio {ratio:.3f})",
                    upsample_bytes=a["total"], transposed_bytes=b["total"], ratio=ratio)


def smooth_images(count: int, n: int, seed: int = 0) -> np.ndarray:
    """``count`` smooth random images ``(count, 1, n, n)`` in [0, 1]: white noise low-passed in the
    Fourier domain (Gaussian, sigma n/10 cycles), rescaled."""
    rng = np.random.default_rng(seed)
    f = np.fft.fftfreq(n) * n
    lowpass = np.exp(-(f[:, None] ** 2 + f[None, :] ** 2) / (2 * (n / 10) ** 2))
    noise = rng.standard_normal((count, n, n))
    img = np.real(np.fft.ifft2(np.fft.fft2(noise) * lowpass))
    lo, hi = img.min(axis=(1, 2), keepdims=True), img.max(axis=(1, 2), keepdims=True)
    return ((img - lo) / (hi - lo))[:, None]


def fit_transposed_kernel(low, high, k: int, border: int = 3) -> np.ndarray:
    """Least-squares ``k`` x ``k`` kernel (plus bias, returned last) of a stride-2 transposed convolution
    with padding ``(k - 2) // 2`` that maps the images ``low`` (M, 1, n, n) to ``high`` (M, 1, 2n, 2n),
    ``border`` pixels excluded: the best a trained layer can do on these images (the layer is linear in
    its weights, so training by least squares finds the optimum exactly)."""
    from .conv import conv_transpose2d

    p = (k - 2) // 2
    inner = (..., slice(border, -border), slice(border, -border))
    columns = []
    for t in range(k * k):
        e = np.zeros((1, 1, k, k))
        e.flat[t] = 1.0
        columns.append(conv_transpose2d(low, e, stride=2, padding=p)[inner].ravel())
    target = high[inner].ravel()
    design = np.column_stack(columns + [np.ones(target.size)])
    return np.linalg.lstsq(design, target, rcond=None)[0]


def transposed_better_quality(k: int = 4, seed: int = 0) -> Verdict:
    """Downsample smooth 32x32 images by 2x2 averaging; upsample them back with bilinear and bicubic
    interpolation and with a stride-2 transposed convolution whose ``k`` x ``k`` kernel (and bias) was
    fitted by least squares on 12 other images. Scored: PSNR over 12 held-out images, the same interior
    pixels for every method (3 border pixels excluded, where the fit was not trained). The claim holds when
    the fitted transposed convolution beats both interpolations."""
    from .capstone import downsample, psnr
    from .conv import conv_transpose2d
    from .resize import interpolate

    k = check_int(k, "k", 2, 8)
    if k % 2:
        raise ValueError(f"k must be even (padding (k - 2) / 2 keeps the output 2n), got {k}")
    images = smooth_images(24, 32, seed)
    low = downsample(images, 2)
    coef = fit_transposed_kernel(low[:12], images[:12], k)
    kernel, bias = coef[:-1].reshape(1, 1, k, k), coef[-1:]
    test_low, test = low[12:], images[12:]
    learned = conv_transpose2d(test_low, kernel, bias=bias, stride=2, padding=(k - 2) // 2)
    inner = (..., slice(3, -3), slice(3, -3))
    a = psnr(learned[inner], test[inner])
    b = psnr(interpolate(test_low, scale_factor=2, mode="bilinear")[inner], test[inner])
    c = psnr(interpolate(test_low, scale_factor=2, mode="bicubic")[inner], test[inner])
    return _verdict("transposed_better_quality", a > max(b, c), {"k": k, "seed": seed},
                    f"held-out PSNR: fitted transposed conv {a:.2f} dB, bilinear {b:.2f} dB, bicubic {c:.2f} dB",
                    learned=a, bilinear=b, bicubic=c)


EXPERIMENTS = {
    "transposed_1x1_parameters": transposed_1x1_parameters,
    "upsampling_has_no_parameters": upsampling_has_no_parameters,
    "upsampling_repeats_pixels": upsampling_repeats_pixels,
    "stride_leaves_gaps": stride_leaves_gaps,
    "output_shape_ignores_kernel": output_shape_ignores_kernel,
    "same_hyperparameters_invert_shape": same_hyperparameters_invert_shape,
    "transposed_is_inverse": transposed_is_inverse,
    "transposed_stride1_same_is_conv": transposed_stride1_same_is_conv,
    "transposed_checkerboard": transposed_checkerboard,
    "upsample_conv_smoother": upsample_conv_smoother,
    "upsampling_is_sum_pool_gradient": upsampling_is_sum_pool_gradient,
    "strided_transposed_is_max_pool_gradient": strided_transposed_is_max_pool_gradient,
    "pixel_shuffle_is_transposed": pixel_shuffle_is_transposed,
    "dilated_conv_upsamples": dilated_conv_upsamples,
    "upsampling_is_faster": upsampling_is_faster,
    "upsampling_uses_less_memory": upsampling_uses_less_memory,
    "transposed_better_quality": transposed_better_quality,
}
"""Claim key -> experiment function."""

FLIPS = {
    "transposed_1x1_parameters": ({"k": 1, "channels": 1}, {"k": 1, "channels": 3}),
    "upsampling_has_no_parameters": ({"layer": "UpSampling2D"}, {"layer": "bilinear_tconv"}),
    "upsampling_repeats_pixels": ({"mode": "nearest"}, {"mode": "bilinear"}),
    "stride_leaves_gaps": ({"k": 1, "s": 2}, {"k": 2, "s": 2}),
    "output_shape_ignores_kernel": ({"padding": "same"}, {"padding": "valid"}),
    "same_hyperparameters_invert_shape": ({"n": 7}, {"n": 8}),
    "transposed_is_inverse": ({"kernel": "haar"}, {"kernel": "random"}),
    "transposed_stride1_same_is_conv": ({"kernel": "flipped"}, {"kernel": "as_is"}),
    "transposed_checkerboard": ({"k": 3}, {"k": 4}),
    "upsample_conv_smoother": ({"tconv_kernel": "independent"}, {"tconv_kernel": "matched"}),
    "upsampling_is_sum_pool_gradient": ({"mode": "nearest"}, {"mode": "bilinear"}),
    "strided_transposed_is_max_pool_gradient": ({"maxima": "top_left"}, {"maxima": "anywhere"}),
    "pixel_shuffle_is_transposed": ({"shuffle": "CRD"}, {"shuffle": "DCR"}),
    "dilated_conv_upsamples": ({"holes": "input"}, {"holes": "kernel"}),
    "upsampling_is_faster": ({"upsample": "nearest"}, {"upsample": "nearest_conv3"}),
    "upsampling_uses_less_memory": ({"upsample": "nearest"}, {"upsample": "nearest_conv3"}),
    "transposed_better_quality": ({"k": 6}, {"k": 4}),
}
"""For every claim, a setting where it holds and one where it does not."""


# ------------------------------------- the three geometric claims at one setting (lesson 15 widget)


def claim_states(k: int = 3, s: int = 2, p: int = 1, n: int = 4) -> dict:
    """The three geometric claims at one setting.

    Parameters
    ----------
    k, s : int
        Kernel size (1..12) and stride (1..4) of the transposed convolution.
    p : int
        Padding (>= 0) of the convolution whose shape the transposed convolution should invert.
    n : int
        Input size of that convolution (its output is the transposed convolution's input), 1..32.

    Returns
    -------
    dict
        ``"counts"``: the 2-D overlap counts of a transposed convolution (no padding) of a 4x4 input,
        ``(3s + k, 3s + k)``; ``"counts_1d"``: one row of them; ``"rows"``: list of
        ``(claim text, verdict, evidence)`` with verdict ``"TRUE"``, ``"FALSE"`` or ``"n/a"``.

    Examples
    --------
    >>> [row[1] for row in claim_states(3, 2, 1, 8)["rows"]]
    ['FALSE', 'TRUE', 'FALSE']
    >>> [row[1] for row in claim_states(4, 2, 1, 8)["rows"]]
    ['FALSE', 'FALSE', 'TRUE']
    """
    from .artifacts import overlap_count, overlap_count_2d

    k, s = check_int(k, "k", 1, 12), check_int(s, "s", 1, 4)
    p, n = check_int(p, "p", 0, 16), check_int(n, "n", 1, 32)
    counts = overlap_count_2d((4, 4), k, s)
    gaps = stride_leaves_gaps(k, s, n=4)
    rows = [("stride leaves gaps", gaps.word, gaps.evidence)]
    if s >= 2:
        board = transposed_checkerboard(k, s, weights="ones")
        rows.append(("checkerboard (equal weights)", board.word,
                     f"checkerboard score {board.numbers['score']:.3f} (period {s})"))
    else:
        rows.append(("checkerboard (equal weights)", "n/a", "stride 1 does not upsample"))
    if n + 2 * p >= k:
        shape = same_hyperparameters_invert_shape(n, k, s, p)
        rows.append(("same k, s, p invert the shape", shape.word, shape.evidence.split(" ((")[0]))
    else:
        rows.append(("same k, s, p invert the shape", "n/a", f"k={k} does not fit n + 2p = {n + 2 * p}"))
    return {"counts": counts, "counts_1d": overlap_count(4, k, s), "rows": rows}
