"""Chart notes and series breaks (issue 21, item 6): stored per city with their history and audit entries,
written only by researchers and admins, drawn on the charts and listed in every export."""

from __future__ import annotations

import html
import io

import pandas as pd
import pytest
from conftest import add_accounts
from openpyxl import load_workbook
from pptx import Presentation

from indicators import actions
from indicators.base.errors import LearningCityError, PermissionDenied
from indicators.ingest.sample import SAMPLE_CITY, load_sample_if_empty
from indicators.measure.compute import compute_values
from indicators.present import charts
from indicators.present.chart_notes import note_lines
from indicators.present.exports.context import make_context
from indicators.present.exports.gnlc_pack import build_pack
from indicators.present.exports.html_report import build_report
from indicators.present.exports.pptx_deck import build_deck
from indicators.present.i18n import t
from indicators.store import annotations, audit
from indicators.store.accounts import Actor

VIEWER, RESEARCHER = Actor("vee", "viewer"), Actor("rita", "researcher")
COVID_EN, COVID_TH = "COVID-19: centres closed <b>", "โควิด-19 ปิดศูนย์การเรียนรู้"


@pytest.fixture
def city(con):
    add_accounts(con)
    load_sample_if_empty(con)
    return con


def test_notes_are_versioned_audited_and_only_researchers_write_them(city):
    with pytest.raises(PermissionDenied):
        actions.save_chart_note(city, VIEWER, SAMPLE_CITY, None, 2020, 2021, "note", COVID_EN, COVID_TH)
    assert annotations.load_notes(city, SAMPLE_CITY).empty
    number = actions.save_chart_note(city, RESEARCHER, SAMPLE_CITY, None, 2020, 2021, "note", COVID_EN, COVID_TH)
    actions.save_chart_note(city, RESEARCHER, SAMPLE_CITY, "participants", 2023, 2023, "break", "Counted by ID card",
                            "", note_id=None)
    actions.save_chart_note(city, RESEARCHER, SAMPLE_CITY, None, 2020, 2022, "note", "COVID-19 years", COVID_TH,
                            note_id=number)
    every = annotations.load_notes(city, SAMPLE_CITY)
    assert list(every["year_to"]) == [2022, 2023] and every.iloc[0]["text_en"] == "COVID-19 years"
    # a chart sees its own notes and the city's notes for every chart; a range outside its years sees none
    assert len(annotations.load_notes(city, SAMPLE_CITY, "activities")) == 1
    assert len(annotations.load_notes(city, SAMPLE_CITY, "participants")) == 2
    assert annotations.load_notes(city, SAMPLE_CITY, years=(2024, 2025)).empty
    actions.delete_chart_note(city, RESEARCHER, number)
    assert list(annotations.load_notes(city, SAMPLE_CITY)["kind"]) == ["break"]
    assert city.execute("SELECT count(*) FROM chart_notes WHERE note_id = ?", [number]).fetchall()[0][0] == 3
    logged = audit.entries(city, SAMPLE_CITY)
    assert (logged["action"] == "edit_chart_notes").sum() == 4 and set(logged["actor"]) >= {"rita"}


@pytest.mark.parametrize(("years", "kind", "texts"), [
    ((2022, 2020), "note", ("x", "")), ((2020, 2020), "arrow", ("x", "")), ((2020, 2020), "note", (" ", "")),
    ((2020, 2020), "note", ("x" * 201, "")),
])
def test_a_bad_note_is_refused_and_nothing_is_written(city, years, kind, texts):
    with pytest.raises(LearningCityError) as refused:
        actions.save_chart_note(city, RESEARCHER, SAMPLE_CITY, None, *years, kind, *texts)
    assert refused.value.code == "bad_chart_note" and "ไม่ได้บันทึก" in refused.value.message_th
    assert city.execute("SELECT count(*) FROM chart_notes").fetchall()[0][0] == 0
    assert (audit.entries(city, SAMPLE_CITY)["action"] == "edit_chart_notes").sum() == 0


