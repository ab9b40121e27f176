"""Painting helpers shared by the lesson widgets that draw their picture as one unscaled image.

The widget pictures are painted with NumPy into one RGB array (:class:`helpers.widgets.Raster`: cells,
lines and text from cached glyph bitmaps) and put on the figure pixel for pixel by :func:`_show`; markers
and slanted lines are a few figure-level artists in pixel coordinates. No axes, ticks or Text artists
(about a millisecond each), no resampling and no layout engine: a redraw takes milliseconds.
"""

from __future__ import annotations

import numpy as np

_PIXELS = []


def _pixels_artist(rgba):
    """An artist drawing the uint8 RGBA array ``rgba`` at the figure's top-left corner, unscaled."""
    if not _PIXELS:
        from matplotlib.artist import Artist

        class Pixels(Artist):
            def draw(self, renderer):
                gc = renderer.new_gc()
                x, y = _pixel_transform(self.figure).transform((0, 0))
                renderer.draw_image(gc, round(x), round(y), self.rgba[::-1])   # the renderer's rows go bottom-up
                gc.restore()

            def get_window_extent(self, renderer=None):
                """The box of the non-white pixels (what savefig's bbox_inches="tight" keeps)."""
                from matplotlib.transforms import Bbox

                ink = (self.rgba[..., :3] < 255).any(axis=2)
                rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
                if not rows.size:
                    return Bbox([[0, 0], [0, 0]])
                h = self.rgba.shape[0]
                box = Bbox([[cols[0], h - rows[-1] - 1], [cols[-1] + 1, h - rows[0]]])
                return box.transformed(_pixel_transform(self.figure))

        _PIXELS.append(Pixels)
    artist = _PIXELS[0]()
    artist.rgba = rgba
    artist.set_zorder(-10)
    return artist


def _pixel_transform(fig):
    """Figure pixels (y up, as the renderer counts them) to display coordinates, through the figure's own
    transform, so that savefig's ``bbox_inches="tight"`` (which moves the figure's origin) moves them too."""
    from matplotlib.transforms import Affine2D

    return Affine2D().scale(1 / fig.bbox.width, 1 / fig.bbox.height) + fig.transFigure


def _show(raster) -> None:
    """Put ``raster`` on its figure as one unscaled image (instead of ``Raster.show``'s resampled imshow).

    The image is kept in ``fig.lines`` so that IPython, which skips figures without axes or lines,
    still displays a static figure.
    """
    fig = raster.fig
    fig.set_layout_engine("none")
    rgba = np.empty((raster.height, raster.width, 4), dtype=np.float32)
    rgba[..., :3] = raster.pixels
    rgba[..., 3] = 1.0
    rgba *= 255
    rgba += 0.5                                        # values in [0, 1]: truncation rounds
    rgba = rgba.astype(np.uint8)
    artist = _pixels_artist(rgba)
    fig.add_artist(artist)
    fig.artists.remove(artist)
    fig.lines.insert(0, artist)


def _line(raster, xs, ys, **kwargs):
    """A matplotlib line (or markers) at raster pixel coordinates (y down), drawn over the picture."""
    from matplotlib.lines import Line2D

    line = Line2D(np.asarray(xs, dtype=float), raster.height - np.asarray(ys, dtype=float),
                  transform=_pixel_transform(raster.fig), **kwargs)
    raster.fig.add_artist(line)
    return line


def _segments(raster, segments, **kwargs):
    """Line segments ``[((x0, y0), (x1, y1)), ...]`` at raster pixel coordinates, as one collection."""
    from matplotlib.collections import LineCollection

    seg = np.asarray(segments, dtype=float).reshape(-1, 2, 2).copy()
    seg[..., 1] = raster.height - seg[..., 1]
    lines = LineCollection(seg, transform=_pixel_transform(raster.fig), **kwargs)
    raster.fig.add_artist(lines)
    return lines


def _blend(raster, x0, y0, w, h, colour, alpha: float) -> None:
    """A translucent filled rectangle: ``alpha`` of ``colour`` over what is there."""
    from matplotlib.colors import to_rgb

    x0, y0 = max(int(round(x0)), 0), max(int(round(y0)), 0)
    x1, y1 = int(round(x0 + w)), int(round(y0 + h))
    view = raster.pixels[y0:max(y1, y0), x0:max(x1, x0)]
    view[...] = view * (1 - alpha) + np.asarray(to_rgb(colour), dtype=np.float32) * alpha


def _vtext(raster, text: str, x: float, y: float, size: float = 11, colour="black") -> None:
    """``text`` rotated a quarter turn anticlockwise (reading upwards), centred on pixel (x, y)."""
    from matplotlib.colors import to_rgb

    from . import glyph

    ink = np.rot90(glyph(text, size * raster.px_per_pt))
    h, w = ink.shape
    x0, y0 = int(round(x - w / 2)), int(round(y - h / 2))
    if x0 < 0 or y0 < 0 or x0 + w > raster.width or y0 + h > raster.height:
        return
    view = raster.pixels[y0:y0 + h, x0:x0 + w]
    view[...] = view * (1 - ink[..., None]) + np.asarray(to_rgb(colour), dtype=np.float32) * ink[..., None]


