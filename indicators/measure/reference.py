"""Reference series: a province, a region, the nation or the learning-city network, drawn beside the city
("Chiang Mai vs Thailand"). They are statistics stored with a `level` — declared when they are uploaded
(`ingest --level nation --area-name ประเทศไทย`, the Upload page's "these figures are for"), or read from
rows naming the nation or a region beside the areas — and are never added to the city's own figures
(term_scan counts `level IS NULL` only).

An indicator gets a reference value in two ways, both stated on the chart's table:
- *the same formula*: an indicator made only of statistics (internet access, learning spaces per 10,000
  residents, budget per resident) is computed from the reference area's statistics exactly as from the
  city's;
- *as published*: a reference statistic whose measure is the indicator's code (e.g. `participants_per_1000`
  from the network's report) is that indicator's value for the reference area.
The formula wins where both exist.
"""

from __future__ import annotations

import pandas as pd

from indicators.base.errors import LearningCityError
from indicators.measure import term_scan
from indicators.measure.definitions import IndicatorDef, Term, load_indicators

LEVELS = ("province", "region", "nation", "network")  # "city" is the city's own, level NULL
COLUMNS = ["indicator", "level", "area", "year", "value", "how"]


def check_level(level: str | None) -> str | None:
    """None/"city" for the city's own figures, else one of LEVELS (refused otherwise)."""
    if level in (None, "", "city"):
        return None
    if level not in LEVELS:
        raise LearningCityError(f"The level must be city, {', '.join(LEVELS)} — not {level!r}.",
                                f"ระดับต้องเป็น city, {', '.join(LEVELS)} ไม่ใช่ {level!r}", code="bad_level")
    return level


def _term_values(con, term: Term, city: str, years: tuple[int, int] | None) -> pd.DataFrame:
    source, conditions = term_scan.counted_rows("statistics")
    conditions = [c for c in conditions if "level IS NULL" not in c]
    where = " AND ".join([f"({term.where})", *conditions, "t.city = $city", "t.level IS NOT NULL",
                          "t.year BETWEEN $first AND $last" if years else "TRUE"])
    params = {"city": city} | ({"first": years[0], "last": years[1]} if years else {})
    return con.execute(f"SELECT t.level, coalesce(t.district, t.level) AS area, t.year, {term.aggregate} AS value "
                       f"FROM {source} t WHERE {where} GROUP BY ALL", params).df()


def _by_formula(con, indicator: IndicatorDef, city: str, years) -> pd.DataFrame:
    numerator = _term_values(con, indicator.numerator, city, years)
    if indicator.denominator is None:
        frame = numerator.assign(value=numerator["value"] * indicator.factor)
    else:
        denominator = _term_values(con, indicator.denominator, city, years)
        frame = numerator.merge(denominator, on=["level", "area", "year"], suffixes=("", "_d"))
        frame["value"] = (indicator.factor * frame["value"] / frame["value_d"].where(frame["value_d"] != 0))
        frame = frame.drop(columns=["value_d"])
    return frame.dropna(subset=["value"]).assign(indicator=indicator.code, how="formula")


def _as_published(con, codes: list[str], city: str, years) -> pd.DataFrame:
    if not codes:
        return pd.DataFrame(columns=COLUMNS)
    frame = con.execute(
        "SELECT measure AS indicator, level, coalesce(district, level) AS area, year, avg(value) AS value "
        "FROM v_statistics WHERE city = $city AND level IS NOT NULL AND measure IN (SELECT unnest($codes)) "
        "AND sex IS NULL AND age_min IS NULL AND breakdown IS NULL"
        + (" AND year BETWEEN $first AND $last" if years else "") + " GROUP BY ALL",
        {"city": city, "codes": codes} | ({"first": years[0], "last": years[1]} if years else {})).df()
    return frame.assign(how="published")


def reference_values(con, city: str, indicators: list[IndicatorDef] | None = None,
                     years: tuple[int, int] | None = None) -> pd.DataFrame:
    """Every reference area's value per indicator and year (columns COLUMNS; `how`: formula | published)."""
    indicators = indicators if indicators is not None else load_indicators()
    frames = [_by_formula(con, i, city, years) for i in indicators
              if all(t is None or t.table == "statistics" for t in (i.numerator, i.denominator))]
    frames.append(_as_published(con, [i.code for i in indicators], city, years))
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    frame = pd.concat(frames, ignore_index=True)[COLUMNS]
    frame["year"] = frame["year"].astype(int)
    # the formula wins over a published figure for the same indicator, area and year
    frame = frame.sort_values("how").drop_duplicates(["indicator", "level", "area", "year"], keep="first")
    return frame.sort_values(["indicator", "level", "area", "year"], ignore_index=True)
