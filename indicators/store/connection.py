"""The few ways the engine talks to a DuckDB connection: results read whole, frames inserted whole
(never row by row), and all-or-nothing transactions that nest — one at a time per process.

One writer per process: DuckDB lets only one process open the file read-write, but inside that process
every session has its own cursor, and two cursors' transactions run side by side (optimistically: both
see the state before either commits). Two sessions committing the same file would then both pass the
duplicate check. So every transaction takes WRITE_LOCK, and checks that depend on what is stored are
made again inside it (ingest/commit.py); the schema's keys (store/versions.py) catch any writer that
bypassed the lock. Readers never wait: they read their own snapshot.

On a lake (store/lake.py) many processes write at once, each in its own snapshot, and DuckLake has no
keys. So every write transaction there also updates one row (meta 'write_serial'): of two transactions
that overlap, the second to commit conflicts, writes nothing, and is tried again from the start by
`retrying` — in a new snapshot, where the checks see what the first one wrote. To spare them that
wasted work, writers also queue for a write turn (a lock file in the lake's data folder, store/lake.py). The writes to a lake are
thereby serialisable, as the one writer of a file is."""

from __future__ import annotations

import contextlib
import functools
import random
import threading
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from indicators.base.errors import WriteConflict
from indicators.store import activity_ids, area_masks, lake
from indicators.store.faults import storage_error

Result = TypeVar("Result")
# A lake writer that keeps losing to others gives up (WriteConflict) once it has tried this long: long
# enough for a queue of uploads from many offices to drain (8 writers at once on 2 cores: benchmarks/LAKE.md).
CONFLICT_PATIENCE_SECONDS = 600


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
    on_lake = lake.is_writable_lake(con)
    with WRITE_LOCK, (lake.write_turn(con) if on_lake else contextlib.nullcontext()):
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
            if on_lake:
                _mark_write(con)
            con.execute("COMMIT").fetchall()
        except duckdb.Error as error:
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK").fetchall()
            raise (storage_error(error) or error) from error


def _mark_write(con: duckdb.DuckDBPyConnection) -> None:
    """Update the lake's write serial, so that this transaction conflicts with any other that overlaps it.
    A lake restored from a backup made elsewhere may lack the row: then it is written anew."""
    updated = con.execute("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) "
                          "WHERE key = 'write_serial'").fetchall()
    if updated[0][0] == 0:
        con.execute("INSERT INTO meta VALUES ('write_serial', '1')").fetchall()


def retrying(con: duckdb.DuckDBPyConnection, work: Callable[[], Result]) -> Result:
    """Run `work` (which opens its own transaction); on a lake, when another process committed an
    overlapping write first, run it again from the start after a short random wait. Inside a caller's
    transaction it runs once: the conflict, if any, comes at the caller's commit, and the caller's retry."""
    attempt, started = 1, time.monotonic()
    while True:
        try:
            return work()
        except WriteConflict:
            if time.monotonic() - started > CONFLICT_PATIENCE_SECONDS or in_transaction(con) or not lake.is_lake(con):
                raise
        # Back off at random, longer each time (up to 2 s), so that writers that collided do not collide again.
        time.sleep(random.uniform(0, min(2.0, 0.05 * 2 ** attempt)))
        attempt += 1


def retried(function: Callable[..., Result]) -> Callable[..., Result]:
    """`retrying` for a function whose first argument is the connection."""
    @functools.wraps(function)
    def run(con, *args, **kwargs):
        return retrying(con, lambda: function(con, *args, **kwargs))
    return run


def as_arrow(frame: pd.DataFrame) -> pa.Table | pd.DataFrame:
    """The frame as an Arrow table when it converts as it is: DuckDB scans Arrow columns directly, while a
    pandas frame of Arrow-backed strings is first copied into Python objects (1.1 s of a 200k-row ingest).
    A column of mixed Python types does not convert; then the frame goes as it is."""
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return frame


@contextlib.contextmanager
def text_values(con: duckdb.DuckDBPyConnection, name: str, values) -> Iterator[str]:
    """The distinct texts of `values` as a one-column relation `name`(value), for a semi-join while the
    block runs. A list parameter with list_contains costs stored rows × values (20k keys against 200k
    stored rows: 1.7 s); a join costs rows + values."""
    con.register(name, pa.table({"value": _distinct_texts(values)}))
    try:
        yield name
    finally:
        con.unregister(name)


def _distinct_texts(values) -> pa.Array:
    """The distinct non-missing values as Arrow strings. A column of texts (Arrow-backed, or categories of
    them) goes to Arrow as it is: through Python it would make a str per row (1M content keys: ~0.15 GB
    that the process keeps after they are freed)."""
    if isinstance(values, pd.Series) and pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
        column = pa.array(values.dropna())
        if pa.types.is_dictionary(column.type):
            column = column.dictionary_decode()
        return pc.unique(column.cast(pa.string()))
    texts = pd.unique(pd.Series(list(values) if not isinstance(values, pd.Series) else values, dtype=object).dropna())
    return pa.array([str(v) for v in texts], pa.string())


# Columns only the store fills: activity numbers (store/activity_ids.py) and area masks (store/area_masks.py).
STORE_MADE_COLUMNS = ("activity_id", "area_mask")


def number_activity_keys(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> None:
    """Numbers for the frame's (city, activity_key) that have none yet, before any of its rows is written
    (store/activity_ids.py): the numbers do not depend on which table's rows are written first."""
    con.register("_keys_to_number", as_arrow(frame[["city", "activity_key"]]))
    try:
        activity_ids.number_new_keys(con, "_keys_to_number")
    finally:
        con.unregister("_keys_to_number")


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    """Insert a whole DataFrame by column name (columns the frame lacks become NULL). Rows with an
    activity key get its number (store/activity_ids.py); the store alone gives numbers, and keeps each
    activity row's area mask (store/area_masks.py) when activities or their mappings are written."""
    if frame is None or frame.empty:
        return 0
    known = {row[0] for row in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "AND table_catalog = current_database()", [table]).fetchall()}
    frame = frame[[c for c in frame.columns if c in known and c not in STORE_MADE_COLUMNS]]
    rows = "_incoming_frame"
    con.register(rows, as_arrow(frame))
    try:
        if table in activity_ids.KEYED_TABLES:
            activity_ids.number_new_keys(con, rows)
            rows = f"({activity_ids.with_numbers(rows)})"
        masked = table == "activities" and "upload_id" in frame.columns
        if masked:  # the mask written with the rows: an UPDATE of 1M new rows cost 0.7 s and 0.2 GB
            rows = f"({area_masks.with_masks(rows)})"
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {rows}").fetchall()
        if table == "activity_areas" or (table == "activities" and not masked):
            area_masks.refresh_uploads_of(con, "_incoming_frame")
    finally:
        con.unregister("_incoming_frame")
    return len(frame)


