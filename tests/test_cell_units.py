"""A unit written in a number's cell is weighed against what its column counts: the column's own kind
is read in the column's unit, another kind is refused at its cell, never read as the bare number."""
from __future__ import annotations

import pytest
from conftest import make_xlsx as workbook
from conftest import rows

from indicators.clean.cell_units import factor_for, units_of
from indicators.ingest.commit import ingest_files


def _register(tmp_path, header, cells):
    return workbook(tmp_path / "register_2024.xlsx", {"Sheet1": [
        ["ชื่อกิจกรรม", "วันที่", *header],
        *[[f"อบรม {n}", f"{n}/2/2567", *row] for n, row in enumerate(cells, start=1)]]})


@pytest.mark.parametrize("header, cell, hours", [
    ("จำนวนชั่วโมง", "30 นาที", 0.5),
    ("จำนวนชั่วโมง", "3 ชม.", 3.0),
    ("จำนวนชั่วโมง", "1 ชั่วโมง 30 นาที", 1.5),
    ("จำนวนชั่วโมง", "1:30", 1.5),
    ("Duration (mins)", "2 hours", 2.0),  # a minutes column: the cell's own unit, not the header's
    ("Duration (mins)", "45 min", 0.75),
])
def test_a_length_of_time_in_an_hours_cell_is_read_in_hours(store, tmp_path, header, cell, hours):
    """'30 นาที' was stored as 30 hours, '2 hours' in a minutes column as 2 minutes."""
    result = ingest_files(store, [_register(tmp_path, [header, "ผู้เข้าร่วม (คน)"], [[2, 10], [cell, 12]])], "Office")
    assert result.status == "committed", [(p.code, p.message_en) for p in result.problems]
    written = 2.0 if header == "จำนวนชั่วโมง" else 2 / 60
    assert rows(store, "SELECT hours FROM v_activities ORDER BY source_row") == [(pytest.approx(written),),
                                                                                 (pytest.approx(hours),)]


@pytest.mark.parametrize("header, cell", [
    ("จำนวนชั่วโมง", "1 วัน"),  # how many hours a day of training has is not written
    ("Hours", "2 weeks"),
    ("ผู้เข้าร่วม (คน)", "12 %"),  # a share, not twelve people
    ("ผู้เข้าร่วม (คน)", "3 ครั้ง"),
    ("ผ่านการอบรม (คน)", "80%"),
    ("จำนวนครั้ง", "10 คน"),
    ("งบประมาณ (บาท)", "2 ชม."),
])
def test_a_unit_of_another_kind_is_refused_at_its_cell(store, tmp_path, header, cell):
    """Each was stored as the bare number: '1 วัน' as 1 hour, '12 %' as 12 people."""
    other = "ผู้เข้าร่วม (คน)" if header != "ผู้เข้าร่วม (คน)" else "จำนวนชั่วโมง"
    result = ingest_files(store, [_register(tmp_path, [header, other], [[5, 5], [cell, 5]])], "Office")
    assert result.status == "refused"
    refused = [p for p in result.problems if p.code == "unit_not_the_columns"]
    assert [(p.sheet, p.row, p.column, p.value) for p in refused] == [("Sheet1", 3, header, cell)]
    assert "not_a_number" not in {p.code for p in result.problems}
    assert rows(store, "SELECT count(*) FROM activities") == [(0,)]


@pytest.mark.parametrize("cell, value", [("30 คน", 30.0), ("12 ราย", 12.0), ("30 ท่าน", 30.0), ("1,250 คน", 1250.0)])
def test_people_written_with_a_word_for_people_are_counted(store, tmp_path, cell, value):
    result = ingest_files(store, [_register(tmp_path, ["ผู้เข้าร่วม (คน)"], [[cell]])], "Office")
    assert result.status == "committed"
    assert rows(store, "SELECT value FROM v_participation") == [(value,)]


def test_the_units_of_each_kind_of_field():
    assert factor_for("นาที", units_of("hours")) == pytest.approx(1 / 60)
    assert factor_for("ชั่วโมง", units_of("hours", scale=1 / 60)) == pytest.approx(60)
    assert factor_for("วัน", units_of("hours")) is None
    assert factor_for("%", units_of("participants_female")) is None
    assert factor_for("คน", units_of("group_older_adults")) == 1.0
    assert factor_for("บาท", units_of("budget")) == 1.0
    assert factor_for("%", units_of("value")) == 1.0  # a statistic's value: its unit is its own
    assert factor_for("ท่าน", units_of("participants_total")) == 1.0  # no known unit: the number
