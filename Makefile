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

.PHONY: help venv lab test lint unit nbval nbval-solutions nbval-isa floor browser-test notebooks exercises stamp bench html clean

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

# In `make test` the lessons' strict output check is done by the browser test, which executes them anyway
# (tools/nbcompare.py: nbval's own markers, sanitizers and comparison); this runs the rest of `make nbval`.
nbval-solutions: $(STAMP)  ## strict nbval on solutions, lax on exercises (the part of `make nbval` the browser test does not do)
	$(BIN)/pytest -n $(JOBS) --dist loadfile --nbval $(NBVAL_FLAGS) solutions
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
# installed non-editable and --no-deps as on Colab, and the CPU kernels forced onto other instruction sets
# (ISA_ENV above). The notebooks run from a copy of their folders in a temporary directory, so the setup cell
# cannot find helpers/ and imports the installed package. Lessons and solutions run with STRICT nbval: their
# stored text must come out the same on the oldest stack and on other kernels; exercises with --nbval-lax.
$(STAMPF): requirements-floor.txt
	@test -x $(VENVF)/bin/python || $(PYTHON) -m venv $(VENVF)
	$(VENVF)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-floor.txt
	@touch $(STAMPF)

floor: $(STAMPF)  ## the oldest supported stack, other CPU kernels, helpers installed as a package: strict nbval on lessons and solutions, lax on exercises, widget tests
	$(VENVF)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall .
	@rm -rf build/lib build/bdist.* *.egg-info
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	cp -r notebooks solutions exercises conftest.py "$$tmp"/; mkdir "$$tmp"/tests; cp tests/nbval_sanitize.cfg "$$tmp"/tests/; \
	cd "$$tmp" && env -u PYTHONPATH $(CURDIR)/$(VENVF)/bin/python -c "import helpers, pathlib; \
	where = pathlib.Path(helpers.__file__).resolve(); assert 'site-packages' in where.parts, where; \
	print('floor: helpers imported from', where.parent)" && \
	env -u PYTHONPATH $(ISA_ENV) $(CURDIR)/$(VENVF)/bin/python -m pytest -n $(JOBS) --dist loadfile --nbval \
	  $(NBVAL_FLAGS) -p no:cacheprovider notebooks solutions && \
	env -u PYTHONPATH $(ISA_ENV) $(CURDIR)/$(VENVF)/bin/python -m pytest -n $(JOBS) --dist loadfile --nbval-lax \
	  $(NBVAL_FLAGS) -p no:cacheprovider exercises
	$(VENVF)/bin/python -m pytest -q -p no:cacheprovider --confcutdir tests/widgets7 tests/widgets7

# `make test` keeps both cores busy from the start: the browser test is one lane (one notebook at a time, much
# of it waiting on the page); the unit tests, the solutions' strict nbval and the floor run follow each other in
# the other, each step timed. Lines carry their lane's name; the first failing step ends its lane, and
# `make test` fails when either lane did.
CHECK_STEPS := unit nbval-solutions floor
test: lint $(STAMP) $(STAMPF)  ## everything CI runs: lint, then the browser test (with strict output check) beside unit tests, nbval on solutions and exercises, and the floor stack on other CPU kernels
	@start=$$(date +%s); \
	( $(MAKE) --no-print-directory browser-test 2>&1 | sed -u 's/^/[browser] /' ) & b=$$!; \
	( for step in $(CHECK_STEPS); do s=$$(date +%s); \
	    $(MAKE) --no-print-directory $$step 2>&1 | sed -u "s/^/[$$step] /" || exit 1; \
	    echo "[$$step] done in $$(( $$(date +%s) - s )) s"; done ) & c=$$!; \
	rb=0; wait $$b || rb=$$?; echo "[browser] done in $$(( $$(date +%s) - start )) s (exit $$rb)"; \
	rc=0; wait $$c || rc=$$?; \
	echo "make test: browser lane exit $$rb, check lane ($(CHECK_STEPS)) exit $$rc, $$(( $$(date +%s) - start )) s after lint"; \
	test $$rb -eq 0 -a $$rc -eq 0

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
