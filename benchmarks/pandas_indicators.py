"""The baseline for the indicator benchmark: every shipped indicator, by year and by year × district, in
pandas — the same definitions (read from indicator_definitions.yaml), the same rules (statistics city-wide
when given, else summed over districts; a group only where some row meets the condition; a zero or missing
denominator gives no value), on the same live rows fetched from the views. Each shipped condition is
written once more as a pandas mask; an indicator with a condition not listed here stops the benchmark,
so the baseline can never quietly compute fewer indicators than ours.
"""
from __future__ import annotations

import math

import pandas as pd

FETCH = {
    "activities": "SELECT upload_id, activity_id, district, year, mode, events, hours, budget, partner FROM v_activities",
    "participation": "SELECT activity_id, city, district, year, dimension, category, age_min, value FROM v_participation",
    "outcomes": "SELECT activity_id, district, year, measure, value FROM v_outcomes",
    "statistics": "SELECT district, year, measure, sex, age_min, age_max, value, breakdown, level, period_start "
                  "FROM v_statistics",
    "areas": "SELECT upload_id, activity_id, area_code FROM v_activity_areas",
}
GROUPS = ("disability", "ethnic_minority", "migrant", "low_income")


def fetch(con, city: str) -> dict[str, pd.DataFrame]:
    return {name: con.execute(f"{sql} WHERE city = ?", [city]).df() for name, sql in FETCH.items()}


