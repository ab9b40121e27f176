"""The exercise generator (tools/make_exercises.py) and the generated notebooks in exercises/.

exercises/ must be exactly what the generator makes from solutions/ now (so the two never drift), the
generator must be deterministic, and its rules are pinned down on small in-memory notebooks.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import pathlib

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = pathlib.Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("make_exercises_tool", ROOT / "tools" / "make_exercises.py")
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
LOOKUP = {
    "f": ("99", 2, "implement f(x)"),
    "answer": ("99", 3, "predict it"),
    "other": ("98", 1, "elsewhere"),
}
SOURCE = "solutions/99_unit.ipynb"


def _id(path):
    return path.relative_to(ROOT).as_posix()


# ------------------------------------------------------------------------------------- the real notebooks
def test_there_are_solution_notebooks():
    assert SOLUTIONS, "solutions/ holds no notebook"


def test_exercises_match_what_the_generator_makes_now():
    drifted = []
    for solution in SOLUTIONS:
        target, _, text = gen.generate(solution)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            drifted.append(_id(target))
    assert not drifted, f"out of date, run `make exercises`: {', '.join(drifted)}"
    assert gen.main(["--check"]) == 0


@pytest.mark.parametrize("solution", SOLUTIONS, ids=_id)
def test_generator_is_idempotent_and_independent_of_stored_outputs(solution, tmp_path):
    target, nb, first = gen.generate(solution)
    _, _, second = gen.generate(solution)
    assert first == second
    written = tmp_path / target.name
    nbformat.write(nb, written)  # what main() does: the same bytes as render()
    assert written.read_text(encoding="utf-8") == first and first.endswith("}\n")
    cleared = nbformat.read(solution, as_version=4)
    for cell in cleared.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    again = gen.make_exercise(cleared, _id(solution), _id(target))
    assert gen.render(again) == first


@pytest.mark.parametrize("solution", SOLUTIONS, ids=_id)
def test_generated_notebook_shape(solution):
    exercise = ROOT / "exercises" / solution.name
    nb = json.loads(exercise.read_text(encoding="utf-8"))
    assert nb["metadata"]["generated_from"] == _id(solution)
    assert nb["cells"][0]["id"] == gen.BADGE_ID and f"exercises/{solution.name}" in "".join(
        nb["cells"][0]["source"]
    )
    assert nb["cells"][1]["id"] == gen.NOTE_ID and f"generated from `{_id(solution)}`" in "".join(
        nb["cells"][1]["source"]
    )
    text = "\n".join("".join(c["source"]) for c in nb["cells"])
    assert gen.BEGIN not in text and gen.END not in text
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
            assert gen.SOLUTION_ONLY not in cell["metadata"].get("tags", [])
            lines = "".join(cell["source"]).split("\n")
            magic = [
                ln[: len(ln) - len(ln.lstrip())] + "pass" if ln.lstrip().startswith(("!", "%")) else ln
                for ln in lines
            ]
            ast.parse("\n".join(magic))  # the stubs are valid Python


# ---------------------------------------------------------------------------------------------- unit tests
def notebook(*sources, tags=None):
    cells = []
    for i, src in enumerate(sources):
        if src.startswith("MD:"):
            cell = new_markdown_cell(src[3:])
        else:
            cell = new_code_cell(src, execution_count=i + 1)
            cell.outputs = [new_output("stream", name="stdout", text="printed\n")]
        cell["id"] = f"c{i}"
        if tags and i in tags:
            cell.metadata["tags"] = tags[i]
        cells.append(cell)
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def make(nb, **kw):
    return gen.make_exercise(nb, SOURCE, lookup=LOOKUP, **kw)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_indented_block_becomes_raise_not_implemented_with_the_registered_number():
    nb = notebook(
        "def f(x):\n    y = 1\n    ### BEGIN SOLUTION\n    return x + y\n    ### END SOLUTION\n",
        'check("f", f)',
    )
    out = code_cells(make(nb))
    assert out[0].source == (
        "def f(x):\n    y = 1\n    # YOUR CODE HERE\n"
        '    raise NotImplementedError("Exercise 2: implement f(x)")\n'
    )
    assert out[1].source == 'check("f", f)'


def test_top_level_block_becomes_ellipsis_assignments():
    nb = notebook(
        "### BEGIN SOLUTION\nanswer = (1, 3, 12, 15)\nlo, hi = 1, 2\nn: int = 3\n### END SOLUTION\n"
        "check('answer', answer)"
    )
    assert code_cells(make(nb))[0].source == (
        "# Exercise 3: replace ... with your answer\nanswer = ...\nlo, hi = ..., ...\nn = ...\n"
        "check('answer', answer)"
    )


def test_blocks_take_the_number_of_the_next_check_even_across_cells():
    nb = notebook(
        "def g():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION",
        "def f(x):\n\n    ### BEGIN SOLUTION\n    return g() + x\n    ### END SOLUTION",
        "MD:some text",
        "result = check('f', f)",
    )
    sources = [c.source for c in code_cells(make(nb))]
    assert sources[0].endswith('raise NotImplementedError("Exercise 2: implement f(x)")')
    assert sources[1].endswith('raise NotImplementedError("Exercise 2: implement f(x)")')


def test_outputs_cleared_other_cells_and_metadata_kept_solution_only_dropped():
    nb = notebook(
        "MD:# Title",
        "x = 1\nprint(x)",
        "print('only in solutions')",
        "MD:end",
        tags={1: ["keep-me"], 2: ["solution-only"]},
    )
    nb.cells[1].metadata["execution"] = {"iopub.status.busy": "2024-01-01"}
    nb.cells[1].metadata["custom"] = {"a": 1}
    out = make(nb, badge=False)
    assert [c.id for c in out.cells] == [gen.NOTE_ID, "c0", "c1", "c3"]
    kept = out.cells[2]
    assert kept.source == "x = 1\nprint(x)" and kept.outputs == [] and kept.execution_count is None
    assert kept.metadata == {"tags": ["keep-me"], "custom": {"a": 1}}
    assert out.cells[1] == nb.cells[0] and out.cells[3] == nb.cells[3]
    assert out.metadata["generated_from"] == SOURCE and out.metadata["kernelspec"]["name"] == "python3"
    assert nb.cells[1].outputs, "the input notebook must not be modified"


def test_badge_points_at_the_exercise_notebook():
    nb = notebook("MD:text")
    out = make(nb)
    assert out.cells[0].id == gen.BADGE_ID and "blob/main/exercises/99_unit.ipynb" in out.cells[0].source
    assert out.cells[1].id == gen.NOTE_ID and "edit that one" in out.cells[1].source
    assert gen.render(make(out)) == gen.render(out), "regenerating from a generated notebook changes nothing"


@pytest.mark.parametrize(
    "source, words",
    [
        ("def f(x):\n    ### BEGIN SOLUTION\n    return x\ncheck('f', f)", ["without a matching"]),
        ("def f(x):\n    return x\n    ### END SOLUTION\ncheck('f', f)", ["without a", "before it"]),
        (
            "def f(x):\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n"
            "check('f', f)",
            ["inside the block"],
        ),
        (
            "def f(x):\n    ### BEGIN SOLUTION\n    return x\n### END SOLUTION\ncheck('f', f)",
            ["indented differently"],
        ),
        (
            "def f(x):\n    ## BEGIN SOLUTION\n    return x\n    ### END SOLUTION\ncheck('f', f)",
            ["malformed"],
        ),
        ("def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION", ["no check("]),
        ("### BEGIN SOLUTION\nprint(3)\n### END SOLUTION\ncheck('answer', 1)", ["only assignments"]),
        (
            "for i in range(2):\n    ### BEGIN SOLUTION\n    y = i\n    ### END SOLUTION\ncheck('f', 1)",
            ["inside a function"],
        ),
        (
            "def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\ncheck('other', f)",
            ["lesson 98"],
        ),
        (
            "def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\ncheck('nope', f)",
            ["no known"],
        ),
    ],
)
def test_bad_notebooks_give_a_clear_error(source, words):
    with pytest.raises(gen.GeneratorError) as info:
        make(notebook("MD:intro", source))
    message = str(info.value)
    assert message.startswith(f"{SOURCE}, cell 2 (id 'c1')")
    for word in words:
        assert word in message


def test_the_command_line_writes_checks_and_removes_orphans(tmp_path, monkeypatch, capsys):
    (tmp_path / "solutions").mkdir()
    monkeypatch.setattr(gen, "ROOT", tmp_path)
    monkeypatch.setattr(gen, "SOLUTIONS", tmp_path / "solutions")
    monkeypatch.setattr(gen, "EXERCISES", tmp_path / "exercises")
    monkeypatch.setattr(gen, "registry_lookup", lambda name: LOOKUP[name])
    solution = tmp_path / "solutions" / "99_unit.ipynb"
    nbformat.write(
        notebook("def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION", "check('f', f)"),
        solution,
    )

    assert gen.main(["--check"]) == 1
    assert "exercises/99_unit.ipynb (missing" in capsys.readouterr().out
    assert gen.main([]) == 0
    first = (tmp_path / "exercises" / "99_unit.ipynb").read_bytes()
    assert gen.main([]) == 0 and (tmp_path / "exercises" / "99_unit.ipynb").read_bytes() == first
    assert gen.main(["--check"]) == 0

    nb = nbformat.read(solution, as_version=4)
    nb.cells[1].source = "check('f', f)  # changed"
    nbformat.write(nb, solution)
    capsys.readouterr()
    assert gen.main(["--check"]) == 1
    assert "exercises/99_unit.ipynb (differs from solutions/99_unit.ipynb)" in capsys.readouterr().out

    gen.main([])
    solution.rename(tmp_path / "solutions" / "99_renamed.ipynb")
    capsys.readouterr()
    assert gen.main(["--check"]) == 1
    assert "99_unit.ipynb (its solutions notebook is gone)" in capsys.readouterr().out
    assert gen.main([]) == 0 and not (tmp_path / "exercises" / "99_unit.ipynb").exists()

    nbformat.write(
        notebook("def f(x):\n    ### BEGIN SOLUTION\n    return x\n"), tmp_path / "solutions" / "99_bad.ipynb"
    )
    assert gen.main(["--check"]) == 2
    assert "without a matching" in capsys.readouterr().err
