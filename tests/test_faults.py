"""Faults outside the data (issue 16, item 13): a full disk during ingest, a damaged database file, a
read-only one, a quote in a backup's path — each a clear message in Thai and English with its exit code,
never a stack trace; commands that only read open the database read-only; the dashboard says the same.

The faults are real: the disk fills up under a file-size limit (RLIMIT_FSIZE, as a full disk refuses a
write), the read-only file sits on a read-only mount (for root, file permissions mean nothing)."""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import subprocess
import sys

import pytest
from conftest import PROJECT, run_cli
from streamlit.testing.v1 import AppTest

from indicators.ingest import ingest_files
from indicators.store import open_database
from tests.bad_inputs import big_activities_csv, good_xlsx

THAI = re.compile("[\u0e00-\u0e7f]")
CITY = "Fault City"


def database_with_one_upload(path):
    con = open_database(path)
    source = path.parent / "activities.xlsx"
    source.write_bytes(good_xlsx())
    assert ingest_files(con, [source], CITY).status == "committed"
    con.execute("CHECKPOINT")
    con.close()
    return path


def no_traceback_and_both_languages(err_en: str, err_th: str) -> None:
    assert "Traceback" not in err_en and "Traceback" not in err_th
    assert err_en.strip() and THAI.search(err_th), (err_en, err_th)


# --- a full disk -------------------------------------------------------------------------------------------


def test_a_full_disk_during_ingest_says_so_writes_nothing_and_leaves_the_database_whole(tmp_path):
    db = database_with_one_upload(tmp_path / "full.duckdb")
    csv = big_activities_csv(tmp_path / "big.csv", 20_000)
    limit = db.stat().st_size + 64 * 1024  # room for the database as it is, not for 20,000 more activities

    def small_disk():  # the child's files may not grow past `limit`: writes fail as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    outputs = []
    for lang in ("en", "th"):
        done = subprocess.run([sys.executable, "-m", "indicators", "ingest", str(csv), "--db", str(db), "--city", CITY,
                               "--lang", lang], cwd=PROJECT, capture_output=True, text=True, preexec_fn=small_disk,
                              timeout=300)
        assert done.returncode == 5, done.stderr
        outputs.append(done.stderr)
    no_traceback_and_both_languages(*outputs)
    assert "full" in outputs[0] and "nothing" in outputs[0]
    code, out, err = run_cli("uploads", "--db", str(db))
    assert code == 0, err
    assert len(out.strip().splitlines()) == 2  # the header and the one upload from before
    code, out, _ = run_cli("values", "--db", str(db), "--city", CITY, "--indicator", "participants")
    assert code == 0 and out.strip().splitlines()[1:] == ["participants,1.1,2024,,95,people"]


# --- a damaged database ----------------------------------------------------------------------------------


