"""Column mappings a researcher corrected, remembered per source so next year's file from the same
office maps itself. A saved mapping applies to a file of the same source (its file-name pattern, see
ingest.sources.default_source) or, failing that, to a sheet with the same header signature (the same headers in
the same order, whatever the file is called). Each save is a new version; older ones stay as history."""

from __future__ import annotations

import hashlib
from datetime import datetime

import duckdb
import pandas as pd

from indicators.base.text import header_key
from indicators.understand.sheet import SheetPlan
from indicators.understand.vocabulary import STRUCTURAL_FIELDS, load_field_catalogue

IGNORE = "ignored"
STRUCTURAL = frozenset(STRUCTURAL_FIELDS)


def field_choices() -> list[str]:
    """Fields a column may be set to, 'ignored' first."""
    return [IGNORE] + [f for f in load_field_catalogue().field_group if f not in STRUCTURAL | {IGNORE}]


def header_signature(plan: SheetPlan) -> str:
    headers = "|".join(header_key(c.header) for c in plan.columns)
    return hashlib.sha256(headers.encode("utf-8")).hexdigest()[:16]


def saved_overrides(con: duckdb.DuckDBPyConnection | None, city: str, source: str, signature: str) -> dict[str, str]:
    """The newest saved mapping for this source, else for a sheet with the same headers."""
    if con is None:
        return {}
    for column, key in (("source", source), ("signature", signature)):
        rows = con.execute(
            f"""SELECT header, field FROM column_mappings
                WHERE city = ? AND {column} = ? AND version = (
                    SELECT max(version) FROM column_mappings WHERE city = ? AND {column} = ?)""",
            [city, key, city, key]).fetchall()
        if rows:
            return dict(rows)
    return {}


def save_overrides(con: duckdb.DuckDBPyConnection, city: str, source: str, signature: str, sheet: str,
                   overrides: dict[str, str], written: dict[str, str] | None = None,
                   saved_by: str | None = None) -> int:
    """Store the mapping as a new version for this source; returns the version number."""
    choices = set(field_choices())
    unknown = [f for f in overrides.values() if f not in choices]
    if unknown:
        raise ValueError(f"unknown field(s) {unknown}")
    version = con.execute("SELECT coalesce(max(version), 0) + 1 FROM column_mappings WHERE city = ? AND source = ?",
                          [city, source]).fetchall()[0][0]
    rows = pd.DataFrame([
        {"city": city, "source": source, "signature": signature, "sheet": sheet, "header": header_key(h),
         "header_written": (written or {}).get(h, h), "field": f, "version": version, "saved_by": saved_by,
         "saved_at": datetime.now()} for h, f in overrides.items()])
    if not rows.empty:
        con.register("_column_mapping_rows", rows)
        try:
            con.execute("INSERT INTO column_mappings BY NAME SELECT * FROM _column_mapping_rows").fetchall()
        finally:
            con.unregister("_column_mapping_rows")
    return int(version)
