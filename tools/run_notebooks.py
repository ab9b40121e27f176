"""Execute notebooks in place on a fresh kernel: the one command that produces stored outputs.

Usage (normally through ``make notebooks``)::

    python tools/run_notebooks.py [--jobs N] [PATH ...]

PATH may be notebooks or folders; default ``notebooks/`` and ``solutions/``. Each notebook runs top to
bottom in its own folder with the ``python3`` kernel of the interpreter running this script (the
course's .venv). Timing metadata is not recorded so that re-running an unchanged notebook gives a
clean ``git diff``. A notebook that raises (outside cells tagged ``raises-exception``) is not
written, and the script exits 1. Per-notebook wall times are printed.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import time
from concurrent.futures import ProcessPoolExecutor

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEFAULT = ["notebooks", "solutions"]


def find(paths: list[str]) -> list[pathlib.Path]:
    found = []
    for p in paths or DEFAULT:
        path = (ROOT / p) if not pathlib.Path(p).is_absolute() else pathlib.Path(p)
        if path.is_dir():
            found += sorted(q for q in path.glob("*.ipynb") if ".ipynb_checkpoints" not in q.parts)
        elif path.suffix == ".ipynb" and path.exists():
            found.append(path)
        else:
            raise SystemExit(f"run_notebooks: no notebook at {p}")
    return found


def execute(path: pathlib.Path) -> tuple[str, float, str | None]:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    os.environ.pop("MPLBACKEND", None)  # let the kernel use the inline backend
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=600,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as exc:
        return str(path.relative_to(ROOT)), time.perf_counter() - start, str(exc)[-2000:]
    seconds = time.perf_counter() - start
    nbformat.write(nb, path)
    return str(path.relative_to(ROOT)), seconds, None



def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    paths = find(args.paths)
    failed = 0
    total = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for name, seconds, error in pool.map(execute, paths):
            if error:
                failed += 1
                print(f"FAILED {name} after {seconds:.1f} s\n{error}", file=sys.stderr)
            else:
                print(f"{seconds:6.1f} s  {name}")
    print(f"{len(paths) - failed}/{len(paths)} notebooks executed in {time.perf_counter() - total:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
