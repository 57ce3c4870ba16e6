"""Cleaning cell values, a whole column at a time.

Spreadsheet columns repeat the same few values (dates, districts, categories), so each parser works on
the column's *distinct* values and maps the answers back: a 200k-row column costs about as much as
its few hundred distinct cells. Blank and "unknown" cells (ไม่ระบุ, n/a) stay missing — never zero;
"-" in a count means zero. `invalid` marks cells that were written but could not be read, so the
caller can report them with their row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from indicators.thai import BE_OFFSET, THAI_MONTHS, thai_digits_to_ascii, to_common_era

MISSING_WORDS = frozenset({"", "ไม่ระบุ", "ไม่มีข้อมูล", "n/a", "na", "n.a.", "not available", ":", "..", "null",
                           "none", "nan", "nat", "ไม่ทราบ", "unknown"})
DASHES = frozenset({"-", "–", "—", "--"})
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\x00"), None)
AREA_CODES = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2", "3.3")
EXCEL_EPOCH = datetime(1899, 12, 30)
MAX_EXCEL_SERIAL = 2958465


class ParseResult(NamedTuple):
    values: pd.Series
    invalid: pd.Series


class _Invalid:
    """Marker for a cell that was written but cannot be read."""


INVALID = _Invalid()


def _key(cell: object) -> object:
    """A hashable stand-in for a cell, so distinct cells can be parsed once."""
    if isinstance(cell, float) and np.isnan(cell):
        return None
    return cell if isinstance(cell, (str, int, float, bool, date)) or cell is None else str(cell)


def _map_unique(series: pd.Series, parse: Callable[[object], object], dtype: str) -> ParseResult:
    """Parse each distinct cell once; None = missing, INVALID = unreadable."""
    keys = series.map(_key) if series.dtype == object else series.astype(object).where(series.notna(), None)
    answers: dict[object, object] = {}
    invalid_keys = []
    for cell in pd.unique(keys.to_numpy(dtype=object)):
        if cell is None or cell is pd.NA:
            continue
        answer = parse(cell)
        if answer is INVALID:
            invalid_keys.append(cell)
        elif answer is not None:
            answers[cell] = answer
    values = keys.map(answers) if answers else pd.Series(None, index=series.index, dtype=object)
    values = pd.Series(values.to_numpy(dtype=object), index=series.index)
    values = values.where(values.notna(), None)
    invalid = keys.isin(invalid_keys) if invalid_keys else pd.Series(False, index=series.index)
    return ParseResult(values.astype(dtype), invalid.astype(bool))


@lru_cache(maxsize=200_000)
def _clean_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(ZERO_WIDTH)
    return re.sub(r"\s+", " ", thai_digits_to_ascii(text)).strip()


def _cell_to_text(cell: object) -> str | None:
    if cell is None:
        return None
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        if np.isnan(cell):
            return None
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    return _clean_text(str(cell)) or None


def normalise_text(series: pd.Series) -> pd.Series:
    """Text as people meant it: NFC, no zero-width characters or NULs, ASCII digits, single spaces."""
    return _map_unique(series, lambda c: _cell_to_text(c), "string").values


def _is_missing_text(text: str) -> bool:
    return text.casefold() in MISSING_WORDS


NUMBER = re.compile(r"^([+-]?)\s*(\d[\d,. ]*\d|\d)\s*(%|[^\d\s].{0,15})?$")


def _number_from_text(text: str, decimal_comma: bool) -> object:
    if text in DASHES:
        return 0.0
    if _is_missing_text(text):
        return None
    text = text.replace("\u00a0", " ")
    match = NUMBER.match(text)
    if not match:
        return INVALID
    sign, digits, unit = match.groups()
    if unit and re.search(r"\d", unit):
        return INVALID
    if decimal_comma:
        digits = digits.replace(".", "").replace(" ", "").replace(",", ".")
    else:
        digits = digits.replace(" ", "")
        if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", digits):
            digits = digits.replace(",", "")
        elif "," in digits:
            return INVALID
    try:
        value = float(digits)
    except ValueError:
        return INVALID
    return -value if sign == "-" else value


def parse_number(series: pd.Series, decimal_comma: bool = False) -> ParseResult:
    def parse(cell: object) -> object:
        if isinstance(cell, bool):
            return INVALID
        if isinstance(cell, (int, float)):
            return None if isinstance(cell, float) and np.isnan(cell) else float(cell)
        if isinstance(cell, (date, datetime)):
            return INVALID
        text = _cell_to_text(cell)
        if text is None:
            return None
        if text.startswith("#"):
            return INVALID
        return _number_from_text(text, decimal_comma)

    return _map_unique(series, parse, "Float64")


def parse_count(series: pd.Series, decimal_comma: bool = False) -> ParseResult:
    return parse_number(series, decimal_comma)


YEAR_IN_TEXT = re.compile(
    r"^(?:พ\.?\s?ศ\.?|ค\.?\s?ศ\.?|ปีงบประมาณ|ปีงบ|ปี|fy|year|be|ce)?\s*(\d{4})(?:\.0)?$", re.IGNORECASE)


def _year_of(cell: object) -> object:
    if isinstance(cell, bool):
        return INVALID
    if isinstance(cell, (datetime, date)):
        return to_common_era(cell.year)
    if isinstance(cell, (int, float)):
        if float(cell).is_integer() and 1000 <= cell <= 2800:
            return to_common_era(int(cell))
        return INVALID
    text = _cell_to_text(cell)
    if text is None or _is_missing_text(text):
        return None
    match = YEAR_IN_TEXT.match(text.replace(" ", " "))
    if not match:
        return INVALID
    return to_common_era(int(match.group(1)))


def parse_year(series: pd.Series) -> ParseResult:
    return _map_unique(series, _year_of, "Int64")


def _from_be_date_cell(value: datetime | date) -> object:
    """A date cell typed with a BE year (e.g. 15/01/2567 in a date-formatted cell)."""
    if value.year <= 2400:
        return datetime(value.year, value.month, value.day)
    year = value.year - BE_OFFSET
    day = min(value.day, 28) if value.month == 2 and value.day == 29 else value.day
    try:
        return datetime(year, value.month, value.day)
    except ValueError:
        return datetime(year, value.month, day)


def _two_digit_year(yy: int, today: date) -> int:
    """Most recent reading (BE 25yy, CE 20yy, CE 19yy) not after next year."""
    candidates = [2500 + yy - BE_OFFSET, 2000 + yy, 1900 + yy]
    possible = [c for c in candidates if c <= today.year + 1]
    return max(possible) if possible else min(candidates)


def _full_year(text_year: str, today: date) -> int:
    year = int(text_year)
    if len(text_year) <= 2:
        return _two_digit_year(year, today)
    return to_common_era(year)


MONTH_PATTERN = "|".join(sorted((re.escape(m) for m in THAI_MONTHS), key=len, reverse=True))
DAY_MONTHNAME_YEAR = re.compile(rf"^(\d{{1,2}})\s*({MONTH_PATTERN})\.?,?\s*(?:พ\.?\s?ศ\.?\s*)?(\d{{2,4}})$", re.IGNORECASE)
MONTHNAME_DAY_YEAR = re.compile(rf"^({MONTH_PATTERN})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})$", re.IGNORECASE)
MONTHNAME_YEAR = re.compile(rf"^({MONTH_PATTERN})\.?\s*(?:พ\.?\s?ศ\.?\s*)?(\d{{4}})$", re.IGNORECASE)
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")


def _date_from_text(text: str, today: date) -> object:
    lowered = text.casefold()
    try:
        if match := ISO.match(lowered):
            return datetime(to_common_era(int(match.group(1))), int(match.group(2)), int(match.group(3)))
        if match := DAY_FIRST.match(lowered):
            return datetime(_full_year(match.group(3), today), int(match.group(2)), int(match.group(1)))
        if match := DAY_MONTHNAME_YEAR.match(lowered):
            return datetime(_full_year(match.group(3), today), THAI_MONTHS[match.group(2).casefold()],
                            int(match.group(1)))
        if match := MONTHNAME_DAY_YEAR.match(lowered):
            return datetime(_full_year(match.group(3), today), THAI_MONTHS[match.group(1).casefold()],
                            int(match.group(2)))
        if match := MONTHNAME_YEAR.match(lowered):
            return datetime(_full_year(match.group(2), today), THAI_MONTHS[match.group(1).casefold()], 1)
    except (ValueError, KeyError):
        return INVALID
    return INVALID


def parse_date(series: pd.Series, today: date | None = None) -> ParseResult:
    today = today or date.today()

    def parse(cell: object) -> object:
        if isinstance(cell, bool):
            return INVALID
        if isinstance(cell, (datetime, date)):
            return _from_be_date_cell(cell)
        if isinstance(cell, (int, float)):
            if 1 <= cell <= MAX_EXCEL_SERIAL:
                return EXCEL_EPOCH + timedelta(days=int(cell))
            return INVALID
        text = _cell_to_text(cell)
        if text is None or _is_missing_text(text):
            return None
        if re.fullmatch(r"\d{5}(\.0)?", text):
            return EXCEL_EPOCH + timedelta(days=int(float(text)))
        return _date_from_text(text, today)

    result = _map_unique(series, parse, "object")
    values = pd.to_datetime(result.values, errors="coerce").astype("datetime64[ns]")
    return ParseResult(values, result.invalid)


def parse_period_yymm(series: pd.Series) -> ParseResult:
    """DOPA periods: "6705" = May BE 2567 = May 2024 (also "256705")."""

    def parse(cell: object) -> object:
        text = _cell_to_text(cell)
        if text is None or _is_missing_text(text):
            return None
        match = re.fullmatch(r"(\d{2}|\d{4})(\d{2})", text)
        if not match or not 1 <= int(match.group(2)) <= 12:
            return INVALID
        year = int(match.group(1))
        year = 2500 + year if year < 100 else year
        return datetime(to_common_era(year), int(match.group(2)), 1)

    result = _map_unique(series, parse, "object")
    return ParseResult(pd.to_datetime(result.values, errors="coerce").astype("datetime64[ns]"), result.invalid)


def fiscal_year(dates: pd.Series) -> pd.Series:
    """Thai fiscal year (CE) of each date: October to December belong to the next year's budget."""
    dates = pd.to_datetime(dates, errors="coerce")
    return (dates.dt.year + (dates.dt.month >= 10).astype(int)).astype("Int64")


