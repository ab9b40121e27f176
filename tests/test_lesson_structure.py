"""Every lesson has the second edition's shape (#14): a main path of at most 2,200 words (Markdown before
the '## Check it yourself' appendix, counted by tools/wordcount.py), a References section in the main path,
and the appendix last."""

import json
import pathlib
import re
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from wordcount import APPENDIX, main_path_words  # noqa: E402

MAX_WORDS = 2200
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# 00 is the welcome page (course map, environment report): no lesson story, no appendix needed.
STORIES = [p for p in LESSONS if not p.name.startswith("00_")]


def _headings(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [line for c in cells if c["cell_type"] == "markdown"
            for line in "".join(c["source"]).splitlines() if line.startswith("#")]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_main_path_is_short(path):
    words, _ = main_path_words(path)
    assert words <= MAX_WORDS, f"{path.name}: main path {words} words > {MAX_WORDS} (tools/wordcount.py)"


@pytest.mark.parametrize("path", STORIES, ids=lambda p: p.stem)
def test_references_then_appendix_last(path):
    heads = _headings(path)
    refs = [i for i, h in enumerate(heads) if re.match(r"##\s+References\b", h)]
    appendix = [i for i, h in enumerate(heads) if APPENDIX.match(h)]
    assert refs, f"{path.name}: no '## References' section"
    assert len(appendix) == 1, f"{path.name}: expected one '## Check it yourself' appendix"
    assert refs[0] < appendix[0], f"{path.name}: References belong to the main path, before the appendix"
    later = [h for h in heads[appendix[0] + 1:] if re.match(r"##\s", h)]
    assert not later, f"{path.name}: '## Check it yourself' must be the last level-2 section, found {later}"


def test_wordcount_counts_only_the_main_path(tmp_path):
    nb = {"cells": [{"cell_type": "markdown", "source": "one two three"},
                    {"cell_type": "code", "source": "x = 1 + 2 + 3"},
                    {"cell_type": "markdown", "source": "four\n\n## Check it yourself\n\nfive six"},
                    {"cell_type": "markdown", "source": "seven"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps(nb))
    assert main_path_words(path) == (4, 7)   # the heading counts in the appendix
