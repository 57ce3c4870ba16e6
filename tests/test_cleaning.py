"""Column cleaners: exact values, missing vs zero, and which cells are flagged invalid."""

from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators.clean import cells as cleaning
from indicators.clean.cells import (
    MISSING_WORDS,
    ParseResult,
    fiscal_year,
    normalise_text,
    parse_count,
    parse_date,
    parse_kf_codes,
    parse_mode,
    parse_number,
    parse_period_yymm,
    parse_sex,
    parse_year,
)
from indicators.config.framework import area_codes
from indicators.understand.headers import parse_age_band

TODAY = date(2026, 11, 22)
NA = pd.NA


def column(*cells) -> pd.Series:
    return pd.Series(list(cells), dtype=object)


def one(parser, cell, **kwargs):
    """Parse a single cell; return (value, invalid) with missing values as None."""
    result = parser(column(cell), **kwargs)
    assert isinstance(result, ParseResult)
    value = result.values.iloc[0]
    return (None if pd.isna(value) else value), bool(result.invalid.iloc[0])


# -- normalise_text ----------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "expected"), [
    ("  สวัสดี   ครับ ", "สวัสดี ครับ"),
    ("a\u200bb\u200cc\u200dd\u2060e\ufeff\x00", "abcde"),
    ("ปี ๒๕๖๗", "ปี 2567"),
    ("line\none\ttab", "line one tab"),
    ("\u00a0x\u00a0", "x"),
    ("e\u0301", "\u00e9"),  # NFC
    (12.0, "12"),
    (12.5, "12.5"),
    (7, "7"),
    (datetime(2024, 1, 15), "2024-01-15"),
    (datetime(2024, 1, 15, 10, 30), "2024-01-15"),
    (date(2024, 1, 15), "2024-01-15"),
    ("", None),
    ("   ", None),
    ("\u200b", None),
    (None, None),
    (float("nan"), None),
])
def test_normalise_text(cell, expected):
    result = normalise_text(column(cell))
    assert result.dtype == "string"
    value = result.iloc[0]
    assert (value is NA) if expected is None else value == expected


def test_missing_words():
    for word in ("ไม่ระบุ", "ไม่มีข้อมูล", "n/a", "na", "n.a.", "not available", ":", "..", "null", "none"):
        assert word in MISSING_WORDS
    assert "-" not in MISSING_WORDS
    assert "0" not in MISSING_WORDS


# -- numbers -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "expected", "invalid"), [
    (1250, 1250.0, False),
    (1250.0, 1250.0, False),
    (12.5, 12.5, False),
    (np.int64(3), 3.0, False),
    ("1250", 1250.0, False),
    ("1,250", 1250.0, False),
    ("1,250,000", 1250000.0, False),
    ("1,250.75", 1250.75, False),
    ("1 250", 1250.0, False),
    ("1\u00a0250", 1250.0, False),
    ("๑,๒๕๐", 1250.0, False),
    ("12 คน", 12.0, False),
    ("12คน", 12.0, False),
    ("1,500 บาท", 1500.0, False),
    ("3 ชม.", 3.0, False),
    ("12.5%", 12.5, False),
    ("12.5 %", 12.5, False),
    ("-5", -5.0, False),
    ("+5", 5.0, False),
    ("0", 0.0, False),
    ("-", 0.0, False),
    ("–", 0.0, False),
    ("—", 0.0, False),
    (" - ", 0.0, False),
    ("ไม่ระบุ", None, False),
    ("N/A", None, False),
    ("n.a.", None, False),
    ("..", None, False),
    (":", None, False),
    ("null", None, False),
    ("None", None, False),
    ("ไม่มีข้อมูล", None, False),
    ("not available", None, False),
    ("", None, False),
    ("  ", None, False),
    (None, None, False),
    (float("nan"), None, False),
    (True, None, True),
    (False, None, True),
    ("#REF!", None, True),
    ("#DIV/0!", None, True),
    ("#N/A", None, True),
    ("#VALUE!", None, True),
    ("abc", None, True),
    ("12/01/2567", None, True),
    ("1,25", None, True),
    ("12 34", None, True),
    ("1.2.3", None, True),
    ("5 - 10", None, True),
    (datetime(2024, 1, 15), None, True),
    (float("inf"), None, True),
])
def test_parse_number(cell, expected, invalid):
    assert one(parse_number, cell) == (expected, invalid)
    assert one(parse_count, cell) == (expected, invalid)


