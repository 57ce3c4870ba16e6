"""Cities: the chosen city against the other cities in the database, per indicator (network median
and rank by the indicator's direction)."""

import streamlit as st

import ui
from indicators import store
from indicators.definitions import load_indicators
from indicators.i18n import format_number
from indicators.queries import city_benchmark


def render(view: ui.View) -> None:
    cities = store.list_cities(view.con)
    if len(cities) < 2:
        st.info(view.t("single_city"))
    else:
        all_values = ui.values(view.con, view.version, None, view.fiscal)
        indicators = load_indicators()
        table = city_benchmark(all_values, view.city, {i.code: i.direction for i in indicators})
        names = ui.indicator_names(view.lang)
        table["indicator"] = table["indicator"].map(names)
        table["year"] = table["year"].map(view.year)
        for column in ("value", "median"):
            table[column] = table[column].map(lambda v: format_number(v, view.lang, 1))
        table["rank"] = [f"{r} {view.t('of_cities', n=n)}" for r, n in zip(table["rank"], table["cities"])]
        st.dataframe(table.drop(columns=["cities"]).rename(columns={
            "indicator": view.t("indicator"), "year": view.t("year"), "value": view.city,
            "median": view.t("network_median"), "rank": view.t("rank")}), hide_index=True, width="stretch")


ui.run_page(render)
