"""Staging on a hand-made messy export: each bad row lands in the rejects
model with its reason, nothing is lost, and the CLI exit codes follow dbt's."""

from __future__ import annotations

import pytest

from leadflow.runner import DATA_ONLY

from .conftest import FIXTURES, query, run_cli


def test_each_bad_row_is_rejected_with_its_reason(messy_warehouse):
    rejected = set(
        query(
            messy_warehouse,
            "select source_table, source_row, record_id, reject_reason "
            "from staging.stg_crm__rejected_rows",
        )
    )
    assert rejected == {
        ("contacts", 5, None, "missing_contact_id"),
        ("contacts", 6, "c4", "unparseable_created_at"),
        ("contacts", 7, "c5", "future_created_at"),
        ("engagement_events", 6, None, "missing_event_id"),
        ("engagement_events", 7, "e6", "unparseable_occurred_at"),
        ("engagement_events", 8, "e7", "future_occurred_at"),
        ("engagement_events", 9, "e8", "orphan_contact_id"),
        ("engagement_events", 10, "e9", "missing_contact_and_anonymous_id"),
        ("sales_activities", 2, "a2", "orphan_contact_id"),
        ("lead_dispositions", 2, "d2", "unknown_disposition"),
        ("opportunities", 3, "o2", "closed_before_created"),
        ("contact_merges", 2, "c2", "self_merge"),
    }
    files = query(
        messy_warehouse, "select distinct source_file from staging.stg_crm__rejected_rows"
    )
    assert {f.split("@")[0] for (f,) in files} == {
        "contacts.csv",
        "engagement_events.csv",
        "sales_activities.csv",
        "lead_dispositions.csv",
        "opportunities.csv",
        "contact_merges.csv",
    }


def test_every_raw_row_is_kept_deduplicated_or_rejected(messy_warehouse):
    rows = query(
        messy_warehouse,
        "select source_table, raw_rows, kept_rows, duplicate_rows, rejected_rows "
        "from intermediate.int_raw_rows_accounted",
    )
    assert set(rows) == {
        ("contacts", 8, 4, 1, 3),
        ("engagement_events", 11, 5, 1, 5),
        ("sales_activities", 2, 1, 0, 1),
        ("lead_dispositions", 2, 1, 0, 1),
        ("opportunities", 3, 1, 1, 1),
        ("contact_merges", 2, 1, 0, 1),
    }


def test_malformed_email_is_kept_and_flagged_and_never_a_lead(messy_warehouse):
    assert query(
        messy_warehouse,
        "select email, email_domain, is_email_valid from staging.stg_crm__contacts "
        "where contact_id = 'c3'",
    ) == [("no-at-sign.example.com", None, False)]
    assert query(
        messy_warehouse,
        "select current_stage, lead_at, is_lead_eligible from marts.dim_leads where lead_id = 'c3'",
    ) == [("contact", None, False)]


def test_latest_contact_version_wins_and_values_are_normalised(messy_warehouse):
    assert query(
        messy_warehouse,
        "select email, email_domain, job_title, company_size, country_code, lead_source, "
        "cast(updated_at as varchar), version_count "
        "from staging.stg_crm__contacts where contact_id = 'c1'",
    ) == [
        (
            "ada.lovelace@analytical.io",
            "analytical.io",
            "Chief Marketing Officer",
            300,
            "US",
            "paid_search",
            # '2025-02-01T10:00:00+02:00' is 08:00 UTC
            "2025-02-01 08:00:00",
            2,
        )
    ]
    countries = dict(
        query(messy_warehouse, "select contact_id, country_code from staging.stg_crm__contacts")
    )
    assert countries["c2"] == "US"  # 'United States'
    assert countries["c3"] == "GB"  # 'UK'


def test_duplicate_event_keeps_first_delivery_and_unknown_types_are_kept(messy_warehouse):
    assert query(
        messy_warehouse,
        "select cast(loaded_at as varchar) from staging.stg_crm__engagement_events "
        "where event_id = 'e1'",
    ) == [("2025-01-05 10:00:00",)]
    assert query(
        messy_warehouse,
        "select event_type, is_known_event_type "
        "from intermediate.int_engagement_events_scored where event_id = 'e4'",
    ) == [("podcast_listen", False)]


def test_opportunity_keeps_its_latest_state(messy_warehouse):
    assert query(
        messy_warehouse,
        "select status, is_won, cast(closed_at as varchar) from staging.stg_crm__opportunities",
    ) == [("won", True, "2025-02-10 10:00:00")]


def test_build_exit_code_is_1_when_a_model_fails(warehouse, tmp_path):
    # a raw table that lost a contract column breaks the staging models at run time
    import duckdb

    warehouse.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse))
    con.execute("create schema raw")
    con.execute("create table raw.contacts (contact_id varchar)")
    con.close()
    result = run_cli("build", warehouse=warehouse)
    assert result.returncode == 1, result.stdout[-2000:]


def test_build_exit_code_is_2_when_dbt_cannot_run(warehouse):
    result = run_cli("build", "--no-such-flag", warehouse=warehouse)
    assert result.returncode == 2


@pytest.mark.slow  # a whole build of a fresh warehouse from the export loaded twice
def test_the_same_export_loaded_twice_is_all_accounted_for(warehouse):
    for _ in range(2):
        assert run_cli("load", str(FIXTURES / "messy_export"), warehouse=warehouse).returncode == 0
    # models and data tests only: the unit tests run once per session, in
    # the messy warehouse's build (conftest)
    built = run_cli("build", *DATA_ONLY, warehouse=warehouse)
    assert built.returncode == 0, built.stdout[-3000:]
    rows = set(
        query(
            warehouse,
            "select source_table, raw_rows, kept_rows, duplicate_rows, rejected_rows "
            "from intermediate.int_raw_rows_accounted",
        )
    )
    # the second copy of every usable row is a duplicate; bad rows are rejected twice
    assert ("contacts", 16, 4, 6, 6) in rows
    assert ("engagement_events", 22, 5, 7, 10) in rows
