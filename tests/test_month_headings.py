"""A register grouped under month headings ("เดือนตุลาคม 2566" alone on a row): the first heading was taken
into the header and the others vanished, every activity taking the calendar year of the file's name (a
fiscal year's October in the wrong year). A month's sheet ("ต.ค. 66") was read as a tambon, ค. 66."""
from __future__ import annotations

import pytest
from conftest import committed, rows
from conftest import make_xlsx as workbook

HEADER = ["ลำดับ", "ชื่อกิจกรรม", "อำเภอ", "จำนวนผู้เข้าร่วม (คน)"]


@pytest.mark.parametrize("october, january", [("เดือนตุลาคม 2566", "เดือนมกราคม 2567"), ("ต.ค. 66", "ม.ค. 67"),
                                              ("ตุลาคม พ.ศ. 2566", "มกราคม พ.ศ. 2567"), ("October 2023", "January 2024")])
def test_activities_under_month_headings_are_dated_in_that_month(store, tmp_path, october, january):
    outcome = committed(store, workbook(tmp_path / "กิจกรรม_2567.xlsx", {"Sheet1": [
        ["ทะเบียนกิจกรรมการเรียนรู้"], HEADER, [october], [1, "อบรมคอมพิวเตอร์", "เมือง", 20], [2, "อบรมทำขนม", "สารภี", 15],
        [january], [3, "อบรมภาษาอังกฤษ", "เมือง", 25]]}))
    assert rows(store, "SELECT title, event_date::VARCHAR, year, fiscal_year FROM v_activities ORDER BY source_row") == [
        ("อบรมคอมพิวเตอร์", "2023-10-01", 2023, 2024), ("อบรมทำขนม", "2023-10-01", 2023, 2024),
        ("อบรมภาษาอังกฤษ", "2024-01-01", 2024, 2024)]
    assert [p.value for p in outcome.problems if p.code == "date_from_heading"] == ["2"]
    assert [d["row"] for d in outcome.plans[0].sheets[0].dropped_rows if d["reason"] == "month_heading"] == [3, 6]


def test_a_date_of_its_own_and_a_day_written_alone_under_a_month_heading(store, tmp_path):
    committed(store, workbook(tmp_path / "กิจกรรม.xlsx", {"Sheet1": [
        ["ทะเบียนกิจกรรม ปีงบประมาณ 2567"], ["ชื่อกิจกรรม", "อำเภอ", "วันที่", "จำนวนผู้เข้าร่วม (คน)"], ["ตุลาคม 2566"],
        ["อบรม ก", "เมือง", 5, 20], ["อบรม ข", "สารภี", "๑๒", 15], ["อบรม ค", "สารภี", "20/10/2566", 10],
        ["มกราคม 2567"], ["อบรม ง", "เมือง", None, 25]]}))
    assert rows(store, "SELECT event_date::VARCHAR FROM v_activities ORDER BY source_row") == [
        ("2023-10-05",), ("2023-10-12",), ("2023-10-20",), ("2024-01-01",)]


def test_sheets_named_for_their_month_are_no_districts(store, tmp_path):
    register = [["ชื่อกิจกรรม", "วันที่", "จำนวนผู้เข้าร่วม (คน)"], ["อบรม ก", "5/10/2566", 20]]
    committed(store, workbook(tmp_path / "กิจกรรม_2567.xlsx", {"ต.ค. 66": register, "พ.ย.66": [
        register[0], ["อบรม ข", "5/11/2566", 30]]}))
    assert rows(store, "SELECT count(*), count(district) FROM v_activities") == [(2, 0)]


def test_a_month_heading_without_its_year_follows_the_one_above(store, tmp_path):
    """'เดือนมกราคม' under 'เดือนธันวาคม 2566' was glued onto the record above: its activity dated December."""
    committed(store, workbook(tmp_path / "กิจกรรม_2567.xlsx", {"Sheet1": [
        HEADER, ["เดือนธันวาคม 2566"], [1, "อบรมคอมพิวเตอร์", "เมือง", 20], ["เดือนมกราคม"], [2, "อบรมภาษาอังกฤษ", "เมือง", 30],
        ["ก.พ."], [3, "อบรมทำขนม", "สารภี", 10]]}))
    assert rows(store, "SELECT title, event_date::VARCHAR FROM v_activities ORDER BY source_row") == [
        ("อบรมคอมพิวเตอร์", "2023-12-01"), ("อบรมภาษาอังกฤษ", "2024-01-01"), ("อบรมทำขนม", "2024-02-01")]
