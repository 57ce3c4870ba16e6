"""Tables a reviewer built to break the reading (each stored wrong figures without a word before its fix):
a median, mean, density, index or growth of the population is a statistic of people, never people; a
year over its sexes keeps its year; a province or an amphoe above its parts, written bare, is their sum."""
from __future__ import annotations

import pytest
from conftest import committed, rows
from conftest import make_xlsx as workbook

from indicators.ingest.commit import ingest_files


@pytest.mark.parametrize("title, measure, unit", [
    ("อายุมัธยฐานของประชากร จำแนกตามจังหวัด พ.ศ. 2565", "อายุมัธยฐานของประชากร", None),
    ("อายุเฉลี่ยของประชากร จำแนกตามจังหวัด พ.ศ. 2565", "อายุเฉลี่ยของประชากร", None),
    ("ความหนาแน่นของประชากร (คนต่อตารางกิโลเมตร) จำแนกตามจังหวัด พ.ศ. 2565", "ความหนาแน่นของประชากร", None),
    ("ดัชนีการสูงวัยของประชากร จำแนกตามจังหวัด พ.ศ. 2565", "ดัชนีการสูงวัยของประชากร", None),
    ("Median age of population by province, 2022", "median_age_of_population", None),
    ("Population density (persons per sq km) by province, 2022", "population_density", None),
    ("Population growth rate by province, 2022", "population_growth_rate", "%"),
])
def test_a_statistic_of_the_population_is_never_a_count_of_people(store, tmp_path, title, measure, unit):
    committed(store, workbook(tmp_path / "ตาราง.xlsx", {"Sheet1": [
        [title], ["จังหวัด", "ชาย", "หญิง"], ["เชียงใหม่", 41.5, 43.7], ["ลำพูน", 44.2, 46.4]]}))
    assert rows(store, "SELECT DISTINCT measure, unit FROM v_statistics") == [(measure, unit)]
    assert rows(store, "SELECT count(*) FROM v_statistics WHERE measure = 'population' OR unit = 'persons'") == [(0,)]
    assert rows(store, "SELECT sex, value FROM v_statistics WHERE district = 'ลำพูน' ORDER BY 1") == [
        ("female", 46.4), ("male", 44.2)]


@pytest.mark.parametrize("title, years, sexes", [
    ("Population by district, 2022-2023", ["2022", "2023"], ["Male", "Female"]),
    ("จำนวนประชากร จำแนกตามอำเภอ", ["2565", "2566"], ["ชาย", "หญิง"]),
])
def test_each_year_over_its_sexes_keeps_its_year(store, tmp_path, title, years, sexes):
    """All four columns were stored under the first year: 2023 lost, 2022 counted twice."""
    committed(store, workbook(tmp_path / "ตาราง.xlsx", {"Sheet1": [
        [title], ["อำเภอ", years[0], "", years[1], ""], ["", *sexes, *sexes],
        ["เมืองลำพูน", 100, 110, 101, 111], ["ป่าซาง", 50, 55, 52, 56]]}))
    assert rows(store, "SELECT year, sex, sum(value) FROM v_statistics GROUP BY ALL ORDER BY ALL") == [
        (2022, "female", 165.0), (2022, "male", 150.0), (2023, "female", 167.0), (2023, "male", 153.0)]


@pytest.mark.parametrize("areas", [
    [["จังหวัดลำพูน", 150, 165, 315], ["เมืองลำพูน", 100, 110, 210], ["ป่าซาง", 50, 55, 105]],
    [["ลำพูน", 150, 165, 315], ["เมืองลำพูน", 100, 110, 210], ["ป่าซาง", 50, 55, 105]],
    [["เมืองลำพูน", 100, 110, 210], ["ป่าซาง", 50, 55, 105], ["ลำพูน", 150, 165, 315]],
])
def test_a_province_above_or_below_its_amphoe_written_bare_is_their_sum(store, tmp_path, areas):
    """The gazetteer knows ลำพูน for a province and เมืองลำพูน, ป่าซาง for its amphoe: 630 people were stored."""
    committed(store, workbook(tmp_path / "ตาราง.xlsx", {"Sheet1": [
        ["จำนวนประชากร จำแนกตามอำเภอ พ.ศ. 2566"], ["อำเภอ", "ชาย", "หญิง", "รวม"], *areas]}))
    assert rows(store, "SELECT district, value FROM v_statistics WHERE sex IS NULL ORDER BY 1") == [
        ("ป่าซาง", 105.0), ("เมืองลำพูน", 210.0)]


def test_an_amphoe_above_its_tambons_written_bare_is_their_sum(store, tmp_path):
    committed(store, workbook(tmp_path / "ตาราง.xlsx", {"Sheet1": [
        ["จำนวนประชากร จำแนกตามตำบล พ.ศ. 2566"], ["พื้นที่", "ชาย", "หญิง", "รวม"],
        ["อำเภอสารภี", 30, 35, 65], ["ยางเนิ้ง", 10, 15, 25], ["ชมภู", 20, 20, 40]]}))
    assert rows(store, "SELECT district, value FROM v_statistics WHERE sex IS NULL ORDER BY 1") == [
        ("ชมภู", 40.0), ("ยางเนิ้ง", 25.0)]


