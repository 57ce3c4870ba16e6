"""DuckDB's memory while an upload is written.

DuckDB may keep up to 80 % of the machine's memory in its buffer pool, and it keeps the pages a
transaction writes there until the commit: writing a 1M-row register (1M activities, their Key
Features areas, 3M participation rows) held ~0.9 GB it had already written to the file. Capped while
the write runs, DuckDB lets go of written pages instead (the same write: 1.56 → 1.33 GB at its peak, no
slower). The cap is lifted when the write ends, because the indicators' scans of a 10M-activity database
are a third slower under it (3.8 → 5.5 s). A batch the cap is too tight for fails with DuckDB's
OutOfMemoryException — rolled back, nothing written — and is written once more without the cap.

The engine sets no memory limit of its own anywhere else: lifting the cap sets back the limit seen before it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

import duckdb

from indicators.store.connection import WRITE_LOCK, in_transaction

Result = TypeVar("Result")
WRITE_MEMORY_LIMIT = "600MiB"
WRITE_MEMORY_LIMIT_BYTES = 600 * 2**20
UNITS = {"bytes": 1, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40,
         "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12}


def memory_bytes(setting: str) -> float | None:
    """DuckDB's memory setting as shown ("18.8 GiB", "600.0 MiB") in bytes; None if it is not a size."""
    found = re.fullmatch(r"\s*([\d.]+)\s*([A-Za-z]+)\s*", setting or "")
    if not found or found.group(2).lower() not in UNITS:
        return None
    return float(found.group(1)) * UNITS[found.group(2).lower()]


def with_bounded_memory(con: duckdb.DuckDBPyConnection, write: Callable[[], Result]) -> Result:
    """Run `write` (which opens its own transaction) with DuckDB's memory capped, as the module says.
    Inside a caller's transaction it runs as it is: an error there aborts the caller's work, so there would
    be no second try. The process's write lock is held throughout, so writers never see each other's cap."""
    if in_transaction(con):
        return write()
    with WRITE_LOCK:
        uncapped = _limit_before_any_cap(con)
        limit = memory_bytes(uncapped)
        if limit is not None and limit <= WRITE_MEMORY_LIMIT_BYTES:
            return write()  # a small machine's own limit is already tighter
        con.execute(f"SET memory_limit = '{WRITE_MEMORY_LIMIT}'").fetchall()
        try:
            return write()
        except duckdb.OutOfMemoryException:
            con.execute(f"SET memory_limit = '{uncapped}'").fetchall()
            return write()
        finally:
            con.execute(f"SET memory_limit = '{uncapped}'").fetchall()


# Each database's limit as it was before the first cap. DuckDB's RESET shows the default again but leaves
# its buffer pool at the cap, and a limit set back as shown ("18.8 GiB") reads a little lower each time
# (18.7, 18.6 …): so the limit first seen is kept, and every write sets exactly that one back.
_UNCAPPED: dict[str, str] = {}


def _limit_before_any_cap(con: duckdb.DuckDBPyConnection) -> str:
    path = con.execute("SELECT coalesce(path, database_name) FROM duckdb_databases() "
                       "WHERE database_name = current_database()").fetchall()[0][0]
    if path not in _UNCAPPED:
        _UNCAPPED[path] = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    return _UNCAPPED[path]
