"""Indicator metadata pages: every field for every indicator in both languages, last update and coverage
from the database (a rollback moves the last update back), and a link under every chart of an indicator."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import PROJECT
from streamlit.testing.v1 import AppTest

from indicators.measure.definitions import load_indicators
from indicators.present.i18n import t
from indicators.present.metadata import FIELDS, indicator_fields
from indicators.store.latest_uploads import latest_upload

AREAS = {"1.1": "Area"}


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_indicator_has_every_field_written(con, lang):
    values = pd.DataFrame(columns=["indicator", "year", "district", "value"])
    for indicator in load_indicators():
        fields = dict(indicator_fields(con, indicator, "Nowhere", values, lang, "be", AREAS))
        assert list(fields) == [t(f"metadata_{f}", lang) for f in FIELDS]
        assert all(text.strip() for text in fields.values()), indicator.code
        assert fields[t("metadata_last_update", lang)] == t("metadata_never_updated", lang, city="Nowhere")


def test_last_update_and_coverage_follow_the_stored_uploads(con):
    from indicators.ingest.sample import SAMPLE_CITY, load_sample_if_empty
    from indicators.measure.compute import compute_values
    from indicators.store.uploads import rollback_upload

    load_sample_if_empty(con)
    uploads = con.execute("SELECT upload_id, file_name FROM uploads ORDER BY uploaded_at, upload_id").fetchall()
    outcomes = next(i for i in load_indicators() if i.code == "completion_rate")
    newest = latest_upload(con, SAMPLE_CITY, {"outcomes"})
    assert "outcomes" in newest["file_name"]
    values = compute_values(con, city=SAMPLE_CITY, by=("year", "district"))
    fields = dict(indicator_fields(con, outcomes, SAMPLE_CITY, values, "en", "ce", AREAS))
    assert f"upload {newest['upload_id']}" in fields["Last update"]
    years = sorted(values.loc[(values["indicator"] == "completion_rate") & values["value"].notna(), "year"].unique())
    assert f"{years[0]}–{years[-1]}" in fields["Coverage"]
    rollback_upload(con, newest["upload_id"], "test")
    assert latest_upload(con, SAMPLE_CITY, {"outcomes"}) is None  # its only upload is gone
    assert len(uploads) > 1


def test_a_chart_links_to_its_indicators_page_and_the_page_opens_on_it(tmp_path, monkeypatch):
    from indicators.ingest.sample import load_sample_if_empty
    from indicators.store import open_database

    path = tmp_path / "sample.duckdb"
    con = open_database(path)
    load_sample_if_empty(con)
    con.close()
    monkeypatch.setenv("LEARNING_CITY_DB", str(path))
    at = AppTest.from_file(str(PROJECT / "dashboard.py"), default_timeout=120)
    at.session_state["lang"] = "en"
    at.switch_page("pages/key_features.py")
    at.run()
    links = [e for e in at.get("page_link") if e.proto.page.endswith("indicator")]
    codes = [i.code for i in load_indicators() if "1.1" in i.areas]
    assert [link.proto.query_string for link in links] == [f"code={c}" for c in codes]
    at.query_params["code"] = "women_share"
    at.switch_page("pages/indicator.py")
    at.run()
    assert not at.exception
    assert at.header[0].value == next(i.name_en for i in load_indicators() if i.code == "women_share")
