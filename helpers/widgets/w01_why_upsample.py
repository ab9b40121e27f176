"""Lesson 01 widget and figures: feature-map sizes through an encoder-decoder / U-Net.

- :func:`make_scene` draws a small test image of shapes and its segmentation mask (the lesson's
  running example of dense prediction).
- :func:`coarse_mask_accuracy` measures what a prediction made at a coarser resolution and copied back
  up (nearest) gets right: the cost of predicting at low resolution.
- :func:`unet_trace` computes the spatial size at every level of a U-Net of a given depth (2x2 max
  pooling down, x2 upsampling up, skip concatenations), including what happens when the input size is
  not divisible by ``2 ** depth`` and three ways to fix it.
- :func:`draw_unet` draws that trace as the classic U; :func:`unet_widget` puts sliders on it.

Only NumPy, matplotlib and ipywidgets are imported here (no torch/tensorflow).
"""

from __future__ import annotations

import numpy as np

from ._paint import _Frame, _pixel_transform, _show  # one unscaled painted image

__all__ = [
    "FIXES",
    "make_scene",
    "coarse_mask_accuracy",
    "unet_trace",
    "draw_unet",
    "unet_widget",
]

FIXES = ("none", "pad input", "crop skip", "pad upsampled")
"""What to do when the upsampled map and the skip differ in size.

- ``"none"``: concatenate as they are (fails when the sizes differ);
- ``"pad input"``: pad the input up to the next multiple of ``2 ** depth``, crop the output back;
- ``"crop skip"``: centre-crop each skip to the upsampled size (the original U-Net paper's choice; the
  output is then smaller than the input);
- ``"pad upsampled"``: pad each upsampled map to its skip's size (common in PyTorch U-Nets).
"""

SCENE_CLASSES = ("background", "disk", "square", "triangle")
"""Class names of :func:`make_scene`'s mask, by class id."""

_SCENE_VALUES = (0.1, 0.9, 0.6, 0.35)


