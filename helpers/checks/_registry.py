"""Exercise definitions, their registration, and the lazy discovery of ``helpers/exercises/lNN_*.py``."""

from __future__ import annotations

import copy
import difflib
import importlib
import inspect
import pathlib
import pkgutil
import re
import textwrap
import traceback
import warnings
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import _format as fmt
from ._compare import compare
from ._result import FAILED, NOT_ATTEMPTED, PASSED, CheckResult

__all__ = [
    "Case",
    "case",
    "Exercise",
    "FunctionExercise",
    "ValueExercise",
    "ChoiceExercise",
    "UnknownExercise",
    "register_function",
    "register_value",
    "register_choice",
    "load_exercises",
    "get_exercise",
    "exercises",
]

MATCH_AFTER = 3  # a wrong answer's hint is shown when it agrees with the learner up to 3 cases past the failure
LABEL = 10  # width of "expected: " etc. in failure details
WIDTH = 100  # wrap hints and explanations at this many columns
SYMBOL = {PASSED: "✅", FAILED: "❌", NOT_ATTEMPTED: "⏳"}
_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
_MODULE = re.compile(r"l\d\d_\w+\Z")


class UnknownExercise(ValueError):
    """``check`` or ``get_exercise`` was given a name that no lesson registered."""


# --------------------------------------------------------------------------------------------- cases
@dataclass(frozen=True)
class Case:
    """The arguments of one call of a function exercise."""

    args: tuple = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def copy(self) -> Case:
        return Case(copy.deepcopy(self.args), copy.deepcopy(dict(self.kwargs)))

    def call(self, fn):
        c = self.copy()  # learners (and references) may modify their inputs in place
        return fn(*c.args, **c.kwargs)


def case(*args, **kwargs) -> Case:
    """One test case: ``case(x, 2)`` calls the function as ``f(x, 2)``; keywords are passed on."""
    return Case(tuple(args), dict(kwargs))


def _as_case(item, where: str) -> Case:
    if isinstance(item, Case):
        return item
    if isinstance(item, tuple):
        return Case(item, {})
    if isinstance(item, dict):
        return Case((), dict(item))
    raise TypeError(
        f"{where}: each case must be a tuple of positional arguments (use (x,) for one argument), a dict "
        f"of keyword arguments or helpers.checks.case(...), got {type(item).__name__}"
    )


# ------------------------------------------------------------------------------------------ messages
def _wrap(label: str, text: str) -> list[str]:
    lines = textwrap.wrap(
        " ".join(str(text).split()),
        width=WIDTH,
        break_on_hyphens=False,
        initial_indent="   " + f"{label}:".ljust(LABEL),
        subsequent_indent="   " + " " * LABEL,
    )
    return lines or ["   " + f"{label}:"]


def _labelled(label: str, lines: list[str]) -> list[str]:
    head = "   " + f"{label}:".ljust(LABEL)
    return [(head if i == 0 else "   " + " " * LABEL) + line for i, line in enumerate(lines)]


# ------------------------------------------------------------------------------------------ exercises
@dataclass(eq=False)
class Exercise:
    """What every kind of exercise has. Use the ``register_*`` functions to make one."""

    name: str
    lesson: str
    number: int
    title: str
    hint: str
    wrong_answers: dict[str, Any]
    kind: str = "exercise"
    module: str = ""
    section: str | None = None  # the lesson section to reread when the exercise does not pass yet

    @property
    def label(self) -> str:
        return f"Exercise {self.number} ({self.name})"

    # What tests feed to check(): the answer that passes, and the untouched stub.
    def solution(self):
        raise NotImplementedError

    def stub(self):
        return ...

    def run(self, answer) -> CheckResult:
        raise NotImplementedError

    # -- helpers for the kinds
    def _result(self, status: str, head: str, lines=(), **kw) -> CheckResult:
        text = "\n".join([f"{SYMBOL[status]} {self.label} {head}", *lines])
        return CheckResult(self.name, status, lesson=self.lesson, number=self.number, message=text, **kw)

    def _not_attempted(self, what: str) -> CheckResult:
        return self._result(
            NOT_ATTEMPTED,
            f"not attempted yet: {what}, then run this check again.",
            total=self.total_cases(),
        )

    def _mixup(self, expected: str, got, advice: str) -> CheckResult:
        problem = f"expected {expected}, got {fmt.brief(got)}"
        return self._result(
            FAILED, f"failed: {problem}.", _wrap("fix", advice), problem=problem, total=self.total_cases()
        )

    def total_cases(self) -> int:
        return 1


