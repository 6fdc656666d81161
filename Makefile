# Two commands on a fresh machine with Python >= 3.11 and pip:
#   make demo   installs precise (locked dependencies) and runs the whole workup on the sample case
#   make test   installs precise with the dev tools and runs the whole test suite
PYTHON ?= python3
TOOLS  := .tools
UV     := $(TOOLS)/bin/uv
UV_VERSION := 0.13.8
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)

.PHONY: install demo test test-all lint format bench clean visual-deps

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Byte-compile at install: machines that set PYTHONDONTWRITEBYTECODE would otherwise recompile
# every module on every run (about 1 s of start-up for a report). The VCF reader's numba kernels
# are compiled into the user's cache folder once (~7 s the first time, ~0.6 s to load after), so
# that the first large VCF import does not pay it; the installed schemas' metaschema check
# (~0.5 s) is recorded there too.
install: $(UV)
	$(UV) sync --locked --quiet --compile-bytecode --extra cohort --extra fast
	$(UV) run --locked --no-sync python -m compileall -q precisecli
	$(UV) run --locked --no-sync python -c "from precisecli.genomics import vcf_native; vcf_native.kernels(); from precisecli.store import schema; schema.installed_schemas_checked()"

demo: install
	$(UV) run --locked --no-sync precise demo --out precise-demo

# `make test` runs the suite without the tests marked slow (kill loops, every terminal mode, the
# heavy hostile items, corpora) so that it stays under 5 minutes; in CI (CI=true, as .ci/run is
# run) and with `make test-all` every test runs.
PYTEST_SELECT := $(if $(CI),,-m "not slow")
# Tests run on every core (pytest-xdist); PYTEST_WORKERS=0 runs them in one process.
PYTEST_WORKERS ?= auto

test: install visual-deps
	$(UV) run --locked --no-sync ruff check .
	$(UV) run --locked --no-sync pytest -n $(PYTEST_WORKERS) $(PYTEST_SELECT)

test-all: install visual-deps
	$(UV) run --locked --no-sync ruff check .
	$(UV) run --locked --no-sync pytest -n $(PYTEST_WORKERS)

# The report's visual checks (tests/visual) look at the PDF pages with poppler-utils' pdftoppm and
# at the HTML in Debian's chromium (driven by playwright from the dev group; no browser download).
# Run as root on Debian/Ubuntu, this installs them when missing; otherwise those tests are skipped
# and say why (.ci/run sets PRECISE_REQUIRE_VISUAL=1, which turns the skip into a failure).
visual-deps:
	@if command -v pdftoppm >/dev/null 2>&1 && [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing chromium and poppler-utils for the visual report checks"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get install -y -q chromium poppler-utils >/dev/null 2>&1 || \
	  { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium poppler-utils >/dev/null 2>&1; } || \
	  echo "warning: could not install chromium/poppler-utils: the visual checks will be skipped"; \
	else echo "note: chromium or poppler-utils missing (not root): the visual checks will be skipped"; fi

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
