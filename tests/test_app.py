"""The Streamlit app driven by AppTest: every page in both languages without an exception, and the
figures shown equal the engine's values for the same filters."""

from __future__ import annotations

import json

import pytest
from conftest import run_page
from streamlit.testing.v1 import AppTest

from indicators.ingest.sample import SAMPLE_CITY, load_sample_if_empty
from indicators.measure.compute import compute_values
from indicators.present.i18n import format_number
from indicators.store import open_database

PAGES = ["pages/overview.py", "pages/key_features.py", "pages/districts.py", "pages/district_map.py",
         "pages/learning_index.py", "pages/scorecard.py", "pages/data_quality.py", "pages/cities.py",
         "pages/methodology.py", "pages/indicator.py", "pages/present.py", "pages/upload.py", "pages/rules.py",
         "pages/evidence.py", "pages/history.py"]


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("app") / "sample.duckdb"
    con = open_database(path)
    load_sample_if_empty(con)
    yield path, con
    con.close()


def app(sample_db, monkeypatch, page: str | None = None, **state) -> AppTest:
    monkeypatch.setenv("LEARNING_CITY_DB", str(sample_db[0]))
    return run_page(page, **state)


def shown_metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_in_both_languages(sample_db, monkeypatch, page, lang):
    at = app(sample_db, monkeypatch, page, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    title = at.title[0].value
    assert title == ("แดชบอร์ดเมืองแห่งการเรียนรู้" if lang == "th" else "Learning City Dashboard")
    assert any("synthetic" in w.value or "สังเคราะห์" in w.value for w in at.warning)  # sample is labelled


def test_headline_figures_equal_the_engine(sample_db, monkeypatch):
    con = sample_db[1]
    engine = compute_values(con, SAMPLE_CITY, by=("year", "district"))
    at = app(sample_db, monkeypatch, lang="en", era="ce")
    latest = int(engine["year"].max())
    assert at.subheader[0].value == f"Headline figures, {latest}"
    city_wide = engine[engine["district"].isna()].set_index(["indicator", "year"])["value"]
    assert shown_metric(at, "Participants") == format_number(city_wide[("participants", latest)])
    assert shown_metric(at, "Learning activities") == format_number(city_wide[("activities", latest)])
    change = city_wide[("participants", latest)] - city_wide[("participants", latest - 1)]
    card = next(m for m in at.metric if m.label == "Participants")
    assert card.delta == ("+" if change > 0 else "") + format_number(change)
    assert any(c.value == f"from {latest - 1}" for c in at.caption)  # each card names the year it compares with

    at.select_slider(key="_years").set_value((2020, 2023)).run()
    assert shown_metric(at, "Participants") == format_number(city_wide[("participants", 2023)])

    at.selectbox(key="_district").set_value("เขตเหนือ").run()
    north = engine[engine["district"] == "เขตเหนือ"].set_index(["indicator", "year"])["value"]
    assert shown_metric(at, "Participants") == format_number(north[("participants", 2023)])
    assert not at.exception


def test_thai_years_and_fiscal_basis(sample_db, monkeypatch):
    con = sample_db[1]
    fiscal = compute_values(con, SAMPLE_CITY, fiscal=True, codes=["activities"])
    at = app(sample_db, monkeypatch, lang="th", era="be", basis="fiscal")
    latest_whole = int(fiscal["year"].max()) - 1  # the latest, FY 2569, holds October–December 2568 only
    assert at.subheader[0].value == f"ตัวเลขสำคัญ ปีงบประมาณ {latest_whole + 543}"
    shown = shown_metric(at, "จำนวนกิจกรรมการเรียนรู้")
    assert shown == format_number(fiscal.set_index("year")["value"][latest_whole])
    at = app(sample_db, monkeypatch, lang="th", era="be", basis="calendar")
    assert at.subheader[0].value == f"ตัวเลขสำคัญ ปี {int(fiscal['year'].max()) - 1 + 543}"


def test_switching_pages_and_area(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch, lang="en")
    at.switch_page("pages/key_features.py").run()
    assert at.selectbox(key="area").value == "1.1"
    at.selectbox(key="area").set_value("2.4").run()
    assert at.header[0].value.startswith("2.4 Extended use of modern learning technologies")
    assert not at.exception
    reasons = at.dataframe[-1].value
    assert len(reasons) > 0 and reasons["Why"].str.contains("category table|keyword|code written").all()
    # the counts keep their numbers (sortable) and are shown with thousands separators, as on the cards
    shown_as = json.loads(at.dataframe[-1].proto.columns)
    assert all(shown_as[c]["type_config"]["format"] == "localized" for c in ("Events", "Participants"))


def test_switching_language_relabels_the_menu_and_the_chosen_area_at_once(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch)
    at.switch_page("pages/key_features.py").run()
    at.selectbox(key="area").set_value("2.4").run()
    at.radio(key="_lang").set_value("en").run()
    box = at.selectbox(key="area")
    assert box.value == "2.4"
    # the box is sent again with its English label (else the browser keeps showing the Thai one)
    assert box.proto.set_value and box.proto.raw_value == "2.4 · Extended use of modern learning technologies"
    assert at.header[0].value.startswith("2.4 Extended use")
    # the menu is built before the page runs: it must already read the new language
    menu = [page["page_name"] for page in at._registered_pages.values()]  # what st.navigation registered
    assert menu[:2] == ["Overview", "Key Features"], menu


def test_years_follow_the_language_until_an_era_is_chosen(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch)
    assert at.radio(key="_era").value == "be"
    at.radio(key="_lang").set_value("en").run()
    assert at.radio(key="_era").value == "ce" and at.subheader[0].value.startswith("Headline figures, 20")
    at.radio(key="_era").set_value("be").run()
    at.radio(key="_lang").set_value("th").run()
    at.radio(key="_lang").set_value("en").run()
    assert at.radio(key="_era").value == "be"  # the visitor's choice stays


def test_data_behind_the_charts_has_column_names_in_the_page_language(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch, lang="th")
    at.switch_page("pages/key_features.py").run()
    headers = {column for frame in [*at.dataframe, *at.table] for column in frame.value.columns}
    assert {"ปี", "ค่า", "ตัวตั้ง", "ตัวหาร"} <= headers
    assert not headers & {"year", "value", "numerator", "denominator"}


def test_mapping_summary_names_each_rules_total_row(sample_db, monkeypatch):
    from indicators.mapping import mapping_report

    at = app(sample_db, monkeypatch, lang="en")
    at.switch_page("pages/data_quality.py").run()
    summary = at.dataframe[-1].value
    totals = summary[summary["Area of focus"] == "All areas (total)"]
    engine = mapping_report(sample_db[1], SAMPLE_CITY)
    assert totals["Activities"].sum() == engine.loc[engine["area_code"].isna(), "activities"].sum()
    assert not summary["Area of focus"].isna().any() and len(totals) > 0


@pytest.mark.parametrize("lang", ["th", "en"])
def test_methodology_shows_every_definition_whole(sample_db, monkeypatch, lang):
    from indicators.measure.definitions import load_indicators

    at = app(sample_db, monkeypatch, lang=lang)
    at.switch_page("pages/methodology.py").run()
    text = "\n".join(m.value for m in at.markdown).replace("\\", "")
    formulas = [c.value for c in at.code]
    for indicator in load_indicators():
        assert indicator.method(lang) in text and indicator.source(lang) in text, indicator.code
        assert indicator.formula() in formulas


def test_cities_page_ranks_real_cities_without_the_synthetic_sample(tmp_path, monkeypatch):
    from conftest import thai_activities_workbook

    from indicators.ingest import ingest_files

    path = tmp_path / "cities.duckdb"
    con = open_database(path)
    load_sample_if_empty(con)
    register = thai_activities_workbook(tmp_path / "register.xlsx")
    assert ingest_files(con, [register], "Other City").status == "committed"
    at = app((path, con), monkeypatch, "pages/cities.py", lang="en", city="Other City")
    assert not at.dataframe and "Only one city with real data" in at.info[0].value

    assert ingest_files(con, [register], "Third City").status == "committed"
    sample = compute_values(con, SAMPLE_CITY, codes=["participants"]).set_index("year")["value"]
    assert sample[2024] != 1_374  # else leaving the sample out would not show in the median
    at = app((path, con), monkeypatch, "pages/cities.py", lang="en", city="Other City")
    assert not at.exception
    table = at.dataframe[0].value
    participants = table[table["Indicator"] == "Participants"].iloc[0]
    assert participants["Rank"] == "1 of 2"  # the same 1,374 in 2024 as Third City; the sample left out
    assert participants["Network median"] == "1,374" and participants["Other City"] == "1,374"
    assert any("left out" in c.value for c in at.caption)

    at = app((path, con), monkeypatch, "pages/cities.py", lang="en", city=SAMPLE_CITY)  # the sample: all cities
    assert at.dataframe and not any("left out" in c.value for c in at.caption)
    con.close()


# --- Present mode and downloads (issue 6) -------------------------------------------------------------

def made(data) -> bytes:
    """A download's bytes: made at once, or made now by the callable a deferred button runs when clicked."""
    return data() if callable(data) else data


def capture_downloads(monkeypatch) -> dict:
    """What each download button would send, by file name: bytes made at once, or the callable that
    a deferred button runs when clicked (AppTest has no browser to click it)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    found: dict = {}
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def record(self, data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        if is_for_static_download:
            found[file_name] = data
        return add(self, data, mimetype, coordinates, file_name, is_for_static_download)

    def record_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        found[file_name] = data_callable
        return add_deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", record)
    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)
    return found


@pytest.mark.parametrize("lang", ["th", "en"])
def test_present_mode_moves_through_the_chosen_indicators(sample_db, monkeypatch, lang):
    import html

    from indicators.measure.definitions import load_indicators
    from indicators.measure.progress import progress_table
    from indicators.present.i18n import status_text, t

    at = app(sample_db, monkeypatch, "pages/present.py", lang=lang, era="ce")
    assert not at.exception and not at.error
    chosen = ["participants", "women_share", "activities"]
    at.multiselect(key="present_indicators").set_value(chosen).run()
    status = progress_table(sample_db[1], SAMPLE_CITY, year=2025).set_index("indicator")["status"]
    indicators = {i.code: i for i in load_indicators()}

    def heading() -> str:
        return next(m.value for m in at.markdown if m.value.startswith("## "))

    for code in chosen:  # one chart per screen, in the chosen order, status in words and symbol, source
        assert heading() == "## " + indicators[code].name(lang)
        assert any(f"<b>{status_text(status[code], lang)}</b>" in m.value for m in at.markdown)
        source = f"{t('source', lang)}: {html.escape(indicators[code].source(lang))}"
        assert any(source in m.value for m in at.markdown)
        assert len(at.get("plotly_chart")) == 1
        at.button(key="present_next").click().run()
    assert heading() == "## " + indicators[chosen[0]].name(lang)  # wraps round
    at.button(key="present_previous").click().run()
    assert heading() == "## " + indicators[chosen[-1]].name(lang)
    assert not at.exception


def test_download_buttons_produce_the_engines_data(sample_db, monkeypatch):
    import io

    import pandas as pd
    from openpyxl import load_workbook
    from pptx import Presentation

    con = sample_db[1]
    downloads = capture_downloads(monkeypatch)
    at = app(sample_db, monkeypatch, "pages/present.py", lang="en", era="ce")
    at.multiselect(key="present_indicators").set_value(["participants"]).run()
    assert not at.exception
    engine = compute_values(con, SAMPLE_CITY, by=("year", "district"))
    city_wide = engine[(engine["indicator"] == "participants") & engine["district"].isna()]

    shown = pd.read_csv(io.BytesIO(made(downloads[f"{SAMPLE_CITY}-participants.csv"])), encoding="utf-8-sig")
    assert list(shown["Year (CE)"]) == list(city_wide["year"]) and list(shown["Value"]) == list(city_wide["value"])
    sheet = load_workbook(io.BytesIO(made(downloads[f"{SAMPLE_CITY}-participants.xlsx"])))["Data"]
    assert [r[6] for r in sheet.iter_rows(min_row=2, values_only=True)] == list(city_wide["value"])

    full = pd.read_csv(io.BytesIO(downloads[f"{SAMPLE_CITY}-full-data.csv"]()), encoding="utf-8-sig")
    assert len(full) == len(engine)  # every indicator, year and district (the sample's years are all chosen)
    assert full["Value"].sum() == pytest.approx(engine["value"].sum())

    report = downloads[f"{SAMPLE_CITY}-en.html"]().decode("utf-8")
    assert "Learning City progress report" in report and "<script src" not in report
    deck = Presentation(io.BytesIO(downloads[f"{SAMPLE_CITY}-en.pptx"]()))
    assert len(deck.slides) == 14
    pack = load_workbook(io.BytesIO(downloads[f"{SAMPLE_CITY}-en.xlsx"]()))
    assert "Values" in pack.sheetnames


def test_key_features_offers_downloads_per_chart(sample_db, monkeypatch):
    downloads = capture_downloads(monkeypatch)
    at = app(sample_db, monkeypatch, "pages/key_features.py", lang="th")
    assert not at.exception
    labels = {b.label for b in at.download_button}
    assert {"ข้อมูลกราฟ (CSV)", "ข้อมูลกราฟ (Excel)", "ข้อมูลทั้งหมด (CSV)", "ข้อมูลทั้งหมด (Excel)"} <= labels
    csv_files = [name for name in downloads if name.endswith(".csv")]
    assert csv_files and all(made(downloads[name]).startswith(b"\xef\xbb\xbf") for name in csv_files)


def test_chart_images_or_what_to_install(sample_db, monkeypatch):
    """With a Chromium, Present mode offers PNG/SVG of the chart and a PDF report; without one it says
    what to install instead of offering buttons that would fail."""
    from indicators.present.exports import images
    from indicators.present.i18n import t

    at = app(sample_db, monkeypatch, "pages/present.py", lang="en")
    labels = {b.label for b in at.download_button}
    if images.images_available():
        assert {t("download_png", "en"), t("download_svg", "en"), t("export_pdf", "en")} <= labels
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(images, "find_chromium", lambda: None)
    at = app(sample_db, monkeypatch, "pages/present.py", lang="th")
    assert not at.exception
    labels = {b.label for b in at.download_button}
    assert not {t("download_png", "th"), t("export_pdf", "th")} & labels
    assert t("export_html", "th") in labels  # the offline report needs no browser to be made
    assert any("chromium" in i.value and "fonts-thai-tlwg" in i.value for i in at.info)
