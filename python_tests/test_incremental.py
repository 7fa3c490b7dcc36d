"""An incremental run gives exactly the marts a full refresh gives: new
contacts, late events for old dates, duplicates, malformed rows, a merge, a
recycle, a visitor tied late, a contact change, expiries falling due, and a
run that stopped before its state, redone by the next."""

from __future__ import annotations

import duckdb
import pytest

from leadflow.runner import DATA_ONLY

from .conftest import PINNED, copy_warehouse, mart_differences, query, run_cli

T1 = PINNED
T2 = ["--vars", "{scoring_reference_time: '2026-07-13 00:00:00'}"]
LANDED = "2026-07-12 08:00:00"
ORPHAN_CONTACT = "c-arrives-late"


def _land_a_messy_day(warehouse) -> None:
    con = duckdb.connect(str(warehouse))
    try:
        columns = "event_id, contact_id, anonymous_id, event_type, occurred_at, url, campaign"
        # late events: they happened weeks ago but landed today
        con.execute(f"""
            insert into raw.engagement_events ({columns}, loaded_at, _source_file, _source_row)
            select event_id || '-late', contact_id, anonymous_id, event_type,
                strftime(try_cast(occurred_at as timestamp) - interval 20 day, '%Y-%m-%d %H:%M:%S'),
                url, campaign, '{LANDED}', 'late.csv', cast(row_number() over () as varchar)
            from raw.engagement_events
            where contact_id is not null and try_cast(occurred_at as timestamp) is not null
            using sample 150 rows (reservoir, 7)
        """)
        # duplicates: the same events delivered again
        con.execute(f"""
            insert into raw.engagement_events ({columns}, loaded_at, _source_file, _source_row)
            select {columns}, '{LANDED}', 'again.csv', cast(row_number() over () as varchar)
            from raw.engagement_events using sample 40 rows (reservoir, 8)
        """)
        # malformed rows
        con.execute(f"""
            insert into raw.engagement_events ({columns}, loaded_at, _source_file, _source_row)
            values (null, 'x', null, 'page_view', '2026-07-01 10:00:00', null, null,
                    '{LANDED}', 'bad.csv', '1'),
                   ('bad-ts', 'x', null, 'page_view', 'yesterday', null, null,
                    '{LANDED}', 'bad.csv', '2')
        """)
        leads = [
            r[0]
            for r in con.execute(
                "select lead_id from marts.dim_leads where is_lead_eligible "
                "and mql_at is not null and opportunity_at is null order by lead_id limit 3"
            ).fetchall()
        ]
        # a merge of two existing leads, and a recycle of a third
        con.execute(f"""
            insert into raw.contact_merges values
                ('{leads[0]}', '{leads[1]}', '2026-07-11 09:00:00', '{LANDED}', 'merges.csv', '1')
        """)
        con.execute(f"""
            insert into raw.lead_dispositions values
                ('d-recycle-1', '{leads[2]}', 'recycled', 'not now', '2026-07-11 10:00:00',
                 'rep-1', '{LANDED}', 'dispositions.csv', '1')
        """)
        # a visitor tied to a contact today, with anonymous history from before
        visitor = con.execute(
            "select anonymous_id from staging.stg_crm__engagement_events "
            "where contact_id is null and anonymous_id not in "
            "(select anonymous_id from intermediate.int_visitors_identified) limit 1"
        ).fetchone()[0]
        con.execute(f"""
            insert into raw.engagement_events ({columns}, loaded_at, _source_file, _source_row)
            values ('e-link-1', '{leads[2]}', '{visitor}', 'form_submission',
                    '2026-07-11 11:00:00', 'https://x.io/contact', null,
                    '{LANDED}', 'link.csv', '1')
        """)
        # the contact an earlier event pointed at arrives: that orphan is kept now
        con.execute(f"""
            insert into raw.contacts
            select * replace (
                '{ORPHAN_CONTACT}' as contact_id,
                'orphan.arrives@acme-widgets.com' as email,
                '{LANDED}' as loaded_at,
                'contacts-late.csv' as _source_file,
                '1' as _source_row
            )
            from raw.contacts where contact_id = '{leads[1]}' limit 1
        """)
        # a sync that keeps appending to a file already staged
        con.execute(f"""
            insert into raw.engagement_events ({columns}, loaded_at, _source_file, _source_row)
            select 'e-same-file-1', '{leads[1]}', null, 'demo_request', '2026-07-11 15:00:00',
                null, null, '{LANDED}', _source_file, '999999999'
            from raw.engagement_events limit 1
        """)
        # a typo in loaded_at (two centuries ahead) must not shut the window
        con.execute(f"""
            insert into raw.engagement_events ({columns}, loaded_at, _source_file, _source_row)
            values ('e-typo-1', '{leads[1]}', null, 'email_open', '2026-07-11 16:00:00',
                    null, null, '2226-07-12 08:00:00', 'typo.csv', '1')
        """)
        # a resync moves an open opportunity to another contact: the lead
        # it left loses its opportunity entry
        con.execute(f"""
            insert into raw.opportunities
            select * replace (
                '{leads[2]}' as contact_id,
                '{LANDED}' as loaded_at,
                'opportunities-resync.csv' as _source_file,
                '1' as _source_row
            )
            from raw.opportunities
            where status = 'open' and contact_id not in ('{leads[0]}', '{leads[1]}', '{leads[2]}')
            order by opportunity_id
            limit 1
        """)
        # a contact's new version: promoted
        con.execute(f"""
            insert into raw.contacts
            select * replace (
                'Chief Marketing Officer' as job_title,
                '2026-07-11 12:00:00' as updated_at,
                '{LANDED}' as loaded_at,
                'contacts-update.csv' as _source_file,
                '1' as _source_row
            )
            from raw.contacts where contact_id = '{leads[1]}' limit 1
        """)
    finally:
        con.close()


