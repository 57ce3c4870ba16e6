"""Indicators as data computed in SQL: exact values on hand-made rows in an in-memory store."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
import yaml

from indicators.base.errors import LearningCityError
from indicators.measure.compute import compute_values, coverage
from indicators.measure.definitions import DEFINITIONS_FILE, load_indicators, parse_indicator
from indicators.store import insert_frame

CITY = "Calc City"
SCHEMA = Path(__file__).resolve().parents[1] / "indicators" / "config" / "sql" / "schema.sql"


def insert(con, table, rows):
    insert_frame(con, table, pd.DataFrame(rows))  # as the store writes: activity keys get their numbers


def upload(con, upload_id, source="s", status="committed", city=CITY):
    insert(con, "uploads", [{"upload_id": upload_id, "city": city, "source": source, "file_name": f"f{upload_id}.xlsx",
                             "sha256": str(upload_id), "uploaded_at": datetime(2025, 1, 1), "status": status}])


def fiscal_year(day: date) -> int:
    return day.year + (day.month >= 10)


def activity(key, day, district, events=1, hours=2.0, upload_id=1, mode="in_person", budget=None, partner=None):
    return {"upload_id": upload_id, "city": CITY, "activity_key": key, "district": district, "event_date": day,
            "year": day.year, "fiscal_year": fiscal_year(day), "events": events, "hours": hours, "mode": mode,
            "budget": budget, "partner": partner}


def people(key, day, district, total, female=None, upload_id=1):
    rows = [{"upload_id": upload_id, "city": CITY, "activity_key": key, "district": district, "year": day.year,
             "fiscal_year": fiscal_year(day), "dimension": "total", "category": None, "value": total}]
    if female is not None:
        rows.append({**rows[0], "dimension": "sex", "category": "female", "value": female})
        rows.append({**rows[0], "dimension": "sex", "category": "male", "value": total - female})
    return rows


def stat(year, district, value, measure="population", upload_id=2, **extra):
    return {"upload_id": upload_id, "city": CITY, "district": district, "year": year, "measure": measure,
            "value": value, **extra}


def outcome(key, day, district, measure, value, upload_id=1):
    return {"upload_id": upload_id, "city": CITY, "activity_key": key, "district": district, "year": day.year,
            "fiscal_year": fiscal_year(day), "measure": measure, "value": value}


def seed(con, city_wide_population=False):
    """Three activities in two districts; a2 is in November 2023, so it is fiscal year 2024."""
    upload(con, 1)
    upload(con, 2, source="population")
    insert(con, "activities", [
        activity("a1", date(2023, 3, 1), "North", events=3, hours=6, budget=3000, partner="Temple"),
        activity("a2", date(2023, 11, 5), "South", mode="online", budget=1000, partner="Library"),
        activity("a3", date(2024, 2, 1), "North", mode="hybrid", budget=500, partner="Temple"),
    ])
    insert(con, "participation", people("a1", date(2023, 3, 1), "North", 30, 20)
           + people("a2", date(2023, 11, 5), "South", 10, 4) + people("a3", date(2024, 2, 1), "North", 50, 25))
    stats = [stat(2023, "North", 1000), stat(2023, "South", 1000), stat(2024, "North", 1000), stat(2024, "South", 1500)]
    if city_wide_population:
        stats.append(stat(2024, None, 3000))
    insert(con, "statistics", stats)
    insert(con, "activity_areas", [{"upload_id": 1, "city": CITY, "activity_key": "a3", "area_code": "1.3",
                                    "rule": "category", "rule_detail": "environment"}])


def value(frame, code, year, district=None):
    rows = frame[(frame["indicator"] == code) & (frame["year"] == year)]
    rows = rows[rows["district"].isna()] if district is None else rows[rows["district"] == district]
    return None if rows.empty else rows["value"].iloc[0]


def test_base_measures_by_year_and_district(mem):
    seed(mem)
    values = compute_values(mem, CITY, by=("year", "district"))
    assert list(values.columns) == ["city", "indicator", "area", "year", "district", "value", "unit", "numerator",
                                    "denominator"]
    assert value(values, "activities", 2023) == 4 and value(values, "activities", 2024) == 1
    assert value(values, "activities", 2023, "North") == 3 and value(values, "activities", 2023, "South") == 1
    assert value(values, "participants", 2023) == 40 and value(values, "participants", 2024, "North") == 50
    assert value(values, "participants_female", 2023) == 24 and value(values, "participants_male", 2023) == 16
    assert value(values, "participants_female", 2023, "South") == 4
    assert value(values, "learning_hours", 2023) == 8 and value(values, "learning_hours", 2023, "South") == 2
    assert value(values, "women_share", 2023) == 100 * 24 / 40
    assert value(values, "online_share", 2023) == 100 * 1 / 4
    assert value(values, "partner_organisations", 2023) == 2
    assert value(values, "budget_per_participant", 2023) == 4000 / 40


def test_a_register_naming_no_partner_gives_no_partner_figure_not_zero(mem):
    seed(mem)
    insert(mem, "activities", [activity("a9", date(2021, 5, 1), "North")])  # 2021: no partner named
    values = compute_values(mem, CITY, by=("year", "district"), codes=["partner_organisations", "activities"])
    assert value(values, "activities", 2021) == 1
    assert value(values, "partner_organisations", 2021) is None and value(values, "partner_organisations", 2023) == 2


def test_participants_per_1000_by_year_and_by_district(mem):
    seed(mem)
    values = compute_values(mem, CITY, by=("year", "district"), codes=["participants_per_1000"])
    assert value(values, "participants_per_1000", 2023) == 1000 * 40 / 2000  # districts summed
    assert value(values, "participants_per_1000", 2024) == 1000 * 50 / 2500
    assert value(values, "participants_per_1000", 2023, "North") == 1000 * 30 / 1000  # the district's own
    assert value(values, "participants_per_1000", 2023, "South") == 1000 * 10 / 1000
    assert value(values, "participants_per_1000", 2024, "South") is None  # no participants there: no row
    row = values[(values["year"] == 2023) & values["district"].isna()].iloc[0]
    assert (row["numerator"], row["denominator"], row["unit"], row["area"]) == (40, 2000, "per 1,000 residents", "1.1")


def test_city_wide_statistic_replaces_the_district_sum_never_both(mem):
    seed(mem, city_wide_population=True)
    values = compute_values(mem, CITY, by=("year", "district"), codes=["participants_per_1000"])
    assert value(values, "participants_per_1000", 2024) == 1000 * 50 / 3000  # not 50 / (3000 + 2500)
    assert value(values, "participants_per_1000", 2023) == 1000 * 40 / 2000  # no city row that year: summed
    assert value(values, "participants_per_1000", 2024, "North") == 1000 * 50 / 1000  # district still its own


def test_zero_or_missing_denominator_gives_null_not_an_error(mem):
    seed(mem)
    insert(mem, "statistics", [stat(2025, "North", 0)])
    insert(mem, "activities", [activity("a4", date(2025, 5, 1), "North"), activity("a5", date(2026, 5, 1), "North")])
    insert(mem, "participation", people("a4", date(2025, 5, 1), "North", 7) + people("a5", date(2026, 5, 1), "North", 9))
    values = compute_values(mem, CITY, codes=["participants_per_1000"])
    assert pd.isna(value(values, "participants_per_1000", 2025))  # zero population
    assert pd.isna(value(values, "participants_per_1000", 2026))  # no population at all


def test_area_filtered_numerators(mem):
    seed(mem)
    # People of a3 arrive in another upload (a participants sheet): linked by city and activity code.
    upload(mem, 5, source="participants")
    insert(mem, "participation", people("a3", date(2024, 2, 1), "North", 5, upload_id=5))
    insert(mem, "activity_areas", [{"upload_id": 1, "city": CITY, "activity_key": "a1", "area_code": "2.6",
                                    "rule": "keyword", "rule_detail": "festival"}])
    values = compute_values(mem, CITY, codes=["environment_participants", "festival_events"])
    assert dict(zip(values.loc[values["indicator"] == "environment_participants", "year"],
                    values.loc[values["indicator"] == "environment_participants", "value"])) == {2024: 55}
    assert value(values, "festival_events", 2023) == 3 and value(values, "festival_events", 2024) is None


def test_participation_keeps_its_own_district_and_year(mem):
    seed(mem)
    # The participants sheet says West/2023 for activity a3 (North, 2024): its own row wins.
    insert(mem, "participation", people("a3", date(2023, 6, 1), "West", 8))
    values = compute_values(mem, CITY, by=("year", "district"), codes=["participants"])
    assert value(values, "participants", 2023, "West") == 8 and value(values, "participants", 2023) == 48


def test_fiscal_and_calendar_views_differ_on_october_to_december(mem):
    seed(mem)
    calendar = compute_values(mem, CITY, codes=["activities"])
    fiscal = compute_values(mem, CITY, codes=["activities"], fiscal=True)
    assert dict(zip(calendar["year"], calendar["value"])) == {2023: 4, 2024: 1}
    assert dict(zip(fiscal["year"], fiscal["value"])) == {2023: 3, 2024: 2}  # a2 (Nov 2023) is FY 2024
    # FY 2024 participants (a2 + a3 = 60) over the population of calendar 2024, the year FY 2024 ends.
    per_1000 = compute_values(mem, CITY, codes=["participants_per_1000"], fiscal=True)
    assert value(per_1000, "participants_per_1000", 2024) == 1000 * 60 / 2500
    indicator = next(i for i in load_indicators() if i.code == "participants_per_1000")
    assert "calendar year in which the fiscal year ends" in indicator.method("en", fiscal=True)


def test_years_filter(mem):
    seed(mem)
    values = compute_values(mem, CITY, codes=["activities", "participants_per_1000"], years=(2024, 2024))
    assert set(values["year"]) == {2024} and value(values, "participants_per_1000", 2024) == 20


def test_rolled_back_and_superseded_rows_are_excluded(mem):
    seed(mem)
    upload(mem, 3, status="rolled_back")
    insert(mem, "activities", [activity("x", date(2023, 5, 1), "North", events=100, upload_id=3)])
    insert(mem, "superseded", [{"upload_id": 1, "year": 2024, "by_upload_id": 9}])
    values = compute_values(mem, CITY, codes=["activities", "environment_participants"])
    assert dict(zip(values["year"], values["value"])) == {2023: 4}  # a3 (2024) superseded, x rolled back


def test_other_cities_are_not_mixed_in(mem):
    seed(mem)
    upload(mem, 7, city="Other City")
    insert(mem, "activities", [{**activity("a1", date(2023, 3, 1), "North", events=50, upload_id=7),
                                "city": "Other City"}])
    assert value(compute_values(mem, CITY, codes=["activities"]), "activities", 2023) == 4
    both = compute_values(mem, codes=["activities"])
    assert sorted(both.loc[both["year"] == 2023, "value"]) == [4, 50]


def test_outcome_rates_and_mean_satisfaction(mem):
    seed(mem)
    day = date(2023, 3, 1)
    insert(mem, "outcomes", [
        outcome("a1", day, "North", "enrolled", 40), outcome("a1", day, "North", "completed", 30),
        outcome("a1", day, "North", "employed_after", 12), outcome("a1", day, "North", "satisfaction", 4.0),
        outcome("a2", date(2023, 11, 5), "South", "enrolled", 10),  # no completed reported: left out of the rate
        outcome("a2", date(2023, 11, 5), "South", "completed", 5),
        outcome("a2", date(2023, 11, 5), "South", "satisfaction", 5.0),
        outcome("zz", day, "South", "enrolled", 99),  # enrolled only
    ])
    values = compute_values(mem, CITY, codes=["completion_rate", "employment_after_training", "satisfaction_mean"])
    assert value(values, "completion_rate", 2023) == 100 * 35 / 50
    assert value(values, "employment_after_training", 2023) == 100 * 12 / 30
    assert value(values, "satisfaction_mean", 2023) == 4.5


def test_statistics_indicators_and_older_residents(mem):
    seed(mem)
    insert(mem, "statistics", [
        stat(2023, None, 12, measure="learning_city_plan_meetings"), stat(2023, None, 4_000_000, "lifelong_learning_budget"),
        stat(2023, "North", 3, "learning_spaces"), stat(2023, "South", 1, "learning_spaces"),
        stat(2023, "North", 200, age_min=60), stat(2023, "South", 300, age_min=60),
    ])
    insert(mem, "participation", [{"upload_id": 1, "city": CITY, "activity_key": "a1", "district": "North",
                                   "year": 2023, "fiscal_year": 2023, "dimension": "age", "category": "60+",
                                   "age_min": 60, "value": 10}])
    values = compute_values(mem, CITY, by=("year", "district"))
    assert value(values, "plan_meetings", 2023) == 12
    assert value(values, "lifelong_budget_per_resident", 2023) == 4_000_000 / 2000
    assert value(values, "learning_spaces_per_10000", 2023) == 10000 * 4 / 2000
    assert value(values, "learning_spaces_per_10000", 2023, "South") == 10000 * 1 / 1000
    assert value(values, "older_participants_per_1000_older_residents", 2023) == 1000 * 10 / 500
    assert value(values, "older_participants_per_1000_older_residents", 2023, "North") == 1000 * 10 / 200


def test_an_indicator_added_by_yaml_alone_appears(mem, tmp_path):
    seed(mem)
    extra = tmp_path / "city.yaml"
    extra.write_text(yaml.safe_dump({"indicators": [{
        "code": "hours_per_activity", "name_en": "Hours per activity", "name_th": "ชั่วโมงต่อกิจกรรม",
        "unit_en": "hours", "unit_th": "ชั่วโมง", "direction": "higher", "areas": ["2.6"],
        "numerator": {"table": "activities", "aggregate": "sum(hours)"},
        "denominator": {"table": "activities", "aggregate": "sum(events)"}}]}, allow_unicode=True), encoding="utf-8")
    indicators = load_indicators((extra,))
    assert "hours_per_activity" in {i.code for i in indicators}
    values = compute_values(mem, CITY, indicators=indicators)
    rows = values[values["indicator"] == "hours_per_activity"]
    assert dict(zip(rows["year"], rows["value"])) == {2023: 8 / 4, 2024: 2 / 1}
    assert "hours_per_activity" not in {i.code for i in load_indicators()}  # the shipped list is untouched


GOOD = {"code": "x_rate", "name_en": "X", "name_th": "เอ็กซ์", "unit_en": "%", "unit_th": "ร้อยละ",
        "direction": "higher", "areas": ["1.1"], "numerator": {"table": "activities", "aggregate": "sum(events)"}}


@pytest.mark.parametrize("change, words", [
    ({"numerator": {"table": "people", "aggregate": "sum(value)"}}, "unknown table 'people'"),
    ({"numerator": {"table": "activities"}}, "aggregate is missing"),
    ({"denominator": {"table": "uploads", "aggregate": "count(*)"}}, "denominator: unknown table"),
    ({"numerator": None}, "missing numerator"),
    ({"name_th": None}, "missing name_th"),
    ({"direction": "up"}, "direction must be"),
    ({"areas": ["4.1"]}, "unknown area(s) 4.1"),
    ({"numerator": {"table": "activities", "aggregate": "sum(events)", "area": "9.9"}}, "unknown area '9.9'"),
    ({"numerator": {"table": "activities", "aggregate": "sum(events)", "filter": "x"}}, "unknown field(s) filter"),
    ({"disaggregations": ["colour"]}, "unknown disaggregation(s) colour"),
    ({"factor": "lots"}, "factor must be a number"),
])
def test_bad_definitions_are_refused_naming_the_indicator(change, words):
    with pytest.raises(LearningCityError) as refused:
        parse_indicator({**GOOD, **change})
    assert "Indicator 'x_rate'" in refused.value.message_en and words in refused.value.message_en
    assert "x_rate" in refused.value.message_th


def test_every_area_has_an_indicator_and_shipped_definitions_load():
    indicators = load_indicators()
    areas = {a for i in indicators for a in i.areas}
    assert areas == {"1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2", "3.3"}
    codes = {i.code for i in indicators}
    assert {"activities", "participants", "participants_female", "participants_male", "learning_hours"} <= codes
    assert DEFINITIONS_FILE.exists()


def test_chart_titles_add_the_unit_only_when_the_name_does_not_already_say_it():
    by_code = {i.code: i for i in load_indicators()}
    assert by_code["participants"].name_with_unit("en") == "Participants (people)"
    assert by_code["participants"].name_with_unit("th") == "จำนวนผู้เข้าร่วม (คน)"
    # the unit's words or its scale are already in the name: no "(per 1,000 residents)" after "per 1,000 residents"
    for code in ("participants_per_1000", "learning_hours_per_1000"):
        for lang in ("en", "th"):
            assert by_code[code].name_with_unit(lang) == by_code[code].name(lang)
    # a unit that says something the name does not is kept
    budget = next(i for i in by_code.values() if i.unit("en") == "baht per resident")
    assert budget.name_with_unit("en").endswith("(baht per resident)")


def test_coverage_counts_indicators_with_a_value(mem):
    seed(mem)
    grid = coverage(mem, CITY)
    row = grid[(grid["area"] == "1.3") & (grid["year"] == 2024)].iloc[0]
    assert row["indicators_with_data"] == 1 and row["indicators_total"] == 1  # environment participants
    assert grid[(grid["area"] == "1.3") & (grid["year"] == 2023)]["indicators_with_data"].item() == 0


def test_sample_covers_every_area_every_year(con):
    from indicators.ingest.sample import SAMPLE_CITY, load_sample_if_empty

    if not load_sample_if_empty(con):
        pytest.skip("sample data not available")
    grid = coverage(con, SAMPLE_CITY)
    assert sorted(grid["year"].unique()) == list(range(2020, 2026))
    assert (grid["indicators_with_data"] > 0).all(), grid[grid["indicators_with_data"] == 0]
    assert grid["area"].nunique() == 12


def test_disaggregation_by_sex_and_age(con):
    from indicators.measure.compute import disaggregate

    seed(con)
    by_sex = disaggregate(con, CITY, "sex")
    row = by_sex[(by_sex["year"] == 2023) & (by_sex["category"] == "female")].iloc[0]
    assert (row["value"], round(row["share_pct"], 3)) == (24, round(100 * 24 / 40, 3))
    by_district = disaggregate(con, CITY, "sex", by_district=True)
    assert set(by_district.loc[by_district["year"] == 2023, "district"]) == {"North", "South"}


def test_cities_are_compared_in_the_latest_year_they_share():
    import pandas as pd

    from indicators.measure.benchmark import city_benchmark

    rows = [("A", 2023, 10.0), ("B", 2023, 20.0), ("C", 2023, 30.0), ("A", 2024, 12.0), ("B", 2024, 8.0),
            ("A", 2025, 99.0), ("D", 2022, 5.0)]
    values = pd.DataFrame([{"city": c, "indicator": "participants", "year": y, "district": None, "value": v}
                           for c, y, v in rows])
    [a] = city_benchmark(values, "A", {"participants": "higher"}).to_dict("records")
    assert (a["year"], a["rank"], a["cities"], a["median"]) == (2024, 1, 2, 10.0)  # 2025: only A so far
    [d] = city_benchmark(values, "D", {"participants": "higher"}).to_dict("records")
    assert (d["year"], d["rank"], d["cities"]) == (2022, 1, 1)  # nobody else reported that year

