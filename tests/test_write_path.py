"""The write path under races, rollbacks and links (issue 16, items 1–3): a file is counted once however
many sessions commit it at the same moment, a rollback leaves exactly the figures the database would
show had the upload never been made, and no figure is ever computed from rows whose activity is gone.

Concurrency tests use real threads and a barrier (both sessions have planned before either writes),
never sleeps."""

from __future__ import annotations

import itertools
import threading

import pytest
from conftest import PROJECT, make_xlsx, run_cli
from streamlit.testing.v1 import AppTest

from indicators import actions, store
from indicators.base.errors import LearningCityError, ValidationRefused
from indicators.ingest import ingest_files, plan_batch
from indicators.ingest.commit import write_plans
from indicators.measure.compute import compute_values
from indicators.read import read_workbook
from indicators.store import accounts
from indicators.store.accounts import Actor

CITY = "เมืองเขียนพร้อมกัน"
RESEARCHER = Actor("rita", "researcher")
ADMIN = Actor("adam", "admin")
HEADER = ["รหัสกิจกรรม", "ชื่อกิจกรรม", "วันที่", "จำนวนผู้เข้าร่วม"]


@pytest.fixture
def shared(tmp_path):
    """One database, as one app process holds it, with a researcher and an admin account."""
    con = store.open_database(tmp_path / "shared.duckdb")
    accounts.add_user(con, "rita", "researcher", "correct horse")
    accounts.add_user(con, "adam", "admin", "battery staple")
    yield con
    con.close()


def activities_file(path, rows_per_year: dict[int, int], participants: int, prefix: str = "A"):
    """An activities file with `rows_per_year[year]` activities in each year (BE in the file), each with
    `participants` people."""
    rows = [HEADER]
    for year, count in rows_per_year.items():
        rows += [[f"{prefix}{year}-{n}", f"กิจกรรม {n}", f"{n + 1}/03/{year + 543}", participants] for n in range(count)]
    return make_xlsx(path, {"กิจกรรม": rows})


def figures(con) -> dict:
    """Every indicator value of the city, by year and district, as a comparable dict."""
    frame = compute_values(con, CITY, by=("year", "district"))
    return {(r.indicator, r.year, r.district): r.value for r in frame.itertuples() if r.value == r.value}


def participants(con) -> float:
    frame = compute_values(con, CITY, codes=["participants"])
    return float(frame["value"].sum()) if not frame.empty else 0.0


# --- item 1: one writer; duplicates and replacement re-checked inside the write transaction ------------


