"""Argument validation shared by every public helper.

Each function raises ``TypeError`` (wrong kind of value) or ``ValueError`` (right kind, value out of
range) with a message that names the offending parameter and says what is allowed. Public helpers call
these first, so that bad input never surfaces as a bare ``IndexError``, ``ZeroDivisionError`` or a
NumPy broadcasting error from deep inside the computation.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "as_float_array",
    "check_int",
    "check_pair",
    "check_choice",
]


def as_float_array(x, name: str, ndim=None) -> np.ndarray:
    """Return ``x`` as a floating-point NumPy array, validating its number of dimensions.

    Floating arrays keep their dtype (float16/32/64); integer and boolean input is converted to
    float64. Nested lists are accepted.

    Parameters
    ----------
    x : array_like
        The value to check.
    name : str
        Parameter name used in error messages.
    ndim : int or tuple of int, optional
        Allowed numbers of dimensions.

    Raises
    ------
    TypeError
        If ``x`` is None, a string, or not numeric.
    ValueError
        If ``x`` has a disallowed number of dimensions or contains no elements.
    """
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be a numeric array, got {type(x).__name__}")
    try:
        arr = np.asarray(x)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{name} must be a numeric array (could not convert: {exc})") from None
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{name} must be a numeric array, got dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must be real-valued, got dtype {arr.dtype}")
    if not np.issubdtype(arr.dtype, np.floating):
        arr = arr.astype(np.float64)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            shapes = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be {shapes}, got {arr.ndim}-D array of shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    return arr


def check_int(value, name: str, min_value: int | None = None, max_value: int | None = None) -> int:
    """Validate a single integer parameter and return it as ``int``.

    ``bool`` is rejected (``True`` is not a stride); NumPy integers are accepted.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    value = int(value)
    if min_value is not None and value < min_value:
        raise ValueError(f"{name} must be >= {min_value}, got {value}")
    if max_value is not None and value > max_value:
        raise ValueError(f"{name} must be <= {max_value}, got {value}")
    return value


def check_pair(value, name: str, min_value: int | None = None) -> tuple[int, int]:
    """Validate an int or an (h, w) pair of ints; return the pair."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or a pair (h, w), got {len(value)} values: {value!r}")
        return (
            check_int(value[0], f"{name}[0]", min_value),
            check_int(value[1], f"{name}[1]", min_value),
        )
    v = check_int(value, name, min_value)
    return (v, v)


def check_choice(value, name: str, choices) -> str:
    """Validate that ``value`` is one of ``choices``."""
    if value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {options}; got {value!r}")
    return value
