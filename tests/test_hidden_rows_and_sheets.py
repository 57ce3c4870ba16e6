"""Rows, columns and sheets Excel hides were read and counted like any other, though whoever opens the file
sees none of them (last year's sheet kept hidden, cancelled activities hidden by hand or by a filter, a
working column of participants kept out of sight)."""
from __future__ import annotations

import openpyxl
import pytest
from conftest import rows

from indicators.ingest.commit import ingest_files
from indicators.ingest.plan import plan_batch
from indicators.ingest.recipes import recipe_of
from indicators.read import read_workbook
from indicators.read.sheets import RawSheet
from indicators.read.xlsx import _hidden_columns, _hidden_rows
from indicators.understand.headers import Column
from indicators.understand.hidden import hidden_doubts, row_spans

HEADER = ["ชื่อกิจกรรม", "อำเภอ", "วันที่", "จำนวนผู้เข้าร่วม (คน)"]
ACTIVITIES = [["อบรม ก", "แม่ริม", "1/2/2567", 30], ["อบรม ข", "สันทราย", "3/2/2567", 40],
              ["อบรม ค", "สันทราย", "5/2/2567", 50], ["อบรม ง", "สารภี", "7/2/2567", 60]]


def _register(path, hidden_rows=(), title=False, hidden_columns=()):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "กิจกรรม"
    if title:
        sheet.append(["ทะเบียนกิจกรรม ปี 2567"])
    for row in [HEADER, *ACTIVITIES]:
        sheet.append(row)
    for number in hidden_rows:
        sheet.row_dimensions[number].hidden = True
    for letter in hidden_columns:
        sheet.column_dimensions[letter].hidden = True
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


def test_a_hidden_column_of_participants_is_asked_about_and_nothing_is_stored(store, tmp_path):
    path = tmp_path / "register_2567.xlsx"
    _register(path, hidden_columns=("D",)).save(path)
    assert read_workbook(path).sheets[0].hidden_columns == {4}
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "refused"
    (doubt,) = [p for p in outcome.problems if p.code == "needs_review"]
    assert (doubt.sheet, doubt.severity) == ("กิจกรรม", "error")
    assert "columns hidden in Excel: D 'จำนวนผู้เข้าร่วม (คน)' (1 in all)" in doubt.message_en
    assert "คอลัมน์ D 'จำนวนผู้เข้าร่วม (คน)'" in doubt.message_th
    assert rows(store, "SELECT count(*) FROM activities") == [(0,)]


def test_hidden_columns_that_hold_no_data_ask_nothing(store, tmp_path):
    path = tmp_path / "register_2567.xlsx"
    book = _register(path, hidden_columns=("E", "H"))  # an empty column beside the table, one far from it
    book.active["E1"] = "หมายเหตุ"  # headed, but blank in every data row
    book.save(path)
    assert read_workbook(path).sheets[0].hidden_columns == {5, 8}
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert rows(store, "SELECT sum(value) FROM v_participation") == [(180.0,)]


def test_a_confirmed_reading_counts_the_hidden_columns(store, tmp_path):
    path = tmp_path / "register_2567.xlsx"
    _register(path, hidden_columns=("D",)).save(path)
    (plan,) = plan_batch(store, [read_workbook(path)], "Office")
    assert not plan.ok
    outcome = ingest_files(store, [path], "Office", recipe=recipe_of(plan))
    assert outcome.status == "committed"
    assert rows(store, "SELECT sum(value) FROM v_participation") == [(180.0,)]


def test_only_the_hidden_columns_the_reading_uses_and_that_hold_data_are_asked_about():
    # The sheet's rows start at Excel column B (first_col 1): columns C … G and I are hidden.
    sheet = RawSheet("กิจกรรม", [["ชื่อกิจกรรม", "ผู้เข้าร่วม (คน)", "หญิง", "รวมช่วย", "กลุ่มเป้าหมาย", ""],
                                 ["อบรม ก", 30, 25, 55, None, "x"], ["อบรม ข", 40, 35, "  ", "  "]],
                     first_col=1, hidden_columns=frozenset({3, 4, 5, 6, 7, 9}))
    columns = [Column(0, "ชื่อกิจกรรม", "title"), Column(1, "ผู้เข้าร่วม (คน)", "participants_total"),
               Column(2, "หญิง", "participants_female"), Column(3, "รวมช่วย", "ignored"),
               Column(4, "กลุ่มเป้าหมาย", "target_group"), Column(5, "", None)]
    (doubt,) = hidden_doubts(sheet, [1, 2], columns=columns)
    assert doubt.code == "columns_hidden"
    assert doubt.text("en").startswith("columns hidden in Excel: C 'ผู้เข้าร่วม (คน)', D 'หญิง' (2 in all);")
    assert "คอลัมน์ C 'ผู้เข้าร่วม (คน)', D 'หญิง' (รวม 2 คอลัมน์)" in doubt.text("th")
    assert hidden_doubts(sheet, [1, 2]) == []  # no columns read, none asked about
    assert hidden_doubts(sheet, [], columns=columns) == []  # no data rows
    wide = RawSheet("x", [["a"] * 10, [1] * 10], hidden_columns=frozenset(range(1, 11)))
    (many,) = hidden_doubts(wide, [1], columns=[Column(j, "", "participants_total") for j in range(10)])
    assert many.text("en").startswith("columns hidden in Excel: A, B, C, D, E, F, G, H, … (10 in all)")


