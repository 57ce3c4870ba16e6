"""Where a sheet's table is: the header block (one to four rows, parents merged or simply written over
their children), the title rows above it and the first data row below it.

A header row is chosen by what its cells say (known headers from fields.yaml, words of the lexicon,
periods such as "พ.ศ. 2545") and by the shape of the rows under it: headers are words, data rows hold
numbers and dates in the columns the header names. A data cell never counts as header evidence: a row
full of numbers, or a year in row 35, is data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indicators.base.text import header_key, is_number_text
from indicators.config.readings import Said, said
from indicators.read import RawSheet
from indicators.understand.context import area_of_sheet_name
from indicators.understand.headers import HEADER_SEARCH_ROWS, UNIT_IN_BRACKETS, is_blank, parse_age_band
from indicators.understand.meaning import read_header
from indicators.understand.register_headings import month_of_heading
from indicators.understand.vocabulary import FieldCatalogue

MAX_HEADER_ROWS = 4
CLOSE_SCORE = 1.5  # a header candidate this close to the best, and above it in the sheet, is taken
BODY_SAMPLE_ROWS = 30


@dataclass
class Layout:
    header_start: int | None  # index into RawSheet.rows
    header_height: int = 1
    evidence: list[Said] = field(default_factory=list)

    @property
    def first_data(self) -> int:
        return (self.header_start or 0) + self.header_height


def _value_cell(cell: object) -> bool:
    """A cell that is data, not a label: a number, a date, or text that is a number."""
    if cell is None or isinstance(cell, bool):
        return False
    if isinstance(cell, (int, float)):
        return True
    if hasattr(cell, "year") and hasattr(cell, "month"):
        return True
    return isinstance(cell, str) and is_number_text(cell)


def _text_cells(row: list[object]) -> list[str]:
    return [str(c) for c in row if isinstance(c, str) and c.strip() and not is_number_text(c)]


def header_evidence(row: list[object], catalogue: FieldCatalogue) -> float:
    """How much a row reads as column names: known headers count most, lexicon words and periods less,
    numbers in the row count against it."""
    score = 0.0
    for cell in row:
        if is_blank(cell) or isinstance(cell, bool):
            continue
        if _year_like(cell):
            score += 1
            continue
        if (_value_cell(cell) or _amount_text(cell)) and not _age_text(cell):
            score -= 0.5
            continue
        text = header_key(cell)
        if text in catalogue.synonyms or UNIT_IN_BRACKETS.sub(" ", text).strip() in catalogue.synonyms:
            score += 2
            continue
        meaning = read_header(str(cell))
        if meaning.period or parse_age_band(text) or meaning.roles or meaning.measure or meaning.records or meaning.sex or meaning.total or meaning.rate:
            score += 1
    return score


def _year_like(cell: object) -> bool:
    """A year written as a column header (2545, "2020", 2563.0): header evidence, not data."""
    if isinstance(cell, bool):
        return False
    if isinstance(cell, (int, float)):
        return float(cell).is_integer() and (1950 <= cell <= 2100 or 2493 <= cell <= 2643)
    return isinstance(cell, str) and YEAR_TEXT.fullmatch(cell.strip()) is not None


YEAR_TEXT = re.compile(r"(?:19[5-9]\d|20\d\d|2[45]\d\d|26[0-4]\d)(?:\.0)?")


def _data_like(row: list[object]) -> bool:
    return sum(_value_cell(c) for c in row) >= 1


def _body_evidence(rows: list[list[object]], first: int) -> float:
    """Share of the rows below that look like data (hold a number or a date)."""
    sample = [r for r in rows[first:first + BODY_SAMPLE_ROWS] if any(not is_blank(c) for c in r)]
    if not sample:
        return 0.0
    return sum(_data_like(r) for r in sample) / len(sample)


def _header_like(row: list[object]) -> bool:
    """A row that can continue a header block: words only (periods allowed), nothing that is data."""
    filled = [c for c in row if not is_blank(c)]
    return bool(filled) and all(_year_like(c) or _age_text(c) or not (_value_cell(c) or _amount_text(c))
                                for c in filled)


def _age_text(cell: object) -> bool:
    """ "80 ปีขึ้นไป", "60-69 ปี": an age band, which looks like an amount with its unit but is a header."""
    return isinstance(cell, str) and not is_number_text(cell) and parse_age_band(header_key(cell)) is not None


def find_layout(sheet: RawSheet, catalogue: FieldCatalogue) -> Layout:
    """The best header block, or none when no row reads as one."""
    rows = sheet.rows
    candidates: list[tuple[float, int]] = []
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        filled = [c for c in row if not is_blank(c)]
        if len(filled) < 2 or not _text_cells(row):
            continue
        words_score = header_evidence(row, catalogue)
        if words_score < 1:
            continue
        height = _header_height(sheet, index, catalogue)
        candidates.append((words_score + 2 * _body_evidence(rows, index + height), index))
    if not candidates:
        return Layout(None)
    # The header printed again on every page scores as well as the first: the first one is the header.
    top = max(score for score, _ in candidates)
    best = next((score, index) for score, index in candidates if score >= top - CLOSE_SCORE)
    index = best[1]
    height = _header_height(sheet, index, catalogue)
    while index > 0 and height < MAX_HEADER_ROWS and _parent_row(sheet, index - 1, catalogue):
        index, height = index - 1, height + 1
    return Layout(index, height, [said("header_found", row=sheet.first_row + index + 1, score=round(best[0], 1),
                                       height=height)])


def _parent_row(sheet: RawSheet, index: int, catalogue: FieldCatalogue) -> bool:
    """The row right above a header is part of it when it holds words over the header's columns (a
    parent such as "พ.ศ. 2545" over "รับแจ้ง | จับกุม", or text cut across rows), not a one-cell title.
    A cell merged down into the header row ("ตำบล" over three header rows, "รวม" over two) sits over
    it whatever the header row holds below it."""
    above, header = sheet.rows[index], sheet.rows[index + 1]
    filled = [j for j, c in enumerate(above) if not is_blank(c)]
    if len(filled) < 2 or not _header_like(above) or header_evidence(above, catalogue) < 1:
        return False
    named = {j for j, c in enumerate(header) if not is_blank(c)}
    merged_down = {j for r0, c0, r1, c1 in sheet.merged if r0 == index and r1 > index for j in range(c0, c1 + 1)}
    return len(filled) <= len(named) + 1 + len(merged_down) and all(
        j in merged_down or {j - 1, j, j + 1} & named for j in filled)


def _header_height(sheet: RawSheet, start: int, catalogue: FieldCatalogue) -> int:
    """How many rows from `start` make the header: the rows below it that hold only words, sit under
    the header's cells (merged, or continuing them) and are followed by data."""
    rows = sheet.rows
    height = 1
    while height < MAX_HEADER_ROWS and start + height < len(rows):
        below = rows[start + height]
        if not _header_like(below) or not _continues_header(sheet, start, height, catalogue):
            break
        height += 1
    return height


