"""District map: any indicator by district on the city's own boundaries (uploaded here as GeoJSON), or on
the amphoe shipped with the app; every name matched to a shape is shown with how, and every one that did
not match is listed."""

import pandas as pd
import streamlit as st

import ui
from indicators import actions
from indicators.base.errors import LearningCityError
from indicators.measure.definitions import load_indicators
from indicators.present import maps
from indicators.present.place_match import match_districts
from indicators.read.geojson import read_boundaries
from indicators.store.boundaries import LEVELS, city_boundaries


def render(view: ui.View) -> None:
    if ui.empty_state(view):
        return
    indicators = {i.code: i for i in load_indicators() if "district" in i.disaggregations}
    values = view.values()
    values = values[values["indicator"].isin(list(indicators)) & values["district"].notna() & values["value"].notna()]
    left, right = st.columns([3, 1])
    code = left.selectbox(view.t("map_indicator"), list(indicators), key="map_indicator",
                          format_func=lambda c: indicators[c].name(view.lang))
    indicator = indicators[code]
    years = sorted(int(y) for y in values.loc[values["indicator"] == code, "year"].unique())
    shapes = city_boundaries(view.con, view.city)
    if not years:
        right.empty()
        st.info(view.t("map_no_district_values", year=view.year(view.headline_year)))
        boundary_upload(view, shapes, [])
        return
    default = view.headline_year if view.headline_year in years else years[-1]
    year = right.selectbox(view.t("map_year"), years, index=years.index(default), key="map_year", format_func=view.year)
    rows = values[(values["indicator"] == code) & (values["year"] == year)]
    drawn = maps.prepare(rows, shapes, view.lang)
    report = drawn["report"]
    if report.matched == 0:
        st.warning(view.t("map_nothing_matched"))
    else:
        name, unit = indicator.name(view.lang), indicator.unit(view.lang)
        table = maps.map_rows(rows, drawn["features"], report, drawn["label_property"])
        title = view.t("map_title", name=name, year=view.year(year))
        ui.chart_block(view, maps.district_map(drawn["features"], table, title, unit, view.lang),
                       summary=maps.map_summary(table, name, view.year(year), view.lang),
                       table=table.rename(columns={"shape": view.t("map_shape_name"), "district": view.t("map_data_name"),
                                                   "value": f"{name} ({unit})"}),
                       name=f"{view.city}-{code}-map-{year}", key="district-map", title=title, indicators=[code])
    source_lines(view, drawn, shapes)
    match_report(view, drawn)
    boundary_upload(view, shapes, sorted(rows["district"].unique()))


def source_lines(view: ui.View, drawn: dict, shapes: dict | None) -> None:
    if drawn["source"] == "city":
        st.caption(view.t("map_boundaries_city", file=shapes["file_name"] or "–", version=shapes["version"],
                          level=view.t(f"level_{shapes['level']}"))
                   + (" " + view.t("map_sample_shapes") if view.is_sample else ""))
    else:
        st.caption(view.t("map_boundaries_shipped", provinces=", ".join(drawn["provinces"]) or "–") + "  \n"
                   + view.t("map_credit"))


def match_report(view: ui.View, drawn: dict) -> None:
    report, features, prop = drawn["report"], drawn["features"], drawn["label_property"]
    districts = report.matched + len(report.unmatched_districts)
    st.markdown(f"**{view.t('map_match_report', matched=report.matched, districts=districts)}**")
    if report.unmatched_districts:
        st.warning(view.t("map_unmatched_data", names=", ".join(ui.plain(d) for d in report.unmatched_districts)))
    if report.unmatched_features and len(report.unmatched_features) <= 60:
        st.caption(view.t("map_unmatched_shapes", names=", ".join(
            ui.plain(features[i]["properties"].get(prop, "")) for i in report.unmatched_features)))
    if report.matches:
        with st.expander(view.t("map_matched_how")):
            st.table(pd.DataFrame({
                view.t("map_data_name"): list(report.matches),
                view.t("map_shape_name"): [features[i]["properties"].get(prop, "") for i in report.matches.values()],
                view.t("map_how"): [view.t(f"map_how_{report.how[d]}") for d in report.matches]}), hide_index=True)


def boundary_upload(view: ui.View, shapes: dict | None, districts: list[str]) -> None:
    """A researcher or admin gives the city's own boundaries: read and checked, the name property chosen
    (the one matching most districts first), saved as the city's next version."""
    with st.expander(view.t("map_upload"), expanded=shapes is None and view.is_sample is False):
        if not view.actor.can("upload_boundaries"):
            st.info(view.t("map_sign_in"))
            return
        st.caption(view.t("map_upload_help"))
        upload = st.file_uploader(view.t("map_upload"), type=["geojson", "json"], key="map_upload_file",
                                  label_visibility="collapsed")
        if upload is None:
            return
        try:
            read = read_boundaries(upload.getvalue())
        except LearningCityError as error:
            st.error(error.message(view.lang))
            return
        reports = {p: match_districts(districts, read.features, p) for p in read.name_properties}
        matches = {p: r.matched for p, r in reports.items()}
        direct = {p: sum(how != "english" for how in r.how.values()) for p, r in reports.items()}
        ordered = sorted(read.name_properties, key=lambda p: (-matches[p], -direct[p]))  # on its own names first
        left, right = st.columns(2)
        prop = left.selectbox(view.t("map_name_property"), ordered, key="map_name_property")
        level = right.selectbox(view.t("map_level"), LEVELS, key="map_level",
                                format_func=lambda lv: view.t(f"level_{lv}"))
        st.caption(view.t("map_preview_match", matched=matches[prop], districts=len(districts)))
        if st.button(view.t("map_save", city=view.city), key="map_save", type="primary"):
            try:
                version = actions.save_boundaries(view.con, view.actor, view.city, level, prop, read, upload.name)
            except LearningCityError as error:
                st.error(error.message(view.lang))
                return
            st.session_state["_map_saved"] = version
            st.rerun()  # draw the map on the new shapes
        if (saved := st.session_state.pop("_map_saved", None)) is not None:
            st.success(view.t("map_saved", version=saved))


ui.run_page(render)
