# One venv, one database directory; every target works from a fresh clone.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin

.PHONY: install run test test-fast check bench clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/purchase-agent migrate
	$(BIN)/purchase-agent run

check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

# Everything: the real stack (LangGraph server, ingest, sandboxes, PostgreSQL) included.
test: check
	$(BIN)/pytest -q

# Under a minute: lint, types, and the tests that start no server.
test-fast: check
	$(BIN)/pytest -q -m "not servers"

bench: install
	$(BIN)/purchase-agent bench

clean:
	rm -rf $(VENV) .data .langgraph_api .mypy_cache .pytest_cache .ruff_cache
