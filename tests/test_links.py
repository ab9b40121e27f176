"""Every relative link in a notebook's Markdown (lessons, exercises, solutions) and in the READMEs points to a
file that exists: a renamed lesson must not leave dead links behind."""

import json
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for d in ("notebooks", "exercises", "solutions") for p in (ROOT / d).glob("*.ipynb"))
READMES = sorted([ROOT / "README.md", *ROOT.glob("*/README.md")])
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _relative_targets(text: str):
    for m in LINK.finditer(text):
        target = m.group(1).split("#")[0]
        if target and not re.match(r"[a-z]+:", target):   # http:, https:, mailto: ... are not checked here
            yield target


def _markdown(path: pathlib.Path) -> str:
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


@pytest.mark.parametrize("path", NOTEBOOKS + READMES, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(path):
    dead = [t for t in _relative_targets(_markdown(path)) if not (path.parent / t).exists()]
    assert not dead, f"{path.relative_to(ROOT)}: links to files that do not exist: {dead}"


def test_a_dead_link_is_found(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("[ok](page.md) [web](https://example.org/x.ipynb) [dead](08_no_such_lesson.ipynb#top)")
    assert [t for t in _relative_targets(_markdown(page)) if not (tmp_path / t).exists()] == [
        "08_no_such_lesson.ipynb"]
