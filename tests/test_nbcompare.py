"""tools/nbcompare.py: the browser test's strict output check, by nbval's rules."""

import copy
import pathlib
import sys

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from nbcompare import compare_notebooks  # noqa: E402


def _notebook(cells):
    nb = nbformat.v4.new_notebook()
    for n, (source, outputs) in enumerate(cells, start=1):
        cell = nbformat.v4.new_code_cell(source, execution_count=n)
        cell.outputs = [nbformat.from_dict(o) for o in outputs]
        nb.cells.append(cell)
    return nb


def _stream(text, name="stdout"):
    return {"output_type": "stream", "name": name, "text": text}


def _result(text):
    return {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/plain": text}}


STORED = _notebook([
    ("print('a', 1)", [_stream("a 1\n")]),
    ("x", [_result("array([1, 2])")]),
    ("# NBVAL_IGNORE_OUTPUT\nprint(time())", [_stream("12.5\n")]),
    ("print(hex(id(x)))", [_stream("0x7f3a2b1c9d00\n")]),
])


def test_identical_copy_passes():
    assert compare_notebooks(STORED, copy.deepcopy(STORED)) == []


@pytest.mark.parametrize("cell, outputs, expected", [
    (0, [_stream("a 2\n")], "Cell 0"),                                    # a changed number
    (1, [_result("array([1, 3])")], "Cell 1"),                            # a changed result
    (1, [], "Cell 1"),                                                    # a missing output
    (0, [_stream("a 1\n"), _stream("warning\n", "stderr")], "Cell 0"),    # an extra stream
])
def test_a_difference_is_reported(cell, outputs, expected):
    run = copy.deepcopy(STORED)
    run.cells[cell].outputs = [nbformat.from_dict(o) for o in outputs]
    problems = compare_notebooks(STORED, run)
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_markers_and_sanitizers_are_nbvals():
    run = copy.deepcopy(STORED)
    run.cells[2].outputs = [nbformat.from_dict(_stream("99.1\n"))]            # NBVAL_IGNORE_OUTPUT: not compared
    run.cells[3].outputs = [nbformat.from_dict(_stream("0x55aa00ff1234\n"))]  # an address: sanitized
    run.cells[0].outputs = [nbformat.from_dict(_stream("a ")), nbformat.from_dict(_stream("1\n"))]  # coalesced
    assert compare_notebooks(STORED, run) == []


def test_changed_source_is_reported():
    run = copy.deepcopy(STORED)
    run.cells[0].source = "print('b')"
    assert compare_notebooks(STORED, run) == ["the executed copy's code cells differ from the stored notebook's"]


def test_a_stored_lesson_agrees_with_itself():
    lesson = ROOT / "notebooks" / "02_nearest_resizing.ipynb"
    assert compare_notebooks(lesson, lesson) == []
