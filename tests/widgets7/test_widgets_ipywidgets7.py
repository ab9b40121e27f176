"""Every lesson widget builds and redraws with ipywidgets 7 (what Google Colab ships), without torch/TF.

Run in the floor environment (``requirements-floor.txt``, ipywidgets 7) by ``make floor`` (part of ``make test``).
Each ``*_widget`` builder in ``helpers.figures.lNN_*`` is built; every control is moved through a few
values of its range and the widget's observer must redraw the image (new PNG bytes) without raising.
"""

import importlib
import pkgutil
import sys
import warnings

import ipywidgets
import pytest

import helpers.figures

MODULES = sorted(info.name for info in pkgutil.iter_modules(helpers.figures.__path__) if info.name[:1] == "l")
BUILDERS = [
    (module, name)
    for module in MODULES
    for name in sorted(dir(importlib.import_module(f"helpers.figures.{module}")))
    if name.endswith("_widget") and callable(getattr(importlib.import_module(f"helpers.figures.{module}"), name))
]


def test_this_is_ipywidgets_7():
    assert ipywidgets.__version__.startswith("7."), ipywidgets.__version__


def test_widget_modules_import_no_framework():
    assert MODULES, "no widget modules found"
    for name in ("torch", "tensorflow", "keras", "jax"):
        assert name not in sys.modules, f"importing helpers.figures pulled in {name}"


def test_every_lesson_module_has_a_builder():
    assert {m for m, _ in BUILDERS} == set(MODULES)


def _values(control, steps=3):
    options = getattr(control, "options", None)
    if options:
        values = [o[1] if isinstance(o, tuple) else o for o in options]
    elif isinstance(control.value, bool):
        values = [not control.value]
    elif hasattr(control, "min") and hasattr(control, "max"):
        lo, hi = control.min, control.max
        values = [lo + (hi - lo) * i / (steps - 1) for i in range(steps)]
        if isinstance(control.value, int):
            values = sorted({int(round(v)) for v in values})
    else:
        values = []
    if len(values) > steps:
        values = [values[round(i * (len(values) - 1) / (steps - 1))] for i in range(steps)]
    return [v for v in values if v != control.value] or values


@pytest.mark.parametrize("module, name", BUILDERS, ids=[f"{m}.{n}" for m, n in BUILDERS])
def test_builder_and_callbacks_work(module, name):
    import matplotlib.pyplot as plt

    build = getattr(importlib.import_module(f"helpers.figures.{module}"), name)
    with warnings.catch_warnings():
        # a keyword argument that ipywidgets 7 does not know is only a DeprecationWarning there: fail on it
        warnings.filterwarnings("error", message=".*(unrecognized|not recognized|deprecated).*")
        # ipywidgets 7.7 opens its comms through ipykernel.comm.Comm, which ipykernel >= 6.22 deprecates: that
        # warning is about ipywidgets' own internals, not about the course's code, so it is not a failure
        warnings.filterwarnings("ignore", message="The `ipykernel.comm.Comm` class has been deprecated",
                                category=DeprecationWarning)
        box = build()
    assert isinstance(box, ipywidgets.VBox)
    assert isinstance(box.image, ipywidgets.Image)
    assert box.image.value[:8] == b"\x89PNG\r\n\x1a\n", "the first drawing is not a PNG"
    assert box.controls, "a widget needs at least one control"
    changed = 0
    for control_name, control in box.controls.items():
        assert isinstance(control, ipywidgets.ValueWidget), control_name
        start = control.value
        for value in _values(control):
            before = box.image.value
            try:
                control.value = value          # the observer registered by interactive_figure redraws
            except Exception as e:             # a value the control itself refuses (e.g. out of range)
                if isinstance(e, ipywidgets.widgets.trait_types.traitlets.TraitError):
                    continue
                raise
            assert box.image.value[:8] == b"\x89PNG\r\n\x1a\n"
            changed += box.image.value != before
        control.value = start
    plt.close("all")
    assert changed, f"{name}: moving its controls never changed the picture"
