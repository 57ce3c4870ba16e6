"""Cities: the chosen city against the other cities in the database, per indicator (network median
and rank by the indicator's direction)."""

import streamlit as st

import ui
from indicators import store
from indicators.measure.benchmark import city_benchmark
from indicators.measure.definitions import load_indicators
from indicators.present.i18n import format_number


def render(view: ui.View) -> None:
    cities = store.list_cities(view.con)
    samples = {c for c in cities if store.is_sample_city(view.con, c)}
    # a real city is never ranked against the synthetic sample; the sample itself is compared with all
    compared = cities if view.city in samples else [c for c in cities if c not in samples]
    left_out = samples - set(compared)
    if len(compared) < 2:
        st.info(view.t("single_real_city" if left_out else "single_city"))
    else:
        if left_out:
            st.caption(view.t("sample_not_compared"))
        all_values = ui.values(view.con, view.version, None, view.fiscal)
        all_values = all_values[all_values["city"].isin(compared)]
        indicators = load_indicators()
        table = city_benchmark(all_values, view.city, {i.code: i.direction for i in indicators})
        names = ui.indicator_names(view.lang)
        table["indicator"] = table["indicator"].map(names)
        table["year"] = table["year"].map(view.year)
        for column in ("value", "median"):
            table[column] = table[column].map(format_number)
        table["rank"] = [f"{r} {view.t('of_cities', n=n)}" for r, n in zip(table["rank"], table["cities"])]
        st.dataframe(table.drop(columns=["cities"]).rename(columns={
            "indicator": view.t("indicator"), "year": view.t("year"), "value": view.city,
            "median": view.t("network_median"), "rank": view.t("rank")}), hide_index=True, width="stretch")


ui.run_page(render)
