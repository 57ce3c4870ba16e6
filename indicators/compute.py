"""Indicator values by year (and district), computed in DuckDB SQL from the definitions.

One aggregate query per indicator side and grouping; pandas only joins the small results. Statistics
are taken at city level when a city-wide figure exists for that year, otherwise summed over districts,
so a city total is never counted twice. A zero or missing denominator gives no value, not an error.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from indicators.definitions import IndicatorDef, Term, load_indicators

VALUE_COLUMNS = ["city", "indicator", "area", "year", "district", "value", "unit", "numerator", "denominator"]


def _period_column(term: Term, fiscal: bool) -> str:
    # Statistics are yearly; in a fiscal view FY N uses the statistics of calendar year N (where it ends).
    return "fiscal_year" if fiscal and term.table != "statistics" else "year"


def _area_filter(term: Term) -> str:
    if not term.area:
        return "TRUE"
    if term.table == "activities":
        return ("EXISTS (SELECT 1 FROM v_activity_areas m WHERE m.upload_id = t.upload_id "
                f"AND m.activity_key = t.activity_key AND m.area_code = '{term.area}')")
    return ("EXISTS (SELECT 1 FROM v_activity_areas m WHERE m.city = t.city "
            f"AND m.activity_key = t.activity_key AND m.area_code = '{term.area}')")


def _term_frame(con, term: Term, city: str | None, fiscal: bool, by_district: bool) -> pd.DataFrame:
    period = _period_column(term, fiscal)
    city_filter = "t.city = $city" if city else "TRUE"
    params = {"city": city} if city else {}
    where = f"({term.where}) AND {_area_filter(term)} AND {city_filter} AND t.{period} IS NOT NULL"
    if by_district:
        sql = (f"SELECT t.city, t.{period} AS year, t.district, {term.aggregate} AS value FROM v_{term.table} t "
               f"WHERE {where} AND t.district IS NOT NULL GROUP BY ALL")
    elif term.table == "statistics":
        sql = f"""
            WITH city_wide AS (SELECT t.city, t.year, {term.aggregate} AS value FROM v_statistics t
                               WHERE {where} AND t.district IS NULL GROUP BY ALL),
                 all_rows AS (SELECT t.city, t.year, {term.aggregate} AS value FROM v_statistics t
                              WHERE {where} GROUP BY ALL)
            SELECT a.city, a.year, NULL::VARCHAR AS district, coalesce(c.value, a.value) AS value
            FROM all_rows a LEFT JOIN city_wide c USING (city, year)"""
    else:
        sql = (f"SELECT t.city, t.{period} AS year, NULL::VARCHAR AS district, {term.aggregate} AS value "
               f"FROM v_{term.table} t WHERE {where} GROUP BY ALL")
    return con.execute(sql, params).df()


def _indicator_frame(con, indicator: IndicatorDef, city, fiscal: bool, by_district: bool) -> pd.DataFrame:
    numerator = _term_frame(con, indicator.numerator, city, fiscal, by_district)
    keys = ["city", "year", "district"]
    if indicator.denominator is None:
        frame = numerator.rename(columns={"value": "numerator"}).assign(denominator=None)
        frame["value"] = frame["numerator"].astype("float64") * indicator.factor
    else:
        denominator = _term_frame(con, indicator.denominator, city, fiscal, by_district)
        frame = numerator.rename(columns={"value": "numerator"}).merge(
            denominator.rename(columns={"value": "denominator"}), on=keys, how="left")
        denominator_values = frame["denominator"].astype("float64")
        frame["value"] = (indicator.factor * frame["numerator"].astype("float64")
                          / denominator_values.where(denominator_values > 0))
    return frame.assign(indicator=indicator.code, area=indicator.area, unit=indicator.unit_en)


def compute_values(con: duckdb.DuckDBPyConnection, city: str | None = None, by: tuple[str, ...] = ("year",),
                   fiscal: bool = False, codes: list[str] | None = None, years: tuple[int, int] | None = None,
                   indicators: list[IndicatorDef] | None = None) -> pd.DataFrame:
    """Every indicator's value per city and year; with by=("year", "district") also per district
    (the all-district rows, district None, are always included)."""
    chosen = [i for i in (indicators or load_indicators()) if not codes or i.code in codes]
    pieces = []
    for indicator in chosen:
        pieces.append(_indicator_frame(con, indicator, city, fiscal, by_district=False))
        if "district" in by:
            pieces.append(_indicator_frame(con, indicator, city, fiscal, by_district=True))
    pieces = [p for p in pieces if not p.empty]
    if not pieces:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    frame = pd.concat(pieces, ignore_index=True)[VALUE_COLUMNS]
    frame["year"] = frame["year"].astype(int)
    if years:
        frame = frame[frame["year"].between(*years)]
    frame["district"] = frame["district"].astype(object).where(frame["district"].notna(), None)
    return frame.sort_values(["indicator", "year", "district"], na_position="first", kind="stable").reset_index(drop=True)


def coverage(con: duckdb.DuckDBPyConnection, city: str, fiscal: bool = False) -> pd.DataFrame:
    """For each area and year: how many of its indicators have a value."""
    indicators = load_indicators()
    values = compute_values(con, city=city, fiscal=fiscal, indicators=indicators)
    values = values[values["value"].notna()]
    years = sorted(values["year"].unique()) if not values.empty else []
    from indicators.framework import load_framework

    rows = []
    for area in load_framework().areas:
        codes = {i.code for i in indicators if area.code in i.areas}
        for year in years:
            have = values.loc[(values["year"] == year) & values["indicator"].isin(codes), "indicator"].nunique()
            rows.append({"area": area.code, "year": int(year), "indicators_with_data": int(have),
                         "indicators_total": len(codes)})
    return pd.DataFrame(rows, columns=["area", "year", "indicators_with_data", "indicators_total"])


def disaggregate(con: duckdb.DuckDBPyConnection, city: str, dimension: str, fiscal: bool = False,
                 by_district: bool = False, area: str | None = None) -> pd.DataFrame:
    """Participants by sex, age band or group (per year, and district if asked), with each category's
    share of the participants whose category is known."""
    if dimension not in ("sex", "age", "group"):
        raise ValueError(f"dimension must be sex, age or group, not {dimension!r}")
    period = "fiscal_year" if fiscal else "year"
    district = "t.district" if by_district else "NULL::VARCHAR"
    area_filter = _area_filter(Term("participation", "sum(value)", area=area))
    frame = con.execute(
        f"""
        SELECT t.{period} AS year, {district} AS district, t.category, min(t.age_min) AS age_min,
               sum(t.value) AS value
        FROM v_participation t
        WHERE t.city = $city AND t.dimension = $dimension AND t.{period} IS NOT NULL AND {area_filter}
        GROUP BY ALL ORDER BY year, district, age_min NULLS LAST, category
        """, {"city": city, "dimension": dimension}).df()
    if dimension != "group":
        totals = frame.groupby(["year", "district"], dropna=False)["value"].transform("sum")
        frame["share_pct"] = 100 * frame["value"] / totals.where(totals > 0)
    return frame.drop(columns=["age_min"])
