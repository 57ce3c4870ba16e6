"""Rows and columns hidden in an old .xls (most Thai government files still are): calamine reads them as
any other, so they were counted while whoever opens the file sees none of them. xlrd says which they are,
asked only when the workbook stream holds a record that hides."""
from __future__ import annotations

import pytest
from conftest import rows

from indicators.ingest.commit import ingest_files
from indicators.read import read_workbook
from indicators.read.xls import _may_hide

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
