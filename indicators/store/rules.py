"""The mapping-rule tables (category_map, keyword_rules): versions per city, the shipped defaults kept
as city '*'. Each save is a new version; the newest version of a city's rules is the one in force."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from indicators.config.rules import load_default_category_table, load_default_keyword_rules
from indicators.store.connection import insert_frame

DEFAULT_CITY = "*"  # rows shipped with the app; a city's own rows replace them
RULE_TABLES = ("category_map", "keyword_rules")


def latest_rules(con: duckdb.DuckDBPyConnection, table: str, city: str, fallback: bool = True) -> pd.DataFrame:
    """The newest version of a city's rules; with `fallback`, the defaults when the city has none."""
    chosen = city
    if fallback:
        own = con.execute(f"SELECT count(*) FROM {table} WHERE city = ?", [city]).fetchall()[0][0]
        chosen = city if own else DEFAULT_CITY
    return con.execute(
        f"SELECT * FROM {table} WHERE city = ? AND version = (SELECT max(version) FROM {table} WHERE city = ?)",
        [chosen, chosen]).df()


def next_rule_version(con: duckdb.DuckDBPyConnection, table: str, city: str) -> int:
    return int(con.execute(f"SELECT coalesce(max(version), 0) + 1 FROM {table} WHERE city = ?",
                           [city]).fetchall()[0][0])


def seed_default_rules(con: duckdb.DuckDBPyConnection) -> None:
    """The shipped defaults (city '*') on first use, and again as a new version when the shipped CSV
    files have changed since."""
    now = datetime.now()
    for table, defaults, version in outdated_default_rules(con):
        insert_frame(con, table, defaults.assign(city=DEFAULT_CITY, version=version, updated_at=now,
                                                 updated_by="defaults"))


def outdated_default_rules(con: duckdb.DuckDBPyConnection) -> list[tuple[str, pd.DataFrame, int]]:
    """(table, shipped rules, their new version) for each rule table whose stored defaults differ from the
    shipped CSV files."""
    outdated = []
    for table, defaults, key in (("category_map", load_default_category_table(), "category_norm"),
                                 ("keyword_rules", load_default_keyword_rules(), "keyword_norm")):
        stored = latest_rules(con, table, DEFAULT_CITY, fallback=False)
        if _rule_set(stored, key) != _rule_set(defaults, key):
            outdated.append((table, defaults, int(stored["version"].max()) + 1 if not stored.empty else 1))
    return outdated


def _rule_set(frame: pd.DataFrame, key: str) -> set[tuple]:
    if frame.empty:
        return set()
    columns = frame[[key, "area_code", "feature_code"]]
    return set(columns.astype(object).where(columns.notna(), None).itertuples(index=False, name=None))
