"""Periods written in headers and cells: a year (2567, พ.ศ. 2545, 2020), a month (April 2023, ม.ค. 67,
Sept 2023), an ISO-8601 interval (2023-04-01/P3M), a fiscal year (ปีงบประมาณ 2567, FY2024), a range of
years (พ.ศ. 2545-2554) or an as-of date (ณ วันที่ ๑๐ มิถุนายน ๒๕๕๕). Every period has a start and a length
in months, so calendar and Thai fiscal years can both be derived from it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from indicators.base.memory import cell_cache
from indicators.base.text import clean_text
from indicators.base.thai import BE_OFFSET, THAI_MONTHS, thai_digits_to_ascii, to_common_era

ISO_INTERVAL = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?/P(\d+)([MYQD])$", re.IGNORECASE)
MONTH_NAMES = "|".join(sorted((re.escape(m) for m in THAI_MONTHS), key=len, reverse=True))
MONTH_YEAR = re.compile(rf"(?<![a-z.])({MONTH_NAMES})\.?,?(?:\s*|\s*[-–]\s*)(?:พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)?\s*(\d{{4}}|\d{{2}})(?!\d)",
                        re.IGNORECASE)
DAY_MONTH_YEAR = re.compile(rf"(?<!\d)(\d{{1,2}})\s*({MONTH_NAMES})\.?,?\s*(?:พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)?\s*(\d{{4}}|\d{{2}})(?!\d)",
                            re.IGNORECASE)
# "ต.ค.-ธ.ค. 66", "Oct-Dec 2023", "พ.ย. 66 - ม.ค. 67": months from one to another, the year written last
MONTH_RANGE = re.compile(rf"(?<![a-z.])({MONTH_NAMES})\.?\s*(?:(\d{{4}}|\d{{2}})\s*)?[-–—]\s*({MONTH_NAMES})\.?,?\s*"
                         rf"(?:พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)?\s*(\d{{4}}|\d{{2}})(?!\d)", re.IGNORECASE)
# "2567 (ม.ค.-มิ.ย.)", "2024 (Jan-Jun)": a range of months with no year of its own, in the year the text names
MONTHS_WITHOUT_YEAR = re.compile(rf"(?<![a-z.])({MONTH_NAMES})\.?\s*[-–—]\s*({MONTH_NAMES})\.?"
                                 rf"(?!,?\s*(?:พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)?\s*\d)", re.IGNORECASE)
QUARTER_NUMBER = re.compile(r"(?:ไตรมาส(?:ที่)?|quarter|q)\s*([1-4])(?!\d)", re.IGNORECASE)
FISCAL = re.compile(r"(?:ปีงบประมาณ|ปีงบ|fiscal\s*year|fy)\s*(?:พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)?\s*(\d{4})", re.IGNORECASE)
YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20|24|25|26)\d\d)\s*(?:-|–|—|ถึง|to)\s*((?:19|20|24|25|26)\d\d)(?!\d)")
# "2024-01" (ISO year-month) and "2022-23" (a year written over two: a financial or school year)
YEAR_DASH_TWO = re.compile(r"^((?:19|20|25|26)\d\d)\s*[-–/]\s*(\d\d)$")
ONE_YEAR = re.compile(r"(?<![\d/.:-])((?:19|20|24|25|26)\d\d)(?![\d/.:-]|\s*[-–—]\s*\d)")
BARE_YEAR = re.compile(r"^(?:(?:ปี|พ\.?\s?ศ\.?|ค\.?\s?ศ\.?|year|be|ce)\s*)*((?:19|20|24|25|26)\d\d)(?:\.0)?$", re.IGNORECASE)
# "ปี 65", "พ.ศ. 66": a two-digit Buddhist-era year said to be a year (2540 … 2599: 1997 … 2056)
SHORT_BE_YEAR = re.compile(r"^(?:ปี|พ\.?\s?ศ\.?)\s*([4-9]\d)$")
MID_YEAR = re.compile(r"^mid[-\s]?((?:19|20)\d\d)$", re.IGNORECASE)  # "Mid-2022": a mid-year estimate, that year's
AS_OF = re.compile(r"(?:ณ\s*วันที่|ข้อมูล\s*ณ|as\s+(?:of|at))", re.IGNORECASE)
PLAUSIBLE = range(1950, 2101)


@dataclass(frozen=True)
class Period:
    start: date
    months: int  # 12 a year, 3 a quarter, 1 a month, 0 a single day (an as-of date)
    kind: str  # year | fiscal_year | month | interval | as_of | years
    end_year: int | None = None  # for a range of years

    @property
    def year(self) -> int:
        """The year the period is counted in: the calendar year it starts in, or for a Thai fiscal
        year the year it ends in (FY 2567 = Oct 2023 – Sep 2024 → 2024, as everywhere in this project)."""
        return self.start.year + 1 if self.kind == "fiscal_year" else self.start.year

    @property
    def fiscal_year(self) -> int | None:
        """The Thai fiscal year (CE) holding the whole period, or None when it spans two."""
        first = self.start.year + (1 if self.start.month >= 10 else 0)
        months = max(self.months, 1)
        last_month = self.start.month + months - 1
        last_year = self.start.year + (last_month - 1) // 12
        last_month = (last_month - 1) % 12 + 1
        last = last_year + (1 if last_month >= 10 else 0)
        return first if first == last else None


def _year(text: str) -> int | None:
    value = to_common_era(int(text)) if len(text) == 4 else _two_digit(int(text))
    return value if value in PLAUSIBLE else None


def _two_digit(yy: int) -> int:
    """A two-digit year in a Thai date is Buddhist era (ม.ค. 67 = 2567 = 2024); else 20yy."""
    return 2500 + yy - BE_OFFSET if yy >= 40 else 2000 + yy


def month_number(name: str) -> int | None:
    name = name.casefold()
    return THAI_MONTHS.get(name) or THAI_MONTHS.get(name.rstrip("."))


@cell_cache(maxsize=20_000)
def parse_period(text: object) -> Period | None:
    """The one period a header or cell names, or None when it names none (or several years)."""
    if text is None:
        return None
    value = clean_text(str(text)).strip()
    if not value:
        return None
    if match := ISO_INTERVAL.match(value):
        year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
        count, unit = int(match[4]), match[5].upper()
        months = {"M": count, "Y": 12 * count, "Q": 3 * count, "D": 0}[unit]
        return Period(date(year, month, day), months, "interval") if year in PLAUSIBLE and 1 <= month <= 12 else None
    fiscal = FISCAL.search(value)
    # some months of a year ("ปีงบประมาณ 2567 (ต.ค. 66 - มี.ค. 67)", "2567 (ม.ค.-มิ.ย.)") are those months, not
    # the whole year: read as the year, a half year's figure would stand beside whole years' as a halving
    months = _month_range(value, fiscal)
    if months is False:  # months named that make no period here (15 of them, or Oct-Mar of a calendar year)
        return None
    if months is not None and (months.months < 12 or not fiscal):
        return months
    if fiscal:
        year = _year(fiscal[1])
        return Period(date(year - 1, 10, 1), 12, "fiscal_year") if year else None
    if match := YEAR_DASH_TWO.match(value):
        return _year_dash_two(int(match[1]), int(match[2]))
    if match := DAY_MONTH_YEAR.search(value):
        year, month = _year(match[3]), month_number(match[2])
        if year and month and 1 <= int(match[1]) <= 31:
            kind = "as_of" if AS_OF.search(value) else "date"
            try:
                return Period(date(year, month, int(match[1])), 0, kind)
            except ValueError:
                return None
    if match := MONTH_YEAR.search(value):
        year, month = _year(match[2]), month_number(match[1])
        if year and month:
            return Period(date(year, month, 1), 1, "month")
    if match := YEAR_RANGE.search(value):
        first, last = _year(match[1]), _year(match[2])
        if first and last and first < last:
            return Period(date(first, 1, 1), 12 * (last - first + 1), "years", end_year=last)
    if match := SHORT_BE_YEAR.match(value) or MID_YEAR.match(value):
        year = _year(match[1])
        return Period(date(year, 1, 1), 12, "year") if year else None
    if match := BARE_YEAR.match(value):
        year = _year(match[1])
        return Period(date(year, 1, 1), 12, "year") if year else None
    years = {y for y in (_year(found) for found in ONE_YEAR.findall(value)) if y}
    if len(years) == 1:
        return Period(date(years.pop(), 1, 1), 12, "year")
    return None


def _month_range(value: str, fiscal: re.Match | None) -> Period | bool | None:
    """The months from one to another that a text names: with the year written last ("ต.ค.-ธ.ค. 66",
    "พ.ย. 66 - ม.ค. 67"), or with none, in the one (fiscal) year the text names ("2567 (ม.ค.-มิ.ย.)").
    None when it names no such range; False when it names one that is no period of 2 to 12 months."""
    if match := MONTH_RANGE.search(value):
        first, last = month_number(match[1]), month_number(match[3])
        end_year = _year(match[4])
        start_year = _year(match[2]) if match[2] else (end_year - 1 if first and last and first > last else end_year)
        if first and last and end_year and start_year:
            months = (end_year - start_year) * 12 + last - first + 1
            if 1 < months <= 12:
                return Period(date(start_year, first, 1), months, "months")
        return False
    match = MONTHS_WITHOUT_YEAR.search(value)
    if match is None:
        return None
    first, last = month_number(match[1]), month_number(match[2])
    if not (first and last):
        return False
    if fiscal:  # a Thai fiscal year runs October to September: its October is in the year before
        year = _year(fiscal[1])
        start_year = year - 1 if year and first >= 10 else year
        end_year = year - 1 if year and last >= 10 else year
    else:
        years = {y for y in (_year(found) for found in ONE_YEAR.findall(value)) if y}
        start_year = end_year = years.pop() if len(years) == 1 else None
        if start_year is not None and first >= 10:
            # October to December of a plain year: the year's last quarter, or a fiscal year's first? Only
            # the quarter's number says ("ไตรมาส 1 (ต.ค.-ธ.ค.) ปี 2567" is October 2566)
            quarter = QUARTER_NUMBER.search(value)
            if quarter is None or quarter[1] not in "14":
                return False
            start_year = end_year = start_year - 1 if quarter[1] == "1" else start_year
    if start_year is None or end_year is None:
        return False
    months = (end_year - start_year) * 12 + last - first + 1
    return Period(date(start_year, first, 1), months, "months") if 1 < months <= 12 else False


def _year_dash_two(first: int, second: int) -> Period | None:
    """2023-24 is a year that runs over two (UK financial years from April, school years), counted in the
    year it starts; 2024-01 is a month. 2011-12 could be either: ISO's month wins."""
    year = _year(str(first))
    if year is None:
        return None
    if 1 <= second <= 12 and first < 2500:
        return Period(date(year, second, 1), 1, "month")
    if second == (first + 1) % 100:
        return Period(date(year, 4, 1), 12, "split_year")
    return None


