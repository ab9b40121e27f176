"""The ipywidgets-7 tests (run by ``make floor`` in .venv-floor), collected only where ipywidgets < 8 is installed.

``make floor`` runs ``.venv-floor/bin/python -m pytest --confcutdir tests/widgets7 tests/widgets7`` (so the
main ``tests/conftest.py``, which needs hypothesis, is not loaded). In the main environment (ipywidgets 8)
these tests are skipped at collection: the browser test covers ipywidgets 8 there.
"""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

try:
    import ipywidgets

    _MAJOR = int(ipywidgets.__version__.split(".")[0])
except ImportError:  # pragma: no cover
    _MAJOR = None

collect_ignore_glob = [] if _MAJOR == 7 else ["test_*.py"]
