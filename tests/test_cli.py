"""The CLI's contract: exit codes, --dry-run writes nothing, --json summary, uploads and rollback."""

from __future__ import annotations

import json

import duckdb
from conftest import make_xlsx, run_cli, thai_activities_workbook

from indicators.store import open_database


def count(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()[0][0]


def test_ingest_exit_codes_and_dry_run(tmp_path):
    db = tmp_path / "cli.duckdb"
    good = thai_activities_workbook(tmp_path / "activities.xlsx")
    code, out, err = run_cli("ingest", str(good), "--city", "Test City", "--dry-run", "--json", env_db=db)
    assert code == 0, err
    summary = json.loads(out)
    assert summary["status"] == "dry_run"
    sheet = summary["files"][0]["sheets"][0]
    assert (sheet["kind"], sheet["rows_kept"], sheet["dropped"]) == ("activities", 5, {"totals": 1, "footnote": 1})
    assert count(db, "SELECT count(*) FROM uploads") == 0

    code, out, err = run_cli("ingest", str(good), "--city", "Test City", env_db=db)
    assert code == 0, err
    assert count(db, "SELECT sum(value) FROM v_participation WHERE dimension = 'total'") == 1374

    bad = make_xlsx(tmp_path / "bad.xlsx", {"x": [["ชื่อกิจกรรม", "ปี", "จำนวนผู้เข้าร่วม"], ["อบรม", 2567, -4]]})
    code, out, err = run_cli("ingest", str(bad), "--city", "Test City", "--json", env_db=db)
    assert code == 1
    problem = next(p for p in json.loads(out)["files"][0]["problems"] if p["severity"] == "error")
    assert (problem["code"], problem["sheet"], problem["row"], problem["column"]) == (
        "negative_count", "x", 2, "จำนวนผู้เข้าร่วม")

    unreadable = tmp_path / "photo.xlsx"
    unreadable.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    code, out, err = run_cli("ingest", str(unreadable), "--city", "Test City", "--lang", "th", env_db=db)
    assert code == 2
    assert "PNG" in err and "Traceback" not in err
    assert count(db, "SELECT count(*) FROM uploads") == 1


def test_uploads_and_rollback(tmp_path):
    db = tmp_path / "cli.duckdb"
    path = thai_activities_workbook(tmp_path / "activities.xlsx")
    assert run_cli("ingest", str(path), "--city", "Test City", "--user", "somchai", env_db=db)[0] == 0
    code, out, _ = run_cli("uploads", env_db=db)
    assert code == 0
    header, row = out.strip().splitlines()
    assert header.startswith("upload_id,city,source,file_name,sha256")
    assert ",Test City,activities,activities.xlsx," in row and "somchai" in row and "committed" in row
    code, out, err = run_cli("rollback", "1", env_db=db)
    assert code == 0, err
    assert count(db, "SELECT count(*) FROM v_activities") == 0
    assert count(db, "SELECT count(*) FROM activities") == 5  # kept, only hidden
    code, _, err = run_cli("rollback", "1", env_db=db)
    assert code == 1 and "already" in err


def test_second_writer_gets_a_clear_message(tmp_path):
    db = tmp_path / "busy.duckdb"
    holder = open_database(db)
    try:
        code, out, err = run_cli("uploads", env_db=db)
    finally:
        holder.close()
    assert code == 3
    assert "in use by another program" in err and "Traceback" not in err


def test_city_is_required_when_ambiguous(tmp_path):
    db = tmp_path / "cities.duckdb"
    path = thai_activities_workbook(tmp_path / "a.xlsx")
    code, _, err = run_cli("ingest", str(path), env_db=db)
    assert code == 1 and "--city" in err


def test_values_status_and_framework_on_the_sample(tmp_path):
    import csv
    import io

    from indicators.ingest.sample import SAMPLE_CITY
    from indicators.measure.compute import compute_values

    db = tmp_path / "sample.duckdb"
    code, out, err = run_cli("values", "--by", "year,district", env_db=db)
    assert code == 0, err
    assert "SYNTHETIC" in err  # the empty database was filled with the sample, and it says so
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["indicator", "area", "year", "district", "value", "unit"]
    with duckdb.connect(str(db), read_only=True) as con:
        engine = compute_values(con, SAMPLE_CITY, by=("year", "district"))
    assert len(rows) == len(engine)
    shown = {(r["indicator"], int(r["year"]), r["district"] or None): float(r["value"]) for r in rows if r["value"]}
    for row in engine.dropna(subset=["value"]).itertuples():
        assert shown[(row.indicator, row.year, row.district)] == row.value
    by_district = [r for r in rows if r["indicator"] == "participants" and r["year"] == "2024"]
    assert sum(int(r["value"]) for r in by_district if r["district"]) == int(
        next(r["value"] for r in by_district if not r["district"]))

    code, out, _ = run_cli("values", "--fiscal", "--indicator", "activities", "--format", "json", env_db=db)
    fiscal = {r["year"]: r["value"] for r in json.loads(out)}
    code, out, _ = run_cli("values", "--indicator", "activities", "--format", "json", env_db=db)
    calendar = {r["year"]: r["value"] for r in json.loads(out)}
    assert sum(fiscal.values()) == sum(calendar.values()) and fiscal != calendar
    assert 2026 in fiscal  # October-December 2025 belong to fiscal year 2026 (พ.ศ. 2569)

    code, out, err = run_cli("status", env_db=db)
    assert code == 0, err
    statuses = {r["indicator"]: r for r in csv.DictReader(io.StringIO(out))}
    assert statuses["participants"]["target_year"] == "2027"
    assert statuses["participants"]["status"] in {"substantial_progress", "moderate_progress", "limited_progress"}

    code, out, err = run_cli("framework", "--lang", "th", env_db=db)
    areas = list(csv.DictReader(io.StringIO(out)))
    assert [a["area"] for a in areas] == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2", "3.3"]
    assert all(a["years_with_data"] == "2020 2021 2022 2023 2024 2025" for a in areas)
    assert areas[0]["name"] == "การเสริมพลังบุคคลและความสามัคคีในสังคม"


def test_status_over_chosen_years_and_incomplete_periods_matches_the_engine(tmp_path):
    """`status --years` computes over the chosen years (BE or CE), names the base year, and leaves an
    incomplete fiscal year (FY 2569: Oct–Dec 2025) out unless --include-partial — as the pages do."""
    import csv
    import io

    from indicators.ingest.sample import SAMPLE_CITY
    from indicators.measure.progress import progress_table

    db = tmp_path / "sample.duckdb"
    code, out, err = run_cli("status", "--years", "2567-2568", env_db=db)
    assert code == 0, err
    header = out.splitlines()[0].split(",")
    assert header[:8] == ["indicator", "year", "value", "previous", "change", "status", "target_value", "target_year"]
    rows = {r["indicator"]: r for r in csv.DictReader(io.StringIO(out))}
    with duckdb.connect(str(db), read_only=True) as con:
        engine = progress_table(con, SAMPLE_CITY, years=(2024, 2025)).set_index("indicator")
        fiscal = progress_table(con, SAMPLE_CITY, fiscal=True).set_index("indicator")
        asked = progress_table(con, SAMPLE_CITY, fiscal=True, include_partial=True).set_index("indicator")
    for code_, row in rows.items():
        assert row["status"] == engine.loc[code_, "status"], code_
    assert rows["participants"]["base_year"] == "2024" and rows["participants"]["year"] == "2025"

    code, out, err = run_cli("status", "--fiscal", env_db=db)
    rows = {r["indicator"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["participants"]["year"] == "2025" == str(int(fiscal.loc["participants", "year"]))
    assert rows["participants"]["status"] == fiscal.loc["participants", "status"]
    code, out, err = run_cli("status", "--fiscal", "--include-partial", env_db=db)
    rows = {r["indicator"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["participants"]["year"] == "2026" and rows["participants"]["partial"] == "True"
    assert rows["participants"]["status"] == asked.loc["participants", "status"]
