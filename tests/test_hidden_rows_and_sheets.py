"""Rows and sheets Excel hides were read and counted like any other, though whoever opens the file sees
none of them (last year's sheet kept hidden, cancelled activities hidden by hand or by a filter)."""
from __future__ import annotations

import openpyxl
import pytest
from conftest import rows

from indicators.ingest.commit import ingest_files
from indicators.ingest.plan import plan_batch
from indicators.ingest.recipes import recipe_of
from indicators.read import read_workbook
from indicators.read.xlsx import _hidden_rows
from indicators.understand.hidden import row_spans

HEADER = ["ชื่อกิจกรรม", "อำเภอ", "วันที่", "จำนวนผู้เข้าร่วม (คน)"]
ACTIVITIES = [["อบรม ก", "แม่ริม", "1/2/2567", 30], ["อบรม ข", "สันทราย", "3/2/2567", 40],
              ["อบรม ค", "สันทราย", "5/2/2567", 50], ["อบรม ง", "สารภี", "7/2/2567", 60]]


def _register(path, hidden_rows=(), title=False):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "กิจกรรม"
    if title:
        sheet.append(["ทะเบียนกิจกรรม ปี 2567"])
    for row in [HEADER, *ACTIVITIES]:
        sheet.append(row)
    for number in hidden_rows:
        sheet.row_dimensions[number].hidden = True
    return book


def test_data_rows_hidden_in_excel_are_asked_about_and_nothing_is_stored(store, tmp_path):
    path = tmp_path / "register_2567.xlsx"
    _register(path, hidden_rows=(3, 4)).save(path)
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "refused"
    (doubt,) = [p for p in outcome.problems if p.code == "needs_review"]
    assert (doubt.sheet, doubt.severity) == ("กิจกรรม", "error")
    assert "hidden in Excel: 3–4 (2 in all)" in doubt.message_en and "แถว 3–4" in doubt.message_th
    assert rows(store, "SELECT count(*) FROM activities") == [(0,)]


def test_hidden_rows_that_hold_no_data_ask_nothing(store, tmp_path):
    path = tmp_path / "register_2567.xlsx"
    book = _register(path, hidden_rows=(1,), title=True)  # the title row hidden
    book.active.row_dimensions[20].hidden = True  # a hidden empty row below the table
    book.save(path)
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert rows(store, "SELECT sum(value) FROM v_participation") == [(180.0,)]


def test_a_confirmed_reading_counts_the_hidden_rows(store, tmp_path):
    path = tmp_path / "register_2567.xlsx"
    _register(path, hidden_rows=(5,)).save(path)
    (plan,) = plan_batch(store, [read_workbook(path)], "Office")
    assert not plan.ok
    outcome = ingest_files(store, [path], "Office", recipe=recipe_of(plan))
    assert outcome.status == "committed"
    assert rows(store, "SELECT sum(value) FROM v_participation") == [(180.0,)]


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_of_data_is_asked_about_and_a_hidden_list_is_not(store, tmp_path, state):
    path = tmp_path / "register_2567.xlsx"
    book = _register(path)
    old = book.create_sheet("ปีที่แล้ว")
    old.append(HEADER)
    old.append(["อบรม เก่า", "สารภี", "7/2/2566", 99])
    old.sheet_state = state
    lists = book.create_sheet("รายการ")  # the dropdown lists a template keeps out of sight
    for name in ("แม่ริม", "สันทราย", "สารภี"):
        lists.append([name])
    lists.sheet_state = "hidden"
    book.save(path)
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "refused"
    assert [(p.sheet, "hidden in the workbook" in p.message_en) for p in outcome.problems
            if p.code == "needs_review"] == [("ปีที่แล้ว", True)]
    assert rows(store, "SELECT count(*) FROM activities") == [(0,)]


def test_hidden_rows_are_found_with_or_without_their_row_number():
    xml = (b'<sheetData><row r="2" spans="1:4"><c r="A2"/></row><row r="5" hidden="1"><c r="A5"/></row>'
           b'<row hidden="true"/><row r="9" hidden="0"/><row r=\'12\' customHeight="1" hidden=\'1\'/></sheetData>')
    assert _hidden_rows(xml) == {5, 6, 12}


def test_row_numbers_are_said_as_runs():
    assert row_spans([20, 5, 9, 10, 11, 12]) == "5, 9–12, 20"
    assert row_spans(list(range(1, 40, 2)), shown=3) == "1, 3, 5, …"
