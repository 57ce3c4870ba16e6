"""The single-scan engine (term_scan) gives exactly the rows of the per-indicator reference statements."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from indicators.measure import term_scan
from indicators.measure.compute import VALUE_COLUMNS, compute_values, indicator_sql
from indicators.measure.definitions import Term, load_indicators, parse_indicator
from tests.test_indicators import CITY, GOOD, activity, insert, outcome, people, seed, stat, upload, value


def reference_values(con, city=None, by=("year",), fiscal=False, years=None, indicators=None) -> pd.DataFrame:
    """One statement per indicator and grouping (compute.indicator_sql), as the engine did before."""
    params = {"city": city} if city is not None else {}
    if years is not None:
        params.update(year_from=years[0], year_to=years[1])
    frames = []
    for indicator in indicators or load_indicators():
        for by_district in (False, True) if "district" in by else (False,):
            frame = con.execute(indicator_sql(indicator, fiscal, by_district, city, years), params).df()
            frames.append(frame.assign(indicator=indicator.code, area=indicator.area, unit=indicator.unit_en))
    frame = pd.concat(frames, ignore_index=True)[VALUE_COLUMNS]
    frame["district"] = frame["district"].astype(object).where(frame["district"].notna(), None)
    return frame.sort_values(["indicator", "year", "district", "city"], na_position="first").reset_index(drop=True)


def rich_database(con) -> None:
    """Two cities, city-wide and district statistics, areas, outcomes, groups, a superseded year and a
    rolled-back upload: every rule the indicators share gets exercised."""
    seed(con, city_wide_population=True)
    upload(con, 3, source="other", city="Other City")
    upload(con, 4, source="s", status="rolled_back")
    upload(con, 5, source="late")
    other = {**activity("o1", date(2023, 5, 1), "East", events=7, upload_id=3), "city": "Other City"}
    insert(con, "activities", [other, activity("x1", date(2023, 6, 1), "North", events=99, upload_id=4),
                               activity("a4", date(2022, 12, 1), None, events=2, upload_id=5, partner="Temple")])
    insert(con, "participation", [{**row, "city": "Other City"} for row in people("o1", date(2023, 5, 1), "East", 40, 10, upload_id=3)]
           + people("x1", date(2023, 6, 1), "North", 500, 250, upload_id=4)
           + people("a4", date(2022, 12, 1), None, 12, 6, upload_id=5)
           + [{"upload_id": 1, "city": CITY, "activity_key": "a1", "district": "North", "year": 2023, "fiscal_year": 2023,
               "dimension": "group", "category": "disability", "value": 4},
              {"upload_id": 1, "city": CITY, "activity_key": "a1", "district": "North", "year": 2023, "fiscal_year": 2023,
               "dimension": "age", "category": "60+", "age_min": 60, "value": 9}])
    insert(con, "outcomes", [outcome("a1", date(2023, 3, 1), "North", "enrolled", 30),
                             outcome("a1", date(2023, 3, 1), "North", "completed", 24),
                             outcome("a3", date(2024, 2, 1), "North", "completed", 10),
                             outcome("a1", date(2023, 3, 1), "North", "employed_after", 6),
                             outcome("a2", date(2023, 11, 5), "South", "satisfaction", 4.5)])
    insert(con, "statistics", [stat(2023, None, 5, measure="learning_spaces"), stat(2023, "North", 3, measure="learning_spaces"),
                               stat(2024, "South", 2, measure="learning_spaces"),
                               stat(2023, None, 70.5, measure="internet_households_pct"),
                               stat(2023, "North", 400, age_min=60),
                               # never added: the nation beside the areas, and parts of a whole that is given
                               stat(2023, "Thailand", 66_000_000, level="nation"),
                               stat(2023, "North", 600, breakdown="Thai nationality"),
                               stat(2023, "North", 400, breakdown="other nationality")])
    insert(con, "activity_areas", [
        {"upload_id": 1, "city": CITY, "activity_key": "a1", "area_code": "1.2", "rule": "category", "rule_detail": "x"},
        {"upload_id": 1, "city": CITY, "activity_key": "a1", "area_code": "2.3", "rule": "keyword", "rule_detail": "y"},
        {"upload_id": 5, "city": CITY, "activity_key": "a4", "area_code": "2.6", "rule": "category", "rule_detail": "z"},
        {"upload_id": 4, "city": CITY, "activity_key": "x1", "area_code": "2.6", "rule": "category", "rule_detail": "z"}])
    insert(con, "activities", [activity("a5", date(2024, 3, 1), "South", events=4, upload_id=5)])
    insert(con, "participation", people("a5", date(2024, 3, 1), "South", 8, 3, upload_id=5))
    con.execute("INSERT INTO superseded VALUES (1, 2024, 5)").fetchall()  # upload 5 replaces 1's 2024


@pytest.mark.parametrize("city", [CITY, None])
@pytest.mark.parametrize("by", [("year",), ("year", "district")])
@pytest.mark.parametrize("fiscal", [False, True])
@pytest.mark.parametrize("years", [None, (2023, 2023)])
def test_single_scan_equals_the_reference_statements(mem, city, by, fiscal, years):
    rich_database(mem)
    ours = compute_values(mem, city, by=by, fiscal=fiscal, years=years)
    reference = reference_values(mem, city, by=by, fiscal=fiscal, years=years)
    assert len(ours) >= 15 and ours["value"].notna().sum() >= 10  # the database really exercises them
    pd.testing.assert_frame_equal(ours, reference, check_dtype=False)


def test_a_compound_aggregate_goes_through_its_own_statement(mem):
    rich_database(mem)
    compound = parse_indicator({
        "code": "hours_and_events", "name_en": "Hours and events", "name_th": "ชั่วโมงและครั้ง", "unit_en": "n",
        "unit_th": "n", "direction": "higher", "areas": ["2.6"],
        "numerator": {"table": "activities", "aggregate": "sum(hours) + sum(events)"}})
    indicators = [compound, *load_indicators()[:3]]
    ours = compute_values(mem, CITY, by=("year", "district"), indicators=indicators)
    reference = reference_values(mem, CITY, by=("year", "district"), indicators=indicators)
    pd.testing.assert_frame_equal(ours, reference, check_dtype=False)
    assert set(ours["indicator"]) == {i.code for i in indicators}


@pytest.mark.parametrize("aggregate, expected", [
    ("sum(events)", True), ("count(DISTINCT partner)", True), ("avg(coalesce(value, 0))", True),
    ("sum(hours) + sum(events)", False), ("sum(hours) / sum(events)", False), ("42", False),
])
def test_which_aggregates_take_a_filter_clause(aggregate, expected):
    assert term_scan.scannable(Term("activities", aggregate)) is expected


def test_statistics_count_neither_a_nation_row_nor_parts_beside_their_whole(mem):
    seed(mem)
    insert(mem, "statistics", [stat(2023, "Thailand", 66_000_000, level="nation"),
                               stat(2023, "North", 700, breakdown="Thai nationality"),
                               stat(2023, "North", 300, breakdown="other nationality"),
                               # parts with no whole: together they are the figure
                               stat(2024, "East", 200, breakdown="Thai nationality"),
                               stat(2024, "East", 100, breakdown="other nationality")])
    population = parse_indicator({**GOOD, "code": "population", "numerator": {
        "table": "statistics", "aggregate": "sum(value)", "where": "measure = 'population'"}})
    for compute in (lambda: compute_values(mem, CITY, by=("year", "district"), indicators=[population]),
                    lambda: reference_values(mem, CITY, by=("year", "district"), indicators=[population])):
        values = compute()
        assert value(values, "population", 2023) == 2000
        assert value(values, "population", 2023, "North") == 1000
        assert value(values, "population", 2024, "East") == 300
        assert value(values, "population", 2024) == 2800


@pytest.mark.parametrize("numerator", [
    {"table": "participation", "aggregate": "max(age_min)", "where": "dimension = 'age'"},
    {"table": "participation", "aggregate": "count(category)", "where": "dimension <> 'total'", "area": "1.2"},
    {"table": "activities", "aggregate": "count(*)", "where": "mode IS NULL OR hours > 1"},
    {"table": "activities", "aggregate": "min(budget)", "where": "partner IS NULL"},
    {"table": "statistics", "aggregate": "max(value)", "where": "measure = 'learning_spaces'"},
])
def test_terms_aggregated_over_pre_grouped_rows_equal_the_reference(mem, numerator):
    rich_database(mem)
    indicator = parse_indicator({**GOOD, "code": "grouped", "numerator": numerator})
    assert term_scan.grouped(indicator.numerator)
    for fiscal in (False, True):
        ours = compute_values(mem, None, by=("year", "district"), fiscal=fiscal, indicators=[indicator])
        reference = reference_values(mem, None, by=("year", "district"), fiscal=fiscal, indicators=[indicator])
        assert not ours.empty
        pd.testing.assert_frame_equal(ours, reference, check_dtype=False)
