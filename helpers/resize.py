"""Resizing feature maps by interpolation, from scratch in NumPy.

Every array is channels-first, as in PyTorch: ``(N, C, W)`` for 1-D signals and ``(N, C, H, W)`` for
images.

- :func:`interpolate` follows ``torch.nn.functional.interpolate`` for the modes ``"nearest"``,
  ``"nearest-exact"``, ``"linear"``, ``"bilinear"`` and ``"bicubic"`` (CPU kernels, no antialias),
  down to torch's quirks: with ``scale_factor`` the coordinate step is ``1 / scale_factor`` rather
  than ``in_size / out_size``; the nearest modes round their source index exactly as torch's
  kernels do (float32 arithmetic, and the short cuts of its 2-D kernel).
- :func:`interpolation_matrix` is the heart of it: 1-D interpolation of a signal ``v`` of length
  ``in_size`` is the matrix product ``M @ v`` with an ``(out_size, in_size)`` matrix ``M``. The 2-D
  modes are separable, so an image ``X`` is resized as ``M_h @ X @ M_w.T``.
- :func:`source_coordinate` gives the (fractional) input coordinate an output index reads, for the
  coordinate-transformation modes of ONNX ``Resize`` (``"half_pixel"``, ``"align_corners"``, ...).
- :func:`linear_weights` and :func:`cubic_kernel` are the two building blocks of the linear and cubic
  rows of that matrix.
- The pieces lessons 02-04 take apart: :func:`nearest_repeat` (integer-factor nearest upsampling),
  :func:`nearest_mapping` (which input pixel each nearest output copies), :func:`linear_query` (one
  linear interpolation, step by step), :func:`four_neighbour_weights` (the bilinear weights of a point)
  and :func:`sampling_grid` (where each output pixel sits on the input axis, per coordinate mode).
  ``interpolation_matrix(..., coordinate_mode=...)`` resizes with any ONNX coordinate mode.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ._validate import as_float_array, check_choice, check_int, check_pair

__all__ = [
    "interpolate",
    "interpolation_matrix",
    "source_coordinate",
    "linear_weights",
    "cubic_kernel",
    "nearest_repeat",
    "nearest_mapping",
    "linear_query",
    "four_neighbour_weights",
    "sampling_grid",
    "interpolate_linear_nd",
]

# mode of interpolate -> (allowed input ndims, 1-D mode of interpolation_matrix)
_INTERPOLATE_MODES = {
    "nearest": ((3, 4), "nearest"),
    "nearest-exact": ((3, 4), "nearest-exact"),
    "linear": ((3,), "linear"),
    "bilinear": ((4,), "linear"),
    "bicubic": ((4,), "cubic"),
}
_MATRIX_MODES = ("nearest", "nearest-exact", "linear", "cubic")
_NEAREST_MODES = ("nearest", "nearest-exact")
_COORDINATE_MODES = (
    "half_pixel",
    "pytorch_half_pixel",
    "align_corners",
    "asymmetric",
    "tf_half_pixel_for_nn",
)
_CUBIC_A = -0.75  # PyTorch's (and OpenCV's) bicubic kernel parameter


# ------------------------------------------------------------------------------------ validation


def _check_real(value, name: str, positive: bool = True) -> float:
    """Validate a finite real number (``bool`` rejected); return it as ``float``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if positive and value <= 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    return value


def _check_bool(value, name: str, allow_none: bool = False):
    """Validate a ``bool`` (or ``None`` when allowed)."""
    if value is None and allow_none:
        return None
    if not isinstance(value, (bool, np.bool_)):
        allowed = "a bool or None" if allow_none else "a bool"
        raise TypeError(f"{name} must be {allowed}, got {type(value).__name__} {value!r}")
    return bool(value)


def _per_axis(value, name: str, n: int, check) -> tuple:
    """Validate a scalar or a tuple/list with one entry per spatial axis; return an ``n``-tuple."""
    if isinstance(value, (tuple, list)):
        if len(value) != n:
            raise ValueError(
                f"{name} must be a single value or a tuple of {n} (one per spatial dimension), "
                f"got {len(value)} values: {value!r}"
            )
        return tuple(check(v, f"{name}[{i}]") for i, v in enumerate(value))
    v = check(value, name)
    return (v,) * n


def _check_indices(x_out, name: str, upper: int):
    """Validate an int or integer array with ``0 <= x_out < upper``; return (ndarray, is_scalar)."""
    if isinstance(x_out, (bool, np.bool_)):
        raise TypeError(f"{name} must be an int or an array of ints, got bool")
    if isinstance(x_out, numbers.Integral):
        arr, scalar = np.asarray(int(x_out), dtype=np.int64), True
    else:
        if x_out is None or isinstance(x_out, (str, bytes)):
            raise TypeError(f"{name} must be an int or an array of ints, got {type(x_out).__name__}")
        try:
            arr = np.asarray(x_out)
        except Exception as exc:  # ragged lists and the like
            raise TypeError(f"{name} must be an int or an array of ints (could not convert: {exc})") from None
        if not np.issubdtype(arr.dtype, np.integer) or arr.dtype == bool:
            raise TypeError(f"{name} must be an int or an array of ints, got dtype {arr.dtype}")
        arr, scalar = arr.astype(np.int64), False
    if arr.size and (arr.min() < 0 or arr.max() >= upper):
        raise ValueError(
            f"{name} must satisfy 0 <= {name} < {upper}, got values in [{arr.min()}, {arr.max()}]"
        )
    return arr, scalar


