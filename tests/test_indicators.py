"""Indicators as data computed in SQL: exact values on hand-made rows."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import yaml

from indicators.compute import compute_values, coverage
from indicators.definitions import DEFINITIONS_FILE, load_indicators
from indicators.store import insert_frame

CITY = "Calc City"


def upload(con, upload_id, source="s", status="committed"):
    insert_frame(con, "uploads", pd.DataFrame([{
        "upload_id": upload_id, "city": CITY, "source": source, "file_name": f"f{upload_id}.xlsx", "sha256": str(upload_id),
        "uploaded_at": datetime(2025, 1, 1), "status": status}]))


def activity(key, day, district, events=1, hours=2.0, upload_id=1, category=None):
    return {"upload_id": upload_id, "city": CITY, "activity_key": key, "activity_code": key, "title": key,
            "category": category, "district": district, "event_date": day, "year": day.year,
            "fiscal_year": day.year + (day.month >= 10), "events": events, "hours": hours}


def people(key, day, district, total, female=None, upload_id=1):
    rows = [{"upload_id": upload_id, "city": CITY, "activity_key": key, "district": district, "year": day.year,
             "fiscal_year": day.year + (day.month >= 10), "dimension": "total", "value": total}]
    if female is not None:
        rows.append({**rows[0], "dimension": "sex", "category": "female", "value": female})
        rows.append({**rows[0], "dimension": "sex", "category": "male", "value": total - female})
    return rows


def population(year, district, value, upload_id=2):
    return {"upload_id": upload_id, "city": CITY, "district": district, "year": year, "measure": "population",
            "value": value}


def seed(con, city_wide_population=False):
    upload(con, 1)
    upload(con, 2, source="population")
    insert_frame(con, "activities", pd.DataFrame([
        activity("a1", date(2023, 3, 1), "North", events=3, hours=6),
        activity("a2", date(2023, 11, 5), "South"),
        activity("a3", date(2024, 2, 1), "North", category="environment"),
    ]))
    insert_frame(con, "participation", pd.DataFrame(
        people("a1", date(2023, 3, 1), "North", 30, 20) + people("a2", date(2023, 11, 5), "South", 10, 4)
        + people("a3", date(2024, 2, 1), "North", 50, 25)))
    stats = [population(2023, "North", 1000), population(2023, "South", 1000),
             population(2024, "North", 1000), population(2024, "South", 1500)]
    if city_wide_population:
        stats.append(population(2024, None, 3000))
    insert_frame(con, "statistics", pd.DataFrame(stats))
    insert_frame(con, "activity_areas", pd.DataFrame([{"upload_id": 1, "city": CITY, "activity_key": "a3",
                                                       "area_code": "1.3", "rule": "category", "rule_detail": "environment"}]))


def value(frame, code, year, district=None):
    rows = frame[(frame["indicator"] == code) & (frame["year"] == year)]
    rows = rows[rows["district"].isna()] if district is None else rows[rows["district"] == district]
    return None if rows.empty else rows["value"].iloc[0]


def test_base_measures_and_per_capita_by_year_and_district(con):
    seed(con)
    values = compute_values(con, CITY, by=("year", "district"))
    assert value(values, "activities", 2023) == 4 and value(values, "activities", 2024) == 1
    assert value(values, "participants", 2023) == 40 and value(values, "participants_female", 2023) == 24
    assert value(values, "learning_hours", 2023) == 8
    assert value(values, "participants_per_1000", 2023) == 1000 * 40 / 2000
    assert value(values, "participants_per_1000", 2024) == 1000 * 50 / 2500
    assert value(values, "participants_per_1000", 2023, "North") == 1000 * 30 / 1000
    assert value(values, "participants_per_1000", 2024, "South") is None  # no participants there: no row
    assert value(values, "women_share", 2023) == 100 * 24 / 40


def test_city_wide_statistic_is_used_instead_of_the_district_sum(con):
    seed(con, city_wide_population=True)
    values = compute_values(con, CITY)
    assert value(values, "participants_per_1000", 2024) == 1000 * 50 / 3000  # not 50 / (3000 + 2500)
    assert value(values, "participants_per_1000", 2023) == 1000 * 40 / 2000


def test_area_filtered_numerator(con):
    seed(con)
    values = compute_values(con, CITY, codes=["environment_participants"])
    assert list(zip(values["year"], values["value"])) == [(2024, 50)]


def test_fiscal_and_calendar_views_differ_on_october_to_december(con):
    seed(con)
    calendar = compute_values(con, CITY, codes=["activities"])
    fiscal = compute_values(con, CITY, codes=["activities"], fiscal=True)
    assert dict(zip(calendar["year"], calendar["value"])) == {2023: 4, 2024: 1}
    assert dict(zip(fiscal["year"], fiscal["value"])) == {2023: 3, 2024: 2}  # a2 (Nov 2023) is FY 2024


def test_rolled_back_and_superseded_rows_are_excluded(con):
    seed(con)
    upload(con, 3, status="rolled_back")
    insert_frame(con, "activities", pd.DataFrame([activity("x", date(2023, 5, 1), "North", events=100, upload_id=3)]))
    insert_frame(con, "superseded", pd.DataFrame([{"upload_id": 1, "year": 2024, "by_upload_id": 9}]))
    values = compute_values(con, CITY, codes=["activities"])
    assert dict(zip(values["year"], values["value"])) == {2023: 4}


def test_an_indicator_added_by_data_alone_appears(con, tmp_path):
    seed(con)
    extra = tmp_path / "city.yaml"
    extra.write_text(yaml.safe_dump({"indicators": [{
        "code": "hours_per_activity", "name_en": "Hours per activity", "name_th": "ชั่วโมงต่อกิจกรรม",
        "unit_en": "hours", "unit_th": "ชั่วโมง", "direction": "higher", "areas": ["2.6"],
        "numerator": {"table": "activities", "aggregate": "sum(hours)"},
        "denominator": {"table": "activities", "aggregate": "sum(events)"}}]}, allow_unicode=True), encoding="utf-8")
    indicators = load_indicators((extra,))
    values = compute_values(con, CITY, indicators=indicators, codes=["hours_per_activity"])
    assert dict(zip(values["year"], values["value"])) == {2023: 8 / 4, 2024: 2 / 1}


def test_every_area_has_an_indicator_and_shipped_definitions_load():
    indicators = load_indicators()
    areas = {a for i in indicators for a in i.areas}
    assert areas == {"1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2", "3.3"}
    codes = {i.code for i in indicators}
    assert {"activities", "participants", "participants_female", "participants_male", "learning_hours"} <= codes
    assert DEFINITIONS_FILE.exists()


def test_sample_covers_every_area_every_year(con):
    from indicators.store import SAMPLE_CITY, ensure_sample_loaded

    ensure_sample_loaded(con)
    grid = coverage(con, SAMPLE_CITY)
    assert sorted(grid["year"].unique()) == list(range(2020, 2026))
    assert (grid["indicators_with_data"] > 0).all(), grid[grid["indicators_with_data"] == 0]
    assert grid["area"].nunique() == 12


def test_disaggregation_by_sex_and_age(con):
    from indicators.compute import disaggregate

    seed(con)
    by_sex = disaggregate(con, CITY, "sex")
    row = by_sex[(by_sex["year"] == 2023) & (by_sex["category"] == "female")].iloc[0]
    assert (row["value"], round(row["share_pct"], 3)) == (24, round(100 * 24 / 40, 3))
    by_district = disaggregate(con, CITY, "sex", by_district=True)
    assert set(by_district.loc[by_district["year"] == 2023, "district"]) == {"North", "South"}
