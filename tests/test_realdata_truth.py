"""The eight real files added to ../shared/realdata, each through the CLI as a researcher runs it, each
figure compared with the truth its README states (a plain count of the file by someone else). A file
that is not a register of activities must store no activities and no participants.

Where a figure can be counted here from the raw file with the csv module, it is; the others are the
README's stated truths, kept as constants (they were counted independently of this engine).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest
from conftest import real_file, run_cli

DRINKING = "th_bangkok_drinking_rate_by_district_sex_BE2566_2568.csv"
POPULATION = "th_bangkok_population_by_district_sex_age_long.csv"
ENGLAND = "uk_england_library_event_attendance_2023_24_iso_periods.csv"
DCMS = "uk_dcms_libraries_activity_data_2023_24_wide.xlsx"
NAKHON = "th_nakhonsithammarat_family_centre_projects_BE2555.xls"
KRABI = "th_krabi_child_development_centres_BE2555.xls"
POLICE = "th_police_crime_by_province_BE2545_2554.xls"
DBD = "th_dbd_new_companies_BE2558_12_cp874.csv"


def ingest(db, name, *extra) -> tuple[int, dict]:
    code, out, err = run_cli("ingest", str(real_file(name)), "--city", "Real", "--json", *extra, env_db=db)
    return code, json.loads(out) if out.strip() else {"stderr": err}


def statistics(db) -> list[dict]:
    code, out, err = run_cli("statistics", "--city", "Real", "--format", "csv", env_db=db)
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out)))


def values(db, indicator) -> dict[int, float]:
    code, out, err = run_cli("values", "--city", "Real", "--indicator", indicator, env_db=db)
    assert code == 0, err
    return {int(r["year"]): float(r["value"]) for r in csv.DictReader(io.StringIO(out)) if not r["district"]}


def total(rows, **where) -> float:
    found = 0.0
    for row in rows:
        if all((row[k] == v) if not callable(v) else v(row[k]) for k, v in where.items()):
            found += float(row["value"])
    return found


def no_activities(db) -> None:
    assert values(db, "activities") == {} and values(db, "participants") == {}


def test_drinking_rates_are_stored_as_rates_never_as_people(tmp_path):
    db = tmp_path / "r.duckdb"
    code, summary = ingest(db, DRINKING)
    assert code == 0, summary
    with real_file(DRINKING).open(encoding="utf-8-sig") as handle:
        raw = list(csv.DictReader(handle))
    assert len(raw) == 446
    rows = statistics(db)
    assert len(rows) == sum(1 for r in raw if r["value"].strip()) == 396
    assert {r["unit"] for r in rows} == {"%"}
    nong_chok = [r for r in rows if r["district"] == "เขตหนองจอก" and r["year"] == "2023" and r["sex"] == "male"]
    assert [float(r["value"]) for r in nong_chok] == [17.09]
    assert {r["year"] for r in rows} == {"2023", "2024", "2025"}  # BE 2566-2568
    no_activities(db)


def test_population_with_no_year_is_refused_until_the_year_is_given(tmp_path):
    db = tmp_path / "r.duckdb"
    code, summary = ingest(db, POPULATION)
    assert code == 1
    assert any(p["code"] == "year_needed" for f in summary["files"] for p in f["problems"])
    code, summary = ingest(db, POPULATION, "--year", "2567")
    assert code == 0, summary
    rows = statistics(db)
    assert total(rows) == 5_494_932
    assert total(rows, sex="female") == 2_922_958 and total(rows, sex="male") == 2_571_974
    assert total(rows, age_min=lambda a: a != "" and int(a) >= 60) == 1_210_828
    assert {r["year"] for r in rows} == {"2024"} and len({r["district"] for r in rows}) == 50
    no_activities(db)


def test_iso_periods_go_to_the_year_they_start_in(tmp_path):
    db = tmp_path / "r.duckdb"
    assert ingest(db, ENGLAND)[0] == 0
    with real_file(ENGLAND).open(encoding="utf-8") as handle:
        raw = list(csv.DictReader(handle))
    by_start = Counter()
    for row in raw:
        by_start[row["Period"][:4]] += int(row["Count"])
    rows = statistics(db)
    assert total(rows) == sum(by_start.values()) == 4_876_692
    assert total(rows, year="2023") == by_start["2023"] == 3_329_610
    assert total(rows, year="2024") == by_start["2024"] == 1_547_082
    no_activities(db)


def test_dcms_measure_by_month_columns(tmp_path):
    db = tmp_path / "r.duckdb"
    code, summary = ingest(db, DCMS)
    assert code == 0, summary
    rows = statistics(db)
    events = {label: total(rows, label=label, age_min="") for label in
              ("Total Number Of Physical Events", "Total Number Of Digital Events")}
    assert events == {"Total Number Of Physical Events": 550_061, "Total Number Of Digital Events": 2_979}
    all_events = [r for r in rows if r["measure"] == "events" and r["age_min"] == "" and r["breakdown"] in
                  ("in person", "online")]
    assert total(all_events) == 553_040
    assert total(all_events, year="2023") == 396_337 and total(all_events, year="2024") == 156_703
    attendees = [r for r in rows if r["label"].startswith("Total Attendees At")]
    assert total(attendees) == 8_204_200
    assert total(attendees, year="2023") == 5_893_643 and total(attendees, year="2024") == 2_310_557
    no_activities(db)


def test_nakhon_register_of_multi_row_records(tmp_path):
    db = tmp_path / "r.duckdb"
    code, summary = ingest(db, NAKHON)
    assert code == 0, summary
    assert values(db, "activities") == {2012: 145}
    assert values(db, "participants") == {2012: 12_466}
    problems = [p for f in summary["files"] for p in f["problems"] if p["code"] == "participants_in_text"]
    assert sum(int(p["value"]) for p in problems) == 135  # 10 records give no count: none is guessed
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT sum(budget) FROM v_activities").fetchone()[0] == 1_544_800
    assert not statistics(db)  # the notes sheet's own totals are not stored


def test_krabi_list_of_places_counted_per_amphoe(tmp_path):
    db = tmp_path / "r.duckdb"
    code, summary = ingest(db, KRABI)
    assert code == 0, summary
    rows = [r for r in statistics(db) if r["breakdown"] == ""]
    sheet1 = [r for r in rows if r["label"] != "" and r["year"] == "2012"]
    places = [r for r in sheet1 if r["measure"] == "learning_spaces"]
    assert total(places) == 147  # Sheet1's 143 centres and Sheet2's 4 new ones
    assert total(places, district="เกาะลันตา") == 24
    children = [r for r in rows if r["measure"] == "children"]
    assert sorted(total(children, label=label) for label in {r["label"] for r in children}) == [163, 10_922]
    assert total(children, district="เกาะลันตา") == 1_416
    staff = [r for r in rows if r["measure"] == "staff"]
    assert sorted(total(staff, label=label) for label in {r["label"] for r in staff}) == [8, 610]
    no_activities(db)
    everything = json.dumps(summary, ensure_ascii=False)
    assert "สาโรจน์" not in everything  # the official's name in the signature block is never kept


def test_police_years_across_with_reported_and_arrested(tmp_path):
    db = tmp_path / "r.duckdb"
    code, summary = ingest(db, POLICE)
    assert code == 0, summary
    rows = statistics(db)
    serious = [r for r in rows if "อุกฉกรรจ์" in r["measure"]]
    reported = [r for r in serious if r["measure"].startswith("cases_reported")]
    arrested = [r for r in serious if r["measure"].startswith("cases_arrested")]
    assert (total(reported, year="2002"), total(arrested, year="2002")) == (7_816, 3_432)
    assert (total(reported, year="2011"), total(arrested, year="2011")) == (4_639, 2_416)
    for sheet in summary["files"][0]["sheets"]:
        assert sheet["rows_kept"] == 77
    # every sheet, its year headers merged or not, keeps both figures of each province for each of 10 years
    per_sheet = {}
    for r in rows:
        per_sheet.setdefault(r["measure"].split(".", 1)[1], set()).add((r["measure"].split(".")[0], r["year"]))
    assert len(per_sheet) == 5
    for case_group, series in per_sheet.items():
        assert series == {(m, str(y)) for m in ("cases_reported", "cases_arrested") for y in range(2002, 2012)}, \
            case_group
    assert len(rows) == 5 * 77 * 2 * 10
    no_activities(db)


def test_company_registrations_counted_by_province(tmp_path):
    db = tmp_path / "r.duckdb"
    code, summary = ingest(db, DBD)
    assert code == 0, summary
    rows = statistics(db)
    registrations = [r for r in rows if r["measure"] == "organisations"]
    assert total(registrations) == 3_237
    assert total(registrations, district="กรุงเทพมหานคร") == 1_233
    assert total([r for r in rows if r["measure"] == "capital"]) == 54_645_205_175
    assert {r["year"] for r in rows} == {"2015"}
    no_activities(db)


@pytest.mark.parametrize("name", [DRINKING, ENGLAND, KRABI, DBD])
def test_explain_prints_the_reading_and_save_recipe_round_trips(tmp_path, name):
    db = tmp_path / "r.duckdb"
    recipe = tmp_path / "reading.yaml"
    code, out, err = run_cli("ingest", str(real_file(name)), "--city", "Real", "--dry-run", "--explain",
                             "--save-recipe", str(recipe), env_db=db)
    assert code == 0, err
    assert "→" in out and recipe.read_text(encoding="utf-8").count("kind:") >= 1
    code, first = ingest(db, name, "--dry-run")
    code_again, again = ingest(db, name, "--dry-run", "--recipe", str(recipe))
    assert (code, code_again) == (0, 0)
    rows = [f["rows"] for f in first["files"]], [f["rows"] for f in again["files"]]
    assert rows[0] == rows[1]  # the saved reading reads the file the same way