@pytest.mark.parametrize(("cell", "expected", "invalid"), [
    ("5,3", 5.3, False),
    ("1.234,5", 1234.5, False),
    ("1.234.567", 1234567.0, False),
    ("1 234,5", 1234.5, False),
    ("1250", 1250.0, False),
    ("12,5%", 12.5, False),
    ("-", 0.0, False),
    ("ไม่ระบุ", None, False),
    ("1,2,3", None, True),
    (3.5, 3.5, False),
])
def test_parse_number_decimal_comma(cell, expected, invalid):
    assert one(parse_number, cell, decimal_comma=True) == (expected, invalid)


def test_parse_number_types_and_index():
    raw = pd.Series(["1,250", "-", "ไม่ระบุ", "#REF!", 3.0, True], index=[10, 11, 12, 13, 14, 15], dtype=object)
    result = parse_number(raw)
    assert result.values.dtype == "Float64"
    assert result.invalid.dtype == bool
    assert list(result.values.index) == [10, 11, 12, 13, 14, 15]
    assert result.values.tolist() == [1250.0, 0.0, NA, NA, 3.0, NA]
    assert result.invalid.tolist() == [False, False, False, True, False, True]


def test_bool_is_not_confused_with_one():
    """True == 1.0 in Python; the cleaner must still read 1.0 as a number and True as invalid."""
    result = parse_number(column(1.0, True, 1, False, 0))
    assert result.values.tolist() == [1.0, NA, 1.0, NA, 0.0]
    assert result.invalid.tolist() == [False, True, False, True, False]


def test_empty_series():
    result = parse_number(pd.Series([], dtype=object))
    assert len(result.values) == 0 and result.values.dtype == "Float64" and result.invalid.dtype == bool
    assert len(parse_date(pd.Series([], dtype=object)).values) == 0


def test_all_missing_column():
    result = parse_date(column(None, None, ""))
    assert result.values.isna().all() and result.values.dtype == "datetime64[ns]"
    assert not result.invalid.any()


# -- years -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "expected", "invalid"), [
    (2567, 2024, False),
    (2567.0, 2024, False),
    ("2567", 2024, False),
    ("2567.0", None, True),
    ("พ.ศ. 2567", 2024, False),
    ("พ.ศ.2567", 2024, False),
    ("ปี 2567", 2024, False),
    ("๒๕๖๗", 2024, False),
    ("2024", 2024, False),
    (2024, 2024, False),
    ("ค.ศ. 2024", 2024, False),
    ("FY2567", 2024, False),
    ("fy 2567", 2024, False),
    ("ปีงบประมาณ 2567", 2024, False),
    ("ปีงบประมาณ พ.ศ. 2567", 2024, False),
    (datetime(2567, 1, 15), 2024, False),
    (datetime(2024, 1, 15), 2024, False),
    (date(2567, 3, 1), 2024, False),
    ("ไม่ระบุ", None, False),
    ("", None, False),
    (None, None, False),
    ("ปี", None, True),
    ("two thousand", None, True),
    ("67", None, True),
    ("2567-2568", None, True),
    (2567.5, None, True),
    (True, None, True),
    ("#REF!", None, True),
    (12, None, True),
])
def test_parse_year(cell, expected, invalid):
    assert one(parse_year, cell) == (expected, invalid)