def year_in_text(text: object) -> int | None:
    """The single calendar year a title, sheet or file name states (an as-of date gives its year)."""
    period = parse_period(text)
    if period is None or period.kind == "years":
        return None
    return period.year


SEPARATED_PERIOD = re.compile(r"\s[-–]\s+([^-–]{3,30})$")  # "… - April 2023": the words after the last dash


def header_period(text: object) -> Period | None:
    """A period a column header stands for ("พ.ศ. 2545", "Total Events - April 2023", "2563", "ม.ค. 67").
    A header of only words and a number that is not a year ("อายุ 60 ปี") has none."""
    if text is None:
        return None
    if len(str(text).split()) > 12:  # a sentence, not a header — unless a period closes it after a dash, as
        # in a return's "Physical Visitors To Library Sites Where There Is No Co Location - April 2023"
        closing = SEPARATED_PERIOD.search(str(text))
        if closing is None:
            return None
        text = closing.group(1)
    period = parse_period(text)
    if period is None and " / " in str(text):  # a two-row header: the period over its measures ("2022-23 / Visits")
        found = {p for p in map(parse_period, str(text).split(" / ")) if p is not None}
        period = found.pop() if len(found) == 1 else None
    if period is None or period.kind in ("as_of", "date", "years"):
        return None
    return period


# A length of time as written: "1h 30m", "2 hrs", "45 mins", "1:30", "1 ชม. 30 นาที", "2 ชั่วโมง"
DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hour|hours|ชม\.?|ชั่วโมง))?\s*"
                      r"(?:(\d+)\s*(?:m|min|mins|minute|minutes|นาที))?$")
CLOCK_DURATION = re.compile(r"^(\d{1,2}):([0-5]\d)$")


def hours_in_text(text: str) -> float | None:
    """The hours a length of time written as text says, or None when it is not one."""
    lowered = thai_digits_to_ascii(str(text)).casefold().strip()
    if match := CLOCK_DURATION.match(lowered):
        return int(match.group(1)) + int(match.group(2)) / 60
    match = DURATION.match(lowered)
    if not match or not (match.group(1) or match.group(2)):
        return None
    return float(match.group(1) or 0) + int(match.group(2) or 0) / 60
