"""`leadflow.generate`: the synthetic raw data is deterministic, follows the raw
contract, behaves like a funnel (intent shows in outcomes) and carries every
kind of planted mess at a small rate."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from leadflow.contract import RAW_TABLES
from leadflow.generate import (
    ACADEMIC_DOMAINS,
    COMPETITOR_DOMAINS,
    EVENT_MIX,
    HAND_RAISERS,
    PERSONAL_DOMAINS,
    UNKNOWN_EVENT_TYPES,
    generate,
)

END = dt.date(2026, 6, 30)
N = 2_000

# every event type docs/design.md lists
DESIGN_EVENT_TYPES = {
    "page_view",
    "email_open",
    "email_click",
    "content_download",
    "webinar_registration",
    "webinar_attendance",
    "form_submission",
    "chat_conversation",
    "event_attendance",
    "demo_request",
    "trial_signup",
    "contact_sales_request",
    "unsubscribe",
    "email_bounce",
}

# raw text -> UTC timestamp, the way staging reads it (null when it does not parse)
PARSE = "timezone('UTC', try_cast({} as timestamptz))"


def _snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {
        name: con.execute(f'select * from raw."{name}" order by all').fetchall()
        for name in RAW_TABLES
    }


def _one(con: duckdb.DuckDBPyConnection, sql: str):
    return con.execute(sql).fetchone()[0]


@pytest.fixture(scope="module")
def generated():
    """One generated data set shared by the read-only checks below."""
    connection = duckdb.connect()
    connection.execute(f"create macro ts(x) as {PARSE.format('x')}")
    counts = generate(connection, N, seed=11, end_date=END)
    yield connection, counts
    connection.close()


@pytest.fixture
def con(generated):
    return generated[0]


@pytest.fixture
def counts(generated):
    return generated[1]


# --- API and contract -------------------------------------------------------


def test_same_arguments_give_identical_tables_whatever_the_threads():
    first, second = duckdb.connect(), duckdb.connect()
    first.execute("set threads = 1")
    second.execute("set threads = 2")
    generate(first, 300, seed=5, days=120, end_date=END)
    generate(second, 300, seed=5, days=120, end_date=END)
    assert _snapshot(first) == _snapshot(second)


def test_a_different_seed_gives_different_data():
    first, second = duckdb.connect(), duckdb.connect()
    generate(first, 300, seed=1, end_date=END)
    generate(second, 300, seed=2, end_date=END)
    emails = "select email from raw.contacts order by all"
    assert first.execute(emails).fetchall() != second.execute(emails).fetchall()
    events = "select event_type, occurred_at from raw.engagement_events order by all"
    assert first.execute(events).fetchall() != second.execute(events).fetchall()


def test_every_raw_table_has_exactly_the_contract_columns_as_text(con):
    for name, table in RAW_TABLES.items():
        columns = con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'raw' and table_name = ? order by ordinal_position",
            [name],
        ).fetchall()
        assert [c for c, _ in columns] == list(table.all_columns), name
        assert {t for _, t in columns} == {"VARCHAR"}, name


def test_returns_rows_written_per_table_and_every_table_has_rows(con, counts):
    assert set(counts) == set(RAW_TABLES)
    for name, rows in counts.items():
        assert rows > 0, name
        assert rows == _one(con, f'select count(*) from raw."{name}"'), name


def test_landing_metadata_is_filled_and_source_rows_are_dense(con):
    for name in RAW_TABLES:
        rows, distinct, low, high, missing = con.execute(
            f"""select count(*), count(distinct _source_row),
                       min(_source_row::bigint), max(_source_row::bigint),
                       count(*) filter (where loaded_at is null
                                        or _source_file <> 'generate:seed=11')
                from raw."{name}" """
        ).fetchone()
        assert (distinct, low, high, missing) == (rows, 1, rows, 0), name
        assert _one(con, f'select count(*) from raw."{name}" where ts(loaded_at) is null') == 0


def test_tiny_inputs_work():
    for contacts in (1, 10):
        connection = duckdb.connect()
        counts = generate(connection, contacts, seed=3, days=30, end_date=END)
        assert counts["contacts"] >= 1
        assert _one(connection, "select count(*) from raw.contacts") == counts["contacts"]


def test_contacts_must_be_positive():
    with pytest.raises(ValueError):
        generate(duckdb.connect(), 0)


def test_replace_false_appends_and_replace_true_starts_over():
    connection = duckdb.connect()
    first = generate(connection, 200, seed=1, end_date=END)
    second = generate(connection, 200, seed=2, end_date=END, replace=False)
    for name in RAW_TABLES:
        assert _one(connection, f'select count(*) from raw."{name}"') == first[name] + second[name]
    # the two batches are distinct contacts
    assert _one(connection, "select count(distinct contact_id) from raw.contacts") > 380
    generate(connection, 200, seed=1, end_date=END)
    assert _one(connection, "select count(*) from raw.contacts") == first["contacts"]


def test_history_ends_with_end_date():
    connection = duckdb.connect()
    connection.execute(f"create macro ts(x) as {PARSE.format('x')}")
    generate(connection, 100, seed=4, days=30, end_date=END)
    latest = _one(connection, "select max(ts(loaded_at)) from raw.engagement_events")
    assert dt.datetime(2026, 6, 29) < latest <= dt.datetime(2026, 7, 1)
    earliest = _one(connection, "select min(ts(created_at)) from raw.contacts")
    assert earliest >= dt.datetime(2026, 6, 1)


def test_without_end_date_the_history_ends_now():
    connection = duckdb.connect()
    connection.execute(f"create macro ts(x) as {PARSE.format('x')}")
    generate(connection, 100, seed=4, days=30)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for table, column in (("engagement_events", "loaded_at"), ("contacts", "created_at")):
        latest = _one(connection, f"select max(ts({column})) from raw.{table}")
        assert now - dt.timedelta(days=2) < latest <= now, table
    earliest = _one(connection, "select min(ts(created_at)) from raw.contacts")
    assert earliest >= now - dt.timedelta(days=31)


# --- shape and behaviour -----------------------------------------------------


def test_every_design_event_type_appears(con):
    types = {
        t
        for (t,) in con.execute("select distinct event_type from raw.engagement_events").fetchall()
    }
    assert types >= DESIGN_EVENT_TYPES
    assert {e for e, _ in EVENT_MIX} | {h[0] for h in HAND_RAISERS} <= DESIGN_EVENT_TYPES


def test_about_twenty_events_per_contact_skewed(con, counts):
    per_contact = counts["engagement_events"] / N
    assert 15 <= per_contact <= 25
    median, p90 = con.execute(
        "select median(n), quantile_cont(n, 0.9) from ("
        " select count(*) as n from raw.engagement_events"
        " where contact_id is not null group by contact_id)"
    ).fetchone()
    assert median < per_contact < p90


def test_web_events_have_urls_and_campaign_events_have_campaigns(con):
    missing_url, missing_campaign, blog, pricing = con.execute(
        """select
            count(*) filter (where event_type = 'page_view' and url is null),
            count(*) filter (where event_type in ('email_open', 'webinar_attendance',
                                                  'event_attendance') and campaign is null),
            count(*) filter (where event_type = 'page_view' and url like '%/blog/%'),
            count(*) filter (where event_type = 'page_view' and url like '%/pricing%')
        from raw.engagement_events"""
    ).fetchone()
    assert (missing_url, missing_campaign) == (0, 0)
    assert blog > 0 and pricing > 0


def test_contacts_look_like_a_b2b_database(con):
    titles, countries, industries, sources = con.execute(
        """select count(distinct job_title), count(distinct upper(country)),
                  count(distinct industry), count(distinct lower(lead_source))
           from raw.contacts"""
    ).fetchone()
    assert titles >= 40 and countries >= 15 and industries == 12 and sources >= 10
    us_share, small_share, large_share = con.execute(
        """select avg((country = 'US')::int),
                  avg((try_cast(company_size as int) <= 50)::int),
                  avg((try_cast(company_size as int) > 5000)::int)
           from raw.contacts where contact_id is not null"""
    ).fetchone()
    assert 0.3 < us_share < 0.5
    assert small_share > 0.3 and large_share < 0.08
    corporate = _one(
        con,
        "select count(*) from raw.contacts where email similar to '[a-z]+\\.[a-z]+@[a-z]+\\.com'",
    )
    assert corporate > N * 0.3


def test_demo_requesters_win_more_often(con):
    demo, others = con.execute(
        """with demo as (
                select distinct contact_id from raw.engagement_events
                where event_type = 'demo_request'),
            won as (
                select distinct contact_id from raw.opportunities where status = 'won'),
            contacts as (
                select distinct contact_id from raw.contacts where contact_id is not null)
           select
               avg((won.contact_id is not null)::int)
                   filter (where demo.contact_id is not null),
               avg((won.contact_id is not null)::int) filter (where demo.contact_id is null)
           from contacts
           left join demo using (contact_id)
           left join won using (contact_id)"""
    ).fetchone()
    assert demo > 2 * others


def test_outcomes_follow_the_engagement_that_triggers_them(con):
    # a hand-raiser is first touched by sales after its first hand-raise
    early = _one(
        con,
        """with hands as (
                select contact_id, min(ts(occurred_at)) as raised_at
                from raw.engagement_events
                where event_type in ('demo_request', 'trial_signup', 'contact_sales_request')
                group by 1),
            touches as (
                select contact_id, min(ts(occurred_at)) as touched_at
                from raw.sales_activities group by 1)
           select count(*) from hands join touches using (contact_id)
           where touched_at < raised_at""",
    )
    assert early == 0
    bad_deals = _one(
        con,
        """select count(*) from raw.opportunities
           where (status = 'open') <> (closed_at is null)
              or ts(closed_at) < ts(created_at)""",
    )
    assert bad_deals == 0
    dispositions = {
        d
        for (d,) in con.execute("select distinct disposition from raw.lead_dispositions").fetchall()
    }
    assert dispositions == {"accepted", "recycled", "disqualified"}
    unexplained = _one(
        con,
        "select count(*) from raw.lead_dispositions "
        "where disposition = 'disqualified' and reason is null",
    )
    assert unexplained == 0


def test_loaded_at_is_after_the_fact_except_for_planted_clock_errors(con):
    for table, column in (
        ("contacts", "updated_at"),
        ("sales_activities", "occurred_at"),
        ("lead_dispositions", "decided_at"),
        ("opportunities", "created_at"),
        ("contact_merges", "merged_at"),
    ):
        before = _one(con, f"select count(*) from raw.{table} where ts(loaded_at) < ts({column})")
        assert before == 0, table
    future = _one(
        con,
        "select avg((ts(occurred_at) > ts(loaded_at) + interval 1 day)::int) "
        "from raw.engagement_events",
    )
    assert 0 < future < 0.005
    slightly_before = _one(
        con,
        "select count(*) from raw.engagement_events where ts(occurred_at) > ts(loaded_at) "
        "and ts(occurred_at) <= ts(loaded_at) + interval 1 day",
    )
    assert slightly_before == 0


# --- planted mess --------------------------------------------------------------


def test_some_events_are_delivered_twice(con, counts):
    copies, same_load, later_load = con.execute(
        """with copies as (
                select event_id, count(*) as n, count(distinct loaded_at) as loads
                from raw.engagement_events where event_id is not null group by 1 having n > 1)
           select sum(n - 1), count(*) filter (where loads < n), count(*) filter (where loads > 1)
           from copies"""
    ).fetchone()
    assert 0.01 < copies / counts["engagement_events"] < 0.03
    assert same_load > 0 and later_load > 0
    # a re-delivery repeats the event, it does not change it
    changed = _one(
        con,
        """select count(*) from (
               select event_id from raw.engagement_events where event_id is not null
               group by 1
               having count(distinct (contact_id, anonymous_id, event_type, occurred_at, url,
                                      campaign)) > 1)""",
    )
    assert changed == 0


def test_anonymous_visitors_and_later_links(con):
    anonymous = _one(
        con,
        "select avg((contact_id is null and anonymous_id is not null)::int) "
        "from raw.engagement_events",
    )
    assert 0.05 < anonymous < 0.15
    linked, never_linked = con.execute(
        """with anon as (
                select anonymous_id, min(ts(occurred_at)) as first_seen
                from raw.engagement_events
                where contact_id is null and anonymous_id is not null group by 1),
            links as (
                select anonymous_id, min(ts(occurred_at)) as linked_at
                from raw.engagement_events
                where contact_id is not null and anonymous_id is not null group by 1)
           select count(*) filter (where linked_at > first_seen),
                  count(*) filter (where linked_at is null)
           from anon left join links using (anonymous_id)"""
    ).fetchone()
    assert linked > 0 and never_linked > 0


def test_merged_contacts_have_their_own_history(con):
    merges, self_merges, unknown_survivors, with_events, gone = con.execute(
        """with known as (select distinct contact_id from raw.contacts)
           select
               count(*),
               count(*) filter (where merged_contact_id = surviving_contact_id),
               count(*) filter (where surviving_contact_id not in (
                   select contact_id from known where contact_id is not null)),
               count(*) filter (where merged_contact_id in (
                   select contact_id from raw.engagement_events where contact_id is not null)),
               count(*) filter (where merged_contact_id not in (
                   select contact_id from known where contact_id is not null))
           from raw.contact_merges"""
    ).fetchone()
    assert 0.005 * N < merges < 0.02 * N
    assert self_merges == 0 and unknown_survivors == 0
    assert with_events > 0 and gone > 0


def test_some_contacts_have_later_changed_versions(con):
    versioned, changed = con.execute(
        """select count(*), count(*) filter (where titles > 1 or sizes > 1) from (
               select contact_id, count(distinct job_title) as titles,
                      count(distinct company_size) as sizes
               from raw.contacts
               where contact_id is not null and ts(updated_at) is not null
               group by 1 having count(distinct updated_at) > 1)"""
    ).fetchone()
    assert 0.02 * N < versioned < 0.1 * N
    assert changed > 0


def test_personal_academic_and_competitor_emails(con):
    domains = {
        d
        for (d,) in con.execute(
            "select distinct lower(split_part(email, '@', 2)) from raw.contacts"
        ).fetchall()
    }
    assert domains & {d for d, _ in PERSONAL_DOMAINS} >= {"gmail.com", "yahoo.com"}
    assert domains & {d for d, *_ in ACADEMIC_DOMAINS}
    assert any(d.endswith(".edu") for d in domains)
    assert any(d.endswith(".ac.uk") for d in domains)
    assert any(d.endswith(".edu.au") for d in domains)
    assert domains & {d for d, _ in COMPETITOR_DOMAINS}
    personal = _one(
        con,
        "select avg((lower(split_part(email, '@', 2)) in ('gmail.com', 'yahoo.com', "
        "'hotmail.com', 'outlook.com', 'icloud.com'))::int) from raw.contacts",
    )
    assert 0.03 < personal < 0.15


def test_out_of_market_countries(con):
    countries = {c for (c,) in con.execute("select distinct country from raw.contacts").fetchall()}
    assert {"RU", "CN", "NG"} & countries
    assert None in countries


def test_malformed_rows_are_rare_but_present(con):
    bad_email, null_contact_id, bad_updated = con.execute(
        """select
               avg((email not like '%@%' or email like '% %')::int),
               avg((contact_id is null)::int),
               avg((ts(updated_at) is null)::int)
           from raw.contacts"""
    ).fetchone()
    assert 0 < bad_email < 0.005
    assert 0 < null_contact_id < 0.005
    assert 0 < bad_updated < 0.005
    null_id, unknown, unparseable = con.execute(
        f"""select
               avg((event_id is null)::int),
               avg((event_type in {tuple(UNKNOWN_EVENT_TYPES)})::int),
               avg((ts(occurred_at) is null)::int)
           from raw.engagement_events"""
    ).fetchone()
    assert 0 < null_id < 0.005
    assert 0 < unknown < 0.005
    assert 0 < unparseable < 0.005


def test_orphan_events_point_at_contacts_that_do_not_exist(con, counts):
    orphans = _one(
        con,
        """select count(*) from raw.engagement_events
           where contact_id is not null
             and contact_id not in (
                 select contact_id from raw.contacts where contact_id is not null)
             and contact_id not in (select merged_contact_id from raw.contact_merges)""",
    )
    assert 0 < orphans < 0.01 * counts["engagement_events"]


def test_late_rows(con):
    late = _one(
        con,
        "select avg((ts(loaded_at) > ts(occurred_at) + interval 1 day)::int) "
        "from raw.engagement_events",
    )
    assert 0.015 < late < 0.06


def test_offset_timestamps_denote_the_same_instant(con):
    offset_share, unparsed = con.execute(
        """select avg((occurred_at like '%T%')::int),
                  count(*) filter (where occurred_at like '%T%' and ts(occurred_at) is null)
           from raw.engagement_events"""
    ).fetchone()
    assert 0.03 < offset_share < 0.08
    assert unparsed == 0
    zulu, shifted = con.execute(
        """select count(*) filter (where created_at like '%Z'),
                  count(*) filter (where created_at similar to '.*T.*[+-][0-9]{2}:[0-9]{2}')
           from raw.contacts"""
    ).fetchone()
    assert zulu > 0 and shifted > 0
    # a contact's versions write created_at the same way, whatever the format
    assert (
        _one(
            con,
            "select count(*) from (select contact_id from raw.contacts "
            "where contact_id is not null group by 1 having count(distinct created_at) > 1)",
        )
        == 0
    )
