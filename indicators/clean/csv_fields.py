"""A CSV row with more cells than its header: a comma inside a number written without quotes ("12,500")
splits it in two and moves every cell after it one column on, so "12,500,40" reads as a budget of 12 and
500 people, and the 40 falls off the end. Nothing tells such a row apart from a right one but its count
of cells, so a row whose cells go on past the header's is refused at its row (and one whose extra cells
are blank when two of its cells are a number cut at its comma, "1" and "200")."""

from __future__ import annotations

import re
from collections import Counter

from indicators.base.errors import Problem
from indicators.base.messages import problem
from indicators.understand.headers import is_blank

DELIMITED_FORMATS = ("csv", "tsv")
HEAD, THREE_DIGITS = re.compile(r"^-?\d{1,3}$"), re.compile(r"^\d{3}(?:\.\d+)?$")
MAX_ROWS_SHOWN = 20


def _split_thousands(cells: list) -> bool:
    """Two cells side by side that are one number cut at its thousands comma ("1" "200" of 1,200): with
    blank cells after them, the row's length alone does not tell it was cut."""
    return any(isinstance(a, str) and isinstance(b, str) and HEAD.match(a) and THREE_DIGITS.match(b)
               for a, b in zip(cells, cells[1:]))


def cells_beyond_the_header(sheet, sheet_plan, file_name: str, file_format: str) -> list[Problem]:
    """A problem per data row (up to MAX_ROWS_SHOWN, then one that counts the rest) whose filled cells
    go past the last cell of the header's rows."""
    if file_format not in DELIMITED_FORMATS or not sheet_plan.header_rows:
        return []
    header = [sheet.rows[row - sheet.first_row - 1] for row in sheet_plan.header_rows
              if 0 <= row - sheet.first_row - 1 < len(sheet.rows)]
    width = max(map(len, header), default=0)
    rows = [i for start in sheet_plan.data_rows for i in sheet_plan.records.get(start, [start])]
    # blank cells past the header are a cut number only where the sheet's rows are usually the header's length
    lengths = Counter(len(sheet.rows[i]) for i in rows)
    usual = min((n for n, seen in lengths.items() if seen == max(lengths.values())), default=width)
    over = [i for i in rows if len(sheet.rows[i]) > width and (any(not is_blank(c) for c in sheet.rows[i][width:])
                                                                or (usual <= width and _split_thousands(sheet.rows[i])))]
    found = [problem("cells_beyond_header", file=file_name, sheet=sheet.name, row=sheet.first_row + i + 1,
                     value=len(sheet.rows[i]), detail=width) for i in over[:MAX_ROWS_SHOWN]]
    if len(over) > MAX_ROWS_SHOWN:
        found.append(problem("more_rows", severity="error", file=file_name, sheet=sheet.name,
                             value=len(over) - MAX_ROWS_SHOWN, detail="cells_beyond_header"))
    return found