# --------------------------------------------------------------------------------- 1-D building blocks


def source_coordinate(x_out, in_size, out_size, mode="half_pixel"):
    """The input coordinate that output index ``x_out`` reads, for ONNX ``Resize``'s transformations.

    A resize maps each output index ``x`` to a fractional coordinate in the input, then interpolates
    there. How that coordinate is computed is the ``coordinate_transformation_mode`` of ONNX
    ``Resize`` (pixel ``i`` is centred on coordinate ``i``):

    - ``"half_pixel"``: ``(x + 0.5) * in_size / out_size - 0.5``. PyTorch's linear modes with
      ``align_corners=False`` (when ``size`` is given), TensorFlow 2's ``tf.image.resize`` bilinear.
    - ``"pytorch_half_pixel"``: as ``"half_pixel"``, but ``0`` when ``out_size == 1``.
    - ``"align_corners"``: ``x * (in_size - 1) / (out_size - 1)``, ``0`` when ``out_size == 1``.
      ``align_corners=True`` in PyTorch and ``tf.compat.v1``.
    - ``"asymmetric"``: ``x * in_size / out_size``. Floored, PyTorch's ``"nearest"``.
    - ``"tf_half_pixel_for_nn"``: ``(x + 0.5) * in_size / out_size``. Floored, PyTorch's
      ``"nearest-exact"`` and TensorFlow 2's ``tf.image.resize`` nearest.

    Parameters
    ----------
    x_out : int or array_like of int
        Output index (or indices), each ``0 <= x_out < out_size``.
    in_size, out_size : int
        Input and output lengths along the axis, each >= 1.
    mode : str, default "half_pixel"
        One of the modes listed above.

    Returns
    -------
    x_in : float or ndarray of float64
        A float for an int ``x_out``, otherwise an array of ``x_out``'s shape. Not clipped: it may
        lie outside ``[0, in_size - 1]`` (for example ``-0.25`` for the first output of a 2x
        ``"half_pixel"`` upsampling); what happens there is the interpolation's border rule.

    Raises
    ------
    TypeError
        If ``x_out`` is not integer, or a size is not an int.
    ValueError
        If a size is < 1, an index is outside ``[0, out_size)``, or ``mode`` is unknown.

    Notes
    -----
    PyTorch itself does *not* special-case ``out_size == 1`` with ``align_corners=False``: it reads
    the ``"half_pixel"`` coordinate ``in_size / 2 - 0.5`` (the centre), not ``0``.

    Examples
    --------
    >>> source_coordinate(0, 4, 8, "half_pixel")
    -0.25
    >>> source_coordinate([0, 1, 2], 2, 3, "align_corners")
    array([0. , 0.5, 1. ])
    """
    in_size = check_int(in_size, "in_size", min_value=1)
    out_size = check_int(out_size, "out_size", min_value=1)
    mode = check_choice(mode, "mode", _COORDINATE_MODES)
    x, scalar = _check_indices(x_out, "x_out", out_size)
    x = x.astype(np.float64)
    if mode in ("half_pixel", "pytorch_half_pixel"):
        # multiply before dividing: exact whenever the true coordinate is a multiple of 0.5
        src = (x + 0.5) * in_size / out_size - 0.5
        if mode == "pytorch_half_pixel" and out_size == 1:
            src = np.zeros_like(x)
    elif mode == "align_corners":
        src = x * (in_size - 1) / (out_size - 1) if out_size > 1 else np.zeros_like(x)
    elif mode == "asymmetric":
        src = x * in_size / out_size
    else:  # tf_half_pixel_for_nn
        src = (x + 0.5) * in_size / out_size
    return float(src) if scalar else src


def linear_weights(x_src, in_size=None):
    """Split source coordinates into the two neighbours and the weight of the right one.

    Linear interpolation of a signal ``v`` at coordinate ``x_src`` is::

        v[left] * (1 - alpha) + v[right] * alpha

    With ``in_size`` given, the border rule of PyTorch (and TensorFlow) applies: the coordinate is
    clamped into ``[0, in_size - 1]``, so outside the signal the edge value is repeated.

    Parameters
    ----------
    x_src : float or array_like of float
        Source coordinate(s), in input pixel units (pixel ``i`` is centred on ``i``).
    in_size : int, optional
        Length of the signal. If omitted, no clamping: ``left = floor(x_src)``, ``right = left + 1``.

    Returns
    -------
    left, right : int or ndarray of int64
        Indices of the two neighbours (equal at the right border), shaped like ``x_src``.
    alpha : float or ndarray of float64
        Weight of ``right``, in ``[0, 1]`` (``1 - alpha`` is the weight of ``left``).

    Raises
    ------
    TypeError
        If ``x_src`` is not numeric, or ``in_size`` not an int.
    ValueError
        If ``x_src`` is empty or not finite, or ``in_size < 1``.

    Examples
    --------
    >>> linear_weights(1.25)
    (1, 2, 0.25)
    >>> linear_weights(-0.25, in_size=4)
    (0, 1, 0.0)
    """
    scalar = isinstance(x_src, numbers.Real) and not isinstance(x_src, (bool, np.bool_))
    x = np.asarray(as_float_array(x_src, "x_src"), dtype=np.float64)
    if not np.all(np.isfinite(x)):
        raise ValueError("x_src must be finite")
    if in_size is None:
        left = np.floor(x).astype(np.int64)
        right = left + 1
    else:
        in_size = check_int(in_size, "in_size", min_value=1)
        x = np.clip(x, 0, in_size - 1)
        left = np.floor(x).astype(np.int64)
        right = np.minimum(left + 1, in_size - 1)
    alpha = x - left
    if scalar:
        return int(left), int(right), float(alpha)
    return left, right, alpha


