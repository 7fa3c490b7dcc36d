"""Where the dbt project and the warehouse live."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

WAREHOUSE_ENV = "LEADFLOW_WAREHOUSE"
PROJECT_ENV = "LEADFLOW_PROJECT_DIR"
SPARK_DIR_ENV = "LEADFLOW_SPARK_DIR"
DEFAULT_SPARK_DIR = Path("warehouse") / "spark"
DEFAULT_WAREHOUSE = Path("warehouse") / "leadflow.duckdb"
# The working warehouse is written in DuckDB 1.4's storage format: at 1M
# contacts it wrote int_engagement_events_attributed's 18M rows in 7.4 s
# instead of 9.2 s and scanned them in 1.7 s instead of 2.2 s, at the same
# size, against the default (DuckDB 1.0's, kept for old readers). Only
# leadflow reads this file (DuckDB >= 1.4 is pinned); the serving file
# readers open keeps the default format. A file takes its
# format when it is created, and leadflow creates it before dbt first opens
# it (ensure_warehouse). An older warehouse keeps its format and works.
WAREHOUSE_STORAGE_VERSION = "v1.4.0"


class ProjectNotFound(RuntimeError):
    pass


def _is_leadflow_project(path: Path) -> bool:
    manifest = path / "dbt_project.yml"
    return manifest.is_file() and "name: leadflow" in manifest.read_text()


def project_dir() -> Path:
    """The dbt project: $LEADFLOW_PROJECT_DIR, the current folder or one above
    it, or the checkout this package was installed from."""
    if os.environ.get(PROJECT_ENV):
        path = Path(os.environ[PROJECT_ENV]).resolve()
        if not _is_leadflow_project(path):
            raise ProjectNotFound(f"{PROJECT_ENV}={path} holds no leadflow dbt_project.yml")
        return path
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if _is_leadflow_project(candidate):
            return candidate
    checkout = Path(__file__).resolve().parents[2]
    if _is_leadflow_project(checkout):
        return checkout
    raise ProjectNotFound(
        f"no leadflow dbt project found: run inside the leadflow checkout or set {PROJECT_ENV}"
    )


def warehouse_path() -> Path:
    """The DuckDB warehouse file: $LEADFLOW_WAREHOUSE, else
    warehouse/leadflow.duckdb in the project. Returned absolute, so dbt
    (whose profile reads the same variable) and Python agree on the file."""
    configured = os.environ.get(WAREHOUSE_ENV)
    if configured:
        return Path(configured).resolve()
    return project_dir() / DEFAULT_WAREHOUSE


def pin_warehouse_env() -> Path:
    """Resolve the warehouse path once and export it for dbt's profile."""
    path = warehouse_path()
    os.environ[WAREHOUSE_ENV] = str(path)
    return path


def connect(read_only: bool = False) -> duckdb.DuckDBPyConnection:
    path = warehouse_path()
    if read_only and not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `leadflow build` first")
    ensure_warehouse(path)
    con = duckdb.connect(str(path), read_only=read_only)
    con.execute("set TimeZone = 'UTC'")
    return con


def ensure_warehouse(path: Path) -> None:
    """Create the warehouse file in WAREHOUSE_STORAGE_VERSION's format if it
    does not exist yet. The format is given only here, on a connection that
    is closed at once: DuckDB refuses a second connection to a file in the
    same process with other settings (dbt runs in-process), and a connection
    opened with it would also write the files it attaches (the serving file)
    in that format."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    duckdb.connect(
        str(path), config={"storage_compatibility_version": WAREHOUSE_STORAGE_VERSION}
    ).close()


def pin_spark_dir_env() -> Path:
    """The Spark target's folder (tables and metastore): $LEADFLOW_SPARK_DIR,
    else warehouse/spark in the project; exported absolute for dbt's profile,
    so every process opens the same metastore whatever its working folder."""
    configured = os.environ.get(SPARK_DIR_ENV)
    path = Path(configured).resolve() if configured else project_dir() / DEFAULT_SPARK_DIR
    os.environ[SPARK_DIR_ENV] = str(path)
    return path
