"""Registers and lists of people as offices keep them, found misread by a tester (round 9): a list of
names beside the activities it attends, a sheet per district named only 'เมือง', a month column under a
fiscal year's title."""
from __future__ import annotations

from datetime import date

from conftest import make_xlsx, rows

from indicators.ingest.commit import ingest_files

PEOPLE = [("นายสมชาย ใจดี", "ชาย", 45), ("นางสมศรี มีสุข", "หญิง", 52), ("นางสาวมาลี ดอกไม้", "หญิง", 23),
          ("นายวิชัย กล้าหาญ", "ชาย", 67), ("ด.ญ.ปิยะ รักเรียน", "หญิง", 11), ("ด.ช.ต้น ใจดี", "ชาย", 10),
          ("นางบุญมี ศรีสุข", "หญิง", 70)]


def test_a_list_of_names_beside_the_activities_adds_no_second_total(store, tmp_path):
    """The activities sheet says 4 and 3 took part; the list names those 7 people: 7, never 14."""
    path = make_xlsx(tmp_path / "activities.xlsx", {
        "กิจกรรม": [["รหัสกิจกรรม", "ชื่อกิจกรรม", "วันที่", "อำเภอ", "ผู้เข้าร่วม (คน)"],
                    ["A01", "อบรมทำสบู่", "12 ม.ค. 2567", "เมือง", 4], ["A02", "เล่านิทาน", "3 ก.พ. 2567", "สารภี", 3]],
        "รายชื่อ": [["ลำดับ", "รหัสกิจกรรม", "ชื่อ-สกุล", "เพศ", "อายุ"],
                    *[[i + 1, "A01" if i < 4 else "A02", *person] for i, person in enumerate(PEOPLE)]]})
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert set(rows(store, "SELECT dimension, category, sum(value) FROM participation WHERE dimension <> 'age' "
                           "GROUP BY ALL")) == {("total", None, 7.0), ("sex", "female", 4.0), ("sex", "male", 3.0)}


HEADER = ["ชื่อกิจกรรม", "วันที่", "ผู้เข้าร่วม (คน)"]


def test_a_sheet_named_mueang_is_the_mueang_district(store, tmp_path):
    """'เมือง' is what offices call their province's capital amphoe beside its other amphoe."""
    path = make_xlsx(tmp_path / "by_district.xlsx", {"เมือง": [HEADER, ["อบรม ก", "5 ม.ค. 2567", 50]],
                                                     "สารภี": [HEADER, ["อบรม ข", "6 ม.ค. 2567", 25]]})
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert set(rows(store, "SELECT district, sum(value) FROM participation GROUP BY ALL")) == {
        ("เมือง", 50.0), ("สารภี", 25.0)}


def test_a_sheet_naming_no_area_among_area_sheets_is_asked_about(store, tmp_path):
    path = make_xlsx(tmp_path / "by_district.xlsx", {"สารภี": [HEADER, ["อบรม ก", "5 ม.ค. 2567", 10]],
                                                     "สันทราย": [HEADER, ["อบรม ข", "6 ม.ค. 2567", 12]],
                                                     "Sheet3": [HEADER, ["อบรม ค", "7 ม.ค. 2567", 9]]})
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "refused"
    (doubt,) = [p for p in outcome.problems if p.code == "needs_review"]
    assert doubt.sheet == "Sheet3" and "สารภี" in doubt.message_en and "Sheet3" in doubt.message_th
    assert rows(store, "SELECT count(*) FROM activities") == [(0,)]


def _months_register(tmp_path, title, months, name="register.xlsx"):
    return make_xlsx(tmp_path / name, {"กิจกรรม": [[title], ["ลำดับ", "ชื่อกิจกรรม", "เดือน", "อำเภอ", "ผู้เข้าร่วม (คน)"],
                                                  *[[k + 1, f"อบรม {k}", month, "เมือง", 10] for k, month in enumerate(months)]]})


def test_a_month_column_under_a_fiscal_year_puts_october_in_the_year_before(store, tmp_path):
    path = _months_register(tmp_path, "ทะเบียนกิจกรรม ปีงบประมาณ 2567", ["ตุลาคม", "มกราคม"])
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert rows(store, "SELECT event_date, year, fiscal_year FROM activities ORDER BY source_row") == [
        (date(2023, 10, 1), 2023, 2024), (date(2024, 1, 1), 2024, 2024)]


def test_a_month_column_under_a_calendar_year_is_that_years_months(store, tmp_path):
    path = _months_register(tmp_path, "ทะเบียนกิจกรรม ปี 2567", ["มกราคม", "ตุลาคม"])
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert rows(store, "SELECT event_date, year, fiscal_year FROM activities ORDER BY source_row") == [
        (date(2024, 1, 1), 2024, 2024), (date(2024, 10, 1), 2024, 2025)]


def test_months_from_october_into_january_under_a_plain_year_are_refused(store, tmp_path):
    """'กิจกรรม_2567' with ต.ค. then ม.ค.: October of 2567, or of the fiscal year's 2566? Not written."""
    path = _months_register(tmp_path, "ทะเบียนกิจกรรม", ["ต.ค.", "ม.ค."], name="กิจกรรม_2567.xlsx")
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "refused"
    assert "months_year_unclear" in {p.code for p in outcome.problems}
    assert rows(store, "SELECT count(*) FROM activities") == [(0,)]


