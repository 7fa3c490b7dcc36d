"""The generator's SQL: plain DuckDB statements in sql/*.sql, shipped as
package data and read with importlib.resources. A file may hold several
statements; each runs with the named parameters (``$name``) it uses, taken
from one dict of values (values.sql_values), so no SQL text is ever built
from values."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources

import duckdb

# Every temp table, macro and variable generate creates starts with this
# (cleanup.sql drops them all).
TEMP_PREFIX = "_leadflow_gen_"


@cache
def sql_text(name: str) -> str:
    """The text of sql/<name>.sql."""
    return resources.files(__package__).joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")


def sql_names() -> list[str]:
    """The name of every SQL file the package ships."""
    folder = resources.files(__package__).joinpath("sql")
    return sorted(p.name.removesuffix(".sql") for p in folder.iterdir() if p.name.endswith(".sql"))


def run_sql(con: duckdb.DuckDBPyConnection, name: str, values: Mapping[str, object]) -> list[tuple]:
    """Run every statement of sql/<name>.sql in order, each with the values
    of the parameters it names; returns the last statement's rows."""
    rows: list[tuple] = []
    for statement in con.extract_statements(sql_text(name)):
        missing = statement.named_parameters - values.keys()
        if missing:
            raise KeyError(f"sql/{name}.sql needs values for {sorted(missing)}")
        params = {key: values[key] for key in statement.named_parameters}
        cursor = con.execute(statement, params) if params else con.execute(statement)
        rows = cursor.fetchall() if statement.type == duckdb.StatementType.SELECT else []
    return rows
