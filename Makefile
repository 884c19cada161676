# Two commands work on a fresh machine (Python 3.11 + pip):
#   make run   — set up .venv, build the graph from data/corpus into the embedded store, serve http://127.0.0.1:8000
#   make test  — set up .venv (with dev extras and headless Chromium) and run the test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup setup-dev browser run build serve test lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install -q -e .

setup-dev: $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'

browser:
	bash scripts/install-browser.sh

build: setup
	$(BIN)/innokg build

serve: setup
	$(BIN)/innokg serve --host $(HOST) --port $(PORT)

run: build serve

test: setup-dev browser
	$(BIN)/python -m pytest

lint: setup-dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: setup-dev
	$(BIN)/python bench/extract_throughput.py
	$(BIN)/python bench/store_load.py
	$(BIN)/python bench/api_latency.py

clean:
	rm -rf $(VENV) .innokg
