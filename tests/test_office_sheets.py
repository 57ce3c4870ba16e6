"""Sheets shaped as offices send them (a tester's minimal reproductions of real layouts): each is read
to the figures a person reading it would write down, or refused — never stored wrong."""
from __future__ import annotations

from datetime import date

import pytest
from conftest import make_xlsx as workbook

from indicators.ingest.commit import ingest_files
from indicators.measure.term_scan import counted_rows
from indicators.store import open_database


@pytest.fixture
def store():
    con = open_database(":memory:")
    yield con
    con.close()


def ingest(store, path, year=None):
    result = ingest_files(store, [path], "Office", year=year)
    problems = [(p.severity, p.code, p.sheet, p.row, p.column) for plan in result.plans for p in plan.problems
                if p.severity != "info"]
    return result.status, problems


def committed(store, path) -> None:
    status, problems = ingest(store, path)
    assert status == "committed", problems


def committed_csv(store, path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    committed(store, path)


def one(store, sql):
    return store.execute(sql).fetchone()[0]


def counted(store, where: str = "TRUE"):
    """What an indicator adds up of the statistics: wholes, or parts where no whole is given."""
    source, conditions = counted_rows("statistics")
    return one(store, f"SELECT sum(value) FROM {source} t WHERE {' AND '.join(conditions)} AND {where}")


def test_a_linked_participants_sheet_of_sexes_adds_no_second_total(store, tmp_path):
    path = workbook(tmp_path / "กิจกรรม 2567.xlsx", {
        "กิจกรรม": [["รหัสกิจกรรม", "ชื่อกิจกรรม", "วันที่", "จำนวนผู้เข้าร่วม"],
                    ["LC67-001", "อบรมการใช้สมาร์ทโฟน", "2024-01-15", 40], ["LC67-002", "อ่านสร้างสุข", "2024-02-10", 55]],
        "ผู้เข้าร่วม": [["รหัสกิจกรรม", "ชาย", "หญิง"], ["LC67-001", 12, 28], ["LC67-002", 20, 35]]})
    committed(store, path)
    assert one(store, "SELECT sum(value) FROM v_participation WHERE dimension = 'total'") == 95
    assert one(store, "SELECT sum(value) FROM v_participation WHERE category = 'female'") == 63


def test_a_linked_sheet_still_gives_the_total_when_no_other_sheet_states_one(store, tmp_path):
    path = workbook(tmp_path / "กิจกรรม 2567.xlsx", {
        "กิจกรรม": [["รหัสกิจกรรม", "ชื่อกิจกรรม", "วันที่"], ["LC67-001", "อบรมการใช้สมาร์ทโฟน", "2024-01-15"]],
        "ผู้เข้าร่วม": [["รหัสกิจกรรม", "ชาย", "หญิง"], ["LC67-001", 12, 28]]})
    committed(store, path)
    assert one(store, "SELECT sum(value) FROM v_participation WHERE dimension = 'total'") == 40


ZONE_HEADER = ["ลำดับ", "กิจกรรม", "วันที่", "ผู้เข้าร่วม (คน)"]


def test_zone_sheets_take_their_district_from_the_name_and_an_all_zones_copy_is_set_aside(store, tmp_path):
    path = workbook(tmp_path / "กิจกรรม 2567.xlsx", {
        "เขต 1": [ZONE_HEADER, [1, "อบรมคอมพิวเตอร์ผู้สูงอายุ", "10/11/2566", 30], [2, "เสวนาสุขภาพชุมชน", "05/12/2566", 45]],
        "เขต 2": [ZONE_HEADER, [1, "อบรมการเงินครัวเรือน", "14/11/2566", 25]],
        "สรุปทุกเขต": [["ลำดับ", "เขต", "กิจกรรม", "วันที่", "ผู้เข้าร่วม (คน)"],
                       [1, "เขต 1", "อบรมคอมพิวเตอร์ผู้สูงอายุ", "10/11/2566", 30],
                       [2, "เขต 1", "เสวนาสุขภาพชุมชน", "05/12/2566", 45],
                       [3, "เขต 2", "อบรมการเงินครัวเรือน", "14/11/2566", 25]]})
    result = ingest_files(store, [path], "Office")
    assert result.status == "committed"
    codes = {(p.code, p.sheet) for p in result.plans[0].problems}
    assert ("sheet_set_aside", "สรุปทุกเขต") in codes
    assert store.execute("SELECT district, count(*) FROM v_activities GROUP BY 1 ORDER BY 1").fetchall() == [
        ("เขต 1", 2), ("เขต 2", 1)]
    assert one(store, "SELECT sum(value) FROM v_participation WHERE dimension = 'total'") == 100


def test_a_sheet_not_named_for_an_area_gets_no_district(store, tmp_path):
    path = workbook(tmp_path / "กิจกรรม 2567.xlsx", {"กิจกรรมไตรมาส 1": [ZONE_HEADER, [1, "อบรมคอมพิวเตอร์", "10/11/2566", 30]]})
    assert ingest(store, path)[0] == "committed"
    assert one(store, "SELECT count(*) FROM v_activities WHERE district IS NOT NULL") == 0


def statistics(store):
    return store.execute("SELECT measure, breakdown, district, year, value, unit FROM v_statistics "
                         "ORDER BY ALL").fetchall()


def test_month_columns_written_mon_yy_go_to_their_years_and_their_total_is_not_stored_again(store, tmp_path):
    path = workbook(tmp_path / "Issues by branch.xlsx", {"Issues": [
        ["Branch", "Dec-23", "Jan-24", "Total"], ["Central Library", 6420, 7880, 14300], ["Northfield", 1710, 2090, 3800]]})
    committed(store, path)
    assert store.execute("SELECT year, sum(value) FROM v_statistics GROUP BY 1 ORDER BY 1").fetchall() == [
        (2023, 8130), (2024, 9970)]
    assert one(store, "SELECT count(DISTINCT measure_label) FROM v_statistics") == 1  # the month is a period, not a label


def test_a_total_column_beside_named_parts_is_their_whole_and_indicators_count_it_once(store, tmp_path):
    path = workbook(tmp_path / "แหล่งเรียนรู้ 2567.xlsx", {"Sheet1": [
        ["อำเภอ", "ศูนย์การเรียนรู้ชุมชน (แห่ง)", "ห้องสมุดประชาชน (แห่ง)", "รวม (แห่ง)"],
        ["เมืองขอนแก่น", 18, 1, 19], ["บ้านไผ่", 10, 1, 11], ["ชุมแพ", 13, 1, 14]]})
    committed(store, path)
    rows = statistics(store)
    assert {r[0] for r in rows} == {"learning_spaces"}  # named by the file, never "r_places" from a file's code
    assert sum(r[4] for r in rows if r[1] is None) == 44  # the whole
    assert sum(r[4] for r in rows if r[1] and r[1].startswith("ศูนย์")) == 41  # a part, kept with its name


def test_parts_of_each_row_under_a_category_keep_it_and_the_whole_is_counted_once(store, tmp_path):
    committed_csv(store, tmp_path / "นักเรียน 2566.csv",
                  "โรงเรียน,อำเภอ,อนุบาล,ประถมศึกษา,รวม\nโรงเรียนบ้านโคกสี,เมืองขอนแก่น,45,210,255\n"
                  "โรงเรียนบ้านไผ่วิทยา,บ้านไผ่,30,180,210\nโรงเรียนชุมแพ,ชุมแพ,0,95,95\n")
    rows = statistics(store)
    assert sum(r[4] for r in rows if r[1] is None) == 560
    assert ("students", "โรงเรียนบ้านโคกสี / อนุบาล", "เมืองขอนแก่น", 2023, 45.0, "persons") in rows
    assert counted(store) == 560


def test_columns_counting_different_things_are_different_measures(store, tmp_path):
    path = workbook(tmp_path / "ข้อมูลพื้นฐานอำเภอ 2566.xlsx", {"Sheet1": [
        ["อำเภอ", "จำนวนตำบล", "จำนวนหมู่บ้าน", "Book stock"], ["พล", 12, 150, 900], ["ชุมแพ", 14, 180, 800]]})
    committed(store, path)
    measures = dict(store.execute("SELECT measure, sum(value) FROM v_statistics GROUP BY 1").fetchall())
    assert measures == {"จำนวนตำบล": 26, "จำนวนหมู่บ้าน": 330, "book_stock": 1700}


def test_big_amounts_on_few_rows_are_figures_and_a_share_beside_baht_is_a_percentage(store, tmp_path):
    path = workbook(tmp_path / "budget_by_fy.xlsx", {"Sheet1": [
        ["ปีงบประมาณ", "งบประมาณที่ได้รับจัดสรร (บาท)", "เบิกจ่ายจริง (บาท)", "ร้อยละการเบิกจ่าย"],
        ["ปีงบประมาณ 2566", 51300000, 49870000, 97.21], ["ปีงบประมาณ 2567", 54000000, 50120000, 92.81]]})
    committed(store, path)
    rows = {(m, y): (v, u) for m, _, _, y, v, u in statistics(store)}
    assert rows[("budget", 2024)] == (54000000, "baht")
    assert rows[("เบิกจ่ายจริง", 2024)] == (50120000, "baht")
    assert rows[("ร้อยละการเบิกจ่าย", 2024)] == (92.81, "%")


def test_years_written_over_two_head_their_measures(store, tmp_path):
    path = workbook(tmp_path / "library summary.xlsx", {"Summary": [
        ["Authority", "2022-23", None, "2023-24", None], [None, "Visits", "Issues", "Visits", "Issues"],
        ["Anytown", 505670, 560340, 560120, 571230], ["Otherton", 260110, 310450, 281900, 318700]]},
        merged={"Summary": ["B1:C1", "D1:E1", "A1:A2"]})
    committed(store, path)
    figures = dict(((m, y), v) for m, y, v in store.execute(
        "SELECT measure, year, sum(value) FROM v_statistics GROUP BY 1, 2").fetchall())
    assert figures == {("visits", 2022): 765780, ("loans", 2022): 870790, ("visits", 2023): 842020,
                       ("loans", 2023): 889930}


def test_a_count_of_people_in_a_register_is_its_participants_even_when_titles_start_with_ruam(store, tmp_path):
    path = workbook(tmp_path / "กิจกรรม 2567.xlsx", {"Sheet1": [
        ["กิจกรรม", "วันที่", "จำนวน (คน)"], ["รวมพลังชุมชนรักษ์สิ่งแวดล้อม", "14 ก.พ. 2567", 85],
        ["อบรมอาสาสมัครป้องกันภัย", "20 ส.ค. 2567", 50], ["รวมกลุ่มอาชีพทอผ้า", "2 ก.ค. 2567", 32]]})
    assert ingest(store, path)[0] == "committed"
    assert one(store, "SELECT count(*) FROM v_activities") == 3
    assert one(store, "SELECT sum(value) FROM v_participation WHERE dimension = 'total'") == 167


def test_a_total_after_age_bands_is_the_participants(store, tmp_path):
    path = workbook(tmp_path / "events october 2023.xlsx", {"Events": [
        ["Date", "Branch", "Event", "Attendees 0-4", "Attendees 18+", "Total"],
        ["2023-10-02", "Central", "Baby Bounce", 22, 18, 40], ["2023-10-11", "Northfield", "Digital drop-in", 0, 9, 9]]})
    assert ingest(store, path)[0] == "committed"
    assert one(store, "SELECT sum(value) FROM v_participation WHERE dimension = 'total'") == 49


def test_people_counted_by_group_are_groups_never_a_second_total(store, tmp_path):
    path = workbook(tmp_path / "กิจกรรมกลุ่มเปราะบาง 2567.xlsx", {"กิจกรรม": [
        ["วันที่", "กิจกรรม", "ผู้เข้าร่วมทั้งหมด (คน)", "ผู้สูงอายุ (คน)", "เด็กและเยาวชน (คน)", "ผู้ว่างงาน (คน)"],
        ["2024-01-10", "อบรมอาชีพ", 40, 5, 20, 8], ["2024-02-10", "ค่ายเยาวชน", 45, 0, 27, 3]]})
    committed(store, path)
    groups = dict(store.execute("SELECT coalesce(category, dimension), sum(value) FROM v_participation GROUP BY 1").fetchall())
    assert groups == {"total": 85, "older_adults": 5, "youth": 47, "unemployed": 11}


def test_fractions_under_a_percent_header_are_asked_never_stored_as_percent(store, tmp_path):
    path = workbook(tmp_path / "ผู้สูงอายุ 2567.xlsx", {"Sheet1": [
        ["ตำบล", "จำนวนผู้สูงอายุ (คน)", "ร้อยละที่เข้าร่วมกิจกรรม"], ["ในเมือง", 16460, 0.412], ["ศิลา", 4210, 0.298]]})
    status, problems = ingest(store, path)
    assert status == "refused" and ("error", "needs_review", "Sheet1", None, None) in problems
    assert one(store, "SELECT count(*) FROM statistics") == 0


def test_page_subtotals_are_the_sums_since_the_previous_one(store, tmp_path):
    header = ["ลำดับ", "วันที่", "ชื่อกิจกรรม", "ผู้เข้าร่วม (คน)"]
    rows = [header, [1, "2024-01-05", "อบรม ก", 10], [2, "2024-01-06", "อบรม ข", 20], ["รวมหน้านี้", None, None, 30],
            header, [3, "2024-01-07", "อบรม ค", 5], [4, "2024-01-08", "อบรม ง", 7], ["รวมหน้านี้", None, None, 12]]
    status, problems = ingest(store, workbook(tmp_path / "ทะเบียน 2567.xlsx", {"ทะเบียน": rows}))
    assert status == "committed", problems
    assert one(store, "SELECT sum(value) FROM v_participation WHERE dimension = 'total'") == 42


def test_a_summary_by_zone_without_titles_or_dates_is_statistics(store, tmp_path):
    path = workbook(tmp_path / "สรุปผล 2567.xlsx", {"สรุป": [
        ["เขต", "จำนวนกิจกรรม", "ผู้เข้าร่วม (คน)", "งบประมาณ (บาท)"], ["เขต 1", 3, 120, 30000], ["เขต 2", 5, 185, 50000]]})
    assert ingest(store, path)[0] == "committed"
    assert one(store, "SELECT count(*) FROM v_activities") == 0
    assert dict(store.execute("SELECT measure, sum(value) FROM v_statistics GROUP BY 1").fetchall()) == {
        "events": 8, "participants": 305, "budget": 80000}


def test_outcomes_of_a_register_and_a_fiscal_year_in_its_title(store, tmp_path):
    path = workbook(tmp_path / "ผลการอบรม.xlsx", {"ผล": [
        ["ผลการฝึกอบรม ปีงบประมาณ 2567"], ["หลักสูตร", "ผู้สมัคร (คน)", "ผู้สำเร็จการฝึกอบรม (คน)", "ร้อยละผู้สำเร็จ"],
        ["ช่างไฟฟ้า", 30, 27, 90.0], ["ทำขนม", 40, 31, 77.5]]})
    committed(store, path)
    assert dict(store.execute("SELECT measure, sum(value) FROM v_outcomes GROUP BY 1").fetchall()) == {
        "enrolled": 70, "completed": 58}
    assert store.execute("SELECT DISTINCT year, fiscal_year FROM v_activities").fetchall() == [(2024, 2024)]


def test_a_province_wide_row_is_kept_apart_from_the_districts(store, tmp_path):
    path = workbook(tmp_path / "internet access pct by amphoe.xlsx", {"Sheet1": [
        ["อำเภอ", "2566", "2567"], ["บ้านไผ่", 70.2, 74.9], ["พล", 60.1, 65.0], ["ภาพรวมจังหวัด", 74.3, 78.0]]})
    assert ingest(store, path)[0] == "committed"
    assert store.execute("SELECT level, count(*) FROM v_statistics GROUP BY 1 ORDER BY 1 NULLS FIRST").fetchall() == [
        (None, 4), ("province", 2)]


def test_quarters_written_as_month_ranges_are_three_month_periods(store, tmp_path):
    path = workbook(tmp_path / "ผู้ใช้บริการห้องสมุด.xlsx", {"Sheet1": [
        ["ห้องสมุด", "ไตรมาส 1 (ต.ค.-ธ.ค. 66)", "ไตรมาส 2 (ม.ค.-มี.ค. 67)", "รวม"],
        ["ห้องสมุดกลาง", 5230, 6120, 11350], ["ห้องสมุดสาขา", 1210, 1350, 2560]]})
    committed(store, path)
    assert store.execute("SELECT year, period_months, sum(value) FROM v_statistics GROUP BY ALL ORDER BY 1").fetchall() == [
        (2023, 3, 6440), (2024, 3, 7470)]
    assert one(store, "SELECT count(DISTINCT breakdown) FROM v_statistics") == 2


def test_a_total_over_qualified_parts_is_their_whole(store, tmp_path):
    committed_csv(store, tmp_path / "service kpis.csv",
                  "Month,Issues - adult,Issues - children,Issues - total\n2024-01,8840,4420,13260\n"
                  "2024-02,9330,5010,14340\n2024-03,9120,4210,13330\n")
    assert counted(store, "sex IS NULL AND age_min IS NULL") == 40930
    assert one(store, "SELECT DISTINCT year FROM v_statistics") == 2024


def test_a_month_written_as_the_period_of_a_project_gives_its_year(store, tmp_path):
    path = workbook(tmp_path / "โครงการ.xlsx", {"Sheet1": [
        ["ที่", "โครงการ", "ระยะเวลาดำเนินการ", "งบประมาณ", "ผู้เข้าร่วม"],
        [1, "โครงการส่งเสริมการอ่าน", "พฤศจิกายน 2566", 15000, 60], [2, "โครงการค่ายภาษาอังกฤษ", "เมษายน 2567", 30000, 120]]})
    assert ingest(store, path)[0] == "committed"
    assert store.execute("SELECT year, fiscal_year FROM v_activities ORDER BY 1").fetchall() == [(2023, 2024), (2024, 2024)]


def test_a_two_row_header_over_a_topic_column_is_a_register(store, tmp_path):
    path = workbook(tmp_path / "โรงเรียนผู้สูงอายุ 2567.xlsx", {"Sheet1": [
        ["ลำดับ", "วันที่", "หัวข้อการเรียนรู้", "ผู้เข้าร่วม", None, None], [None, None, None, "ชาย", "หญิง", "รวม"],
        [1, "6 ม.ค. 67", "การดูแลสุขภาพช่องปาก", 8, 27, 35], [2, "3 ก.พ. 67", "การใช้ไลน์และป้องกันมิจฉาชีพ", 10, 25, 35]]},
        merged={"Sheet1": ["D1:F1", "A1:A2", "B1:B2", "C1:C2"]})
    assert ingest(store, path)[0] == "committed"
    assert one(store, "SELECT sum(value) FROM v_participation WHERE dimension = 'total'") == 70


def test_grades_by_sex_are_statistics_of_the_files_measure(store, tmp_path):
    path = workbook(tmp_path / "students_grade_2567.xlsx", {"Sheet1": [
        ["ระดับชั้น", "ชาย", "หญิง", "รวม"], ["ป.1", 60, 58, 118], ["ป.2", 57, 61, 118], ["รวม", 117, 119, 236]]})
    assert ingest(store, path)[0] == "committed"
    assert store.execute("SELECT sex, sum(value) FROM v_statistics WHERE measure = 'students' GROUP BY 1 "
                         "ORDER BY 1 NULLS FIRST").fetchall() == [(None, 236), ("female", 119), ("male", 117)]


def test_a_two_row_header_under_a_title_with_open_age_bands(store, tmp_path):
    path = workbook(tmp_path / "ทะเบียนกิจกรรม.xlsx", {"Sheet1": [
        ["ทะเบียนกิจกรรมโรงเรียนผู้สูงอายุ ตำบลศิลา ปี 2567"],
        ["ลำดับ", "วันที่", "หัวข้อการเรียนรู้", "ผู้เข้าร่วม", None, None, "ช่วงอายุ", None, None],
        [None, None, None, "ชาย", "หญิง", "รวม", "60-69 ปี", "70-79 ปี", "80 ปีขึ้นไป"],
        [1, "6 ม.ค. 67", "การดูแลสุขภาพช่องปาก", 8, 27, 35, 20, 11, 4],
        [2, "3 ก.พ. 67", "การใช้ไลน์และป้องกันมิจฉาชีพ", 10, 25, 35, 22, 10, 3]]},
        merged={"Sheet1": ["A1:I1", "D2:F2", "G2:I2", "A2:A3", "B2:B3", "C2:C3"]})
    committed(store, path)
    assert dict(store.execute("SELECT coalesce(category, dimension), sum(value) FROM v_participation "
                              "GROUP BY 1").fetchall()) == {"total": 70, "male": 18, "female": 52, "60-69": 42,
                                                            "70-79": 21, "80+": 7}


def test_totals_by_sex_qualify_the_sheets_measure_and_answers_are_no_breakdown(store, tmp_path):
    committed_csv(store, tmp_path / "ประชากร 2566.csv",
                  "ตำบล,ข้อมูลครบ,ชาย 0-14 ปี,หญิง 0-14 ปี,รวมชาย,รวมหญิง,รวมทั้งสิ้น\n"
                  "ศิลา,Yes,100,90,400,420,820\nพระลับ,No,80,85,300,310,610\nบ้านทุ่ม,Yes,70,60,200,230,430\n")
    assert {m for (m,) in store.execute("SELECT DISTINCT measure FROM v_statistics").fetchall()} == {"population"}
    assert one(store, "SELECT count(*) FROM v_statistics WHERE breakdown IS NOT NULL") == 0
    assert counted(store, "sex IS NULL AND age_min IS NULL") == 1860


def test_adults_and_children_in_a_register_are_its_people_by_age(store, tmp_path):
    committed_csv(store, tmp_path / "events log.csv",
                  "Event date,Library,Event title,Adults,Children,Total attendees\n"
                  "03/04/2023,Central,Rhymetime,14,18,32\n02/05/2023,Northfield,Author talk,35,0,35\n")
    assert dict(store.execute("SELECT coalesce(category, dimension), sum(value) FROM v_participation "
                              "GROUP BY 1").fetchall()) == {"total": 67, "18+": 49, "0-17": 18}
    assert store.execute("SELECT min(event_date), max(event_date) FROM v_activities").fetchone() == (
        date(2023, 4, 3), date(2023, 5, 2))  # day first: 02/05 is the 2nd of May


def test_a_duration_in_minutes_is_stored_as_hours(store, tmp_path):
    committed_csv(store, tmp_path / "events october 2023.csv",
                  "Date,Event,Duration (mins),Attendees\n2023-10-02,Baby Bounce,30,40\n2023-10-11,Digital drop-in,120,9\n")
    assert one(store, "SELECT sum(hours) FROM v_activities") == 2.5


def test_yes_no_answers_under_a_mode_header_give_each_activity_its_mode(store, tmp_path):
    committed_csv(store, tmp_path / "events log.csv", "Event date,Event title,Total attendees,Online?\n"
                  "03/04/2023,Rhymetime,32,N\n05/04/2023,Code Club online,14,Y\n12/04/2023,Author talk,35,N\n")
    assert dict(store.execute("SELECT mode, count(*) FROM v_activities GROUP BY 1").fetchall()) == {
        "in_person": 2, "online": 1}
