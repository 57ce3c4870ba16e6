"""Sheets from a second new-user trial of office files (issue 17 follow-up), each cut down to the layout
that was misread: read to the figures a careful person writes down, or asked about — never stored wrong."""
from __future__ import annotations

from contextlib import closing
from datetime import date

import pytest
from conftest import make_xlsx as workbook

from indicators.ingest.commit import ingest_files
from indicators.store import open_database


@pytest.fixture
def store():
    with closing(open_database(":memory:")) as con:
        yield con


def ingest(store, path, year=None):
    result = ingest_files(store, [path], "Office", year=year)
    problems = {(p.severity, p.code) for plan in result.plans for p in plan.problems}
    return result, problems


def committed(store, path) -> set:
    result, problems = ingest(store, path)
    assert result.status == "committed", problems
    return problems


def committed_csv(store, path, text: str) -> set:
    path.write_text(text, encoding="utf-8")
    return committed(store, path)


def by_category(store) -> list[tuple]:
    return rows(store, "SELECT category, sum(value) FROM v_participation GROUP BY ALL ORDER BY ALL")


def asked_and_nothing_stored(store, path, table: str) -> str:
    """The doubts said (English), after checking the file was refused and nothing stored."""
    result, problems = ingest(store, path)
    assert result.status == "refused"
    assert ("error", "needs_review") in problems
    assert rows(store, f"SELECT count(*) FROM {table}") == [(0,)]
    return " ".join(p.message_en for plan in result.plans for p in plan.problems if p.code == "needs_review")


def rows(store, sql):
    return store.execute(sql).fetchall()


def test_an_area_column_merged_down_over_a_three_row_header_keeps_its_areas(store, tmp_path):
    path = workbook(tmp_path / "ประชากร.xlsx", {"ประชากร": [
        ["จำนวนประชากรจำแนกตามกลุ่มอายุและเพศ รายตำบล ข้อมูล ณ เดือนธันวาคม 2566"],
        ["ตำบล", "กลุ่มอายุ", None, None, None, "รวม", None, None],
        [None, "0-14 ปี", None, "60 ปีขึ้นไป", None, None, None, None],
        [None, "ชาย", "หญิง", "ชาย", "หญิง", "ชาย", "หญิง", "รวม"],
        ["ชุมแพ", 2110, 1985, 1430, 1811, 3540, 3796, 7336],
        ["โนนหัน", 640, 602, 512, 640, 1152, 1242, 2394]]},
        merged={"ประชากร": ["A2:A4", "B2:E2", "B3:C3", "D3:E3", "F2:H3"]})
    committed(store, path)
    assert rows(store, "SELECT district, value FROM v_statistics WHERE sex IS NULL AND age_min IS NULL "
                       "ORDER BY district") == [("ชุมแพ", 7336.0), ("โนนหัน", 2394.0)]
    assert rows(store, "SELECT sum(value) FROM v_statistics WHERE age_min = 60") == [(4393.0,)]


def test_figures_in_thousands_of_baht_are_stored_in_baht(store, tmp_path):
    path = workbook(tmp_path / "งบประมาณ.xlsx", {"งบประมาณ": [
        ["งบประมาณรายจ่ายด้านการศึกษา จำแนกตามแผนงาน"],
        [None, None, "หน่วย : พันบาท"],
        ["แผนงาน", "ปีงบประมาณ 2566", "ปีงบประมาณ 2567"],
        ["การศึกษาปฐมวัย", 13210.0, 14050.25],
        ["ห้องสมุดและแหล่งเรียนรู้", 3100.0, 3385.5]]})
    committed(store, path)
    assert rows(store, "SELECT year, sum(value), any_value(unit) FROM v_statistics GROUP BY 1 ORDER BY 1") == [
        (2023, 16_310_000.0, "baht"), (2024, 17_435_750.0, "baht")]