def cubic_kernel(x, a=_CUBIC_A):
    """Keys' cubic convolution kernel ``W(x)``, the weight bicubic interpolation gives at distance ``x``.

    ::

        W(x) = (a + 2)|x|^3 - (a + 3)|x|^2 + 1          for |x| <= 1
               a|x|^3 - 5a|x|^2 + 8a|x| - 4a             for 1 < |x| < 2
               0                                         otherwise

    ``W(0) = 1`` and ``W(±1) = W(±2) = 0``, so the interpolant passes through the samples. A point at
    fractional offset ``t`` past sample ``i`` takes the four weights
    ``W(1 + t), W(t), W(1 - t), W(2 - t)`` for samples ``i - 1 .. i + 2``; they sum to 1.

    Parameters
    ----------
    x : float or array_like
        Distance(s) from the sample.
    a : float, default -0.75
        Kernel parameter. PyTorch and TensorFlow use ``-0.75``; Keys' original and Pillow use ``-0.5``.

    Returns
    -------
    w : float or ndarray of float64
        Kernel values, shaped like ``x`` (a float for a scalar ``x``).

    Examples
    --------
    >>> cubic_kernel([0.0, 0.5, 1.0, 1.5, 2.0])
    array([ 1.     ,  0.59375,  0.     , -0.09375,  0.     ])
    """
    scalar = isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_))
    ax = np.abs(np.asarray(as_float_array(x, "x"), dtype=np.float64))
    a = _check_real(a, "a", positive=False)
    near = ((a + 2) * ax - (a + 3)) * ax * ax + 1
    far = ((a * ax - 5 * a) * ax + 8 * a) * ax - 4 * a
    w = np.where(ax <= 1, near, np.where(ax < 2, far, 0.0))
    return float(w) if scalar else w


def _nearest_indices(in_size, out_size, step, exact, rule):
    """Source index of each output for the nearest modes, rounded exactly as torch's CPU kernels do.

    ``rule`` names the kernel being reproduced:

    - ``"float32"`` / ``"float64"``: torch's generic kernel (1-D input, and 2-D input with a large
      output). The step and coordinate are computed in torch's "opmath" type (float32 for float32
      tensors, float64 for float64 ones), then floored with ``floorf``, i.e. after rounding to float32.
    - ``"legacy"``: the kernel torch uses for 2-D input when ``H_out + W_out <= 128``. It computes in
      float32 whatever the dtype, and ``"nearest"`` short-cuts two cases: ``out_size == in_size``
      copies and ``out_size == 2 * in_size`` takes ``i // 2``, even when a ``scale_factor`` such as
      1.1 or 2.1 says otherwise.

    Emulating the rounding matters: a coordinate that is mathematically an integer can land just
    below it.
    """
    i = np.arange(out_size, dtype=np.float64)
    if rule == "legacy":
        if not exact and out_size == in_size:
            return np.arange(out_size)
        if not exact and out_size == 2 * in_size:
            return np.arange(out_size) // 2
        ct = np.float32
    else:
        ct = np.float32 if rule == "float32" else np.float64
    s = ct(in_size) / ct(out_size) if step is None else ct(step)  # float32 division as in C++
    s = np.float64(s)
    if rule == "legacy":
        src = (s * (i + 0.5)) if exact else (s * i)  # the double product, floorf'ed below
    elif exact:
        src = (s * (i + 0.5) - 0.5).astype(ct)
        src = np.maximum(src, 0).astype(np.float64) + 0.5
    else:
        src = (s * i).astype(ct)
    idx = np.floor(src.astype(np.float32)).astype(np.int64)
    return np.clip(idx, 0, in_size - 1)


