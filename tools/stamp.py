"""Stamp what notebooks must share: Colab badges, the setup cell's URL, and the welcome course map.

The URL is written once, in ``pyproject.toml`` (``[project.urls] Repository``). This tool stamps it
into each notebook of ``notebooks/``, ``solutions/`` and ``exercises/``:

- the first cell is a markdown cell holding only the "Open in Colab" badge for that notebook's path;
- the ``pip install ... git+URL`` line of the setup cell uses the same URL.

The welcome notebook's markdown cell with id ``course-map`` is rewritten from ``helpers.course.LESSONS``,
linking the lessons (and exercises) that exist and marking the rest as planned.

``python tools/stamp.py`` rewrites notebooks that differ; ``--check`` only reports them (exit 1).
``tests/test_notebooks.py`` fails when a notebook is out of date.
"""

from __future__ import annotations

import argparse
import pathlib
import re
import sys

import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[1]
FOLDERS = ("notebooks", "solutions", "exercises")
BADGE_ID = "colab-badge"
_GIT_URL = re.compile(r"git\+https://github\.com/[\w.-]+/[\w.-]+")
SETUP_HEAD = """# Setup: works with the package installed, from a clone of the repository, and on Colab.
import os, sys, pathlib
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2"); os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
try:
    import helpers
except ImportError:
    if "google.colab" in sys.modules:
        !pip install -q --no-deps git+{url}
    else:
        here = pathlib.Path.cwd()
        sys.path.insert(0, str(next(p for p in [here, *here.parents] if (p / "helpers").is_dir())))
    import helpers
"""
"""The setup cell up to its last line; the last line (``rng = helpers.setup(...)``) is the notebook's own."""


def repository_url() -> str:
    """The repository URL from pyproject.toml, without a trailing slash or .git."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    url = data["project"]["urls"]["Repository"].rstrip("/")
    return url.removesuffix(".git")


def badge_markdown(relpath: str, url: str | None = None) -> str:
    """The badge line for the notebook at ``relpath`` (relative to the repository root, '/' separated)."""
    url = url or repository_url()
    owner_repo = url.split("github.com/", 1)[1]
    target = f"https://colab.research.google.com/github/{owner_repo}/blob/main/{relpath}"
    return f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({target})"


def stamp(nb, relpath: str, url: str | None = None) -> bool:
    """Put the badge cell first and the URL into the setup cell; return True if ``nb`` changed."""
    import nbformat

    url = url or repository_url()
    badge = badge_markdown(relpath, url)
    changed = False
    first = nb.cells[0] if nb.cells else None
    if first is not None and first.cell_type == "markdown" and first.get("id") == BADGE_ID:
        if first.source != badge:
            first.source = badge
            changed = True
    else:
        cell = nbformat.v4.new_markdown_cell(badge)
        cell["id"] = BADGE_ID
        nb.cells.insert(0, cell)
        changed = True
    code = [c for c in nb.cells if c.cell_type == "code"]
    if code and code[0].source.startswith("# Setup:"):
        last = code[0].source.rstrip().splitlines()[-1]
        if not last.startswith("rng = helpers.setup("):
            last = "rng = helpers.setup()"
        new = SETUP_HEAD.format(url=url) + last
        if code[0].source != new:
            code[0].source = new
            changed = True
    return changed


def course_map_markdown() -> str:
    """The course map for the welcome notebook, from ``helpers.course.LESSONS`` and the files present."""
    sys.path.insert(0, str(ROOT))
    from helpers.course import LESSONS

    lines = ["## Course map", ""]
    for lesson in LESSONS[1:]:
        if (ROOT / "notebooks" / lesson.filename).exists():
            line = f"- **{lesson.number}** [{lesson.title}]({lesson.filename}): {lesson.summary}"
            if (ROOT / "exercises" / lesson.filename).exists():
                line += f" · [exercises](../exercises/{lesson.filename})"
        else:
            line = f"- **{lesson.number}** {lesson.title}: {lesson.summary} (planned)"
        lines.append(line)
    return "\n".join(lines)


def stamp_course_map(nb) -> bool:
    """Rewrite the cell with id ``course-map``; return True if it changed."""
    text = course_map_markdown()
    for cell in nb.cells:
        if cell.get("id") == "course-map":
            if cell.source != text:
                cell.source = text
                return True
            return False
    raise SystemExit("stamp: the welcome notebook has no markdown cell with id 'course-map'")


def notebooks(folders=FOLDERS):
    for folder in folders:
        yield from sorted((ROOT / folder).glob("*.ipynb"))


def main(argv=None) -> int:
    import nbformat

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report out-of-date notebooks, write nothing")
    args = parser.parse_args(argv)
    url = repository_url()
    stale = []
    for path in notebooks():
        nb = nbformat.read(path, as_version=4)
        rel = path.relative_to(ROOT).as_posix()
        changed = stamp(nb, rel, url)
        if rel == "notebooks/00_welcome.ipynb":
            changed = stamp_course_map(nb) or changed
        if changed:
            stale.append(rel)
            if not args.check:
                nbformat.write(nb, path)
    verb = "out of date" if args.check else "stamped"
    for rel in stale:
        print(f"{verb}: {rel}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
