"""Uploads and their life: numbered, recorded with their file's hash, superseding older years of the same
source, rolled back (the rows stay stored, so a rollback can be undone by the data it restores)."""

from __future__ import annotations

import json
from datetime import datetime

import duckdb
import pandas as pd

from indicators.base.errors import LearningCityError
from indicators.store.connection import fetch_one, insert_frame, transaction


def next_upload_id(con: duckdb.DuckDBPyConnection) -> int:
    return int(fetch_one(con, "SELECT nextval('upload_id_seq')")[0])


def find_live_upload_with_hash(con: duckdb.DuckDBPyConnection, city: str, sha256: str) -> int | None:
    row = fetch_one(
        con,
        "SELECT upload_id FROM uploads WHERE city = ? AND sha256 = ? AND status = 'committed' "
        "ORDER BY upload_id LIMIT 1",
        [city, sha256],
    )
    return int(row[0]) if row else None


def record_upload(con: duckdb.DuckDBPyConnection, upload: dict) -> None:
    row = dict(upload)
    for key in ("sheets", "years"):
        row[key] = json.dumps(row.get(key), ensure_ascii=False)
    insert_frame(con, "uploads", pd.DataFrame([row]))


def supersede_older_years(con: duckdb.DuckDBPyConnection, upload_id: int, city: str, source: str,
                          years: list[int]) -> pd.DataFrame:
    """Hide rows of older live uploads of the same source for the years this upload brings.
    They stay in the database, so rolling back this upload brings them back."""
    if not years:
        return pd.DataFrame(columns=["upload_id", "year"])
    older = con.execute(
        """
        SELECT DISTINCT y.upload_id, y.year FROM (
            SELECT upload_id, year FROM activities UNION ALL SELECT upload_id, year FROM participation
            UNION ALL SELECT upload_id, year FROM outcomes UNION ALL SELECT upload_id, year FROM statistics
        ) y JOIN uploads u USING (upload_id)
        WHERE u.city = ? AND u.source = ? AND u.status = 'committed' AND u.upload_id <> ?
          AND list_contains(?, y.year)
          AND NOT EXISTS (SELECT 1 FROM superseded s WHERE s.upload_id = y.upload_id AND s.year = y.year)
        """,
        [city, source, upload_id, [int(y) for y in years]],
    ).df()
    if not older.empty:
        older["by_upload_id"] = upload_id
        insert_frame(con, "superseded", older)
    return older


def rollback_upload(con: duckdb.DuckDBPyConnection, upload_id: int, user: str | None = None) -> dict:
    """Take an upload out of every figure and restore what it had replaced. The rows stay stored."""
    row = fetch_one(con, "SELECT status, file_name FROM uploads WHERE upload_id = ?", [upload_id])
    if row is None:
        raise LearningCityError(
            f"There is no upload number {upload_id}.", f"ไม่พบการอัปโหลดหมายเลข {upload_id}", code="no_such_upload"
        )
    if row[0] != "committed":
        raise LearningCityError(
            f"Upload {upload_id} ({row[1]}) is already rolled back.",
            f"การอัปโหลด {upload_id} ({row[1]}) ถูกยกเลิกไปแล้ว",
            code="already_rolled_back",
        )
    with transaction(con):
        restored = fetch_one(con, "SELECT count(*) FROM superseded WHERE by_upload_id = ?", [upload_id])[0]
        con.execute("DELETE FROM superseded WHERE by_upload_id = ?", [upload_id]).fetchall()
        con.execute(
            "UPDATE uploads SET status = 'rolled_back', rolled_back_by = ?, rolled_back_at = ? WHERE upload_id = ?",
            [user, datetime.now(), upload_id],
        ).fetchall()
    return {"upload_id": upload_id, "file_name": row[1], "restored_year_slices": int(restored)}


def list_uploads(con: duckdb.DuckDBPyConnection, city: str | None = None) -> pd.DataFrame:
    query = (
        "SELECT upload_id, city, source, file_name, sha256, file_format, uploaded_at, uploaded_by, status, "
        "rows_read, rows_kept, years, is_sample, rolled_back_at, rolled_back_by FROM uploads"
    )
    params: list = []
    if city:
        query += " WHERE city = ?"
        params.append(city)
    return con.execute(query + " ORDER BY upload_id", params).df()


def list_cities(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute("SELECT DISTINCT city FROM v_uploads_live ORDER BY city").fetchall()
    return [r[0] for r in rows]


def is_sample_city(con: duckdb.DuckDBPyConnection, city: str) -> bool:
    row = fetch_one(con, "SELECT bool_or(is_sample) FROM v_uploads_live WHERE city = ?", [city])
    return bool(row and row[0])


def has_uploads(con: duckdb.DuckDBPyConnection) -> bool:
    return fetch_one(con, "SELECT count(*) FROM uploads")[0] > 0


def data_version(con: duckdb.DuckDBPyConnection) -> tuple:
    """Changes whenever an upload is committed or rolled back, or rules, targets or evidence are edited
    (each such write adds an audit-log entry): part of every cache key of the pages."""
    return tuple(con.execute(
        "SELECT count(*), max(upload_id), count(*) FILTER (status = 'rolled_back'), "
        "(SELECT count(*) FROM audit_log) FROM uploads").fetchall()[0])
