"""One district, one spelling: the same place written with or without its level word (อ., อำเภอ, แขวง,
Amphoe) is one district, in one file and across uploads; places of different levels are never merged."""
from __future__ import annotations

import pytest
from conftest import make_xlsx as workbook
from conftest import rows

from indicators.ingest.commit import ingest_files
from indicators.ingest.district_spellings import spelling_key


def _register(path, districts, people=(30, 20, 25, 10), year=2567):
    return workbook(path, {"Sheet1": [
        ["ชื่อกิจกรรม", "อำเภอ", "วันที่", "ผู้เข้าร่วม (คน)"],
        *[[f"อบรม {n}", district, f"{n}/2/{year}", count]
          for n, (district, count) in enumerate(zip(districts, people), start=1)]]})


def test_one_amphoe_written_three_ways_in_a_file_is_one_district(store, tmp_path):
    """Stored as written, 'อ.เมือง', 'อำเภอเมือง' and 'เมือง' were three districts of one activity each."""
    result = ingest_files(store, [_register(tmp_path / "a.xlsx", ["อ.เมือง", "อำเภอเมือง", "เมือง", "อำเภอเมือง"])],
                          "Office")
    assert result.status == "committed"
    assert rows(store, "SELECT district, count(*) FROM v_activities GROUP BY 1") == [("อำเภอเมือง", 4)]
    assert rows(store, "SELECT district, sum(value) FROM v_participation GROUP BY 1") == [("อำเภอเมือง", 85.0)]
    unified = sorted((p.value, p.row, p.column) for p in result.problems if p.code == "district_spelling_unified")
    assert unified == [("อ.เมือง", 2, "อำเภอ"), ("เมือง", 4, "อำเภอ")]
    assert "'อ.เมือง' is stored as 'อำเภอเมือง'" in result.problems[0].message_en


def test_a_later_upload_takes_the_spelling_the_city_already_stores(store, tmp_path):
    ingest_files(store, [_register(tmp_path / "2566.xlsx", ["สันทราย", "สารภี", "สันทราย", "สารภี"], year=2566)],
                 "Office")
    result = ingest_files(store, [_register(tmp_path / "2567.xlsx", ["อำเภอสันทราย", "อ.สารภี", "อำเภอสันทราย",
                                                                      "แม่ริม"])], "Office")
    assert result.status == "committed"
    assert rows(store, "SELECT year, district, count(*) FROM v_activities GROUP BY ALL ORDER BY ALL") == [
        (2023, "สันทราย", 2), (2023, "สารภี", 2), (2024, "สันทราย", 2), (2024, "สารภี", 1), (2024, "แม่ริม", 1)]


def test_a_population_table_and_a_register_meet_on_one_district(store, tmp_path):
    """Per head by district needs the same name on both sides: 'อำเภอสารภี' beside 'สารภี' met nowhere."""
    ingest_files(store, [workbook(tmp_path / "population_2567.xlsx", {"Sheet1": [
        ["จำนวนประชากร ปี 2567"], ["อำเภอ", "ประชากร (คน)"], ["อำเภอสารภี", 80000], ["อำเภอสันทราย", 120000]]})],
        "Office")
    result = ingest_files(store, [_register(tmp_path / "register_2567.xlsx", ["สารภี", "สันทราย", "สารภี", "สารภี"])],
                          "Office")
    assert result.status == "committed"
    assert rows(store, "SELECT DISTINCT district FROM v_activities ORDER BY 1") == [("อำเภอสันทราย",), ("อำเภอสารภี",)]
    assert rows(store, "SELECT DISTINCT district FROM v_statistics ORDER BY 1") == [("อำเภอสันทราย",), ("อำเภอสารภี",)]


def test_places_of_two_levels_with_one_name_are_left_as_written(store, tmp_path):
    """ตำบลเมือง is not อำเภอเมือง, and a bare 'เมือง' beside both could be either."""
    result = ingest_files(store, [_register(tmp_path / "a.xlsx", ["ตำบลเมือง", "อำเภอเมือง", "เมือง", "ต.เมือง"])],
                          "Office")
    assert result.status == "committed"
    assert rows(store, "SELECT district FROM v_activities ORDER BY source_row") == [
        ("ตำบลเมือง",), ("อำเภอเมือง",), ("เมือง",), ("ต.เมือง",)]
    assert "district_spelling_unified" not in {p.code for p in result.problems}


def test_a_file_respelled_by_another_office_is_found_again_by_its_content(store, tmp_path):
    ingest_files(store, [_register(tmp_path / "a.xlsx", ["อำเภอสารภี", "อำเภอสันทราย", "อำเภอสารภี", "อำเภอสารภี"])],
                 "Office", source="library")
    result = ingest_files(store, [_register(tmp_path / "b.xlsx", ["สารภี", "สันทราย", "สารภี", "สารภี"])],
                          "Office", source="education")
    assert result.status == "refused"
    assert "records_in_other_upload" in {p.code for p in result.problems if p.severity == "error"}
    assert rows(store, "SELECT count(*) FROM v_activities") == [(4,)]


@pytest.mark.parametrize("name, key", [
    ("อ.เมือง", ("amphoe", "เมือง")), ("อำเภอ เมือง", ("amphoe", "เมือง")), ("เมือง", (None, "เมือง")),
    ("แขวงนครพิงค์", ("khwaeng", "นครพิงค์")), ("ต.ศรีภูมิ", ("tambon", "ศรีภูมิ")),
    ("Mueang District", ("amphoe", "mueang")), ("Amphoe Mueang", ("amphoe", "mueang")),
    ("Si Phum Sub-district", ("tambon", "siphum")), ("จังหวัดลำพูน", ("changwat", "ลำพูน")),
    ("เขตบางรัก", ("khet", "บางรัก")), ("อำเภอ", (None, "อำเภอ")),
])
def test_the_spelling_key_of_a_place(name, key):
    assert spelling_key(name) == key


def test_a_bare_mueang_is_the_capital_amphoe_of_the_one_province_named(store, tmp_path):
    result = ingest_files(store, [_register(tmp_path / "a.xlsx", ["อ.เมืองเชียงใหม่", "เมืองเชียงใหม่", "เมือง",
                                                                   "อำเภอเมือง"])], "Office")
    assert result.status == "committed"
    assert rows(store, "SELECT count(DISTINCT district), count(*) FROM v_activities") == [(1, 4)]


def test_a_bare_mueang_beside_an_amphoe_that_only_begins_with_mueang_is_left_as_written(store, tmp_path):
    """เมืองปาน is an amphoe of Lampang, not its capital."""
    ingest_files(store, [_register(tmp_path / "a.xlsx", ["เมืองปาน", "เมือง", "เมืองปาน", "เมือง"])], "Office")
    assert rows(store, "SELECT DISTINCT district FROM v_activities ORDER BY 1") == [("เมือง",), ("เมืองปาน",)]
