"""Transfer, not transcription (issue #15): no value exercise's answer is printed in its lesson or its stub.

For every ``register_value`` exercise, the expected value, written as the lesson would print it (a number,
or the numbers of a tuple or array in order, separated by commas, spaces or brackets), must not appear in

- the stored text outputs of its lesson notebook ``notebooks/NN_*.ipynb``: the learner would copy it;
- the generated exercise notebook ``exercises/NN_*.ipynb`` (statement, stubs and docstrings).

A single-digit number (an answer of 1 or 4) is not searched: such digits are everywhere and say nothing.
A number written as a size, ``256x256``, is not a count and does not match.
"""

from __future__ import annotations

import json
import pathlib
import re

import numpy as np
import pytest

from helpers import checks
from helpers.checks import ValueExercise

ROOT = pathlib.Path(__file__).resolve().parents[1]
VALUES = sorted(
    (e for e in checks.load_exercises(strict=True).values() if isinstance(e, ValueExercise)),
    key=lambda e: (e.lesson, e.number),
)


def _number(x: float) -> str:
    if x == int(x):
        return rf"{int(x)}(?:\.0*)?"
    return re.escape(f"{x:.6g}")


def answer_pattern(value) -> re.Pattern | None:
    """The answer as printed text; None for a lone single-digit number (too common to mean anything)."""
    numbers = np.ravel(np.asarray(value, dtype=float)).tolist()
    if len(numbers) == 1 and abs(numbers[0]) < 10 and numbers[0] == int(numbers[0]):
        return None
    body = r"[\s,()\[\]]{1,6}".join(_number(x) for x in numbers)
    return re.compile(r"(?<![\d.x×])" + body + r"(?!\.?\d|[x×]\d)")


def _texts(nb: pathlib.Path, *, outputs: bool) -> str:
    parts = []
    for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
        if not outputs:
            parts.append("".join(cell["source"]))
            continue
        for out in cell.get("outputs", []):
            if "text" in out:
                parts.append("".join(out["text"]))
            for kind, data in out.get("data", {}).items():
                if kind.startswith("text/"):
                    parts.append("".join(data))
    return "\n".join(parts)


def _notebook(folder: str, lesson: str) -> pathlib.Path:
    (found,) = (ROOT / folder).glob(f"{lesson}_*.ipynb")
    return found


def test_the_pattern_finds_printed_answers_and_ignores_sizes():
    assert answer_pattern(2056).search("parameters: [2056, 2056] = 16 * 8 * 4 * 4 + 8")
    assert answer_pattern((1, 3, 12, 15)).search("torch.Size([1, 3, 12, 15])")
    assert answer_pattern(np.array([1, 1, 2, 1])).search("[1 1 2 1]")
    assert answer_pattern(3.84).search("value 3.84 at (1, 2)")
    assert not answer_pattern(256).search("a 256x256 image")
    assert not answer_pattern(2056).search("12056 and 2056.5")
    assert answer_pattern(1) is None


@pytest.mark.parametrize("exercise", VALUES, ids=lambda e: f"{e.lesson}-{e.name}")
def test_value_answer_is_not_printed_in_the_lesson_or_the_stub(exercise):
    pattern = answer_pattern(exercise.expected_value())
    if pattern is None:
        pytest.skip("a single-digit answer")
    lesson = _notebook("notebooks", exercise.lesson)
    found = pattern.search(_texts(lesson, outputs=True))
    assert not found, f"{lesson.name} prints the answer: {_around(found)!r}"
    stub = _notebook("exercises", exercise.lesson)
    found = pattern.search(_texts(stub, outputs=False))
    assert not found, f"{stub.name} gives the answer: {_around(found)!r}"


def _around(found: re.Match) -> str:
    return found.string[max(0, found.start() - 60) : found.end() + 20]