def test_amphoe_written_with_and_without_their_word_are_one_level(store, tmp_path):
    committed(store, workbook(tmp_path / "ตาราง.xlsx", {"Sheet1": [
        ["จำนวนประชากร จำแนกตามอำเภอ พ.ศ. 2566"], ["อำเภอ", "ชาย", "หญิง", "รวม"],
        ["อำเภอสารภี", 31, 35, 66], ["สันทราย", 10, 15, 25], ["ดอยสะเก็ด", 20, 20, 40]]}))
    assert rows(store, "SELECT sum(value) FROM v_statistics WHERE sex IS NULL") == [(131.0,)]


@pytest.mark.parametrize("header, figures, expected", [
    ([["อำเภอ", "2565", "", "2566", ""], ["", "จำนวน", "ร้อยละ", "จำนวน", "ร้อยละ"]],
     [[1000, 12.5, 1100, 13.0], [500, 10.0, 520, 10.4]],
     [("ผู้สูงอายุ", None, 2022, None, 1500.0), ("ผู้สูงอายุ", None, 2023, None, 1620.0),
      ("ร้อยละของผู้สูงอายุ", "%", 2022, None, 22.5), ("ร้อยละของผู้สูงอายุ", "%", 2023, None, 23.4)]),
    ([["อำเภอ", "จำนวน", "", "ร้อยละ", ""], ["", "ชาย", "หญิง", "ชาย", "หญิง"]],
     [[1000, 1100, 12.5, 13.0], [500, 520, 10.0, 10.4]],
     [("ผู้สูงอายุ", None, 2023, "female", 1620.0), ("ผู้สูงอายุ", None, 2023, "male", 1500.0),
      ("ร้อยละของผู้สูงอายุ", "%", 2023, "female", 23.4), ("ร้อยละของผู้สูงอายุ", "%", 2023, "male", 22.5)]),
])
def test_a_count_and_its_share_over_years_or_sexes_under_a_title_naming_both(store, tmp_path, header, figures,
                                                                             expected):
    """The counts took the title's % and were refused as shares over 100; the last 'หญิง' lost its 'ร้อยละ'."""
    committed(store, workbook(tmp_path / "ตาราง.xlsx", {"Sheet1": [
        ["จำนวนและร้อยละของผู้สูงอายุ จำแนกตามอำเภอ พ.ศ. 2566"], *header,
        ["เมืองเชียงใหม่", *figures[0]], ["สารภี", *figures[1]]]}))
    assert rows(store, "SELECT measure, unit, year, sex, sum(value) FROM v_statistics GROUP BY ALL ORDER BY ALL") == \
        expected


def test_a_mean_named_by_the_title_names_the_figures(store, tmp_path):
    """Refused as 'what they count is not said' although the title says it."""
    committed(store, workbook(tmp_path / "ตาราง.xlsx", {"Sheet1": [
        ["ค่าเฉลี่ยรายได้ต่อเดือนของครัวเรือน จำแนกตามจังหวัด พ.ศ. 2564"], ["จังหวัด", "รายได้"],
        ["เชียงใหม่", 20000], ["ลำพูน", 18000]]}))
    assert rows(store, "SELECT DISTINCT measure, unit, year FROM v_statistics") == [
        ("ค่าเฉลี่ยรายได้ต่อเดือนของครัวเรือน", None, 2021)]


@pytest.mark.parametrize("areas, whole", [
    ([["Belgium", 500, 510], ["Région de Bruxelles-Capitale", 100, 102], ["Vlaams Gewest", 250, 255],
      ["Région wallonne", 150, 153]], "Belgium"),
    ([["Belgium", 500, 510], ["France", 1000, 1020], ["EU27_2020", 1500, 1530]], "EU27_2020"),
])
def test_a_whole_named_as_an_area_above_or_below_its_parts_is_asked_about(store, tmp_path, areas, whole):
    """Belgium was stored beside its regions (1,000 libraries in 2021 for 500)."""
    result = ingest_files(store, [workbook(tmp_path / "libraries.xlsx", {"Sheet1": [
        ["Number of public libraries by region"], ["GEO", "2021", "2022"], *areas]})], "Office")
    assert result.status == "refused"
    review = result.plans[0].sheets[0].review
    assert [dict(said.values)["name"] for said in review if said.code == "row_sum_of_others"] == [whole]
    assert rows(store, "SELECT count(*) FROM statistics") == [(0,)]


def test_the_kingdom_above_its_provinces_is_the_nation_not_a_doubt(store, tmp_path):
    committed(store, workbook(tmp_path / "ตาราง.xlsx", {"Sheet1": [
        ["จำนวนห้องสมุด จำแนกตามจังหวัด พ.ศ. 2566"], ["จังหวัด", "จำนวน"], ["ทั่วราชอาณาจักร", 60], ["เชียงใหม่", 20],
        ["เชียงราย", 40]]}))
    assert rows(store, "SELECT level, sum(value) FROM v_statistics GROUP BY 1 ORDER BY 1") == [
        ("nation", 60.0), (None, 60.0)]


