"""Shared fixtures: fresh databases and small messy workbooks built in the test, never committed."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

REAL_DATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def backup_key(tmp_path_factory, monkeypatch) -> Path:
    """Every test signs and checks backups with a key of its own, never the project's data/backup.key."""
    path = tmp_path_factory.mktemp("key") / "backup.key"
    monkeypatch.setenv("LEARNING_CITY_BACKUP_KEY", str(path))
    return path


@pytest.fixture
def db_path(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "city.duckdb"
    monkeypatch.setenv("LEARNING_CITY_DB", str(path))
    return path


@pytest.fixture
def store():
    """A fresh in-memory database opened by the engine (schema, rules and all)."""
    from indicators.store import open_database

    connection = open_database(":memory:")
    yield connection
    connection.close()


def committed(store, path):
    """Ingest one file, which must be committed (else its problems are shown)."""
    from indicators.ingest.commit import ingest_files

    result = ingest_files(store, [path], "Office")
    assert result.status == "committed", [(p.code, p.message_en) for plan in result.plans for p in plan.problems]
    return result


def rows(store, sql: str) -> list[tuple]:
    return store.execute(sql).fetchall()


@pytest.fixture
def mem():
    """A fresh in-memory store made from the text of schema.sql alone."""
    import duckdb

    connection = duckdb.connect(":memory:")
    connection.execute((PROJECT / "indicators" / "config" / "sql" / "schema.sql").read_text(encoding="utf-8")).fetchall()
    yield connection
    connection.close()


# The engine's tests that run on both stores: the embedded file and a DuckLake on a throwaway PostgreSQL.
# (Modules that also drive the CLI on `db_path` stay on the file; the lake's own CLI tests are in test_lake.py.)
ON_BOTH_STORES = {"test_upload_engine", "test_ingest", "test_repeats", "test_indicators", "test_sample"}


def pytest_generate_tests(metafunc):
    if "con" in metafunc.fixturenames and metafunc.module.__name__.rsplit(".", 1)[-1] in ON_BOTH_STORES:
        metafunc.parametrize("store_kind", ["file", "lake"], indirect=True)


@pytest.fixture
def store_kind(request) -> str:
    return getattr(request, "param", "file")


@pytest.fixture(scope="session")
def postgres():
    """One throwaway PostgreSQL cluster for the session's lakes (tests/postgres_cluster.py)."""
    from postgres_cluster import Cluster, missing_reason

    if reason := missing_reason():
        pytest.skip(f"no DuckLake tests: {reason}")
    cluster = Cluster()
    yield cluster
    cluster.stop()


@pytest.fixture
def lake(postgres, tmp_path, monkeypatch) -> str:
    """A new, empty lake: its catalog a new PostgreSQL database, its Parquet files under tmp_path."""
    monkeypatch.setenv("LEARNING_CITY_DATA_PATH", f"{tmp_path / 'lake'}/")
    return postgres.target()


@pytest.fixture
def con(db_path, store_kind, request):
    from indicators.store import open_database

    connection = open_database(request.getfixturevalue("lake") if store_kind == "lake" else db_path)
    yield connection
    connection.close()


def add_accounts(con) -> None:
    """The accounts the tests' actors stand for (vee viewer, rita researcher, adam admin): the engine reads
    every actor's role from the database, so an actor without an account may do nothing."""
    from indicators.store import accounts

    for name, role in (("vee", "viewer"), ("rita", "researcher"), ("adam", "admin")):
        accounts.add_user(con, name, role, f"{name}-password")


def real_file(name: str) -> Path:
    path = REAL_DATA / name
    if not path.exists():
        pytest.skip(f"real data file {name} is not beside the project")
    return path


def table_snapshot(con) -> dict:
    """Everything stored, to compare a database before and after a refused upload."""
    tables = ["uploads", "superseded", "activities", "participation", "outcomes", "statistics", "problems",
              "activity_areas"]
    return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}


THAI_HEADER = ["ลำดับ", "รหัสกิจกรรม", "ชื่อกิจกรรม", "ประเภทกิจกรรม", "เขต", "วันที่จัดกิจกรรม", "จำนวนครั้ง",
               "ชั่วโมง", "จำนวนผู้เข้าร่วม (คน)", None, None, "ผู้สูงอายุ"]
THAI_SUBHEADER = [None, None, None, None, None, None, None, None, "ชาย", "หญิง", "รวม", None]

