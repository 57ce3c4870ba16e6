"""Slips a register's writer makes that were stored as wrong figures without a word: a CSV number with an
unquoted comma, a figure per session headed with a slash, a length in days in an hours column, a count
of groups or villages among people, a district cell naming no one place, an activity entered twice."""
from __future__ import annotations

import pytest
from conftest import make_xlsx as workbook
from conftest import rows

from indicators.ingest.commit import ingest_files


def _ingest(store, path):
    return ingest_files(store, [path], "Office")


def test_a_csv_row_split_by_an_unquoted_thousands_comma_is_refused_at_its_row(store, tmp_path):
    """'12,500' unquoted read as a budget of 12 and 500 people, the 40 dropped off the end."""
    path = tmp_path / "register_2567.csv"
    path.write_text("ชื่อกิจกรรม,เขต,วันที่,งบประมาณ,จำนวนผู้เข้าร่วม\nอบรม ก,เขตเหนือ,1/2/2567,5000,30\n"
                    "อบรม ข,เขตใต้,15/1/2567,12,500,40\nอบรม ค,เขตใต้,16/1/2567,800,25\n", encoding="utf-8")
    result = _ingest(store, path)
    assert result.status == "refused"
    assert [(p.code, p.row, p.value) for p in result.problems if p.severity == "error"] == [
        ("cells_beyond_header", 3, "6")]
    assert rows(store, "SELECT count(*) FROM activities") == [(0,)]


def test_empty_cells_after_the_header_in_a_csv_row_are_no_shift(store, tmp_path):
    path = tmp_path / "register_2567.csv"
    path.write_text("ชื่อกิจกรรม,วันที่,จำนวนผู้เข้าร่วม\nอบรม ก,1/2/2567,30,,\nอบรม ข,15/1/2567,40\n", encoding="utf-8")
    result = _ingest(store, path)
    assert result.status == "committed"
    assert rows(store, "SELECT sum(value) FROM v_participation") == [(70.0,)]


@pytest.mark.parametrize("header", ["ชั่วโมง/ครั้ง", "ชม./ครั้ง", "Hours/session", "Budget/session", "งบประมาณ (บาท/คน)",
                                    "ผู้เข้าร่วม (คน/รุ่น)", "ผู้เข้าร่วม/ครั้ง", "Participants (per day)"])
def test_a_figure_per_session_or_person_headed_with_a_slash_is_asked_about(store, tmp_path, header):
    """Each was stored as the activity's own hours, budget or people (3 hours for two sessions of 3)."""
    result = _ingest(store, workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        ["ชื่อกิจกรรม", "วันที่", "จำนวนครั้ง", header], ["อบรม ก", "1/2/2567", 2, 3], ["อบรม ข", "1/3/2567", 2, 5]]}))
    assert result.status == "refused"
    assert "figure_per_something" in {said.code for said in result.plans[0].sheets[0].review}


@pytest.mark.parametrize("header", ["ชาย/หญิง", "ผู้เข้าร่วม (คน/ราย)", "ผู้เข้าร่วม/ผู้รับบริการ"])
def test_a_slash_between_two_names_of_people_is_no_per(store, tmp_path, header):
    result = _ingest(store, workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        ["ชื่อกิจกรรม", "วันที่", "จำนวนผู้เข้าร่วม (คน)", header], ["อบรม ก", "1/2/2567", 30, 30]]}))
    assert "figure_per_something" not in {said.code for said in result.plans[0].sheets[0].review}


@pytest.mark.parametrize("header", ["Duration (days)", "ระยะเวลา (สัปดาห์)", "Length (weeks)"])
def test_an_hours_column_headed_in_days_is_asked_about(store, tmp_path, header):
    """'Duration (days)' over 3 was stored as 3 hours."""
    result = _ingest(store, workbook(tmp_path / "register_2024.xlsx", {"Sheet1": [
        ["Activity", "Date", header, "Participants"], ["Workshop A", "2024-02-01", 3, 30]]}))
    assert result.status == "refused"
    assert rows(store, "SELECT count(*) FROM activities") == [(0,)]
    assert "length_in_days" in {said.code for said in result.plans[0].sheets[0].review} or \
        "length_in_days" in {e.code for c in result.plans[0].sheets[0].columns for e in c.get("evidence") or []}


