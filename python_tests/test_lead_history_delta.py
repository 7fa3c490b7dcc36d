"""The lead history mechanism (docs/lead_history.md), checked over dbt's
manifest: every input a lead history model reads is one the delta detection
covers, no lead history model reads the clock, the folder takes its config
from dbt_project.yml, and the state is written after every model in it. And
the tests that scan the biggest tables check what the run wrote: the leads
it recomputed, the keys it staged."""

from __future__ import annotations

import copy
import json
import re
import subprocess

import duckdb
import pytest

from .conftest import PROJECT_DIR, copy_warehouse, run_dbt

LEAD_HISTORY_DIR = "models/intermediate/lead_history/"
AFFECTED = "model.leadflow.int_leads_affected"
RULES = "model.leadflow.int_lead_history_rules"
STATE = "model.leadflow.int_lead_history_state"
CLOCK_MACROS = {"macro.leadflow.scoring_reference_time", "macro.leadflow.utc_now"}


def lead_history_models(manifest) -> list[str]:
    return sorted(
        uid
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith(LEAD_HISTORY_DIR)
    )


def _reads_the_clock(node) -> bool:
    return bool(CLOCK_MACROS & set(node["depends_on"].get("macros", [])))


def uncovered_inputs(manifest) -> list[tuple[str, str]]:
    """(lead history model, input) pairs the delta detection does not cover.

    An input is covered when int_leads_affected or int_lead_history_rules
    reads it (its arrival stamps or its rules are watched), when it is
    another lead history model, or when it is a model computed, without the
    clock, only from covered inputs (its content changes only when theirs
    does). Seeds and sources are covered only when read directly."""
    nodes = manifest["nodes"]
    members = set(lead_history_models(manifest))
    watched = set(nodes[AFFECTED]["depends_on"]["nodes"]) | set(nodes[RULES]["depends_on"]["nodes"])
    memo: dict[str, bool] = {}

    def covered(uid: str) -> bool:
        if uid in members or uid in watched or uid == AFFECTED:
            return True
        if uid in memo:
            return memo[uid]
        memo[uid] = False  # a cycle covers nothing
        node = nodes.get(uid)
        memo[uid] = bool(
            node is not None
            and node["resource_type"] == "model"
            and not _reads_the_clock(node)
            and all(covered(parent) for parent in node["depends_on"]["nodes"])
        )
        return memo[uid]

    return [
        (model, parent)
        for model in sorted(members)
        for parent in nodes[model]["depends_on"]["nodes"]
        if not covered(parent)
    ]


def test_every_input_of_the_lead_history_is_covered(manifest):
    assert len(lead_history_models(manifest)) >= 5
    assert uncovered_inputs(manifest) == []


def test_an_input_the_delta_detection_misses_is_named(manifest):
    # the rules fingerprint forgets a seed a lead history model reads
    forgetful = copy.deepcopy(manifest)
    rules = forgetful["nodes"][RULES]["depends_on"]["nodes"]
    rules.remove("seed.leadflow.lifecycle_stages")
    assert ("model.leadflow.int_lead_stage_entries", "seed.leadflow.lifecycle_stages") in (
        uncovered_inputs(forgetful)
    )
    # a lead history model starts reading a model nothing watches
    reading_more = copy.deepcopy(manifest)
    scored = reading_more["nodes"]["model.leadflow.int_lead_score_changes"]
    scored["depends_on"]["nodes"].append("model.leadflow.int_sales_activities_attributed")
    assert uncovered_inputs(reading_more) == [
        ("model.leadflow.int_lead_score_changes", "model.leadflow.int_sales_activities_attributed")
    ]
    # or a model that reads the clock
    clocked = copy.deepcopy(manifest)
    fit = clocked["nodes"]["model.leadflow.int_lead_fit_points"]
    fit["depends_on"]["macros"].append("macro.leadflow.scoring_reference_time")
    assert ("model.leadflow.int_lead_fit_changes", "model.leadflow.int_lead_fit_points") in (
        uncovered_inputs(clocked)
    )


def test_no_lead_history_model_reads_the_clock(manifest):
    for uid in lead_history_models(manifest):
        node = manifest["nodes"][uid]
        assert not _reads_the_clock(node), uid
        assert "now()" not in node["raw_code"].lower(), uid


