# One venv, one database directory; every target works from a fresh clone.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin

.PHONY: install run test lint bench clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/purchase-agent migrate
	$(BIN)/purchase-agent run

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/pytest -q

bench: install
	$(BIN)/purchase-agent bench

clean:
	rm -rf $(VENV) .data .langgraph_api .mypy_cache .pytest_cache .ruff_cache
