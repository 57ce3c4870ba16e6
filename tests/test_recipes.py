"""Readings confirmed as recipes: written and read back the same, applied only where they fit, kept for
the source when an upload commits so that next year's file reads the same way without a question."""

from __future__ import annotations

import json

import pytest

from indicators import actions
from indicators.base.errors import LearningCityError
from indicators.ingest import ingest_files
from indicators.ingest.plan import plan_batch
from indicators.ingest.recipes import Recipe, SheetRecipe, from_yaml, recipe_of, saved_recipe, to_yaml
from indicators.read import read_workbook
from indicators.store.accounts import Actor
from tests.bad_inputs import xlsx_bytes
from tests.conftest import run_cli, table_snapshot

CITY = "Test City"
ADMIN = Actor("tester", "admin", "test")


@pytest.fixture(autouse=True)
def _tester_account(request):
    """The engine reads every actor's role from the database (issue 16, item 7): ADMIN needs its account."""
    if "con" in request.fixturenames:
        from indicators.store import accounts

        accounts.add_user(request.getfixturevalue("con"), "tester", "admin", "tester-password")
# A figure the engine cannot name: numbers under a header it does not know.
STONES = {"Sheet1": [["อำเภอ", "ก้อนหิน"], ["เมือง", 12], ["เหนือ", 7], ["ใต้", 9]]}


def _file(tmp_path, name: str, sheets: dict) -> str:
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(sheets))
    return str(path)


def _codes(plan) -> set[str]:
    return {p.code for p in plan.problems}


def test_yaml_round_trip_keeps_every_choice():
    recipe = Recipe(note="Reading of x.xlsx", sheets={"กิจกรรม": SheetRecipe(
        kind="statistics", header_rows=(4, 5), year=2024, measure="stones",
        columns={"อำเภอ": "district", "ก้อนหิน": "value", "หมายเหตุ": "ignored"})})
    again = from_yaml(to_yaml(recipe))
    assert again.sheets == recipe.sheets


@pytest.mark.parametrize("text, words", [
    ("sheets: {S: {kind: pictures}}", "unknown kind 'pictures'"),
    ("sheets: {S: {header_rows: [0]}}", "header_rows must be Excel row numbers"),
    ("sheets: {S: {year: 1492}}", "is not a year"),
    ("sheets: {S: {columns: {a: favourite_colour}}}", "unknown field(s) favourite_colour"),
    ("- just a list", "needs a 'sheets:' mapping"),
])
def test_a_bad_recipe_is_refused_saying_why(text, words):
    with pytest.raises(LearningCityError) as refused:
        from_yaml(text)
    assert words in refused.value.message_en and refused.value.message_th


def test_a_thai_year_in_a_recipe_is_read_as_buddhist_era():
    assert from_yaml("sheets: {S: {year: 2567}}").sheets["S"].year == 2024


def test_confirming_the_measure_lets_the_sheet_in_and_is_kept_for_the_source(con, tmp_path):
    first = _file(tmp_path, "report_2566.xlsx", STONES)
    (plan,) = plan_batch(con, [read_workbook(first)], CITY)
    assert "needs_review" in _codes(plan)
    recipe = recipe_of(plan)
    recipe.sheets["Sheet1"].measure = "stones"
    (confirmed,) = plan_batch(con, [read_workbook(first)], CITY, recipe=recipe)
    assert confirmed.ok, [(p.code, p.message_en) for p in confirmed.problems]
    actions.commit_upload(con, ADMIN, [confirmed], recipes={confirmed.file_name: recipe})
    assert saved_recipe(con, CITY, confirmed.source).sheets["Sheet1"].measure == "stones"
    action = con.execute("SELECT action, target FROM audit_log WHERE action = 'save_recipe'").fetchall()
    assert action == [("save_recipe", f"{confirmed.source} v1")]
    # Next year's file from the same office: read with the saved reading, no question asked.
    following = _file(tmp_path, "report_2567.xlsx", {"Sheet1": [["อำเภอ", "ก้อนหิน"], ["เมือง", 14]]})
    (plan,) = plan_batch(con, [read_workbook(following)], CITY)
    assert plan.ok, [(p.code, p.message_en) for p in plan.problems]
    assert set(plan.frames["statistics"]["measure"]) == {"stones"}


