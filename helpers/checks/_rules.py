"""What every exercise's check must cover: the rule, and :func:`audit`, which tests it for one exercise.

A check is only as good as its cases. Tried as a learner would, the course's checks passed a scatter-add
for max-unpooling (no case had overlapping windows), a float formula for nearest indices (no size above
20), functions without the statement's defaults (every case passed every argument), 691200.4 as a number
of bytes, and failed a correct float32 loop. So every registered exercise follows these rules;
``tests/test_checks.py::test_every_exercise_follows_the_rules`` runs :func:`audit` on each of them.

Function exercises (``register_function``):

1. **defaults are exercised**: for each parameter of the reference that has a default, some case leaves
   it out (and the statement names the default).
2. **integer and float inputs both appear** (some case passes an integer array, another a float array)
   where the operation allows them.
3. **sizes go beyond the lesson's example**: some case has an array argument (or a reference output) of
   at least :data:`LARGE_ARRAY` elements, or an integer argument (or output) of at least :data:`LARGE_INT`.
4. **overlapping windows appear where the operation has them**: the registration says which cases have
   them (a predicate on a :class:`~helpers.checks.Case`), or why the operation has none.
5. **dtype is part of the answer where the statement names one**: a statement that names a dtype
   (``int64``, ``float32``, ...) goes with ``dtype="exact"`` and the reference returns that dtype.
6. **counts must be integers**: when the reference returns integers, a float answer fails
   (``dtype`` is not None).
7. **float tolerances fit the dtype**: when the reference returns floats, the same values computed in
   float32 (rounded, a few float32 ulps off) pass; :func:`~helpers.checks._compare.fitted_tolerances`
   widens the tolerances to the learner's dtype.

Value exercises (``register_value``):

6. **counts must be integers**: when the answer is an int (or a tuple of ints), a number with a fraction
   fails (691200.4 bytes); a whole float such as 691200.0 passes with a note.
8. **the statement names the precision of a numeric answer**: a float answer is registered with
   ``precision=`` (text such as "to 2 decimals") that appears in the statement, and ``atol``/``rtol``
   accept any answer written at that precision.

Where rule 1, 2 or 3 does not apply, the registration says why in ``covers={rule: "reason"}`` (e.g.
``covers={INT_AND_FLOAT: "the inputs are sizes, not arrays"}``); rule 4 always needs an entry. Multiple
choice exercises have no cases and are exempt.
"""

from __future__ import annotations

import inspect
import re

import numpy as np

from ._compare import compare

__all__ = [
    "DEFAULTS",
    "INT_AND_FLOAT",
    "LARGE",
    "OVERLAP",
    "RULES",
    "LARGE_ARRAY",
    "LARGE_INT",
    "DTYPE_WORDS",
    "audit",
]

DEFAULTS = "defaults"
INT_AND_FLOAT = "integer and float inputs"
LARGE = "larger sizes"
OVERLAP = "overlapping windows"
RULES = (DEFAULTS, INT_AND_FLOAT, LARGE, OVERLAP)
"""The keys of ``register_function(..., covers=...)``: a predicate on a Case, or a reason (str)."""

LARGE_ARRAY = 100
LARGE_INT = 100
DTYPE_WORDS = ("int8", "int16", "int32", "int64", "uint8", "float16", "float32", "float64", "bool_")
_DTYPE = re.compile(r"\b(" + "|".join(DTYPE_WORDS) + r")\b")


def _values(c):
    return [*c.args, *c.kwargs.values()]


def _arrays(c):
    out = []
    for v in _values(c):
        if isinstance(v, np.ndarray):
            out.append(v)
        elif isinstance(v, (list, tuple)):
            out += [a for a in v if isinstance(a, np.ndarray)]
    return out


def _ints(c):
    found = []
    for v in _values(c):
        items = v if isinstance(v, (list, tuple)) else [v]
        for x in items:
            if isinstance(x, (list, tuple)):
                found += [y for y in x if isinstance(y, (int, np.integer)) and not isinstance(y, bool)]
            elif isinstance(x, (int, np.integer)) and not isinstance(x, bool):
                found.append(x)
    return found


def _is_large(c, output=None) -> bool:
    """An argument or the reference's output with >= LARGE_ARRAY elements or an int >= LARGE_INT."""
    from ._registry import Case

    both = [c] if output is None else [c, Case((output,), {})]
    return any(
        any(a.size >= LARGE_ARRAY for a in _arrays(x)) or any(abs(int(v)) >= LARGE_INT for v in _ints(x))
        for x in both
    )


def _covered(exercise, rule, cases, automatic) -> list[str]:
    given = exercise.covers.get(rule)
    if isinstance(given, str):
        return [] if given.strip() else [f"{rule}: the reason must not be empty"]
    test = given if callable(given) else automatic
    if test is None:
        return [f"{rule}: say which cases have them (a predicate) or why the operation has none (a reason)"]
    return [] if any(test(c) for c in cases) else [f"{rule}: no case has them"]


