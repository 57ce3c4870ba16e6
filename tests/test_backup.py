"""Backup and restore: the sample database round-trips to identical tables and identical `values`;
damaged, newer or misplaced restores are refused with nothing written."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

from indicators import store
from indicators.base.errors import LearningCityError
from indicators.ingest.sample import SAMPLE_CITY, load_sample_if_empty
from indicators.measure.compute import compute_values
from indicators.store import accounts
from indicators.store.backup import backup, restore


def everything(con) -> dict:
    tables = [t for (t,) in con.execute("SELECT table_name FROM information_schema.tables "
                                        "WHERE table_schema = 'main' AND table_type = 'BASE TABLE'").fetchall()]
    return {t: sorted(map(repr, con.execute(f'SELECT * FROM "{t}"').fetchall())) for t in tables}


@pytest.fixture
def sample(tmp_path):
    con = store.open_database(tmp_path / "sample.duckdb")
    load_sample_if_empty(con)
    accounts.add_user(con, "adam", "admin", "a long password")
    yield con
    con.close()


def test_sample_round_trips_to_identical_tables_and_values(sample, tmp_path):
    manifest = backup(sample, tmp_path / "backup")
    assert manifest["schema_version"] == store.SCHEMA_VERSION and manifest["tables"]["activities"]["rows"] > 0
    copy = store.open_database(tmp_path / "restored.duckdb")
    try:
        restore(copy, tmp_path / "backup")
        assert everything(copy) == everything(sample)
        city = SAMPLE_CITY
        assert compute_values(copy, city, by=("year", "district")).equals(compute_values(sample, city, by=("year", "district")))
        assert accounts.authenticate(copy, "adam", "a long password").role == "admin"
        new_id = store.next_upload_id(copy)
        assert new_id > sample.execute("SELECT max(upload_id) FROM uploads").fetchall()[0][0]
    finally:
        copy.close()


def test_the_cli_round_trip_gives_the_same_values_output(sample, tmp_path):
    source = tmp_path / "sample.duckdb"
    sample.close()
    code, before, _ = run_cli("values", "--by", "year,district", "--db", str(source))
    assert run_cli("backup", "--out", str(tmp_path / "b"), "--db", str(source))[0] == 0
    assert run_cli("restore", str(tmp_path / "b"), "--db", str(tmp_path / "r.duckdb"))[0] == 0
    code, after, _ = run_cli("values", "--by", "year,district", "--db", str(tmp_path / "r.duckdb"))
    assert code == 0 and after == before and len(before.splitlines()) > 100


def test_a_changed_backup_file_is_refused_and_nothing_is_written(sample, tmp_path):
    backup(sample, tmp_path / "backup")
    with (tmp_path / "backup" / "activities.parquet").open("ab") as handle:
        handle.write(b"tampered")
    copy = store.open_database(tmp_path / "restored.duckdb")
    try:
        before = everything(copy)
        with pytest.raises(LearningCityError, match="missing or changed") as refused:
            restore(copy, tmp_path / "backup")
        assert "ถูกแก้ไข" in refused.value.message_th
        assert everything(copy) == before
    finally:
        copy.close()


def test_restore_refuses_a_database_with_data_unless_told_to_replace(sample, tmp_path):
    backup(sample, tmp_path / "backup")
    with pytest.raises(LearningCityError, match="already holds uploads"):
        restore(sample, tmp_path / "backup")
    restore(sample, tmp_path / "backup", replace=True)
    assert sample.execute("SELECT count(*) FROM uploads").fetchall()[0][0] > 0


def test_a_backup_from_a_newer_version_is_refused(sample, tmp_path):
    backup(sample, tmp_path / "backup")
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    manifest["schema_version"] = store.SCHEMA_VERSION + 1
    (tmp_path / "backup" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(LearningCityError, match="newer version"):
        restore(store.open_database(tmp_path / "new.duckdb"), tmp_path / "backup")


def test_backup_never_overwrites_a_folder_with_files(sample, tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "thesis.docx").write_bytes(b"keep me")
    with pytest.raises(LearningCityError, match="not empty"):
        backup(sample, tmp_path / "busy")
    assert (tmp_path / "busy" / "thesis.docx").read_bytes() == b"keep me"
