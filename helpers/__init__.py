"""Upsampling, Inside Out: the shared helper package.

Every lesson builds an operation from scratch and checks it against PyTorch and TensorFlow/Keras.
The from-scratch reference code lives here, once, split into modules by concept and re-exported so
that ``from helpers import NAME`` works:

- :mod:`helpers.artifacts`: ``overlap_count``, ``overlap_count_2d``, ``checkerboard_score``, ``checkerboard_pattern``
- :mod:`helpers.resize`: ``interpolate``, ``source_coordinate``
- :mod:`helpers.conv`: ``conv2d``, ``conv_transpose2d``, ``trans_conv``, ``conv_matrix``, output
  sizes, ``zero_insert``, ``dilate_kernel``
- :mod:`helpers.pooling`: ``max_pool2d``, ``max_unpool2d``
- :mod:`helpers.receptive`: ``receptive_field``, ``influence``, ``effective_kernel_size``, ``Field``
- :mod:`helpers.shuffle`: ``pixel_shuffle``, ``pixel_unshuffle``, ``depth_to_space``, ``space_to_depth``
- :mod:`helpers.layout`: ``bilinear_kernel``, ``keras_to_torch_kernel``, ``torch_to_keras_kernel``
- :mod:`helpers.notebook`: ``setup`` (first cell of every notebook), ``environment_report``
- :mod:`helpers.style`: the course's figure style and palette
- :mod:`helpers.checks`: self-checking exercises
- :mod:`helpers.capstone` (imported as a module, not re-exported): lesson 14's data set, decoders, training loop

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
from .shuffle import *  # noqa: F401,F403

__version__ = "0.1.0"
