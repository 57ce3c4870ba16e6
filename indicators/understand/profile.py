"""What a column holds, measured on a sample of its body rows: numbers (whole, decimal, their range),
amounts written with a unit ("10,000.-บาท"), people counted in text ("จำนวน ๙๖ คน"), dates, years,
periods, sex words, how many distinct values, whether the numbers count rows (1, 2, 3 …).

These are the contents half of the evidence: a header says what a column is meant to be; the profile
says what it is. Decisions are taken on a sample (at most SAMPLE_ROWS rows), so a 200k-row sheet costs
no more to understand than a 2k-row one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from indicators.base.text import clean_text, is_number_text, without_footnote_mark
from indicators.base.thai import thai_digits_to_ascii
from indicators.config import dash_cells, missing_cells, vocabulary
from indicators.understand.context import province_in_text
from indicators.understand.periods import month_number, parse_period

SAMPLE_ROWS = 2000
DASHES = dash_cells()
MISSING = missing_cells()
PEOPLE_IN_TEXT = re.compile(r"([0-9][0-9,]*)\s*(?:คน|ราย)(?![ก-๙])")
AMOUNT = re.compile(r"^\s*[-+]?([0-9][0-9,]*(?:\.[0-9]+)?)\s*[-.]*\s*[\u0e01-\u0e4ea-zA-Z%/.]{0,12}\s*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T].*)?$")
DAY_FIRST_DATE = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$")


@dataclass
class Profile:
    rows: int = 0
    filled: int = 0
    numbers: int = 0
    integers: int = 0
    amounts: int = 0  # numbers written with a unit or a trailing mark ("10,000.-บาท", "60 ราย")
    people_in_text: int = 0
    dates: int = 0
    periods: int = 0  # ISO intervals, month names with a year
    months: int = 0  # month names alone ("มกราคม", "ม.ค.", "Sept"): months of a year said elsewhere
    years: int = 0
    sexes: int = 0
    provinces: int = 0  # texts naming a Thai province (addresses)
    texts: int = 0
    dashes: int = 0  # "-" among numbers: nothing, zero in a Thai statistical table (clean/cells.py reads it so)
    missing: int = 0  # "n.a.", "..", "ไม่มีข้อมูล": a figure not given (clean/cells.py reads it as missing)
    long_texts: int = 0
    distinct: int = 0
    minimum: float | None = None
    maximum: float | None = None
    sequence: bool = False  # whole numbers counting up by one (row numbers), restarting allowed
    trailing_texts: int = 0  # text cells after the column's last number (a note or signature under the table)
    sample: list[str] = field(default_factory=list)

    def share(self, count: int) -> float:
        return count / self.filled if self.filled else 0.0

    @property
    def numeric(self) -> bool:
        """Numbers, allowing a few words written under the table in the same column."""
        body = self.filled - self.trailing_texts - self.missing
        return self.filled > 0 and body > 0 and self.numbers > 0 and self.numbers + self.dashes >= 0.8 * body

    @property
    def whole(self) -> bool:
        return self.numbers > 0 and self.integers == self.numbers

    @property
    def textual(self) -> bool:
        return self.filled > 0 and self.share(self.texts) >= 0.8


def _sample(indexes: list[int]) -> list[int]:
    if len(indexes) <= SAMPLE_ROWS:
        return indexes
    step = len(indexes) / (SAMPLE_ROWS // 2)
    return indexes[:SAMPLE_ROWS // 2] + [indexes[int(i * step)] for i in range(SAMPLE_ROWS // 2)]


def _number(cell: object) -> float | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        return float(cell) if cell == cell else None
    if isinstance(cell, str) and is_number_text(cell := without_footnote_mark(thai_digits_to_ascii(cell))):
        return float(cell.replace(",", "").strip())
    return None


def _sex_words() -> set[str]:
    words = set()
    for forms in vocabulary()["sex"].values():
        words |= {clean_text(w).casefold() for kind in ("words", "letters") for w in forms[kind]}
    return words


def profile_column(rows: list[list[object]], column: int, indexes: list[int]) -> Profile:
    """The profile of one column over the given body rows (indexes into `rows`), sampled."""
    found = Profile()
    sexes = _sex_words()
    values: list[float] = []
    seen: set[str] = set()
    texts_since_number = 0
    for i in _sample(indexes):
        row = rows[i]
        cell = row[column] if column < len(row) else None
        found.rows += 1
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        found.filled += 1
        text = clean_text(str(cell)) if isinstance(cell, str) else str(cell)
        seen.add(text.casefold())
        if len(found.sample) < 5 and text not in found.sample:
            found.sample.append(text[:40])
        if isinstance(cell, (datetime, date)):
            found.dates += 1
            continue
        number = _number(cell)
        if number is not None:
            texts_since_number = 0
            found.numbers += 1
            values.append(number)
            if float(number).is_integer():
                found.integers += 1
                if 1950 <= number <= 2100 or 2493 <= number <= 2643:
                    found.years += 1
            continue
        if text in DASHES:
            found.dashes += 1
            continue
        if text.casefold() in MISSING:
            found.missing += 1
            continue
        found.texts += 1
        texts_since_number += 1
        plain = thai_digits_to_ascii(text)
        if len(text) > 40:
            found.long_texts += 1
        if PEOPLE_IN_TEXT.search(plain):
            found.people_in_text += 1
        if AMOUNT.match(plain):
            found.amounts += 1
        if ISO_DATE.match(plain) or DAY_FIRST_DATE.match(plain):
            found.dates += 1
        elif len(text) <= 40 and (period := parse_period(text)) is not None and period.kind in (
                "interval", "month", "months", "date"):
            found.periods += 1
        elif not any(ch.isdigit() for ch in plain) and month_number(text):
            found.months += 1
        if text.casefold() in sexes:
            found.sexes += 1
        if len(text) > 12 and province_in_text(text):
            found.provinces += 1
    found.distinct = len(seen)
    found.trailing_texts = texts_since_number if found.numbers else 0
    if values:
        found.minimum, found.maximum = min(values), max(values)
        found.sequence = _counts_rows(values)
    return found


def _counts_rows(values: list[float]) -> bool:
    """1, 2, 3 … (restarting at 0 or 1 is allowed: a number per page or per group)."""
    if len(values) < 3 or not all(v.is_integer() for v in values):
        return False
    steps = sum(1 for a, b in zip(values, values[1:]) if b == a + 1 or b in (0, 1))
    return steps >= 0.9 * (len(values) - 1)


def people_in_text(text: str) -> int | None:
    """The last count of people written in a text ("๒๐ ครอบครัว ๔๐ คน" → 40), or None."""
    found = PEOPLE_IN_TEXT.findall(thai_digits_to_ascii(text or ""))
    return int(found[-1].replace(",", "")) if found else None