def test_parse_year_dtype():
    assert parse_year(column("2567", None)).values.dtype == "Int64"


# -- dates -------------------------------------------------------------------------------------

JAN_15 = pd.Timestamp("2024-01-15")


@pytest.mark.parametrize(("cell", "expected"), [
    (datetime(2024, 1, 15), JAN_15),
    (datetime(2024, 1, 15, 10, 30), JAN_15),
    (date(2024, 1, 15), JAN_15),
    (datetime(2567, 1, 15), JAN_15),
    (date(2567, 1, 15), JAN_15),
    (pd.Timestamp("2024-01-15 08:00"), JAN_15),
    (45306, JAN_15),
    (45306.0, JAN_15),
    (45306.75, JAN_15),
    ("45306", JAN_15),
    ("15 ม.ค. 2567", JAN_15),
    ("15 ม.ค.2567", JAN_15),
    ("15 มค 2567", JAN_15),
    ("15 มกราคม 2567", JAN_15),
    ("15 มกราคม พ.ศ. 2567", JAN_15),
    ("๑๕ ม.ค. ๒๕๖๗", JAN_15),
    ("15 ม.ค. 67", JAN_15),
    ("15/01/2567", JAN_15),
    ("15/1/2567", JAN_15),
    ("15/01/67", JAN_15),
    ("15/01/24", JAN_15),
    ("15-01-2567", JAN_15),
    ("15.01.2567", JAN_15),
    ("15/01/2024", JAN_15),
    ("15/01/2567 10:30", JAN_15),
    ("2024-01-15", JAN_15),
    ("2567-01-15", JAN_15),
    ("2024-01-15 10:30:00", JAN_15),
    ("2024-01-15T10:30:00", JAN_15),
    ("2024/01/15", JAN_15),
    ("15 Jan 2024", JAN_15),
    ("15 January 2024", JAN_15),
    ("January 15, 2024", JAN_15),
    ("Jan 15 2024", JAN_15),
    ("มกราคม 2567", pd.Timestamp("2024-01-01")),
    ("ม.ค. 2567", pd.Timestamp("2024-01-01")),
    ("05/03/2567", pd.Timestamp("2024-03-05")),  # always day-first
    ("12/11/2024", pd.Timestamp("2024-11-12")),
    ("29/02/2567", pd.Timestamp("2024-02-29")),  # 2024 is a leap year
    ("1 ต.ค. 66", pd.Timestamp("2023-10-01")),
    ("31 ธันวาคม 2566", pd.Timestamp("2023-12-31")),
])
def test_parse_date_valid(cell, expected):
    result = parse_date(column(cell), today=TODAY)
    assert result.values.dtype == "datetime64[ns]"
    assert result.values.iloc[0] == expected
    assert not result.invalid.iloc[0]


def test_be_date_cell_on_29_february():
    """BE 2568 is a leap year by Gregorian rules, CE 2025 is not (543 % 4 == 3, so this always happens):
    keep the cell, as 28 Feb, rather than lose it."""
    assert one(parse_date, datetime(2568, 2, 29)) == (pd.Timestamp("2025-02-28"), False)
    assert one(parse_date, datetime(2568, 2, 28)) == (pd.Timestamp("2025-02-28"), False)
    assert one(parse_date, datetime(2567, 3, 1)) == (pd.Timestamp("2024-03-01"), False)


@pytest.mark.parametrize("cell", [
    "31/02/2567", "32/01/2567", "15/13/2567", "30 ก.พ. 2567", "2024-02-30", "hello", "#REF!", "15 ม.ค.",
    "01/15/2024", True, 0, -5, 3_000_000, "2567", "15 xyz 2567",
])
def test_parse_date_invalid(cell):
    result = parse_date(column(cell), today=TODAY)
    assert result.values.isna().iloc[0]
    assert result.invalid.iloc[0]


