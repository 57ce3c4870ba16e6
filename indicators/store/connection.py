"""The few ways the engine talks to a DuckDB connection: results read whole, frames inserted whole
(never row by row), and all-or-nothing transactions that nest — one at a time per process.

One writer per process: DuckDB lets only one process open the file read-write, but inside that process
every session has its own cursor, and two cursors' transactions run side by side (optimistically: both
see the state before either commits). Two sessions committing the same file would then both pass the
duplicate check. So every transaction takes WRITE_LOCK, and checks that depend on what is stored are
made again inside it (ingest/commit.py); the schema's keys (store/versions.py) catch any writer that
bypassed the lock. Readers never wait: they read their own snapshot."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import duckdb
import pandas as pd

from indicators.store import activity_ids
from indicators.store.faults import storage_error


def fetch_one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple | None:
    """First row or None. DuckDB 2 refuses new work on a connection while a result is half-read,
    so results are always read to the end."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


_OPEN_TRANSACTIONS: set[int] = set()  # connections (by id) inside a transaction() block
WRITE_LOCK = threading.RLock()  # re-entrant: a transaction may open another on a second cursor


def in_transaction(con: duckdb.DuckDBPyConnection) -> bool:
    """True inside a transaction() block on this connection (where a BEGIN would abort it)."""
    return id(con) in _OPEN_TRANSACTIONS


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All-or-nothing: commit when the block ends, roll back on any exception. Inside a caller's
    transaction on the same connection it joins it: the outermost block alone commits or rolls back
    (an exception raised here still reaches it). Tracked here because DuckDB aborts a transaction on
    a second BEGIN, so trying is not an option."""
    if id(con) in _OPEN_TRANSACTIONS:
        yield con
        return
    with WRITE_LOCK:
        con.execute("BEGIN TRANSACTION").fetchall()
        _OPEN_TRANSACTIONS.add(id(con))
        try:
            yield con
        except BaseException as error:
            _OPEN_TRANSACTIONS.discard(id(con))
            with contextlib.suppress(duckdb.Error):  # a transaction DuckDB already aborted has nothing to undo
                con.execute("ROLLBACK").fetchall()
            if meaning := storage_error(error):  # a full disk, a read-only or damaged file: said in TH/EN
                raise meaning from error
            raise
        _OPEN_TRANSACTIONS.discard(id(con))
        try:
            con.execute("COMMIT").fetchall()
        except duckdb.Error as error:
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK").fetchall()
            raise (storage_error(error) or error) from error


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    """Insert a whole DataFrame by column name (columns the frame lacks become NULL). Rows with an
    activity key get its number (store/activity_ids.py); the store alone gives numbers."""
    if frame is None or frame.empty:
        return 0
    known = {row[0] for row in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
    frame = frame[[c for c in frame.columns if c in known and c != "activity_id"]]
    rows = "_incoming_frame"
    con.register(rows, frame)
    try:
        if table in activity_ids.KEYED_TABLES:
            activity_ids.number_new_keys(con, rows)
            rows = f"({activity_ids.with_numbers(rows)})"
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {rows}").fetchall()
    finally:
        con.unregister("_incoming_frame")
    return len(frame)


