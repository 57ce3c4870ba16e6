"""Tables laid out as the National Statistical Office and ministries publish them: a title naming a count
or a share, headers in Thai with English under them, the kingdom and its regions above their provinces.
Each is read to the figures a careful person writes down: a share is never stored as people, and a
region or the kingdom is never an area added to its provinces."""
from __future__ import annotations

import pytest
from conftest import committed, rows
from conftest import make_xlsx as workbook

from indicators.ingest.commit import ingest_files

PROVINCES = [["เชียงใหม่", 70.1, 75.3, 72.8], ["เชียงราย", 65.0, 69.2, 67.1]]


@pytest.mark.parametrize("title, header, measure", [
    ("ร้อยละของประชากรอายุ 6 ปีขึ้นไปที่อ่านหนังสือ จำแนกตามจังหวัด พ.ศ. 2561", ["จังหวัด", "ชาย", "หญิง", "รวม"],
     "ร้อยละของประชากรอายุ_6_ปีขึ้นไปที่อ่านหนังสือ"),
    ("Percentage of population aged 6 and over who read, by province, 2018", ["Province", "Male", "Female", "Total"],
     "percentage_of_population_aged_6_and_over_who_read"),
])
def test_a_share_of_the_population_is_a_share_never_a_count_of_people(store, tmp_path, title, header, measure):
    committed(store, workbook(tmp_path / "ตาราง7.xlsx", {"Sheet1": [[title], header, *PROVINCES]}))
    assert rows(store, "SELECT DISTINCT measure, unit FROM v_statistics") == [(measure, "%")]
    assert rows(store, "SELECT count(*) FROM v_statistics WHERE measure = 'population' OR unit = 'persons'") == [(0,)]
    assert rows(store, "SELECT sex, sum(value) FROM v_statistics WHERE district = 'เชียงใหม่' OR district = 'Chiang Mai' "
                       "GROUP BY 1 ORDER BY 1") == [("female", 75.3), ("male", 70.1), (None, 72.8)]


def test_a_rate_over_the_years_beside_its_population_is_not_the_population(store, tmp_path):
    committed(store, workbook(tmp_path / "ตาราง8.xlsx", {"Sheet1": [
        ["อัตราการอ่านของประชากร จำแนกตามจังหวัด"], ["จังหวัด", "2558", "2561", "2566"], *PROVINCES]}))
    assert rows(store, "SELECT DISTINCT measure_label, unit FROM v_statistics") == [("อัตราการอ่านของประชากร", "%")]
    assert rows(store, "SELECT year, value FROM v_statistics WHERE district = 'เชียงราย' ORDER BY 1") == [
        (2015, 65.0), (2018, 69.2), (2023, 67.1)]


def nso_table(english_under_thai: bool) -> list[list]:
    years = [["ภาคและจังหวัด", "2563", "2564", "2565"]]
    if english_under_thai:
        years.append(["Region and province", "(2020)", "(2021)", "(2022)"])
    return [["ตาราง 5 จำนวนห้องสมุดประชาชน จำแนกตามภาคและจังหวัด พ.ศ. 2563 - 2565"], *years,
            ["ทั่วราชอาณาจักร", 100, 104, 110], ["ภาคเหนือ", 30, 31, 33], ["เชียงใหม่", 20, 20, 21],
            ["เชียงราย", 10, 11, 12], ["ภาคใต้", 70, 73, 77], ["กระบี่", 30, 33, 35], ["สงขลา", 40, 40, 42],
            ["ที่มา: สำนักงานสถิติแห่งชาติ"]]


@pytest.mark.parametrize("english_under_thai", [False, True])
def test_a_count_named_by_its_title_by_province_with_the_kingdom_and_regions_kept_apart(store, tmp_path,
                                                                                        english_under_thai):
    committed(store, workbook(tmp_path / "ตาราง5.xlsx", {"Sheet1": nso_table(english_under_thai)}))
    assert rows(store, "SELECT DISTINCT measure, measure_label FROM v_statistics") == [
        ("ห้องสมุดประชาชน", "ห้องสมุดประชาชน")]
    assert rows(store, "SELECT year, sum(value) FROM v_statistics WHERE level IS NULL GROUP BY 1 ORDER BY 1") == [
        (2020, 100.0), (2021, 104.0), (2022, 110.0)]
    assert rows(store, "SELECT level, district, value FROM v_statistics WHERE level IS NOT NULL AND year = 2022 "
                       "ORDER BY 1, 2") == [("nation", "ทั่วราชอาณาจักร", 110.0), ("region", "ภาคเหนือ", 33.0),
                                          ("region", "ภาคใต้", 77.0)]


def test_english_years_under_thai_years_are_the_header_not_a_row_of_figures(store, tmp_path):
    result = committed(store, workbook(tmp_path / "ตาราง5.xlsx", {"Sheet1": nso_table(english_under_thai=True)}))
    sheet = result.plans[0].sheets[0]
    assert [c["header"] for c in sheet.columns] == ["ภาคและจังหวัด / Region and province", "2563 / (2020)",
                                                   "2564 / (2021)", "2565 / (2022)"]
    assert not [p for p in result.plans[0].problems if p.code == "not_a_number"]


def test_a_year_written_under_another_year_is_no_translation(store, tmp_path):
    """ "2564" under "2563" says a different year: not the header said again, so not taken as header."""
    table = nso_table(english_under_thai=False)
    table.insert(2, ["Region and province", "2564", "2565", "2566"])
    result = ingest_files(store, [workbook(tmp_path / "ตาราง5.xlsx", {"Sheet1": table})], "Office")
    headers = [c["header"] for c in result.plans[0].sheets[0].columns]
    assert "2563 / 2564" not in headers


AMPHOE_AND_TAMBONS = [["อำเภอ/ตำบล", "ชาย", "หญิง", "รวม"],
                      ["อำเภอเมืองเชียงใหม่", 1000, 1100, 2100], ["ตำบลศรีภูมิ", 400, 450, 850],
                      ["ตำบลพระสิงห์", 600, 650, 1250], ["อำเภอสารภี", 500, 520, 1020],
                      ["ตำบลยางเนิ้ง", 200, 220, 420], ["ตำบลชมภู", 300, 300, 600]]


