"""Opening the learning-city database: one DuckDB file (the default), or a DuckLake shared by many
processes (store/lake.py); its schema created and migrated on open.

DuckDB allows one read-write process per file, so a second process gets a clear bilingual message
(DatabaseBusy) instead of a stack trace. Every table is defined in indicators/config/sql/, read here in
order; the shipped mapping rules are seeded with them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb

from indicators.base.errors import DatabaseBusy, LearningCityError
from indicators.config import SQL_DIR
from indicators.store import activity_ids, area_masks, faults, lake
from indicators.store.connection import fetch_one, retrying, transaction
from indicators.store.rules import outdated_default_rules, seed_default_rules
from indicators.store.versions import refresh_everything

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "learning_city.duckdb"
SCHEMA_VERSION = 7  # 2: statistics have a breakdown, an exact period and a level; 3: live_files, in_force,
# orphaned_links (store/versions.py); 4: chart_notes, quality_rules, quality_followups, city_boundaries (issue 21);
# 5: integer activity numbers (store/activity_ids.py); 6: each activity row's area mask (store/area_masks.py);
# 7: the batch an upload was committed in (uploads.batch_id, store/versions.py)
SCHEMA_FILES = ("schema.sql", "rules.sql", "targets.sql", "accounts.sql", "audit.sql", "column_mappings.sql",
                "recipes.sql", "boundaries.sql", "annotations.sql", "quality.sql", "kept_values.sql")
VERSION_TABLES_FROM = 3  # databases older than this get live_files, in_force and orphaned_links built
ACTIVITY_IDS_FROM = 5  # databases older than this get their activity keys numbered
AREA_MASKS_FROM = 6  # databases older than this get their activities' area masks computed
DATA_TABLES = ("activities", "participation", "outcomes", "statistics", "activity_areas", "problems")


def database_path(path: str | Path | None = None) -> str:
    """The database to use: the argument, else $LEARNING_CITY_DB, else data/learning_city.duckdb."""
    chosen = path or os.environ.get("LEARNING_CITY_DB") or DEFAULT_DB_PATH
    return str(chosen)


def open_database(path: str | Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating and migrating when writable) the learning-city database.

    Read-only, nothing is created or migrated: commands that only read open it so, and a database file
    this program may not write (permissions, a read-only disk) can still be read. A damaged file, a
    read-only one opened for writing, or a full disk raise their bilingual error (store/faults.py)."""
    target = database_path(path)
    if lake.is_lake_target(target):
        return _open_lake(target, read_only)
    if target != ":memory:":
        if read_only and not Path(target).exists():
            read_only = False  # nothing to read yet: create it
        if not read_only:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            if Path(target).exists() and not os.access(target, os.W_OK):
                raise faults.read_only(target)
    try:
        con = duckdb.connect(target, read_only=read_only)
    except duckdb.Error as exc:
        if re.search(r"could not set lock|conflicting lock", str(exc), re.IGNORECASE):  # not "block"
            raise DatabaseBusy(
                f"The database {target} is in use by another program (a dashboard or a CLI command). "
                "Close it, or point this one at another file with --db.",
                f"ฐานข้อมูล {target} กำลังถูกใช้งานโดยโปรแกรมอื่น (แดชบอร์ดหรือคำสั่ง CLI) "
                "กรุณาปิดโปรแกรมนั้นก่อน หรือระบุไฟล์อื่นด้วย --db",
                code="database_busy",
            ) from exc
        raise faults.storage_error(exc, target) or faults.damaged(target, str(exc)) from exc
    try:
        # No progress bar: DuckDB would draw one on the terminal of a CLI command or in the server's log.
        con.execute("SET enable_progress_bar = false").fetchall()
        if not read_only:
            migrate(con)
    except duckdb.Error as exc:  # the file opened, but its content could not be read or updated
        con.close()
        raise faults.storage_error(exc, target) or faults.damaged(target, str(exc)) from exc
    return con


def _open_lake(target: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    con = lake.connect(target, read_only=read_only)
    try:
        con.execute("SET enable_progress_bar = false").fetchall()
        if not read_only:
            migrate(con)
    except duckdb.Error as exc:
        con.close()
        raise (faults.storage_error(exc, lake.shown(target)) or exc) from exc
    return con


def needs_migration(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the database is older than this program's schema (or has none yet)."""
    try:
        found = fetch_one(con, "SELECT value FROM meta WHERE key = 'schema_version'")
    except duckdb.CatalogException:
        return True
    return found is None or int(found[0]) < SCHEMA_VERSION


def needs_writing(con: duckdb.DuckDBPyConnection) -> bool:
    """True when a database opened read-only is older than this program's schema, or holds no upload yet
    (the sample city is loaded into an empty one): then it is worth opening once for writing."""
    if needs_migration(con):
        return True
    return fetch_one(con, "SELECT count(*) FROM uploads")[0] == 0


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables, columns and views (each file in config/sql/ is written to run again on a
    database that has them); record the schema version. A database from a newer program is refused
    before anything is changed. On a lake, which many processes open at once, all of it is one
    transaction, tried again when another process migrated at the same moment."""
    if lake.is_lake(con):
        if not needs_migration(con) and not outdated_default_rules(con):
            return  # as it should be: no write (app servers and CLI commands open the lake all the time)
        retrying(con, lambda: _migrate_in_transaction(con))
    else:
        _migrate(con, on_lake=False)


def _migrate_in_transaction(con: duckdb.DuckDBPyConnection) -> None:
    with transaction(con):
        _migrate(con, on_lake=True)


def _migrate(con: duckdb.DuckDBPyConnection, on_lake: bool) -> None:
    has_meta = fetch_one(con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta' "
                              "AND table_catalog = current_database()")[0]
    found = fetch_one(con, "SELECT value FROM meta WHERE key = 'schema_version'") if has_meta else None
    if found is not None and int(found[0]) > SCHEMA_VERSION:
        raise LearningCityError(
            f"The database was written by a newer version (schema {found[0]}); update this program.",
            f"ฐานข้อมูลนี้สร้างโดยโปรแกรมรุ่นใหม่กว่า (schema {found[0]}) กรุณาอัปเดตโปรแกรม",
            code="schema_too_new",
        )
    if not (on_lake and found is not None and int(found[0]) == SCHEMA_VERSION):  # a lake up to date: no DDL
        for name in SCHEMA_FILES:
            sql = (SQL_DIR / name).read_text(encoding="utf-8")
            con.execute(lake.schema_text(sql) if on_lake else sql).fetchall()
    seed_default_rules(con)
    if found is None:
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]).fetchall()
    elif int(found[0]) < SCHEMA_VERSION:
        with transaction(con):
            if int(found[0]) < ACTIVITY_IDS_FROM:  # before the views that join on the numbers are read
                activity_ids.fill_missing(con)
            if int(found[0]) < AREA_MASKS_FROM:
                area_masks.fill_missing(con)
            if int(found[0]) < VERSION_TABLES_FROM:  # no live_files, in_force, orphaned_links yet: build them
                refresh_everything(con)
            con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)]).fetchall()
