"""A register's columns of people: a column of some of the participants beside all of them is a part of
them (an age band) or is asked about; it is never ignored as a second column of all of them, which loses
its numbers without a word."""
from __future__ import annotations

import pytest
from conftest import make_xlsx as workbook
from conftest import rows

from indicators.ingest.commit import ingest_files


@pytest.mark.parametrize("header", [
    ["Activity", "Date", "Attendees", "Attendees who are children"],
    ["ชื่อกิจกรรม", "วันที่", "ผู้เข้าร่วม (คน)", "ผู้เข้าร่วมที่เป็นเด็ก (คน)"],
])
def test_participants_who_are_children_beside_all_of_them_are_their_children(store, tmp_path, header):
    result = ingest_files(store, [workbook(tmp_path / "register_2024.xlsx", {"Sheet1": [
        header, ["Story time", "2024-03-01", 30, 20], ["Coding club", "2024-03-08", 15, 5]]})], "Library")
    assert result.status == "committed", [(p.code, p.message_en) for p in result.problems]
    assert "duplicate_column" not in {p.code for p in result.problems}
    assert rows(store, "SELECT dimension, age_min, age_max, sum(value) FROM v_participation GROUP BY ALL "
                       "ORDER BY 1") == [("age", 0, 17, 25.0), ("total", None, None, 45.0)]


def test_a_second_column_of_all_the_participants_with_other_numbers_is_asked_about(store, tmp_path):
    """Two 'Attendees' columns that disagree: which is right is the researcher's to say."""
    result = ingest_files(store, [workbook(tmp_path / "register_2024.xlsx", {"Sheet1": [
        ["Activity", "Date", "Attendees", "Attendees"],
        ["Story time", "2024-03-01", 30, 31], ["Coding club", "2024-03-08", 15, 15]]})], "Library")
    assert result.status == "refused"
    review = result.plans[0].sheets[0].review
    assert "second_column_differs" in {said.code for said in review}
    assert rows(store, "SELECT count(*) FROM participation") == [(0,)]


def test_a_copy_of_the_participants_column_is_set_aside_as_a_copy(store, tmp_path):
    result = ingest_files(store, [workbook(tmp_path / "register_2024.xlsx", {"Sheet1": [
        ["Activity", "Date", "Attendees", "Attendees"],
        ["Story time", "2024-03-01", 30, 30], ["Coding club", "2024-03-08", 15, 15]]})], "Library")
    assert result.status == "committed"
    assert rows(store, "SELECT sum(value) FROM v_participation") == [(45.0,)]


@pytest.mark.parametrize("header, reason", [
    (["Activity", "Date", "Sessions", "Hours per session"], "figure_per_something"),
    (["Activity", "Date", "Sessions", "Attendees per session"], "figure_per_something"),
    (["Activity", "Date", "Sessions", "Average attendance per event"], "figure_per_something"),
    (["ชื่อกิจกรรม", "วันที่", "จำนวนครั้ง", "ชั่วโมงต่อครั้ง"], "figure_per_something"),
    (["ชื่อกิจกรรม", "วันที่", "ผู้เข้าร่วม (คน)", "ค่าใช้จ่ายต่อคน (บาท)"], "figure_per_something"),
    (["Activity", "Date", "Attendees", "Cost per attendee (£)"], "figure_per_something"),
    (["Activity", "Date", "Attendees", "Cost (£)"], "budget_not_in_baht"),
    (["Activity", "Date", "Attendees", "Budget (EUR)"], "budget_not_in_baht"),
])
def test_a_figure_per_event_or_person_or_in_another_currency_is_asked_about(store, tmp_path, header, reason):
    """Each was stored as the activity's hours, people or budget in baht (2 hours for ten sessions of 2)."""
    result = ingest_files(store, [workbook(tmp_path / "register_2024.xlsx", {"Sheet1": [
        header, ["Story time", "2024-03-01", 10, 2], ["Coding club", "2024-03-08", 4, 3]]})], "Library")
    assert result.status == "refused"
    assert reason in {said.code for said in result.plans[0].sheets[0].review}


@pytest.mark.parametrize("header", ["Hours", "งบประมาณ (บาท)", "งบประมาณต่อปี (บาท)"])
def test_an_activitys_own_hours_and_budget_are_stored(store, tmp_path, header):
    result = ingest_files(store, [workbook(tmp_path / "register_2024.xlsx", {"Sheet1": [
        ["Activity", "Date", "Attendees", header], ["Story time", "2024-03-01", 30, 2],
        ["Coding club", "2024-03-08", 15, 3]]})], "Library")
    assert result.status == "committed"
    field = "hours" if header == "Hours" else "budget"
    assert rows(store, f"SELECT sum({field}) FROM v_activities") == [(5.0,)]


