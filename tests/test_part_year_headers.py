"""A header naming some months of a year ("2567 (ม.ค.-มิ.ย.)", "2024 (Jan-Jun)", "ปีงบประมาณ 2567 (ต.ค. 66 -
มี.ค. 67)") stands for those months, not the whole year (found by a tester: a half year was stored as a
year of 12 months, so any trend showed it as a halving)."""
from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from conftest import rows

from indicators.ingest.commit import ingest_files
from indicators.understand.periods import parse_period


@pytest.mark.parametrize("header, start, months", [
    ("2567 (ม.ค.-มิ.ย.)", date(2024, 1, 1), 6),
    ("2024 (Jan-Jun)", date(2024, 1, 1), 6),
    ("ปีงบประมาณ 2567 (ต.ค. 66 - มี.ค. 67)", date(2023, 10, 1), 6),
    ("ปีงบประมาณ 2567 (ต.ค.-มี.ค.)", date(2023, 10, 1), 6),  # a fiscal year's October is in the year before
    ("ปีงบประมาณ 2567 (ต.ค. 66 - ก.ย. 67)", date(2023, 10, 1), 12),  # the whole fiscal year, said twice
    ("ปีงบประมาณ 2567", date(2023, 10, 1), 12),
    ("ต.ค.-ธ.ค. 66", date(2023, 10, 1), 3),
    ("2567", date(2024, 1, 1), 12),
    ("ปี 65", date(2022, 1, 1), 12),  # a two-digit Buddhist-era year said to be a year
    ("พ.ศ. 66", date(2023, 1, 1), 12),
    ("Mid-2022", date(2022, 1, 1), 12),  # a mid-year estimate: that year's
])
def test_the_months_a_header_names_are_its_period(header, start, months):
    period = parse_period(header)
    assert (period.start, period.months) == (start, months)


@pytest.mark.parametrize("header", [
    "2567 (ต.ค.-มี.ค.)",  # October of 2566 or of 2567? Not a guess
    "ม.ค. 66 - มี.ค. 67",  # fifteen months: not read as its first month
    "ปี 12",  # no Buddhist-era year of the last century or this one
])
def test_months_that_make_no_period_of_the_year_give_none(header):
    assert parse_period(header) is None


def test_a_half_year_column_is_stored_as_six_months(store, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["จำนวนผู้เข้าใช้บริการห้องสมุดประชาชน จำแนกตามอำเภอ (คน)"],
                ["อำเภอ", "2565", "2566", "2567 (ม.ค.-มิ.ย.)"],
                ["เมือง", 8000, 8500, 4300], ["แม่ริม", 5000, 5200, 2600]):
        sheet.append(row)
    book.save(tmp_path / "library.xlsx")
    outcome = ingest_files(store, [tmp_path / "library.xlsx"], "Office")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert set(rows(store, "SELECT year, period_start, period_months, sum(value) FROM statistics GROUP BY ALL")) == {
        (2022, None, None, 13000.0), (2023, None, None, 13700.0), (2024, date(2024, 1, 1), 6, 6900.0)}
