# csr-disclosures — every entry point a developer or CI needs.
#   make site    build the bilingual site into site/ (creates .venv and installs pinned deps)
#   make test    run all tests
#   make check   validate the disclosures (csr check)
#   make serve   live preview at http://127.0.0.1:8000/
#   make bench   benchmark checks and builds up to 3000 companies (bench/README.md)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install site check serve test test-fast test-browser browser-setup clean bench

$(STAMP): requirements.lock requirements-runtime.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

site: $(STAMP)
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/csr check

serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload

test: $(STAMP) browser-setup
	$(BIN)/python -m pytest -n 2 -q -m "not browser"
	$(BIN)/python -m pytest -q -m browser tests/browser

test-browser: $(STAMP) browser-setup
	$(BIN)/python -m pytest -q -m browser tests/browser

browser-setup:
	bash tests/browser/setup.sh

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not build and not browser"

clean:
	rm -rf site .cache .pytest_cache

bench: $(STAMP)
	$(BIN)/python bench/run.py
