"""The same project on Apache Spark (`make test-spark`): generated data is
landed in Spark's raw database and built there (every model, data test and
unit test); then a messy new day lands and a scheduled run on Spark updates
the lead history incrementally (the lead buckets its new rows reach). Its
marts equal, row for row, a full build of the same data on DuckDB, and it
recomputed fewer leads than all. Floating-point columns are compared to 6
decimal places; everything else exactly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import duckdb
import pytest
import yaml

from leadflow.bench import NEW_DAY_LOADED_AT, land_new_day
from python_tests.conftest import PINNED, PROJECT_DIR, run_cli

pytestmark = pytest.mark.spark

FLOAT_PLACES = 6


def _rows(rows) -> list[tuple]:
    def norm(value):
        if isinstance(value, float):
            return round(value, FLOAT_PLACES)
        return value

    return sorted((tuple(norm(v) for v in row) for row in rows), key=repr)


@pytest.fixture(scope="module")
def both_engines(tmp_path_factory):
    """500 generated contacts built on Spark; then a messy new day, run
    incrementally on Spark (a scheduled run) and built whole on DuckDB."""

    folder = tmp_path_factory.mktemp("engines")
    warehouse = folder / "duckdb" / "leadflow.duckdb"
    env = {"LEADFLOW_SPARK_DIR": str(folder / "spark")}
    os.environ.update(env)
    made = run_cli(
        "generate", "--contacts", "500", "--seed", "7", "--end-date", "2026-06-29",
        warehouse=warehouse,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    timings, outputs = {}, {}

    def timed(name, *args):
        landed = run_cli("land-spark", warehouse=warehouse)
        assert landed.returncode == 0, landed.stdout + landed.stderr
        assert "spark raw.engagement_events:" in landed.stdout
        started = time.monotonic()
        done = run_cli(*args, "--target", "spark", *PINNED, warehouse=warehouse, timeout=900)
        timings[name] = time.monotonic() - started
        outputs[name] = done
        return done

    # a first (full) build on Spark
    timed("spark build", "build")
    # a new day lands, with a merge that empties a lead bucket of
    # int_lead_level_entries; the scheduled run on Spark updates what it reached
    land_new_day(warehouse)
    vanishing = _merge_a_lone_lead_away(warehouse)
    timed("spark incremental run", "run")
    summary = json.loads((warehouse.parent / "runs" / "last_run.json").read_text())
    # the same data built whole on DuckDB
    started = time.monotonic()
    built = run_cli("build", *PINNED, warehouse=warehouse, timeout=900)
    timings["duckdb build"] = time.monotonic() - started
    assert built.returncode == 0, built.stdout[-4000:] + built.stderr[-2000:]
    print(f"seconds: {timings}")
    return warehouse, outputs, summary, vanishing


# the lead with qualification levels alone in its lead bucket of
# int_lead_level_entries (in its own process: Spark's embedded metastore
# admits one process at a time)
_LONE_LEAD = (
    "from leadflow.spark import session\n"
    "print(session().sql("
    "'select min(lead_id) from intermediate.int_lead_level_entries where lead_bucket in ("
    "select lead_bucket from intermediate.int_lead_level_entries "
    "group by lead_bucket having count(distinct lead_id) = 1)'"
    ").collect()[0][0])\n"
)


def _merge_a_lone_lead_away(warehouse) -> str:
    """Land a merge of that lead into another: its bucket gets no new rows,
    which a dynamic partition overwrite alone would leave stale."""
    found = subprocess.run(
        [sys.executable, "-c", _LONE_LEAD], capture_output=True, text=True, timeout=300
    )
    assert found.returncode == 0, found.stderr[-2000:]
    lone = found.stdout.strip().splitlines()[-1]
    assert lone.startswith("c"), found.stdout
    con = duckdb.connect(str(warehouse))
    try:
        con.execute(
            "insert into raw.contact_merges select ?, min(contact_id), '2026-06-30 12:00:00', "
            "?, 'spark-test-merge.csv', '1' from raw.contacts where contact_id <> ?",
            [lone, NEW_DAY_LOADED_AT, lone],
        )
    finally:
        con.close()
    return lone


def test_spark_builds_every_model_and_passes_every_test(both_engines):
    _, outputs, _, _ = both_engines
    built = outputs["spark build"]
    assert built.returncode == 0, built.stdout[-4000:] + built.stderr[-2000:]
    finished = [line for line in built.stdout.splitlines() if "Finished running" in line]
    assert finished, built.stdout[-2000:]
    # seeds, every model, the data tests and the dbt unit tests ran on Spark
    for kind in ("seeds", "incremental models", "table models", "view models", "data tests",
                 "unit tests"):  # fmt: skip
        assert kind in finished[0]
    assert "ERROR=0" in built.stdout and "SKIP=0" in built.stdout


def test_a_scheduled_run_on_spark_updates_incrementally_and_publishes_nothing(both_engines):
    _, outputs, summary, _ = both_engines
    ran = outputs["spark incremental run"]
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-2000:]
    assert summary["status"] == "success"
    assert summary["serving"] is None and not summary["published"]
    assert summary["models"]["failed"] == 0 and summary["models"]["skipped"] == 0
    assert summary["tests"]["failed"] == 0
    # the lead history models were updated in place, not rebuilt
    assert "incremental model intermediate.int_lead_stage_history" in ran.stdout


@pytest.fixture(scope="module")
def spark_session(both_engines):
    # one session for the checks below: Spark's embedded metastore admits
    # one process at a time, so no Spark command may run after it opens
    os.environ["TZ"] = "UTC"  # Spark hands timestamps to Python in local time
    time.tzset()
    from leadflow.spark import session

    return session()


def test_the_incremental_run_recomputed_only_the_leads_the_day_reached(spark_session):
    def one(sql):
        return spark_session.sql(sql).collect()[0][0]

    buckets_var = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
    lead_buckets = buckets_var["spark_lead_buckets"]
    leads = one("select count(*) from intermediate.int_leads")
    affected = one("select count(*) from intermediate.int_leads_affected")
    buckets = one(
        f"select count(distinct pmod(xxhash64(lead_id), {lead_buckets})) "
        "from intermediate.int_leads_affected"
    )
    assert 0 < affected < leads / 4, (affected, leads)
    # every lead of a reached bucket was recomputed: fewer buckets than all
    assert 0 < buckets < lead_buckets, buckets
    # the fingerprints the next run compares with cover every lead
    assert one("select count(*) from intermediate.int_lead_history_input_state") == leads


def test_a_lead_merged_away_leaves_no_rows_even_in_an_emptied_bucket(both_engines, spark_session):
    _, _, _, vanished = both_engines

    def one(sql):
        return spark_session.sql(sql).collect()[0][0]

    assert one(f"select count(*) from intermediate.int_leads where lead_id = '{vanished}'") == 0
    tables = [
        r.tableName
        for r in spark_session.sql("show tables in intermediate").collect()
        if "lead_bucket"
        in [c.name for c in spark_session.catalog.listColumns(f"intermediate.{r.tableName}")]
    ]
    assert "int_lead_level_entries" in tables and len(tables) >= 9, tables
    for table in tables:
        stale = one(
            f"select count(*) from intermediate.{table} "
            "where lead_id not in (select lead_id from intermediate.int_leads)"
        )
        assert stale == 0, (table, stale)


def test_the_incremental_marts_match_a_full_duckdb_build_row_for_row(both_engines, spark_session):
    warehouse, _, _, _ = both_engines
    spark = spark_session
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        # every mart: what the build wrote to the marts schema on DuckDB
        marts = [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' order by table_name"
            ).fetchall()
        ]
        assert "fct_lead_score_events" in marts and "dim_leads" in marts, marts
        for mart in marts:
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


def test_every_seed_loads_alike_on_both_engines(both_engines, spark_session):
    """Seeds go through our own spark__load_csv_rows: an empty cell, a quote
    (`stage's`) or a non-ASCII name (`Noël`) must arrive as DuckDB has it."""
    warehouse = both_engines[0]
    seeds = sorted(p.stem for p in (PROJECT_DIR / "seeds").rglob("*.csv"))
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for seed in seeds:
            select = f"select * from staging.{seed}"
            on_duckdb = _rows(con.execute(select).fetchall())
            on_spark = _rows(tuple(r) for r in spark_session.sql(select).collect())
            assert on_spark == on_duckdb, seed
    finally:
        con.close()