def test_a_recipe_given_for_other_headers_is_refused_naming_them(con, tmp_path):
    path = _file(tmp_path, "report_2566.xlsx", STONES)
    recipe = Recipe(sheets={"Sheet1": SheetRecipe(kind="statistics", header_rows=(1,), measure="stones",
                                                  columns={"อำเภอ": "district", "จำนวนหิน": "value"})})
    before = table_snapshot(con)
    outcome = ingest_files(con, [path], CITY, recipe=recipe)
    assert outcome.status == "refused"
    (mismatch,) = [p for p in outcome.plans[0].problems if p.code == "recipe_mismatch"]
    assert "'จำนวนหิน'" in mismatch.message_en and "'จำนวนหิน'" in mismatch.message_th
    assert table_snapshot(con) == before


def test_a_saved_reading_that_no_longer_fits_is_set_aside_and_the_sheet_read_afresh(con, tmp_path):
    first = _file(tmp_path, "report_2566.xlsx", STONES)
    (plan,) = plan_batch(con, [read_workbook(first)], CITY)
    recipe = recipe_of(plan)
    recipe.sheets["Sheet1"].measure = "stones"
    (confirmed,) = plan_batch(con, [read_workbook(first)], CITY, recipe=recipe)
    actions.commit_upload(con, ADMIN, [confirmed], recipes={confirmed.file_name: recipe})
    # The office added a title row: the saved header row now points at the title.
    moved = _file(tmp_path, "report_2567.xlsx", {"Sheet1": [["จำนวนก้อนหิน ปี 2567"], *STONES["Sheet1"]]})
    (plan,) = plan_batch(con, [read_workbook(moved)], CITY)
    assert "saved_reading_not_used" in _codes(plan)
    assert plan.sheets[0].header_rows == [2]  # found again under the new title


def test_cli_recipe_confirms_a_reading_and_keeps_it(tmp_path):
    db = tmp_path / "r.duckdb"
    path = _file(tmp_path, "report_2566.xlsx", STONES)
    recipe_file = tmp_path / "reading.yaml"
    code, out, err = run_cli("ingest", path, "--city", CITY, "--explain", "--save-recipe", str(recipe_file),
                             env_db=db)
    assert code == 1 and "not certain enough" in out, out + err
    text = recipe_file.read_text(encoding="utf-8").replace("kind: statistics", "kind: statistics\n    measure: stones")
    recipe_file.write_text(text, encoding="utf-8")
    code, out, err = run_cli("ingest", path, "--city", CITY, "--recipe", str(recipe_file), "--json", env_db=db)
    assert code == 0, out + err
    assert json.loads(out)["upload_ids"]
    code, out, err = run_cli("statistics", "--city", CITY, "--format", "csv", env_db=db)
    assert code == 0 and [line.split(",")[3] for line in out.splitlines() if line.startswith("stones,")] == [
        "เมือง", "เหนือ", "ใต้"]


def test_the_year_of_a_confirmed_reading_is_not_kept_for_the_next_file(con, tmp_path):
    path = _file(tmp_path, "report.xlsx", STONES)
    recipe = Recipe(sheets={"Sheet1": SheetRecipe(kind="statistics", header_rows=(1,), year=2023, measure="stones",
                                                  columns={"อำเภอ": "district", "ก้อนหิน": "value"})})
    (plan,) = plan_batch(con, [read_workbook(path)], CITY, recipe=recipe)
    assert plan.ok and set(plan.frames["statistics"]["year"]) == {2023}
    actions.commit_upload(con, ADMIN, [plan], recipes={plan.file_name: recipe})
    kept = saved_recipe(con, CITY, plan.source).sheets["Sheet1"]
    assert kept.year is None and kept.measure == "stones"
    # next year's file, no year written anywhere: asked again, never given last year's
    (following,) = plan_batch(con, [read_workbook(_file(tmp_path, "report (new).xlsx", STONES))], CITY,
                              source=plan.source)
    assert "year_needed" in _codes(following)
