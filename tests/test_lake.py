"""The store on DuckLake (catalog in a throwaway PostgreSQL, Parquet files under tmp_path), driven the way
a network runs it: several CLI processes writing at once while another process reads, the record moved
to the lake and back, a writer killed mid-commit, backups crossing between the two stores. The engine's
own suites run on both stores too (conftest.ON_BOTH_STORES)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
from conftest import PROJECT, make_xlsx, run_cli

from indicators import store
from indicators.measure.compute import compute_values
from indicators.store import lake as lake_store
from tests.bad_inputs import big_activities_csv

CITY = "เมืองเครือข่าย"
OFFICES = 3


def office_file(folder: Path, office: int) -> Path:
    """Office `office` reports 3 activities of 10**office participants each, so its whole upload adds
    the digit 3 at that decimal place: a partial upload would show as a 1 or a 2."""
    rows = [["รหัสกิจกรรม", "ชื่อกิจกรรม", "วันที่", "จำนวนผู้เข้าร่วม"]]
    rows += [[f"O{office}-{n}", f"กิจกรรม {n}", f"{n + 1}/03/2567", 10**office] for n in range(3)]
    return make_xlsx(folder / f"office{'abcdefgh'[office]}_2567.xlsx", {"กิจกรรม": rows})


def ingest_command(target: str, *files: Path, city: str = CITY) -> list[str]:
    return [sys.executable, "-m", "indicators", "ingest", *map(str, files), "--db", target, "--city", city, "--json"]


def values_csv(target: str | Path, city: str = CITY) -> str:
    code, out, err = run_cli("values", "--db", str(target), "--city", city, "--by", "year,district")
    assert code == 0, err
    return out


READER = """
import sys
from pathlib import Path
from indicators import store
from indicators.measure.compute import compute_values
con = store.open_database(sys.argv[1], read_only=True)
seen = []
while True:  # until the writers are done: then one more read, which must see all of them
    stop = Path(sys.argv[2]).exists()
    values = compute_values(con, sys.argv[3], codes=["participants"])
    seen.append(int(values["value"].sum()) if not values.empty else 0)
    if stop:
        break
