"""Records that span several rows, as printed registers lay them out: the record's number ("ที่") and
title start it; its title, objectives and target group run on over the rows below, which have no
number; the table's title and header come back at the top of every printed page.

    ที่ | ชื่อโครงการ/กิจกรรม            | กลุ่มเป้าหมาย             | งบประมาณ
    1   | เรียนรู้สู่โลกกว้าง กับ อบต.     | นักเรียน จำนวน ๓ โรงเรียน   | 10,000.-บาท
        | นาทราย                        | แห่งละ ๒๐ คน พร้อมครูและ
        |                               | ๗๐ คน
Each record is then read once, its cells joined (texts) or added (amounts) over its rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from indicators.base.thai import thai_digits_to_ascii
from indicators.read import RawSheet
from indicators.understand.headers import Column, is_blank

RECORD_NUMBER = re.compile(r"^\s*[0-9๐-๙]{1,7}\s*\.?\s*$")
MAX_RECORD_NUMBER = 10_000_000
MIN_CONTINUED_SHARE = 0.25  # records span rows when at least this share of body rows carry no number
# ... and when those rows are sparse beside the numbered ones: a continuation holds the rest of a
# record's text, a row of its own fills as many cells as a numbered row does.
MAX_CONTINUED_FILL = 0.7


@dataclass
class Record:
    start: int  # index into RawSheet.rows of the row with the record's number
    rows: list[int]  # every row of the record, the start first


def record_number(cell: object) -> int | None:
    """A record's number as written: 12, 12.0, "๑๒", "12." (Thai digits in text included)."""
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, (int, float)):
        return int(cell) if float(cell).is_integer() and 0 < cell < MAX_RECORD_NUMBER else None
    if isinstance(cell, str) and cell.isascii() and cell.isdigit():  # "12", as most registers write it
        number = int(cell) if len(cell) <= 7 else 0
        return number or None
    if isinstance(cell, str) and RECORD_NUMBER.match(cell):
        number = int(thai_digits_to_ascii(cell).strip().rstrip("."))
        return number if number > 0 else None
    return None


ASCII_RECORD_NUMBER = "^[0-9]{1,7}$"  # RECORD_NUMBER's common case, as Arrow's regex writes it
ZEROS = "^0+$"


def numbered_cells(cells: list[object]) -> np.ndarray:
    """`record_number(cell) is not None` for every cell, the common cells in batches: texts of ASCII
    digits by Arrow, floats by numpy; any other cell (Thai digits, "12.", ints, blanks) one by one."""
    numbered = np.zeros(len(cells), dtype=bool)
    texts = [k for k, cell in enumerate(cells) if cell.__class__ is str]
    floats = [k for k, cell in enumerate(cells) if cell.__class__ is float]
    rest = set(range(len(cells))).difference(texts, floats)
    if texts:
        array = pa.array([cells[k] for k in texts], pa.large_string())
        plain = pc.match_substring_regex(array, ASCII_RECORD_NUMBER).to_numpy(zero_copy_only=False)
        zeros = pc.match_substring_regex(array, ZEROS).to_numpy(zero_copy_only=False)
        numbered[np.asarray(texts)[plain]] = ~zeros[plain]
        rest.update(np.asarray(texts)[~plain].tolist())
    if floats:
        values = np.array([cells[k] for k in floats], dtype=float)
        with np.errstate(invalid="ignore"):
            numbered[floats] = (values == np.floor(values)) & (values > 0) & (values < MAX_RECORD_NUMBER)
    for k in rest:
        numbered[k] = record_number(cells[k]) is not None
    return numbered


def numbering_column(columns: list[Column]) -> Column | None:
    """The column that numbers the records (set aside as row numbers), when there is one."""
    return next((c for c in columns if c.is_row_numbers), None)


def group_records(sheet: RawSheet, data_rows: list[int], numbering: Column, numbers=None,
                  first_data: int = 0) -> list[Record] | None:
    """The rows of a register grouped into records, or None when each row is a record of its own.
    `numbers` marks the body rows (from `first_data`) whose numbering cell holds a number, when known."""
    if numbers is not None:  # most rows numbered: every row is a record (no cell is read one by one)
        picked = np.asarray(data_rows, dtype=np.int64) - first_data
        if not len(picked) or numbers[picked].mean() > 1 - MIN_CONTINUED_SHARE:
            return None
    numbered = [i for i in data_rows if record_number(_cell(sheet, i, numbering.index)) is not None]
    if not numbered or len(data_rows) - len(numbered) < MIN_CONTINUED_SHARE * len(data_rows):
        return None
    numbered_set = set(numbered)
    unnumbered = [i for i in data_rows if i not in numbered_set]
    if _mean_fill(sheet, unnumbered) > MAX_CONTINUED_FILL * _mean_fill(sheet, numbered):
        return None
    records: list[Record] = []
    current: Record | None = None
    for i in data_rows:
        if record_number(_cell(sheet, i, numbering.index)) is not None:
            current = Record(i, [i])
            records.append(current)
        elif current is not None:
            current.rows.append(i)
    return records


def _mean_fill(sheet: RawSheet, rows: list[int], sample: int = 2000) -> float:
    """Filled cells per row, on a sample of the rows."""
    step = max(1, len(rows) // sample)
    picked = rows[::step]
    return sum(sum(not is_blank(c) for c in sheet.rows[i]) for i in picked) / max(1, len(picked))


def _cell(sheet: RawSheet, row: int, column: int) -> object:
    cells = sheet.rows[row]
    return cells[column] if column < len(cells) else None


def rows_before_first_record(data_rows: list[int], records: list[Record]) -> list[int]:
    """Rows after the header but before the first numbered row: no record holds them."""
    first = records[0].start if records else None
    return [i for i in data_rows if first is not None and i < first]


def joined_cell(sheet: RawSheet, record: Record, column: int) -> str | None:
    """A text cell of the record: its pieces over the record's rows, joined with a space."""
    pieces = [str(_cell(sheet, i, column)).strip() for i in record.rows if not is_blank(_cell(sheet, i, column))]
    return " ".join(pieces) if pieces else None
