"""Welcome notebook widget: a 4x4 image upsampled by nearest and bilinear side by side."""

from __future__ import annotations

import numpy as np

__all__ = ["WELCOME_IMAGE", "welcome_images", "draw_welcome", "welcome_widget"]

WELCOME_IMAGE = np.array(
    [[0, 1, 2, 3],
     [1, 4, 4, 2],
     [2, 4, 4, 1],
     [3, 2, 1, 0]],
    dtype=np.float64,
)
"""A 4x4 test image: a bright centre, a dark diagonal frame."""


def welcome_images(scale: int) -> dict:
    """The welcome image and its nearest and bilinear upsamplings by an integer ``scale``.

    Parameters
    ----------
    scale : int
        Upsampling factor, 1 to 8.

    Returns
    -------
    dict of str -> ndarray
        ``"input"`` (4, 4), ``"nearest"`` and ``"bilinear"`` (4*scale, 4*scale).
    """
    from .._validate import check_int
    from ..resize import interpolate

    scale = check_int(scale, "scale", min_value=1, max_value=8)
    x = WELCOME_IMAGE[None, None]
    return {
        "input": WELCOME_IMAGE,
        "nearest": interpolate(x, scale_factor=scale, mode="nearest")[0, 0],
        "bilinear": interpolate(x, scale_factor=scale, mode="bilinear", align_corners=False)[0, 0],
    }


def draw_welcome(fig, scale: int = 2) -> dict:
    """Draw the three images of :func:`welcome_images` on ``fig``, sharing one colour scale (0 to 4).

    The three grids are painted as one image (:func:`helpers.widgets.paint_grid`, the look of
    :func:`helpers.style.show_grid`: values written in the cells up to 8x8, indices beside them), so a
    redraw takes milliseconds. Returns the images and each grid's pixel box (``"boxes"``).
    """
    from ..widgets import Raster, paint_grid

    images = welcome_images(scale)
    titles = {"input": "input", "nearest": f"nearest x{scale}", "bilinear": f"bilinear x{scale}"}
    raster = Raster(fig)
    k = raster.px_per_pt
    top, bottom, side, gap = int(34 * k), int(22 * k), int(26 * k), int(40 * k)
    # three equal squares side by side (as three equal axes would be), centred in the figure
    square = min(raster.height - top - bottom, (raster.width - 2 * side - 2 * gap) // 3)
    x = (raster.width - 3 * square - 2 * gap) // 2
    boxes = {}
    for key, img in images.items():
        cell = square // img.shape[0]
        pad = (square - cell * img.shape[0]) // 2
        boxes[key] = paint_grid(raster, img, x + pad, top + pad, cell, title=titles[key], vmin=0, vmax=4,
                                annotate=img.shape[0] <= 8)
        x += square + gap
    raster.show()
    return {"images": images, "boxes": boxes}


def welcome_widget():
    """Slider over the scale factor, redrawing :func:`draw_welcome`."""
    import ipywidgets as W

    from ..widgets import interactive_figure

    slider = W.IntSlider(value=2, min=1, max=4, description="scale")
    return interactive_figure(draw_welcome, {"scale": slider}, figsize=(10, 3.6))
