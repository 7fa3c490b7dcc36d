"""`leadflow load DIR`: land a user's CSV or Parquet exports in schema `raw`.

Every file is checked before anything is written, and all writes happen in
one transaction, so a failed load leaves `raw` exactly as it was. Values are
not judged here: raw keeps what arrived, as text, and staging decides.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from leadflow.contract import (
    LOADED_AT,
    RAW_SCHEMA,
    RAW_TABLES,
    SOURCE_FILE,
    SOURCE_ROW,
    RawTable,
    create_raw_table_sql,
)

SUFFIXES = {".csv": "csv", ".csv.gz": "csv", ".parquet": "parquet"}


class LoadError(Exception):
    """A load that was refused; nothing was written."""


@dataclass
class ExportFile:
    path: Path
    table: RawTable
    kind: str
    columns: list[str] = field(default_factory=list)

    @property
    def staging_name(self) -> str:
        return f"_leadflow_load_{self.table.name}"


def _suffix(path: Path) -> str | None:
    name = path.name.lower()
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    return None


def find_exports(directory: Path) -> list[ExportFile]:
    """Match the files of a folder to raw tables by name, or refuse the folder."""
    if not directory.is_dir():
        raise LoadError(f"{directory}: not a directory")
    problems: list[str] = []
    exports: dict[str, ExportFile] = {}
    for path in sorted(p for p in directory.iterdir() if p.is_file()):
        suffix = _suffix(path)
        if suffix is None:
            continue  # README, notes and other files beside the exports
        stem = path.name[: -len(suffix)]
        table = RAW_TABLES.get(stem.lower())
        if table is None:
            problems.append(
                f"{path.name}: not a raw table name (expected one of: {', '.join(RAW_TABLES)})"
            )
            continue
        if table.name in exports:
            problems.append(
                f"{path.name}: a second file for table {table.name} "
                f"(already have {exports[table.name].path.name})"
            )
            continue
        exports[table.name] = ExportFile(path, table, SUFFIXES[suffix])
    if problems:
        raise LoadError("\n".join(problems))
    if not exports:
        raise LoadError(
            f"{directory}: no export files found (expected files named after raw tables, "
            f"e.g. contacts.csv or engagement_events.parquet)"
        )
    return list(exports.values())


def _reader_sql(export: ExportFile) -> str:
    path = str(export.path).replace("'", "''")
    if export.kind == "csv":
        # all_varchar: raw keeps what arrived; staging parses. Lines that do
        # not fit the CSV shape are collected (store_rejects) and refuse the
        # load, rather than being skipped.
        return (
            f"read_csv('{path}', header = true, all_varchar = true, delim = ',', "
            f"quote = '\"', escape = '\"', store_rejects = true, "
            f"rejects_table = '{export.staging_name}_errors', "
            f"rejects_scan = '{export.staging_name}_scans')"
        )
    return f"read_parquet('{path}')"


def _malformed_lines(con: duckdb.DuckDBPyConnection, export: ExportFile) -> list[str]:
    if export.kind != "csv":
        return []
    rows = con.execute(
        f"select line, error_type, error_message, csv_line "
        f"from {export.staging_name}_errors order by line limit 20"
    ).fetchall()
    return [
        f"{export.path.name} line {line}: {kind.lower()} ({message}): {text!r}"
        for line, kind, message, text in rows
    ]


def _read_to_temp(con: duckdb.DuckDBPyConnection, export: ExportFile) -> None:
    """Stage a file in a temp table, every value as text, in file order (so
    rowid + 1 is the file's data row number)."""
    try:
        described = con.execute(f"describe select * from {_reader_sql(export)}").fetchall()
    except duckdb.Error as exc:
        raise LoadError(f"{export.path.name}: cannot be read: {exc}") from exc
    original = [row[0] for row in described]
    normalised = [name.strip().lower() for name in original]
    seen: set[str] = set()
    for name in normalised:
        if name in seen:
            raise LoadError(f"{export.path.name}: column '{name}' appears twice")
        seen.add(name)
    casts = ", ".join(
        f'cast("{orig}" as varchar) as "{norm}"'
        for orig, norm in zip(original, normalised, strict=True)
    )
    try:
        con.execute(
            f"create or replace temp table {export.staging_name} as "
            f"select {casts} from {_reader_sql(export)}"
        )
    except duckdb.Error as exc:
        raise LoadError(f"{export.path.name}: cannot be read: {exc}") from exc
    malformed = _malformed_lines(con, export)
    if malformed:
        raise LoadError("\n".join(malformed))
    export.columns = normalised


def _check_required(export: ExportFile) -> list[str]:
    return [
        f"{export.path.name}: missing required column '{column}' "
        f"(table {RAW_SCHEMA}.{export.table.name} requires: {', '.join(export.table.required)})"
        for column in export.table.required
        if column not in export.columns
    ]


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [RAW_SCHEMA, table],
    ).fetchall()
    return [row[0] for row in rows]


