"""Speed and memory of the seven x2 upsampling layers of lesson 13, in PyTorch and Keras; prints JSON.

Run with ``make bench`` (a measurement, not a test) or directly::

    python benchmarks/bench_upsampling.py [--shape N C H W] [--repeats R] [--warmup W] [--threads T]
                                          [--frameworks torch keras] [--json FILE]

For each method (``helpers.measure.METHODS``) and framework it measures, with ``helpers.measure``, the median
forward time (inference) and forward + backward time (gradients of the input and of every weight) after
warm-up calls, the parameter count, and in PyTorch the peak memory (on the CPU: peak bytes of live tensors
created by operators; on a GPU: ``torch.cuda.max_memory_allocated``), beside the analytic multiply-adds and
bytes moved; on a GPU also the bandwidth floor (bytes / measured copy bandwidth). Times are also given as
ratios to nearest upsampling of the same framework and device. The JSON document goes to stdout, or to
``--json FILE`` (then stdout gets a one-line summary per row).

It follows lesson 13's timing rules: the thread count is fixed (``--threads``) and reported with the machine,
warm-up calls come first, each number is the median of ``--repeats`` calls, and each row carries its noise band
(``*_iqr_s``, the interquartile range of the repeats, and ``*_min_s``, the fastest call): rank two rows only when
they differ by far more than it. ``TF_ENABLE_ONEDNN_OPTS`` is reported too: set to ``0`` (as here, by default, to
silence TensorFlow's start-up message) it switches off TensorFlow's default oneDNN CPU kernels; run with
``TF_ENABLE_ONEDNN_OPTS=1`` to time the default.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import argparse  # noqa: E402
import json  # noqa: E402
import pathlib  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from helpers.measure import METHODS, benchmark, ratios, set_threads  # noqa: E402


def parse(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", type=int, nargs=4, default=[8, 64, 64, 64], metavar=("N", "C", "H", "W"),
                        help="input shape (NCHW), upsampled to (N, C, 2H, 2W); default 8 64 64 64")
    parser.add_argument("--repeats", type=int, default=5, help="timed calls per measurement (median); default 5")
    parser.add_argument("--warmup", type=int, default=2, help="untimed calls first; default 2")
    parser.add_argument("--threads", type=int, default=1,
                        help="CPU threads for PyTorch and TensorFlow; default 1 (steady on a shared machine)")
    parser.add_argument("--frameworks", nargs="+", default=["torch", "keras"], choices=["torch", "keras"])
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=list(METHODS))
    parser.add_argument("--json", metavar="FILE", help="write the JSON document here instead of stdout")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse(argv)
    threads = set_threads(args.threads)          # before TensorFlow runs anything
    import torch

    start = time.perf_counter()
    methods = list(args.methods)
    if "nearest" not in methods:
        methods.insert(0, "nearest")             # the baseline of the ratios
    rows = benchmark(tuple(args.shape), methods=tuple(methods), frameworks=tuple(args.frameworks),
                     warmup=args.warmup, repeats=args.repeats)
    for key in ("forward_s", "train_s"):
        for (framework, device, method), value in ratios(rows, key).items():
            row = next(r for r in rows if (r["framework"], r["device"], r["method"]) == (framework, device, method))
            row[key.replace("_s", "_ratio_to_nearest")] = value
    doc = {
        "benchmark": "upsampling x2: time, memory, parameters, multiply-adds, bytes (lesson 13)",
        "shape": args.shape,
        "repeats": args.repeats,
        "warmup": args.warmup,
        "threads": threads,
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpu_count": os.cpu_count(), "torch": torch.__version__,
                    "TF_ENABLE_ONEDNN_OPTS": os.environ.get("TF_ENABLE_ONEDNN_OPTS"),
                    "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None},
        "units": {"*_s": "seconds (median)", "*_iqr_s": "seconds (interquartile range: the noise band)",
                  "*_min_s": "seconds (fastest call)", "*_bytes": "bytes", "macs": "multiply-adds, forward",
                  "bytes": "analytic minimum bytes moved, forward", "copy_bandwidth": "bytes per second"},
        "seconds_total": None,
        "rows": rows,
    }
    doc["seconds_total"] = round(time.perf_counter() - start, 2)
    text = json.dumps(doc, indent=1)
    if args.json:
        pathlib.Path(args.json).write_text(text + "\n")
        for r in rows:
            print(f"{r['framework']:<6} {r['device']:<5} {r['label']:<19} forward {r['forward_s'] * 1e3:8.2f} ms "
                  f"({r['forward_ratio_to_nearest']:5.1f}x) | fwd+bwd {r['train_s'] * 1e3:8.2f} ms "
                  f"({r['train_ratio_to_nearest']:5.1f}x) | params {r['params']:>7,}")
        print(f"wrote {args.json} ({doc['seconds_total']} s)")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
