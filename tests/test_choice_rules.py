"""Multiple choice that a guess cannot pass (issue #15): the rules over every registered question.

- **letters spread**: every option letter a..d is the right answer somewhere, and no letter is right in
  more than 40% of the questions (an even spread of 18 questions over 4 letters is 4 or 5 each);
- **length is no cue**: the right option is strictly the longest in at most the chance share of the
  questions (1 / number of options, averaged) plus a margin of 10 percentage points (35% with four
  options: 6 of 18);
- **every distractor is a misconception**: each wrong letter has its own hint in ``wrong_answers``, the
  reason a learner picks it, not only the generic hint.

``test_report_the_spread`` prints the letter distribution and the longest-right share (``pytest -s``).
"""

from __future__ import annotations

import string
from collections import Counter

import pytest

from helpers import checks
from helpers.checks import ChoiceExercise

CHOICES = [e for e in checks.load_exercises(strict=True).values() if isinstance(e, ChoiceExercise)]
CHOICES.sort(key=lambda e: (e.lesson, e.number))
MAX_LETTER_SHARE = 0.40
LONGEST_MARGIN = 0.10


def _right_is_longest(e: ChoiceExercise) -> bool:
    right = e.right_letter()
    n = len(e.options[right])
    return all(n > len(text) for letter, text in e.options.items() if letter != right)


def _chance_share() -> float:
    return sum(1 / len(e.options) for e in CHOICES) / len(CHOICES)


def test_there_are_enough_questions_to_judge_a_spread():
    assert len(CHOICES) >= 8


def test_right_letters_are_spread_evenly():
    counts = Counter(e.right_letter() for e in CHOICES)
    letters = sorted({letter for e in CHOICES for letter in e.options})
    unused = [letter for letter in letters if letter not in counts]
    assert not unused, f"no question has its answer at {unused}: {dict(counts)}"
    top, n = counts.most_common(1)[0]
    assert n / len(CHOICES) <= MAX_LETTER_SHARE, (
        f"({top}) is right in {n} of {len(CHOICES)} questions: reorder options ({dict(sorted(counts.items()))})"
    )


def test_the_right_option_is_not_the_longest_more_often_than_chance():
    longest = [e.name for e in CHOICES if _right_is_longest(e)]
    limit = _chance_share() + LONGEST_MARGIN
    assert len(longest) / len(CHOICES) <= limit, (
        f"the right option is the longest in {len(longest)} of {len(CHOICES)} questions (limit "
        f"{limit:.0%}): {longest}"
    )


@pytest.mark.parametrize("exercise", CHOICES, ids=lambda e: f"{e.lesson}-{e.name}")
def test_every_wrong_option_has_its_own_misconception_hint(exercise):
    right = exercise.right_letter()
    assert list(exercise.options) == list(string.ascii_lowercase[: len(exercise.options)])
    hinted = Counter(exercise.wrong_answers.values())
    missing = [letter for letter in exercise.options if letter != right and letter not in hinted]
    assert not missing, f"options {missing} have no hint saying why a learner picks them"
    assert all(n == 1 for n in hinted.values()), "one hint per wrong letter"
    assert len(set(exercise.options.values())) == len(exercise.options), "two options say the same"


def test_report_the_spread(capsys):
    counts = Counter(e.right_letter() for e in CHOICES)
    longest = sum(_right_is_longest(e) for e in CHOICES)
    with capsys.disabled():
        print(
            f"\n{len(CHOICES)} questions; right letters {dict(sorted(counts.items()))}; right option longest "
            f"in {longest} ({longest / len(CHOICES):.0%}, chance {_chance_share():.0%})"
        )
