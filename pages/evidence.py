"""Evidence: per area of focus and year, the narrative (Thai and English) and links to projects,
photos and documents that GNLC reports and the Learning City Award ask for beside the figures —
with every earlier version kept. Narratives are shown as plain text, never as HTML or Markdown."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

import ui
from indicators import actions
from indicators.base.errors import LearningCityError
from indicators.config.framework import load_framework
from indicators.measure.progress import evidence_for
from indicators.present.stored_words import person
from ui import account

MAX_NARRATIVE = 5000


def render(view: ui.View) -> None:
    if ui.empty_state(view):
        return
    if done := st.session_state.pop("evidence_done", None):
        st.success(done)
    areas = ui.area_names(view.lang)
    left, right = st.columns(2)
    area = left.selectbox(view.t("area"), list(load_framework().area_codes), key="evidence_area",
                          format_func=lambda code: f"{code} {areas[code]}")
    years = list(range(view.years[0], view.years[1] + 2))
    year = right.selectbox(view.t("year"), years, index=len(years) - 2, key="evidence_year", format_func=view.year)
    history = evidence_for(view.con, view.city, area, year, history=True)
    current = history.iloc[0] if not history.empty else None
    st.subheader(view.t("evidence_current"))
    if current is None:
        st.caption(view.t("evidence_none"))
    else:
        st.text(current["narrative_th" if view.lang == "th" else "narrative_en"] or "–")
        for link in json.loads(current["links"] or "[]"):
            st.text(link)
    if account.allowed(view, "edit_evidence"):
        editor(view, area, year, current)
    if not history.empty:
        st.subheader(view.t("evidence_history"))
        st.dataframe(pd.DataFrame({
            view.t("version"): history["version"],
            view.t("when"): history["updated_at"].map(lambda at: ui.timestamp(at, view.era)),
            view.t("who"): history["author"].map(lambda name: person(name, view.lang)),
            "ไทย": history["narrative_th"].fillna(""),
            "English": history["narrative_en"].fillna(""),
        }), hide_index=True, width="stretch")


def editor(view: ui.View, area: str, year: int, current) -> None:
    with st.form(f"evidence_{area}_{year}"):
        narrative_th = st.text_area(view.t("narrative_th"), value="" if current is None else current["narrative_th"] or "",
                                    max_chars=MAX_NARRATIVE, key=f"evidence_th_{area}_{year}")
        narrative_en = st.text_area(view.t("narrative_en"), value="" if current is None else current["narrative_en"] or "",
                                    max_chars=MAX_NARRATIVE, key=f"evidence_en_{area}_{year}")
        links = st.text_area(view.t("evidence_links"), help=view.t("evidence_links_help"),
                             value="" if current is None else "\n".join(json.loads(current["links"] or "[]")),
                             key=f"evidence_links_{area}_{year}")
        if not st.form_submit_button(view.t("save")):
            return
    cleaned = [line.strip() for line in links.splitlines() if line.strip()]
    try:  # the engine refuses any link that is not https (measure/progress.check_links)
        version = actions.save_evidence(view.con, view.actor, view.city, area, year, narrative_en.strip(),
                                        narrative_th.strip(), cleaned)
    except LearningCityError as error:
        st.error(error.message(view.lang))
        return
    st.session_state["evidence_done"] = view.t("evidence_saved", version=version)
    st.rerun()


ui.run_page(render)
