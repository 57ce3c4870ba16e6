"""The GNLC pack: one workbook with what UNESCO's biennial progress report and the Learning City Award
ask for — per area of focus and year, the indicator values, their status and the evidence.

Sheets: About and Definitions (as every export), Areas (each area's status now), Values (long: area,
indicator, year, value, status as it stood that year, target), Values by year (the same values with
years as columns, to paste into a form), Evidence (the narratives), Activities (what evidences each
area and the rule that mapped it) and Chart notes (the notes and series breaks drawn on the charts).
An indicator that evidences two areas is listed under both.
"""

from __future__ import annotations

import json

import pandas as pd

from indicators.measure.compute import compute_values
from indicators.measure.progress import progress_table
from indicators.present.chart_notes import note_text
from indicators.present.exports.context import ExportContext, gather
from indicators.present.exports.tables import new_workbook, workbook_bytes, write_metadata, write_sheet
from indicators.present.i18n import status_text
from indicators.store.queries import activities_for_area


def statuses_by_year(con, context: ExportContext, indicators) -> dict[tuple[str, int], str]:
    """(indicator, year) → the status computed with the data of the chosen years up to that year, as a
    report for that year would have said it (incomplete periods left out unless the context asks)."""
    values = compute_values(con, city=context.city, fiscal=context.fiscal, indicators=indicators)
    years = sorted(int(y) for y in values["year"].unique())
    if context.years:
        years = [y for y in years if context.years[0] <= y <= context.years[1]]
    found = {}
    for year in years:
        table = progress_table(con, context.city, fiscal=context.fiscal, years=(years[0], year), values=values,
                               indicators=indicators, include_partial=context.include_partial)
        found.update({(row.indicator, year): row.status for row in table.itertuples(index=False)})
    return found


def _values_sheet(content, statuses) -> pd.DataFrame:
    context = content.context
    rows = []
    for area_content in content.areas:
        for indicator in area_content.indicators:
            target = content.target(indicator.code)
            for row in content.series(indicator.code).itertuples(index=False):
                status = statuses.get((indicator.code, int(row.year)), "insufficient_data")
                rows.append({
                    "area": area_content.area.code, "area_name": area_content.area.name(context.lang),
                    "col_indicator_code": indicator.code, "indicator": indicator.name(context.lang),
                    "col_year_ce": int(row.year), "col_year_shown": context.year(row.year), "value": float(row.value),
                    "unit": indicator.unit(context.lang), "status": status_text(status, context.lang),
                    "target": None if target is None else target[0],
                    "gnlc_target_year": None if target is None else context.year(target[1]),
                    "col_milestone": content.milestones(indicator.code).get(int(row.year)),
                })
    columns = ["area", "area_name", "col_indicator_code", "indicator", "col_year_ce", "col_year_shown", "value", "unit",
               "status", "target", "gnlc_target_year", "col_milestone"]
    return pd.DataFrame(rows, columns=columns)


def _wide(long: pd.DataFrame, context: ExportContext) -> pd.DataFrame:
    """Years as columns (in the chosen era), one row per area and indicator."""
    if long.empty:
        return long
    wide = long.pivot_table(index=["area", "area_name", "col_indicator_code", "indicator", "unit"],
                            columns="col_year_ce", values="value", aggfunc="first", sort=True)
    wide.columns = [context.year(y) for y in wide.columns]
    return wide.reset_index()


def _areas_sheet(content) -> pd.DataFrame:
    context = content.context
    return pd.DataFrame([{
        "area": card["code"], "area_name": card["name"], "status": status_text(card["status"], context.lang),
        "report_with_data": f"{card['covered']}/{card['total']}",
        "gnlc_narratives": len(area_content.evidence),
    } for card, area_content in zip(content.cards, content.areas)])


def _evidence_sheet(content) -> pd.DataFrame:
    context = content.context
    rows = []
    for area_content in content.areas:
        for row in area_content.evidence.itertuples(index=False):
            rows.append({"area": area_content.area.code, "area_name": area_content.area.name(context.lang),
                         "col_year_ce": int(row.year), "col_year_shown": context.year(row.year),
                         "gnlc_narrative_en": row.narrative_en, "gnlc_narrative_th": row.narrative_th,
                         "gnlc_links": " ".join(json.loads(row.links or "[]")), "gnlc_author": row.author,
                         "gnlc_version": int(row.version)})
    return pd.DataFrame(rows, columns=["area", "area_name", "col_year_ce", "col_year_shown", "gnlc_narrative_en",
                                       "gnlc_narrative_th", "gnlc_links", "gnlc_author", "gnlc_version"])


def _activities_sheet(con, content) -> pd.DataFrame:
    context = content.context
    frames = []
    for area_content in content.areas:
        found = activities_for_area(con, context.city, area_content.area.code, fiscal=context.fiscal,
                                    years=context.years)
        if found.empty:
            continue
        frames.append(pd.DataFrame({
            "area": area_content.area.code, "title": found["title"], "category": found["category"],
            "mapping_reason": [f"{context.t('rule_' + r)}: {d}" for r, d in zip(found["rule"], found["rule_detail"])],
            "events": found["events"], "participants": found["participants"],
            "years": [f"{context.year(a)}–{context.year(b)}" for a, b in zip(found["first_year"], found["last_year"])],
        }))
    columns = ["area", "title", "category", "mapping_reason", "events", "participants", "years"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def _notes_sheet(content) -> pd.DataFrame:
    context = content.context
    names = {i.code: i.name(context.lang) for i in content.indicators}
    rows = [{"indicator": names.get(note["indicator"], note["indicator"]) if isinstance(note["indicator"], str)
             else context.t("chart_note_every_chart"),
             "chart_note_from": context.year(note["year_from"]), "chart_note_to": context.year(note["year_to"]),
             "chart_note_kind": context.t("chart_note_kind_" + note["kind"]), "chart_note_text": note_text(note, context.lang)}
            for note in content.notes.to_dict("records")]
    return pd.DataFrame(rows, columns=["indicator", "chart_note_from", "chart_note_to", "chart_note_kind",
                                       "chart_note_text"])


def _headers(frame: pd.DataFrame, context: ExportContext) -> pd.DataFrame:
    names = {"area_name": context.t("gnlc_area_name"), "target": context.t("target")}
    return frame.rename(columns=lambda key: names.get(key) or (context.t(key) if isinstance(key, str) and
                                                               not key[:1].isdigit() else key))


def build_pack(con, context: ExportContext) -> bytes:
    """The GNLC pack as .xlsx bytes."""
    content = gather(con, context)
    statuses = statuses_by_year(con, context, content.indicators)
    long = _values_sheet(content, statuses)
    workbook = new_workbook()
    write_sheet(workbook, context.t("gnlc_sheet_areas"), _headers(_areas_sheet(content), context))
    write_sheet(workbook, context.t("gnlc_sheet_values"), _headers(long, context))
    write_sheet(workbook, context.t("gnlc_sheet_wide"), _headers(_wide(long, context), context))
    write_sheet(workbook, context.t("gnlc_sheet_evidence"), _headers(_evidence_sheet(content), context))
    write_sheet(workbook, context.t("gnlc_sheet_activities"), _headers(_activities_sheet(con, content), context))
    write_sheet(workbook, context.t("gnlc_sheet_notes"), _headers(_notes_sheet(content), context))
    write_metadata(workbook, context, context.t("gnlc_what"), None)
    return workbook_bytes(workbook)
