"""Every export is opened and read back: CSV/XLSX values equal the CLI's `values`, the PowerPoint deck has
native charts whose embedded workbooks hold the engine's numbers, the HTML report loads nothing from the
internet and names every indicator, the GNLC pack carries values, statuses and evidence, and text that
a spreadsheet would run as a formula is neutralised. Expected numbers come from the engine, never typed in."""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import subprocess
import zipfile

import pandas as pd
import pytest
from conftest import PROJECT, THAI_ROWS, run_cli, thai_activities_workbook
from openpyxl import load_workbook
from pptx import Presentation
from pptx.oxml.ns import qn

from indicators.base.errors import LearningCityError
from indicators.config.framework import load_framework
from indicators.ingest.sample import SAMPLE_CITY, load_sample_if_empty
from indicators.measure.compute import compute_values
from indicators.measure.definitions import load_indicators
from indicators.measure.progress import add_evidence, progress_table
from indicators.present.exports import export_bytes, gnlc_pack, html_report, images, pptx_deck, tables
from indicators.present.exports.context import make_context, parse_years
from indicators.present.exports.safe import csv_bytes, neutralise
from indicators.present.i18n import format_year, status_text, t
from indicators.store import open_database

SCREENSHOTS = PROJECT / "tests" / "screenshots"
NARRATIVE_EN = 'Reading festival grew; <script>alert("x")</script> & "quotes"'
NARRATIVE_TH = "=HYPERLINK(\"http://evil.example\",\"คลิก\") เทศกาลการอ่านขยายตัว"
FORMULA_TITLES = ['=HYPERLINK("http://evil.example","click")', "@SUM(1)", "+1+2", "-3+cmd"]
THAI = re.compile("[\u0e00-\u0e7f]")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("exports") / "sample.duckdb"
    con = open_database(path)
    load_sample_if_empty(con)
    add_evidence(con, SAMPLE_CITY, "2.2", 2024, NARRATIVE_EN, NARRATIVE_TH, links=["https://example.org/festival"])
    yield path, con
    con.close()


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    """A city whose activity titles look like formulas (stored as text, as a CSV or a text cell brings them)."""
    from indicators.ingest import ingest_files

    folder = tmp_path_factory.mktemp("injected")
    rows = [(f"F-{i}", title, *THAI_ROWS[i % len(THAI_ROWS)][2:]) for i, title in enumerate(FORMULA_TITLES)]
    path = thai_activities_workbook(folder / "formulas.xlsx", rows=rows + list(THAI_ROWS))
    workbook = load_workbook(path)
    for row in workbook.active.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula, not a formula
    workbook.save(path)
    con = open_database(folder / "injected.duckdb")
    outcome = ingest_files(con, [path], "Formula City")
    assert outcome.status == "committed", [p.message_en for plan in outcome.plans for p in plan.problems]
    yield con
    con.close()


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory):
    """A database file the CLI opens itself (it loads the same sample city into it, the first time)."""
    return tmp_path_factory.mktemp("cli") / "cli.duckdb"


@pytest.fixture(scope="module")
def cli_values(cli_db) -> dict[tuple, float]:
    code, out, err = run_cli("values", "--by", "year,district", "--db", str(cli_db))
    assert code == 0, err
    return {(r["indicator"], int(r["year"]), r["district"]): float(r["value"])
            for r in csv.DictReader(io.StringIO(out)) if r["value"] != ""}


def read_table(frame: pd.DataFrame, lang: str) -> dict[tuple, float]:
    all_districts = t("all_districts", lang)
    code, year, district, value = (t(k, lang) for k in ("col_indicator_code", "col_year_ce", "district", "value"))
    return {(r[code], int(r[year]), "" if r[district] == all_districts else r[district]): float(r[value])
            for _, r in frame.iterrows() if pd.notna(r[value])}


# --- safe cells ---------------------------------------------------------------------------------------