def _at_the_same_moment(con, workbooks_per_session: list) -> list:
    """Each session plans its files (neither sees the other's upload), waits at the barrier, then commits."""
    barrier = threading.Barrier(len(workbooks_per_session))
    results: list = [None] * len(workbooks_per_session)

    def session(index: int) -> None:
        cursor = con.cursor()
        plans = plan_batch(cursor, workbooks_per_session[index], CITY, source="office")
        assert all(p.ok for p in plans)
        barrier.wait()
        try:
            results[index] = actions.commit_upload(cursor, RESEARCHER, plans)
        except LearningCityError as error:
            results[index] = error

    threads = [threading.Thread(target=session, args=(i,)) for i in range(len(workbooks_per_session))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_sessions_committing_the_same_file_at_once_store_it_once(shared, tmp_path):
    workbook = read_workbook(activities_file(tmp_path / "office_2567.xlsx", {2024: 3}, 10))
    results = _at_the_same_moment(shared, [[workbook], [workbook]])
    refused = [r for r in results if isinstance(r, ValidationRefused)]
    assert len(refused) == 1, results
    assert "duplicate_file" in {p.code for p in refused[0].problems}
    assert shared.execute("SELECT count(*) FROM uploads WHERE sha256 = ?", [workbook.sha256]).fetchall() == [(1,)]
    assert participants(shared.cursor()) == 30


def test_the_same_records_under_two_names_committed_at_once_are_stored_once(shared, tmp_path):
    """Item 4's check by content (the same records from another source) is made again inside the write
    transaction too: two sessions sending one register under two names cannot both pass it."""
    rows = [["ชื่อกิจกรรม", "เขต", "วันที่", "จำนวนผู้เข้าร่วม"],
            ["อบรมดิจิทัล", "เขตเหนือ", "01/03/2567", 20], ["ชมรมหนังสือ", "เขตใต้", "02/03/2567", 10]]
    first = read_workbook(make_xlsx(tmp_path / "library.xlsx", {"กิจกรรม": rows}))
    second = read_workbook(make_xlsx(tmp_path / "district_office.xlsx", {"รายงาน": rows}))
    assert first.sha256 != second.sha256
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def session(index: int, workbook) -> None:
        cursor = shared.cursor()
        plans = plan_batch(cursor, [workbook], CITY)  # two sources: library, district_office
        assert all(p.ok for p in plans), [(p.code, p.message_en) for plan in plans for p in plan.errors]
        barrier.wait()
        try:
            results[index] = actions.commit_upload(cursor, RESEARCHER, plans)
        except LearningCityError as error:
            results[index] = error

    threads = [threading.Thread(target=session, args=(i, w)) for i, w in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    refused = [r for r in results if isinstance(r, ValidationRefused)]
    assert len(refused) == 1, results
    assert "records_in_other_upload" in {p.code for p in refused[0].problems}
    assert participants(shared.cursor()) == 30


def test_two_versions_from_one_source_committed_at_once_never_both_count(shared, tmp_path):
    first = read_workbook(activities_file(tmp_path / "office_2567.xlsx", {2024: 3}, 10))
    ingest_files(shared, [tmp_path / "office_2567.xlsx"], CITY, source="office")
    second = read_workbook(activities_file(tmp_path / "office_2567_v2.xlsx", {2024: 3}, 100))
    third = read_workbook(activities_file(tmp_path / "office_2567_v3.xlsx", {2024: 3}, 1000))
    assert first.sha256 != second.sha256 != third.sha256
    results = _at_the_same_moment(shared, [[second], [third]])
    assert not [r for r in results if isinstance(r, Exception)], results
    newest = max(ids[0] for ids in results)
    expected = 300 if newest == results[0][0] else 3000
    assert participants(shared.cursor()) == expected  # one version in force, never 3300


def test_the_schema_refuses_a_second_live_copy_even_past_the_lock(shared, tmp_path):
    """Two transactions that bypass the process's write lock (as a second writer would) still cannot both
    keep the same file: the second commit fails on the schema's constraint."""
    workbook = read_workbook(activities_file(tmp_path / "office_2567.xlsx", {2024: 2}, 10))
    left, right = shared.cursor(), shared.cursor()
    plans_left, plans_right = plan_batch(left, [workbook], CITY), plan_batch(right, [workbook], CITY)
    left.execute("BEGIN TRANSACTION")
    right.execute("BEGIN TRANSACTION")
    write_plans(left, plans_left, "rita")
    write_plans(right, plans_right, "rita")
    left.execute("COMMIT")
    with pytest.raises(Exception, match="(?i)constraint|conflict"):
        right.execute("COMMIT")
    assert shared.execute("SELECT count(*) FROM uploads").fetchall() == [(1,)]


# --- item 2: rolling back any version leaves the figures as if it had never been made -----------------

VERSIONS = {  # file → (years and activities per year, participants per activity)
    "office_v1.xlsx": ({2022: 2, 2023: 2, 2024: 2}, 10),
    "office_v2.xlsx": ({2023: 3, 2024: 3}, 100),
    "office_v3.xlsx": ({2024: 1}, 1000),
}


def _database_with(tmp_path, name: str, files: list[str]):
    con = store.open_database(tmp_path / f"{name}.duckdb")
    for file in files:
        outcome = ingest_files(con, [tmp_path / file], CITY, source="office")
        assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    return con


@pytest.mark.parametrize("rolled_back", [
    *[(name,) for name in VERSIONS], *itertools.permutations(VERSIONS, 2)])
def test_rollback_restores_exactly_the_figures_without_that_upload(tmp_path, rolled_back):
    for name, (years, people) in VERSIONS.items():
        activities_file(tmp_path / name, years, people, prefix=name[8])
    con = _database_with(tmp_path, "all", list(VERSIONS))
    ids = dict(zip(VERSIONS, [r[0] for r in con.execute("SELECT upload_id FROM uploads ORDER BY upload_id").fetchall()]))
    for name in rolled_back:
        actions.rollback(con, Actor("cli", "admin", "cli"), ids[name])
    never_made = _database_with(tmp_path, "reference", [n for n in VERSIONS if n not in rolled_back])
    assert figures(con) == figures(never_made)
    con.close()
    never_made.close()


def test_rolling_back_the_middle_version_does_not_bring_the_first_back_beside_the_third(tmp_path):
    for name, (years, people) in VERSIONS.items():
        activities_file(tmp_path / name, years, people, prefix=name[8])
    con = _database_with(tmp_path, "all", list(VERSIONS))
    actions.rollback(con, Actor("cli", "admin", "cli"), 2)
    by_year = compute_values(con, CITY, codes=["participants"]).set_index("year")["value"].to_dict()
    # 2022 and 2023 from v1 (v2 is gone), 2024 from v3 alone — not v1's 20 beside v3's 1000
    assert by_year == {2022: 20, 2023: 20, 2024: 1000}
    con.close()


# --- item 3: an upload others link to is not rolled back alone; orphans never count ------------------

AGE_HEADER = ["รหัสกิจกรรม", "อายุ 15-59 ปี", "อายุ 60 ปีขึ้นไป"]


def _activities_and_ages(tmp_path, shared):
    make_xlsx(tmp_path / "register_2567.xlsx", {"กิจกรรม": [
        HEADER, ["R-1", "อบรมดิจิทัล", "01/03/2567", 20], ["R-2", "ชมรมหนังสือ", "02/03/2567", 10]]})
    make_xlsx(tmp_path / "ages_2567.xlsx", {"ผู้เข้าร่วมตามอายุ": [AGE_HEADER, ["R-1", 5, 15], ["R-2", 10, 0]]})
    register = ingest_files(shared, [tmp_path / "register_2567.xlsx"], CITY)
    ages = ingest_files(shared, [tmp_path / "ages_2567.xlsx"], CITY)
    assert register.status == ages.status == "committed"
    return register.upload_ids[0], ages.upload_ids[0]


def _older_share(con):
    frame = compute_values(con, CITY, codes=["older_share"])
    return None if frame.empty else frame["value"].iloc[0]


def test_rollback_of_an_upload_others_link_to_is_refused_naming_them(shared, tmp_path):
    register, ages = _activities_and_ages(tmp_path, shared)
    assert _older_share(shared) == pytest.approx(50.0)
    before = figures(shared)
    with pytest.raises(LearningCityError) as refused:
        actions.rollback(shared, ADMIN, register)
    assert refused.value.code == "rollback_has_dependents"
    assert str(ages) in refused.value.message_en and "ages_2567.xlsx" in refused.value.message_en
    assert str(ages) in refused.value.message_th
    assert figures(shared) == before
    assert store.dependent_uploads(shared, register) == [ages]  # what the page says before the click


def test_rollback_with_its_dependents_takes_them_out_together(shared, tmp_path):
    register, ages = _activities_and_ages(tmp_path, shared)
    done = actions.rollback(shared, ADMIN, register, with_dependents=True)
    assert done["dependents"] == [ages]
    assert dict(shared.execute("SELECT upload_id, status FROM uploads").fetchall()) == {
        register: "rolled_back", ages: "rolled_back"}
    assert figures(shared) == {}
    logged = shared.execute("SELECT target FROM audit_log WHERE action = 'rollback' ORDER BY target").fetchall()
    assert [t.split()[0] for (t,) in logged] == sorted([str(register), str(ages)])


def test_rows_whose_activity_is_gone_never_count(shared, tmp_path):
    """A new version of the register drops activity R-1: the age counts linked to it no longer count
    anywhere (the share aged 60+ is R-2's alone), and they count again if that version is rolled back."""
    register, ages = _activities_and_ages(tmp_path, shared)
    make_xlsx(tmp_path / "register_2567_v2.xlsx", {"กิจกรรม": [HEADER, ["R-2", "ชมรมหนังสือ", "02/03/2567", 10]]})
    second = ingest_files(shared, [tmp_path / "register_2567_v2.xlsx"], CITY)
    assert second.status == "committed"
    assert participants(shared) == 10
    assert _older_share(shared) == pytest.approx(0.0)  # R-2: 0 of 10 aged 60+; R-1's 15 are gone with it
    actions.rollback(shared, ADMIN, second.upload_ids[0])
    assert _older_share(shared) == pytest.approx(50.0)


def test_cli_refuses_a_rollback_with_dependents_and_does_it_when_asked(tmp_path):
    db = tmp_path / "cli.duckdb"
    con = store.open_database(db)
    register, ages = _activities_and_ages(tmp_path, con)
    con.close()
    code, out, err = run_cli("rollback", str(register), "--db", str(db))
    assert code == 1 and "Traceback" not in err
    assert f"{ages} (ages_2567.xlsx)" in err and "--with-dependents" in err
    code, _, err_th = run_cli("rollback", str(register), "--db", str(db), "--lang", "th")
    assert code == 1 and "ยกเลิก" in err_th
    code, out, err = run_cli("rollback", str(register), "--db", str(db), "--with-dependents")
    assert code == 0, err
    assert f"Also rolled back, as they link to its activities: {ages}." in out


def test_history_page_says_which_uploads_go_too_before_the_click(tmp_path, monkeypatch):
    db = tmp_path / "app.duckdb"
    con = store.open_database(db)
    accounts.add_user(con, "adam", "admin", "battery staple")
    register, ages = _activities_and_ages(tmp_path, con)
    con.close()
    monkeypatch.setenv("LEARNING_CITY_DB", str(db))
    at = AppTest.from_file(str(PROJECT / "dashboard.py"), default_timeout=180)
    at.session_state["lang"], at.session_state["era"], at.session_state["actor"] = "en", "ce", ADMIN
    at.session_state["city"] = CITY
    at.switch_page("pages/history.py")
    at.run()
    at.selectbox(key="rollback_choice").set_value(register).run()
    assert not at.exception
    assert any(f"to its activities: {ages} (ages\\_2567\\.xlsx)" in w.value for w in at.warning), [w.value for w in at.warning]
    button = at.button(key="rollback_button")
    assert button.label == f"Roll this upload back together with {ages}"
    button.click().run()  # the page asks first (issue 18), naming what goes with it
    assert not at.exception and not any(s.value.startswith("Upload") for s in at.success)  # nothing yet
    at.button(key="rollback_confirm").click().run()
    assert not at.exception
    assert f"Upload(s) {ages}, which linked to its activities, were rolled back with it." in at.success[0].value
    check = store.open_database(db)  # the app's own database instance (same process)
    assert dict(check.execute("SELECT upload_id, status FROM uploads").fetchall()) == {
        register: "rolled_back", ages: "rolled_back"}
    check.close()


def test_a_database_from_before_the_version_tables_is_rebuilt_on_open(tmp_path):
    for name, (years, people) in VERSIONS.items():
        activities_file(tmp_path / name, years, people, prefix=name[8])
    con = _database_with(tmp_path, "old", list(VERSIONS))
    expected = figures(con)
    # as schema 1 left it: no live_files, in_force or orphaned_links rows
    for table in ("live_files", "in_force", "orphaned_links"):
        con.execute(f"DELETE FROM {table}")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    con = store.open_database(tmp_path / "old.duckdb")
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall() == [(str(store.SCHEMA_VERSION),)]
    assert con.execute("SELECT count(*) FROM live_files").fetchall() == [(3,)]
    assert figures(con) == expected
    con.close()
