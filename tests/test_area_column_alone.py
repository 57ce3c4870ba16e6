"""A column that names areas but is usually set aside beside the area used ('Local authority',
'ชื่อจังหวัด') is the area when no other column gives one (found by a tester: Barnet's and Camden's
learners, and three provinces' population, were stored as figures for the whole city, side by side)."""
from __future__ import annotations

import openpyxl
from conftest import rows

from indicators.ingest.commit import ingest_files


def _csv(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_local_authorities_are_the_areas_when_no_other_column_is(store, tmp_path):
    path = _csv(tmp_path / "adult_learners.csv", [
        "Local authority,Sex,2021,2022", "Barnet,Total,5000,5200", "Barnet,Female,3100,3300",
        "Camden,Total,4000,4100", "Camden,Female,2500,2600"])
    outcome = ingest_files(store, [path], "London")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert set(rows(store, "SELECT district, year, sex, value FROM statistics")) == {
        ("Barnet", 2021, None, 5000.0), ("Barnet", 2022, None, 5200.0),
        ("Barnet", 2021, "female", 3100.0), ("Barnet", 2022, "female", 3300.0),
        ("Camden", 2021, None, 4000.0), ("Camden", 2022, None, 4100.0),
        ("Camden", 2021, "female", 2500.0), ("Camden", 2022, "female", 2600.0)}


def test_province_names_are_the_areas_when_no_other_column_is(store, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["จำนวนประชากร จำแนกตามจังหวัด (คน)"], ["ชื่อจังหวัด", "2566", "2567"],
                ["น่าน", 478000, 477000], ["แพร่", 440000, 438000], ["พะเยา", 470000, 469000]):
        sheet.append(row)
    book.save(tmp_path / "population.xlsx")
    outcome = ingest_files(store, [tmp_path / "population.xlsx"], "North")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert rows(store, "SELECT district, year, value FROM statistics WHERE district IS NULL") == []
    assert set(rows(store, "SELECT district, year, value FROM statistics WHERE year = 2024")) == {
        ("น่าน", 2024, 477000.0), ("แพร่", 2024, 438000.0), ("พะเยา", 2024, 469000.0)}


def test_an_authority_beside_the_branches_stays_set_aside(store, tmp_path):
    path = _csv(tmp_path / "events.csv", [
        "Local authority,Library name,Event date,Name,Attendees",
        "Barnet,Burnt Oak,2018-01-12,Toddler Read and Rhyme,11", "Barnet,Chipping Barnet,2018-01-17,Reading Group,8"])
    outcome = ingest_files(store, [path], "Barnet")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert set(rows(store, "SELECT district FROM activities")) == {("Burnt Oak",), ("Chipping Barnet",)}


def test_one_province_named_on_every_row_stays_the_whole_city(store, tmp_path):
    path = _csv(tmp_path / "population.csv", [
        "ชื่อจังหวัด,เพศ,2566,2567", "น่าน,ชาย,1000,1100", "น่าน,หญิง,1200,1300"])
    outcome = ingest_files(store, [path], "Nan")
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    assert set(rows(store, "SELECT DISTINCT district FROM statistics")) == {(None,)}
