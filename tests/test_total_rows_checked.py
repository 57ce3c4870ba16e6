"""A labelled total row is dropped only when it is the sum of the rows it totals; one that is not is asked
about (found by a reviewer: 'รวม' 9,999 over rows adding up to 4,200 went without a word). The ways real
tables total their rows are all sums: a subtotal, a grand total after subtotals, a total on top, a total
per measure of a long table, a SUM over the subtotals too."""
from __future__ import annotations

import pytest
from conftest import make_xlsx, rows

from indicators.ingest.commit import ingest_files

TITLE = ["จำนวนประชากร จำแนกตามอำเภอ ปี 2567 (คน)"]


def _ingest(store, tmp_path, body, header=("อำเภอ", "ประชากร")):
    path = make_xlsx(tmp_path / "population.xlsx", {"ประชากร": [TITLE, list(header), *body]})
    return ingest_files(store, [path], "Province")


def test_a_total_that_is_not_the_sum_of_its_rows_is_asked_about(store, tmp_path):
    outcome = _ingest(store, tmp_path, [["เมือง", 1000], ["สารภี", 3200], ["รวม", 9999]])
    assert outcome.status == "refused"
    (doubt,) = [p for p in outcome.problems if p.code == "needs_review"]
    assert "9,999" in doubt.message_en and "4,200" in doubt.message_en and "9,999" in doubt.message_th
    assert rows(store, "SELECT count(*) FROM statistics") == [(0,)]


@pytest.mark.parametrize("body", [
    [["เมือง", 1000], ["สารภี", 3200], ["รวม", 4200]],
    [["รวมทั้งจังหวัด", 4200], ["เมือง", 1000], ["สารภี", 3200]],  # on top
    [["เมือง", 1000], ["สารภี", 3200], ["รวมเขต 1", 4200], ["แม่ริม", 500], ["รวมเขต 2", 500], ["รวมทั้งสิ้น", 4700]],
    [["เมือง", 1000], ["สารภี", 3200], ["รวมเขต 1", 4200], ["แม่ริม", 500], ["รวมเขต 2", 500], ["รวมทั้งสิ้น", 9400]],  # SUM over all
    [["เมือง", 1000.4], ["สารภี", 3200.3], ["รวม", 4200.7]],
    [["เมือง", 1000], ["สารภี", 3200], ["เฉลี่ย", 2100]],  # an average: no sum
])
def test_totals_that_are_sums_of_their_rows_ask_nothing(store, tmp_path, body):
    outcome = _ingest(store, tmp_path, body)
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]


def test_totals_per_measure_of_a_long_table_are_checked_per_measure(store, tmp_path):
    outcome = _ingest(store, tmp_path, [["เมือง", "ชาย", 400], ["สารภี", "ชาย", 1500], ["รวม", "ชาย", 1900],
                                        ["เมือง", "หญิง", 600], ["สารภี", "หญิง", 1700], ["รวม", "หญิง", 2300]],
                      header=("อำเภอ", "เพศ", "ประชากร"))
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert rows(store, "SELECT sum(value) FROM statistics") == [(4200.0,)]


@pytest.mark.parametrize("header, body", [
    (("อำเภอ", "ตำบล", "จำนวนครัวเรือน"), [  # a grand total on top of groups with their own subtotals after them
        ["รวมทั้งจังหวัด", None, 72000], ["เมือง", "ในเมือง", 30000], ["เมือง", "สำราญ", 14000],
        ["รวมอำเภอเมือง", None, 44000], ["บ้านฝาง", "บ้านฝาง", 28000], ["รวมอำเภอบ้านฝาง", None, 28000]]),
    (("อำเภอ", "เพศ", "จำนวน"), [  # a long table: each amphoe's "รวม" sex beside its sexes, and the grand total
        ["เมือง", "ชาย", 120], ["เมือง", "หญิง", 125], ["เมือง", "รวม", 245], ["สารภี", "ชาย", 23],
        ["สารภี", "หญิง", 24], ["สารภี", "รวม", 47], ["รวม", "ชาย", 143], ["รวม", "หญิง", 149], ["รวม", "รวม", 292]]),
    (("อำเภอ", "ประชากร", "ความหนาแน่นของประชากร (คน/ตร.กม.)"), [  # a density is no sum
        ["เมือง", 246023, 258.05], ["บ้านฝาง", 48023, 159.97], ["รวม", 294046, 168.16]]),
    (("อำเภอ", "จำนวนครัวเรือน", "รายได้ต่อคนต่อปี (บาท)"), [  # nor an income per head
        ["เมือง", 500, 85000], ["บ้านฝาง", 400, 62000], ["รวม", 900, 72000]]),
])
def test_more_ways_of_totalling_that_ask_nothing(store, tmp_path, header, body):
    outcome = _ingest(store, tmp_path, body, header=header)
    assert not any("total_row_not_sum" in (p.message_en or "") or "is read as a total, but" in (p.message_en or "")
                   for p in outcome.problems), [(p.code, p.message_en) for p in outcome.problems]


@pytest.mark.parametrize("header, body", [
    (("สาขา", "มูลค่า (ล้านบาท)"), [["เกษตร", 10234], ["อุตสาหกรรม", 20345], ["บริการ", 18928], ["รวม", 49505]]),  # rounded on its own
    (("อำเภอ", "ค่า"), [["เมือง", 12.3454], ["สารภี", 37.1596], ["รวม", 49.5]]),  # a total rounded coarser than its parts
    (("อำเภอ", "จำนวนนักเรียนที่สอบ", "คะแนนภาษาไทย"), [["เมือง", 100, 55.2], ["สารภี", 50, 57.15], ["รวม", 150, 55.85]]),
    (("อำเภอ", "เพศ", "จำนวน"), [["เมือง", "ชาย", 120], ["เมือง", "หญิง", 125], ["สารภี", "ชาย", 23], ["สารภี", "หญิง", 24],
                                 ["รวม", "รวมชาย", 143], ["รวม", "รวมหญิง", 149]]),
    (("อำเภอ", "เพศ", "จำนวน"), [["เมือง", "ชาย", 120], ["เมือง", "หญิง", 125], ["สารภี", "ชาย", 23], ["สารภี", "หญิง", 24],
                                 ["รวมชาย", None, 143], ["รวมหญิง", None, 149], ["รวมทั้งสิ้น", None, 292]]),
])
def test_rounded_and_spelled_out_totals_ask_nothing(store, tmp_path, header, body):
    outcome = _ingest(store, tmp_path, body, header=header)
    assert not any("is read as a total, but" in (p.message_en or "") for p in outcome.problems), \
        [(p.code, p.message_en) for p in outcome.problems]


def test_rounding_never_hides_a_total_off_by_three_over_eighty_figures(store, tmp_path):
    body = [[f"ตำบล {k}", 24.9] for k in range(80)] + [["รวม", round(24.9 * 80 + 3, 1)]]
    outcome = _ingest(store, tmp_path, body, header=("ตำบล", "จำนวนผู้เรียน (คน)"))
    assert any("is read as a total, but" in (p.message_en or "") for p in outcome.problems)
