"""Lesson 16 figures and widget: upsampling filters as frequency responses, and the zone plates they make.

Every integer-factor upsampler is zero insertion followed by a low-pass filter (:mod:`helpers.antialias`).
:func:`draw_responses` plots the filters' gains against frequency, :func:`draw_zone_plates` shows a zone
plate upsampled by each of them with its leaked energy, and :func:`antialias_widget` puts both side by side
for one filter at a time, painted as one image (:class:`helpers.widgets.Raster`) so that a redraw takes
milliseconds. This module only draws: the filters, the upsampling and the leak measure come from
:mod:`helpers.antialias`.
"""

from __future__ import annotations

import numpy as np

from ..antialias import (
    filtered_upsample,
    frequency_response,
    interpolation_taps,
    kaiser_sinc,
    leaked_energy,
    zone_plate,
)

__all__ = ["draw_responses", "draw_zone_plates", "draw_antialias", "antialias_widget"]

FILTERS = ("nearest", "bilinear", "bicubic", "transposed k3", "Kaiser sinc")
"""The widget's filters: the three interpolations, an untrained-looking stride-2 transposed convolution with
three equal taps (DC gain 2), and StyleGAN3's Kaiser-windowed sinc."""


def _taps(method: str, numtaps: int = 12) -> np.ndarray:
    """The x2 taps of one of :data:`FILTERS` (``numtaps`` is used by the Kaiser filter only)."""
    if method in ("nearest", "bilinear", "bicubic"):
        return interpolation_taps(method, 2)
    if method == "transposed k3":
        return np.full(3, 2 / 3)
    if method == "Kaiser sinc":
        return kaiser_sinc(2, numtaps)
    raise ValueError(f"method must be one of {list(FILTERS)}, got {method!r}")


def _zone(rate: float, size: int = 64) -> np.ndarray:
    """A zone plate whose rings reach ``rate`` times the Nyquist frequency at the middle of each edge."""
    return zone_plate(size, k=rate * np.pi / size)


