"""The scorecard and the status summary as the page shows and a meeting prints them: HTML tables whose
cells carry the status as a symbol, a word (in the cell's title and the legend) and a light fill —
never colour alone — and plain tables of the same content for the downloads. Every text is escaped."""

from __future__ import annotations

from html import escape

import pandas as pd

from indicators.measure.definitions import IndicatorDef
from indicators.measure.progress import STATUSES
from indicators.measure.scorecard import STATUS_ORDER
from indicators.present.i18n import format_number, format_year, status_text, t
from indicators.present.palette import STATUS_FILLS, TEXT

CELL = "padding:4px 6px;border:2px solid #FFFFFF;text-align:center;white-space:nowrap"


def _unit(district, lang: str) -> str:
    return t("scorecard_whole_city", lang) if district is None or pd.isna(district) else str(district)


def scorecard_table(card: pd.DataFrame, indicators: list[IndicatorDef], lang: str, era: str) -> pd.DataFrame:
    """Indicators (in the framework's order) × the whole city and each district: "symbol value (year)"."""
    units = [None, *sorted(d for d in card["district"].dropna().unique())]
    cells = {(r.indicator, None if pd.isna(r.district) else r.district): r for r in card.itertuples()}
    rows = []
    for indicator in indicators:
        row = {t("area", lang): indicator.area, t("indicator", lang): indicator.name(lang)}
        for unit in units:
            found = cells.get((indicator.code, unit))
            row[_unit(unit, lang)] = "–" if found is None else _cell_text(found, era)
        rows.append(row)
    return pd.DataFrame(rows)


def _cell_text(row, era: str) -> str:
    value = "–" if row.value is None or pd.isna(row.value) else format_number(float(row.value))
    year = "" if row.year is None or pd.isna(row.year) else f" ({format_year(int(row.year), era)})"
    return f"{STATUSES[row.status][2]} {value}{year}"


def scorecard_html(card: pd.DataFrame, indicators: list[IndicatorDef], lang: str, era: str, label: str) -> str:
    units = [None, *sorted(d for d in card["district"].dropna().unique())]
    cells = {(r.indicator, None if pd.isna(r.district) else r.district): r for r in card.itertuples()}
    head = "".join(f'<th scope="col" style="{CELL}">{escape(_unit(u, lang))}</th>' for u in units)
    body = []
    for indicator in indicators:
        tds = []
        for unit in units:
            found = cells.get((indicator.code, unit))
            status = "insufficient_data" if found is None else found.status
            text = "–" if found is None else _cell_text(found, era)
            word = status_text(status, lang)
            tds.append(f'<td title="{escape(word)}" style="{CELL};background:{STATUS_FILLS[status]};color:{TEXT}">'
                       f'{escape(text)}<span style="position:absolute;left:-9999px"> {escape(word)}</span></td>')
        body.append(f'<tr><th scope="row" style="text-align:left;font-weight:normal;padding:4px 8px 4px 0">'
                    f'{escape(indicator.area)} · {escape(indicator.name(lang))}</th>{"".join(tds)}</tr>')
    legend = " · ".join(escape(status_text(s, lang)) for s in STATUS_ORDER)
    return (f'<div role="group" aria-label="{escape(label)}" style="overflow-x:auto">'
            f'<table style="border-collapse:collapse;width:100%;font-size:0.9rem">'
            f'<thead><tr><th scope="col" style="text-align:left">{escape(t("indicator", lang))}</th>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>'
            f'<p style="font-size:0.85rem;margin-top:6px">{legend}</p></div>')


def summary_table(summary: pd.DataFrame, lang: str, area_names: dict[str, str]) -> pd.DataFrame:
    """Areas (then all) × statuses, counts of indicators, with the status words and symbols as headers."""
    table = summary.rename(columns={s: status_text(s, lang) for s in STATUS_ORDER} | {"indicators": t("scorecard_indicators", lang)})
    table.index = [t("scorecard_all_areas", lang) if a == "all" else f"{a} {area_names.get(a, '')}" for a in table.index]
    table.index.name = t("area", lang)
    return table.reset_index()


def card_summary(card: pd.DataFrame, lang: str) -> str:
    """What the scorecard says to a screen reader: how many cells have each status."""
    counts = card["status"].value_counts()
    parts = [f"{status_text(s, lang)}: {counts[s]}" for s in STATUS_ORDER if s in counts]
    return t("summary_scorecard", lang, cells=len(card), counts="; ".join(parts))