@dataclass(eq=False)
class FunctionExercise(Exercise):
    """Implement a function; it is run on fixed and seeded random cases against ``reference``."""

    reference: Callable = None
    cases: Any = ()
    random_cases: Callable | None = None
    n_random: int = 20
    seed: int = 0
    rtol: float = 1e-6
    atol: float = 1e-8
    dtype: str | None = "kind"
    covers: dict[str, Any] = field(default_factory=dict)
    example: Case | int | None = None  # the call the lesson or the statement shows (the learner's first try)
    kind: str = "function"

    def example_case(self) -> Case | None:
        """The example as a case (``example`` may be given as the index of one of the fixed cases)."""
        if isinstance(self.example, int):
            fixed = self.cases() if callable(self.cases) else self.cases
            return _as_case(fixed[self.example], f"exercise {self.name!r}, example")
        return self.example

    def solution(self):
        return self.reference

    def stub(self):
        number, title = self.number, self.title

        def stub(*args, **kwargs):
            raise NotImplementedError(f"Exercise {number}: {title}")

        return stub

    def all_cases(self) -> list[Case]:
        fixed = self.cases() if callable(self.cases) else self.cases
        out = [_as_case(c, f"exercise {self.name!r}, case {i + 1}") for i, c in enumerate(fixed)]
        if self.random_cases is not None and self.n_random:
            rng = np.random.default_rng([self.seed, zlib.crc32(self.name.encode())])
            for i in range(self.n_random):
                out.append(_as_case(self.random_cases(rng), f"exercise {self.name!r}, random case {i + 1}"))
        return out

    def total_cases(self) -> int:
        return len(self.all_cases())

    @property
    def function_name(self) -> str:
        name = getattr(self.reference, "__name__", "")
        return name if name.isidentifier() else "your_function"

    def _input_lines(self, c: Case) -> list[str]:
        try:
            params = list(inspect.signature(self.reference).parameters)
        except (TypeError, ValueError):
            params = []
        lines = []
        for i, arg in enumerate(c.args):
            pname = params[i] if i < len(params) and not params[i].startswith("*") else f"argument {i + 1}"
            lines.append(f"{pname} = {fmt.value(arg)}")
        lines += [f"{k} = {fmt.value(v)}" for k, v in c.kwargs.items()]
        return lines

    def run(self, answer) -> CheckResult:
        if answer is ...:
            return self._not_attempted("write the function and pass it to check()")
        if not callable(answer) or isinstance(answer, type):
            return self._mixup(
                "your function itself",
                answer,
                f"pass the function without calling it, e.g. check({self.name!r}, {self.function_name}) "
                f"(not {self.function_name}(...)).",
            )
        cases = self.all_cases()
        n = len(cases)
        seen_notes: dict[str, None] = {}
        learner: dict[int, tuple] = {}  # case index -> ("value", output) or ("raised", exception)
        for i, c in enumerate(cases):
            expected = self._expected(i, c)
            outcome_of_call = _run_learner(answer, c)
            learner[i] = outcome_of_call
            what, got = outcome_of_call
            if what == "raised":
                if isinstance(got, NotImplementedError) and i == 0:
                    return self._not_attempted(
                        "replace `raise NotImplementedError(...)` with your code, run its cell"
                    )
                matched = self._match_wrong(cases, i, learner, answer)
                return self._raised(i, n, c, got, answer, matched)
            if got is ...:
                return self._not_attempted("replace `...` with your code, run its cell")
            outcome = compare(
                expected, got, rtol=self.rtol, atol=self.atol, dtype=self.dtype, function=True, reveal=True
            )
            if not outcome.ok:
                matched = self._match_wrong(cases, i, learner, answer)
                hint = matched or self.hint
                lines = _labelled("input", self._input_lines(c) or ["(no arguments)"])
                lines += _wrap("expected", fmt.value(expected))
                lines += _wrap("got", fmt.value(got))
                lines += _wrap("problem", outcome.problem)
                lines += [" " * (3 + LABEL) + d for d in outcome.details]
                lines += [ln for note in outcome.notes for ln in _wrap("note", note)]
                lines += _wrap("hint", hint)
                return self._result(
                    FAILED,
                    f"failed on case {i + 1} of {n}:",
                    lines,
                    cases=i,
                    total=n,
                    failed_case=i + 1,
                    problem=outcome.problem,
                    hint=hint,
                    wrong_answer=matched,
                    notes=outcome.notes,
                )
            seen_notes.update(dict.fromkeys(outcome.notes))
        notes = list(seen_notes)
        lines = [ln for note in notes for ln in _wrap("note", note)]
        return self._result(
            PASSED, f"passed: all {n} cases match the reference.", lines, cases=n, total=n, notes=notes
        )

    def _expected(self, i: int, c: Case):
        try:
            return c.call(self.reference)
        except Exception as exc:  # the reference is the course's code: a bug there must be loud
            raise RuntimeError(f"exercise {self.name!r}: the reference failed on case {i + 1}") from exc

    def _raised(
        self, i: int, n: int, c: Case, exc: BaseException, answer, matched: str | None
    ) -> CheckResult:
        if isinstance(exc, SystemExit):
            error = f"SystemExit({exc.code!r}): your function called sys.exit() or exit()"
        else:
            error = f"{type(exc).__name__}: {fmt.one_line(exc)}" if str(exc) else type(exc).__name__
        hint = matched or self.hint
        lines = _labelled("input", self._input_lines(c) or ["(no arguments)"])
        lines += _wrap("error", error)
        where = _where(exc, answer)
        if where:
            lines += _wrap("where", where)
        if isinstance(exc, TypeError) and re.search(r"missing \d+ required (positional|keyword)", str(exc)):
            lines += _wrap(
                "note",
                "the check also leaves out the arguments that have a default in the statement: give your "
                "function the same defaults (def f(x, factor=2): ...).",
            )
        lines += _wrap("hint", hint)
        return self._result(
            FAILED,
            f"failed on case {i + 1} of {n}: your function raised an error.",
            lines,
            cases=i,
            total=n,
            failed_case=i + 1,
            problem=f"raised {error}",
            hint=hint,
            wrong_answer=matched,
        )

    def _match_wrong(self, cases: list[Case], failed: int, learner: dict[int, tuple], answer) -> str | None:
        """The hint of the registered wrong answer that behaves like the learner's on several cases.

        One case is not enough: a different mistake can give the same number there (06's ``-p`` for
        ``-2p`` gives i·s on one case, which is another mistake's formula). A wrong answer matches when it
        agrees with the learner's answer on every case up to the failing one and on the
        :data:`MATCH_AFTER` cases after it: both return matching outputs, or both raise the same
        exception type.
        """

        def learner_on(j: int):
            if j not in learner:
                learner[j] = _run_learner(answer, cases[j])
            return learner[j]

        window = [failed, *range(min(len(cases), failed + 1 + MATCH_AFTER))]  # the failing case first
        for hint, wrong in self.wrong_answers.items():
            for j in window:
                theirs = _run_learner(wrong, cases[j])
                if not _same_behaviour(learner_on(j), theirs, self):
                    break
            else:
                return hint
        return None


