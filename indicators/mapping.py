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
import unicodedata
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from indicators.thai import thai_digits_to_ascii

RULES_DIR = Path(__file__).with_name("mapping_rules")
DEFAULT_CITY = "*"  # rows shipped with the app; a city's own rows replace them
MAPPING_COLUMNS = ["activity_key", "area_code", "feature_code", "rule", "rule_detail"]
RULE_ORDER = ("explicit_code", "category", "keyword")

DDL = """
CREATE TABLE IF NOT EXISTS category_map (
    city VARCHAR NOT NULL,            -- '*' = defaults shipped with the app
    category VARCHAR NOT NULL,
    category_norm VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    feature_code VARCHAR,
    version INTEGER NOT NULL DEFAULT 1,
    updated_by VARCHAR,
    updated_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS keyword_rules (
    city VARCHAR NOT NULL,
    keyword VARCHAR NOT NULL,
    keyword_norm VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    feature_code VARCHAR,
    language VARCHAR,
    version INTEGER NOT NULL DEFAULT 1,
    updated_by VARCHAR,
    updated_at TIMESTAMP
);
"""

_THAI = re.compile(r"[\u0e01-\u0e5b]")
_LEADING_VOWELS = r"\x{0e40}-\x{0e44}"  # เ แ โ ใ ไ: written before the consonant they follow
_FOLLOWING_MARKS = r"\x{0e31}\x{0e33}-\x{0e3a}\x{0e47}-\x{0e4e}"  # vowels above/below, tone marks
# The same text preparation in SQL (activity texts, many) and Python (keywords, few); keep them in step.
_SQL_TEXT = r"""regexp_replace(regexp_replace(lower(nfc_normalize(translate(coalesce({col}, ''),
    '๐๑๒๓๔๕๖๗๘๙', '0123456789'))), '\p{{Cf}}', '', 'g'), '[\p{{P}}\p{{S}}\p{{Z}}\p{{Cc}}\s]+', ' ', 'g')"""


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _normalise(value: object) -> str | None:
    if _is_missing(value):
        return None
    text = unicodedata.normalize("NFC", thai_digits_to_ascii(str(value))).casefold()
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")  # zero-width spaces, BOM
    return re.sub(r"\s+", " ", text).strip() or None


def normalise_category(series: pd.Series) -> pd.Series:
    """NFC, casefold, whitespace collapsed, Thai digits → ASCII: "Digital Skills " and
    "digital  skills" are one category. Works on distinct values, so long columns are cheap."""
    values = series.astype(object)
    lookup = {u: _normalise(u) for u in pd.unique(values.to_numpy()) if not _is_missing(u)}
    return values.map(lookup).astype("string")


def _keyword_norm(keyword: object) -> str | None:
    """A keyword prepared as the SQL prepares texts: punctuation and symbols → space (a final `*` kept)."""
    if _is_missing(keyword):
        return None
    text = unicodedata.normalize("NFC", thai_digits_to_ascii(str(keyword).strip())).lower()
    prefix = text.endswith("*")
    text = "".join("" if unicodedata.category(c) == "Cf" else " " if unicodedata.category(c)[0] in "PSZ"
                   or unicodedata.category(c) == "Cc" or c.isspace() else c for c in text.rstrip("*"))
    text = re.sub(r" +", " ", text).strip()
    return (text + "*" if prefix else text) or None


def _read_rules(name: str) -> pd.DataFrame:
    table = pd.read_csv(RULES_DIR / name, dtype=str, keep_default_na=False)
    table = table.apply(lambda column: column.str.strip())
    return table.replace("", None)


def load_default_category_table() -> pd.DataFrame:
    table = _read_rules("categories.csv")
    table["category_norm"] = normalise_category(table["category"])
    return table[["category", "category_norm", "area_code", "feature_code"]].reset_index(drop=True)


def load_default_keyword_rules() -> pd.DataFrame:
    rules = _read_rules("keywords.csv")
    rules["keyword_norm"] = rules["keyword"].map(_keyword_norm).astype("string")
    return rules[["keyword", "keyword_norm", "area_code", "feature_code", "language"]].reset_index(drop=True)


def _area_codes() -> set[str]:
    from indicators.framework import load_framework

    return set(load_framework().area_codes)


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
    return codes[codes["area_code"].isin(_area_codes())]


def _category_matches(frame: pd.DataFrame, category_table: pd.DataFrame) -> pd.DataFrame:
    table = category_table[["category", "area_code", "feature_code"]].copy()
    table["category_norm"] = normalise_category(table["category"])
    rows = frame.loc[frame["category_norm"].notna(), ["row_id", "category", "category_norm"]]
    matched = rows.merge(table.drop(columns="category").dropna(subset=["area_code"]), on="category_norm")
    return matched.assign(rule_detail=matched["category"].astype(str).str.strip())


