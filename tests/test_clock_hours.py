"""Thai offices write a length as clock time: "1.30" (or 1.3 once Excel drops the zero) is one hour thirty
minutes. Read as decimals, 1.30 and 2.45 were stored as 1.3 and 2.45 hours."""
from __future__ import annotations

import pandas as pd
import pytest
from conftest import make_xlsx as workbook
from conftest import rows

from indicators.clean.clock_hours import clock_reading
from indicators.ingest.commit import ingest_files

HEADER = ["ลำดับ", "ชื่อกิจกรรม", "วันที่", "อำเภอ", "จำนวนผู้เข้าร่วม (คน)", "จำนวนชั่วโมง"]


def _ingest(store, tmp_path, hours):
    table = [HEADER] + [[i + 1, f"อบรม {i}", "15/01/2567", "เมือง", 20, h] for i, h in enumerate(hours)]
    return ingest_files(store, [workbook(tmp_path / "กิจกรรม_2567.xlsx", {"Sheet1": table})], "Office")


def test_hours_written_as_clock_time_are_hours_and_minutes(store, tmp_path):
    outcome = _ingest(store, tmp_path, ["1.30", "2.45 ชม.", 3, 1.3, "๐.๑๕"])
    assert outcome.status == "committed"
    (said,) = [p for p in outcome.problems if p.code == "hours_as_clock"]
    assert (said.severity, said.column, said.value) == ("warning", "จำนวนชั่วโมง", "1.30")
    assert "'1.30' is 1.5 hours" in said.message_en and "1.5 ชั่วโมง" in said.message_th
    assert rows(store, "SELECT hours FROM v_activities ORDER BY source_row") == [(1.5,), (2.75,), (3.0,), (1.5,), (0.25,)]


@pytest.mark.parametrize("hours", [[1.5, 2, 0.75], [2, 3, 4], ["1.5", "2.25"], [1.2, 3.6]])
def test_decimal_hours_stay_decimal(store, tmp_path, hours):
    outcome = _ingest(store, tmp_path, hours)
    assert outcome.status == "committed"
    assert not [p for p in outcome.problems if p.code.startswith("hours_")]
    assert rows(store, "SELECT hours FROM v_activities ORDER BY source_row") == [(float(h),) for h in hours]


def test_a_column_writing_both_ways_is_refused_at_its_cells(store, tmp_path):
    outcome = _ingest(store, tmp_path, ["1.30", 1.5, 2])
    assert outcome.status == "refused"
    assert [(p.code, p.row, p.value) for p in outcome.problems if p.severity == "error"] == [
        ("hours_clock_or_decimal", 2, "1.30"), ("hours_clock_or_decimal", 3, "1.5")]
    assert rows(store, "SELECT count(*) FROM activities") == [(0,)]


@pytest.mark.parametrize("cells, reading", [
    (["1.30", "2.00"], "clock"), ([1.45, 2], "clock"), ([1.3, 1.25], "mixed"), ([1.333, 1.3], "mixed"),
    ([1.1, 1.2], None), ([None, "ไม่ระบุ", 2], None), (["2 ชั่วโมง 30 นาที"], None)])
def test_the_reading_of_a_column(cells, reading):
    assert clock_reading(pd.Series(cells, dtype=object)) == reading


def test_numbers_no_clock_can_hold_are_left_to_the_bounds_check():
    assert clock_reading(pd.Series([1.3, float("inf"), 1e308, float("nan")], dtype=object)) == "clock"
