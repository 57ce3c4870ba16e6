"""Which Key Features area each activity evidences, and why.

Precedence, highest first: an explicit code written in the sheet ("2.2", "KF 2.3"); the category table
(category name → area, shipped as editable CSV, stored per city in DuckDB); keyword rules on title,
category and target group. An activity mapped by a higher rule is not mapped again by a lower one.
Every row records the rule and the code, category or keyword that matched, so the UI can say why an
activity counts for an area. Matching works on distinct texts, so a million activities cost as much
as their few thousand distinct titles.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from indicators.thai import thai_digits_to_ascii

RULES_DIR = Path(__file__).with_name("mapping_rules")
DEFAULT_CITY = "*"  # rows shipped with the app; a city's own rows replace them
MAPPING_COLUMNS = ["activity_key", "area_code", "feature_code", "rule", "rule_detail"]

DDL = """
CREATE TABLE IF NOT EXISTS category_map (
    city VARCHAR NOT NULL, category VARCHAR NOT NULL, category_norm VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL, feature_code VARCHAR, version INTEGER NOT NULL DEFAULT 1,
    updated_by VARCHAR, updated_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS keyword_rules (
    city VARCHAR NOT NULL, keyword VARCHAR NOT NULL, keyword_norm VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL, feature_code VARCHAR, language VARCHAR, version INTEGER NOT NULL DEFAULT 1,
    updated_by VARCHAR, updated_at TIMESTAMP
);
"""


def _normalise(text: object) -> str | None:
    if text is None or (isinstance(text, float) and pd.isna(text)) or text is pd.NA:
        return None
    value = unicodedata.normalize("NFC", thai_digits_to_ascii(str(text))).casefold()
    value = re.sub(r"[\u200b-\u200d\u2060\ufeff]", "", value)
    return re.sub(r"\s+", " ", value).strip() or None


def normalise_category(series: pd.Series) -> pd.Series:
    """"Digital Skills " and "digital  skills" are one category."""
    unique = pd.unique(series.astype(object).to_numpy())
    lookup = {u: _normalise(u) for u in unique if u is not None and not (isinstance(u, float) and pd.isna(u))}
    return series.astype(object).map(lookup).astype("string")


def load_default_category_table() -> pd.DataFrame:
    table = pd.read_csv(RULES_DIR / "categories.csv", dtype=str, keep_default_na=False)
    table["category_norm"] = normalise_category(table["category"])
    table["feature_code"] = table["feature_code"].replace("", None)
    return table[["category", "category_norm", "area_code", "feature_code"]]


def load_default_keyword_rules() -> pd.DataFrame:
    rules = pd.read_csv(RULES_DIR / "keywords.csv", dtype=str, keep_default_na=False)
    rules["keyword_norm"] = normalise_category(rules["keyword"])
    rules["feature_code"] = rules["feature_code"].replace("", None)
    return rules[["keyword", "keyword_norm", "area_code", "feature_code", "language"]]


def _keyword_pattern(keyword: str, language: str) -> str:
    """English keywords match whole words ("art" not in "start"); Thai has no spaces between words,
    so Thai keywords match anywhere — which is why the shipped Thai keywords are long ones."""
    escaped = re.escape(keyword)
    return escaped if language == "th" else rf"(?<![a-z]){escaped}(?![a-z])"


def map_activities(activities: pd.DataFrame, category_table: pd.DataFrame, keyword_rules: pd.DataFrame) -> pd.DataFrame:
    """Activity → area rows with the rule that produced each (see module docstring for precedence)."""
    if activities.empty:
        return pd.DataFrame(columns=MAPPING_COLUMNS)
    frame = activities[["activity_key"]].copy()
    for column in ("title", "category", "target_group", "kf_code"):
        frame[column] = activities.get(column, pd.NA)
    frame["category_norm"] = normalise_category(frame["category"])
    pieces = []
    explicit = frame[frame["kf_code"].notna()]
    if not explicit.empty:
        codes = explicit.assign(area_code=explicit["kf_code"].astype(str).str.split(";")).explode("area_code")
        pieces.append(codes.assign(feature_code=None, rule="explicit_code", rule_detail=codes["kf_code"]))
    rest = frame[frame["kf_code"].isna()]
    by_category = rest.merge(category_table[["category_norm", "area_code", "feature_code"]], on="category_norm")
    if not by_category.empty:
        pieces.append(by_category.assign(rule="category", rule_detail=by_category["category"]))
    rest = rest[~rest["activity_key"].isin(by_category["activity_key"])]
    if not rest.empty and not keyword_rules.empty:
        pieces.append(_keyword_matches(rest, keyword_rules))
    if not pieces:
        return pd.DataFrame(columns=MAPPING_COLUMNS)
    mapped = pd.concat([p[MAPPING_COLUMNS] for p in pieces if not p.empty], ignore_index=True)
    return mapped.drop_duplicates(["activity_key", "area_code"]).reset_index(drop=True)


def _keyword_matches(frame: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame:
    text = (frame["title"].fillna("").astype(str) + " | " + frame["category"].fillna("").astype(str) + " | "
            + frame["target_group"].fillna("").astype(str))
    keys = frame.assign(text=text.map(_normalise))
    distinct = pd.Series(keys["text"].dropna().unique(), dtype=object)
    found = []
    for rule in rules.itertuples(index=False):
        pattern = _keyword_pattern(rule.keyword_norm, getattr(rule, "language", "en") or "en")
        hits = distinct[distinct.str.contains(pattern, regex=True)]
        if not hits.empty:
            found.append(pd.DataFrame({"text": hits, "area_code": rule.area_code, "feature_code": rule.feature_code,
                                       "rule_detail": rule.keyword}))
    if not found:
        return pd.DataFrame(columns=MAPPING_COLUMNS)
    matches = pd.concat(found, ignore_index=True).drop_duplicates(["text", "area_code"])
    return keys[["activity_key", "text"]].merge(matches, on="text").assign(rule="keyword")


def ensure_mapping_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL).fetchall()
    if not con.execute("SELECT count(*) FROM category_map WHERE city = ?", [DEFAULT_CITY]).fetchall()[0][0]:
        now = datetime.now()
        _insert(con, "category_map", load_default_category_table().assign(city=DEFAULT_CITY, version=1, updated_at=now,
                                                                          updated_by="defaults"))
        _insert(con, "keyword_rules", load_default_keyword_rules().assign(city=DEFAULT_CITY, version=1, updated_at=now,
                                                                          updated_by="defaults"))


def _insert(con, table: str, frame: pd.DataFrame) -> None:
    con.register("_rules", frame)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _rules").fetchall()
    finally:
        con.unregister("_rules")


def _latest(con, table: str, city: str) -> pd.DataFrame:
    own = con.execute(f"SELECT count(*) FROM {table} WHERE city = ?", [city]).fetchall()[0][0]
    chosen = city if own else DEFAULT_CITY
    return con.execute(
        f"SELECT * FROM {table} WHERE city = ? AND version = (SELECT max(version) FROM {table} WHERE city = ?)",
        [chosen, chosen]).df()


def category_table_for(con, city: str) -> pd.DataFrame:
    return _latest(con, "category_map", city)


def keyword_rules_for(con, city: str) -> pd.DataFrame:
    return _latest(con, "keyword_rules", city)


def remap_city(con, city: str) -> int:
    """Recompute every activity's areas for a city (after the rules changed); call inside a transaction."""
    activities = con.execute(
        "SELECT upload_id, activity_key, title, category, target_group, kf_code FROM activities WHERE city = ?",
        [city]).df()
    con.execute("DELETE FROM activity_areas WHERE city = ?", [city]).fetchall()
    if activities.empty:
        return 0
    mapped = map_activities(activities, category_table_for(con, city), keyword_rules_for(con, city))
    mapped = mapped.merge(activities[["activity_key", "upload_id"]], on="activity_key").assign(city=city)
    _insert(con, "activity_areas", mapped)
    return len(mapped)


def unmapped_activities(con, city: str) -> pd.DataFrame:
    """Activities no rule could place, grouped by title and category, with how many rows and events."""
    return con.execute(
        """
        SELECT title, category, count(*) AS n, sum(events) AS events, min(year) AS first_year, max(year) AS last_year
        FROM v_activities a
        WHERE city = ? AND NOT EXISTS (
            SELECT 1 FROM v_activity_areas m WHERE m.upload_id = a.upload_id AND m.activity_key = a.activity_key)
        GROUP BY ALL ORDER BY n DESC, title
        """, [city]).df()


def mapping_report(con, city: str) -> pd.DataFrame:
    """Per rule and area: how many activities were mapped; plus one line for the unmapped."""
    return con.execute(
        """
        SELECT rule, area_code, count(DISTINCT activity_key) AS activities FROM v_activity_areas
        WHERE city = ? GROUP BY ALL
        UNION ALL
        SELECT 'unmapped', NULL, count(*) FROM v_activities a WHERE city = ? AND NOT EXISTS (
            SELECT 1 FROM v_activity_areas m WHERE m.upload_id = a.upload_id AND m.activity_key = a.activity_key)
        ORDER BY 1, 2
        """, [city, city]).df()
