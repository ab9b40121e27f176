"""The course plan: one entry per lesson, in order. The welcome notebook's map is checked against it."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Lesson", "LESSONS", "lesson"]


class Lesson(NamedTuple):
    number: str
    slug: str
    title: str
    summary: str

    @property
    def filename(self) -> str:
        return f"{self.number}_{self.slug}.ipynb"


LESSONS = [
    Lesson("00", "welcome", "Welcome", "how the course works, the environment, a first widget"),
    Lesson("01", "why_upsample", "Why networks upsample",
           "dense prediction, encoder-decoders, U-Net, GAN generators; the map of methods"),
    Lesson("02", "nearest_resizing", "Nearest-neighbour resizing",
           "repeating pixels, size versus scale_factor, nearest versus nearest-exact"),
    Lesson("03", "linear_interpolation", "Linear interpolation",
           "the 1-D derivation, weights as a matrix, Fourier resampling and ringing"),
    Lesson("04", "bilinear_and_coordinates", "Bilinear interpolation and coordinate conventions",
           "two linear passes, align_corners, half_pixel, which framework agrees with which"),
    Lesson("05", "transposed_conv_scatter_add", "Transposed convolution as scatter-add",
           "each input element times the kernel, summed into a larger output"),
    Lesson("06", "padding_stride_output_size", "Padding, stride and output size",
           "the output-size formula, output_padding, Keras 'same' versus PyTorch padding"),
    Lesson("07", "transposed_conv_as_matrix", "Transposed convolution as a matrix",
           "conv = V x, transposed conv = V^T y, and the gradient of convolution"),
    Lesson("08", "upsample_conv_vs_strided", "Upsample + conv versus strided transposed convolution",
           "zero insertion versus repetition, the full-convolution view"),
    Lesson("09", "checkerboard_artifacts", "Checkerboard artifacts",
           "uneven overlap, measured, and the fixes compared"),
    Lesson("10", "unpooling", "Unpooling with max indices",
           "max pooling that remembers, max-unpooling, SegNet"),
    Lesson("11", "dilated_convolution", "Dilated convolution",
           "zeros in the kernel, receptive fields, gridding"),
    Lesson("12", "pixel_shuffle_and_bilinear_init", "Pixel shuffle and bilinear initialisation",
           "sub-pixel convolution, channel orders, FCN's bilinear kernel"),
    Lesson("13", "speed_and_memory", "Speed and memory, measured",
           "time, peak memory, FLOPs and bytes moved of each method"),
    Lesson("14", "capstone_decoder", "Capstone: a small decoder trained six ways",
           "PSNR, checkerboard measure, parameters and time per method"),
    Lesson("15", "claims_checked", "Claims checked",
           "popular statements about upsampling, each tested by an experiment"),
    Lesson("16", "antialias_and_content_aware", "Beyond fixed kernels: alias-free and content-aware upsampling",
           "filters as frequency responses, StyleGAN3's windowed sinc, CARAFE and DySample"),
]


def lesson(number: str) -> Lesson:
    """Look up a lesson by its two-digit number, e.g. ``lesson("05")``."""
    for item in LESSONS:
        if item.number == number:
            return item
    raise ValueError(f"number must be one of {[x.number for x in LESSONS]}, got {number!r}")
