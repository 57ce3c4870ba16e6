"""Error cells of .xls files, which calamine reads as blank, from xlrd (only when the bytes hold one)."""

from __future__ import annotations

import io
import re

import xlrd

from indicators.read.sheets import RawSheet, put_cell

# In .xls (BIFF8): a BOOLERR record holding an error, or a FORMULA record whose cached result is one.
BIFF_ERROR_RECORD = re.compile(rb"\x05\x02\x08\x00[\s\S]{7}\x01|\x06\x00[\s\S]{8}\x02[\s\S]{5}\xff\xff")


def restore_xls_errors(data: bytes, sheets: list[RawSheet]) -> None:
    """Error cells of an .xls, which calamine reads as blank, from xlrd (only when the bytes hold one)."""
    if not BIFF_ERROR_RECORD.search(data):
        return
    by_name = {s.name: s for s in sheets}
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
        for index, sheet_name in enumerate(book.sheet_names()):
            sheet = by_name.get(sheet_name)
            if sheet is None:
                continue
            source = book.sheet_by_index(index)
            for row in range(source.nrows):
                for col, cell_type in enumerate(source.row_types(row)):
                    if cell_type == xlrd.XL_CELL_ERROR:
                        code = source.cell_value(row, col)
                        put_cell(sheet, row, col, xlrd.error_text_from_code.get(code, "#ERROR"))
            book.unload_sheet(index)
    except Exception:  # xlrd is stricter than calamine on some files: keep calamine's reading
        return
