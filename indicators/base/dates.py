"""Dates as Thai and English offices write them: BE years in date cells and in text, two-digit years,
Thai month names, day-first numbers, a weekday before the date, and ranges dated by their first day.
Plain functions of one cell (None when the text is no date), used by cleaning and by the reading of a
sheet's layout alike."""

from __future__ import annotations

import re
from datetime import date, datetime

from indicators.base.thai import BE_OFFSET, THAI_MONTHS, to_common_era


def from_be_date_cell(value: datetime | date) -> datetime:
    """A date cell typed with a BE year (15/01/2567 in a date-formatted cell); 29 Feb may not exist in CE."""
    if value.year < 2400:
        return datetime(value.year, value.month, value.day)
    year = value.year - BE_OFFSET
    day = 28 if (value.month, value.day) == (2, 29) and not _is_leap(year) else value.day
    return datetime(year, value.month, day)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _two_digit_year(yy: int, today: date) -> int:
    """Most recent reading (BE 25yy, CE 20yy, CE 19yy) not after next year: "67" → 2024, "98" → 1998."""
    candidates = [2500 + yy - BE_OFFSET, 2000 + yy, 1900 + yy]
    possible = [c for c in candidates if c <= today.year + 1]
    return max(possible) if possible else min(candidates)


def _full_year(text_year: str, today: date) -> int:
    year = int(text_year)
    if len(text_year) <= 2:
        return _two_digit_year(year, today)
    return to_common_era(year)


MONTH_PATTERN = "|".join(sorted((re.escape(m) for m in THAI_MONTHS), key=len, reverse=True))
ERA = r"(?:พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)?\s*"
TIME = r"(?:\s*(?:เวลา\s*)?\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?\s*(?:น\.|am|pm)?)?"
DAY_MONTHNAME_YEAR = re.compile(rf"^(\d{{1,2}})\s*(?:{MONTH_PATTERN})\.?,?\s*{ERA}(\d{{2}}|\d{{4}}){TIME}$")
MONTHNAME_DAY_YEAR = re.compile(rf"^(?:{MONTH_PATTERN})\.?\s+(\d{{1,2}}),?\s+(\d{{4}}){TIME}$")
MONTHNAME_YEAR = re.compile(rf"^(?:{MONTH_PATTERN})\.?\s*{ERA}(\d{{2}}|\d{{4}})$")
# A range of days ("1-3 ก.พ. 2567") and a range of dates ("28 ก.พ. - 2 มี.ค. 2567", "1/2/2567 - 3/2/2567")
DAYS_IN_A_MONTH = re.compile(rf"^(\d{{1,2}})\s*[-–]\s*(\d{{1,2}})\s*((?:{MONTH_PATTERN})\.?,?\s*{ERA}(?:\d{{2}}|\d{{4}}))$")
RANGE_SEPARATOR = re.compile(r"\s+(?:-|–|ถึง|to|until)\s+|\s*(?:–|ถึง)\s*")
# "1-3/2/2567": days of one month written with slashes; "1/2/2567-3/2/2567": two dates joined by a dash
DAYS_OF_A_NUMBERED_MONTH = re.compile(r"^(\d{1,2})\s*[-–]\s*(\d{1,2})\s*/\s*(\d{1,2}\s*/\s*(?:\d{2}|\d{4}))$")
TWO_NUMBERED_DATES = re.compile(r"^(\d{1,2}/\d{1,2}/(?:\d{2}|\d{4}))\s*[-–]\s*(\d{1,2}/\d{1,2}/(?:\d{2}|\d{4}))$")
MONTH_NAME = re.compile(MONTH_PATTERN)
YEAR_FIRST = re.compile(rf"^(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}})t?{TIME}$")
DAY_FIRST = re.compile(rf"^(\d{{1,2}})[/.\-](\d{{1,2}})[/.\-](\d{{2}}|\d{{4}}){TIME}$")


# The day of the week before a date: "Mon 04/09/2023", "Tuesday, 3 October 2023", "วันจันทร์ที่ 4 ก.ย. 2566"
WEEKDAY = re.compile(r"^(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?,?\s+"
                     r"|วัน(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัส|ศุกร์|เสาร์|อาทิตย์)?(?:ที่)?\s*(?=\d))")


def date_from_text(text: str, today: date) -> datetime | None:
    """Text dates; numeric ones are always day-first (Thai and UK usage) unless the year comes first. A
    range of days or dates is dated by its first day (the year of a first day written without one is the
    last day's, or the one before when its month comes later: "28 ธ.ค. - 2 ม.ค. 2567")."""
    single = _onedate_from_text(text, today)
    if single is not None:
        return single
    lowered = text.casefold().strip()
    if match := DAYS_IN_A_MONTH.match(lowered):
        first, last = _onedate_from_text(f"{match.group(1)} {match.group(3)}", today), \
            _onedate_from_text(f"{match.group(2)} {match.group(3)}", today)
    elif match := DAYS_OF_A_NUMBERED_MONTH.match(lowered):
        first, last = _onedate_from_text(f"{match.group(1)}/{match.group(3)}", today), \
            _onedate_from_text(f"{match.group(2)}/{match.group(3)}", today)
    elif match := TWO_NUMBERED_DATES.match(lowered):
        first, last = _onedate_from_text(match.group(1), today), _onedate_from_text(match.group(2), today)
    elif len(pieces := RANGE_SEPARATOR.split(lowered)) == 2:
        last = _onedate_from_text(pieces[1], today)
        first = _onedate_from_text(pieces[0], today)
        if first is None and last is not None and MONTH_NAME.search(pieces[0]):
            first = _onedate_from_text(f"{pieces[0]} {last.year + 543}", today)  # "28 ก.พ." of "2 มี.ค. 2567"
            if first is not None and first > last:
                first = first.replace(year=first.year - 1)
    else:
        return None
    return first if first is not None and last is not None and first <= last else None


def _onedate_from_text(text: str, today: date) -> object:
    lowered = WEEKDAY.sub("", text.casefold().replace(",", ", ").replace("  ", " "))
    try:
        if match := YEAR_FIRST.match(lowered):
            return datetime(to_common_era(int(match.group(1))), int(match.group(2)), int(match.group(3)))
        if match := DAY_FIRST.match(lowered):
            return datetime(_full_year(match.group(3), today), int(match.group(2)), int(match.group(1)))
        if match := DAY_MONTHNAME_YEAR.match(lowered):
            return datetime(_full_year(match.group(2), today), _month_of(lowered), int(match.group(1)))
        if match := MONTHNAME_DAY_YEAR.match(lowered):
            return datetime(_full_year(match.group(2), today), _month_of(lowered), int(match.group(1)))
        if match := MONTHNAME_YEAR.match(lowered):
            return datetime(_full_year(match.group(1), today), _month_of(lowered), 1)
    except (ValueError, KeyError):
        return None
    return None


def _month_of(text: str) -> int:
    name = MONTH_NAME.search(text).group(0)
    return THAI_MONTHS.get(name) or THAI_MONTHS[name.rstrip(".")]