@pytest.mark.parametrize("cell", ["5 กลุ่ม", "3 หมู่บ้าน", "20 ครัวเรือน", "2 schools", "20 คน/รุ่น"])
def test_a_count_of_groups_places_or_people_per_session_is_no_count_of_people(store, tmp_path, cell):
    """Each was stored as that many people."""
    result = _ingest(store, workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        ["ชื่อกิจกรรม", "วันที่", "จำนวนผู้เข้าร่วม"], ["อบรม ก", "1/2/2567", 30], ["อบรม ข", "5/2/2567", cell]]}))
    assert [(p.code, p.row) for p in result.problems if p.severity == "error"] == [("unit_not_the_columns", 3)]


def test_a_budget_in_million_baht_written_ลบ_is_refused_at_its_cell(store, tmp_path):
    """'1.2 ลบ.' (ล้านบาท) was a budget of 1.2 baht."""
    result = _ingest(store, workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        ["ชื่อกิจกรรม", "วันที่", "งบประมาณ", "จำนวนผู้เข้าร่วม"], ["อบรม ก", "1/2/2567", "1.2 ลบ.", 30]]}))
    assert [(p.code, p.row) for p in result.problems if p.severity == "error"] == [("not_a_number", 2)]


def test_a_district_cell_naming_no_one_place_is_the_whole_citys(store, tmp_path):
    """'-', 'ทุกเขต', 'ทั้งเมือง', 'ออนไลน์' were each stored as a district beside the real ones."""
    result = _ingest(store, workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        ["ชื่อกิจกรรม", "เขต", "วันที่", "จำนวนผู้เข้าร่วม"], ["a", "-", "1/2/2567", 10], ["b", "ทุกเขต", "1/2/2567", 10],
        ["c", "ทั้งเมือง", "1/2/2567", 10], ["d", "ออนไลน์", "1/2/2567", 10], ["e", "เขตเหนือ", "1/2/2567", 10]]}))
    assert result.status == "committed"
    assert rows(store, "SELECT title, district FROM v_activities ORDER BY title") == [
        ("a", None), ("b", None), ("c", None), ("d", None), ("e", "เขตเหนือ")]
    assert "district_not_a_place" in {p.code for p in result.problems}


def test_an_activity_written_twice_in_a_sheet_is_named_with_its_rows(store, tmp_path):
    result = _ingest(store, workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        ["ชื่อกิจกรรม", "เขต", "วันที่", "จำนวนผู้เข้าร่วม"], ["อบรม ก", "เขตเหนือ", "1/2/2567", 30],
        ["อบรม ข", "เขตใต้", "15/1/2567", 40], ["อบรม ก", "เขตเหนือ", "1/2/2567", 30], ["อบรม ก", "เขตเหนือ", "1/2/2567", 31]]}))
    assert result.status == "committed"
    twice = [(p.sheet, p.row, p.value) for p in result.problems if p.code == "activity_written_twice"]
    assert twice == [("Sheet1", 2, "2")]
    assert "2, 4" in next(p.message_en for p in result.problems if p.code == "activity_written_twice")


HEADER = ["ที่", "โครงการ/กิจกรรม", "เขต", "วันที่", "งบประมาณ", "จำนวนผู้เข้าร่วม"]


