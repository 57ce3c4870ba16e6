"""A register grouped under area headings ("อำเภอแม่ริม" alone on a row above its activities): each
activity takes the heading's area as its district, and the heading is no activity."""
from __future__ import annotations

from conftest import make_xlsx as workbook
from conftest import rows

from indicators.ingest.commit import ingest_files

HEADER = ["ชื่อกิจกรรม", "วันที่", "ผู้เข้าร่วม (คน)"]


def test_activities_under_area_headings_take_the_heading_as_their_district(store, tmp_path):
    """The headings were refused as activities with no date."""
    result = ingest_files(store, [workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        HEADER, ["อำเภอเมือง", None, None], ["อบรม ก", "1/2/2567", 30], ["อบรม ข", "5/2/2567", 20],
        ["อำเภอแม่ริม", None, None], ["อบรม ค", "9/3/2567", 25], ["อบรม ง", "9/3/2567", 15]]})], "Office")
    assert result.status == "committed", [(p.code, p.message_en) for p in result.problems]
    assert rows(store, "SELECT title, district, source_row FROM v_activities ORDER BY source_row") == [
        ("อบรม ก", "อำเภอเมือง", 3), ("อบรม ข", "อำเภอเมือง", 4), ("อบรม ค", "อำเภอแม่ริม", 6),
        ("อบรม ง", "อำเภอแม่ริม", 7)]
    assert rows(store, "SELECT district, sum(value) FROM v_participation GROUP BY 1 ORDER BY 1") == [
        ("อำเภอเมือง", 50.0), ("อำเภอแม่ริม", 40.0)]
    sheet = result.plans[0].sheets[0]
    assert [(d["row"], d["reason"]) for d in sheet.dropped_rows if d["reason"] == "register_heading"] == [
        (2, "register_heading"), (5, "register_heading")]
    assert "district_from_heading" in {p.code for p in result.problems}


def test_a_numbered_register_under_headings_keeps_each_heading_out_of_the_titles(store, tmp_path):
    """With a number column, the unnumbered headings were read as a second line of the record above."""
    result = ingest_files(store, [workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        ["ลำดับ", *HEADER], [None, "อำเภอเมือง", None, None], [1, "อบรม ก", "1/2/2567", 30],
        [None, "อำเภอแม่ริม", None, None], [2, "อบรม ข", "5/2/2567", 20],
        [None, "อำเภอสารภี", None, None], [3, "อบรม ค", "9/3/2567", 25]]})], "Office")
    assert result.status == "committed", [(p.code, p.message_en) for p in result.problems]
    assert rows(store, "SELECT title, district FROM v_activities ORDER BY source_row") == [
        ("อบรม ก", "อำเภอเมือง"), ("อบรม ข", "อำเภอแม่ริม"), ("อบรม ค", "อำเภอสารภี")]


def test_a_second_line_naming_an_amphoe_in_a_register_without_headings_is_no_heading(store, tmp_path):
    """A register that does not begin with a heading has none: the amphoe row is not read as one."""
    result = ingest_files(store, [workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        HEADER, ["อบรม ก", "1/2/2567", 30], ["อำเภอแม่ริม", None, None], ["อบรม ข", "5/2/2567", 20]]})], "Office")
    assert result.status == "refused"
    assert rows(store, "SELECT count(*) FROM activities") == [(0,)]


def test_a_heading_in_the_district_column_fills_the_blank_districts_below_it(store, tmp_path):
    """A numbered register with its zone written once in the district column: the unnumbered heading was
    read as the last line of the record above, moving the next zone onto it and leaving the rest blank."""
    result = ingest_files(store, [workbook(tmp_path / "register_2567.xlsx", {"Sheet1": [
        ["ลำดับ", "ชื่อกิจกรรม", "เขต", "วันที่", "จำนวนผู้เข้าร่วม"], [None, None, "เขตเหนือ"],
        [1, "อบรม ก", None, "1/2/2567", 30], [2, "อบรม ค", None, "3/2/2567", 20], [None, None, "เขตใต้"],
        [3, "อบรม ข", None, "15/1/2567", 40], [4, "อบรม ง", "เขตกลาง", "16/1/2567", 40]]})], "Office")
    assert result.status == "committed", [(p.code, p.message_en) for p in result.problems]
    assert rows(store, "SELECT title, district FROM v_activities ORDER BY source_row") == [
        ("อบรม ก", "เขตเหนือ"), ("อบรม ค", "เขตเหนือ"), ("อบรม ข", "เขตใต้"), ("อบรม ง", "เขตกลาง")]