def test_an_amphoe_above_its_tambons_is_their_subtotal_not_an_area_counted_again(store, tmp_path):
    result = committed(store, workbook(tmp_path / "ประชากร.xlsx", {"Sheet1": [
        ["จำนวนประชากร จำแนกตามอำเภอและตำบล ณ เดือนธันวาคม 2567"], *AMPHOE_AND_TAMBONS]}))
    assert rows(store, "SELECT sex, sum(value) FROM v_statistics GROUP BY 1 ORDER BY 1") == [
        ("female", 1620.0), ("male", 1500.0), (None, 3120.0)]
    assert rows(store, "SELECT count(DISTINCT district) FROM v_statistics WHERE district LIKE 'อำเภอ%'") == [(0,)]
    dropped = result.plans[0].sheets[0].dropped_rows
    assert [(d["row"], d["reason"]) for d in dropped] == [(3, "area_subtotal"), (6, "area_subtotal")]


def test_an_amphoe_after_its_tambons_is_their_subtotal(store, tmp_path):
    after = [AMPHOE_AND_TAMBONS[0], *AMPHOE_AND_TAMBONS[2:4], AMPHOE_AND_TAMBONS[1], *AMPHOE_AND_TAMBONS[5:],
             AMPHOE_AND_TAMBONS[4]]
    result = committed(store, workbook(tmp_path / "ประชากร.xlsx", {"Sheet1": [["ประชากร ปี 2567"], *after]}))
    assert rows(store, "SELECT sum(value) FROM v_statistics WHERE sex IS NULL") == [(3120.0,)]
    dropped = result.plans[0].sheets[0].dropped_rows
    assert [(d["row"], d["reason"], d["text"].split()[0]) for d in dropped] == [
        (5, "area_subtotal", "อำเภอเมืองเชียงใหม่"), (8, "area_subtotal", "อำเภอสารภี")]


@pytest.mark.parametrize("nothing", [None, "-"])
def test_an_amphoe_with_no_figures_heads_its_tambons_and_stores_no_zeros(store, tmp_path, nothing):
    headed = [row[:] for row in AMPHOE_AND_TAMBONS]
    headed[1][1:] = headed[4][1:] = [nothing] * 3
    result = committed(store, workbook(tmp_path / "ประชากร.xlsx", {"Sheet1": [["ประชากร ปี 2567"], *headed]}))
    assert rows(store, "SELECT count(*), sum(value) FROM v_statistics WHERE sex IS NULL") == [(4, 3120.0)]
    assert rows(store, "SELECT count(*) FROM v_statistics WHERE district LIKE 'อำเภอ%'") == [(0,)]
    assert [(d["row"], d["reason"]) for d in result.plans[0].sheets[0].dropped_rows] == [
        (3, "area_heading"), (6, "area_heading")]


def test_a_province_row_under_its_amphoe_is_their_total(store, tmp_path):
    committed(store, workbook(tmp_path / "ประชากร.xlsx", {"Sheet1": [
        ["จำนวนประชากร ปี 2567"], ["อำเภอ", "ชาย", "หญิง"], ["อำเภอเมือง", 10, 12], ["อำเภอสารภี", 5, 6],
        ["อำเภอหางดง", 7, 7], ["จังหวัดเชียงใหม่", 22, 25]]}))
    assert rows(store, "SELECT district, sum(value) FROM v_statistics GROUP BY 1 ORDER BY 1") == [
        ("อำเภอสารภี", 11.0), ("อำเภอหางดง", 14.0), ("อำเภอเมือง", 22.0)]


@pytest.mark.parametrize("amphoe_row", [["อำเภอเมืองเชียงใหม่", 999, 1100, 2100],       # does not add up
                                        ["อำเภอเมืองเชียงใหม่", 61.5, 70.2, 65.9]])    # shares, which do not add
def test_areas_of_two_levels_that_do_not_add_up_are_asked_about(store, tmp_path, amphoe_row):
    table = [row[:] for row in AMPHOE_AND_TAMBONS]
    table[1] = amphoe_row
    if amphoe_row[1] < 100:
        table[0] = ["อำเภอ/ตำบล", "ร้อยละ ชาย", "ร้อยละ หญิง", "ร้อยละ รวม"]
    result = ingest_files(store, [workbook(tmp_path / "ประชากร.xlsx", {"Sheet1": [["ประชากร ปี 2567"], *table]})],
                          "Office")
    assert result.status == "refused"
    assert "areas_of_two_levels" in {said.code for said in result.plans[0].sheets[0].review}
    assert rows(store, "SELECT count(*) FROM statistics") == [(0,)]


def test_a_dash_among_the_figures_is_zero_and_its_column_is_read(store, tmp_path):
    """ "-" is how a Thai table writes nothing: the columns holding one were left unread, and the file
    accepted without their figures."""
    committed(store, workbook(tmp_path / "ผู้เรียน.xlsx", {"Sheet1": [
        ["จำนวนผู้เรียน กศน. ปีงบประมาณ 2567"], ["อำเภอ", "ประถมศึกษา", "ม.ต้น", "ม.ปลาย", "รวม"],
        ["เมือง", 120, "-", 300, 420], ["สารภี", 50, 80, "-", 130], ["รวมทั้งสิ้น", 170, 80, 300, 550]]}))
    assert rows(store, "SELECT breakdown, sum(value) FROM v_statistics GROUP BY 1 ORDER BY 1") == [
        ("ประถมศึกษา", 170.0), ("ม.ต้น", 80.0), ("ม.ปลาย", 300.0), (None, 550.0)]


