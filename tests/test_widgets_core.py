"""helpers.widgets: draw_png's direct encoding of a lone Raster equals matplotlib's own drawing."""

import io

import numpy as np
from PIL import Image

import helpers.widgets as hw


def _painted(fig, extra=False):
    r = hw.Raster(fig)
    r.fill(10, 5, 40, 20, "#0072B2")
    r.text("w01", 60, 20, size=11)
    r.show()
    if extra:
        fig.axes[0].plot([0, 50], [0, 30], color="red")   # something drawn on top of the picture


def _pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def test_lone_raster_is_encoded_directly_and_pixel_for_pixel_the_same(monkeypatch):
    fig = hw.widget_figure((2.0, 1.0))
    fast = hw.draw_png(_painted, fig=fig)
    assert hw._only_raster(fig) is not None
    monkeypatch.setattr(hw, "_only_raster", lambda fig: None)   # force matplotlib's draw
    slow = hw.draw_png(_painted, fig=fig)
    assert np.array_equal(_pixels(fast), _pixels(slow))


def test_anything_added_to_the_figure_disables_the_shortcut():
    fig = hw.widget_figure((2.0, 1.0))
    png = hw.draw_png(_painted, fig=fig, extra=True)
    assert hw._only_raster(fig) is None
    assert (np.abs(_pixels(png) - [255, 0, 0]).sum(axis=2) < 60).any()       # the red line is in the PNG
    hw.draw_png(lambda f: f.add_subplot().plot([0, 1]), fig=fig)             # no raster at all
    assert hw._only_raster(fig) is None
