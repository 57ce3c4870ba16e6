"""A summary sheet beside the registers it sums ("สรุป" per amphoe) is checked against them: set aside when
it agrees, refused when it does not (found by a tester: a summary saying 50 over records adding up to 43
was stored beside them unchecked, and one with no year of its own refused the whole file)."""
from __future__ import annotations

import datetime as dt

from conftest import make_xlsx, rows

from indicators.ingest.commit import ingest_files

REGISTER = ["ที่", "กิจกรรม", "วันที่", "ผู้เข้าร่วม", "หญิง", "ชาย"]


def _workbook(tmp_path, summary_saraphi):
    return make_xlsx(tmp_path / "districts.xlsx", {
        "อำเภอเมือง": [REGISTER, [1, "อบรมคอมพิวเตอร์", dt.datetime(2023, 11, 10), 20, 12, 8],
                       [2, "ห้องสมุดเคลื่อนที่", dt.datetime(2024, 1, 15), 35, 20, 15]],
        "อำเภอสารภี": [REGISTER, [1, "สอนทำขนม", dt.datetime(2023, 12, 5), 18, 15, 3],
                       [2, "เล่านิทาน", dt.datetime(2024, 2, 20), 25, 13, 12]],
        "สรุป": [["อำเภอ", "จำนวนกิจกรรม", "ผู้เข้าร่วม", "หญิง", "ชาย"], ["อำเภอเมือง", 2, 55, 32, 23],
                 ["อำเภอสารภี", *summary_saraphi], ["รวม", 4, 55 + summary_saraphi[1], 60, 38]]})


def test_a_summary_that_agrees_with_the_registers_is_set_aside(store, tmp_path):
    outcome = ingest_files(store, [_workbook(tmp_path, [2, 43, 28, 15])], "Office")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert ("summary_set_aside", "สรุป") in {(p.code, p.sheet) for p in outcome.problems}
    assert rows(store, "SELECT count(*) FROM statistics") == [(0,)]
    assert rows(store, "SELECT sum(value) FROM participation WHERE dimension = 'total'") == [(98.0,)]


def test_a_summary_that_disagrees_with_the_registers_is_refused(store, tmp_path):
    outcome = ingest_files(store, [_workbook(tmp_path, [2, 50, 28, 15])], "Office")
    assert outcome.status == "refused"
    (differs,) = [p for p in outcome.problems if p.code == "summary_differs"]
    assert differs.sheet == "สรุป" and "50" in differs.message_en and "43" in differs.message_en
    assert rows(store, "SELECT count(*) FROM activities") == [(0,)]
