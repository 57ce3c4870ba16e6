"""The audit log: who uploaded, rolled back, or edited rules, targets, evidence and users — when, and
what (file hash, counts). Entries are written in the same transaction as the change they record, so
the log never claims a change that was rolled back, nor misses one that was made."""

from __future__ import annotations

import json
from datetime import datetime

import duckdb
import pandas as pd


def record(con: duckdb.DuckDBPyConnection, actor, action: str, city: str | None, target: str | None,
           detail: dict | None = None) -> None:
    con.execute("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [datetime.now(), actor.name, actor.role, actor.via, action, city, target,
                 json.dumps(detail or {}, ensure_ascii=False, default=str)]).fetchall()


def entries(con: duckdb.DuckDBPyConnection, city: str | None = None, limit: int = 500) -> pd.DataFrame:
    """Newest first; entries without a city (user management) are shown for every city."""
    return con.execute(
        "SELECT logged_at, actor, role, via, action, city, target, detail FROM audit_log "
        "WHERE $city IS NULL OR city = $city OR city IS NULL ORDER BY logged_at DESC LIMIT $limit",
        {"city": city, "limit": limit}).df()
