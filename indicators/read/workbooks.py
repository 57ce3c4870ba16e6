"""Workbook files (every format but text) through calamine, with what calamine drops put back."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import python_calamine

from indicators.base.errors import ReadError
from indicators.read.calamine import calamine_sheets, parser_failure, read_isolated
from indicators.read.ods import restore_ods_details
from indicators.read.refusals import damaged, password_protected
from indicators.read.sheets import Workbook
from indicators.read.xls import restore_xls_details
from indicators.read.xlsx import guard_xlsx, restore_xlsx_cells, xlsx_marks


def read_spreadsheet(data: bytes, name: str, digest: str, kind: str) -> Workbook:
    try:
        if kind in ("xlsx", "xlsm"):
            guard_xlsx(data, name)
            with ThreadPoolExecutor(1) as beside:  # calamine parses without the GIL: the scan runs meanwhile
                marks = beside.submit(xlsx_marks, data, name)
                try:
                    sheets = calamine_sheets(data, name)
                finally:  # the scan's refusal (a text cell naming no shared text) comes first, as it did
                    flagged = marks.result()
            restore_xlsx_cells(data, sheets, flagged)
        elif kind == "ods":
            sheets = calamine_sheets(data, name)
            restore_ods_details(data, sheets, name)
        else:
            sheets = read_isolated(data, name)
            if kind == "xls":
                restore_xls_details(data, sheets)
    except ReadError:
        raise
    except BaseException as exc:  # CalamineError, XmlError, ZipError, a panic: all mean the same to the user
        if not parser_failure(exc):
            raise
        if isinstance(exc, getattr(python_calamine, "PasswordError", ())):
            raise password_protected(name) from exc
        raise damaged(name, f"{type(exc).__name__}: {exc}") from exc
    for sheet in sheets:  # merged ranges: absolute until now (restored cells may move a sheet's origin)
        sheet.merged = [(max(r0 - sheet.first_row, 0), max(c0 - sheet.first_col, 0), r1 - sheet.first_row,
                         c1 - sheet.first_col) for r0, c0, r1, c1 in sheet.merged
                        if r1 >= sheet.first_row and c1 >= sheet.first_col]
    return Workbook(file_name=name, sha256=digest, file_format=kind, sheets=sheets)