@pytest.mark.parametrize("header, measure, unit", [
    ("ร้อยละของประชากรที่อ่านหนังสือ", "ร้อยละของประชากรที่อ่านหนังสือ", "%"),
    ("Percentage of residents who are library members", "percentage_of_residents_who_are_library_members", "%"),
    ("participants per 1,000 population", "participants_per_1_000_population", None),
])
def test_a_column_of_shares_beside_the_population_is_no_second_population(store, tmp_path, header, measure, unit):
    committed(store, workbook(tmp_path / "การอ่าน_2566.xlsx", {"Sheet1": [
        ["ข้อมูลการอ่าน ปี 2566"], ["อำเภอ", "ประชากร (คน)", header],
        ["เมือง", 1200, 72.5], ["สารภี", 800, 65.1], ["หางดง", 600, 70.0]]}))
    assert rows(store, "SELECT measure, unit, sum(value) FROM v_statistics GROUP BY 1, 2 ORDER BY 1") == sorted([
        ("population", "persons", 2600.0), (measure, unit, 207.6)])


def test_a_footnote_mark_after_an_area_is_not_part_of_its_name(store, tmp_path):
    committed(store, workbook(tmp_path / "นักเรียน.xlsx", {"Sheet1": [
        ["จำนวนนักเรียน จำแนกตามอำเภอ ปีการศึกษา 2566"], ["อำเภอ", "ชาย", "หญิง"],
        ["เมืองเชียงใหม่ 1/", 1000, 1010], ["สารภี", 800, 810], ["หางดง*", 300, 310], ["เขต 2", 10, 12],
        ["1/ รวมโรงเรียนเทศบาล"], ["* ข้อมูล ณ 10 มิ.ย."]]}))
    assert rows(store, "SELECT DISTINCT district FROM v_statistics ORDER BY 1") == [
        ("สารภี",), ("หางดง",), ("เขต 2",), ("เมืองเชียงใหม่",)]


def test_a_figure_written_as_not_available_leaves_its_column_a_column_of_figures(store, tmp_path):
    result = committed(store, workbook(tmp_path / "ห้องสมุด.xlsx", {"Sheet1": [
        ["จำนวนผู้ใช้บริการห้องสมุด ปี 2566"], ["อำเภอ", "ผู้ใช้บริการ (คน)"],
        ["เมือง", 1250], ["สารภี", "n.a."], ["หางดง", 700], ["แม่ริม", "..."], ["สันทราย", 400]]}))
    assert rows(store, "SELECT district, value FROM v_statistics ORDER BY 1") == [
        ("สันทราย", 400.0), ("หางดง", 700.0), ("เมือง", 1250.0)]
    assert "blank_figures" in {p.code for p in result.plans[0].problems}


def test_amphoe_across_the_columns_are_each_their_areas_figures_and_their_total_is_set_aside(store, tmp_path):
    """Read as one figure per row, only the first amphoe was stored, as the whole city's; the rest lost."""
    result = committed(store, workbook(tmp_path / "สรุปรายอำเภอ.xlsx", {"Sheet1": [
        ["ข้อมูลการเรียนรู้ จำแนกรายอำเภอ ปี 2567"], ["รายการ", "อำเภอเมือง", "อำเภอสารภี", "อำเภอหางดง", "รวม"],
        ["ผู้ใช้บริการห้องสมุด (คน)", 1200, 300, 400, 1900], ["งบประมาณ (บาท)", 50000, 20000, 30000, 100000]]}))
    assert rows(store, "SELECT measure_label, district, value FROM v_statistics ORDER BY 1, 2") == [
        ("งบประมาณ (บาท)", "อำเภอสารภี", 20000.0), ("งบประมาณ (บาท)", "อำเภอหางดง", 30000.0),
        ("งบประมาณ (บาท)", "อำเภอเมือง", 50000.0), ("ผู้ใช้บริการห้องสมุด (คน)", "อำเภอสารภี", 300.0),
        ("ผู้ใช้บริการห้องสมุด (คน)", "อำเภอหางดง", 400.0), ("ผู้ใช้บริการห้องสมุด (คน)", "อำเภอเมือง", 1200.0)]
    total = next(c for c in result.plans[0].sheets[0].columns if c["header"] == "รวม")
    assert total["field"] == "ignored" and total["reason"].code == "total_of_areas"


def test_years_down_and_amphoe_across_store_each_amphoe_under_the_titles_measure(store, tmp_path):
    committed(store, workbook(tmp_path / "ผู้ใช้บริการ.xlsx", {"Sheet1": [
        ["จำนวนผู้ใช้บริการห้องสมุด จำแนกรายอำเภอ"], ["ปี", "อำเภอเมือง", "อำเภอสารภี", "รวม"],
        [2565, 1200, 300, 1500], [2566, 1300, "-", 1300]]}))
    assert rows(store, "SELECT DISTINCT measure, measure_label FROM v_statistics") == [
        ("visits", "จำนวนผู้ใช้บริการห้องสมุด")]
    assert rows(store, "SELECT year, district, value FROM v_statistics ORDER BY 1, 2") == [
        (2022, "อำเภอสารภี", 300.0), (2022, "อำเภอเมือง", 1200.0), (2023, "อำเภอสารภี", 0.0),
        (2023, "อำเภอเมือง", 1300.0)]


def test_a_total_beside_areas_that_is_not_their_sum_is_asked_about(store, tmp_path):
    result = ingest_files(store, [workbook(tmp_path / "ผู้ใช้บริการ.xlsx", {"Sheet1": [
        ["จำนวนผู้ใช้บริการห้องสมุด จำแนกรายอำเภอ"], ["ปี", "อำเภอเมือง", "อำเภอสารภี", "รวม"],
        [2565, 1200, 300, 1600], [2566, 1300, 200, 1500]]})], "Office")
    assert result.status == "refused"
    assert "total_not_of_areas" in {said.code for said in result.plans[0].sheets[0].review}


