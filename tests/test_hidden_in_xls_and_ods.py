"""Rows and columns hidden in an old .xls (most Thai government files still are) or an .ods: calamine reads
them as any other, so they were counted while whoever opens the file sees none of them. For .xls xlrd says
which they are, asked only when the workbook stream holds a record that hides; for .ods, content.xml."""
from __future__ import annotations

import pytest
from conftest import rows

from indicators.ingest.commit import ingest_files
from indicators.read import read_workbook
from indicators.read.xls import _may_hide
from tests.test_readers import ods_number, ods_of, ods_text

xlwt = pytest.importorskip("xlwt", reason="xlwt (dev dependency) writes the .xls fixture")

HEADER = ["ชื่อกิจกรรม", "อำเภอ", "วันที่", "จำนวนผู้เข้าร่วม (คน)"]
ACTIVITIES = [["อบรม ก", "แม่ริม", "1/2/2567", 30], ["อบรม ข", "สันทราย", "3/2/2567", 40],
              ["อบรม ค", "สันทราย", "5/2/2567", 50], ["อบรม ง", "สารภี", "7/2/2567", 60]]


def _register(path, hidden_rows=(), hidden_columns=()):
    """An .xls register; `hidden_rows` are Excel row numbers, `hidden_columns` 0-based column indexes."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("กิจกรรม")
    for r, row in enumerate([HEADER, *ACTIVITIES]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    for number in hidden_rows:
        sheet.row(number - 1).hidden = True
    for index in hidden_columns:
        sheet.col(index).hidden = True
    book.save(str(path))
    return path


def test_rows_and_columns_hidden_in_an_xls_are_read_as_hidden(tmp_path):
    path = _register(tmp_path / "register_2567.xls", hidden_rows=(3, 5), hidden_columns=(3,))
    (sheet,) = read_workbook(path).sheets
    assert (sheet.hidden_rows, sheet.hidden_columns) == ({3, 5}, {4})
    assert sheet.rows[2][0] == "อบรม ข"  # read all the same: whether they count is asked


def test_an_xls_that_hides_nothing_is_not_read_twice(tmp_path):
    path = _register(tmp_path / "register_2567.xls")
    assert not _may_hide(path.read_bytes())
    (sheet,) = read_workbook(path).sheets
    assert (sheet.hidden_rows, sheet.hidden_columns) == (frozenset(), frozenset())


def test_data_rows_hidden_in_an_xls_are_asked_about_and_nothing_is_stored(store, tmp_path):
    path = _register(tmp_path / "register_2567.xls", hidden_rows=(3, 4))
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "refused"
    (doubt,) = [p for p in outcome.problems if p.code == "needs_review"]
    assert "hidden in Excel: 3–4 (2 in all)" in doubt.message_en
    assert rows(store, "SELECT count(*) FROM activities") == [(0,)]


def test_a_hidden_column_of_figures_in_an_xls_is_asked_about(store, tmp_path):
    path = _register(tmp_path / "register_2567.xls", hidden_columns=(3,))
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "refused"
    (doubt,) = [p for p in outcome.problems if p.code == "needs_review"]
    assert "columns hidden in Excel: D 'จำนวนผู้เข้าร่วม (คน)'" in doubt.message_en
    assert rows(store, "SELECT count(*) FROM activities") == [(0,)]


def _ods_register(hidden_row: int | None = None, hidden_column: int | None = None) -> bytes:
    """An .ods register; `hidden_row` an Excel row number, `hidden_column` a 0-based column index (the
    columns after it written as one repeated run, the way LibreOffice writes them)."""
    columns = "".join(
        '<table:table-column table:visibility="collapse"/>' if j == hidden_column else "<table:table-column/>"
        for j in range(len(HEADER))) + '<table:table-column table:number-columns-repeated="1020"/>'
    body = []
    for r, row in enumerate([HEADER, *ACTIVITIES], start=1):
        cells = "".join(ods_number(v) if isinstance(v, int) else ods_text(v) for v in row)
        hide = ' table:visibility="collapse"' if r == hidden_row else ""
        body.append(f"<table:table-row{hide}>{cells}</table:table-row>")
    trailing = '<table:table-row table:number-rows-repeated="1048570" table:visibility="filter"><table:table-cell/></table:table-row>'
    return ods_of(f'<table:table table:name="กิจกรรม">{columns}{"".join(body)}{trailing}</table:table>')


def test_rows_and_columns_hidden_in_an_ods_are_read_as_hidden():
    (sheet,) = read_workbook(_ods_register(hidden_row=3, hidden_column=3), "register_2567.ods").sheets
    # the hidden run of a million empty rows below the table is not kept: no cell of it is read
    assert (sheet.hidden_rows, sheet.hidden_columns) == ({3}, {4})


def test_data_hidden_in_an_ods_is_asked_about_and_nothing_is_stored(store, tmp_path):
    path = tmp_path / "register_2567.ods"
    path.write_bytes(_ods_register(hidden_row=4, hidden_column=3))
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "refused"
    (doubt,) = [p for p in outcome.problems if p.code == "needs_review"]
    assert "hidden in Excel: 4 (1 in all)" in doubt.message_en
    assert "columns hidden in Excel: D 'จำนวนผู้เข้าร่วม (คน)'" in doubt.message_en
    assert rows(store, "SELECT count(*) FROM activities") == [(0,)]
