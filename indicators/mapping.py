"""Which Key Features area each activity evidences, and why.

Precedence, highest first: (1) explicit codes written in the sheet (`kf_code`, "2.2" or "1.3;2.2");
(2) the category table (category name → area; shipped as `mapping_rules/categories.csv`, stored per
city in DuckDB); (3) keyword rules on title, category and target group (`mapping_rules/keywords.csv`).
An activity mapped by a higher rule is not mapped again by a lower one; one activity may evidence
several areas. Every row records the rule and the code, category or keyword that matched, so the UI
can say why an activity counts for an area.

How keywords match (the data files' conventions):
- English keywords match whole words ("read" does not hit "ready"); a trailing `*` makes a prefix
  ("volunteer*" hits "volunteers", "volunteering"). Punctuation counts as a space ("e-learning").
- Thai has no spaces between words, so a Thai keyword matches anywhere in the text, ignoring spaces.
  The price is false hits inside longer words: "แผน" (plan) is inside "แผนที่" (map) and "นวดแผนไทย"
  (Thai massage), "ครู" (teacher) inside "ครูบา" (a revered monk), "อาสา" inside "อาสาฬหบูชา". The
  shipped Thai keywords are therefore longer phrases ("แผนพัฒนา", "อบรมครู", "อาสาสมัคร"). One guard is
  built in: a Thai keyword never matches part of a syllable (a leading vowel before it, or a vowel or
  tone mark right after it), so "ครู" never hits "ครู่" (a moment).

Matching runs in an in-memory DuckDB over distinct texts, so a million activities cost seconds.
"""

from __future__ import annotations

import re
from datetime import datetime

import duckdb
import numpy as np
import pandas as pd

from indicators.base.text import category_keys, keyword_key, keyword_texts
from indicators.config.framework import area_codes
from indicators.store import area_masks
from indicators.store.connection import insert_frame
from indicators.store.rules import latest_rules, next_rule_version

MAPPING_COLUMNS = ["activity_key", "area_code", "feature_code", "rule", "rule_detail"]
RULE_ORDER = ("explicit_code", "category", "keyword")
TEXT_FIELDS = ("title", "category", "target_group")  # what keywords are looked for in
MAPPED_FIELDS = (*TEXT_FIELDS, "kf_code")  # all that decides an activity's areas

_THAI = re.compile(r"[\u0e01-\u0e5b]")
_LEADING_VOWELS = r"\x{0e40}-\x{0e44}"  # เ แ โ ใ ไ: written before the consonant they follow
_FOLLOWING_MARKS = r"\x{0e31}\x{0e33}-\x{0e3a}\x{0e47}-\x{0e4e}"  # vowels above/below, tone marks


def _explicit_matches(frame: pd.DataFrame) -> pd.DataFrame:
    """kf_code "1.3;2.2" → one row per code. A feature code ("2.2.1") gives its area and feature;
    codes outside the framework are ignored (the cleaner already reported them)."""
    rows = frame.loc[frame["kf_code"].notna(), ["row_id", "kf_code"]]
    if rows.empty:
        return pd.DataFrame(columns=["row_id", "area_code", "feature_code", "rule_detail"])
    codes = rows.assign(code=rows["kf_code"].astype(str).str.split(r"[;,\s]+", regex=True)).explode("code")
    codes = codes[codes["code"].fillna("").str.len() > 0]
    parts = codes["code"].str.split(".")
    codes = codes.assign(area_code=parts.str[:2].str.join("."),
                         feature_code=codes["code"].where(parts.str.len() == 3),
                         rule_detail=codes["code"])
    return codes[codes["area_code"].isin(set(area_codes()))]


def _category_matches(frame: pd.DataFrame, category_table: pd.DataFrame) -> pd.DataFrame:
    table = category_table[["category", "area_code", "feature_code"]].copy()
    table["category_norm"] = category_keys(table["category"])
    rows = frame.loc[frame["category_norm"].notna(), ["row_id", "category", "category_norm"]]
    matched = rows.merge(table.drop(columns="category").dropna(subset=["area_code"]), on="category_norm")
    return matched.assign(rule_detail=matched["category"].astype(str).str.strip())


