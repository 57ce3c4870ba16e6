"""What calamine does not give of an .xls, from xlrd, asked for only when the bytes hold it: error cells
(calamine reads them as blank) and the rows and columns Excel hides (calamine reads them as any other)."""

from __future__ import annotations

import io
import re

import xlrd
from xlrd.compdoc import CompDoc

from indicators.read.sheets import RawSheet, put_cell

# In .xls (BIFF8): a BOOLERR record holding an error, or a FORMULA record whose cached result is one.
BIFF_ERROR_RECORD = re.compile(rb"\x05\x02\x08\x00[\s\S]{7}\x01|\x06\x00[\s\S]{8}\x02[\s\S]{5}\xff\xff")
# A ROW record (0x0208, 16 bytes; its option flags at byte 12 of the body, 0x20 = the row is hidden) and
# a COLINFO record (0x007D, 12 bytes; its options at byte 8, 0x01 = the columns are hidden).
BIFF_ROW = re.compile(rb"\x08\x02\x10\x00")
BIFF_COLINFO = re.compile(rb"\x7d\x00\x0c\x00")


def restore_xls_details(data: bytes, sheets: list[RawSheet]) -> None:
    errors, hidden = bool(BIFF_ERROR_RECORD.search(data)), _may_hide(data)
    if not (errors or hidden):
        return
    by_name = {s.name: s for s in sheets}
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, formatting_info=hidden,
                                  logfile=io.StringIO())
        for index, sheet_name in enumerate(book.sheet_names()):
            sheet = by_name.get(sheet_name)
            if sheet is None:
                continue
            source = book.sheet_by_index(index)
            if errors:
                _put_errors(source, sheet)
            if hidden:
                sheet.hidden_rows = frozenset(r + 1 for r, info in source.rowinfo_map.items() if info.hidden)
                sheet.hidden_columns = frozenset(c + 1 for c, info in source.colinfo_map.items() if info.hidden)
            book.unload_sheet(index)
    except Exception:  # xlrd is stricter than calamine on some files: keep calamine's reading
        return


def _put_errors(source, sheet: RawSheet) -> None:
    for row in range(source.nrows):
        for col, cell_type in enumerate(source.row_types(row)):
            if cell_type == xlrd.XL_CELL_ERROR:
                code = source.cell_value(row, col)
                put_cell(sheet, row, col, xlrd.error_text_from_code.get(code, "#ERROR"))


def _may_hide(data: bytes) -> bool:
    """Whether the workbook stream holds a ROW or COLINFO record that hides: searched in the stream as
    one piece (its sectors may lie apart in the file), so no such record is missed; a match inside other
    bytes only costs xlrd's reading, which then says."""
    try:
        document = CompDoc(data, logfile=io.StringIO())
        stream, start, length = document.locate_named_stream("Workbook")
        if stream is None:  # BIFF5 and older name it Book
            stream, start, length = document.locate_named_stream("Book")
    except Exception:
        return False
    if stream is None:
        return False
    body = memoryview(stream)[start:start + length].tobytes()
    return (any(body[m.end() + 12:m.end() + 13] and body[m.end() + 12] & 0x20 for m in BIFF_ROW.finditer(body))
            or any(body[m.end() + 8:m.end() + 9] and body[m.end() + 8] & 0x01 for m in BIFF_COLINFO.finditer(body)))