def test_a_budget_header_in_millions_multiplies_only_its_own_column(store, tmp_path):
    path = workbook(tmp_path / "กิจกรรม 2567.xlsx", {"กิจกรรม": [
        ["ชื่อกิจกรรม", "วันที่", "ผู้เข้าร่วม (คน)", "งบประมาณ (ล้านบาท)"],
        ["อบรมอาชีพ", "12/01/2567", 40, 1.25], ["ตลาดนัดความรู้", "20/02/2567", 150, 0.5]]})
    committed(store, path)
    assert rows(store, "SELECT sum(budget) FROM v_activities") == [(1_750_000.0,)]
    assert rows(store, "SELECT sum(value) FROM v_participation WHERE dimension = 'total'") == [(190.0,)]


def test_a_thousand_in_a_title_phrase_is_no_multiplier(store, tmp_path):
    path = workbook(tmp_path / "ผู้ใช้บริการ.xlsx", {"สถิติ": [
        ["ผู้ใช้บริการห้องสมุดกว่าหนึ่งพันคนต่อเดือน ปี 2567"],
        ["ห้องสมุด", "ผู้ใช้บริการ (คน)"], ["ห้องสมุดกลาง", 1520], ["ห้องสมุดสาขา", 410]]})
    committed(store, path)
    assert rows(store, "SELECT sum(value) FROM v_statistics") == [(1930.0,)]


def test_a_year_column_that_is_an_estimate_is_set_aside_and_said(store, tmp_path):
    path = workbook(tmp_path / "สถิติ.xlsx", {"สถิติรายปี": [
        ["สถิติผู้รับบริการศูนย์การเรียนรู้"],
        ["รายการ", "2565", "2566", "2567 (ประมาณการ)"],
        ["ผู้รับบริการห้องสมุด (คน)", 29870, 40120, 45000],
        ["ผู้เข้าร่วมกิจกรรมการเรียนรู้ (คน)", 4380, 6025, 7000]]})
    problems = committed(store, path)
    assert ("warning", "estimate_column") in problems
    assert rows(store, "SELECT DISTINCT year FROM v_statistics ORDER BY 1") == [(2022,), (2023,)]
    assert rows(store, "SELECT sum(value) FROM v_statistics WHERE year = 2023") == [(46145.0,)]


def test_a_project_report_form_is_asked_about_not_read_as_activities(store, tmp_path):
    path = workbook(tmp_path / "รายงานโครงการ.xlsx", {"แบบรายงาน": [
        ["แบบรายงานผลการดำเนินโครงการ ประจำปีงบประมาณ 2567"],
        ["ชื่อโครงการ", "โครงการส่งเสริมการเรียนรู้ตลอดชีวิตสำหรับผู้สูงอายุ"],
        ["วันที่ดำเนินการ", "15 มีนาคม 2567"], ["สถานที่", "โรงเรียนผู้สูงอายุ"],
        ["งบประมาณที่ได้รับ (บาท)", 25000], ["จำนวนผู้เข้าร่วม (คน)", 60], ["ชาย", 18], ["หญิง", 42]]})
    assert "a form, not a table" in asked_and_nothing_stored(store, path, "activities")


def test_a_list_of_people_with_a_sex_column_is_no_form(store, tmp_path):
    path = workbook(tmp_path / "รายชื่อ 2567.xlsx", {"รายชื่อ": [
        ["รายชื่อผู้เข้าร่วมโครงการอบรมดิจิทัล วันที่ 18 มกราคม 2567"],
        ["ลำดับ", "ชื่อ - สกุล", "เพศ", "อายุ (ปี)"],
        [1, "นางสมหมาย ศรีสุข", "หญิง", 63], [2, "นายบุญเลิศ ทองดี", "ชาย", 67],
        [3, "นางประไพ แก้ว", "หญิง", 71], [4, "นายสมพงษ์ ใจงาม", "ชาย", 58]]})
    committed(store, path)
    assert rows(store, "SELECT sum(value) FROM v_participation WHERE dimension = 'total'") == [(4.0,)]