def test_the_folder_configures_its_models(manifest):
    for uid in lead_history_models(manifest):
        node = manifest["nodes"][uid]
        config = node["config"]
        # one home for the mechanism: no model repeats it in a config block
        assert "config(" not in node["raw_code"], uid
        if config["materialized"] == "view":
            # a view stores nothing: it reads only lead history tables
            assert set(node["depends_on"]["nodes"]) <= set(lead_history_models(manifest)), uid
            continue
        assert config["materialized"] == "incremental", uid
        assert config["incremental_strategy"] == "append", uid
        # its partition column on Spark (docs/lead_history.md)
        assert "{{ lead_bucket_column() }} from" in node["raw_code"], uid
        assert any("delete_affected_leads" in hook["sql"] for hook in config["pre-hook"]), uid
        assert AFFECTED in node["depends_on"]["nodes"], uid


def test_the_state_is_written_after_every_lead_history_model(manifest):
    state_parents = set(manifest["nodes"][STATE]["depends_on"]["nodes"])
    assert set(lead_history_models(manifest)) <= state_parents


def test_the_spark_input_state_is_written_after_every_lead_history_model(manifest):
    # Spark only, so not in this (DuckDB) manifest: read its refs from the file
    sql = PROJECT_DIR / "models/intermediate/lead_history_delta/int_lead_history_input_state.sql"
    refs = set(re.findall(r"ref\('(\w+)'\)", sql.read_text()))
    names = {manifest["nodes"][uid]["name"] for uid in lead_history_models(manifest)}
    assert names <= refs, names - refs


def test_every_lead_history_test_checks_the_affected_leads(manifest):
    members = set(lead_history_models(manifest))
    scoped = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test"
        and node.get("attached_node") in members
        and node["test_metadata"]
    ]
    assert len(scoped) >= 10
    for node in scoped:
        assert node["config"]["where"] == "affected_leads_only", node["unique_id"]


def _test_intervals(warehouse, target) -> subprocess.CompletedProcess:
    """dbt's data tests of the score intervals and of the mart that shows
    them as of the reference time, against a built warehouse."""
    return run_dbt(
        "test",
        "--select",
        "int_lead_score_intervals,test_type:data",
        "fct_lead_score_history,test_type:data",
        warehouse=warehouse,
        target=target,
    )


@pytest.mark.slow  # two dbt test runs (the first parses the project whole) on a warehouse copy
def test_an_incremental_run_tests_the_leads_it_recomputed(generated_warehouse, tmp_path):
    warehouse = copy_warehouse(generated_warehouse, tmp_path / "wh")
    con = duckdb.connect(str(warehouse))
    try:
        broken, other = (
            row[0]
            for row in con.execute(
                "select distinct lead_id from intermediate.int_lead_score_intervals "
                "order by lead_id limit 2"
            ).fetchall()
        )
        # a second copy of the lead's first interval whose score is not fit
        # + engagement: the history's intervals overlap (and their key on
        # lead_id, valid_from breaks), and the score check in the mart that
        # shows it fails
        con.execute(
            "insert into intermediate.int_lead_score_intervals "
            "select * replace (score + 1 as score) from intermediate.int_lead_score_intervals "
            f"where lead_id = '{broken}' order by valid_from limit 1"
        )
        con.execute("delete from intermediate.int_leads_affected")
        con.execute(f"insert into intermediate.int_leads_affected (lead_id) values ('{other}')")
    finally:
        con.close()
    # the run recomputed another lead: its tests do not look at the broken one
    # (one target folder for both calls: the second reuses the first's parse)
    untouched = _test_intervals(warehouse, tmp_path / "target")
    assert untouched.returncode == 0, untouched.stdout[-3000:]
    con = duckdb.connect(str(warehouse))
    try:
        con.execute(f"update intermediate.int_leads_affected set lead_id = '{broken}'")
    finally:
        con.close()
    # the run recomputed the broken lead: the contiguity (and key) test fails
    # in the lead history, and the score check in the mart (another schema
    # than int_leads_affected's)
    touched = _test_intervals(warehouse, tmp_path / "target")
    assert touched.returncode != 0
    for test in (
        "contiguous_intervals_int_lead_score_intervals_fit_grade__lead_id",
        "valid_rows_fct_lead_score_history_score_fit_score_engagement_score__lead_id__fit_grade__"
        "fit_score__engagement_score__score__valid_from",
    ):
        assert f"FAIL 1 {test}" in touched.stdout, touched.stdout[-3000:]


def _with_extra_interval_and_no_lead_recomputed(generated_warehouse, folder, interval_sql: str):
    """A copy of the warehouse with the interval `interval_sql` selects added
    to the history, as if the last run had recomputed no lead."""
    warehouse = copy_warehouse(generated_warehouse, folder)
    con = duckdb.connect(str(warehouse))
    try:
        con.execute(f"insert into intermediate.int_lead_score_intervals {interval_sql}")
        con.execute("delete from intermediate.int_leads_affected")
    finally:
        con.close()
    return warehouse


