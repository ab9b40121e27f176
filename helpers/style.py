"""The course's one figure style: colour-blind-safe colours, annotated grids, consistent sizes.

Use :func:`use` once (``helpers.setup`` does it), then draw small arrays with :func:`show_grid` or a row
of them with :func:`grid_row`. Small grids get their values written in each cell, so a reader can check
arithmetic by eye; large ones are drawn as images.

Colours
-------
``PALETTE`` is the Okabe-Ito palette (distinguishable under the common colour-vision deficiencies).
Sequential data use ``SEQUENTIAL`` ("cividis"), signed data ``DIVERGING`` ("PuOr").
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "PALETTE",
    "SEQUENTIAL",
    "DIVERGING",
    "ANNOTATE_MAX",
    "use",
    "show_grid",
    "grid_row",
    "format_value",
]

PALETTE = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
"""Okabe-Ito colours by name."""

CYCLE = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black")]
SEQUENTIAL = "cividis"
DIVERGING = "PuOr"
ANNOTATE_MAX = 12
"""Grids with at most this many rows and columns get their values written in the cells."""


def use() -> None:
    """Apply the course style to matplotlib (idempotent)."""
    import matplotlib as mpl
    from cycler import cycler

    mpl.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "figure.figsize": (6.4, 3.6),
            "figure.autolayout": False,
            "figure.constrained_layout.use": True,
            "font.size": 11,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "axes.prop_cycle": cycler(color=CYCLE),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": False,
            "grid.alpha": 0.3,
            "image.cmap": SEQUENTIAL,
            "image.interpolation": "nearest",
            "legend.frameon": False,
            "lines.linewidth": 2.0,
            "lines.markersize": 6,
        }
    )


def format_value(v: float) -> str:
    """Short text for one grid value: integers without decimals, others with up to two."""
    if not np.isfinite(v):
        return str(v)
    if float(v).is_integer():
        return f"{int(v)}"
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text_colour(rgba) -> str:
    r, g, b = rgba[:3]
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "black" if luminance > 0.5 else "white"


def show_grid(
    ax,
    a,
    title: str | None = None,
    annotate: bool | None = None,
    cmap: str | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    highlight=None,
    highlight_colour: str = PALETTE["vermillion"],
    fontsize: float | None = None,
):
    """Draw a 2-D array as a grid of cells, optionally with each value written in its cell.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    a : array_like, shape (H, W) or (W,)
        The values. A 1-D array is drawn as one row.
    title : str, optional
        Axes title; the shape is appended as ``"title (HxW)"``.
    annotate : bool, optional
        Write values in the cells. Default: only when both sides are at most ``ANNOTATE_MAX``.
    cmap : str, optional
        Colormap; default ``DIVERGING`` when ``a`` has negative and positive values, else ``SEQUENTIAL``.
    vmin, vmax : float, optional
        Colour limits (a diverging map is centred on zero by default).
    highlight : iterable of (row, col), or boolean array of shape (H, W), optional
        Cells to outline.
    highlight_colour : str
        Outline colour for highlighted cells.
    fontsize : float, optional
        Size of the annotations (default scales with the grid size).

    Returns
    -------
    matplotlib.image.AxesImage
    """
    from matplotlib.patches import Rectangle

    a = np.asarray(a, dtype=float)
    if a.ndim == 1:
        a = a[None, :]
    if a.ndim != 2:
        raise ValueError(f"a must be 1-D or 2-D, got shape {a.shape}")
    h, w = a.shape
    signed = np.nanmin(a) < 0 < np.nanmax(a)
    if cmap is None:
        cmap = DIVERGING if signed else SEQUENTIAL
    if signed and vmin is None and vmax is None and cmap == DIVERGING:
        m = float(np.nanmax(np.abs(a))) or 1.0
        vmin, vmax = -m, m
    im = ax.imshow(a, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    if max(h, w) <= 4 * ANNOTATE_MAX:  # cell borders: two line collections (fast), not minor-tick grids
        ax.vlines(np.arange(0.5, w - 1, 1), -0.5, h - 0.5, colors="white", linewidth=1.0)
        ax.hlines(np.arange(0.5, h - 1, 1), -0.5, w - 0.5, colors="white", linewidth=1.0)
    ax.tick_params(length=0)
    ax.set_xticks(range(w) if w <= ANNOTATE_MAX else [])
    ax.set_yticks(range(h) if h <= ANNOTATE_MAX else [])
    for side in ax.spines.values():
        side.set_visible(False)
    if annotate is None:
        annotate = h <= ANNOTATE_MAX and w <= ANNOTATE_MAX
    if annotate:
        size = fontsize or (11 if max(h, w) <= 6 else 9 if max(h, w) <= 9 else 7)
        norm, colormap = im.norm, im.cmap
        for (i, j), v in np.ndenumerate(a):
            colour = _text_colour(colormap(norm(v))) if np.isfinite(v) else "black"
            # inside its cell, so it never moves the layout: leaving it out of the layout pass saves time
            ax.text(j, i, format_value(v), ha="center", va="center", fontsize=size, color=colour, in_layout=False)
    if highlight is not None:
        hl = np.asarray(highlight)
        cells = np.argwhere(hl) if hl.dtype == bool else [tuple(c) for c in hl.reshape(-1, 2)]
        for i, j in cells:
            ax.add_patch(
                Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor=highlight_colour, linewidth=2.5)
            )
    if title is not None:
        ax.set_title(f"{title} ({h}x{w})" if h > 1 else f"{title} ({w})")
    return im


def grid_row(arrays, titles=None, cell: float = 0.45, max_width: float = 13.0, **kwargs):
    """Draw several 2-D arrays side by side with :func:`show_grid`; return the figure.

    Panel widths follow the arrays' widths so that cells are the same size in every panel.

    Parameters
    ----------
    arrays : sequence of array_like, each (H, W) or (W,)
    titles : sequence of str, optional
    cell : float
        Inches per cell (shrunk to fit ``max_width``).
    max_width : float
        Largest figure width in inches.
    **kwargs
        Passed to :func:`show_grid` for every panel.
    """
    import matplotlib.pyplot as plt

    arrays = [np.atleast_2d(np.asarray(a, dtype=float)) for a in arrays]
    titles = list(titles) if titles is not None else [None] * len(arrays)
    if len(titles) != len(arrays):
        raise ValueError(f"titles must have one entry per array ({len(arrays)}), got {len(titles)}")
    widths = [a.shape[1] for a in arrays]
    height = max(a.shape[0] for a in arrays)
    total = sum(widths) + 1.2 * (len(arrays) - 1)
    scale = min(cell, max_width / max(total, 1))
    fig, axes = plt.subplots(
        1,
        len(arrays),
        figsize=(max(total * scale, 3.0), height * scale + 0.8),
        gridspec_kw={"width_ratios": widths},
        squeeze=False,
    )
    for ax, a, t in zip(axes[0], arrays, titles):
        show_grid(ax, a, title=t, **kwargs)
    return fig