def test_figures_of_several_columns_beside_a_measure_column_are_never_left_out(store, tmp_path):
    """Each row names its measure, and three columns hold figures that name no area: only the first
    was stored, the other two lost without a word. A person has to say what they are."""
    result = ingest_files(store, [workbook(tmp_path / "ห้องสมุด.xlsx", {"Sheet1": [
        ["ข้อมูลห้องสมุด ปี 2567"], ["รายการ", "ห้องสมุดประชาชน", "ห้องสมุดเคลื่อนที่", "รวม"],
        ["ผู้ใช้บริการ (คน)", 1200, 300, 1500], ["หนังสือยืม (เล่ม)", 4000, 500, 4500]]})], "Office")
    assert result.status == "refused"
    assert {dict(said.values)["header"] for said in result.plans[0].sheets[0].review
            if said.code == "numbers_unplaced"} == {"ห้องสมุดเคลื่อนที่", "รวม"}


def test_a_footnote_mark_after_a_figure_leaves_the_figure(store, tmp_path):
    """ "1,250 1/" and "980*" point to notes under the table: the sheet was refused as unclear."""
    committed(store, workbook(tmp_path / "ห้องสมุด.xlsx", {"Sheet1": [
        ["จำนวนผู้ใช้บริการห้องสมุด ปี 2566"], ["อำเภอ", "ผู้ใช้บริการ (คน)"],
        ["เมือง", "1,250 1/"], ["สารภี", "980*"], ["หางดง", 700], ["แม่ริม", 650],
        ["หมายเหตุ: 1/ รวมห้องสมุดเคลื่อนที่  * ข้อมูลเบื้องต้น"]]}))
    assert rows(store, "SELECT district, value FROM v_statistics ORDER BY 1") == [
        ("สารภี", 980.0), ("หางดง", 700.0), ("เมือง", 1250.0), ("แม่ริม", 650.0)]


@pytest.mark.parametrize("title, measure, unit", [
    ("อัตรากำลังครูและบุคลากรทางการศึกษา จำแนกตามอำเภอ ปีการศึกษา 2566", "staff", "persons"),  # a headcount
])
def test_a_rate_word_that_says_no_percent_is_no_percentage(store, tmp_path, title, measure, unit):
    """Found by a reviewer: 'อัตรา' opens a staff establishment; 42 teachers were stored as 42 %."""
    committed(store, workbook(tmp_path / "ตาราง.xlsx", {"Sheet1": [
        [title], ["อำเภอ", "ชาย", "หญิง"], ["เมือง", 12, 30], ["สารภี", 5, 8]]}))
    assert rows(store, "SELECT DISTINCT measure, unit FROM v_statistics") == [(measure, unit)]


@pytest.mark.parametrize("title, label", [
    ("อัตราส่วนนักเรียนต่อครู จำแนกตามจังหวัด", "อัตราส่วนนักเรียนต่อครู"),  # students per teacher
    ("อัตราการเกิด ต่อประชากร 1,000 คน จำแนกตามจังหวัด", "อัตราการเกิด ต่อประชากร 1,000 คน"),  # (the comma of 1,000)
])
def test_a_ratio_named_by_its_title_is_in_no_percent_and_counts_no_people(store, tmp_path, title, label):
    committed(store, workbook(tmp_path / "ตาราง.xlsx", {"Sheet1": [
        [title], ["จังหวัด", "2565", "2566"], ["เชียงใหม่", 20.5, 21.0], ["เชียงราย", 18.2, 19.1]]}))
    assert rows(store, "SELECT DISTINCT measure_label, unit FROM v_statistics") == [(label, None)]
    assert rows(store, "SELECT count(*) FROM v_statistics WHERE measure IN ('staff', 'population')") == [(0,)]


@pytest.mark.parametrize("header, measure, unit", [
    ("Visits per 1,000 population per year", "visits_per_1_000_population_per_year", None),
    ("งบประมาณต่อหัว (บาท)", "งบประมาณต่อหัว", "baht"),  # baht per head, never the budget
])
def test_a_ratio_in_a_column_is_never_the_count_it_divides(store, tmp_path, header, measure, unit):
    committed(store, workbook(tmp_path / "ห้องสมุด_2566.xlsx", {"Sheet1": [
        ["จังหวัด", header], ["เชียงใหม่", 200.5], ["เชียงราย", 100.2]]}))
    assert rows(store, "SELECT DISTINCT measure, unit FROM v_statistics") == [(measure, unit)]


@pytest.mark.parametrize("header, measure", [
    ("ประชากรที่อ่านหนังสือ (คน)", "ประชากรที่อ่านหนังสือ"),
    ("Population who read", "population_who_read"),
])
def test_people_narrowed_by_a_clause_are_not_the_whole_population(store, tmp_path, header, measure):
    """Stored as 'population', the readers were counted again beside all residents in every
    population-based indicator."""
    committed(store, workbook(tmp_path / "การอ่าน_2566.xlsx", {"Sheet1": [
        ["จังหวัด", "ประชากร (คน)", header], ["เชียงใหม่", 2000, 1500], ["เชียงราย", 1500, 1000]]}))
    assert rows(store, "SELECT measure, breakdown, sum(value) FROM v_statistics GROUP BY ALL ORDER BY 1") == sorted([
        ("population", None, 3500.0), (measure, None, 2500.0)])


def test_people_of_a_sex_or_an_age_are_still_the_population(store, tmp_path):
    committed(store, workbook(tmp_path / "ประชากร_2566.xlsx", {"Sheet1": [
        ["จังหวัด", "ประชากร (คน)", "ประชากรที่มีอายุ 60 ปีขึ้นไป (คน)"], ["เชียงใหม่", 2000, 500], ["เชียงราย", 1500, 400]]}))
    assert rows(store, "SELECT DISTINCT measure, age_min FROM v_statistics ORDER BY 2 NULLS FIRST") == [
        ("population", None), ("population", 60)]


