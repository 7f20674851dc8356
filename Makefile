# Two commands do everything on a fresh machine with Python 3.11, git and make:
#   make demo   set up, start the stack, carry a synthetic cohort through the chain
#   make test   set up and run lint, type checks, the import rule and the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint serve clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/keten demo

serve: install
	$(BIN)/keten serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports

test: lint
	KETEN_TEST_POSTGRES_URL="$$(scripts/postgres-test-url)" $(BIN)/pytest

clean:
	rm -rf $(VENV) .keten .pytest_cache .mypy_cache .ruff_cache
