"""Backup and restore: every table as one Parquet file plus a manifest (schema version, row counts,
SHA-256 of each file), signed with HMAC-SHA256 under a key kept outside the backup (backup_key.py), so a
city can keep its record outside the database file and rebuild it exactly. Restoring writes everything
in one transaction into an empty database (or replaces the content with `replace=True`); a backup that is
unsigned, signed with another key, changed, incomplete (a table of this schema missing from the manifest)
or newer is refused before anything is written, and the restore says what it checked.

The backup holds the users table (salted password hashes, never passwords): keep it as private as
the database itself."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import duckdb

from indicators.base.errors import LearningCityError
from indicators.store import activity_ids, area_masks, backup_key, versions
from indicators.store.connection import fetch_one, retried, transaction
from indicators.store.database import SCHEMA_VERSION
from indicators.store.uploads import continue_upload_ids

MANIFEST = "manifest.json"
# Rebuilt from the data when a backup (from before schema 4) lacks them; the kept figures are always
# dropped on restore (their version key counts uploads and log entries, which a restore may repeat).
DERIVED_TABLES = {"activity_ids", "kept_values", "kept_versions"}
# Tables a schema brought: a backup from before it cannot hold them, and restores them empty.
TABLES_SINCE = {4: {"boundaries", "chart_notes", "quality_rules", "quality_followups"}}


def base_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [name for (name,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "AND table_catalog = current_database() AND table_type = 'BASE TABLE' ORDER BY table_name").fetchall()]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(con: duckdb.DuckDBPyConnection, out_dir: str | Path, key_file: str | Path | None = None) -> dict:
    """Write every table to OUT_DIR/<table>.parquet and the signed manifest; returns the manifest.
    Reads one consistent snapshot (a single transaction), so a commit running meanwhile is either
    wholly in the backup or not at all. The signing key is made on the first backup (backup_key.py)."""
    out = Path(out_dir)
    where = backup_key.key_path(key_file).resolve()
    if out.resolve() == where.parent or out.resolve() in where.parents:
        raise LearningCityError(
            f"The backup key {where} would be inside the backup folder {out}; a backup must never hold its key. "
            "Choose another folder (or keep the key elsewhere with --key).",
            f"กุญแจสำรองข้อมูล {where} จะอยู่ในโฟลเดอร์สำรอง {out} ซึ่งห้ามเด็ดขาด กรุณาเลือกโฟลเดอร์อื่น "
            "(หรือเก็บกุญแจที่อื่นด้วย --key)", code="backup_key_inside")
    key, _ = backup_key.load_key(key_file, create=True)
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise LearningCityError(f"{out} is not empty; choose a new folder for the backup.",
                                f"โฟลเดอร์ {out} ไม่ว่าง กรุณาเลือกโฟลเดอร์ใหม่สำหรับสำรองข้อมูล", code="backup_not_empty")
    tables = {}
    with transaction(con):
        version = fetch_one(con, "SELECT value FROM meta WHERE key = 'schema_version'")[0]
        for table in base_tables(con):
            target = out / f"{table}.parquet"
            # COPY takes no parameter for its file: the path is a quoted literal, its quotes doubled
            literal = target.as_posix().replace("'", "''")
            con.execute(f"COPY (SELECT * FROM \"{table}\") TO '{literal}' (FORMAT parquet)").fetchall()
            rows = fetch_one(con, f'SELECT count(*) FROM "{table}"')[0]
            tables[table] = {"rows": int(rows), "sha256": _sha256(target)}
        next_upload = fetch_one(con, "SELECT coalesce(max(upload_id), 0) + 1 FROM uploads")[0]
    manifest = backup_key.sign({"schema_version": int(version), "created_at": datetime.now().isoformat(timespec="seconds"),
                                "next_upload_id": int(next_upload), "tables": tables}, key)
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def _refuse(english: str, thai: str) -> LearningCityError:
    return LearningCityError(english, thai, code="bad_backup")


def read_manifest(backup_dir: str | Path, con: duckdb.DuckDBPyConnection,
                  key_file: str | Path | None = None) -> tuple[dict, list[tuple[str, str]]]:
    """The manifest, after checking — in this order — that it is readable and not from a newer version,
    signed with this installation's key and unchanged since, lists every table this schema has, and that
    every file it lists is present with its SHA-256. Returns it with what was checked (English, Thai)."""
    folder = Path(backup_dir)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise _refuse(f"{folder} is not a backup (no readable {MANIFEST}).",
                      f"{folder} ไม่ใช่ข้อมูลสำรอง (ไม่พบ {MANIFEST} ที่อ่านได้)") from error
    if not isinstance(manifest, dict) or not isinstance(manifest.get("tables"), dict):
        raise _refuse(f"{folder / MANIFEST} is not a backup manifest.", f"{folder / MANIFEST} ไม่ใช่ manifest ของข้อมูลสำรอง")
    if int(manifest.get("schema_version", 0)) > SCHEMA_VERSION:
        raise _refuse(f"The backup comes from a newer version (schema {manifest['schema_version']}); update this program.",
                      f"ข้อมูลสำรองมาจากโปรแกรมรุ่นใหม่กว่า (schema {manifest['schema_version']}) กรุณาอัปเดตโปรแกรม")
    key, where = backup_key.load_key(key_file)
    if problem := backup_key.signature_problem(manifest, key):
        raise _refuse(f"The backup in {folder} cannot be trusted: {problem[0]}. Nothing was restored.",
                      f"ข้อมูลสำรองใน {folder} เชื่อถือไม่ได้: {problem[1]} จึงไม่กู้คืนข้อมูลใด ๆ")
    checked = [(f"signature: {backup_key.ALGORITHM} under the key {where} (id {backup_key.key_id(key)}) holds",
                f"ลายเซ็น {backup_key.ALGORITHM} ด้วยกุญแจ {where} (id {backup_key.key_id(key)}) ถูกต้อง")]
    newer = {t for version, tables in TABLES_SINCE.items() if int(manifest.get("schema_version", 0)) < version
             for t in tables}
    required = set(base_tables(con)) - DERIVED_TABLES - newer
    if missing := sorted(required - set(manifest["tables"])):
        raise _refuse(f"The backup is incomplete: it lacks the table(s) {', '.join(missing)}, so restoring it would "
                      "lose them. Nothing was restored.",
                      f"ข้อมูลสำรองไม่ครบ: ไม่มีตาราง {', '.join(missing)} การกู้คืนจะทำให้ข้อมูลเหล่านั้นหายไป "
                      "จึงไม่กู้คืนข้อมูลใด ๆ")
    checked.append((f"tables: all {len(required)} tables of schema {SCHEMA_VERSION} are in the backup",
                    f"ตาราง: มีครบทั้ง {len(required)} ตารางของ schema {SCHEMA_VERSION}"))
    for table, facts in manifest["tables"].items():
        path = folder / f"{table}.parquet"
        if not path.is_file() or _sha256(path) != facts["sha256"]:
            raise _refuse(f"The backup file {path.name} is missing or changed since the backup; nothing restored.",
                          f"ไฟล์สำรอง {path.name} หายไปหรือถูกแก้ไขหลังสำรอง จึงไม่กู้คืนข้อมูลใด ๆ")
    checked.append((f"files: the SHA-256 of each of the {len(manifest['tables'])} files matches the manifest",
                    f"ไฟล์: SHA-256 ของทั้ง {len(manifest['tables'])} ไฟล์ตรงกับ manifest"))
    return manifest, checked


@retried
def restore(con: duckdb.DuckDBPyConnection, backup_dir: str | Path, replace: bool = False,
            key_file: str | Path | None = None) -> dict:
    """Load a backup into this (migrated) database in one transaction. Returns {"rows": rows per table,
    "checked": what was checked, as (English, Thai) lines}."""
    manifest, checked = read_manifest(backup_dir, con, key_file)
    folder = Path(backup_dir)
    known = set(base_tables(con))
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
        for table in ("kept_values", "kept_versions"):
            con.execute(f"DELETE FROM {table}").fetchall()
        activity_ids.fill_missing(con)  # a backup from before version 5 has no activity numbers
        area_masks.fill_missing(con)  # nor, from before version 6, area masks
        versions.refresh_everything(con)  # which rows count, rebuilt from the restored uploads
    checked.append((f"rows: the {sum(restored.values()):,} rows read equal the manifest's count for every table",
                    f"แถว: อ่านได้ {sum(restored.values()):,} แถว ตรงกับจำนวนใน manifest ทุกตาราง"))
    continue_upload_ids(con, int(manifest["next_upload_id"]))  # new uploads numbered after the restored ones
    return {"rows": restored, "checked": checked}