def _run_learner(fn, c: Case) -> tuple:
    """``("value", output)`` or ``("raised", exception)``: learner code never escapes, sys.exit() included."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return ("value", c.call(fn))
    except (Exception, SystemExit) as exc:  # KeyboardInterrupt still stops the check
        return ("raised", exc)


def _same_behaviour(mine: tuple, theirs: tuple, ex: FunctionExercise) -> bool:
    if mine[0] != theirs[0]:
        return False
    if mine[0] == "raised":
        return type(mine[1]) is type(theirs[1])
    return compare(
        theirs[1], mine[1], rtol=ex.rtol, atol=ex.atol, dtype=ex.dtype, function=True, reveal=True
    ).ok


def _where(exc: BaseException, answer) -> str | None:
    """The line of the learner's own code that raised ``exc`` (the deepest frame in their code)."""
    frames = traceback.extract_tb(exc.__traceback__)
    checks_dir = str(pathlib.Path(__file__).resolve().parent)
    code = getattr(answer, "__code__", None)
    home = code.co_filename if code is not None else None
    mine = [f for f in frames if home is not None and f.filename == home]
    if not mine:  # a function defined elsewhere: the deepest frame outside the checks and libraries
        mine = [
            f
            for f in frames
            if not str(pathlib.Path(f.filename).resolve()).startswith(checks_dir)
            and "site-packages" not in f.filename
            and "<frozen" not in f.filename
        ]
    if not mine:
        return None
    frame = mine[-1]
    text = (frame.line or "").strip()
    place = f"line {frame.lineno} of {frame.name}" if frame.name != "<module>" else f"line {frame.lineno}"
    if frame.name == "<lambda>":
        place = f"line {frame.lineno} (a lambda)"
    return f"{place}: {text}" if text else place


