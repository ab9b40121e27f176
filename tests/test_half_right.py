"""Checks that a half-right answer cannot pass (issue #15).

For every function exercise, at least one registered wrong answer is *right on an example*: it returns the
reference's output on at least one of the exercise's cases (the kind of example a learner tries by hand), and
the check still fails it, with its own hint. So the cases go beyond the examples a wrong rule happens to fit.
(Which case is the lesson's own example is not recorded; this proves the weaker "right on some case".)
"""

from __future__ import annotations

import pytest

from helpers import checks
from helpers.checks import FAILED, FunctionExercise, check
from helpers.checks._registry import _run_learner, _same_behaviour

FUNCTIONS = sorted(
    (e for e in checks.load_exercises(strict=True).values() if isinstance(e, FunctionExercise)),
    key=lambda e: (e.lesson, e.number),
)


@pytest.mark.parametrize("exercise", FUNCTIONS, ids=lambda e: f"{e.lesson}-{e.name}")
def test_a_wrong_answer_right_on_an_example_still_fails(exercise):
    cases = exercise.all_cases()
    half_right = []
    for hint, wrong in exercise.wrong_answers.items():
        for c in cases:
            if _same_behaviour(_run_learner(wrong, c), ("value", c.call(exercise.reference)), exercise):
                half_right.append((hint, wrong))
                break
    assert half_right, f"{exercise.name}: no registered wrong answer is right on any case; add one that is"
    for hint, wrong in half_right:
        result = check(exercise.name, wrong, verbose=False)
        assert result.status == FAILED and result.hint == hint, (exercise.name, hint[:60])
    checks.reset()
