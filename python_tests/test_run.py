"""`leadflow run`: lock, publish only after a green build, readers never see
half-built or failed data, and a killed run changes nothing (the reader
during a run is checked on the run after the kill)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from leadflow.scheduled import run_lock

from .conftest import (
    PINNED,
    PROJECT_DIR,
    copy_project,
    copy_warehouse,
    dbt_target_for,
    run_cli,
    run_cli_in,
)

MARTS = ("dim_leads", "fct_lead_score_history", "fct_lead_stage_history", "rpt_funnel_cohorts")


@pytest.fixture
def warehouse_copy(generated_warehouse, tmp_path):
    """A copy of the shared warehouse, run and published at PINNED."""
    return copy_warehouse(generated_warehouse, tmp_path / "wh")


def _serving(warehouse):
    return warehouse.with_name("serving.duckdb")


def _snapshot(path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            t: sorted(con.execute(f"select * from marts.{t}").fetchall(), key=repr) for t in MARTS
        }
    finally:
        con.close()


def _storage_version(path) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            "select tags['storage_version'] from duckdb_databases() where path = ?", [str(path)]
        ).fetchone()[0]
    finally:
        con.close()


@pytest.mark.slow  # a second whole run, to show that no new data changes no published row
def test_run_publishes_after_a_green_build_and_writes_a_summary(warehouse_copy):
    # the shared warehouse's run, on generated data
    serving = _serving(warehouse_copy)
    assert serving.exists()
    assert _snapshot(serving) == _snapshot(warehouse_copy)
    # the working warehouse is written in DuckDB 1.4's faster format; the
    # file readers open keeps the default one, which older DuckDBs read
    assert _storage_version(warehouse_copy) == "v1.4.0+"
    assert _storage_version(serving) == "v1.0.0+"
    summary = json.loads((warehouse_copy.parent / "runs" / "last_run.json").read_text())
    assert summary["status"] == "success" and summary["published"] is True
    assert summary["models"]["built"] > 0 and summary["models"]["failed"] == 0
    assert summary["tests"]["passed"] > 0 and summary["tests"]["failed"] == 0
    assert summary["rows"]["marts.dim_leads"]["rows"] > 0
    assert summary["duration_seconds"] > 0
    assert set(summary["freshness"]) == {
        f"source.leadflow.crm.{t}"
        for t in (
            "contacts",
            "engagement_events",
            "sales_activities",
            "lead_dispositions",
            "opportunities",
            "contact_merges",
        )
    }

    # a second run with no new data changes nothing
    again = run_cli("run", *PINNED, warehouse=warehouse_copy)
    assert again.returncode == 0
    summary = json.loads((warehouse_copy.parent / "runs" / "last_run.json").read_text())
    assert all(v["change"] == 0 for v in summary["rows"].values())


def test_a_second_run_exits_at_once_with_the_lock_message(warehouse_copy):
    published = _serving(warehouse_copy).stat().st_mtime_ns
    last_run = (warehouse_copy.parent / "runs" / "last_run.json").read_text()
    with run_lock(warehouse_copy):
        started = time.monotonic()
        result = run_cli("run", warehouse=warehouse_copy)
        assert time.monotonic() - started < 30
    assert result.returncode == 3
    assert "another leadflow run is in progress" in result.stderr
    assert _serving(warehouse_copy).stat().st_mtime_ns == published
    assert (warehouse_copy.parent / "runs" / "last_run.json").read_text() == last_run


# a run of a project copy (which dbt parses whole) that fails in its seeds,
# and a run the raw check stops before dbt
@pytest.mark.slow
def test_a_failed_build_publishes_nothing(warehouse_copy, tmp_path):
    before = _snapshot(_serving(warehouse_copy))
    project = copy_project(tmp_path / "project")
    rules = project / "seeds/scoring/engagement_rules.csv"
    rules.write_text(
        rules.read_text().replace(
            "demo_request,demo_request,,50,", "demo_request,demo_request,,fifty,"
        )
    )
    result = run_cli_in(project, "run", *PINNED, warehouse=warehouse_copy)
    assert result.returncode == 1
    assert "nothing was published" in result.stderr
    assert "points 'fifty' is not a whole number" in result.stdout
    assert _snapshot(_serving(warehouse_copy)) == before
    summary = json.loads((warehouse_copy.parent / "runs" / "last_run.json").read_text())
    assert summary["status"] == "failed" and summary["published"] is False

    # a raw table that lost a required column stops the run before dbt; an
    # optional column that is missing comes back empty
    con = duckdb.connect(str(warehouse_copy))
    try:
        con.execute("alter table raw.contacts drop column email")
        con.execute("alter table raw.engagement_events drop column campaign")
    finally:
        con.close()
    result = run_cli("run", *PINNED, warehouse=warehouse_copy)
    assert result.returncode == 1
    assert "raw.contacts: required column 'email' is missing" in result.stderr
    assert "nothing was built or published" in result.stderr
    assert _snapshot(_serving(warehouse_copy)) == before
    con = duckdb.connect(str(warehouse_copy), read_only=True)
    try:
        columns = {
            r[0]
            for r in con.execute(
                "select column_name from information_schema.columns "
                "where table_schema = 'raw' and table_name = 'engagement_events'"
            ).fetchall()
        }
    finally:
        con.close()
    assert "campaign" in columns


@pytest.mark.slow  # a killed run, the run after it (read throughout), and a full refresh
def test_a_run_killed_mid_build_changes_nothing_and_the_next_run_completes(
    warehouse_copy, tmp_path
):
    """A run killed mid-build changes nothing readers see; the next run
    completes while a reader keeps reading the last good data, readers
    connecting after it see the new data, and it matches a full refresh."""
    serving = _serving(warehouse_copy)
    before = _snapshot(serving)
    # new contacts arrive (appended with another seed), then the scheduled run
    grown = run_cli(
        "generate",
        "--contacts",
        "200",
        "--seed",
        "98",
        "--end-date",
        "2026-06-30",
        "--append",
        warehouse=warehouse_copy,
    )
    assert grown.returncode == 0, grown.stderr
    env = {
        **os.environ,
        "LEADFLOW_WAREHOUSE": str(warehouse_copy),
        **dbt_target_for(PINNED, warehouse_copy),
    }

    process = subprocess.Popen(
        [sys.executable, "-m", "leadflow", "run", *PINNED],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # wait until dbt is building models, then kill -9
    deadline = time.monotonic() + 120
    for line in process.stdout:
        if "START sql table model intermediate." in line or time.monotonic() > deadline:
            break
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert _snapshot(serving) == before  # readers still see the last good data

    # the lock died with the process: the next run completes. A reader
    # connected before it keeps reading the data it opened throughout
    reader = duckdb.connect(str(serving), read_only=True)
    try:
        leads_before = reader.execute("select count(*) from marts.dim_leads").fetchone()[0]
        # the run's output goes to a file: an unread pipe would fill and block it
        output = warehouse_copy.with_name("run-output.txt")
        with open(output, "w") as sink:
            rerun = subprocess.Popen(
                [sys.executable, "-m", "leadflow", "run", *PINNED],
                cwd=PROJECT_DIR,
                env=env,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
            while rerun.poll() is None:  # the reader goes on reading throughout
                count = reader.execute("select count(*) from marts.dim_leads").fetchone()[0]
                assert count == leads_before
                time.sleep(0.5)
        assert rerun.returncode == 0, output.read_text()[-3000:]
        assert reader.execute("select count(*) from marts.dim_leads").fetchone()[0] == (
            leads_before
        )
    finally:
        reader.close()
    fresh = duckdb.connect(str(serving), read_only=True)
    try:
        assert fresh.execute("select count(*) from marts.dim_leads").fetchone()[0] > leads_before
    finally:
        fresh.close()

    # and it matches a run that was never interrupted
    reference = copy_warehouse(warehouse_copy, tmp_path / "reference")
    full = run_cli("run", "--full-refresh", *PINNED, warehouse=reference)
    assert full.returncode == 0
    assert _snapshot(serving) == _snapshot(reference.with_name("serving.duckdb"))
