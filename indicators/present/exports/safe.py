"""Cells that are safe to open: text that a spreadsheet would run as a formula is neutralised — in every
workbook the project writes (exports, data downloads, the problems list, the blank templates), each of
which is saved through `save_workbook`, which checks every cell of every sheet once more.

Activity titles, district names and narratives come from uploads, so a title such as
`=HYPERLINK("http://…")` or `@SUM(1)` would become a live formula when a presenter opens the CSV or
XLSX (CSV/formula injection, OWASP). Text beginning with = + - @ (or a tab or carriage return, which
Excel strips before looking) gets a leading apostrophe, as OWASP advises. Only text is touched: a real
negative number stays a number. CSV is written as UTF-8 with a BOM so Excel on Windows shows Thai.
"""

from __future__ import annotations

import io

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_ENCODING = "utf-8-sig"  # UTF-8 with BOM: Excel otherwise reads Thai as mojibake


def neutralise(value: object) -> object:
    """Text that would start a formula gets a leading apostrophe; everything else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _is_text_column(column: pd.Series) -> bool:
    return column.dtype == object or isinstance(column.dtype, pd.StringDtype)


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell neutralised (numeric columns are left exactly as they are);
    column headers are text too, and are neutralised the same way."""
    safe = frame.copy()
    for name in safe.columns:
        if _is_text_column(safe[name]):
            safe[name] = safe[name].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as CSV, UTF-8 with BOM, formula-like text neutralised, no index."""
    buffer = io.StringIO()
    neutralise_frame(frame).to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode(CSV_ENCODING)


def xlsx_cell(value: object) -> object:
    """A value openpyxl may write as it is: neutralised text (openpyxl would otherwise store a string
    starting with "=" as a formula), control characters that XLSX cannot hold removed, missing
    values as empty cells, numpy numbers as Python numbers."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, str):
        # Remove first, then check: "\x01=SUM(1)" must not become a formula once cleaned.
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def save_workbook(workbook) -> bytes:
    """The .xlsx bytes of an openpyxl workbook, after every text or formula cell of every sheet went
    through xlsx_cell: whatever a writer put in, the file holds no live formula and no control character.
    (openpyxl stores any text starting with "=" as a formula; the project writes no formula of its own.)"""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = xlsx_cell(cell.value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
