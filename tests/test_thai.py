"""Thai calendar, digit and national-ID facts (DESIGN.md §3)."""

from datetime import date

import pytest

from indicators.base.thai import (
    BE_OFFSET,
    THAI_MONTHS,
    fiscal_year_of,
    is_valid_thai_national_id,
    thai_digits_to_ascii,
    to_common_era,
)


def with_check_digit(first_twelve: str) -> str:
    check = (11 - sum(int(first_twelve[i]) * (13 - i) for i in range(12)) % 11) % 10
    return first_twelve + str(check)


@pytest.mark.parametrize(("text", "expected"), [
    ("๐๑๒๓๔๕๖๗๘๙", "0123456789"),
    ("ปี ๒๕๖๗", "ปี 2567"),
    ("1,250", "1,250"),
    ("", ""),
])
def test_thai_digits_to_ascii(text, expected):
    assert thai_digits_to_ascii(text) == expected


@pytest.mark.parametrize(("year", "expected"), [(2567, 2024), (2400, 1857), (2399, 2399), (2024, 2024), (1998, 1998)])
def test_to_common_era(year, expected):
    assert BE_OFFSET == 543
    assert to_common_era(year) == expected


@pytest.mark.parametrize(("name", "month"), [
    ("ม.ค.", 1), ("มค", 1), ("ก.พ.", 2), ("กพ", 2), ("มี.ค.", 3), ("เม.ย.", 4), ("เมย", 4), ("พ.ค.", 5),
    ("มิ.ย.", 6), ("ก.ค.", 7), ("ส.ค.", 8), ("ก.ย.", 9), ("ต.ค.", 10), ("พ.ย.", 11), ("ธ.ค.", 12), ("ธค", 12),
    ("มกราคม", 1), ("กุมภาพันธ์", 2), ("มีนาคม", 3), ("เมษายน", 4), ("พฤษภาคม", 5), ("มิถุนายน", 6),
    ("กรกฎาคม", 7), ("สิงหาคม", 8), ("กันยายน", 9), ("ตุลาคม", 10), ("พฤศจิกายน", 11), ("ธันวาคม", 12),
    ("january", 1), ("jan", 1), ("may", 5), ("september", 9), ("sep", 9), ("sept", 9), ("dec", 12),
])
def test_month_names(name, month):
    assert THAI_MONTHS[name] == month


@pytest.mark.parametrize(("day", "expected"), [
    (date(2023, 9, 30), 2023), (date(2023, 10, 1), 2024), (date(2024, 1, 15), 2024),
    (date(2024, 9, 30), 2024), (date(2024, 10, 1), 2025), (date(2024, 12, 31), 2025),
])
def test_fiscal_year_of(day, expected):
    assert fiscal_year_of(day) == expected


VALID_ID = with_check_digit("110170012345")
WRONG_CHECK = VALID_ID[:12] + str((int(VALID_ID[12]) + 1) % 10)


@pytest.mark.parametrize(("text", "expected"), [
    (VALID_ID, True),
    (f"{VALID_ID[0]}-{VALID_ID[1:5]}-{VALID_ID[5:10]}-{VALID_ID[10:12]}-{VALID_ID[12]}", True),
    (f"{VALID_ID[0]} {VALID_ID[1:5]} {VALID_ID[5:10]} {VALID_ID[10:12]} {VALID_ID[12]}", True),
    (VALID_ID.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")), True),
    (with_check_digit("350990012345"), True),
    (WRONG_CHECK, False),
    (VALID_ID[:12], False),
    (VALID_ID + "0", False),
    ("abcdefghijklm", False),
    ("", False),
])
def test_national_id(text, expected):
    assert is_valid_thai_national_id(text) is expected


def test_check_digit_of_ten_wraps_to_zero():
    """(11 - 1) % 10 == 0: the check digit stays one digit."""
    for n in range(100_000_000_000, 100_000_000_300):
        twelve = str(n)
        if (11 - sum(int(twelve[i]) * (13 - i) for i in range(12)) % 11) == 10:
            assert is_valid_thai_national_id(twelve + "0")
            return
    pytest.fail("no example found")
