"""One standalone HTML file a presenter can open on any laptop with no internet.

plotly.js is embedded once, inline, at the first chart (later charts reuse it), and nothing is loaded
at open time: no script or stylesheet URLs, no web fonts — the page asks for fonts the laptop already
has (Thai system fonts first). Everything that comes from users — the city name, narratives, links,
activity titles — and from editable YAML is HTML-escaped; Plotly escapes the text inside its own JSON.
"""

from __future__ import annotations

import html
import json

import plotly.graph_objects as go

from indicators.measure.milestones import milestones_text
from indicators.present import charts
from indicators.present.chart_data import framework_summary
from indicators.present.chart_notes import note_lines
from indicators.present.emblem import emblem
from indicators.present.exports.context import (
    ExportContext,
    ReportContent,
    framework_parts,
    gather,
    metadata_rows,
)
from indicators.present.i18n import format_number, status_text
from indicators.store.queries import activities_for_area

FONT_STACK = ('"Noto Sans Thai", "Sarabun", "Leelawadee UI", "Tahoma", "Loma", "Tlwg Typist", "Garuda", '
              '"Segoe UI", "Helvetica Neue", Arial, sans-serif')
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
ACTIVITIES_SHOWN = 8

STYLE = """
:root { --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font-family: FONTS; color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 24px 32px;
       font-size: 18px; line-height: 1.6; }
h1 { font-size: 34px; margin: 0 0 4px; line-height: 1.3; }
h2 { font-size: 28px; border-bottom: 3px solid var(--accent); padding-bottom: 4px; margin-top: 48px; }
h3 { font-size: 22px; margin: 32px 0 4px; }
.meta { color: var(--muted); margin: 0; }
.sample { background: #fff3cd; border: 2px solid #e0a800; padding: 10px 14px; font-weight: bold; margin: 16px 0; }
.status { font-size: 20px; margin: 4px 0 8px; }
.status b { font-weight: 700; }
dl.method { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; font-size: 15px;
            color: var(--muted); margin: 8px 0 16px; }
dl.method dt { font-weight: bold; }
dl.method dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: 16px; margin: 12px 0; }
th, td { border-bottom: 1px solid var(--rule); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.number { text-align: right; white-space: nowrap; }
.evidence { background: #f7f9fc; border-left: 4px solid var(--accent); padding: 8px 14px; margin: 8px 0; }
.none { color: var(--muted); font-style: italic; }
.note { font-size: 15px; color: var(--muted); margin: 0 0 2px; }
nav ol { columns: 2; font-size: 16px; }
.chart { break-inside: avoid; page-break-inside: avoid; }
/* an indicator's heading, status and chart print together: a heading never ends a page alone */
.indicator { break-inside: avoid; page-break-inside: avoid; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
section.area { break-before: page; }
@page { size: A4; margin: 12mm; }
footer { margin-top: 48px; font-size: 14px; color: var(--muted); border-top: 1px solid var(--rule); }
@media print { body { max-width: none; padding: 0 12px; } nav, .modebar-container { display: none !important; } }
""".replace("FONTS", FONT_STACK)


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text))


class _Figures:
    """Turns figures into <div>s: plotly.js inline with the first one, none with the others. For print
    (the PDF) charts get a fixed width that fits an A4 page: a chart sized to the screen is cut at the
    paper's edge, as Plotly draws at the width it had when the page loaded."""

    def __init__(self, print_width: int | None = None) -> None:
        self.count = 0
        self.print_width = print_width

    def __call__(self, figure: go.Figure) -> str:
        # The heading above each chart already names it: a second title inside the chart only repeats it.
        figure.update_layout(template="plotly_white", title={"text": ""}, margin={"t": 50})
        config = PLOTLY_CONFIG
        if self.print_width:
            figure.update_layout(width=self.print_width)
            config = {**PLOTLY_CONFIG, "responsive": False, "staticPlot": True}
        markup = figure.to_html(full_html=False, include_plotlyjs=self.count == 0, config=config,
                                default_width=f"{self.print_width}px" if self.print_width else "100%")
        self.count += 1
        return f'<div class="chart">{markup}</div>'


def _front(content: ReportContent) -> str:
    context = content.context
    lines = [f"<h1>{_e(context.t('report_title'))}</h1>",
             f'<p class="meta"><b>{_e(context.city_label)}</b> · {_e(context.years_label)}</p>',
             f'<p class="meta">{_e(context.t("export_made_at"))}: {_e(context.made_at_label)}</p>']
    lines += [f'<p class="meta">{_e(note)}</p>' for note in content.partial_notes]
    if context.is_sample:
        lines.append(f'<p class="sample">{_e(context.t("export_sample_warning"))}</p>')
    toc = "".join(f'<li><a href="#area-{_e(a.area.code)}">{_e(a.area.code)} {_e(a.area.name(context.lang))}</a></li>'
                  for a in content.areas)
    lines.append(f"<nav><h2>{_e(context.t('report_contents'))}</h2><ol>{toc}</ol></nav>")
    return "\n".join(lines)


def _framework(content: ReportContent) -> str:
    context = content.context
    summary = framework_summary(content.cards, context.year(context.years[1]) if context.years else "–", context.lang)
    picture = emblem(content.cards, framework_parts(content.framework, context.lang), context.lang, summary)
    rows = "".join(
        f"<tr><td>{_e(card['code'])}</td><td>{_e(card['name'])}</td><td>{_e(status_text(card['status'], context.lang))}"
        f"</td><td class='number'>{card['covered']}/{card['total']}</td></tr>" for card in content.cards)
    header = "".join(f"<th>{_e(context.t(k))}</th>" for k in ("code", "area", "status", "report_with_data"))
    return (f'<section id="framework"><h2>{_e(context.t("framework_picture"))}</h2>{picture}'
            f'<p class="meta">{_e(context.t("framework_caption"))}</p>'
            f"<table><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table></section>")