def _keyword_matches(frame: pd.DataFrame, keyword_rules: pd.DataFrame) -> pd.DataFrame:
    """Keywords × distinct texts, joined in DuckDB: `contains` finds candidates, a regex applies the
    Thai syllable guard. English texts are padded with spaces so ' word ' means a whole word."""
    rules = keyword_rules[["keyword", "area_code", "feature_code"]].dropna(subset=["keyword", "area_code"]).copy()
    rules["keyword_norm"] = rules["keyword"].map(keyword_key)
    rules = rules.dropna(subset=["keyword_norm"]).reset_index(drop=True)
    if rules.empty or frame.empty:
        return pd.DataFrame(columns=["row_id", "area_code", "feature_code", "rule_detail"])
    rules["rule_order"] = range(len(rules))
    rules["thai"] = rules["keyword_norm"].str.contains(_THAI)
    stem = rules["keyword_norm"].str.rstrip("*")
    rules["needle"] = stem.where(rules["thai"], " " + stem + " ")
    prefix = rules["keyword_norm"].str.endswith("*") & ~rules["thai"]
    rules.loc[prefix, "needle"] = " " + stem[prefix]
    rules.loc[rules["thai"], "needle"] = stem[rules["thai"]].str.replace(" ", "", regex=False)
    rules["guard"] = [f"(^|[^{_LEADING_VOWELS}]){re.escape(n)}($|[^{_FOLLOWING_MARKS}])" if thai else None
                      for n, thai in zip(rules["needle"], rules["thai"])]
    texts = pd.DataFrame({"row_id": frame["row_id"], "text": _keyword_text(frame)})
    con = duckdb.connect()
    try:
        con.register("texts_in", texts)
        con.register("rules_in", rules[["rule_order", "keyword", "area_code", "feature_code", "thai", "needle",
                                        "guard"]])
        return con.execute("""
            WITH distinct_texts AS (
                SELECT DISTINCT text, replace(text, ' ', '') AS text_thai FROM texts_in),
            hits AS (
                SELECT d.text, r.* FROM distinct_texts d JOIN rules_in r
                ON contains(CASE WHEN r.thai THEN d.text_thai ELSE d.text END, r.needle)),
            guarded AS (  -- the Thai syllable guard, on the few candidate hits only
                SELECT * FROM hits WHERE NOT thai OR regexp_matches(replace(text, ' ', ''), guard)),
            best AS (  -- one keyword per text and area: the longest, then the first in the file
                SELECT * FROM guarded QUALIFY row_number() OVER (
                    PARTITION BY text, area_code ORDER BY length(needle) DESC, rule_order) = 1)
            SELECT t.row_id, b.area_code, b.feature_code, b.keyword AS rule_detail
            FROM texts_in t JOIN best b USING (text)
        """).df()
    finally:
        con.close()


def _keyword_text(frame: pd.DataFrame) -> pd.Series:
    """Title, category and target group as one text, each prepared as keywords are (text.keyword_texts,
    one call per distinct value), between spaces and " | " so a ' word ' cannot span two fields. Made once
    per distinct (title, category, target group): a register repeats them on many rows."""
    fields = pd.DataFrame({field: frame[field].astype(object).where(frame[field].notna(), "").astype(str)
                           for field in TEXT_FIELDS}, index=frame.index)
    combination = fields.groupby(list(TEXT_FIELDS), sort=False).ngroup().to_numpy()  # numbered as first seen
    distinct = fields.drop_duplicates()  # the first of each, in the same order
    joined = pd.Series(" ", index=distinct.index, dtype=object)
    for position, field in enumerate(TEXT_FIELDS):
        values = distinct[field]
        texts = pd.unique(values.to_numpy())
        prepared = dict(zip(texts, keyword_texts(list(texts))))
        joined = joined + values.map(prepared) + (" | " if position < len(TEXT_FIELDS) - 1 else " ")
    return pd.Series(joined.to_numpy()[combination], index=frame.index, dtype=object)


def map_activities(activities: pd.DataFrame, category_table: pd.DataFrame, keyword_rules: pd.DataFrame) -> pd.DataFrame:
    """Activity → area rows with the rule that produced each (precedence in the module docstring).

    Returns activity_key, area_code, feature_code, rule, rule_detail — one row per activity and area.
    When `activities` also has `upload_id`, it is kept in the result and rows are deduplicated per
    (upload_id, activity_key, area), because the same activity code can recur in another upload.
    """
    keys = ["upload_id", "activity_key"] if "upload_id" in activities.columns else ["activity_key"]
    columns = [*keys, *MAPPING_COLUMNS[1:]]
    if activities.empty:
        return pd.DataFrame(columns=columns)
    fields = activities.reindex(columns=list(MAPPED_FIELDS)).reset_index(drop=True)
    combination, first_rows = _combinations(fields)
    by_combination = _map_distinct(fields.iloc[first_rows].reset_index(drop=True), category_table, keyword_rules)
    if by_combination.empty:
        return pd.DataFrame(columns=columns)
    rows = activities[keys].reset_index(drop=True).assign(row_id=range(len(activities)), combination=combination)
    mapped = rows.merge(by_combination, on="combination")
    mapped = (mapped.sort_values(["row_id", "rule_rank", "area_code"], kind="stable")
              .drop_duplicates([*keys, "area_code"]))
    mapped = mapped[columns].reset_index(drop=True)
    for column in ("activity_key", "area_code", "feature_code", "rule", "rule_detail"):
        mapped[column] = mapped[column].astype("string")
    return mapped