def _vocabulary(words: dict[str, list[str]]) -> dict[str, str]:
    return {w.casefold(): value for value, forms in words.items() for w in forms}


MODES = _vocabulary({
    "online": ["ออนไลน์", "online", "zoom", "facebook live", "e-learning", "elearning", "virtual", "ทางไกล"],
    "in_person": ["ออนไซต์", "onsite", "on-site", "on site", "in person", "in-person", "face-to-face",
                  "face to face", "ในสถานที่", "ณ สถานที่", "offline", "ออฟไลน์"],
    "hybrid": ["ผสมผสาน", "hybrid", "ออนไลน์และออนไซต์", "ออนไซต์และออนไลน์", "blended", "ไฮบริด"],
})
SEXES = _vocabulary({
    "female": ["หญิง", "ญ", "ญ.", "เพศหญิง", "f", "female", "woman", "w", "นาง", "นางสาว"],
    "male": ["ชาย", "ช", "ช.", "เพศชาย", "m", "male", "man", "นาย"],
})


def _lookup(vocabulary: dict[str, str]) -> Callable[[object], object]:
    def parse(cell: object) -> object:
        text = _cell_to_text(cell)
        if text is None or _is_missing_text(text):
            return None
        return vocabulary.get(text.casefold(), INVALID)

    return parse


