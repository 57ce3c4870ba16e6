"""Backup and restore: every table as one Parquet file plus a manifest (schema version, row counts,
SHA-256 of each file), so a city can keep its record outside the database file and rebuild it
exactly. Restoring writes everything in one transaction into an empty database (or replaces the
content with `replace=True`); a damaged or newer backup is refused before anything is written.

The backup holds the users table (salted password hashes, never passwords): keep it as private as
the database itself."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import duckdb

from indicators.base.errors import LearningCityError
from indicators.store.connection import fetch_one, transaction
from indicators.store.database import SCHEMA_VERSION

MANIFEST = "manifest.json"


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [name for (name,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "AND table_type = 'BASE TABLE' ORDER BY table_name").fetchall()]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(con: duckdb.DuckDBPyConnection, out_dir: str | Path) -> dict:
    """Write every table to OUT_DIR/<table>.parquet and the manifest; returns the manifest.
    Reads one consistent snapshot (a single transaction), so a commit running meanwhile is either
    wholly in the backup or not at all."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise LearningCityError(f"{out} is not empty; choose a new folder for the backup.",
                                f"โฟลเดอร์ {out} ไม่ว่าง กรุณาเลือกโฟลเดอร์ใหม่สำหรับสำรองข้อมูล", code="backup_not_empty")
    tables = {}
    with transaction(con):
        version = fetch_one(con, "SELECT value FROM meta WHERE key = 'schema_version'")[0]
        for table in _tables(con):
            target = out / f"{table}.parquet"
            # COPY takes no parameter for its file: the path is a quoted literal, its quotes doubled
            literal = target.as_posix().replace("'", "''")
            con.execute(f"COPY (SELECT * FROM \"{table}\") TO '{literal}' (FORMAT parquet)").fetchall()
            rows = fetch_one(con, f'SELECT count(*) FROM "{table}"')[0]
            tables[table] = {"rows": int(rows), "sha256": _sha256(target)}
        next_upload = fetch_one(con, "SELECT coalesce(max(upload_id), 0) + 1 FROM uploads")[0]
    manifest = {"schema_version": int(version), "created_at": datetime.now().isoformat(timespec="seconds"),
                "next_upload_id": int(next_upload), "tables": tables}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def _refuse(english: str, thai: str) -> LearningCityError:
    return LearningCityError(english, thai, code="bad_backup")


def read_manifest(backup_dir: str | Path) -> dict:
    """The manifest, after checking every file it lists is present and unchanged."""
    folder = Path(backup_dir)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise _refuse(f"{folder} is not a backup (no readable {MANIFEST}).",
                      f"{folder} ไม่ใช่ข้อมูลสำรอง (ไม่พบ {MANIFEST} ที่อ่านได้)") from error
    if int(manifest.get("schema_version", 0)) > SCHEMA_VERSION:
        raise _refuse(f"The backup comes from a newer version (schema {manifest['schema_version']}); update this program.",
                      f"ข้อมูลสำรองมาจากโปรแกรมรุ่นใหม่กว่า (schema {manifest['schema_version']}) กรุณาอัปเดตโปรแกรม")
    for table, facts in manifest.get("tables", {}).items():
        path = folder / f"{table}.parquet"
        if not path.is_file() or _sha256(path) != facts["sha256"]:
            raise _refuse(f"The backup file {path.name} is missing or changed since the backup; nothing restored.",
                          f"ไฟล์สำรอง {path.name} หายไปหรือถูกแก้ไขหลังสำรอง จึงไม่กู้คืนข้อมูลใด ๆ")
    return manifest


def restore(con: duckdb.DuckDBPyConnection, backup_dir: str | Path, replace: bool = False) -> dict:
    """Load a backup into this (migrated) database in one transaction; returns rows per table."""
    manifest = read_manifest(backup_dir)
    folder = Path(backup_dir)
    known = set(_tables(con))
    if not replace and fetch_one(con, "SELECT count(*) FROM uploads")[0]:
        raise LearningCityError(
            "This database already holds uploads; restore into a new database file, or pass --replace.",
            "ฐานข้อมูลนี้มีข้อมูลอยู่แล้ว กรุณากู้คืนลงไฟล์ฐานข้อมูลใหม่ หรือใช้ --replace", code="restore_not_empty")
    restored = {}
    with transaction(con):
        for table in manifest["tables"]:
            if table not in known:
                raise _refuse(f"The backup has a table this program does not know: {table}.",
                              f"ข้อมูลสำรองมีตาราง {table} ที่โปรแกรมนี้ไม่รู้จัก")
        for table in manifest["tables"]:
            path = (folder / f"{table}.parquet").as_posix()
            con.execute(f'DELETE FROM "{table}"').fetchall()
            con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM read_parquet(?)', [path]).fetchall()
            restored[table] = int(fetch_one(con, f'SELECT count(*) FROM "{table}"')[0])
            if restored[table] != manifest["tables"][table]["rows"]:
                raise _refuse(f"{table}: {restored[table]} rows read, the manifest says {manifest['tables'][table]['rows']}.",
                              f"{table}: อ่านได้ {restored[table]} แถว แต่บันทึกไว้ {manifest['tables'][table]['rows']} แถว")
    # Upload numbers continue after the restored ones (a sequence cannot move inside a transaction).
    current = fetch_one(con, "SELECT nextval('upload_id_seq')")[0]
    if current < manifest["next_upload_id"]:
        con.execute(f"CREATE OR REPLACE SEQUENCE upload_id_seq START {int(manifest['next_upload_id'])}").fetchall()
    return restored
