# Upsampling, Inside Out: every command the course needs. `make help` lists them.
# Two commands set everything up on a fresh machine with Python 3.11: `make lab` and `make test`.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VENVF := .venv-floor
STAMPF := $(VENVF)/.installed
JOBS ?= 2
PORT ?= 8888
NBVAL_FLAGS := --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
export TF_CPP_MIN_LOG_LEVEL := 2
export TF_ENABLE_ONEDNN_OPTS := 0

.PHONY: help venv lab test lint unit nbval nbval-isa floor browser-test notebooks exercises stamp bench html clean

help:  ## list the commands
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | column -t -s $$'\t'

# The virtual environment is rebuilt only when requirements.txt or pyproject.toml change.
$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

venv: $(STAMP)  ## create or update .venv with the pinned stack

lab: $(STAMP)  ## start JupyterLab on the course (no browser opened when there is no display)
	@if [ -z "$${DISPLAY:-}" ] && [ "$$(uname)" != "Darwin" ]; then nb=--no-browser; else nb=; fi; \
	if [ "$$(id -u)" = 0 ]; then root=--allow-root; else root=; fi; \
	echo "Starting JupyterLab on port $(PORT); open the http://127.0.0.1:$(PORT)/lab?token=... URL printed below."; \
	exec $(BIN)/jupyter lab $$nb $$root --port $(PORT) --ServerApp.root_dir="$(CURDIR)" notebooks/00_welcome.ipynb

lint: $(STAMP)  ## ruff over helpers, tests, tools, benchmarks and every notebook
	$(BIN)/ruff check .

unit: $(STAMP)  ## unit and property tests (tests/)
	$(BIN)/pytest -n $(JOBS) tests

nbval: $(STAMP)  ## strict nbval on lessons and solutions, lax on exercises
	$(BIN)/pytest -n $(JOBS) --dist loadfile --nbval $(NBVAL_FLAGS) notebooks solutions
	$(BIN)/pytest -n $(JOBS) --dist loadfile --nbval-lax $(NBVAL_FLAGS) exercises

# Stored outputs must not depend on the processor. The same strict nbval runs again with every library that
# picks CPU kernels at run time forced onto other ones: PyTorch's ATen (no vector kernels), oneDNN (SSE4.1),
# NumPy's own SIMD loops (baseline only), OpenBLAS (an older core type), and one thread instead of two.
# The x86-only switches are left out on other processors, where they would mean nothing.
ISA_ENV := ATEN_CPU_CAPABILITY=default OMP_NUM_THREADS=1
ifeq ($(shell uname -m),x86_64)
ISA_ENV += ONEDNN_MAX_CPU_ISA=SSE41 OPENBLAS_CORETYPE=Prescott NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4"
endif

nbval-isa: $(STAMP)  ## strict nbval on lessons and solutions again, with CPU kernels forced onto other instruction sets
	env $(ISA_ENV) $(BIN)/pytest -n $(JOBS) --dist loadfile --nbval $(NBVAL_FLAGS) notebooks solutions

browser-test: $(STAMP)  ## every lesson in a real JupyterLab + headless Chromium: run all, move each widget, screenshots in build/browser-test
	$(BIN)/python tools/browser_test.py

# The declared floor (requirements-floor.txt: Colab's 2025 stack, ipywidgets 7 included), with `helpers`
# installed non-editable and --no-deps as on Colab. The notebooks run with --nbval-lax from a copy of their
# folders in a temporary directory, so the setup cell cannot find helpers/ and imports the installed package.
$(STAMPF): requirements-floor.txt
	@test -x $(VENVF)/bin/python || $(PYTHON) -m venv $(VENVF)
	$(VENVF)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-floor.txt
	@touch $(STAMPF)

floor: $(STAMPF)  ## every notebook (lax) and the widget tests on the oldest supported stack, helpers installed as a package
	$(VENVF)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall .
	@rm -rf build/lib build/bdist.* *.egg-info
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	cp -r notebooks solutions exercises conftest.py "$$tmp"/; \
	cd "$$tmp" && env -u PYTHONPATH $(CURDIR)/$(VENVF)/bin/python -c "import helpers, pathlib; \
	where = pathlib.Path(helpers.__file__).resolve(); assert 'site-packages' in where.parts, where; \
	print('floor: helpers imported from', where.parent)" && \
	env -u PYTHONPATH $(CURDIR)/$(VENVF)/bin/python -m pytest -n $(JOBS) --dist loadfile --nbval-lax --nbval-current-env \
	  -p no:cacheprovider notebooks solutions exercises
	$(VENVF)/bin/python -m pytest -q -p no:cacheprovider --confcutdir tests/widgets7 tests/widgets7

test: lint unit nbval nbval-isa floor browser-test  ## everything CI runs: lint, unit tests, nbval (twice), the floor stack, browser test

notebooks: $(STAMP)  ## re-execute lessons and solutions in place (the only way stored outputs are made), then regenerate exercises
	$(BIN)/python tools/stamp.py
	$(BIN)/python tools/run_notebooks.py --jobs $(JOBS) $(NB)
	$(BIN)/python tools/make_exercises.py

exercises: $(STAMP)  ## regenerate exercises/ from solutions/
	$(BIN)/python tools/make_exercises.py

stamp: $(STAMP)  ## stamp Colab badges, setup-cell URL (from pyproject.toml) and the welcome course map
	$(BIN)/python tools/stamp.py

bench: $(STAMP)  ## benchmarks (not tests; print figures): helpers vs PyTorch, widget latency, upsampling speed/memory as JSON in build/
	@mkdir -p build
	$(BIN)/python benchmarks/bench_helpers.py
	$(BIN)/python benchmarks/bench_widgets.py --json build/bench_widgets.json
	$(BIN)/python benchmarks/bench_upsampling.py --json build/bench_upsampling.json

html: $(STAMP)  ## render the course to static HTML under build/html
	$(BIN)/python tools/render_html.py

clean:  ## remove build outputs (keeps .venv)
	rm -rf build .pytest_cache .ruff_cache .hypothesis
