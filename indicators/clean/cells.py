"""Cleaning cell values, a whole column at a time.

Spreadsheet columns repeat the same few values (dates, districts, categories), so each parser works on
the column's *distinct* values and maps the answers back: a 200k-row column costs about as much as
its few hundred distinct cells. Blank and "unknown" cells (ไม่ระบุ, n/a) stay missing — never zero;
"-" in a count means zero. `invalid` marks cells that were written but could not be read, so the
caller can report them with their row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import NamedTuple

import numpy as np
import pandas as pd

from indicators.base.dates import date_from_text, from_be_date_cell
from indicators.base.text import cell_text, clean_text, clean_texts, without_footnote_mark
from indicators.base.thai import thai_digits_to_ascii, to_common_era
from indicators.clean.cell_units import factor_for
from indicators.config import dash_cells, missing_cells, vocabulary
from indicators.config.framework import area_codes
from indicators.understand.periods import hours_in_text, parse_period

MISSING_WORDS = missing_cells() | {""}  # (a cleaned cell of only spaces is empty)
DASHES = dash_cells()
EXCEL_EPOCH = datetime(1899, 12, 30)
MAX_EXCEL_SERIAL = 2958465
DATETIME64_MIN, DATETIME64_MAX = datetime(1678, 1, 1), datetime(2262, 4, 11)  # what datetime64[ns] can hold
NUMBER_TYPES = (int, float, np.integer, np.floating)


class ParseResult(NamedTuple):
    values: pd.Series
    invalid: pd.Series


class _Invalid:
    """Marker for a cell that was written but cannot be read."""


INVALID = _Invalid()


class _BoolCell:
    """True == 1 == 1.0 in Python, so bool cells need their own key or they would share 1.0's answer."""

    def __init__(self, value: bool) -> None:
        self.value = value


_TRUE_CELL, _FALSE_CELL = _BoolCell(True), _BoolCell(False)


# pandas' inferred kinds of a column that cannot hold a bool cell (a bool anywhere gives "boolean" or a
# "mixed…" kind).
NO_BOOLS = {"string", "empty", "integer", "floating", "mixed-integer-float", "decimal", "datetime", "date",
            "datetime64", "time", "timedelta"}


def _keys(series: pd.Series) -> np.ndarray:
    """Cells as an object array that is safe to factorize (bools swapped for their own markers)."""
    cells = series.to_numpy(dtype=object, na_value=None)
    if pd.api.types.infer_dtype(cells, skipna=True) in NO_BOOLS:  # one C pass: the common case
        return cells
    is_bool = pd.Series(cells, dtype=object).map(type).isin([bool, np.bool_]).to_numpy()
    if is_bool.any():
        cells = cells.copy()
        cells[is_bool] = np.where(cells[is_bool].astype(bool), _TRUE_CELL, _FALSE_CELL)
    return cells


def _map_unique(series: pd.Series, parse: Callable[[object], object], dtype: str,
                parse_many: Callable[[list[str]], list[object]] | None = None) -> ParseResult:
    """Parse each distinct cell once; parse returns None for missing, INVALID for unreadable.
    `parse_many`, when given, parses all the distinct text cells in one call (same answers as parse)."""
    cells = _keys(series)
    try:
        codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    except TypeError:  # an unhashable cell (rare): fall back to its text
        codes, uniques = pd.factorize(np.array([c if c is None else str(c) for c in cells], dtype=object))
    answers: list[object] = []
    bad: list[bool] = []
    parsed = iter(parse_many([cell for cell in uniques if isinstance(cell, str)]) if parse_many else ())
    for cell in uniques:
        if cell is None or cell is pd.NaT or cell is pd.NA or (isinstance(cell, float) and np.isnan(cell)):
            answer = None
        elif parse_many and isinstance(cell, str):
            answer = next(parsed)
        else:
            answer = parse(cell.value if isinstance(cell, _BoolCell) else cell)
        bad.append(answer is INVALID)
        answers.append(None if answer is INVALID else answer)
    # code -1 (missing) picks the appended trailing None / False
    if dtype == "datetime64[ns]":
        table = pd.to_datetime(pd.Series(answers + [None], dtype=object)).astype(dtype).array
    else:
        table = pd.array(answers + [None], dtype=dtype)
    values = pd.Series(table.take(codes), index=series.index, dtype=dtype)
    invalid = pd.Series(np.array(bad + [False], dtype=bool)[codes], index=series.index, dtype=bool)
    return ParseResult(values, invalid)


def normalise_text(series: pd.Series) -> pd.Series:
    """Text as people meant it: NFC, no zero-width characters or NULs, ASCII digits, single spaces."""
    return _map_unique(series, cell_text, "string", parse_many=_texts_to_text).values


