"""Validation rules as data (issue 21, item 7): each kind finds exactly its breaches in figures built here,
rules researchers save are checked, versioned and audited, an upload's dry run names the warnings it
would bring, follow-ups are kept; and completeness by reporting office (item 8)."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import pandas as pd
import pytest
from conftest import add_accounts, run_cli, thai_activities_workbook

from indicators import actions
from indicators.base.errors import LearningCityError, PermissionDenied
from indicators.ingest import ingest_files, preview
from indicators.ingest.sample import SAMPLE_CITY, load_sample_if_empty
from indicators.measure.completeness import completeness, completeness_summary, due_date
from indicators.measure.quality_checks import city_breaches, new_breaches, run_rules
from indicators.measure.quality_rules import check_rules, default_rules, load_rules
from indicators.store import audit
from indicators.store.accounts import Actor

VIEWER, RESEARCHER = Actor("vee", "viewer"), Actor("rita", "researcher")


def _values(rows):
    return pd.DataFrame(rows, columns=["indicator", "year", "district", "value"])


def _rules(*rows):
    return check_rules(pd.DataFrame(rows))


def test_a_comparison_flags_parts_above_their_total_and_skips_what_is_not_reported():
    values = _values([("participants_female", 2024, None, 60), ("participants_male", 2024, None, 50),
                      ("participants", 2024, None, 100),
                      ("participants_female", 2024, "North", 10), ("participants_male", 2024, "North", 10),
                      ("participants", 2024, "North", 20),
                      ("participants_female", 2023, "North", 99), ("participants", 2023, "North", 1)])
    rules = _rules({"rule_id": "sex", "kind": "compare", "left_side": "participants_female+participants_male",
                    "operator": "<=", "right_side": "participants"})
    found = run_rules(rules, values)
    assert list(zip(found["year"], found["district"], found["value"])) == [(2024, None, 110.0)]
    assert "110" in found.iloc[0]["message_en"] and "ปี 2567" in found.iloc[0]["message_th"]


def test_range_jump_and_outlier_find_their_breaches_only():
    steady = [100, 104, 98, 102, 101, 99]
    values = _values([("women_share", 2020 + i, None, v) for i, v in enumerate([40, 55, 101, 60, -1, 50])]
                     + [("participants", 2020 + i, "North", v) for i, v in enumerate(steady[:5] + [400])]
                     + [("participants", 2020 + i, "South", v) for i, v in enumerate(steady)])
    rules = _rules({"rule_id": "share", "kind": "range", "left_side": "women_share", "minimum": 0, "maximum": 100},
                   {"rule_id": "jump", "kind": "jump", "left_side": "participants", "threshold": 50},
                   {"rule_id": "odd", "kind": "outlier", "left_side": "participants", "threshold": 3})
    found = run_rules(rules, values)
    assert sorted(zip(found["rule_id"], found["year"], found["district"].fillna("*"))) == [
        ("jump", 2025, "North"), ("odd", 2025, "North"), ("share", 2022, "*"), ("share", 2024, "*")]
    # each message names the indicator in its own language, not by its code
    odd = found[found["rule_id"] == "odd"].iloc[0]
    assert odd["message_th"].startswith("จำนวนผู้เข้าร่วม = 400") and odd["message_en"].startswith("Participants = 400")
    assert not any("participants" in m for m in found["message_th"])
    # an incomplete period is no jump and no outlier
    partial = run_rules(rules, values, partial=[2025])
    assert set(partial["rule_id"]) == {"share"}


def test_a_missing_year_is_no_jump_and_a_short_series_has_no_outlier():
    values = _values([("participants", 2020, None, 100), ("participants", 2022, None, 300),
                      ("participants", 2023, None, 310), ("participants", 2024, None, 2000)])
    rules = _rules({"rule_id": "jump", "kind": "jump", "left_side": "participants", "threshold": 50},
                   {"rule_id": "odd", "kind": "outlier", "left_side": "participants", "threshold": 1})
    found = run_rules(rules, values)
    assert list(zip(found["rule_id"], found["year"])) == [("jump", 2024)]


@pytest.mark.parametrize("bad", [
    {"rule_id": "x y", "kind": "range", "left_side": "participants", "maximum": 1},
    {"rule_id": "r", "kind": "ratio", "left_side": "participants"},
    {"rule_id": "r1", "kind": "compare", "left_side": "participants", "operator": "<>", "right_side": "activities"},
    {"rule_id": "r1", "kind": "compare", "left_side": "nope", "operator": "<=", "right_side": "activities"},
    {"rule_id": "r1", "kind": "range", "left_side": "participants", "minimum": 5, "maximum": 1},
    {"rule_id": "r1", "kind": "jump", "left_side": "participants", "threshold": "lots"},
    {"rule_id": "r1", "kind": "outlier", "left_side": "participants + activities", "threshold": 3},
])
def test_a_bad_rule_is_refused_naming_it(bad):
    with pytest.raises(LearningCityError) as refused:
        check_rules(pd.DataFrame([bad]))
    assert refused.value.code == "bad_quality_rule" and bad["rule_id"] in refused.value.message_en


@pytest.fixture
def city(con):
    add_accounts(con)
    load_sample_if_empty(con)
    return con


def test_saved_rules_are_versioned_audited_and_only_researchers_save(city):
    shipped = load_rules(city, SAMPLE_CITY)
    assert shipped.equals(default_rules()) and len(shipped) >= 4
    with pytest.raises(PermissionDenied):
        actions.save_quality_rules(city, VIEWER, SAMPLE_CITY, shipped.head(1))
    with pytest.raises(LearningCityError):
        actions.save_quality_rules(city, RESEARCHER, SAMPLE_CITY, pd.DataFrame([{"rule_id": "r", "kind": "?"}]))
    assert city.execute("SELECT count(*) FROM quality_rules").fetchall()[0][0] == 0
    version = actions.save_quality_rules(city, RESEARCHER, SAMPLE_CITY, shipped[shipped["kind"] == "jump"])
    assert version == 1 and set(load_rules(city, SAMPLE_CITY)["kind"]) == {"jump"}
    assert set(city_breaches(city, SAMPLE_CITY)["kind"]) <= {"jump"}
    assert actions.save_quality_rules(city, RESEARCHER, SAMPLE_CITY, shipped.head(0)) == 2
    assert load_rules(city, SAMPLE_CITY).empty and city_breaches(city, SAMPLE_CITY).empty  # none is a choice
    assert (audit.entries(city, SAMPLE_CITY)["action"] == "edit_quality_rules").sum() == 2


def test_follow_ups_are_kept_and_shown_with_the_warning(city):
    breach = city_breaches(city, SAMPLE_CITY).iloc[0]
    assert breach["status"] == "open"
    key = (breach["rule_id"], breach["indicator"], int(breach["year"]), breach["district"])
    actions.follow_up_warning(city, RESEARCHER, SAMPLE_CITY, *key, "confirmed", "A new centre opened")
    again = city_breaches(city, SAMPLE_CITY)
    row = again[(again["rule_id"] == key[0]) & (again["year"] == key[2])
                & (again["district"].fillna("") == (key[3] or ""))].iloc[0]
    assert (row["status"], row["note"], row["updated_by"]) == ("confirmed", "A new centre opened", "rita")
    assert (again["status"] == "open").sum() == len(again) - 1
    with pytest.raises(LearningCityError):
        actions.follow_up_warning(city, RESEARCHER, SAMPLE_CITY, *key, "ignored")
    with pytest.raises(PermissionDenied):
        actions.follow_up_warning(city, VIEWER, SAMPLE_CITY, *key, "open")


def test_the_dry_run_names_the_warnings_an_upload_would_bring(con, tmp_path):
    add_accounts(con)
    actions.save_quality_rules(con, RESEARCHER, "เมืองทดสอบ", pd.DataFrame([
        {"rule_id": "few", "kind": "range", "left_side": "participants", "maximum": 10}]))
    outcome = ingest_files(con, [thai_activities_workbook(tmp_path / "activities_2567.xlsx")], "เมืองทดสอบ",
                           dry_run=True)
    warnings = preview.new_rule_warnings(con, outcome.plans)
    assert len(warnings) and set(warnings["rule_id"]) == {"few"} and (warnings["value"] > 10).all()
    assert con.execute("SELECT count(*) FROM activities").fetchall()[0][0] == 0  # the dry run wrote nothing
    assert new_breaches(warnings, warnings).empty


def test_completeness_says_who_reported_late_and_who_not_at_all(mem):
    uploads = [(1, "A", "office_a", datetime(2021, 2, 1), "committed", [2020]),
               (2, "A", "office_a", datetime(2022, 8, 1), "committed", [2021]),
               (3, "A", "office_b", datetime(2021, 1, 5), "committed", [2020]),
               (4, "A", "office_b", datetime(2022, 1, 5), "rolled_back", [2021]),
               (5, "A", "office_c", datetime(2025, 1, 1), "committed", [2022])]
    for number, city, source, at, status, years in uploads:
        mem.execute("INSERT INTO uploads (upload_id, city, source, file_name, sha256, uploaded_at, status) "
                    "VALUES (?, ?, ?, 'f', ?, ?, ?)", [number, city, source, str(number), at, status]).fetchall()
        for year in years:
            mem.execute("INSERT INTO statistics (upload_id, city, measure, year, value) VALUES (?, ?, 'm', ?, 1)",
                        [number, city, year]).fetchall()
    table = completeness(mem, "A", today=date(2023, 6, 1))
    got = {(r.source, r.year): (r.status, r.days_late) for r in table.itertuples()}
    assert got == {("office_a", 2020): ("on_time", 0), ("office_a", 2021): ("late", 123),
                   ("office_a", 2022): ("missing", 62), ("office_b", 2020): ("on_time", 0),
                   ("office_b", 2021): ("missing", 427), ("office_b", 2022): ("missing", 62),
                   ("office_c", 2022): ("late", 642)}
    assert completeness(mem, "A", today=date(2023, 3, 1)).query("year == 2022 and source == 'office_a'")[
        "status"].item() == "not_due"
    summary = completeness_summary(table).set_index("source")
    assert summary.loc["office_a", ["expected", "on_time", "late", "missing"]].tolist() == [3, 1, 1, 1]
    assert summary.loc["office_b", "reported_pct"] == pytest.approx(33.3)
    assert due_date(2024, True, 90) == date(2024, 12, 29)


def test_the_cli_lists_breaches_and_completeness(db_path):
    code, out, _ = run_cli("quality", "--format", "json", env_db=db_path)
    assert code == 0 and json.loads(out) and {"rule_id", "message", "status"} <= set(json.loads(out)[0])
    code, out, _ = run_cli("completeness", "--summary", env_db=db_path)
    summary = pd.read_csv(io.StringIO(out))
    assert code == 0 and {"source", "expected", "late", "missing"} <= set(summary.columns) and len(summary) == 6


def test_the_cli_names_the_rule_warnings_an_upload_brought(db_path, tmp_path):
    from indicators.store import open_database

    con = open_database(db_path)
    add_accounts(con)
    actions.save_quality_rules(con, RESEARCHER, "เมืองทดสอบ", pd.DataFrame([
        {"rule_id": "few", "kind": "range", "left_side": "participants", "maximum": 10}]))
    con.close()
    book = thai_activities_workbook(tmp_path / "activities_2567.xlsx")
    code, out, err = run_cli("ingest", str(book), "--city", "เมืองทดสอบ", "--json", env_db=db_path)
    assert code == 0, err
    summary = json.loads(out)
    assert summary["status"] == "committed" and summary["rule_warnings"]
    assert {r["rule_id"] for r in summary["rule_warnings"]} == {"few"}
    _, listed, _ = run_cli("quality", "--city", "เมืองทดสอบ", "--format", "json", env_db=db_path)
    assert [(r["year"], r["district"]) for r in json.loads(listed)] == [
        (r["year"], r["district"]) for r in summary["rule_warnings"]]
    code, out, _ = run_cli("ingest", str(book), "--city", "เมืองทดสอบ", env_db=db_path)  # the same file: refused
    assert code == 1 and "few" not in out  # nothing new committed, no rule warnings said


def test_no_breach_before_or_after_is_an_empty_table_with_its_columns():
    empty = run_rules(default_rules(), _values([]))
    assert new_breaches(empty, empty).columns.tolist() == empty.columns.tolist() and new_breaches(empty, empty).empty