LIST_HEADER = ["ลำดับ", "ชื่อ-สกุล", "เพศ", "อายุ", "ชื่อกิจกรรม", "วันที่", "อำเภอ"]
LISTED = [[1, "นายก ข", "ชาย", 40, "อบรมทำสบู่", "12 ม.ค. 2567", "เมือง"], [2, "นางค ง", "หญิง", 30, "อบรมทำสบู่", "12 ม.ค. 2567", "เมือง"],
          [3, "นางจ ฉ", "หญิง", 33, "อบรมทำสบู่", "12 ม.ค. 2567", "เมือง"], [4, "ด.ช.ช ซ", "ช", 9, "เล่านิทาน", "3 ก.พ. 2567", "สารภี"]]


def test_a_list_naming_activities_by_title_makes_those_activities(store, tmp_path):
    """One person per row with the activity's title and date: a list of participants (not a register of
    activities named after people), whose activities are each title, date and area once."""
    path = make_xlsx(tmp_path / "list.xlsx", {"รายชื่อ": [LIST_HEADER, *LISTED]})
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert set(rows(store, "SELECT title, event_date, district FROM activities")) == {
        ("อบรมทำสบู่", date(2024, 1, 12), "เมือง"), ("เล่านิทาน", date(2024, 2, 3), "สารภี")}
    assert set(rows(store, "SELECT a.title, p.dimension, p.category, p.value FROM participation p JOIN activities a "
                           "USING (activity_id) WHERE p.dimension <> 'age'")) == {
        ("อบรมทำสบู่", "total", None, 3.0), ("อบรมทำสบู่", "sex", "female", 2.0), ("อบรมทำสบู่", "sex", "male", 1.0),
        ("เล่านิทาน", "total", None, 1.0), ("เล่านิทาน", "sex", "male", 1.0)}
    assert rows(store, "SELECT count(*) FROM activities WHERE title LIKE 'นาย%' OR title LIKE 'นาง%'") == [(0,)]


def test_a_list_naming_by_title_the_activities_of_a_register_beside_it_is_refused(store, tmp_path):
    """The register says 5 and 2 took part, the list names 3 and 1 people of the same activities: read
    apart, each activity and its people would count twice."""
    path = make_xlsx(tmp_path / "both.xlsx", {
        "กิจกรรม": [["ชื่อกิจกรรม", "วันที่", "อำเภอ", "ผู้เข้าร่วม (คน)"], ["อบรมทำสบู่", "12 ม.ค. 2567", "เมือง", 5],
                    ["เล่านิทาน", "3 ก.พ. 2567", "สารภี", 2]],
        "รายชื่อ": [LIST_HEADER, *LISTED]})
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "refused"
    assert ("list_repeats_register", "รายชื่อ") in {(p.code, p.sheet) for p in outcome.problems}
    assert rows(store, "SELECT count(*) FROM activities") == [(0,)]


def test_subtotals_named_before_the_word_are_totals(store, tmp_path):
    path = tmp_path / "branches.csv"
    path.write_text("Branch,Event,Date,Female,Male,Total attendees\nCentral,Story time,06/01/2024,14,10,24\n"
                    "Central,Job fair,02/02/2024,60,60,120\nCentral Subtotal,,,74,70,144\n"
                    "North,Coding club,13/01/2024,5,10,15\nNorth Subtotal,,,5,10,15\nGrand Total,,,79,80,159\n", encoding="utf-8")
    outcome = ingest_files(store, [path], "Town")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert rows(store, "SELECT count(*), sum(value) FROM participation WHERE dimension = 'total'") == [(3, 159.0)]


def test_ch_and_ny_under_the_participants_are_male_and_female(store, tmp_path):
    path = make_xlsx(tmp_path / "register.xlsx", {"กิจกรรม": [
        ["กิจกรรม", "วันที่", "จำนวนผู้เข้าร่วม", None], [None, None, "ช", "ญ"], ["อบรม ก", "5 ม.ค. 2567", 8, 12]]},
        merged={"กิจกรรม": ["C1:D1"]})
    outcome = ingest_files(store, [path], "Office")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert set(rows(store, "SELECT dimension, category, value FROM participation")) == {
        ("total", None, 20.0), ("sex", "male", 8.0), ("sex", "female", 12.0)}


def test_days_alone_in_a_sheet_named_for_a_month_are_days_of_that_month(store, tmp_path):
    """One sheet a month ("ต.ค.", "ม.ค.") under a fiscal year's title, the day written alone: the 5th of the
    sheet's month, never 5 January 1900."""
    header = ["ที่", "กิจกรรม", "วันที่", "ผู้เข้าร่วม"]
    title = ["ทะเบียนกิจกรรม ห้องสมุดประชาชน ปีงบประมาณ 2567"]
    path = make_xlsx(tmp_path / "months.xlsx", {"ต.ค.": [title, header, [1, "เล่านิทาน", 5, 12]],
                                                 "ม.ค.": [title, header, [1, "อ่านหนังสือ", 20, 8]]})
    outcome = ingest_files(store, [path], "Library")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert set(rows(store, "SELECT event_date, fiscal_year FROM activities")) == {
        (date(2023, 10, 5), 2024), (date(2024, 1, 20), 2024)}