# (code, title, category, district, date cell, events, hours, male, female, total, older adults)
THAI_ROWS = [
    ("A-001", "อบรมอาชีพทำขนมไทย", "อาชีพ", "เขตเหนือ", "15 ม.ค. 2567", 1, 6, 10, 15, 25, 5),
    ("A-002", "ห้องเรียนดิจิทัลสำหรับผู้สูงอายุ", "ดิจิทัล", "เขตใต้", datetime(2567, 2, 3), 1, 3, "๑๒", "๑,๒๕๐", "1,262", "-"),
    ("A-003", "ปลูกป่าชุมชน", "สิ่งแวดล้อม", "เขตเหนือ", "๑๕/๐๓/๖๗", 3, 9, 20, 22, 42, "ไม่ระบุ"),
    ("A-004", "รวมพลังชุมชนอ่านหนังสือ", "การอ่าน", "เขตตะวันออก", "1 ต.ค. 2567", 1, 2, 7, 8, 15, 2),
    ("A-005", "เทศกาลการเรียนรู้", "เทศกาลการเรียนรู้", "เขตตะวันตก", 45306, 2, 10, "-", 30, 30, 10),
]


def thai_activities_workbook(path: Path, rows=THAI_ROWS, extra_rows=()) -> Path:
    """Title rows, a merged two-row header, BE dates in four forms, Thai digits, '-', a totals row and a note."""
    wb = Workbook()
    ws = wb.active
    ws.title = "กิจกรรม"
    ws.append(["ทะเบียนกิจกรรมการเรียนรู้ เมืองทดสอบ ปีงบประมาณ 2567"])
    ws.merge_cells("A1:L1")
    ws.append(["ข้อมูลสังเคราะห์สำหรับการทดสอบ"])
    ws.append([])
    ws.append(THAI_HEADER)
    ws.append(THAI_SUBHEADER)
    ws.merge_cells("I4:K4")
    for col in "ABCDEFGHL":
        ws.merge_cells(f"{col}4:{col}5")
    for number, row in enumerate(rows, start=1):
        ws.append([number, *row])
    for row in extra_rows:
        ws.append(list(row))
    ws.append([None, "รวม", None, None, None, None, *_totals(rows)])  # as an office's sheet adds them up
    ws.append(["หมายเหตุ: ข้อมูลสังเคราะห์"])
    wb.save(path)
    return path


def _totals(rows) -> list[int]:
    """The sums of the rows' counts (events … older adults), their Thai digits, commas, '-' and 'ไม่ระบุ' read."""
    def number(cell) -> int:
        text = str(cell).translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")).replace(",", "")
        return int(text) if text.isdigit() else 0
    return [sum(number(row[k]) for row in rows) for k in range(5, 11)]


def make_xlsx(path: Path, sheets: dict[str, list[list]], merged: dict[str, list[str]] | None = None) -> Path:
    """A workbook of these sheets' rows; `merged` names each sheet's merged ranges ("D1:F1")."""
    from bad_inputs import xlsx_bytes

    path.write_bytes(xlsx_bytes(sheets, merged))
    return path


def run_cli(*args: str, env_db: Path | None = None, stdin: str | None = None) -> tuple[int, str, str]:
    """Run `python -m indicators` in a subprocess, as scripts and researchers do."""
    import subprocess
    import sys

    env = dict(os.environ)
    if env_db is not None:
        env["LEARNING_CITY_DB"] = str(env_db)
    done = subprocess.run([sys.executable, "-m", "indicators", *args], capture_output=True, text=True,
                          cwd=PROJECT, env=env, timeout=300, input=stdin)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def researcher_app(tmp_path, monkeypatch):
    """A page of the app on a fresh database holding the sample city, signed in as rita (researcher), in
    English: `researcher_app("pages/upload.py")` → (AppTest after its first run, database path)."""
    from streamlit.testing.v1 import AppTest

    from indicators.ingest.sample import load_sample_if_empty
    from indicators.store import accounts, open_database
    from indicators.store.accounts import Actor

    path = tmp_path / "app.duckdb"
    con = open_database(path)
    load_sample_if_empty(con)
    accounts.add_user(con, "rita", "researcher", "password-123")
    con.close()
    monkeypatch.setenv("LEARNING_CITY_DB", str(path))

    def start(page: str):
        at = AppTest.from_file(str(PROJECT / "dashboard.py"), default_timeout=180)
        at.session_state["lang"] = "en"
        at.session_state["actor"] = Actor("rita", "researcher")
        at.switch_page(page)
        return at.run(), path
    return start


def run_page(page: str | None = None, timeout: int = 120, **state):
    """The app in Streamlit's AppTest, with this session state, on `page` (None: the first page), run once."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(PROJECT / "dashboard.py"), default_timeout=timeout)
    for key, value in state.items():
        at.session_state[key] = value
    if page:
        at.switch_page(page)
    return at.run()
