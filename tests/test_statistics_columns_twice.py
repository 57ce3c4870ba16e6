"""An age group over its sexes with no merge (a CSV export, or Excel's "centre across selection") lost
the age of every column but the first: each `หญิง` and `รวม` was stored as all ages, and a district's
population counted four times. Columns read as one and the same figure are now asked about."""
from __future__ import annotations

import csv

import pytest
from conftest import committed, rows
from conftest import make_xlsx as workbook

from indicators.ingest.commit import ingest_files

TITLE = ["จำนวนประชากรจำแนกตามช่วงอายุและเพศ พ.ศ. 2567"]
AGES = ["อำเภอ", "0-14 ปี", None, None, "15-59 ปี", None, None, "60 ปีขึ้นไป", None, None, "รวม", None, None]
SEXES = [None] + ["ชาย", "หญิง", "รวม"] * 4
MUEANG = ["เมือง", 10, 11, 21, 30, 32, 62, 8, 9, 17, 48, 52, 100]


def _file(tmp_path, form: str, width: int = 13):
    table = [TITLE, AGES[:width], SEXES[:width], MUEANG[:width]]
    if form == "xlsx":
        return workbook(tmp_path / "ประชากร_2567.xlsx", {"Sheet1": table})
    path = tmp_path / "ประชากร_2567.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(table)
    return path


@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_an_age_group_written_once_over_its_sexes_heads_them_all(store, tmp_path, form):
    committed(store, _file(tmp_path, form))
    assert rows(store, "SELECT sum(value) FROM v_statistics WHERE sex IS NULL AND age_min IS NULL") == [(100.0,)]
    assert rows(store, "SELECT sex, age_min, age_max, value FROM v_statistics WHERE age_min IS NOT NULL "
                       "ORDER BY age_min, sex NULLS LAST") == [
        ("female", 0, 14, 11.0), ("male", 0, 14, 10.0), (None, 0, 14, 21.0), ("female", 15, 59, 32.0),
        ("male", 15, 59, 30.0), (None, 15, 59, 62.0), ("female", 60, None, 9.0), ("male", 60, None, 8.0),
        (None, 60, None, 17.0)]


def test_without_the_total_group_each_age_keeps_its_women(store, tmp_path):
    committed(store, _file(tmp_path, "xlsx", width=10))
    assert rows(store, "SELECT age_min, value FROM v_statistics WHERE sex = 'female' ORDER BY 1") == [
        (0, 11.0), (15, 32.0), (60, 9.0)]


def test_two_columns_read_as_one_figure_are_asked_about_and_nothing_is_stored(store, tmp_path):
    path = workbook(tmp_path / "ประชากร_2567.xlsx", {"Sheet1": [
        ["จำนวนประชากร พ.ศ. 2567"], ["อำเภอ", "ชาย", "หญิง", "รวม", "หญิง", "รวม"], ["เมือง", 10, 11, 21, 30, 62],
        ["สารภี", 5, 6, 11, 7, 20]]})
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "refused"
    (doubt,) = [p for p in outcome.problems if p.code == "needs_review"]
    assert "columns 'หญิง' and 'หญิง' read as one and the same figure" in doubt.message_en
    assert "คอลัมน์ 'รวม' และ 'รวม'" in doubt.message_th
    assert rows(store, "SELECT count(*) FROM statistics") == [(0,)]


def test_one_column_for_each_sex_asks_nothing(store, tmp_path):
    committed(store, workbook(tmp_path / "ประชากร_2567.xlsx", {"Sheet1": [
        ["จำนวนประชากร พ.ศ. 2567"], ["อำเภอ", "ชาย", "หญิง", "รวม"], ["เมือง", 10, 11, 21], ["สารภี", 5, 6, 11]]}))
    assert rows(store, "SELECT sum(value) FROM v_statistics WHERE sex IS NULL") == [(32.0,)]
