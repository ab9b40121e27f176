"""Generate the student notebooks ``exercises/NN_topic.ipynb`` from ``solutions/NN_topic.ipynb``.

The solutions notebook is the one source: it is written by hand and executed (its stored outputs are
real); the exercise notebook is derived from it here and never edited by hand.

Usage::

    python tools/make_exercises.py            # (re)write exercises/ from every solutions/*.ipynb
    python tools/make_exercises.py --check    # write nothing; list drifted files and exit 1 if any
    python tools/make_exercises.py solutions/02_nearest_resizing.ipynb   # just these

How it fits: ``make exercises`` runs the first form. ``make notebooks`` runs ``tools/stamp.py``, then
re-executes ``notebooks/`` and ``solutions/`` in place (``tools/run_notebooks.py``), then this
script, so a changed solution always ends with a regenerated exercise notebook.
``tests/test_exercises.py`` fails when ``exercises/`` differs from what this script produces.

What it does to each notebook (deterministic: running it twice gives byte-identical files):

- Solution code sits between a ``### BEGIN SOLUTION`` line and a ``### END SOLUTION`` line (the
  nbgrader markers) in code cells. Each block is replaced, markers included:

  * an **indented** block (it must be inside a function body) becomes
    ``<indent># YOUR CODE HERE`` and ``<indent>raise NotImplementedError("Exercise N: <title>")``;
  * a block at **column 0** may hold only assignments (``answer = (1, 3, 12, 15)``); it becomes
    ``# Exercise N: replace ... with your answer`` and each target set to ``...``
    (``answer = ...``), which ``check`` reports as "not attempted" (exercise notebooks must run clean
    under ``pytest --nbval-lax``, so top-level code cannot raise).

- Exercise numbers and titles come from the registry (``helpers/exercises/lNN_*.py``), never from
  counting blocks: a block belongs to the exercise of the first ``check("name", ...)`` call after its
  END marker (later in the same cell, or in a following cell). So one exercise may have several
  blocks, and a block with no check after it is an error. The exercise's lesson must match the
  notebook's ``NN_`` prefix.
- Cells tagged ``solution-only`` are dropped (use it for cells that call the learner's function
  directly: in the exercise notebook that function raises NotImplementedError).
- Outputs and execution counts are cleared and cell timing metadata (``execution``) dropped; all
  other cells, ids and metadata are kept as they are.
- A markdown cell saying the notebook is generated from ``solutions/...`` is put first, followed
  by the Colab badge of the exercise notebook's own path (``tools/stamp.py``), and the notebook
  metadata gets ``"generated_from": "solutions/..."``.
- Generated notebooks whose solution no longer exists are removed (``--check`` reports them).

Unbalanced or malformed markers, an indented block outside a function, a top-level block that is
not only assignments, or an unknown check name stop the script with a message naming the notebook,
cell and line (exit status 2).
"""

from __future__ import annotations

import argparse
import ast
import copy
import importlib.util
import json
import pathlib
import re
import sys
from collections.abc import Callable, Mapping
from typing import NamedTuple

TOOLS = pathlib.Path(__file__).resolve().parent
ROOT = TOOLS.parent
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
SOLUTION_ONLY = "solution-only"
NOTE_ID = "generated-from"
BADGE_ID = "colab-badge"
_MARKER = re.compile(r"^\s*###\s(BEGIN|END) SOLUTION\s*$")
_NEAR_MARKER = re.compile(r"^\s*#+\s*(BEGIN|END)\s+SOLUTIONS?\b", re.IGNORECASE)
_CHECK_CALL = re.compile(r"""\bcheck\(\s*(['"])([A-Za-z_]\w*)\1""")

__all__ = ["GeneratorError", "make_exercise", "render", "generate", "main", "note_markdown"]


class GeneratorError(ValueError):
    """A solutions notebook that cannot be turned into an exercise notebook (bad markers and the like)."""


