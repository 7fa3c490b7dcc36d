"""dbt build on a freshly generated data set: every model and data test
passes, and the planted mess comes out where it should."""

from __future__ import annotations

import pytest

from .conftest import query, run_cli

CONTACTS = 1_500


@pytest.fixture(scope="module")
def generated_warehouse(tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("generated") / "leadflow.duckdb"
    generated = run_cli(
        "generate",
        "--contacts",
        str(CONTACTS),
        "--seed",
        "7",
        "--end-date",
        "2026-06-30",
        warehouse=warehouse,
    )
    assert generated.returncode == 0, generated.stderr
    built = run_cli("build", warehouse=warehouse)
    assert built.returncode == 0, built.stdout[-4000:]
    return warehouse


def test_every_raw_row_is_accounted_for(generated_warehouse):
    for table, raw, kept, duplicates, rejected in query(
        generated_warehouse, "select * from intermediate.int_raw_rows_accounted"
    ):
        assert raw == kept + duplicates + rejected, table
        assert kept > 0, table
        assert raw == query(generated_warehouse, f"select count(*) from raw.{table}")[0][0]


def test_planted_mess_is_caught(generated_warehouse):
    reasons = {
        reason
        for (reason,) in query(
            generated_warehouse,
            "select distinct reject_reason from staging.stg_crm__rejected_rows",
        )
    }
    assert {
        "missing_contact_id",
        "missing_event_id",
        "future_occurred_at",
        "unparseable_occurred_at",
        "orphan_contact_id",
    } <= reasons
    duplicates = dict(
        query(
            generated_warehouse,
            "select source_table, duplicate_rows from intermediate.int_raw_rows_accounted",
        )
    )
    assert duplicates["engagement_events"] > 0
    assert duplicates["contacts"] > 0
    unknown = query(
        generated_warehouse,
        "select count(*) from staging.stg_crm__engagement_events where not is_known_event_type",
    )[0][0]
    assert unknown > 0
    malformed = query(
        generated_warehouse,
        "select count(*) from staging.stg_crm__contacts where not is_email_valid",
    )[0][0]
    assert malformed > 0


def test_demo_summary_prints_what_exists(generated_warehouse):
    result = run_cli("demo", "--contacts", "300", warehouse=generated_warehouse)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Raw rows: every row kept, deduplicated or rejected" in result.stdout
    assert "engagement_events" in result.stdout
