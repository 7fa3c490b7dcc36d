"""`leadflow load`: the happy path and every way a load is refused."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from leadflow.contract import RAW_TABLES
from leadflow.load import LoadError, ensure_raw_tables, forget_staged_rows, load_directory

from .conftest import FIXTURES, query, run_cli

STAMP = datetime(2025, 3, 1)


@pytest.fixture
def export_dir(tmp_path) -> Path:
    target = tmp_path / "export"
    shutil.copytree(FIXTURES / "messy_export", target)
    return target


@pytest.fixture
def con(warehouse):
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(warehouse))
    yield connection
    connection.close()


def _raw_snapshot(con) -> dict[str, list[tuple]]:
    snapshot = {}
    for table in RAW_TABLES:
        exists = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'raw' and table_name = ?",
            [table],
        ).fetchone()[0]
        snapshot[table] = (
            sorted(con.execute(f"select * from raw.{table}").fetchall(), key=repr)
            if exists
            else None
        )
    return snapshot


def test_load_lands_every_row_as_text_with_its_origin(con, export_dir):
    counts = load_directory(con, export_dir, loaded_at=STAMP)
    assert counts == {
        "contact_merges": 2,
        "contacts": 8,
        "engagement_events": 11,
        "lead_dispositions": 2,
        "opportunities": 3,
        "sales_activities": 2,
    }
    types = con.execute(
        "select distinct data_type from information_schema.columns where table_schema = 'raw'"
    ).fetchall()
    assert types == [("VARCHAR",)]
    # malformed values arrive untouched; staging judges them
    assert con.execute(
        "select created_at from raw.contacts where contact_id = 'c4'"
    ).fetchone() == ("not a date",)
    # every row knows its file and data row
    rows = con.execute(
        "select _source_file, _source_row, loaded_at from raw.contacts order by _source_row::int"
    ).fetchall()
    assert [r[1] for r in rows] == [str(n) for n in range(1, 9)]
    assert len({r[0] for r in rows}) == 1
    assert rows[0][0].startswith("contacts.csv@20250301T000000-")
    assert {r[2] for r in rows} == {"2025-03-01 00:00:00"}


def test_load_keeps_loaded_at_the_file_brings(con, export_dir):
    load_directory(con, export_dir, loaded_at=STAMP)
    loaded = con.execute(
        "select loaded_at from raw.engagement_events where _source_row = '1'"
    ).fetchone()
    assert loaded == ("2025-01-05 10:00:00",)


def test_load_keeps_columns_beyond_the_contract(con, export_dir):
    load_directory(con, export_dir, loaded_at=STAMP)
    owners = con.execute("select crm_owner from raw.contacts where contact_id = 'c2'").fetchall()
    assert owners == [("owner-2",)]


def test_load_appends_by_default_and_replaces_on_request(con, export_dir):
    load_directory(con, export_dir, loaded_at=STAMP)
    load_directory(con, export_dir, loaded_at=STAMP)
    assert con.execute("select count(*) from raw.contacts").fetchone() == (16,)
    load_directory(con, export_dir, replace=True, loaded_at=STAMP)
    assert con.execute("select count(*) from raw.contacts").fetchone() == (8,)


def test_load_reads_parquet(con, export_dir, tmp_path):
    parquet_dir = tmp_path / "parquet"
    parquet_dir.mkdir()
    con.execute(
        f"copy (select 'p1' as contact_id, 'p@acme.com' as email, "
        f"timestamp '2025-01-01 10:00:00' as created_at, 42 as company_size) "
        f"to '{parquet_dir / 'contacts.parquet'}' (format parquet)"
    )
    assert load_directory(con, parquet_dir, loaded_at=STAMP) == {"contacts": 1}
    row = con.execute(
        "select contact_id, created_at, company_size, first_name from raw.contacts"
    ).fetchone()
    assert row == ("p1", "2025-01-01 10:00:00", "42", None)


def test_missing_required_column_names_file_and_column_and_changes_nothing(con, export_dir):
    load_directory(con, export_dir, loaded_at=STAMP)
    before = _raw_snapshot(con)
    # break one file: drop the occurred_at column of the events export
    events = export_dir / "engagement_events.csv"
    lines = events.read_text().splitlines()
    header = lines[0].split(",")
    drop = header.index("occurred_at")
    events.write_text(
        "\n".join(",".join(v for i, v in enumerate(line.split(",")) if i != drop) for line in lines)
        + "\n"
    )
    with pytest.raises(LoadError) as error:
        load_directory(con, export_dir, loaded_at=STAMP)
    message = str(error.value)
    assert "engagement_events.csv" in message
    assert "occurred_at" in message
    assert "nothing was loaded" in message
    assert _raw_snapshot(con) == before


def test_every_bad_file_is_reported_at_once(con, export_dir):
    (export_dir / "contacts.csv").write_text("id,email\n1,a@b.com\n")
    (export_dir / "opportunities.csv").write_text("opportunity_id,status\no1,open\n")
    with pytest.raises(LoadError) as error:
        load_directory(con, export_dir)
    message = str(error.value)
    assert "contacts.csv: missing required column 'contact_id'" in message
    assert "opportunities.csv: missing required column 'contact_id'" in message
    assert "opportunities.csv: missing required column 'created_at'" in message
    assert con.execute(
        "select count(*) from information_schema.tables where table_schema = 'raw'"
    ).fetchone() == (0,)


def test_unknown_file_name_is_refused(con, export_dir):
    (export_dir / "contact.csv").write_text("contact_id\n1\n")
    with pytest.raises(LoadError, match=r"contact\.csv: not a raw table name"):
        load_directory(con, export_dir)


def test_two_files_for_one_table_are_refused(con, export_dir, tmp_path):
    con.execute(
        f"copy (select 'x' as contact_id, 'x@y.com' as email, '2025-01-01' as created_at) "
        f"to '{export_dir / 'contacts.parquet'}' (format parquet)"
    )
    with pytest.raises(LoadError, match="a second file for table contacts"):
        load_directory(con, export_dir)


def test_empty_or_missing_folder_is_refused(con, tmp_path):
    with pytest.raises(LoadError, match="no export files"):
        load_directory(con, tmp_path)
    with pytest.raises(LoadError, match="not a directory"):
        load_directory(con, tmp_path / "nope")


def test_ragged_csv_line_names_file_and_line_and_changes_nothing(con, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "contacts.csv").write_text(
        "contact_id,email,created_at\nc1,a@b.com,2025-01-01\nc2,x@y.com,2025-01-01,extra\n"
    )
    with pytest.raises(LoadError, match=r"contacts\.csv line 3: too many columns") as error:
        load_directory(con, bad)
    assert "c2,x@y.com" in str(error.value)
    assert con.execute(
        "select count(*) from information_schema.tables where table_schema = 'raw'"
    ).fetchone() == (0,)


def test_cli_load_failure_exits_1_names_file_and_column(warehouse, export_dir):
    assert run_cli("load", str(export_dir), warehouse=warehouse).returncode == 0
    before = query(warehouse, "select count(*) from raw.contacts")
    (export_dir / "sales_activities.csv").write_text("activity_id,contact_id\na9,c1\n")
    result = run_cli("load", str(export_dir), warehouse=warehouse)
    assert result.returncode == 1
    assert "sales_activities.csv: missing required column 'activity_type'" in result.stderr
    assert query(warehouse, "select count(*) from raw.contacts") == before
    assert query(warehouse, "select count(*) from raw.sales_activities") == [(2,)]


def test_raw_tables_that_break_the_contract_are_named_before_any_build():
    con = duckdb.connect()
    try:
        con.execute("create schema raw")
        # a sync's own table without the row-origin columns, and a view over
        # files that lacks an optional column
        con.execute(
            "create table raw.contacts (contact_id varchar, email varchar, "
            "created_at varchar, loaded_at varchar)"
        )
        con.execute(
            "create view raw.opportunities as select 'o1' as opportunity_id, "
            "'c1' as contact_id, '2025-01-01' as created_at, 'open' as status, "
            "'x' as _source_file, '1' as _source_row"
        )
        problems = ensure_raw_tables(con)
        # optional columns missing from a table come back empty
        columns = {
            r[0]
            for r in con.execute(
                "select column_name from information_schema.columns "
                "where table_schema = 'raw' and table_name = 'contacts'"
            ).fetchall()
        }
    finally:
        con.close()
    assert "job_title" in columns
    assert any("raw.contacts: landing column '_source_file' is missing" in p for p in problems)
    assert any("raw.contacts: landing column '_source_row' is missing" in p for p in problems)
    assert any(
        "raw.opportunities: column 'amount' is missing and the relation is a view" in p
        for p in problems
    )


def test_replacing_raw_forgets_the_staged_tables_only():
    con = duckdb.connect()
    try:
        con.execute("create schema staging")
        con.execute("create table staging.base_crm__engagement_events (x int)")
        con.execute("create table staging.stg_crm__engagement_events (x int)")
        con.execute("create table staging.stg_rules__fit_rules (x int)")
        con.execute("create view staging.stg_crm__contacts as select 1 as x")
        forget_staged_rows(con)
        left = {
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'staging'"
            ).fetchall()
        }
    finally:
        con.close()
    assert left == {"stg_rules__fit_rules", "stg_crm__contacts"}
