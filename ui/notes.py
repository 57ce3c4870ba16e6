"""Streamlit glue for chart notes and series breaks (engine: store/annotations.py, drawn by
present/chart_notes.py): the city's notes as a table, a form to add one, and removing one —
researchers and admins only, each change through indicators/actions.py."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators import actions
from indicators.base.errors import LearningCityError
from indicators.base.thai import BE_OFFSET
from indicators.present.chart_notes import note_text, note_years
from indicators.present.stored_words import person
from indicators.store.annotations import KINDS, load_notes
from ui import account
from ui.view import View, indicator_names

EVERY_CHART = ""


def notes_section(view: View) -> None:
    st.header(view.t("chart_notes"))
    st.caption(view.t("chart_notes_help"))
    names = indicator_names(view.lang)
    notes = load_notes(view.con, view.city)
    if notes.empty:
        st.caption(view.t("chart_notes_none"))
    else:
        st.dataframe(pd.DataFrame({
            "#": notes["note_id"],
            view.t("indicator"): notes["indicator"].map(lambda c: names.get(c, c) if isinstance(c, str)
                                                        else view.t("chart_note_every_chart")),
            view.t("years"): [note_years(n, view.era) for n in notes.to_dict("records")],
            view.t("chart_note_kind"): notes["kind"].map(lambda k: view.t("chart_note_kind_" + k)),
            view.t("chart_note_text"): [note_text(n, view.lang) for n in notes.to_dict("records")],
            view.t("who"): notes["updated_by"].map(lambda name: person(name, view.lang)),
        }), hide_index=True, width="stretch")
    if not account.allowed(view, "edit_chart_notes"):
        return
    offset = BE_OFFSET if view.era == "be" else 0  # years typed as displayed (พ.ศ. or CE)
    with st.form("chart_note_form"):
        first, second, third, fourth = st.columns([3, 1, 1, 1.4])
        indicator = first.selectbox(view.t("indicator"), [EVERY_CHART, *names],
                                    format_func=lambda c: names.get(c) or view.t("chart_note_every_chart"),
                                    key="note_indicator")
        low = view.years[0] + offset if view.years else 2020 + offset
        year_from = second.number_input(view.t("chart_note_from"), min_value=1950 + offset, max_value=2200 + offset,
                                        value=low, step=1, key="note_from")
        year_to = third.number_input(view.t("chart_note_to"), min_value=1950 + offset, max_value=2200 + offset,
                                     value=low, step=1, key="note_to")
        kind = fourth.selectbox(view.t("chart_note_kind"), KINDS, format_func=lambda k: view.t("chart_note_kind_" + k),
                                key="note_kind")
        text_th = st.text_input(view.t("chart_note_text_th"), max_chars=200, key="note_text_th")
        text_en = st.text_input(view.t("chart_note_text_en"), max_chars=200, key="note_text_en")
        if st.form_submit_button(view.t("chart_note_add")):
            try:
                number = actions.save_chart_note(view.con, view.actor, view.city, indicator or None,
                                                 int(year_from) - offset, int(year_to) - offset, kind, text_en, text_th)
            except LearningCityError as error:
                st.error(error.message(view.lang))
                return
            st.session_state["rules_done"] = view.t("chart_note_saved", number=number)
            st.rerun()
    if not notes.empty:
        left, right = st.columns([1, 3], vertical_alignment="bottom")
        chosen = left.selectbox("#", list(notes["note_id"]), key="chart_note_to_delete")
        if right.button(view.t("chart_note_delete"), key="chart_note_delete"):
            actions.delete_chart_note(view.con, view.actor, int(chosen))
            st.session_state["rules_done"] = view.t("chart_note_deleted", number=chosen)
            st.rerun()
