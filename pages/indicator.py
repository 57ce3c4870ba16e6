"""One page per indicator: its metadata (definition, unit, periodicity, source, limitations, contact, last
update, coverage). Every chart of an indicator links here with ?code=…; the choice is kept in the
address, so a link can be shared."""

import streamlit as st

import ui
from indicators.measure.definitions import load_indicators
from indicators.present.metadata import indicator_fields


def render(view: ui.View) -> None:
    indicators = {i.code: i for i in load_indicators()}
    asked = st.query_params.get("code")
    codes = list(indicators)
    if asked in indicators and (st.session_state.get("_metadata_asked") != asked
                                or "metadata_code" not in st.session_state):
        st.session_state["metadata_code"] = asked  # a link followed: show what it names
    code = st.selectbox(view.t("metadata_choose"), codes, key="metadata_code",
                        format_func=lambda c: f"{indicators[c].name(view.lang)} ({c})")
    st.query_params["code"] = code  # the address names the indicator shown (a link to share)
    st.session_state["_metadata_asked"] = code
    indicator = indicators[code]
    st.header(indicator.name(view.lang))
    values = ui.values(view.con, view.version, view.city, view.fiscal) if view.city else None
    references = ui.references(view.con, view.version, view.city) if view.city else None
    fields = indicator_fields(view.con, indicator, view.city, values, view.lang, view.era, ui.area_names(view.lang),
                              view.fiscal, references)
    for start in range(0, len(fields), 2):  # two fields a row: a fact sheet on one screen
        for column, (label, text) in zip(st.columns(2), fields[start:start + 2]):
            with column.container(border=True, height="stretch"):
                st.markdown(f"**{ui.plain(label)}**")
                if label == view.t("metadata_formula"):
                    st.code(text, language="sql", wrap_lines=True)
                else:
                    st.markdown(ui.plain(text))


ui.run_page(render)
