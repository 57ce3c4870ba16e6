"""Accounts, roles and the audit log through the engine API (the pages are tested in test_upload_app):
passwords stored salted and hashed, each write refused to a role below the one it needs — with nothing
written —, every change logged in the same transaction, and the CLI that creates accounts."""

from __future__ import annotations

import pytest
from conftest import add_accounts, run_cli, table_snapshot, thai_activities_workbook

from indicators import actions, store
from indicators.base.errors import PermissionDenied, Problem, ValidationRefused
from indicators.ingest import ingest_files
from indicators.measure.progress import evidence_for, load_targets
from indicators.store import accounts, audit
from indicators.store.accounts import Actor

CITY = "เมืองทดสอบ"
VIEWER, RESEARCHER, ADMIN = Actor("vee", "viewer"), Actor("rita", "researcher"), Actor("adam", "admin")


@pytest.fixture
def planned(con, tmp_path):
    add_accounts(con)
    outcome = ingest_files(con, [thai_activities_workbook(tmp_path / "activities_2567.xlsx")], CITY, dry_run=True)
    assert outcome.status == "dry_run"
    return outcome.plans


def test_passwords_are_salted_hashes_and_sign_in_checks_them(con):
    accounts.add_user(con, "rita", "researcher", "correct horse")
    accounts.add_user(con, "ruth", "researcher", "correct horse")
    stored = con.execute("SELECT name, salt, password_hash FROM users ORDER BY name").fetchall()
    assert all(b"correct horse" not in bytes(h) and b"correct horse" not in bytes(s) for _, s, h in stored)
    assert stored[0][1] != stored[1][1] and stored[0][2] != stored[1][2]  # same password, different salt and hash
    assert accounts.authenticate(con, "rita", "correct horse") == Actor("rita", "researcher", "local")
    assert accounts.authenticate(con, "rita", "wrong horse") is None
    assert accounts.authenticate(con, "nobody", "correct horse") is None
    accounts.disable_user(con, "rita")
    assert accounts.authenticate(con, "rita", "correct horse") is None


def test_weak_passwords_and_unknown_roles_are_refused(con):
    with pytest.raises(Exception, match="at least 8"):
        accounts.add_user(con, "rita", "researcher", "short")
    with pytest.raises(Exception, match="Role must be"):
        accounts.add_user(con, "rita", "superuser", "long enough password")


@pytest.mark.parametrize("actor, allowed", [(VIEWER, set()),
                                             (RESEARCHER, {"upload", "edit_mapping", "edit_evidence", "edit_column_mapping",
                                                           "upload_boundaries",
                                                          "edit_chart_notes", "edit_quality_rules", "follow_up_quality"}),
                                             (ADMIN, set(accounts.NEEDS))])
def test_each_role_may_do_exactly_its_actions(actor, allowed):
    assert {action for action in accounts.NEEDS if actor.can(action)} == allowed


def test_a_viewer_changes_nothing_through_the_engine_api(con, planned):
    before = table_snapshot(con)
    attempts = [
        lambda: actions.commit_upload(con, VIEWER, planned),
        lambda: actions.save_evidence(con, VIEWER, CITY, "1.1", 2024, "x", "x"),
        lambda: actions.save_target(con, VIEWER, CITY, "participants", 10, 2027),
        lambda: actions.save_mapping_rules(con, VIEWER, CITY, keyword_rules=None),
        lambda: actions.rollback(con, VIEWER, 1),
        lambda: actions.add_user(con, VIEWER, "mallory", "admin", "password-123"),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied) as denied:
            attempt()
        assert "viewer" in denied.value.message_en and "ผู้ชม" in denied.value.message_th
    assert table_snapshot(con) == before
    assert audit.entries(con).empty
    assert "mallory" not in set(accounts.list_users(con)["name"])


def test_a_researcher_uploads_but_cannot_roll_back_or_set_targets(con, planned):
    [upload_id] = actions.commit_upload(con, RESEARCHER, planned)
    with pytest.raises(PermissionDenied, match="needs the admin role"):
        actions.rollback(con, RESEARCHER, upload_id)
    with pytest.raises(PermissionDenied):
        actions.save_target(con, RESEARCHER, CITY, "participants", 5000, 2027)
    assert load_targets(con, CITY).empty
    assert store.fetch_one(con, "SELECT status FROM uploads WHERE upload_id = ?", [upload_id])[0] == "committed"
    actions.rollback(con, ADMIN, upload_id)
    assert store.fetch_one(con, "SELECT status FROM uploads WHERE upload_id = ?", [upload_id])[0] == "rolled_back"


def test_every_change_is_in_the_audit_log_with_who_and_the_file_hash(con, planned):
    [upload_id] = actions.commit_upload(con, RESEARCHER, planned)
    actions.save_evidence(con, RESEARCHER, CITY, "2.3", 2024, "Vocational week", "สัปดาห์อาชีพ",
                          ["https://example.org/report.pdf"])
    actions.save_target(con, ADMIN, CITY, "participants", 5000, 2027, 2024)
    actions.rollback(con, ADMIN, upload_id)
    log = audit.entries(con, CITY).sort_values("logged_at")
    assert log["action"].tolist() == ["upload", "edit_evidence", "edit_targets", "rollback"]
    assert log["actor"].tolist() == ["rita", "rita", "adam", "adam"]
    assert planned[0].sha256 in log.iloc[0]["detail"] and planned[0].sha256 in log.iloc[3]["detail"]
    assert evidence_for(con, CITY, "2.3", 2024)["narrative_th"].tolist() == ["สัปดาห์อาชีพ"]


def test_a_refused_commit_writes_nothing_and_logs_nothing(con, planned):
    before = table_snapshot(con)
    planned[0].problems.append(Problem("error", "negative_count", "Negative.", "ติดลบ", planned[0].file_name))
    with pytest.raises(ValidationRefused):
        actions.commit_upload(con, RESEARCHER, planned)
    assert table_snapshot(con) == before
    assert audit.entries(con).empty


def test_cli_creates_accounts_without_the_password_on_the_command_line(tmp_path):
    db = tmp_path / "cli.duckdb"
    code, out, err = run_cli("users", "add", "adam", "--role", "admin", "--password-stdin", "--db", str(db),
                             stdin="a long password\n")
    assert code == 0, err
    code, out, _ = run_cli("users", "list", "--db", str(db))
    assert "adam,admin" in out and "a long password" not in out
    code, out, _ = run_cli("audit", "--db", str(db))
    assert "manage_users" in out and "a long password" not in out
    con = store.open_database(db)
    try:
        assert accounts.authenticate(con, "adam", "a long password").role == "admin"
    finally:
        con.close()
