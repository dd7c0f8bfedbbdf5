# rumourlib: `make report` and `make test` are all a user needs (see README).
# Every target creates .venv and installs the project first if needed.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= data/raw
PROCESSED ?= data/processed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg

.DEFAULT_GOAL := help
.PHONY: help install tag notebooks report test test-unit test-notebooks lab clean bench

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-15s %s\n", $$1, $$2}'
	@echo "  Variables: CORPUS=folder (default data/raw), PYTHON=python3.11, BENCH_ARGS=\"--docs N --runs R --scale N\""

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "make: Python 3.11 is needed (python3.11 or python3 on PATH)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name rumourlib --display-name "Python (rumourlib)" > /dev/null
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with everything the notebooks need

tag: $(STAMP) ## Tag CORPUS into data/processed (CSV and Parquet)
	$(BIN)/rumour tag $(CORPUS) --out $(PROCESSED) --format csv,parquet

notebooks: $(STAMP) ## Re-run the committed notebooks in place on the seed corpus (before a commit)
	$(BIN)/rumour notebooks --in-place

report: tag ## Tag CORPUS, run the notebooks, regenerate figures/ and write reports/report.html
	$(BIN)/rumour report --corpus $(CORPUS) --processed $(PROCESSED)

test: $(STAMP) ## Run the unit tests and check the notebooks with nbval
	$(BIN)/python -m pytest tests notebooks $(NBVAL)

test-unit: $(STAMP) ## Run only the unit tests
	$(BIN)/python -m pytest tests

BENCH_STAMP := $(VENV)/.bench-installed
BENCH_ARGS ?=

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP) ## Benchmarks (not tests): docs/s, words/s, peak memory, --jobs, cache, spaCy ratio (BENCH_ARGS="--docs 5000")
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

lab: $(STAMP) ## Open the notebooks in JupyterLab
	$(BIN)/jupyter lab notebooks

clean: ## Remove generated tables and reports (keeps .venv, figures and notebooks)
	rm -rf $(PROCESSED)/*.csv $(PROCESSED)/*.parquet $(PROCESSED)/manifest.json reports/*