def _function_problems(exercise, statement: str | None) -> list[str]:
    problems = []
    cases = exercise.all_cases()
    unknown = set(exercise.covers) - set(RULES)
    if unknown:
        problems.append(f"covers has unknown rules {sorted(unknown)}; the rules are {list(RULES)}")

    # 1. defaults
    try:
        params = inspect.signature(exercise.reference).parameters
    except (TypeError, ValueError):
        params = {}
    names = list(params)
    defaulted = [n for n, p in params.items() if p.default is not inspect.Parameter.empty]
    if isinstance(exercise.covers.get(DEFAULTS), str):
        pass
    else:
        for name in defaulted:
            position = names.index(name)
            if not any(len(c.args) <= position and name not in c.kwargs for c in cases):
                problems.append(f"{DEFAULTS}: no case leaves out {name!r}, so its default is never used")
            written = f"{name}={params[name].default!r}"
            if statement is not None and written not in statement.replace(" = ", "="):
                problems.append(f"{DEFAULTS}: the statement does not give the default {written}")

    # 2. integer and float inputs
    def both_kinds_somewhere(_c):
        kinds = {a.dtype.kind for c in cases for a in _arrays(c)}
        return bool(kinds & set("iu")) and "f" in kinds

    problems += _covered(exercise, INT_AND_FLOAT, cases, both_kinds_somewhere)
    # 3. sizes
    problems += _covered(exercise, LARGE, cases, lambda c: _is_large(c, c.call(exercise.reference)))
    # 4. overlapping windows: no automatic test
    problems += _covered(exercise, OVERLAP, cases, None)

    expected = cases[0].call(exercise.reference)
    out = np.asarray(expected) if not isinstance(expected, (list, tuple)) else None
    # 5. dtype named in the statement
    if statement is not None:
        named = set(_DTYPE.findall(statement))
        if named and exercise.dtype != "exact":
            problems.append(f"the statement names {sorted(named)}: register with dtype='exact'")
        if exercise.dtype == "exact":
            if out is None or out.dtype.name not in named:
                problems.append("dtype='exact' but the statement does not name the reference's dtype")
    # 6. counts are integers
    if out is not None and out.dtype.kind in "iu":
        as_float = out.astype(np.float64) if out.ndim else float(out)
        if compare(expected, as_float, rtol=exercise.rtol, atol=exercise.atol, dtype=exercise.dtype,
                   function=True, reveal=True).ok:
            problems.append("the reference returns integers but a float answer passes (dtype=None?)")
    # 7. float32 tolerance
    for c in cases:
        ref = c.call(exercise.reference)
        if isinstance(ref, (np.ndarray, float, np.floating)) and np.asarray(ref).dtype.kind == "f":
            arr = np.asarray(ref, dtype=np.float64)
            scale = float(np.abs(arr).max()) if arr.size else 1.0
            noisy = (arr + 4 * np.finfo(np.float32).eps * scale * np.cos(np.arange(arr.size)).reshape(
                arr.shape)).astype(np.float32)
            got = noisy if isinstance(ref, np.ndarray) else np.float32(noisy)
            if not compare(ref, got, rtol=exercise.rtol, atol=exercise.atol, dtype=exercise.dtype,
                           function=True, reveal=True).ok:
                problems.append("a float32 answer a few ulps off fails: the tolerance does not fit float32")
                break
    return problems


def _value_problems(exercise, statement: str | None) -> list[str]:
    problems = []
    expected = exercise.expected_value()
    check = exercise.run
    integral = isinstance(expected, (int, np.integer)) and not isinstance(expected, bool)
    if integral and check(float(expected) + 0.4).passed:
        problems.append("the answer is a count (int) but a number with a fraction passes")
    floats = isinstance(expected, (float, np.floating)) or (
        isinstance(expected, tuple) and any(isinstance(v, (float, np.floating)) for v in expected)
    )
    if floats:
        if not exercise.precision:
            problems.append("a float answer needs precision= (e.g. 'to 2 decimals'), written in the statement")
        elif statement is not None and " ".join(exercise.precision.split()) not in " ".join(statement.split()):
            problems.append(f"the statement does not name the precision {exercise.precision!r}")
    return problems


def audit(exercise, statement: str | None = None) -> list[str]:
    """What ``exercise`` breaks of the rules above, as short sentences (empty: it follows them).

    ``statement`` is the exercise's text in its solutions notebook (its "## Exercise N" section), for the
    rules about what the statement names; None skips those.
    """
    if exercise.kind == "function":
        return _function_problems(exercise, statement)
    if exercise.kind == "value":
        return _value_problems(exercise, statement)
    return []
