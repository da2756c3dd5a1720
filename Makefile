# hadcoord — the two commands of the README:
#   make run    set everything up, prepare the embedded SQLite database, start the app
#   make test   set everything up and run the whole test suite (what CI runs)
#   make test-fast   contributors' inner loop: the tests without a browser, real processes or
#                    downloads (markers `browser`, `slow`); no ruff, no mypy
#   make lock   re-pin requirements.lock (deployment) and requirements-dev.lock (make run/test)
#               after a change to pyproject.toml; `make lock UPGRADE=1` moves every pin to the
#               newest release within pyproject's bounds
PYTHON ?= python3
# The project installed in place, without setuptools' English « BuildBackendWarning: Editable
# installation … be careful with folders … » at every `make run` (issue 15): only that warning
# is silenced, in the build backend's process (tests/shell/test_editable_install.py).
EDITABLE_ENV := PYTHONWARNINGS="ignore:Editable installation:UserWarning"
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The locks: exact versions and their sha256 of every dependency, for every Python >= 3.11 and
# platform (uv's universal resolution), from PyPI. Installed in pip's hash-checking mode.
LOCK     := requirements.lock
DEV_LOCK := requirements-dev.lock
UV_VERSION := 0.13.8
LOCK_VENV  := .venv-lock
UV_COMPILE = $(LOCK_VENV)/bin/uv pip compile pyproject.toml --quiet --universal \
	--python-version 3.11 --generate-hashes --custom-compile-command "make lock" \
	$(if $(UPGRADE),--upgrade,)

.PHONY: run test test-fast lint bench setup clean lock

$(STAMP): pyproject.toml $(DEV_LOCK)
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 ou plus est requis"'
	PYTHON=$(PYTHON) scripts/ensure-system-packages.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools
	$(BIN)/pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(EDITABLE_ENV) $(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/pip check
	@touch $(STAMP)

lock:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet uv==$(UV_VERSION)
	$(UV_COMPILE) -o $(LOCK)
	$(UV_COMPILE) --extra dev -o $(DEV_LOCK)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/hadcoord db upgrade
	$(BIN)/hadcoord demo seed --demo
	$(BIN)/hadcoord serve --demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: $(STAMP)
	PYTHON=$(PYTHON) scripts/ensure-system-packages.sh test
	$(BIN)/ruff check .
	$(BIN)/mypy
	@if [ -n "$$HADCOORD_TEST_DATABASE_URL" ]; then \
	  echo "Tests de base de données sur $${HADCOORD_TEST_DATABASE_URL##*@}"; \
	  $(BIN)/pytest -m db -q; \
	fi
	env -u HADCOORD_TEST_DATABASE_URL $(BIN)/pytest

test-fast: $(STAMP)
	env -u HADCOORD_TEST_DATABASE_URL $(BIN)/pytest -q -m "not slow and not browser"

# With HADCOORD_BENCH_DATABASE_URL (an empty bench PostgreSQL database: its tables are dropped
# and re-created), bench/web.py adds the multi-process PostgreSQL run and bench/jobs.py runs
# again on it; without it, SQLite only.
bench: $(STAMP)
	for script in bench/[a-z]*.py; do $(BIN)/python $$script || exit 1; done
	@if [ -n "$$HADCOORD_BENCH_DATABASE_URL" ]; then \
	  echo "bench/jobs.py sur PostgreSQL ($${HADCOORD_BENCH_DATABASE_URL##*@})"; \
	  $(BIN)/python bench/jobs.py --database-url "$$HADCOORD_BENCH_DATABASE_URL" || exit 1; \
	fi

clean:
	rm -rf $(VENV) $(LOCK_VENV) build .pytest_cache .mypy_cache .ruff_cache
