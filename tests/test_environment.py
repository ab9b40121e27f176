"""The pinned environment: requirements.txt and environment.yml must list the same packages and versions."""

import pathlib
import re

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _parse(lines):
    pins = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        m = re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+)\s*(==|=)\s*([\w.+\-]+)", line)
        assert m, f"not an exact pin: {line!r}"
        pins[m.group(1).lower().replace("_", "-")] = m.group(3)
    return pins


def requirements():
    return _parse((ROOT / "requirements.txt").read_text().splitlines())


def environment():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = [], []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip += dep.get("pip", [])
        else:
            conda.append(dep)
    pins = _parse(pip)
    for dep in conda:  # conda pins use a single '='
        if "=" in dep and not dep.startswith("python"):
            pins.update(_parse([dep]))
    return pins, conda


def test_every_line_of_requirements_is_an_exact_pin():
    pins = requirements()
    assert pins["torch"] == "2.13.0", "torch must be pinned exactly to 2.13.0 (a range pulls a CUDA build)"
    assert pins["tensorflow-cpu"] == "2.21.0"
    for name in ("numpy", "matplotlib", "ipywidgets", "jupyterlab", "nbval", "pytest", "pytest-xdist",
                 "hypothesis", "ruff"):
        assert name in pins, f"{name} missing from requirements.txt"


def test_environment_yml_matches_requirements():
    env_pins, conda = environment()
    req_pins = requirements()
    missing = sorted(set(req_pins) - set(env_pins))
    extra = sorted(set(env_pins) - set(req_pins))
    differ = sorted(n for n in set(req_pins) & set(env_pins) if req_pins[n] != env_pins[n])
    assert not (missing or extra or differ), (
        f"environment.yml drifted from requirements.txt: missing {missing}, extra {extra}, "
        f"different versions {[(n, req_pins[n], env_pins[n]) for n in differ]}"
    )
    assert "python=3.11" in conda


def test_installed_versions_match_the_pins():
    from importlib.metadata import PackageNotFoundError, version

    wrong = []
    for name, pinned in requirements().items():
        try:
            got = version(name)
        except PackageNotFoundError:
            wrong.append((name, pinned, "not installed"))
            continue
        if got.split("+")[0] != pinned:
            wrong.append((name, pinned, got))
    assert not wrong, f"installed versions differ from requirements.txt (run `make venv`): {wrong}"


def test_environment_yml_takes_the_cpu_build_of_torch():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(dep["pip"] for dep in env["dependencies"] if isinstance(dep, dict))
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in pip, (
        "environment.yml must make pip take PyTorch's CPU build (Binder, conda env create) with no manual step")


def test_floor_is_exact_pins_older_than_the_course_pins():
    floor = _parse((ROOT / "requirements-floor.txt").read_text().splitlines())
    pins = requirements()
    assert floor["torch"] == pins["torch"], "torch stays at the course pin (the only CPU build on this disk)"
    declared = {"numpy": "2.0.2", "tensorflow-cpu": "2.19.0", "keras": "3.10.0", "matplotlib": "3.10.0",
                "scipy": "1.15.3", "ipywidgets": "7.7.1"}
    for name, version in declared.items():
        assert floor.get(name) == version, f"requirements-floor.txt: {name} must be the declared floor {version}"
        assert tuple(map(int, version.split("."))) <= tuple(map(int, pins[name].split("."))), name
    readme = (ROOT / "README.md").read_text()
    for name, version in declared.items():
        assert f"{name} {version}" in readme, f"README's declared floor must list {name} {version}"
