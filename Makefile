# Two commands on a fresh machine with Python >= 3.11 and pip:
#   make demo   installs precise (locked dependencies) and runs the whole workup on the sample case
#   make test   installs precise with the dev tools and runs the whole test suite
PYTHON ?= python3
TOOLS  := .tools
UV     := $(TOOLS)/bin/uv
UV_VERSION := 0.13.8
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)

.PHONY: install demo test test-all lint format bench clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Byte-compile at install: machines that set PYTHONDONTWRITEBYTECODE would otherwise recompile
# every module on every run (about 1 s of start-up for a report).
install: $(UV)
	$(UV) sync --locked --quiet --compile-bytecode --extra fast
	$(UV) run --locked --no-sync python -m compileall -q precisecli

demo: install
	$(UV) run --locked --no-sync precise demo --out precise-demo

# `make test` runs the suite without the tests marked slow (kill loops, every terminal mode, the
# heavy hostile items, corpora) so that it stays under 5 minutes; in CI (CI=true, as .ci/run is
# run) and with `make test-all` every test runs.
PYTEST_SELECT := $(if $(CI),,-m "not slow")

test: install
	$(UV) run --locked --no-sync ruff check .
	$(UV) run --locked --no-sync pytest $(PYTEST_SELECT)

test-all: install
	$(UV) run --locked --no-sync ruff check .
	$(UV) run --locked --no-sync pytest

lint: install
	$(UV) run --locked --no-sync ruff check .
	$(UV) run --locked --no-sync ruff format --check .

format: install
	$(UV) run --locked --no-sync ruff format .
	$(UV) run --locked --no-sync ruff check --fix .

bench: install
	for script in benchmarks/bench_*.py; do $(UV) run --locked --no-sync python $$script || exit 1; done

clean:
	rm -rf $(TOOLS) .venv precise-demo .pytest_cache .ruff_cache dist
