"""Lesson 14 widget: the trained decoders' outputs side by side, one test image at a time.

The models are trained in the notebook; the widget only shows arrays it is given (no torch or tensorflow
here), so a slider move costs painting four images into one picture and a PNG encode.

:func:`draw_comparison` draws input, output, target and error for one method and one image;
:func:`draw_gallery` draws one image through every method (the lesson's static figure);
:func:`comparison_widget` puts a method menu and an image slider on :func:`draw_comparison`;
:func:`draw_deep_scores` draws the x8 experiment's scores before and after training.
"""

from __future__ import annotations

import functools

import numpy as np

__all__ = ["draw_comparison", "draw_gallery", "comparison_widget", "draw_deep_scores"]


def _image(a):
    a = np.asarray(a, dtype=float)
    while a.ndim > 2:
        a = a[0]
    return a


def _crop(image, size: int | None = None):
    """The central ``size`` x ``size`` patch of a 2-D ``image`` (the whole image when ``size`` is None).

    Examples
    --------
    >>> _crop(np.arange(16).reshape(4, 4), 2).tolist()
    [[5, 6], [9, 10]]
    """
    from .._validate import check_int

    image = np.asarray(image)
    if image.ndim != 2:
        raise ValueError(f"image must be 2-D, got shape {image.shape}")
    if size is None:
        return image
    size = check_int(size, "size", 1, min(image.shape))
    top, left = (image.shape[0] - size) // 2, (image.shape[1] - size) // 2
    return image[top : top + size, left : left + size]


def _panel(ax, image, title, cmap="gray", vmin=0.0, vmax=1.0):
    ax.imshow(image, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])


