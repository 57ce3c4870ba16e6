"""Issue 18 in AppTest: the pages tell the truth at a glance — the year range follows each city, status
is computed over the chosen years, incomplete periods are marked and left out, and no change is shown
against a year without data."""

from __future__ import annotations

import re

import pytest
from conftest import make_xlsx, run_page
from streamlit.testing.v1 import AppTest

from indicators.ingest import ingest_files
from indicators.ingest.sample import SAMPLE_CITY, load_sample_if_empty
from indicators.measure.compute import compute_values
from indicators.present.i18n import format_number
from indicators.store import open_database


@pytest.fixture(scope="module")
def cities_db(tmp_path_factory):
    """The sample city (2020–2025) and a small real-looking city with 2020–2022 and 2024 (no 2023)."""
    folder = tmp_path_factory.mktemp("truth")
    path = folder / "cities.duckdb"
    con = open_database(path)
    load_sample_if_empty(con)
    rows = [["ชื่อกิจกรรม", "วันที่", "เขต", "จำนวนผู้เข้าร่วม"]]
    for year, people in ((2020, 30), (2021, 40), (2022, 50), (2024, 80)):
        rows += [[f"อบรม {year} {month}", f"15/{month:02d}/{year + 543}", "เขตเหนือ", people] for month in range(1, 13)]
    register = make_xlsx(folder / "small_city.xlsx", {"กิจกรรม": rows})
    assert ingest_files(con, [register], "Small City").status == "committed"
    yield path, con
    con.close()


def app(db, monkeypatch, page: str | None = None, **state) -> AppTest:
    monkeypatch.setenv("LEARNING_CITY_DB", str(db[0]))
    return run_page(page, **state)


def card(at: AppTest, label: str):
    return next(m for m in at.metric if m.label == label)


def test_the_year_range_follows_each_city_and_keeps_only_a_narrowing_that_fits(cities_db, monkeypatch):
    at = app(cities_db, monkeypatch, lang="en", era="ce", city="Small City")
    assert at.select_slider(key="_years").value == (2020, 2024)
    at.selectbox(key="_city").set_value(SAMPLE_CITY).run()
    assert at.select_slider(key="_years").value == (2020, 2025)  # the whole span, not Small City's
    assert at.subheader[0].value == "Headline figures, 2025"
    at.select_slider(key="_years").set_value((2021, 2022)).run()
    at.selectbox(key="_city").set_value("Small City").run()
    assert at.select_slider(key="_years").value == (2021, 2022)  # the visitor's narrowing fits: kept
    at.select_slider(key="_years").set_value((2022, 2024)).run()
    at.selectbox(key="_city").set_value(SAMPLE_CITY).run()
    assert at.select_slider(key="_years").value == (2022, 2024)
    at.select_slider(key="_years").set_value((2020, 2025)).run()  # back to the whole span: follows again
    at.selectbox(key="_city").set_value("Small City").run()
    assert at.select_slider(key="_years").value == (2020, 2024)
    assert not at.exception


def test_every_page_says_which_years_it_covers(cities_db, monkeypatch):
    for page in ("pages/overview.py", "pages/key_features.py", "pages/districts.py", "pages/data_quality.py",
                 "pages/present.py", "pages/evidence.py"):
        at = app(cities_db, monkeypatch, page, lang="th", era="be")
        assert any(c.value.startswith("ช่วงปีที่แสดง: 2563–2568 · ปีปฏิทิน") for c in at.caption), page


def test_no_change_from_a_year_without_data_and_no_arrow_for_a_missing_value(cities_db, monkeypatch):
    at = app(cities_db, monkeypatch, lang="en", era="ce", city="Small City")
    assert at.subheader[0].value == "Headline figures, 2024"
    participants = card(at, "Participants")
    assert participants.value == "960" and participants.delta == "+360"  # 2024 against 2022: 2023 has none
    assert any(c.value == "from 2022" for c in at.caption)  # said under the card, where it wraps
    women = card(at, "Share of women among participants")
    assert women.value == "–" and not women.delta  # no value: no "– %", no green "↑ –"
    assert not any("2023" in c.value for c in at.caption)
    at.select_slider(key="_years").set_value((2024, 2024)).run()
    assert not card(at, "Participants").delta  # nothing earlier in the chosen years


