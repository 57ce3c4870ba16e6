"""The real public files in ../shared/realdata go through `ingest` as they are.

Expected figures are computed here from the raw files with the csv module (a plain count), never
typed in, so the test checks the engine against the file itself.
"""

from __future__ import annotations

import csv
import json
from collections import Counter

from conftest import real_file, run_cli

BARNET = "uk_barnet_library_events_2018_log.csv"
DOPA = "th_chiangmai_dopa_population_by_tambon_age_sex_BE2567-05.csv"
EUROSTAT = "eu_eurostat_sdg_04_60_adult_participation_in_learning_2000_2024.csv"
OBEC = "th_obec_school_students_by_grade_sex_BE2565_raw_scrape.csv"


def ingest_json(db, path, city):
    code, out, err = run_cli("ingest", str(path), "--city", city, "--json", env_db=db)
    return code, json.loads(out) if out.strip() else {}, err


def query(db, sql, params=()):
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_barnet_library_events_match_a_plain_count(tmp_path):
    path = real_file(BARNET)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    events = Counter(r["Event date"][:4] for r in rows)
    attendees = Counter()
    for r in rows:
        attendees[r["Event date"][:4]] += int(r["Attendees"])
    db = tmp_path / "barnet.duckdb"
    code, summary, err = ingest_json(db, path, "Barnet")
    assert code == 0, err
    sheet = summary["files"][0]["sheets"][0]
    assert sheet["kind"] == "activities"
    fields = {c["header"]: c["field"] for c in sheet["columns"]}
    assert fields["Event date"] == "date" and fields["Attendees"] == "participants_total"
    stored = dict(query(db, "SELECT year::VARCHAR, sum(events) FROM v_activities GROUP BY 1"))
    people = dict(query(db, "SELECT year::VARCHAR, sum(value) FROM v_participation WHERE dimension='total' GROUP BY 1"))
    for year in ("2018", "2019"):
        assert stored[year] == events[year]
        assert people[year] == attendees[year]
    assert sum(stored.values()) == len(rows)  # nothing lost, nothing doubled
    flagged = [p for p in summary["files"][0]["problems"] if p["code"] == "year_outlier"]
    stray = sorted(int(y) for y in events if y not in ("2018", "2019"))
    assert sorted({int(p["value"]) for p in flagged}) == stray  # 2009, 2015, 2016 flagged
    assert len(flagged) == sum(events[str(y)] for y in stray)
    assert all(p["sheet"] and p["row"] and p["message_th"] for p in flagged)


def test_barnet_names_differing_by_case_are_kept_as_written(tmp_path):
    path = real_file(BARNET)
    db = tmp_path / "barnet.duckdb"
    assert ingest_json(db, path, "Barnet")[0] == 0
    categories = {r[0] for r in query(db, "SELECT DISTINCT title FROM v_activities")}
    assert len({c.casefold() for c in categories}) < len(categories)  # the file really has case variants


def test_dopa_population_grand_total_not_counted(tmp_path):
    path = real_file(DOPA)
    with path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    total_col = header.index("ผลรวมประชากรทั้งหมด")
    male_col = header.index("จำนวนประชากรชายทั้งหมด")
    data = [r for r in body if r[header.index("รหัสตำบล")].strip()]
    plain_total = sum(int(r[total_col].replace(",", "")) for r in data)
    plain_male = sum(int(r[male_col].replace(",", "")) for r in data)
    grand_total_row = next(r for r in body if not r[0].strip())
    assert plain_total == int(grand_total_row[total_col].replace(",", ""))  # the file's own total agrees

    db = tmp_path / "dopa.duckdb"
    code, summary, err = ingest_json(db, path, "Chiang Mai")
    assert code == 0, err
    sheet = summary["files"][0]["sheets"][0]
    assert sheet["kind"] == "statistics"
    assert sheet["dropped"].get("totals_unlabelled", 0) + sheet["dropped"].get("totals", 0) == 1
    population = query(db, "SELECT year, sum(value) FROM v_statistics WHERE measure='population' "
                           "AND sex IS NULL AND age_min IS NULL GROUP BY 1")
    assert population == [(2024, plain_total)]  # ปีเดือน 6705 = May 2567 = 2024
    male = query(db, "SELECT sum(value) FROM v_statistics WHERE measure='population' AND sex='male' AND age_min IS NULL")
    assert male == [(plain_male,)]
    under_one = query(db, "SELECT sum(value) FROM v_statistics WHERE age_min = 0 AND age_max = 0 AND sex = 'female'")
    assert under_one == [(sum(int(r[header.index("หญิง < 1 ปี")].replace(",", "")) for r in data),)]
    districts = query(db, "SELECT count(DISTINCT district) FROM v_statistics")[0][0]
    assert districts == len({r[header.index("ชื่อตำบล")] for r in data})