@dataclass(eq=False)
class ValueExercise(Exercise):
    """Predict a value (a number, a shape, an array); ``expected`` is computed by code."""

    expected: Any = None
    rtol: float = 1e-6
    atol: float = 1e-8
    dtype: str | None = None
    precision: str | None = None
    kind: str = "value"

    def expected_value(self):
        return self.expected() if callable(self.expected) else self.expected

    def solution(self):
        return self.expected_value()

    def run(self, answer) -> CheckResult:
        if answer is ...:
            return self._not_attempted("replace `...` with your answer")
        if callable(answer) and not isinstance(answer, np.ndarray):
            return self._mixup(
                "a value (your answer)",
                answer,
                "put the answer itself in the variable, e.g. a number or a tuple; if you wrote "
                "a function to compute it, call it and pass what it returns.",
            )
        expected = self.expected_value()
        outcome = compare(
            expected, answer, rtol=self.rtol, atol=self.atol, dtype=self.dtype, function=False, reveal=False
        )
        notes = [ln for note in outcome.notes for ln in _wrap("note", note)]
        shown = fmt.value(answer, describe_array=False)
        if shown.startswith(("array of", "an object", "the type")) or len(shown) > 40:
            shown = "your answer"
        if outcome.ok:
            return self._result(
                PASSED, f"passed: {shown} is right.", notes, cases=1, total=1, notes=outcome.notes
            )
        matched = None
        for hint, wrong in self.wrong_answers.items():
            atol = self.atol
            if isinstance(wrong, (int, float, np.number)) and isinstance(expected, (int, float, np.number)):
                # the stated precision is relative to the answer: 0.5 µs of 335 µs, not of a 0.3 ms slip
                if expected and abs(wrong) < abs(expected):
                    atol = self.atol * abs(wrong) / abs(expected)
            if compare(
                wrong, answer, rtol=self.rtol, atol=atol, dtype=self.dtype, function=False, reveal=False
            ).ok:
                matched = hint
                break
        hint = matched or self.hint
        lines = _wrap("problem", outcome.problem) + [" " * (3 + LABEL) + d for d in outcome.details]
        lines += notes + _wrap("hint", hint)
        return self._result(
            FAILED,
            f"failed: {shown} is not right.",
            lines,
            cases=0,
            total=1,
            failed_case=1,
            problem=outcome.problem,
            hint=hint,
            wrong_answer=matched,
            notes=outcome.notes,
        )


@dataclass(eq=False)
class ChoiceExercise(Exercise):
    """Multiple choice: ``options`` maps letters to statements; the explanation is shown when right."""

    question: str = ""
    options: dict[str, str] = field(default_factory=dict)
    answer: Any = None
    explanation: str = ""
    kind: str = "choice"

    def right_letter(self) -> str:
        letter = self.answer() if callable(self.answer) else self.answer
        if letter not in self.options:
            raise RuntimeError(f"exercise {self.name!r}: the right answer {letter!r} is not an option")
        return letter

    def solution(self):
        return self.right_letter()

    def run(self, answer) -> CheckResult:
        letters = ", ".join(self.options)
        if answer is ...:
            return self._not_attempted("replace `...` with the letter of your choice")
        if callable(answer):
            return self._mixup(
                "a letter", answer, f'answer with one letter in quotes, one of {letters}: e.g. "a".'
            )
        if not isinstance(answer, str):
            return self._mixup(
                "a letter", answer, f'answer with one letter in quotes, one of {letters}: e.g. "a".'
            )
        letter = answer.strip().strip("().").strip().lower()
        if letter not in self.options:
            problem = f"{answer!r} is not one of the options {letters}"
            return self._result(
                FAILED,
                f"failed: {problem}.",
                _wrap("fix", 'answer with one letter, e.g. "a".'),
                problem=problem,
                total=1,
            )
        statement = f"({letter}) {self.options[letter]}"
        if letter == self.right_letter():
            return self._result(
                PASSED,
                "passed: right.",
                _wrap("answer", statement) + _wrap("why", self.explanation),
                cases=1,
                total=1,
            )
        matched = next((h for h, wrong in self.wrong_answers.items() if wrong == letter), None)
        hint = matched or self.hint
        lines = _wrap("answer", statement) + _wrap("hint", hint) + _wrap("next", "try another letter.")
        return self._result(
            FAILED,
            "failed: not this one.",
            lines,
            cases=0,
            total=1,
            failed_case=1,
            problem=f"({letter}) is not right",
            hint=hint,
            wrong_answer=matched,
        )


