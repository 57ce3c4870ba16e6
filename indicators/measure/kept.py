"""Indicator figures computed once per data version and kept in the database, so that the first visitor
after a restart (or a new server process) reads a few hundred kept rows instead of scanning millions.

The key is the data version (store.data_version: it changes with every commit, rollback and edit) and a
digest of the indicator definitions, so kept figures are only ever read for the exact data and
definitions they were computed from; otherwise they are computed, kept and returned. The version and
the figures are read in one snapshot, so a commit in between cannot file new figures under an old
version. Kept rows are exactly compute_values' rows (same order, same floats)."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

import duckdb
import pandas as pd

from indicators import store
from indicators.base.errors import LearningCityError
from indicators.measure.compute import VALUE_COLUMNS, compute_values
from indicators.measure.definitions import load_indicators

SLICE = "for_city IS NOT DISTINCT FROM ? AND fiscal = ?"


def version_key(con: duckdb.DuckDBPyConnection) -> str:
    definitions = hashlib.sha256(repr(load_indicators()).encode("utf-8")).hexdigest()[:16]
    return json.dumps([list(store.data_version(con)), definitions])


def _read_kept(con, key: str, city: str | None, fiscal: bool) -> pd.DataFrame | None:
    if not con.execute(f"SELECT count(*) FROM kept_versions WHERE version = ? AND {SLICE}",
                       [key, city, fiscal]).fetchall()[0][0]:
        return None
    frame = con.execute(f"SELECT {', '.join(VALUE_COLUMNS)} FROM kept_values WHERE version = ? AND {SLICE} "
                        "ORDER BY position", [key, city, fiscal]).df()
    frame["year"] = frame["year"].astype(int)
    frame["district"] = frame["district"].astype(object).where(frame["district"].notna(), None)
    return frame


def kept_values(con: duckdb.DuckDBPyConnection, city: str | None, fiscal: bool = False) -> pd.DataFrame:
    """compute_values(con, city, by=("year", "district"), fiscal=fiscal), from the kept figures when they
    are of the current version; otherwise computed and kept (a read-only database just computes)."""
    con.execute("BEGIN TRANSACTION").fetchall()  # one snapshot: the version and what it is the version of
    try:
        key = version_key(con)
        found = _read_kept(con, key, city, fiscal)
        frame = found if found is not None else compute_values(con, city=city, by=("year", "district"), fiscal=fiscal)
    finally:
        con.execute("COMMIT").fetchall()
    if found is None:
        _keep(con, key, city, fiscal, frame)
    return frame


def keep(con: duckdb.DuckDBPyConnection, cities: set[str]) -> None:
    """After a write that changes figures: compute and keep them for these cities, both year bases."""
    for city in sorted(cities):
        for fiscal in (False, True):
            kept_values(con, city, fiscal)


def _keep(con, key: str, city: str | None, fiscal: bool, frame: pd.DataFrame) -> None:
    rows = frame.assign(version=key, for_city=city, fiscal=fiscal, position=range(len(frame)))
    try:
        with store.transaction(con):
            if version_key(con) != key or _read_kept(con, key, city, fiscal) is not None:
                return  # the data changed meanwhile, or another session kept them: keep nothing stale
            con.execute(f"DELETE FROM kept_values WHERE {SLICE}", [city, fiscal]).fetchall()
            con.execute(f"DELETE FROM kept_versions WHERE {SLICE}", [city, fiscal]).fetchall()
            store.insert_frame(con, "kept_values", rows)
            con.execute("INSERT INTO kept_versions VALUES (?, ?, ?, ?)", [key, city, fiscal, datetime.now()]).fetchall()
    except (duckdb.Error, LearningCityError):
        pass  # a read-only database or file: the figures are returned all the same, just not kept