@pytest.mark.parametrize("title, measure, unit", [
    ("จำนวนประชากรเฉลี่ยกลางปี พ.ศ. 2566", "population", "persons"),  # the mid-year population is the population
    ("จำนวนครูอัตราจ้าง พ.ศ. 2566", "staff", "persons"),  # contract teachers: อัตรา inside a noun
    ("Teachers on fixed-rate contracts 2023", "staff", "persons"),
    ("Change4Life participants 2023", "participants", "persons"),
    ("Participants in Growth programme 2023", "participants", "persons"),
    ("Population of Growth Zone districts 2023", "population", "persons"),
    ("ประชากรในเขตความหนาแน่นสูง พ.ศ. 2566", "population", "persons"),
])
def test_a_summary_word_that_is_no_statistic_of_the_measure_leaves_the_count(store, tmp_path, title, measure,
                                                                            unit):
    """A second reviewer's false positives of the summary rule: each count was renamed, or taken for %."""
    committed(store, workbook(tmp_path / "ตาราง.xlsx", {"Sheet1": [
        [title], ["อำเภอ", "ชาย", "หญิง"], ["เมืองลำพูน", 100, 110], ["ป่าซาง", 50, 55]]}))
    assert rows(store, "SELECT DISTINCT measure, unit FROM v_statistics") == [(measure, unit)]


def test_tambons_one_named_as_its_amphoe_under_each_amphoe(store, tmp_path):
    """The tambon ป่าซาง shares its amphoe's name (the gazetteer's amphoe): the amphoe rows were kept too."""
    committed(store, workbook(tmp_path / "ตาราง.xlsx", {"Sheet1": [
        ["จำนวนประชากร จำแนกตามตำบล พ.ศ. 2566"], ["พื้นที่", "ชาย", "หญิง"],
        ["อำเภอป่าซาง", 67, 74], ["ป่าซาง", 37, 41], ["มะกอก", 10, 11], ["ท่าตุ้ม", 20, 22],
        ["อำเภอลี้", 107, 118], ["ลี้", 57, 63], ["แม่ตืน", 20, 22], ["ดงดำ", 30, 33]]}))
    assert rows(store, "SELECT sex, count(*), sum(value) FROM v_statistics GROUP BY 1 ORDER BY 1") == [
        ("female", 6, 192.0), ("male", 6, 174.0)]


def test_an_amphoe_named_as_its_province_among_amphoe_is_an_amphoe(store, tmp_path):
    """พระนครศรีอยุธยา is a province and its capital amphoe: not a sum of the others, it is one of them."""
    committed(store, workbook(tmp_path / "ตาราง.xlsx", {"Sheet1": [
        ["จำนวนประชากร จำแนกตามอำเภอ พ.ศ. 2566"], ["อำเภอ", "ชาย", "หญิง"],
        ["พระนครศรีอยุธยา", 100, 110], ["บางปะอิน", 50, 55], ["อุทัย", 30, 33]]}))
    assert rows(store, "SELECT count(*), sum(value) FROM v_statistics") == [(6, 378.0)]


def test_rows_inside_and_outside_the_municipality_are_parts_of_the_amphoe_above(store, tmp_path):
    """'ในเขตเทศบาล' and 'นอกเขตเทศบาล' under each amphoe were two districts pooled across amphoe and added
    to them: twice the population."""
    from indicators.ingest.commit import ingest_files

    result = ingest_files(store, [workbook(tmp_path / "population.xlsx", {"Sheet1": [
        ["จำนวนประชากร ปี 2567"], ["อำเภอ", "ชาย", "หญิง", "รวม"], ["เมืองเชียงใหม่", 112, 120, 232],
        ["  ในเขตเทศบาล", 60, 70, 130], ["  นอกเขตเทศบาล", 52, 50, 102], ["แม่ริม", 45, 47, 92],
        ["  ในเขตเทศบาล", 5, 7, 12], ["  นอกเขตเทศบาล", 40, 40, 80], ["รวม", 157, 167, 324]]})], "Office")
    assert result.status == "committed"
    assert rows(store, "SELECT district, breakdown, value FROM v_statistics WHERE sex IS NULL ORDER BY ALL") == [
        ("เมืองเชียงใหม่", "นอกเขตเทศบาล", 102.0), ("เมืองเชียงใหม่", "ในเขตเทศบาล", 130.0), ("เมืองเชียงใหม่", None, 232.0),
        ("แม่ริม", "นอกเขตเทศบาล", 80.0), ("แม่ริม", "ในเขตเทศบาล", 12.0), ("แม่ริม", None, 92.0)]
    assert "area_parts_as_breakdown" in {p.code for p in result.problems}
