"""Extraction (an understood sheet → rows per table) and validation (checks across columns and rows),
each on its own: no file, no database."""

from __future__ import annotations

from datetime import date

import pandas as pd

from indicators.clean.extract import extract_sheet
from indicators.clean.statistics import resolve_measure
from indicators.clean.validate import Reporter, check_activities, check_parts, check_years
from indicators.read import RawSheet
from indicators.understand.sheet import understand_sheet

TODAY = date(2026, 11, 30)


def extracted(rows, name="s"):
    raw = RawSheet(name, [list(r) for r in rows])
    plan = understand_sheet(raw)
    return extract_sheet(raw, plan, "f.xlsx", "City", key_prefix="abc:")


def test_activities_with_counts_become_activities_and_participation():
    result = extracted([
        ["ชื่อกิจกรรม", "วันที่", "เขต", "ชาย", "หญิง", "จำนวนผู้เข้าร่วม", "ผู้สูงอายุ"],
        ["อบรมอาชีพ", "15 ม.ค. 2567", "เหนือ", 10, 20, 30, "-"],
        ["อ่านหนังสือ", "3/2/2567", "ใต้", "๕", "ไม่ระบุ", None, 2],
    ])
    activities = result.activities
    assert activities["title"].tolist() == ["อบรมอาชีพ", "อ่านหนังสือ"]
    assert activities["event_date"].dt.date.tolist() == [date(2024, 1, 15), date(2024, 2, 3)]
    assert activities["activity_key"].tolist() == ["abc:s!2", "abc:s!3"]  # no code: file, sheet and Excel row
    people = result.participation.fillna({"category": "-"}).set_index(["source_row", "dimension", "category"])["value"]
    people = people.to_dict()
    assert people == {(2, "sex", "male"): 10, (2, "sex", "female"): 20, (2, "total", "-"): 30,
                      (2, "group", "older_adults"): 0,  # "-" is zero
                      (3, "sex", "male"): 5, (3, "total", "-"): 5, (3, "group", "older_adults"): 2}
    assert [p.code for p in result.problems] == ["total_from_one_part"]  # women not stated: a lower bound


def test_cells_that_cannot_be_read_are_reported_where_they_are():
    result = extracted([["ชื่อกิจกรรม", "ปี", "จำนวนผู้เข้าร่วม"], ["x", 2567, "สิบ"], ["y", 2567, -3]], name="ก")
    found = [(p.code, p.sheet, p.row, p.column, p.value) for p in result.problems if p.severity == "error"]
    assert found == [("not_a_number", "ก", 2, "จำนวนผู้เข้าร่วม", "สิบ"), ("negative_count", "ก", 3, "จำนวนผู้เข้าร่วม", "-3")]


def test_a_wide_statistics_table_melts_into_one_row_per_year():
    result = extracted([["ตัวชี้วัด", "เขต", "2563", "2564"], ["ประชากร", "เหนือ", 100, 110], ["ประชากร", "ใต้", 50, None]])
    stats = result.statistics.sort_values(["source_row", "year"])
    assert stats[["measure", "district", "year", "value"]].values.tolist() == [
        ["population", "เหนือ", 2020, 100.0], ["population", "เหนือ", 2021, 110.0], ["population", "ใต้", 2020, 50.0]]


def test_measure_labels_resolve_sex_and_age():
    assert resolve_measure("ประชากรหญิง อายุ 60 ปีขึ้นไป") == {
        "measure": "population", "sex": "female", "age_min": 60, "age_max": None, "default_unit": "persons",
        "known": True}


def test_a_list_of_people_becomes_counts_and_names_never_leave():
    result = extracted([["ชื่อ-นามสกุล", "เพศ", "อายุ", "ชื่อกิจกรรม", "ปี"],
                        ["นาย ก", "ชาย", 65, "อบรม", 2567], ["นาง ข", "หญิง", 30, "อบรม", 2567]])
    counts = result.participation.fillna({"category": "-"}).set_index(["dimension", "category"])["value"].to_dict()
    assert counts[("total", "-")] == 2 and counts[("sex", "male")] == 1 and counts[("age", "60+")] == 1
    assert "นาย ก" not in result.participation.astype(str).to_numpy().ravel().tolist()


def reporter():
    return Reporter("f.xlsx", {("s", "participants_female"): "หญิง", ("s", "date"): "วันที่"})


def test_check_years_flags_missing_old_and_future_years():
    frame = pd.DataFrame({"year": pd.array([2024, None, 1900, 2030], dtype="Int64"), "sheet": "s",
                          "source_row": [2, 3, 4, 5]})
    report = reporter()
    check_years(report, {"activities": frame}, TODAY)
    assert [(p.code, p.row, p.column) for p in report.problems] == [
        ("missing_year", 3, "วันที่"), ("year_before_1950", 4, "วันที่"), ("year_in_future", 5, "วันที่")]


def test_check_parts_compares_sexes_with_the_total_of_the_same_row():
    frame = pd.DataFrame({"activity_key": "a", "sheet": "s", "source_row": [2, 2, 2, 3, 3],
                          "dimension": ["total", "sex", "sex", "total", "sex"],
                          "category": [None, "female", "male", None, "female"], "value": [10.0, 6, 6, 5, 5]})
    report = reporter()
    check_parts(report, frame, pd.Series(dtype="float64"))
    assert [(p.code, p.row, p.column, p.value) for p in report.problems] == [("sex_parts_exceed_total", 2, "หญิง", "10")]


def test_check_activities_finds_repeated_codes_and_nameless_rows():
    frame = pd.DataFrame({"activity_code": ["A", "A", None], "title": ["x", "y", None], "category": [None, None, None],
                          "sheet": "s", "source_row": [2, 3, 4]})
    report = reporter()
    check_activities(report, frame)
    assert sorted((p.code, p.row) for p in report.problems) == [("duplicate_activity_code", 3), ("missing_title", 4)]
