"""Quarters and months named without a year ("ไตรมาส 1 … ไตรมาส 4 | รวม" under "ปีงบประมาณ พ.ศ. 2567",
"Q1 … Q4", "ม.ค. | ก.พ. | … | ธ.ค." beside a column of years). Each is a part of a year: of each row's
year when the rows have one, else of the year the sheet names — of a Thai fiscal year when the words
say one (ไตรมาส 1 of FY 2567 = ต.ค.–ธ.ค. 2566; ต.ค. of FY 2567 = ต.ค. 2566). They are period columns from
the start, so the sheet is read as a table of periods; a person is asked when no year is said anywhere."""

from __future__ import annotations

import re
from datetime import date

from indicators.base.thai import thai_digits_to_ascii
from indicators.config.readings import Said, said
from indicators.understand.headers import Column
from indicators.understand.periods import Period, month_number

QUARTER = re.compile(r"(?:ไตรมาส\s*(?:ที่)?|quarter|qtr\.?|q)\s*([1-4])", re.IGNORECASE)
CALENDAR = re.compile(r"ปีปฏิทิน|calendar\s+year", re.IGNORECASE)  # words saying the year is a calendar one
NOTE = "in_the_year:"  # + "q3" or "m10": a column's part of a year, its year not yet known


def part_of_a_year(header: str) -> str | None:
    """"q1"–"q4" for a header that is a quarter and nothing else ("ไตรมาส ๑", "ไตรมาสที่ 2", "Q3"), "m1"–"m12"
    for one that is a month's name and nothing else ("ม.ค.", "มกราคม", "Sept")."""
    text = thai_digits_to_ascii(header or "").strip()
    if match := QUARTER.fullmatch(text):
        return f"q{match[1]}"
    month = month_number(text) if text and not any(ch.isdigit() for ch in text) else None
    return f"m{month}" if month else None


def read_as_part_of_a_year(column: Column, part: str) -> None:
    column.field, column.note, column.measure = "period_value", f"{NOTE}{part}", None
    column.evidence.append(said("quarter_without_a_year" if part[0] == "q" else "month_without_a_year",
                                n=part[1:]))


def part_of(column: Column) -> str | None:
    return column.note[len(NOTE):] if column.field == "period_value" and column.note.startswith(NOTE) else None


def period_in_year(part: str, year: int, fiscal: bool) -> Period:
    """The quarter or month `part` of the calendar `year`, or of the Thai fiscal year ending in `year`."""
    number, quarter = int(part[1:]), part[0] == "q"
    if not fiscal:
        start = date(year, 3 * number - 2 if quarter else number, 1)
    elif quarter:  # the fiscal year starts in October of the year before: its first quarter is Oct–Dec
        start = date(year - 1, 10, 1) if number == 1 else date(year, 3 * number - 5, 1)
    else:
        start = date(year - 1 if number >= 10 else year, number, 1)
    return Period(start, 3, "months") if quarter else Period(start, 1, "month")


def place_parts_of_a_year(columns: list[Column], year: int | None, fiscal: bool,
                          title: str = "") -> tuple[list[Said], list[Said]]:
    """(evidence, doubts): each such column in the rows' years, or in the sheet's year. Months must run
    from the first month of that year (ต.ค. of a fiscal year, ม.ค. of a calendar one); quarters need the
    words to say which year they are quarters of (ไตรมาส 1 is ต.ค.–ธ.ค. in a fiscal year)."""
    parts = [c for c in columns if part_of(c) is not None]
    if not parts:
        return [], []
    rows_fiscal = any(c.field == "fiscal_year" for c in columns) and not any(c.field == "year" for c in columns)
    by_rows = any(c.field in ("year", "fiscal_year") for c in columns)
    fiscal = rows_fiscal if by_rows else fiscal
    if year is None and not by_rows:
        return [], [said("quarters_without_a_year", n=len(parts))]
    months = [int(part_of(c)[1:]) for c in parts if part_of(c)[0] == "m"]
    if months and months[0] != (10 if fiscal else 1):
        return [], [said("months_not_from_october" if fiscal else "months_not_from_january", n=len(months),
                         first=months[0])]
    if len(months) < len(parts) and not fiscal and not CALENDAR.search(title or ""):
        return [], [said("quarters_fiscal_or_calendar", n=len(parts) - len(months))]
    if by_rows:
        return [said("parts_of_each_rows_year", n=len(parts))], []  # placed row by row (clean/statistics.py)
    for column in parts:
        column.period = period_in_year(part_of(column), year, fiscal)
        column.year = column.period.year
    return [said("quarters_of_the_fiscal_year" if fiscal else "quarters_of_the_year", year=str(year))], []