def interpolation_matrix(
    in_size,
    out_size,
    mode="linear",
    align_corners=False,
    scale=None,
    coordinate_mode=None,
):
    """The ``(out_size, in_size)`` matrix of 1-D interpolation: resizing ``v`` is ``M @ v``.

    Row ``i`` holds the weights with which output ``i`` mixes the inputs, exactly as
    ``torch.nn.functional.interpolate`` computes them:

    1. the coordinate step is ``scale`` (default ``in_size / out_size``), or
       ``(in_size - 1) / (out_size - 1)`` when ``align_corners`` (``0`` if ``out_size == 1``);
    2. output ``i`` reads source coordinate ``x = step * (i + 0.5) - 0.5`` (``step * i`` when
       ``align_corners``);
    3. ``"linear"`` clamps ``x`` into ``[0, in_size - 1]`` and mixes its two neighbours
       (:func:`linear_weights`); ``"cubic"`` mixes the four samples ``floor(x) - 1 .. floor(x) + 2``
       with :func:`cubic_kernel` weights (``a = -0.75``), indices clamped into the signal (so border
       samples are repeated); ``"nearest"`` takes sample ``floor(step * i)`` and ``"nearest-exact"``
       sample ``floor(step * (i + 0.5))``, both capped at ``in_size - 1``.

    Parameters
    ----------
    in_size, out_size : int
        Input and output lengths, each >= 1.
    mode : {"linear", "cubic", "nearest", "nearest-exact"}, default "linear"
        Interpolation kernel.
    align_corners : bool, default False
        Map the first and last samples of input and output onto each other. Only for ``"linear"`` and
        ``"cubic"``; must be False for the nearest modes (PyTorch forbids it there).
    scale : float, optional
        Coordinate step (input pixels per output pixel), > 0, overriding ``in_size / out_size``.
        ``interpolate(..., scale_factor=s)`` uses ``scale = 1 / s``, which differs from
        ``in_size / out_size`` whenever ``in_size * s`` is not an integer. Ignored when
        ``align_corners`` is True, as in PyTorch.
    coordinate_mode : str, optional
        ``"linear"`` and ``"cubic"`` only: take output ``i``'s source coordinate from
        :func:`source_coordinate` with this ONNX ``coordinate_transformation_mode`` (``"half_pixel"``,
        ``"pytorch_half_pixel"``, ``"align_corners"``, ``"asymmetric"``, ``"tf_half_pixel_for_nn"``)
        instead of PyTorch's two rules; then ``align_corners`` must be False and ``scale`` None.
        ``"asymmetric"`` is ``tf.compat.v1.image.resize_bilinear``'s default; ``"half_pixel"`` and
        ``"align_corners"`` give PyTorch's matrices (up to rounding).

    Returns
    -------
    M : ndarray of float64, shape (out_size, in_size)
        The interpolation matrix. Rows sum to 1; rows of the nearest modes are one-hot.

    Raises
    ------
    TypeError
        If a size is not an int, ``align_corners`` not a bool or ``scale`` not a real number.
    ValueError
        If a size is < 1, ``scale <= 0``, ``mode`` is unknown, or ``align_corners`` is True with a
        nearest mode.

    Notes
    -----
    Two torch details are reproduced. For ``"linear"`` with ``out_size == in_size`` the matrix is the
    identity whatever ``scale`` says (torch's linear kernels copy in that case; the cubic kernel does
    not). The nearest modes floor their coordinate after rounding it to float32, as torch's generic
    CPU kernel does for float32 tensors; that only matters when the coordinate is within rounding
    error of an integer. (For 4-D input with small outputs torch uses another nearest kernel, with
    short cuts; :func:`interpolate` reproduces it.)

    Examples
    --------
    >>> interpolation_matrix(2, 4, "linear")
    array([[1.  , 0.  ],
           [0.75, 0.25],
           [0.25, 0.75],
           [0.  , 1.  ]])
    >>> interpolation_matrix(3, 4, "nearest").argmax(axis=1)
    array([0, 0, 1, 2])
    """
    in_size = check_int(in_size, "in_size", min_value=1)
    out_size = check_int(out_size, "out_size", min_value=1)
    mode = check_choice(mode, "mode", _MATRIX_MODES)
    align_corners = _check_bool(align_corners, "align_corners")
    if scale is not None:
        scale = _check_real(scale, "scale")
    if align_corners and mode in _NEAREST_MODES:
        raise ValueError(f"align_corners must be False for mode {mode!r} (only linear and cubic use it)")
    if coordinate_mode is not None:
        coordinate_mode = check_choice(coordinate_mode, "coordinate_mode", _COORDINATE_MODES)
        if mode in _NEAREST_MODES:
            raise ValueError(f"coordinate_mode must be None for mode {mode!r} (only linear and cubic use it)")
        if align_corners or scale is not None:
            raise ValueError("give coordinate_mode alone: align_corners must be False and scale None with it")

    rows = np.arange(out_size)
    M = np.zeros((out_size, in_size), dtype=np.float64)
    if mode in _NEAREST_MODES:
        M[rows, _nearest_indices(in_size, out_size, scale, mode == "nearest-exact", "float32")] = 1.0
        return M
    if mode == "linear" and out_size == in_size and coordinate_mode is None:
        return np.eye(in_size)

    if coordinate_mode is not None:
        src = source_coordinate(rows, in_size, out_size, coordinate_mode)
    elif align_corners:
        step = (in_size - 1) / (out_size - 1) if out_size > 1 else 0.0
        src = step * rows
    else:
        step = in_size / out_size if scale is None else scale
        src = step * (rows + 0.5) - 0.5
    if mode == "linear":
        left, right, alpha = linear_weights(src, in_size)
        np.add.at(M, (rows, left), 1.0 - alpha)
        np.add.at(M, (rows, right), alpha)
    else:  # cubic
        base = np.minimum(np.floor(src), in_size - 1)
        t = np.clip(src - base, 0.0, 1.0)
        offsets = np.arange(-1, 3)
        weights = cubic_kernel(t[:, None] - offsets)  # W(1+t), W(t), W(1-t), W(2-t)
        cols = np.clip(base.astype(np.int64)[:, None] + offsets, 0, in_size - 1)
        np.add.at(M, (np.repeat(rows, 4), cols.ravel()), weights.ravel())
    return M


# ------------------------------------------------------------------------------------ interpolate


