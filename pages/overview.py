"""Overview: headline figures of the chosen year against the year before, the framework picture
coloured by each area's status, and a small trend per area."""

import pandas as pd
import streamlit as st

import ui
from indicators.config.framework import load_framework
from indicators.measure.changes import headline_figures
from indicators.measure.definitions import load_indicators
from indicators.present import chart_data
from indicators.present.emblem import emblem
from indicators.present.exports.context import area_cards, framework_parts
from indicators.present.i18n import format_number
from indicators.present.sparklines import sparkline_grid
from indicators.present.years import months_text, period_name

HEADLINE = ["activities", "participants", "learning_hours", "women_share", "older_share"]


def render(view: ui.View) -> None:
    if not ui.empty_state(view):
        values = view.values_for_district()
        names = ui.indicator_names(view.lang)
        units = {i.code: i.unit(view.lang) for i in load_indicators()}
        percent = {i.code for i in load_indicators() if i.unit_en == "%"}
        year = view.headline_year
        title = view.t("headline_for", year=period_name(year, view.lang, view.era, view.fiscal, thai_word=True))
        if year in view.partial:
            title += f" ({view.t('incomplete_mark')}: {months_text(view.partial[year], view.lang, view.era)})"
        st.subheader(title + (f" · {ui.plain(view.district)}" if view.district else ""))
        figures = headline_figures(values, HEADLINE, year, view.left_out).set_index("indicator")
        columns = st.columns(len(HEADLINE))
        for column, code in zip(columns, HEADLINE):
            row = figures.loc[code]
            missing = row["value"] is None or pd.isna(row["value"])
            shown = "–" if missing else format_number(row["value"]) + (" %" if code in percent else "")
            change = None if pd.isna(row["change"]) else ("+" if row["change"] > 0 else "") + format_number(row["change"])
            with column.container(border=True):
                # the label above the figure, whole: a metric's own label is cut at the card's width
                st.markdown(f"**{ui.plain(names[code])}**", help=f"{names[code]} ({units[code]})")
                st.metric(names[code], shown, delta=change, label_visibility="collapsed",
                          delta_color="off")  # the arrow and sign say the direction; colour adds nothing alone
                if change is not None:  # under the card, where it wraps (beside the change it was cut)
                    st.caption(view.t("change_from", year=view.year(row["previous_year"])))
                if missing:
                    st.caption(view.t("no_value_this_year", year=view.year(year)))

        progress = view.progress()
        grid = ui.coverage_grid(view.con, view.version, view.city, view.fiscal)
        framework = load_framework()
        indicators = load_indicators()
        cards = area_cards(framework, indicators, progress, grid, year, view.lang)
        summary = chart_data.framework_summary(cards, view.year(year), view.lang)
        ui.html_block(view, emblem(cards, framework_parts(framework, view.lang), view.lang, summary),
                      table=chart_data.framework_table(cards, view.lang), name=f"{view.city}-framework")
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
        partial = [y for y in view.partial if view.years[0] <= y <= view.years[1]]
        panels = []
        for area in framework.areas:
            indicator = chosen[area.code]
            series = values[(values["indicator"] == indicator.code) & values["value"].notna()]
            panels.append((area.code, indicator.name(view.lang), indicator.unit(view.lang), series))
        # plain SVG small trends: twelve Plotly charts kept a new visitor's browser busy for seconds
        rows = pd.concat([series for *_, series in panels], ignore_index=True)
        markup = sparkline_grid(
            [(f"{code} · {name}", chart_data.trend_summary(series, name, unit, view.lang, view.era, partial), series)
             for code, name, unit, series in panels], view.years, view.era, view.lang, partial)
        ui.html_block(view, markup, table=chart_data.grid_table(panels, view.lang, view.era, partial), rows=rows,
                     name=f"{view.city}-trends")
        ui.full_data_buttons(view)


ui.run_page(render)
