# Upsampling, Inside Out: every command the course needs. `make help` lists them.
# Two commands set everything up on a fresh machine with Python 3.11: `make lab` and `make test`.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VENV7 := .venv-widgets7
STAMP7 := $(VENV7)/.installed
JOBS ?= 2
PORT ?= 8888
NBVAL_FLAGS := --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
export TF_CPP_MIN_LOG_LEVEL := 2
export TF_ENABLE_ONEDNN_OPTS := 0

.PHONY: help venv lab test lint unit nbval browser-test widgets7 notebooks exercises stamp bench html clean

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

browser-test: $(STAMP)  ## every lesson in a real JupyterLab + headless Chromium: run all, move each widget, screenshots in build/browser-test
	$(BIN)/python tools/browser_test.py

# A small second environment with Colab's ipywidgets 7 (NumPy, matplotlib, ipywidgets, pytest only).
$(STAMP7): requirements-widgets7.txt
	@test -x $(VENV7)/bin/python || $(PYTHON) -m venv $(VENV7)
	$(VENV7)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-widgets7.txt
	@touch $(STAMP7)

widgets7: $(STAMP7)  ## the widget builders and their callbacks under ipywidgets 7 (Colab's), in .venv-widgets7
	$(VENV7)/bin/python -m pytest -q --confcutdir tests/widgets7 tests/widgets7

test: lint unit nbval widgets7 browser-test  ## everything CI runs: lint, unit tests, nbval, ipywidgets 7, browser test

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