def interpolate(x, size=None, scale_factor=None, mode="nearest", align_corners=None, coordinate_mode=None):
    """Resize feature maps like ``torch.nn.functional.interpolate`` (no antialias).

    Give exactly one of ``size`` and ``scale_factor``. With ``scale_factor = s`` the output length is
    ``floor(in_size * s)`` and, as in PyTorch (``recompute_scale_factor`` left at its default), the
    source coordinates step by ``1 / s``, not by ``in_size / out_size``: ``in_size = 5, s = 1.5``
    gives 7 outputs spaced ``1 / 1.5`` input pixels apart, while ``size=7`` spaces them ``5 / 7``
    apart. Each spatial axis is resized with its :func:`interpolation_matrix` (separably).

    Parameters
    ----------
    x : array_like, shape (N, C, W) or (N, C, H, W)
        Input feature maps. Floating dtypes are kept; integers/bools become float64.
    size : int or tuple of int, optional
        Output spatial size, each >= 1; one int for every axis, or one entry per spatial axis
        (``(W_out,)`` or ``(H_out, W_out)``).
    scale_factor : float or tuple of float, optional
        Multiplier of the spatial size, each > 0 (one for every axis, or one per spatial axis). The
        resulting size must be at least 1.
    mode : {"nearest", "nearest-exact", "linear", "bilinear", "bicubic"}, default "nearest"
        ``"linear"`` needs 3-D input, ``"bilinear"`` and ``"bicubic"`` 4-D; the nearest modes take
        either. ``"nearest"`` reads input ``floor(i * step)`` (PyTorch's legacy rule, OpenCV's
        INTER_NEAREST); ``"nearest-exact"`` reads ``floor((i + 0.5) * step)`` (pixel centres, as
        Pillow, scikit-image and TensorFlow do).
    align_corners : bool, optional
        Linear modes only: if True the corner pixels of input and output are aligned (and
        ``scale_factor`` only fixes the output size). ``None`` means False. Must be ``None`` for the
        nearest modes.
    coordinate_mode : str, optional
        Linear modes only: resize with this ONNX ``coordinate_transformation_mode`` instead (see
        :func:`interpolation_matrix`; ``align_corners`` must then be None or False). The source
        coordinates then follow the ONNX formula with ``in_size / out_size``, also when
        ``scale_factor`` fixed the output size.

    Returns
    -------
    out : ndarray, shape (N, C, W_out) or (N, C, H_out, W_out), same dtype as ``x``
        The resized maps.

    Raises
    ------
    TypeError
        If ``x`` is not a numeric array, a size is not an int, a scale factor not a real number, or
        ``align_corners`` neither a bool nor None.
    ValueError
        If ``x`` is not 3-D or 4-D, ``mode`` is unknown or does not fit ``x.ndim``, ``align_corners``
        is set with a nearest mode, both or neither of ``size`` / ``scale_factor`` are given, a tuple
        has the wrong length, or a size / scale factor / resulting size is not positive.

    Notes
    -----
    ``"nearest"`` on 4-D input reproduces a torch quirk: when ``H_out + W_out <= 128`` torch uses a
    kernel that copies an axis whose output size equals its input size and takes ``i // 2`` on an axis
    whose output size is exactly twice the input size, whatever ``scale_factor`` says (so 3 pixels
    with ``scale_factor=2.1`` give ``[0, 0, 1, 1, 2, 2]`` on 4-D input but ``[0, 0, 0, 1, 1, 2]``
    on 3-D input). Index rounding follows torch's float32 arithmetic in every kernel.

    Linear and cubic modes are matrix products, so a NaN or infinity anywhere in a row of the input
    spreads along the whole output row (0 * inf is NaN); PyTorch only touches the neighbours.

    Examples
    --------
    >>> x = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    >>> interpolate(x, scale_factor=2, mode="nearest")[0, 0]
    array([[1., 1., 2., 2.],
           [1., 1., 2., 2.],
           [3., 3., 4., 4.],
           [3., 3., 4., 4.]])
    >>> interpolate(x, size=(2, 3), mode="bilinear", align_corners=True)[0, 0]
    array([[1. , 1.5, 2. ],
           [3. , 3.5, 4. ]])
    >>> interpolate(x, size=(2, 4), mode="bilinear", coordinate_mode="asymmetric")[0, 0]
    array([[1. , 1.5, 2. , 2. ],
           [3. , 3.5, 4. , 4. ]])
    """
    arr = as_float_array(x, "x", ndim=(3, 4))
    mode = check_choice(mode, "mode", tuple(_INTERPOLATE_MODES))
    ndims, mode_1d = _INTERPOLATE_MODES[mode]
    if arr.ndim not in ndims:
        need = " or ".join(f"{d}-D" for d in ndims)
        raise ValueError(f"mode {mode!r} needs {need} input x, got {arr.ndim}-D array of shape {arr.shape}")
    align_corners = _check_bool(align_corners, "align_corners", allow_none=True)
    if mode in _NEAREST_MODES:
        if align_corners is not None:
            raise ValueError(
                f"align_corners must be None for mode {mode!r}; it only applies to "
                "'linear', 'bilinear' and 'bicubic'"
            )
        align_corners = False
    elif align_corners is None:
        align_corners = False
    if coordinate_mode is not None and mode in _NEAREST_MODES:
        raise ValueError(f"coordinate_mode must be None for mode {mode!r}; it only applies to "
                         "'linear', 'bilinear' and 'bicubic'")
    if (size is None) == (scale_factor is None):
        which = "both" if size is not None else "neither"
        raise ValueError(f"give exactly one of size and scale_factor, got {which}")

    spatial = arr.shape[2:]
    n = len(spatial)
    if size is not None:
        out_sizes = _per_axis(size, "size", n, lambda v, name: check_int(v, name, min_value=1))
        steps = (None,) * n
    else:
        factors = _per_axis(scale_factor, "scale_factor", n, _check_real)
        out_sizes = tuple(math.floor(s * f) for s, f in zip(spatial, factors))
        for s, f, o in zip(spatial, factors, out_sizes):
            if o < 1:
                raise ValueError(
                    f"scale_factor {f} gives an empty output for input size {s} "
                    f"(floor({s} * {f}) = {o}); it must be at least 1 / {s}"
                )
        steps = tuple(1.0 / f for f in factors)

    out = arr
    if mode in _NEAREST_MODES:  # a gather per axis: exact, and inf/NaN stay where they are
        if arr.ndim == 4 and sum(out_sizes) <= 128:
            rule = "legacy"  # torch's 2-D kernel for small outputs
        else:
            rule = "float64" if arr.dtype == np.float64 else "float32"
        for axis, (s_in, s_out, step) in enumerate(zip(spatial, out_sizes, steps)):
            idx = _nearest_indices(s_in, s_out, step, mode == "nearest-exact", rule)
            out = np.take(out, idx, axis=2 + axis)
        return np.ascontiguousarray(out)
    for axis, (s_in, s_out, step) in enumerate(zip(spatial, out_sizes, steps)):
        if coordinate_mode is None:
            M = interpolation_matrix(s_in, s_out, mode_1d, align_corners, step)
        else:
            M = interpolation_matrix(s_in, s_out, mode_1d, align_corners, coordinate_mode=coordinate_mode)
        dim = 2 + axis
        if dim == arr.ndim - 1:  # last axis: (..., W) @ (W, W_out)
            out = out @ M.T.astype(arr.dtype)
        else:  # height axis: (H_out, H) @ (N, C, H, W)
            out = M.astype(arr.dtype) @ out
    return np.ascontiguousarray(out)


