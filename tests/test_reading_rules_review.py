"""Where the reading rules of tester rounds 8 and 9 misfired, found by a reviewer: each case stored wrong
figures or refused an ordinary file before its mend."""
from __future__ import annotations

import datetime as dt
from datetime import date

from conftest import make_xlsx, rows

from indicators.ingest.commit import ingest_files
from indicators.understand.periods import parse_period

LIST = ["ที่", "ชื่อ-สกุล", "เพศ", "อายุ", "ชื่อกิจกรรม", "วันที่สมัคร"]


def test_a_title_listed_with_each_persons_own_date_is_asked_about_not_made_four_activities(store, tmp_path):
    path = make_xlsx(tmp_path / "list.xlsx", {"รายชื่อ": [LIST, *[
        [k + 1, f"นาย {k}", "ชาย", 30 + k, "อบรมคอมพิวเตอร์", dt.datetime(2024, 1, 3 + k)] for k in range(4)]]})
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "refused"
    assert "list_activity_unclear" in {p.code for p in outcome.problems}
    assert rows(store, "SELECT count(*) FROM activities") == [(0,)]


def test_a_titled_list_sent_with_the_register_of_its_activities_is_refused(store, tmp_path):
    register = make_xlsx(tmp_path / "register.xlsx", {"กิจกรรม": [
        ["ชื่อกิจกรรม", "วันที่", "ผู้เข้าร่วม (คน)"], ["อบรมคอมพิวเตอร์", dt.datetime(2024, 1, 10), 7]]})
    people = make_xlsx(tmp_path / "people.xlsx", {"รายชื่อ": [["ที่", "ชื่อ-สกุล", "เพศ", "อายุ", "ชื่อกิจกรรม", "วันที่"], *[
        [k + 1, f"นาง {k}", "หญิง", 40, "อบรมคอมพิวเตอร์", dt.datetime(2024, 1, 10)] for k in range(7)]]})
    outcome = ingest_files(store, [register, people], "Office")
    assert outcome.status == "refused"
    assert "list_repeats_register" in {p.code for p in outcome.problems}


def test_the_first_quarter_named_october_to_december_is_the_fiscal_years_first():
    assert parse_period("ไตรมาส 1 (ต.ค.-ธ.ค.) ปี 2567").start == date(2023, 10, 1)
    assert parse_period("ไตรมาส 4 (ต.ค.-ธ.ค.) ปี 2567").start == date(2024, 10, 1)
    assert parse_period("2567 (ต.ค.-ธ.ค.)") is None  # which October: not a guess


def test_a_code_column_beside_an_area_sheet_is_never_the_area(store, tmp_path):
    header = ["ที่", "รหัสตำบล", "ชื่อกิจกรรม", "วันที่", "ผู้เข้าร่วม (คน)"]
    path = make_xlsx(tmp_path / "amphoe.xlsx", {
        "อำเภอสารภี": [header, [1, "501901", "อบรม A", dt.datetime(2024, 1, 10), 20], [2, "501902", "อบรม B", dt.datetime(2024, 2, 10), 30]],
        "อำเภอสันทราย": [header, [1, "500701", "อบรม C", dt.datetime(2024, 1, 11), 10]]})
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert set(rows(store, "SELECT DISTINCT district FROM activities")) == {("อำเภอสารภี",), ("อำเภอสันทราย",)}


def test_one_province_written_two_ways_is_still_one_area(store, tmp_path):
    path = tmp_path / "population.csv"
    path.write_text("ชื่อจังหวัด,เพศ,2566,2567\nเชียงใหม่,ชาย,1000,1100\nจ.เชียงใหม่,หญิง,1200,1300\n", encoding="utf-8")
    outcome = ingest_files(store, [path], "Chiang Mai")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert set(rows(store, "SELECT DISTINCT district FROM statistics")) == {(None,)}


def test_people_of_no_known_age_keep_their_other_breakdown(store, tmp_path):
    path = make_xlsx(tmp_path / "library.xlsx", {"ผู้ใช้บริการ": [
        ["จำนวนผู้ใช้บริการห้องสมุด ปี 2567"], ["ประเภทบริการ", "อายุ", "จำนวน"],
        ["ยืมหนังสือ", "0-14", 100], ["ยืมหนังสือ", "ไม่ทราบอายุ", 10], ["อินเทอร์เน็ต", "0-14", 50],
        ["อินเทอร์เน็ต", "ไม่ทราบอายุ", 5]]})
    outcome = ingest_files(store, [path], "Library")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert set(rows(store, "SELECT breakdown, value FROM statistics WHERE age_min IS NULL")) == {
        ("ยืมหนังสือ / ไม่ทราบอายุ", 10.0), ("อินเทอร์เน็ต / ไม่ทราบอายุ", 5.0)}


def test_last_years_results_beside_the_registers_are_no_summary_of_them(store, tmp_path):
    register = ["ที่", "กิจกรรม", "วันที่", "ผู้เข้าร่วม"]
    path = make_xlsx(tmp_path / "districts.xlsx", {
        "อำเภอเมือง": [register, [1, "อบรมคอมพิวเตอร์", dt.datetime(2023, 11, 10), 20]],
        "อำเภอสารภี": [register, [1, "สอนทำขนม", dt.datetime(2023, 12, 5), 18]],
        "ผลปี 2566": [["ผลการดำเนินงาน ปีงบประมาณ 2566"], ["อำเภอ", "ผู้เข้าร่วม"], ["อำเภอเมือง", 90], ["อำเภอสารภี", 70]]})
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert set(rows(store, "SELECT district, value FROM statistics")) == {("อำเภอเมือง", 90.0), ("อำเภอสารภี", 70.0)}


def test_months_grouped_by_type_in_no_order_are_the_calendar_years_months(store, tmp_path):
    path = make_xlsx(tmp_path / "register.xlsx", {"กิจกรรม": [
        ["ทะเบียนกิจกรรม ปี 2567"], ["ที่", "ประเภท", "ชื่อกิจกรรม", "เดือน", "ผู้เข้าร่วม"],
        [1, "อบรม", "อบรม A", "มกราคม", 20], [2, "อบรม", "อบรม B", "พฤศจิกายน", 30],
        [3, "ห้องสมุด", "เล่านิทาน", "กุมภาพันธ์", 40]]})
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert set(rows(store, "SELECT event_date FROM activities")) == {
        (date(2024, 1, 1),), (date(2024, 11, 1),), (date(2024, 2, 1),)}
