"""Benchmark the vectorized NumPy references against PyTorch on the CPU, one thread each.

Run with ``make bench`` (this is a measurement, not a test). For each operation and shape it prints the
median time of the NumPy reference, of PyTorch, and their ratio; ``--json FILE`` also writes the
figures as JSON so runs can be compared. The issue's target is a ratio within 3x.
"""

from __future__ import annotations

import os

# One thread for NumPy's BLAS too, set before NumPy is imported.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import pathlib  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from functools import partial  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import helpers  # noqa: E402
from helpers import antialias, content_aware  # noqa: E402

SHAPES = [(1, 16, 64, 64), (8, 32, 128, 128)]


def median_time(fn, repeats: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def cases(rng):
    import torch
    import torch.nn.functional as F

    for shape in SHAPES:
        x = rng.standard_normal(shape).astype(np.float32)
        c = shape[1]
        w_t = rng.standard_normal((c, c, 4, 4)).astype(np.float32)
        w_c = rng.standard_normal((c, c, 4, 4)).astype(np.float32)
        tx, twt, twc = torch.from_numpy(x), torch.from_numpy(w_t), torch.from_numpy(w_c)
        yield (
            "conv_transpose2d k4 s2 p1", shape,
            partial(helpers.conv_transpose2d, x, w_t, stride=2, padding=1),
            partial(F.conv_transpose2d, tx, twt, stride=2, padding=1),
        )
        yield (
            "conv2d k4 s2 p1", shape,
            partial(helpers.conv2d, x, w_c, stride=2, padding=1),
            partial(F.conv2d, tx, twc, stride=2, padding=1),
        )
        yield (
            "interpolate bilinear x2", shape,
            partial(helpers.interpolate, x, scale_factor=2, mode="bilinear", align_corners=False),
            partial(F.interpolate, tx, scale_factor=2, mode="bilinear", align_corners=False),
        )
        # lesson 16: filtered (Kaiser windowed-sinc, 12 taps) upsampling and the two content-aware samplers x2
        taps = antialias.kaiser_sinc(2, 12)
        yield (
            "filtered upsample Kaiser12 x2", shape,
            partial(antialias.filtered_upsample, x, 2, taps),
            partial(antialias.filtered_upsample_torch, tx, 2, taps),
        )
        n, _, h, w = shape
        kernels = content_aware.normalise_kernels(rng.standard_normal((n, 100, h, w)), 2, 5)
        kernels = kernels.astype(np.float32)
        yield (
            "carafe k5 x2", shape,
            partial(content_aware.carafe, x, kernels, 2, 5),
            partial(content_aware.carafe_torch, tx, torch.from_numpy(kernels), 2, 5),
        )
        offsets = (0.25 * rng.standard_normal((n, 2, 2 * h, 2 * w))).astype(np.float32)
        yield (
            "dysample x2", shape,
            partial(content_aware.dysample, x, offsets, 2),
            partial(content_aware.dysample_torch, tx, torch.from_numpy(offsets), 2),
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--json", type=pathlib.Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    rows = []
    print(f"{'operation':30s} {'input shape':18s} {'numpy ms':>9s} {'torch ms':>9s} {'ratio':>6s}")
    for name, shape, ours, theirs in cases(rng):
        with torch.no_grad():
            # sanity: same numbers before timing anything
            np.testing.assert_allclose(ours(), theirs().numpy(), rtol=1e-3, atol=1e-3)
            t_np = median_time(ours, args.repeats)
            t_torch = median_time(theirs, args.repeats)
        ratio = t_np / t_torch
        rows.append({"operation": name, "shape": list(shape), "numpy_s": t_np, "torch_s": t_torch,
                     "ratio": ratio})
        flag = "" if ratio <= 3 else "  (over 3x)"
        print(f"{name:30s} {str(shape):18s} {t_np * 1e3:9.2f} {t_torch * 1e3:9.2f} {ratio:6.2f}{flag}")
    worst = max(r["ratio"] for r in rows)
    print(f"worst ratio {worst:.2f} (target: within 3x of PyTorch, one thread each)")
    if args.json:
        args.json.write_text(json.dumps({"threads": 1, "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
