"""Facts about the stored notebooks that strict nbval cannot see.

nbval compares stored outputs with fresh ones, but a cell that was never executed has no outputs and
passes vacuously; a stored error, stray stderr or an untagged widget cell would slip through or make
nbval flaky. These tests read the .ipynb files only (fast, no kernel).
"""

import importlib.util
import json
import pathlib
import re

import pytest

from helpers.course import LESSONS

ROOT = pathlib.Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("colab_tool", ROOT / "tools" / "stamp.py")
colab = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(colab)

EXECUTED = sorted(p for d in ("notebooks", "solutions") for p in (ROOT / d).glob("*.ipynb"))
EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))
ALL = EXECUTED + EXERCISES
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def _cells(path):
    return json.loads(path.read_text())["cells"]


def _code(path):
    return [c for c in _cells(path) if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def _tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def _id(path):
    return str(path.relative_to(ROOT))


def test_there_are_notebooks():
    assert (ROOT / "notebooks" / "00_welcome.ipynb").exists()
    assert EXECUTED and EXERCISES


@pytest.mark.parametrize("path", EXECUTED, ids=_id)
def test_every_code_cell_ran_once_top_to_bottom_on_a_fresh_kernel(path):
    counts = [c["execution_count"] for c in _code(path)]
    never = [i for i, n in enumerate(counts) if n is None]
    assert not never, f"code cells {never} were never executed: run `make notebooks NB={_id(path)}`"
    assert counts == list(range(1, len(counts) + 1)), (
        f"execution counts {counts} are not 1..n: outputs were not made by one top-to-bottom run "
        "on a fresh kernel (`make notebooks`)"
    )


@pytest.mark.parametrize("path", EXECUTED, ids=_id)
def test_no_unexpected_errors_or_stderr(path):
    for i, cell in enumerate(_code(path)):
        for out in cell.get("outputs", []):
            if out["output_type"] == "error":
                assert "raises-exception" in _tags(cell), f"cell {i} stores an error: {out.get('ename')}"
            if out["output_type"] == "stream" and out["name"] == "stderr":
                pytest.fail(f"cell {i} stores stderr (breaks strict nbval): {''.join(out['text'])[:200]}")
            text = "".join(out.get("data", {}).get("text/plain", []))
            assert not re.search(r" at 0x[0-9a-f]+>", text), (
                f"cell {i} shows an object repr with an address ({text[:80]!r}): end plot lines with ';'"
            )


@pytest.mark.parametrize("path", EXECUTED, ids=_id)
def test_widget_cells_are_tagged_to_ignore_output(path):
    for i, cell in enumerate(_code(path)):
        shows_widget = any(WIDGET_MIME in out.get("data", {}) for out in cell.get("outputs", []))
        if shows_widget:
            assert "nbval-ignore-output" in _tags(cell), (
                f"cell {i} displays a widget: tag it nbval-ignore-output (its text fallback varies)"
            )


@pytest.mark.parametrize("path", EXERCISES, ids=_id)
def test_exercise_notebooks_are_stored_without_outputs(path):
    for cell in _code(path):
        assert not cell.get("outputs") and cell.get("execution_count") is None


@pytest.mark.parametrize("path", ALL, ids=_id)
def test_first_cells_are_the_colab_badge_and_the_setup_cell(path):
    cells = _cells(path)
    rel = path.relative_to(ROOT).as_posix()
    assert "".join(cells[0]["source"]) == colab.badge_markdown(rel), "run `make stamp`"
    setup = "".join(_code(path)[0]["source"])
    head = colab.SETUP_HEAD.format(url=colab.repository_url())
    assert setup.startswith(head), "the first code cell must be the standard setup cell: run `make stamp`"
    assert setup[len(head):].startswith("rng = helpers.setup(") and "\n" not in setup[len(head):]


@pytest.mark.parametrize("path", ALL, ids=_id)
def test_kernel_is_python3(path):
    meta = json.loads(path.read_text())["metadata"]
    assert meta.get("kernelspec", {}).get("name") == "python3"


def test_colab_stamps_are_current():
    assert colab.main(["--check"]) == 0, "notebooks out of date: run `make stamp`"


def test_notebook_names_follow_the_course_plan():
    known = {lesson.filename for lesson in LESSONS} | {"00_try_the_checks.ipynb"}
    for path in ALL:
        assert path.name in known, f"{_id(path)} is not in helpers/course.py's LESSONS"
    for path in (ROOT / "solutions").glob("*.ipynb"):
        assert (ROOT / "exercises" / path.name).exists(), f"no exercise notebook for {_id(path)}"


def test_welcome_map_lists_every_lesson_and_links_those_that_exist():
    text = "\n".join("".join(c["source"]) for c in _cells(ROOT / "notebooks" / "00_welcome.ipynb")
                     if c["cell_type"] == "markdown")
    for lesson in LESSONS[1:]:
        line = next((ln for ln in text.splitlines() if f"**{lesson.number}**" in ln), None)
        assert line, f"the course map has no line for lesson {lesson.number}"
        exists = (ROOT / "notebooks" / lesson.filename).exists()
        if exists:
            assert f"({lesson.filename})" in line, f"lesson {lesson.number} exists: link it in the map"
            if (ROOT / "exercises" / lesson.filename).exists():
                assert f"(../exercises/{lesson.filename})" in line, f"link lesson {lesson.number}'s exercises"
        else:
            assert "planned" in line and ".ipynb" not in line, f"lesson {lesson.number} is not written yet"