def _texts_to_text(texts: list[str]) -> list[str | None]:
    """cell_text of many text cells at once."""
    return [cleaned or None for cleaned in clean_texts(texts)]


def _is_missing_text(text: str) -> bool:
    return text.casefold() in MISSING_WORDS


# A number as reports write it, a unit after it and Thai accounting's ".-" / "-." before the unit allowed
# ("10,000.-บาท", "1,250 คน", "12 %").
NUMBER = re.compile(r"^([+-]?)\s*([\d][\d,. ]*|[.,]\d+)\s*[-.]*\s*(%|[^\W\d_][^\d]{0,20})?$")
# A word after a number that multiplies it: the number alone would be a thousandth or a millionth of it
# ("ลบ." is ล้านบาท, a million baht).
MULTIPLIER = re.compile(r"^(?:ล้าน|ลบ\.|แสน|หมื่น|พัน(?!ธ)|(?:million|millions|thousand|thousands|billion|billions|mn|bn|k)\b)",
                        re.IGNORECASE)
BAHT_SIGN = re.compile(r"^฿\s*")  # "฿3,000": the sign written before the number
POINT_DECIMAL = re.compile(r"\d+(?:\.\d+)?|\.\d+|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?:\.\d+)?")
COMMA_DECIMAL = re.compile(r"\d+(?:,\d+)?|,\d+|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?: \d{3})+(?:,\d+)?")


def _number_from_text(text: str, decimal_comma: bool, units: dict[str, float] | None = None) -> object:
    """A number as written in a report: grouped thousands, a trailing unit (คน, บาท, %), "-" for zero.
    `units`: what the column's cells may say (clean/cell_units.py); a unit of another kind is unreadable."""
    if text in DASHES:
        return 0.0
    if _is_missing_text(text):
        return None
    match = NUMBER.match(BAHT_SIGN.sub("", without_footnote_mark(text), count=1))
    if not match:
        return INVALID
    sign, digits, _unit = match.groups()
    if _unit and MULTIPLIER.match(_unit):
        return INVALID  # "1.2 ล้าน", "5 พันบาท", "2 million": never the bare 1.2, 5 or 2
    factor = factor_for(_unit, units)
    if factor is None:
        return INVALID  # "30 นาที" is not 30 hours, "12 %" is not 12 people
    digits = digits.strip().rstrip(".") if _unit or digits.strip().endswith(".") else digits.strip()
    if decimal_comma:
        if not COMMA_DECIMAL.fullmatch(digits):
            return INVALID
        digits = digits.replace(".", "").replace(" ", "").replace(",", ".")
    else:
        if not POINT_DECIMAL.fullmatch(digits):
            return INVALID
        digits = digits.replace(",", "").replace(" ", "")
    value = float(digits) * factor
    return -value if sign == "-" else value


def unit_of_another_kind(cell: object, units: dict[str, float] | None) -> bool:
    """Whether a cell is a number followed by a unit its column does not count ("1 วัน" in hours)."""
    text = cell_text(cell) if isinstance(cell, str) else None
    match = NUMBER.match(without_footnote_mark(text)) if text else None
    return bool(match and match.group(3) and factor_for(match.group(3), units) is None)


def parse_number(series: pd.Series, decimal_comma: bool = False, units: dict[str, float] | None = None) -> ParseResult:
    """Numbers from report cells; decimal_comma for sheets written as "1.234,5"; `units` as in
    _number_from_text. A column of hours reads a length of time written out ("1 ชั่วโมง 30 นาที", "1:30")."""
    hours = units.get("hours") if units and "minutes" in units else None

    def parse(cell: object) -> object:
        if isinstance(cell, (bool, np.bool_)):
            return INVALID
        if isinstance(cell, NUMBER_TYPES):
            return float(cell) if np.isfinite(cell) else INVALID
        if isinstance(cell, (date, datetime)):
            return INVALID
        text = cell_text(cell)
        if text is None:
            return None
        if text.startswith("#"):  # Excel error cells: #REF!, #DIV/0!, #N/A, #VALUE!
            return INVALID
        if hours is not None and (length := hours_in_text(text)) is not None:
            return length * hours
        return _number_from_text(text, decimal_comma, units)

    return _map_unique(series, parse, "Float64")


def amount_of(cell: object) -> float | None:
    """One cell's amount ("10,000.-บาท", "๑๐,๐๐๐.-", 4000.0), or None when it holds no single number."""
    if isinstance(cell, (bool, np.bool_)):
        return None
    if isinstance(cell, NUMBER_TYPES):
        return float(cell) if np.isfinite(cell) else None
    text = cell_text(cell)
    if text is None:
        return None
    value = _number_from_text(text, decimal_comma=False)
    return value if isinstance(value, float) else None


