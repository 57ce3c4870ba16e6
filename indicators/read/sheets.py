"""What reading gives: a Workbook of RawSheets — cells as written, with Excel's own coordinates."""

from __future__ import annotations

from dataclasses import dataclass, field

from indicators.read import limits


@dataclass
class RawSheet:
    """One sheet's cells as read: no header found, no type guessed, nothing dropped.

    cells: None, str, int, float, bool, datetime.datetime, datetime.date (Excel error cells as their text,
    e.g. "#REF!"; time-of-day and duration cells as the text Excel shows, e.g. "09:30:00", "26:30:00").
    rows[i][j] is the Excel cell at row first_row + i + 1, column first_col + j + 1. Rows may differ in
    length (CSV keeps each line as written); merged ranges are (first_row, first_col, last_row,
    last_col), 0-based inclusive, in the coordinates of `rows`.
    """

    name: str
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    first_row: int = 0
    first_col: int = 0
    hidden: bool = False  # hidden or "very hidden" in the workbook: read all the same, asked about
    hidden_rows: frozenset[int] = frozenset()  # Excel numbers of the rows Excel hides (.xlsx): asked about
    hidden_columns: frozenset[int] = frozenset()  # Excel numbers of columns Excel hides (.xlsx): asked about


@dataclass
class Workbook:
    file_name: str
    sha256: str  # of the file bytes: the same file uploaded twice is recognised
    file_format: str  # xlsx | xlsm | xls | xlsb | ods | csv | tsv — from the content, not the name
    sheets: list[RawSheet]
    encoding: str | None = None  # CSV only: utf-8, utf-8-sig, utf-16-le/be, utf-32-le/be, cp874
    delimiter: str | None = None  # CSV only
    decimal_comma: bool = False  # CSV only: numbers are written 5,3


def put_cell(sheet: RawSheet, row: int, col: int, value: object) -> None:
    """Write an absolute (0-based Excel) cell into a sheet read by calamine, growing it when needed."""
    if not (0 <= row < limits.MAX_ROWS and 0 <= col < limits.MAX_COLUMNS):
        return  # beyond any worksheet (a damaged or crafted file): nothing real to restore there
    if not sheet.rows:
        sheet.first_row, sheet.first_col = row, col
    if row < sheet.first_row:
        sheet.rows[:0] = [[] for _ in range(sheet.first_row - row)]
        sheet.first_row = row
    if col < sheet.first_col:
        pad = [None] * (sheet.first_col - col)
        sheet.rows = [pad + r for r in sheet.rows]
        sheet.first_col = col
    i, j = row - sheet.first_row, col - sheet.first_col
    while len(sheet.rows) <= i:
        sheet.rows.append([])
    cells = sheet.rows[i]
    if len(cells) <= j:
        cells.extend([None] * (j + 1 - len(cells)))
    cells[j] = value


def column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def share_texts(rows) -> list[list[object]]:
    """The rows as lists, "" as None and one str object per distinct text: readers make a new str for every
    cell, and a register repeats its districts, categories and dates on every row (a 200k-row CSV's
    cells in 58 MB instead of 251 MB). Only str are shared: 1 == 1.0 == True, so a shared number could
    change its type."""
    shared = {"": None}.setdefault
    return [[shared(cell, cell) if cell.__class__ is str else cell for cell in row] for row in rows]
