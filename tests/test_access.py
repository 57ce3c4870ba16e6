"""Access (issue 16, items 7–9): the role is read from the database on every write, so lowering or disabling
an account takes effect in sessions already open; sign-in is throttled per account and per client address
in the database (a lock-out survives reloads and restarts, and is in the audit log); single sign-on set up
without what it needs falls back to local sign-in and says what is missing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from conftest import PROJECT, thai_activities_workbook
from streamlit.testing.v1 import AppTest

from indicators import actions, store
from indicators.base.errors import PermissionDenied
from indicators.ingest import ingest_files
from indicators.store import accounts, sign_in
from indicators.store.accounts import Actor

CITY = "เมืองสิทธิ์"
ADMIN = Actor("adam", "admin")


@pytest.fixture
def with_accounts(con):
    accounts.add_user(con, "adam", "admin", "battery staple")
    accounts.add_user(con, "rita", "researcher", "correct horse")
    return con


@pytest.fixture
def planned(with_accounts, tmp_path):
    outcome = ingest_files(with_accounts, [thai_activities_workbook(tmp_path / "activities_2567.xlsx")], CITY,
                           dry_run=True)
    return outcome.plans


# --- item 7: the role of the database, not of the session ---------------------------------------------


@pytest.mark.parametrize("change", ["lowered", "disabled"])
def test_an_open_session_loses_write_access_the_moment_an_admin_changes_the_account(con, planned, change):
    session_actor = accounts.authenticate(con, "rita", "correct horse")  # signed in: the session keeps this
    assert session_actor == Actor("rita", "researcher", "local")
    if change == "lowered":
        actions.set_user_role(con, ADMIN, "rita", "viewer")
    else:
        actions.disable_user(con, ADMIN, "rita")
    with pytest.raises(PermissionDenied) as refused:
        actions.commit_upload(con, session_actor, planned)
    assert refused.value.exit_code == 4
    assert ("disabled" if change == "disabled" else "viewer") in refused.value.message_en
    assert con.execute("SELECT count(*) FROM uploads").fetchall() == [(0,)]


def test_a_raised_role_takes_effect_at_once_and_is_what_the_audit_log_records(con, planned):
    session_actor = Actor("rita", "researcher", "local")
    actions.set_user_role(con, ADMIN, "rita", "admin")
    ids = actions.commit_upload(con, session_actor, planned)
    actions.rollback(con, session_actor, ids[0])  # an admin's action, allowed by the role in the database
    assert con.execute("SELECT role FROM audit_log WHERE action = 'rollback'").fetchall() == [("admin",)]


def test_an_actor_made_up_in_a_session_has_no_rights(con, planned):
    with pytest.raises(PermissionDenied):
        actions.commit_upload(con, Actor("mallory", "admin", "local"), planned)
    with pytest.raises(PermissionDenied):
        actions.commit_upload(con, Actor("mallory", "admin", "oidc"), planned)


def test_the_upload_page_refuses_a_session_whose_account_was_lowered(con, tmp_path, monkeypatch, db_path):
    accounts.add_user(con, "rita", "researcher", "correct horse")
    con.close()
    at = AppTest.from_file(str(PROJECT / "dashboard.py"), default_timeout=180)
    at.session_state["lang"], at.session_state["actor"] = "en", Actor("rita", "researcher", "local")
    at.switch_page("pages/upload.py")
    at.run()
    assert not at.exception
    assert at.file_uploader  # the researcher sees the wizard
    admin = store.open_database(db_path)
    accounts.set_role(admin, "rita", "viewer")
    admin.close()
    at.run()
    assert not at.exception
    assert not at.file_uploader  # the next run reads the role again
    assert any("viewer" in c.value for c in at.sidebar.caption)


# --- item 8: sign-in throttled in the database ----------------------------------------------------------


def test_failed_sign_ins_lock_the_account_across_restarts_and_are_audited(db_path):
    con = store.open_database(db_path)
    accounts.add_user(con, "rita", "researcher", "correct horse")
    start = datetime(2026, 1, 5, 9, 0)
    for attempt in range(sign_in.MAX_FAILURES_PER_ACCOUNT):
        result = sign_in.sign_in(con, "rita", "wrong", client="10.0.0.1", now=start + timedelta(seconds=attempt))
        assert result.actor is None
    con.close()
    con = store.open_database(db_path)  # a restart (or a reload: nothing lives in the session)
    locked = sign_in.sign_in(con, "rita", "correct horse", client="10.0.0.2", now=start + timedelta(minutes=1))
    assert locked.actor is None and locked.locked_until is not None
    assert "rita" in locked.message("en") and THAI_LETTER(locked.message("th"))
    logged = con.execute("SELECT action, target, detail FROM audit_log WHERE action = 'sign_in_locked'").fetchall()
    assert len(logged) == 1 and logged[0][1] == "rita" and "10.0.0.1" in logged[0][2]
    later = start + timedelta(minutes=sign_in.LOCK_MINUTES + 1)
    assert sign_in.sign_in(con, "rita", "correct horse", client="10.0.0.2", now=later).actor == Actor(
        "rita", "researcher", "local")
    con.close()


def test_failed_sign_ins_from_one_address_lock_that_address_for_every_account(con):
    accounts.add_user(con, "rita", "researcher", "correct horse")
    start = datetime(2026, 1, 5, 9, 0)
    for attempt in range(sign_in.MAX_FAILURES_PER_CLIENT):
        sign_in.sign_in(con, f"guess{attempt}", "wrong", client="203.0.113.9", now=start + timedelta(seconds=attempt))
    blocked = sign_in.sign_in(con, "rita", "correct horse", client="203.0.113.9", now=start + timedelta(minutes=2))
    assert blocked.actor is None and blocked.locked_until is not None
    elsewhere = sign_in.sign_in(con, "rita", "correct horse", client="198.51.100.7", now=start + timedelta(minutes=2))
    assert elsewhere.actor == Actor("rita", "researcher", "local")


def test_a_successful_sign_in_clears_the_accounts_count(con):
    accounts.add_user(con, "rita", "researcher", "correct horse")
    start = datetime(2026, 1, 5, 9, 0)
    for round_ in range(3):
        for attempt in range(sign_in.MAX_FAILURES_PER_ACCOUNT - 1):
            sign_in.sign_in(con, "rita", "typo", client="10.0.0.1", now=start + timedelta(minutes=round_, seconds=attempt))
        ok = sign_in.sign_in(con, "rita", "correct horse", client="10.0.0.1",
                             now=start + timedelta(minutes=round_, seconds=30))
        assert ok.actor is not None


def test_the_sign_in_form_stays_locked_after_a_reload(con, db_path):
    accounts.add_user(con, "rita", "researcher", "correct horse")
    con.close()

    def fresh_session() -> AppTest:
        at = AppTest.from_file(str(PROJECT / "dashboard.py"), default_timeout=180)
        at.session_state["lang"] = "en"
        return at.run()

    for _ in range(sign_in.MAX_FAILURES_PER_ACCOUNT):
        at = fresh_session()  # every attempt from a new session, as a reload gives
        at.text_input(key="_login_name").set_value("rita")
        at.text_input(key="_login_password").set_value("wrong password")
        next(b for b in at.button if "Sign in" in b.label).click()
        at.run()
    at = fresh_session()
    at.text_input(key="_login_name").set_value("rita")
    at.text_input(key="_login_password").set_value("correct horse")
    next(b for b in at.button if "Sign in" in b.label).click()
    at.run()
    assert not at.exception
    assert "actor" not in at.session_state
    assert any("locked" in e.value.lower() and "reload" not in e.value.lower() for e in at.sidebar.error)


def THAI_LETTER(text: str) -> bool:  # noqa: N802 (reads as the condition it checks)
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


# --- item 9: [auth] in secrets without what it needs ------------------------------------------------------


def test_sso_configured_without_authlib_falls_back_to_local_sign_in_and_says_why(con, db_path):
    accounts.add_user(con, "rita", "researcher", "correct horse")
    con.close()
    at = AppTest.from_file(str(PROJECT / "dashboard.py"), default_timeout=180)
    at.session_state["lang"] = "en"
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "id", "client_secret": "secret",
                          "server_metadata_url": "https://login.example/.well-known/openid-configuration"}
    at.run()
    assert not at.exception
    assert at.text_input(key="_login_name") is not None  # the local form is there
    notes = " ".join(c.value for c in at.sidebar.caption)
    assert "Authlib" in notes and "local" in notes.lower()
    at.text_input(key="_login_name").set_value("rita")
    at.text_input(key="_login_password").set_value("correct horse")
    next(b for b in at.button if "Sign in" in b.label).click()
    at.run()
    assert not at.exception
    assert at.session_state["actor"] == Actor("rita", "researcher", "local")


def test_sso_configured_without_its_keys_names_the_missing_keys(con, db_path):
    accounts.add_user(con, "rita", "researcher", "correct horse")
    con.close()
    at = AppTest.from_file(str(PROJECT / "dashboard.py"), default_timeout=180)
    at.session_state["lang"] = "en"
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback"}
    at.run()
    assert not at.exception
    notes = " ".join(c.value for c in at.sidebar.caption)
    assert "cookie_secret" in notes and "client_id" in notes
    assert at.text_input(key="_login_name") is not None
