"""Moving the whole record from one store to another — an embedded file to a lake, a lake back to a file,
or between two of either — table by table in one transaction on the receiving side, read from one
snapshot of the sending side. The receiving store must be empty (or `replace` says to overwrite it); the
rows per table are checked after writing, and the CLI then checks every figure (`migrate --to`)."""

from __future__ import annotations

import duckdb

from indicators.base.errors import LearningCityError
from indicators.store import versions
from indicators.store.backup import base_tables
from indicators.store.connection import fetch_one, retried, transaction
from indicators.store.uploads import continue_upload_ids

KEPT_BY_EACH_STORE = {"meta"}  # its schema version and a lake's write serial belong to the store itself


def move_record(source: duckdb.DuckDBPyConnection, target: duckdb.DuckDBPyConnection,
                replace: bool = False) -> dict[str, int]:
    """Copy every table of `source` into `target`; returns the rows per table."""
    with transaction(source):  # one snapshot: a commit meanwhile is wholly in it or not at all
        tables = {table: source.execute(f'SELECT * FROM "{table}"').to_arrow_table()
                  for table in base_tables(source) if table not in KEPT_BY_EACH_STORE}
    return _write(target, tables, replace)


@retried
def _write(target: duckdb.DuckDBPyConnection, tables: dict, replace: bool) -> dict[str, int]:
    known = set(base_tables(target))
    if unknown := sorted(set(tables) - known):
        raise LearningCityError(f"The source has table(s) this program does not know: {', '.join(unknown)}.",
                                f"ต้นทางมีตารางที่โปรแกรมนี้ไม่รู้จัก: {', '.join(unknown)}", code="move_unknown_table")
    moved = {}
    with transaction(target):
        if not replace and fetch_one(target, "SELECT count(*) FROM uploads")[0]:
            raise LearningCityError(
                "The destination already holds uploads; move into an empty one, or pass --replace.",
                "ปลายทางมีข้อมูลอยู่แล้ว กรุณาย้ายไปยังที่ว่าง หรือใช้ --replace", code="move_not_empty")
        for table, rows in tables.items():
            target.execute(f'DELETE FROM "{table}"').fetchall()
            target.register("_moving_rows", rows)
            try:
                target.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM _moving_rows').fetchall()
            finally:
                target.unregister("_moving_rows")
            moved[table] = int(fetch_one(target, f'SELECT count(*) FROM "{table}"')[0])
            if moved[table] != rows.num_rows:
                raise LearningCityError(f"{table}: {moved[table]} rows written of {rows.num_rows}; nothing moved.",
                                        f"{table}: บันทึกได้ {moved[table]} จาก {rows.num_rows} แถว จึงไม่ย้ายข้อมูลใด ๆ",
                                        code="move_rows_differ")
        versions.refresh_everything(target)  # which rows count, rebuilt the same way on either store
    continue_upload_ids(target, int(fetch_one(target, "SELECT coalesce(max(upload_id), 0) + 1 FROM uploads")[0]))
    return moved
