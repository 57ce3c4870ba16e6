"""readers: bytes → cells for every format an office sends, and a clear refusal for everything else.

Every fixture is built here in tmp_path (no binary blobs in the repository). The real public files in
../shared/realdata are read as they are, when present.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
import re
import struct
import zipfile
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl import load_workbook
from openpyxl.chart import BarChart, Reference

from indicators.base.errors import ReadError
from indicators.read import RawSheet, Workbook, detect_delimiter, limits, read_workbook, sheets, sniff

REAL_DATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
THAI = re.compile("[\u0e00-\u0e7f]")
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# The report sheet below: used range from C5, a merged title, a merged two-row header at rows 8-9.
FIRST_ROW, FIRST_COL = 4, 2  # C5, 0-based
EXPECTED_MERGES = sorted([
    (0, 0, 0, 5),  # C5:H5 title
    (3, 0, 4, 0),  # C8:C9 ชื่อกิจกรรม
    (3, 1, 4, 1),  # D8:D9 วันที่
    (3, 2, 3, 4),  # E8:G8 ผู้เข้าร่วม over ชาย / หญิง / รวม
    (3, 5, 4, 5),  # H8:H9 หมายเหตุ
])


# --- builders --------------------------------------------------------------------------------------------


def report_workbook() -> OpenpyxlWorkbook:
    """What a municipal office sends: title rows, merged two-row header, BE dates typed into date cells."""
    wb = OpenpyxlWorkbook()
    ws = wb.active
    ws.title = "กิจกรรม"
    ws["C5"] = "ทะเบียนกิจกรรมการเรียนรู้ ปีงบประมาณ 2567"
    ws.merge_cells("C5:H5")
    ws["C6"] = "ข้อมูลสังเคราะห์"
    ws["C8"], ws["D8"], ws["E8"], ws["H8"] = "ชื่อกิจกรรม", "วันที่", "ผู้เข้าร่วม", "หมายเหตุ"
    ws["E9"], ws["F9"], ws["G9"] = "ชาย", "หญิง", "รวม"
    for cells in ("C8:C9", "D8:D9", "E8:G8", "H8:H9"):
        ws.merge_cells(cells)
    ws.append([None, None, "อบรมอาชีพ", datetime(2567, 1, 15), 10, 15, 25, None])
    ws.append([None, None, "ห้องเรียนดิจิทัล", datetime(2567, 2, 3, 9, 30), 12, 8, None, None])
    ws.append([None, None, "ปลูกป่า", date(2024, 3, 15), 20, 22, "=E12+F12", None])
    ws["G11"] = "#REF!"
    ws["G11"].data_type = "e"
    ws["H10"] = "#N/A"
    ws["H10"].data_type = "e"
    ws["H11"] = "#DIV/0!"
    ws["H11"].data_type = "e"
    hidden = wb.create_sheet("ซ่อน")
    hidden["A1"] = "lookup"
    hidden.sheet_state = "hidden"
    chart = wb.create_chartsheet("กราฟ")
    bars = BarChart()
    bars.add_data(Reference(ws, min_col=5, min_row=10, max_row=12))
    chart.add_chart(bars)
    return wb


def save(wb: OpenpyxlWorkbook, path: Path) -> Path:
    wb.save(path)
    return path


def xlsx_of(rows: list[list], title: str = "Sheet1") -> bytes:
    wb = OpenpyxlWorkbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def rewrite_member(data: bytes, member: str, change) -> bytes:
    """The same zip with one member's bytes passed through `change`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, change(content) if info.filename == member else content)
    return out.getvalue()


def with_sheet_data(sheet_data: bytes) -> bytes:
    """A one-sheet .xlsx whose <sheetData> is exactly this XML."""
    return rewrite_member(xlsx_of([["placeholder"]]), "xl/worksheets/sheet1.xml",
                          lambda xml: re.sub(rb"<sheetData>.*</sheetData>|<sheetData\s*/>", sheet_data, xml, flags=re.S))


def add_member(data: bytes, member: str, content: bytes) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(member, content)
    return buffer.getvalue()


ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"')