class Block(NamedTuple):
    cell: int  # index of the cell in the solutions notebook
    begin: int  # line index of the BEGIN marker within the cell
    end: int  # line index of the END marker
    indent: str


def note_markdown(source_rel: str) -> str:
    return (
        f"*This notebook is generated from `{source_rel}` by `make exercises`: authors, edit that one, "
        "not this file.* Work here: replace each `raise NotImplementedError(...)` or `...` with your "
        "answer, run the cell, then run the `check(...)` after it."
    )


def _where(path: str, index: int, cell, line: int | None = None) -> str:
    cid = cell.get("id")
    text = f"{path}, cell {index + 1}" + (f" (id {cid!r})" if cid else "")
    return text + (f", line {line + 1}" if line is not None else "")


def find_blocks(source: str, index: int, cell, path: str) -> list[Block]:
    """The BEGIN/END SOLUTION blocks of one code cell, validated."""
    blocks, open_at = [], None
    for i, line in enumerate(source.split("\n")):
        match = _MARKER.match(line)
        if not match:
            if _NEAR_MARKER.match(line):
                raise GeneratorError(
                    f"{_where(path, index, cell, i)}: malformed marker {line.strip()!r}; "
                    f"write exactly {BEGIN!r} or {END!r}"
                )
            continue
        indent = line[: len(line) - len(line.lstrip())]
        if match.group(1) == "BEGIN":
            if open_at is not None:
                raise GeneratorError(
                    f"{_where(path, index, cell, i)}: {BEGIN} inside the block opened on "
                    f"line {open_at[0] + 1} (missing {END})"
                )
            open_at = (i, indent)
        else:
            if open_at is None:
                raise GeneratorError(f"{_where(path, index, cell, i)}: {END} without a {BEGIN} before it")
            if indent != open_at[1]:
                raise GeneratorError(
                    f"{_where(path, index, cell, i)}: {END} is indented differently from "
                    f"the {BEGIN} on line {open_at[0] + 1}"
                )
            blocks.append(Block(index, open_at[0], i, open_at[1]))
            open_at = None
    if open_at is not None:
        raise GeneratorError(f"{_where(path, index, cell, open_at[0])}: {BEGIN} without a matching {END}")
    return blocks


def _in_function(source: str, line: int) -> bool | None:
    """True if 0-based ``line`` lies inside a def's body; None if the cell is not plain Python."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.lineno - 1 < line <= (node.end_lineno or 0) - 1:
                return True
    return False


def _assignment_stub(body: str, number: int, where: str) -> list[str]:
    try:
        tree = ast.parse(body)
    except SyntaxError as exc:
        raise GeneratorError(
            f"{where}: the top-level solution block is not plain Python ({exc.msg})"
        ) from None
    targets: dict[str, int] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            found = stmt.targets
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            found = [stmt.target]
        else:
            raise GeneratorError(
                f"{where}: a solution block at column 0 may hold only assignments (it becomes `name = ...`), "
                f"found {type(stmt).__name__}; move the code into a function or out of the block"
            )
        for target in found:
            if isinstance(target, ast.Tuple) and all(isinstance(e, ast.Name) for e in target.elts):
                targets.setdefault(", ".join(e.id for e in target.elts), len(target.elts))
            elif isinstance(target, ast.Name):
                targets.setdefault(target.id, 0)
            else:
                raise GeneratorError(
                    f"{where}: assign to plain names in a top-level solution block, "
                    f"not {ast.unparse(target)!r}"
                )
    if not targets:
        raise GeneratorError(f"{where}: the top-level solution block assigns nothing")
    lines = [f"# Exercise {number}: replace ... with your answer"]
    for text, n in targets.items():
        lines.append(f"{text} = {', '.join(['...'] * n) if n else '...'}")
    return lines


Lookup = Callable[[str], tuple] | Mapping[str, tuple]


def registry_lookup(name: str) -> tuple[str, int, str]:
    """(lesson, number, title) of exercise ``name`` from ``helpers.checks``' registry."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from helpers.checks import UnknownExercise, get_exercise, load_exercises

    load_exercises(strict=True)
    try:
        exercise = get_exercise(name)
    except UnknownExercise as exc:
        raise GeneratorError(str(exc)) from None
    return exercise.lesson, exercise.number, exercise.title


