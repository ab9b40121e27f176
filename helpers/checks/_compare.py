"""Compare a learner's output with the expected one and say, in words, what differs.

:func:`compare` never raises on the learner's side: whatever ``got`` is (None, a list, a tensor, a
string, an array of the wrong shape or dtype, NaN), it returns an :class:`Outcome` whose ``problem`` is
None when the two agree, or one short sentence saying what is wrong.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np

from . import _format as fmt

__all__ = ["Outcome", "compare", "is_shape", "fitted_tolerances", "ULPS"]

#: Float outputs in a narrower dtype than float64 (float32, float16) are compared with tolerances of
#: this many units of their own precision, relative to the values and to the largest expected value:
#: a correct loop that adds in float32 is off by a few float32 ulps, far from any real mistake.
ULPS = 32


@dataclass
class Outcome:
    problem: str | None = None
    """None when ``got`` matches; otherwise one sentence (no trailing period needed)."""
    details: list[str] = field(default_factory=list)
    """Extra lines for a failure (first differing element, largest error)."""
    notes: list[str] = field(default_factory=list)
    """Remarks that do not make the answer wrong (a list converted to an array, 12.0 for 12)."""

    @property
    def ok(self) -> bool:
        return self.problem is None


def _is_int(v) -> bool:
    return isinstance(v, (numbers.Integral, np.integer)) and not isinstance(v, (bool, np.bool_))


def _is_number(v) -> bool:
    return isinstance(v, (numbers.Number, np.number, np.bool_))


def is_shape(v) -> bool:
    """A tuple of ints, as a shape or a size: compared as a sequence of numbers."""
    return isinstance(v, tuple) and all(_is_int(x) for x in v)


def _kind(dtype: np.dtype) -> str:
    return {"b": "bool", "i": "integer", "u": "integer", "f": "floating-point", "c": "complex"}.get(
        dtype.kind, "non-numeric"
    )


def _index(idx) -> str:
    return "[" + ", ".join(str(int(i)) for i in idx) + "]"


def _none_problem(function: bool) -> str:
    if function:
        return "got None: did you forget to `return` the result?"
    return "got None"


def fitted_tolerances(rtol: float, atol: float, dtypes, scale: float) -> tuple[float, float]:
    """``(rtol, atol)`` widened to the precision of the narrowest floating dtype in ``dtypes``.

    ``scale`` is the largest magnitude among the expected values: rounding errors of a float32 sum are
    relative to the terms, not to a result that cancels to almost 0, so ``atol`` grows with it.
    """
    eps = max(
        (float(np.finfo(d).eps) for d in dtypes if d is not None and np.dtype(d).kind in "fc"), default=0.0
    )
    if eps <= float(np.finfo(np.float64).eps):
        return rtol, atol
    scale = float(scale) if np.isfinite(scale) else 1.0
    return max(rtol, ULPS * eps), max(atol, ULPS * eps * max(scale, 1e-30))


def _tensor_to_array(got):
    """torch / TensorFlow tensors (anything with .numpy()) to NumPy, or None if ``got`` is not one."""
    try:
        if hasattr(got, "detach") and hasattr(got, "cpu"):
            return np.asarray(got.detach().cpu().numpy())
        if hasattr(got, "numpy") and callable(got.numpy) and hasattr(got, "shape"):
            return np.asarray(got.numpy())
    except Exception:
        return None
    return None


def compare(
    expected, got, *, rtol: float, atol: float, dtype: str | None, function: bool, reveal: bool
) -> Outcome:
    """Compare ``got`` (learner) with ``expected`` (reference).

    Parameters
    ----------
    dtype : {"kind", "exact", None}
        "kind": integer vs floating-point vs bool must agree (float32 vs float64 does not matter);
        "exact": the dtypes must be equal; None: only values count.
    function : bool
        True when ``got`` was returned by the learner's function (phrases "did you forget return").
    reveal : bool
        Whether details may show expected values (False for predict-a-value exercises).
    """
    out = Outcome()
    try:
        _compare(expected, got, out, rtol=rtol, atol=atol, dtype=dtype, function=function, reveal=reveal)
    except Exception as exc:  # a comparison that itself fails is a failed answer, never a crash
        out.problem = (
            f"could not compare it with the expected value ({type(exc).__name__}: {fmt.one_line(exc)})"
        )
    return out


def _compare(expected, got, out: Outcome, **kw) -> None:
    if got is None and expected is not None:
        out.problem = _none_problem(kw["function"])
    elif isinstance(expected, np.ndarray):
        _compare_array(expected, got, out, **kw)
    elif is_shape(expected):
        _compare_shape(expected, got, out, **kw)
    elif isinstance(expected, (tuple, list)):
        _compare_sequence(expected, got, out, **kw)
    elif _is_number(expected):
        _compare_number(expected, got, out, **kw)
    elif isinstance(expected, str):
        if not isinstance(got, str):
            out.problem = f"got {fmt.brief(got)}, expected a string"
        elif got != expected:
            out.problem = "wrong text" if kw["reveal"] else "not the expected text"
    elif expected is None:
        if got is not None:
            out.problem = f"got {fmt.value(got)}, expected None"
    elif not bool(got == expected):
        out.problem = "not equal to the expected value"


def _as_array(got, expected: np.ndarray, out: Outcome, function: bool, reveal: bool = True):
    if isinstance(got, np.ndarray):
        return got
    shape = fmt.shape_text(expected.shape) if reveal else "the right shape"
    if isinstance(got, (list, tuple)):
        try:
            arr = np.asarray(got)
        except Exception:
            arr = None
        if arr is None or arr.dtype == object:
            out.problem = f"got a {type(got).__name__} that NumPy cannot turn into one array (ragged?)"
            return None
        what = "your function returned" if function else "your answer is"
        out.notes.append(
            f"{what} a {type(got).__name__}, not a NumPy array; it was converted with np.asarray to "
            "compare (np.asarray(...) or np.array(...) makes an array)"
        )
        return arr
    arr = _tensor_to_array(got)
    if arr is not None:
        out.notes.append(
            f"got a {type(got).__name__}, not a NumPy array; it was converted with .numpy() to compare"
        )
        return arr
    if _is_number(got):
        out.problem = f"got a single number ({fmt.scalar(got)}), expected an array of shape {shape}"
        return None
    if isinstance(got, str) or callable(got) or not hasattr(got, "__array__"):
        out.problem = f"got {fmt.brief(got)}, expected a NumPy array of shape {shape}"
        return None
    return np.asarray(got)


def _compare_array(expected: np.ndarray, got, out: Outcome, *, rtol, atol, dtype, function, reveal) -> None:
    arr = _as_array(got, expected, out, function, reveal)
    if arr is None:
        return
    if arr.dtype == object or _kind(arr.dtype) == "non-numeric":
        out.problem = f"got an array of dtype {arr.dtype}, expected numbers"
        return
    if arr.shape != expected.shape:
        if reveal:
            out.problem = (
                f"wrong shape: expected {fmt.shape_text(expected.shape)}, got {fmt.shape_text(arr.shape)}"
            )
        else:
            out.problem = f"wrong shape {fmt.shape_text(arr.shape)}"
        return
    ek, gk = _kind(expected.dtype), _kind(arr.dtype)
    if dtype == "kind" and ek != gk:
        out.problem = f"wrong dtype: expected {ek} values ({expected.dtype}), got {gk} values ({arr.dtype})"
        if ek == "integer" and gk == "floating-point":
            out.problem += "; np.zeros and np.empty make floats unless you pass dtype=x.dtype"
        return
    if dtype == "exact" and arr.dtype != expected.dtype:
        out.problem = f"wrong dtype: expected {expected.dtype}, got {arr.dtype}"
        return
    if arr.size == 0:
        return
    if gk in ("floating-point", "complex"):
        exp_float = expected.astype(np.complex128 if "complex" in (ek, gk) else np.float64)
        for test, word in ((np.isnan, "NaN"), (np.isinf, "inf")):
            bad = test(arr) & ~test(exp_float)
            if bad.any():
                first = np.argwhere(bad)[0]
                out.problem = (
                    f"got {word} at {int(bad.sum())} of {arr.size} elements (first at index {_index(first)})"
                    + (", e.g. from 0/0 or an np.empty array left unfilled" if word == "NaN" else "")
                )
                return
    if ek in ("bool", "integer") and gk in ("bool", "integer"):
        wrong = np.asarray(arr != expected)
        err = None
    else:
        kind = np.complex128 if "complex" in (ek, gk) else np.float64
        a, e = arr.astype(kind), expected.astype(kind)
        finite_e = np.abs(e[np.isfinite(e)])
        rtol, atol = fitted_tolerances(
            rtol, atol, (arr.dtype, expected.dtype), float(finite_e.max()) if finite_e.size else 1.0
        )
        wrong = ~np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=True)
        with np.errstate(all="ignore"):
            diff = np.abs(a - e)
        finite = diff[np.isfinite(diff)]
        err = float(finite.max()) if finite.size else None
    if wrong.any():
        out.problem = f"wrong values at {int(wrong.sum())} of {arr.size} elements"
        first = tuple(np.argwhere(wrong)[0])
        line = f"first difference at index {_index(first)}: "
        shown_e, shown_g = fmt.distinct(expected[first], arr[first])
        if reveal:
            line += f"expected {shown_e}, got {shown_g}"
        else:
            line += f"got {fmt.scalar(arr[first])}"
        if err is not None and reveal:
            line += f"; largest absolute error {fmt.error(err)}"
        out.details.append(line)


def _compare_shape(expected: tuple, got, out: Outcome, *, dtype, function, reveal, **_) -> None:
    if hasattr(got, "as_list") and callable(got.as_list):  # tf.TensorShape
        try:
            got = tuple(got.as_list())
        except Exception:
            pass
    got = _vector_to_tuple(got)
    wanted = f"a tuple of {len(expected)} numbers" if reveal else "a tuple of numbers"
    if _is_number(got):
        out.problem = f"got a single number ({fmt.scalar(got)}), expected {wanted}"
        return
    if not isinstance(got, (tuple, list)):
        out.problem = f"got {fmt.brief(got)}, expected {wanted}"
        return
    if isinstance(got, list):
        out.notes.append(
            f"got a list; {'a shape is' if not function else 'the reference returns'} a tuple, "
            "but only the numbers count here"
        )
    items = list(got)
    if len(items) != len(expected):
        if reveal:
            out.problem = f"expected {len(expected)} numbers, got {len(items)}"
        else:  # the length may be the answer (e.g. "list the kernel sizes that ...")
            out.problem = f"got {len(items)} number{'s' if len(items) != 1 else ''}: not the right count"
        return
    if not all(_is_number(v) and not isinstance(v, (bool, np.bool_)) for v in items):
        out.problem = f"got {fmt.value(got)}: every entry must be a number"
        return
    floats = [v for v in items if not _is_int(v)]
    if floats:
        whole = all(isinstance(v, (numbers.Real, np.floating)) and float(v).is_integer() for v in floats)
        if dtype == "kind" or not whole:
            out.problem = f"got {fmt.value(got)}: entries must be whole numbers (ints)"
            return
        out.notes.append(f"{fmt.value(got)} holds floats; sizes are integers, but the values count")
    wrong = [i for i, (g, e) in enumerate(zip(items, expected)) if g != e]
    if wrong:
        where = ", ".join(str(i) for i in wrong)
        plural = len(wrong) > 1
        out.problem = (
            f"wrong entr{'ies' if plural else 'y'} at position{'s' if plural else ''} {where} (from 0)"
        )


def _vector_to_tuple(got):
    """A 1-D NumPy array or tensor (torch, TensorFlow) as a tuple of Python numbers; else ``got``."""
    arr = got if isinstance(got, np.ndarray) else _tensor_to_array(got)
    if isinstance(arr, np.ndarray) and arr.ndim == 1 and arr.dtype.kind in "biuf":
        return tuple(arr.tolist())
    return got


def _compare_sequence(expected, got, out: Outcome, **kw) -> None:
    kind = type(expected).__name__
    got = _vector_to_tuple(got)
    size = f" of {len(expected)} items" if kw["reveal"] else ""
    if not isinstance(got, (tuple, list)):
        out.problem = f"got {fmt.brief(got)}, expected a {kind}{size}"
        return
    if len(got) != len(expected):
        if kw["reveal"]:
            out.problem = f"expected a {kind} of {len(expected)} items, got {len(got)}"
        else:
            out.problem = f"got {len(got)} items: not the right count"
        return
    for i, (e, g) in enumerate(zip(expected, got)):
        inner = Outcome()
        _compare(e, g, inner, **kw)
        out.notes += [f"item {i}: {n}" for n in inner.notes]
        if inner.problem:
            out.problem = f"item {i}: {inner.problem}"
            out.details = inner.details
            return


def _compare_number(expected, got, out: Outcome, *, rtol, atol, dtype, function, reveal) -> None:
    if not isinstance(got, np.ndarray) and not _is_number(got):
        arr = _tensor_to_array(got)  # tf.constant(20.0) has .numpy() but no .item()
        if arr is not None:
            got = arr
    if isinstance(got, np.ndarray) or (
        hasattr(got, "item") and hasattr(got, "shape") and not _is_number(got)
    ):
        shape = tuple(getattr(got, "shape", ()))
        if shape != ():
            out.problem = f"got an array of shape {fmt.shape_text(shape)}, expected a single number"
            return
        got = got.item()
    if isinstance(got, str):
        out.problem = f"got the string {fmt.value(got)}, expected a number (drop the quotes)"
        return
    if not _is_number(got):
        out.problem = f"got {fmt.brief(got)}, expected a number"
        return
    e_bool = isinstance(expected, (bool, np.bool_))
    g_bool = isinstance(got, (bool, np.bool_))
    if e_bool != g_bool:
        wanted = "True or False" if e_bool else "a number"
        out.problem = f"got {fmt.scalar(got)} ({type(got).__name__}), expected {wanted}"
        return
    if isinstance(got, (complex, np.complexfloating)) and not isinstance(
        expected, (complex, np.complexfloating)
    ):
        out.problem = f"got a complex number ({got}), expected a real one"
        return
    if (
        not isinstance(got, (complex, np.complexfloating))
        and np.isnan(float(got))
        and not (not isinstance(expected, (complex, np.complexfloating)) and np.isnan(float(expected)))
    ):
        out.problem = "got NaN (not a number), e.g. from 0/0"
        return
    if _is_int(expected) and not _is_int(got) and not g_bool:
        whole = isinstance(got, (numbers.Real, np.floating)) and bool(np.isfinite(float(got))) and float(
            got
        ).is_integer()
        if not whole:  # a count, a size, an index: no tolerance makes 691200.4 a number of bytes
            out.problem = f"got {fmt.scalar(got)}, but the answer is a whole number (an int): a count has no fraction"
            return
        if dtype == "kind":
            out.problem = f"got a float ({fmt.scalar(got)}), expected an int"
            return
        out.notes.append(f"{fmt.scalar(got)} is a float; the answer is a whole number, but the value counts")
    if _is_int(expected) and _is_int(got):
        same = int(expected) == int(got)
    elif _is_int(expected):
        same = float(got) == int(expected)
    else:
        rtol, atol = fitted_tolerances(rtol, atol, (getattr(got, "dtype", None),), abs(complex(expected)))
        same = bool(np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True))
    if not same:
        out.problem = "wrong value" if reveal else "not the expected value"