def test_students_who_study_further_are_no_ratio_and_no_second_count_of_students(store, tmp_path):
    committed(store, workbook(tmp_path / "นักเรียน_2566.xlsx", {"Sheet1": [
        ["จังหวัด", "นักเรียน (คน)", "นักเรียนที่ศึกษาต่อ (คน)"], ["เชียงใหม่", 200, 150], ["เชียงราย", 100, 60]]}))
    assert rows(store, "SELECT measure, unit, breakdown, sum(value) FROM v_statistics GROUP BY ALL ORDER BY 1") == [
        ("students", "persons", None, 300.0), ("นักเรียนที่ศึกษาต่อ", "persons", None, 210.0)]


def test_a_count_and_its_share_under_a_title_naming_the_share(store, tmp_path):
    """'จำนวน | ร้อยละ' under 'ร้อยละของประชากรที่อ่านหนังสือ': the count of the readers in persons and
    their share in %; they were stored as measures called 'จำนวน' and 'ร้อยละ'."""
    committed(store, workbook(tmp_path / "การอ่าน_2566.xlsx", {"Sheet1": [
        ["ร้อยละของประชากรที่อ่านหนังสือ จำแนกตามจังหวัด"], ["จังหวัด", "จำนวน", "ร้อยละ"],
        ["เชียงใหม่", 2000, 70.5], ["เชียงราย", 1500, 60.2]]}))
    assert rows(store, "SELECT measure, unit, sum(value) FROM v_statistics GROUP BY ALL ORDER BY 1") == [
        ("ประชากรที่อ่านหนังสือ", "persons", 3500.0), ("ร้อยละของประชากรที่อ่านหนังสือ", "%", 130.7)]


def test_a_footnote_mark_that_tells_two_rows_apart_stays_in_their_names(store, tmp_path):
    committed(store, workbook(tmp_path / "ห้องสมุด.xlsx", {"Sheet1": [
        ["จำนวนห้องสมุด ปี 2566"], ["อำเภอ", "ห้องสมุด (แห่ง)"], ["เมืองเชียงใหม่", 10], ["เมืองเชียงใหม่ 1/", 3],
        ["สารภี 2/", 4], ["หมายเหตุ 1/ เทศบาลนครเชียงใหม่ 2/ ข้อมูลเบื้องต้น"]]}))
    assert rows(store, "SELECT district, value, unit FROM v_statistics ORDER BY 1") == [
        ("สารภี", 4.0, "places"), ("เมืองเชียงใหม่", 10.0, "places"), ("เมืองเชียงใหม่ 1/", 3.0, "places")]


@pytest.mark.parametrize("area_header, notes_header", [("เขตการปกครอง", "ข้อสังเกต"), ("อำเภอ", "คำอธิบาย")])
def test_an_area_column_by_another_name_and_a_column_of_remarks(store, tmp_path, area_header, notes_header):
    """'ข้อสังเกต' (remarks) of dashes and one number became a statistic; areas under 'เขตการปกครอง' were
    stored as categories of no area."""
    committed(store, workbook(tmp_path / "ห้องสมุด.xlsx", {"Sheet1": [
        ["จำนวนห้องสมุด ปี 2566"], [area_header, "ห้องสมุด (แห่ง)", notes_header],
        ["เมือง", 10, "-"], ["สารภี", 4, "-"], ["หางดง", 4, 2], ["แม่ริม", 5, "-"]]}))
    assert rows(store, "SELECT measure, district, breakdown, value FROM v_statistics ORDER BY 2") == [
        ("ห้องสมุด", d, None, v) for d, v in sorted([("เมือง", 10.0), ("สารภี", 4.0), ("หางดง", 4.0), ("แม่ริม", 5.0)])]


@pytest.mark.parametrize("header, measure, age", [
    ("Per cent of adults who read", "per_cent_of_adults_who_read", 18),
    ("ร้อยละของผู้สูงอายุที่ใช้อินเทอร์เน็ต", "ร้อยละของผู้สูงอายุที่ใช้อินเทอร์เน็ต", 60),
])
def test_a_share_its_header_names_needs_no_title(store, tmp_path, header, measure, age):
    """No known measure in the header ('adults', 'ผู้สูงอายุ' are ages, kept as whose share it is): the
    sheet was refused as saying nothing of what its figures count."""
    committed(store, workbook(tmp_path / "การอ่าน_2566.xlsx", {"Sheet1": [
        ["จังหวัด", header], ["เชียงใหม่", 70.5], ["เชียงราย", 60.2]]}))
    assert rows(store, "SELECT DISTINCT measure, unit, age_min FROM v_statistics") == [(measure, "%", age)]


@pytest.mark.parametrize("table, expected", [
    ([["ปี", "เดือน", "ผู้ใช้บริการ (คน)"], [2566, "มกราคม", 100], [2566, "กุมภาพันธ์", 120], [2567, "มกราคม", 130]],
     [("2023-01-01", 2023, 100.0), ("2023-02-01", 2023, 120.0), ("2024-01-01", 2024, 130.0)]),
    # a fiscal year's October is the October before: counted in its calendar year, its fiscal year kept
    ([["ปีงบประมาณ", "เดือน", "ผู้ใช้บริการ (คน)"], [2567, "ตุลาคม", 100], [2567, "มกราคม", 90]],
     [("2023-10-01", 2023, 100.0), ("2024-01-01", 2024, 90.0)]),
    ([["สถิติผู้ใช้บริการห้องสมุด ปีงบประมาณ 2567"], ["เดือน", "ผู้ใช้บริการ (คน)"], ["ต.ค.", 100], ["ม.ค.", 50],
      ["รวม", 150]], [("2023-10-01", 2023, 100.0), ("2024-01-01", 2024, 50.0)]),
    # months down, years across
    ([["เดือน", "2565", "2566"], ["มกราคม", 100, 110], ["กุมภาพันธ์", 120, 130], ["รวม", 220, 240]],
     [("2022-01-01", 2022, 100.0), ("2022-02-01", 2022, 120.0), ("2023-01-01", 2023, 110.0),
      ("2023-02-01", 2023, 130.0)]),
])
def test_months_down_the_rows_are_each_rows_month_never_a_breakdown(store, tmp_path, table, expected):
    titled = table if len(table[0]) == 1 else [["สถิติผู้ใช้บริการห้องสมุด"], *table]
    committed(store, workbook(tmp_path / "ห้องสมุด.xlsx", {"Sheet1": titled}))
    assert rows(store, "SELECT strftime(period_start, '%Y-%m-%d'), year, value FROM v_statistics "
                       "WHERE period_months = 1 AND breakdown IS NULL ORDER BY 1") == expected
    assert rows(store, "SELECT count(*) FROM v_statistics") == [(len(expected),)]


