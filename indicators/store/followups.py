"""Follow-ups of data warnings: what a researcher found when checking a breach of a validation rule —
still open, confirmed (the figure is right: a new centre opened), or corrected (a new upload fixes it) —
with a note. Kept as versions: the newest row per warning is in force, earlier ones stay as history."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from indicators.base.errors import LearningCityError

STATUSES = ("open", "confirmed", "corrected")
KEYS = ["rule_id", "indicator", "year", "district"]


def save_followup(con: duckdb.DuckDBPyConnection, city: str, rule_id: str, indicator: str, year: int,
                  district: str | None, status: str, note: str | None, user: str | None) -> None:
    if status not in STATUSES:
        raise LearningCityError(f"A follow-up is one of {', '.join(STATUSES)}, not {status!r}. Nothing was saved.",
                                f"ผลการติดตามต้องเป็น {', '.join(STATUSES)} ไม่ใช่ {status!r} จึงไม่ได้บันทึก",
                                code="bad_followup")
    con.execute("INSERT INTO quality_followups VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [city, rule_id, indicator, int(year), district or None, status, (note or "").strip()[:500] or None,
                 user, datetime.now()]).fetchall()


def load_followups(con: duckdb.DuckDBPyConnection, city: str) -> pd.DataFrame:
    """The follow-up in force per warning (rule, indicator, year, district)."""
    return con.execute(
        """SELECT rule_id, indicator, year, district, status, note, updated_by, updated_at FROM (
               SELECT *, row_number() OVER (PARTITION BY rule_id, indicator, year, district
                                            ORDER BY updated_at DESC, rowid DESC) AS version_rank
               FROM quality_followups WHERE city = ?)
           WHERE version_rank = 1""", [city]).df()