def damaged_copies(tmp_path) -> dict:
    good = database_with_one_upload(tmp_path / "good.duckdb")
    data = good.read_bytes()
    garbage, truncated, flipped = tmp_path / "garbage.duckdb", tmp_path / "truncated.duckdb", tmp_path / "flipped.duckdb"
    garbage.write_bytes(os.urandom(200_000))
    truncated.write_bytes(data[: len(data) // 3])
    body = bytearray(data)
    body[16_384:len(body)] = os.urandom(len(body) - 16_384)  # the header stays; every block after it is noise
    flipped.write_bytes(bytes(body))
    return {"garbage": garbage, "truncated": truncated, "flipped": flipped}


@pytest.mark.parametrize("kind", ["garbage", "truncated", "flipped"])
def test_a_damaged_database_is_named_with_exit_code_2_for_every_command(tmp_path, kind):
    db = damaged_copies(tmp_path)[kind]
    csv = tmp_path / "x.csv"
    csv.write_bytes(b"title,date,participants\nClub,15/01/2567,3\n")
    for command in (["values"], ["uploads"], ["ingest", str(csv), "--city", CITY], ["rollback", "1"]):
        code_en, _, err_en = run_cli(*command, "--db", str(db))
        code_th, _, err_th = run_cli(*command, "--db", str(db), "--lang", "th")
        assert code_en == code_th == 2, (command, err_en)
        no_traceback_and_both_languages(err_en, err_th)
        assert "damaged" in err_en and "restore" in err_en


def test_the_dashboard_shows_the_same_message_for_a_damaged_database(tmp_path, monkeypatch):
    db = damaged_copies(tmp_path)["garbage"]
    monkeypatch.setenv("LEARNING_CITY_DB", str(db))
    at = AppTest.from_file(str(PROJECT / "dashboard.py"), default_timeout=120)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(e.value for e in at.error)
    assert "is damaged or is not a database" in shown and "เสียหาย" in shown


def test_a_page_meeting_a_damaged_block_says_so_instead_of_failing(tmp_path, monkeypatch):
    """The file opens, but a query meets a damaged block: the page shows the database message."""
    import duckdb

    from indicators.store import faults

    error = duckdb.IOException("IO Error: Corrupt database file: computed checksum 1 does not match stored checksum 2")
    meaning = faults.storage_error(error, "x.duckdb")
    assert meaning.code == "database_damaged" and meaning.exit_code == 2
    full = faults.storage_error(duckdb.IOException('Could not write file "x.wal": No space left on device'))
    assert full.code == "disk_full" and full.exit_code == 5


# --- a read-only database ---------------------------------------------------------------------------------


def run_on_read_only_disk(folder, *args: str) -> tuple[int, str, str]:
    """Run the CLI with `folder` read-only: a read-only mount in a private mount namespace for root
    (permissions do not stop root), the files' permissions for anyone else."""
    command = [sys.executable, "-m", "indicators", *args]
    if os.geteuid() != 0:
        for path in folder.iterdir():
            path.chmod(0o444)
        folder.chmod(0o555)
        try:
            return run_cli(*args)
        finally:
            folder.chmod(0o755)
    if not shutil.which("unshare"):
        pytest.skip("no unshare to make a read-only mount")
    quoted = " ".join(f"'{part}'" for part in command)
    script = f"mount --bind '{folder}' '{folder}' && mount -o remount,bind,ro '{folder}' && exec {quoted}"
    done = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=PROJECT, capture_output=True, text=True,
                          timeout=300)
    if "mount:" in done.stderr:
        pytest.skip(f"cannot make a read-only mount here: {done.stderr.strip()}")
    return done.returncode, done.stdout, done.stderr


def test_read_commands_work_on_a_read_only_database_and_writes_are_refused_clearly(tmp_path):
    folder = tmp_path / "readonly"
    folder.mkdir()
    db = database_with_one_upload(folder / "city.duckdb")
    _, expected, _ = run_cli("values", "--db", str(db), "--city", CITY)
    for command in (["values", "--city", CITY], ["status", "--city", CITY], ["uploads"], ["audit"],
                    ["users", "list"]):
        code, out, err = run_on_read_only_disk(folder, *command, "--db", str(db))
        assert code == 0, (command, err)
        assert "Traceback" not in err
    code, out, _ = run_on_read_only_disk(folder, "values", "--db", str(db), "--city", CITY)
    assert out == expected
    csv = tmp_path / "x.csv"
    csv.write_bytes(b"title,date,participants\nClub,15/01/2567,3\n")
    code_en, _, err_en = run_on_read_only_disk(folder, "ingest", str(csv), "--db", str(db), "--city", CITY)
    code_th, _, err_th = run_on_read_only_disk(folder, "ingest", str(csv), "--db", str(db), "--city", CITY,
                                               "--lang", "th")
    assert code_en == code_th == 4
    no_traceback_and_both_languages(err_en, err_th)
    assert "read-only" in err_en


# --- a quote in a backup's path ---------------------------------------------------------------------------


def test_a_backup_folder_with_a_quote_in_its_name_backs_up_and_restores(tmp_path):
    db = database_with_one_upload(tmp_path / "city.duckdb")
    folder = tmp_path / "it's the backup; DROP TABLE uploads"
    code, out, err = run_cli("backup", "--out", str(folder), "--db", str(db))
    assert code == 0, err
    assert (folder / "manifest.json").is_file()
    copy = tmp_path / "copy.duckdb"
    code, out, err = run_cli("restore", str(folder), "--db", str(copy))
    assert code == 0, err
    _, original, _ = run_cli("values", "--db", str(db), "--city", CITY)
    _, restored, _ = run_cli("values", "--db", str(copy), "--city", CITY)
    assert restored == original


def test_an_output_path_that_cannot_be_written_is_a_message_not_a_traceback(tmp_path):
    db = database_with_one_upload(tmp_path / "city.duckdb")
    code, _, err = run_cli("template", "--kind", "activities", "--out", str(tmp_path / "no" / "such" / "t.xlsx"),
                           "--db", str(db))
    assert code == 2 and "Traceback" not in err and "t.xlsx" in err