@dataclass(eq=False)
class ExplainExercise(Exercise):
    """Explain in a few sentences; the check looks for the key points, then shows a model answer.

    ``key_points`` maps a prompt (a question that points at an idea without stating it) to regular
    expressions, any of which counts as the idea being there. A keyword check cannot judge an argument,
    so a pass shows the model answer to compare with, and a failure names the first idea missing.
    """

    question: str = ""
    key_points: dict[str, tuple[str, ...]] = field(default_factory=dict)
    model_answer: str = ""
    min_words: int = 12
    kind: str = "explain"

    def solution(self):
        return self.model_answer

    def missing(self, text: str) -> list[str]:
        """The prompts of the key points ``text`` does not cover, in registration order."""
        flat = " ".join(text.split())
        return [prompt for prompt, patterns in self.key_points.items()
                if not any(re.search(p, flat, flags=re.IGNORECASE) for p in patterns)]

    def run(self, answer) -> CheckResult:
        if answer is ... or (isinstance(answer, str) and not answer.strip()):
            return self._not_attempted("replace `...` with your explanation in quotes (a few sentences)")
        if not isinstance(answer, str):
            return self._mixup("your explanation as a string", answer,
                               'write it in quotes: explanation = """Because ..."""')
        words = len(answer.split())
        if words < self.min_words:
            problem = f"{words} word{'s' if words != 1 else ''} is too short to explain"
            return self._result(FAILED, f"failed: {problem}.",
                                _wrap("fix", f"write at least {self.min_words} words: say what happens and why."),
                                problem=problem, total=1, failed_case=1)
        missing = self.missing(answer)
        n = len(self.key_points)
        if not missing:
            return self._result(
                PASSED, f"passed: your explanation touches all {n} points the check looks for.",
                _wrap("compare", self.model_answer)
                + _wrap("note", "a keyword check cannot judge an argument: read the model answer and "
                                "make sure yours says the same, in your words."),
                cases=1, total=1)
        hint = missing[0]
        lines = _wrap("missing", hint)
        if len(missing) > 1:
            lines += _wrap("also", " ".join(missing[1:]))
        return self._result(
            FAILED, f"failed: {n - len(missing)} of the {n} points are there.", lines,
            cases=0, total=1, failed_case=1, problem=f"{len(missing)} of {n} points missing",
            hint=hint, wrong_answer=hint if hint in self.wrong_answers else None)


# --------------------------------------------------------------------------------------- registration
_REGISTRY: dict[str, Exercise] = {}
_IMPORT_ERRORS: dict[str, str] = {}
_LOADED = False


def _lesson(lesson) -> str:
    if isinstance(lesson, (int, np.integer)) and not isinstance(lesson, bool) and 0 <= lesson <= 99:
        return f"{int(lesson):02d}"
    if isinstance(lesson, str) and re.fullmatch(r"\d{1,2}", lesson.strip()):
        return lesson.strip().zfill(2)
    raise ValueError(f"lesson must be a lesson number such as '02', got {lesson!r}")


def _common(name, lesson, number, hint, wrong_answers, title, section=None) -> dict:
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"name must be a lowercase identifier such as 'nearest_repeat', got {name!r}")
    lesson = _lesson(lesson)
    if not isinstance(number, (int, np.integer)) or isinstance(number, bool) or number < 1:
        raise ValueError(f"exercise {name!r}: number must be a positive int, got {number!r}")
    if not isinstance(hint, str) or not hint.strip():
        raise ValueError(f"exercise {name!r}: hint must be a non-empty string")
    if not isinstance(wrong_answers, Mapping) or not wrong_answers:
        raise ValueError(
            f"exercise {name!r}: wrong_answers must map at least one hint to a plausible wrong answer "
            "(tests check that each one fails with its hint)"
        )
    for key in wrong_answers:
        if not isinstance(key, str) or not key.strip():
            raise ValueError(
                f"exercise {name!r}: each key of wrong_answers must be a hint (non-empty string)"
            )
    if title is not None and (not isinstance(title, str) or not title.strip()):
        raise ValueError(f"exercise {name!r}: title must be a non-empty string")
    if section is not None and (not isinstance(section, str) or not section.strip()):
        raise ValueError(
            f"exercise {name!r}: section must be the lesson heading to reread, e.g. '§4 Padding crops'"
        )
    return dict(
        name=name,
        lesson=lesson,
        number=int(number),
        hint=hint.strip(),
        wrong_answers=dict(wrong_answers),
        title=(title or name).strip(),
        module=_caller_module(),
        section=section.strip() if section else None,
    )


