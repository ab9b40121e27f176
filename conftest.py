"""Notebook tests (nbval): start each kernel with retries.

With ``pytest -n 2`` two workers start kernels at the same moment, and jupyter_client picks a kernel's
ports by binding to free ones and releasing them before the kernel binds them again: now and then the two
kernels race for a port, or a kernel hangs at start-up, and nbval fails the whole notebook with "Kernel
didn't respond in 60 seconds" (seen once in four CI runs here). A kernel that has not started is no test
result, so start a fresh one (new ports) up to three times before giving up. Nothing else changes:
outputs are compared exactly as before.
"""

import sys

try:
    import nbval.kernel as _nbval_kernel
except ImportError:  # nbval not installed (e.g. the small ipywidgets-7 environment)
    _nbval_kernel = None

ATTEMPTS = 3

if _nbval_kernel is not None:
    _start_new_kernel = _nbval_kernel.start_new_kernel

    def _start_with_retries(*args, **kwargs):
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return _start_new_kernel(*args, **kwargs)
            except RuntimeError as error:
                if attempt == ATTEMPTS:
                    raise
                print(f"nbval: kernel start failed ({error}); retrying ({attempt + 1}/{ATTEMPTS})", file=sys.stderr)
        raise AssertionError("unreachable")

    _nbval_kernel.start_new_kernel = _start_with_retries