def test_a_mean_satisfaction_beside_statistics_is_stored_as_a_score_not_lost(store, tmp_path):
    committed_csv(store, tmp_path / "library_survey.csv", "Library;Year;Survey responses;Mean satisfaction (1-5)\nCentral;2023;412;4,3\n"
                    "Eastgate;2023;158;4,1\nHillside;2024;96;3,8\n")
    assert rows(store, "SELECT year, value, unit FROM v_statistics WHERE measure = 'satisfaction' ORDER BY 1, 2") == [
        (2023, 4.1, "score"), (2023, 4.3, "score"), (2024, 3.8, "score")]
    assert rows(store, "SELECT sum(value) FROM v_statistics WHERE measure <> 'satisfaction'") == [(666.0,)]


def test_tambon_grouped_under_amphoe_heading_rows_are_asked_about(store, tmp_path):
    path = workbook(tmp_path / "ผู้เรียน 2566.xlsx", {"ผู้เรียน": [
        ["อำเภอ/ตำบล", "ชาย", "หญิง", "รวม"],
        ["อำเภอเมืองขอนแก่น"], ["ในเมือง", 120, 98, 218], ["ศิลา", 87, 65, 152],
        ["อำเภอบ้านไผ่"], ["ในเมือง", 44, 39, 83], ["หินตั้ง", 31, 22, 53]]})
    assert "a heading of the areas below it" in asked_and_nothing_stored(store, path, "statistics")


def test_an_amphoe_that_reported_nothing_among_amphoe_is_no_heading(store, tmp_path):
    path = workbook(tmp_path / "ผู้เรียน 2566.xlsx", {"ผู้เรียน": [
        ["อำเภอ", "ชาย", "หญิง", "รวม"],
        ["เมืองขอนแก่น", 120, 98, 218], ["บ้านไผ่"], ["ชุมแพ", 31, 22, 53]]})
    committed(store, path)
    assert rows(store, "SELECT sum(value) FROM v_statistics WHERE sex IS NULL") == [(271.0,)]


def test_a_measure_column_of_named_measures_is_no_form(store, tmp_path):
    path = workbook(tmp_path / "สถิติ.xlsx", {"สถิติรายปี": [
        ["สถิติผู้รับบริการศูนย์การเรียนรู้"],
        ["รายการ", "2565", "2566"],
        ["ผู้รับบริการห้องสมุด (คน)", 29870, 40120], ["ผู้เข้าร่วมกิจกรรมการเรียนรู้ (คน)", 4380, 6025],
        ["ผู้ใช้บริการอินเทอร์เน็ตสาธารณะ (คน)", 12540, 14210]]})
    committed(store, path)
    assert rows(store, "SELECT count(DISTINCT measure), sum(value) FROM v_statistics") == [(3, 107145.0)]


def test_a_sex_not_known_is_a_part_beside_female_and_male_never_the_whole(store, tmp_path):
    committed_csv(store, tmp_path / "acl_learners_by_ward_gender.csv", "Academic year,Ward,Gender,Learners\n2023/24,Abbey,Female,141\n2023/24,Abbey,Male,62\n"
                    "2023/24,Abbey,Not known,3\n2023/24,Dock,Female,77\n2023/24,Dock,Male,40\n"
                    "2023/24,Dock,ไม่ระบุ,2\n")
    assert rows(store, "SELECT year, sex, sum(value) FROM v_statistics GROUP BY ALL ORDER BY ALL") == [
        (2023, "female", 218.0), (2023, "male", 102.0), (2023, "unknown", 5.0)]
    assert rows(store, "SELECT count(*) FROM v_statistics WHERE sex IS NULL") == [(0,)]