def test_a_month_column_holding_something_else_is_refused_with_its_cell(store, tmp_path):
    result = ingest_files(store, [workbook(tmp_path / "ห้องสมุด.xlsx", {"Sheet1": [
        ["สถิติผู้ใช้บริการห้องสมุด"], ["ปี", "เดือน", "ผู้ใช้บริการ (คน)"], [2566, "มกราคม", 100],
        [2566, "กุมภาพันธ์", 120], [2566, "มีนาคม", 90], [2566, "เดือนที่สิบสาม", 5]]})], "Office")
    assert result.status == "refused"
    bad = [(p.code, p.row, p.column) for plan in result.plans for p in plan.problems if p.code == "bad_date"]
    assert bad == [("bad_date", 6, "เดือน")]


def test_a_place_written_in_thai_and_english_is_the_place_of_a_file_writing_it_once(store, tmp_path):
    for year, rows_of in ((2565, [["กระบี่ Krabi", 10], ["Chiang Mai (เชียงใหม่)", 20], ["เมือง Mueang", 5]]),
                          (2566, [["กระบี่", 11], ["เชียงใหม่", 22], ["เมือง", 6]])):
        committed(store, workbook(tmp_path / f"{year}.xlsx", {"Sheet1": [
            [f"จำนวนห้องสมุด ปี {year}"], ["จังหวัด", "ห้องสมุด (แห่ง)"], *rows_of]}))
    assert rows(store, "SELECT district, list(value ORDER BY year) FROM v_statistics GROUP BY 1 ORDER BY 1") == [
        ("กระบี่", [10.0, 11.0]), ("เชียงใหม่", [20.0, 22.0]), ("เมือง", [6.0]), ("เมือง Mueang", [5.0])]


REGISTER = ["ลำดับ", "ชื่อโครงการ", "วันที่จัด", "ผู้เข้าร่วม (คน)"]


@pytest.mark.parametrize("narrower, participation, outcomes", [
    ("ผู้เข้าร่วมที่ผ่านการอบรม (คน)", [("total", 50.0)], [("completed", 43.0)]),  # was ignored as a duplicate
    ("ผู้เข้าร่วมที่เป็นผู้สูงอายุ (คน)", [("age", 43.0), ("total", 50.0)], []),  # was ignored as a duplicate
])
def test_a_register_column_of_some_of_the_participants_is_no_second_column_of_all(store, tmp_path, narrower,
                                                                                participation, outcomes):
    committed(store, workbook(tmp_path / "ทะเบียน_2566.xlsx", {"Sheet1": [
        ["ทะเบียนกิจกรรม ปี 2566"], [*REGISTER, narrower],
        [1, "อบรมคอมพิวเตอร์", "10/01/2566", 30, 25], [2, "อบรมภาษาอังกฤษ", "12/02/2566", 20, 18]]}))
    assert rows(store, "SELECT dimension, sum(value) FROM v_participation GROUP BY 1 ORDER BY 1") == participation
    assert rows(store, "SELECT measure, sum(value) FROM v_outcomes GROUP BY 1") == outcomes


def test_a_register_with_only_some_of_the_participants_is_asked_about_or_read_as_all(store, tmp_path):
    """A lone 'ผู้เข้าร่วมที่ลงทะเบียน (คน)' is the register's participants; 'ผู้เข้าร่วมที่พิการ (คน)' beside
    all the participants is asked about, never dropped."""
    committed(store, workbook(tmp_path / "ทะเบียน_2566.xlsx", {"Sheet1": [
        ["ทะเบียนกิจกรรม ปี 2566"], ["ลำดับ", "ชื่อโครงการ", "วันที่จัด", "ผู้เข้าร่วมที่ลงทะเบียน (คน)"],
        [1, "อบรมคอมพิวเตอร์", "10/01/2566", 30], [2, "อบรมภาษาอังกฤษ", "12/02/2566", 20]]}))
    assert rows(store, "SELECT sum(value) FROM v_participation WHERE dimension = 'total'") == [(50.0,)]
    result = ingest_files(store, [workbook(tmp_path / "ทะเบียน2_2566.xlsx", {"Sheet1": [
        ["ทะเบียนกิจกรรม ปี 2566"], [*REGISTER, "ผู้เข้าร่วมที่พิการ (คน)"],
        [1, "อบรมทำขนม", "10/03/2566", 30, 2], [2, "อบรมตัดผม", "12/04/2566", 20, 1]]})], "Office")
    assert result.status == "refused"
    assert "numbers_unplaced" in {said.code for said in result.plans[0].sheets[0].review}


# -- found by a reviewer attacking the rules above ------------------------------------------------------------
@pytest.mark.parametrize("title, header, count, share", [
    ("จำนวนและร้อยละของนักเรียนที่มีน้ำหนักเกินเกณฑ์ จำแนกตามจังหวัด", ["จังหวัด", "จำนวน (คน)", "ร้อยละ"],
     "นักเรียนที่มีน้ำหนักเกินเกณฑ์", "ร้อยละของนักเรียนที่มีน้ำหนักเกินเกณฑ์"),
    ("Number and percentage of students who are overweight, by province", ["Province", "Number", "Percent"],
     "students_who_are_overweight", "percentage_of_students_who_are_overweight"),
    ("ร้อยละของประชากร จำแนกตามจังหวัด", ["จังหวัด", "จำนวน", "ร้อยละ"], "population", "ร้อยละของประชากร"),
])
def test_a_count_and_its_share_named_together_by_the_title(store, tmp_path, title, header, count, share):
    """'ร้อยละ' under 'จำนวนและร้อยละของนักเรียน…' was stored as students in %: a population-based
    indicator would have added the percentages to the people."""
    committed(store, workbook(tmp_path / "ตาราง_2566.xlsx", {"Sheet1": [
        [title], header, ["เชียงใหม่", 200, 12.5], ["เชียงราย", 100, 10.0]]}))
    assert rows(store, "SELECT measure, unit, sum(value) FROM v_statistics GROUP BY ALL ORDER BY 2 DESC") == [
        (count, "persons", 300.0), (share, "%", 22.5)]


