"""Ordinary office tables a tester found refused: two-digit Buddhist-era years over the columns, a library's
"ผู้เข้าใช้" (users) for its visits, and a row of people whose age is not known in an age table."""
from __future__ import annotations

import openpyxl
from conftest import rows

from indicators.ingest.commit import ingest_files


def _book(path, rows_):
    book = openpyxl.Workbook()
    for row in rows_:
        book.active.append(row)
    book.save(path)
    return path


def test_two_digit_buddhist_years_over_the_columns_are_those_years(store, tmp_path):
    path = _book(tmp_path / "households.xlsx", [
        ["จำนวนครัวเรือน รายอำเภอ จังหวัดพะเยา"], ["อำเภอ", "ปี 65", "ปี 66", "ปี 67"],
        ["เมืองพะเยา", 45000, 45500, 46010], ["จุน", 16000, 16100, 16230]])
    outcome = ingest_files(store, [path], "Phayao")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert set(rows(store, "SELECT district, year, value FROM statistics")) == {
        ("เมืองพะเยา", 2022, 45000.0), ("เมืองพะเยา", 2023, 45500.0), ("เมืองพะเยา", 2024, 46010.0),
        ("จุน", 2022, 16000.0), ("จุน", 2023, 16100.0), ("จุน", 2024, 16230.0)}


def test_a_librarys_users_are_its_visits(store, tmp_path):
    path = _book(tmp_path / "library.xlsx", [
        ["สถิติผู้เข้าใช้ห้องสมุดเทศบาล รายเดือน"], ["เดือน", "2566", "2567"],
        ["มกราคม", 500, 530], ["กุมภาพันธ์", 520, 540], ["รวม", 1020, 1070]])
    outcome = ingest_files(store, [path], "Town")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert set(rows(store, "SELECT measure, year, sum(value) FROM statistics GROUP BY ALL")) == {
        ("visits", 2023, 1020.0), ("visits", 2024, 1070.0)}


def test_people_of_no_known_age_are_a_part_never_all_ages(store, tmp_path):
    path = _book(tmp_path / "population.xlsx", [
        ["จำนวนประชากรจำแนกตามอายุและเพศ อำเภอปัว จังหวัดน่าน ณ 31 ธันวาคม 2566"], ["อายุ", "ชาย", "หญิง", "รวม"],
        ["0-14", 3300, 3150, 6450], ["15-59", 15000, 15200, 30200], ["60 ปีขึ้นไป", 4800, 5600, 10400],
        ["ไม่ทราบอายุ", 20, 10, 30], ["รวม", 23120, 23960, 47080]])
    outcome = ingest_files(store, [path], "Nan")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert rows(store, "SELECT sex, age_min, age_max, value, breakdown FROM statistics WHERE breakdown IS NOT NULL "
                       "ORDER BY value") == [("female", None, None, 10.0, "ไม่ทราบอายุ"),
                                             ("male", None, None, 20.0, "ไม่ทราบอายุ"), (None, None, None, 30.0, "ไม่ทราบอายุ")]
    # every person once: the age groups and those of no known age make the table's total
    assert rows(store, "SELECT sum(value) FROM statistics WHERE sex IS NULL") == [(47080.0,)]


def test_households_are_counted_in_households_not_families(store, tmp_path):
    path = _book(tmp_path / "households.xlsx", [
        ["จำนวนครัวเรือน จำแนกตามอำเภอ ปี 2567"], ["อำเภอ", "จำนวนครัวเรือน"], ["เมือง", 45000], ["จุน", 16000]])
    outcome = ingest_files(store, [path], "Phayao")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert set(rows(store, "SELECT DISTINCT unit FROM statistics")) == {("households",)}