def test_neutralise_only_text_that_starts_a_formula():
    for text in ["=1+1", "+1", "-1", "@SUM(1)", "\t=1", "\r=1"]:
        assert neutralise(text) == "'" + text
    for value in ["ห้องสมุด", "a=b", "", -5, -2.5, 0, None]:
        assert neutralise(value) == value
    frame = pd.DataFrame({"title": ["=cmd", "ปกติ"], "value": [-5.0, 3.0]})
    text = csv_bytes(frame)
    assert text.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, so Excel shows Thai
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert rows == [["title", "value"], ["'=cmd", "-5.0"], ["ปกติ", "3.0"]]  # the negative number stays a number


def test_formula_like_titles_are_neutralised_in_the_gnlc_pack(injected):
    context = make_context(injected, "Formula City", lang="en")
    data = gnlc_pack.build_pack(injected, context)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any("<f>" in archive.read(n).decode() for n in sheets)  # no formula anywhere
    workbook = load_workbook(io.BytesIO(data))
    titles = [c for c in workbook[t("gnlc_sheet_activities", "en")]["B"][1:] if c.value]
    shown = {c.value for c in titles}
    for title in FORMULA_TITLES:
        assert "'" + title in shown and title not in shown
    assert all(c.data_type == "s" for c in titles)
    # the CSV path neutralises the same way
    frame = pd.DataFrame({"title": FORMULA_TITLES, "n": [-1, -2, 3, 4]})
    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8-sig"))))[1:]
    assert [r[0] for r in rows] == ["'" + title for title in FORMULA_TITLES]
    assert [int(r[1]) for r in rows] == [-1, -2, 3, 4]


# --- data downloads -----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["th", "en"])
def test_full_data_csv_and_xlsx_equal_the_cli(sample, cli_values, lang):
    _, con = sample
    expected = cli_values
    context = make_context(con, SAMPLE_CITY, lang=lang)
    values = tables.full_values(con, context)
    data = tables.to_csv(values, context)
    assert data.startswith(b"\xef\xbb\xbf")
    from_csv = read_table(pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={t("district", lang): str}), lang)
    assert from_csv.keys() == expected.keys()
    assert all(from_csv[k] == pytest.approx(v, rel=1e-12) for k, v in expected.items())

    workbook = load_workbook(io.BytesIO(tables.to_xlsx(values, context, context.t("export_full_data"))))
    sheet = workbook[t("export_sheet_data", lang)]
    rows = list(sheet.values)
    from_xlsx = read_table(pd.DataFrame(rows[1:], columns=rows[0]), lang)
    assert from_xlsx == pytest.approx(expected, rel=1e-12)
    about = dict(workbook[t("export_sheet_about", lang)].iter_rows(min_row=2, values_only=True))
    assert SAMPLE_CITY in about[t("city", lang)]
    assert about[t("export_data_kind", lang)] == t("export_sample_warning", lang)
    assert about[t("export_made_at", lang)] == context.made_at_label
    assert about[t("years", lang)] == context.years_label
    definitions = workbook[t("export_sheet_definitions", lang)]
    assert {r[0] for r in definitions.iter_rows(min_row=2, values_only=True)} == {k[0] for k in expected}


def test_displayed_data_is_only_what_the_chart_shows(sample):
    _, con = sample
    context = make_context(con, SAMPLE_CITY, lang="en", era="ce", years=(2021, 2023))
    values = compute_values(con, SAMPLE_CITY, codes=["participants"])
    shown = values[values["year"].between(2021, 2023)]
    frame = pd.read_csv(io.BytesIO(tables.to_csv(shown, context)), encoding="utf-8-sig")
    assert list(frame["Year (CE)"]) == [2021, 2022, 2023]
    assert list(frame["Value"]) == list(shown["value"])
    assert set(frame["Indicator"]) == {"Participants"}


# --- HTML report --------------------------------------------------------------------------------------