def test_a_ratio_headed_only_as_one_under_its_title_is_the_titles_ratio(store, tmp_path):
    committed(store, workbook(tmp_path / "ตาราง_2566.xlsx", {"Sheet1": [
        ["อัตราส่วนนักเรียนต่อครู จำแนกตามจังหวัด"], ["จังหวัด", "อัตราส่วน"], ["เชียงใหม่", 20.5], ["เชียงราย", 18.0]]}))
    assert rows(store, "SELECT DISTINCT measure, unit FROM v_statistics") == [("อัตราส่วนนักเรียนต่อครู", None)]


@pytest.mark.parametrize("header", ["ร้อยละของผู้ใช้บริการที่พึงพอใจต่อการให้บริการ",  # ต่อ: "towards"
                                    "ร้อยละการเพิ่มขึ้นของประชากรต่อปี", "ร้อยละของผู้ใช้บริการต่อประชากรทั้งหมด"])
def test_a_share_that_says_percent_stays_in_percent_whatever_follows(store, tmp_path, header):
    committed(store, workbook(tmp_path / "ตาราง_2566.xlsx", {"Sheet1": [
        ["จังหวัด", header], ["เชียงใหม่", 80.5], ["เชียงราย", 70.1]]}))
    assert rows(store, "SELECT DISTINCT unit FROM v_statistics") == [("%",)]


@pytest.mark.parametrize("header, sex", [("ประชากรที่มีชื่ออยู่ในทะเบียนบ้าน (คน)", None),  # DOPA's whole population
                                         ("ประชากรที่เป็นผู้หญิง (คน)", "female")])
def test_the_house_register_and_a_sex_narrow_no_population(store, tmp_path, header, sex):
    committed(store, workbook(tmp_path / "ประชากร_2566.xlsx", {"Sheet1": [
        ["จังหวัด", header], ["เชียงใหม่", 8000], ["เชียงราย", 7000]]}))
    assert rows(store, "SELECT DISTINCT measure, sex FROM v_statistics") == [("population", sex)]


def test_older_people_counted_beside_their_share_are_stored_not_dropped(store, tmp_path):
    """'ผู้สูงอายุ (คน)' (a register's target-group field) was dropped without a word once its share
    beside it was read."""
    committed(store, workbook(tmp_path / "ผู้สูงอายุ_2566.xlsx", {"Sheet1": [
        ["อำเภอ", "ผู้สูงอายุ (คน)", "ร้อยละของผู้สูงอายุ"], ["เมือง", 8000, 18.5], ["สารภี", 7000, 20.1]]}))
    assert rows(store, "SELECT measure, unit, age_min, sum(value) FROM v_statistics GROUP BY ALL ORDER BY 2 DESC") == [
        ("ผู้สูงอายุ", "persons", 60, 15000.0), ("ร้อยละของผู้สูงอายุ", "%", 60, 38.6)]


@pytest.mark.parametrize("subtotals", [False, True])
def test_villages_of_the_same_name_under_two_tambons_are_asked_about(store, tmp_path, subtotals):
    table = [["พื้นที่", "ชาย", "หญิง"], ["ตำบลยางเนิ้ง", None, None], ["หมู่ที่ 1", 100, 100], ["หมู่ที่ 2", 50, 50],
             ["ตำบลชมภู", None, None], ["หมู่ที่ 1", 600, 650], ["หมู่ที่ 2", 10, 10]]
    if subtotals:
        table[1][1:], table[4][1:] = [150, 150], [610, 660]
    result = ingest_files(store, [workbook(tmp_path / "ประชากร_2566.xlsx", {"Sheet1": [["ประชากร ปี 2566"], *table]})],
                          "Office")
    assert result.status == "refused"
    assert "areas_of_two_levels" in {said.code for said in result.plans[0].sheets[0].review}


def test_a_footnote_mark_on_another_years_row_is_no_other_area(store, tmp_path):
    committed(store, workbook(tmp_path / "ห้องสมุด.xlsx", {"Sheet1": [
        ["จำนวนห้องสมุด"], ["ปี", "อำเภอ", "ห้องสมุด (แห่ง)"], [2565, "หางดง", 50], [2566, "หางดง 1/", 52],
        [2566, "สารภี", 5], ["หมายเหตุ 1/ ข้อมูลเบื้องต้น"]]}))
    assert rows(store, "SELECT district, year, value FROM v_statistics ORDER BY 1, 2") == [
        ("สารภี", 2023, 5.0), ("หางดง", 2022, 50.0), ("หางดง", 2023, 52.0)]


def test_people_narrowed_in_the_title_are_not_the_population(store, tmp_path):
    committed(store, workbook(tmp_path / "การอ่าน.xlsx", {"Sheet1": [
        ["จำนวนประชากรที่อ่านหนังสือ จำแนกตามจังหวัด ปี 2566"], ["จังหวัด", "ชาย", "หญิง", "รวม"],
        ["เชียงใหม่", 100, 120, 220], ["เชียงราย", 50, 60, 110]]}))
    assert rows(store, "SELECT DISTINCT measure, unit FROM v_statistics") == [("ประชากรที่อ่านหนังสือ", "persons")]


