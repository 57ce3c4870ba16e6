"""Indicator values by year (and district), computed in DuckDB SQL from the definitions.

`indicator_sql` is the reference: one statement per indicator (numerator and denominator aggregated and
joined inside DuckDB). `compute_values` gives the same rows faster: every term of every indicator is
aggregated in one scan per table, all scans in one statement (term_scan), and pandas only assembles the
small per-year result. The indicators read only the `v_*` views, so rolled-back and superseded uploads
never count.

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

import math

import duckdb
import pandas as pd

from indicators.config.framework import load_framework
from indicators.measure import term_scan
from indicators.measure.definitions import IndicatorDef, Term, load_indicators

VALUE_COLUMNS = ["city", "indicator", "area", "year", "district", "value", "unit", "numerator", "denominator"]
GROUPINGS = (("year",), ("year", "district"))


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
    period = term_scan.period_column(term.table, fiscal)
    table, counted = term_scan.counted_rows(term.table)
    conditions = [f"({term.where})", _area_filter(term), f"t.{period} IS NOT NULL", *counted]
    if city is not None:
        conditions.append("t.city = $city")
    if years is not None:
        conditions.append(f"t.{period} BETWEEN $year_from AND $year_to")
    where = " AND ".join(conditions)
    source = f"{table} t"
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

    Indicators whose terms are single aggregate calls (all shipped ones) are computed from one scan per
    table (term_scan); any other goes through its own statement (indicator_sql). Both give the same rows.
    """
    by = tuple(by)
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS}, not {by!r}")
    chosen = [i for i in (indicators if indicators is not None else load_indicators())
              if not codes or i.code in codes]
    params = _parameters(city, years)
    by_district = "district" in by
    scannable = [i for i in chosen if all(term_scan.scannable(t) for t in _terms(i))]
    others = [i for i in chosen if i not in scannable]
    frames = [_values_by_scan(con, scannable, fiscal, by_district, city, years, params),
              _values_one_by_one(con, others, fiscal, by_district, city, years, params)]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    frame = pd.concat(frames, ignore_index=True)[VALUE_COLUMNS]
    frame["year"] = frame["year"].astype(int)
    frame["district"] = frame["district"].astype(object).where(frame["district"].notna(), None)
    for column in ("value", "numerator", "denominator"):
        frame[column] = frame[column].astype(float)
    frame = frame.sort_values(["indicator", "year", "district", "city"], na_position="first", kind="stable")
    return frame.reset_index(drop=True)


def _significant(aggregate: float | None) -> float | None:
    """An aggregate to 15 significant digits. DuckDB adds floating-point numbers in parallel, in an order
    that varies from run to run, so a mean may come out as 4.1875 once and 4.187500000000001 the next;
    rounding the last digit away makes every run, the CLI, the pages and the exports print the same.
    Infinity and NaN (from a database written before values were bounded) are no figure: missing."""
    if aggregate is None or not math.isfinite(aggregate):
        return None
    return float(f"{aggregate:.15g}")


def _indicator_row(city: str, indicator: IndicatorDef, year: int, district: str | None,
                   numerator: float | None, denominator: float | None) -> tuple:
    """One result row; the value in the same order of operations as indicator_sql: factor × numerator,
    then ÷ denominator (NULL when the denominator is missing or zero)."""
    numerator, denominator = _significant(numerator), _significant(denominator)
    value = None if numerator is None else float(indicator.factor) * numerator
    if indicator.denominator is not None:
        value = None if value is None or not denominator else value / denominator
    if value is not None and not math.isfinite(value):  # a product of two huge finite numbers
        value = None
    return (city, indicator.code, indicator.area, year, district, value, indicator.unit_en, numerator, denominator)


def _terms(indicator: IndicatorDef) -> list[Term]:
    return [indicator.numerator] + ([indicator.denominator] if indicator.denominator else [])


def _values_by_scan(con, indicators: list[IndicatorDef], fiscal: bool, by_district: bool, city, years,
                    params: dict) -> pd.DataFrame:
    """All the given indicators from one aggregate scan per table, assembled on the small results."""
    # Terms with an area filter scan their table apart (only they need the join to the activities' areas),
    # and so do terms that cannot be aggregated over pre-grouped rows (term_scan.grouped).
    terms_by_scan: dict[tuple[str, bool, bool], list[Term]] = {}
    for term in (t for i in indicators for t in _terms(i)):
        listed = terms_by_scan.setdefault(term_scan.scan_key(term), [])
        if term not in listed:  # many indicators share a term (e.g. all participants)
            listed.append(term)
    scans = term_scan.scan_all(con, terms_by_scan, fiscal, by_district, city, years, params)

    def values_of(term: Term, district_level: bool) -> dict:
        key = term_scan.scan_key(term)
        return term_scan.term_values(scans[key], term.table, terms_by_scan[key].index(term), district_level)

    rows = []
    for indicator in indicators:
        for district_level in (False, True) if by_district else (False,):
            numerators = values_of(indicator.numerator, district_level)
            denominators = values_of(indicator.denominator, district_level) if indicator.denominator else {}
            rows.extend(_indicator_row(city_name, indicator, year, district, numerator,
                                       denominators.get((city_name, year, district)))
                        for (city_name, year, district), numerator in numerators.items())
    return pd.DataFrame(rows, columns=VALUE_COLUMNS)


def _values_one_by_one(con, indicators: list[IndicatorDef], fiscal: bool, by_district: bool, city, years,
                       params: dict) -> pd.DataFrame:
    """Indicators whose aggregate is not one call: each computed by its own statement."""
    parts = []
    for indicator in indicators:
        literal = indicator.code.replace("'", "''")
        area = indicator.area.replace("'", "''")
        unit = indicator.unit_en.replace("'", "''")
        for district_level in (False, True) if by_district else (False,):
            parts.append(f"SELECT city, '{literal}' AS indicator, '{area}' AS area, year, district, value, "
                         f"'{unit}' AS unit, numerator, denominator "
                         f"FROM ({indicator_sql(indicator, fiscal, district_level, city, years)})")
    if not parts:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    by_code = {indicator.code: indicator for indicator in indicators}
    found = con.execute(" UNION ALL ".join(parts), params).fetchall()  # columns as in VALUE_COLUMNS
    return pd.DataFrame([_indicator_row(row[0], by_code[row[1]], row[3], row[4], row[7], row[8]) for row in found],
                        columns=VALUE_COLUMNS)


def coverage(con: duckdb.DuckDBPyConnection, city: str, fiscal: bool = False,
             indicators: list[IndicatorDef] | None = None, values: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each area and year: how many of its indicators have a value (an indicator evidencing two
    areas counts in both). `values` (from compute_values, city-wide rows used) saves computing again."""
    indicators = indicators if indicators is not None else load_indicators()
    if values is None:
        values = compute_values(con, city=city, fiscal=fiscal, indicators=indicators)
    values = values[values["value"].notna() & values["district"].isna()]
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
