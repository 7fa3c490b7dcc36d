"""`leadflow generate`: synthetic raw data that behaves like a real CRM sync.

Every contact gets a hidden buying intent and a hidden fit (title, company
size, industry, country). Intent drives what the contact does (how many
events, which pages, whether it asks for a demo) and, with fit, what sales
makes of it (touches, dispositions, opportunities, wins), so a good lead score
predicts conversion. On top of that the data carries the mess real syncs have,
each at a small rate: re-delivered events, anonymous visitors, CRM merges,
record versions, personal/academic/competitor emails, out-of-market
countries, late rows, offset timestamps and a few malformed rows.

Randomness is hash based: every draw is ``hash(seed, key, salt)`` sliced into
uniforms in [0, 1), so the same arguments give the same rows whatever the
thread count. Everything is a handful of set-based DuckDB statements over
``range()`` and small weighted lookup tables; no Python runs per row.

The package:

- ``params``: every number and list that shapes the data, in one place;
- ``values``: those turned into the SQL's named parameters, with one run's;
- ``sql``: loads ``sql/*.sql`` and runs them with their parameters;
- ``model``: the hidden model (temp tables) the raw rows come from;
- ``landing``: writes the raw tables in one transaction.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from leadflow.contract import RAW_TABLES
from leadflow.generate.landing import land_raw_rows
from leadflow.generate.model import build_hidden_model, drop_hidden_model
from leadflow.generate.params import (
    ACADEMIC_DOMAINS,
    EVENT_MIX,
    HAND_RAISERS,
    PERSONAL_DOMAINS,
    SECONDS_PER_DAY,
    UNKNOWN_EVENT_TYPES,
)
from leadflow.generate.values import Run, competitor_domains, sql_values

__all__ = [
    "ACADEMIC_DOMAINS",
    "COMPETITOR_DOMAINS",
    "EVENT_MIX",
    "HAND_RAISERS",
    "PERSONAL_DOMAINS",
    "UNKNOWN_EVENT_TYPES",
    "generate",
]


def __getattr__(name: str) -> object:
    # read from the project's seed on first use, so importing this package
    # needs no project
    if name == "COMPETITOR_DOMAINS":
        return competitor_domains()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _epoch(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def generate(
    con: duckdb.DuckDBPyConnection,
    contacts: int,
    seed: int = 42,
    days: int = 365,
    end_date: dt.date | None = None,
    replace: bool = True,
) -> dict[str, int]:
    """Write synthetic raw data into schema `raw` (every table in contract.RAW_TABLES).
    Returns rows written per table.

    The history covers `days` whole days ending with `end_date`, and every row
    has landed by the end of that day. Without `end_date` it covers the `days`
    days up to now (UTC, to the hour), so that no row claims to have landed in
    the future: today's history is partial, as it would be in a real sync.
    The same contacts, seed, days and end_date give the same rows (without
    end_date, within the same hour). With replace=False the rows are appended
    to whatever the raw tables already hold; either way all of them are
    written in one transaction.
    """
    if contacts < 1:
        raise ValueError("contacts must be at least 1")
    if days < 1:
        raise ValueError("days must be at least 1")
    seed = int(seed)
    if end_date is None:
        as_of = int(dt.datetime.now(dt.UTC).timestamp()) // 3600 * 3600
    else:
        as_of = _epoch(end_date + dt.timedelta(days=1))
    run = Run(
        contacts=contacts,
        seed=seed,
        start_sec=as_of - days * SECONDS_PER_DAY,
        as_of_sec=as_of,
        source=f"generate:seed={seed}",
    )
    values = sql_values(run)
    try:
        build_hidden_model(con, values)
        counts = land_raw_rows(con, values, replace)
    finally:
        drop_hidden_model(con)
    assert counts.keys() == RAW_TABLES.keys()
    return counts
