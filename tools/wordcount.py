"""Count the words of each lesson's main path: its Markdown cells before the appendix.

A lesson's main path ends at the first Markdown heading ``## Check it yourself`` (the appendix of
exhaustive checks and internals asides); a lesson without one is all main path. Words are runs of
non-space characters, formulas included, code cells excluded.

Usage::

    python tools/wordcount.py                  # a table of every lesson
    python tools/wordcount.py --max 2200       # exit 1 when a main path is longer
    python tools/wordcount.py notebooks/04_bilinear_and_coordinates.ipynb
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
APPENDIX = re.compile(r"^##\s+Check it yourself", re.M)


def main_path_words(path: pathlib.Path) -> tuple[int, int]:
    """Return (words before the appendix, words in the appendix) of the notebook's Markdown cells."""
    nb = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    main = appendix = 0
    in_appendix = False
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        src = "".join(cell["source"])
        m = APPENDIX.search(src)
        if m and not in_appendix:
            main += len(src[: m.start()].split())
            appendix += len(src[m.start():].split())
            in_appendix = True
            continue
        if in_appendix:
            appendix += len(src.split())
        else:
            main += len(src.split())
    return main, appendix


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=pathlib.Path)
    parser.add_argument("--max", type=int, default=None, help="fail when a main path has more words")
    args = parser.parse_args(argv)
    paths = args.paths or sorted((ROOT / "notebooks").glob("*.ipynb"))
    too_long = []
    print(f"{'lesson':48s} {'main path':>9s} {'appendix':>9s}")
    for p in paths:
        main_words, appendix_words = main_path_words(p)
        flag = ""
        if args.max is not None and main_words > args.max:
            too_long.append(p.name)
            flag = f"  > {args.max}"
        print(f"{p.name:48s} {main_words:9d} {appendix_words:9d}{flag}")
    if too_long:
        print(f"main path longer than {args.max} words: {', '.join(too_long)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
