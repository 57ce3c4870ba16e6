"""Items numbered under a project: "1 | โครงการ X | 20,000 | 70" above "1.1 | กิจกรรม a | 8,000 | 30" and
"1.2 | กิจกรรม b | 12,000 | 40". A project's row that is the sum of its items, kept beside them, counts
every baht and person twice: the items are the activities (each with its own date and place) and the
project's row is dropped as their total, or as their heading when it holds no figure. A project row whose
figures are not its items' sum is asked about: whether the items are its parts or more of it is not
written.

Rows with no number under a numbered record ("- กลุ่มเยาวชน | 10", "- กลุ่มผู้สูงอายุ | 20" under
"1 | อบรม | 30"), two or more, whose figures add up to the record's in every figure column they fill, are
a breakdown of it: dropped, since the record counts them already."""

from __future__ import annotations

import re
from datetime import date, datetime

from indicators.base.dates import date_from_text, from_be_date_cell
from indicators.base.thai import thai_digits_to_ascii
from indicators.config.readings import Said, said
from indicators.understand.records import numbered_cells, record_number
from indicators.understand.relations import FIGURE_FIELDS, figures_of_row, sums_rows, values_of

SUB_NUMBER = re.compile(r"^\s*(\d{1,5})\s*\.\s*(\d{1,3})\s*\.?\s*$")


def _sub_number(cell: object) -> int | None:
    """The project number of an item's number ("1.2", 1.2 → 1), or None for any other cell."""
    if cell.__class__ is float and not cell.is_integer():
        text = repr(cell)
    elif cell.__class__ is str and "." in cell:  # most numbering cells hold none: no pattern tried on them
        text = thai_digits_to_ascii(cell)
    else:
        return None
    match = SUB_NUMBER.match(text)
    return int(match.group(1)) if match and int(match.group(2)) > 0 else None


def _breakdowns(sheet, figures, dates: int | None, rows: list[int], numbered, cells: list) -> dict[int, str]:
    """{row: "record_breakdown"} of the unnumbered rows that break the numbered record above them down:
    their dates, if any, the record's own (activities of their own that happen to add up have theirs)."""
    found: dict[int, str] = {}
    groups: list[tuple[int, list[int]]] = []
    for i, has_number, cell in zip(rows, numbered, cells):
        if has_number:
            groups.append((i, []))
        elif groups:
            groups[-1][1].append(None if _sub_number(cell) is not None else i)  # an item "1.1" is no breakdown
    for record, parts in groups:
        if len(parts) >= 2 and None not in parts and _adds_up(sheet, figures, record, parts) \
                and _dated_as(sheet, dates, record, parts):
            found.update(dict.fromkeys(parts, "record_breakdown"))
    return found


def _dated_as(sheet, dates: int | None, record: int, parts: list[int]) -> bool:
    """Whether each part is undated or dated as the record, the dates read: "01/02/2567" and "1 ก.พ. 2567"
    are the record's "1/2/2567". A date that cannot be read matches nothing."""
    if dates is None:
        return True
    days = [_day(sheet.rows[i][dates] if dates < len(sheet.rows[i]) else None) for i in [record, *parts]]
    return all(day is _UNDATED or day is not None and day == days[0] for day in days[1:])


_UNDATED = object()


def _day(cell: object) -> object:
    """The day a date cell holds, _UNDATED for a blank one, None for one that cannot be read."""
    if isinstance(cell, (datetime, date)):
        return from_be_date_cell(cell)
    if cell is None or cell.__class__ is str and not cell.strip():
        return _UNDATED
    return date_from_text(str(cell).strip(), date.today())


def _adds_up(sheet, figures, record: int, parts: list[int]) -> bool:
    """Whether every figure column the parts fill holds, on the record's row, their sum (each part filling one)."""
    compared = 0
    for column in figures:
        written = [v for v in values_of(sheet, parts, column.index) if v is not None]
        if not written:
            continue
        total = values_of(sheet, [record], column.index)[0]
        if total is None or abs(total - sum(written)) > 1e-6:
            return False
        compared += 1
    return compared > 0 and all(figures_of_row(sheet, figures, i) for i in parts)


def _may_be_an_item(cell: object) -> bool:
    return (cell.__class__ is str and "." in cell) or (cell.__class__ is float and not cell.is_integer())


def rows_counted_by_others(sheet, columns, numbering, rows: list[int]) -> tuple[dict[int, str], list[Said]]:
    """Among `rows`, the register's candidate data rows in order: ({row to drop: why}, doubts). Dropped are
    a project's row over its items ("items_total", or "items_heading" when it holds no figure) and the
    unnumbered rows that break a record down ("record_breakdown"); the doubts are the projects whose
    figures are not their items' sum."""
    k = numbering.index
    cells = [sheet.rows[i][k] if k < len(sheet.rows[i]) else None for i in rows]
    numbered = numbered_cells(cells)
    figures = [c for c in columns if c.field in FIGURE_FIELDS or c.is_age_band]
    dates = next((c.index for c in columns if c.field == "date"), None)
    dropped = _breakdowns(sheet, figures, dates, rows, numbered, cells) if not numbered.all() else {}
    if not any(map(_may_be_an_item, cells)):  # a register of 200k rows has none: one pass in C, no pattern
        return dropped, []
    items: dict[int, list[int]] = {}
    project, project_number = None, None
    for i, cell in zip(rows, cells):
        if (sub := _sub_number(cell)) is not None:
            if sub == project_number:
                items.setdefault(project, []).append(i)
        elif (whole := record_number(cell)) is not None:
            project, project_number = i, whole
    doubts = []
    for row, parts in items.items():
        if not figures_of_row(sheet, figures, row):
            dropped[row] = "items_heading"
        elif sums_rows(sheet, columns, row, parts):
            dropped[row] = "items_total"
        else:
            doubts.append(said("items_not_sum", row=sheet.first_row + row + 1, n=len(parts)))
    return dropped, doubts