@pytest.mark.parametrize("item_numbers", [("1.1", "1.2"), (1.1, 1.2)])
def test_a_project_row_over_its_numbered_items_is_their_total_and_counted_once(store, tmp_path, item_numbers):
    """The project's 20,000 baht and 70 people were stored beside its items': 45,000 and 160 in all."""
    result = _ingest(store, workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        HEADER, [1, "โครงการ X", "เขตเหนือ", "1/2/2567", 20000, 70],
        [item_numbers[0], "กิจกรรม a", "เขตเหนือ", "1/2/2567", 8000, 30],
        [item_numbers[1], "กิจกรรม b", "เขตเหนือ", "5/2/2567", 12000, 40], [2, "โครงการ Y", "เขตใต้", "1/3/2567", 5000, 20]]}))
    assert result.status == "committed", [(p.code, p.message_en) for p in result.problems]
    assert rows(store, "SELECT title, budget FROM v_activities ORDER BY source_row") == [
        ("กิจกรรม a", 8000.0), ("กิจกรรม b", 12000.0), ("โครงการ Y", 5000.0)]
    assert rows(store, "SELECT sum(value) FROM v_participation") == [(90.0,)]
    assert [(d["row"], d["reason"]) for d in result.plans[0].sheets[0].dropped_rows] == [(2, "items_total")]


def test_a_project_row_that_is_not_its_items_sum_is_asked_about(store, tmp_path):
    result = _ingest(store, workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        HEADER, [1, "โครงการ X", "เขตเหนือ", "1/2/2567", 20000, 70], ["1.1", "กิจกรรม a", "เขตเหนือ", "1/2/2567", 8000, 30],
        ["1.2", "กิจกรรม b", "เขตเหนือ", "5/2/2567", 2000, 40]]}))
    assert result.status == "refused"
    assert "items_not_sum" in {said.code for said in result.plans[0].sheets[0].review}


def test_a_record_whose_next_rows_break_its_amounts_down_keeps_its_own(store, tmp_path):
    """'- กิจกรรม a | 8,000 | 30', '- กิจกรรม b | 12,000 | 40' under 'โครงการ X | 20,000 | 70' were added
    to it: 40,000 baht and 140 people."""
    result = _ingest(store, workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        HEADER, [1, "โครงการ X", "เขตเหนือ", "1/2/2567", 20000, 70], [None, "- กิจกรรม a", None, None, 8000, 30],
        [None, "- กิจกรรม b", None, None, 12000, 40], [2, "โครงการ Y", "เขตใต้", "1/3/2567", 5000, 20],
        [3, "โครงการ Z", "เขตใต้", "1/3/2567", 5000, 20]]}))
    assert result.status == "committed", [(p.code, p.message_en) for p in result.problems]
    assert rows(store, "SELECT budget FROM v_activities ORDER BY source_row") == [(20000.0,), (5000.0,), (5000.0,)]
    assert rows(store, "SELECT sum(value) FROM v_participation") == [(110.0,)]


def test_dates_outside_the_fiscal_year_of_the_title_are_named_and_kept_in_their_own_year(store, tmp_path):
    """'1 ต.ค. 2567' under 'ปีงบประมาณ 2567' (a slip for 2566, or next year's row) went into FY 2568 unsaid."""
    result = _ingest(store, workbook(tmp_path / "register.xlsx", {"Sheet1": [
        ["ทะเบียนกิจกรรม ปีงบประมาณ 2567"], ["ชื่อกิจกรรม", "วันที่", "ผู้เข้าร่วม (คน)"],
        ["a", "1 ต.ค. 2566", 10], ["b", "1 ต.ค. 2567", 10], ["c", "30 ก.ย. 2567", 10]]}))
    assert result.status == "committed"
    outside = [p for p in result.problems if p.code == "date_outside_title_year"]
    assert [(p.row, p.column, p.value) for p in outside] == [(4, "วันที่", "1 ต.ค. 2567")]
    assert "(FY 2024)" in outside[0].message_en and "(ปีงบประมาณ 2567)" in outside[0].message_th
    assert rows(store, "SELECT title, fiscal_year FROM v_activities ORDER BY 1") == [("a", 2024), ("b", 2025), ("c", 2024)]


@pytest.mark.parametrize("header, cell", [("ชั่วโมง", "2 ชั่วโมงครึ่ง"), ("ชั่วโมง", "3 คาบ"), ("จำนวนผู้เข้าร่วม (คน)", "3 ครอบครัว"),
                                          ("จำนวนผู้เข้าร่วม (คน)", "5 ทีม")])