def _caller_module() -> str:
    frame = inspect.currentframe()
    try:
        while frame is not None:
            module = frame.f_globals.get("__name__", "")
            if not module.startswith("helpers.checks"):
                return module
            frame = frame.f_back
        return ""
    finally:
        del frame


def _add(exercise: Exercise) -> Exercise:
    old = _REGISTRY.get(exercise.name)
    if old is not None and old.module != exercise.module:
        raise ValueError(
            f"exercise {exercise.name!r} is already registered by {old.module or 'another module'}"
        )
    for other in _REGISTRY.values():
        if (other.lesson, other.number) == (exercise.lesson, exercise.number) and other.name != exercise.name:
            raise ValueError(
                f"exercise {exercise.name!r}: lesson {exercise.lesson} already has exercise "
                f"{exercise.number} ({other.name!r})"
            )
    _REGISTRY[exercise.name] = exercise  # re-registering from the same module (a reload) replaces
    return exercise


def register_function(
    name: str,
    *,
    lesson,
    number: int,
    reference: Callable,
    cases,
    hint: str,
    wrong_answers: Mapping[str, Callable],
    random_cases: Callable | None = None,
    n_random: int = 20,
    title: str | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    dtype: str | None = "kind",
    seed: int = 0,
    covers: Mapping[str, Any] | None = None,
    section: str | None = None,
    example=None,
) -> FunctionExercise:
    """Register "implement a function" exercise ``name``.

    Parameters
    ----------
    name : str
        What learners pass to ``check(name, their_function)``; lowercase identifier, unique.
    lesson : str or int
        Two-digit lesson number, e.g. "02".
    number : int
        The exercise's number within its lesson (1, 2, ...); shown in messages and stubs.
    reference : callable
        The correct implementation; its parameter names label the inputs in failure messages.
    cases : sequence (or zero-argument callable returning one)
        Fixed cases, in the order they run: each a tuple of positional arguments, a dict of keyword
        arguments, or ``case(*args, **kwargs)``. Put the simplest first: the first failing one is shown.
    hint : str
        Shown when the answer fails and matches none of ``wrong_answers``.
    wrong_answers : mapping of hint -> callable
        At least one plausible wrong implementation, each with the hint shown when the learner's output
        on the failing case equals its output.
    random_cases : callable(rng) -> case, optional
        Draws one more case from a seeded ``numpy.random.Generator``; called ``n_random`` times.
    rtol, atol : float
        Tolerances for floating-point outputs (``numpy.isclose``).
    dtype : {"kind", "exact", None}
        "kind": integer/float/bool must match the reference's; "exact": same dtype; None: values only.
    seed : int
        Seed for ``random_cases`` (combined with the name, so each exercise draws its own cases).
    covers : mapping of rule -> predicate or reason
        For the rules of :mod:`helpers.checks._rules` ("defaults", "integer and float inputs", "larger
        sizes", "overlapping windows"): a function of a :class:`Case` saying which cases cover the rule,
        or a short reason why the rule does not apply. "overlapping windows" is required.
    section : str, optional
        The lesson section to reread while the exercise does not pass, as "§N Heading" (the lesson
        notebook's "## N. Heading"); ``progress`` lists it. Every course exercise gives one (a test checks
        it against the lesson's headings). Also a keyword of :func:`register_value` and
        :func:`register_choice`.
    example : case or int, optional
        The call the lesson or the exercise statement shows (what a learner tries first), as a case, or as
        the index of that case among ``cases`` (handy when ``cases`` is a function). Not run by the check
        (the cases are); it records which wrong answers are "right on the example", and
        ``tests/test_half_right.py`` requires one of them to fail the check.
    """
    kw = _common(name, lesson, number, hint, wrong_answers, title, section)
    if isinstance(example, bool):
        raise TypeError(f"exercise {name!r}: example must be a case or the index of a case, got {example!r}")
    if isinstance(example, int):
        if example < 0:
            raise ValueError(f"exercise {name!r}: example must be a case index >= 0, got {example}")
    elif example is not None:
        example = _as_case(example, f"exercise {name!r}, example")
    if not callable(reference):
        raise TypeError(f"exercise {name!r}: reference must be a function")
    for h, wrong in wrong_answers.items():
        if not callable(wrong):
            raise TypeError(f"exercise {name!r}: wrong answer for hint {h[:40]!r}... must be a function")
    if random_cases is not None and not callable(random_cases):
        raise TypeError(f"exercise {name!r}: random_cases must be a function of a numpy Generator")
    if dtype not in ("kind", "exact", None):
        raise ValueError(f"exercise {name!r}: dtype must be 'kind', 'exact' or None, got {dtype!r}")
    covers = dict(covers or {})
    for rule, how in covers.items():
        if not (callable(how) or (isinstance(how, str) and how.strip())):
            raise TypeError(
                f"exercise {name!r}: covers[{rule!r}] must be a function of a case or a reason (a string)"
            )
    if not callable(cases):
        cases = list(cases)
        for i, c in enumerate(cases):
            _as_case(c, f"exercise {name!r}, case {i + 1}")
        if not cases and random_cases is None:
            raise ValueError(f"exercise {name!r}: give at least one case")
    return _add(
        FunctionExercise(
            **kw,
            reference=reference,
            cases=cases,
            random_cases=random_cases,
            n_random=int(n_random),
            seed=int(seed),
            rtol=rtol,
            atol=atol,
            dtype=dtype,
            covers=covers,
            example=example,
        )
    )