def parse_count(series: pd.Series, decimal_comma: bool = False, units: dict[str, float] | None = None) -> ParseResult:
    """Same reading as parse_number; callers report fractional or negative counts with their own message."""
    return parse_number(series, decimal_comma, units)


YEAR_IN_TEXT = re.compile(
    r"^(?:(?:ปีงบประมาณ|ปีงบ|ปี|fy|year|พ\.?\s?ศ\.?|ค\.?\s?ศ\.?|b\.?e\.?|c\.?e\.?|a\.?d\.?)\s*)*(\d{4})$", re.IGNORECASE)
PLAUSIBLE_YEARS = range(1800, 2301)


def _year_of(cell: object) -> object:
    if isinstance(cell, (bool, np.bool_)):
        return INVALID
    if isinstance(cell, (datetime, date)):
        return to_common_era(cell.year)
    if isinstance(cell, NUMBER_TYPES):
        if not (np.isfinite(cell) and float(cell).is_integer()):
            return INVALID
        year = to_common_era(int(cell))
        return year if year in PLAUSIBLE_YEARS else INVALID
    text = cell_text(cell)
    if text is None or _is_missing_text(text):
        return None
    match = YEAR_IN_TEXT.match(text)
    if not match:
        # "2023/24", an academic or financial year: the year it starts in, as in a wide table's header
        period = parse_period(text)
        return period.year if period is not None and period.kind == "split_year" else INVALID
    year = to_common_era(int(match.group(1)))
    return year if year in PLAUSIBLE_YEARS else INVALID


def parse_year(series: pd.Series) -> ParseResult:
    """Years in CE from "2567", "พ.ศ. 2567", "FY2567", 2024.0 or a date cell."""
    return _map_unique(series, _year_of, "Int64")


def _in_datetime64_range(value: datetime) -> bool:
    return DATETIME64_MIN <= value <= DATETIME64_MAX


def parse_date(series: pd.Series, today: date | None = None) -> ParseResult:
    """Dates from date cells, Excel serial numbers and Thai or English text; BE years become CE."""
    today = today or date.today()

    def parse(cell: object) -> object:
        if isinstance(cell, (bool, np.bool_)):
            return INVALID
        if isinstance(cell, (datetime, date)):
            value = from_be_date_cell(cell)
        elif isinstance(cell, NUMBER_TYPES):
            if not (np.isfinite(cell) and 1 <= cell <= MAX_EXCEL_SERIAL):
                return INVALID
            value = EXCEL_EPOCH + timedelta(days=int(cell))
        else:
            text = cell_text(cell)
            if text is None or _is_missing_text(text):
                return None
            if re.fullmatch(r"\d{5}", text):  # an Excel serial that arrived as text
                value = EXCEL_EPOCH + timedelta(days=int(text))
            else:
                value = date_from_text(text, today)
                if value is None:
                    return INVALID
        return value if _in_datetime64_range(value) else INVALID

    return _map_unique(series, parse, "datetime64[ns]")


BARE_YEAR = re.compile(r"^(?:พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)?\s*(\d{4})$")
BE_YEARS, CE_YEARS = range(2450, 2701), range(1950, 2201)  # as serial dates they would be 1906-07 or 1905


def years_in_date_cells(series: pd.Series) -> pd.Series:
    """The CE year of each date cell that holds a year alone (2567, "พ.ศ. 2567", 2024), else NA: read as a
    serial date, 2567 would be a day of 1907."""

    def year_alone(cell: object) -> object:
        if isinstance(cell, (bool, np.bool_, datetime, date)):
            return None
        if isinstance(cell, NUMBER_TYPES):
            number = int(cell) if np.isfinite(cell) and float(cell).is_integer() else None
        else:
            match = BARE_YEAR.match(cell_text(cell) or "")
            number = int(match.group(1)) if match else None
        return to_common_era(number) if number in BE_YEARS or number in CE_YEARS else None

    return _map_unique(series, year_alone, "Int64").values


FISCAL_YEAR_TEXT = re.compile(r"^(?:ปี\s*งบ(?:ประมาณ)?|งบประมาณ|fy|fiscal\s*year)\s*(?:พ\.?\s?ศ\.?)?\s*(\d{2}|\d{4})$")


