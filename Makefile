# `make demo` and `make test` do all the set-up on a fresh machine (README).
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test check bench clean

$(BIN)/contested: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

demo: $(BIN)/contested
	$(BIN)/contested ingest samples/
	$(BIN)/contested places

check: $(BIN)/contested
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

test: check
	$(BIN)/pytest -q

bench: $(BIN)/contested
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/geoparse.py
	$(BIN)/python benchmarks/status.py

clean:
	rm -rf $(VENV) contested.db contested.db-wal contested.db-shm .pytest_cache .mypy_cache .ruff_cache