def _continues_header(sheet: RawSheet, start: int, height: int, catalogue: FieldCatalogue) -> bool:
    """Row start+height belongs to the header when its words sit under merged header cells or name known
    children ("ชาย", "รวม"); or when they are short labels under blank or parent cells of the header
    ("สนับสนุน" under "งบประมาณ", units in brackets, text cut across rows) and data follows at once."""
    rows = sheet.rows
    width = max(len(r) for r in rows[start:start + height + 1])
    row = list(rows[start + height]) + [None] * width
    header = [list(r) + [None] * width for r in rows[start:start + height]]
    merged_over = {j for r0, c0, r1, c1 in sheet.merged if r0 <= start + height - 1 <= r1 and r0 >= start
                   for j in range(c0, c1 + 1)}
    children = {child for group in catalogue.parent_groups.values() for child in group}
    filled = [j for j in range(width) if not is_blank(row[j])]
    if not filled:
        return False
    structural = all(j in merged_over or header_key(row[j]) in children or header_key(row[j]) in catalogue.synonyms
                     or parse_age_band(header_key(row[j])) for j in filled)
    if structural or _translation_row(row, header[-1], filled, catalogue):
        return True
    if any(len(str(row[j]).split()) > 4 or area_of_sheet_name(row[j]) or month_of_heading(row[j]) for j in filled):
        return False  # a sentence, an area or a month named ("อำเภอบ้านไผ่" heading its rows): data, not a header
    data_follows = any(_data_like(r) for r in rows[start + height + 1:start + height + 3])
    under_parents = all(is_blank(header[-1][j]) or _spans(str(header[-1][j])) for j in filled)
    fewer = len(filled) < sum(not is_blank(c) for c in header[-1])
    return data_follows and (under_parents or fewer)


def _translation_row(row: list[object], header: list[object], filled: list[int], catalogue: FieldCatalogue) -> bool:
    """The header said again in another language under it ("ชื่อกิจกรรม | วันที่" over "Activity | Date"):
    the same columns filled, each cell a column name and none a date or a year (a form's value)."""
    named = [j for j, c in enumerate(header) if not is_blank(c)]
    if filled != named:
        return False
    said_again = [_same_period(row[j], header[j]) for j in filled]
    return all(again or (header_evidence([row[j]], catalogue) >= 1 and not _year_like(row[j])
                         and read_header(str(row[j])).period is None) for j, again in zip(filled, said_again)) \
        and any(not again for again in said_again)