@pytest.mark.parametrize("cell", [None, "", "  ", "ไม่ระบุ", "n/a", float("nan"), pd.NaT])
def test_parse_date_missing_is_not_invalid(cell):
    result = parse_date(column(cell), today=TODAY)
    assert result.values.isna().iloc[0]
    assert not result.invalid.iloc[0]


@pytest.mark.parametrize(("text", "today", "expected_year"), [
    ("15/01/67", date(2026, 11, 22), 2024),   # BE 2567
    ("15/01/24", date(2026, 11, 22), 2024),   # CE 2024
    ("15/01/98", date(2026, 11, 22), 1998),   # CE 1998 (BE 2598 and CE 2098 are in the future)
    ("15/01/69", date(2026, 11, 22), 2026),   # BE 2569
    ("15/01/27", date(2026, 11, 22), 2027),   # next year is still allowed
    ("15/01/28", date(2026, 11, 22), 1985),   # BE 2528: CE 2028 is too far ahead
    ("15/01/70", date(2026, 11, 22), 2027),   # BE 2570 = 2027, not after next year
    ("15/01/71", date(2026, 11, 22), 1971),   # BE 2571 = 2028 is too late
    ("15 ม.ค. 67", date(2010, 6, 1), 1967),   # seen from 2010, BE 2567 is the future
])
def test_two_digit_years(text, today, expected_year):
    assert parse_date(column(text), today=today).values.iloc[0].year == expected_year


def test_two_digit_year_default_today_is_real_today():
    assert parse_date(column("15/01/67")).values.iloc[0] == JAN_15


def test_parse_date_keeps_index_and_mixed_cells():
    raw = pd.Series([datetime(2567, 1, 15), 45306, "15 ม.ค. 67", "ไม่ระบุ", "31/02/2567", None],
                    index=list("abcdef"), dtype=object)
    result = parse_date(raw, today=TODAY)
    assert list(result.values.index) == list("abcdef")
    assert result.values.tolist()[:3] == [JAN_15] * 3
    assert result.values.isna().tolist() == [False, False, False, True, True, True]
    assert result.invalid.tolist() == [False, False, False, False, True, False]


# -- DOPA periods ------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "expected", "invalid"), [
    ("6705", pd.Timestamp("2024-05-01"), False),
    (6705, pd.Timestamp("2024-05-01"), False),
    (6705.0, pd.Timestamp("2024-05-01"), False),
    ("256705", pd.Timestamp("2024-05-01"), False),
    ("6612", pd.Timestamp("2023-12-01"), False),
    ("๖๗๐๕", pd.Timestamp("2024-05-01"), False),
    ("6713", None, True),
    ("6700", None, True),
    ("67-05", None, True),
    ("abc", None, True),
    ("", None, False),
    (None, None, False),
])
def test_parse_period_yymm(cell, expected, invalid):
    result = parse_period_yymm(column(cell))
    assert result.values.dtype == "datetime64[ns]"
    assert one(parse_period_yymm, cell) == (expected, invalid)


# -- fiscal year -------------------------------------------------------------------------------

def test_fiscal_year_boundaries():
    dates = pd.Series(pd.to_datetime(["2023-09-30", "2023-10-01", "2024-01-15", "2024-09-30", "2024-10-01", None]))
    result = fiscal_year(dates)
    assert result.dtype == "Int64"
    assert result.tolist() == [2023, 2024, 2024, 2024, 2025, NA]


def test_fiscal_year_of_parsed_dates():
    assert fiscal_year(parse_date(column("1 ต.ค. 2566", "30 ก.ย. 2567")).values).tolist() == [2024, 2024]