def _lookup(lookup: Lookup | None, name: str, where: str) -> tuple[str, int, str]:
    if lookup is None:
        try:
            return registry_lookup(name)
        except GeneratorError as exc:
            raise GeneratorError(f"{where}: check({name!r}, ...): {exc}") from None
    if isinstance(lookup, Mapping):
        if name not in lookup:
            raise GeneratorError(f"{where}: check({name!r}, ...) names no known exercise")
        return tuple(lookup[name])
    return tuple(lookup(name))


_STAMP = None


def _stamp_module():
    """tools/stamp.py (badges and the setup cell's URL), loaded once."""
    global _STAMP
    if _STAMP is None:
        spec = importlib.util.spec_from_file_location("_stamp_tool", TOOLS / "stamp.py")
        _STAMP = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(_STAMP)
    return _STAMP


def make_exercise(
    nb, source_rel: str, target_rel: str | None = None, lookup: Lookup | None = None, badge: bool = True
):
    """Return the exercise notebook made from solutions notebook ``nb`` (not modified).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The solutions notebook.
    source_rel : str
        Its path relative to the repository root (``solutions/NN_topic.ipynb``), used in messages, the
        note cell and the metadata. Its ``NN_`` prefix, if any, must match each exercise's lesson.
    target_rel : str, optional
        The exercise notebook's path (default: the same name under ``exercises/``), for its badge.
    lookup : mapping or callable, optional
        Exercise name -> (lesson, number, title). Default: the ``helpers.checks`` registry.
    badge : bool, default True
        Stamp the Colab badge (``tools/stamp.py``) as the first cell.
    """
    import nbformat

    nb = copy.deepcopy(nb)
    target_rel = target_rel or f"exercises/{pathlib.PurePosixPath(source_rel).name}"
    prefix = re.match(r"(\d\d)_", pathlib.PurePosixPath(source_rel).name)
    lesson = prefix.group(1) if prefix else None
    original = list(enumerate(nb.cells))
    kept = [
        (i, c)
        for i, c in original
        if SOLUTION_ONLY not in c.get("metadata", {}).get("tags", [])
        and c.get("id") not in (BADGE_ID, NOTE_ID)
    ]

    # The check calls after each position, to number the blocks.
    calls = []  # (cell index, line index, name) in order
    for i, cell in kept:
        if cell.cell_type == "code":
            for j, line in enumerate(cell.source.split("\n")):
                calls += [(i, j, m.group(2)) for m in _CHECK_CALL.finditer(line)]

    new_cells = []
    for i, cell in kept:
        cell = copy.deepcopy(cell)
        if cell.cell_type == "code":
            blocks = find_blocks(cell.source, i, cell, source_rel)
            lines = cell.source.split("\n")
            for block in reversed(blocks):
                where = _where(source_rel, i, cell, block.begin)
                after = next(((ci, lj, name) for ci, lj, name in calls if (ci, lj) > (i, block.end)), None)
                if after is None:
                    raise GeneratorError(
                        f'{where}: no check("name", ...) call after this solution block; '
                        "each block must be followed by the check of its exercise"
                    )
                ex_lesson, number, title = _lookup(lookup, after[2], where)
                if lesson is not None and ex_lesson != lesson:
                    raise GeneratorError(
                        f"{where}: exercise {after[2]!r} belongs to lesson {ex_lesson}, "
                        f"but this notebook is lesson {lesson}"
                    )
                if block.indent:
                    inside = _in_function(cell.source, block.begin)
                    if inside is False:
                        raise GeneratorError(
                            f"{where}: an indented solution block must be inside a function body (it becomes "
                            "`raise NotImplementedError`, which would stop the exercise notebook); put it in "
                            "a function or at column 0 as assignments"
                        )
                    message = json.dumps(f"Exercise {number}: {title}", ensure_ascii=False)
                    stub = [
                        f"{block.indent}# YOUR CODE HERE",
                        f"{block.indent}raise NotImplementedError({message})",
                    ]
                else:
                    body = "\n".join(lines[block.begin + 1 : block.end])
                    stub = _assignment_stub(body, number, where)
                lines[block.begin : block.end + 1] = stub
            cell.source = "\n".join(lines)
            cell.outputs = []
            cell.execution_count = None
        cell.get("metadata", {}).pop("execution", None)
        if "id" not in cell and nb.get("nbformat_minor", 0) >= 5:
            cell["id"] = f"cell-{i}"
        new_cells.append(cell)

    note = nbformat.v4.new_markdown_cell(note_markdown(source_rel))
    if nb.get("nbformat_minor", 0) >= 5:
        note["id"] = NOTE_ID
    else:
        note.pop("id", None)
    nb.cells = [note, *new_cells]
    nb.metadata["generated_from"] = source_rel
    if badge:
        _stamp_module().stamp(nb, target_rel)
    return nb


