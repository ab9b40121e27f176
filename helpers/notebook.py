"""Notebook set-up: quiet TensorFlow, seeds, print options and figure style in one call.

Every notebook's first code cell ends with ``rng = helpers.setup()``. Keeping this here (and not in
each notebook) means a change of convention is made once.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import sys

import numpy as np

__all__ = ["setup", "environment_report", "quiet_tensorflow", "below", "IN_COLAB"]

IN_COLAB = "google.colab" in sys.modules
"""True when running inside Google Colab."""


def quiet_tensorflow() -> None:
    """Silence TensorFlow's C++ start-up logging. Must run before ``import tensorflow``.

    ``TF_CPP_MIN_LOG_LEVEL=2`` hides info and warning lines; ``TF_ENABLE_ONEDNN_OPTS=0`` hides the
    oneDNN notice (and makes CPU results bit-for-bit reproducible). Stray stderr lines would break
    strict nbval, so every notebook calls this first (``helpers.setup`` does it for you).
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def setup(seed: int = 0, frameworks: bool = True, style: bool = True) -> np.random.Generator:
    """Prepare a notebook: quiet TensorFlow, seed everything, set print options and figure style.

    Parameters
    ----------
    seed : int, default 0
        Seed for NumPy's global generator, PyTorch and TensorFlow/Keras.
    frameworks : bool, default True
        Import and seed PyTorch and TensorFlow when they are installed. Pass False in notebooks that
        need only NumPy (saves about 4 s of import time).
    style : bool, default True
        Apply the course's matplotlib style (:func:`helpers.style.use`).

    Returns
    -------
    numpy.random.Generator
        A fresh generator seeded with ``seed``; notebooks draw their random data from it.

    Examples
    --------
    >>> rng = setup(seed=1, frameworks=False, style=False)
    >>> float(rng.random()) == float(np.random.default_rng(1).random())
    True
    """
    from ._validate import check_int

    seed = check_int(seed, "seed", min_value=0)
    quiet_tensorflow()
    np.random.seed(seed)
    np.set_printoptions(precision=4, suppress=True, linewidth=100)
    if frameworks and _installed("torch"):
        import torch

        torch.manual_seed(seed)
        torch.set_printoptions(precision=4, sci_mode=False, linewidth=100)
    if frameworks and _installed("tensorflow"):
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")
        tf.keras.utils.set_random_seed(seed)  # seeds Python's random, NumPy and TensorFlow
    if style:
        from . import style as _style

        _style.use()
    return np.random.default_rng(seed)


def _version(name: str) -> str:
    if not _installed(name):
        return "not installed"
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:
        module = __import__(name)
        return getattr(module, "__version__", "unknown")


def environment_report() -> dict:
    """Versions of the course's stack and the accelerator, as a dict (strings).

    Keys: ``python``, ``platform``, ``numpy``, ``torch``, ``tensorflow``, ``keras``, ``ipywidgets``,
    ``matplotlib``, ``colab`` and ``gpu`` (the CUDA device name seen by PyTorch, or ``"none"``).
    """
    report = {
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}",
        "colab": "yes" if IN_COLAB else "no",
    }
    for name in ("numpy", "torch", "tensorflow", "keras", "ipywidgets", "matplotlib"):
        report[name] = _version(name)
    if report["tensorflow"] == "not installed" and _installed("tensorflow"):
        report["tensorflow"] = _version("tensorflow-cpu")
    gpu = "none"
    if _installed("torch"):
        import torch

        if torch.cuda.is_available():
            gpu = torch.cuda.get_device_name(0)
    report["gpu"] = gpu
    return report


def below(value, bound: float) -> str:
    """Assert that ``value`` is below ``bound`` and say so in words that do not depend on the machine.

    A difference between two implementations of the same float computation is rounding noise: its
    digits change with the processor (SIMD width, fused multiply-add, kernel choice), the thread count
    and the library versions. Printing ``5.9e-08`` makes a stored notebook output that only the machine
    that wrote it reproduces. Printing the bound the noise must stay under is true everywhere, and the
    assert makes it a checked claim.

    Parameters
    ----------
    value : float or array_like
        A non-negative quantity, e.g. ``np.abs(a - b).max()``; an array is reduced with its maximum.
    bound : float
        A positive bound, chosen for the dtype (about ``1e-5`` for float32 results, ``1e-12`` for float64).

    Returns
    -------
    str
        ``"< 1e-05"`` style text: the bound, never the value.

    Raises
    ------
    ValueError
        If ``bound`` is not a positive finite number or ``value`` is negative or not finite.
    AssertionError
        If ``value >= bound``: the claim the text would make is false.

    Examples
    --------
    >>> below(5.9e-08, 1e-5)
    '< 1e-05'
    """
    bound = float(bound)
    if not np.isfinite(bound) or bound <= 0:
        raise ValueError(f"bound must be a positive finite number, got {bound!r}")
    v = float(np.max(np.asarray(value, dtype=np.float64)))
    if not np.isfinite(v) or v < 0:
        raise ValueError(f"value must be a non-negative finite number, got {v!r}")
    assert v < bound, f"{v:.3g} is not below {bound:.0e}"
    return f"< {bound:.0e}"

