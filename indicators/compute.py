"""Indicator values by year (and district), computed in DuckDB SQL from the definitions.

Each indicator is one SQL statement (numerator and denominator aggregated and joined inside DuckDB);
pandas only receives the small per-year result. The indicators read only the `v_*` views, so rolled-back
and superseded uploads never count.

Rules every indicator shares:
- Statistics at city level: for one city, year and measure, the city-wide rows (district NULL) are used
  when they exist, otherwise the district rows are summed — never both, so nothing is counted twice.
  By district, each district uses its own statistic.
- Participation and outcome rows carry their own district and year (copied at ingest); activities are
  joined only to apply an `area:` filter, through v_activity_areas.
- Fiscal view: activities, participation and outcomes are grouped by `fiscal_year`; statistics, which are
  yearly, come from the calendar year in which the fiscal year ends (FY N = Oct N-1 … Sep N → year N).
- A zero or missing denominator gives a NULL value, not an error.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from indicators.definitions import IndicatorDef, Term, load_indicators

VALUE_COLUMNS = ["city", "indicator", "area", "year", "district", "value", "unit", "numerator", "denominator"]
GROUPINGS = (("year",), ("year", "district"))
LIVE_VIEWS = ("v_activities", "v_participation", "v_outcomes", "v_statistics", "v_activity_areas")


def _period_column(term: Term, fiscal: bool) -> str:
    # Statistics are yearly; in a fiscal view FY N uses the statistics of calendar year N (where it ends).
    return "fiscal_year" if fiscal and term.table != "statistics" else "year"


def _area_filter(term: Term) -> str:
    if not term.area:
        return "TRUE"
    if term.table == "activities":  # the activity row itself: match exactly on its upload
        return ("EXISTS (SELECT 1 FROM v_activity_areas m WHERE m.upload_id = t.upload_id "
                f"AND m.activity_key = t.activity_key AND m.area_code = '{term.area}')")
    # People and outcomes often come in another file than the activity: link by city and activity code.
    return ("EXISTS (SELECT 1 FROM v_activity_areas m WHERE m.city = t.city "
            f"AND m.activity_key = t.activity_key AND m.area_code = '{term.area}')")


def _term_sql(term: Term, fiscal: bool, by_district: bool, city: str | None, years: tuple[int, int] | None) -> str:
    """SELECT city, year, district, value for one side of the fraction."""
    period = _period_column(term, fiscal)
    conditions = [f"({term.where})", _area_filter(term), f"t.{period} IS NOT NULL"]
    if city is not None:
        conditions.append("t.city = $city")
    if years is not None:
        conditions.append(f"t.{period} BETWEEN $year_from AND $year_to")
    where = " AND ".join(conditions)
    source = f"v_{term.table} t"
    if by_district:
        return (f"SELECT t.city, t.{period} AS year, t.district, {term.aggregate} AS value "
                f"FROM {source} WHERE {where} AND t.district IS NOT NULL GROUP BY ALL")
    if term.table == "statistics":
        return f"""
            SELECT coalesce(city_wide.city, all_rows.city) AS city, coalesce(city_wide.year, all_rows.year) AS year,
                   NULL::VARCHAR AS district,
                   CASE WHEN city_wide.year IS NOT NULL THEN city_wide.value ELSE all_rows.value END AS value
            FROM (SELECT t.city, t.year, {term.aggregate} AS value FROM {source}
                  WHERE {where} AND t.district IS NOT NULL GROUP BY ALL) AS all_rows
            FULL JOIN (SELECT t.city, t.year, {term.aggregate} AS value FROM {source}
                       WHERE {where} AND t.district IS NULL GROUP BY ALL) AS city_wide
            ON city_wide.city = all_rows.city AND city_wide.year = all_rows.year"""
    return (f"SELECT t.city, t.{period} AS year, NULL::VARCHAR AS district, {term.aggregate} AS value "
            f"FROM {source} WHERE {where} GROUP BY ALL")


def indicator_sql(indicator: IndicatorDef, fiscal: bool = False, by_district: bool = False,
                  city: str | None = None, years: tuple[int, int] | None = None) -> str:
    """The one statement that computes an indicator (parameters: $city, $year_from, $year_to as used)."""
    numerator = _term_sql(indicator.numerator, fiscal, by_district, city, years)
    factor = repr(float(indicator.factor))
    if indicator.denominator is None:
        return f"""
            SELECT n.city, n.year::INTEGER AS year, n.district, n.value::DOUBLE AS numerator,
                   NULL::DOUBLE AS denominator, {factor} * n.value::DOUBLE AS value
            FROM ({numerator}) AS n"""
    denominator = _term_sql(indicator.denominator, fiscal, by_district, city, years)
    return f"""
        SELECT n.city, n.year::INTEGER AS year, n.district, n.value::DOUBLE AS numerator,
               d.value::DOUBLE AS denominator,
               {factor} * n.value::DOUBLE / NULLIF(d.value::DOUBLE, 0) AS value
        FROM ({numerator}) AS n
        LEFT JOIN ({denominator}) AS d
          ON d.city = n.city AND d.year = n.year AND d.district IS NOT DISTINCT FROM n.district"""


def _parameters(city: str | None, years: tuple[int, int] | None) -> dict:
    params: dict = {}
    if city is not None:
        params["city"] = city
    if years is not None:
        params["year_from"], params["year_to"] = int(years[0]), int(years[1])
    return params


def compute_values(con: duckdb.DuckDBPyConnection, city: str | None = None, by: tuple[str, ...] = ("year",),
                   fiscal: bool = False, codes: list[str] | None = None, years: tuple[int, int] | None = None,
                   indicators: list[IndicatorDef] | None = None) -> pd.DataFrame:
    """Every indicator's value per city and year (fiscal years when `fiscal`).

    by=("year",): one row per city, indicator and year, district None.
    by=("year", "district"): those all-district rows plus one row per district (district's own figures).
    `codes` limits the indicators; `years` = (first, last) limits the years; `indicators` replaces the
    shipped definitions (e.g. `load_indicators(extra_yaml_paths)` for a city's own YAML).
    """
    by = tuple(by)
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS}, not {by!r}")
    chosen = [i for i in (indicators if indicators is not None else load_indicators())
              if not codes or i.code in codes]
    params = _parameters(city, years)
    parts = []
    for indicator in chosen:
        literal = indicator.code.replace("'", "''")
        area = indicator.area.replace("'", "''")
        unit = indicator.unit_en.replace("'", "''")
        for by_district in (False, True) if "district" in by else (False,):
            parts.append(f"SELECT city, '{literal}' AS indicator, '{area}' AS area, year, district, value, "
                         f"'{unit}' AS unit, numerator, denominator "
                         f"FROM ({indicator_sql(indicator, fiscal, by_district, city, years)})")
    if not parts:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    # One UNION ALL statement. The live-row views are read once each into CTEs of the same name (the
    # bare name inside the statement then means the CTE, `main.` the view), so the superseded/rolled-back
    # filter runs once per table instead of once per indicator side.
    body = " UNION ALL ".join(parts)
    live = []
    for view in LIVE_VIEWS:
        if view in body:
            city_filter = " WHERE city = $city" if city is not None else ""
            live.append(f"{view} AS MATERIALIZED (SELECT * FROM main.{view}{city_filter})")
    sql = (f"WITH {', '.join(live)} " if live else "") + body + " ORDER BY indicator, year, district NULLS FIRST, city"
    frame = con.execute(sql, params).df()[VALUE_COLUMNS]
    frame["year"] = frame["year"].astype(int)
    frame["district"] = frame["district"].astype(object).where(frame["district"].notna(), None)
    return frame.reset_index(drop=True)


def coverage(con: duckdb.DuckDBPyConnection, city: str, fiscal: bool = False,
             indicators: list[IndicatorDef] | None = None) -> pd.DataFrame:
    """For each area and year: how many of its indicators have a value (an indicator evidencing two
    areas counts in both)."""
    from indicators.framework import load_framework

    indicators = indicators if indicators is not None else load_indicators()
    values = compute_values(con, city=city, fiscal=fiscal, indicators=indicators)
    values = values[values["value"].notna()]
    years = sorted(int(y) for y in values["year"].unique())
    have = {(int(y), code) for y, code in zip(values["year"], values["indicator"])}
    rows = []
    for area in load_framework().areas:
        codes = [i.code for i in indicators if area.code in i.areas]
        for year in years:
            rows.append({"area": area.code, "year": year,
                         "indicators_with_data": sum((year, code) in have for code in codes),
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