# -- categories --------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "expected", "invalid"), [
    ("ออนไลน์", "online", False), ("Online", "online", False), ("ZOOM", "online", False),
    ("Facebook Live", "online", False), ("e-learning", "online", False), ("virtual", "online", False),
    ("อบรมออนไลน์ผ่าน Zoom", "online", False),
    ("ออนไซต์", "in_person", False), ("onsite", "in_person", False), ("On-site", "in_person", False),
    ("in person", "in_person", False), ("In-Person", "in_person", False), ("face-to-face", "in_person", False),
    ("ในสถานที่", "in_person", False), ("ณ สถานที่", "in_person", False), ("ห้องเรียน", "in_person", False),
    ("ห้องเรียนออนไลน์", "online", False),
    ("ผสมผสาน", "hybrid", False), ("Hybrid", "hybrid", False), ("ออนไลน์และออนไซต์", "hybrid", False),
    ("blended", "hybrid", False), ("online / onsite", "hybrid", False),
    ("ไม่ระบุ", None, False), ("", None, False), (None, None, False),
    ("ทางไปรษณีย์", None, True), ("xyz", None, True), (5, None, True),
])
def test_parse_mode(cell, expected, invalid):
    assert parse_mode(column(cell)).values.dtype == "string"
    assert one(parse_mode, cell) == (expected, invalid)


@pytest.mark.parametrize(("cell", "expected", "invalid"), [
    ("หญิง", "female", False), ("ญ", "female", False), ("เพศหญิง", "female", False), ("F", "female", False),
    ("female", "female", False), ("Woman", "female", False), ("w", "female", False),
    ("ชาย", "male", False), ("ช", "male", False), ("เพศชาย", "male", False), ("M", "male", False),
    ("male", "male", False), ("Man", "male", False), (" ชาย ", "male", False),
    ("ไม่ระบุ", None, False), (None, None, False),
    ("อื่นๆ", None, True), ("x", None, True), (1, None, True),
])
def test_parse_sex(cell, expected, invalid):
    assert one(parse_sex, cell) == (expected, invalid)


def test_area_codes():
    assert area_codes() == ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2", "3.3")


@pytest.mark.parametrize(("cell", "expected", "invalid"), [
    ("2.2", "2.2", False), ("KF 2.3", "2.3", False), ("KF2.3", "2.3", False), ("kf 2.3", "2.3", False),
    ("ด้าน 2.2", "2.2", False), ("2.2, 1.3", "1.3;2.2", False), ("๒.๒", "2.2", False),
    ("2.2 / 1.3", "1.3;2.2", False), ("1.3;2.2", "1.3;2.2", False), ("2.2, 2.2", "2.2", False),
    (2.2, "2.2", False), (3.1, "3.1", False), ("1.1 และ 3.3", "1.1;3.3", False),
    ("", None, False), ("ไม่ระบุ", None, False), (None, None, False),
    ("4.1", None, True), ("2.7", None, True), ("2.2.1", None, True), ("22", None, True), (2, None, True),
    ("ด้านการศึกษา", None, True), ("2.2 xyz", None, True), (True, None, True),
])
def test_parse_kf_codes(cell, expected, invalid):
    assert one(parse_kf_codes, cell) == (expected, invalid)


# -- age bands in headers ----------------------------------------------------------------------

@pytest.mark.parametrize(("header", "expected"), [
    ("ชาย < 1 ปี", (0, 0, "male")),
    ("หญิง < 1 ปี", (0, 0, "female")),
    ("หญิง 5 ปี", (5, 5, "female")),
    ("ชาย 0 ปี", (0, 0, "male")),
    ("ชาย > 100 ปี", (101, None, "male")),
    ("60 ปีขึ้นไป", (60, None, None)),
    ("อายุ 60 ปีขึ้นไป", (60, None, None)),
    ("60+", (60, None, None)),
    ("age 60+", (60, None, None)),
    ("Age 60+", (60, None, None)),
    ("60 and over", (60, None, None)),
    ("ผู้สูงอายุ (60 ปีขึ้นไป)", (60, None, None)),
    ("15-24 ปี", (15, 24, None)),
    ("อายุ 15-24 ปี", (15, 24, None)),
    ("age 15-24", (15, 24, None)),
    ("15–24", (15, 24, None)),
    ("15 - 24 ปี", (15, 24, None)),
    ("ต่ำกว่า 15 ปี", (0, 14, None)),
    ("under 15", (0, 14, None)),
    ("ประชากรหญิง อายุ 60 ปีขึ้นไป", (60, None, "female")),
    ("ประชากรชาย อายุ 15-24 ปี", (15, 24, "male")),
    ("female 15-24", (15, 24, "female")),
    ("male 60+", (60, None, "male")),
    ("๖๐ ปีขึ้นไป", (60, None, None)),
])
def test_parse_age_band(header, expected):
    assert parse_age_band(header) == expected
    assert parse_age_band(header.lower()) == expected


