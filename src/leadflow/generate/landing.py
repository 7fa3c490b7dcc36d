"""Landing: writing the hidden model's raw rows into schema raw, all tables
in one transaction, so readers see all of the new raw data or none of it."""

from __future__ import annotations

from collections.abc import Mapping

import duckdb

from leadflow.contract import RAW_TABLES, create_raw_table_sql
from leadflow.generate.sql import run_sql
from leadflow.load import forget_staged_rows

# one SQL file per raw table, in the order they are written
RAW_INSERTS = (
    "raw_contacts",
    "raw_contact_merges",
    "raw_engagement_events",
    "raw_sales_activities",
    "raw_lead_dispositions",
    "raw_opportunities",
)


def raw_row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return dict(run_sql(con, "raw_row_counts", {}))


def land_raw_rows(
    con: duckdb.DuckDBPyConnection, values: Mapping[str, object], replace: bool
) -> dict[str, int]:
    """Insert the raw rows (into fresh tables when `replace`); returns the
    rows added per table."""
    con.begin()
    try:
        run_sql(con, "create_raw_schema", {})
        if replace:
            run_sql(con, "drop_raw_tables", {})
        for table in RAW_TABLES.values():
            con.execute(create_raw_table_sql(table))
        before = raw_row_counts(con)
        for name in RAW_INSERTS:
            run_sql(con, name, values)
        after = raw_row_counts(con)
        if replace:
            forget_staged_rows(con)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return {name: after[name] - before[name] for name in RAW_TABLES}
