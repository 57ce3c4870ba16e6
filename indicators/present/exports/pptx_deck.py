"""An editable PowerPoint deck: title slide, one slide per area of focus with its key indicators as
NATIVE charts, and a summary slide of statuses.

python-pptx charts need no browser, stay editable in PowerPoint (Edit Data opens the numbers, which
travel inside the file as an embedded workbook), and scale on any projector. Thai needs the
complex-script font: PowerPoint draws Thai characters with the run's <a:cs> typeface, not <a:latin>,
so every run and every chart's default text gets one (python-pptx has no API for it: set on rPr).
"""

from __future__ import annotations

import io
import re

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from indicators.measure.milestones import milestones_text
from indicators.present.chart_notes import note_lines
from indicators.present.exports.context import ExportContext, ReportContent, gather
from indicators.present.i18n import format_number, status_text, year_axis_label
from indicators.present.label_wrap import with_word_breaks

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
LATIN_FONT = "Segoe UI"
THAI_FONT = "Leelawadee UI"  # Windows 8+; PowerPoint substitutes (e.g. Tahoma) where it is missing
INK, MUTED, ACCENT, WARNING = RGBColor(0x1A, 0x1A, 0x1A), RGBColor(0x55, 0x55, 0x55), RGBColor(0x00, 0x72, 0xB2), \
    RGBColor(0xB0, 0x50, 0x00)
SERIES_COLOUR = RGBColor(0x00, 0x72, 0xB2)
THAI = re.compile("[\u0e00-\u0e7f]")
WIDE, HIGH = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.5)
ROW_HEIGHT = Inches(0.44)  # 13 rows (header + 12 areas) fit under the title of a 7.5-inch slide
SUMMARY_COLUMN_INCHES = (0.95, 4.3, 2.1, 3.55, 1.43)  # code, area, status, key indicator, latest: 12.33"
# rPr children that must come after <a:cs> (ECMA-376 CT_TextCharacterProperties order)
AFTER_CS = ("a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")


def set_script_fonts(rPr, thai: bool) -> None:
    """Give a run's (or a chart's default) character properties a complex-script typeface, so Thai
    renders in PowerPoint, and mark Thai text as Thai for spelling and line breaking."""
    for tag in ("a:cs",):
        for old in rPr.findall(qn(tag)):
            rPr.remove(old)
    cs = etree.SubElement(rPr, qn("a:cs"))
    cs.set("typeface", THAI_FONT)
    for tag in AFTER_CS:  # move what must follow <a:cs> behind it
        for later in rPr.findall(qn(tag)):
            rPr.remove(later)
            rPr.append(later)
    if thai:
        rPr.set("lang", "th-TH")
        rPr.set("altLang", "en-US")


def _style_run(run, text: str, size: int, bold: bool = False, colour: RGBColor = INK) -> None:
    # Zero-width spaces between Thai words: a renderer without a Thai dictionary breaks lines there
    # rather than inside a word (it broke "ตุ/ลาคม" on the title slide); PowerPoint shows nothing.
    run.text = with_word_breaks(text)
    font = run.font
    font.size = Pt(size)
    font.bold = bold
    font.name = LATIN_FONT
    font.color.rgb = colour
    set_script_fonts(font._element, bool(THAI.search(text)))