def assert_offline(document: str) -> None:
    assert not re.search(r"<script[^>]+src\s*=", document, re.I)
    assert not re.search(r"<link[^>]+href\s*=\s*[\"']?\s*(https?:)?//", document, re.I)
    assert "@import" not in document
    assert not re.search(r"url\(\s*[\"']?\s*(https?:)?//", document, re.I)
    assert "@font-face" not in document


@pytest.mark.parametrize("lang", ["th", "en"])
def test_html_report_is_standalone_and_complete(sample, lang):
    _, con = sample
    context = make_context(con, SAMPLE_CITY, lang=lang)
    document = html_report.build_report(con, context)
    assert_offline(document)
    assert document.count("plotly.js v") == 1  # the library is inline exactly once
    assert document.count('class="plotly-graph-div"') >= len(load_indicators())  # a trend per indicator
    assert document.count('class="emblem-area"') == len(load_framework().areas)  # the framework, as text
    for indicator in load_indicators():
        assert html.escape(indicator.name(lang)) in document, indicator.code
        assert html.escape(indicator.source(lang)) in document, indicator.code
    for area in load_framework().areas:
        assert html.escape(f"{area.code} {area.name(lang)}") in document
    assert html.escape(t("report_title", lang)) in document
    assert html.escape(t("export_sample_warning", lang)) in document
    assert context.years_label in document
    narrative = NARRATIVE_TH if lang == "th" else NARRATIVE_EN
    assert html.escape(narrative) in document  # the evidence is there, escaped
    assert "<script>alert" not in document
    progress = progress_table(con, SAMPLE_CITY, year=context.years[1]).set_index("indicator")
    for code in progress.index:
        assert html.escape(status_text(progress.loc[code, "status"], lang)) in document
    assert 'lang="th"' in document if lang == "th" else 'lang="en"' in document
    assert '"Noto Sans Thai"' in document and '"Loma"' in document and '"Tlwg Typist"' in document


def test_html_report_escapes_user_titles(injected):
    document = html_report.build_report(injected, make_context(injected, "Formula City", lang="en"))
    assert html.escape(FORMULA_TITLES[0]) in document
    assert FORMULA_TITLES[0] not in document  # its quotes are escaped


# --- PowerPoint ---------------------------------------------------------------------------------------

def deck_charts(deck):
    for number, slide in enumerate(deck.slides):
        for shape in slide.shapes:
            if shape.has_chart:
                yield number, shape.chart


def slide_texts(slide) -> list[str]:
    """Each text box's text as read (without the invisible word breaks the deck puts between Thai words)."""
    return [shape.text_frame.text.replace("\u200b", "") for shape in slide.shapes if shape.has_text_frame]


def test_thai_slides_mark_where_a_line_may_break_between_words(sample):
    """A renderer without a Thai dictionary broke "ตุ/ลาคม" mid-word on the title slide: every Thai run
    carries a zero-width space between its words (from PyThaiNLP), never inside one."""
    from pythainlp.tokenize import word_tokenize

    _, con = sample
    deck = Presentation(io.BytesIO(pptx_deck.build_deck(con, make_context(con, SAMPLE_CITY, lang="th"))))
    title = deck.slides[0].shapes[0].text_frame.text
    assert "ตุลาคม" in title.replace("\u200b", "") and "\u200b" in title
    for piece in title.split("\u200b"):
        for word in word_tokenize(piece.strip(), engine="newmm", keep_whitespace=False):
            assert word in title.replace("\u200b", "")
    assert "ตุ\u200bลาคม" not in title


