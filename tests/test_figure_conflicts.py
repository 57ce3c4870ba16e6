"""A population or a rate has one figure per area and year. Sent again by another source (a revision
named `_ปรับปรุง`, the same table in another layout, another office's copy) it was added to the first:
961 residents where there are 481, and every rate per 1,000 residents halved."""
from __future__ import annotations

import pytest
from conftest import committed, rows, table_snapshot
from conftest import make_xlsx as workbook

from indicators.ingest.commit import ingest_files
from indicators.store import rollback_upload


def _population(tmp_path, name: str, mueang: int, saraphi: int):
    return workbook(tmp_path / name, {"Sheet1": [["จำนวนประชากร พ.ศ. 2567"], ["อำเภอ", "จำนวนประชากร (คน)"],
                                                 ["อำเภอเมือง", mueang], ["อำเภอสารภี", saraphi]]})


@pytest.mark.parametrize("mark", ["ปรับปรุง", "ฉบับปรับปรุง", "ข้อมูลใหม่", "ฉบับสมบูรณ์", "amended", "latest"])
def test_a_revision_named_as_thai_offices_name_it_replaces_the_first(store, tmp_path, mark):
    committed(store, _population(tmp_path, "ประชากร_2567.xlsx", 480, 240))
    committed(store, _population(tmp_path, f"ประชากร_2567_{mark}.xlsx", 481, 241))
    assert rows(store, "SELECT district, value FROM v_statistics ORDER BY 1") == [
        ("อำเภอสารภี", 241.0), ("อำเภอเมือง", 481.0)]


def test_a_population_another_source_already_holds_is_refused_naming_the_upload(store, tmp_path):
    committed(store, _population(tmp_path, "ประชากร_2567.xlsx", 480, 240))
    before = table_snapshot(store)
    outcome = ingest_files(store, [_population(tmp_path, "pop_district_2567.xlsx", 482, 240)], "Office")
    assert outcome.status == "refused"
    (conflict,) = [p for p in outcome.problems if p.code == "figures_in_other_upload"]
    assert (conflict.sheet, conflict.row, conflict.value) == ("Sheet1", 3, "2")
    assert "upload 1 (ประชากร_2567.xlsx" in conflict.message_en
    assert "population อำเภอเมือง 2024 = 482, stored 480" in conflict.message_en
    assert "พ.ศ. 2567 = 482 ที่บันทึกไว้ 480" in conflict.message_th
    assert table_snapshot(store) == before
    rollback_upload(store, 1)  # the first was wrong: rolled back, the second goes in
    committed(store, _population(tmp_path, "pop_district_2567.xlsx", 482, 240))
    assert rows(store, "SELECT sum(value) FROM v_statistics") == [(722.0,)]


def test_the_same_population_in_a_table_of_years_is_refused(store, tmp_path):
    committed(store, _population(tmp_path, "pop_district_2567.xlsx", 480, 240))
    outcome = ingest_files(store, [workbook(tmp_path / "ประชากรจำแนกตามเพศ.xlsx", {"Sheet1": [
        ["จำนวนประชากร จำแนกตามเพศ"], ["อำเภอ", "2566", None, None, "2567", None, None],
        [None, "ชาย", "หญิง", "รวม", "ชาย", "หญิง", "รวม"], ["อำเภอเมือง", 230, 240, 470, 235, 245, 480],
        ["อำเภอสารภี", 115, 120, 235, 118, 122, 240]]})], "Office")
    assert outcome.status == "refused"
    assert [p.value for p in outcome.problems if p.code == "figures_in_other_upload"] == ["2"]


def test_a_rate_from_another_source_is_refused(store, tmp_path):
    def rate(name, value):
        return workbook(tmp_path / name, {"Sheet1": [["ร้อยละของประชากรที่อ่านหนังสือ พ.ศ. 2567"],
                                                     ["อำเภอ", "ร้อยละ"], ["เมือง", value], ["สารภี", value - 10]]})
    committed(store, rate("อ่านหนังสือ_2567.xlsx", 80.5))
    outcome = ingest_files(store, [rate("reading_2567.xlsx", 81.0)], "Office")
    assert [p.code for p in outcome.problems if p.severity == "error"] == ["figures_in_other_upload"]


def test_figures_several_offices_add_up_to_are_not_refused(store, tmp_path):
    """Students of the municipality's schools and of the state's: parts of the district's students."""
    for name, count in (("นักเรียน_เทศบาล_2567.xlsx", 300), ("นักเรียน_สพฐ_2567.xlsx", 500)):
        committed(store, workbook(tmp_path / name, {"Sheet1": [["จำนวนนักเรียน พ.ศ. 2567"], ["อำเภอ", "จำนวนนักเรียน"],
                                                               ["เมือง", count]]}))
    assert rows(store, "SELECT measure, sum(value) FROM v_statistics GROUP BY 1") == [("students", 800.0)]


def test_a_new_version_sharing_no_district_with_the_upload_it_replaces_is_refused(store, tmp_path):
    """'แบบรายงาน (1).xlsx', a second office's attachment, replaced the first office's year: เมือง vanished."""
    header = ["ชื่อกิจกรรม", "อำเภอ", "วันที่", "ผู้เข้าร่วม (คน)"]
    committed(store, workbook(tmp_path / "แบบรายงาน.xlsx", {"Sheet1": [header, ["อบรม ก", "เมือง", "1/2/2567", 20]]}))
    before = table_snapshot(store)
    outcome = ingest_files(store, [workbook(tmp_path / "แบบรายงาน (1).xlsx", {"Sheet1": [
        header, ["อบรม ข", "สารภี", "3/2/2567", 30]]})], "Office")
    assert [(p.code, p.value) for p in outcome.problems if p.severity == "error"] == [("replaces_other_areas", "1")]
    assert "that upload: เมือง; this file: สารภี" in outcome.problems[0].message_en
    assert table_snapshot(store) == before
    # a correction that names the district it corrects replaces it, with a warning
    outcome = committed(store, workbook(tmp_path / "แบบรายงาน_แก้ไข.xlsx", {"Sheet1": [
        header, ["อบรม ก", "เมือง", "1/2/2567", 25], ["อบรม ค", "สารภี", "4/2/2567", 5]]}))
    assert [p.code for p in outcome.problems if p.severity == "warning"] == ["replaces_upload"]
    assert rows(store, "SELECT district, sum(value) FROM v_participation GROUP BY 1 ORDER BY 1") == [
        ("สารภี", 5.0), ("เมือง", 25.0)]
