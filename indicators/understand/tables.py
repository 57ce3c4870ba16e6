"""Two tables on one sheet, one under the other ("ตารางที่ 1 … ตารางที่ 2 …" separated by blank rows):
read as one, the other table's rows would be taken as a title or as data of the wrong columns. The
reading names it as a doubt, for a person to split or confirm."""

from __future__ import annotations

from indicators.base.text import header_key
from indicators.config.readings import Said, said
from indicators.read import RawSheet
from indicators.understand.headers import is_blank, looks_numeric
from indicators.understand.layout import header_evidence
from indicators.understand.vocabulary import FieldCatalogue

MIN_FIGURE_ROWS = 2  # rows of figures above the header: a table, not a title
MIN_FIGURES = 2  # figures in a row of another table (a title holds a year at most)
HEADER_SCORE = 3


def another_table(sheet: RawSheet, header_start: int, first_data: int, catalogue: FieldCatalogue) -> Said | None:
    """The doubt when rows of figures stand above the header, or a second header follows a blank row."""

    def figures(row: list[object]) -> int:
        return sum(looks_numeric(c) for c in row if not is_blank(c))

    above = [i for i in range(header_start) if figures(sheet.rows[i]) >= MIN_FIGURES]
    if len(above) >= MIN_FIGURE_ROWS:
        return said("another_table", rows=f"{sheet.first_row + above[0] + 1}–{sheet.first_row + above[-1] + 1}")
    header = {header_key(c) for i in range(header_start, first_data) for c in sheet.rows[i] if not is_blank(c)}
    rows = sheet.rows
    for i in range(first_data + 1, len(rows) - 1):
        if any(not is_blank(c) for c in rows[i - 1]):
            continue  # a new table starts after a blank row, with a row of words
        cells = [c for c in rows[i] if not is_blank(c)]
        if not cells or figures(rows[i]):
            continue
        keys = {header_key(c) for c in cells}
        if len(keys - header) * 2 >= len(keys) >= 2 and header_evidence(rows[i], catalogue) >= HEADER_SCORE \
                and figures(rows[i + 1]) >= MIN_FIGURES:
            return said("another_table", rows=str(sheet.first_row + i + 1))
    return None