@pytest.mark.parametrize("lang", ["th", "en"])
def test_summary_slide_headers_fit_their_columns(sample, lang):
    """"Code" was broken onto two lines ("Cod/e") in a 0.6-inch column. A header's width, estimated
    generously (0.62 em a character), plus the cell's margins fits its column."""
    from pptx.util import Emu

    _, con = sample
    deck = Presentation(io.BytesIO(pptx_deck.build_deck(con, make_context(con, SAMPLE_CITY, lang=lang))))
    table = next(shape.table for shape in deck.slides[-1].shapes if shape.has_table)
    for index, column in enumerate(table.columns):
        cell = table.cell(0, index)
        size = cell.text_frame.paragraphs[0].runs[0].font.size.pt
        text = cell.text_frame.text.replace("\u200b", "")
        longest_word = max(text.split(), key=len)
        needed = Emu(int(len(longest_word) * size * 0.62 / 72 * 914400)) + cell.margin_left + cell.margin_right
        assert needed <= column.width, (text, Emu(column.width).inches)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_deck_has_native_charts_with_the_engines_numbers(sample, lang):
    _, con = sample
    era = "be" if lang == "th" else "ce"
    context = make_context(con, SAMPLE_CITY, lang=lang, era=era)
    deck = Presentation(io.BytesIO(pptx_deck.build_deck(con, context)))
    areas = load_framework().areas
    assert len(deck.slides) == 1 + len(areas) + 1
    assert t("report_title", lang) in slide_texts(deck.slides[0])[0]
    assert t("export_sample_warning", lang) in slide_texts(deck.slides[0])[0]
    for slide, area in zip(list(deck.slides)[1:], areas):
        assert slide_texts(slide)[0].startswith(f"{area.code} {area.name(lang)}")
    assert slide_texts(deck.slides[-1])[0] == t("deck_summary", lang)

    engine = compute_values(con, SAMPLE_CITY)
    by_name = {i.name(lang): i.code for i in load_indicators()}
    years = list(range(context.years[0], context.years[1] + 1))
    charts = list(deck_charts(deck))
    assert len(charts) >= len(areas)
    for _, chart in charts:
        series = chart.plots[0].series[0]
        code = by_name[series.name]
        expected = engine[engine["indicator"] == code].set_index("year")["value"]
        assert list(chart.plots[0].categories) == [format_year(y, era) for y in years]
        assert list(series.values) == pytest.approx([expected.get(y) for y in years], rel=1e-12)
        # the data travels inside the file: the chart's embedded workbook holds the same numbers
        embedded = load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob)).active
        assert [row[1] for row in embedded.iter_rows(min_row=2, values_only=True)] == \
            pytest.approx([expected.get(y) for y in years], rel=1e-12)
        assert embedded.cell(1, 2).value == series.name


def test_thai_deck_sets_the_complex_script_font(sample):
    _, con = sample
    deck = Presentation(io.BytesIO(pptx_deck.build_deck(con, make_context(con, SAMPLE_CITY, lang="th"))))
    thai_runs = 0
    for slide in deck.slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            if shape.has_chart and shape.chart.has_title:
                frames.append(shape.chart.chart_title.text_frame)
            for frame in frames:
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        if THAI.search(run.text):
                            thai_runs += 1
                            cs = run.font._element.find(qn("a:cs"))
                            assert cs is not None and cs.get("typeface") == pptx_deck.THAI_FONT, run.text
                            assert run.font._element.get("lang") == "th-TH"
            if shape.has_chart:  # the chart's default text (axes, labels) too
                assert shape.chart.font._element.find(qn("a:cs")) is not None
    assert thai_runs > 50


def test_deck_for_a_city_with_little_data(injected):
    """Only an activity register for one year: every area still has its slide; where an indicator has no
    value the slide says so instead of drawing an empty chart."""
    context = make_context(injected, "Formula City", lang="en")
    deck = Presentation(io.BytesIO(pptx_deck.build_deck(injected, context)))
    assert len(deck.slides) == 1 + len(load_framework().areas) + 1
    assert t("export_sample_warning", "en") not in slide_texts(deck.slides[0])[0]  # not the sample city
    values = compute_values(injected, "Formula City")
    with_data = set(values.loc[values["value"].notna(), "indicator"])
    names = {i.name("en"): i.code for i in load_indicators()}
    charted = {names[chart.plots[0].series[0].name] for _, chart in deck_charts(deck)}
    assert charted and charted <= with_data
    empty_slides = [s for s in list(deck.slides)[1:-1] if not any(shape.has_chart for shape in s.shapes)]
    assert empty_slides and all(any(t("report_no_values", "en") in text for text in slide_texts(s))
                                for s in empty_slides)


