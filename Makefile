# Upsampling, Inside Out: every command the course needs. `make help` lists them.
# Two commands set everything up on a fresh machine with Python 3.11: `make lab` and `make test`.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JOBS ?= 2
PORT ?= 8888
NBVAL_FLAGS := --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
export TF_CPP_MIN_LOG_LEVEL := 2
export TF_ENABLE_ONEDNN_OPTS := 0

.PHONY: help venv lab test lint unit nbval notebooks exercises stamp bench html clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | column -t -s $$'\t'

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

test: lint unit nbval  ## everything CI runs: lint, unit tests, nbval (creates .venv if needed)

notebooks: $(STAMP)  ## re-execute lessons and solutions in place (the only way stored outputs are made), then regenerate exercises
	$(BIN)/python tools/stamp.py
	$(BIN)/python tools/run_notebooks.py --jobs $(JOBS) $(NB)
	$(BIN)/python tools/make_exercises.py

exercises: $(STAMP)  ## regenerate exercises/ from solutions/
	$(BIN)/python tools/make_exercises.py

stamp: $(STAMP)  ## stamp Colab badges, setup-cell URL (from pyproject.toml) and the welcome course map
	$(BIN)/python tools/stamp.py

bench: $(STAMP)  ## benchmarks: helpers vs PyTorch, widget redraw latency (not tests; print figures)
	$(BIN)/python benchmarks/bench_helpers.py
	$(BIN)/python benchmarks/bench_widgets.py

html: $(STAMP)  ## render the course to static HTML under build/html
	$(BIN)/python tools/render_html.py

clean:  ## remove build outputs (keeps .venv)
	rm -rf build .pytest_cache .ruff_cache .hypothesis