def _combinations(fields: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each row's distinct (title, category, target group, codes), numbered as first seen, and the first row
    of each: a row's areas depend on these alone, and a register repeats them on many rows."""
    codes = pd.DataFrame({name: pd.factorize(fields[name], use_na_sentinel=True)[0] for name in MAPPED_FIELDS})
    combination = codes.groupby(list(MAPPED_FIELDS), sort=False).ngroup().to_numpy()
    _, first_rows = np.unique(combination, return_index=True)
    return combination, first_rows


def _map_distinct(distinct: pd.DataFrame, category_table: pd.DataFrame, keyword_rules: pd.DataFrame) -> pd.DataFrame:
    """Areas of each distinct combination (its number is its row), by rule precedence, each area once."""
    frame = distinct.copy()
    for column in MAPPED_FIELDS:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    frame["row_id"] = range(len(frame))
    frame["category_norm"] = category_keys(frame["category"])

    explicit = _explicit_matches(frame).assign(rule="explicit_code")
    remaining = frame[~frame["row_id"].isin(explicit["row_id"])]
    by_category = _category_matches(remaining, category_table).assign(rule="category")
    remaining = remaining[~remaining["row_id"].isin(by_category["row_id"])]
    by_keyword = _keyword_matches(remaining, keyword_rules).assign(rule="keyword")

    pieces = [p[["row_id", "area_code", "feature_code", "rule", "rule_detail"]]
              for p in (explicit, by_category, by_keyword) if not p.empty]
    if not pieces:
        return pd.DataFrame()
    mapped = pd.concat(pieces, ignore_index=True).rename(columns={"row_id": "combination"})
    mapped["rule_rank"] = mapped["rule"].map({r: i for i, r in enumerate(RULE_ORDER)})
    return mapped.sort_values(["combination", "rule_rank", "area_code"], kind="stable")


def category_table_for(con: duckdb.DuckDBPyConnection, city: str) -> pd.DataFrame:
    """The city's own category table (newest version) if it has one, else the shipped defaults."""
    return latest_rules(con, "category_map", city)


def keyword_rules_for(con: duckdb.DuckDBPyConnection, city: str) -> pd.DataFrame:
    """The city's own keyword rules (newest version) if it has any, else the shipped defaults."""
    return latest_rules(con, "keyword_rules", city)


def remap_city(con: duckdb.DuckDBPyConnection, city: str) -> int:
    """Recompute every activity's areas for a city after its rules changed: DELETE then INSERT whole
    frames. Runs inside the caller's transaction (it neither begins nor commits). Returns rows written."""
    activities = con.execute(
        "SELECT upload_id, activity_key, title, category, target_group, kf_code FROM activities WHERE city = ?",
        [city]).df()
    con.execute("DELETE FROM activity_areas WHERE city = ?", [city]).fetchall()
    mapped = map_activities(activities, category_table_for(con, city), keyword_rules_for(con, city)) \
        if not activities.empty else pd.DataFrame()
    if not mapped.empty:
        insert_frame(con, "activity_areas", mapped.assign(city=city))
    area_masks.refresh(con, "a.city = ?", [city])  # the rows that lost every mapping too
    return len(mapped)


def unmapped_activities(con: duckdb.DuckDBPyConnection, city: str) -> pd.DataFrame:
    """Activities no rule could place, grouped by title and category: how many rows and events.
    (activity_areas, not its view: for a live activity the two hold the same links, and the table is
    scanned without joining the live uploads a second time.)"""
    return con.execute(
        """
        SELECT title, category, count(*) AS n, sum(events) AS events, min(year) AS first_year, max(year) AS last_year
        FROM v_activities a ANTI JOIN activity_areas m USING (upload_id, activity_id)
        WHERE a.city = ?
        GROUP BY ALL ORDER BY n DESC, title, category
        """, [city]).df()


def mapping_report(con: duckdb.DuckDBPyConnection, city: str) -> pd.DataFrame:
    """Per rule and area: activities mapped and their events; plus one 'unmapped' line.

    Rows with area_code NULL are each rule's total, counting an activity once however many areas it
    evidences; those totals plus 'unmapped' add up to all the city's activities. Per-area rows overlap.
    """
    return con.execute(
        """
        WITH mapped AS (
            SELECT DISTINCT m.rule, m.area_code, a.upload_id, a.activity_id, a.events
            FROM activity_areas m JOIN v_activities a USING (upload_id, activity_id)
            WHERE a.city = $city),
        per_rule AS (SELECT DISTINCT rule, upload_id, activity_id, events FROM mapped),
        unmapped AS (
            SELECT a.events FROM v_activities a ANTI JOIN activity_areas m USING (upload_id, activity_id)
            WHERE a.city = $city)
        SELECT * FROM (
            SELECT rule, area_code, count(*) AS activities, sum(events) AS events FROM mapped GROUP BY ALL
            UNION ALL
            SELECT rule, NULL, count(*), sum(events) FROM per_rule GROUP BY ALL
            UNION ALL
            SELECT 'unmapped', NULL, count(*), coalesce(sum(events), 0) FROM unmapped)
        ORDER BY CASE rule WHEN 'explicit_code' THEN 1 WHEN 'category' THEN 2 WHEN 'keyword' THEN 3 ELSE 4 END,
                 area_code NULLS FIRST
        """, {"city": city}).df()


def _prepared_rules(category_table: pd.DataFrame | None, keyword_rules: pd.DataFrame | None
                    ) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """Edited rule tables (category/keyword, area_code, feature_code) checked and normalised.
    Raises ValueError naming the first bad row."""
    areas = set(area_codes())
    prepared = []
    for frame, text_column in ((category_table, "category"), (keyword_rules, "keyword")):
        if frame is None:
            prepared.append(None)
            continue
        frame = frame.reindex(columns=[text_column, "area_code", "feature_code", "language"]).copy()
        frame = frame[frame[text_column].notna() & frame[text_column].astype(str).str.strip().ne("")]
        frame[text_column] = frame[text_column].astype(str).str.strip()
        frame["feature_code"] = frame["feature_code"].where(frame["feature_code"].notna()
                                                            & frame["feature_code"].astype(str).str.strip().ne(""))
        bad = frame[~frame["area_code"].isin(areas)]
        if not bad.empty:
            raise ValueError(f"{text_column} {bad.iloc[0][text_column]!r}: area {bad.iloc[0]['area_code']!r} "
                             "is not an area of focus")
        if text_column == "category":
            frame["category_norm"] = category_keys(frame["category"])
            frame = frame.drop(columns=["language"]).drop_duplicates(["category_norm", "area_code", "feature_code"])
        else:
            frame["keyword_norm"] = frame["keyword"].map(keyword_key).astype("string")
            frame = frame.drop_duplicates(["keyword_norm", "area_code", "feature_code"])
        prepared.append(frame.reset_index(drop=True))
    return prepared[0], prepared[1]


def save_rules(con: duckdb.DuckDBPyConnection, city: str, category_table: pd.DataFrame | None = None,
               keyword_rules: pd.DataFrame | None = None, user: str | None = None) -> dict[str, int]:
    """Store edited rules as the city's new version (older versions stay as history). Runs inside the
    caller's transaction; call remap_city afterwards. Returns the version written per table."""
    categories, keywords = _prepared_rules(category_table, keyword_rules)
    versions = {}
    now = datetime.now()
    for table, frame in (("category_map", categories), ("keyword_rules", keywords)):
        if frame is None:
            continue
        version = next_rule_version(con, table, city)
        insert_frame(con, table, frame.assign(city=city, version=version, updated_by=user, updated_at=now))
        versions[table] = int(version)
    return versions


def preview_rule_change(con: duckdb.DuckDBPyConnection, city: str, category_table: pd.DataFrame | None = None,
                        keyword_rules: pd.DataFrame | None = None) -> pd.DataFrame:
    """How edited rules would move the city's live activities between areas, before saving: per area,
    activities evidencing it now and after, how many it gains and loses. Writes nothing."""
    categories, keywords = _prepared_rules(category_table, keyword_rules)
    current = (category_table_for(con, city), keyword_rules_for(con, city))
    proposed = (categories if categories is not None else current[0], keywords if keywords is not None else current[1])
    activities = con.execute(
        "SELECT upload_id, activity_key, title, category, target_group, kf_code FROM v_activities WHERE city = ?",
        [city]).df()
    keys = ["upload_id", "activity_key", "area_code"]
    before = map_activities(activities, *current)[keys].drop_duplicates()
    after = map_activities(activities, *proposed)[keys].drop_duplicates()
    both = before.merge(after, how="outer", on=keys, indicator=True)
    counts = (both.assign(before=both["_merge"].ne("right_only"), after=both["_merge"].ne("left_only"),
                          gained=both["_merge"].eq("right_only"), lost=both["_merge"].eq("left_only"))
              .groupby("area_code")[["before", "after", "gained", "lost"]].sum().astype(int))
    return counts.reindex(sorted(set(area_codes())), fill_value=0).rename_axis("area_code").reset_index()
