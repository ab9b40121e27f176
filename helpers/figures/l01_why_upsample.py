"""Lesson 01 figure and widget: feature-map sizes through an encoder-decoder / U-Net.

:func:`draw_unet` draws :func:`helpers.segmentation.unet_trace` as the classic U; :func:`unet_widget` puts
sliders on it. The scene, the coarse-mask accuracy and the size trace live in :mod:`helpers.segmentation`.

Only NumPy, matplotlib and ipywidgets are imported here (no torch/tensorflow).
"""

from __future__ import annotations

import numpy as np

from ..segmentation import FIXES, unet_trace
from ..widgets._paint import _Frame, _pixel_transform, _show  # one unscaled painted image

__all__ = ["draw_unet", "unet_widget"]


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
    """Draw the U of :func:`helpers.segmentation.unet_trace` on ``fig``: one square per feature map, side
    proportional to size.

    Encoder maps (blue) go down the left arm, decoder maps (orange) up the right arm; horizontal arrows
    are the skip connections, green when the sizes agree, orange when a fix crops or pads, vermillion
    when the concatenation fails. Maps after a failure are drawn hollow. The squares and all text are
    painted as one image (:class:`helpers.widgets.Raster`) and the arrows are figure-level patches, so a
    redraw takes milliseconds. Returns the trace with ``"labels"`` (every text written, title last) and
    ``"squares"`` (one pixel box ``(x0, y0, side)`` per feature map) added.
    """
    from matplotlib.patches import FancyArrowPatch

    from ..style import PALETTE
    from ..widgets import Raster

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

    from ..widgets import interactive_figure

    controls = {
        "size": W.IntSlider(value=size, min=16, max=128, step=1, description="input size"),
        "depth": W.IntSlider(value=depth, min=1, max=4, step=1, description="depth"),
        "fix": W.Dropdown(options=list(FIXES), value=fix, description="fix"),
    }
    return interactive_figure(draw_unet, controls, figsize=(8.5, 4.6))