def ods_of(tables_xml: str) -> bytes:
    """An .ods written the way LibreOffice writes one (spans with covered cells, calcext error cells)."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES} office:version="1.2">'
        '<office:automatic-styles>'
        '<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/>'
        '</style:style><style:style style:name="ta2" style:family="table">'
        '<style:table-properties table:display="false"/></style:style></office:automatic-styles>'
        f'<office:body><office:spreadsheet>{tables_xml}</office:spreadsheet></office:body></office:document-content>')
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '</manifest:manifest>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def ods_text(value: str, extra: str = "") -> str:
    return f'<table:table-cell office:value-type="string"{extra}><text:p>{value}</text:p></table:table-cell>'


def ods_number(value: float) -> str:
    return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'


def cfb(stream_names: list[str], sector_shift: int = 9) -> bytes:
    """A minimal, valid Compound File Binary container: header, one FAT sector, one directory sector."""
    size = 1 << sector_shift
    free, end_of_chain, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = CFB_MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3 if size == 512 else 4, 0xFFFE, sector_shift, 6)
    struct.pack_into("<I", header, 44, 1)  # one FAT sector
    struct.pack_into("<I", header, 48, 1)  # directory starts in sector 1
    struct.pack_into("<III", header, 56, 4096, end_of_chain, 0)  # mini cutoff, no mini FAT
    struct.pack_into("<II", header, 68, end_of_chain, 0)  # no DIFAT sectors
    struct.pack_into("<109I", header, 76, 0, *[free] * 108)  # the FAT lives in sector 0
    header += bytes(size - 512)
    fat = struct.pack(f"<{size // 4}I", fat_sector, end_of_chain, *[free] * (size // 4 - 2))
    directory = bytearray(size)
    for index, name in enumerate(["Root Entry", *stream_names][: size // 128]):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le")
        entry[: len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded) + 2, 5 if index == 0 else 2, 1)
        struct.pack_into("<III", entry, 68, free, free, free)
        struct.pack_into("<I", entry, 116, end_of_chain)
        directory[index * 128:(index + 1) * 128] = entry
    return bytes(header) + fat + bytes(directory)


def cell(sheet: RawSheet, address: str) -> object:
    """The cell at an Excel address ("G11"), through first_row/first_col: the numbering under test."""
    letters, digits = re.fullmatch(r"([A-Z]+)(\d+)", address).groups()
    col = 0
    for letter in letters:
        col = col * 26 + ord(letter) - 64
    i, j = int(digits) - 1 - sheet.first_row, col - 1 - sheet.first_col
    assert i >= 0 and j >= 0, f"{address} lies before the sheet's first cell"
    row = sheet.rows[i] if i < len(sheet.rows) else []
    return row[j] if j < len(row) else None


def refused(source, file_name=None) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_workbook(source, file_name)
    error = caught.value
    assert error.message_en.strip() and THAI.search(error.message_th), (error.message_en, error.message_th)
    return error


# --- Excel: numbering, merges, dates, errors -------------------------------------------------------------


def test_xlsx_report_keeps_excel_row_numbers_and_merged_header(tmp_path):
    path = save(report_workbook(), tmp_path / "report.xlsx")
    book = read_workbook(path)
    assert isinstance(book, Workbook)
    assert book.file_format == "xlsx" and book.file_name == "report.xlsx"
    assert book.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert book.encoding is None and book.delimiter is None and book.decimal_comma is False
    assert [s.name for s in book.sheets] == ["กิจกรรม", "ซ่อน"]  # the chart sheet holds no table
    sheet = book.sheets[0]
    assert (sheet.first_row, sheet.first_col) == (FIRST_ROW, FIRST_COL)
    assert sheet.rows[0][0] == "ทะเบียนกิจกรรมการเรียนรู้ ปีงบประมาณ 2567"  # C5
    assert sorted(sheet.merged) == EXPECTED_MERGES
    assert [cell(sheet, a) for a in ("C8", "D8", "E8", "F8", "H8")] == ["ชื่อกิจกรรม", "วันที่", "ผู้เข้าร่วม", None,
                                                                        "หมายเหตุ"]
    assert [cell(sheet, a) for a in ("E9", "F9", "G9")] == ["ชาย", "หญิง", "รวม"]
    assert cell(sheet, "C12") == "ปลูกป่า" and cell(sheet, "E12") == 20
    assert sheet.hidden is False and book.sheets[1].hidden is True
    assert book.sheets[1].rows == [["lookup"]]


def test_xlsx_every_cell_matches_openpyxl_at_its_address(tmp_path):
    path = save(report_workbook(), tmp_path / "report.xlsx")
    sheet = read_workbook(path).sheets[0]
    for row in load_workbook(path)["กิจกรรม"].iter_rows():
        for source in row:
            if source.value is None or source.data_type in ("e", "f"):
                continue
            value = cell(sheet, source.coordinate)
            expected = source.value
            if isinstance(expected, datetime) and expected.time() == clock(0):
                assert value in (expected, expected.date()), source.coordinate
            else:
                assert value == expected, source.coordinate


def test_xlsx_buddhist_era_date_cells_keep_their_year(tmp_path):
    sheet = read_workbook(save(report_workbook(), tmp_path / "report.xlsx")).sheets[0]
    typed_be = cell(sheet, "D10")
    assert isinstance(typed_be, date) and (typed_be.year, typed_be.month, typed_be.day) == (2567, 1, 15)
    assert cell(sheet, "D11") == datetime(2567, 2, 3, 9, 30)  # a time of day stays a datetime
    assert cell(sheet, "D12") in (date(2024, 3, 15), datetime(2024, 3, 15))


def test_xlsx_error_cells_and_uncalculated_formulas_are_not_blank(tmp_path):
    sheet = read_workbook(save(report_workbook(), tmp_path / "report.xlsx")).sheets[0]
    assert cell(sheet, "G11") == "#REF!"
    assert cell(sheet, "H10") == "#N/A"
    assert cell(sheet, "H11") == "#DIV/0!"
    assert cell(sheet, "G12") == "=E12+F12"  # written by a script, never calculated: not a blank count


def test_xlsx_formula_with_empty_text_result_stays_blank():
    """Excel writes =IF(…,"",…) as t="str" with an empty <v>: a real blank, not an uncalculated formula."""
    data = xlsx_of([["a", "b"], [1, "=IF(A2>5,A2,\"\")"]])
    data = rewrite_member(data, "xl/worksheets/sheet1.xml", lambda xml: re.sub(
        rb'<c r="B2"[^>]*>.*?</c>', b'<c r="B2" t="str"><f>IF(A2&gt;5,A2,"")</f><v></v></c>', xml))
    sheet = read_workbook(data, "blank_formula.xlsx").sheets[0]
    assert sheet.rows == [["a", "b"], [1, None]]


def test_xlsx_cached_formula_values_are_read_and_escapes_decoded():
    data = xlsx_of([["a", "b", "c"], [1, 2, 3]])
    data = rewrite_member(data, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b'<c r="C2" t="n"><v>3</v></c>', b'<c r="C2"><f>A2+B2</f><v>3</v></c>').replace(
        b'<c r="B2" t="n"><v>2</v></c>', b'<c r="B2"><f>IF(A2&lt;0,1,2)</f><v/></c>'))
    sheet = read_workbook(data, "cached.xlsx").sheets[0]
    assert sheet.rows[1] == [1, "=IF(A2<0,1,2)", 3]


def test_xlsx_uncalculated_shared_formula_shows_the_formula_it_shares():
    sheet_data = (
        b'<sheetData><row r="1"><c r="A1" t="n"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f>'
        b'<v>2</v></c></row><row r="2"><c r="A2" t="n"><v>2</v></c><c r="B2"><f t="shared" si="0"/><v/></c></row>'
        b'<row r="3"><c r="A3" t="n"><v>3</v></c><c r="B3"><f t="shared" si="0"/></c></row></sheetData>')
    assert read_workbook(with_sheet_data(sheet_data), "shared.xlsx").sheets[0].rows == [[1, 2], [2, "=A1*2"], [3, "=A1*2"]]


def test_xlsx_uncalculated_formula_outside_the_used_range_grows_the_sheet():
    wb = OpenpyxlWorkbook()
    ws = wb.active
    ws["A1"], ws["C3"] = "=1+1", "x"
    buffer = io.BytesIO()
    wb.save(buffer)
    sheet = read_workbook(buffer.getvalue(), "grow.xlsx").sheets[0]
    assert (sheet.first_row, sheet.first_col) == (0, 0)
    assert cell(sheet, "A1") == "=1+1" and cell(sheet, "C3") == "x"


def test_xlsx_time_and_duration_cells_become_text():
    wb = OpenpyxlWorkbook()
    ws = wb.active
    ws.append(["start", "length"])
    ws.append([clock(9, 30), timedelta(hours=26, minutes=30)])
    buffer = io.BytesIO()
    wb.save(buffer)
    sheet = read_workbook(buffer.getvalue(), "times.xlsx").sheets[0]
    assert sheet.rows[1] == ["09:30:00", "26:30:00"]


def test_cell_types_are_the_documented_few(tmp_path):
    book = read_workbook(save(report_workbook(), tmp_path / "report.xlsx"))
    allowed = (type(None), str, int, float, bool, datetime, date)
    for sheet in book.sheets:
        for row in sheet.rows:
            assert all(isinstance(c, allowed) for c in row), row
            assert "" not in row  # blank is None


def test_empty_sheet_and_blank_first_rows(tmp_path):
    wb = OpenpyxlWorkbook()
    wb.active.title = "empty"
    wb.create_sheet("data")["B3"] = "x"
    book = read_workbook(save(wb, tmp_path / "blank.xlsx"))
    empty, data = book.sheets
    assert (empty.rows, empty.merged, empty.first_row, empty.first_col) == ([], [], 0, 0)
    assert (data.first_row, data.first_col, data.rows) == (2, 1, [["x"]])


# --- xlsm, ods, xls --------------------------------------------------------------------------------------


def test_xlsm_macro_enabled_workbook_reads_data_only(tmp_path):
    data = xlsx_of([["ชื่อกิจกรรม", "ผู้เข้าร่วม"], ["อบรม", 12]])
    data = rewrite_member(data, "[Content_Types].xml", lambda types: types.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"))
    data = add_member(data, "xl/vbaProject.bin", CFB_MAGIC + b"Attribute VB_Name = \"Module1\" Shell(\"calc\")")
    path = tmp_path / "with_macro.xlsm"
    path.write_bytes(data)
    book = read_workbook(path)
    assert book.file_format == "xlsm"
    assert book.sheets[0].rows == [["ชื่อกิจกรรม", "ผู้เข้าร่วม"], ["อบรม", 12]]
    assert "VB_Name" not in repr(book)  # only cell values leave the reader


def test_xlsm_by_name_only(tmp_path):
    path = tmp_path / "renamed.xlsm"
    path.write_bytes(xlsx_of([["a"], [1]]))
    assert read_workbook(path).file_format == "xlsm"
    assert read_workbook(path.read_bytes(), "renamed.xlsx").file_format == "xlsx"


def test_ods_written_by_pandas_keeps_position(tmp_path):
    path = tmp_path / "pandas.ods"
    frame = pd.DataFrame({"ชื่อกิจกรรม": ["อบรม", "ปลูกป่า"], "ผู้เข้าร่วม": [12, 30]})
    with pd.ExcelWriter(path, engine="odf") as writer:
        frame.to_excel(writer, sheet_name="กิจกรรม", startrow=4, startcol=2, index=False)
    book = read_workbook(path)
    assert book.file_format == "ods"
    sheet = book.sheets[0]
    assert (sheet.name, sheet.first_row, sheet.first_col) == ("กิจกรรม", 4, 2)
    assert cell(sheet, "C5") == "ชื่อกิจกรรม" and cell(sheet, "D7") == 30


def test_ods_merges_errors_and_hidden_sheets_like_libreoffice_writes_them():
    blank = '<table:table-cell table:number-columns-repeated="2"/>'
    title = ods_text("รายงาน", ' table:number-columns-spanned="3"')
    name = ods_text("ชื่อ", ' table:number-rows-spanned="2"')
    people = ods_text("ผู้เข้าร่วม", ' table:number-columns-spanned="2"')
    error = ('<table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0" '
             'calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>')
    tables = (
        '<table:table table:name="กิจกรรม" table:style-name="ta1">'
        '<table:table-column table:number-columns-repeated="5"/>'
        '<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="5"/>'
        '</table:table-row>'
        f'<table:table-row>{blank}{title}<table:covered-table-cell table:number-columns-repeated="2"/>'
        '</table:table-row>'
        f'<table:table-row>{blank}{name}{people}<table:covered-table-cell/></table:table-row>'
        f'<table:table-row>{blank}<table:covered-table-cell/>{ods_text("ชาย")}{ods_text("หญิง")}</table:table-row>'
        f'<table:table-row>{blank}{ods_text("อ่าน")}{ods_number(3)}{error}</table:table-row>'
        '</table:table>'
        f'<table:table table:name="ซ่อน" table:style-name="ta2"><table:table-row>{ods_text("x")}</table:table-row>'
        '</table:table>')
    book = read_workbook(ods_of(tables), "libreoffice.ods")
    sheet, hidden = book.sheets
    assert (sheet.first_row, sheet.first_col) == (3, 2)  # C4
    assert cell(sheet, "C4") == "รายงาน" and cell(sheet, "C5") == "ชื่อ" and cell(sheet, "E6") == "หญิง"
    assert cell(sheet, "E7") == "#DIV/0!"  # calamine alone reads this error as 0.0
    assert sorted(sheet.merged) == [(0, 0, 0, 2), (1, 0, 2, 0), (1, 1, 1, 2)]
    assert hidden.hidden is True and sheet.hidden is False


def test_xls_written_by_xlwt(tmp_path):
    xlwt = pytest.importorskip("xlwt", reason="xlwt (dev dependency) writes the .xls fixture")
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("กิจกรรม")
    ws.write(4, 2, "ทะเบียนกิจกรรม")
    ws.write_merge(7, 8, 2, 2, "ชื่อกิจกรรม")
    ws.write_merge(7, 7, 3, 4, "ผู้เข้าร่วม")
    ws.write(8, 3, "ชาย")
    ws.write(8, 4, "หญิง")
    ws.write(9, 2, "อบรม EncryptionInfo")  # stream names in cell text must not fool the sniffing
    ws.write(9, 3, 10)
    ws.row(9).set_cell_error(4, "#REF!")
    ws.write(9, 5, datetime(2567, 1, 15), xlwt.easyxf(num_format_str="DD/MM/YYYY"))
    hidden = wb.add_sheet("ซ่อน")
    hidden.write(0, 0, "x")
    hidden.visibility = 1
    path = tmp_path / "old.xls"
    wb.save(str(path))
    book = read_workbook(path)
    assert book.file_format == "xls"
    sheet = book.sheets[0]
    assert (sheet.first_row, sheet.first_col) == (4, 2)
    assert cell(sheet, "C5") == "ทะเบียนกิจกรรม" and cell(sheet, "C10") == "อบรม EncryptionInfo"
    assert cell(sheet, "D10") == 10 and cell(sheet, "E10") == "#REF!"
    assert isinstance(cell(sheet, "F10"), date) and cell(sheet, "F10").year == 2567
    assert sorted(sheet.merged) == [(3, 0, 4, 0), (3, 1, 3, 2)]
    assert book.sheets[1].hidden is True
    assert sniff._cfb_stream_names(path.read_bytes()) >= {"Root Entry", "Workbook"}


def test_xlsb_is_sniffed_from_content_and_damage_reported():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types><Override ContentType="application/vnd.ms-excel.sheet.'
                         'binary.macroEnabled.main"/></Types>')
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00not-a-real-record")
    assert sniff.sniff_format(data.getvalue(), "x.xlsx") == "xlsb"
    assert refused(data.getvalue(), "book.xlsb").code == "damaged"


# --- CSV: encodings -------------------------------------------------------------------------------------

THAI_ROWS = [["ชื่อกิจกรรม", "เขต", "ผู้เข้าร่วม"], ["อบรมอาชีพทำขนมไทย", "นครพิงค์", "25"],
             ["ห้องเรียนดิจิทัลสำหรับผู้สูงอายุ", "กาวิละ", "1,262"]]


def csv_bytes(rows: list[list[str]], encoding: str, delimiter: str = ",", newline: str = "\r\n") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return buffer.getvalue().encode(encoding)


@pytest.mark.parametrize(("encoding", "expected"), [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp874", "cp874"), ("utf-16", "utf-16"),
    ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"), ("utf-32", "utf-32"),
])
def test_csv_encodings_read_thai_exactly(encoding, expected):
    book = read_workbook(csv_bytes(THAI_ROWS, encoding), "thai.csv")
    assert book.encoding.startswith(expected)
    assert book.sheets[0].rows == THAI_ROWS
    assert (book.file_format, book.delimiter, book.sheets[0].name) == ("csv", ",", "thai")


def test_cp874_header_bytes_from_the_brief():
    data = "ชื่อกิจกรรม,ปี\r\nอบรม,2567\r\n".encode("cp874")
    assert data.startswith("ชื่อกิจกรรม".encode("cp874"))
    book = read_workbook(data, "tis620.csv")
    assert book.encoding == "cp874" and book.sheets[0].rows[0] == ["ชื่อกิจกรรม", "ปี"]


def test_latin1_is_never_guessed():
    error = refused("title,district\r\ncafé crème,Nord\r\nÉcole,Süd\r\n".encode("latin-1"), "latin1.csv")
    assert error.code == "unknown_encoding"
    assert "latin1.csv" in error.message_en and "CSV UTF-8" in error.message_en


def test_utf8_with_one_bad_byte_names_the_line():
    data = "ชื่อ,เขต\nอบรม,นครพิงค์\n".encode() + "ปลูกป่า".encode("cp874") + b",x\n"
    error = refused(data, "mixed.csv")
    assert error.code == "unknown_encoding" and "line 3" in error.message_en and "บรรทัดที่ 3" in error.message_th


def test_bom_that_lies_is_refused():
    assert refused(b"\xef\xbb\xbf" + "ชื่อ".encode("cp874"), "lying.csv").code == "unknown_encoding"


def test_nul_bytes_in_text_are_removed():
    book = read_workbook(b"title,n\r\nRead\x00ing club,3\r\n\x00", "nul.csv")
    assert book.sheets[0].rows == [["title", "n"], ["Reading club", "3"]]


def test_binary_is_not_text():
    assert refused(bytes(range(256)) * 64, "noise.csv").code == "not_a_spreadsheet"
    assert refused(b"\x00" * 5000, "zeros.csv").code == "not_a_spreadsheet"


# --- CSV: delimiters, quotes, decimal commas, cells as written -----------------------------------------


@pytest.mark.parametrize(("delimiter", "file_format"), [(",", "csv"), (";", "csv"), ("\t", "tsv"), ("|", "csv")])
def test_csv_delimiters(delimiter, file_format):
    rows = [["ชื่อ", "หมายเหตุ", "จำนวน"], ["a, b; c|d", "two\nlines", "1"], ["x", "", "2"]]
    book = read_workbook(csv_bytes(rows, "utf-8", delimiter), "file.txt")
    assert (book.delimiter, book.file_format) == (delimiter, file_format)
    assert book.sheets[0].rows == [["ชื่อ", "หมายเหตุ", "จำนวน"], ["a, b; c|d", "two\nlines", "1"], ["x", None, "2"]]


@pytest.mark.parametrize(("sample", "expected"), [
    ("1,5;2,5;3,5\n4,0;5,5;6,5\n", ";"),  # decimal commas outnumber the semicolons
    ("name,tags,n\nx,a;b,1\ny,c;d,2\n", ","),  # semicolons inside unquoted text
    ("a\tb, c\td\n1\t2, 3\t4\n", "\t"),
    ('title;n\n"x;y";1\n"p;q";2\n', ";"),
    ("Data extracted on 12/09/2025\nDataset: ;Adult learning;;\n;;;\nTIME;2020;;2021\nEU;9,2;;10,8\nDE;8,1;b;8,3\n",
     ";"),  # Eurostat: metadata block above the table
    ("only one column\nsecond\n", ","),
])
def test_detect_delimiter(sample, expected):
    assert detect_delimiter(sample, whole=True) == expected


def test_excel_separator_hint_line():
    book = read_workbook(b"sep=;\r\nname;n\r\nx,y;1,5\r\n", "hinted.csv")
    assert (book.delimiter, book.decimal_comma, book.sheets[0].rows) == (";", True, [["name", "n"], ["x,y", "1,5"]])


def test_csv_cells_stay_strings_as_written():
    text = "code,n,share,when\r\n007,\"1,234\",-,15/01/67\r\n,  ,๑๒,\r\nshort\r\n"
    rows = read_workbook(text.encode(), "strings.csv").sheets[0].rows
    assert rows == [["code", "n", "share", "when"], ["007", "1,234", "-", "15/01/67"], [None, "  ", "๑๒", None],
                    ["short"]]


@pytest.mark.parametrize(("rows", "delimiter", "expected"), [
    ([["geo", "2020", "2021"], ["EU", "9,2", "10,8"], ["DE", "8,1", ":"]], ";", True),
    ([["geo", "2020"], ["EU", "1.234,5"]], ";", True),
    ([["geo", "2020"], ["EU", "1,234,567"], ["DE", "2,5"]], ";", False),
    ([["geo", "2020"], ["EU", "1,250"]], ";", False),  # could be either: not enough to say
    ([["geo", "2020"], ["EU", "9,2"]], "\t", True),
    ([["geo", "2020"], ["EU", "9,2"]], ",", False),
])
def test_decimal_comma(rows, delimiter, expected):
    assert read_workbook(csv_bytes(rows, "utf-8", delimiter), "numbers.csv").decimal_comma is expected


def test_unbalanced_quote_points_at_the_row_and_line_where_it_opens():
    text = 'a,b\r\n1,"two\r\nlines"\r\n2,"open quote\r\n3,x\r\n4,y\r\n'
    error = refused(text.encode(), "quotes.csv")
    assert error.code == "bad_csv"
    assert "row 3" in error.message_en and "line 4" in error.message_en and "quotes.csv" in error.message_en
    assert "แถวที่ 3" in error.message_th and "บรรทัดที่ 4" in error.message_th
    assert "2,\"open quote" in error.message_en


def test_text_after_a_closing_quote_is_refused_with_its_row():
    error = refused(b'a,b\n1,"x"y\n', "after.csv")
    assert error.code == "bad_csv" and "row 2" in error.message_en


def test_web_page_saved_as_xls_is_named():
    page = "<html><head><meta charset='utf-8'></head><body><table><tr><td>ชื่อ</td></tr></table></body></html>"
    error = refused(page.encode(), "export.xls")
    assert error.code == "not_a_spreadsheet" and "web page" in error.message_en


def test_excel_2003_xml_is_named():
    xml = ('<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
           '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>')
    assert "Excel 2003 XML" in refused(xml.encode(), "report.xls").message_en


def test_csv_saved_under_a_workbook_name_is_read_as_text():
    book = read_workbook(b"a;b\r\n1;2\r\n", "really_text.xls")
    assert (book.file_format, book.delimiter, book.sheets[0].rows) == ("csv", ";", [["a", "b"], ["1", "2"]])


# --- files that are not spreadsheets, damaged or hostile ------------------------------------------------


@pytest.mark.parametrize(("data", "what"), [
    (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n" * 20, "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "PNG"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(200), "JPEG"),
    (b"GIF89a" + bytes(100), "GIF"),
])
def test_other_file_renamed_xlsx_says_what_it_is(data, what):
    error = refused(data, "report.xlsx")
    assert error.code == "not_a_spreadsheet" and what in error.message_en and "report.xlsx" in error.message_en


def test_empty_files():
    assert refused(b"", "empty.xlsx").code == "empty_file"
    assert refused(b" \r\n\r\n", "blank.csv").code == "empty_file"
    assert refused(b"\xef\xbb\xbf", "bom_only.csv").code == "empty_file"


def test_truncated_and_corrupted_xlsx_are_damaged(tmp_path):
    data = (save(report_workbook(), tmp_path / "report.xlsx")).read_bytes()
    assert refused(data[: len(data) // 2], "truncated.xlsx").code == "damaged"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        member = archive.getinfo("xl/worksheets/sheet1.xml")
    broken = bytearray(data)
    start = member.header_offset + 30 + len(member.filename) + 10
    broken[start:start + 200] = b"\xff" * 200
    assert refused(bytes(broken), "corrupted.xlsx").code == "damaged"


def test_other_zips_are_named():
    word = io.BytesIO()
    with zipfile.ZipFile(word, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types>wordprocessingml.document.main+xml</Types>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert "Word" in refused(word.getvalue(), "letter.xlsx").message_en
    plain = add_member(b"", "readme.txt", b"hello")
    error = refused(plain, "archive.xlsx")
    assert error.code == "not_a_spreadsheet" and "zip" in error.message_en


def zip_of_zeros(size: int) -> bytes:
    """A real zip whose one member unpacks to `size` zero bytes, written in chunks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = bytes(2**20)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def test_zip_bomb_by_compression_ratio():
    error = refused(zip_of_zeros(64 * 2**20), "bomb.xlsx")
    assert error.code == "zip_bomb" and "bomb.xlsx" in error.message_en


