"""Checks that a half-right answer cannot pass (issue #15).

Every function exercise records its ``example``: the call the lesson or the exercise statement shows, the one
a learner tries first. At least one registered wrong answer is *right on that example*: it returns the
reference's output there, so a learner who checks only the example would believe it. The check must still
fail it, with its own hint: the hidden cases go beyond the example.
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


def _right_on(exercise, wrong, c) -> bool:
    return _same_behaviour(_run_learner(wrong, c), ("value", c.call(exercise.reference)), exercise)


@pytest.mark.parametrize("exercise", FUNCTIONS, ids=lambda e: f"{e.lesson}-{e.name}")
def test_a_wrong_answer_right_on_the_example_still_fails(exercise):
    example = exercise.example_case()
    assert example is not None, f"{exercise.name}: register the example the statement shows (example=)"
    half_right = [(hint, wrong) for hint, wrong in exercise.wrong_answers.items()
                  if _right_on(exercise, wrong, example)]
    assert half_right, f"{exercise.name}: no registered wrong answer is right on the example; add one that is"
    for hint, wrong in half_right:
        result = check(exercise.name, wrong, verbose=False)
        assert result.status == FAILED and result.hint == hint, (exercise.name, hint[:60])
    checks.reset()


@pytest.mark.parametrize("exercise", FUNCTIONS, ids=lambda e: f"{e.lesson}-{e.name}")
def test_the_example_is_answered_by_the_reference(exercise):
    """The example is a valid call: the reference answers it (so it can be shown in the statement)."""
    example = exercise.example_case()
    if example is not None:
        example.call(exercise.reference)