def _same_rows_as(frame: pd.DataFrame, other: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Rows of `frame` whose keys appear in `other` (NaN matching NaN, as the SQL row comparison does)."""
    found = frame[keys].merge(other[keys].drop_duplicates(), how="left", on=keys, indicator=True)
    return pd.Series(found["_merge"].eq("both").to_numpy(), index=frame.index)


def _linked(measure: str, other: str):
    def mask(f: pd.DataFrame) -> pd.Series:
        return f["measure"].eq(measure) & f["activity_id"].isin(f.loc[f["measure"].eq(other), "activity_id"].dropna())
    return mask


def _population(age_min):
    def mask(f: pd.DataFrame) -> pd.Series:
        age = f["age_min"].isna() if age_min is None else f["age_min"].eq(age_min)
        return f["measure"].eq("population") & f["sex"].isna() & age & f["age_max"].isna()
    return mask


def _measure(measure: str):
    return lambda f: f["measure"].eq(measure)


CONDITIONS = {
    "TRUE": lambda f: pd.Series(True, index=f.index),
    "mode IN ('online', 'hybrid')": lambda f: f["mode"].isin(["online", "hybrid"]),
    "mode IS NOT NULL": lambda f: f["mode"].notna(),
    "partner IS NOT NULL": lambda f: f["partner"].notna(),
    "dimension = 'total'": lambda f: f["dimension"].eq("total"),
    "dimension = 'sex'": lambda f: f["dimension"].eq("sex"),
    "dimension = 'sex' AND category = 'female'": lambda f: f["dimension"].eq("sex") & f["category"].eq("female"),
    "dimension = 'sex' AND category = 'male'": lambda f: f["dimension"].eq("sex") & f["category"].eq("male"),
    "dimension = 'age'": lambda f: f["dimension"].eq("age"),
    "dimension = 'age' AND age_min >= 60": lambda f: f["dimension"].eq("age") & f["age_min"].ge(60),
    "dimension = 'group' AND category IN ('disability', 'ethnic_minority', 'migrant', 'low_income')":
        lambda f: f["dimension"].eq("group") & f["category"].isin(GROUPS),
    "dimension = 'total' AND (t.activity_id, t.city, t.year, t.district) IN (SELECT (activity_id, city, year, district) "
    "FROM v_participation WHERE dimension = 'group')":
        lambda f: f["dimension"].eq("total") & _same_rows_as(f, f[f["dimension"].eq("group")],
                                                              ["activity_id", "city", "year", "district"]),
    "measure = 'satisfaction'": lambda f: f["measure"].eq("satisfaction"),
    **{f"measure = '{a}' AND t.activity_id IN (SELECT activity_id FROM v_outcomes WHERE measure = '{b}')": _linked(a, b)
       for a, b in (("completed", "employed_after"), ("completed", "enrolled"), ("employed_after", "completed"),
                    ("enrolled", "completed"))},
    "measure = 'population' AND sex IS NULL AND age_min IS NULL AND age_max IS NULL": _population(None),
    "measure = 'population' AND sex IS NULL AND age_min = 60 AND age_max IS NULL": _population(60),
    **{f"measure = '{m}'": _measure(m)
       for m in ("internet_households_pct", "learning_city_plan_meetings", "learning_spaces",
                 "lifelong_learning_budget", "network_member_organisations")},
}


def _aggregate(rows: pd.DataFrame, keys: list[str], aggregate: str) -> pd.Series:
    function, column = aggregate.rstrip(")").split("(")
    grouped = rows.groupby(keys, dropna=False)
    if column.startswith("DISTINCT "):
        return grouped[column.split()[1]].nunique()
    if function == "avg":
        return grouped[column].mean()
    return grouped[column].sum(min_count=1)


def _counted_statistics(statistics: pd.DataFrame) -> pd.DataFrame:
    """Areas only (no region or nation row), parts only where the file gave no whole (term_scan.counted_rows)."""
    figure = ["measure", "year", "district", "sex", "age_min", "age_max", "period_start"]
    whole = statistics["breakdown"].isna().groupby([statistics[c] for c in figure], dropna=False).transform("any")
    return statistics[statistics["level"].isna() & (statistics["breakdown"].isna() | ~whole)]


def _term(frames: dict, term, by_district: bool) -> pd.Series:
    table = frames["statistics"] if term.table == "statistics" else frames[term.table]
    rows = table[CONDITIONS[term.where](table)]
    if term.area:
        mapped = frames["areas"][frames["areas"]["area_code"].eq(term.area)]
        if term.table == "activities":
            rows = rows[_same_rows_as(rows, mapped, ["upload_id", "activity_id"])]
        else:
            rows = rows[rows["activity_id"].isin(mapped["activity_id"])]
    if by_district:
        return _aggregate(rows[rows["district"].notna()], ["year", "district"], term.aggregate)
    if term.table != "statistics":
        return _aggregate(rows, ["year"], term.aggregate)
    city_wide = _aggregate(rows[rows["district"].isna()], ["year"], term.aggregate)
    summed = _aggregate(rows[rows["district"].notna()], ["year"], term.aggregate)
    return pd.concat([summed[~summed.index.isin(city_wide.index)], city_wide])


def pandas_values(frames: dict[str, pd.DataFrame], indicators) -> pd.DataFrame:
    frames = {**frames, "statistics": _counted_statistics(frames["statistics"])}
    out = []
    for indicator in indicators:
        for by_district in (False, True):
            numerator = _term(frames, indicator.numerator, by_district)
            value = float(indicator.factor) * numerator.astype(float)
            if indicator.denominator is not None:
                denominator = _term(frames, indicator.denominator, by_district).astype(float)
                value = value / denominator.reindex(numerator.index).where(lambda d: d != 0)
            frame = value.rename("value").reset_index()
            if not by_district:
                frame["district"] = None
            out.append(frame.assign(indicator=indicator.code))
    return pd.concat(out, ignore_index=True)[["indicator", "year", "district", "value"]]


def differences(ours: pd.DataFrame, theirs: pd.DataFrame) -> int:
    """How many (indicator, year, district) figures differ beyond the last of 12 significant digits, or
    exist on one side only."""
    def figures(frame):
        return {(r.indicator, int(r.year), r.district if isinstance(r.district, str) else None):
                None if r.value is None or (isinstance(r.value, float) and math.isnan(r.value)) else float(r.value)
                for r in frame.itertuples()}
    mine, other = figures(ours), figures(theirs)
    differing = set(mine) ^ set(other)
    for key in set(mine) & set(other):
        a, b = mine[key], other[key]
        if (a is None) != (b is None) or (a is not None and not math.isclose(a, b, rel_tol=1e-12, abs_tol=0)):
            differing.add(key)
    return len(differing)