def test_zip_bomb_by_declared_size(monkeypatch):
    monkeypatch.setattr(limits, "MAX_COMPRESSION_RATIO", 10**9)  # only the size limit is under test
    monkeypatch.setattr(limits, "MAX_UNCOMPRESSED_BYTES", 16 * 2**20)
    assert refused(zip_of_zeros(32 * 2**20), "big.xlsx").code == "zip_bomb"


def test_zip_bomb_judged_from_the_central_directory_before_unpacking():
    """A member declaring 2 GiB is refused without a byte of it being inflated."""
    data = bytearray(xlsx_of([["a"], [1]]))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        member = archive.getinfo("xl/worksheets/sheet1.xml")
    offset = bytes(data).find(b"PK\x01\x02")
    while offset != -1:  # the central directory entry of the sheet: set its uncompressed size to 2 GiB - 1
        name_length, = struct.unpack_from("<H", data, offset + 28)
        if bytes(data[offset + 46:offset + 46 + name_length]) == member.filename.encode():
            struct.pack_into("<I", data, offset + 24, 2**31 - 1)
            break
        offset = bytes(data).find(b"PK\x01\x02", offset + 4)
    assert offset != -1
    assert refused(bytes(data), "liar.xlsx").code == "zip_bomb"


def test_a_stray_value_in_the_last_cell_is_refused_before_calamine_builds_the_grid():
    """One value in XFD1048576 would make calamine allocate 17 billion cells (~550 GB) and abort."""
    data = with_sheet_data(b'<sheetData><row r="1"><c r="A1" t="n"><v>1</v></c></row><row r="1048576">'
                           b'<c r="XFD1048576" t="n"><v>2</v></c></row></sheetData>')
    error = refused(data, "stray.xlsx")
    assert error.code == "too_many_cells" and "XFD" in error.message_en and "1,048,576" in error.message_en
    assert "Ctrl+End" in error.message_th
    lower_case = with_sheet_data(b"<sheetData><row r='1'><c r='a1' t='n'><v>1</v></c>"
                                 b"<c r='zz9999999' t='n'><v>2</v></c></row></sheetData>")
    assert refused(lower_case, "quotes.xlsx").code == "too_many_cells"