def test_a_unit_that_says_more_or_counts_other_things_is_refused(store, tmp_path, header, cell):
    """'2 ชั่วโมงครึ่ง' was stored as 2 hours, '3 คาบ' as 3 hours, '3 ครอบครัว' as 3 people."""
    other = "จำนวนผู้เข้าร่วม (คน)" if header == "ชั่วโมง" else "ชั่วโมง"
    result = _ingest(store, workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        ["ชื่อกิจกรรม", "วันที่", header, other], ["อบรม ก", "1/2/2567", 2, 2], ["อบรม ข", "5/2/2567", cell, 2]]}))
    assert [(p.code, p.row) for p in result.problems if p.severity == "error"] == [("unit_not_the_columns", 3)]


def test_a_budget_with_the_baht_sign_before_it_is_read(store, tmp_path):
    result = _ingest(store, workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        ["ชื่อกิจกรรม", "วันที่", "งบประมาณ", "จำนวนผู้เข้าร่วม"], ["อบรม ก", "1/2/2567", "฿3,000", 30]]}))
    assert result.status == "committed"
    assert rows(store, "SELECT budget FROM v_activities") == [(3000.0,)]


def test_people_per_session_in_a_register_of_one_event_a_row_are_the_rows_own(store, tmp_path):
    """'(คน/ครั้ง)' with no events column: each row is one event, so its people per event are its people."""
    result = _ingest(store, workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        ["กิจกรรม", "อำเภอ", "วันที่จัด", "จำนวนผู้เข้าร่วม (คน/ครั้ง)"], ["A", "แม่ริม", "1/2/2567", 30]]}))
    assert result.status == "committed"
    assert rows(store, "SELECT sum(value) FROM v_participation") == [(30.0,)]


@pytest.mark.parametrize("header", ["ว.ด.ป.", "ว/ด/ป"])
def test_a_date_column_headed_day_month_year_in_short_is_the_date(store, tmp_path, header):
    result = _ingest(store, workbook(tmp_path / "register.xlsx", {"Sheet1": [
        ["กิจกรรม", "อำเภอ", header, "ผู้เข้าร่วม"], ["A", "แม่ริม", "1/2/2567", 12]]}))
    assert result.status == "committed"
    assert rows(store, "SELECT year FROM v_activities") == [(2024,)]


def test_a_csv_number_cut_at_its_comma_before_blank_cells_is_refused(store, tmp_path):
    """'1,200' unquoted before an empty notes column: 1 person and a budget of 200, unsaid."""
    path = tmp_path / "register_2567.csv"
    path.write_text("ชื่อกิจกรรม,อำเภอ,วันที่,จำนวนผู้เข้าร่วม (คน),งบประมาณ,หมายเหตุ\nA,แม่ริม,1/2/2567,1,200,,\n"
                    "B,แม่ริม,2/2/2567,20,,\n", encoding="utf-8")
    result = _ingest(store, path)
    assert [(p.code, p.row) for p in result.problems if p.severity == "error"] == [("cells_beyond_header", 2)]


REGISTER = ["ลำดับ", "ชื่อกิจกรรม", "อำเภอ", "วันที่", "จำนวนผู้เข้าร่วม (คน)", "งบประมาณ"]


@pytest.mark.parametrize("budgets", [("100", "200"), ("", "")])
def test_unnumbered_rows_that_break_a_record_down_are_not_counted_again(store, tmp_path, budgets):
    """'- กลุ่มเยาวชน 10', '- กลุ่มผู้สูงอายุ 20' under '1 อบรม 30' were two more activities: 60 people."""
    result = _ingest(store, workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        REGISTER, ["1", "อบรม", "แม่ริม", "1/2/2567", "30", "300"],
        ["", "- กลุ่มเยาวชน", "แม่ริม", "1/2/2567", "10", budgets[0]],
        ["", "- กลุ่มผู้สูงอายุ", "แม่ริม", "1/2/2567", "20", budgets[1]], ["2", "อื่น", "แม่ริม", "1/3/2567", "7", "70"]]}))
    assert result.status == "committed", [(p.code, p.message_en) for p in result.problems]
    assert rows(store, "SELECT title, events, budget FROM v_activities ORDER BY source_row") == [
        ("อบรม", 1, 300.0), ("อื่น", 1, 70.0)]
    assert rows(store, "SELECT sum(value) FROM v_participation") == [(37.0,)]


