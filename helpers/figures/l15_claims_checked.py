"""Lesson 15 widget: move the kernel size, stride, padding and input size and watch three claims flip.

Three claims of lesson 15 depend on the geometry of a transposed convolution alone:

- *"a transposed convolution with stride 2 leaves gaps"* (true when ``k < s``),
- *"transposed convolution produces checkerboard artifacts"* (with equal weights: true when the
  stride does not divide the kernel size),
- *"a transposed convolution with the same k, s, p inverts a convolution's shape"* (true when
  ``(n + 2p - k) mod s == 0``).

:func:`helpers.claims.claim_states` runs the three experiments of :mod:`helpers.claims` for one setting and
adds the overlap counts they rest on; :func:`draw_claims` paints the counts with the three verdicts (one image),
and :func:`claims_widget` puts sliders on it. NumPy, matplotlib and ipywidgets only.
"""

from __future__ import annotations

from ..claims import claim_states

__all__ = ["draw_claims", "claims_widget", "VERDICT_COLOURS"]

VERDICT_COLOURS = {"TRUE": "#009E73", "FALSE": "#D55E00", "n/a": "#999999"}
"""Okabe-Ito bluish green for TRUE, vermillion for FALSE, grey when the claim does not apply."""


def draw_claims(fig, k: int = 3, s: int = 2, p: int = 1, n: int = 8) -> dict:
    """The overlap counts of the transposed convolution (4x4 input, kernel of ones) as a map and the
    three verdicts as coloured text.

    Painted as one image (:class:`helpers.widgets.Raster`, text from cached glyphs), so a redraw stays
    fast. Returns :func:`claim_states`, plus ``"layout"``: ``"map"`` (the map's top-left pixel and pixels
    per cell), ``"title"``, ``"lines"`` (each verdict's ``(first line, colour)``) and ``"pixels"``.
    """
    import matplotlib as mpl

    from ..widgets import Raster, glyph

    state = claim_states(k, s, p, n)
    counts = state["counts"]
    cv = Raster(fig)
    W, H, pt = cv.width, cv.height, cv.px_per_pt
    # the map: square cells, centred in a box 38% x 78% of the figure (where imshow in an axes puts it)
    bx0, bx1, by0, by1 = 0.03 * W, 0.41 * W, 0.17 * H, 0.95 * H
    side = counts.shape[0]
    cell = max(int(min(bx1 - bx0, by1 - by0) / side), 1)
    x0, y0 = int((bx0 + bx1 - side * cell) / 2), int((by0 + by1 - side * cell) / 2)
    shade = mpl.colormaps["cividis"](counts / max(int(counts.max()), 1))[..., :3]
    cv.cells(shade, x0, y0, cell, line=None)
    values = sorted(set(counts.ravel().tolist()))
    title = f"taps per output pixel (4x4 input)\nk={k}, s={s}: values {values}"
    for m, line in enumerate(reversed(title.split("\n"))):
        cv.text(line, x0 + side * cell / 2, y0 - 5 * pt - m * 13 * pt, 10, va="bottom")
    # the verdicts: the word in one column, the claim and its evidence in the next, in the verdict's colour
    tx = 0.47 * W
    cv.text(f"three claims at k={k}, s={s}, p={p}, n={n}", tx, 0.14 * H, 11, ha="left", va="top")
    indent = max(glyph(word, 9.5 * pt).shape[1] for word in VERDICT_COLOURS) + 0.6 * 9.5 * pt
    lines = []
    for i, (name, word, evidence) in enumerate(state["rows"]):
        y, colour = (0.28 + 0.22 * i) * H, VERDICT_COLOURS[word]
        cv.text(word, tx, y, 9.5, colour, ha="left", va="top")
        cv.text(name, tx + indent, y, 9.5, colour, ha="left", va="top")
        cv.text(evidence[:50], tx + indent, y + 15 * pt, 9.5, colour, ha="left", va="top")
        lines.append((f"{word:<5} {name}", colour))
    cv.show()
    state["layout"] = {"map": (x0, y0, cell), "title": title, "lines": lines, "pixels": cv.pixels}
    return state


def claims_widget():
    """Sliders for k, s, p, n over :func:`draw_claims`."""
    import ipywidgets as W

    from ..widgets import interactive_figure

    controls = {
        "k": W.IntSlider(value=3, min=1, max=8, description="kernel k"),
        "s": W.IntSlider(value=2, min=1, max=4, description="stride s"),
        "p": W.IntSlider(value=1, min=0, max=3, description="padding p"),
        "n": W.IntSlider(value=8, min=1, max=16, description="input n"),
    }
    return interactive_figure(draw_claims, controls, figsize=(7.4, 3.2), columns=4)