def _insert(
    con: duckdb.DuckDBPyConnection,
    export: ExportFile,
    replace: bool,
    loaded_at: str,
    load_id: str,
) -> int:
    table = export.table
    con.execute(create_raw_table_sql(table))
    if replace:
        con.execute(f'delete from {RAW_SCHEMA}."{table.name}"')
    existing = _table_columns(con, table.name)
    # Columns beyond the contract are kept (raw loses nothing); staging ignores them.
    for column in export.columns:
        if column not in existing:
            con.execute(f'alter table {RAW_SCHEMA}."{table.name}" add column "{column}" varchar')
            existing.append(column)
    metadata = {
        LOADED_AT: (
            f"coalesce(nullif(trim({LOADED_AT}), ''), '{loaded_at}')"
            if LOADED_AT in export.columns
            else f"'{loaded_at}'"
        ),
        # the file name plus the load, so the same export loaded on two days
        # still names each row uniquely (file, load, row)
        SOURCE_FILE: "'" + f"{export.path.name}@{load_id}".replace("'", "''") + "'",
        SOURCE_ROW: "cast(rowid + 1 as varchar)",
    }
    targets = [c for c in existing if c in export.columns or c in metadata]
    values = [metadata.get(c, f'"{c}"') for c in targets]
    quoted = ", ".join(f'"{c}"' for c in targets)
    con.execute(
        f'insert into {RAW_SCHEMA}."{table.name}" ({quoted}) '
        f"select {', '.join(values)} from {export.staging_name} order by rowid"
    )
    return con.execute(f"select count(*) from {export.staging_name}").fetchone()[0]


def load_directory(
    con: duckdb.DuckDBPyConnection,
    directory: Path,
    replace: bool = False,
    loaded_at: datetime | None = None,
) -> dict[str, int]:
    """Load every export in `directory` into schema raw; return rows per table.

    Appends by default; `replace` empties each table that has a file first.
    Raises LoadError, with nothing written, when any file is unusable.
    """
    exports = find_exports(Path(directory))
    moment = loaded_at or datetime.now(UTC)
    stamp = moment.strftime("%Y-%m-%d %H:%M:%S")
    load_id = f"{moment:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    problems: list[str] = []
    for export in exports:
        try:
            _read_to_temp(con, export)
        except LoadError as exc:
            problems.append(str(exc))
            continue
        problems.extend(_check_required(export))
    if problems:
        raise LoadError("nothing was loaded:\n" + "\n".join(problems))

    counts: dict[str, int] = {}
    con.execute("begin transaction")
    try:
        con.execute(f"create schema if not exists {RAW_SCHEMA}")
        for export in exports:
            counts[export.table.name] = _insert(con, export, replace, stamp, load_id)
        if replace:
            forget_staged_rows(con)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    finally:
        for export in exports:
            for suffix in ("", "_errors", "_scans"):
                con.execute(f"drop table if exists {export.staging_name}{suffix}")
    return counts


# The landing columns that name a raw row's origin (loaded_at may be absent:
# a row without it is staged by its file).
ROW_ORIGIN_COLUMNS = (SOURCE_FILE, SOURCE_ROW)


def forget_staged_rows(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the staging tables built from raw rows. Incremental staging only
    ever adds rows that are new to raw; when raw is replaced rather than
    appended to, the next build must stage it whole."""
    staged = con.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = current_database() and table_schema = 'staging' "
        "and table_type = 'BASE TABLE'"
    ).fetchall()
    for (name,) in staged:
        if name.startswith(("base_crm__", "stg_crm__")):
            con.execute(f'drop table staging."{name}"')


def ensure_raw_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Create every raw table that does not exist yet, empty, so dbt's sources
    resolve even when a user's export lacks a table (no merges, say), and add
    any optional contract column a raw table lacks, empty (staging reads it
    as null). Returns the problems no build can get past: required columns
    that are missing, each named with its table."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    problems: list[str] = []
    for table in RAW_TABLES.values():
        con.execute(create_raw_table_sql(table))
        (table_type,) = con.execute(
            "select table_type from information_schema.tables "
            "where table_catalog = current_database() and table_schema = ? and table_name = ?",
            [RAW_SCHEMA, table.name],
        ).fetchone()
        present = {
            name.lower()
            for (name,) in con.execute(
                "select column_name from information_schema.columns "
                "where table_catalog = current_database() and table_schema = ? "
                "and table_name = ?",
                [RAW_SCHEMA, table.name],
            ).fetchall()
        }
        for column in table.all_columns:
            if column in present:
                continue
            if column in table.required:
                problems.append(
                    f"{RAW_SCHEMA}.{table.name}: required column '{column}' is missing "
                    "(the raw contract: models/staging/crm/_crm__sources.yml); "
                    "no row of the table can be staged without it"
                )
            elif column in ROW_ORIGIN_COLUMNS:
                # each raw row is staged once, known by its file and row
                problems.append(
                    f"{RAW_SCHEMA}.{table.name}: landing column '{column}' is missing; "
                    "every raw row needs its file and row (leadflow load adds them) "
                    "to be traced and staged once"
                )
            elif table_type != "BASE TABLE":
                problems.append(
                    f"{RAW_SCHEMA}.{table.name}: column '{column}' is missing and the "
                    f"relation is a {table_type.lower()}, which leadflow cannot extend: "
                    "add the column (as null) to its definition"
                )
            else:
                con.execute(
                    f'alter table {RAW_SCHEMA}."{table.name}" add column "{column}" varchar'
                )
    return problems