def test_a_series_break_cuts_the_line_and_notes_are_drawn_numbered(city):
    actions.save_chart_note(city, RESEARCHER, SAMPLE_CITY, None, 2020, 2021, "note", COVID_EN, COVID_TH)
    actions.save_chart_note(city, RESEARCHER, SAMPLE_CITY, None, 2023, 2023, "break", "New count", "นับแบบใหม่")
    series = compute_values(city, SAMPLE_CITY, codes=["participants"])
    notes = annotations.load_notes(city, SAMPLE_CITY, "participants")
    figure = charts.trend(series, "Participants", "persons", "en", "be", False, notes=notes)
    line = figure.data[0]
    gap = list(line.x).index(2566 - 0.5)  # half a year before 2566 BE = 2023 CE
    assert line.y[gap] is None and line.y[gap - 1] is not None and line.y[gap + 1] is not None
    plain = charts.trend(series, "Participants", "persons", "en", "be", False)
    assert None not in list(plain.data[0].y)  # without the break the line is whole
    shapes = {shape.type: shape for shape in figure.layout.shapes}
    assert (shapes["rect"].x0, shapes["rect"].x1) == (2563 - 0.45, 2564 + 0.45)
    assert shapes["line"].x0 == 2566 - 0.5
    texts = [a.text for a in figure.layout.annotations]
    assert texts[0].startswith("[1] COVID-19") and "<b>" not in texts[0] and texts[1] == "[2] New count"
    assert note_lines(notes, "th", "be") == [f"[1] 2563–2564 · {t('chart_note_kind_note', 'th')}: {COVID_TH}",
                                             f"[2] 2566 · {t('chart_note_kind_break', 'th')}: นับแบบใหม่"]


@pytest.mark.parametrize("lang", ["en", "th"])
def test_every_export_carries_the_notes(city, lang):
    actions.save_chart_note(city, RESEARCHER, SAMPLE_CITY, None, 2020, 2021, "note", COVID_EN, COVID_TH)
    context = make_context(city, SAMPLE_CITY, lang=lang)
    text = COVID_TH if lang == "th" else COVID_EN
    document = build_report(city, context)
    assert html.escape(f"[1] {context.year(2020)}–{context.year(2021)}") in document
    assert html.escape(text) in document and "centres closed <b>" not in document  # user text escaped
    deck = Presentation(io.BytesIO(build_deck(city, context)))
    slide_text = " ".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                          if shape.has_text_frame)
    assert text.replace(" ", "") in slide_text.replace("\u200b", "").replace(" ", "")
    categories = [c for slide in deck.slides for shape in slide.shapes if shape.has_chart
                  for c in shape.chart.plots[0].categories]
    assert f"{context.year(2020)} [1]" in categories and f"{context.year(2022)}" in categories
    workbook = load_workbook(io.BytesIO(build_pack(city, context)))
    sheet = workbook[t("gnlc_sheet_notes", lang)]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == (t("chart_note_every_chart", lang), context.year(2020), context.year(2021),
                       t("chart_note_kind_note", lang), text)


def test_a_long_note_on_the_chart_is_cut_between_thai_words():
    notes = pd.DataFrame([{"note_id": 1, "indicator": None, "year_from": 2020, "year_to": 2021, "kind": "note",
                           "text_en": None, "text_th": "โควิด-19 ปิดศูนย์การเรียนรู้หลายเดือนทั่วทั้งเมือง"}])
    figure = charts.trend(pd.DataFrame({"year": [2020, 2021, 2022], "value": [1.0, 2.0, 3.0]}), "x", "u", "th", "be",
                          False, notes=notes)
    label = figure.layout.annotations[0].text
    assert label == "[1] โควิด-19 ปิดศูนย์การเรียนรู้หลาย…"  # not "…การเรียนรู…": the word การเรียนรู้ is whole
    assert note_lines(notes, "en", "ce")[0].endswith("โควิด-19 ปิดศูนย์การเรียนรู้หลายเดือนทั่วทั้งเมือง")  # no English: Thai
