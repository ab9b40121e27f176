"""Lesson 07 widget and figures: the convolution matrix V, drawn entry by entry, and its transpose.

A single-channel convolution (cross-correlation, as in every framework) of an ``n`` x ``n`` input with
a ``k`` x ``k`` kernel is a matrix product ``y = V x`` on the flattened images: row ``r`` of ``V``
belongs to output pixel ``r`` and holds the kernel weights at the input positions that pixel reads.
Every non-zero entry of ``V`` is exactly one kernel weight ``w[a, b]``, so ``V`` can be drawn as a map of
*weight ids*: the cell is coloured by which weight it holds and labelled ``wab``; zeros stay blank.

:func:`helpers.conv.conv_matrix_ids` computes the map (from :func:`helpers.conv_matrix` with the kernel
``1, 2, ..., k*k``), :func:`helpers.conv.pixel_reads` what one output pixel reads, :func:`draw_matrix_pair` draws
``V`` and ``V^T`` with labelled rows and columns (the lesson's figure, ordinary matplotlib axes),
:func:`draw_conv_matrix` the widget's picture (painted as one image, for speed) and
:func:`conv_matrix_widget` puts controls on it. :func:`draw_im2col_col2im` draws how frameworks run both
products without ``V``: im2col (:func:`helpers.conv.im2col`) and a matrix product for the convolution, a
matrix product with the kernel's transpose and col2im (:func:`helpers.conv.col2im`) for the transposed one.
"""

from __future__ import annotations

import numpy as np

from ..conv import col2im, conv_matrix_ids, im2col, pixel_reads
from ..widgets import glyph as _glyph  # cached text bitmaps
from ..widgets._paint import _show  # one unscaled painted image

__all__ = [
    "WEIGHT_COLOURS",
    "draw_weight_matrix",
    "draw_kernel_legend",
    "draw_matrix_pair",
    "draw_conv_matrix",
    "conv_matrix_widget",
    "draw_im2col_col2im",
]

WEIGHT_COLOURS = (
    "#E69F00",  # w00 orange
    "#56B4E9",  # w01 sky blue
    "#009E73",  # w02 bluish green
    "#F0E442",  # w10 yellow
    "#0072B2",  # w11 blue
    "#D55E00",  # w12 vermillion
    "#CC79A7",  # w20 reddish purple
    "#999999",  # w21 grey (the ninth colour of the common colour-blind-safe extension of Okabe-Ito)
    "#000000",  # w22 black
)
"""One categorical colour per tap of a 3 x 3 kernel, in the order w00, w01, ..., w22: the eight
Okabe-Ito colours of :data:`helpers.style.PALETTE` plus a neutral grey for the ninth."""

_BLANK = (1.0, 1.0, 1.0)


def _weight_label(a: int, b: int) -> str:
    """The label of kernel tap ``(a, b)``: ``'w01'`` for row 0, column 1 (``'w1,10'`` past 9)."""
    return f"w{a}{b}" if a < 10 and b < 10 else f"w{a},{b}"


def _weight_colour(a: int, b: int) -> str:
    """The colour of tap ``(a, b)``: taps keep their colour for every kernel size up to 3 x 3."""
    return WEIGHT_COLOURS[(3 * a + b) % len(WEIGHT_COLOURS)]


def _text_colour(hex_colour: str) -> str:
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(hex_colour)
    return "black" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 else "white"


