"""The pages of issue 21 items 6–9 through AppTest: a chart note and a target with milestones entered on
Rules and targets reach the Key Features chart; Data quality lists the rules' warnings with their
follow-up and the completeness by reporting office, in Thai and English."""

from __future__ import annotations

import os

import pytest
from test_upload_app import (
    ADMIN,
    RESEARCHER,
    app_db,  # noqa: F401 (the fixture: a database file with the sample city, as the app's)
    no_failure,
    start,
)

from indicators import store
from indicators.ingest.sample import SAMPLE_CITY
from indicators.measure.progress import load_targets
from indicators.present.i18n import t
from indicators.store.annotations import load_notes

pytestmark = pytest.mark.usefixtures("app_db")


def _database():
    return store.open_database(os.environ["LEARNING_CITY_DB"])  # the app_db fixture's file


def _form_button(at, form: str):
    return next(b for b in at.get("form_submit_button") if b.form_id == form)


def test_a_note_and_milestones_entered_on_rules_reach_the_key_features_chart():
    at = start("pages/rules.py", ADMIN)
    no_failure(at)
    at.number_input(key="note_from").set_value(2020)
    at.number_input(key="note_to").set_value(2021)
    at.text_input(key="note_text_en").set_value("COVID-19 closures")
    at.text_input(key="note_text_th").set_value("ปิดศูนย์ช่วงโควิด-19")
    _form_button(at, "chart_note_form").click().run()
    no_failure(at)
    at.selectbox(key="target_indicator").set_value("activities")
    at.number_input(key="target_value").set_value(1000.0)
    at.number_input(key="target_year").set_value(2027)
    at.number_input(key="target_base_year").set_value(2020)
    at.text_input(key="target_milestones").set_value("2025: 800; 2026: 900")
    _form_button(at, "target_form").click().run()
    no_failure(at)
    con = _database()
    notes = load_notes(con, SAMPLE_CITY)
    targets = load_targets(con, SAMPLE_CITY).set_index("indicator")
    con.close()
    assert list(zip(notes["year_from"], notes["year_to"], notes["text_en"])) == [(2020, 2021, "COVID-19 closures")]
    assert targets.loc["activities", "milestones"] == '{"2025": 800.0, "2026": 900.0}'
    at = start("pages/key_features.py", ADMIN).run()
    at.selectbox(key="area").set_value("2.6").run()  # the area activities evidence
    no_failure(at)
    charts = [c.proto.spec for c in at.get("plotly_chart")]
    assert any("COVID-19 closures" in spec and "diamond-open" in spec for spec in charts)
    assert any("2020–2021" in c.value and "closures" in c.value for c in at.caption)  # listed under the chart


def test_a_bad_milestone_is_refused_on_the_page_and_nothing_is_saved():
    at = start("pages/rules.py", ADMIN)
    at.selectbox(key="target_indicator").set_value("activities")
    at.number_input(key="target_year").set_value(2027)
    at.text_input(key="target_milestones").set_value("2030: 5")
    _form_button(at, "target_form").click().run()
    assert at.error and "2030" in at.error[0].value
    con = _database()
    assert load_targets(con, SAMPLE_CITY).set_index("indicator").loc["activities", "target_value"] == 986
    con.close()


@pytest.mark.parametrize("lang", ["en", "th"])
def test_data_quality_lists_warnings_to_follow_up_and_completeness(lang):
    at = start("pages/data_quality.py", RESEARCHER, lang=lang).run()  # widget ids settle after the first run
    no_failure(at)
    subheaders = [s.value for s in at.subheader]
    assert t("quality_warnings", lang) in subheaders and t("completeness", lang) in subheaders
    tables = [table.value for table in at.table]
    warnings = next(tb for tb in tables if t("quality_followup", lang) in tb.columns)
    assert len(warnings) == 6 and set(warnings[t("quality_followup", lang)]) == {t("quality_followup_open", lang)}
    by_year = next(tb for tb in tables if t("completeness_source", lang) in tb.columns)
    assert "activities_th" in set(by_year[t("completeness_source", lang)])
    at.radio(key="followup_status").set_value("confirmed")
    at.text_input(key="followup_note").set_value("checked with the district office")
    _form_button(at, "followup_form").click().run()
    no_failure(at)
    warnings = next(tb.value for tb in at.table if t("quality_followup", lang) in tb.value.columns)
    assert (warnings[t("quality_followup", lang)] == t("quality_followup_confirmed", lang)
            + " — checked with the district office").sum() == 1
