"""Uploads and their life: numbered, recorded with their file's hash, rolled back (the rows stay stored).
Which rows count after each change — versions in force, files kept once, links whose activity is gone —
is store/versions.py's job."""

from __future__ import annotations

import json
from datetime import datetime

import duckdb
import pandas as pd

from indicators.base.errors import LearningCityError
from indicators.store import lake, versions
from indicators.store.connection import fetch_one, insert_frame, transaction


def next_upload_id(con: duckdb.DuckDBPyConnection) -> int:
    """The next upload's number: from the file's sequence; on a lake (no sequences) one more than the
    highest stored — safe there because two overlapping writes conflict (store/connection.py)."""
    if lake.is_lake(con):
        return int(fetch_one(con, "SELECT coalesce(max(upload_id), 0) + 1 FROM uploads WHERE upload_id > 0")[0])
    return int(fetch_one(con, "SELECT nextval('upload_id_seq')")[0])


def continue_upload_ids(con: duckdb.DuckDBPyConnection, next_id: int) -> None:
    """Let new uploads be numbered from `next_id` on at least (after a restore or a move of the record)."""
    if lake.is_lake(con):
        return  # numbered from the stored uploads
    current = fetch_one(con, "SELECT nextval('upload_id_seq')")[0]
    if current < next_id:  # a sequence cannot move inside a transaction: it is made anew
        con.execute(f"CREATE OR REPLACE SEQUENCE upload_id_seq START {int(next_id)}").fetchall()


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


def rollback_upload(con: duckdb.DuckDBPyConnection, upload_id: int, user: str | None = None,
                    with_dependents: bool = False) -> dict:
    """Take an upload out of every figure: afterwards the figures are exactly those of a database in which
    it was never made (what it had superseded comes back, and only that). The rows stay stored.

    Uploads whose participants or outcomes link to its activities would be left counting people of
    activities that are gone: the rollback is refused naming them, unless `with_dependents` takes them
    out together (returned as `dependents`)."""
    row = fetch_one(con, "SELECT status, file_name, city, source FROM uploads WHERE upload_id = ?", [upload_id])
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
    _, file_name, city, source = row
    with transaction(con):
        hidden_before = versions.superseded_slices(con, city, source)
        orphaned_before = versions.orphaned_uploads(con, city)
        _take_out(con, [upload_id], user)
        dependents: list[int] = []
        while found := sorted(versions.orphaned_uploads(con, city) - orphaned_before - set(dependents)):
            if not with_dependents:
                raise _has_dependents(con, upload_id, file_name, found)
            dependents += found
            _take_out(con, found, user)
        restored = {(u, y) for u, y in hidden_before - versions.superseded_slices(con, city, source) if u != upload_id}
    return {"upload_id": upload_id, "file_name": file_name, "restored_year_slices": len(restored),
            "dependents": dependents}


def _take_out(con: duckdb.DuckDBPyConnection, upload_ids: list[int], user: str | None) -> None:
    sources = set()
    for upload_id in upload_ids:
        con.execute("UPDATE uploads SET status = 'rolled_back', rolled_back_by = ?, rolled_back_at = ? "
                    "WHERE upload_id = ?", [user, datetime.now(), upload_id]).fetchall()
        versions.release_file(con, upload_id)
        sources.add(tuple(fetch_one(con, "SELECT city, source FROM uploads WHERE upload_id = ?", [upload_id])))
    versions.refresh(con, sources)


def _has_dependents(con: duckdb.DuckDBPyConnection, upload_id: int, file_name: str,
                    dependents: list[int]) -> LearningCityError:
    names = dict(con.execute("SELECT upload_id, file_name FROM uploads WHERE list_contains(?, upload_id)",
                             [dependents]).fetchall())
    listed = ", ".join(f"{d} ({names.get(d, '?')})" for d in dependents)
    return LearningCityError(
        f"Upload {upload_id} ({file_name}) cannot be rolled back alone: upload(s) {listed} link participants or "
        f"outcomes to its activities, which would then count people of activities that are gone. Roll those back "
        f"first, or roll back {upload_id} together with them (rollback {upload_id} --with-dependents).",
        f"ยกเลิกการอัปโหลด {upload_id} ({file_name}) เพียงรายการเดียวไม่ได้ เพราะการอัปโหลด {listed} "
        f"มีข้อมูลผู้เข้าร่วมหรือผลลัพธ์ที่อ้างถึงกิจกรรมในการอัปโหลดนี้ ซึ่งจะกลายเป็นการนับคนของกิจกรรมที่ไม่มีอยู่แล้ว "
        f"กรุณายกเลิกรายการเหล่านั้นก่อน หรือยกเลิก {upload_id} พร้อมกับรายการเหล่านั้น (rollback {upload_id} --with-dependents)",
        code="rollback_has_dependents")


class _Undo(Exception):
    """Raised to roll a trial rollback back."""


def dependent_uploads(con: duckdb.DuckDBPyConnection, upload_id: int) -> list[int]:
    """The uploads a rollback of `upload_id` would have to take out with it (tried in a transaction that
    is always rolled back, so the answer is exactly what the rollback would find)."""
    found: list[int] = []
    try:
        with transaction(con):
            found = rollback_upload(con, upload_id, with_dependents=True)["dependents"]
            raise _Undo
    except _Undo:
        pass
    return found


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
