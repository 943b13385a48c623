# kzevents: the README's two commands are `make run` and `make test`. Python >= 3.11 is required.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# JupyterLab refuses to run as root unless told: containers and these machines run as root
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: run test lab evaluate benchmark clean clean-outputs check-python

## check-python: stop with a clear message unless $(PYTHON) is 3.11 or newer; drop a .venv of an older one
check-python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "error: kzevents needs Python >= 3.11; '$(PYTHON)' is $$($(PYTHON) --version 2>&1 | head -n 1)." >&2; \
	  echo "       Run e.g. 'make run PYTHON=python3.11' (a .venv made by an older python is replaced)." >&2; \
	  exit 1; }
	@if { [ -e $(BIN)/python ] || [ -L $(BIN)/python ]; } && ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
	  echo "note: $(VENV) was made by an older or broken python: making it again" >&2; rm -rf $(VENV); fi

# a venv half made (e.g. by an interrupted run) is removed, never kept
$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[charts,dask]"
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

## run: build the venv and run `kzevents build` on data/raw (tables in data/processed, charts in reports)
run: check-python $(VENV)/.run-installed
	$(BIN)/kzevents build data/raw --out data/processed --report reports

## test: install with the test extra and run the whole test suite
test: check-python $(VENV)/.test-installed
	$(BIN)/python -m pytest

## evaluate: score the extractor on every gold file
evaluate: check-python $(VENV)/.run-installed
	$(BIN)/kzevents evaluate --gold tests/gold/seeds.csv --links tests/gold/links.csv
	$(BIN)/kzevents evaluate --gold tests/gold/reports.csv
	$(BIN)/kzevents evaluate --gold tests/gold/dev/gold.csv --by-publisher --links tests/gold/links.csv
	$(BIN)/kzevents evaluate --gold tests/gold/heldout/gold.csv
	$(BIN)/kzevents evaluate --gold tests/gold/heldout2/gold.csv
	$(BIN)/kzevents evaluate --gold tests/gold/dev_ru/gold.csv

$(VENV)/.bench-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	touch $@

## benchmark: one table of speed (throughput x search_dates, per-call latency) and date-finding peers; then linking speed, field precision, miss classes
benchmark: check-python $(VENV)/.test-installed $(VENV)/.bench-installed
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/link.py
	$(BIN)/python benchmarks/fields.py
	$(BIN)/python benchmarks/miss_classes.py --gold tests/gold/dev/gold.csv --docs tests/gold/dev/docs

## lab: open JupyterLab on the notebooks (--allow-root when run as root), on this machine only
lab: check-python $(VENV)/.run-installed
	$(BIN)/python -m pip install --quiet -e ".[notebooks]"
	$(BIN)/jupyter lab notebooks/ --ip 127.0.0.1 $(LAB_ROOT)

## clean: remove the virtual environment only (built data and reports are kept)
clean:
	rm -rf $(VENV)

## clean-outputs: remove what `make run` built (data/processed, reports/figures, reports/index.html)
clean-outputs:
	rm -rf data/processed reports/figures reports/index.html