def test_modes_marked_in_a_column_each_and_hours_as_chm(store, tmp_path):
    path = workbook(tmp_path / "กิจกรรม 2567.xlsx", {"กิจกรรม": [
        ["ชื่อกิจกรรม", "วันที่", "รูปแบบการจัด", None, "จำนวนผู้เข้าร่วม (คน)", "ระยะเวลา (ชม.)"],
        [None, None, "ออนไซต์", "ออนไลน์", None, None],
        ["ฟังนิทานออนไลน์", "10/10/2566", None, "✓", 64, 1],
        ["อบรมการเขียนเรื่องสั้น", "15/11/2566", "✓", None, 25, 6],
        ["อบรมการค้นหาข้อมูลออนไลน์", "20/07/2567", "✓", "✓", 40, 3]]},
        merged={"กิจกรรม": ["A1:A2", "B1:B2", "C1:D1", "E1:E2", "F1:F2"]})
    committed(store, path)
    assert rows(store, "SELECT title, mode, hours FROM v_activities ORDER BY hours") == [
        ("ฟังนิทานออนไลน์", "online", 1.0), ("อบรมการค้นหาข้อมูลออนไลน์", "hybrid", 3.0),
        ("อบรมการเขียนเรื่องสั้น", "in_person", 6.0)]


def test_a_total_after_named_age_groups_is_the_participants_not_a_figure_left_over(store, tmp_path):
    path = workbook(tmp_path / "กิจกรรม 2567.xlsx", {"ผู้เข้าร่วม": [
        ["กิจกรรม", "วันที่", "เด็กและเยาวชน", "วัยทำงาน", "ผู้สูงอายุ", "รวม"],
        ["วันเด็กแห่งชาติ", "13 ม.ค. 2567", 320, 85, 20, 425],
        ["วันแม่แห่งชาติ", "9 ส.ค. 2567", 120, 140, 65, 325]]})
    committed(store, path)
    assert rows(store, "SELECT dimension, category, sum(value) FROM v_participation GROUP BY ALL ORDER BY ALL") == [
        ("age", "15-59", 225.0), ("group", "older_adults", 85.0), ("group", "youth", 440.0), ("total", None, 750.0)]


def test_a_header_said_again_in_english_under_the_thai_one_is_header_not_data(store, tmp_path):
    path = workbook(tmp_path / "activity log 2024.xlsx", {"Activities กิจกรรม": [
        ["ชื่อกิจกรรม", "วันที่", "รูปแบบ", "ผู้เข้าร่วมหญิง", "ผู้เข้าร่วมชาย", "งบประมาณ (บาท)"],
        ["Activity", "Date", "Mode", "Female participants", "Male participants", "Budget (THB)"],
        ["Green city walk เดินเรียนรู้เมืองสีเขียว", "10/02/2024", "Onsite", 24, 18, 12000],
        ["Webinar: lifelong learning สัมมนาออนไลน์", "19/06/2024", "Online", 56, 31, 0]]})
    committed(store, path)
    assert rows(store, "SELECT count(*), sum(budget) FROM v_activities") == [(2, 12000.0)]
    assert by_category(store) == [("female", 80.0), ("male", 49.0), (None, 129.0)]


def test_counts_beside_a_share_keep_their_unit_and_a_total_average_row_is_no_area(store, tmp_path):
    path = workbook(tmp_path / "ร้อยละผู้สูงอายุที่ใช้อินเทอร์เน็ต.xlsx", {"ร้อยละ": [
        ["ร้อยละของผู้สูงอายุที่ใช้อินเทอร์เน็ต จำแนกรายอำเภอ พ.ศ. 2566"],
        ["อำเภอ", "จำนวนผู้สูงอายุ (คน)", "ผู้สูงอายุที่ใช้อินเทอร์เน็ต (คน)", "ร้อยละ"],
        ["เมืองขอนแก่น", 78342, 32120, 41.0], ["บ้านไผ่", 19876, 6150, 30.94],
        ["รวม/เฉลี่ย", 98218, 38270, 35.97]]})
    committed(store, path)
    assert rows(store, "SELECT DISTINCT district FROM v_statistics ORDER BY 1") == [("บ้านไผ่",), ("เมืองขอนแก่น",)]
    assert rows(store, "SELECT unit, sum(value) FROM v_statistics GROUP BY 1 ORDER BY 1") == [
        ("%", 71.94), ("persons", 136488.0)]


