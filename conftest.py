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

# After a cell's reply, nbval reads the cell's outputs from the kernel with a 5-second wait per message and
# fails the cell ("Timeout of 5 seconds exceeded waiting for output") when one is late. On a loaded 2-core
# machine a kernel that has just finished a long cell (lesson 14's training) can be that slow to deliver its
# queued messages; 5 s is nbval's hard-coded value, not a property of the course. Wait up to 60 s instead;
# a cell that really hangs is still stopped by --nbval-cell-timeout.
OUTPUT_TIMEOUT = 60

try:
    import nbval.plugin as _nbval_plugin
except ImportError:  # nbval not installed (e.g. the ipywidgets-7 tests)
    _nbval_plugin = None

if _nbval_plugin is not None:
    _cell_init = _nbval_plugin.IPyNbCell.__init__

    def _cell_init_with_patience(self, *args, **kwargs):
        _cell_init(self, *args, **kwargs)
        self.output_timeout = max(getattr(self, "output_timeout", 0), OUTPUT_TIMEOUT)

    _nbval_plugin.IPyNbCell.__init__ = _cell_init_with_patience
