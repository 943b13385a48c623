# kzevents: the README's two commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test lab evaluate benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[charts]"
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

## run: build the venv and run `kzevents build` on data/raw (tables in data/processed, charts in reports)
run: $(VENV)/.run-installed
	$(BIN)/kzevents build data/raw --out data/processed --report reports

## test: install with the test extra and run the whole test suite
test: $(VENV)/.test-installed
	$(BIN)/python -m pytest

## evaluate: score the extractor on both gold files
evaluate: $(VENV)/.run-installed
	$(BIN)/kzevents evaluate --gold tests/gold/seeds.csv
	$(BIN)/kzevents evaluate --gold tests/gold/reports.csv

## benchmark: throughput and date-finding peers
benchmark: $(VENV)/.test-installed
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/dates.py

## lab: open JupyterLab on the notebooks
lab: $(VENV)/.run-installed
	$(BIN)/python -m pip install --quiet -e ".[notebooks]"
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf $(VENV) data/processed reports/figures reports/index.html
