# hadcoord — the two commands of the README:
#   make run    set everything up, prepare the embedded SQLite database, start the app
#   make test   set everything up and run the whole test suite (what CI runs)
#   make test-fast   contributors' inner loop: the tests without a browser, real processes or
#                    downloads (markers `browser`, `slow`); no ruff, no mypy
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast lint bench setup clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 ou plus est requis"'
	PYTHON=$(PYTHON) scripts/ensure-system-packages.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

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

bench: $(STAMP)
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