# --- GNLC pack ----------------------------------------------------------------------------------------

def test_gnlc_pack_values_statuses_and_evidence(sample):
    _, con = sample
    lang = "en"
    context = make_context(con, SAMPLE_CITY, lang=lang)
    workbook = load_workbook(io.BytesIO(gnlc_pack.build_pack(con, context)))
    assert {t(k, lang) for k in ("gnlc_sheet_areas", "gnlc_sheet_values", "gnlc_sheet_wide", "gnlc_sheet_evidence",
                                 "gnlc_sheet_activities", "gnlc_sheet_notes", "export_sheet_about", "export_sheet_definitions")} \
        == set(workbook.sheetnames)
    rows = list(workbook[t("gnlc_sheet_values", lang)].values)
    frame = pd.DataFrame(rows[1:], columns=rows[0])
    engine = compute_values(con, SAMPLE_CITY)
    engine = engine[engine["value"].notna()]
    code_col, year_col = t("col_indicator_code", lang), t("col_year_ce", lang)
    for indicator in load_indicators():
        for area in indicator.areas:  # listed under every area it evidences
            mine = frame[(frame[t("area", lang)] == area) & (frame[code_col] == indicator.code)]
            expected = engine[engine["indicator"] == indicator.code]
            assert list(mine[year_col]) == list(expected["year"])
            assert list(mine[t("value", lang)]) == pytest.approx(list(expected["value"]), rel=1e-12)
    for year in (2021, 2025):  # the status as it stood that year
        status = progress_table(con, SAMPLE_CITY, year=year).set_index("indicator")["status"]
        that_year = frame[frame[year_col] == year].drop_duplicates(code_col).set_index(code_col)[t("status", lang)]
        assert that_year.to_dict() == {c: status_text(status[c], lang) for c in that_year.index}
    evidence = list(workbook[t("gnlc_sheet_evidence", lang)].values)
    assert evidence[1][0] == "2.2" and evidence[1][4] == NARRATIVE_EN
    assert evidence[1][5] == "'" + NARRATIVE_TH  # it starts with "=": neutralised
    assert len(evidence) == 2


# --- CLI ----------------------------------------------------------------------------------------------

def test_parse_years_accepts_be_ce_and_thai_digits():
    assert parse_years("2563-2568") == (2020, 2025)
    assert parse_years("2020-2025") == (2020, 2025)
    assert parse_years("๒๕๖๗") == (2024, 2024)
    assert parse_years(None) is None
    for bad in ("2025-2020", "abc", "1-2-3"):
        with pytest.raises(LearningCityError):
            parse_years(bad)


def test_cli_report_writes_each_kind(cli_db, tmp_path):
    path = cli_db
    deck_file, report_file, pack_file = tmp_path / "deck.pptx", tmp_path / "report.html", tmp_path / "pack.xlsx"
    code, out, err = run_cli("report", "--out", str(deck_file), "--lang", "th", "--years", "2564-2568",
                             "--db", str(path))
    assert code == 0, err
    deck = Presentation(str(deck_file))
    _, chart = next(deck_charts(deck))
    assert list(chart.plots[0].categories) == [str(y) for y in range(2564, 2569)]  # BE, the chosen years
    code, out, err = run_cli("report", "--out", str(report_file), "--lang", "en", "--era", "ce", "--db", str(path))
    assert code == 0, err
    assert_offline(report_file.read_text(encoding="utf-8"))
    assert "Year (CE)" in report_file.read_text(encoding="utf-8")
    code, out, err = run_cli("report", "--out", str(pack_file), "--db", str(path))
    assert code == 0, err
    assert t("gnlc_sheet_values", "en") in load_workbook(pack_file).sheetnames
    code, out, err = run_cli("report", "--out", str(tmp_path / "x.doc"), "--db", str(path))
    assert code == 2 and ".pptx" in err
    code, out, err = run_cli("report", "--out", str(tmp_path / "y.html"), "--city", "Nowhere", "--db", str(path))
    assert code == 1 and "Nowhere" in err


