# Two commands do everything on a fresh machine with Python 3.11, git and make:
#   make demo   set up, start the stack, carry a synthetic cohort through the chain
#   make test   set up and run lint, type checks, the import rule and the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint serve clean browser

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

# The dashboard's browser tests drive Debian's Chromium (playwright's own downloads are not used).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

test: lint browser
	KETEN_TEST_POSTGRES_URL="$$(scripts/postgres-test-url)" $(BIN)/pytest

clean:
	rm -rf $(VENV) .keten .pytest_cache .mypy_cache .ruff_cache
