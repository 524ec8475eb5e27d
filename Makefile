# The two commands of the README: `make demo` and `make test`. Everything else here serves them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ROWS ?= 1000000
export KHLANG_HOME := $(CURDIR)
export KHLANG_DATA_DIR ?= $(CURDIR)/var/sample
export AIRFLOW_HOME ?= $(CURDIR)/var/airflow
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__DEFAULT_TIMEZONE := Asia/Bangkok
export PYTHONUTF8 := 1

.PHONY: demo test

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

demo: $(BIN)/.installed
	bash scripts/system-deps.sh
	$(BIN)/khlang sample generate --rows $(ROWS) --out $(KHLANG_DATA_DIR)
	$(BIN)/khlang store upgrade
	$(BIN)/airflow db migrate > var/airflow-db-migrate.log 2>&1 || (cat var/airflow-db-migrate.log; exit 1)
	$(BIN)/airflow dags test khlang_catalog $$(date -u +%Y-%m-%dT%H:%M:%S+00:00)
	@echo
	@echo "Khlang demo finished."
	@echo "  sample data:       $(KHLANG_DATA_DIR) (ground truth: ground_truth.json)"
	@echo "  governance store:  $(CURDIR)/var/khlang.db"
	@echo "  catalogue site:    $(CURDIR)/reports/catalog/index.html"
	@echo "  try:               $(BIN)/khlang catalog list"

test: $(BIN)/.installed
	bash scripts/system-deps.sh
	$(BIN)/python -m pytest -q