@pytest.mark.parametrize("header, field", [
    ("Budget per project (THB)", "budget"), ("งบประมาณต่อโครงการ (บาท)", "budget"), ("ชั่วโมงต่อกิจกรรม", "hours"),
    ("Hours per year", "hours"), ("Budget (baht, converted from USD)", "budget"),
])
def test_a_figure_per_activity_in_a_register_of_activities_is_the_activitys_own(store, tmp_path, header, field):
    """A second reviewer: one row per activity, so 'per project' is the row's own figure (they were refused)."""
    result = ingest_files(store, [workbook(tmp_path / "register_2024.xlsx", {"Sheet1": [
        ["Activity", "Date", "Attendees", header], ["Story time", "2024-03-01", 30, 250],
        ["Coding club", "2024-03-08", 15, 400]]})], "Library")
    assert result.status == "committed"
    assert rows(store, f"SELECT sum({field}) FROM v_activities") == [(650.0,)]


def test_attendees_with_children_are_no_children(store, tmp_path):
    """'with children' are adults who came with them: no age band of the attendees."""
    ingest_files(store, [workbook(tmp_path / "register_2024.xlsx", {"Sheet1": [
        ["Activity", "Date", "Attendees", "Attendees with children"],
        ["Story time", "2024-03-01", 30, 20], ["Coding club", "2024-03-08", 15, 5]]})], "Library")
    assert rows(store, "SELECT count(*) FROM participation WHERE dimension = 'age'") == [(0,)]


def test_a_count_in_each_year_is_no_column_of_years(store, tmp_path):
    """'Sessions per year' was read as the year of each activity and refused: "'2.0' is not a year"."""
    result = ingest_files(store, [workbook(tmp_path / "register_2024.xlsx", {"Sheet1": [
        ["Activity", "Date", "Attendees", "Sessions per year"], ["Story time", "2024-03-01", 30, 2],
        ["Coding club", "2024-03-08", 15, 4]]})], "Library")
    assert "bad_year" not in {p.code for p in result.problems}
    assert [c["field"] for c in result.plans[0].sheets[0].columns if c["header"] == "Sessions per year"] != ["year"]


@pytest.mark.parametrize("cell", ["1.2 ล้าน", "0.5 ล้านบาท", "2 แสนบาท", "5 พันบาท", "2 million"])
def test_a_number_with_a_multiplier_word_in_its_cell_is_refused_at_its_cell(store, tmp_path, cell):
    """'1.2 ล้าน' was stored as a budget of 1.2 baht: the word after a number was dropped as its unit."""
    result = ingest_files(store, [workbook(tmp_path / "register_2024.xlsx", {"Sheet1": [
        ["ทะเบียน ปี 2567"], ["ชื่อกิจกรรม", "วันที่จัด", "งบประมาณ", "จำนวนผู้เข้าร่วม"],
        ["อบรม", "15 ม.ค. 2567", cell, 5], ["ค่าย", "16 ม.ค. 2567", "20,000 บาท", 5]]})], "City")
    assert result.status == "refused"
    assert [(p.code, p.row, p.column) for p in result.problems if p.severity == "error"] == [
        ("not_a_number", 3, "งบประมาณ")]
    assert rows(store, "SELECT count(*) FROM activities") == [(0,)]


@pytest.mark.parametrize("header, refused", [("ผ่านการอบรม (ร้อยละ)", True), ("Completed (%)", True),
                                             ("ผ่านการอบรม (คน)", False)])
def test_a_percentage_of_people_in_a_register_is_no_count_of_them(store, tmp_path, header, refused):
    """'ผ่านการอบรม (ร้อยละ)' 90 and 80 were stored as 170 people who completed, of 300 enrolled."""
    result = ingest_files(store, [workbook(tmp_path / "register_2024.xlsx", {"Sheet1": [
        ["ทะเบียน ปี 2567"], ["ชื่อกิจกรรม", "วันที่จัด", "จำนวนผู้สมัคร", header],
        ["อบรม", "15 ม.ค. 2567", 100, 90], ["ค่าย", "16 ม.ค. 2567", 200, 80]]})], "City")
    assert (result.status == "refused") == refused
    if refused:
        assert "share_not_people" in {said.code for said in result.plans[0].sheets[0].review}
    else:
        assert rows(store, "SELECT sum(value) FROM v_outcomes WHERE measure = 'completed'") == [(170.0,)]
