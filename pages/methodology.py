"""Methodology: every indicator's definition, unit, direction, formula and source; how status is
computed; where the framework comes from and which wording is provisional."""

import pandas as pd
import streamlit as st

import ui
from indicators.definitions import load_indicators
from indicators.framework import load_framework


def render(view: ui.View) -> None:
    st.subheader(view.t("indicator_definitions"))
    rows = [{
        view.t("indicator"): i.name(view.lang), view.t("code"): i.code, view.t("area"): ", ".join(i.areas),
        view.t("unit"): i.unit(view.lang), view.t("direction"): view.t("direction_" + i.direction),
        view.t("method"): i.method(view.lang), view.t("formula"): i.formula(), view.t("source"): i.source(view.lang),
    } for i in load_indicators()]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

    st.subheader(view.t("status_rule"))
    st.write(view.t("status_rule_text"))

    framework = load_framework()
    st.subheader(view.t("framework_source"))
    st.write(framework.source(view.lang))
    st.warning(framework.provisional_note(view.lang))
    for part in framework.parts:
        st.markdown(f"**{part.code}. {part.name(view.lang)}**")
        for area in framework.areas_of(part.code):
            marker = " *" if view.lang == "th" and area.name_th_own_translation else ""
            st.markdown(f"- {area.code} {area.name(view.lang)}{marker}")
    if view.lang == "th":
        st.caption(view.t("own_translation"))


ui.run_page(render)
