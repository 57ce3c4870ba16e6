"""The researchers' upload wizard, history and roles, driven through AppTest with real workbooks:
upload a messy Thai workbook, change a column's meaning, see the problems, commit, see the Overview
change; re-upload a corrected version and see the difference; roll back and see the old figures;
viewers and researchers are stopped where they must be."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PROJECT, run_page, thai_activities_workbook
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from indicators import actions, store
from indicators.base.errors import LearningCityError
from indicators.ingest.sample import load_sample_if_empty
from indicators.measure.compute import compute_values
from indicators.present.i18n import format_number
from indicators.store import accounts
from indicators.store.accounts import Actor

CITY = "เมืองทดสอบ"
RESEARCHER = Actor("rita", "researcher")
ADMIN = Actor("adam", "admin")
EXTRA_HEADER = "ผู้ร่วมจัดงาน"  # not a known header: the researcher says it means "partner"


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    path = tmp_path / "app.duckdb"
    con = store.open_database(path)
    load_sample_if_empty(con)
    accounts.add_user(con, "rita", "researcher", "password-123")
    accounts.add_user(con, "adam", "admin", "password-456")
    con.close()
    monkeypatch.setenv("LEARNING_CITY_DB", str(path))
    return path


def messy_workbook(path: Path, bump: int = 0) -> Path:
    """The shared messy Thai workbook plus a column the reader does not know; `bump` adds participants
    to the first activity, as a corrected version of the same file would."""
    thai_activities_workbook(path)
    book = load_workbook(path)
    sheet = book.active
    sheet["M4"] = EXTRA_HEADER
    sheet.merge_cells("M4:M5")
    for row in range(6, 11):
        sheet.cell(row, 13, "มูลนิธิการเรียนรู้")
    if bump:
        sheet["I6"] = sheet["I6"].value + bump  # male
        sheet["K6"] = sheet["K6"].value + bump  # total
        sheet["I11"] = sheet["I11"].value + bump  # and the totals row, as the sheet's SUM would
        sheet["K11"] = sheet["K11"].value + bump
    book.save(path)
    return path


def start(page: str, actor: Actor | None = None, **state) -> AppTest:
    defaults = {"lang": "en", "era": "ce", **({"actor": actor} if actor else {})}
    return run_page(page, timeout=180, **{**defaults, **state})  # a test's own state wins


def no_failure(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def column_box(at: AppTest, header: str):
    return next(s for s in at.selectbox if s.label == header)


def upload(at: AppTest, path: Path, new_city: str | None = CITY) -> AppTest:
    if new_city:
        at.selectbox(key="upload_city").set_value("+").run()
        at.text_input(key="upload_new_city").set_value(new_city).run()
    at.file_uploader[0].set_value((path.name, path.read_bytes(), "application/octet-stream"))
    return at.run()


def shown_participants(path_db: Path, city: str) -> tuple[str, str]:
    at = start("pages/overview.py", city=city)
    no_failure(at)
    return next(m.value for m in at.metric if m.label == "Participants"), at.subheader[0].value


def engine_participants(path_db: Path, city: str) -> float:
    con = store.open_database(path_db)
    try:
        values = compute_values(con, city)
    finally:
        con.close()
    latest = values[values["indicator"] == "participants"].sort_values("year").iloc[-1]
    return latest["value"]


def test_whole_wizard_commit_reupload_diff_and_rollback(app_db, tmp_path):
    first = messy_workbook(tmp_path / "activities_2567.xlsx")
    at = upload(start("pages/upload.py", RESEARCHER), first)
    no_failure(at)
    assert [h.value for h in at.header][:4] == ["1. City and year basis", "2. Files", "3. What was understood",
                                                "4. Problems"]
    # What was understood: the kind, the header rows, the dropped totals row and note.
    assert any("activities" in e.label and "header row 4, 5" in e.label for e in at.expander)
    assert any("Rows dropped (2)" in m.value for m in at.markdown)
    # The unknown column is shown as not recognised, with a note among the problems; the researcher maps it.
    box = column_box(at, EXTRA_HEADER)
    assert box.value == ""
    problems = next(table.value for table in at.table if "Problem" in table.value.columns)
    assert EXTRA_HEADER in problems["Column"].tolist()
    assert problems.loc[problems["Column"] == EXTRA_HEADER, "Severity"].tolist() == ["note"]
    assert problems.loc[problems["Column"] == EXTRA_HEADER, "Row"].tolist() == ["–"]  # a column, not a row
    # the message beside its severity, the long file name last (it cannot wrap: the message would be squeezed)
    assert list(problems.columns) == ["Severity", "Problem", "Sheet", "Row", "Column", "Value", "File"]
    assert set(problems["File"]) == {"activities_\u200b2567.\u200bxlsx"}  # may wrap after _ and ., reads as typed
    assert at.download_button(key="download_problems").proto.label == "Download the problems (Excel)"
    box.set_value("partner").run()
    no_failure(at)
    assert column_box(at, EXTRA_HEADER).value == "partner"
    # what is left is the one date outside the fiscal year the title names (1 ต.ค. 2567 under ปีงบประมาณ 2567)
    left = next(table.value for table in at.table if "Problem" in table.value.columns)
    assert left["Severity"].tolist() == ["warning"]
    assert "outside the year the title names" in left["Problem"].iloc[0] and left["Value"].iloc[0] == "1 ต.ค. 2567"
    # Dry run: rows to add, nothing replaced, figures before → after.
    assert any("Figures that change" in m.value for m in at.markdown)
    at.checkbox(key="remember_columns").check().run()
    at.button(key="commit_upload").click().run()
    no_failure(at)
    assert at.success and "Committed" in at.success[0].value

    con = store.open_database(app_db)
    try:
        partners = con.execute("SELECT DISTINCT partner FROM v_activities WHERE city = ?", [CITY]).fetchall()
        audit_actions = con.execute("SELECT action, actor FROM audit_log ORDER BY logged_at").fetchall()
    finally:
        con.close()
    assert partners == [("มูลนิธิการเรียนรู้",)]
    assert ("upload", "rita") in audit_actions and ("edit_column_mapping", "rita") in audit_actions

    before = engine_participants(app_db, CITY)
    assert shown_participants(app_db, CITY)[0] == format_number(before)

    # A corrected version from the same office: its column choice is remembered, the diff is shown.
    second = messy_workbook(tmp_path / "activities_2567_v2.xlsx", bump=100)  # "_v2": a version of the same file
    at = upload(start("pages/upload.py", RESEARCHER, upload_city=CITY), second, new_city=None)
    no_failure(at)
    assert column_box(at, EXTRA_HEADER).value == "partner"
    assert any("replaces the data for 2024" in w.value for w in at.warning), ([w.value for w in at.warning], [e.value for e in at.error], [d.value.to_dict() for d in at.table if "Problem" in d.value.columns])
    diff = next(df.value for df in at.dataframe if "Before" in df.value.columns)
    participants = diff[diff["Indicator"] == "Participants"].iloc[0]
    assert (participants["Before"], participants["After"]) == (format_number(before),
                                                               format_number(before + 100))
    at.button(key="commit_upload").click().run()
    no_failure(at)
    assert shown_participants(app_db, CITY)[0] == format_number(before + 100)

    # The researcher may not roll back; the admin may, and the old figures return.
    at = start("pages/history.py", RESEARCHER, city=CITY)
    no_failure(at)
    assert not any(b.label == "Roll this upload back" for b in at.button)
    assert any("Only an admin" in c.value for c in at.caption)
    at = start("pages/history.py", ADMIN, city=CITY)
    newest = max(at.selectbox(key="rollback_choice").options, key=lambda o: int(o.split(" ")[0]))
    at.selectbox(key="rollback_choice").set_value(int(newest.split(" ")[0])).run()
    at.button(key="rollback_button").click().run()
    at.button(key="rollback_confirm").click().run()  # a rollback asks first
    no_failure(at)
    assert "rolled back" in at.success[0].value
    assert shown_participants(app_db, CITY)[0] == format_number(before)


def test_duplicate_file_is_recognised_by_content_not_name(app_db, tmp_path):
    first = messy_workbook(tmp_path / "activities_2567.xlsx")
    at = upload(start("pages/upload.py", RESEARCHER), first)
    at.button(key="commit_upload").click().run()
    renamed = tmp_path / "something_else.xlsx"
    renamed.write_bytes(first.read_bytes())
    at = upload(start("pages/upload.py", RESEARCHER, upload_city=CITY), renamed, new_city=None)
    no_failure(at)
    assert any("already in the database" in str(df.value.to_dict()) for df in at.table)
    assert any("Nothing was written" in e.value for e in at.error)
    assert not any(b.label == "Commit to the database" for b in at.button)


def test_viewer_cannot_reach_upload_or_rollback(app_db):
    at = start("pages/upload.py")
    no_failure(at)
    assert not at.file_uploader
    assert any("needs the researcher role" in w.value for w in at.warning)
    at = start("pages/history.py")
    no_failure(at)
    assert not any(b.label == "Roll this upload back" for b in at.button)
    at = start("pages/rules.py")
    no_failure(at)
    assert not any(b.label == "Save as a new version" for b in at.button)
    assert any("Only an admin can set targets" in c.value for c in at.caption)


def test_write_pages_explain_how_to_create_the_first_account(tmp_path, monkeypatch):
    path = tmp_path / "fresh.duckdb"
    monkeypatch.setenv("LEARNING_CITY_DB", str(path))
    at = start("pages/upload.py")
    no_failure(at)
    assert any("no account exists yet" in i.value for i in at.info)
    assert any("users add" in c.value for c in at.code)


def test_sign_in_with_a_local_account(app_db):
    at = start("pages/upload.py")
    at.text_input(key="_login_name").set_value("rita")
    at.text_input(key="_login_password").set_value("wrong-password")
    next(b for b in at.get("form_submit_button")).click().run()
    assert any("Wrong user name or password" in e.value for e in at.error)
    at.text_input(key="_login_password").set_value("password-123")
    next(b for b in at.get("form_submit_button")).click().run()
    no_failure(at)
    assert at.file_uploader, "a signed-in researcher sees the file picker"
    assert any("Signed in: rita (researcher)" in c.value for c in at.caption)


def test_template_download_is_offered_to_everyone(app_db):
    at = start("pages/upload.py")
    no_failure(at)
    assert at.download_button(key="download_template").proto.label == "Download template"


def test_a_researcher_writes_evidence_and_it_is_shown_as_plain_text(app_db):
    at = start("pages/evidence.py", RESEARCHER)
    no_failure(at)
    area, year = at.selectbox(key="evidence_area").value, at.selectbox(key="evidence_year").value
    script = "<script>alert(1)</script> **bold**"
    at.text_area(key=f"evidence_en_{area}_{year}").set_value(script)
    at.text_area(key=f"evidence_th_{area}_{year}").set_value("สัปดาห์การเรียนรู้")
    at.text_area(key=f"evidence_links_{area}_{year}").set_value("https://example.org/photos")
    next(iter(at.get("form_submit_button"))).click().run()
    no_failure(at)
    assert "version 1" in at.success[0].value
    assert [t.value for t in at.text][:2] == [script, "https://example.org/photos"]  # st.text: never HTML
    assert not any("<script>" in m.value for m in at.markdown)


@pytest.mark.parametrize("link", ["javascript:alert(1)", "http://example.org/photos", "https://", "ftp://x.org",
                                  "https://exa mple.org", "https://user@evil.example/", 'https://x.org/"onmouseover'])
def test_evidence_links_must_be_https_addresses(app_db, link):
    """README: links are https only — the engine refuses the rest, whichever way they come in."""
    at = start("pages/evidence.py", RESEARCHER)
    area, year = at.selectbox(key="evidence_area").value, at.selectbox(key="evidence_year").value
    at.text_area(key=f"evidence_links_{area}_{year}").set_value(link)
    next(iter(at.get("form_submit_button"))).click().run()
    no_failure(at)
    assert any("must be a web address starting with https://" in e.value for e in at.error)
    con = store.open_database(app_db)
    assert con.execute("SELECT count(*) FROM evidence").fetchall() == [(0,)]
    with pytest.raises(LearningCityError) as refused:
        actions.save_evidence(con, RESEARCHER, CITY, "1.1", 2024, "x", "x", [link])
    assert refused.value.code == "bad_link" and "https://" in refused.value.message_th
    con.close()


def test_an_admin_sets_a_target_in_the_displayed_era_and_the_log_records_it(app_db):
    at = start("pages/rules.py", ADMIN, era="be")
    no_failure(at)
    at.selectbox(key="target_indicator").set_value("learning_hours")
    at.number_input(key="target_value").set_value(9999)
    at.number_input(key="target_year").set_value(2573)  # พ.ศ. 2573 = 2030
    next(iter(at.get("form_submit_button"))).click().run()
    no_failure(at)
    con = store.open_database(app_db)
    try:
        target = con.execute("SELECT target_value, target_year, updated_by FROM targets WHERE indicator = "
                             "'learning_hours' ORDER BY updated_at DESC LIMIT 1").fetchall()
        logged = con.execute("SELECT actor, action FROM audit_log").fetchall()
    finally:
        con.close()
    assert target == [(9999.0, 2030, "adam")] and ("adam", "edit_targets") in logged


def test_a_researcher_may_edit_rules_but_not_targets(app_db):
    at = start("pages/rules.py", RESEARCHER)
    no_failure(at)
    assert any("No changes yet" in c.value for c in at.caption)
    assert any("Only an admin can set targets" in c.value for c in at.caption)
    forms = {button.form_id for button in at.get("form_submit_button")}
    assert "target_form" not in forms and "chart_note_form" in forms  # notes are a researcher's to write


def test_an_admin_adds_a_user_from_the_history_page(app_db):
    at = start("pages/history.py", ADMIN)
    no_failure(at)
    at.text_input(key="new_user_name").set_value("nok")
    at.selectbox(key="new_user_role").set_value("researcher")
    at.text_input(key="new_user_password").set_value("a long password")
    next(iter(at.get("form_submit_button"))).click().run()
    no_failure(at)
    con = store.open_database(app_db)
    try:
        assert accounts.authenticate(con, "nok", "a long password").role == "researcher"
    finally:
        con.close()
    assert not any("a long password" in str(df.value.to_dict()) for df in at.dataframe)


def test_year_columns_read_as_fiscal_years_when_the_researcher_says_so(app_db, tmp_path):
    from conftest import make_xlsx

    path = make_xlsx(tmp_path / "budget_2567.xlsx", {"สถิติ": [
        ["ปี", "เขต", "ตัวชี้วัด", "ค่า"], [2567, "เขตเหนือ", "จำนวนแหล่งเรียนรู้", 12]]})
    at = start("pages/upload.py", RESEARCHER)
    at.radio(key="upload_basis").set_value("fiscal").run()
    at = upload(at, path)
    no_failure(at)
    assert column_box(at, "ปี").value == "fiscal_year"
    assert any("fiscal" in str(df.value.columns.tolist()).lower() for df in at.dataframe)


def test_the_preview_shows_a_period_as_a_day_in_the_chosen_era(app_db, tmp_path):
    """A monthly table's periods are shown as the day they start, in พ.ศ. when chosen, never as a raw
    timestamp ("2024-04-01 00:00:00")."""
    path = tmp_path / "library_visits.csv"
    path.write_text("เดือน,เขต,ตัวชี้วัด,ค่า\nเม.ย. 2567,เขตเหนือ,จำนวนผู้ใช้บริการห้องสมุด,120\n"
                    "พ.ค. 2567,เขตเหนือ,จำนวนผู้ใช้บริการห้องสมุด,95\n", encoding="utf-8")
    at = upload(start("pages/upload.py", RESEARCHER, era="be"), path)
    no_failure(at)
    shown = [str(v) for df in at.dataframe for column in df.value.columns for v in df.value[column].tolist()]
    assert "01/04/2567" in shown and "01/05/2567" in shown
    assert not any("00:00:00" in v for v in shown)


def test_the_thai_preview_names_sexes_and_units_in_thai(app_db, tmp_path):
    """A statistics preview in Thai shows ชาย/หญิง and the unit in words, under "ค่า" (a rate is no count),
    while the stored codes stay male/female for scripts."""
    path = tmp_path / "library_members_2567.csv"
    path.write_text("เขต,ปี,เพศ,สมาชิกห้องสมุด (คน)\nเขตเหนือ,2567,ชาย,120\nเขตเหนือ,2567,หญิง,95\n", encoding="utf-8")
    at = upload(start("pages/upload.py", RESEARCHER, lang="th"), path)
    no_failure(at)
    preview = next(df.value for df in at.dataframe if "เพศ" in df.value.columns)
    assert set(preview["เพศ"]) == {"ชาย", "หญิง"} and "ค่า" in preview.columns
    assert not {"male", "female"} & set(map(str, preview.to_numpy().ravel()))


def test_single_sign_on_is_offered_when_configured_in_secrets(app_db, monkeypatch):
    import ui.account

    monkeypatch.setattr(ui.account, "authlib_installed", lambda: True)  # st.login needs it; not installed here
    at = AppTest.from_file(str(PROJECT / "dashboard.py"), default_timeout=180)
    at.secrets["auth"] = {"client_id": "x", "client_secret": "y", "redirect_uri": "http://localhost:8501/oauth2callback",
                          "cookie_secret": "z", "server_metadata_url": "https://id.example/.well-known/openid-configuration"}
    at.session_state["lang"] = "en"
    at.switch_page("pages/upload.py")
    at.run()
    no_failure(at)
    assert at.button(key="_sign_in_sso").label == "เข้าสู่ระบบ / Sign in"
    assert not at.text_input  # no local password form beside single sign-on


def test_a_failed_sign_in_never_logs_the_password(app_db, caplog):
    caplog.set_level("DEBUG")
    at = start("pages/upload.py")
    at.text_input(key="_login_name").set_value("rita")
    at.text_input(key="_login_password").set_value("s3cret-guess-999")
    next(iter(at.get("form_submit_button"))).click().run()
    assert "rita" in caplog.text and "s3cret-guess-999" not in caplog.text


def test_file_and_sheet_names_are_shown_as_typed_never_as_markup(app_db, tmp_path):
    from conftest import make_xlsx

    name = "[click](javascript:alert(1)) **x** :red[y].xlsx"
    path = make_xlsx(tmp_path / "safe.xlsx", {"<b>sheet<b>": [["รหัสกิจกรรม", "ชื่อกิจกรรม", "วันที่", "ผู้เข้าร่วม"],
                                                                ["Q-1", "อบรม", "2567-03-01", 5]]})
    at = start("pages/upload.py", RESEARCHER)
    at.selectbox(key="upload_city").set_value("+").run()
    at.text_input(key="upload_new_city").set_value(CITY).run()
    at.file_uploader[0].set_value((name, path.read_bytes(), "application/octet-stream"))
    at.run()
    no_failure(at)
    shown = next(s.value for s in at.subheader if "click" in s.value)
    assert shown == ui_plain(name) and "](javascript" not in shown
    assert any(ui_plain("<b>sheet<b>") in e.label for e in at.expander)


def ui_plain(text: str) -> str:
    import ui

    return ui.plain(text)


def stones_file(path: Path) -> Path:
    """Figures under a header the engine does not know, in a file whose name says no year: the reading
    needs a person (what do the numbers count? which year?)."""
    from tests.bad_inputs import xlsx_bytes

    path.write_bytes(xlsx_bytes({"Sheet1": [["อำเภอ", "ก้อนหิน"], ["เมือง", 12], ["เหนือ", 7], ["ใต้", 9]]}))
    return path


def test_review_asks_the_year_and_the_measure_then_keeps_the_reading(app_db, tmp_path):
    path = stones_file(tmp_path / "report.xlsx")
    at = upload(start("pages/upload.py", RESEARCHER), path)
    no_failure(at)
    # Nothing can be committed: the reading is not certain and no year is written anywhere.
    assert any("not certain" in w.value for w in at.warning)
    assert any("ก้อนหิน" in w.value for w in at.warning)
    assert any("state no year" in w.value for w in at.warning)
    assert not [b for b in at.button if b.key == "commit_upload"]
    at.number_input(key="upload_year|ce").set_value(2024).run()
    no_failure(at)
    assert not any("state no year anywhere" in e.value for e in at.error)
    at.text_input(key="review|report.xlsx|Sheet1|measure").set_value("stones")  # inside the form: sent on submit
    next(b for b in at.button if b.label == "Confirm this reading").click().run()
    no_failure(at)
    assert any("Reading confirmed" in s.value for s in at.success)
    at.button(key="commit_upload").click().run()
    no_failure(at)
    con = store.open_database(app_db)
    try:
        stored = con.execute("SELECT measure, year, sum(value) FROM v_statistics WHERE city = ? GROUP BY ALL",
                             [CITY]).fetchall()
        kept = con.execute("SELECT source, recipe FROM recipes WHERE city = ?", [CITY]).fetchall()
    finally:
        con.close()
    assert stored == [("stones", 2024, 28)]
    assert len(kept) == 1 and "measure: stones" in kept[0][1]


def test_review_in_thai_says_why_in_thai(app_db, tmp_path):
    path = stones_file(tmp_path / "report.xlsx")
    at = start("pages/upload.py", RESEARCHER, lang="th", era="be")
    at = upload(at, path)
    no_failure(at)
    doubts = [w.value for w in at.warning if "ก้อนหิน" in w.value]
    assert doubts and "ไม่ได้บอกว่านับอะไร" in doubts[0] and "holds numbers" not in doubts[0]
    assert any(n.key == "upload_year|be" for n in at.number_input)


def test_correcting_the_header_rows_needs_a_second_look_before_the_dry_run(app_db, tmp_path):
    from tests.bad_inputs import xlsx_bytes

    path = tmp_path / "learners_2567.xlsx"
    path.write_bytes(xlsx_bytes({"Sheet1": [["ผู้เรียน ปี 2567"], ["อำเภอ", "ผู้เรียน"], ["เมือง", 12], ["เหนือ", 7]]}))
    at = upload(start("pages/upload.py", RESEARCHER), path)
    no_failure(at)
    at.toggle(key="correct|learners_2567.xlsx|Sheet1").set_value(True).run()
    at.text_input(key="review|learners_2567.xlsx|Sheet1|rows").set_value("1")
    next(b for b in at.button if b.label == "Confirm this reading").click().run()
    no_failure(at)
    assert any("read again" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "commit_upload"]
    assert any("second look" in i.value for i in at.info)