def test_dates_written_with_the_day_of_the_week(store, tmp_path):
    committed_csv(store, tmp_path / "digital_inclusion_sessions.csv", "Session,Date,Attendees\nGet online: email basics,Mon 04/09/2023,9\n"
                    "Online safety for parents,\"Tuesday, 3 October 2023\",27\n"
                    "อบรมการใช้สมาร์ทโฟน,วันจันทร์ที่ 4 ธ.ค. 2566,14\n")
    assert rows(store, "SELECT CAST(event_date AS DATE), year FROM v_activities ORDER BY 1") == [
        (date(2023, 9, 4), 2023), (date(2023, 10, 3), 2023), (date(2023, 12, 4), 2023)]


def test_villages_named_in_a_name_column_are_areas_and_bare_sexes_count_their_total_s_measure(store, tmp_path):
    path = workbook(tmp_path / "หมู่บ้าน.xlsx", {"หมู่บ้าน": [
        ["ข้อมูลครัวเรือนและประชากร รายหมู่บ้าน ตำบลโคกสี ณ เดือนกันยายน 2567"],
        ["หมู่ที่", "ชื่อหมู่บ้าน", "จำนวนครัวเรือน", "ชาย", "หญิง", "รวมประชากร"],
        [1, "บ้านโคกสี", 312, 521, 560, 1081], [2, "บ้านหนองบัว", 188, 302, 318, 620],
        [3, "บ้านดอนหัน", 240, 410, 433, 843], ["รวม", None, 740, 1233, 1311, 2544]]})
    committed(store, path)
    assert rows(store, "SELECT count(*) FROM activities") == [(0,)]
    assert rows(store, "SELECT sex, sum(value) FROM v_statistics WHERE measure = 'population' GROUP BY 1 ORDER BY 1") == [
        ("female", 1311.0), ("male", 1233.0), (None, 2544.0)]
    assert rows(store, "SELECT DISTINCT district FROM v_statistics ORDER BY 1") == [
        ("บ้านดอนหัน",), ("บ้านหนองบัว",), ("บ้านโคกสี",)]


def test_durations_written_as_text_are_hours(store, tmp_path):
    committed_csv(store, tmp_path / "digital_sessions_2023.csv", "Session,Date,Duration,Attendees\nGet online: email basics,04/09/2023,1h 30m,9\n"
                    "Using NHS App,13/09/2023,2h,12\nOnline safety for parents,03/10/2023,45m,27\n"
                    "อบรมการใช้ไลน์,04/12/2023,1 ชม. 30 นาที,6\n")
    assert rows(store, "SELECT sum(hours), sum(events) FROM v_activities") == [(5.75, 4)]


def test_quarter_subtotals_between_numbered_records_are_totals_not_continuations(store, tmp_path):
    path = workbook(tmp_path / "กิจกรรม 2567.xlsx", {"กิจกรรม": [
        ["ลำดับ", "กิจกรรม", "วันที่", "ผู้เข้าร่วม (คน)", "งบประมาณ (บาท)"],
        [1, "อบรมผู้ปกครองเด็กปฐมวัย", "20/01/2567", 35, 6000], [2, "ลานวัฒนธรรมพื้นบ้าน", "17/02/2567", 120, 15000],
        [None, "รวมไตรมาส 2 (ม.ค.-มี.ค. 67)", None, 155, 21000],
        [3, "อบรมการออม", "25/04/2567", 40, 5000], [4, "ค่ายกีฬาเยาวชน", "11/05/2567", 65, 12000],
        [5, "เสวนาสุขภาพจิต", "08/06/2567", 28, 3000],
        [None, "รวมไตรมาส 3 (เม.ย.-มิ.ย. 67)", None, 133, 20000], [None, "รวมทั้งสิ้น", None, 288, 41000]]})
    committed(store, path)
    assert rows(store, "SELECT count(*), sum(budget) FROM v_activities") == [(5, 41000.0)]
    assert rows(store, "SELECT sum(value) FROM v_participation WHERE dimension = 'total'") == [(288.0,)]