def test_wide_sheets_far_from_the_limit_are_read():
    header = [f"col{i}" for i in range(60)]  # columns up to BH: the careful path, not a refusal
    book = read_workbook(xlsx_of([header, *[[i] * 60 for i in range(50)]]), "wide.xlsx")
    assert len(book.sheets[0].rows) == 51 and len(book.sheets[0].rows[0]) == 60
    assert [sheets.column_letters(i) for i in (0, 25, 26, 701, 702, 16383)] == ["A", "Z", "AA", "ZZ", "AAA", "XFD"]


def test_shared_string_count_that_cannot_be_true_is_refused():
    """uniqueCount="4000000000" in a 200-byte part would make calamine reserve ~96 GB and abort."""
    data = with_sheet_data(b'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>')
    data = rewrite_member(data, "[Content_Types].xml", lambda types: types.replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
    data = rewrite_member(data, "xl/_rels/workbook.xml.rels", lambda rels: rels.replace(
        b"</Relationships>", b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/'
                             b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                             b"</Relationships>"))
    table = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
             '2006/main" count="1" uniqueCount="{}"><si><t>ชื่อ</t></si></sst>')
    honest = add_member(data, "xl/sharedStrings.xml", table.format(1).encode())
    assert read_workbook(honest, "honest.xlsx").sheets[0].rows == [["ชื่อ"]]
    inflated = add_member(data, "xl/sharedStrings.xml", table.format(4_000_000_000).encode())
    assert refused(inflated, "inflated.xlsx").code == "damaged"


