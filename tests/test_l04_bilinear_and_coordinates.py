"""Lesson 04's widget module: its computations against helpers and PyTorch, and the widgets build and redraw."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

import helpers
from helpers.widgets import render
from helpers.widgets import w04_bilinear_and_coordinates as w


@given(st.floats(0, 1), st.floats(0, 1))
def test_four_neighbour_weights_are_a_partition_of_unity(a, b):
    weights = np.asarray(w.four_neighbour_weights(a, b))
    assert weights.min() >= 0 and np.isclose(weights.sum(), 1)


@given(st.integers(1, 7), st.integers(1, 7), st.integers(1, 12), st.integers(1, 12), st.integers(0, 2**16))
def test_resize_bilinear_half_pixel_matches_torch(h, wd, oh, ow, seed):
    x = np.random.default_rng(seed).standard_normal((h, wd))
    expected = F.interpolate(torch.from_numpy(x)[None, None], size=(oh, ow), mode="bilinear",
                             align_corners=False)[0, 0].numpy()
    np.testing.assert_allclose(w.resize_bilinear(x, (oh, ow), "half_pixel"), expected, atol=1e-12)


@pytest.mark.parametrize("mode", ["half_pixel", "align_corners", "asymmetric", "pytorch_half_pixel"])
def test_linear_matrix_rows_sum_to_one_and_follow_source_coordinate(mode):
    m = w.linear_matrix(4, 7, mode)
    assert m.shape == (7, 4)
    np.testing.assert_allclose(m.sum(axis=1), 1)
    grid = w.sampling_grid(4, 7, mode)
    assert isinstance(grid, dict)


def test_linear_matrix_align_corners_matches_helpers():
    np.testing.assert_allclose(w.linear_matrix(5, 9, "align_corners"),
                               helpers.interpolation_matrix(5, 9, "linear", align_corners=True), atol=1e-12)


def test_draw_functions_run():
    for draw, kwargs in [(w.draw_four_neighbours, {"a": 0.2, "b": 0.7}),
                         (w.draw_sampling, {"mode": "asymmetric", "in_size": 4, "out_size": 7}),
                         (w.draw_mode_comparison, {})]:
        fig = render(draw, **kwargs)
        assert fig.axes
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
