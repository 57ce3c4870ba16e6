"""Data quality: which areas have data in which years, the uploads, completeness by reporting office,
warnings carried from ingest and from the validation rules (with their follow-ups), and the activities
no rule could map."""

import json

import streamlit as st

import ui
from indicators import store
from indicators.present import chart_data
from indicators.present.coverage_grid import coverage_table_html
from indicators.present.problem_export import SEVERITY_WORDS
from indicators.present.stored_words import person
from indicators.present.years import range_text, years_text
from ui import quality


def render(view: ui.View) -> None:
    if not ui.empty_state(view):
        grid = ui.coverage_grid(view.con, view.version, view.city, view.fiscal)
        grid = grid[grid["year"].between(*view.years)]
        names = ui.area_names(view.lang)
        summary = chart_data.coverage_summary(grid, view.lang, view.era)
        ui.html_block(view, coverage_table_html(grid, names, view.lang, view.era, summary),
                      table=chart_data.coverage_table(grid, names, view.lang, view.era), name=f"{view.city}-coverage")

        st.subheader(view.t("uploads"))
        uploads = store.list_uploads(view.con, view.city)
        # runs of years ("2563–2568"), not a list a narrow column cuts off
        uploads["years"] = uploads["years"].map(lambda text: years_text(json.loads(text or "[]"), view.era) or "–")
        uploads["status"] = uploads["status"].map(lambda s: view.t("upload_status_" + s))
        uploads["uploaded_at"] = uploads["uploaded_at"].map(lambda at: ui.timestamp(at, view.era))
        uploads["uploaded_by"] = uploads["uploaded_by"].map(lambda name: person(name, view.lang))
        st.dataframe(uploads[["upload_id", "file_name", "uploaded_at", "uploaded_by", "status", "rows_kept", "years"]].rename(
            columns={"upload_id": "#", "file_name": view.t("file_name"), "uploaded_at": view.t("uploaded_at"),
                     "uploaded_by": view.t("uploaded_by"), "status": view.t("status"), "rows_kept": view.t("rows_kept"),
                     "years": view.t("years")}),
            hide_index=True, width="stretch")

        quality.completeness_section(view)
        quality.warnings_section(view)

        st.subheader(view.t("warnings_from_ingest"))
        problems = ui.problems_of(view.con, view.version, view.city)
        message = "message_th" if view.lang == "th" else "message_en"
        if problems.empty:
            st.success(view.t("no_warnings"))
        else:
            shown = problems[["file_name", "severity", "sheet", "row", "column", "value", message]].copy()
            shown["severity"] = shown["severity"].map(lambda s: SEVERITY_WORDS[view.lang].get(s, s))
            shown["row"] = shown["row"].astype("Int64")
            # a table that wraps: a grid cut every message at its column's edge
            st.table(shown.astype(object).where(shown.notna(), "–").astype(str).rename(columns={
                "file_name": view.t("file_name"), "severity": view.t("severity"), "sheet": view.t("sheet"),
                "row": view.t("row"), "column": view.t("column"), "value": view.t("value"),
                message: view.t("message")}), hide_index=True)

        # one under the other: side by side, the right-hand table's numbers fell off its edge
        st.subheader(view.t("unmapped"))
        st.caption(view.t("unmapped_help"))
        unmapped = ui.unmapped(view.con, view.version, view.city)
        unmapped["years"] = [range_text(a, b, view.era) for a, b in zip(unmapped["first_year"], unmapped["last_year"])]
        unmapped = unmapped.drop(columns=["first_year", "last_year"]).fillna("–")
        st.dataframe(unmapped.rename(columns={"title": view.t("title"), "category": view.t("category"),
                                              "n": view.t("count"), "events": view.t("events"),
                                              "years": view.t("years")}),
                     hide_index=True, width="stretch")

        st.subheader(view.t("mapping_summary"))
        report = ui.mapping_summary(view.con, view.version, view.city)
        report["rule"] = report["rule"].map(lambda r: view.t("rule_" + r) if r != "unmapped" else view.t("unmapped"))
        # a row without an area is the rule's total (an activity counted once however many areas it evidences)
        report["area_code"] = report["area_code"].fillna(view.t("all_areas_total"))
        st.dataframe(report.rename(columns={"rule": view.t("rule"), "area_code": view.t("area"),
                                            "activities": view.t("activities_mapped"), "events": view.t("events")}),
                     hide_index=True, width="stretch")


ui.run_page(render)