def register_value(
    name: str,
    *,
    lesson,
    number: int,
    expected,
    hint: str,
    wrong_answers: Mapping[str, Any],
    title: str | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    dtype: str | None = None,
    precision: str | None = None,
    section: str | None = None,
) -> ValueExercise:
    """Register "predict a value" exercise ``name``; learners call ``check(name, answer)``.

    ``expected`` is the right value or, better, a zero-argument function that computes it (evaluated
    when checked, so it may import torch lazily): never type the number in. ``wrong_answers`` maps a
    hint to a plausible wrong value. Shapes are tuples of ints and compared entry by entry; numbers
    with ``rtol``/``atol``; ``dtype`` as in :func:`register_function` (default None: 12.0 counts as 12,
    with a note, but 12.5 for an int answer fails: a count has no fraction). A float answer needs
    ``precision``, the text of the statement that says how precise it must be (e.g. "to the nearest µs");
    ``rtol``/``atol`` must accept any answer written at that precision. Failure messages never show the
    expected value.
    """
    kw = _common(name, lesson, number, hint, wrong_answers, title, section)
    if expected is ...:
        raise ValueError(f"exercise {name!r}: expected must be a value or a function computing it")
    if dtype not in ("kind", "exact", None):
        raise ValueError(f"exercise {name!r}: dtype must be 'kind', 'exact' or None, got {dtype!r}")
    if precision is not None and (not isinstance(precision, str) or not precision.strip()):
        raise ValueError(f"exercise {name!r}: precision must be the statement's words, e.g. 'to 2 decimals'")
    return _add(
        ValueExercise(**kw, expected=expected, rtol=rtol, atol=atol, dtype=dtype, precision=precision)
    )


def register_choice(
    name: str,
    *,
    lesson,
    number: int,
    question: str,
    options: Mapping[str, str],
    answer,
    explanation: str,
    hint: str,
    wrong_answers: Mapping[str, str],
    title: str | None = None,
    section: str | None = None,
) -> ChoiceExercise:
    """Register a multiple-choice exercise ``name``; learners call ``check(name, "b")``.

    ``options`` maps single lowercase letters to statements; ``answer`` is the right letter (or a
    zero-argument function computing it). A wrong letter shows the hint registered for it in
    ``wrong_answers`` (hint -> letter), else ``hint``, without revealing the answer; the right letter
    shows ``explanation``.
    """
    kw = _common(name, lesson, number, hint, wrong_answers, title, section)
    options = dict(options)
    if len(options) < 2 or not all(isinstance(k, str) and re.fullmatch(r"[a-z]", k) for k in options):
        raise ValueError(
            f"exercise {name!r}: options must map at least two single letters 'a', 'b', ... to statements"
        )
    if not callable(answer) and answer not in options:
        raise ValueError(f"exercise {name!r}: answer {answer!r} is not one of the options {list(options)}")
    for h, letter in wrong_answers.items():
        if letter not in options or (not callable(answer) and letter == answer):
            raise ValueError(
                f"exercise {name!r}: wrong answer {letter!r} (hint {h[:40]!r}) must be a wrong option letter"
            )
    if not isinstance(explanation, str) or not explanation.strip():
        raise ValueError(f"exercise {name!r}: explanation must be a non-empty string")
    return _add(
        ChoiceExercise(
            **kw, question=question, options=options, answer=answer, explanation=explanation.strip()
        )
    )


