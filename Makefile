# `make demo` and `make test` do all the set-up on a fresh machine (README).
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test check bench clean

LEAFLET_VERSION = 1.9.4
LEAFLET = src/contested/web/static/vendor/leaflet

$(BIN)/contested: pyproject.toml $(LEAFLET)/leaflet.js
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,ray]'
	touch $@

# Leaflet for the desk's map, from the npm registry (never a CDN at run time); BSD-2-Clause, its LICENSE kept
$(LEAFLET)/leaflet.js:
	rm -rf .cache/npm-leaflet && mkdir -p .cache/npm-leaflet $(LEAFLET)
	cd .cache/npm-leaflet && npm pack --silent leaflet@$(LEAFLET_VERSION) >/dev/null && tar -xzf leaflet-$(LEAFLET_VERSION).tgz
	cp -r .cache/npm-leaflet/package/dist/leaflet.js .cache/npm-leaflet/package/dist/leaflet.css \
		.cache/npm-leaflet/package/dist/images .cache/npm-leaflet/package/LICENSE $(LEAFLET)/

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
