"""A register grouped under area headings: a row holding nothing but an area's name ("อำเภอแม่ริม",
"เขต 2", an amphoe of the gazetteer) above the activities held there, the district written once for
them all. Read as a row, the heading is an activity with no date; its name is the district of every
activity below it, up to the next heading. Only in a sheet with no district column (one with its own
would say two things of one row), and only when the first row under the header is a heading: a grouped
register begins with one, and a title's second line that happens to name an amphoe ("… ณ ศาลาหมู่บ้าน" /
"อำเภอแม่ริม") is no heading of a register that did not.

A register grouped under month headings ("เดือนตุลาคม 2566", "ต.ค. 66") is read the same way: the month is
the date of every activity below it that has none of its own (a fiscal year's register otherwise took
the calendar year of its title or file name); a day written alone under one ("5") is that day of it."""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, datetime

from indicators.base.dates import MONTHNAME_YEAR, date_from_text
from indicators.base.thai import thai_digits_to_ascii
from indicators.understand.context import area_of_sheet_name
from indicators.understand.headers import is_blank
from indicators.understand.periods import month_number

MONTH_WORD = re.compile(r"^(?:ประจำ)?เดือน\s*")


def month_of_heading(cell: object) -> datetime | None:
    """The month a heading cell names with its year ("เดือนตุลาคม 2566", "ต.ค. 66", "October 2023"), else None."""
    if not isinstance(cell, str):
        return None
    text = MONTH_WORD.sub("", thai_digits_to_ascii(cell).strip().casefold()).replace("พ.ศ.", "").strip()
    return date_from_text(text, date.today()) if MONTHNAME_YEAR.match(text) else None


def month_alone(cell: object) -> int | None:
    """The month a heading cell names without a year ("เดือนมกราคม", "ม.ค."), else None."""
    if not isinstance(cell, str):
        return None
    return month_number(MONTH_WORD.sub("", cell.strip().casefold()).strip())


def _in_order(months: dict[int, object]) -> dict[int, datetime]:
    """Month headings with their years: one written without ("เดือนมกราคม" after "เดือนธันวาคม 2566") is the
    first such month after the heading above it (January 2567). Before any heading with a year, none is read."""
    dated: dict[int, datetime] = {}
    last = None
    for row, month in sorted(months.items()):
        if isinstance(month, datetime):
            last = dated[row] = month
        elif last is not None:
            year = last.year + (1 if month <= last.month else 0)
            last = dated[row] = datetime(year, month, 1)
    return dated


def register_headings(sheet, data_rows: list[int], width: int) -> tuple[dict[int, str], dict[int, datetime]]:
    """({row index: area}, {row index: month}) of the data rows that head the rows after them (the module)."""
    def sole_text(i: int) -> str | None:
        filled = [cell for cell in sheet.rows[i][:width] if not is_blank(cell)]
        return str(filled[0]).strip() if len(filled) == 1 and isinstance(filled[0], str) else None

    def headings(read) -> dict:
        def heading(i: int, after: int) -> object:
            found = read(text) if (text := sole_text(i)) else None
            return found if found is not None and sole_text(after) is None else None

        if len(data_rows) < 2 or heading(data_rows[0], data_rows[1]) is None:  # (one look for most registers)
            return {}
        return {i: found for i, after in zip(data_rows, data_rows[1:]) if (found := heading(i, after)) is not None}

    return headings(area_of_sheet_name), _in_order(headings(lambda text: month_of_heading(text) or month_alone(text)))


def heading_of_each_row(data_rows: list[int], headings: dict[int, object]) -> list[object]:
    """What each data row stands under (a district, a month): the last heading above it (None before the first)."""
    starts = sorted(headings)
    return [headings[starts[k]] if (k := bisect_right(starts, i) - 1) >= 0 else None for i in data_rows]


def days_of_their_months(cells: list, months: list) -> list:
    """Date cells under month headings with a day written alone ("5", 12) as that day of the month above
    them; every other cell as it is."""
    def day(cell: object, month: datetime | None) -> object:
        text = thai_digits_to_ascii(str(cell)).strip().removesuffix(".0") if cell is not None else ""
        if month is None or isinstance(cell, bool) or not text.isdigit() or not 1 <= int(text) <= 31:
            return cell
        try:
            return month.replace(day=int(text))
        except ValueError:  # 31 in a month of 30 days: left for the date reading to refuse
            return cell

    return [day(cell, month) for cell, month in zip(cells, months)]