@pytest.mark.parametrize("header, measure, age", [
    ("ประชากรอายุ 6 ปีขึ้นไปที่อ่านหนังสือ (คน)", "ประชากรอายุ_6_ปีขึ้นไปที่อ่านหนังสือ", 6),
    ("Population aged 15 and over who can read", "population_aged_15_and_over_who_can_read", 15),
])
def test_people_of_an_age_narrowed_by_a_clause_are_not_that_age_band(store, tmp_path, header, measure, age):
    committed(store, workbook(tmp_path / "การอ่าน_2566.xlsx", {"Sheet1": [
        ["จังหวัด", "ประชากร (คน)", header], ["เชียงใหม่", 1000, 700], ["เชียงราย", 500, 300]]}))
    assert rows(store, "SELECT measure, age_min, sum(value) FROM v_statistics GROUP BY ALL ORDER BY 3 DESC") == [
        ("population", None, 1500.0), (measure, age, 1000.0)]


@pytest.mark.parametrize("title, measure, unit", [
    ("งบประมาณต่อหัวประชากร (บาท) จำแนกตามจังหวัด", "งบประมาณต่อหัวประชากร", "baht"),
    ("งบประมาณเฉลี่ยต่อคน จำแนกตามจังหวัด", "งบประมาณเฉลี่ยต่อคน", None),
    ("Budget per head by province", "budget_per_head", None),
    ("จำนวนนักเรียนต่อห้องเรียน จำแนกตามจังหวัด", "นักเรียนต่อห้องเรียน", None),
])
def test_a_title_naming_a_ratio_of_a_known_measure_is_that_ratio_never_the_measure(store, tmp_path, title, measure,
                                                                                  unit):
    """A per-head budget in the title was stored as the budget (summed, each province's baht per head
    became money spent), and students per classroom as students."""
    committed(store, workbook(tmp_path / "ตาราง.xlsx", {"Sheet1": [[title], ["จังหวัด", "2564", "2565"],
                                                                   ["เชียงใหม่", 20.5, 21.0], ["เชียงราย", 18.0, 19.5]]}))
    assert rows(store, "SELECT DISTINCT measure, unit FROM v_statistics") == [(measure, unit)]
    assert rows(store, "SELECT year, value FROM v_statistics WHERE district = 'เชียงราย' ORDER BY 1") == [
        (2021, 18.0), (2022, 19.5)]


@pytest.mark.parametrize("title, measure, label, unit", [
    ("งบประมาณต่อปี (บาท) จำแนกตามจังหวัด", "budget", "งบประมาณ", "baht"),  # label was "งบประมาณต่อบาท"
    ("สถิติการรับแจ้งคดีประทุษร้ายต่อทรัพย์ จำแนกตามจังหวัด", "cases_reported",  # ต่อ: "against"
     "สถิติการรับแจ้งคดีประทุษร้ายต่อทรัพย์", "cases"),
])
def test_a_count_in_each_year_or_against_something_is_no_ratio(store, tmp_path, title, measure, label, unit):
    committed(store, workbook(tmp_path / "ตาราง.xlsx", {"Sheet1": [
        [title], ["จังหวัด", "2564", "2565"], ["เชียงใหม่", 2000, 2100]]}))
    assert rows(store, "SELECT DISTINCT measure, measure_label, unit FROM v_statistics") == [(measure, label, unit)]


def test_a_count_headed_only_as_a_count_under_its_title_is_named_by_the_title(store, tmp_path):
    committed(store, workbook(tmp_path / "ตาราง.xlsx", {"Sheet1": [
        ["อัตราส่วนนักเรียนต่อครู จำแนกตามจังหวัด พ.ศ. 2565"], ["จังหวัด", "จำนวน"], ["เชียงใหม่", 20], ["เชียงราย", 18]]}))
    assert rows(store, "SELECT DISTINCT measure, measure_label, unit FROM v_statistics") == [
        ("อัตราส่วนนักเรียนต่อครู", "อัตราส่วนนักเรียนต่อครู", None)]


def test_a_count_and_its_share_under_each_year_of_a_title_naming_the_share(store, tmp_path):
    """Years over 'จำนวน | ร้อยละ': the counts were taken for the title's share and refused as above 100 %."""
    committed(store, workbook(tmp_path / "การอ่าน.xlsx", {"Sheet1": [
        ["ร้อยละของประชากรที่อ่านหนังสือ จำแนกตามจังหวัด"], ["จังหวัด", "2563", "", "2564", ""],
        ["", "จำนวน", "ร้อยละ", "จำนวน", "ร้อยละ"], ["เชียงใหม่", 700, 70.1, 750, 75.3], ["เชียงราย", 650, 65.0, 692, 69.2]]}))
    assert rows(store, "SELECT measure, unit, year, sum(value) FROM v_statistics GROUP BY ALL ORDER BY 2 DESC, 3") == [
        ("ประชากรที่อ่านหนังสือ", "persons", 2020, 1350.0), ("ประชากรที่อ่านหนังสือ", "persons", 2021, 1442.0),
        ("ร้อยละของประชากรที่อ่านหนังสือ", "%", 2020, 135.1), ("ร้อยละของประชากรที่อ่านหนังสือ", "%", 2021, 144.5)]


@pytest.mark.parametrize("count", ["จำนวน", "จำนวน (คน)", "Number"])
def test_a_bare_count_beside_its_share_is_the_titles_measure(store, tmp_path, count):
    """'จำนวน | ร้อยละ' under 'จำนวนประชากร': the count was stored as a measure named จำนวน, no population."""
    committed(store, workbook(tmp_path / "ประชากร_2567.xlsx", {"Sheet1": [
        ["จำนวนประชากร พ.ศ. 2567"], ["อำเภอ", count, "ร้อยละ"], ["เมือง", 1000, 66.67], ["สารภี", 500, 33.33]]}))
    assert rows(store, "SELECT measure, unit, sum(value) FROM v_statistics GROUP BY 1, 2 ORDER BY 1") == [
        ("population", "persons", 1500.0), ("ร้อยละ", "%", 100.0)]