def _stop_a_run_before_the_state(incremental) -> None:
    """A run that fails after rewriting some lead history, before the state
    (a failed test, a kill), leaves those leads half rewritten: the next run
    recomputes them again (the caller then compares with a full refresh)."""
    con = duckdb.connect(str(incremental))
    try:
        # a contact with no events of its own: only the carried-over set
        # names the lead it was merged into first
        (merged,) = con.execute(
            "select lead_id from marts.dim_leads where is_lead_eligible and lead_id not in "
            "(select lead_id from intermediate.int_engagement_events_attributed) "
            "order by lead_id limit 1"
        ).fetchone()
        survivor, corrected = (
            row[0]
            for row in con.execute(
                "select lead_id from marts.dim_leads where is_lead_eligible "
                f"and lead_id != '{merged}' order by lead_id limit 2"
            ).fetchall()
        )
        con.execute(f"""
            insert into raw.contact_merges values
                ('{merged}', '{survivor}', '2026-07-05 09:00:00', '{LANDED}', 'merges-1.csv', '1')
        """)
    finally:
        con.close()
    # the run stops before the state: the lead history holds the merge
    # (models and data tests only: the unit tests run once per session, in
    # the messy warehouse's build, conftest)
    stopped = run_cli(
        "build", *DATA_ONLY, "--exclude", "int_lead_history_state", *T2, warehouse=incremental
    )
    assert stopped.returncode == 0, stopped.stdout[-3000:]
    recomputed_then = {
        row[0] for row in query(incremental, "select lead_id from intermediate.int_leads_affected")
    }
    assert {merged, survivor} <= recomputed_then
    # a correction: the contact was merged into another one, earlier
    con = duckdb.connect(str(incremental))
    try:
        con.execute(f"""
            insert into raw.contact_merges values
                ('{merged}', '{corrected}', '2026-07-04 09:00:00', '{LANDED}', 'merges-2.csv', '1')
        """)
    finally:
        con.close()
    run = run_cli("run", *T2, warehouse=incremental)
    assert run.returncode == 0, run.stdout[-3000:]
    recomputed_now = {
        row[0] for row in query(incremental, "select lead_id from intermediate.int_leads_affected")
    }
    assert recomputed_then <= recomputed_now
    assert corrected in recomputed_now


def _full_refresh_of(incremental, tmp_path):
    """A copy of the warehouse rebuilt from raw at T2 by `run --full-refresh`."""
    full = copy_warehouse(incremental, tmp_path / "full")
    rebuilt = run_cli("run", "--full-refresh", *T2, warehouse=full)
    assert rebuilt.returncode == 0, rebuilt.stdout[-3000:]
    return full


def _assert_same_marts(incremental, full) -> None:
    """The published marts of both warehouses are identical, row for row."""
    differences = mart_differences(
        incremental.with_name("serving.duckdb"), full.with_name("serving.duckdb")
    )
    assert all(d == (0, 0) for d in differences.values()), differences


