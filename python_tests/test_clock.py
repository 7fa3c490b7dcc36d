"""History is a function of the inputs, never of the clock (docs/as_of.md).

The clock only moves what the marts show: a run after the clock moved, with
no new raw data, recomputes no lead history and gives the marts a full
refresh gives at that time; rows dated a little ahead of the clock leave the
run green and appear once the clock passes them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from .conftest import GENERATED_AS_OF, copy_warehouse, mart_differences, query, run_cli

T0 = GENERATED_AS_OF
T30 = "2026-07-31 00:00:00"
T_BACK = "2026-06-21 00:00:00"
T_FAR = "2028-01-01 00:00:00"
HISTORY = (
    "int_engagement_events_scored",
    "int_engagement_velocity_bonuses",
    "int_lead_score_changes",
    "int_lead_score_intervals",
    "int_lead_stage_history",
    "int_lead_level_entries",
)


def _at(moment: str) -> list[str]:
    return ["--vars", f"{{scoring_reference_time: '{moment}'}}"]


def _affected(warehouse) -> int:
    return query(warehouse, "select count(*) from intermediate.int_leads_affected")[0][0]


def _history_fingerprint(warehouse) -> dict[str, tuple]:
    """Row count and an order-free checksum of each lead history table."""
    return {
        table: query(
            warehouse,
            f"select count(*), sum(hash(columns(*))) from intermediate.{table}",
        )[0]
        for table in HISTORY
    }


def _shown(warehouse, sql: str) -> int:
    return query(warehouse, sql)[0][0]


@pytest.mark.slow  # four runs: forward, back and far, and a full refresh to compare with
def test_moving_the_clock_rewrites_no_history(generated_warehouse, tmp_path):
    # the shared warehouse was run at T0
    incremental = copy_warehouse(generated_warehouse, tmp_path / "incremental")
    history = _history_fingerprint(incremental)
    expiries_at_t0 = _shown(
        incremental, "select count(*) from marts.fct_lead_score_changes where reason = 'expiry'"
    )
    # the history already holds the expiries scheduled after T0
    scheduled = _shown(
        incremental,
        "select count(*) from intermediate.int_lead_score_changes "
        f"where reason = 'expiry' and changed_at > '{T0}'",
    )
    assert scheduled > 0

    # 30 days later, no new raw data: no lead recomputed, history untouched,
    # the marts are those of a full refresh at that time
    later = run_cli("run", *_at(T30), warehouse=incremental)
    assert later.returncode == 0, later.stdout[-3000:]
    assert _affected(incremental) == 0
    assert _history_fingerprint(incremental) == history
    assert (
        _shown(
            incremental,
            "select count(*) from marts.fct_lead_score_changes where reason = 'expiry'",
        )
        > expiries_at_t0
    )
    full = copy_warehouse(incremental, tmp_path / "full")
    rebuilt = run_cli("run", "--full-refresh", *_at(T30), warehouse=full)
    assert rebuilt.returncode == 0, rebuilt.stdout[-3000:]
    assert _history_fingerprint(full) == history
    differences = mart_differences(
        incremental.with_name("serving.duckdb"), full.with_name("serving.duckdb")
    )
    assert all(d == (0, 0) for d in differences.values()), differences

    # the clock moves back: the marts show less, nothing is recomputed, and
    # they match a full refresh at that time
    back = run_cli("run", *_at(T_BACK), warehouse=incremental)
    assert back.returncode == 0, back.stdout[-3000:]
    assert _affected(incremental) == 0
    assert (
        _shown(
            incremental,
            f"select count(*) from marts.fct_lead_score_changes where changed_at > '{T_BACK}'",
        )
        == 0
    )
    assert (
        _shown(
            incremental,
            f"select count(*) from marts.fct_lead_stage_history where entered_at > '{T_BACK}'",
        )
        == 0
    )
    # (no second full refresh: the history is the one the full refresh at
    # T30 rebuilt identically, and every mart is a function of it and the
    # reference time, recomputed whole on every run)
    assert _history_fingerprint(incremental) == history

    # and far forwards, across every scheduled expiry: still nothing
    # recomputed; every expiry is now shown, and the build's data tests
    # (current score = open interval = sum of changes) passed
    far = run_cli("run", *_at(T_FAR), warehouse=incremental)
    assert far.returncode == 0, far.stdout[-3000:]
    assert _affected(incremental) == 0
    assert _history_fingerprint(incremental) == history
    assert _shown(
        incremental, "select count(*) from marts.fct_lead_score_changes where reason = 'expiry'"
    ) == _shown(
        incremental,
        "select count(*) from intermediate.int_lead_score_changes where reason = 'expiry'",
    )


@pytest.fixture
def ahead_of_the_clock(generated_warehouse, tmp_path):
    """A warehouse where, besides the generated history, rows dated 40
    minutes ahead of the real clock have landed now (within the 1 hour
    tolerance): a new contact, an event, a contact version and a sales
    decision. Returns the warehouse, the moment they are dated, and ids."""
    warehouse = copy_warehouse(generated_warehouse, tmp_path / "ahead")
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    ahead = now + timedelta(minutes=40)
    landed, dated = f"{now:%Y-%m-%d %H:%M:%S}", f"{ahead:%Y-%m-%d %H:%M:%S}"
    con = duckdb.connect(str(warehouse))
    try:
        lead, accepted = (
            row[0]
            for row in con.execute(
                "select lead_id from marts.dim_leads where current_stage in ('lead', 'mql') "
                "and fit_score >= 20 and job_title is distinct from 'Chief Executive Officer' "
                "order by lead_id limit 2"
            ).fetchall()
        )
        con.execute(f"""
            insert into raw.contacts
            select * replace (
                'c-fast-clock' as contact_id,
                'fast.clock@acme-widgets.com' as email,
                '{dated}' as created_at,
                '{dated}' as updated_at,
                '{landed}' as loaded_at,
                'fast-clock.csv' as _source_file,
                '1' as _source_row
            )
            from raw.contacts where contact_id = '{lead}' limit 1
        """)
        con.execute(f"""
            insert into raw.contacts
            select * replace (
                'Chief Executive Officer' as job_title,
                '{dated}' as updated_at,
                '{landed}' as loaded_at,
                'fast-clock.csv' as _source_file,
                '2' as _source_row
            )
            from raw.contacts where contact_id = '{lead}' limit 1
        """)
        con.execute(f"""
            insert into raw.engagement_events (event_id, contact_id, event_type,
                occurred_at, url, loaded_at, _source_file, _source_row)
            values ('e-fast-clock', '{lead}', 'demo_request', '{dated}',
                    'https://acme.io/demo', '{landed}', 'fast-clock-events.csv', '1')
        """)
        con.execute(f"""
            insert into raw.lead_dispositions values
                ('d-fast-clock', '{accepted}', 'accepted', 'good fit', '{dated}',
                 'rep-1', '{landed}', 'fast-clock-dispositions.csv', '1')
        """)
    finally:
        con.close()
    return warehouse, dated, lead, accepted


def _explained_status(warehouse, lead, dated) -> str:
    """The status `leadflow explain` gives the demo request dated `dated`."""
    explained = run_cli("explain", lead, warehouse=warehouse)
    assert explained.returncode == 0, explained.stderr
    when = datetime.strptime(dated, "%Y-%m-%d %H:%M:%S").strftime("%Y-%m-%d %H:%M")
    (line,) = [
        line
        for line in explained.stdout.splitlines()
        if line.strip().startswith(when) and "demo_request" in line
    ]
    return line.rstrip().rsplit("  ", 1)[-1].strip()


@pytest.mark.slow  # two runs (now, and once the clock passed) and two explains
def test_rows_dated_ahead_of_the_clock_appear_when_it_passes_them(ahead_of_the_clock):
    warehouse, dated, lead, accepted = ahead_of_the_clock
    # the real clock: the run is green (every data test passed) and the
    # marts show none of the rows dated ahead
    now = run_cli("run", warehouse=warehouse)
    assert now.returncode == 0, now.stdout[-3000:] + now.stderr[-2000:]
    assert (
        _shown(warehouse, "select count(*) from marts.dim_leads where lead_id = 'c-fast-clock'")
        == 0
    )
    assert (
        _shown(
            warehouse,
            "select count(*) from marts.fct_lead_score_changes where event_id = 'e-fast-clock'",
        )
        == 0
    )
    assert (
        _shown(
            warehouse,
            "select count(*) from marts.fct_lead_stage_history "
            f"where lead_id in ('{lead}', '{accepted}') and entered_at >= '{dated}'",
        )
        == 0
    )
    # the history holds them already, dated when they happen
    assert (
        _shown(
            warehouse,
            "select count(*) from intermediate.int_lead_score_changes "
            f"where event_id = 'e-fast-clock' and changed_at = '{dated}'",
        )
        == 1
    )
    assert (
        _shown(
            warehouse,
            "select count(*) from intermediate.int_lead_stage_history "
            f"where lead_id = '{accepted}' and reason = 'sales_accepted' "
            f"and entered_at = '{dated}'",
        )
        == 1
    )

    # the promotion dated ahead is not shown yet: title and fit agree
    assert query(warehouse, f"select job_title from marts.dim_leads where lead_id = '{lead}'") != [
        ("Chief Executive Officer",)
    ]
    # explain tells the event is waiting for its time, not absorbed by a cap
    assert (
        _explained_status(warehouse, lead, dated) == "dated after the as-of time: not counted yet"
    )

    # once the clock passes them they show, and nothing is recomputed for it
    passed = datetime.strptime(dated, "%Y-%m-%d %H:%M:%S") + timedelta(minutes=1)
    later = run_cli("run", *_at(f"{passed:%Y-%m-%d %H:%M:%S}"), warehouse=warehouse)
    assert later.returncode == 0, later.stdout[-3000:]
    assert _affected(warehouse) == 0
    assert (
        _shown(
            warehouse,
            "select count(*) from marts.dim_leads "
            f"where lead_id = 'c-fast-clock' and current_stage = 'lead' and created_at = '{dated}'",
        )
        == 1
    )
    assert (
        _shown(
            warehouse,
            "select count(*) from marts.fct_lead_score_changes "
            "where event_id = 'e-fast-clock' and reason = 'award'",
        )
        == 1
    )
    assert "not counted yet" not in _explained_status(warehouse, lead, dated)
    assert query(warehouse, f"select job_title from marts.dim_leads where lead_id = '{lead}'") == [
        ("Chief Executive Officer",)
    ]
    assert (
        _shown(
            warehouse,
            "select count(*) from marts.fct_lead_score_changes "
            f"where lead_id = '{lead}' and reason = 'fit' and changed_at = '{dated}'",
        )
        > 0
    )
    assert query(
        warehouse,
        f"select current_stage, current_stage_entered_at from marts.dim_leads "
        f"where lead_id = '{accepted}'",
    ) == [("sql", datetime.strptime(dated, "%Y-%m-%d %H:%M:%S"))]
