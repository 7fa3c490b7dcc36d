"""leadflow: lead lifecycle and lead scoring warehouse (dbt on DuckDB)."""

__version__ = "0.1.0"