@pytest.mark.parametrize("header", [
    "ชาย", "หญิง", "รวม", "2567", "2024", "ชั่วโมง", "จำนวนครั้ง", "A-001", "ปี 2567", "พ.ศ. 2567",
    "2566-2567", "จำนวน", "", "KF 2.2", "ราคา 1.5", "1000+",
])
def test_parse_age_band_without_age(header):
    assert parse_age_band(header) is None


# -- scale -------------------------------------------------------------------------------------

def test_200k_rows_with_400_distinct_strings():
    distinct = [f"{n:,} คน" for n in range(1000, 1400)]
    rng = np.random.default_rng(7)
    picks = rng.integers(0, len(distinct), size=200_000)
    raw = pd.Series(np.array(distinct, dtype=object)[picks], dtype=object)
    raw.iloc[::1000] = None
    raw.iloc[5::1000] = "#REF!"
    raw.iloc[7::1000] = "-"
    expected = pd.Series(1000.0 + picks, dtype="Float64")
    expected.iloc[::1000] = NA
    expected.iloc[5::1000] = NA
    expected.iloc[7::1000] = 0.0
    result = parse_count(raw)
    pd.testing.assert_series_equal(result.values, expected, check_names=False)
    assert result.invalid.sum() == 200 and result.invalid.iloc[5::1000].all()


def test_200k_date_rows():
    distinct = [f"{d} ม.ค. {y}" for d in range(1, 21) for y in range(2548, 2568)]
    picks = np.random.default_rng(3).integers(0, len(distinct), size=200_000)
    raw = pd.Series(np.array(distinct, dtype=object)[picks], dtype=object)
    result = parse_date(raw, today=TODAY)
    assert not result.invalid.any()
    first = distinct[picks[0]].split()
    assert result.values.iloc[0] == pd.Timestamp(int(first[2]) - 543, 1, int(first[0]))
    assert result.values.dt.year.between(2005, 2024).all()


def test_module_has_no_streamlit():
    assert "streamlit" not in Path(cleaning.__file__).read_text(encoding="utf-8")


def test_work_per_distinct_value_gives_what_it_gives_on_every_row():
    """base/distinct.per_distinct: a string method run on a column's distinct values, then spread back,
    answers row for row as on the whole column, missing values and the row order kept."""
    import random

    from indicators.base.distinct import per_distinct
    from indicators.clean.sheet_context import FOOTNOTE_MARK

    chance = random.Random(3)
    names = ["หางดง 2/", "หางดง", "เมือง *", None, "ไม่ระบุ", "N/A", "x" * 300, ""]
    column = pd.Series([chance.choice(names) for _ in range(500)], dtype="string", index=range(7, 507))
    for work in (lambda s: s.str.replace(FOOTNOTE_MARK, "", regex=True), lambda s: s.str.len(),
                 lambda s: s.str.lower().isin(["ไม่ระบุ", "n/a"])):
        whole, spread = work(column), per_distinct(column, work)
        assert list(spread.index) == list(column.index)
        assert [None if pd.isna(v) else v for v in spread] == [
            None if pd.isna(v) or (v is False and pd.isna(c)) else v for v, c in zip(whole, column)]
