"""Districts and groups: compare districts on any indicator; participation by sex, age band and group;
per-capita figures where population statistics exist."""

import streamlit as st

import ui
from indicators.measure.compute import disaggregate
from indicators.measure.definitions import load_indicators
from indicators.present import charts
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
            by_district["year_label"] = by_district["year"].map(view.year)
            st.plotly_chart(charts.bars(by_district, "district", "value", indicator.name(view.lang), view.t("district"),
                                        indicator.unit(view.lang), colour="year_label"), width="stretch")
            ui.download_buttons(view, by_district, f"{view.city}-{code}-districts")

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
            frame["year_label"] = frame["year"].map(view.year)
            column.plotly_chart(charts.bars(frame, "year_label", "value", view.t(title), view.t("year"),
                                            view.t("participants"), colour="category"), width="stretch")
        groups = disaggregate(view.con, view.city, "group", fiscal=view.fiscal)
        groups = groups[groups["year"].between(*view.years)]
        if not groups.empty:
            groups["category"] = groups["category"].map(lambda c: labels.get(c, c))
            groups["year_label"] = groups["year"].map(view.year)
            st.plotly_chart(charts.bars(groups, "year_label", "value", view.t("by_group"), view.t("year"),
                                        view.t("participants"), colour="category"), width="stretch")

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


ui.run_page(render)
