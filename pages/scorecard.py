"""Scorecard: one table for a meeting — every indicator in the whole city and in each district with its
status symbol and latest value — and the status summary: how many indicators have each status, per
area of focus. The same figures as `python -m indicators scorecard [--summary]`."""

import streamlit as st

import ui
from indicators.measure.definitions import load_indicators
from indicators.measure.progress import load_targets
from indicators.measure.scorecard import district_statuses, scorecard, status_summary
from indicators.present import scorecard_table
from indicators.present.i18n import status_text


def render(view: ui.View) -> None:
    if ui.empty_state(view):
        return
    indicators = sorted(load_indicators(), key=lambda i: i.area)  # the framework's order; stable inside an area
    progress = view.progress()
    areas = ui.area_names(view.lang)
    st.subheader(view.t("scorecard_summary_title"))
    st.caption(view.t("scorecard_summary_note"))
    summary = status_summary(progress, indicators)
    table = scorecard_table.summary_table(summary, view.lang, areas)
    st.table(ui.shown_table(table), hide_index=True)
    counts = summary.loc["all"]
    ui.table_downloads(view, table, f"{view.city}-status-summary")
    st.caption(view.t("summary_status_counts", n=int(counts["indicators"]), counts="; ".join(
        f"{status_text(s, view.lang)} {int(counts[s])}" for s in summary.columns[:-1] if counts[s])))

    st.subheader(view.t("scorecard_title"))
    st.caption(view.t("scorecard_note"))
    values = ui.values(view.con, view.version, view.city, view.fiscal)
    statuses = district_statuses(values, indicators, load_targets(view.con, view.city), view.years, view.left_out)
    card = scorecard(progress, statuses)
    summary_text = scorecard_table.card_summary(card, view.lang)
    ui.html_block(view, scorecard_table.scorecard_html(card, indicators, view.lang, view.era, summary_text),
                  table=scorecard_table.scorecard_table(card, indicators, view.lang, view.era),
                  name=f"{view.city}-scorecard")


ui.run_page(render)
