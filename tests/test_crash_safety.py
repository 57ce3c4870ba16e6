"""Crash safety (issue 8): a real `python -m indicators ingest` is killed with SIGKILL at seeded random
moments across its whole run, 30+ times. Each time the database must open, `uploads` must work, and the
killed upload must be either fully there (uploads row and every row count as in an uninterrupted run)
or not there at all (no row carrying its upload id in any table) — never half-written.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from indicators import cli
from indicators.ingest import ingest_files
from indicators.store import open_database
from tests.bad_inputs import big_activities_csv, good_xlsx
from tests.conftest import PROJECT

RUNS = 32
ROWS = 3_000
CITY = "Crash City"
TABLES = ["activities", "participation", "outcomes", "statistics", "problems", "activity_areas", "superseded"]


def _ingest_command(file: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "indicators", "ingest", str(file), "--db", str(db), "--city", CITY]


def _counts(db: Path) -> tuple[list[tuple], dict[str, int]]:
    """Uploads of the city and the rows per table carrying the upload ids above the base one."""
    con = open_database(db)
    try:
        uploads = con.execute("SELECT upload_id, file_name, status FROM uploads WHERE city = ? ORDER BY upload_id",
                              [CITY]).fetchall()
        counts = {t: con.execute(f"SELECT count(*) FROM {t} WHERE upload_id > 1").fetchone()[0] for t in TABLES}
        base = {t: con.execute(f"SELECT count(*) FROM {t} WHERE upload_id = 1").fetchone()[0] for t in TABLES}
    finally:
        con.close()
    return uploads, {**counts, **{f"base:{t}": n for t, n in base.items()}}


def _uploads_cli_works(db: Path, in_subprocess: bool) -> None:
    """`indicators uploads` on the crashed database: in-process through cli.main (the same code as
    `python -m indicators uploads`, without 1.5 s of interpreter start-up), and for some runs as a real
    subprocess."""
    if in_subprocess:
        done = subprocess.run([sys.executable, "-m", "indicators", "uploads", "--db", str(db)], capture_output=True,
                              text=True, cwd=PROJECT, timeout=60)
        status, out, err = done.returncode, done.stdout, done.stderr
    else:
        out_buffer, err_buffer = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out_buffer), contextlib.redirect_stderr(err_buffer):
            status = cli.main(["uploads", "--db", str(db)])
        out, err = out_buffer.getvalue(), err_buffer.getvalue()
    assert status == 0, err
    assert "Traceback" not in err
    assert "base.xlsx" in out


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """A base database holding one small upload, the big file, and one uninterrupted reference run."""
    folder = tmp_path_factory.mktemp("crash")
    base_db = folder / "base.duckdb"
    small = folder / "base.xlsx"
    small.write_bytes(good_xlsx())
    con = open_database(base_db)
    assert ingest_files(con, [small], CITY).status == "committed"
    con.execute("CHECKPOINT")
    con.close()
    big = big_activities_csv(folder / "activities_big.csv", ROWS)
    reference_db = folder / "reference.duckdb"
    shutil.copy(base_db, reference_db)
    started = time.monotonic()
    done = subprocess.run(_ingest_command(big, reference_db), capture_output=True, text=True, cwd=PROJECT,
                          timeout=120)
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    uploads, expected = _counts(reference_db)
    assert [u[1] for u in uploads] == ["base.xlsx", big.name]
    assert expected["activities"] == ROWS
    assert expected["participation"] >= ROWS  # at least one total per activity
    return folder, base_db, big, duration, expected


def _kill_run(prepared, run: int, delay: float) -> tuple[Path, bool]:
    folder, base_db, big, _, _ = prepared
    db = folder / f"run{run}.duckdb"
    shutil.copy(base_db, db)
    process = subprocess.Popen(_ingest_command(big, db), cwd=PROJECT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=delay)  # returns early if the ingest finished before the kill
        return db, True
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        return db, False


def _check_run(prepared, run: int, delay: float, db: Path, finished: bool) -> str:
    _, _, big, _, expected = prepared
    uploads, counts = _counts(db)
    names = [u[1] for u in uploads]
    assert names[0] == "base.xlsx"
    for table in TABLES:  # the earlier upload is untouched whatever happened
        assert counts[f"base:{table}"] == expected[f"base:{table}"], (run, table)
    if len(names) == 2:
        assert names[1] == big.name and uploads[1][2] == "committed"
        for table in TABLES:
            assert counts[table] == expected[table], f"run {run} (kill at {delay:.2f}s): {table} half-written"
        outcome = "complete"
    else:
        assert names == ["base.xlsx"], names
        leftovers = {t: counts[t] for t in TABLES if counts[t]}
        assert not leftovers, f"run {run} (kill at {delay:.2f}s): rows without an upload: {leftovers}"
        outcome = "absent"
    _uploads_cli_works(db, in_subprocess=run % 8 == 0)
    db.unlink()
    Path(str(db) + ".wal").unlink(missing_ok=True)
    return f"{outcome}{'' if not finished else ' (finished before kill)'}"


def test_kill_minus_nine_never_half_writes(prepared):
    duration = prepared[3]
    rng = random.Random(20261123)
    # half the kill moments spread over the whole run (start-up, reading, validating), half packed into
    # its last part, where the transaction writes and commits, and beyond it (two ingests in parallel run
    # slower than the reference), so both outcomes occur
    delays = [rng.uniform(0.05, duration) for _ in range(RUNS // 2)]
    delays += [rng.uniform(duration * 0.7, duration * 1.8) for _ in range(RUNS - RUNS // 2)]
    delays[-1] = delays[-2] = duration * 4  # on a busy machine, still see at least one upload complete
    with ThreadPoolExecutor(max_workers=2) as pool:
        killed = list(pool.map(lambda args: _kill_run(prepared, *args), enumerate(delays)))
    outcomes = [_check_run(prepared, run, delay, db, finished)
                for run, (delay, (db, finished)) in enumerate(zip(delays, killed))]
    assert len(outcomes) == RUNS
    assert any(o.startswith("absent") for o in outcomes), outcomes
    assert any(o.startswith("complete") for o in outcomes), outcomes
    finished = sum("finished" in o for o in outcomes)
    print(f"\n{finished} finished before the kill; ingest takes {duration:.2f}s; outcomes: "
          f"{sum(o.startswith('absent') for o in outcomes)} absent, {sum(o.startswith('complete') for o in outcomes)} complete")
