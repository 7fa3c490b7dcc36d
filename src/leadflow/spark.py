"""The Spark target: land raw tables in Spark's `raw` database and open the
same local session dbt's `spark` target uses (profiles.yml).

On a cluster the raw tables are whatever the user's sync wrote to `raw`; this
helper is for tests and demos, which generate or load data into the DuckDB
warehouse first and copy its raw schema across as Parquet tables.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import duckdb
import jinja2
import yaml

from leadflow.contract import RAW_SCHEMA, RAW_TABLES
from leadflow.project import pin_spark_dir_env, project_dir


def _env_var(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise KeyError(f"environment variable {name} is not set")
    return value


def session_settings() -> dict[str, str]:
    """The spark target's server_side_parameters, rendered as dbt renders
    them (env_var), so this module and dbt open the same warehouse."""
    pin_spark_dir_env()
    profile = yaml.safe_load((project_dir() / "profiles.yml").read_text())
    params = profile["leadflow"]["outputs"]["spark"]["server_side_parameters"]
    env = jinja2.Environment()
    return {k: env.from_string(str(v)).render(env_var=_env_var) for k, v in params.items()}


def session():
    """The local Spark session with Hive support (tables outlive the process)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.enableHiveSupport()
    for key, value in session_settings().items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def land_raw(warehouse: Path) -> dict[str, int]:
    """Copy every raw table of the DuckDB warehouse into Spark's `raw` database
    (replacing what is there); returns the rows landed per table."""
    spark = session()
    spark.sql(f"create database if not exists {RAW_SCHEMA}")
    counts: dict[str, int] = {}
    scratch = Path(tempfile.mkdtemp(prefix="leadflow-land-"))
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for name in RAW_TABLES:
            path = scratch / f"{name}.parquet"
            con.execute(f"copy {RAW_SCHEMA}.\"{name}\" to '{path}' (format parquet)")
            spark.sql(f"drop table if exists {RAW_SCHEMA}.{name}")
            spark.sql(
                f"create table {RAW_SCHEMA}.{name} using parquet as select * from parquet.`{path}`"
            )
            counts[name] = spark.table(f"{RAW_SCHEMA}.{name}").count()
    finally:
        con.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return counts
