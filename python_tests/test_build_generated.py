"""dbt build on a freshly generated data set: every model and data test
passes, and the planted mess comes out where it should."""

from __future__ import annotations

import pytest

from .conftest import query, run_cli


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
        "select count(*) from intermediate.int_engagement_events_scored "
        "where not is_known_event_type",
    )[0][0]
    assert unknown > 0
    malformed = query(
        generated_warehouse,
        "select count(*) from staging.stg_crm__contacts where not is_email_valid",
    )[0][0]
    assert malformed > 0


def test_stages_and_scores_come_out_of_the_generated_data(generated_warehouse):
    stages = dict(
        query(
            generated_warehouse,
            "select stage, count(distinct lead_id) from marts.fct_lead_stage_history group by 1",
        )
    )
    for stage in ("contact", "lead", "mql", "sql", "opportunity", "customer", "disqualified"):
        assert stages.get(stage, 0) > 0, stage
    reasons = {
        r
        for (r,) in query(
            generated_warehouse, "select distinct reason from marts.fct_lead_stage_history"
        )
    }
    assert {"threshold", "hand_raiser", "sales_accepted", "excluded", "won"} <= reasons
    # a good score predicts conversion: leads whose score made them MQLs win far
    # more often than leads whose score never did
    (scored_mql_rate, other_rate) = query(
        generated_warehouse,
        """
        with scored_mqls as (
            select distinct lead_id from marts.fct_lead_stage_history
            where stage = 'mql' and reason = 'threshold'
        )
        select
            avg(case when customer_at is not null then 1.0 else 0 end)
                filter (where scored_mqls.lead_id is not null),
            avg(case when customer_at is not null then 1.0 else 0 end)
                filter (where scored_mqls.lead_id is null)
        from marts.dim_leads
        left join scored_mqls using (lead_id)
        where lead_at is not null
        """,
    )[0]
    assert scored_mql_rate > 3 * other_rate


@pytest.mark.slow  # the demo as `make demo` runs it: generate, then a whole build
def test_demo_prints_stages_and_top_scores(tmp_path):
    warehouse = tmp_path / "demo.duckdb"
    result = run_cli("demo", "--contacts", "400", warehouse=warehouse)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout
    assert "Raw rows: every row kept, deduplicated or rejected" in out
    assert "Leads per stage" in out
    assert "Leads by fit grade" in out
    top = out.split("Five highest-scoring leads")[1].splitlines()[3:8]
    assert len(top) == 5
    scores = [int(line.split()[-1].replace(",", "")) for line in top]
    assert scores == sorted(scores, reverse=True)
