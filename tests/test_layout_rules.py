"""One home per concept: per-lesson modules hold figures and widgets only, concept modules never import them.

A reader who wants the code for a concept finds it in the concept module named for it (``helpers/README.md``
is the map), where it is tested against PyTorch and TensorFlow; ``helpers/figures/lNN_*.py`` only draws it.
"""

import ast
import pathlib

import pytest

HELPERS = pathlib.Path(__file__).resolve().parents[1] / "helpers"
FIGURES = sorted((HELPERS / "figures").glob("l[0-9][0-9]_*.py"))
NOT_CONCEPT = {"figures", "widgets", "exercises", "checks"}
CONCEPT_MODULES = sorted(p for p in HELPERS.rglob("*.py") if p.relative_to(HELPERS).parts[0] not in NOT_CONCEPT)

ALLOWED = {
    # The data a figure shows, returned so that the lesson can assert what the picture claims (a claim is
    # never only in a widget's output); each is a thin wrapper over concept functions, with figure-only inputs.
    ("l00_welcome", "welcome_images"): "the welcome image and its interpolate() upsamplings, as drawn",
    ("l08_upsample_conv_vs_strided", "pipeline"): "the widget's panels (named patterns and kernels) as arrays",
    ("l10_unpooling", "demo_patch"): "the patch of the widget's demo image the lesson pools",
}


def _public_functions(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return [node.name for node in tree.body if isinstance(node, kinds) and not node.name.startswith("_")]


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(("helpers", *path.relative_to(HELPERS).parts[:-1]))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def test_there_is_one_figure_module_per_lesson():
    assert len(FIGURES) == 17 and [p.name[:3] for p in FIGURES] == [f"l{n:02d}" for n in range(17)]
    assert not list((HELPERS / "widgets").glob("w[0-9][0-9]_*.py")), "per-lesson modules live in helpers/figures"


@pytest.mark.parametrize("path", FIGURES, ids=lambda p: p.stem)
def test_figure_modules_define_only_figures_and_widgets(path):
    odd = [name for name in _public_functions(path)
           if not (name.startswith("draw_") or name.endswith("_widget")) and (path.stem, name) not in ALLOWED]
    assert not odd, (f"{path.name} defines {odd}: concept math belongs in a concept module (helpers/README.md), "
                     "figure helpers are private (_name)")


def test_the_allow_list_is_short_and_current():
    assert len(ALLOWED) <= 4
    for (stem, name) in ALLOWED:
        assert name in _public_functions(HELPERS / "figures" / f"{stem}.py"), (stem, name)


@pytest.mark.parametrize("path", CONCEPT_MODULES, ids=lambda p: str(p.relative_to(HELPERS)))
def test_concept_modules_never_import_per_lesson_modules(path):
    bad = [m for m in _imports(path) if m == "helpers.figures" or m.startswith("helpers.figures.")]
    assert not bad, f"{path.relative_to(HELPERS)} imports {bad}"


def test_figure_modules_import_no_framework():
    for path in FIGURES:
        top = {m.split(".")[0] for m in _imports(path)}
        assert not top & {"torch", "tensorflow", "keras", "jax"}, path.name