def _same_period(cell: object, above: object) -> bool:
    """ "(2020)" under "2563": the period above said again in the other calendar, as the National
    Statistical Office heads its tables in Thai and English. A form's value is no period of its header."""
    if is_blank(cell) or is_blank(above):
        return False
    period, over = read_header(str(cell)).period, read_header(str(above)).period
    return period is not None and over is not None and (period.start, period.months) == (over.start, over.months) \
        and header_key(cell) != header_key(above)


AMOUNT_TEXT = re.compile(r"[-+]?[0-9๐-๙][0-9๐-๙,.\s]*[-.]*\s*[\u0e01-\u0e4ea-zA-Z%/.]{0,12}")


def _amount_text(cell: object) -> bool:
    """Text that is an amount written with its unit: "10,000.-บาท", "60 ราย", "12 %"."""
    return isinstance(cell, str) and AMOUNT_TEXT.fullmatch(cell.strip()) is not None


def header_texts(sheet: RawSheet, layout: Layout, width: int) -> list[str]:
    """Each column's header as written, the header rows joined with " / " (a parent spread over the
    columns it spans: merged, or — without merge information in its row — a blank cell continuing a count, a
    measure or a period written to its left)."""
    if layout.header_start is None:
        return [""] * width
    rows = [list(r) + [None] * width for r in sheet.rows[layout.header_start:layout.first_data]]
    grid = [["" if is_blank(c) else str(c).strip() for c in r[:width]] for r in rows]
    for k, r in enumerate(grid):
        absolute = layout.header_start + k
        for r0, c0, r1, c1 in sheet.merged:
            if r0 <= absolute <= r1 and c1 > c0:
                source = grid[r0 - layout.header_start][c0] if r0 >= layout.header_start else r[c0]
                for j in range(c0, min(c1, width - 1) + 1):
                    if not r[j]:
                        r[j] = source
        spans_known = any(r0 <= absolute <= r1 and c1 > c0 for r0, c0, r1, c1 in sheet.merged)
        if k < len(grid) - 1 and not spans_known:  # (merges elsewhere say nothing of this row's spans)
            for j in range(1, width):
                lower = [grid[m][j] for m in range(k + 1, len(grid)) if grid[m][j]]
                # a parent heads a child of its own: one merged down, or alone over blanks, heads no others
                heads = any(grid[m][j - 1] for m in range(k + 1, len(grid)))
                if not r[j] and r[j - 1] and lower and heads and _spans(r[j - 1]) \
                        and not any(_standalone(t) for t in lower):
                    r[j] = r[j - 1]
    body = sheet.rows[layout.first_data:layout.first_data + 200]
    for j in range(width):  # a "header" cell holding one of its column's values is data (a scrape's
        values = {str(r[j]).strip() for r in body if j < len(r) and r[j] is not None}  # id in the header row)
        for r in grid:
            if r[j] and is_number_text(r[j]) and r[j] in values:
                above = [str(row[j]).strip() for row in sheet.rows[:layout.header_start]
                         if j < len(row) and isinstance(row[j], str) and row[j].strip() and not is_number_text(row[j])]
                r[j] = above[-1] if above else ""
    texts = []
    for j in range(width):
        parts: list[str] = []
        for r in grid:
            if r[j] and (not parts or parts[-1] != r[j]):
                parts.append(r[j])
        texts.append(" / ".join(parts))
    return texts


def _spans(text: str) -> bool:
    """A header cell that is likely a parent over the cells to its right (no merge information): an age
    group over its sexes (`0-14 ปี` over `ชาย | หญิง | รวม`) as much as a measure or a period."""
    meaning = read_header(text)
    return bool(meaning.count or meaning.measure or meaning.total or meaning.period or meaning.sex or meaning.rate
                or meaning.age)


def _standalone(text: str) -> bool:
    """A header that names a column on its own (a note, a number, a name, an area), never a child."""
    return bool(set(read_header(text).roles) & {"text", "numbering", "name", "area", "date", "code"})


def title_text(sheet: RawSheet, layout: Layout) -> str:
    if layout.header_start is None:
        return ""
    return text_of_rows(sheet.rows[:layout.header_start])


def text_of_rows(rows: list[list[object]]) -> str:
    """The rows' filled cells as one text, as a title is read."""
    return " ".join(str(c).strip() for r in rows for c in r if not is_blank(c))
