"""A table with no district column whose title names its area ("… พ.ศ. 2567 อำเภอเมือง") was stored as the
whole city's: an amphoe's 480 residents then stood for the city's population."""
from __future__ import annotations

import pytest
from conftest import committed, rows
from conftest import make_xlsx as workbook

from indicators.ingest.commit import ingest_files
from indicators.understand.context import areas_in_title

AGES = [["ช่วงอายุ", "ชาย", "หญิง", "รวม"], ["0-14 ปี", 50, 50, 100], ["15-59 ปี", 145, 155, 300],
        ["60 ปีขึ้นไป", 40, 40, 80]]


def test_a_population_table_titled_with_its_amphoe_is_that_amphoes(store, tmp_path):
    outcome = committed(store, workbook(tmp_path / "ประชากร_เมือง_2567.xlsx", {"Sheet1": [
        ["จำนวนประชากรจำแนกตามช่วงอายุและเพศ พ.ศ. 2567 อำเภอเมือง"], *AGES]}))
    assert [p.value for p in outcome.problems if p.code == "district_from_title"] == ["อำเภอเมือง"]
    assert rows(store, "SELECT DISTINCT district FROM v_statistics") == [("อำเภอเมือง",)]


def test_a_register_titled_with_its_tambon_gives_it_to_every_activity(store, tmp_path):
    committed(store, workbook(tmp_path / "กิจกรรม_2567.xlsx", {"Sheet1": [
        ["ทะเบียนกิจกรรมการเรียนรู้ ตำบล สุเทพ ปี 2567"], ["ชื่อกิจกรรม", "วันที่", "ผู้เข้าร่วม (คน)"],
        ["อบรม ก", "1/2/2567", 20], ["อบรม ข", "3/2/2567", 30]]}))
    assert rows(store, "SELECT DISTINCT district FROM v_activities") == [("ตำบลสุเทพ",)]


def test_a_title_naming_two_areas_is_refused(store, tmp_path):
    outcome = ingest_files(store, [workbook(tmp_path / "ประชากร_2567.xlsx", {"Sheet1": [
        ["จำนวนประชากร พ.ศ. 2567 ตำบลสุเทพ อำเภอเมืองเชียงใหม่"], *AGES]})], "Office")
    assert outcome.status == "refused"
    assert [p.value for p in outcome.problems if p.code == "areas_in_title"] == ["ตำบลสุเทพ, อำเภอเมืองเชียงใหม่"]


@pytest.mark.parametrize("title", ["จำนวนประชากรจำแนกตามอำเภอ พ.ศ. 2567", "จำนวนประชากรในเขตเทศบาล พ.ศ. 2567",
                                   "ข้อมูลเทศบาลนครเชียงใหม่ พ.ศ. 2567", "สำนักงานเขตพื้นที่การศึกษา พ.ศ. 2567",
                                   "ทะเบียนกิจกรรม ประจำเดือน ต.ค. 2566", "ผลการดำเนินงาน อ.ส.ม. ปี 2567",
                                   "ประชากรในเขตสุขภาพที่ 1", "ประชากร เขตเมือง พ.ศ. 2567", "เขตห้ามล่าสัตว์ป่า"])
def test_titles_naming_no_one_area_name_none(title):
    assert areas_in_title(title) == set()


def test_a_table_with_a_district_column_keeps_its_own(store, tmp_path):
    committed(store, workbook(tmp_path / "ประชากร_2567.xlsx", {"Sheet1": [
        ["จำนวนประชากร พ.ศ. 2567 อำเภอเมือง"], ["ตำบล", "จำนวนประชากร (คน)"], ["ศรีภูมิ", 100], ["พระสิงห์", 120]]}))
    assert rows(store, "SELECT district FROM v_statistics ORDER BY 1") == [("พระสิงห์",), ("ศรีภูมิ",)]


def test_a_monthly_register_titled_with_its_month_or_a_sheet_of_volunteers_has_no_district(store, tmp_path):
    """'… ประจำเดือน ต.ค. 2566' gave every activity the district ต.ค.; a sheet named อ.ส.ม. the district อ.ส.ม."""
    register = [["ลำดับ", "ชื่อกิจกรรม", "วันที่", "ผู้เข้าร่วม (คน)"], [1, "อบรมคอมพิวเตอร์", "5/10/2566", 20]]
    committed(store, workbook(tmp_path / "กิจกรรม_2567.xlsx", {
        "Sheet1": [["ทะเบียนกิจกรรมการเรียนรู้ ประจำเดือน ต.ค. 2566"], *register],
        "อ.ส.ม.": [register[0], [1, "อบรม อสม.", "9/10/2566", 30]]}))
    assert rows(store, "SELECT count(*), count(district) FROM v_activities") == [(2, 0)]
