"""A CSV row with more cells than its header: a comma inside a number written without quotes ("12,500")
splits it in two and moves every cell after it one column on, so "12,500,40" reads as a budget of 12 and
500 people, and the 40 falls off the end. Nothing tells such a row apart from a right one but its count
of cells, so a row whose cells go on past the header's is refused at its row."""

from __future__ import annotations

from indicators.base.errors import Problem
from indicators.base.messages import problem
from indicators.understand.headers import is_blank

DELIMITED_FORMATS = ("csv", "tsv")
MAX_ROWS_SHOWN = 20


def cells_beyond_the_header(sheet, sheet_plan, file_name: str, file_format: str) -> list[Problem]:
    """A problem per data row (up to MAX_ROWS_SHOWN, then one that counts the rest) whose filled cells
    go past the last cell of the header's rows."""
    if file_format not in DELIMITED_FORMATS or not sheet_plan.header_rows:
        return []
    header = [sheet.rows[row - sheet.first_row - 1] for row in sheet_plan.header_rows
              if 0 <= row - sheet.first_row - 1 < len(sheet.rows)]
    width = max(map(len, header), default=0)
    rows = [i for start in sheet_plan.data_rows for i in sheet_plan.records.get(start, [start])]
    over = [i for i in rows if len(sheet.rows[i]) > width and any(not is_blank(c) for c in sheet.rows[i][width:])]
    found = [problem("cells_beyond_header", file=file_name, sheet=sheet.name, row=sheet.first_row + i + 1,
                     value=len(sheet.rows[i]), detail=width) for i in over[:MAX_ROWS_SHOWN]]
    if len(over) > MAX_ROWS_SHOWN:
        found.append(problem("more_rows", severity="error", file=file_name, sheet=sheet.name,
                             value=len(over) - MAX_ROWS_SHOWN, detail="cells_beyond_header"))
    return found