def _text(slide, left, top, width, height, lines: list[tuple[str, int, bool, RGBColor]],
          align=PP_ALIGN.LEFT):
    """A text box of (text, size, bold, colour) paragraphs that wraps inside its box."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for index, (text, size, bold, colour) in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        _style_run(paragraph.add_run(), text, size, bold, colour)
    return box


def _notes(slide, text: str) -> None:
    frame = slide.notes_slide.notes_text_frame
    frame.text = text
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            set_script_fonts(run.font._element, bool(THAI.search(run.text)))


def _chart_font(chart, size: int, thai: bool) -> None:
    chart.font.size = Pt(size)
    chart.font.name = LATIN_FONT
    set_script_fonts(chart.font._element, thai)


def _category(label: str, year: int, notes) -> str:
    """A year's label with the numbers of the chart notes that touch it ("2563 [1]"), listed beside the
    chart: a native chart has no place for a band or a line across it."""
    numbers = [str(n) for n, note in enumerate(notes.sort_values(["year_from", "year_to"]).itertuples(), start=1)
               if note.year_from <= year <= note.year_to] if not notes.empty else []
    return f"{label} [{','.join(numbers)}]" if numbers else label


def add_indicator_chart(slide, content: ReportContent, code: str, left, top, width, height):
    """A native chart of one indicator by year: columns for counts, a line for rates and shares."""
    context = content.context
    indicator = next(i for i in content.indicators if i.code == code)
    series = content.series(code)
    years = list(range(context.years[0], context.years[1] + 1)) if context.years else list(series["year"])
    by_year = dict(zip(series["year"].astype(int), series["value"].astype(float)))
    whole = all(float(v).is_integer() for v in by_year.values())
    data = CategoryChartData(number_format="#,##0" if whole else "#,##0.0")
    mark = context.t("incomplete_mark")
    data.categories = [_category(context.year(y) + (f" ({mark})" if y in content.partial else ""), y,
                                 content.notes_for(code)) for y in years]
    data.add_series(indicator.name(context.lang), [by_year.get(y) for y in years])
    kind = XL_CHART_TYPE.LINE_MARKERS if indicator.denominator is not None else XL_CHART_TYPE.COLUMN_CLUSTERED
    chart = slide.shapes.add_chart(kind, left, top, width, height, data).chart
    thai = context.lang == "th"
    _chart_font(chart, 13, thai)
    chart.has_legend = False
    chart.has_title = True
    title = chart.chart_title.text_frame
    title.text = ""
    _style_run(title.paragraphs[0].add_run(), indicator.name_with_unit(context.lang), 14, True)
    plot = chart.plots[0]
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = "#,##0" if whole else "#,##0.0"
    labels.number_format_is_linked = False
    labels.font.size = Pt(12)
    labels.position = XL_LABEL_POSITION.ABOVE if kind == XL_CHART_TYPE.LINE_MARKERS else XL_LABEL_POSITION.OUTSIDE_END
    if kind == XL_CHART_TYPE.COLUMN_CLUSTERED:
        plot.gap_width = 60
        plot.series[0].format.fill.solid()
        plot.series[0].format.fill.fore_color.rgb = SERIES_COLOUR
    else:
        plot.series[0].format.line.color.rgb = SERIES_COLOUR
        plot.series[0].format.line.width = Pt(3.5)
        plot.series[0].smooth = False
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xDD, 0xDD, 0xDD)
    chart.value_axis.tick_labels.font.size = Pt(12)
    small = not whole and bool(by_year) and max(by_year.values()) < 10  # a mean of 4.3 needs its decimal
    chart.value_axis.tick_labels.number_format = "#,##0.0" if small else "#,##0"
    chart.value_axis.tick_labels.number_format_is_linked = False
    if by_year and min(by_year.values()) >= 0:
        chart.value_axis.minimum_scale = 0
    chart.category_axis.tick_labels.font.size = Pt(12)
    chart.category_axis.has_title = True
    _style_run(chart.category_axis.axis_title.text_frame.paragraphs[0].add_run(),
               year_axis_label(context.lang, context.era, context.fiscal), 12, False, MUTED)
    return chart


def _status_lines(content: ReportContent, code: str) -> list[tuple[str, int, bool, RGBColor]]:
    context = content.context
    indicator = next(i for i in content.indicators if i.code == code)
    series = content.series(code)
    lines = [(f"{content.status_heading(code)}: {content.status_words(code)}", 16, True, INK)]
    if not series.empty:
        last = series.iloc[-1]
        lines.append((f"{context.t('latest')} {context.year(last['year'])}: {format_number(last['value'])} "
                      f"{indicator.unit(context.lang)}", 14, False, INK))
    target = content.target(code)
    if target:
        lines.append((context.t("target_line", value=format_number(target[0]), year=context.year(target[1])),
                      13, False, INK))
        if milestones := content.milestones(code):
            lines.append((context.t("milestones_line", text=milestones_text(milestones, context.year, format_number)), 12, False, INK))
    lines += [(line, 11, False, INK) for line in note_lines(content.notes_for(code), context.lang, context.era)]
    lines.append((f"{context.t('source')}: {indicator.source(context.lang)}", 11, False, MUTED))
    return lines


def _title_slide(deck, content: ReportContent) -> None:
    context = content.context
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    lines = [(context.t("report_title"), 40, True, ACCENT), (context.city_label, 30, True, INK),
             (context.years_label, 22, False, INK)]
    lines += [(note, 14, False, INK) for note in content.partial_notes]
    lines.append((f"{context.t('export_made_at')}: {context.made_at_label}", 16, False, MUTED))
    if context.is_sample:
        lines.append((context.t("export_sample_warning"), 18, True, WARNING))
    lines.append((content.framework.source(context.lang), 13, False, MUTED))
    _text(slide, MARGIN, Inches(1.6), WIDE - 2 * MARGIN, Inches(5), lines)


def _area_slide(deck, content: ReportContent, area_content) -> None:
    context = content.context
    area = area_content.area
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    _text(slide, MARGIN, Inches(0.3), WIDE - 2 * MARGIN, Inches(0.9),
          [(f"{area.code} {area.name(context.lang)}", 28, True, ACCENT),
           (f"{context.t('report_area_status')}: {status_text(area_content.status, context.lang)}", 16, False, INK)])
    chosen = content.key_indicators(area_content)
    width = (WIDE - 2 * MARGIN - Inches(0.3) * (len(chosen) - 1)) / max(len(chosen), 1)
    for index, indicator in enumerate(chosen):
        left = MARGIN + index * (width + Inches(0.3))
        if content.series(indicator.code).empty:
            _text(slide, left, Inches(1.6), width, Inches(3.9),
                  [(indicator.name(context.lang), 18, True, INK), (context.t("report_no_values"), 16, False, MUTED)])
        else:
            add_indicator_chart(slide, content, indicator.code, left, Inches(1.4), width, Inches(4.4))
        _text(slide, left, Inches(5.85), width, Inches(1.5), _status_lines(content, indicator.code))
    notes = [f"{i.name(context.lang)}: {i.method(context.lang, context.fiscal)} {context.t('source')}: "
             f"{i.source(context.lang)}" for i in chosen]
    narratives = [f"{context.year(r.year)}: {(r.narrative_th if context.lang == 'th' else r.narrative_en) or ''}"
                  for r in area_content.evidence.itertuples(index=False)]
    chart_notes = [line for i in chosen for line in note_lines(content.notes_for(i.code), context.lang, context.era)]
    _notes(slide, "\n".join(notes + chart_notes + narratives))


def _summary_slide(deck, content: ReportContent) -> None:
    context = content.context
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    _text(slide, MARGIN, Inches(0.3), WIDE - 2 * MARGIN, Inches(0.7), [(context.t("deck_summary"), 28, True, ACCENT)])
    headers = [context.t("code"), context.t("area"), context.t("status"), context.t("deck_key_indicator"),
               context.t("latest")]
    rows = len(content.areas) + 1
    shape = slide.shapes.add_table(rows, len(headers), MARGIN, Inches(1.1), WIDE - 2 * MARGIN, ROW_HEIGHT * rows)
    table = shape.table
    # wide enough for the header words at 12 pt bold with the cell margins ("Code" broke as "Cod/e" in 0.6")
    for column, width in enumerate(SUMMARY_COLUMN_INCHES):
        table.columns[column].width = Inches(width)
    cells = [headers]
    for area_content in content.areas:
        key = content.key_indicators(area_content, limit=1)[0]
        series = content.series(key.code)
        latest = "–" if series.empty else (f"{format_number(series.iloc[-1]['value'])} "
                                           f"({context.year(series.iloc[-1]['year'])})")
        cells.append([area_content.area.code, area_content.area.name(context.lang),
                      status_text(area_content.status, context.lang), key.name(context.lang), latest])
    for r, row in enumerate(cells):
        table.rows[r].height = ROW_HEIGHT
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = ""
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            _style_run(cell.text_frame.paragraphs[0].add_run(), str(text), 12 if r == 0 else 11, r == 0,
                       RGBColor(0xFF, 0xFF, 0xFF) if r == 0 else INK)


def build_deck(con, context: ExportContext) -> bytes:
    """The deck as .pptx bytes."""
    content = gather(con, context)
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDE, HIGH
    _title_slide(deck, content)
    for area_content in content.areas:
        _area_slide(deck, content, area_content)
    _summary_slide(deck, content)
    deck.core_properties.title = f"{context.t('report_title')} — {context.city}"
    deck.core_properties.language = "th-TH" if context.lang == "th" else "en-US"
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