def fiscal_years_in_date_cells(series: pd.Series) -> pd.Series:
    """The CE fiscal year of each date cell that holds a fiscal year alone ("ปีงบประมาณ 2567", "ปีงบ 67",
    "FY2567"), else NA."""
    def fiscal_alone(cell: object) -> object:
        text = cell_text(cell) if isinstance(cell, str) else None
        match = FISCAL_YEAR_TEXT.match(thai_digits_to_ascii(text).casefold()) if text else None
        if match is None:
            return None
        year = int(match.group(1))
        year = to_common_era(year + 2500 if year < 100 else year)
        return year if year in PLAUSIBLE_YEARS else None

    return _map_unique(series, fiscal_alone, "Int64").values


def parse_period_yymm(series: pd.Series) -> ParseResult:
    """DOPA periods: "6705" = May BE 2567 = May 2024 (also "256705" and number cells)."""

    def parse(cell: object) -> object:
        if isinstance(cell, (bool, np.bool_, datetime, date)):
            return INVALID
        text = cell_text(cell)
        if text is None or _is_missing_text(text):
            return None
        match = re.fullmatch(r"(\d{2}|\d{4})(\d{2})", text)
        if not match or not 1 <= int(match.group(2)) <= 12:
            return INVALID
        year = int(match.group(1))
        year = to_common_era(2500 + year if year < 100 else year)
        return datetime(year, int(match.group(2)), 1) if year in PLAUSIBLE_YEARS else INVALID

    return _map_unique(series, parse, "datetime64[ns]")


def fiscal_year(dates: pd.Series) -> pd.Series:
    """Thai fiscal year (CE) of each date: October to December belong to the next year's budget."""
    dates = pd.to_datetime(dates, errors="coerce")
    return (dates.dt.year + (dates.dt.month >= 10).astype(int)).astype("Int64")


def _forms(words: list[str]) -> list[str]:
    return [clean_text(w).casefold() for w in words]


MODE_WORDS = {mode: _forms(words) for mode, words in vocabulary()["mode"].items()}
MODES = {word: mode for mode, words in MODE_WORDS.items() for word in words}
MODES.update({word: mode for mode, words in vocabulary()["mode_exact"].items() for word in _forms(words)})
SEXES = {word: sex for sex, forms in vocabulary()["sex"].items()
         for word in _forms([*forms["words"], *forms["letters"], *forms["titles"]])}


def _mode_of(cell: object) -> object:
    """Exact words first; then free text naming a mode ("อบรมออนไลน์ผ่าน Zoom"), both kinds meaning hybrid."""
    text = cell_text(cell)
    if text is None or _is_missing_text(text):
        return None
    lowered = text.casefold()
    if lowered in MODES:
        return MODES[lowered]
    found = {mode for mode, words in MODE_WORDS.items() if any(w in lowered for w in words)}
    if "hybrid" in found or {"online", "in_person"} <= found:
        return "hybrid"
    return found.pop() if len(found) == 1 else INVALID


def _sex_of(cell: object) -> object:
    text = cell_text(cell)
    if text is None or _is_missing_text(text):
        return None
    return SEXES.get(text.casefold(), INVALID)


def parse_mode(series: pd.Series) -> ParseResult:
    """Activity mode: "in_person", "online" or "hybrid"."""
    return _map_unique(series, _mode_of, "string")


def _hours_of(cell: object) -> object:
    text = cell_text(cell)
    if text is None or _is_missing_text(text):
        return None
    hours = hours_in_text(text)
    return INVALID if hours is None else hours


def parse_duration_hours(series: pd.Series) -> ParseResult:
    """Durations written as text ("1h 30m", "45 นาที") in hours."""
    return _map_unique(series, _hours_of, "Float64")


def parse_sex(series: pd.Series) -> ParseResult:
    """Sex as "female" or "male", from Thai or English words, letters or titles (นาย, นาง, นางสาว)."""
    return _map_unique(series, _sex_of, "string")


KF_CODE = re.compile(r"(?<![\d.])([123])\.(\d)(?![\d])")
KF_FILLER = re.compile(r"kf|ด้าน|area|และ|and|[\s,;/&+:()\-]")


def _kf_codes(cell: object) -> object:
    if isinstance(cell, (bool, np.bool_, datetime, date)):
        return INVALID
    text = cell_text(cell)
    if text is None or _is_missing_text(text):
        return None
    lowered = text.casefold()
    found = sorted({f"{a}.{b}" for a, b in KF_CODE.findall(lowered)})
    rest = KF_FILLER.sub("", KF_CODE.sub("", lowered))
    if not found or rest or any(code not in area_codes() for code in found):
        return INVALID
    return ";".join(found)


def parse_kf_codes(series: pd.Series) -> ParseResult:
    """Key-focus area codes ("2.2" or "1.3;2.2"), sorted and deduplicated."""
    return _map_unique(series, _kf_codes, "string")