def render(nb) -> str:
    """The exact text ``nbformat.write`` puts in the file (trailing newline included)."""
    import nbformat

    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def generate(solution: pathlib.Path, lookup: Lookup | None = None) -> tuple[pathlib.Path, object, str]:
    """(target path, exercise notebook, its text) for one solutions notebook."""
    import nbformat

    solution = solution.resolve()
    source_rel = solution.relative_to(ROOT).as_posix()
    target = EXERCISES / solution.name
    nb = make_exercise(
        nbformat.read(solution, as_version=4), source_rel, target.relative_to(ROOT).as_posix(), lookup
    )
    return target, nb, render(nb)


def _orphans(solutions: list[pathlib.Path]) -> list[pathlib.Path]:
    names = {p.name for p in solutions}
    found = []
    for path in sorted(EXERCISES.glob("*.ipynb")):
        if path.name in names:
            continue
        try:
            generated = "generated_from" in json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        except (OSError, ValueError):
            generated = False
        if generated:
            found.append(path)
    return found


def main(argv=None) -> int:
    import nbformat

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="write nothing; list drifted files, exit 1 if any"
    )
    parser.add_argument("solutions", nargs="*", help="solutions notebooks (default: all of solutions/)")
    args = parser.parse_args(argv)
    everything = not args.solutions
    solutions = (
        sorted(SOLUTIONS.glob("*.ipynb"))
        if everything
        else [pathlib.Path(p).resolve() for p in args.solutions]
    )
    drifted, written = [], []
    for solution in solutions:
        try:
            target, nb, text = generate(solution)
        except GeneratorError as exc:
            print(f"make_exercises: error: {exc}", file=sys.stderr)
            return 2
        rel = target.relative_to(ROOT).as_posix()
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            continue
        if args.check:
            drifted.append(
                f"{rel} ({'missing' if current is None else 'differs from'} "
                f"{solution.relative_to(ROOT).as_posix()})"
            )
        else:
            target.parent.mkdir(exist_ok=True)
            nbformat.write(nb, target)
            written.append(rel)
    if everything:
        for orphan in _orphans(solutions):
            rel = orphan.relative_to(ROOT).as_posix()
            if args.check:
                drifted.append(f"{rel} (its solutions notebook is gone)")
            else:
                orphan.unlink()
                print(f"removed {rel} (its solutions notebook is gone)")
    if args.check:
        if drifted:
            print("exercises/ is out of date (run `make exercises`):")
            for line in drifted:
                print(f"  {line}")
            return 1
        print(f"exercises/ is up to date ({len(solutions)} notebooks)")
        return 0
    for rel in written:
        print(f"wrote {rel}")
    print(f"{len(solutions)} exercise notebooks, {len(written)} rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
