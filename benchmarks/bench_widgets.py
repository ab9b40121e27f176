"""Time every lesson widget's redraw over a sweep of its controls; print p50/p95 per widget.

Run with ``make bench`` (a measurement, not a test). Each ``*_widget`` builder in ``helpers.figures.lNN_*``
is built once; then each control in turn is moved through up to ``--steps`` values of its range (sliders)
or options (dropdowns, toggles), and ``box.update()`` (compute + draw + PNG encode, exactly what a slider
move costs in the kernel) is timed. Target: p50 < 50 ms, p95 < 150 ms on a 2-core machine.
Wall-clock time is what a reader waits; the process CPU time is printed beside it because on a shared,
busy machine the wall clock mostly measures the other processes. ``--json FILE`` writes the figures.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pathlib
import pkgutil
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

import helpers  # noqa: E402
import helpers.figures  # noqa: E402


def control_values(control, steps: int):
    options = getattr(control, "options", None)
    if options:
        values = [o[1] if isinstance(o, tuple) else o for o in options]
    elif hasattr(control, "min") and hasattr(control, "max"):
        lo, hi = control.min, control.max
        values = [lo + (hi - lo) * i / max(steps - 1, 1) for i in range(steps)]
        if isinstance(control.value, int) and not isinstance(control.value, bool):
            values = sorted({int(round(v)) for v in values})
    elif isinstance(control.value, bool):
        values = [not control.value, control.value]
    else:
        values = []
    if len(values) > steps:
        values = [values[round(i * (len(values) - 1) / (steps - 1))] for i in range(steps)]
    return values


def sweep(build, steps: int):
    import matplotlib.pyplot as plt

    box = build()
    times, cpu = [], []
    for control in box.controls.values():
        start = control.value
        for value in control_values(control, steps):
            try:
                control.value = value  # the observer redraws once...
            except Exception:
                continue
            c0 = time.process_time()
            times.append(box.update())  # ...and this timed call redraws again
            cpu.append(time.process_time() - c0)
        control.value = start
    plt.close("all")
    return times, cpu


def _quantiles(values):
    """(p50, p95) of ``values``."""
    qs = statistics.quantiles(values, n=20) if len(values) > 1 else [values[0]] * 19
    return statistics.median(values), qs[18]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=6)
    parser.add_argument("--json", type=pathlib.Path)
    args = parser.parse_args(argv)
    helpers.setup(frameworks=False)
    rows = []
    print(f"{'widget':52s} {'n':>4s} {'p50 ms':>8s} {'p95 ms':>8s} {'cpu p50':>8s} {'cpu p95':>8s}")
    for info in pkgutil.iter_modules(helpers.figures.__path__):
        module = importlib.import_module(f"helpers.figures.{info.name}")
        for name in sorted(n for n in dir(module) if n.endswith("_widget") and callable(getattr(module, n))):
            times, cpu = sweep(getattr(module, name), args.steps)
            if not times:
                continue
            p50, p95 = _quantiles(times)
            c50, c95 = _quantiles(cpu)
            rows.append({"widget": f"{info.name}.{name}", "n": len(times), "p50_ms": p50 * 1e3, "p95_ms": p95 * 1e3,
                         "cpu_p50_ms": c50 * 1e3, "cpu_p95_ms": c95 * 1e3})
            flag = "" if p50 < 0.05 and p95 < 0.15 else "  (over target)"
            print(f"{info.name + '.' + name:52s} {len(times):4d} {p50 * 1e3:8.1f} {p95 * 1e3:8.1f} "
                  f"{c50 * 1e3:8.1f} {c95 * 1e3:8.1f}{flag}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
