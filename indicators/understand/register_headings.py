"""A register grouped under area headings: a row holding nothing but an area's name ("อำเภอแม่ริม",
"เขต 2", an amphoe of the gazetteer) above the activities held there, the district written once for
them all. Read as a row, the heading is an activity with no date; its name is the district of every
activity below it, up to the next heading. Only in a sheet with no district column (one with its own
would say two things of one row), and only when the first row under the header is a heading: a grouped
register begins with one, and a title's second line that happens to name an amphoe ("… ณ ศาลาหมู่บ้าน" /
"อำเภอแม่ริม") is no heading of a register that did not."""

from __future__ import annotations

from bisect import bisect_right

from indicators.understand.context import area_of_sheet_name
from indicators.understand.headers import is_blank


def area_headings(sheet, data_rows: list[int], width: int) -> dict[int, str]:
    """{row index: area} of the data rows that head the rows after them (see the module)."""
    def sole_text(i: int) -> str | None:
        filled = [cell for cell in sheet.rows[i][:width] if not is_blank(cell)]
        return str(filled[0]).strip() if len(filled) == 1 and isinstance(filled[0], str) else None

    def heading(i: int, after: int) -> str | None:
        area = area_of_sheet_name(text) if (text := sole_text(i)) else None
        return area if area is not None and sole_text(after) is None else None

    if len(data_rows) < 2 or heading(data_rows[0], data_rows[1]) is None:  # (one look for most registers)
        return {}
    return {i: area for i, after in zip(data_rows, data_rows[1:]) if (area := heading(i, after)) is not None}


def district_of_each_row(data_rows: list[int], headings: dict[int, str]) -> list[str | None]:
    """The district each data row stands under: the last heading above it (None before the first)."""
    starts = sorted(headings)
    return [headings[starts[k]] if (k := bisect_right(starts, i) - 1) >= 0 else None for i in data_rows]