def draw_responses(fig, filters: dict, factor: int = 2):
    """Gain against frequency (cycles per output sample) of each filter in ``filters`` (name -> taps).

    The input's Nyquist frequency ``0.5 / factor`` is marked; right of it lies the band an ideal
    interpolator removes (shaded). Returns the axes.
    """
    from ..style import PALETTE

    ax = fig.add_subplot(1, 1, 1)
    nyq = 0.5 / factor
    ax.axvspan(nyq, 0.5, color="0.92", lw=0)
    ax.axvline(nyq, color="0.4", lw=1, ls=":")
    ax.text(nyq + 0.005, 1.08, "above the input's Nyquist: should be 0", fontsize=9, va="top")
    colours = [PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky")]
    for (name, taps), colour in zip(filters.items(), colours):
        f, g = frequency_response(taps)
        ax.plot(f, g, lw=1.8, color=colour, label=f"{name} ({len(taps)} taps)")
    ax.set_xlim(0, 0.5)
    ax.set_ylim(0, 1.12)
    ax.set_xlabel("frequency (cycles per output pixel)")
    ax.set_ylabel("gain |H(f)| / H(0)")
    ax.legend(fontsize=8, loc="upper right", bbox_to_anchor=(1.0, 0.9))
    return ax


def draw_zone_plates(fig, images: dict, leaks: dict, crop: int = 48):
    """One upsampled zone plate per entry of ``images`` (name -> (H, W) array), titled with the leaked energy
    ``leaks[name]``: a ``crop`` x ``crop`` piece at the middle of the left edge, where the rings reach the input's
    Nyquist frequency (the corners lie beyond it and alias in the input already). Returns the axes."""
    axes = fig.subplots(1, len(images))
    for ax, (name, img) in zip(np.atleast_1d(axes), images.items()):
        top = (img.shape[0] - crop) // 2
        ax.imshow(img[top:top + crop, :crop], cmap="gray", vmin=0, vmax=1, interpolation="nearest")
        ax.set_title(f"{name}\nleak {leaks[name]:.1%}", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    return axes


def _polyline(raster, xs, ys, colour, width: int = 2) -> None:
    """A curve painted into the raster: for each x pixel, a vertical run from the previous y to this one."""
    xs = np.round(np.asarray(xs, dtype=float)).astype(int)
    ys = np.round(np.asarray(ys, dtype=float)).astype(int)
    for i in range(xs.size):
        y_prev = ys[i - 1] if i else ys[i]
        lo, hi = min(y_prev, ys[i]), max(y_prev, ys[i])
        raster.fill(xs[i] - width // 2, lo - width // 2, width, hi - lo + width, colour)


def draw_antialias(fig, method: str = "Kaiser sinc", numtaps: int = 12, rate: float = 1.0) -> dict:
    """Left: the filter's gain against frequency; middle: a 64 x 64 zone plate; right: it upsampled x2.

    ``method`` is one of :data:`FILTERS`; ``numtaps`` sets the Kaiser filter's length (even, so that it stays
    aligned with PyTorch's half-pixel convention); ``rate`` is the zone plate's highest frequency (at the middle
    of each edge) as a fraction of the input's Nyquist frequency. The whole picture is painted as one image.

    Returns
    -------
    dict
        ``taps``, ``freqs``, ``gain``, ``input`` (64, 64), ``output`` (128, 128), ``leak`` (the share of the
        output's energy above the input's Nyquist band, :func:`helpers.antialias.leaked_energy`),
        ``stopband`` (the largest gain above ``0.25 * 2**0.3``, where StyleGAN3 starts its stopband),
        ``texts`` and ``pixels``.
    """
    from ..style import PALETTE
    from ..widgets import Raster
    from ..widgets._paint import _Frame

    taps = _taps(method, numtaps)
    freqs, gain = frequency_response(taps, n=256)
    zp = _zone(rate)
    out = filtered_upsample(zp[None, None], 2, taps)[0, 0]
    leak = leaked_energy(out, 2)
    stopband = float(gain[freqs > 0.25 * 2**0.3].max())
    cv = Raster(fig)
    W, H = cv.width, cv.height
    # left: the response, in a box of 36% x 70% of the figure
    frame = _Frame(0.07 * W, 0.13 * H, 0.33 * W, 0.68 * H, (0.0, 0.5), (0.0, 1.15))
    cv.fill(frame.x(0.25), frame.y0, frame.x(0.5) - frame.x(0.25), frame.h, 0.92)
    ideal_x = frame.x(np.array([0.0, 0.25, 0.25, 0.5]))
    ideal_y = frame.y(np.array([1.0, 1.0, 0.0, 0.0]))
    _polyline(cv, [ideal_x[0], ideal_x[1]], [ideal_y[0], ideal_y[1]], "0.6", 1)
    cv.fill(ideal_x[1], ideal_y[1], 1, ideal_y[2] - ideal_y[1], "0.6")
    _polyline(cv, frame.x(freqs), frame.y(gain), PALETTE["blue"], 2)
    frame.xaxis(cv, [0, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5], ["0", "0.1", "0.2", "", "0.3", "0.4", "0.5"],
                label="frequency (cycles per output pixel)")
    frame.yaxis(cv, [0, 0.5, 1.0], label="gain")
    cv.text("input's Nyquist 0.25", frame.x(0.25) + 4, frame.y(1.1), 9, "0.3", ha="left")
    texts = [f"{method}: {taps.size} taps, largest stopband gain {stopband:.2f}",
             f"input 64x64, rings to {rate:.2f} x Nyquist",
             f"x2 output: {leak:.1%} leaked above 0.25"]
    cv.text(texts[0], frame.x0 + frame.w / 2, frame.y0 - 8, 11, va="bottom")
    # middle and right: input (4 screen pixels per pixel) and output (2 per pixel), same size on screen
    side = int(min(0.27 * W, 0.78 * H)) // 128 * 128
    y0 = int(0.14 * H)
    for k, (img, scale, x0) in enumerate(((zp, side // 64, int(0.44 * W)), (out, side // 128, int(0.72 * W)))):
        grey = np.clip(img, 0.0, 1.0).astype(np.float32)
        big = np.repeat(np.repeat(grey, scale, axis=0), scale, axis=1)
        cv.pixels[y0:y0 + side, x0:x0 + side] = big[:, :, None]
        cv.text(texts[k + 1], x0 + side / 2, y0 - 8, 11, va="bottom")
    cv.show()
    return {"taps": taps, "freqs": freqs, "gain": gain, "input": zp, "output": out, "leak": leak,
            "stopband": stopband, "texts": texts, "pixels": cv.pixels}


def antialias_widget():
    """A filter menu, the Kaiser filter's length and the zone plate's top frequency over :func:`draw_antialias`."""
    import ipywidgets as W

    from ..widgets import interactive_figure

    style = {"description_width": "initial"}
    controls = {
        "method": W.Dropdown(options=list(FILTERS), value="Kaiser sinc", description="filter", style=style),
        "numtaps": W.IntSlider(value=12, min=4, max=24, step=2, description="Kaiser taps", style=style),
        "rate": W.FloatSlider(value=1.0, min=0.25, max=1.0, step=0.05, description="zone plate / Nyquist",
                              style=style),
    }
    return interactive_figure(draw_antialias, controls, figsize=(11, 4.2), columns=3)
