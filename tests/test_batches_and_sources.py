"""Files sent together are one version of their source, and a file's own numbers (a quarter, a month)
keep it apart from its neighbours: no file of a batch, nor next quarter's file, hides another unsaid."""
from __future__ import annotations

from conftest import make_xlsx as workbook
from conftest import rows

from indicators.ingest.commit import ingest_files
from indicators.ingest.sources import default_source

REGISTER = ["ชื่อกิจกรรม", "วันที่", "ผู้เข้าร่วม (คน)"]


def test_an_activities_file_and_its_participants_file_under_one_source_both_count(store, tmp_path):
    """Sent together with --source, the participants file superseded the activities file's year: every
    activity and person was hidden."""
    activities = workbook(tmp_path / "acts.xlsx", {"Sheet1": [
        ["รหัสกิจกรรม", *REGISTER], ["A1", "อบรม ก", "1/2/2567", 30], ["A2", "อบรม ข", "5/2/2567", 20]]})
    people = workbook(tmp_path / "parts.xlsx", {"Sheet1": [["รหัสกิจกรรม", "ชาย", "หญิง"], ["A1", 10, 20], ["A2", 5, 15]]})
    result = ingest_files(store, [activities, people], "Office", source="library")
    assert result.status == "committed"
    assert rows(store, "SELECT count(*) FROM v_activities") == [(2,)]
    assert rows(store, "SELECT dimension, sum(value) FROM v_participation GROUP BY 1 ORDER BY 1") == [
        ("sex", 50.0), ("total", 50.0)]
    assert rows(store, "SELECT count(DISTINCT batch_id) FROM uploads") == [(1,)]


def test_two_months_files_of_one_year_sent_together_both_count(store, tmp_path):
    january = workbook(tmp_path / "activities_2567-01.xlsx", {"Sheet1": [REGISTER, ["A", "5/1/2567", 10]]})
    february = workbook(tmp_path / "activities_2567-02.xlsx", {"Sheet1": [REGISTER, ["C", "5/2/2567", 10]]})
    assert ingest_files(store, [january, february], "Office").status == "committed"
    assert rows(store, "SELECT title FROM v_activities ORDER BY 1") == [("A",), ("C",)]


def test_next_quarters_file_is_a_file_of_its_own_and_a_corrected_one_replaces_unhidden(store, tmp_path):
    first = workbook(tmp_path / "รายงาน ไตรมาส 1 ปี 2567.xlsx", {"Sheet1": [REGISTER, ["A", "5/1/2567", 10]]})
    second = workbook(tmp_path / "รายงาน ไตรมาส 2 ปี 2567.xlsx", {"Sheet1": [REGISTER, ["C", "5/4/2567", 10]]})
    corrected = workbook(tmp_path / "รายงาน ไตรมาส 1 ปี 2567 แก้ไข.xlsx", {"Sheet1": [REGISTER, ["A", "5/1/2567", 12]]})
    assert ingest_files(store, [first], "Office").status == "committed"
    second_result = ingest_files(store, [second], "Office")
    assert "replaces_upload" not in {p.code for p in second_result.problems}
    assert rows(store, "SELECT sum(value) FROM v_participation") == [(20.0,)]
    result = ingest_files(store, [corrected], "Office")
    assert result.status == "committed"
    replaced = [p for p in result.problems if p.code == "replaces_upload"]
    assert [(p.severity, p.value) for p in replaced] == [("warning", "1")]
    assert "รายงาน ไตรมาส 1 ปี 2567.xlsx" in replaced[0].message_en and "2567" in replaced[0].message_th
    assert rows(store, "SELECT sum(value) FROM v_participation") == [(22.0,)]


def test_a_source_is_the_file_name_without_its_years_and_version_marks():
    assert default_source("activities_2567-01.xlsx") != default_source("activities_2567-02.xlsx")
    assert default_source("รายงานกิจกรรม ไตรมาส 1 ปี 2567.xlsx") == "รายงานกิจกรรม_ไตรมาส_1_ปี"
    assert default_source("register_๒๕๖๗.xlsx") == default_source("register_2568_final.xlsx") == "register"
