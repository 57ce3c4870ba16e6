"""A pivot table pasted as values: Excel's "Row Labels | … | Grand Total" under "Sum of Attendees |
Column Labels". The corner names what every figure counts; "Column Labels" names no column, and the items
under it are parts of that measure whatever their words say ("Code Club" is a club, not a code)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indicators.config.readings import said
from indicators.read import RawSheet
from indicators.understand.headers import Column, is_blank

ROW_LABELS = {"row labels", "ป้ายชื่อแถว"}
COLUMN_LABELS = {"column labels", "ป้ายชื่อคอลัมน์"}
AGGREGATE = re.compile(r"^\s*(?:sum|count|average|ผลรวม|นับ|ค่าเฉลี่ย)\s*(?:of|ของ)\s+(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Pivot:
    measure_words: str  # "Attendees" of "Sum of Attendees"
    items: frozenset[int]  # the columns under "Column Labels"


def find_pivot(sheet: RawSheet, header_start: int, first_data: int) -> Pivot | None:
    rows = [list(r) for r in sheet.rows[header_start:first_data]]
    texts = [(k, j, str(c).strip()) for k, r in enumerate(rows) for j, c in enumerate(r) if isinstance(c, str)]
    if not any(t.casefold() in ROW_LABELS | COLUMN_LABELS for _, _, t in texts):
        return None
    measure = next((m.group(1).strip() for _, _, t in texts if (m := AGGREGATE.match(t))), "")
    start = min((j for _, j, t in texts if t.casefold() in COLUMN_LABELS), default=None)
    last = rows[-1]
    items = frozenset(j for j in range(start, len(last)) if not is_blank(last[j])) if start is not None else frozenset()
    return Pivot(measure, items)


def read_as_pivot(pivot: Pivot, columns: list[Column]) -> None:
    """The column items are unnamed parts of the corner's measure; a total among them stays the whole."""
    for column in columns:
        if column.index in pivot.items and not column.total:
            column.header = column.measure_label = column.header.split(" / ")[-1]
            column.field, column.measure, column.period, column.year = "value", None, None, None
            column.evidence.append(said("pivot_item"))