def draw_comparison(fig, method, index, *, inputs, predictions, targets, scores=None, zoom=None):
    """Input, output of ``method``, target and signed error for test image ``index``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    method : str
        A key of ``predictions``.
    index : int
        Which test image (0 ... N-1).
    inputs : ndarray, shape (N, 1, H, W)
        Low-resolution inputs.
    predictions : dict of str -> ndarray, shape (N, 1, 2H, 2W)
    targets : ndarray, shape (N, 1, 2H, 2W)
    scores : dict of str -> dict, optional
        Per method, numbers shown in the output's title, e.g. ``{"PSNR": 27.1, "checkerboard": 0.002}``.
    zoom : int, optional
        Show only the central ``zoom`` x ``zoom`` pixels of the high-resolution panels (and the matching
        patch of the input), where artifacts are easier to see.

    Returns
    -------
    dict
        ``"error"``: the error image shown (2-D), ``"max_abs_error"``: its largest magnitude, ``"titles"``:
        the four panels' titles, ``"layout"``: their pixel geometry (:func:`_paint_panels`).
    """
    if method not in predictions:
        raise ValueError(f"method must be one of {list(predictions)}, got {method!r}")
    n = len(targets)
    if not 0 <= int(index) < n:
        raise ValueError(f"index must be in 0 ... {n - 1}, got {index}")
    index = int(index)
    target = _crop(_image(targets[index]), zoom)
    output = _crop(_image(predictions[method][index]), zoom)
    low = _crop(_image(inputs[index]), None if zoom is None else max(1, zoom // 2))
    error = output - target
    label = method
    if scores and method in scores:
        label += "\n" + ", ".join(f"{k} {v:.3g}" for k, v in scores[method].items())
    limit = max(float(np.abs(error).max()), 1e-6)
    panels = [(low, "input (low resolution)", "gray", 0.0, 1.0), (np.clip(output, 0, 1), label, "gray", 0.0, 1.0),
              (target, "target", "gray", 0.0, 1.0), (error, f"error (±{limit:.2f})", "PuOr", -limit, limit)]
    layout = _paint_panels(fig, panels)
    return {"error": error, "max_abs_error": limit, "titles": [p[1] for p in panels], "layout": layout}


def _paint_panels(fig, panels) -> dict:
    """Paint ``(image, title, cmap, vmin, vmax)`` panels in one row as ONE picture (:class:`helpers.widgets.Raster`).

    Each image is scaled by nearest neighbour to the largest square that fits its slot (the same place
    ``imshow`` in one of four axes would put it), its title (one or more lines, 10 pt) above it. Four axes
    with titles cost tens of milliseconds per redraw; this costs a few. Returns ``"side"`` (pixels per
    image side), ``"corners"`` (top-left pixel of each image) and ``"pixels"``.
    """
    import matplotlib as mpl

    from ..widgets import Raster

    cv = Raster(fig)
    left, right, bottom, top, gap = 0.01 * cv.width, 0.99 * cv.width, 0.98 * cv.height, 0.2 * cv.height, 0.05
    slot = (right - left) / (len(panels) + gap * (len(panels) - 1))    # like subplots(wspace=gap)
    side = int(min(slot, bottom - top))
    y0 = int(round(top + (bottom - top - side) / 2))
    corners = []
    for n, (image, title, cmap, vmin, vmax) in enumerate(panels):
        x0 = int(round(left + n * slot * (1 + gap) + (slot - side) / 2))
        image = np.asarray(image, dtype=float)
        rows = np.arange(side) * image.shape[0] // side
        cols = np.arange(side) * image.shape[1] // side
        rgb = mpl.colormaps[cmap](np.clip((image - vmin) / (vmax - vmin), 0, 1))[..., :3]
        cv.pixels[y0:y0 + side, x0:x0 + side] = rgb[rows][:, cols]
        cv.outline(x0 - 1, y0 - 1, side + 2, side + 2, "black", 1)
        lines = title.split("\n")
        for m, line in enumerate(reversed(lines)):
            cv.text(line, x0 + side / 2, y0 - 6 - m * 13.5 * cv.px_per_pt, 10, va="bottom")
        corners.append((x0, y0))
    cv.show()
    return {"side": side, "corners": corners, "pixels": cv.pixels}


def draw_gallery(fig, index, *, inputs, predictions, targets, zoom=None, scores=None):
    """Test image ``index`` through every method, in one row after the input and before the target."""
    names = list(predictions)
    fig.set_layout_engine(None)
    axes = fig.subplots(1, len(names) + 2,
                        gridspec_kw=dict(left=0.01, right=0.99, bottom=0.02, top=0.72, wspace=0.06))
    _panel(axes[0], _crop(_image(inputs[index]), None if zoom is None else max(1, zoom // 2)), "input")
    for ax, name in zip(axes[1:], names):
        title = name.replace(" transposed", "\ntransposed").replace("transposed ", "transposed\n")
        if scores and name in scores:
            title += "\n" + ", ".join(f"{k} {v:.3g}" for k, v in scores[name].items())
        _panel(ax, np.clip(_crop(_image(predictions[name][index]), zoom), 0, 1), title)
    _panel(axes[-1], _crop(_image(targets[index]), zoom), "target")
    return axes


def comparison_widget(inputs=None, predictions=None, targets=None, scores=None, zoom=None):
    """A method menu and a test-image slider over :func:`draw_comparison`; returns the widget box.

    Called without data it shows small random demo arrays (what ``make bench`` times).
    """
    import ipywidgets as W

    from ..widgets import interactive_figure

    if inputs is None or predictions is None or targets is None:
        inputs, predictions, targets = _demo_data(size=16)

    draw = functools.partial(draw_comparison, inputs=inputs, predictions=predictions, targets=targets,
                             scores=scores, zoom=zoom)
    controls = {
        "method": W.Dropdown(options=list(predictions), value=list(predictions)[0], description="method"),
        "index": W.IntSlider(value=0, min=0, max=len(targets) - 1, description="test image"),
    }
    return interactive_figure(draw, controls, figsize=(9.0, 2.9), columns=2)


def _demo_data(n: int = 4, size: int = 8, seed: int = 0):
    """Small random arrays in the widget's layout, for tests and ``make bench``."""
    rng = np.random.default_rng(seed)
    targets = rng.random((n, 1, 2 * size, 2 * size))
    inputs = targets.reshape(n, 1, size, 2, size, 2).mean(axis=(3, 5))
    predictions = {name: np.clip(targets + 0.05 * rng.standard_normal(targets.shape), 0, 1)
                   for name in ("method a", "method b")}
    return inputs, predictions, targets


def draw_deep_scores(fig, results, *, methods=None, baselines=None, per_phase=()):
    """Checkerboard score (left, log scale) and PSNR (right) of each method before and after training.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    results : dict
        What :func:`helpers.capstone.deep_decoder_experiment` returns: per method the arrays
        ``score_before``, ``score_after``, ``psnr_before``, ``psnr_after`` (one value per seed), and
        ``target_score``.
    methods : list of str, optional
        Which methods, in order (default: every key but ``target_score``).
    baselines : dict of str -> float, optional
        PSNRs drawn as horizontal lines on the right (e.g. ``{"bicubic": 23.4}``).
    per_phase : collection of str
        Methods drawn with filled markers (separate weights per output phase); the others hollow.

    Returns
    -------
    list of matplotlib.axes.Axes
        The two axes.
    """
    from ..style import CYCLE

    methods = list(methods or [k for k in results if k != "target_score"])
    ax_s, ax_p = fig.subplots(1, 2)
    xs = np.arange(2)
    for n, name in enumerate(methods):
        r, colour = results[name], CYCLE[n % len(CYCLE)]
        face = colour if name in per_phase else "white"
        for seed in range(len(r["score_before"])):
            kw = dict(color=colour, marker="o", mfc=face, lw=1.4, ms=6, label=name if seed == 0 else None)
            ax_s.plot(xs + 0.04 * (n - len(methods) / 2), [r["score_before"][seed], r["score_after"][seed]], **kw)
            ax_p.plot(xs + 0.04 * (n - len(methods) / 2), [r["psnr_before"][seed], r["psnr_after"][seed]], **kw)
    ax_s.axhline(results["target_score"], color="grey", lw=1, ls=":", label="target images")
    ax_s.set_yscale("log")
    ax_s.set_ylabel("checkerboard score at period 8 (interior)")
    for name, value in (baselines or {}).items():
        ax_p.axhline(value, color="grey", lw=1, ls="--" if "bilinear" in name else ":")
        ax_p.annotate(name, (1.45, value), fontsize=8, va="bottom", ha="right", color="grey")
    ax_p.set_ylabel("test PSNR (dB)")
    for ax in (ax_s, ax_p):
        ax.set_xticks(xs, ["initialisation", "after training"])
        ax.set_xlim(-0.4, 1.5)
    ax_s.legend(fontsize=7, loc="center left", frameon=False)
    return [ax_s, ax_p]
