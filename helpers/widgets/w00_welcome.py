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


def draw_welcome(fig, scale: int = 2) -> None:
    """Draw the three images of :func:`welcome_images` on ``fig``, sharing one colour scale."""
    from ..style import show_grid

    images = welcome_images(scale)
    axes = fig.subplots(1, 3)
    titles = {"input": "input", "nearest": f"nearest x{scale}", "bilinear": f"bilinear x{scale}"}
    for ax, (key, img) in zip(axes, images.items()):
        show_grid(ax, img, title=titles[key], vmin=0, vmax=4, annotate=img.shape[0] <= 8)


def welcome_widget():
    """Slider over the scale factor, redrawing :func:`draw_welcome`."""
    import ipywidgets as W

    from . import interactive_figure

    slider = W.IntSlider(value=2, min=1, max=4, description="scale")
    return interactive_figure(draw_welcome, {"scale": slider}, figsize=(10, 3.6))