# ------------------------------------------------------------------- the pieces lessons 02-04 take apart


def nearest_repeat(x, factor: int = 2) -> np.ndarray:
    """Nearest-neighbour upsampling by an integer factor: every pixel repeated ``factor`` x ``factor`` times.

    The integer-factor case of ``interpolate(x, scale_factor=factor, mode="nearest")``, for any number of
    leading axes; equals ``torch.nn.Upsample(scale_factor=factor)`` and ``keras.layers.UpSampling2D(factor)``.

    Parameters
    ----------
    x : array_like, shape (..., H, W)
    factor : int or (int, int)
        Upsampling factor ``(rh, rw)``, each >= 1.

    Returns
    -------
    ndarray, shape (..., rh*H, rw*W), same dtype as ``x``

    Raises
    ------
    ValueError
        If ``x`` has fewer than 2 dimensions or a factor is < 1.

    Examples
    --------
    >>> nearest_repeat(np.array([[1.0, 2.0], [3.0, 4.0]]), 2)
    array([[1., 1., 2., 2.],
           [1., 1., 2., 2.],
           [3., 3., 4., 4.],
           [3., 3., 4., 4.]])
    """
    x = as_float_array(x, "x")
    if x.ndim < 2:
        raise ValueError(f"x must have at least 2 dimensions (..., H, W), got shape {x.shape}")
    rh, rw = check_pair(factor, "factor", 1)
    return np.repeat(np.repeat(x, rh, axis=-2), rw, axis=-1)


def nearest_mapping(in_size: int, out_size: int | None = None, scale: float | None = None,
                    mode: str = "nearest") -> dict:
    """Which input pixel each output pixel of a 1-D nearest resize copies, with PyTorch's rules.

    Give ``out_size`` (like ``size=``) or ``scale`` (like ``scale_factor=``, output length
    ``floor(in_size * scale)``). The source index of output pixel ``i`` is ``floor(p_i)`` (clipped to
    ``in_size - 1``) where the sampling position ``p_i`` in input-pixel units is

    - ``i * step`` for ``mode="nearest"``,
    - ``(i + 0.5) * step`` for ``mode="nearest-exact"``,

    and ``step`` is ``in_size / out_size`` when the size is given, ``1 / scale`` when the scale is
    given (PyTorch's default ``recompute_scale_factor=None``). The indices come from
    :func:`interpolation_matrix`.

    Parameters
    ----------
    in_size : int
        Input length, >= 1.
    out_size : int, optional
        Output length, >= 1. Exactly one of ``out_size`` and ``scale`` must be given.
    scale : float, optional
        Scale factor, > 0, with ``floor(in_size * scale) >= 1``.
    mode : {"nearest", "nearest-exact"}

    Returns
    -------
    dict
        ``"source"``: int array (out_size,), the source index of every output pixel;
        ``"position"``: float array (out_size,), the sampling positions ``p_i``;
        ``"step"``: float, output pixel width in input pixels; ``"out_size"``: int;
        ``"counts"``: int array (in_size,), how many output pixels copy each input pixel;
        ``"dropped"``: int array, input pixels that no output pixel reads.

    Examples
    --------
    >>> nearest_mapping(5, 3)["source"].tolist()
    [0, 1, 3]
    >>> nearest_mapping(5, 3, mode="nearest-exact")["source"].tolist()
    [0, 2, 4]
    """
    in_size = check_int(in_size, "in_size", min_value=1)
    mode = check_choice(mode, "mode", _NEAREST_MODES)
    if (out_size is None) == (scale is None):
        raise ValueError("give exactly one of out_size and scale")
    if out_size is not None:
        out_size = check_int(out_size, "out_size", min_value=1)
        step = in_size / out_size
        matrix = interpolation_matrix(in_size, out_size, mode=mode)
    else:
        if isinstance(scale, bool) or not isinstance(scale, (int, float, np.integer, np.floating)):
            raise TypeError(f"scale must be a number, got {type(scale).__name__}")
        scale = float(scale)
        if not scale > 0:
            raise ValueError(f"scale must be > 0, got {scale}")
        out_size = int(np.floor(in_size * scale))
        if out_size < 1:
            raise ValueError(f"scale must give an output of at least 1 pixel: floor({in_size} * {scale}) = 0")
        step = 1.0 / scale
        matrix = interpolation_matrix(in_size, out_size, mode=mode, scale=step)  # scale= is the step
    source = np.asarray(matrix).argmax(axis=1)
    offset = 0.0 if mode == "nearest" else 0.5
    position = (np.arange(out_size) + offset) * step
    counts = np.bincount(source, minlength=in_size)
    return {
        "source": source,
        "position": position,
        "step": step,
        "out_size": out_size,
        "counts": counts,
        "dropped": np.flatnonzero(counts == 0),
    }


