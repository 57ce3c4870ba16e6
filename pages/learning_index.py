"""Learning-city index: sub-scores per area of focus and overall for the districts (or cities) in one year,
with the weights editable on the page and the sensitivity of the ranks to them. This project's
construction, said at the top — never UNESCO's."""

import pandas as pd
import streamlit as st

import ui
from indicators import store
from indicators.measure import composite
from indicators.measure.definitions import load_indicators
from indicators.present import index_view


def render(view: ui.View) -> None:
    st.info(view.t("index_own_construction"), icon=":material/info:")
    if ui.empty_state(view):
        return
    indicators = load_indicators()
    shipped = composite.load_weights(known_indicators={i.code for i in indicators})
    left, right = st.columns(2)
    unit = left.radio(view.t("index_compare"), composite.UNITS, horizontal=True, key="index_unit",
                      format_func=lambda u: view.t(f"index_by_{u}"))
    method = right.radio(view.t("index_method"), composite.METHODS, horizontal=True, key="index_method",
                         index=composite.METHODS.index(shipped.method), format_func=lambda m: view.t(f"index_{m}"))
    year = view.headline_year
    units_word = view.t(f"index_units_{unit}")
    st.caption(view.t("index_min_max_note" if method == "min_max" else "index_distance_note",
                      units=units_word, year=view.year(year)) + " " + view.t("index_aggregation_note"))
    weights = weights_editor(view, shipped, indicators, method)
    if unit == "district":
        values, compared = ui.values(view.con, view.version, view.city, view.fiscal), None
    else:
        cities = store.list_cities(view.con)
        samples = {c for c in cities if store.is_sample_city(view.con, c)}
        compared = cities if view.city in samples else [c for c in cities if c not in samples]
        values = ui.values(view.con, view.version, None, view.fiscal)
    result = composite.index_for(view.con, view.city, unit, year, weights, indicators, view.fiscal, values, compared)
    names, areas = ui.indicator_names(view.lang), ui.area_names(view.lang)
    if len(result.scores) < 2:
        st.info(view.t("index_needs_two", units=units_word, year=view.year(year)))
        return
    if result.scores[composite.OVERALL].isna().all():
        st.warning(view.t("index_no_scores", reasons="; ".join(index_view.left_out_lines(result, view.lang, view.era, names))))
        return
    table = index_view.score_table(result, view.lang, areas)
    ui.chart_block(view, index_view.score_bars(result, view.lang, view.era),
                   summary=index_view.score_summary(result, view.lang, view.era), table=table,
                   name=f"{view.city}-index-{unit}-{year}", key="index-scores",
                   title=view.t("index_scores", year=view.year(year)))
    st.dataframe(ui.shown_table(table), hide_index=True, width="stretch")
    if result.left_out:
        with st.expander(f"{view.t('index_left_out')} ({len(result.left_out)})"):
            st.markdown("\n".join(f"- {ui.plain(line)}" for line in
                                  index_view.left_out_lines(result, view.lang, view.era, names)))

    st.subheader(view.t("index_sensitivity"))
    st.caption(view.t("index_sensitivity_note", draws=composite.DRAWS))
    moved = composite.sensitivity(result, indicators, weights)
    ui.chart_block(view, index_view.range_chart(moved, view.lang),
                   summary=index_view.range_summary(moved, view.lang),
                   table=index_view.range_table(moved, view.lang), name=f"{view.city}-index-sensitivity",
                   key="index-sensitivity", title=view.t("index_rank_range"))


def weights_editor(view: ui.View, shipped: composite.Weights, indicators, method: str) -> composite.Weights:
    """The weights as two editable tables (areas, indicators), starting from the shipped file; what the
    visitor types is checked as the file would be, and can be downloaded as that file. (The tables' keys
    name the language: their columns are named in it, and edits are kept by column name.)"""
    with st.expander(view.t("index_weights")):
        code = view.t("code")
        areas = pd.DataFrame({code: list(shipped.areas), view.t("area"): list(ui.area_names(view.lang).values()),
                              view.t("index_weight"): list(shipped.areas.values())})
        names = ui.indicator_names(view.lang)
        listed = [i for i in indicators if i.code in shipped.indicators]
        rows = pd.DataFrame({code: [i.code for i in listed], view.t("indicator"): [names[i.code] for i in listed],
                             view.t("area"): [", ".join(i.areas) for i in listed],
                             view.t("index_weight"): [shipped.indicators[i.code] for i in listed]})
        weight = st.column_config.NumberColumn(view.t("index_weight"), min_value=0.0, step=0.5, required=True)
        st.caption(view.t("index_area_weights"))
        edited_areas = st.data_editor(areas, hide_index=True, disabled=[code, view.t("area")],
                                      key=f"index_area_w_{view.lang}", column_config={view.t("index_weight"): weight},
                                      width="stretch")
        st.caption(view.t("index_indicator_weights"))
        edited = st.data_editor(rows, hide_index=True, disabled=[code, view.t("indicator"), view.t("area")],
                                key=f"index_indicator_w_{view.lang}", column_config={view.t("index_weight"): weight},
                                width="stretch")
        weights = composite.parse_weights(
            {"normalisation": method,
             "area_weights": dict(zip(edited_areas[code], edited_areas[view.t("index_weight")].fillna(0))),
             "indicators": dict(zip(edited[code], edited[view.t("index_weight")].fillna(0)))},
            {i.code for i in indicators})
        st.download_button(view.t("index_download_weights"), composite.weights_yaml(weights),
                           file_name="composite_index.yaml", mime="application/x-yaml", key="index_weights_yaml")
    return weights


ui.run_page(render)