def _method(content: ReportContent, code: str) -> str:
    context = content.context
    indicator = next(i for i in content.indicators if i.code == code)
    target = content.target(code)
    target_text = context.t("target_line", value=format_number(target[0]),
                            year=context.year(target[1])) if target else context.t("no_target")
    if milestones := content.milestones(code):
        target_text += " · " + context.t("milestones_line", text=milestones_text(milestones, context.year, format_number))
    items = [("method", indicator.method(context.lang, context.fiscal)), ("formula", indicator.formula()),
             ("unit", indicator.unit(context.lang)), ("direction", context.t("direction_" + indicator.direction)),
             ("source", indicator.source(context.lang)), ("target", target_text)]
    return '<dl class="method">' + "".join(f"<dt>{_e(context.t(k))}</dt><dd>{_e(v)}</dd>" for k, v in items) + "</dl>"


def _evidence(content: ReportContent, area_content, activities) -> str:
    context = content.context
    parts = [f"<h3>{_e(context.t('report_evidence'))}</h3>"]
    if area_content.evidence.empty:
        parts.append(f'<p class="none">{_e(context.t("report_no_evidence"))}</p>')
    for row in area_content.evidence.itertuples(index=False):
        own, other = (row.narrative_th, row.narrative_en) if context.lang == "th" else (row.narrative_en, row.narrative_th)
        links = [link for link in json.loads(row.links or "[]") if isinstance(link, str)]
        link_html = "".join(f'<li><a href="{_e(link)}">{_e(link)}</a></li>' for link in links
                            if link.startswith(("http://", "https://")))
        parts.append(f'<div class="evidence"><b>{_e(context.year(row.year))}</b> — {_e(own or other or "")}'
                     + (f"<ul>{link_html}</ul>" if link_html else "") + "</div>")
    if not activities.empty:
        parts.append(f"<h3>{_e(context.t('evidencing_activities'))}</h3>")
        head = "".join(f"<th>{_e(context.t(k))}</th>" for k in ("title", "category", "events", "participants", "years"))
        body = "".join(
            f"<tr><td>{_e(a.title)}</td><td>{_e(a.category)}</td><td class='number'>{_e(format_number(a.events))}</td>"
            f"<td class='number'>{_e(format_number(a.participants))}</td>"
            f"<td>{_e(context.year(a.first_year))}–{_e(context.year(a.last_year))}</td></tr>"
            for a in activities.head(ACTIVITIES_SHOWN).itertuples(index=False))
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return "\n".join(parts)


def _area(con, content: ReportContent, area_content, figure_html: _Figures) -> str:
    context = content.context
    area = area_content.area
    parts = [f'<section class="area" id="area-{_e(area.code)}"><h2>{_e(area.code)} {_e(area.name(context.lang))}</h2>',
             f'<p class="status">{_e(context.t("report_area_status"))}: <b>{_e(status_text(area_content.status, context.lang))}</b></p>']
    for indicator in area_content.indicators:
        series = content.series(indicator.code)
        parts.append(f'<div class="indicator"><h3>{_e(indicator.name(context.lang))}</h3>')
        parts.append(f'<p class="status">{_e(content.status_heading(indicator.code))}: '
                     f'<b>{_e(content.status_words(indicator.code))}</b></p>')
        if series.empty:
            parts.append(f'<p class="none">{_e(context.t("report_no_values"))}</p>')
        else:
            figure = charts.trend(series, indicator.name(context.lang), indicator.unit(context.lang), context.lang,
                                  context.era, context.fiscal, content.target(indicator.code), height=400,
                                  partial=list(content.partial), notes=content.notes_for(indicator.code),
                                  milestones=content.milestones(indicator.code))
            parts.append(figure_html(figure))
            parts += [f'<p class="note">{_e(line)}</p>'
                      for line in note_lines(content.notes_for(indicator.code), context.lang, context.era)]
        parts.append("</div><!-- indicator -->")
        parts.append(_method(content, indicator.code))
    activities = activities_for_area(con, context.city, area.code, fiscal=context.fiscal, years=context.years)
    parts.append(_evidence(content, area_content, activities))
    parts.append("</section>")
    return "\n".join(parts)


def _about(content: ReportContent) -> str:
    context = content.context
    rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in metadata_rows(context, context.t("report_title")))
    return (f'<section id="about"><h2>{_e(context.t("status_rule"))}</h2><p>{_e(context.t("status_rule_text"))}</p>'
            f'<p>{_e(context.t("status_rule_milestones"))}</p>'
            f'<p class="meta">{_e(content.framework.provisional_note(context.lang))}</p>'
            f"<table>{rows}</table></section>")


PRINT_WIDTH = 680  # px: an A4 page's width (210 mm) less its 12 mm margins and the body's padding, at 96 dpi


def build_report(con, context: ExportContext, for_print: bool = False) -> str:
    """The whole report as one HTML document (a str; write it as UTF-8); `for_print` sizes the charts
    for an A4 page (the PDF)."""
    content = gather(con, context)
    figure_html = _Figures(PRINT_WIDTH if for_print else None)
    body = [_front(content), _framework(content)]
    body += [_area(con, content, area_content, figure_html) for area_content in content.areas]
    body.append(_about(content))
    body.append(f"<footer>{_e(context.t('app_title'))} · {_e(context.city_label)} · {_e(context.made_at_label)}</footer>")
    title = f"{context.t('report_title')} — {context.city}"
    return ("<!DOCTYPE html>\n"
            f'<html lang="{_e(context.lang)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{STYLE}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def report_bytes(con, context: ExportContext) -> bytes:
    return build_report(con, context).encode("utf-8")
