# Every target creates .venv itself when it is missing: `make demo` and
# `make test` work on a fresh clone with only Python 3.11, make and git.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# contacts `make bench` generates (the issue's targets are judged at 1000000)
BENCH_CONTACTS ?= 100000

.PHONY: install demo test test-quick test-bench test-spark lint lint-python lint-sql pytest docs bench calibrate clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/leadflow demo

lint-python: $(STAMP)
	$(BIN)/ruff check src python_tests
	$(BIN)/ruff format --check src python_tests

# sqlfluff's dbt templater compiles the project, and the seed checks query
# the seeds: lint against a throwaway warehouse holding empty raw tables and
# the seeds. Two processes: the files lint independently once the templater
# has compiled the project. The generator's SQL (src/leadflow/generate/sql)
# is plain DuckDB with $name parameters: its own .sqlfluff sets the
# placeholder templater, which sqlfluff only honours from the command line
# or the working folder, hence --templater.
lint-sql: $(STAMP)
	$(BIN)/sqlfluff lint --processes 2 --templater placeholder src/leadflow/generate/sql
	rm -f target/lint.duckdb
	LEADFLOW_WAREHOUSE=target/lint.duckdb $(BIN)/dbt seed --quiet --project-dir . --profiles-dir .
	LEADFLOW_WAREHOUSE=target/lint.duckdb $(BIN)/sqlfluff lint --processes 2 models tests analyses

lint: lint-python lint-sql

pytest: $(STAMP)
	$(BIN)/python -m pytest

# lint and the suite side by side: both are CPU-bound, and each leaves a
# core idle part of the time (sqlfluff while dbt compiles the project for
# it, the suite while its last long test runs); each one's output is printed
# whole when it ends
test: $(STAMP)
	@$(MAKE) --no-print-directory -j 3 --output-sync=target lint-python lint-sql pytest

# the quick loop while developing: the suite without the tests marked slow
# (over 20 s each here), and without the Spark and bench suites, which
# pyproject's default -m leaves out and a second -m would bring back
test-quick: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not spark and not bench"

# the benchmark's own tests (python_tests/test_bench.py, marker bench): each
# runs `leadflow bench` end to end, so they live beside `make test`
test-bench: $(STAMP)
	$(BIN)/python -m pytest -m bench python_tests/test_bench.py

# the Spark suite (python_tests/test_spark.py): installs the spark extra,
# needs Java 17; builds generated data on Spark and compares its marts with
# DuckDB's
test-spark: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev,spark]"
	$(BIN)/python -m pytest -m spark -n 0 python_tests/test_spark.py

docs: $(STAMP)
	$(BIN)/leadflow build
	cd . && LEADFLOW_WAREHOUSE=$(CURDIR)/warehouse/leadflow.duckdb $(BIN)/dbt docs generate --profiles-dir . --project-dir .

# times generate, full build, an incremental day, explain and an SQL floor in
# a scratch warehouse (bench/out/); results in bench/results.json
bench: $(STAMP)
	$(BIN)/leadflow bench --contacts $(BENCH_CONTACTS)

# learns point weights and thresholds from the warehouse's outcomes and writes
# a proposal to calibration/ (seeds, diff, report); nothing changes until
# `leadflow calibrate --apply`
calibrate: $(STAMP)
	$(BIN)/leadflow calibrate

clean:
	rm -rf target logs warehouse .pytest_cache