def _baseline_text(raster, text: str, x: float, baseline: float, size: float = 11, colour="black",
                   ha: str = "center") -> None:
    """``text`` with its baseline at pixel row ``baseline`` (Raster.text aligns the ink box, which puts
    "a" and "1" at different heights)."""
    from . import glyph

    descent = 0
    if any(c in "gjpqy(),;[]{}|" for c in text):
        descent = glyph("xp", size * raster.px_per_pt).shape[0] - glyph("x", size * raster.px_per_pt).shape[0]
    raster.text(text, x, baseline + descent, size, colour, ha=ha, va="bottom")


def _tick_label(v: float, step: float) -> str:
    """A tick label as matplotlib writes it: enough decimals for the step, a real minus sign."""
    decimals = max(0, -int(np.floor(np.log10(step) + 1e-9))) if step < 1 else 0
    scaled = step * 10**decimals
    if decimals and abs(scaled - round(scaled)) > 1e-6:   # e.g. a step of 0.25
        decimals += 1
    text = f"{v:.{decimals}f}"
    return text.replace("-", "\N{MINUS SIGN}") if float(text) != 0 else text.lstrip("-")


def _auto_ticks(lo: float, hi: float, length_px: float, raster, vertical: bool = False) -> np.ndarray:
    """The tick positions matplotlib's default locator picks for an axis ``length_px`` long."""
    from matplotlib.ticker import MaxNLocator

    length_pt = length_px / raster.px_per_pt
    bins = max(1, min(9, int(length_pt // (11 * (2 if vertical else 3)))))   # as AutoLocator
    lo, hi = min(lo, hi), max(lo, hi)
    ticks = MaxNLocator(nbins=bins, steps=[1, 2, 2.5, 5, 10]).tick_values(lo, hi)
    return ticks[(ticks >= lo - 1e-9) & (ticks <= hi + 1e-9)]


class _Frame:
    """A plotting box in raster pixels: data ``xlim`` across ``[x0, x0 + w]``, ``ylim`` = (value at the
    bottom, value at the top) across ``[y0 + h, y0]``; ``equal`` shrinks it to equal scales, centred."""

    def __init__(self, x0, y0, w, h, xlim, ylim, equal: bool = False):
        sx, sy = w / (xlim[1] - xlim[0]), h / abs(ylim[1] - ylim[0])
        if equal:
            s = min(sx, sy)
            x0, y0 = x0 + (w - s * (xlim[1] - xlim[0])) / 2, y0 + (h - s * abs(ylim[1] - ylim[0])) / 2
            w, h, sx, sy = s * (xlim[1] - xlim[0]), s * abs(ylim[1] - ylim[0]), s, s
        self.x0, self.y0, self.w, self.h, self.xlim, self.ylim = x0, y0, w, h, xlim, ylim

    def x(self, v):
        return self.x0 + (np.asarray(v, dtype=float) - self.xlim[0]) / (self.xlim[1] - self.xlim[0]) * self.w

    def y(self, v):
        return self.y0 + (self.ylim[1] - np.asarray(v, dtype=float)) / (self.ylim[1] - self.ylim[0]) * self.h

    def xaxis(self, raster, ticks, labels=None, size: float = 11, label: str | None = None, spine=True):
        """Bottom spine, tick marks and labels (and an axis label under them) as matplotlib draws them."""
        bottom = int(round(self.y0 + self.h))
        if spine:
            raster.fill(self.x0, bottom, self.w + 1, 1, "black")
        labels = labels if labels is not None else _labels(ticks)
        for t, text in zip(ticks, labels):
            x = int(round(float(self.x(t))))
            raster.fill(x, bottom, 1, 5, "black")
            for n, part in enumerate(str(text).split("\n")):
                _baseline_text(raster, part, x, bottom + 7 + (0.75 + n * 1.2) * size * raster.px_per_pt, size)
        if label:
            lines = max((len(str(t).split("\n")) for t in labels), default=1)
            raster.text(label, self.x0 + self.w / 2, bottom + 12 + lines * 1.25 * size * raster.px_per_pt, 11,
                        va="top")

    def yaxis(self, raster, ticks, labels=None, size: float = 11, label: str | None = None, spine=True,
              marks=True):
        """Left spine, tick marks and labels (and a rotated axis label beside them)."""
        left = int(round(self.x0))
        if spine:
            raster.fill(left - 1, self.y0, 1, self.h + 1, "black")
        labels = labels if labels is not None else _labels(ticks)
        widest = 0
        for t, text in zip(ticks, labels):
            y = int(round(float(self.y(t))))
            if marks:
                raster.fill(left - 5, y, 5, 1, "black")
            widest = max(widest, raster.text(str(text), left - 8, y, size, ha="right")[0])
        if label:
            _vtext(raster, label, left - 8 - widest - 12, self.y0 + self.h / 2, 11)


def _labels(ticks) -> list:
    ticks = np.asarray(ticks, dtype=float)
    step = float(np.min(np.diff(ticks))) if ticks.size > 1 else 1.0
    return [_tick_label(t, step) for t in ticks]