def _ids_to_rgb(ids, k: int) -> np.ndarray:
    """An (rows, cols, 3) RGB image of a weight-id matrix: each weight's colour, white for -1."""
    from matplotlib.colors import to_rgb

    ids = np.asarray(ids)
    table = np.array([to_rgb(_weight_colour(t // k, t % k)) for t in range(k * k)] + [_BLANK])
    return table[np.where(ids >= 0, ids, k * k)]


def _frame(ax, h: int, w: int, line: bool = True) -> None:
    if line and max(h, w) <= 48:
        ax.hlines(np.arange(h + 1) - 0.5, -0.5, w - 0.5, color="0.82", linewidth=0.6)
        ax.vlines(np.arange(w + 1) - 0.5, -0.5, h - 0.5, color="0.82", linewidth=0.6)
    ax.set_xlim(-0.5, w - 0.5)
    ax.set_ylim(h - 0.5, -0.5)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(True)
        side.set_color("0.5")
        side.set_linewidth(0.8)


def draw_weight_matrix(ax, ids, k: int, title: str | None = None, annotate: bool | None = None,
                       row_labels=None, col_labels=None, fontsize: float | None = None) -> None:
    """Draw a weight-id matrix (see :func:`helpers.conv.conv_matrix_ids`) on ``ax``: coloured cells, zeros blank.

    ``annotate`` writes each non-zero's weight label (default: when both sides are at most 16);
    ``row_labels``/``col_labels`` become tick labels (drawn when there are at most 16 of them).
    """
    ids = np.asarray(ids)
    h, w = ids.shape
    ax.imshow(_ids_to_rgb(ids, k), interpolation="nearest", aspect="equal")
    _frame(ax, h, w)
    if annotate is None:
        annotate = max(h, w) <= 16
    if annotate:
        size = fontsize or (8.5 if max(h, w) <= 16 else 6.5)
        labels = [_weight_label(t // k, t % k) for t in range(k * k)]
        colours = [_text_colour(_weight_colour(t // k, t % k)) for t in range(k * k)]
        for r, c in zip(*np.nonzero(ids >= 0)):
            t = ids[r, c]
            ax.text(c, r, labels[t], ha="center", va="center", fontsize=size, color=colours[t])
    if row_labels is not None and len(row_labels) <= 16:
        ax.set_yticks(range(h), row_labels, fontsize=8.5)
    else:
        ax.set_yticks([])
    if col_labels is not None and len(col_labels) <= 16:
        ax.set_xticks(range(w), col_labels, fontsize=8.5, rotation=90)
    else:
        ax.set_xticks([])
    if title:
        ax.set_title(title, fontsize=11)


def draw_kernel_legend(ax, k: int, title: str = "kernel w") -> None:
    """The kernel as a k x k grid of its taps, each in its colour with its label: the legend."""
    draw_weight_matrix(ax, np.arange(k * k).reshape(k, k), k, title=title, annotate=True, fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])


def _pixel_names(prefix: str, h: int, w: int) -> list:
    return [f"{prefix}{i}{j}" if h <= 10 and w <= 10 else f"{prefix}{i},{j}" for i in range(h) for j in range(w)]


def _labelled_grid(ax, names, h: int, w: int, title: str, fontsize: float = 9) -> None:
    ax.imshow(np.ones((h, w, 3)), interpolation="nearest", aspect="equal")
    _frame(ax, h, w)
    ax.hlines(np.arange(h + 1) - 0.5, -0.5, w - 0.5, color="0.5", linewidth=0.8)
    ax.vlines(np.arange(w + 1) - 0.5, -0.5, h - 0.5, color="0.5", linewidth=0.8)
    for idx, name in enumerate(names):
        ax.text(idx % w, idx // w, name, ha="center", va="center", fontsize=fontsize)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=11)


def draw_matrix_pair(fig, n: int = 4, k: int = 3, stride: int = 1, padding: int = 0) -> dict:
    """The lesson's figure: V (rows = output pixels y.., columns = input pixels x..) with every non-zero
    labelled by its kernel weight, V^T beside it, and the kernel, input and output grids as a key.

    Returns :func:`helpers.conv.conv_matrix_ids`'s dict.
    """
    g = conv_matrix_ids(n, k, stride, padding)
    if not g["valid"]:
        raise ValueError(g["message"])
    ids, out = g["ids"], g["out"]
    rows, cols = ids.shape
    x_names = _pixel_names("x", n, n)
    y_names = _pixel_names("y", out, out)
    grid = fig.add_gridspec(2, 2, width_ratios=[max(cols, 3 * (k + n + out)), rows + 2.5],
                            height_ratios=[rows + 2.5, max(cols - rows, n + 1.5)])
    draw_weight_matrix(fig.add_subplot(grid[0, 0]), ids, k,
                       title=f"V  ({rows} x {cols}): y = V x", row_labels=y_names, col_labels=x_names)
    draw_weight_matrix(fig.add_subplot(grid[:, 1]), ids.T, k,
                       title=f"V$^T$  ({cols} x {rows})", row_labels=x_names, col_labels=y_names)
    key = grid[1, 0].subgridspec(1, 3, width_ratios=[k, n, out])
    draw_kernel_legend(fig.add_subplot(key[0, 0]), k, title=f"kernel w ({k}x{k})")
    _labelled_grid(fig.add_subplot(key[0, 1]), x_names, n, n, f"input x ({n}x{n})")
    _labelled_grid(fig.add_subplot(key[0, 2]), y_names, out, out, f"output y ({out}x{out})")
    return g


def _blend(rgb, veil: float) -> np.ndarray:
    """``rgb`` faded towards white by ``veil`` (0: unchanged, 1: white)."""
    return rgb * (1.0 - veil) + veil


class _Raster:
    """The widget's picture as one RGB array in figure pixels, drawn unscaled on the figure.

    Cells, grid lines, outlines and all text are painted with NumPy (text from cached glyph bitmaps), so
    a redraw draws one matplotlib image instead of dozens of Text artists at about a millisecond each;
    that keeps it well under 100 ms.
    """

    def __init__(self, fig):
        self.fig = fig
        self.width, self.height = int(round(fig.bbox.width)), int(round(fig.bbox.height))
        self.pixels = np.ones((self.height, self.width, 3), dtype=np.float32)

    def cells(self, rgb, x0: int, y0: int, cell: int, grid=0.8, border=0.45) -> None:
        """Paint ``rgb`` (h, w, 3), one colour per cell, with its top-left corner at pixel (x0, y0)."""
        h, w = rgb.shape[:2]
        block = np.repeat(np.repeat(rgb, cell, axis=0), cell, axis=1)
        view = self.pixels[y0:y0 + h * cell, x0:x0 + w * cell]
        view[...] = block[:view.shape[0], :view.shape[1]]
        if grid is not None and cell >= 6:
            view[::cell, :] = grid
            view[:, ::cell] = grid
        self.outline(x0, y0, w * cell, h * cell, border, 1)

    def outline(self, x0: int, y0: int, w: int, h: int, colour=0.0, thickness: int = 3) -> None:
        t, p = thickness, self.pixels
        x1, y1 = min(x0 + w, self.width), min(y0 + h, self.height)
        p[y0:y0 + t, x0:x1] = colour
        p[max(y1 - t, 0):y1, x0:x1] = colour
        p[y0:y1, x0:x0 + t] = colour
        p[y0:y1, max(x1 - t, 0):x1] = colour

    def label(self, text: str, cx: float, cy: float, size_px: float, colour) -> None:
        """Write ``text`` centred on pixel (cx, cy)."""
        ink = _glyph(text, size_px)
        h, w = ink.shape
        y0, x0 = int(round(cy - h / 2)), int(round(cx - w / 2))
        if h == 0 or y0 < 0 or x0 < 0 or y0 + h > self.height or x0 + w > self.width:
            return
        view = self.pixels[y0:y0 + h, x0:x0 + w]
        view[...] = view * (1 - ink[..., None]) + np.asarray(colour, dtype=np.float64) * ink[..., None]

    def write(self, x: float, y: float, text: str, size: float = 10.5, colour="black", va: str = "bottom",
              ha: str = "left") -> None:
        """Text in points (at the figure's dpi) at pixel (x, y): left/centre aligned, its last line's
        bottom (``va="bottom"``) or its first line's top (``va="top"``) at ``y``; lines split at newlines."""
        size_px = size * self.fig.dpi / 72
        lines = text.split("\n")
        step = 1.3 * size_px
        y = y - step * len(lines) + 0.25 * size_px if va == "bottom" else y
        for n, line in enumerate(lines):
            ink = _glyph(line, size_px)
            h, w = ink.shape
            x0 = int(round(x - w / 2)) if ha == "center" else int(round(x))
            y0 = int(round(y + step * n + 0.8 * size_px - h))   # bottoms of the letters on one baseline (roughly)
            x0, y0 = max(x0, 0), max(y0, 0)
            h, w = min(h, self.height - y0), min(w, self.width - x0)
            view = self.pixels[y0:y0 + h, x0:x0 + w]
            alpha = ink[:h, :w, None]
            view[...] = view * (1 - alpha) + _rgb(colour) * alpha

    def show(self) -> None:
        """Put the picture on the figure pixel for pixel (:func:`_show`: no axes, no resampling)."""
        _show(self)


def _rgb(colour) -> np.ndarray:
    from matplotlib.colors import to_rgb

    return np.array(to_rgb(colour))


def _fit(cell: float, chars: int) -> float:
    """Font size in pixels that fits ``chars`` characters in a ``cell``-pixel square (0: too small)."""
    size = min(13.0, cell / (0.62 * chars + 0.45))
    return size if size >= 8.5 else 0.0


def draw_conv_matrix(fig, n: int = 4, k: int = 3, stride: int = 1, padding: int = 0, pixel: int = 0) -> dict:
    """The widget's picture: V with output pixel ``pixel``'s row picked out and V^T with that column, the
    kernel as a colour key, the padded input with the taps that pixel reads, and the output.

    Every non-zero of V is coloured by its kernel weight, zeros are blank; the picked row (column of V^T)
    is labelled with weight names when the cells are big enough, otherwise V is a colour map of weight
    ids. ``pixel`` is clamped into the valid range (the slider may point past a smaller output). Returns
    :func:`helpers.conv.conv_matrix_ids`'s dict with ``"reads"`` (:func:`helpers.conv.pixel_reads`) and
    ``"layout"`` (pixel geometry: ``"cell"``, ``"key_cell"`` and the top-left corners ``"V"``, ``"VT"``, ``"kernel"``,
    ``"input"``, ``"output"``) added.
    """
    g = conv_matrix_ids(n, k, stride, padding)
    if not g["valid"]:
        fig.suptitle(g["message"], color=WEIGHT_COLOURS[5])
        return g
    import matplotlib as mpl

    with mpl.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)   # no layout engine: savefig then skips its dry-run draw
    reads = pixel_reads(n, k, stride, padding, int(min(max(int(pixel), 0), g["shape"][0] - 1)))
    out, ids, r = g["out"], g["ids"], reads["pixel"]
    rows, cols = ids.shape
    m = n + 2 * padding
    cv = _Raster(fig)
    scale = fig.dpi / 100
    margin, gap, head, foot = int(12 * scale), int(34 * scale), int(24 * scale), int(34 * scale)
    top = int(44 * scale)

    # geometry: V top left, the key row (kernel, input, output) under it, V^T on the right
    titles = {"kernel": f"kernel w ({k}x{k})",
              "input": f"input {n}x{n}" + (f", padding {padding}" if padding else "") + f": y[{r}] reads",
              "output": f"output {out}x{out}"}
    key_cell = int(min(40 * scale, 200 * scale / max(k, m, out)))
    widths = {"kernel": key_cell * k, "input": key_cell * m, "output": key_cell * out}
    x, key_x = margin, {}
    for name in ("kernel", "input", "output"):    # each block as wide as its title at least
        key_x[name] = x
        x += max(widths[name], _glyph(titles[name], 10 * fig.dpi / 72).shape[1]) + gap
    key_w = x - gap - margin
    key_h = key_cell * max(k, m, out)
    avail_w, avail_h = cv.width - 2 * margin - gap, cv.height - top - margin
    cell = min(44 * scale, (avail_h - head) / cols, (avail_h - 2 * head - foot - key_h) / rows, avail_w / (cols + rows))
    if cols * cell < key_w:
        cell = min(cell, (avail_w - key_w) / rows)
    cell = max(int(cell), 1)
    left_w = max(cols * cell, key_w)
    at = {"V": (margin, top + head), "VT": (margin + left_w + gap, top + head)}
    y_key = top + head + rows * cell + head + int(10 * scale)
    for name in ("kernel", "input", "output"):
        at[name] = (key_x[name], y_key)

    fig_title = (f"V: {rows} x {cols}  (output pixels x input pixels)      Vᵀ: {cols} x {rows}      "
                 f"non-zeros: {g['nnz']} of {ids.size} ({100 * g['density']:.0f}%)")
    cv.write(cv.width / 2, int(8 * scale), fig_title, size=12, va="top", ha="center")

    # V and V^T: every row (column) faded except the picked one
    rgb = _ids_to_rgb(ids, k)
    faded = _blend(rgb, 0.72 if cell >= 12 else 0.45)
    faded[r] = rgb[r]
    (xv, yv), (xt, yt) = at["V"], at["VT"]
    cv.cells(faded, xv, yv, cell)
    cv.cells(faded.transpose(1, 0, 2), xt, yt, cell)
    thick = 3 if cell >= 6 else 2
    cv.outline(xv - 1, yv + r * cell - 1, cols * cell + 2, cell + 2, 0.0, thick)
    cv.outline(xt + r * cell - 1, yt - 1, cell + 2, cols * cell + 2, 0.0, thick)
    size = _fit(cell, 3)
    if size:
        for c in np.nonzero(ids[r] >= 0)[0]:
            a, b = divmod(int(ids[r, c]), k)
            colour = _rgb(_text_colour(_weight_colour(a, b)))
            cv.label(_weight_label(a, b), xv + (c + 0.5) * cell, yv + (r + 0.5) * cell, size, colour)
            cv.label(_weight_label(a, b), xt + (r + 0.5) * cell, yt + (c + 0.5) * cell, size, colour)
    empty = "" if (ids[r] >= 0).any() else "  (all zeros: it reads only padding)"
    cv.write(xv, yv - 4, f"V ({rows} x {cols}): row {r} = output pixel {r}{empty}")
    cv.write(xt, yt - 4, f"Vᵀ ({cols} x {rows}): column {r}")

    # the kernel: the colour key
    xk, yk = at["kernel"]
    cv.cells(_ids_to_rgb(np.arange(k * k).reshape(k, k), k), xk, yk, key_cell, grid=1.0)
    size = _fit(key_cell, 3) or 8.5
    for a in range(k):
        for b in range(k):
            cv.label(_weight_label(a, b), xk + (b + 0.5) * key_cell, yk + (a + 0.5) * key_cell, size,
                     _rgb(_text_colour(_weight_colour(a, b))))
    cv.write(xk, yk - 4, titles["kernel"], size=10)

    # the padded input: padding grey, the pixel's taps in their colours (faded where they meet padding)
    xi, yi = at["input"]
    padded = np.ones((m, m, 3))
    ring = np.ones((m, m), dtype=bool)
    ring[padding:padding + n, padding:padding + n] = False
    padded[ring] = 0.86
    window = {}
    for a, b, i, j, inside in reads["taps"]:
        colour = _rgb(_weight_colour(a, b))
        padded[i + padding, j + padding] = colour if inside else _blend(colour, 0.65)
        window[(i, j)] = (a, b, inside)
    cv.cells(padded, xi, yi, key_cell, grid=0.6)
    cv.outline(xi + padding * key_cell - 1, yi + padding * key_cell - 1, n * key_cell + 2, n * key_cell + 2, 0.2, 2)
    size = _fit(key_cell, 3)
    for i in range(-padding, n + padding):
        for j in range(-padding, n + padding):
            cx, cy = xi + (j + padding + 0.5) * key_cell, yi + (i + padding + 0.5) * key_cell
            if (i, j) in window and size:
                a, b, inside = window[(i, j)]
                colour = _text_colour(_weight_colour(a, b)) if inside else "0.25"
                cv.label(_weight_label(a, b), cx, cy, size, _rgb(colour))
            elif 0 <= i < n and 0 <= j < n and _fit(key_cell, 2):
                cv.label(str(i * n + j), cx, cy, _fit(key_cell, 2), _rgb("0.45"))
    cv.write(xi, yi - 4, titles["input"], size=10)
    note = "grey numbers: columns of V"
    if padding:
        note += "\ngrey ring: padding zeros; faded taps\nread them, so they are not in V"
    cv.write(xi, yi + m * key_cell + 4, note, size=8.5, va="top", colour="0.3")

    # the output: the numbers are the rows of V
    xo, yo = at["output"]
    marked = np.ones((out, out, 3))
    pr, pc = reads["position"]
    marked[pr, pc] = 0.8
    cv.cells(marked, xo, yo, key_cell, grid=0.6)
    cv.outline(xo + pc * key_cell - 1, yo + pr * key_cell - 1, key_cell + 2, key_cell + 2, 0.0, 3)
    size = _fit(key_cell, 2)
    if size:
        for idx in range(out * out):
            cv.label(str(idx), xo + (idx % out + 0.5) * key_cell, yo + (idx // out + 0.5) * key_cell, size,
                     _rgb("black"))
    cv.write(xo, yo - 4, titles["output"], size=10)
    cv.write(xo, yo + out * key_cell + 4, "numbers: rows of V", size=8.5, va="top", colour="0.3")
    cv.show()
    g["reads"] = reads
    g["layout"] = {"cell": cell, "key_cell": key_cell, **at, "pixels": cv.pixels}
    return g


def conv_matrix_widget():
    """Sliders for the input size, kernel size, stride, padding and output pixel over :func:`draw_conv_matrix`.

    The pixel slider's range follows the number of output pixels.
    """
    import ipywidgets as W

    from ..widgets import interactive_figure

    style = {"description_width": "initial"}
    controls = {
        "n": W.IntSlider(value=4, min=3, max=6, description="input size", style=style),
        "k": W.IntSlider(value=3, min=1, max=3, description="kernel size", style=style),
        "stride": W.IntSlider(value=1, min=1, max=2, description="stride", style=style),
        "padding": W.IntSlider(value=0, min=0, max=1, description="padding", style=style),
        "pixel": W.IntSlider(value=0, min=0, max=3, description="output pixel (row of V)", style=style),
    }

    def follow(change=None):
        c = controls
        out = (c["n"].value + 2 * c["padding"].value - c["k"].value) // c["stride"].value + 1
        c["pixel"].max = out * out - 1   # clamps the value too; registered first, so it runs before a redraw

    for name in ("n", "k", "stride", "padding"):
        controls[name].observe(follow, names="value")
    follow()
    return interactive_figure(draw_conv_matrix, controls, figsize=(11, 6.8), columns=3)


def draw_im2col_col2im(fig, x=None, K=None, g=None) -> dict:
    """Both products the way frameworks run them, on a 3 x 3 input and a 2 x 2 kernel (stride 1, no padding).

    Top row, the convolution: the input ``x`` (the window of output pixel 0 outlined), ``im2col(x)`` (one
    column per window, one row per tap), the kernel as one row, and their product ``y``. Bottom row, the
    transposed convolution: ``g``, ``K.ravel()[:, None] * g.ravel()`` (the product with the kernel's
    transpose: column ``l`` is ``g_l`` times the kernel), ``col2im`` of it (each column added into its window;
    the centre, outlined, sums the four outlined entries) and how many windows cover each pixel (grey: a
    count, not a value). Only draws: the numbers
    come from :func:`helpers.conv.im2col` and :func:`helpers.conv.col2im`.

    Returns
    -------
    dict
        ``x, K, g`` (the inputs), ``cols`` (4, 4), ``y`` (2, 2), ``spread`` (4, 4), ``out`` (3, 3) and
        ``counts`` (3, 3).
    """
    from ..style import show_grid

    x = np.arange(9.0).reshape(3, 3) if x is None else np.asarray(x, dtype=float)
    K = np.array([[1.0, 2.0], [3.0, 4.0]]) if K is None else np.asarray(K, dtype=float)
    g = np.array([[1.0, 2.0], [3.0, 4.0]]) if g is None else np.asarray(g, dtype=float)
    if x.shape != (3, 3) or K.shape != (2, 2) or g.shape != (2, 2):
        raise ValueError(f"x must be 3x3, K and g 2x2; got {x.shape}, {K.shape}, {g.shape}")
    cols = im2col(x[None, None], 2)[0]                          # (4 taps, 4 windows)
    y = (K.reshape(1, -1) @ cols).reshape(2, 2)
    spread = K.reshape(-1, 1) @ g.reshape(1, -1)                # W^T g: column l = g_l * kernel
    out = col2im(spread[None], (3, 3), 2)[0, 0]
    counts = col2im(np.ones((1, 4, 4)), (3, 3), 2)[0, 0]
    taps = [_weight_label(a, b) for a in range(2) for b in range(2)]
    windows = [f"y{i}{j}" for i in range(2) for j in range(2)]
    top, bottom = fig.subfigures(2, 1, hspace=0.08)
    rows = [
        (top, "convolution:  y = K_row · im2col(x)",
         [(x, "input x", [(0, 0), (0, 1), (1, 0), (1, 1)]),
          (cols, "im2col(x): a column per window", [(r, 0) for r in range(4)]),
          (K.reshape(1, -1), "kernel as a row", None), (y, "y = row · columns", [(0, 0)])]),
        (bottom, "transposed convolution:  col2im(K_rowᵀ · g)",
         [(g, "input g", None), (spread, "K_rowᵀ · g: column l = g_l · K", [(3, 0), (2, 1), (1, 2), (0, 3)]),
          (out, "col2im: columns added into windows", [(1, 1)]), (counts, "windows per pixel", [(1, 1)])]),
    ]
    for sub, label, panels in rows:
        axes = sub.subplots(1, len(panels), width_ratios=[a.shape[1] + 0.6 for a, _, _ in panels])
        for ax, (a, title, hl) in zip(axes, panels):
            counts_panel = a is counts                           # another quantity: its own (grey) map
            show_grid(ax, a, title=title, highlight=hl, fontsize=10,
                      **({"cmap": "Greys", "vmin": 0, "vmax": 8} if counts_panel else {}))
            ax.title.set_fontsize(10)
        axes[0].set_xticks([]), axes[0].set_yticks([])
        for ax, a in zip(axes, (p[0] for p in panels)):
            if a.shape == (4, 4):                               # columns: the windows of y, or the entries of g
                ax.set_xticks(range(4), windows if a is cols else [n.replace("y", "g") for n in windows], fontsize=8)
                ax.set_yticks(range(4), taps, fontsize=8)
            elif a.shape == (1, 4):
                ax.set_xticks(range(4), taps, fontsize=8)
                ax.set_yticks([])
            else:
                ax.set_xticks([]), ax.set_yticks([])
        sub.suptitle(label, fontsize=11, x=0.01, ha="left")
    return {"x": x, "K": K, "g": g, "cols": cols, "y": y, "spread": spread, "out": out, "counts": counts}
