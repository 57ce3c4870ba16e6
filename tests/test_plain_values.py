"""No raw values on the pages (issue 18, items 7 and 10): words instead of codes, None, JSON or source
keys; timestamps in the chosen era; the file picker's English explained in Thai; a rollback asks first."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
import streamlit as st
from conftest import THAI_ROWS, run_page, thai_activities_workbook
from streamlit.testing.v1 import AppTest

from indicators import actions, store
from indicators.ingest import ingest_files
from indicators.ingest.sample import load_sample_if_empty
from indicators.ingest.sources import default_source
from indicators.store import accounts
from indicators.store.accounts import Actor

ADMIN = Actor("adam", "admin")
RAW = re.compile(r"^(None|nan|NaN|<NA>|NaT)$")


@pytest.fixture
def history_db(tmp_path, monkeypatch):
    path = tmp_path / "history.duckdb"
    con = store.open_database(path)
    load_sample_if_empty(con)
    accounts.add_user(con, "adam", "admin", "password-456")  # no e-mail
    accounts.add_user(con, "rita", "researcher", "password-789")  # the engine reads each actor's role from here
    register = thai_activities_workbook(tmp_path / "กิจกรรม_cp874_2567.xlsx")
    assert ingest_files(con, [register], "เมืองทดสอบ").status == "committed"
    actions.save_target(con, ADMIN, "เมืองทดสอบ", "participants", 2000, 2027, 2024)
    con.close()
    monkeypatch.setenv("LEARNING_CITY_DB", str(path))
    return path


def start(page: str, lang: str = "th", actor: Actor | None = ADMIN, **state) -> AppTest:
    return run_page(page, timeout=180, lang=lang, **({"actor": actor} if actor else {}), **state)


def cells(frame) -> list[str]:
    return [str(v) for v in frame.to_numpy().ravel()]


def test_source_names_leave_out_encodings_as_well_as_years():
    assert default_source("กิจกรรม_cp874.csv") == "กิจกรรม"
    assert default_source("city_statistics_2563-2568_cp874.csv") == "city_statistics"
    assert default_source("activities_utf-8_2568.csv") == "activities"
    assert default_source("activities_2567_v2.xlsx") == "activities"


def test_thai_history_page_shows_words_never_codes_none_or_json(history_db):
    at = start("pages/history.py", city="เมืองทดสอบ", era="be")
    assert not at.exception
    frames = {tuple(df.value.columns): df.value for df in [*at.dataframe, *at.table]}
    users = next(f for cols, f in frames.items() if "บทบาท" in cols)
    assert not {"name", "role", "email", "created_at", "created_by", "disabled"} & set(users.columns)
    assert not any(RAW.match(c) for c in cells(users))
    assert all("/25" in c for c in users["สร้างเมื่อ"])  # the date in พ.ศ.
    audit = next(f for cols, f in frames.items() if "รายละเอียด" in cols)
    assert not any("{" in c or '"' in c for c in audit["รายละเอียด"]), audit["รายละเอียด"].tolist()
    assert any("ปีเป้าหมาย 2570" in c for c in audit["รายละเอียด"])  # years in the chosen era
    uploads = next(f for cols, f in frames.items() if "SHA-256" in cols)
    assert "กิจกรรม" in uploads["แหล่งข้อมูล"].tolist() and not any("_cp" in c for c in uploads["แหล่งข้อมูล"])


def test_a_rollback_asks_for_confirmation_first(history_db):
    def status() -> str:
        con = store.open_database(history_db)
        try:
            return con.execute("SELECT status FROM uploads WHERE city = 'เมืองทดสอบ'").fetchall()[0][0]
        finally:
            con.close()

    at = start("pages/history.py", lang="en", city="เมืองทดสอบ")
    at.button(key="rollback_button").click().run()
    assert status() == "committed"  # nothing yet: the page asks
    assert any("take upload" in w.value.lower() for w in at.warning)
    at.button(key="rollback_cancel").click().run()
    assert status() == "committed" and not any(b.key == "rollback_confirm" for b in at.button)
    at.button(key="rollback_button").click().run()
    at.button(key="rollback_confirm").click().run()
    assert not at.exception and status() == "rolled_back"
    assert "rolled back" in at.success[0].value


def test_thai_upload_preview_names_fields_and_values_in_thai(history_db, tmp_path):
    researcher = Actor("rita", "researcher")
    book = thai_activities_workbook(tmp_path / "กิจกรรม_2568.xlsx", rows=THAI_ROWS[:3])  # sex and total counts
    at = start("pages/upload.py", actor=researcher, upload_city="เมืองทดสอบ")
    box = f"{st.get_option('server.maxUploadSize')}MB"  # what Streamlit's own box says
    assert any("Upload" in c.value and box in c.value for c in at.caption)  # the English box explained
    at.file_uploader[0].set_value((book.name, book.read_bytes(), "application/octet-stream"))
    at.run()
    assert not at.exception
    shown = [c for df in at.dataframe for c in cells(df.value)] + [c for df in at.dataframe for c in df.value.columns]
    assert not {"total", "sex", "female", "male", "dimension", "category", "value"} & set(shown), set(shown)
    assert "หญิง" in shown and "รวม" in shown


def test_rules_tables_show_a_dash_not_none(history_db):
    at = start("pages/rules.py", city="เมืองทดสอบ")
    editors = [e for e in at.dataframe if e.proto.editing_mode]
    assert editors and all(e.proto.placeholder == "–" for e in editors)


def test_export_timestamps_follow_the_chosen_era():
    from indicators.present.exports.context import ExportContext

    made = datetime(2026, 11, 23, 14, 5)
    assert ExportContext(city="X", lang="en", era="be", made_at=made).made_at_label == "23/11/2569 14:05"
    assert ExportContext(city="X", lang="th", era="ce", made_at=made).made_at_label == "23/11/2026 14:05"