def test_xls_whose_declared_size_would_crash_the_reader(tmp_path):
    """A DIMENSIONS record claiming 98 million rows × 65,535 columns: calamine would ask for terabytes and
    abort the process; read in a child process, it is a ReadError."""
    xlwt = pytest.importorskip("xlwt", reason="xlwt (dev dependency) writes the .xls fixture")
    wb = xlwt.Workbook()
    sheet = wb.add_sheet("s")
    for row in range(20):
        sheet.write(row, 0, row)
    path = tmp_path / "sound.xls"
    wb.save(str(path))
    data = bytearray(path.read_bytes())
    assert read_workbook(bytes(data), "sound.xls").sheets[0].rows[19] == [19]
    position = bytes(data).find(b"\x00\x02\x0e\x00")  # DIMENSIONS: rwMic, rwMac (u32), colMic, colMac (u16)
    assert position != -1
    struct.pack_into("<IIHH", data, position + 4, 0, 0x05DBEE82, 0, 0xFFFF)
    error = refused(bytes(data), "crafted.xls")
    assert error.code in ("damaged", "too_many_cells")


def test_limits_can_be_lowered(tmp_path, monkeypatch):
    path = tmp_path / "rows.csv"
    path.write_bytes(b"a\n" + b"1\n" * 30)
    monkeypatch.setattr(limits, "MAX_ROWS", 20)
    assert refused(path).code == "too_many_cells"
    assert refused(xlsx_of([[i] for i in range(30)]), "rows.xlsx").code == "too_many_cells"
    monkeypatch.setattr(limits, "MAX_TEXT_FILE_BYTES", 10)
    assert refused(path).code == "too_large"
    assert refused(b"a,b\n1,2\n3,4\n", "small.csv").code == "too_large"
    assert refused(io.BytesIO(b"a,b\n1,2\n3,4\n"), "stream.csv").code == "too_large"


