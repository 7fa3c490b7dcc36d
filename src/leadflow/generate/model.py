"""The hidden model: temp tables of who the contacts are, what they do and
what sales makes of them, from which landing.py writes the raw rows.

They are built outside the raw data's transaction: they are private to this
connection anyway, and DuckDB plans and parallelises scans of committed
tables better than of transaction-local ones."""

from __future__ import annotations

from collections.abc import Mapping

import duckdb

from leadflow.generate.sql import run_sql


def build_hidden_model(con: duckdb.DuckDBPyConnection, values: Mapping[str, object]) -> None:
    """Macros and lookup tables, then people, contacts, visitors and sales."""
    for name in ("macros", "pick_tables", "people", "contacts"):
        run_sql(con, name, values)
    # strangers' event rows are numbered after the contacts'
    [(contact_event_rows,)] = run_sql(con, "contact_event_rows", values)
    run_sql(con, "visitors", {**values, "visitor_event_offset": int(contact_event_rows)})
    run_sql(con, "sales", values)


def drop_hidden_model(con: duckdb.DuckDBPyConnection) -> None:
    """Drop every temp table, macro and variable generate made."""
    run_sql(con, "cleanup", {})
