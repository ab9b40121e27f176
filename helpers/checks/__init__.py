"""Self-checking exercises: ``check(name, answer)`` after each exercise, ``progress(lesson)`` at the end.

Learners::

    from helpers.checks import check, progress
    check("upsample_nearest", upsample_nearest)   # a function exercise: pass the function itself
    check("upsampled_shape", answer)               # a value exercise: pass the value
    check("nearest_parameters", choice)            # a multiple-choice exercise: pass the letter
    progress("00")                                 # which of lesson 00's exercises passed so far

``check`` prints one verdict line (plus a few lines of detail when the answer is wrong) and returns a
:class:`CheckResult`, truthy when passed, whose notebook display is empty so the verdict is never shown
twice. It never raises because of the answer: None, lists, tensors, wrong shapes or dtypes, NaN, an
exception inside the learner's code, a function where a value is expected (and the reverse) all give a
message. A misspelt exercise name prints a failure naming the closest registered names (no traceback);
``get_exercise`` raises :class:`UnknownExercise` (a ``ValueError``) for it.

What every check must cover (defaults, integer and float inputs, sizes, overlapping windows, dtypes,
integer counts, float tolerances, stated precision) is the rule in :mod:`helpers.checks._rules`.

Lesson authors register exercises in ``helpers/exercises/lNN_topic.py`` with :func:`register_function`,
:func:`register_value` and :func:`register_choice` (see ``helpers/exercises/README.md``). Those modules
are discovered and imported on the first ``check``/``progress`` call; nobody edits a shared list.

Only NumPy and the standard library are imported here.
"""

from __future__ import annotations

from . import _registry
from ._registry import (
    Case,
    ChoiceExercise,
    Exercise,
    ExplainExercise,
    FunctionExercise,
    UnknownExercise,
    ValueExercise,
    case,
    exercises,
    get_exercise,
    load_exercises,
    register_choice,
    register_explain,
    register_function,
    register_value,
)
from ._result import FAILED, NOT_ATTEMPTED, PASSED, STATUSES, CheckResult, ProgressReport
from ._rules import DEFAULTS, INT_AND_FLOAT, LARGE, OVERLAP, RULES, audit

__all__ = [
    "check",
    "progress",
    "question",
    "results",
    "reset",
    "register_function",
    "register_value",
    "register_choice",
    "register_explain",
    "case",
    "Case",
    "CheckResult",
    "ProgressReport",
    "Exercise",
    "FunctionExercise",
    "ValueExercise",
    "ChoiceExercise",
    "ExplainExercise",
    "UnknownExercise",
    "exercises",
    "get_exercise",
    "load_exercises",
    "PASSED",
    "FAILED",
    "NOT_ATTEMPTED",
    "STATUSES",
    "DEFAULTS",
    "INT_AND_FLOAT",
    "LARGE",
    "OVERLAP",
    "RULES",
    "audit",
]

NOT_CHECKED = "not checked yet"
_MISSING = object()
_SESSION: dict[str, CheckResult] = {}


def check(name: str, answer=_MISSING, *, verbose: bool = True) -> CheckResult:
    """Check ``answer`` to exercise ``name``, print the verdict and return a :class:`CheckResult`.

    Parameters
    ----------
    name : str
        The exercise's name, as written in the exercise notebook's check cell.
    answer : function, value or letter
        For a function exercise, the function itself (not a call of it); for a value exercise, the
        value; for a multiple-choice exercise, the letter. ``...`` (the stub) means "not attempted".
    verbose : bool, default True
        Print the verdict. The result's ``message`` holds the same text.

    Returns
    -------
    CheckResult
        Truthy when passed; ``status`` is "passed", "failed" or "not attempted". Its notebook display
        is empty (the verdict was printed); ``repr`` is one line such as
        ``<CheckResult upsample_nearest: passed>``.

    An unknown ``name`` (a typo) gives a failed result whose message suggests the closest names.
    """
    try:
        exercise = get_exercise(name)
    except (UnknownExercise, TypeError) as exc:
        result = CheckResult(
            str(name), FAILED, message=f"❌ {exc}", problem="unknown exercise name", total=1, failed_case=1
        )
        if verbose:
            print(result.message)
        return result
    if answer is _MISSING:
        result = exercise._result(
            FAILED,
            f"failed: no answer given; pass it as the second argument: check({name!r}, your_answer).",
            problem="no answer given",
        )
    else:
        result = exercise.run(answer)
    _SESSION[exercise.name] = result
    if verbose:
        print(result.message)
    return result


