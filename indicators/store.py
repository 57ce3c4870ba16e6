"""The DuckDB store: one file, schema created and migrated on open, one transaction per upload.

DuckDB allows one read-write process per file, so a second process gets a clear bilingual
message (DatabaseBusy) instead of a stack trace. Writers insert whole frames (never row by row)
inside `transaction()`, so an upload is either all there or not there at all.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from indicators.errors import DatabaseBusy, LearningCityError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "learning_city.duckdb"
SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"
SAMPLE_CITY = "Sample Learning City"
SAMPLE_CITY_TH = "เมืองตัวอย่าง"
SCHEMA_VERSION = 1
DATA_TABLES = ("activities", "participation", "outcomes", "statistics", "activity_areas", "problems")


def fetch_one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple | None:
    """First row or None. DuckDB 2 refuses new work on a connection while a result is half-read,
    so results are always read to the end."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def database_path(path: str | Path | None = None) -> str:
    """The database to use: the argument, else $LEARNING_CITY_DB, else data/learning_city.duckdb."""
    chosen = path or os.environ.get("LEARNING_CITY_DB") or DEFAULT_DB_PATH
    return str(chosen)


def open_database(path: str | Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating and migrating when writable) the learning-city database."""
    target = database_path(path)
    if target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        if read_only and not Path(target).exists():
            read_only = False  # nothing to read yet: create it
    try:
        con = duckdb.connect(target, read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseBusy(
                f"The database {target} is in use by another program (a dashboard or a CLI command). "
                "Close it, or point this one at another file with --db.",
                f"ฐานข้อมูล {target} กำลังถูกใช้งานโดยโปรแกรมอื่น (แดชบอร์ดหรือคำสั่ง CLI) "
                "กรุณาปิดโปรแกรมนั้นก่อน หรือระบุไฟล์อื่นด้วย --db",
                code="database_busy",
            ) from exc
        raise LearningCityError(
            f"Cannot open the database {target}: {exc}",
            f"เปิดฐานข้อมูล {target} ไม่ได้: {exc}",
            code="database_unreadable",
        ) from exc
    # No progress bar: DuckDB would draw one on the terminal of a CLI command or in the server's log.
    con.execute("SET enable_progress_bar = false").fetchall()
    if not read_only:
        migrate(con)
    return con


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and views; record the schema version."""
    con.execute((Path(__file__).parent / "schema.sql").read_text(encoding="utf-8")).fetchall()
    for ensure in _extra_schema_builders():
        ensure(con)
    found = fetch_one(con, "SELECT value FROM meta WHERE key = 'schema_version'")
    if found is None:
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]).fetchall()
    elif int(found[0]) > SCHEMA_VERSION:
        raise LearningCityError(
            f"The database was written by a newer version (schema {found[0]}); update this program.",
            f"ฐานข้อมูลนี้สร้างโดยโปรแกรมรุ่นใหม่กว่า (schema {found[0]}) กรุณาอัปเดตโปรแกรม",
            code="schema_too_new",
        )


def _extra_schema_builders():
    """Tables owned by other modules (mapping rules, targets, evidence) are created with the rest."""
    builders = []
    with contextlib.suppress(ImportError):
        from indicators.mapping import ensure_mapping_tables

        builders.append(ensure_mapping_tables)
    with contextlib.suppress(ImportError):
        from indicators.progress import ensure_target_tables

        builders.append(ensure_target_tables)
    from indicators.accounts import ensure_account_tables
    from indicators.audit import ensure_audit_table
    from indicators.column_mappings import ensure_column_mapping_table

    builders += [ensure_account_tables, ensure_audit_table, ensure_column_mapping_table]
    return builders


_OPEN_TRANSACTIONS: set[int] = set()  # connections (by id) inside a transaction() block


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All-or-nothing: commit when the block ends, roll back on any exception. Inside a caller's
    transaction on the same connection it joins it: the outermost block alone commits or rolls back
    (an exception raised here still reaches it). Tracked here because DuckDB aborts a transaction on
    a second BEGIN, so trying is not an option."""
    if id(con) in _OPEN_TRANSACTIONS:
        yield con
        return
    con.execute("BEGIN TRANSACTION").fetchall()
    _OPEN_TRANSACTIONS.add(id(con))
    try:
        yield con
    except BaseException:
        _OPEN_TRANSACTIONS.discard(id(con))
        con.execute("ROLLBACK").fetchall()
        raise
    _OPEN_TRANSACTIONS.discard(id(con))
    con.execute("COMMIT").fetchall()


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    """Insert a whole DataFrame by column name (columns the frame lacks become NULL)."""
    if frame is None or frame.empty:
        return 0
    known = {row[0] for row in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
    frame = frame[[c for c in frame.columns if c in known]]
    con.register("_incoming_frame", frame)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _incoming_frame").fetchall()
    finally:
        con.unregister("_incoming_frame")
    return len(frame)


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


VERSION_MARKS = re.compile(r"(?<![a-z])(?:v|ver|version|rev)\s*[0-9๐-๙]+|(?<![a-z])(?:final|copy|new|revised|corrected|updated)"
                           r"(?![a-z])|ฉบับแก้ไข|แก้ไข|ล่าสุด|สำเนา|ฉบับใหม่")


def default_source(file_name: str) -> str:
    """Who sends this kind of file, from its name without years and numbers: next year's file from the
    same office ("activities_2568.xlsx") is recognised as a replacement of "activities_2567.xlsx"."""
    stem = Path(file_name).stem.lower()
    stem = VERSION_MARKS.sub(" ", stem)  # "_v2", "final", "แก้ไข": the same file again, corrected
    stem = re.sub(r"[0-9๐-๙]+", " ", stem)
    stem = re.sub(r"[\s_\-.()]+", "_", stem).strip("_")
    return stem or "upload"


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


def sample_files() -> list[Path]:
    """The bundled synthetic workbooks, in the order they must be read (activities before the
    sheets that refer to them)."""
    if not SAMPLE_DIR.exists():
        return []
    order = ("activities", "participants", "outcomes", "population", "city_statistics")
    files = [p for p in SAMPLE_DIR.iterdir()
             if p.suffix.lower() in {".xlsx", ".csv", ".xls", ".ods"} and p.name.startswith(order)]
    return sorted(files, key=lambda p: (next((i for i, o in enumerate(order) if p.name.startswith(o)), 99), p.name))


def ensure_sample_loaded(con: duckdb.DuckDBPyConnection) -> bool:
    """First start with an empty database: load the synthetic sample city. Returns True if it loaded."""
    if has_uploads(con):
        return False
    from indicators.ingest import ingest_files  # late import: ingest uses this module

    files = sample_files()
    if not files:
        return False
    ingest_files(con, files, city=SAMPLE_CITY, user="sample-loader", is_sample=True)
    with contextlib.suppress(ImportError):
        from indicators.progress import load_sample_targets

        targets = SAMPLE_DIR / "targets.csv"
        if targets.exists():
            load_sample_targets(con, SAMPLE_CITY, targets)
    return True
