"""Lesson 04's figure module: the widgets build and redraw (the math is tested in tests/test_resize.py)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import helpers
from helpers.figures import l04_bilinear_and_coordinates as w
from helpers.widgets import render


def test_draw_functions_run():
    for draw, kwargs in [(w.draw_four_neighbours, {"a": 0.2, "b": 0.7}),
                         (w.draw_sampling, {"mode": "asymmetric", "in_size": 4, "out_size": 7}),
                         (w.draw_mode_comparison, {})]:
        fig = render(draw, **kwargs)
        assert fig.axes or fig.lines     # the widget pictures are painted: an image in fig.lines, no axes
        fig.canvas.draw()
        plt.close(fig)
    value = w.draw_four_neighbours(plt.figure(), a=0.2, b=0.7)
    weights = helpers.resize.four_neighbour_weights(0.2, 0.7)
    assert np.isclose(value, (weights * [[1, 2], [3, 4]]).sum()) and np.isclose(value, 2.6)
    plt.close("all")


@pytest.mark.parametrize("mode, in_size, out_size", [("asymmetric", 4, 7), ("align_corners", 1, 1),
                                                     ("half_pixel", 8, 10)])
def test_draw_sampling_paints_the_weight_matrix(mode, in_size, out_size):
    import matplotlib as mpl

    fig = plt.figure(figsize=(10, 7))
    g = w.draw_sampling(fig, mode=mode, in_size=in_size, out_size=out_size)
    M = helpers.interpolation_matrix(in_size, out_size, coordinate_mode=mode)
    np.testing.assert_array_equal(g["matrix"], M)
    assert g["title"].startswith(f"{mode}: x_in = ") and len(g["source"]) == out_size
    box, px = g["layout"]["matrix"], g["layout"]["pixels"]
    cmap = mpl.colormaps["cividis"]
    for r in range(out_size):
        for c in range(in_size):   # a corner of each cell (away from its label) has the weight's colour
            np.testing.assert_allclose(px[box["y0"] + r * box["cell"] + 2, box["x0"] + c * box["cell"] + 2],
                                       cmap(M[r, c])[:3], atol=1e-6)
    fig.canvas.draw()
    shown = np.asarray(fig.canvas.buffer_rgba())[..., :3] / 255.0
    np.testing.assert_allclose(shown[box["y0"]:box["y1"], box["x0"]:box["x1"]],
                               px[box["y0"]:box["y1"], box["x0"]:box["x1"]], atol=1 / 255)
    plt.close(fig)


def test_widgets_build_and_update():
    for build in (w.four_neighbour_widget, w.sampling_widget):
        box = build()
        for control in box.controls.values():
            options = getattr(control, "options", None)
            if options:
                control.value = options[-1] if not isinstance(options[-1], tuple) else options[-1][1]
            elif hasattr(control, "max"):
                control.value = control.max
        assert box.update() > 0
        assert box.image.value[:4] == b"\x89PNG"
    plt.close("all")
