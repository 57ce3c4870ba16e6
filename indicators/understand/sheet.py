"""Understanding a sheet: where its header is, what each column means, what kind of sheet it is,
and which rows are data (not titles, totals, blanks or footnotes).

Offices put one or two title rows above the table, merge a parent header over "ชาย | หญิง | รวม",
and end with a "รวม" row and a note. Counting a totals row as data doubles a figure, so every dropped
row is kept in the plan with its reason and shown to the researcher.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indicators.base.text import header_key
from indicators.read import RawSheet
from indicators.understand.headers import (
    Column,
    detect_header_row,
    is_blank,
    looks_numeric,
    match_field,
    parse_age_band,
)
from indicators.understand.rows import RowRules, classify_cells, drop_reasons, label_text
from indicators.understand.vocabulary import (
    ACTIVITIES,
    OUTCOMES,
    PARTICIPANT_LIST,
    PARTICIPANTS,
    STATISTICS,
    STATISTICS_WIDE,
    UNKNOWN,
    FieldCatalogue,
    load_field_catalogue,
)


@dataclass
class DroppedRow:
    row: int  # Excel row number
    reason: str  # totals | blank | footnote | totals_unlabelled
    text: str


@dataclass
class SheetPlan:
    """What the engine understood of one sheet, before any value is cleaned."""

    sheet: str
    kind: str
    header_rows: list[int]  # Excel row numbers of the header (one or two)
    columns: list[Column]
    data_rows: list[int] = field(default_factory=list)  # indexes into RawSheet.rows
    dropped: list[DroppedRow] = field(default_factory=list)
    title_text: str = ""  # text of the rows above the header (for a year or a measure name)

    def fields(self) -> dict[str, Column]:
        found: dict[str, Column] = {}
        for column in self.columns:
            if column.field and column.field not in ("age_band", "year_value", "ignored", "flag_value"):
                found.setdefault(column.field, column)
        return found

    def excel_row(self, sheet: RawSheet, index: int) -> int:
        return sheet.first_row + index + 1


def _horizontal_merges(sheet: RawSheet, row_index: int) -> list[tuple[int, int]]:
    return [(c0, c1) for r0, c0, r1, c1 in sheet.merged if r0 <= row_index <= r1 and c1 > c0]


def _vertical_merge_covers(sheet: RawSheet, row_index: int, col: int) -> bool:
    return any(r0 <= row_index < r1 and c0 <= col <= c1 for r0, c0, r1, c1 in sheet.merged)


def _is_sub_header(sheet: RawSheet, header_index: int, width: int, catalogue: FieldCatalogue) -> bool:
    """Is the row below the header a second header row (children of merged parents)?"""
    if header_index + 1 >= len(sheet.rows):
        return False
    header = sheet.rows[header_index] + [None] * width
    below = sheet.rows[header_index + 1] + [None] * width
    filled = [j for j in range(width) if not is_blank(below[j])]
    if not filled or any(looks_numeric(below[j]) or not isinstance(below[j], str) for j in filled):
        return False
    spans = _horizontal_merges(sheet, header_index)
    under_parent = 0
    for j in filled:
        text = header_key(below[j])
        if any(c0 <= j <= c1 for c0, c1 in spans) or is_blank(header[j]) or text in catalogue.synonyms or parse_age_band(text) or any(text in children for children in catalogue.parent_groups.values()):
            under_parent += 1
    return under_parent == len(filled)


def _parent_names(sheet: RawSheet, header_index: int, width: int, two_rows: bool) -> list[str]:
    """Header texts with merged parents spread over the columns they span."""
    header = list(sheet.rows[header_index]) + [None] * width
    names = ["" if is_blank(c) else str(c) for c in header[:width]]
    for c0, c1 in _horizontal_merges(sheet, header_index):
        for j in range(c0 + 1, min(c1, width - 1) + 1):
            if not names[j]:
                names[j] = names[c0]
    if two_rows and not sheet.merged:
        below = list(sheet.rows[header_index + 1]) + [None] * width
        # No merge information (CSV, .xls): a blank parent cell over a child continues the parent to its left.
        for j in range(1, width):
            if not names[j] and not is_blank(below[j]):
                names[j] = names[j - 1]
    return names


def understand_sheet(sheet: RawSheet, catalogue: FieldCatalogue | None = None,
                     overrides: dict[str, str] | None = None) -> SheetPlan:
    """`overrides` maps a normalised header to the field a researcher chose for it ('ignored' to skip
    it); chosen columns win over recognised ones when two claim the same field."""
    catalogue = catalogue or load_field_catalogue()
    overrides = {header_key(h): f for h, f in (overrides or {}).items()}
    rows = sheet.rows
    width = max((len(r) for r in rows), default=0)
    header_index = detect_header_row(rows, catalogue)
    if header_index is None:
        return SheetPlan(sheet=sheet.name, kind=UNKNOWN, header_rows=[], columns=[])
    two_rows = _is_sub_header(sheet, header_index, width, catalogue)
    parents = _parent_names(sheet, header_index, width, two_rows)
    below = (list(rows[header_index + 1]) + [None] * width) if two_rows else [None] * width
    columns: list[Column] = []
    for j in range(width):
        child = "" if is_blank(below[j]) else str(below[j])
        parent = parents[j]
        if two_rows and child:
            column = match_field(child, parent, catalogue)
        else:
            column = match_field(parent, "", catalogue)
            if two_rows and _vertical_merge_covers(sheet, header_index, j):
                column.header = parent
        column.index = j
        if overrides and (chosen := overrides.get(header_key(column.header))) and column.header:
            _choose_field(column, chosen)
        columns.append(column)
    _total_beside_its_parts(columns, catalogue)
    _mark_flag_columns(columns)
    _drop_duplicate_fields(columns)
    first_data = header_index + (2 if two_rows else 1)
    title_text = " ".join(
        str(c) for r in rows[:header_index] for c in r if not is_blank(c)
    )
    plan = SheetPlan(
        sheet=sheet.name,
        kind=decide_kind(columns, catalogue),
        header_rows=[sheet.first_row + header_index + 1 + k for k in range(2 if two_rows else 1)],
        columns=columns,
        title_text=title_text,
    )
    _classify_rows(sheet, plan, first_data, catalogue)
    return plan


def _total_beside_its_parts(columns: list[Column], catalogue: FieldCatalogue) -> None:
    """A lone "รวม" / "Total" header right after the parts of a group ("ผู้เข้าร่วม ชาย | ผู้เข้าร่วม หญิง |
    รวม", as many offices lay them out in one header row) is that group's total."""
    for position, column in enumerate(columns):
        if column.field or column.note == "chosen" or position < 2:
            continue
        word = header_key(column.header)
        before = {columns[position - 1].field, columns[position - 2].field}
        for children in catalogue.parent_groups.values():
            total = children.get(word)
            parts = set(children.values()) - {total}
            if total and before <= parts and len(before) == 2 and all(c.field != total for c in columns):
                column.field = total
                break


def _choose_field(column: Column, chosen: str) -> None:
    if chosen != column.field:
        column.field = chosen
        column.age_min = column.age_max = column.sex = column.year = None
    column.note = "chosen"


def _mark_flag_columns(columns: list[Column]) -> None:
    """Eurostat-style tables put an unnamed flag column after every year column."""
    for previous, column in zip(columns, columns[1:]):
        if previous.field == "year_value" and column.field is None and not column.header:
            column.field = "flag_value"
            column.flag_for = previous.index


def _drop_duplicate_fields(columns: list[Column]) -> None:
    seen: set[str] = set()
    for column in sorted(columns, key=lambda c: c.note != "chosen"):  # a researcher's choice wins
        if column.field in (None, "age_band", "year_value", "flag_value", "ignored"):
            continue
        if column.field in seen:
            column.note = f"duplicate:{column.field}"
            column.field = None
        else:
            seen.add(column.field)


def decide_kind(columns: list[Column], catalogue: FieldCatalogue) -> str:
    fields = {c.field for c in columns if c.field}
    groups = {catalogue.field_group.get(f, f) for f in fields}
    year_columns = sum(1 for c in columns if c.field == "year_value")
    age_with_sex = any(c.is_age_band and c.sex for c in columns)
    if "personal" in groups or ({"sex", "age"} & fields and "count" not in groups):
        return PARTICIPANT_LIST
    if year_columns >= 2 and not ({"title", "category"} & fields):
        return STATISTICS_WIDE
    if "population" in groups or ({"measure", "value"} <= fields) or (age_with_sex and "title" not in fields):
        return STATISTICS
    if {"title", "category"} & fields:
        return ACTIVITIES
    if "count" in groups or any(c.is_age_band for c in columns):
        return PARTICIPANTS
    if "outcome" in groups:
        return OUTCOMES
    return UNKNOWN


def _classify_rows(sheet: RawSheet, plan: SheetPlan, first_data: int, catalogue: FieldCatalogue) -> None:
    """Split the body into data rows and dropped rows (blank, totals, footnotes), each with a reason."""
    body = sheet.rows[first_data:]
    width = max((c.index for c in plan.columns), default=-1) + 1
    cells = classify_cells(body, width)
    header_texts = [header_key(c) for c in sheet.rows[first_data - 1]] if first_data > 0 else []
    rules = RowRules(tuple(p for p in catalogue.total_prefixes if p), tuple(p for p in catalogue.footnote_prefixes if p))
    reasons = drop_reasons(cells, [c.field for c in plan.columns], header_texts, rules)
    for offset, reason in enumerate(reasons):
        index = first_data + offset
        if reason is None:
            plan.data_rows.append(index)
        else:
            text = "" if reason == "blank" else label_text(sheet.rows[index])
            plan.dropped.append(DroppedRow(sheet.first_row + index + 1, reason, text))
