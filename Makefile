# Two commands work on a fresh machine (Python 3.11 + pip):
#   make run   — set up .venv, build the graph from data/corpus into the embedded store, serve http://127.0.0.1:8000
#   make test  — set up .venv (with dev extras, headless Chromium and the Neo4j test server) and
#                run the test suite on both store backends (embedded FalkorDB and a real Neo4j)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup setup-dev browser neo4j-server run build serve test lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install -q -e .

setup-dev: $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'

browser:
	bash scripts/install-browser.sh

# The real Neo4j the tests run against (tests/neo4j_server: Maven, neo4j-harness 5.26). Rebuilt
# only when its pom.xml or Java source changed; without Java 17 + Maven it says so and the Neo4j
# tests are skipped — except with CI=true, where this fails.
neo4j-server: setup-dev
	cd tests && ../$(BIN)/python -m neo4j_server build

build: setup
	$(BIN)/innokg build

serve: setup
	$(BIN)/innokg serve --host $(HOST) --port $(PORT)

run: build serve

test: setup-dev browser neo4j-server
	$(BIN)/python -m pytest

lint: setup-dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: setup-dev
	$(BIN)/python bench/extract_throughput.py
	$(BIN)/python bench/store_load.py
	$(BIN)/python bench/api_latency.py

clean:
	rm -rf $(VENV) .innokg tests/neo4j_server/target