def question(name: str) -> None:
    """Print exercise ``name``'s question (multiple choice: with its lettered options; explain: with
    how it is checked), kept in one place, the registry."""
    import textwrap

    exercise = get_exercise(name)
    if isinstance(exercise, ExplainExercise):
        lines = textwrap.wrap(f"Exercise {exercise.number}: {exercise.question}", width=_registry.WIDTH)
        lines += textwrap.wrap(
            f"Answer in a few sentences (at least {exercise.min_words} words). The check looks for "
            f"{len(exercise.key_points)} ideas, then shows a model answer to compare with.",
            width=_registry.WIDTH, initial_indent="  ", subsequent_indent="  ")
        print("\n".join(lines))
        return
    if not isinstance(exercise, ChoiceExercise):
        raise ValueError(f"exercise {name!r} is a {exercise.kind} exercise, not multiple choice or explain")
    lines = textwrap.wrap(f"Exercise {exercise.number}: {exercise.question}", width=_registry.WIDTH)
    for letter, statement in exercise.options.items():
        lines += textwrap.wrap(
            statement, width=_registry.WIDTH, initial_indent=f"  ({letter}) ", subsequent_indent="      "
        )
    print("\n".join(lines))


def results() -> dict[str, CheckResult]:
    """The latest result of each exercise checked in this session, by name."""
    return dict(_SESSION)


def reset() -> None:
    """Forget this session's results (``progress`` then shows every exercise as not checked)."""
    _SESSION.clear()


def _open(rows) -> set[str]:
    """The names of the exercises in ``rows`` that have not passed (failed, not attempted, not checked)."""
    return {name for _, name, _, status in rows if status != PASSED}


def progress(lesson, *, verbose: bool = True) -> ProgressReport:
    """Print a table of lesson ``lesson``'s exercises and the latest result of each in this session.

    ``lesson`` is the two-digit lesson number ("02"; 2 also works). Below the table, each exercise not
    passed yet names the lesson section to reread (its ``section``). Returns a :class:`ProgressReport`
    (truthy when every exercise passed) whose notebook display is empty.
    """
    try:
        number = _registry._lesson(lesson)
    except ValueError as exc:
        report = ProgressReport(str(lesson), [], message=f"progress: {exc}")
        if verbose:
            print(report.message)
        return report
    found = exercises(number)
    if not found:
        have = sorted({e.lesson for e in exercises()})
        message = f"Lesson {number} has no exercises. Lessons with exercises: {', '.join(have) or 'none'}."
        report = ProgressReport(number, [], message=message)
        if verbose:
            print(message)
        return report
    rows = []
    for ex in found:
        result = _SESSION.get(ex.name)
        rows.append((ex.number, ex.name, ex.title, result.status if result is not None else NOT_CHECKED))
    report = ProgressReport(number, rows)
    width = max(len(title) for _, _, title, _ in rows)
    marks = {PASSED: "✅", FAILED: "❌", NOT_ATTEMPTED: "⏳", NOT_CHECKED: "⬜"}
    lines = [f"Lesson {number}: {report.passed} of {report.total} exercises passed."]
    for num, _, title, status in rows:
        lines.append(f"  {num:>2}. {title:<{width}}  {marks[status]} {status}")
    report.reread = [(ex.number, ex.name, ex.section) for ex in found if ex.section and ex.name in _open(rows)]
    if report:
        lines.append("All done: every exercise of this lesson passes.")
    else:
        if report.reread:
            lines.append(f"Before trying again, reread in lesson {number}:")
            lines += [f"  {num:>2}. {section}" for num, _, section in report.reread]
        lines.append(
            "Run each exercise's check cell after changing your answer; this table shows the latest result."
        )
    report.message = "\n".join(lines)
    if verbose:
        print(report.message)
    return report