def test_hidden_columns_are_found_in_ranges_with_either_quotes():
    xml = (b'<worksheet><cols><col min="1" max="1" width="9"/><col min="3" max="5" hidden="1" style="2"/>'
           b"<col min='7' max='7' hidden='true'/><col min=\"8\" max=\"8\" hidden=\"0\"/><col hidden=\"1\"/>"
           b'<col min="10" hidden="1"/><col min="16383" max="99999999999999999999" hidden="1"/></cols>'
           b'<sheetData><row r="1"><c r="A1"/></row></sheetData><cols hidden="1" min="20" max="20"/>'
           b"</worksheet>")
    assert _hidden_columns(xml) == {3, 4, 5, 7, 16383, 16384}


def test_hidden_rows_are_found_with_or_without_their_row_number():
    xml = (b'<sheetData><row r="2" spans="1:4"><c r="A2"/></row><row r="5" hidden="1"><c r="A5"/></row>'
           b'<row hidden="true"/><row r="9" hidden="0"/><row r=\'12\' customHeight="1" hidden=\'1\'/></sheetData>')
    assert _hidden_rows(xml) == {5, 6, 12}


def test_row_numbers_are_said_as_runs():
    assert row_spans([20, 5, 9, 10, 11, 12]) == "5, 9–12, 20"
    assert row_spans(list(range(1, 40, 2)), shown=3) == "1, 3, 5, …"


def test_a_hidden_column_read_as_nothing_is_left_out_and_asks_nothing(store, tmp_path):
    """The doubt's other answer: 'ignore this column' for the hidden column, and the rest is read."""
    path = tmp_path / "register_2567.xlsx"
    _register(path, hidden_columns=("D",)).save(path)
    chosen = {path.name: {"กิจกรรม": {"จำนวนผู้เข้าร่วม (คน)": "ignored"}}}
    (plan,) = plan_batch(store, [read_workbook(path)], "Office", overrides=chosen)
    assert plan.ok, [(p.code, p.message_en) for p in plan.problems]
    assert len(plan.frames["activities"]) == 4 and "participation" not in plan.frames


def test_a_hidden_row_above_the_table_that_changes_the_reading_is_asked_about(store, tmp_path):
    """Found by a reviewer: a hidden 'หน่วย : พันบาท' over the table made every budget 1,000 times what
    whoever opens the file sees, without a question. A hidden row of words that change nothing (the
    register's dates give its year) asks nothing, as test_hidden_rows_that_hold_no_data_ask_nothing shows."""
    path = tmp_path / "register_2567.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "กิจกรรม"
    for row in [["ทะเบียนกิจกรรม ปีงบประมาณ 2567"], ["หน่วย : พันบาท"],
                ["ชื่อกิจกรรม", "อำเภอ", "วันที่", "จำนวนผู้เข้าร่วม (คน)", "งบประมาณ"],
                ["อบรม ก", "แม่ริม", "5/2/2567", 30, 1000]]:
        sheet.append(row)
    sheet.row_dimensions[2].hidden = True
    book.save(path)
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "refused"
    (doubt,) = [p for p in outcome.problems if p.code == "needs_review"]
    assert "hidden in Excel above the table: row 2 ('หน่วย : พันบาท')" in doubt.message_en and "แถว 2 เหนือตาราง" in doubt.message_th
    assert rows(store, "SELECT count(*) FROM activities") == [(0,)]
    sheet.row_dimensions[2].hidden = False  # shown, the unit is the sender's own: read as written
    book.save(path)
    assert ingest_files(store, [path], "Office").status == "committed"
    assert rows(store, "SELECT budget FROM activities") == [(1_000_000.0,)]