def make_scene(size: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """A grey image of three shapes on a background, and its per-pixel class mask.

    The shapes (a disk, a square and a triangle) scale with ``size``, so every size shows the same
    scene. Pixel ``(i, j)`` is classified by its centre ``(i + 0.5, j + 0.5)``.

    Parameters
    ----------
    size : int, default 32
        Height and width, 8 to 512.

    Returns
    -------
    image : ndarray of float64, shape (size, size)
        Grey values in [0, 1]: background 0.1, disk 0.9, square 0.6, triangle 0.35.
    mask : ndarray of int64, shape (size, size)
        Class ids 0 (background), 1 (disk), 2 (square), 3 (triangle); see ``SCENE_CLASSES``.

    Examples
    --------
    >>> image, mask = make_scene(32)
    >>> image.shape, sorted(np.unique(mask).tolist())
    ((32, 32), [0, 1, 2, 3])
    """
    from .._validate import check_int

    size = check_int(size, "size", min_value=8, max_value=512)
    u = (np.arange(size) + 0.5) / size * 32.0  # pixel centres in a 32-unit frame
    y, x = np.meshgrid(u, u, indexing="ij")
    mask = np.zeros((size, size), dtype=np.int64)
    mask[(y - 10.0) ** 2 + (x - 11.0) ** 2 <= 6.5**2] = 1
    mask[(y >= 18.0) & (y <= 28.0) & (x >= 3.0) & (x <= 13.0)] = 2
    # triangle with apex (16, 24) and base from (28, 17) to (28, 30), in (y, x)
    inside = (y <= 28.0) & (y >= 16.0) & (np.abs(x - 23.5) <= (y - 16.0) * 6.5 / 12.0)
    mask[inside] = 3
    image = np.asarray(_SCENE_VALUES, dtype=np.float64)[mask]
    return image, mask


def coarse_mask_accuracy(mask, factor: int) -> tuple[np.ndarray, float]:
    """Predict a mask at ``1/factor`` resolution, copy it back up, and score it.

    The coarse prediction takes the class at the centre of each ``factor x factor`` block (the best a
    perfect classifier working at that resolution could do with one label per block); nearest-neighbour
    upsampling then repeats it back to full size.

    Parameters
    ----------
    mask : array_like of int, shape (H, W)
        Full-resolution class ids; H and W divisible by ``factor``.
    factor : int
        Downsampling factor, >= 1.

    Returns
    -------
    restored : ndarray, shape (H, W)
        The coarse mask repeated back to full size.
    accuracy : float
        Fraction of pixels whose class is right.
    """
    from .._validate import check_int

    factor = check_int(factor, "factor", min_value=1)
    mask = np.asarray(mask)
    if mask.ndim != 2:
        raise ValueError(f"mask must be 2-D, got shape {mask.shape}")
    if mask.shape[0] % factor or mask.shape[1] % factor:
        raise ValueError(f"mask's sides {mask.shape} must be divisible by factor={factor}")
    coarse = mask[factor // 2 :: factor, factor // 2 :: factor]
    restored = np.repeat(np.repeat(coarse, factor, axis=0), factor, axis=1)
    return restored, float(np.mean(restored == mask))


def unet_trace(size: int, depth: int, fix: str = "none") -> dict:
    """Spatial sizes through a U-Net: ``depth`` halvings by 2x2 max pooling, then ``depth`` x2 upsamplings.

    Convolutions are assumed size-preserving (3x3, padding 1), as in most modern U-Nets. Pooling
    floors: ``e[l] = e[l-1] // 2``. Going up, each level doubles the map below it, ``up[l] =
    2 * d[l+1]``, and concatenates it with the encoder's skip ``e[l]``. That works only when
    ``up[l] == e[l]``, which holds at every level exactly when the input is divisible by ``2 ** depth``.

    Parameters
    ----------
    size : int
        Input height (= width), >= ``2 ** depth`` and <= 4096.
    depth : int
        Number of x2 downsamplings, 0 to 8.
    fix : str, default "none"
        One of :data:`FIXES`.

    Returns
    -------
    dict with keys
        ``"size"``, ``"depth"``, ``"fix"``; ``"work"``: the size the network runs at (the padded
        input for ``"pad input"``); ``"encoder"``: list ``e[0..depth]``; ``"upsampled"``: list
        ``up[0..depth-1]`` (``up[l]`` arrives at level ``l``); ``"skip"``: the skip sizes concatenated
        (cropped for ``"crop skip"``); ``"decoder"``: list ``d[0..depth]`` (``d[depth] = e[depth]``);
        ``"match"``: list of bool, ``up[l] == e[l]`` before any fix; ``"fails_at"``: the first level
        (from the bottom) whose concatenation fails, or None; ``"output"``: the output size;
        ``"ok"``: True when nothing fails and the output size equals the input size.

    Examples
    --------
    >>> t = unet_trace(36, 3)
    >>> t["encoder"], t["upsampled"], t["fails_at"]
    ([36, 18, 9, 4], [32, 16, 8], 2)
    >>> unet_trace(36, 3, fix="pad input")["encoder"]
    [40, 20, 10, 5]
    """
    from .._validate import check_choice, check_int

    depth = check_int(depth, "depth", min_value=0, max_value=8)
    size = check_int(size, "size", min_value=2**depth, max_value=4096)
    fix = check_choice(fix, "fix", FIXES)
    step = 2**depth
    work = -(-size // step) * step if fix == "pad input" else size
    encoder = [work]
    for _ in range(depth):
        encoder.append(encoder[-1] // 2)
    decoder = [0] * depth + [encoder[depth]]
    upsampled = [0] * depth
    skip = [0] * depth
    match = [True] * depth
    fails_at = None
    for level in range(depth - 1, -1, -1):
        up = 2 * decoder[level + 1]
        upsampled[level] = up
        match[level] = up == encoder[level]
        if fix == "crop skip":
            skip[level] = min(up, encoder[level])
            decoder[level] = skip[level]
        elif fix == "pad upsampled":
            skip[level] = encoder[level]
            decoder[level] = max(up, encoder[level])
        else:
            skip[level] = encoder[level]
            decoder[level] = up
            if not match[level] and fails_at is None:
                fails_at = level
    output = size if fix == "pad input" else decoder[0]
    return {
        "size": size,
        "depth": depth,
        "fix": fix,
        "work": work,
        "encoder": encoder,
        "upsampled": upsampled,
        "skip": skip,
        "decoder": decoder,
        "match": match,
        "fails_at": fails_at,
        "output": output,
        "ok": fails_at is None and output == size,
    }


def _skip_label(trace: dict, level: int) -> tuple[str, str]:
    """Text and colour name for the skip arrow of one level."""
    e, up = trace["encoder"][level], trace["upsampled"][level]
    fix = trace["fix"]
    if up == e:
        return f"concat {e} + {up}", "green"
    if fix == "crop skip":
        return f"crop skip {e}→{up}", "orange"
    if fix == "pad upsampled":
        return f"pad up {up}→{e}", "orange"
    return f"{e} ≠ {up}: concat fails", "vermillion"


def draw_unet(fig, size: int = 32, depth: int = 3, fix: str = "none") -> dict:
    """Draw the U of :func:`unet_trace` on ``fig``: one square per feature map, side proportional to size.

    Encoder maps (blue) go down the left arm, decoder maps (orange) up the right arm; horizontal arrows
    are the skip connections, green when the sizes agree, orange when a fix crops or pads, vermillion
    when the concatenation fails. Maps after a failure are drawn hollow. The squares and all text are
    painted as one image (:class:`helpers.widgets.Raster`) and the arrows are figure-level patches, so a
    redraw takes milliseconds. Returns the trace with ``"labels"`` (every text written, title last) and
    ``"squares"`` (one pixel box ``(x0, y0, side)`` per feature map) added.
    """
    from matplotlib.patches import FancyArrowPatch

    from ..style import PALETTE
    from . import Raster

    t = unet_trace(size, depth, fix)
    raster = Raster(fig)
    W, H = raster.width, raster.height
    # the axes box of the original drawing (0.01, 0.01, 0.98, 0.9), equal scales
    f = _Frame(0.01 * W, (1 - 0.91) * H, 0.98 * W, 0.9 * H, (-0.8, 2 * depth + 0.8), (-depth - 0.75, 1.0),
               equal=True)
    scale = f.w / (2 * depth + 1.6)
    top = max(t["encoder"] + t["decoder"])
    labels, squares, arrows = [], [], []

    def write(text, x, y, size_pt, colour="black", ha="center", va="center"):
        raster.text(text, f.x(x), f.y(y), size_pt, colour, ha=ha, va=va)
        labels.append(text)

    def side(n):
        return 0.18 + 0.5 * n / top

    def square(x, y, n, colour, hollow=False, label="below"):
        s = side(n)
        x0, y0, px = int(round(float(f.x(x - s / 2)))), int(round(float(f.y(y + s / 2)))), int(round(s * scale))
        if hollow:   # never computed: outline and hatching only
            yy, xx = np.mgrid[0:px, 0:px]
            view = raster.pixels[y0:y0 + px, x0:x0 + px]
            view[(xx + yy) % 14 == 0] = _blend_rgb(colour, 0.9)
        else:
            raster.fill(x0, y0, px, px, _blend_rgb(colour, 0.9))
        raster.outline(x0 - 1, y0 - 1, px + 2, px + 2, _blend_rgb(colour, 0.9), 3)
        squares.append((x0, y0, px))
        if label == "left":
            write(f"{n}", x - s / 2 - 0.06, y, 10, ha="right")
        elif label == "right":
            write(f"{n}", x + s / 2 + 0.06, y, 10, ha="left")
        else:
            write(f"{n}", x, y - s / 2 - 0.06, 10, va="top")

    def arrow(p, q, colour, dashed=False):
        arrows.append(((float(f.x(p[0])), H - float(f.y(p[1]))), (float(f.x(q[0])), H - float(f.y(q[1]))),
                       PALETTE[colour], dashed))

    blue, orange, purple = PALETTE["blue"], PALETTE["orange"], PALETTE["purple"]
    broken_below = t["fails_at"]  # decoder levels <= this are hollow (never computed)
    for level, n in enumerate(t["encoder"]):
        x, y = level, -level
        square(x, y, n, purple if level == depth else blue, label="below" if level == depth else "left")
        if level < depth:
            h, hb = side(n) / 2, side(t["encoder"][level + 1]) / 2
            arrow((x + h, y - h), (x + 1 - hb, y - 1 + hb), "blue")
    for level in range(depth - 1, -1, -1):
        x, y = 2 * depth - level, -level
        n_below = t["decoder"][level + 1]
        hollow = broken_below is not None and level <= broken_below
        square(x, y, t["decoder"][level], orange, hollow=hollow, label="right")
        xb, yb = 2 * depth - level - 1, -level - 1
        h, hb = side(t["decoder"][level]) / 2, side(n_below) / 2
        arrow((xb + hb, yb + hb), (x - h, y - h), "orange")
        text, colour = _skip_label(t, level)
        xe = level + side(t["encoder"][level]) / 2 + 0.05
        xd = x - side(t["decoder"][level]) / 2 - 0.05
        arrow((xe, y), (xd, y), colour, dashed=colour == "vermillion")
        write(text, (xe + xd) / 2, y + 0.06, 10, PALETTE[colour], va="bottom")
    if depth:
        write("pool ÷2", 0.5 - 0.14, -0.5, 9, blue, ha="right")
        write("up ×2", 2 * depth - 0.5 + 0.14, -0.5, 9, orange, ha="left")
    # input and output labels
    pad = t["work"] != t["size"]
    left = f"input {t['size']}" + (f" → pad to {t['work']}" if pad else "")
    write(left, 0, 0.62, 11, va="bottom")
    if t["fails_at"] is not None:
        right, colour = "no output (concat fails)", PALETTE["vermillion"]
    else:
        crop = f"crop {t['decoder'][0]} → " if pad else ""
        verdict = "= input" if t["ok"] else f"≠ input {t['size']}"
        right = f"output {crop}{t['output']} {verdict}"
        colour = PALETTE["green"] if t["ok"] else PALETTE["vermillion"]
    write(right, 2 * depth, 0.62, 11, colour, va="bottom")
    divisible = "divisible" if t["size"] % 2**depth == 0 else "not divisible"
    power = "2" + "⁰¹²³⁴⁵⁶⁷⁸⁹"[depth]
    title = f"U-Net, depth {depth}, input {size}×{size} ({divisible} by {power} = {2**depth}); fix: {fix}"
    raster.text(title, f.x0 + f.w / 2, f.y0 - 8, 12, va="bottom")
    labels.append(title)
    _show(raster)
    for p, q, colour, dashed in arrows:
        fig.add_artist(FancyArrowPatch(p, q, arrowstyle="-|>", mutation_scale=12, color=colour, linewidth=1.6,
                                       linestyle="--" if dashed else "-", shrinkA=0, shrinkB=0,
                                       transform=_pixel_transform(fig)))
    t["labels"], t["squares"] = labels, squares
    return t


def _blend_rgb(colour, alpha: float):
    """``colour`` at opacity ``alpha`` over white, as an RGB tuple."""
    from matplotlib.colors import to_rgb

    return tuple(alpha * c + (1 - alpha) for c in to_rgb(colour))




# ------------------------------------------------------------------------------------ widgets


def unet_widget(size: int = 36, depth: int = 3, fix: str = "none"):
    """Sliders for the input size and the depth and a menu of fixes, redrawing :func:`draw_unet`."""
    import ipywidgets as W

    from . import interactive_figure

    controls = {
        "size": W.IntSlider(value=size, min=16, max=128, step=1, description="input size"),
        "depth": W.IntSlider(value=depth, min=1, max=4, step=1, description="depth"),
        "fix": W.Dropdown(options=list(FIXES), value=fix, description="fix"),
    }
    return interactive_figure(draw_unet, controls, figsize=(8.5, 4.6))
