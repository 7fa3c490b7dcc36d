"""The raw contract: which tables leadflow reads from schema ``raw`` and their columns.

This mirrors ``models/staging/crm/_crm__sources.yml`` (a pytest keeps the two in
step). Every raw column is stored as text: raw keeps what arrived and staging
decides what it means.
"""

from __future__ import annotations

from dataclasses import dataclass

RAW_SCHEMA = "raw"

# Columns leadflow adds to every raw row when it lands, so that a rejected row
# can always be traced back to the file and line it came from.
LOADED_AT = "loaded_at"
SOURCE_FILE = "_source_file"
SOURCE_ROW = "_source_row"
METADATA_COLUMNS = (LOADED_AT, SOURCE_FILE, SOURCE_ROW)


@dataclass(frozen=True)
class RawTable:
    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...]

    @property
    def all_columns(self) -> tuple[str, ...]:
        """Contract columns followed by the landing metadata columns."""
        return self.columns + tuple(c for c in METADATA_COLUMNS if c not in self.columns)


RAW_TABLES: dict[str, RawTable] = {
    t.name: t
    for t in (
        RawTable(
            "contacts",
            (
                "contact_id",
                "email",
                "first_name",
                "last_name",
                "job_title",
                "company_name",
                "company_size",
                "industry",
                "country",
                "lead_source",
                "created_at",
                "updated_at",
            ),
            ("contact_id", "email", "created_at"),
        ),
        RawTable(
            "engagement_events",
            (
                "event_id",
                "contact_id",
                "anonymous_id",
                "event_type",
                "occurred_at",
                "url",
                "campaign",
                "loaded_at",
            ),
            ("event_id", "contact_id", "event_type", "occurred_at"),
        ),
        RawTable(
            "sales_activities",
            ("activity_id", "contact_id", "activity_type", "occurred_at", "rep_id"),
            ("activity_id", "contact_id", "activity_type", "occurred_at"),
        ),
        RawTable(
            "lead_dispositions",
            ("disposition_id", "contact_id", "disposition", "reason", "decided_at", "rep_id"),
            ("disposition_id", "contact_id", "disposition", "decided_at"),
        ),
        RawTable(
            "opportunities",
            ("opportunity_id", "contact_id", "created_at", "status", "amount", "closed_at"),
            ("opportunity_id", "contact_id", "created_at", "status"),
        ),
        RawTable(
            "contact_merges",
            ("merged_contact_id", "surviving_contact_id", "merged_at"),
            ("merged_contact_id", "surviving_contact_id", "merged_at"),
        ),
    )
}


def create_raw_table_sql(table: RawTable) -> str:
    """DDL for an empty raw table: every column text, metadata included."""
    cols = ", ".join(f'"{c}" varchar' for c in table.all_columns)
    return f'create table if not exists {RAW_SCHEMA}."{table.name}" ({cols})'
