"""Dates as registers write them that were refused or misread: a range of days or dates is dated by its
first day, a month with a two-digit year is that month, a year alone in a date column is that year."""
from __future__ import annotations

from datetime import date

import pytest
from conftest import make_xlsx as workbook
from conftest import rows

from indicators.ingest.commit import ingest_files


def _register(tmp_path, cell):
    return workbook(tmp_path / "register.xlsx", {"Sheet1": [
        ["ชื่อกิจกรรม", "วันที่", "ผู้เข้าร่วม (คน)"], ["อบรม ก", cell, 30], ["อบรม ข", "5/2/2567", 20]]})


@pytest.mark.parametrize("cell, first_day", [
    ("1-3 ก.พ. 2567", date(2024, 2, 1)),
    ("28 ก.พ. - 2 มี.ค. 2567", date(2024, 2, 28)),
    ("28 ธ.ค. - 2 ม.ค. 2567", date(2023, 12, 28)),
    ("1/2/2567 - 3/2/2567", date(2024, 2, 1)),
    ("1 ก.พ. 2567 ถึง 3 ก.พ. 2567", date(2024, 2, 1)),
    ("ธ.ค. 66 - ม.ค. 67", date(2023, 12, 1)),
    ("พ.ค. 67", date(2024, 5, 1)),
    ("1-3/2/2567", date(2024, 2, 1)),
    ("1/2/2567-3/2/2567", date(2024, 2, 1)),
])
def test_a_range_of_days_is_dated_by_its_first_day(store, tmp_path, cell, first_day):
    """Each was refused as a date that cannot be read."""
    result = ingest_files(store, [_register(tmp_path, cell)], "Office")
    assert result.status == "committed", [(p.code, p.message_en) for p in result.problems]
    assert rows(store, "SELECT event_date FROM v_activities ORDER BY source_row")[0] == (first_day,)


@pytest.mark.parametrize("cell", ["3 - 1 ก.พ. 2567", "2 มี.ค. 2567 - 28 ก.พ. 2567", "1 ก.พ. - ", "2567 - 2568", "3-1/2/2567"])
def test_a_range_that_ends_before_it_begins_or_has_no_end_is_refused(store, tmp_path, cell):
    result = ingest_files(store, [_register(tmp_path, cell)], "Office")
    assert result.status == "refused"
    assert ("bad_date", 2) in {(p.code, p.row) for p in result.problems}


@pytest.mark.parametrize("cell", [2567, "2567", "พ.ศ. 2567", 2024])
def test_a_year_alone_in_a_date_column_is_that_year(store, tmp_path, cell):
    """2567 was read as an Excel serial date, a day of 1907, and refused as before 1950."""
    result = ingest_files(store, [_register(tmp_path, cell)], "Office")
    assert result.status == "committed", [(p.code, p.message_en) for p in result.problems]
    assert rows(store, "SELECT event_date, year FROM v_activities ORDER BY source_row")[0] == (None, 2024)
    assert "year_in_date_column" in {p.code for p in result.problems}


@pytest.mark.parametrize("header", ["Hrs", "Hrs.", "No. of hours"])
def test_hours_written_short_are_hours(store, tmp_path, header):
    result = ingest_files(store, [workbook(tmp_path / "register_2024.xlsx", {"Sheet1": [
        ["Activity", "Date", header, "Participants"], ["A", "2024-02-01", 3, 30]]})], "Office")
    assert result.status == "committed"
    assert rows(store, "SELECT hours FROM v_activities") == [(3.0,)]


def test_a_fiscal_year_alone_in_the_date_column_is_that_fiscal_year(store, tmp_path):
    """'ปีงบประมาณ 2567' in a date column was refused as a date that cannot be read."""
    from conftest import make_xlsx

    from indicators.ingest.commit import ingest_files

    path = make_xlsx(tmp_path / "กิจกรรม.xlsx", {"Sheet1": [
        ["ชื่อกิจกรรม", "อำเภอ", "วันที่", "จำนวนผู้เข้าร่วม (คน)"], ["อบรม ก", "เมือง", "ปีงบประมาณ 2567", 20],
        ["อบรม ข", "สารภี", "5/10/2566", 15], ["อบรม ค", "สารภี", "ปีงบ ๖๗", 10], ["อบรม ง", "สารภี", "FY2568", 5]]})
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "committed"
    assert [(p.severity, p.value) for p in outcome.problems if p.code == "fiscal_year_in_date_column"] == [("warning", "3")]
    assert store.execute("SELECT year, fiscal_year FROM v_activities ORDER BY source_row").fetchall() == [
        (2024, 2024), (2023, 2024), (2024, 2024), (2025, 2025)]


@pytest.mark.parametrize("cell, first_day, fiscal_year", [
    ("15-17 ธันวาคม 2566", date(2023, 12, 15), 2024),
    ("29 ก.ย. - 1 ต.ค. 2566", date(2023, 9, 29), 2023),  # its first day is in the fiscal year before
    ("28 ก.พ. - 2 มี.ค. 2567", date(2024, 2, 28), 2024),
    ("พฤศจิกายน 2566", date(2023, 11, 1), 2024),  # a month: its first day, as before
])
def test_days_under_a_period_header_are_dated_by_the_first_day_too(store, tmp_path, cell, first_day, fiscal_year):
    """Found by a tester: under 'ระยะเวลาดำเนินการ' (a register's usual header) a range whose year is written
    only at its end was dated by its last day, so a project of 29 Sep – 1 Oct 2566 fell in the next fiscal year."""
    path = workbook(tmp_path / "projects.xlsx", {"Sheet1": [
        ["โครงการ", "ระยะเวลาดำเนินการ", "ผู้เข้าร่วม (คน)"], ["อบรม ก", cell, 30], ["อบรม ข", "5 ก.พ. 2567", 20]]})
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert rows(store, "SELECT event_date, fiscal_year FROM activities WHERE title = 'อบรม ก'") == [
        (first_day, fiscal_year)]