# each new kind of row needs its run: five runs (one stopped before its
# state) and one full refresh, the comparison that proves them all
@pytest.mark.slow
def test_incremental_run_matches_a_full_refresh(generated_warehouse, tmp_path):
    # the shared warehouse was run at T1
    incremental = copy_warehouse(generated_warehouse, tmp_path / "incremental")
    # an event for a contact that has not arrived yet: an orphan, for now
    con = duckdb.connect(str(incremental))
    try:
        con.execute(f"""
            insert into raw.engagement_events (event_id, contact_id, event_type,
                occurred_at, loaded_at, _source_file, _source_row)
            values ('e-orphan-1', '{ORPHAN_CONTACT}', 'demo_request', '2026-06-20 10:00:00',
                    '2026-06-20 11:00:00', 'early.csv', '1')
        """)
        # an event first delivered for the contact that has not arrived, then
        # again for a known lead: it sits on that lead until the orphan's
        # contact arrives and its first delivery wins
        moved_from = con.execute(
            "select lead_id from marts.dim_leads where is_lead_eligible "
            "order by lead_id desc limit 1"
        ).fetchone()[0]
        con.execute(f"""
            insert into raw.engagement_events (event_id, contact_id, event_type,
                occurred_at, loaded_at, _source_file, _source_row)
            values ('e-moves-1', '{ORPHAN_CONTACT}', 'webinar_attendance', '2026-06-21 10:00:00',
                    '2026-06-21 11:00:00', 'early.csv', '2'),
                   ('e-moves-1', '{moved_from}', 'webinar_attendance', '2026-06-21 10:00:00',
                    '2026-06-22 11:00:00', 'early-again.csv', '1')
        """)
        # a promotion written half an hour after the first run's reference
        # time (landed already, within the clock tolerance): not history at
        # T1, history at T2
        promoted = con.execute(
            "select lead_id from marts.dim_leads where is_lead_eligible and mql_at is null "
            "and job_title not ilike '%chief%' order by lead_id limit 1"
        ).fetchone()[0]
        con.execute(f"""
            insert into raw.contacts
            select * replace (
                'Chief Marketing Officer' as job_title,
                '2026-07-01 00:30:00' as updated_at,
                '2026-07-01 00:00:00' as loaded_at,
                'contacts-promoted.csv' as _source_file,
                '1' as _source_row
            )
            from raw.contacts where contact_id = '{promoted}' limit 1
        """)
    finally:
        con.close()
    first = run_cli("run", *T1, warehouse=incremental)
    assert first.returncode == 0, first.stdout[-3000:]
    assert query(
        incremental,
        "select lead_id from intermediate.int_engagement_events_attributed "
        "where event_id = 'e-moves-1'",
    ) == [(moved_from,)]
    # the promotion is history already (dated when it was written), but the
    # marts do not show it before the clock passes it
    assert (
        query(
            incremental,
            "select count(*) from intermediate.int_lead_score_changes "
            f"where lead_id = '{promoted}' and reason = 'fit' "
            "and changed_at = '2026-07-01 00:30:00'",
        )[0][0]
        > 0
    )
    assert query(
        incremental,
        "select count(*) from marts.fct_lead_score_changes "
        f"where lead_id = '{promoted}' and changed_at > '2026-07-01 00:00:00'",
    ) == [(0,)]

    grown = run_cli(
        "generate",
        "--contacts",
        "150",
        "--seed",
        "77",
        "--end-date",
        "2026-07-10",
        "--append",
        warehouse=incremental,
    )
    assert grown.returncode == 0, grown.stderr
    _land_a_messy_day(incremental)

    run = run_cli("run", *T2, warehouse=incremental)
    assert run.returncode == 0, run.stdout[-3000:]
    assert (
        query(
            incremental,
            "select count(*) from marts.fct_lead_score_changes "
            f"where lead_id = '{promoted}' and reason = 'fit' "
            "and changed_at = '2026-07-01 00:30:00'",
        )[0][0]
        > 0
    )
    # the orphan was restaged once its contact arrived; the row appended to a
    # staged file was staged
    kept = dict(
        query(
            incremental,
            "select event_id, lead_id from intermediate.int_engagement_events_attributed "
            "where event_id in ('e-orphan-1', 'e-same-file-1', 'e-moves-1')",
        )
    )
    assert kept.get("e-orphan-1") == ORPHAN_CONTACT, kept
    # the event moved with its winning delivery; the lead it left is recomputed
    assert kept.get("e-moves-1") == ORPHAN_CONTACT, kept
    assert query(
        incremental,
        f"select count(*) from intermediate.int_leads_affected where lead_id = '{moved_from}'",
    ) == [(1,)]
    assert "e-same-file-1" in kept, kept
    assert query(
        incremental,
        "select count(*) from staging.stg_crm__rejected_rows where record_id = 'e-orphan-1'",
    ) == [(0,)]
    affected = query(incremental, "select count(*) from intermediate.int_leads_affected")[0][0]
    leads = query(incremental, "select count(*) from marts.dim_leads")[0][0]
    # the leads the new rows reached: not everyone
    assert 0 < affected < leads, (affected, leads)

    # a later run stops before its state, and the one after redoes it
    _stop_a_run_before_the_state(incremental)

    # every mart is what a full refresh of the same raw data gives
    full = _full_refresh_of(incremental, tmp_path)
    _assert_same_marts(incremental, full)

    # the same sync appends one more row to a staged file: it is staged,
    # the typo'd loaded_at notwithstanding, and only its lead is recomputed
    # (a run with nothing new recomputes nobody: test_clock.py)
    con = duckdb.connect(str(incremental))
    try:
        con.execute("""
            insert into raw.engagement_events (event_id, contact_id, event_type,
                occurred_at, loaded_at, _source_file, _source_row)
            select 'e-same-file-2', contact_id, 'email_open', '2026-07-12 09:00:00',
                '2026-07-12 10:00:00', _source_file, '1000000000'
            from raw.engagement_events where event_id = 'e-same-file-1'
        """)
    finally:
        con.close()
    later = run_cli("run", *T2, warehouse=incremental)
    assert later.returncode == 0, later.stdout[-3000:]
    assert query(
        incremental,
        "select count(*) from staging.stg_crm__engagement_events where event_id = 'e-same-file-2'",
    ) == [(1,)]
    assert query(incremental, "select lead_id from intermediate.int_leads_affected") == query(
        incremental,
        "select lead_id from intermediate.int_engagement_events_attributed "
        "where event_id = 'e-same-file-2'",
    )