print(" ".join(map(str, seen)))
"""


def test_the_extensions_come_from_the_packages_offline(lake):
    folder = Path(lake_store.extension_directory())
    assert sorted(p.name for p in (folder / f"v{duckdb.__version__}" / lake_store.PLATFORM).iterdir()) == [
        "ducklake.duckdb_extension", "postgres_scanner.duckdb_extension"]
    con = store.open_database(lake)
    assert lake_store.is_lake(con) and not lake_store.is_lake(duckdb.connect())
    assert con.execute("SELECT extension_name FROM duckdb_extensions() WHERE loaded AND extension_name IN "
                       "('ducklake', 'postgres_scanner') ORDER BY 1").fetchall() == [("ducklake",), ("postgres_scanner",)]
    assert store.needs_migration(con) is False
    con.close()


def test_three_cli_ingests_at_once_while_a_reader_runs_end_as_on_the_file(lake, tmp_path):
    files = [office_file(tmp_path, office) for office in range(OFFICES)]
    store.open_database(lake).close()  # the lake made and migrated, as the first app server does
    stop = tmp_path / "writers-done"
    reader = subprocess.Popen([sys.executable, "-c", READER, lake, str(stop), CITY], cwd=PROJECT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    writers = [subprocess.Popen(ingest_command(lake, file), cwd=PROJECT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for file in files]
    results = [writer.communicate(timeout=300) for writer in writers]
    stop.touch()
    seen_out, reader_err = reader.communicate(timeout=300)
    assert [w.returncode for w in writers] == [0] * OFFICES, [err for _, err in results]
    upload_ids = sorted(i for out, _ in results for i in json.loads(out)["upload_ids"])
    assert upload_ids == [1, 2, 3]  # numbered once each, never twice, however the commits interleaved

    assert reader.returncode == 0, reader_err
    seen = [int(total) for total in seen_out.split()]
    assert all(set(str(total)) <= {"0", "3"} for total in seen), sorted(set(seen))  # whole uploads only
    assert seen[-1] == 333

    embedded = tmp_path / "embedded.duckdb"
    for file in files:
        code, _, err = run_cli("ingest", str(file), "--db", str(embedded), "--city", CITY)
        assert code == 0, err
    assert values_csv(lake) == values_csv(embedded)
    con = store.open_database(lake, read_only=True)
    assert con.execute("SELECT count(*) FROM audit_log WHERE action = 'upload'").fetchall() == [(OFFICES,)]


def test_the_same_file_sent_by_two_processes_at_once_is_kept_once(lake, tmp_path):
    file = office_file(tmp_path, 1)
    store.open_database(lake).close()
    writers = [subprocess.Popen(ingest_command(lake, file), cwd=PROJECT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for writer in writers:
        writer.communicate(timeout=300)
    assert sorted(w.returncode for w in writers) == [0, 1]  # one kept, the other refused as a duplicate
    con = store.open_database(lake, read_only=True)
    assert con.execute("SELECT count(*) FROM uploads").fetchall() == [(1,)]
    assert int(compute_values(con, CITY, codes=["participants"])["value"].sum()) == 30


def test_migrate_to_the_lake_and_back_keeps_every_figure(lake, tmp_path):
    source = tmp_path / "city.duckdb"
    for office in range(OFFICES):
        assert run_cli("ingest", str(office_file(tmp_path, office)), "--db", str(source), "--city", CITY)[0] == 0
    assert run_cli("rollback", "2", "--db", str(source))[0] == 0  # a rolled-back upload moves as it is
    code, out, err = run_cli("migrate", "--db", str(source), "--to", lake)
    assert code == 0, err
    assert "every figure is the same" in out
    back = tmp_path / "back.duckdb"
    code, _, err = run_cli("migrate", "--db", lake, "--to", str(back))
    assert code == 0, err
    assert values_csv(lake) == values_csv(source) == values_csv(back)
    assert "303" in values_csv(lake)  # offices 0 and 2; office 1 rolled back
    assert run_cli("uploads", "--db", lake)[1] == run_cli("uploads", "--db", str(source))[1]
    code, _, err = run_cli("migrate", "--db", str(source), "--to", lake)
    assert code == 1 and "already holds uploads" in err  # never over a record without --replace
    # New uploads on the lake are numbered after the moved ones.
    code, out, err = run_cli("ingest", str(office_file(tmp_path, 4)), "--db", lake, "--city", CITY, "--json")
    assert code == 0, err
    assert json.loads(out)["upload_ids"] == [4]


def test_backups_cross_between_the_stores(lake, tmp_path):
    source = tmp_path / "city.duckdb"
    assert run_cli("ingest", str(office_file(tmp_path, 2)), "--db", str(source), "--city", CITY)[0] == 0
    assert run_cli("backup", "--db", str(source), "--out", str(tmp_path / "from-file"))[0] == 0
    code, _, err = run_cli("restore", str(tmp_path / "from-file"), "--db", lake)
    assert code == 0, err
    assert values_csv(lake) == values_csv(source)
    code, _, err = run_cli("users", "add", "somchai", "--role", "admin", "--password-stdin", "--db", lake,
                           stdin="a-long-password\n")
    assert code == 0, err
    assert run_cli("backup", "--db", lake, "--out", str(tmp_path / "from-lake"))[0] == 0
    again = tmp_path / "again.duckdb"
    code, _, err = run_cli("restore", str(tmp_path / "from-lake"), "--db", str(again))
    assert code == 0, err
    assert values_csv(again) == values_csv(source)
    assert "somchai" in run_cli("users", "list", "--db", str(again))[1]


def test_an_unreachable_catalog_is_a_clear_message(tmp_path, postgres):
    target = f"ducklake:postgres:dbname=nowhere host=127.0.0.1 port={postgres.port + 1} user=postgres"
    code, _, err = run_cli("values", "--db", target)
    assert code == 3
    assert "cannot be reached" in err and "Traceback" not in err
    code, _, err = run_cli("values", "--db", target, "--lang", "th")
    assert "เชื่อมต่อแค็ตตาล็อก" in err


def test_a_writer_killed_mid_commit_leaves_nothing_half_written(lake, tmp_path):
    """SIGKILL at seeded moments over a 3,000-row ingest, each run a city of its own on the same lake:
    every city then holds its upload whole or nothing of it, and the lake still opens and takes uploads."""
    big = big_activities_csv(tmp_path / "activities_big.csv", 3_000)
    store.open_database(lake).close()
    durations = []
    for city in ("Reference", "Reference again"):  # the first run may pay one-off costs: the kills follow the faster
        started = time.monotonic()
        done = subprocess.run(ingest_command(lake, big, city=city), cwd=PROJECT, capture_output=True,
                              text=True, timeout=300)
        durations.append(time.monotonic() - started)
        assert done.returncode == 0, done.stderr
    duration = min(durations)
    tables = ["activities", "participation", "activity_areas", "problems"]
    con = store.open_database(lake, read_only=True)
    expected = {t: con.execute(f"SELECT count(*) FROM {t} WHERE upload_id = 1").fetchall()[0][0] for t in tables}
    con.close()
    rng = random.Random(20261201)
    delays = [rng.uniform(duration * 0.15, duration * 1.3) for _ in range(8)]
    outcomes = []
    for run, delay in enumerate(delays):
        process = subprocess.Popen(ingest_command(lake, big, city=f"Crash {run}"), cwd=PROJECT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
        con = store.open_database(lake, read_only=True)
        uploads = con.execute("SELECT upload_id, status FROM uploads WHERE city = ?", [f"Crash {run}"]).fetchall()
        if uploads:
            assert [status for _, status in uploads] == ["committed"]
            counts = {t: con.execute(f"SELECT count(*) FROM {t} WHERE upload_id = ?", [uploads[0][0]]).fetchall()[0][0]
                      for t in tables}
            assert counts == expected, f"run {run} (kill at {delay:.2f}s): half-written"
        known = {u for (u,) in con.execute("SELECT upload_id FROM uploads").fetchall()}
        for table in tables:
            strays = con.execute(f"SELECT DISTINCT upload_id FROM {table}").fetchall()
            assert {u for (u,) in strays} <= known, f"run {run}: rows of no upload in {table}"
        con.close()
        outcomes.append("complete" if uploads else "absent")
    assert "absent" in outcomes
    code, out, err = run_cli("ingest", str(office_file(tmp_path, 0)), "--db", lake, "--city", CITY, "--json")
    assert code == 0, err  # the lake takes the next upload after all those kills
    print(f"\nlake kills: {outcomes}; ingest takes {duration:.2f}s")


def test_messages_never_show_the_catalog_password():
    shown = lake_store.shown("ducklake:postgres:dbname=x host=127.0.0.1 password=secret user=postgres")
    assert shown == "ducklake:postgres:dbname=x host=127.0.0.1 user=postgres"


def test_three_processes_starting_together_on_a_new_lake_make_it_and_load_the_sample_once(lake):
    """As app servers started at the same moment do: the lake is created, migrated and given the sample city
    by exactly one of them; all three then show the same figures."""
    readers = [subprocess.Popen([sys.executable, "-m", "indicators", "values", "--db", lake], cwd=PROJECT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [reader.communicate(timeout=300) for reader in readers]
    assert [r.returncode for r in readers] == [0, 0, 0], [err for _, err in results]
    assert len({out for out, _ in results}) == 1 and results[0][0].count("\n") > 100
    assert sum("loaded the SYNTHETIC sample" in err for _, err in results) == 1
    con = store.open_database(lake, read_only=True)
    assert con.execute("SELECT count(*), count(DISTINCT sha256) FROM uploads").fetchall() == [(6, 6)]
    assert con.execute("SELECT count(*) FROM meta WHERE key = 'schema_version'").fetchall() == [(1,)]
