"""End-to-end ingest of messy Thai workbooks: exact totals, dropped rows, all-or-nothing writes."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import THAI_ROWS, make_xlsx, table_snapshot, thai_activities_workbook

from indicators.base.errors import ReadError, ValidationRefused
from indicators.ingest import commit_plans, ingest_files, plan_file
from indicators.store import rollback_upload

CITY = "Test City"


def figures(con, city=CITY) -> dict:
    row = con.execute(
        """
        SELECT (SELECT sum(events) FROM v_activities WHERE city = $city),
               (SELECT sum(value) FROM v_participation WHERE city = $city AND dimension = 'total'),
               (SELECT sum(value) FROM v_participation WHERE city = $city AND category = 'female'),
               (SELECT sum(value) FROM v_participation WHERE city = $city AND category = 'male'),
               (SELECT sum(hours) FROM v_activities WHERE city = $city)
        """, {"city": city}).fetchone()
    return dict(zip(["activities", "participants", "female", "male", "hours"], row))


def test_thai_workbook_exact_totals(con, tmp_path):
    path = thai_activities_workbook(tmp_path / "activities_2567.xlsx")
    outcome = ingest_files(con, [path], CITY)
    assert outcome.status == "committed", [p.message_en for p in outcome.problems if p.severity == "error"]
    assert figures(con) == {"activities": 8, "participants": 1374, "female": 1325, "male": 49, "hours": 30}
    sheet = outcome.plans[0].sheets[0]
    assert sheet.kind == "activities"
    assert sheet.header_rows == [4, 5]
    assert sheet.rows_kept == len(THAI_ROWS)
    assert sheet.dropped == {"totals": 1, "footnote": 1}
    fields = {c["header"]: c["field"] for c in sheet.columns}
    assert fields["จำนวนผู้เข้าร่วม (คน) / ชาย"] == "participants_male"
    assert fields["จำนวนผู้เข้าร่วม (คน) / รวม"] == "participants_total"


def test_dates_in_every_form_become_ce_dates_and_fiscal_years(con, tmp_path):
    ingest_files(con, [thai_activities_workbook(tmp_path / "a.xlsx")], CITY)
    rows = dict(con.execute("SELECT activity_code, event_date FROM v_activities").fetchall())
    assert rows == {"A-001": date(2024, 1, 15), "A-002": date(2024, 2, 3), "A-003": date(2024, 3, 15),
                    "A-004": date(2024, 10, 1), "A-005": date(2024, 1, 15)}
    fiscal = dict(con.execute("SELECT fiscal_year, sum(events) FROM v_activities GROUP BY 1").fetchall())
    assert fiscal == {2024: 7, 2025: 1}


def test_missing_is_not_zero(con, tmp_path):
    ingest_files(con, [thai_activities_workbook(tmp_path / "a.xlsx")], CITY)
    older = con.execute(
        "SELECT activity_key, value FROM v_participation WHERE category = 'older_adults' ORDER BY 1").fetchall()
    assert dict(older) == {"A-001": 5, "A-002": 0, "A-004": 2, "A-005": 10}  # A-003 said ไม่ระบุ: missing


def test_blank_figures_are_counted_and_named_not_lost_in_silence(con):
    """A long table's rows with a blank or "n/a" figure store nothing: one note counts them and names their
    Excel rows, so the rows read (7) and the figures stored (4) differ by exactly what it says (a dash is a
    zero, as Thai tables write it, and is stored)."""
    text = ("district,year,sex,value\n" "เขตหนองจอก,2566,male,17.09\n" "เขตหนองจอก,2566,lgbt,\n"
            "เขตบางซื่อ,2566,male,13.64\n" "เขตบางซื่อ,2566,lgbt,n/a\n" "เขตบางรัก,2566,male,9.5\n"
            "เขตบางรัก,2566,lgbt,\n" "เขตบางรัก,2566,female,-\n")
    outcome = ingest_files(con, [("drinking_rate_2566.csv", text.encode())], CITY)
    assert outcome.status == "committed"
    assert outcome.plans[0].sheets[0].rows_kept == 7
    stored = con.execute("SELECT count(*), sum(value), count(*) FILTER (value = 0) FROM v_statistics").fetchone()
    assert stored[0] == 4 and stored[1] == pytest.approx(17.09 + 13.64 + 9.5) and stored[2] == 1
    notes = [p for p in outcome.problems if p.code == "blank_figures"]
    assert len(notes) == 1 and notes[0].severity == "info" and notes[0].value == "3"
    assert "rows 3, 5, 7" in notes[0].message_en and "แถวใน Excel 3, 5, 7" in notes[0].message_th


def test_linked_participants_sheet_takes_district_and_year_from_activity(con, tmp_path):
    activities = thai_activities_workbook(tmp_path / "activities.xlsx")
    ages = make_xlsx(tmp_path / "ages.xlsx", {"อายุ": [
        ["รหัสกิจกรรม", "อายุ 0-14 ปี", "อายุ 15-59 ปี", "อายุ 60 ปีขึ้นไป"],
        ["A-001", 5, 15, 5],
        ["A-003", 0, 40, 2],
        ["รวม", 5, 55, 7],
    ]})
    outcome = ingest_files(con, [activities, ages], CITY)
    assert outcome.status == "committed", [p.message_en for p in outcome.problems if p.severity == "error"]
    rows = con.execute(
        "SELECT activity_key, district, year, age_min, age_max, value FROM v_participation "
        "WHERE dimension = 'age' ORDER BY activity_key, age_min").fetchall()
    assert rows == [("A-001", "เขตเหนือ", 2024, 0, 14, 5), ("A-001", "เขตเหนือ", 2024, 15, 59, 15),
                    ("A-001", "เขตเหนือ", 2024, 60, None, 5), ("A-003", "เขตเหนือ", 2024, 0, 14, 0),
                    ("A-003", "เขตเหนือ", 2024, 15, 59, 40), ("A-003", "เขตเหนือ", 2024, 60, None, 2)]
    assert figures(con)["participants"] == 1374  # the age sheet adds no second total


def test_unknown_activity_code_refuses_everything(con, tmp_path):
    before = table_snapshot(con)
    ages = make_xlsx(tmp_path / "ages.xlsx", {"อายุ": [["รหัสกิจกรรม", "อายุ 60 ปีขึ้นไป"], ["Z-999", 4]]})
    outcome = ingest_files(con, [thai_activities_workbook(tmp_path / "a.xlsx"), ages], CITY)
    assert outcome.status == "refused"
    problem = next(p for p in outcome.problems if p.code == "unknown_activity_code")
    assert (problem.sheet, problem.row, problem.column, problem.value) == ("อายุ", 2, "รหัสกิจกรรม", "Z-999")
    assert "Z-999" in problem.message_th
    assert table_snapshot(con) == before


@pytest.mark.parametrize("bad_row, code, column", [
    (("B-1", "กิจกรรม", "อาชีพ", "เขตเหนือ", "1 ม.ค. 2567", 1, 2, 5, 5, -10, 0), "negative_count", "จำนวนผู้เข้าร่วม (คน) / รวม"),
    (("B-1", "กิจกรรม", "อาชีพ", "เขตเหนือ", "1 ม.ค. 2567", 1, 2, 8, 9, 10, 0), "sex_parts_exceed_total", "จำนวนผู้เข้าร่วม (คน) / หญิง"),
    (("B-1", "กิจกรรม", "อาชีพ", "เขตเหนือ", "1 ม.ค. 2567", 1, 2, "สิบ", 9, 10, 0), "not_a_number", "จำนวนผู้เข้าร่วม (คน) / ชาย"),
    (("B-1", "กิจกรรม", "อาชีพ", "เขตเหนือ", None, 1, 2, 1, 1, 2, 0), "missing_year", "วันที่จัดกิจกรรม"),
    (("B-1", "กิจกรรม", "อาชีพ", "เขตเหนือ", "1 ม.ค. 2480", 1, 2, 1, 1, 2, 0), "year_before_1950", "วันที่จัดกิจกรรม"),
    (("A-001", "ซ้ำ", "อาชีพ", "เขตเหนือ", "1 ม.ค. 2567", 1, 2, 1, 1, 2, 0), "duplicate_activity_code", "รหัสกิจกรรม"),
    ((None, None, None, "เขตเหนือ", "1 ม.ค. 2567", 1, 2, 1, 1, 2, 0), "missing_title", "ชื่อกิจกรรม"),
])
def test_bad_rows_are_refused_with_sheet_row_column(con, tmp_path, bad_row, code, column):
    before = table_snapshot(con)
    path = thai_activities_workbook(tmp_path / "bad.xlsx", rows=[*THAI_ROWS, bad_row])
    outcome = ingest_files(con, [path], CITY)
    assert outcome.status == "refused"
    found = [p for p in outcome.problems if p.code == code]
    assert found, [p.code for p in outcome.problems]
    assert (found[0].sheet, found[0].row, found[0].column) == ("กิจกรรม", 5 + len(THAI_ROWS) + 1, column)
    assert found[0].message_en and found[0].message_th
    assert table_snapshot(con) == before


def test_commit_refuses_a_plan_with_errors_and_writes_nothing(con, tmp_path):
    bad = thai_activities_workbook(tmp_path / "bad.xlsx", rows=[
        *THAI_ROWS, ("B-1", "x", "อาชีพ", "เขตเหนือ", "1 ม.ค. 2567", 1, 2, 5, 5, -10, 0)])
    plan = plan_file(bad, CITY, con)
    before = table_snapshot(con)
    with pytest.raises(ValidationRefused):
        commit_plans(con, [plan])
    assert table_snapshot(con) == before


def test_failure_while_writing_rolls_back_the_whole_batch(con, tmp_path, monkeypatch):
    from indicators.ingest import commit as ingest

    good = thai_activities_workbook(tmp_path / "a.xlsx")
    other = make_xlsx(tmp_path / "stats.xlsx", {"s": [["ปี", "เขต", "ตัวชี้วัด", "ค่า"], [2567, "เขตเหนือ", "ประชากร", 100]]})
    before = table_snapshot(con)
    real_write = ingest._write_plan
    calls = []

    def failing_write(con_, plan, *rest):
        calls.append(plan.file_name)
        real_write(con_, plan, *rest)
        if len(calls) == 2:
            raise RuntimeError("disk full")

    monkeypatch.setattr(ingest, "_write_plan", failing_write)
    with pytest.raises(RuntimeError):
        ingest_files(con, [good, other], CITY)
    assert table_snapshot(con) == before


def test_same_file_twice_is_not_double_counted(con, tmp_path):
    path = thai_activities_workbook(tmp_path / "a.xlsx")
    assert ingest_files(con, [path], CITY).status == "committed"
    again = ingest_files(con, [path], CITY)
    assert again.status == "refused"
    assert any(p.code == "duplicate_file" for p in again.problems)
    assert figures(con)["participants"] == 1374


def test_replacement_from_same_source_and_rollback(con, tmp_path):
    first = thai_activities_workbook(tmp_path / "activities_2567.xlsx")
    ingest_files(con, [first], CITY)
    changed = [(*row[:7], row[7], row[8], row[9], row[10]) for row in THAI_ROWS[:2]]
    second = thai_activities_workbook(tmp_path / "activities_2567 (1).xlsx", rows=changed)
    outcome = ingest_files(con, [second], CITY)
    assert outcome.status == "committed"
    assert figures(con)["participants"] == 25 + 1262  # 2024 now comes from the new file only
    rollback_upload(con, outcome.upload_ids[0])
    assert figures(con)["participants"] == 1374  # the old version is back


def test_cp874_csv(con, tmp_path):
    text = "ชื่อกิจกรรม,ปี,จำนวนผู้เข้าร่วม,เขต\nอบรมอาชีพ,2566,\"1,250\",เขตใต้\nวัฒนธรรมล้านนา,๒๕๖๗,๓๐,เขตเหนือ\nรวม,,1280,\n"
    path = tmp_path / "activities.csv"
    path.write_bytes(text.encode("cp874"))
    outcome = ingest_files(con, [path], CITY)
    assert outcome.status == "committed", [p.message_en for p in outcome.problems]
    by_year = dict(con.execute(
        "SELECT year, sum(value) FROM v_participation WHERE dimension='total' GROUP BY 1").fetchall())
    assert by_year == {2023: 1250, 2024: 30}
    titles = {r[0] for r in con.execute("SELECT title FROM v_activities").fetchall()}
    assert titles == {"อบรมอาชีพ", "วัฒนธรรมล้านนา"}


def test_wide_statistics_with_be_year_columns(con, tmp_path):
    path = make_xlsx(tmp_path / "population.xlsx", {"ประชากร": [
        ["จำนวนประชากร เมืองทดสอบ"],
        ["เขต", "ข้อมูล", 2565, 2566, "พ.ศ. 2567"],
        ["เขตเหนือ", "ประชากร", "30,000", 30500, 31000],
        ["เขตใต้", "ประชากร", 20000, 20100, 20200],
        ["เขตเหนือ", "ประชากรอายุ 60 ปีขึ้นไป", 5000, 5200, 5400],
        ["รวม", "ประชากร", 50000, 50600, 51200],
    ]})
    outcome = ingest_files(con, [path], CITY)
    assert outcome.status == "committed", [p.message_en for p in outcome.problems]
    totals = dict(con.execute(
        "SELECT year, sum(value) FROM v_statistics WHERE measure='population' AND age_min IS NULL GROUP BY 1").fetchall())
    assert totals == {2022: 50000, 2023: 50600, 2024: 51200}
    older = con.execute(
        "SELECT year, value FROM v_statistics WHERE age_min = 60 AND age_max IS NULL ORDER BY 1").fetchall()
    assert older == [(2022, 5000), (2023, 5200), (2024, 5400)]


def test_participant_list_becomes_counts_and_stores_no_personal_data(con, tmp_path):
    def valid_id(first12: str) -> str:
        check = (11 - sum(int(d) * (13 - i) for i, d in enumerate(first12)) % 11) % 10
        return first12 + str(check)

    ids = [valid_id(f"1{n:011d}") for n in range(1, 5)]
    path = make_xlsx(tmp_path / "register.xlsx", {"ลงทะเบียน": [
        ["ชื่อ-นามสกุล", "เลขประจำตัวประชาชน", "เพศ", "อายุ", "เบอร์โทร", "ชื่อกิจกรรม", "วันที่"],
        ["สมชาย ใจดี", ids[0], "ชาย", 65, "0812345678", "อบรมอาชีพ", "1 ก.พ. 2567"],
        ["สมหญิง ใจงาม", ids[1], "หญิง", 30, "0899999999", "อบรมอาชีพ", "1 ก.พ. 2567"],
        ["มานี มีนา", ids[2], "หญิง", 12, "0811111111", "อบรมอาชีพ", "1 ก.พ. 2567"],
        ["ปิติ ชูใจ", ids[3], "ชาย", 70, "0822222222", "อบรมอาชีพ", "1 ก.พ. 2567"],
    ]})
    outcome = ingest_files(con, [path], CITY)
    assert outcome.status == "committed", [p.message_en for p in outcome.problems]
    counts = {(d, c): v for d, c, v in con.execute(
        "SELECT dimension, category, sum(value) FROM v_participation GROUP BY ALL").fetchall()}
    assert counts[("total", None)] == 4
    assert counts[("sex", "female")] == 2 and counts[("sex", "male")] == 2
    assert counts[("age", "60+")] == 2 and counts[("age", "0-14")] == 1
    dump = repr([con.execute(f"SELECT * FROM {t}").fetchall()
                 for t in ("activities", "participation", "outcomes", "statistics", "problems", "uploads")])
    for secret in [*ids, "สมชาย", "0812345678"]:
        assert secret not in dump
    assert any(p.code == "participant_list" for p in outcome.problems)


def test_unreadable_file_raises_read_error_and_writes_nothing(con, tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"%PDF-1.4 not a spreadsheet")
    before = table_snapshot(con)
    with pytest.raises(ReadError) as error:
        ingest_files(con, [path], CITY)
    assert error.value.message_th
    assert table_snapshot(con) == before


def test_files_may_come_in_any_order(con, tmp_path):
    ages = make_xlsx(tmp_path / "ages.xlsx", {"อายุ": [["รหัสกิจกรรม", "อายุ 60 ปีขึ้นไป"], ["A-001", 5]]})
    outcome = ingest_files(con, [ages, thai_activities_workbook(tmp_path / "activities.xlsx")], CITY)
    assert outcome.status == "committed", [p.message_en for p in outcome.problems if p.severity == "error"]
    assert outcome.plans[0].sheets[0].years == [2024]
    assert con.execute("SELECT district FROM v_participation WHERE dimension = 'age'").fetchall() == [("เขตเหนือ",)]


ONE_ROW_HEADER = ["ชื่อกิจกรรม", "ประเภทกิจกรรม", "เขต", "วันที่จัดกิจกรรม", "ผู้เข้าร่วม ชาย", "ผู้เข้าร่วม หญิง"]


def test_total_after_the_sex_columns_in_one_header_row_is_the_participants_total(con, tmp_path):
    path = make_xlsx(tmp_path / "one_row.xlsx", {"กิจกรรม": [
        ONE_ROW_HEADER + ["รวม"],
        ["อ่านหนังสือ", "การอ่าน", "เขตเหนือ", "12/01/2567", 10, 15, 25],
        ["ฝึกอาชีพ", "อาชีพ", "เขตเหนือ", "05/03/2567", 5, 20, 15]]})  # 5 + 20 > 15
    outcome = ingest_files(con, [path], CITY)
    assert outcome.status == "refused"
    [error] = [p for p in outcome.problems if p.severity == "error"]
    assert (error.code, error.row) == ("sex_parts_exceed_total", 3)
    assert {c["header"]: c["field"] for c in outcome.plans[0].sheets[0].columns}["รวม"] == "participants_total"


def test_a_sex_not_stated_still_counts_the_other_in_the_total(con, tmp_path):
    path = make_xlsx(tmp_path / "unstated.xlsx", {"กิจกรรม": [
        ONE_ROW_HEADER,
        ["อ่านหนังสือ", "การอ่าน", "เขตเหนือ", "12/01/2567", 10, 15],
        ["อ่านให้ลูกฟัง", "การอ่าน", "เขตเหนือ", "10/04/2567", "ไม่ระบุ", 12]]})
    outcome = ingest_files(con, [path], CITY)
    assert outcome.status == "committed"
    assert figures(con)["participants"] == 37 and figures(con)["female"] == 27 and figures(con)["male"] == 10
    [warning] = [p for p in outcome.problems if p.code == "total_from_one_part"]
    assert (warning.severity, warning.row, warning.column, warning.value) == ("warning", 3, "ผู้เข้าร่วม ชาย", "ไม่ระบุ")
    assert "ไม่ได้ระบุ" in warning.message_th and "not stated" in warning.message_en