@pytest.mark.parametrize("part_dates", [("01/02/2567", "1 ก.พ. 2567"), ("1/2/67", "")])
def test_a_breakdown_dated_as_its_record_in_another_spelling_is_not_counted_again(store, tmp_path, part_dates):
    """The date cells were compared as text: '01/02/2567' under '1/2/2567' made the parts two more activities."""
    result = _ingest(store, workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        REGISTER, ["1", "อบรม", "แม่ริม", "1/2/2567", "30", "300"],
        ["", "- กลุ่มเยาวชน", "แม่ริม", part_dates[0], "10", "100"],
        ["", "- กลุ่มผู้สูงอายุ", "แม่ริม", part_dates[1], "20", "200"], ["2", "อื่น", "แม่ริม", "1/3/2567", "7", "70"]]}))
    assert result.status == "committed", [(p.code, p.message_en) for p in result.problems]
    assert rows(store, "SELECT sum(value) FROM v_participation") == [(37.0,)]


def test_unnumbered_activities_of_their_own_dates_that_add_up_are_kept(store, tmp_path):
    result = _ingest(store, workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        REGISTER, ["1", "อบรม ก", "แม่ริม", "1/2/2567", "30", "300"], ["", "อบรม ข", "แม่ริม", "3/2/2567", "10", "100"],
        ["", "อบรม ค", "แม่ริม", "5/2/2567", "20", "200"], ["2", "อื่น", "แม่ริม", "1/3/2567", "7", "70"]]}))
    assert result.status == "committed"
    assert rows(store, "SELECT count(*) FROM v_activities") == [(4,)]


NUMBERED = ["ลำดับ", "ชื่อกิจกรรม", "วันที่", "อำเภอ", "ผู้เข้าร่วม (คน)", "งบประมาณ (บาท)"]


@pytest.mark.parametrize("item_numbers", [("1.1", "1.2"), (1.1, 1.2)])
def test_items_dated_as_their_project_are_the_activities_not_a_breakdown(store, tmp_path, item_numbers):
    """Dated and placed as their project, the items were dropped as its breakdown and the project as their
    total: the whole group vanished."""
    result = _ingest(store, workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        NUMBERED, [1, "โครงการส่งเสริมการเรียนรู้", "1/2/2567", "สันทราย", 35, 3000],
        [item_numbers[0], "อบรมคอมพิวเตอร์", "1/2/2567", "สันทราย", 20, 1000],
        [item_numbers[1], "อบรมภาษาอังกฤษ", "1/2/2567", "สันทราย", 15, 2000], [2, "ตลาด", "5/2/2567", "สารภี", 20, 500]]}))
    assert result.status == "committed"
    assert rows(store, "SELECT title, budget FROM v_activities ORDER BY source_row") == [
        ("อบรมคอมพิวเตอร์", 1000.0), ("อบรมภาษาอังกฤษ", 2000.0), ("ตลาด", 500.0)]


def test_an_unnumbered_session_of_its_own_date_equal_to_the_row_above_is_no_subtotal(store, tmp_path):
    """'อบรมคอมพิวเตอร์ รุ่นที่ 2' on 8/2 with the figures of the row above was dropped as its total."""
    result = _ingest(store, workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        NUMBERED, [1, "อบรมคอมพิวเตอร์", "1/2/2567", "สันทราย", 20, 1000],
        ["", "อบรมคอมพิวเตอร์ รุ่นที่ 2", "8/2/2567", "สันทราย", 20, 1000], [2, "ตลาด", "5/2/2567", "สารภี", 30, 500]]}))
    assert result.status == "committed"
    assert rows(store, "SELECT count(*), sum(budget) FROM v_activities") == [(3, 2500.0)]
