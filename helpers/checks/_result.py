"""What a check returns: a small object that is truthy when the answer passed.

``check()`` prints the verdict itself. The object it returns must not print it a second time when it
is the last expression of a notebook cell, so it has a no-op ``_ipython_display_`` (IPython then shows
no ``Out[n]``) and a one-line ``repr`` for everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["CheckResult", "ProgressReport", "PASSED", "FAILED", "NOT_ATTEMPTED", "STATUSES"]

PASSED = "passed"
FAILED = "failed"
NOT_ATTEMPTED = "not attempted"
STATUSES = (PASSED, FAILED, NOT_ATTEMPTED)


@dataclass(repr=False, eq=False)
class CheckResult:
    """The outcome of one ``check(name, answer)`` call.

    Attributes
    ----------
    name, lesson, number : the exercise.
    status : "passed", "failed" or "not attempted".
    cases : number of cases that passed (all of them when passed).
    total : number of cases the exercise has (1 for value and choice exercises).
    message : the full text that ``check`` printed.
    failed_case : 1-based number of the first failing case, or None.
    problem : one sentence saying what was wrong, or None.
    hint : the hint shown, or None.
    wrong_answer : the hint of the registered wrong answer the learner's output matched, or None.
    notes : remarks that did not make the answer wrong (e.g. a list converted to an array).
    """

    name: str
    status: str
    lesson: str = ""
    number: int = 0
    cases: int = 0
    total: int = 0
    message: str = ""
    failed_case: int | None = None
    problem: str | None = None
    hint: str | None = None
    wrong_answer: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return f"<CheckResult {self.name}: {self.status}>"

    def _ipython_display_(self) -> None:
        """Show nothing: check() already printed the verdict."""


@dataclass(repr=False, eq=False)
class ProgressReport:
    """What ``progress(lesson)`` printed, as data: rows of (number, name, title, status), and for each
    exercise not passed yet the lesson section to reread (``reread``: number, name, section)."""

    lesson: str
    rows: list[tuple[int, str, str, str]]
    message: str = ""
    reread: list[tuple[int, str, str]] = field(default_factory=list)  # (number, name, section) not passed yet

    @property
    def passed(self) -> int:
        return sum(status == PASSED for *_, status in self.rows)

    @property
    def total(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows) and self.passed == self.total

    def __repr__(self) -> str:
        return f"<ProgressReport lesson {self.lesson}: {self.passed}/{self.total} passed>"

    def _ipython_display_(self) -> None:
        """Show nothing: progress() already printed the table."""