# --- images and PDF -----------------------------------------------------------------------------------

def test_missing_chromium_says_what_to_install(monkeypatch):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(images.shutil, "which", lambda name: None)
    assert not images.images_available()
    with pytest.raises(LearningCityError) as raised:
        images.report_pdf("<html></html>")
    assert "chromium" in raised.value.message_en and "chromium" in raised.value.message_th
    assert "fonts-thai-tlwg" in raised.value.message_en


@pytest.mark.skipif(not images.images_available(), reason="kaleido or Chromium is not installed")
def test_chart_images_and_report_pdf(sample):
    from indicators.present import charts

    _, con = sample
    series = compute_values(con, SAMPLE_CITY, codes=["participants"])
    figure = charts.trend(series, "ผู้เข้าร่วม", "คน", "th", "be", False)
    assert images.figure_image(figure, "png").startswith(b"\x89PNG")
    assert b"<svg" in images.figure_image(figure, "svg")[:500]
    pdf = export_bytes(con, make_context(con, SAMPLE_CITY, lang="th", years=(2024, 2025)), ".pdf")
    assert pdf.startswith(b"%PDF") and len(pdf) > 50_000


# --- rendered for people to look at -------------------------------------------------------------------

@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")), reason="LibreOffice/poppler absent")
def test_render_a_thai_slide_to_png(sample, tmp_path):
    """A person looks at tests/screenshots/deck-th-*.png: Thai glyphs, no clipped labels."""
    _, con = sample
    deck_file = tmp_path / "deck-th.pptx"
    deck_file.write_bytes(pptx_deck.build_deck(con, make_context(con, SAMPLE_CITY, lang="th")))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(deck_file)], check=True, capture_output=True, timeout=240)
    SCREENSHOTS.mkdir(exist_ok=True)
    for page, name in ((2, "area"), (14, "summary")):
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile",
                        str(tmp_path / "deck-th.pdf"), str(SCREENSHOTS / f"deck-th-{name}")], check=True, timeout=60)
        assert (SCREENSHOTS / f"deck-th-{name}.png").stat().st_size > 10_000


@pytest.mark.skipif(images.find_chromium() is None, reason="Chromium is not installed")
def test_render_the_thai_report_to_png(sample, tmp_path):
    """A person looks at tests/screenshots/report-th.png: the first screen of the report."""
    _, con = sample
    report_file = tmp_path / "report-th.html"
    report_file.write_text(html_report.build_report(con, make_context(con, SAMPLE_CITY, lang="th")), encoding="utf-8")
    SCREENSHOTS.mkdir(exist_ok=True)
    target = SCREENSHOTS / "report-th.png"
    subprocess.run([images.find_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,2400",
                    "--virtual-time-budget=20000", f"--screenshot={target}", report_file.as_uri()],
                   check=True, capture_output=True, timeout=180)
    assert target.stat().st_size > 50_000


# --- issue 18, item 10: A4, headings with their charts, rounded numbers, only the years shown ---------

def test_report_headings_stay_with_their_charts(sample):
    """Each indicator's heading, status and chart are one block the printer may not split, on A4."""
    import re

    _, con = sample
    document = html_report.build_report(con, make_context(con, SAMPLE_CITY, lang="en", era="ce"))
    assert "@page { size: A4" in document
    assert re.search(r"\.indicator \{[^}]*break-inside: avoid", document)
    blocks = re.findall(r'<div class="indicator">(.*?)</div><!-- indicator -->', document, re.S)
    headings = re.findall(r"<h3>", document.split('<section id="about">')[0])
    charts_drawn = document.count('<div class="chart">')
    assert len(blocks) >= charts_drawn  # every indicator chart in a block
    assert all(block.lstrip().startswith("<h3>") for block in blocks) and len(headings) >= len(blocks)


