"""The engine behind the upload wizard: column choices (and their reuse for the next file from the same
source), the dry-run preview, templates that round-trip, the mapping-rule editor's preview and save."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from conftest import add_accounts, make_xlsx, table_snapshot, thai_activities_workbook
from openpyxl import load_workbook

from indicators import actions, mapping, store
from indicators.ingest import ingest_files, plan_batch, preview
from indicators.measure.compute import compute_values
from indicators.present.templates import COLUMNS, KINDS, template_workbook
from indicators.read import read_workbook
from indicators.store.accounts import Actor

CITY = "เมืองทดสอบ"
RESEARCHER = Actor("rita", "researcher")


@pytest.fixture(autouse=True)
def _accounts(request):
    """RESEARCHER acts through the engine, which reads the role from the database."""
    if "con" in request.fixturenames:
        add_accounts(request.getfixturevalue("con"))


ODD_HEADERS = ["รหัสกิจกรรม", "ชื่อกิจกรรม", "วันที่", "ผู้ร่วมงาน", "จำนวนคน"]


def odd_workbook(path, rows=(("B-1", "อบรมอาชีพ", "2567-03-01", "มูลนิธิ ก", 12),
                              ("B-2", "ห้องสมุดเคลื่อนที่", "2567-05-01", "มูลนิธิ ข", 30))):
    return make_xlsx(path, {"กิจกรรม": [ODD_HEADERS, *rows]})


def fields_of(plan) -> dict[str, str | None]:
    return {c["header"]: c["field"] for c in plan.sheets[0].columns}


def test_a_chosen_field_changes_what_is_read(con, tmp_path):
    book = read_workbook(odd_workbook(tmp_path / "office_a_2567.xlsx"))
    [auto] = plan_batch(con, [book], CITY)
    assert fields_of(auto)["ผู้ร่วมงาน"] is None
    assert any(p.code == "unmatched_column" and p.column == "ผู้ร่วมงาน" for p in auto.problems)
    chosen = {book.file_name: {"กิจกรรม": {"ผู้ร่วมงาน": "partner", "จำนวนคน": "ignored"}}}
    [plan] = plan_batch(con, [book], CITY, overrides=chosen)
    assert fields_of(plan)["ผู้ร่วมงาน"] == "partner" and fields_of(plan)["จำนวนคน"] == "ignored"
    assert plan.frames["activities"]["partner"].tolist() == ["มูลนิธิ ก", "มูลนิธิ ข"]
    assert "participation" not in plan.frames  # the ignored count column adds no participants


def test_saved_column_mapping_is_reused_for_the_same_source_and_for_the_same_headers(con, tmp_path):
    book = read_workbook(odd_workbook(tmp_path / "office_a_2567.xlsx"))
    [plan] = plan_batch(con, [book], CITY)
    actions.save_column_mapping(con, RESEARCHER, CITY, plan.source, plan.sheets[0].signature, "กิจกรรม",
                                {"ผู้ร่วมงาน": "partner"})
    next_year = read_workbook(odd_workbook(tmp_path / "office_a_2568.xlsx"))  # same source: office_a
    [again] = plan_batch(con, [next_year], CITY)
    assert again.source == plan.source and fields_of(again)["ผู้ร่วมงาน"] == "partner"
    renamed = read_workbook(odd_workbook(tmp_path / "from_email.xlsx"))  # other name, same headers
    [by_headers] = plan_batch(con, [renamed], CITY)
    assert by_headers.source != plan.source and fields_of(by_headers)["ผู้ร่วมงาน"] == "partner"
    other_city = plan_batch(con, [renamed], "เมืองอื่น")[0]
    assert fields_of(other_city)["ผู้ร่วมงาน"] is None  # mappings belong to a city


def test_preview_equals_the_figures_after_commit_and_writes_nothing(con, tmp_path):
    ingest_files(con, [thai_activities_workbook(tmp_path / "activities_2567.xlsx")], CITY)
    corrected = thai_activities_workbook(tmp_path / "activities_2567_v2.xlsx", rows=[
        ("A-001", "อบรมอาชีพทำขนมไทย", "อาชีพ", "เขตเหนือ", "15 ม.ค. 2567", 1, 6, 40, 15, 55, 5)])
    before = table_snapshot(con)
    plans = plan_batch(con, [read_workbook(corrected)], CITY)
    figures = preview.figures_before_after(con, plans)
    summary = preview.row_summary(con, plans)
    assert table_snapshot(con) == before
    assert preview.replaced_years(con, plans) == [2024]
    activities = summary[summary["table"] == "activities"].iloc[0]
    assert (activities["add"], activities["replace"]) == (1, 5)
    assert actions.commit_upload(con, RESEARCHER, plans) == [2]  # the preview used no upload number
    after = compute_values(con, CITY).set_index(["indicator", "year"])["value"]
    expected = figures.set_index(["indicator", "year"])["after"].dropna()
    assert (after.reindex(expected.index) - expected).abs().max() < 1e-9
    participants = figures[(figures["indicator"] == "participants") & (figures["year"] == 2024)].iloc[0]
    assert (participants["before"], participants["after"]) == (1374, 55)
    assert participants["changed"]


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_template_header_is_recognised(kind, lang):
    book = load_workbook(io.BytesIO(template_workbook(kind, lang, ["เขตเหนือ"], ["อาชีพ"])))
    header = [c.value for c in book.worksheets[0][1]]
    assert header == [c[1] if lang == "th" else c[2] for c in COLUMNS[kind]]
    workbook = read_workbook(template_workbook(kind, lang), file_name=f"{kind}.xlsx")
    plan = plan_batch(None, [workbook], CITY)[0]
    assert [s.kind for s in plan.sheets] == [kind]
    assert {c["field"] for c in plan.sheets[0].columns} >= {f for f, *_ in COLUMNS[kind] if f != "age_band"}


def test_templates_have_drop_downs_and_instructions():
    book = load_workbook(io.BytesIO(template_workbook("activities", "th", ["เขตเหนือ", "เขตใต้"], ["อาชีพ"])))
    assert book.sheetnames == ["กิจกรรม", "_lists", "คำแนะนำ"]
    assert book["_lists"].sheet_state == "hidden"
    ranges = {str(v.sqref).split(":")[0][0]: v.formula1 for v in book["กิจกรรม"].data_validations.dataValidation}
    header = [c.value for c in book["กิจกรรม"][1]]
    district_column = "ABCDEFGHIJKLMNOPQR"[header.index("เขต")]
    lists = book["_lists"]
    district_list = [lists.cell(r, 1).value for r in range(2, 4)]
    assert district_list == ["เขตเหนือ", "เขตใต้"] and ranges[district_column] == "=_lists!$A$2:$A$3"
    assert "แถวรวม" in " ".join(c.value for c in book["คำแนะนำ"]["A"] if c.value)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_filled_template_round_trips_with_no_problems(con, tmp_path, lang):
    book = load_workbook(io.BytesIO(template_workbook("activities", lang, ["เขตเหนือ"], ["อาชีพ"])))
    sheet = book.worksheets[0]
    sheet.append(["T-1", "อบรมอาชีพ", "อาชีพ", "2.3", "เขตเหนือ", "เทศบาล", "มูลนิธิ", "ในสถานที่" if lang == "th" else "in person",
                  "ผู้สูงอายุ", "2024-03-01", 1, 3, 1000, 4, 6, 10, 2, 1])
    sheet.append(["T-2", "ห้องสมุดออนไลน์", None, None, "เขตเหนือ", "เทศบาล", None, "ออนไลน์" if lang == "th" else "online",
                  None, "2567-04-02", 2, 4, 0, 5, 5, 10, 0, 0])
    path = tmp_path / f"template_filled_{lang}.xlsx"
    book.save(path)
    outcome = ingest_files(con, [path], CITY)
    assert outcome.status == "committed"
    assert [p.code for p in outcome.problems] == []
    stored = con.execute("SELECT activity_code, mode, year FROM v_activities WHERE city = ? ORDER BY 1", [CITY]).fetchall()
    assert stored == [("T-1", "in_person", 2024), ("T-2", "online", 2024)]


def test_rule_preview_counts_moves_and_save_makes_a_new_version(con, tmp_path):
    ingest_files(con, [thai_activities_workbook(tmp_path / "activities_2567.xlsx")], CITY)
    rules = mapping.category_table_for(con, CITY)
    changed = pd.concat([rules[rules["category"] != "สิ่งแวดล้อม"],
                         pd.DataFrame([{"category": "สิ่งแวดล้อม", "area_code": "3.3", "feature_code": None}])])
    before = con.execute("SELECT area_code FROM v_activity_areas WHERE activity_key LIKE '%A-003%'").fetchall()
    moves = mapping.preview_rule_change(con, CITY, category_table=changed).set_index("area_code")
    assert moves.loc["3.3", "gained"] >= 1
    assert sum(moves.loc[a, "lost"] for (a,) in before if a != "3.3") >= 1 or ("3.3",) in before
    detail = actions.save_mapping_rules(con, RESEARCHER, CITY, category_table=changed)
    assert detail["versions"] == {"category_map": 1}
    after = con.execute("SELECT area_code FROM v_activity_areas WHERE activity_key LIKE '%A-003%'").fetchall()
    assert ("3.3",) in after
    with pytest.raises(ValueError, match="not an area of focus"):
        mapping.preview_rule_change(con, CITY, category_table=pd.DataFrame(
            [{"category": "x", "area_code": "9.9", "feature_code": None}]))


def test_nested_transactions_commit_or_roll_back_as_one(con):
    con.execute("CREATE TABLE t (x INTEGER)")
    with pytest.raises(RuntimeError), store.transaction(con):
        con.execute("INSERT INTO t VALUES (1)")
        with store.transaction(con):
            con.execute("INSERT INTO t VALUES (2)")
        raise RuntimeError("outer fails after the inner block")
    assert con.execute("SELECT count(*) FROM t").fetchall() == [(0,)]
    with store.transaction(con), store.transaction(con):
        con.execute("INSERT INTO t VALUES (3)")
    assert con.execute("SELECT count(*) FROM t").fetchall() == [(1,)]
