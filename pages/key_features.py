"""Key Features: one area of focus at a time — each indicator's trend with its target, status in words
and symbol, method and source, the data behind the chart, and the activities that evidence the area."""

import streamlit as st

import ui
from indicators.config.framework import load_framework
from indicators.measure.definitions import load_indicators
from indicators.measure.milestones import milestones_text, stored_milestones
from indicators.measure.progress import load_targets
from indicators.present import chart_data, charts, reference_lines
from indicators.present.chart_notes import note_lines
from indicators.present.i18n import format_number, status_text
from indicators.present.years import range_text, status_heading
from indicators.store.annotations import load_notes, notes_on_chart


def render(view: ui.View) -> None:
    if not ui.empty_state(view):
        framework = load_framework()
        area_code = st.selectbox(view.t("choose_area"), framework.area_codes, key="area",
                                 format_func=lambda c: f"{c} · {framework.area(c).name(view.lang)}")
        area = framework.area(area_code)
        own = " *" if view.lang == "th" and area.name_th_own_translation else ""
        st.header(f"{area.code} {area.name(view.lang)}{own}")
        with st.expander(view.t("provisional_features")):
            for feature in area.features:
                st.markdown(f"- `{feature.code}` {feature.name(view.lang)}" + (" *" if view.lang == "th" else ""))
            st.caption(framework.provisional_note(view.lang) + ("  \n" + view.t("own_translation") if view.lang == "th" else ""))

        values = view.values_for_district()
        progress = view.progress().set_index("indicator")
        targets = load_targets(view.con, view.city).set_index("indicator")
        notes = load_notes(view.con, view.city, years=view.years)
        needs = {"activities": "needs_activities", "participation": "needs_participation", "outcomes": "needs_outcomes",
                 "statistics": "needs_statistics"}
        partial = [y for y in view.partial if view.years[0] <= y <= view.years[1]]
        references = ui.references(view.con, view.version, view.city)
        for indicator in [i for i in load_indicators() if area.code in i.areas]:
            st.divider()
            series = values[(values["indicator"] == indicator.code) & values["value"].notna()]
            row = progress.loc[indicator.code]
            st.subheader(indicator.name(view.lang))
            st.markdown(f"**{status_heading(row['base_year'], row['year'], view.lang, view.era)}:** "
                        f"{status_text(row['status'], view.lang)}")
            target, milestones = None, {}
            if indicator.code in targets.index and view.district is None:
                target_row = targets.loc[indicator.code]
                target = (float(target_row["target_value"]), int(target_row["target_year"]))
                milestones = stored_milestones(target_row["milestones"])
            on_chart = notes_on_chart(notes, indicator.code)
            if series.empty:
                tables = {indicator.numerator.table} | ({indicator.denominator.table} if indicator.denominator else set())
                st.info(view.t("empty_chart", needs=", ".join(view.t(needs[x]) for x in sorted(tables))))
            target_text = view.t("target_line", value=format_number(target[0]), year=view.year(target[1])) \
                if target else view.t("no_target")
            if milestones:
                target_text += " · " + view.t("milestones_line", text=milestones_text(milestones, view.year, format_number))
            if not series.empty:
                name, unit = indicator.name(view.lang), indicator.unit(view.lang)
                figure = charts.trend(series, name, unit, view.lang, view.era, view.fiscal, target, partial=partial,
                                      show_title=False, notes=on_chart, milestones=milestones)  # the subheader names it
                own = references[references["indicator"] == indicator.code]
                reference_lines.add_references(figure, own, view.lang, view.era, view.years)
                summary = chart_data.trend_summary(series, name, unit, view.lang, view.era, partial,
                                                   target_text if target else None, view.partial_notes())
                ui.chart_block(view, figure, rows=series, name=f"{view.city}-{indicator.code}",
                               key=f"chart-{indicator.code}",
                               summary=f"{summary} {reference_lines.reference_sentence(own, view.lang, view.era, view.years)}".strip(),
                               table=reference_lines.add_reference_columns(
                                   chart_data.trend_table(series, view.lang, view.era, partial,
                                                          indicator.denominator is not None),
                                   own, view.lang, view.era, view.years))
            st.caption(f"**{view.t('method')}:** {indicator.method(view.lang)}  \n**{view.t('source')}:** "
                       f"{indicator.source(view.lang)}  \n" + target_text
                       + "".join(f"  \n{ui.plain(line)}" for line in note_lines(on_chart, view.lang, view.era)))
        ui.full_data_buttons(view)

        st.divider()
        st.subheader(view.t("evidencing_activities"))
        # counted over the chosen years only, as every figure above
        evidence = ui.area_activities(view.con, view.version, view.city, area.code, view.fiscal, view.years)
        if evidence.empty:
            st.info(view.t("unmapped_help"))
        else:
            evidence["why"] = [f"{view.t('rule_' + r)}: {d}" for r, d in zip(evidence["rule"], evidence["rule_detail"])]
            evidence["years"] = [range_text(a, b, view.era) for a, b in zip(evidence["first_year"], evidence["last_year"])]
            evidence[["title", "category"]] = evidence[["title", "category"]].fillna("–")  # not a raw "None"
            st.dataframe(evidence[["title", "category", "why", "events", "participants", "years"]].rename(columns={
                "title": view.t("title"), "category": view.t("category"), "why": view.t("mapping_reason"),
                "events": view.t("events"), "participants": view.t("participants"), "years": view.t("years")}),
                hide_index=True, width="stretch",
                # thousands separators as on the cards (3,060), the column still sorting as numbers
                column_config={view.t(c): st.column_config.NumberColumn(format="localized")
                               for c in ("events", "participants")})


ui.run_page(render)