@pytest.mark.skipif(not images.images_available(), reason="kaleido or Chromium is not installed")
def test_the_pdf_is_a4(sample):
    import re

    _, con = sample
    pdf = export_bytes(con, make_context(con, SAMPLE_CITY, lang="en", era="ce", years=(2024, 2025)), ".pdf")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes and all(abs(float(w) - 595.3) < 1.5 and abs(float(h) - 841.9) < 1.5 for w, h in boxes), boxes[:3]


def test_gnlc_pack_numbers_are_rounded_with_number_formats(sample):
    _, con = sample
    pack = load_workbook(io.BytesIO(gnlc_pack.build_pack(con, make_context(con, SAMPLE_CITY, lang="en", era="ce"))))
    sheet = pack["Values"]
    header = [c.value for c in sheet[1]]
    value_cells = [row[header.index("Value")] for row in sheet.iter_rows(min_row=2)]
    fractional = [c for c in value_cells if isinstance(c.value, float) and not float(c.value).is_integer()]
    assert fractional, "the sample has rates such as 60.2 per 1,000"
    assert all(c.number_format in ("#,##0.0", "#,##0.00") for c in fractional)
    assert all(c.number_format == "#,##0" for c in value_cells if isinstance(c.value, int | float)
               and float(c.value).is_integer() and c.value >= 1000)
    wide = pack["Values by year"]
    years = [c for row in wide.iter_rows(min_row=2) for c in row[5:] if isinstance(c.value, float)]
    assert years and all(c.number_format.startswith("#,##0") for c in years)


def test_evidence_lists_only_the_years_shown(sample):
    _, con = sample
    add_evidence(con, SAMPLE_CITY, "2.2", 2021, "Old narrative", "คำบรรยายเก่า")
    context = make_context(con, SAMPLE_CITY, lang="en", era="ce", years=(2024, 2025))
    document = html_report.build_report(con, context)
    assert html.escape(NARRATIVE_EN) in document and "Old narrative" not in document
    pack = load_workbook(io.BytesIO(gnlc_pack.build_pack(con, context)))
    activities = pack["Activities"]
    header = [c.value for c in activities[1]]
    years = [row[header.index("Years")] for row in activities.iter_rows(min_row=2, values_only=True)]
    assert years and all(y.split("–")[0] >= "2024" for y in years), set(years)


def test_downloads_mark_incomplete_periods_and_exports_say_status_over_the_chosen_years(sample):
    """FY 2569 (Oct–Dec 2568 only) is marked in the downloaded data too; the report's status for the
    chosen years is the engine's for those years, with the years it compares."""
    from indicators.measure.progress import progress_table
    from indicators.present.i18n import status_text

    _, con = sample
    fiscal = make_context(con, SAMPLE_CITY, lang="en", era="ce", fiscal=True)
    assert 2026 in fiscal.partial_years
    table = tables.data_table(tables.full_values(con, fiscal), fiscal)
    notes = table.set_index(t("col_year_ce", "en"))[t("col_note", "en")]
    assert set(notes.loc[[2026]]) == {t("incomplete_mark", "en")} and set(notes.loc[[2024]]) == {""}

    chosen = make_context(con, SAMPLE_CITY, lang="en", era="ce", years=(2024, 2025))
    document = html_report.build_report(con, chosen)
    status = progress_table(con, SAMPLE_CITY, years=(2024, 2025)).set_index("indicator").loc["participants", "status"]
    assert html.escape("Status 2024→2025: ") + f"<b>{html.escape(status_text(status, 'en'))}</b>" in document
