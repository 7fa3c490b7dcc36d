"""`leadflow run`: the command a scheduler (cron, Dagster, Airflow) calls.

It takes a lock so two runs never overlap, checks source freshness, builds
and tests everything, and only then publishes the marts to the serving
database that readers open. Publishing writes a new file beside the serving
one and renames it over it (atomic on POSIX): a reader connected during the
run keeps the file it opened, a reader connecting after sees the new data,
and a failed or killed run leaves the serving file exactly as it was.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from leadflow.project import connect, pin_warehouse_env, project_dir

EXIT_LOCKED = 3
SERVING_ENV = "LEADFLOW_SERVING"
PUBLISHED_SCHEMAS = ("marts",)

log = logging.getLogger("leadflow.run")


class RunLocked(RuntimeError):
    """Another run holds the lock."""


def serving_path(warehouse: Path) -> Path:
    """The database readers open: $LEADFLOW_SERVING, else serving.duckdb
    beside the working warehouse."""
    configured = os.environ.get(SERVING_ENV)
    return Path(configured).resolve() if configured else warehouse.with_name("serving.duckdb")


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


@contextmanager
def run_lock(warehouse: Path) -> Iterator[None]:
    """An exclusive, non-blocking lock on the warehouse. The operating system
    releases it when the process ends, however it ends (kill -9 included)."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")  # noqa: SIM115 - held for the whole run
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise RunLocked(
                f"another leadflow run is in progress ({holder}); lock file {path}"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC")
        handle.flush()
        yield
    finally:
        handle.close()


def _published_tables(con) -> list[tuple[str, str]]:
    placeholders = ", ".join("?" for _ in PUBLISHED_SCHEMAS)
    return con.execute(
        "select table_schema, table_name from information_schema.tables "
        f"where table_catalog = current_database() and table_schema in ({placeholders}) "
        "and table_type in ('BASE TABLE', 'VIEW') order by 1, 2",
        list(PUBLISHED_SCHEMAS),
    ).fetchall()


def publish(warehouse: Path, serving: Path) -> dict[str, int]:
    """Copy the marts into a fresh file and rename it over the serving file.
    Marts built as views over intermediate tables become tables there: the
    serving file stands alone."""
    staged = serving.with_name(serving.name + ".publishing")
    for leftover in (staged, staged.with_name(staged.name + ".wal")):
        leftover.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    con = connect()
    try:
        con.execute(f"attach '{staged}' as publishing")
        for schema, table in _published_tables(con):
            con.execute(f"create schema if not exists publishing.{schema}")
            con.execute(
                f'create table publishing.{schema}."{table}" as select * from {schema}."{table}"'
            )
            counts[f"{schema}.{table}"] = con.execute(
                f'select count(*) from publishing.{schema}."{table}"'
            ).fetchone()[0]
        con.execute("checkpoint publishing")
        con.execute("detach publishing")
    finally:
        con.close()
    with open(staged, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(staged, serving)
    directory = os.open(serving.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return counts


def _previous_counts(serving: Path) -> dict[str, int]:
    if not serving.exists():
        return {}
    import duckdb

    con = duckdb.connect(str(serving), read_only=True)
    try:
        return {
            f"{s}.{t}": con.execute(f'select count(*) from {s}."{t}"').fetchone()[0]
            for s, t in _published_tables(con)
        }
    finally:
        con.close()


def _scoring_warnings() -> list[str]:
    """What scores zero silently (summary.scoring_warnings), read after the build.
    dbt's adapter holds the warehouse open in this process, so the connection
    uses the same (read-write) configuration."""
    from leadflow.summary import scoring_warnings

    con = connect()
    try:
        return scoring_warnings(con)
    finally:
        con.close()


def _node_results(result) -> list[dict]:
    rows = []
    for node_result in getattr(result, "results", None) or []:
        node = node_result.node
        rows.append(
            {
                "node": node.unique_id,
                "type": node.resource_type.value
                if hasattr(node.resource_type, "value")
                else str(node.resource_type),
                "status": str(node_result.status.value)
                if hasattr(node_result.status, "value")
                else str(node_result.status),
                "seconds": round(node_result.execution_time or 0.0, 3),
                "message": node_result.message,
            }
        )
    return rows


def _count(rows: list[dict], types: set[str], statuses: set[str]) -> int:
    return sum(1 for r in rows if r["type"] in types and r["status"] in statuses)


def run(full_refresh: bool = False, dbt_args: Sequence[str] = ()) -> int:
    """One scheduled run; returns the exit code and writes the run summary."""
    from dbt.cli.main import dbtRunner

    from leadflow.load import ensure_raw_tables
    from leadflow.runner import (
        DATA_ONLY,
        EXIT_ERROR,
        EXIT_FAILURE,
        EXIT_OK,
        dbt_args_for,
        targets_spark,
    )

    # on Spark, raw is Spark's database and the built tables are what readers
    # read: no DuckDB raw check, no serving copy, no DuckDB-side warnings
    on_spark = targets_spark(dbt_args)

    warehouse = pin_warehouse_env()
    serving = serving_path(warehouse)
    runs_dir = warehouse.parent / "runs"
    runs_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    summary: dict = {
        "run_id": f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}",
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "warehouse": str(warehouse),
        "serving": str(serving),
        "full_refresh": full_refresh,
        "status": "failed",
        "published": False,
    }
    (project_dir() / "logs").mkdir(exist_ok=True)
    handler = logging.FileHandler(project_dir() / "logs" / "leadflow-run.log")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    code = EXIT_ERROR
    try:
        with run_lock(warehouse):
            log.info("run %s started (full_refresh=%s)", summary["run_id"], full_refresh)
            problems = []
            if not on_spark:
                con = connect()
                try:
                    problems = ensure_raw_tables(con)
                finally:
                    con.close()
            if problems:
                summary["problems"] = [{"node": "raw", "message": p} for p in problems]
                summary["error"] = "; ".join(problems)
                log.error("raw tables break the contract; nothing built or published")
                print(
                    "leadflow run: nothing was built or published; readers keep the last "
                    f"good data in {serving}:\n" + "\n".join(problems),
                    file=sys.stderr,
                )
                code = EXIT_FAILURE
                return code

            # the parsed manifest is handed to the two invocations below in
            # memory; the build writes dbt's artifacts (manifest.json
            # included), so the parse need not write them first
            parsed = dbtRunner().invoke(dbt_args_for(["parse", "--no-write-json", *dbt_args]))
            if parsed.exception is not None or not parsed.success:
                summary["error"] = f"dbt parse failed: {parsed.exception}"
                code = EXIT_ERROR
                return code
            runner = dbtRunner(manifest=parsed.result)

            target = ["--target", "spark"] if on_spark else []
            freshness = runner.invoke(dbt_args_for(["source", "freshness", *target]))
            fresh_rows = _node_results(freshness.result)
            summary["freshness"] = {r["node"]: r["status"] for r in fresh_rows}
            stale = [n for n, s in summary["freshness"].items() if s in ("warn", "error")]
            if stale:
                log.warning("stale sources (the run goes on): %s", ", ".join(stale))

            build_args = [
                "build",
                *DATA_ONLY,
                *(["--full-refresh"] if full_refresh else []),
                *dbt_args,
            ]
            built = runner.invoke(dbt_args_for(build_args))
            rows = _node_results(built.result)
            summary["models"] = {
                "built": _count(rows, {"model", "snapshot", "seed"}, {"success"}),
                "failed": _count(rows, {"model", "snapshot", "seed"}, {"error"}),
                "skipped": _count(rows, {"model", "snapshot", "seed"}, {"skipped"}),
            }
            summary["tests"] = {
                "passed": _count(rows, {"test", "unit_test"}, {"pass"}),
                "failed": _count(rows, {"test", "unit_test"}, {"fail", "error"}),
                "warned": _count(rows, {"test", "unit_test"}, {"warn"}),
            }
            summary["problems"] = [
                {"node": r["node"], "status": r["status"], "message": r["message"]}
                for r in rows
                if r["status"] in ("error", "fail")
            ]
            if built.exception is not None:
                summary["error"] = str(built.exception)
                log.error("build could not run: %s; nothing published", built.exception)
                code = EXIT_ERROR
                return code
            if not built.success:
                log.error("build failed; nothing published, readers keep the last good data")
                print(
                    "leadflow run: the build failed; nothing was published and readers "
                    f"keep the last good data in {serving}",
                    file=sys.stderr,
                )
                code = EXIT_FAILURE
                return code

            if on_spark:
                summary["status"] = "success"
                summary["serving"] = None
                log.info("built on Spark: readers read its tables; nothing to publish")
                code = EXIT_OK
                return code
            summary["warnings"] = _scoring_warnings()
            for warning in summary["warnings"]:
                log.warning(warning)
                print(f"leadflow run: warning: {warning}", file=sys.stderr)
            before = _previous_counts(serving)
            after = publish(warehouse, serving)
            summary["published"] = True
            summary["status"] = "success"
            summary["rows"] = {
                table: {"rows": n, "change": n - before.get(table, 0)} for table, n in after.items()
            }
            log.info("published %d tables to %s", len(after), serving)
            code = EXIT_OK
            return code
    except RunLocked as exc:
        summary["status"] = "locked"
        summary["error"] = str(exc)
        print(f"leadflow run: {exc}; this run did nothing", file=sys.stderr)
        code = EXIT_LOCKED
        return code
    finally:
        summary["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        summary["duration_seconds"] = round(time.monotonic() - started, 2)
        summary["exit_code"] = code
        if summary["status"] != "locked":
            text = json.dumps(summary, indent=2, default=str)
            (runs_dir / f"{summary['run_id']}.json").write_text(text)
            (runs_dir / "last_run.json").write_text(text)
        log.info("run %s finished: %s (exit %s)", summary["run_id"], summary["status"], code)
        log.removeHandler(handler)
        handler.close()
