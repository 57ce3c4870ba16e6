"""Files that read wrongly or are refused for a wrong reason (issue 16, item 6): each gets the right reading
or the true reason, in English and Thai."""

from __future__ import annotations

import re

import pytest

from indicators.base.errors import ReadError
from indicators.ingest import ingest_files
from indicators.read import read_workbook
from tests.bad_inputs import number_cell, raw_activities, raw_row, raw_xlsx, text_cell
from tests.test_readers import ods_of, ods_text

THAI = re.compile("[\u0e00-\u0e7f]")
CITY = "Reader City"


def ods_with_uncalculated_formula() -> bytes:
    cells = ["activity code", "title", "date", "participants"]
    header = "".join(ods_text(c) for c in cells)
    row = (ods_text("A-1") + ods_text("Reading club") + ods_text("15/01/2567")
           + '<table:table-cell table:formula="of:=[.B2]*2"/>')
    return ods_of(f'<table:table table:name="activities"><table:table-row>{header}</table:table-row>'
                  f'<table:table-row>{row}</table:table-row></table:table>')


def test_an_ods_formula_without_a_stored_value_is_refused_like_in_xlsx(con, tmp_path):
    book = read_workbook(ods_with_uncalculated_formula(), "formula.ods")
    assert book.sheets[0].rows[1][3] == "=[.B2]*2"
    path = tmp_path / "formula.ods"
    path.write_bytes(ods_with_uncalculated_formula())
    outcome = ingest_files(con, [path], CITY)
    assert outcome.status == "refused"
    found = [p for p in outcome.problems if p.code == "not_a_number"]
    assert [(p.sheet, p.row, p.column) for p in found] == [("activities", 2, "participants")]
    assert con.execute("SELECT count(*) FROM uploads").fetchall() == [(0,)]


@pytest.mark.parametrize("extra", [b"", b"\n"])  # odd and even length: both used to fail differently
def test_a_utf16_mark_before_a_cp874_body_reads_the_thai(extra):
    body = "ชื่อกิจกรรม,เขต,จำนวนผู้เข้าร่วม\nอบรมอาชีพ,เหนือ,12\n".encode("cp874") + extra
    book = read_workbook(b"\xff\xfe" + body, "thai.csv")
    assert book.encoding == "cp874"
    assert book.sheets[0].rows[:2] == [["ชื่อกิจกรรม", "เขต", "จำนวนผู้เข้าร่วม"], ["อบรมอาชีพ", "เหนือ", "12"]]


def test_a_real_utf16_file_still_reads_as_utf16():
    book = read_workbook("ชื่อ,เขต\nอบรม,เหนือ\n".encode("utf-16"), "u16.csv")
    assert book.encoding == "utf-16-le" and book.sheets[0].rows == [["ชื่อ", "เขต"], ["อบรม", "เหนือ"]]


@pytest.mark.parametrize("index", ["-5", str(2**64 + 1), "1e3", " 12x"])
def test_a_text_index_outside_the_table_is_refused_naming_the_cell(index):
    with pytest.raises(ReadError) as refused:
        read_workbook(raw_activities(index), "bad_index.xlsx")
    assert refused.value.code == "damaged"
    assert "cell C2" in refused.value.message_en and "activities" in refused.value.message_en
    assert "C2" in refused.value.message_th and THAI.search(refused.value.message_th)


def test_text_indices_inside_the_table_read_as_written():
    rows = read_workbook(raw_activities(7), "good.xlsx").sheets[0].rows
    assert rows[1] == ["A-1", "Reading club", "North", "15/01/2567", 30.0]


def test_a_sheet_16384_columns_wide_and_51_rows_deep_is_read():
    """Too wide for the fast check, small enough to read: 51 × 16,384 = 835,584 cells (the limit is 50
    million). It used to be refused as '99,999 rows × 16,384 columns'."""
    header = raw_row(1, *(text_cell(f"{c}1", i) for c, i in zip("ABCDE", range(5))))
    body = "".join(raw_row(n, text_cell(f"A{n}", 5), text_cell(f"B{n}", 6), text_cell(f"C{n}", 7),
                           text_cell(f"D{n}", 8), number_cell(f"E{n}", n)) for n in range(2, 51))
    far = raw_row(51, number_cell("XFD51", 1))
    sheet = read_workbook(raw_xlsx(header + body + far, ["activity code", "title", "district", "date",
                                                          "participants", "A-1", "Reading club", "North",
                                                          "15/01/2567"]), "wide.xlsx").sheets[0]
    assert len(sheet.rows) == 51 and max(len(r) for r in sheet.rows) == 16_384


def test_a_grid_too_big_is_refused_with_its_true_size():
    header = raw_row(1, *(text_cell(f"{c}1", i) for c, i in zip("ABCDE", range(5))))
    far = raw_row(4000, number_cell("XFD4000", 1))  # 4,000 × 16,384 = 65.5 million cells
    with pytest.raises(ReadError) as refused:
        read_workbook(raw_xlsx(header + far, ["a", "b", "c", "d", "e"]), "big.xlsx")
    assert refused.value.code == "too_many_cells"
    assert "4,000 rows × 16,384 columns" in refused.value.message_en
    assert "4,000" in refused.value.message_th


def test_an_empty_formatted_cell_at_xfd1048576_is_no_stray_value():
    book = read_workbook(raw_activities(extra='<row r="1048576" s="3"><c r="XFD1048576" s="1"/></row>'), "styled.xlsx")
    assert book.sheets[0].rows[1][:3] == ["A-1", "Reading club", "North"]
    assert len(book.sheets[0].rows) == 2


def test_a_value_at_xfd1048576_is_still_refused_as_a_stray_value():
    with pytest.raises(ReadError) as refused:
        read_workbook(raw_activities(extra=raw_row(1048576, number_cell("XFD1048576", 1))), "stray.xlsx")
    assert refused.value.code == "too_many_cells" and "XFD" in refused.value.message_en


def test_a_150_mb_one_line_csv_is_refused_for_its_true_reason():
    with pytest.raises(ReadError) as refused:
        read_workbook(b"a" * (150 * 2**20), "one_line.csv")
    message = refused.value.message_en
    assert refused.value.code == "bad_csv"
    assert "quote" not in message.lower()
    assert "157,286,400 characters" in message and "line 1" in message
    assert "157,286,400" in refused.value.message_th and THAI.search(refused.value.message_th)


def test_an_unclosed_quote_is_still_blamed_on_the_quote():
    with pytest.raises(ReadError) as refused:
        read_workbook(b'title,district\n"Open quote,North\n' + b"x" * 200_000, "quote.csv")
    assert "quote" in refused.value.message_en.lower()
