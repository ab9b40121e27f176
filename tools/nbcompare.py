"""Compare a freshly executed copy of a notebook with its stored outputs, by strict nbval's own rules.

``pytest --nbval`` executes a notebook in a kernel it starts itself and compares each code cell's new
outputs with the stored ones. The browser test already executes every lesson, in JupyterLab; running
the lessons a second time only to compare them would double the cost of ``make test``. This module does
nbval's comparison on the notebook the browser test saved, with nbval's functions, not a copy of them:

- the cell options come from nbval's markers (``# NBVAL_IGNORE_OUTPUT``, ``# NBVAL_SKIP``, the
  ``nbval-ignore-output`` / ``raises-exception`` tags, ...), read by ``nbval.plugin.find_comment_markers``
  and ``find_metadata_tags``; in strict mode every other cell is checked;
- streams are merged by ``nbval.plugin.coalesce_streams`` on both sides;
- the sanitizers are read from ``tests/nbval_sanitize.cfg`` by ``nbval.plugin.get_sanitize_patterns``;
- the comparison itself is ``nbval.plugin.IPyNbCell.compare_outputs``, with nbval's default
  ``skip_compare`` keys (metadata, execution counts, widget model ids, PNG/JPEG images).

One difference, in the direction of the stored outputs: the front end applies ``clear_output`` and
``update_display_data`` as ``tools/run_notebooks.py`` (nbclient) did when it wrote the stored outputs,
where nbval's kernel loop ignores them. Reference cells that never ran are not compared, as in nbval.

Usage::

    python tools/nbcompare.py STORED.ipynb EXECUTED.ipynb   # exit 1 and print the differences
"""

from __future__ import annotations

import difflib
import pathlib
import sys
from collections import OrderedDict, defaultdict
from types import SimpleNamespace

import nbformat
from nbval.plugin import (
    IPyNbCell,
    coalesce_streams,
    find_comment_markers,
    find_metadata_tags,
    get_sanitize_patterns,
    nocolors,
)

ROOT = pathlib.Path(__file__).resolve().parents[1]
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
# nbval's IPyNbFile.skip_compare without --nbdime (nbval 0.11)
SKIP_COMPARE = ("metadata", "traceback", "prompt_number", "output_type", "name", "execution_count",
                "application/vnd.jupyter.widget-view+json", "image/png", "image/jpeg")


class _Cell:
    """The part of nbval's ``IPyNbCell`` that ``compare_outputs`` uses."""

    colors = nocolors
    sanitize = IPyNbCell.sanitize
    compare_outputs = IPyNbCell.compare_outputs

    def __init__(self, patterns: OrderedDict):
        self.parent = SimpleNamespace(skip_compare=SKIP_COMPARE, sanitize_patterns=patterns)
        self.comparison_traceback: list[str] = []

    def format_output_compare(self, key, left, right):   # nbval's version needs a pytest session
        self.comparison_traceback.append(f"mismatch {key!r}:")
        if isinstance(left, str) and isinstance(right, str):
            diff = difflib.unified_diff(left.splitlines(), right.splitlines(), "stored", "executed", lineterm="", n=1)
            self.comparison_traceback.extend("  " + line for line in diff)
        else:
            self.comparison_traceback.append(f"  stored:   {left!r}\n  executed: {right!r}")


def _options(cell) -> dict:
    options = defaultdict(bool, find_metadata_tags(cell.metadata))
    options.update(dict(find_comment_markers(cell.source)))
    options.setdefault("check", True)
    return options


def compare_notebooks(stored, executed, sanitize: pathlib.Path | None = SANITIZE) -> list[str]:
    """Compare the code-cell outputs of ``executed`` with those stored in ``stored``, as strict nbval does.

    Parameters
    ----------
    stored, executed : str, pathlib.Path or nbformat.NotebookNode
        The notebook with the reference outputs, and a copy of it executed top to bottom.
    sanitize : pathlib.Path or None
        An nbval sanitize file (``regex:`` / ``replace:`` pairs); default ``tests/nbval_sanitize.cfg``.

    Returns
    -------
    list of str
        One entry per differing cell ("Cell N: ..." with N counted over code cells, as nbval names them);
        empty when every checked cell agrees.
    """
    ref, new = (nb if isinstance(nb, nbformat.NotebookNode) else nbformat.read(str(nb), as_version=4)
                for nb in (stored, executed))
    patterns = OrderedDict(get_sanitize_patterns(pathlib.Path(sanitize).read_text())) if sanitize else OrderedDict()
    ref_code = [c for c in ref.cells if c.cell_type == "code"]
    new_code = [c for c in new.cells if c.cell_type == "code"]
    if [c.source for c in ref_code] != [c.source for c in new_code]:
        return ["the executed copy's code cells differ from the stored notebook's"]
    problems = []
    for n, (r, t) in enumerate(zip(ref_code, new_code)):
        options = _options(r)
        if options["skip"] or not options["check"] or r.execution_count is None:
            continue
        cell = _Cell(patterns)
        if not cell.compare_outputs(coalesce_streams(nbformat.from_dict(t.outputs)),
                                    coalesce_streams(nbformat.from_dict(r.outputs))):
            first = r.source.strip().splitlines()[0][:70] if r.source.strip() else ""
            problems.append(f"Cell {n} ({first!r}): outputs differ from the stored ones\n"
                            + "\n".join(cell.comparison_traceback))
    return problems


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print(__doc__.split("Usage::")[1].strip())
        return 2
    problems = compare_notebooks(*argv)
    for p in problems:
        print(p)
    print(f"{len(problems)} cell(s) differ")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