def test_text_files_have_their_own_larger_size_limit(tmp_path, monkeypatch):
    """A CSV of Excel's million rows is ~300 MB, a workbook of as many cells far less: each kind is measured
    against its own limit, and the refusal names the limit that applied."""
    workbook = xlsx_of([[i, f"row {i}"] for i in range(200)])
    text = b"a,b\n" + b"1,2\n" * 200
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", len(text) - 1)
    monkeypatch.setattr(limits, "MAX_TEXT_FILE_BYTES", len(text))
    (tmp_path / "big.csv").write_bytes(text)
    for source in (tmp_path / "big.csv", text, io.BytesIO(text)):
        assert len(read_workbook(source, file_name="big.csv").sheets[0].rows) == 201
    monkeypatch.setattr(limits, "MAX_TEXT_FILE_BYTES", len(text) - 1)
    error = refused(text, "big.csv")
    assert error.code == "too_large" and f"{(len(text) - 1) // 2**20} MB, the limit for a CSV" in error.message_en
    monkeypatch.setattr(limits, "MAX_TEXT_FILE_BYTES", 10 * len(workbook))
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", len(workbook) - 1)
    (tmp_path / "big.xlsx").write_bytes(workbook)
    for source in (tmp_path / "big.xlsx", workbook, io.BytesIO(workbook)):
        error = refused(source, "big.xlsx")
        assert error.code == "too_large" and "the limit for a workbook" in error.message_en
        assert "ไฟล์ Excel/ODS" in error.message_th