def test_a_check_column_equal_to_the_participants_is_a_copy_not_a_question(store, tmp_path):
    path = workbook(tmp_path / "กิจกรรม 2567.xlsx", {"กิจกรรม": [
        ["ลำดับ", "กิจกรรม", "วันที่", "ผู้เข้าร่วม (คน)", "ตรวจสอบ"],
        [1, "อบรมผู้ปกครอง", "20/01/2567", 35, 35], [2, "ลานวัฒนธรรม", "17/02/2567", 120, 120],
        [3, "อบรมการออม", "25/04/2567", 40, 40]]})
    problems = committed(store, path)
    assert ("warning", "duplicate_column") in problems
    assert rows(store, "SELECT sum(value) FROM v_participation WHERE dimension = 'total'") == [(195.0,)]


def test_female_and_male_alike_on_every_row_stay_two_parts(store, tmp_path):
    path = workbook(tmp_path / "ประชากร 2567.xlsx", {"ประชากร": [
        ["จำนวนประชากร ปี 2567"], ["ตำบล", "ชาย", "หญิง"],
        ["ในเมือง", 100, 100], ["ศิลา", 250, 250], ["บ้านเป็ด", 80, 80]]})
    committed(store, path)
    assert rows(store, "SELECT sex, sum(value) FROM v_statistics GROUP BY 1 ORDER BY 1") == [
        ("female", 430.0), ("male", 430.0)]


def test_an_attendance_sheet_of_marks_per_session_counts_each_person_once(store, tmp_path):
    path = workbook(tmp_path / "ใบลงเวลา.xlsx", {"ใบลงเวลา": [
        ["แบบบันทึกการเข้าเรียน หลักสูตรคอมพิวเตอร์สำหรับผู้สูงอายุ วันที่ 4 - 8 มีนาคม 2567"],
        ["ที่", "ชื่อ - สกุล", "เพศ", "ครั้งที่ 1", "ครั้งที่ 2", "ครั้งที่ 3", "รวม (ครั้ง)"],
        [1, "นางบัวผัน ศรีสุข", "หญิง", "✓", "✓", "✓", 3], [2, "นายเกษม ทองดี", "ชาย", "✓", None, "✓", 2],
        [3, "นางสมศรี ใจงาม", "หญิง", None, "✓", "✓", 2], [4, "นางละออง มีสุข", "หญิง", "✓", "✓", None, 2],
        [None, "รวมผู้เข้าเรียน", None, 3, 3, 3, 9]]})
    committed(store, path)
    assert by_category(store) == [("female", 3.0), ("male", 1.0), (None, 4.0)]


def test_a_subject_area_is_no_district(store, tmp_path):
    path = workbook(tmp_path / "adult learning enrolments 2023.xlsx", {"ACL": [
        ["Adult learning enrolments by course, 2023"],
        ["Course", "Subject area", "Enrolments", "Completions"],
        ["ESOL Entry 1", "English for speakers of other languages", 64, 51],
        ["Functional Skills Maths L1", "Maths", 37, 26], ["Digital Skills for Work", "ICT", 55, 49]]})
    committed(store, path)
    assert rows(store, "SELECT count(*) FROM v_activities WHERE district IS NOT NULL") == [(0,)]
    assert rows(store, "SELECT measure, sum(value) FROM v_outcomes GROUP BY 1 ORDER BY 1") == [
        ("completed", 126.0), ("enrolled", 156.0)]


