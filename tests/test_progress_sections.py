"""The progress summary says what to reread (issue #15): every exercise names its lesson section.

Each registered exercise carries ``section``, a heading of its lesson notebook written "§N Heading" for
"## N. Heading" (or the heading itself where the lesson does not number them); ``progress(lesson)`` lists,
below its table, the section of each exercise not passed yet, and nothing once all pass.
"""

from __future__ import annotations

import json
import pathlib
import re

import pytest

from helpers import checks
from helpers.checks import _registry, check, progress, register_value

ROOT = pathlib.Path(__file__).resolve().parents[1]
ALL = sorted(checks.load_exercises(strict=True).values(), key=lambda e: (e.lesson, e.number))


@pytest.fixture(autouse=True)
def clean_session():
    checks.reset()
    yield
    checks.reset()


def headings(lesson: str) -> set[str]:
    (nb,) = (ROOT / "notebooks").glob(f"{lesson}_*.ipynb")
    found = set()
    for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            found |= {line[3:].strip() for line in "".join(cell["source"]).splitlines() if line.startswith("## ")}
    return found


@pytest.mark.parametrize("exercise", ALL, ids=lambda e: f"{e.lesson}-{e.name}")
def test_every_exercise_names_a_section_of_its_lesson(exercise):
    assert exercise.section, f"{exercise.name}: register it with section='§N Heading' (the lesson section to reread)"
    m = re.fullmatch(r"§(\d+) (.+)", exercise.section)
    heading = f"{m.group(1)}. {m.group(2)}" if m else exercise.section
    assert heading in headings(exercise.lesson), (
        f"{exercise.name}: {exercise.section!r} is not a '## ' heading of lesson {exercise.lesson}"
    )
    assert not re.match(r"(Setup|Exercises|Recap|\d+\. Recap)$", heading), "point at the lesson's content"


def test_progress_names_the_section_to_reread_for_each_exercise_not_passed(capsys):
    exercises = checks.exercises("00")
    check(exercises[0].name, exercises[0].solution(), verbose=False)  # passed: not listed
    check(exercises[1].name, (0, 0, 0, 0), verbose=False)  # failed: listed
    report = progress("00")
    out = capsys.readouterr().out
    assert "Before trying again, reread in lesson 00:" in out
    listed = [name for _, name, _ in report.reread]
    assert listed == [e.name for e in exercises[1:]]  # the failed one and the one not checked yet
    for number, _, section in report.reread:
        assert f"{number:>2}. {section}" in out
    for e in exercises:
        check(e.name, e.solution(), verbose=False)
    report = progress("00")
    out = capsys.readouterr().out
    assert report and report.reread == [] and "reread" not in out


def test_section_must_be_text_when_given():
    before = dict(_registry._REGISTRY)
    try:
        with pytest.raises(ValueError, match="section"):
            register_value("sec_probe", lesson="99", number=1, expected=1, hint="h", wrong_answers={"w": 2},
                           section="  ")
        assert register_value("sec_probe", lesson="99", number=1, expected=1, hint="h",
                              wrong_answers={"w": 2}).section is None
    finally:
        _registry._REGISTRY.clear()
        _registry._REGISTRY.update(before)
