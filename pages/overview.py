"""Overview: headline figures of the chosen year against the year before, the framework picture
coloured by each area's status, and a small trend per area."""

import streamlit as st

import ui
from indicators.config.framework import load_framework
from indicators.measure.definitions import load_indicators
from indicators.present import charts
from indicators.present.exports.context import area_cards, framework_parts
from indicators.present.i18n import format_number

HEADLINE = ["activities", "participants", "learning_hours", "women_share", "older_share"]

def render(view: ui.View) -> None:
    if not ui.empty_state(view):
        values = view.values_for_district()
        names = ui.indicator_names(view.lang)
        units = {i.code: i.unit(view.lang) for i in load_indicators()}
        percent = {i.code for i in load_indicators() if i.unit_en == "%"}
        year = view.latest_year
        st.subheader(view.t("headline_for", year=view.year(year)) + (f" · {ui.plain(view.district)}" if view.district else ""))
        # the compared year is said once here: written under each of five narrow cards it was cut off
        st.caption(view.t("headline_change", year=view.year(year - 1)))
        columns = st.columns(len(HEADLINE))
        for column, code in zip(columns, HEADLINE):
            series = values[values["indicator"] == code].set_index("year")["value"]
            now = series.get(year)
            before = series.get(year - 1)
            delta = None if now is None or before is None else now - before
            column.metric(
                names[code], format_number(now) + (" %" if code in percent else ""),
                delta=None if delta is None else ("+" if delta > 0 else "") + format_number(delta),
                help=f"{names[code]} ({units[code]})", border=True)  # the full name, when the card cuts it

        progress = ui.progress(view.con, view.version, view.city, view.fiscal, year)
        grid = ui.coverage_grid(view.con, view.version, view.city, view.fiscal)
        framework = load_framework()
        indicators = load_indicators()
        cards = area_cards(framework, indicators, progress, grid, year, view.lang)
        st.plotly_chart(charts.framework_picture(cards, framework_parts(framework, view.lang), view.lang),
                        width="stretch")
        st.caption(view.t("framework_caption"))
        legend = st.columns(3)
        for part, column in zip(framework.parts, legend):
            column.markdown(f"**{part.name(view.lang)}**  \n" + "  \n".join(
                f"{a.code} {a.name(view.lang)}" for a in framework.areas_of(part.code)))

        st.subheader(view.t("trend_per_area"))
        chosen = {}
        for area in framework.areas:
            own = [i for i in indicators if i.areas[0] == area.code and not i.base] or \
                  [i for i in indicators if area.code in i.areas]
            chosen[area.code] = own[0]
        for start in range(0, len(framework.areas), 4):
            row = st.columns(4)
            for column, area in zip(row, framework.areas[start:start + 4]):
                indicator = chosen[area.code]
                series = values[values["indicator"] == indicator.code]
                title = f"{area.code} · {indicator.name(view.lang)}"
                if series["value"].notna().any():
                    column.plotly_chart(charts.small_trend(series, title, view.era), width="stretch",
                                        key=f"trend-{area.code}")
                else:
                    column.info(f"{title}: –")


ui.run_page(render)
