"""Ages and sexes written down the rows of a long table. An age column holding age groups as the
Department of Provincial Administration exports them ("0-4", "100+", "ต่ำกว่า 1 ปี") beside single years was
refused, every group "not a number"; so was a sex column's "รวม"."""
from __future__ import annotations

from conftest import committed, rows
from conftest import make_xlsx as workbook

from indicators.ingest.commit import ingest_files

HEADER = [["จำนวนประชากร พ.ศ. 2567"], ["อำเภอ", "อายุ", "จำนวน (คน)"]]


def test_age_groups_in_an_age_column_are_their_ages(store, tmp_path):
    committed(store, workbook(tmp_path / "ประชากร_2567.xlsx", {"Sheet1": [*HEADER, ["เมือง", "ต่ำกว่า 1 ปี", 2],
              ["เมือง", 1, 4], ["เมือง", "2-4", 10], ["เมือง", "60 ปีขึ้นไป", 7], ["สารภี", "100+", 1]]}))
    assert rows(store, "SELECT district, age_min, age_max, value FROM v_statistics ORDER BY 1, 2") == [
        ("สารภี", 100, None, 1.0), ("เมือง", 0, 0, 2.0), ("เมือง", 1, 1, 4.0), ("เมือง", 2, 4, 10.0),
        ("เมือง", 60, None, 7.0)]


def test_a_word_that_is_no_age_is_still_refused_at_its_cell(store, tmp_path):
    outcome = ingest_files(store, [workbook(tmp_path / "ประชากร_2567.xlsx", {"Sheet1": [
        *HEADER, ["เมือง", "0-4", 10], ["สารภี", "สิบ", 5]]})], "Office")
    assert [(p.code, p.row, p.value) for p in outcome.problems if p.severity == "error"] == [("not_a_number", 4, "สิบ")]


def test_a_total_written_in_the_sex_column_is_both_sexes(store, tmp_path):
    """'รวม' among ชาย and หญิง in a long table's sex column was refused as no sex."""
    committed(store, workbook(tmp_path / "ประชากร_2567.xlsx", {"Sheet1": [
        ["จำนวนประชากร พ.ศ. 2567"], ["อำเภอ", "เพศ", "จำนวน (คน)"], ["เมือง", "ชาย", 48], ["เมือง", "หญิง", 52],
        ["เมือง", "รวม", 100], ["สารภี", "Male", 20], ["สารภี", "Female", 22], ["สารภี", "Total", 42]]}))
    assert rows(store, "SELECT district, sum(value) FROM v_statistics WHERE sex IS NULL GROUP BY 1 ORDER BY 1") == [
        ("สารภี", 42.0), ("เมือง", 100.0)]
    assert rows(store, "SELECT count(*) FROM v_statistics WHERE sex IN ('female', 'male')") == [(4,)]
