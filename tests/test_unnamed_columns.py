"""A column of numbers whose header was left empty holds figures all the same: it is asked about, never
left out without a word (found by a reviewer: an unnamed column of budgets in a register was dropped, and
an unnamed third year after a wide table's years was read as observation flags, its figures lost)."""
from __future__ import annotations

import openpyxl
from conftest import rows

from indicators.ingest.commit import ingest_files


def _book(path, title, rows_):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows_:
        sheet.append(row)
    book.save(path)
    return path


def test_an_unnamed_column_of_numbers_in_a_register_is_asked_about(store, tmp_path):
    path = _book(tmp_path / "register_2567.xlsx", "กิจกรรม", [
        ["ชื่อกิจกรรม", "อำเภอ", "วันที่", None, "จำนวนผู้เข้าร่วม (คน)"],
        ["อบรม ก", "แม่ริม", "5/2/2567", 15000, 30], ["อบรม ข", "สันทราย", "6/2/2567", 23000, 40]])
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "refused"
    (doubt,) = [p for p in outcome.problems if p.code == "needs_review"]
    assert "column 'D'" in doubt.message_en and "คอลัมน์ 'D'" in doubt.message_th
    assert rows(store, "SELECT count(*) FROM activities") == [(0,)]


def test_an_unnamed_column_of_numbers_after_the_years_is_no_flag_column(store, tmp_path):
    path = _book(tmp_path / "population.xlsx", "ประชากร", [
        ["จำนวนประชากร จำแนกตามอำเภอ (คน)"], ["อำเภอ", "2565", "2566", None],
        ["แม่ริม", 1000, 1100, 1200], ["สารภี", 3000, 3100, 3200]])
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "refused", rows(store, "SELECT district, year, value, flag FROM statistics")
    assert any(p.code == "needs_review" and "'D'" in p.message_en for p in outcome.problems)


def test_an_unnamed_column_of_flags_after_a_year_is_still_read_as_flags(store, tmp_path):
    path = _book(tmp_path / "population.xlsx", "ประชากร", [
        ["จำนวนประชากร จำแนกตามอำเภอ (คน)"], ["อำเภอ", "2565", None, "2566", None],
        ["แม่ริม", 1000, "p", 1100, None], ["สารภี", 3000, None, 3100, "e"]])
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert set(rows(store, "SELECT district, year, value, flag FROM statistics")) == {
        ("แม่ริม", 2022, 1000.0, "p"), ("แม่ริม", 2023, 1100.0, None),
        ("สารภี", 2022, 3000.0, None), ("สารภี", 2023, 3100.0, "e")}
