"""Methodology: every indicator's definition, unit, direction, formula and source; how status is
computed; the open data (every indicator as CSV and JSON with its datapackage.json); where the framework
comes from and which wording is provisional."""

import streamlit as st

import ui
from indicators.config.framework import load_framework
from indicators.measure.definitions import load_indicators
from indicators.present.open_data import open_data_zip


def render(view: ui.View) -> None:
    st.subheader(view.t("indicator_definitions"))
    # one card per indicator, two per row: methods and formulas are long, and a grid cut them at the edge
    indicators = load_indicators()
    for start in range(0, len(indicators), 2):
        for column, i in zip(st.columns(2), indicators[start:start + 2]):
            with column.container(border=True):
                st.markdown(f"**{ui.plain(i.name(view.lang))}**  \n"
                            f"{view.t('code')}: `{i.code}` · {view.t('area')}: {', '.join(i.areas)} · "
                            f"{view.t('unit')}: {ui.plain(i.unit(view.lang))} · "
                            f"{view.t('direction')}: {view.t('direction_' + i.direction)}")
                st.markdown(f"{view.t('method')}: {ui.plain(i.method(view.lang))}  \n"
                            f"{view.t('source')}: {ui.plain(i.source(view.lang))}")
                st.caption(f"{view.t('formula')}:")
                st.code(i.formula(), language="sql", wrap_lines=True)
                ui.metadata_links(view, st, [i.code])

    st.subheader(view.t("status_rule"))
    st.write(view.t("status_rule_text"))
    st.write(view.t("status_rule_milestones"))

    if view.city:
        st.subheader(view.t("open_data"))
        st.caption(view.t("open_data_help"))
        st.download_button(view.t("open_data_download"), lambda: open_data_zip(view.con, view.city, view.fiscal),
                           file_name=f"{view.city}-open-data.zip", mime="application/zip", key="open-data",
                           on_click="ignore")

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
