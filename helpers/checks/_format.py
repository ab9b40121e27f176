"""Short, deterministic text for values shown in check messages (independent of global print options)."""

from __future__ import annotations

import numpy as np

#: Arrays with at most this many elements are printed in full, on one line.
INLINE_SIZE = 36
#: Longest one-line rendering printed in full; longer ones are summarised.
INLINE_WIDTH = 96


def shape_text(shape) -> str:
    return "(" + ", ".join(str(int(n)) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def scalar(value) -> str:
    """A number without NumPy 2's ``np.float64(...)`` wrapper, floats to 4 significant decimals."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, float):
        if np.isnan(value) or np.isinf(value):
            return str(value)
        text = f"{value:.4f}".rstrip("0")
        return text + "0" if text.endswith(".") else text
    return repr(value)


def distinct(a, b) -> tuple[str, str]:
    """``scalar`` texts of two numbers, with as many significant digits as it takes to tell them apart.

    ``scalar`` rounds to 4 decimals, so 0.03181 and 0.031810002 would both read 0.0318: a message saying
    "expected 0.0318, got 0.0318" contradicts itself. Equal numbers keep the short form.
    """
    ta, tb = scalar(a), scalar(b)
    if ta != tb:
        return ta, tb
    try:
        fa, fb = float(np.asarray(a).item()), float(np.asarray(b).item())
    except (TypeError, ValueError):
        return ta, tb
    if fa == fb or not (np.isfinite(fa) and np.isfinite(fb)):
        return ta, tb
    for digits in range(5, 18):
        ta, tb = f"{fa:.{digits}g}", f"{fb:.{digits}g}"
        if ta != tb:
            break
    return ta, tb


def error(value: float) -> str:
    """An error size: 4 decimals when that shows it, else two significant digits (``3.7e-09``)."""
    value = float(value)
    if value == 0 or not np.isfinite(value) or value >= 1e-3:
        return scalar(value)
    return f"{value:.2g}"


def array_inline(arr: np.ndarray) -> str:
    """One line, e.g. ``[[0, 1], [2, 3]]``."""
    text = np.array2string(
        arr,
        separator=", ",
        precision=4,
        suppress_small=True,
        threshold=10**6,
        max_line_width=10**6,
        floatmode="maxprec",
    )
    return " ".join(text.split()).replace("[ ", "[")


def value(obj, *, describe_array: bool = True) -> str:
    """Compact text for any value a check may show: small arrays in full, large ones by shape."""
    if isinstance(obj, np.ndarray):
        if obj.dtype == object:
            return f"array of Python objects, shape {shape_text(obj.shape)}"
        if obj.ndim == 0:
            return scalar(obj.item())
        inline = array_inline(obj)
        if obj.size <= INLINE_SIZE and len(inline) <= INLINE_WIDTH:
            return f"{inline}  (shape {shape_text(obj.shape)}, {obj.dtype})" if describe_array else inline
        return f"array of shape {shape_text(obj.shape)}, {obj.dtype}"
    if isinstance(obj, (bool, int, float, complex, np.generic)) or obj is None:
        return scalar(obj)
    if isinstance(obj, tuple) and all(isinstance(v, (int, np.integer)) for v in obj):
        return shape_text(obj) if obj else "()"
    if isinstance(obj, (list, tuple)):
        inner = ", ".join(value(v, describe_array=False) for v in obj[:8])
        more = ", ..." if len(obj) > 8 else ""
        text = (
            f"[{inner}{more}]" if isinstance(obj, list) else f"({inner}{more}{',' if len(obj) == 1 else ''})"
        )
        return text if len(text) <= INLINE_WIDTH else f"{type(obj).__name__} of length {len(obj)}"
    if isinstance(obj, str):
        text = repr(obj)
        return text if len(text) <= INLINE_WIDTH else text[: INLINE_WIDTH - 4] + "...'"
    if isinstance(obj, type):
        return f"the type {obj.__name__}"
    if callable(obj):
        return f"the function {getattr(obj, '__name__', type(obj).__name__)}"
    shape = getattr(obj, "shape", None)
    if shape is not None:
        try:
            return f"{type(obj).__name__} of shape {shape_text(tuple(shape))}"
        except (TypeError, ValueError):
            pass
    text = repr(obj)
    if len(text) > INLINE_WIDTH or " at 0x" in text:  # no memory addresses: stored outputs must not vary
        return f"an object of type {type(obj).__name__}"
    return text


def one_line(text: str, limit: int = 200) -> str:
    """An exception message on one line, cut to ``limit`` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def brief(obj) -> str:
    """A short description for "expected X, got ..." messages: kind and size, not the contents."""
    if isinstance(obj, np.ndarray):
        return f"an array of shape {shape_text(obj.shape)} ({obj.dtype})"
    if callable(obj) and not isinstance(obj, type):
        return value(obj)
    if isinstance(obj, type):
        return f"the type {obj.__name__}"
    text = value(obj, describe_array=False)
    kind = type(obj).__name__
    return text if kind in text else f"{text} ({kind})"