def test_too_many_columns():
    assert refused((",".join(f"c{i}" for i in range(20_000)) + "\n").encode(), "wide.csv").code == "too_many_cells"


def test_password_protected_workbook_in_a_cfb_container():
    """Excel writes an encrypted .xlsx as a CFB container with EncryptionInfo and EncryptedPackage streams."""
    crude = CFB_MAGIC + bytes(504) + "EncryptionInfo".encode("utf-16-le") + bytes(1000)
    assert refused(crude, "secret.xlsx").code == "password_protected"
    proper = cfb(["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"])
    assert sniff._cfb_stream_names(proper) == {"Root Entry", "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"}
    error = refused(proper, "secret.xlsx")
    assert error.code == "password_protected" and "password" in error.message_en and "รหัสผ่าน" in error.message_th
    assert refused(cfb(["EncryptedPackage"], sector_shift=12), "big_sectors.xlsx").code == "password_protected"


def test_cfb_that_is_not_a_workbook():
    assert "Word" in refused(cfb(["WordDocument", "1Table"]), "letter.xls").message_en
    assert refused(cfb(["Workbook"]), "empty_stream.xls").code == "damaged"  # an xls with nothing in it


@pytest.mark.parametrize("cut", [9, 100, 300])
def test_truncated_xls_is_damaged_even_when_calamine_panics(cut):
    """calamine panics (a Rust panic → pyo3 PanicException, a BaseException) on a cut-off CFB directory."""
    assert refused(cfb(["Workbook"])[:-cut], "cut.xls").code == "damaged"