def register_explain(
    name: str,
    *,
    lesson,
    number: int,
    question: str,
    key_points: Mapping[str, Any],
    model_answer: str,
    wrong_answers: Mapping[str, str],
    min_words: int = 12,
    title: str | None = None,
    section: str | None = None,
) -> ExplainExercise:
    """Register a short "explain" exercise ``name``; learners call ``check(name, "Because ...")``.

    ``key_points`` maps each prompt (a question pointing at one idea, shown when the idea is missing; it
    must not state the idea) to a regular expression or a list of them (case-insensitive; any one
    matching counts). ``model_answer`` must cover every point. ``wrong_answers`` maps a prompt of
    ``key_points`` to an explanation a learner might write that misses that idea first (tests check that
    it fails showing that prompt). ``min_words``: shorter texts fail before any matching.
    """
    kw = _common(name, lesson, number, "see the missing point", wrong_answers, title, section)
    if not isinstance(question, str) or not question.strip():
        raise ValueError(f"exercise {name!r}: question must be a non-empty string")
    if not isinstance(key_points, Mapping) or not key_points:
        raise ValueError(f"exercise {name!r}: key_points must map at least one prompt to regular expressions")
    points = {}
    for prompt, patterns in key_points.items():
        patterns = (patterns,) if isinstance(patterns, str) else tuple(patterns)
        if not isinstance(prompt, str) or not prompt.strip() or not patterns:
            raise ValueError(f"exercise {name!r}: each key point needs a prompt and at least one pattern")
        for p in patterns:
            re.compile(p)
        points[prompt.strip()] = patterns
    if not isinstance(min_words, int) or min_words < 1:
        raise ValueError(f"exercise {name!r}: min_words must be a positive int, got {min_words!r}")
    ex = ExplainExercise(**kw, question=question.strip(), key_points=points,
                         model_answer=" ".join(str(model_answer).split()), min_words=min_words)
    if ex.missing(ex.model_answer) or len(ex.model_answer.split()) < min_words:
        raise ValueError(f"exercise {name!r}: the model answer must cover every key point "
                         f"(missing: {ex.missing(ex.model_answer)}) and have at least {min_words} words")
    for prompt, text in ex.wrong_answers.items():
        if prompt not in points:
            raise ValueError(f"exercise {name!r}: each key of wrong_answers must be a prompt of key_points")
        if not isinstance(text, str) or len(text.split()) < min_words or ex.missing(text)[:1] != [prompt]:
            raise ValueError(f"exercise {name!r}: the wrong answer for {prompt[:40]!r} must be at least "
                             f"{min_words} words and miss that point first")
    return _add(ex)


# ------------------------------------------------------------------------------------------ discovery
def load_exercises(strict: bool = False) -> dict[str, Exercise]:
    """Import every ``helpers/exercises/lNN_*.py`` module (once) and return the registry.

    A module that fails to import is skipped and remembered (its error is shown when a check name
    is not found); ``strict=True`` raises instead, as the tests do.
    """
    global _LOADED
    if not _LOADED or (strict and _IMPORT_ERRORS):
        from .. import exercises as package

        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
            if not _MODULE.match(info.name):
                continue
            module = f"{package.__name__}.{info.name}"
            try:
                importlib.import_module(module)
                _IMPORT_ERRORS.pop(module, None)
            except Exception as exc:
                if strict:
                    raise ImportError(f"could not import exercise module {module}: {exc}") from exc
                _IMPORT_ERRORS[module] = f"{type(exc).__name__}: {fmt.one_line(exc)}"
        _LOADED = True
    return dict(_REGISTRY)


def exercises(lesson=None) -> list[Exercise]:
    """All registered exercises (of one lesson, if given), sorted by lesson and number."""
    found = load_exercises().values()
    if lesson is not None:
        lesson = _lesson(lesson)
        found = [e for e in found if e.lesson == lesson]
    return sorted(found, key=lambda e: (e.lesson, e.number))


def get_exercise(name: str) -> Exercise:
    """The exercise registered as ``name``; :class:`UnknownExercise` (a ValueError) naming close ones."""
    if not isinstance(name, str):
        raise TypeError(
            f"the exercise name must be a string such as 'nearest_repeat', got {type(name).__name__}"
        )
    registry = load_exercises()
    if name in registry:
        return registry[name]
    close = difflib.get_close_matches(name, list(registry), n=3, cutoff=0.5)
    message = f"no exercise is named {name!r}."
    if close:
        message += " Did you mean " + " or ".join(repr(c) for c in close) + "?"
    else:
        message += " Known exercises: " + (", ".join(sorted(registry)) or "none") + "."
    if _IMPORT_ERRORS:
        message += (
            " (These exercise modules failed to import: "
            + "; ".join(f"{m}: {e}" for m, e in _IMPORT_ERRORS.items())
            + ")"
        )
    raise UnknownExercise(message)
