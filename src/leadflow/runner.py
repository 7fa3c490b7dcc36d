"""Run dbt in-process through its programmatic runner, one invocation at a time."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from leadflow.project import ensure_warehouse, pin_spark_dir_env, pin_warehouse_env, project_dir

EXIT_OK = 0
EXIT_FAILURE = 1  # dbt ran, and a model or test failed
EXIT_ERROR = 2  # dbt could not run (bad arguments, broken project, crash)

# dbt is not safe to invoke concurrently within one process.
_INVOCATION_LOCK = threading.Lock()


# What a scheduled run builds: models and data tests, not unit tests. Unit
# tests check the SQL against fixed inputs, so they run in `leadflow build`
# and CI, not on every scheduled run (dbt's advice for production).
DATA_ONLY = ("--exclude-resource-type", "unit_test")


def targets_spark(dbt_args: Sequence[str]) -> bool:
    """True for `--target spark`: raw is Spark's database, not the DuckDB file."""
    args = list(dbt_args)
    for i, arg in enumerate(args):
        if arg in ("--target", "-t") and i + 1 < len(args):
            return args[i + 1] == "spark"
        if arg.startswith("--target="):
            return arg.split("=", 1)[1] == "spark"
    return False


def dbt_args_for(args: Sequence[str]) -> list[str]:
    """dbt arguments aimed at the leadflow project and its profile."""
    project = project_dir()
    warehouse = pin_warehouse_env()
    if not targets_spark(args):
        # created by leadflow, in its storage format, before dbt opens it
        ensure_warehouse(warehouse)
    pin_spark_dir_env()
    return [*args, "--project-dir", str(project), "--profiles-dir", str(project)]


def run_dbt(args: Sequence[str]) -> int:
    """Invoke `dbt <args>` against the leadflow project; return dbt's exit code."""
    from dbt.cli.main import dbtRunner

    full_args = dbt_args_for(args)
    with _INVOCATION_LOCK:
        result = dbtRunner().invoke(full_args)
    if result.exception is not None:
        return EXIT_ERROR
    return EXIT_OK if result.success else EXIT_FAILURE