def linear_query(signal, x: float, swap: bool = False) -> dict:
    """Linear interpolation of ``signal`` (samples at 0, 1, ..., n-1) at position ``x``, step by step.

    The PyTorch border rule applies: ``x`` is first clamped into ``[0, n - 1]``. Then
    ``x0 = floor(x)``, ``x1 = x0 + 1`` (``x0`` again at the right end), ``alpha = x - x0`` and

        value = (1 - alpha) * f[x0] + alpha * f[x1].

    Parameters
    ----------
    signal : array_like, shape (n,)
        The samples, at least one, all finite.
    x : float
        Query position in sample units (finite; may lie outside ``[0, n - 1]``).
    swap : bool, default False
        Compute the classic bug instead, ``alpha * f[x0] + (1 - alpha) * f[x1]`` (reported as
        ``"value"``; the right value stays in ``"correct"``).

    Returns
    -------
    dict
        ``"x"`` (the query), ``"x_clamped"``, ``"x0"``, ``"x1"`` (ints), ``"alpha"``, ``"weights"``
        (array ``[1 - alpha, alpha]``: the weights of ``f[x0]`` and ``f[x1]``), ``"f0"``, ``"f1"``,
        ``"value"``, ``"correct"``, ``"clamped"`` (bool: ``x`` was outside ``[0, n - 1]``) and
        ``"signal"`` (the samples as a float array).

    Examples
    --------
    >>> q = linear_query([10.0, 20.0, 40.0], 1.25)
    >>> q["x0"], q["x1"], q["alpha"], q["value"]
    (1, 2, 0.25, 25.0)
    >>> linear_query([10.0, 20.0, 40.0], -0.5)["value"]
    10.0
    """
    f = np.asarray(as_float_array(signal, "signal", ndim=1), dtype=np.float64)
    if f.size == 0 or not np.all(np.isfinite(f)):
        raise ValueError("signal must hold at least one value, all finite")
    if isinstance(x, bool) or not isinstance(x, (int, float, np.integer, np.floating)) or not np.isfinite(x):
        raise TypeError(f"x must be a finite real number, got {x!r}")
    x = float(x)
    x0, x1, alpha = linear_weights(x, in_size=f.size)
    correct = (1.0 - alpha) * f[x0] + alpha * f[x1]
    value = alpha * f[x0] + (1.0 - alpha) * f[x1] if swap else correct
    return {
        "x": x,
        "x_clamped": float(np.clip(x, 0, f.size - 1)),
        "x0": x0,
        "x1": x1,
        "alpha": alpha,
        "weights": np.array([1.0 - alpha, alpha]),
        "f0": float(f[x0]),
        "f1": float(f[x1]),
        "value": float(value),
        "correct": float(correct),
        "clamped": not 0 <= x <= f.size - 1,
        "signal": f,
    }


def four_neighbour_weights(a: float, b: float) -> np.ndarray:
    """The bilinear weights of the four neighbours of a point at fractional offsets ``(b, a)``.

    A point lies ``a`` of the way from the left column to the right one and ``b`` of the way from
    the top row to the bottom one (both in ``[0, 1]``). Its bilinear value is the weighted sum of
    its neighbours ``q00`` (top left), ``q01`` (top right), ``q10`` (bottom left) and ``q11``
    (bottom right) with these weights, laid out like the neighbours::

        [[(1 - a)(1 - b),  a (1 - b)],
         [(1 - a) b,       a b      ]]

    They are the outer product of the two 1-D weight pairs ``(1 - b, b)`` and ``(1 - a, a)``, are
    non-negative and sum to 1.

    Parameters
    ----------
    a, b : float
        Horizontal and vertical offsets, each in ``[0, 1]``.

    Returns
    -------
    ndarray of float64, shape (2, 2)

    Examples
    --------
    >>> four_neighbour_weights(0.25, 0.5)
    array([[0.375, 0.125],
           [0.375, 0.125]])
    """
    a, b = _check_unit(a, "a"), _check_unit(b, "b")
    return np.outer([1.0 - b, b], [1.0 - a, a])


