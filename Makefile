# The two commands of the README: `make demo` and `make test`. Everything else here serves them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ROWS ?= 1000000
# pytest-xdist processes for `make test`, each taking whole test files (their module fixtures stay shared). Much of the
# suite waits on servers, Airflow, Chromium and Spark, so two overlap well on two cores; TEST_WORKERS=0 runs serially.
TEST_WORKERS ?= 2
export KHLANG_HOME := $(CURDIR)
export KHLANG_DATA_DIR ?= $(CURDIR)/var/sample
export AIRFLOW_HOME ?= $(CURDIR)/var/airflow
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__DEFAULT_TIMEZONE := Asia/Bangkok
export PYTHONUTF8 := 1

.PHONY: demo test console

$(BIN)/.installed: pyproject.toml
	bash scripts/system-deps.sh  # before pip: python-ldap builds against libldap/libsasl
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	# The quality DAG's spark-submit hand-off. --no-deps: the provider requires pyspark-client, whose files
	# would overwrite the full PySpark 4 the dev extra installs (its other requirements come with Airflow).
	$(BIN)/pip install -q --no-deps 'apache-airflow-providers-apache-spark>=6.3,<7'
	touch $@

# The issues DAG runs last: it files every module's findings (checks, catalogue, linkage, backup, PIR, EA),
# then publishes the committee report and notifies people.
demo: $(BIN)/.installed
	bash scripts/system-deps.sh
	$(BIN)/khlang sample generate --rows $(ROWS) --out $(KHLANG_DATA_DIR)
	$(BIN)/khlang store upgrade
	mkdir -p var
	$(BIN)/khlang users demo-accounts --out var/demo-accounts.txt --unless-made > var/demo-accounts.log 2>&1 || (cat var/demo-accounts.log; exit 1)
	$(BIN)/khlang sample decisions > var/demo-decisions.log 2>&1 || (cat var/demo-decisions.log; exit 1)
	$(BIN)/airflow db migrate > var/airflow-db-migrate.log 2>&1 || (cat var/airflow-db-migrate.log; exit 1)
	$(BIN)/airflow dags test khlang_catalog $$(date -u +%Y-%m-%dT%H:%M:%S+00:00) > var/demo-catalog.log 2>&1 || (tail -50 var/demo-catalog.log; exit 1)
	@echo "catalogue DAG: success (log: var/demo-catalog.log)"
	$(BIN)/airflow dags test khlang_quality $$(date -u +%Y-%m-%dT%H:%M:%S+00:00) > var/demo-quality.log 2>&1 || (tail -50 var/demo-quality.log; exit 1)
	@echo "quality DAG: success (log: var/demo-quality.log)"
	$(BIN)/airflow dags test khlang_backup $$(date -u +%Y-%m-%dT%H:%M:%S+00:00) > var/demo-backup.log 2>&1 || (tail -50 var/demo-backup.log; exit 1)
	@echo "backup DAG: success (log: var/demo-backup.log)"
	$(BIN)/airflow dags test khlang_pir $$(date -u +%Y-%m-%dT%H:%M:%S+00:00) > var/demo-pir.log 2>&1 || (tail -50 var/demo-pir.log; exit 1)
	@echo "PIR DAG: success (log: var/demo-pir.log)"
	$(BIN)/airflow dags test khlang_linkage $$(date -u +%Y-%m-%dT%H:%M:%S+00:00) > var/demo-linkage.log 2>&1 || (tail -50 var/demo-linkage.log; exit 1)
	@echo "linkage DAG: success (log: var/demo-linkage.log)"
	$(BIN)/airflow dags test khlang_ea $$(date -u +%Y-%m-%dT%H:%M:%S+00:00) > var/demo-ea.log 2>&1 || (tail -50 var/demo-ea.log; exit 1)
	@echo "EA DAG: success (log: var/demo-ea.log)"
	$(BIN)/airflow dags test khlang_issues $$(date -u +%Y-%m-%dT%H:%M:%S+00:00) > var/demo-issues.log 2>&1 || (tail -50 var/demo-issues.log; exit 1)
	@echo "issues DAG: success (log: var/demo-issues.log)"
	@echo
	@echo "Khlang demo finished."
	@echo "  sample data:       $(KHLANG_DATA_DIR) (ground truth: ground_truth.json)"
	@echo "  governance store:  $(CURDIR)/var/khlang.db"
	@echo "  catalogue site:    $(CURDIR)/reports/catalog/index.html"
	@echo "  committee report:  $(CURDIR)/reports/committee/ (index.html and index.pdf per quarter)"
	@echo "  EA book:           $(CURDIR)/reports/ea/ (index.html and index.pdf per EA version)"
	@echo "  other reports:     $(CURDIR)/reports/linkage/, reports/backup/, reports/pir/"
	@echo "  demo accounts:     $(CURDIR)/var/demo-accounts.txt (usernames and passwords, mode 0600; sign in: $(BIN)/khlang login)"
	@echo "  console:           make console, then open http://127.0.0.1:8765 and sign in with an account of var/demo-accounts.txt"
	@echo "  try:               $(BIN)/khlang catalog list; $(BIN)/khlang quality scores; $(BIN)/khlang issues list"

test: $(BIN)/.installed
	bash scripts/system-deps.sh
	$(BIN)/ruff check src tests dags scripts bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile --durations=25

# The governance console on the demo store (sign in with the accounts `make demo` wrote under var/).
console: $(BIN)/.installed
	$(BIN)/khlang store upgrade > /dev/null
	$(BIN)/khlang console --host 127.0.0.1 --port $${PORT:-8765}