def test_an_incomplete_fiscal_year_is_marked_and_left_out_of_headline_and_status(cities_db, monkeypatch):
    con = cities_db[1]
    fiscal = compute_values(con, SAMPLE_CITY, fiscal=True, codes=["participants"]).set_index("year")["value"]
    at = app(cities_db, monkeypatch, lang="th", era="be", basis="fiscal", city=SAMPLE_CITY)
    assert at.select_slider(key="_years").value == (2020, 2026)
    assert at.subheader[0].value == "ตัวเลขสำคัญ ปีงบประมาณ 2568"  # not FY 2569, which holds Oct–Dec 2568 only
    shown = card(at, "จำนวนผู้เข้าร่วม")
    assert shown.value == format_number(fiscal[2025])
    assert shown.delta == "+" + format_number(fiscal[2025] - fiscal[2024])
    line = next(c.value for c in at.caption if c.value.startswith("ช่วงปีที่แสดง"))
    assert "ปีงบประมาณ 2569 มีข้อมูลเฉพาะ ต.ค.–ธ.ค. 2568 (ไม่ครบปี)" in line
    assert "ปีงบประมาณ 2563 มีข้อมูลเฉพาะ ม.ค.–ก.ย. 2563 (ไม่ครบปี)" in line
    at.toggle(key="_include_partial").set_value(True).run()
    assert at.subheader[0].value.startswith("ตัวเลขสำคัญ ปีงบประมาณ 2569")
    assert "ไม่ครบปี" in at.subheader[0].value
    assert card(at, "จำนวนผู้เข้าร่วม").value == format_number(fiscal[2026])


def test_key_features_status_is_computed_over_the_chosen_years(cities_db, monkeypatch):
    from indicators.measure.progress import progress_table
    from indicators.present.i18n import status_text

    at = app(cities_db, monkeypatch, "pages/key_features.py", lang="en", era="ce", city=SAMPLE_CITY)
    at.select_slider(key="_years").set_value((2024, 2025)).run()
    engine = progress_table(cities_db[1], SAMPLE_CITY, years=(2024, 2025)).set_index("indicator")
    status_lines = [m.value for m in at.markdown if m.value.startswith("**Status")]
    assert status_lines[0] == (f"**Status 2024→2025:** {status_text(engine.loc['participants', 'status'], 'en')}")


CHART_PAGES = ["pages/overview.py", "pages/key_features.py", "pages/districts.py", "pages/data_quality.py",
               "pages/present.py"]


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("page", CHART_PAGES)
def test_every_chart_has_a_description_a_table_and_downloads(cities_db, monkeypatch, page, lang):
    """Overview's 13 charts, three of the four District charts, the coverage heatmap and Present had no
    data table or download; no chart had a text for screen readers."""
    from indicators.present.i18n import t

    at = app(cities_db, monkeypatch, page, lang=lang, era="be" if lang == "th" else "ce", city=SAMPLE_CITY)
    assert not at.exception
    plots = at.get("plotly_chart")
    assert plots or page in ("pages/overview.py", "pages/data_quality.py"), page
    for plot in plots:
        assert plot.proto.alt and len(plot.proto.alt) > 20, page  # a sentence, not a label
        assert "None" not in plot.proto.alt and "nan" not in plot.proto.alt
    tables = [*at.dataframe, *at.table]
    csv_buttons = [b for b in at.download_button if b.label == t("download_displayed_csv", lang)]
    xlsx_buttons = [b for b in at.download_button if b.label == t("download_displayed_xlsx", lang)]
    assert len(tables) >= len(plots) and len(csv_buttons) >= len(plots) and len(xlsx_buttons) >= len(plots), page
    if page == "pages/data_quality.py":  # the coverage grid: an HTML table with its description
        markup = "".join(e.proto.body for e in at.get("html"))
        assert re.search(r'<div class="coverage-grid" role="group" aria-label="[^"]{20,}"', markup)
        assert len(tables) >= 1 and len(csv_buttons) >= 1
    if page == "pages/overview.py":  # the framework emblem and the twelve small trends, as labelled HTML/SVG
        assert not plots
        markup = "".join(e.proto.body for e in at.get("html"))
        emblem = re.findall(r'<figure class="emblem" role="group" aria-label="([^"]+)"', markup)
        assert len(emblem) == 1 and len(emblem[0]) > 20 and markup.count('class="emblem-area"') == 12
        labels = re.findall(r'<img alt="([^"]+)" src="data:image/svg\+xml;base64,', markup)
        assert len(labels) == 12 and all(len(label) > 20 for label in labels)
        assert len(tables) >= 2 and len(csv_buttons) >= 2


def test_no_cell_of_a_chart_table_shows_none_or_nan(cities_db, monkeypatch):
    for page in CHART_PAGES:
        at = app(cities_db, monkeypatch, page, lang="th", era="be", city="Small City")
        for frame in [*at.dataframe, *at.table]:
            text = frame.value.astype(str)
            assert not text.isin(["None", "nan", "NaN", "<NA>", "NaT"]).any().any(), (page, frame.value)
