"""Districts and groups: compare districts on any indicator; participation by sex, age band and group;
per-capita figures where population statistics exist."""

import streamlit as st

import ui
from indicators.measure.compute import disaggregate
from indicators.measure.definitions import load_indicators
from indicators.present import chart_data, charts
from indicators.present.i18n import format_number


def render(view: ui.View) -> None:
    if not ui.empty_state(view):
        indicators = [i for i in load_indicators() if "district" in i.disaggregations]
        values = view.values()
        st.subheader(view.t("compare_districts"))
        code = st.selectbox(view.t("indicator"), [i.code for i in indicators], key="district_indicator",
                            format_func=lambda c: next(i.name(view.lang) for i in indicators if i.code == c))
        indicator = next(i for i in indicators if i.code == code)
        by_district = values[(values["indicator"] == code) & values["district"].notna() & values["value"].notna()].copy()
        if by_district.empty:
            st.info(view.t("empty_chart", needs=view.t("needs_statistics")))
        else:
            name, unit = indicator.name(view.lang), indicator.unit(view.lang)
            by_district["year_label"] = by_district["year"].map(view.year)
            ui.chart_block(view, charts.bars(by_district, "district", "value", name, view.t("district"), unit,
                                             colour="year_label"),
                           summary=chart_data.district_summary(by_district, name, view.lang, view.era),
                           table=chart_data.district_table(by_district, view.lang, view.era), rows=by_district,
                           name=f"{view.city}-{code}-districts", key="districts-chart", title=name)

        year = view.latest_year
        labels = {k: view.t(k) for k in ("female", "male", "older_adults", "disability", "ethnic_minority", "migrant",
                                         "low_income")}
        left, right = st.columns(2)
        for column, dimension, title in ((left, "sex", "by_sex"), (right, "age", "by_age")):
            frame = disaggregate(view.con, view.city, dimension, fiscal=view.fiscal, by_district=view.district is not None)
            if view.district is not None:
                frame = frame[frame["district"] == view.district]
            frame = frame[frame["year"].between(*view.years)]
            if frame.empty:
                column.info(view.t("empty_chart", needs=view.t("needs_participation")))
                continue
            frame["category"] = frame["category"].map(lambda c: labels.get(c, c))
            category_chart(view, frame, view.t(title), f"{view.city}-{dimension}", column)
        groups = disaggregate(view.con, view.city, "group", fiscal=view.fiscal)
        groups = groups[groups["year"].between(*view.years)]
        if not groups.empty:
            groups["category"] = groups["category"].map(lambda c: labels.get(c, c))
            category_chart(view, groups, view.t("by_group"), f"{view.city}-group", st.container())

        ui.full_data_buttons(view)
        st.subheader(view.t("per_capita") + f" · {view.year(year)}")
        per_capita = [i for i in indicators if i.denominator and i.denominator.table == "statistics"]
        table = values[values["indicator"].isin([i.code for i in per_capita]) & (values["year"] == year)
                       & values["district"].notna()]
        if table.empty:
            st.info(view.t("empty_chart", needs=view.t("needs_statistics")))
        else:
            names = ui.indicator_names(view.lang)
            pivot = table.pivot(index="district", columns="indicator", values="value").rename(columns=names)
            pivot.index.name = view.t("district")
            pivot.columns.name = None
            st.dataframe(pivot.map(lambda v: format_number(v, decimals=1)), width="stretch")


def category_chart(view: ui.View, frame, title: str, name: str, container) -> None:
    """Participants per year by sex, age band or group, with its table and downloads."""
    figure = charts.year_bars(frame, "category", title, view.t("participants"), view.lang, view.era, view.fiscal)
    ui.chart_block(view, figure, summary=chart_data.category_summary(frame, title, view.lang, view.era),
                   table=chart_data.category_table(frame, view.lang, view.era), name=name, key=f"chart-{name}",
                   container=container, title=title, indicators=["participants"])


ui.run_page(render)