def test_a_history_row_without_a_lead_is_checked_whatever_the_run_recomputed(
    generated_warehouse, tmp_path
):
    # affected_leads_only narrows a test to the leads a run recomputed; a
    # row with no lead belongs to none of them, so it is always kept, or its
    # not-null check could never fail
    warehouse = _with_extra_interval_and_no_lead_recomputed(
        generated_warehouse,
        tmp_path / "wh",
        "select * replace (null as lead_id) from intermediate.int_lead_score_intervals limit 1",
    )
    result = run_dbt(
        "test",
        "--select",
        "contiguous_intervals_int_lead_score_intervals_fit_grade__lead_id",
        warehouse=warehouse,
        target=tmp_path / "target",
    )
    assert result.returncode != 0
    assert "FAIL 1 contiguous_intervals_int_lead_score_intervals" in result.stdout, result.stdout[
        -3000:
    ]


def _failures(warehouse, query_sql: str) -> int:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(f"select count(*) from ({query_sql}) as failures").fetchone()[0]
    finally:
        con.close()


def _compiled_tests(names: list[str], warehouse, target, *flags: str) -> dict[str, str]:
    """The SQL dbt compiles for several data tests in one invocation, by name."""
    compiled = run_dbt("compile", "--select", *names, *flags, warehouse=warehouse, target=target)
    assert compiled.returncode == 0, compiled.stdout[-3000:]
    nodes = json.loads((target / "manifest.json").read_text())["nodes"].values()
    return {node["name"]: node["compiled_code"] for node in nodes if node["name"] in names}


@pytest.mark.slow  # two dbt compiles, scoped and full refresh (the first parses the project whole)
def test_a_full_refresh_tests_every_row_without_the_run_scoped_filters(
    generated_warehouse, tmp_path
):
    # on a full refresh every row is this run's and every lead is
    # recomputed: the filters are left out (they would keep every row), and
    # a broken row is found whatever int_leads_affected holds
    warehouse = _with_extra_interval_and_no_lead_recomputed(
        generated_warehouse,
        tmp_path / "wh",
        "select * from intermediate.int_lead_score_intervals "
        "where lead_id is not null order by lead_id, valid_from limit 1",
    )
    contiguity = "contiguous_intervals_int_lead_score_intervals_fit_grade__lead_id"
    staged_key = "unique_stg_crm__engagement_events_event_id"
    # the singular check that changes sum to the history filters by hand
    # (its ref to int_leads_affected stays, so the dependency never depends
    # on the flags dbt parsed with)
    sums = "assert_score_changes_sum_to_history"
    names = [contiguity, staged_key, sums]
    # one target: the second compile reuses the first one's parse
    scoped = _compiled_tests(names, warehouse, tmp_path / "target")
    full = _compiled_tests(names, warehouse, tmp_path / "target", "--full-refresh")
    assert set(scoped) == set(full) == set(names)
    assert "int_leads_affected" in scoped[contiguity]
    assert "int_leads_affected" not in full[contiguity]
    assert _failures(warehouse, scoped[contiguity]) == 0  # no lead recomputed: not looked at
    assert _failures(warehouse, full[contiguity]) == 1
    assert "staged_at =" in scoped[staged_key]
    assert "staged_at =" not in full[staged_key]
    assert "affected.lead_id" in scoped[sums]
    assert "affected.lead_id" not in full[sums]


def test_a_staging_key_test_checks_the_keys_its_run_wrote(generated_warehouse, tmp_path):
    warehouse = copy_warehouse(generated_warehouse, tmp_path / "wh")
    con = duckdb.connect(str(warehouse))
    try:
        # a second row for an event staged by an earlier run
        (stamp,) = con.execute(
            "insert into staging.stg_crm__engagement_events "
            "select * from staging.stg_crm__engagement_events "
            "order by event_id limit 1 returning staged_at"
        ).fetchone()
    finally:
        con.close()
    staged_key = "unique_stg_crm__engagement_events_event_id"
    sql = _compiled_tests([staged_key], warehouse, tmp_path / "target")[staged_key]
    (this_run,) = set(re.findall(r"'(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6})'", sql))
    as_the_writing_run = sql.replace(this_run, f"{stamp:%Y-%m-%d %H:%M:%S.%f}")

    # a run that wrote no row of that event does not look at it
    assert _failures(warehouse, sql) == 0
    # the run that wrote it finds the duplicate
    assert _failures(warehouse, as_the_writing_run) == 1