def _check_unit(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number in [0, 1], got {type(value).__name__} {value!r}")
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be in [0, 1], got {value}")
    return value


def sampling_grid(in_size: int, out_size: int, mode: str = "half_pixel") -> dict:
    """Where a mode puts the output pixels on the input's continuous axis (pixel ``j`` centred on ``j``).

    Parameters
    ----------
    in_size, out_size : int
        Lengths, each >= 1.
    mode : str
        A coordinate mode of :func:`source_coordinate`.

    Returns
    -------
    dict
        ``"source"``: float array (out_size,), the coordinate each output pixel reads (its centre);
        ``"width"``: float, the spacing of those centres in input pixels (``in_size / out_size``, or
        ``(in_size - 1) / (out_size - 1)`` for ``"align_corners"``; ``in_size`` for a single output);
        ``"extent"``: ``(lo, hi)``, the span of the output pixels drawn ``width`` wide around their
        centres; ``"input_extent"``: ``(-0.5, in_size - 0.5)``;
        ``"clamped"``: bool array (out_size,), outputs whose coordinate lies outside
        ``[0, in_size - 1]`` and is clamped to the edge.

    Examples
    --------
    >>> g = sampling_grid(2, 4, "half_pixel")
    >>> g["source"].tolist(), g["extent"]
    ([-0.25, 0.25, 0.75, 1.25], (-0.5, 1.5))
    """
    in_size = check_int(in_size, "in_size", min_value=1)
    out_size = check_int(out_size, "out_size", min_value=1)
    mode = check_choice(mode, "mode", _COORDINATE_MODES)
    src = source_coordinate(np.arange(out_size), in_size, out_size, mode)
    if out_size == 1:
        width = float(in_size)
    elif mode == "align_corners":
        width = (in_size - 1) / (out_size - 1)
    else:
        width = in_size / out_size
    clamped = (src < 0) | (src > in_size - 1)
    return {
        "source": src,
        "width": width,
        "extent": (float(src[0] - width / 2), float(src[-1] + width / 2)),
        "input_extent": (-0.5, in_size - 0.5),
        "clamped": clamped,
    }


# ------------------------------------------------------------------- lesson 04: one rule per axis


def interpolate_linear_nd(x, size, align_corners=False, coordinate_mode=None):
    """Linear resizing along every spatial axis: PyTorch's ``"linear"``, ``"bilinear"``, ``"trilinear"``.

    The same 1-D rule, :func:`interpolation_matrix` with ``mode="linear"``, is applied to each axis
    after the first two, one axis at a time (the order does not matter: the per-axis matrices act on
    different axes). With 1, 2 or 3 spatial axes this is ``torch.nn.functional.interpolate(x, size,
    mode="linear" | "bilinear" | "trilinear", align_corners=align_corners)``; any larger number of
    axes works the same way.

    Parameters
    ----------
    x : array_like, shape (N, C, S1, ..., Sk), k >= 1
        Channels-first input. Floating dtypes are kept; integers/bools become float64.
    size : int or tuple of int
        Output spatial size, each >= 1: one int for every axis, or one per spatial axis.
    align_corners : bool, default False
        PyTorch's flag: False is ONNX ``"half_pixel"``, True is ``"align_corners"``.
    coordinate_mode : str, optional
        An ONNX coordinate mode of :func:`source_coordinate` used instead of ``align_corners`` (which
        must then be False).

    Returns
    -------
    out : ndarray, shape (N, C, *size), same dtype as ``x``

    Raises
    ------
    TypeError
        If ``x`` is not numeric, a size is not an int or ``align_corners`` is not a bool.
    ValueError
        If ``x`` has fewer than 3 dimensions, ``size`` has the wrong length or a size is < 1, or both
        ``align_corners=True`` and a ``coordinate_mode`` are given.

    Examples
    --------
    >>> interpolate_linear_nd(np.array([[[0.0, 2.0]]]), 4)[0, 0]
    array([0. , 0.5, 1.5, 2. ])
    >>> interpolate_linear_nd(np.arange(8.0).reshape(1, 1, 2, 2, 2), 3, align_corners=True)[0, 0, 1, 1]
    array([3. , 3.5, 4. ])
    """
    arr = as_float_array(x, "x")
    if arr.ndim < 3:
        raise ValueError(f"x must have shape (N, C, S1, ..., Sk) with at least one spatial axis, got {arr.shape}")
    align_corners = _check_bool(align_corners, "align_corners")
    if align_corners and coordinate_mode is not None:
        raise ValueError("give align_corners=True or a coordinate_mode, not both")
    spatial = arr.shape[2:]
    out_sizes = _per_axis(size, "size", len(spatial), lambda v, name: check_int(v, name, min_value=1))
    out = arr
    for axis, (s_in, s_out) in enumerate(zip(spatial, out_sizes)):
        if coordinate_mode is None:
            M = interpolation_matrix(s_in, s_out, "linear", align_corners)
        else:
            M = interpolation_matrix(s_in, s_out, "linear", coordinate_mode=coordinate_mode)
        out = np.moveaxis(np.tensordot(M.astype(arr.dtype), out, axes=([1], [2 + axis])), 0, 2 + axis)
    return np.ascontiguousarray(out)
