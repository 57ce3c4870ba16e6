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


def test_a_backup_from_before_a_schemas_new_tables_restores_them_empty(sample, tmp_path):
    from indicators.store import backup_key
    from indicators.store.backup import TABLES_SINCE

    backup(sample, tmp_path / "backup")
    path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest.pop("signature")
    new_tables = TABLES_SINCE[4]
    manifest["schema_version"] = 3
    manifest["tables"] = {t: facts for t, facts in manifest["tables"].items() if t not in new_tables}
    path.write_text(json.dumps(backup_key.sign(manifest, backup_key.load_key()[0])))
    fresh = store.open_database(tmp_path / "new.duckdb")
    restore(fresh, tmp_path / "backup")
    assert compute_values(fresh, SAMPLE_CITY).equals(compute_values(sample, SAMPLE_CITY))
    assert all(fresh.execute(f"SELECT count(*) FROM {t}").fetchone()[0] == 0 for t in new_tables)


def test_backup_never_overwrites_a_folder_with_files(sample, tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "thesis.docx").write_bytes(b"keep me")
    with pytest.raises(LearningCityError, match="not empty"):
        backup(sample, tmp_path / "busy")
    assert (tmp_path / "busy" / "thesis.docx").read_bytes() == b"keep me"


# --- signed manifests (issue 16, item 14) --------------------------------------------------------------


def _manifest(folder):
    return json.loads((folder / "manifest.json").read_text())


def _write_manifest(folder, manifest):
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))


def _sha256(path):
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_edited_and_hashed_again_in_the_manifest_is_refused(sample, tmp_path):
    """The attack: multiply every participant count by 100 and put the new file's hash in the manifest."""
    import duckdb

    folder = tmp_path / "backup"
    backup(sample, folder)
    table = (folder / "participation.parquet").as_posix()
    edit = duckdb.connect()
    edit.execute(f"COPY (SELECT * REPLACE (value * 100 AS value) FROM read_parquet('{table}')) "
                 f"TO '{tmp_path / 'forged.parquet'}' (FORMAT parquet)")
    (tmp_path / "forged.parquet").replace(folder / "participation.parquet")
    manifest = _manifest(folder)
    manifest["tables"]["participation"]["sha256"] = _sha256(folder / "participation.parquet")
    _write_manifest(folder, manifest)
    copy = store.open_database(tmp_path / "restored.duckdb")
    before = everything(copy)
    with pytest.raises(LearningCityError, match="changed after it was signed") as refused:
        restore(copy, folder)
    assert "ถูกแก้ไขหลังจากลงนาม" in refused.value.message_th
    assert everything(copy) == before
    copy.close()


def test_a_manifest_without_some_tables_is_refused_even_when_signed(sample, tmp_path, backup_key):
    from indicators.store import backup_key as signing

    folder = tmp_path / "backup"
    backup(sample, folder)
    manifest = _manifest(folder)
    for table in ("users", "audit_log"):
        del manifest["tables"][table]
        (folder / f"{table}.parquet").unlink()
    key, _ = signing.load_key(backup_key)
    _write_manifest(folder, signing.sign(manifest, key))  # even someone holding the key
    copy = store.open_database(tmp_path / "restored.duckdb")
    with pytest.raises(LearningCityError, match="lacks the table") as refused:
        restore(copy, folder)
    assert "audit_log" in refused.value.message_en and "users" in refused.value.message_en
    assert copy.execute("SELECT count(*) FROM uploads").fetchall() == [(0,)]
    copy.close()


def test_an_unsigned_manifest_or_another_key_is_refused(sample, tmp_path):
    folder = tmp_path / "backup"
    backup(sample, folder)
    other_key = tmp_path / "other.key"
    other_key.write_text("ab" * 32)
    copy = store.open_database(tmp_path / "restored.duckdb")
    with pytest.raises(LearningCityError, match="another key"):
        restore(copy, folder, key_file=other_key)
    manifest = _manifest(folder)
    del manifest["signature"]
    _write_manifest(folder, manifest)
    with pytest.raises(LearningCityError, match="not signed"):
        restore(copy, folder)
    with pytest.raises(LearningCityError, match="is not here") as refused:
        restore(copy, folder, key_file=tmp_path / "nowhere.key")
    assert refused.value.code == "no_backup_key"
    assert copy.execute("SELECT count(*) FROM uploads").fetchall() == [(0,)]
    copy.close()


def test_the_key_is_never_in_the_backup_and_is_private(sample, tmp_path, backup_key):
    import os
    import stat

    folder = tmp_path / "backup"
    backup(sample, folder)
    key_text = backup_key.read_text().strip()
    assert stat.S_IMODE(os.stat(backup_key).st_mode) == 0o600
    assert not any(key_text.encode() in path.read_bytes() for path in folder.iterdir())
    with pytest.raises(LearningCityError, match="must never hold its key"):
        backup(sample, tmp_path / "inside", key_file=tmp_path / "inside" / "backup.key")


def test_restore_says_what_was_checked(sample, tmp_path):
    sample_path = tmp_path / "sample.duckdb"
    sample.close()
    assert run_cli("backup", "--out", str(tmp_path / "b"), "--db", str(sample_path))[0] == 0
    code, out, err = run_cli("restore", str(tmp_path / "b"), "--db", str(tmp_path / "r.duckdb"))
    assert code == 0, err
    assert "HMAC-SHA256" in out and "tables of schema" in out and "SHA-256 of each" in out and "rows read" in out
    code, out_th, _ = run_cli("restore", str(tmp_path / "b"), "--db", str(tmp_path / "r2.duckdb"), "--lang", "th")
    assert code == 0 and "ลายเซ็น" in out_th and "ตรวจสอบก่อนบันทึก" in out_th
