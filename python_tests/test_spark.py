"""The same project on Apache Spark (`make test-spark`): generated data plus a
messy new day, landed in Spark's raw database, built on Spark (every model,
data test and unit test) and on DuckDB, gives the same marts row for row.
Floating-point columns are compared to 6 decimal places; everything else
exactly."""

from __future__ import annotations

import os
import time

import duckdb
import pytest

from python_tests.conftest import PINNED, run_cli

pytestmark = pytest.mark.spark

MARTS = (
    "dim_leads",
    "fct_lead_score_changes",
    "fct_lead_score_history",
    "fct_lead_stage_history",
    "fct_lead_level_history",
    "fct_mql_follow_up",
    "rpt_funnel_cohorts",
    "rpt_funnel_daily",
    "rpt_funnel_levels",
    "rpt_score_quality",
)
FLOAT_PLACES = 6


def _rows(rows) -> list[tuple]:
    def norm(value):
        if isinstance(value, float):
            return round(value, FLOAT_PLACES)
        return value

    return sorted((tuple(norm(v) for v in row) for row in rows), key=repr)


@pytest.fixture(scope="module")
def both_engines(tmp_path_factory):
    """500 generated contacts and a messy new day, built on DuckDB and Spark."""
    from leadflow.bench import land_new_day

    folder = tmp_path_factory.mktemp("engines")
    warehouse = folder / "duckdb" / "leadflow.duckdb"
    env = {"LEADFLOW_SPARK_DIR": str(folder / "spark")}
    os.environ.update(env)
    made = run_cli(
        "generate", "--contacts", "500", "--seed", "7", "--end-date", "2026-06-29",
        warehouse=warehouse,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    land_new_day(warehouse)
    landed = run_cli("land-spark", warehouse=warehouse)
    assert landed.returncode == 0, landed.stdout + landed.stderr
    assert "spark raw.engagement_events:" in landed.stdout

    timings, outputs = {}, {}
    for target in ("duckdb", "spark"):
        started = time.monotonic()
        built = run_cli("build", "--target", target, *PINNED, warehouse=warehouse, timeout=900)
        timings[target] = time.monotonic() - started
        assert built.returncode == 0, built.stdout[-4000:] + built.stderr[-2000:]
        outputs[target] = built.stdout
    print(f"build seconds: {timings}")
    return warehouse, outputs


def test_spark_builds_every_model_and_passes_every_test(both_engines):
    _, outputs = both_engines
    finished = [line for line in outputs["spark"].splitlines() if "Finished running" in line]
    assert finished, outputs["spark"][-2000:]
    # seeds, every model, the data tests and the dbt unit tests ran on Spark
    for kind in ("seeds", "table models", "view models", "data tests", "unit tests"):
        assert kind in finished[0]
    assert "ERROR=0" in outputs["spark"] and "SKIP=0" in outputs["spark"]


def test_a_scheduled_run_on_spark_rebuilds_and_publishes_nothing(both_engines):
    # (before the comparison below: Spark's embedded metastore admits one
    # process at a time, and the comparison keeps a session open)
    import json

    warehouse, _ = both_engines
    ran = run_cli("run", "--target", "spark", *PINNED, warehouse=warehouse, timeout=900)
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-2000:]
    summary = json.loads((warehouse.parent / "runs" / "last_run.json").read_text())
    assert summary["status"] == "success"
    assert summary["serving"] is None and not summary["published"]
    assert summary["models"]["failed"] == 0 and summary["tests"]["failed"] == 0


def test_the_marts_match_duckdb_row_for_row(both_engines):
    warehouse, _ = both_engines
    os.environ["TZ"] = "UTC"  # Spark hands timestamps to Python in local time
    time.tzset()
    from leadflow.spark import session

    spark = session()
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for mart in MARTS:
            columns = [r[0] for r in con.execute(f"describe marts.{mart}").fetchall()]
            select = f"select {', '.join(columns)} from marts.{mart}"
            on_duckdb = _rows(con.execute(select).fetchall())
            on_spark = _rows(tuple(r) for r in spark.sql(select).collect())
            assert on_duckdb, f"{mart} is empty"
            assert len(on_spark) == len(on_duckdb), mart
            missing = set(on_duckdb) - set(on_spark)
            assert not missing, f"{mart}: {len(missing)} rows differ, e.g. {sorted(missing)[:2]}"
    finally:
        con.close()


def test_every_seed_loads_alike_on_both_engines(both_engines):
    """Seeds go through our own spark__load_csv_rows: an empty cell, a quote
    (`category's`) or a non-ASCII name (`Noël`) must arrive as DuckDB has it."""
    from pathlib import Path

    warehouse, _ = both_engines
    os.environ["TZ"] = "UTC"
    time.tzset()
    from leadflow.spark import session

    seeds = sorted(p.stem for p in (Path(__file__).parents[1] / "seeds").rglob("*.csv"))
    spark = session()
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for seed in seeds:
            select = f"select * from staging.{seed}"
            on_duckdb = _rows(con.execute(select).fetchall())
            on_spark = _rows(tuple(r) for r in spark.sql(select).collect())
            assert on_spark == on_duckdb, seed
    finally:
        con.close()