LIBRARY_TABLE_1 = [["ตารางที่ 1 จำนวนผู้ใช้บริการ"], ["ห้องสมุด", "ผู้ใช้บริการ (คน)", "ยืมหนังสือ (เล่ม)"],
                   ["ห้องสมุดกลาง", 15420, 9870], ["ห้องสมุดสาขาศิลา", 3380, 1905], ["รวม", 18800, 11775]]
LIBRARY_TABLE_2 = [["ตารางที่ 2 กิจกรรมส่งเสริมการอ่าน"], ["ห้องสมุด", "จำนวนกิจกรรม (ครั้ง)", "ผู้เข้าร่วมกิจกรรม (คน)"],
                   ["ห้องสมุดกลาง", 24, 1860], ["ห้องสมุดสาขาศิลา", 7, 355], ["รวม", 31, 2215]]


def test_two_tables_on_one_sheet_are_asked_about(store, tmp_path):
    path = workbook(tmp_path / "ห้องสมุด 2567.xlsx", {"สรุป": [
        ["สรุปผลการดำเนินงานห้องสมุดประชาชน ปีงบประมาณ 2567"], [], *LIBRARY_TABLE_1, [], [], *LIBRARY_TABLE_2]})
    assert "another table on this sheet" in asked_and_nothing_stored(store, path, "statistics")


def test_one_of_those_tables_alone_is_read(store, tmp_path):
    path = workbook(tmp_path / "ห้องสมุด 2567.xlsx", {"สรุป": [
        ["สรุปผลการดำเนินงานห้องสมุดประชาชน ปีงบประมาณ 2567"], [], *LIBRARY_TABLE_1]})
    committed(store, path)
    assert rows(store, "SELECT measure, sum(value) FROM v_statistics GROUP BY 1 ORDER BY 1") == [
        ("loans", 11775.0), ("visits", 18800.0)]


def test_a_pivot_table_pasted_as_values_is_the_corner_s_measure_by_item(store, tmp_path):
    path = workbook(tmp_path / "pivot.xlsx", {"Pivot": [
        ["Year", "2023"], [], ["Sum of Attendees", "Column Labels"],
        ["Row Labels", "Baby Rhyme Time", "Code Club", "Grand Total"],
        ["Central", 412, 96, 508], ["Eastgate", 230, 0, 230], ["Hillside", 185, 42, 227],
        ["Grand Total", 827, 138, 965]]})
    committed(store, path)
    assert rows(store, "SELECT measure, year, sum(value) FROM v_statistics WHERE breakdown IS NULL GROUP BY ALL") == [
        ("participants", 2023, 965.0)]
    assert rows(store, "SELECT split_part(breakdown, ' / ', 2), sum(value) FROM v_statistics "
                       "WHERE breakdown IS NOT NULL GROUP BY 1 ORDER BY 1") == [("Baby Rhyme Time", 827.0),
                                                                             ("Code Club", 138.0)]


def test_an_average_row_under_the_areas_is_no_area_but_a_mean_measure_is_kept(store, tmp_path):
    path = workbook(tmp_path / "อัตรา 2566.xlsx", {"สถิติ": [
        ["จำนวนผู้เรียน จำแนกรายอำเภอ พ.ศ. 2566"], ["อำเภอ", "ผู้เรียน (คน)"],
        ["เมืองขอนแก่น", 972], ["บ้านไผ่", 951], ["เฉลี่ย", 961.5]],
        "ผู้เรียน": [["ข้อมูลผู้เรียน ปี 2566"], ["รายการ", "ค่า"], ["จำนวนผู้เรียน", 420], ["Mean age of learners", 41]]})
    committed(store, path)
    assert rows(store, "SELECT DISTINCT district FROM v_statistics WHERE district IS NOT NULL ORDER BY 1") == [
        ("บ้านไผ่",), ("เมืองขอนแก่น",)]
    assert rows(store, "SELECT count(*) FROM v_statistics WHERE value = 41") == [(1,)]