def _keyword_matches(frame: pd.DataFrame, keyword_rules: pd.DataFrame) -> pd.DataFrame:
    """Keywords × distinct texts, joined in DuckDB: `contains` finds candidates, a regex applies the
    Thai syllable guard. English texts are padded with spaces so ' word ' means a whole word."""
    rules = keyword_rules[["keyword", "area_code", "feature_code"]].dropna(subset=["keyword", "area_code"]).copy()
    rules["keyword_norm"] = rules["keyword"].map(_keyword_norm)
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
    texts = frame[["row_id", "title", "category", "target_group"]]
    con = duckdb.connect()
    try:
        con.register("texts_in", texts)
        con.register("rules_in", rules[["rule_order", "keyword", "area_code", "feature_code", "thai", "needle",
                                        "guard"]])
        fields = " || ' | ' || ".join(_SQL_TEXT.format(col=c) for c in ("title", "category", "target_group"))
        return con.execute(f"""
            WITH combos AS (SELECT DISTINCT title, category, target_group FROM texts_in),
            prepared AS (
                SELECT title, category, target_group, ' ' || {fields} || ' ' AS text FROM combos),
            distinct_texts AS (
                SELECT text, replace(text, ' ', '') AS text_thai FROM prepared GROUP BY text),
            hits AS (
                SELECT d.text, r.* FROM distinct_texts d JOIN rules_in r
                ON contains(CASE WHEN r.thai THEN d.text_thai ELSE d.text END, r.needle)),
            guarded AS (  -- the Thai syllable guard, on the few candidate hits only
                SELECT * FROM hits WHERE NOT thai OR regexp_matches(replace(text, ' ', ''), guard)),
            best AS (  -- one keyword per text and area: the longest, then the first in the file
                SELECT * FROM guarded QUALIFY row_number() OVER (
                    PARTITION BY text, area_code ORDER BY length(needle) DESC, rule_order) = 1)
            SELECT t.row_id, b.area_code, b.feature_code, b.keyword AS rule_detail
            FROM texts_in t
            JOIN prepared p ON t.title IS NOT DISTINCT FROM p.title AND t.category IS NOT DISTINCT FROM p.category
                AND t.target_group IS NOT DISTINCT FROM p.target_group
            JOIN best b USING (text)
        """).df()
    finally:
        con.close()


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
    frame = activities.reindex(columns=[*keys, "title", "category", "target_group", "kf_code"]).reset_index(drop=True)
    for column in ("title", "category", "target_group", "kf_code"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    frame["row_id"] = range(len(frame))
    frame["category_norm"] = normalise_category(frame["category"])

    explicit = _explicit_matches(frame).assign(rule="explicit_code")
    remaining = frame[~frame["row_id"].isin(explicit["row_id"])]
    by_category = _category_matches(remaining, category_table).assign(rule="category")
    remaining = remaining[~remaining["row_id"].isin(by_category["row_id"])]
    by_keyword = _keyword_matches(remaining, keyword_rules).assign(rule="keyword")

    pieces = [p[["row_id", "area_code", "feature_code", "rule", "rule_detail"]]
              for p in (explicit, by_category, by_keyword) if not p.empty]
    if not pieces:
        return pd.DataFrame(columns=columns)
    mapped = pd.concat(pieces, ignore_index=True).merge(frame[["row_id", *keys]], on="row_id")
    mapped["rule_rank"] = mapped["rule"].map({r: i for i, r in enumerate(RULE_ORDER)})
    mapped = (mapped.sort_values(["row_id", "rule_rank", "area_code"], kind="stable")
              .drop_duplicates([*keys, "area_code"]))
    mapped = mapped[columns].reset_index(drop=True)
    for column in ("activity_key", "area_code", "feature_code", "rule", "rule_detail"):
        mapped[column] = mapped[column].astype("string")
    return mapped


def ensure_mapping_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the rule tables; load the shipped defaults (city '*') on first use, and again as a new
    version when the shipped CSV files have changed since."""
    con.execute(DDL).fetchall()
    now = datetime.now()
    for table, defaults, key in (("category_map", load_default_category_table(), "category_norm"),
                                 ("keyword_rules", load_default_keyword_rules(), "keyword_norm")):
        stored = _latest(con, table, DEFAULT_CITY, fallback=False)
        if _rule_set(stored, key) == _rule_set(defaults, key):
            continue
        version = int(stored["version"].max()) + 1 if not stored.empty else 1
        _insert(con, table, defaults.assign(city=DEFAULT_CITY, version=version, updated_at=now,
                                            updated_by="defaults"))


def _rule_set(frame: pd.DataFrame, key: str) -> set[tuple]:
    if frame.empty:
        return set()
    return set(frame[[key, "area_code", "feature_code"]].astype(object).where(frame[[key, "area_code",
               "feature_code"]].notna(), None).itertuples(index=False, name=None))


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    con.register("_mapping_rows", frame)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _mapping_rows").fetchall()
    finally:
        con.unregister("_mapping_rows")


def _latest(con: duckdb.DuckDBPyConnection, table: str, city: str, fallback: bool = True) -> pd.DataFrame:
    """The newest version of a city's rules; with `fallback`, the defaults when the city has none."""
    chosen = city
    if fallback:
        own = con.execute(f"SELECT count(*) FROM {table} WHERE city = ?", [city]).fetchall()[0][0]
        chosen = city if own else DEFAULT_CITY
    return con.execute(
        f"SELECT * FROM {table} WHERE city = ? AND version = (SELECT max(version) FROM {table} WHERE city = ?)",
        [chosen, chosen]).df()


def category_table_for(con: duckdb.DuckDBPyConnection, city: str) -> pd.DataFrame:
    """The city's own category table (newest version) if it has one, else the shipped defaults."""
    return _latest(con, "category_map", city)


def keyword_rules_for(con: duckdb.DuckDBPyConnection, city: str) -> pd.DataFrame:
    """The city's own keyword rules (newest version) if it has any, else the shipped defaults."""
    return _latest(con, "keyword_rules", city)


def remap_city(con: duckdb.DuckDBPyConnection, city: str) -> int:
    """Recompute every activity's areas for a city after its rules changed: DELETE then INSERT whole
    frames. Runs inside the caller's transaction (it neither begins nor commits). Returns rows written."""
    activities = con.execute(
        "SELECT upload_id, activity_key, title, category, target_group, kf_code FROM activities WHERE city = ?",
        [city]).df()
    con.execute("DELETE FROM activity_areas WHERE city = ?", [city]).fetchall()
    if activities.empty:
        return 0
    mapped = map_activities(activities, category_table_for(con, city), keyword_rules_for(con, city))
    if mapped.empty:
        return 0
    _insert(con, "activity_areas", mapped.assign(city=city))
    return len(mapped)


def unmapped_activities(con: duckdb.DuckDBPyConnection, city: str) -> pd.DataFrame:
    """Activities no rule could place, grouped by title and category: how many rows and events.
    (activity_areas, not its view: for a live activity the two hold the same links, and the table is
    scanned without joining the live uploads a second time.)"""
    return con.execute(
        """
        SELECT title, category, count(*) AS n, sum(events) AS events, min(year) AS first_year, max(year) AS last_year
        FROM v_activities a ANTI JOIN activity_areas m USING (upload_id, activity_key)
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
            SELECT DISTINCT m.rule, m.area_code, a.upload_id, a.activity_key, a.events
            FROM activity_areas m JOIN v_activities a USING (upload_id, activity_key)
            WHERE a.city = $city),
        per_rule AS (SELECT DISTINCT rule, upload_id, activity_key, events FROM mapped),
        unmapped AS (
            SELECT a.events FROM v_activities a ANTI JOIN activity_areas m USING (upload_id, activity_key)
            WHERE a.city = $city)
        SELECT rule, area_code, count(*) AS activities, sum(events) AS events FROM mapped GROUP BY ALL
        UNION ALL
        SELECT rule, NULL, count(*), sum(events) FROM per_rule GROUP BY ALL
        UNION ALL
        SELECT 'unmapped', NULL, count(*), coalesce(sum(events), 0) FROM unmapped
        ORDER BY CASE rule WHEN 'explicit_code' THEN 1 WHEN 'category' THEN 2 WHEN 'keyword' THEN 3 ELSE 4 END,
                 area_code NULLS FIRST
        """, {"city": city}).df()


def _prepared_rules(category_table: pd.DataFrame | None, keyword_rules: pd.DataFrame | None
                    ) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """Edited rule tables (category/keyword, area_code, feature_code) checked and normalised.
    Raises ValueError naming the first bad row."""
    areas = _area_codes()
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
            frame["category_norm"] = normalise_category(frame["category"])
            frame = frame.drop(columns=["language"]).drop_duplicates(["category_norm", "area_code", "feature_code"])
        else:
            frame["keyword_norm"] = frame["keyword"].map(_keyword_norm).astype("string")
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
        version = con.execute(f"SELECT coalesce(max(version), 0) + 1 FROM {table} WHERE city = ?",
                              [city]).fetchall()[0][0]
        _insert(con, table, frame.assign(city=city, version=version, updated_by=user, updated_at=now))
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
    return counts.reindex(sorted(_area_codes()), fill_value=0).rename_axis("area_code").reset_index()