def parse_mode(series: pd.Series) -> ParseResult:
    return _map_unique(series, _lookup(MODES), "string")


def parse_sex(series: pd.Series) -> ParseResult:
    return _map_unique(series, _lookup(SEXES), "string")


def _kf_codes(cell: object) -> object:
    text = _cell_to_text(cell)
    if text is None or _is_missing_text(text):
        return None
    codes = re.findall(r"(?<![\d.])([123])\.(\d)(?![\d])", text)
    found = sorted({f"{a}.{b}" for a, b in codes})
    rest = re.sub(r"(?<![\d.])[123]\.\d(?!\d)|kf|ด้าน|area|[\s,;/&+]|และ|and", "", text.casefold())
    if not found or any(code not in AREA_CODES for code in found) or rest:
        return INVALID
    return ";".join(found)


def parse_kf_codes(series: pd.Series) -> ParseResult:
    return _map_unique(series, _kf_codes, "string")


SEX_PREFIX = re.compile(r"^(ชาย|หญิง|male|female|men|women)\s*", re.IGNORECASE)
SEX_OF = {"ชาย": "male", "male": "male", "men": "male", "หญิง": "female", "female": "female", "women": "female"}


@lru_cache(maxsize=4096)
def parse_age_band(header: str) -> tuple[int, int | None, str | None] | None:
    """An age band written in a header: "ชาย < 1 ปี", "อายุ 15-24 ปี", "60+", "ต่ำกว่า 15 ปี" ..."""
    text = _clean_text(str(header)).casefold()
    sex = None
    for word, value in SEX_OF.items():
        if re.search(rf"(^|[\s(]|ประชากร){word}", text):
            sex = value
            text = text.replace(word, " ")
            break
    text = re.sub(r"\s+", " ", text).strip()
    patterns = (
        (r"(?:อายุ|age)?\s*<\s*(?<!\d)(\d{1,3})(?!\d)\s*(?:ปี|years?)?", lambda m: (0, int(m[1]) - 1)),
        (r"(?:อายุ|age)?\s*>\s*(?<!\d)(\d{1,3})(?!\d)\s*(?:ปี|years?)?", lambda m: (int(m[1]) + 1, None)),
        (r"(?:อายุ|age)?\s*(?:ต่ำกว่า|under|below|น้อยกว่า)\s*(?<!\d)(\d{1,3})(?!\d)\s*(?:ปี|years?)?", lambda m: (0, int(m[1]) - 1)),
        (r"(?:อายุ|age)?\s*(?<!\d)(\d{1,3})(?!\d)\s*(?:ปี|years?)?\s*(?:ขึ้นไป|\+|and over|or over|or more|and above|years and over)",
         lambda m: (int(m[1]), None)),
        (r"(?:อายุ|age)?\s*(?<!\d)(\d{1,3})(?!\d)\s*(?:-|–|ถึง|to)\s*(?<!\d)(\d{1,3})(?!\d)\s*(?:ปี|years?)?", lambda m: (int(m[1]), int(m[2]))),
        (r"(?:อายุ|age)\s*(?<!\d)(\d{1,3})(?!\d)\s*(?:ปี|years?)?", lambda m: (int(m[1]), int(m[1]))),
        (r"(?<!\d)(\d{1,3})(?!\d)\s*(?:ปี|years?)", lambda m: (int(m[1]), int(m[1]))),
    )
    for pattern, build in patterns:
        match = re.search(pattern, text)
        if match:
            low, high = build(match)
            if low > 130 or (high is not None and (high > 130 or high < low)):
                return None
            return low, high, sex
    return None