def test_never_anything_but_read_error(tmp_path):
    """Damage anywhere in a workbook or a CSV: the reader either reads it or raises ReadError."""
    rng = random.Random(8)
    workbook = (save(report_workbook(), tmp_path / "report.xlsx")).read_bytes()
    text = csv_bytes(THAI_ROWS, "cp874", ";")
    for source, name in ((workbook, "damaged.xlsx"), (text, "damaged.csv"), (ods_of(""), "damaged.ods")):
        for _ in range(25):
            data = bytearray(source)
            for _ in range(rng.randint(1, 8)):
                position = rng.randrange(len(data))
                data[position:position + rng.randint(1, 16)] = rng.randbytes(rng.randint(0, 16))
            try:
                read_workbook(bytes(data), name)
            except ReadError as error:
                assert error.message_en and THAI.search(error.message_th)


# --- sources ------------------------------------------------------------------------------------------------


def test_sources_path_str_bytes_and_file_objects(tmp_path):
    data = csv_bytes(THAI_ROWS, "utf-8")
    path = tmp_path / "activities.csv"
    path.write_bytes(data)
    expected = hashlib.sha256(data).hexdigest()
    for source, name in ((path, "activities.csv"), (str(path), "activities.csv"), (data, "upload"),
                         (io.BytesIO(data), "upload"), (path.open("rb"), "activities.csv")):
        book = read_workbook(source)
        assert (book.file_name, book.sha256, book.sheets[0].rows) == (name, expected, THAI_ROWS)
        if hasattr(source, "close"):
            source.close()
    assert read_workbook(data, "ชื่อไฟล์.csv").file_name == "ชื่อไฟล์.csv"
    assert refused(tmp_path / "missing.xlsx").code == "cannot_open"


# --- the real public files -----------------------------------------------------------------------------------


def real(name: str) -> Path:
    path = REAL_DATA / name
    if not path.exists():
        pytest.skip(f"real data file {name} is not beside the project")
    return path


def test_real_barnet_library_events():
    book = read_workbook(real("uk_barnet_library_events_2018_log.csv"))
    rows = book.sheets[0].rows
    assert (book.delimiter, book.encoding, book.decimal_comma) == (",", "utf-8", False)
    assert len(rows) == 4_313 and {len(r) for r in rows} == {6}
    assert rows[0] == ["Local authority", "Library name", "Event date", "Name", "Outcome", "Attendees"]


def test_real_dopa_population():
    book = read_workbook(real("th_chiangmai_dopa_population_by_tambon_age_sex_BE2567-05.csv"))
    rows = book.sheets[0].rows
    assert (book.delimiter, book.encoding) == (",", "utf-8-sig")
    assert len(rows[0]) == 214 and rows[0][0] == "ปีเดือน"
    assert {len(r) for r in rows} == {214}


def test_real_eurostat_adult_learning():
    book = read_workbook(real("eu_eurostat_sdg_04_60_adult_participation_in_learning_2000_2024.csv"))
    assert (book.delimiter, book.decimal_comma, book.encoding) == (";", True, "utf-8-sig")
    assert book.sheets[0].rows[0][0].startswith("Data extracted on")


def test_real_obec_school_students():
    book = read_workbook(real("th_obec_school_students_by_grade_sex_BE2565_raw_scrape.csv"))
    assert (book.delimiter, book.encoding, book.decimal_comma) == (",", "utf-8", False)
    assert book.sheets[0].rows[0][0] is None  # the scrape's unnamed index column