def test_eurostat_wide_table_with_flags_and_decimal_commas(tmp_path):
    path = real_file(EUROSTAT)
    with path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    time_row = next(i for i, r in enumerate(rows) if r and r[0] == "TIME")
    years = {j: int(c) for j, c in enumerate(rows[time_row]) if c.strip().isdigit()}
    countries = [r for r in rows[time_row + 2:] if r and r[0] and len(r) > 5 and not r[0].startswith(("Special", ":", "Observation"))]
    countries = [r for r in countries if any(r[j].strip() not in ("", ":") for j in years)]
    expected_cells = sum(1 for r in countries for j in years if any(ch.isdigit() for ch in r[j]))

    db = tmp_path / "eurostat.duckdb"
    code, summary, err = ingest_json(db, path, "Europe")
    assert code == 0, err
    assert summary["files"][0]["sheets"][0]["kind"] == "statistics_wide"
    assert query(db, "SELECT count(*) FROM v_statistics")[0][0] == expected_cells
    belgium = query(db, "SELECT value, flag FROM v_statistics WHERE district = 'Belgium' AND year = 2024")
    assert belgium == [(14.9, "b")]
    eu_2002 = query(db, "SELECT value FROM v_statistics WHERE district LIKE 'European Union%' AND year = 2002")
    assert eu_2002 == [(5.3,)]
    assert query(db, "SELECT count(*) FROM v_statistics WHERE district IN ('Special value', 'bu', 'b', 'u', ':')")[0][0] == 0
    units = {r[0] for r in query(db, "SELECT DISTINCT unit FROM v_statistics")}
    assert units == {"Percentage"}


def test_obec_scrape_is_refused_with_a_clear_reason_or_read_without_subtotals(tmp_path):
    """Students by grade with subtotal rows and no year column: whatever the engine decides, no
    subtotal row may be counted, and the answer must come with a message, not a crash."""
    path = real_file(OBEC)
    db = tmp_path / "obec.duckdb"
    code, summary, err = ingest_json(db, path, "OBEC")
    assert code in (0, 1), err
    problems = summary["files"][0]["problems"]
    if code == 1:
        assert any(p["severity"] == "error" and p["message_th"] for p in problems)
    dropped = [d["text"] for s in summary["files"][0]["sheets"] for d in s["dropped_rows"]]
    for subtotal in ("รวม อบ.", "รวมประถม", "รวมทั้งหมด"):
        assert subtotal in dropped


TABLE_OF_PERIODS_READS = {"period_value", "district", "code", "measure", "unit", "flag_value", "sex", "ignored"}


def test_no_column_of_numbers_in_a_real_file_is_left_unread_without_a_word():
    """In every real file the engine accepts, each column holding numbers is read, or set aside with a
    reason said; a table of periods stores its period columns only, so none of its figures may sit in a
    column of another field (the police sheet whose year headers are not merged, DCMS's members)."""
    from indicators import ingest, store
    from indicators.read import read_workbook
    from indicators.understand.headers import looks_numeric

    folder = real_file(BARNET).parent
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in (".csv", ".xls", ".xlsx", ".ods")):
        con = store.open_database(":memory:")
        outcome = ingest.ingest_files(con, [path], "Real", dry_run=True)
        if outcome.status != "dry_run":
            continue  # refused: the reading is shown, nothing is stored
        raw = {s.name: s for s in read_workbook(path).sheets}
        for plan in outcome.plans:
            for sheet in plan.sheets:
                rows = raw[sheet.sheet].rows
                body = rows[sheet.header_rows[-1] - raw[sheet.sheet].first_row:] if sheet.header_rows else rows
                for column in sheet.columns:
                    j = column["index"]
                    numbers = sum(1 for r in body if j < len(r) and r[j] is not None and looks_numeric(r[j]))
                    if numbers < 5:
                        continue
                    where = (path.name, sheet.sheet, column["header"])
                    assert column["field"] is not None, where
                    assert column["field"] != "ignored" or column["reason"] is not None, where
                    if sheet.kind == "statistics_wide":
                        assert column["field"] in TABLE_OF_PERIODS_READS, (where, column["field"])
