"""Thai calendar and number facts the engine must know (DESIGN.md §3).

Kept apart from the cleaners so that the rules — Buddhist era, fiscal years, Thai digits, month names,
the national-ID check digit — are stated once and tested on their own.
"""

from __future__ import annotations

import re
from datetime import date

BE_OFFSET = 543
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

_SHORT = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
_LONG = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
         "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
_ENGLISH = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december"]


def _month_names() -> dict[str, int]:
    """Every spelling people use for a month, so text dates parse whichever one they chose."""
    names: dict[str, int] = {}
    for number, (short, long, english) in enumerate(zip(_SHORT, _LONG, _ENGLISH, strict=True), start=1):
        for form in (short, short.replace(".", ""), short.rstrip("."), short.replace(".", ". ").strip(), long,
                     english, english[:3]):
            names[form] = number
    names["sept"] = 9
    return names


THAI_MONTHS: dict[str, int] = _month_names()
SHORT_MONTHS = {"th": tuple(_SHORT), "en": tuple(e[:3].capitalize() for e in _ENGLISH)}  # for labels: ต.ค. / Oct


def thai_digits_to_ascii(text: str) -> str:
    """Thai digits (๐-๙) are common in official documents; the parsers only know 0-9."""
    return text.translate(THAI_DIGITS)


def to_common_era(year: int) -> int:
    """A four-digit year of 2400 or more is Buddhist era (BE = CE + 543); no CE year in our data is that late."""
    return year - BE_OFFSET if year >= 2400 else year


def fiscal_year_of(day: date) -> int:
    """Thai fiscal year N runs 1 October N-1 to 30 September N; returned in CE."""
    return day.year + 1 if day.month >= 10 else day.year


def fiscal_year_bounds(year: int) -> tuple[date, date]:
    """The first and last day of Thai fiscal year `year` (CE, named by its end): 1 Oct year-1 – 30 Sep year."""
    return date(year - 1, 10, 1), date(year, 9, 30)


def is_valid_thai_national_id(text: str) -> bool:
    """A check-digit test, so privacy screening flags real IDs rather than any 13-digit number."""
    digits = re.sub(r"[\s\-]", "", thai_digits_to_ascii(str(text)))
    if len(digits) != 13 or not digits.isascii() or not digits.isdigit():
        return False
    check = (11 - sum(int(digits[i]) * (13 - i) for i in range(12)) % 11) % 10
    return check == int(digits[12])
