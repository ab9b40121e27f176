"""Upsampling, Inside Out: the shared helper package.

Every lesson builds an operation from scratch and checks it against PyTorch and TensorFlow/Keras.
The from-scratch reference code lives here, once, one home per concept (``helpers/README.md`` is the
map, with the lessons that use each module), re-exported so that ``from helpers import NAME`` works:

- :mod:`helpers.resize`: ``interpolate``, ``interpolation_matrix``, ``source_coordinate``,
  ``nearest_repeat``, ``nearest_mapping``, ``linear_query``, ``four_neighbour_weights``, ``sampling_grid``,
  ``interpolate_linear_nd``
- :mod:`helpers.conv`: ``conv2d``, ``conv_transpose2d``, ``trans_conv``, ``conv_matrix``, output
  sizes, ``zero_insert``, ``dilate_kernel``, ``scatter_add_steps``, ``transpose_geometry``,
  ``conv_matrix_ids``, ``im2col``, ``col2im``, the full-convolution view and tied kernel (``zero_insert_pad``,
  ``nearest_conv_kernel``, ``phase_sums``, ...)
- :mod:`helpers.artifacts`: ``overlap_count``, ``overlap_count_2d``, ``interior_pattern``,
  ``checkerboard_score``, ``checkerboard_pattern``, ``total_variation``, ``periodic_energy``
- :mod:`helpers.pooling`: ``max_pool2d``, ``max_unpool2d``, ``nearest_unpool2d``, ``pool_unpool``
- :mod:`helpers.receptive`: ``receptive_field``, ``influence``, ``effective_kernel_size``, ``describe_stack``
- :mod:`helpers.shuffle`: ``pixel_shuffle``, ``pixel_unshuffle``, ``depth_to_space``, ``space_to_depth``,
  ``channel_map``
- :mod:`helpers.layout`: ``bilinear_kernel``, ``bilinear_difference``, ``keras_to_torch_kernel``, ...
- :mod:`helpers.segmentation`: ``make_scene``, ``coarse_mask_accuracy``, ``unet_trace`` (lesson 01)
- :mod:`helpers.notebook`: ``setup`` (first cell of every notebook), ``environment_report``
- :mod:`helpers.style`: the course's figure style and palette
- :mod:`helpers.checks`: self-checking exercises
- imported as modules, not re-exported: :mod:`helpers.measure` (lesson 13), :mod:`helpers.capstone`
  (lesson 14), :mod:`helpers.claims` (lesson 15), :mod:`helpers.antialias` and :mod:`helpers.content_aware`
  (lesson 16)
- :mod:`helpers.widgets`: the shared widget machinery; :mod:`helpers.figures`: per-lesson figures and
  widgets only (``lNN_topic.py``), never concept math

Only NumPy is imported here; PyTorch and TensorFlow are imported lazily where needed.
"""

from . import _validate  # noqa: F401
from .artifacts import *  # noqa: F401,F403
from .conv import *  # noqa: F401,F403
from .layout import *  # noqa: F401,F403
from .notebook import *  # noqa: F401,F403
from .pooling import *  # noqa: F401,F403
from .receptive import *  # noqa: F401,F403
from .resize import *  # noqa: F401,F403
from .segmentation import *  # noqa: F401,F403
from .shuffle import *  # noqa: F401,F403

__version__ = "0.1.0"
