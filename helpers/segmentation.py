"""Dense prediction and the U-Net's sizes (lesson 01), in NumPy.

Why upsample at all: a segmentation network predicts one class per pixel, so whatever it computes at a
coarse resolution must come back up to the input's size.

- :func:`make_scene` draws the lesson's running example: a small grey image of three shapes and its
  per-pixel class mask (:data:`SCENE_CLASSES`).
- :func:`coarse_mask_accuracy` measures what a prediction made at ``1/factor`` resolution and copied back
  up (nearest) gets right: the cost of predicting at low resolution.
- :func:`unet_trace` computes the spatial size at every level of a U-Net of a given depth (2x2 max
  pooling down, x2 upsampling up, skip concatenations), including what happens when the input size is
  not divisible by ``2 ** depth`` and the three usual fixes (:data:`FIXES`).

Only NumPy is imported.
"""

from __future__ import annotations

import numpy as np

from ._validate import check_choice, check_int
from .resize import nearest_repeat

__all__ = [
    "SCENE_CLASSES",
    "make_scene",
    "coarse_mask_accuracy",
    "FIXES",
    "unet_trace",
    "best_coarse_mask",
]

FIXES = ("none", "pad input", "crop skip", "pad upsampled")
"""What to do when the upsampled map and the skip differ in size.

- ``"none"``: concatenate as they are (fails when the sizes differ);
- ``"pad input"``: pad the input up to the next multiple of ``2 ** depth``, crop the output back;
- ``"crop skip"``: centre-crop each skip to the upsampled size (the output is then smaller than the
  input; the original U-Net also crops its skips, but because its unpadded convolutions shrink every map,
  and it picks input sizes that every pooling halves exactly);
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

    The coarse prediction takes the class of one pixel of each ``factor x factor`` block, pixel
    ``(factor // 2, factor // 2)`` of the block: its centre for odd factors, the pixel just below and
    right of the centre for even ones. That is a sample, not the best one label per block can do (see
    :func:`best_coarse_mask`, the per-block majority). Nearest-neighbour upsampling then repeats it back
    to full size.

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
    factor = check_int(factor, "factor", min_value=1)
    mask = np.asarray(mask)
    if mask.ndim != 2:
        raise ValueError(f"mask must be 2-D, got shape {mask.shape}")
    if mask.shape[0] % factor or mask.shape[1] % factor:
        raise ValueError(f"mask's sides {mask.shape} must be divisible by factor={factor}")
    coarse = mask[factor // 2 :: factor, factor // 2 :: factor]
    restored = nearest_repeat(coarse, factor).astype(mask.dtype)
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


def best_coarse_mask(mask, factor: int) -> tuple[np.ndarray, float]:
    """The best pixel accuracy any prediction with one label per ``factor x factor`` block can reach.

    Each block gets its majority class (ties go to the smallest class id); nearest-neighbour upsampling
    repeats it back to full size. A block's accuracy is the share of its pixels holding the chosen label,
    which the majority maximises, so no one-label-per-block prediction (a perfect classifier working at
    ``1/factor`` resolution) scores higher.

    Parameters
    ----------
    mask : array_like of int, shape (H, W)
        Full-resolution class ids >= 0; H and W divisible by ``factor``.
    factor : int
        Downsampling factor, >= 1.

    Returns
    -------
    restored : ndarray of mask's dtype, shape (H, W)
        The majority of each block, repeated back to full size.
    accuracy : float
        Fraction of pixels whose class is right.

    Examples
    --------
    >>> m = np.array([[0, 0, 1, 1], [0, 1, 1, 1], [2, 2, 0, 0], [2, 0, 0, 0]])
    >>> restored, acc = best_coarse_mask(m, 2)
    >>> restored[::2, ::2].tolist(), acc
    ([[0, 1], [2, 0]], 0.875)
    """
    factor = check_int(factor, "factor", min_value=1)
    mask = np.asarray(mask)
    if mask.ndim != 2:
        raise ValueError(f"mask must be 2-D, got shape {mask.shape}")
    if not np.issubdtype(mask.dtype, np.integer) or (mask.size and mask.min() < 0):
        raise TypeError(f"mask must hold integer class ids >= 0, got dtype {mask.dtype}")
    if mask.shape[0] % factor or mask.shape[1] % factor:
        raise ValueError(f"mask's sides {mask.shape} must be divisible by factor={factor}")
    h, w = mask.shape[0] // factor, mask.shape[1] // factor
    blocks = mask.reshape(h, factor, w, factor).transpose(0, 2, 1, 3).reshape(h, w, factor * factor)
    n_classes = int(mask.max()) + 1 if mask.size else 1
    counts = (blocks[..., None] == np.arange(n_classes)).sum(axis=2)          # (h, w, classes)
    coarse = counts.argmax(axis=-1).astype(mask.dtype)                        # first maximum: smallest id
    restored = nearest_repeat(coarse, factor).astype(mask.dtype)
    return restored, float(np.mean(restored == mask))
