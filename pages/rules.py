"""Rules and targets: the category → area table and the keyword rules that map activities to the Key
Features (researchers edit them; a preview shows how many activities each area gains and loses before
anything is saved; each save is a new version), the indicator targets with their yearly milestones
(admins), the chart notes and series breaks, and the validation rules (researchers)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from indicators import actions, mapping
from indicators.base.errors import LearningCityError
from indicators.base.thai import BE_OFFSET
from indicators.config.framework import load_framework
from indicators.measure.definitions import load_indicators
from indicators.measure.milestones import milestones_text, parse_milestones, stored_milestones
from indicators.measure.progress import load_targets
from indicators.present.stored_words import person
from ui import account, notes, quality


def render(view: ui.View) -> None:
    if ui.empty_state(view):
        return
    if done := st.session_state.pop("rules_done", None):
        st.success(done)
    rules_section(view)
    targets_section(view)
    notes.notes_section(view)
    quality.rules_section(view)


def rules_section(view: ui.View) -> None:
    st.header(view.t("mapping_rules"))
    st.caption(view.t("mapping_rules_help"))
    editable = view.actor.can("edit_mapping")
    areas = ui.area_names(view.lang)
    area_column = st.column_config.SelectboxColumn(view.t("area"), options=list(load_framework().area_codes),
                                                   required=True)
    categories = mapping.category_table_for(view.con, view.city)[["category", "area_code", "feature_code"]]
    keywords = mapping.keyword_rules_for(view.con, view.city)[["keyword", "area_code", "feature_code", "language"]]
    left, right = st.columns(2)
    with left:
        new_categories = rule_editor(view, categories, "category_table", "category", editable, area_column)
    with right:
        new_keywords = rule_editor(view, keywords, "keyword_rules", "keyword", editable, area_column, {
            "language": st.column_config.SelectboxColumn(view.t("language"), options=["th", "en"],
                                                         format_func={"th": "ไทย", "en": "English"}.get)})
    if not account.allowed(view, "edit_mapping"):
        return
    changed = not _same(categories, new_categories) or not _same(keywords, new_keywords)
    if not changed:
        st.caption(view.t("rules_unchanged"))
        return
    try:
        moves = mapping.preview_rule_change(view.con, view.city, new_categories, new_keywords)
    except ValueError as error:
        st.error(view.t("rules_invalid", detail=str(error)))
        return
    st.subheader(view.t("rules_preview"))
    moved = moves[(moves["gained"] > 0) | (moves["lost"] > 0)]
    if moved.empty:
        st.caption(view.t("rules_move_nothing"))
    else:
        st.dataframe(pd.DataFrame({
            view.t("area"): moved["area_code"].map(lambda c: f"{c} {areas[c]}"),
            view.t("before"): moved["before"], view.t("after"): moved["after"],
            view.t("gained"): moved["gained"], view.t("lost"): moved["lost"]}), hide_index=True, width="stretch")
    if st.button(view.t("save_rules"), type="primary", key="save_rules"):
        try:
            detail = actions.save_mapping_rules(view.con, view.actor, view.city, new_categories, new_keywords)
        except (LearningCityError, ValueError) as error:
            st.error(error.message(view.lang) if isinstance(error, LearningCityError) else str(error))
            return
        st.session_state["rules_done"] = view.t("rules_saved", gained=detail["gained"], lost=detail["lost"])
        st.rerun()


def rule_editor(view: ui.View, rules: pd.DataFrame, title: str, text_column: str, editable: bool, area_column,
                extra: dict | None = None) -> pd.DataFrame:
    st.subheader(view.t(title))
    return st.data_editor(
        rules, num_rows="dynamic" if editable else "fixed", disabled=not editable, hide_index=True,
        key=f"{text_column}_editor", width="stretch", placeholder="–",  # an empty feature code, not "None"
        column_config={text_column: st.column_config.TextColumn(view.t(text_column), required=True),
                       "area_code": area_column, "feature_code": st.column_config.TextColumn(view.t("feature")),
                       **(extra or {})})


def _same(before: pd.DataFrame, after: pd.DataFrame) -> bool:
    def canonical(frame):
        return sorted(tuple("" if pd.isna(v) else str(v).strip() for v in row)
                      for row in frame.itertuples(index=False))
    return canonical(before) == canonical(after)


def targets_section(view: ui.View) -> None:
    st.header(view.t("targets"))
    names = ui.indicator_names(view.lang)
    targets = load_targets(view.con, view.city)
    if targets.empty:
        st.caption(view.t("no_targets"))
    else:
        st.dataframe(pd.DataFrame({
            view.t("indicator"): targets["indicator"].map(names),
            view.t("target_value"): targets["target_value"].map(ui.number),
            view.t("target_year"): targets["target_year"].map(view.year),
            view.t("base_year"): targets["base_year"].map(lambda y: view.year(y) if pd.notna(y) else "–"),
            view.t("milestones"): targets["milestones"].map(
                lambda m: milestones_text(stored_milestones(m), view.year, ui.number) or "–"),
            view.t("who"): targets["updated_by"].map(lambda name: person(name, view.lang)),
        }), hide_index=True, width="stretch")
    if not view.actor.can("edit_targets"):
        st.caption(view.t("targets_need_admin"))
        return
    with st.form("target_form"):
        codes = [i.code for i in load_indicators()]
        left, middle, right, far = st.columns(4)
        indicator = left.selectbox(view.t("indicator"), codes, format_func=names.get, key="target_indicator")
        value = middle.number_input(view.t("target_value"), min_value=0.0, step=1.0, key="target_value")
        offset = BE_OFFSET if view.era == "be" else 0  # years typed as displayed (พ.ศ. or CE)
        target_year = right.number_input(view.t("target_year"), min_value=2000 + offset, max_value=2100 + offset,
                                         value=view.years[1] + 3 + offset, step=1, key="target_year")
        base_year = far.number_input(view.t("base_year"), min_value=2000 + offset, max_value=2100 + offset,
                                     value=view.years[0] + offset, step=1, key="target_base_year")
        milestones = st.text_input(view.t("milestones_input"), help=view.t("milestones_help"),
                                   placeholder=f"{view.years[1] + 1 + offset}: …", key="target_milestones")
        if st.form_submit_button(view.t("save")):
            try:
                actions.save_target(view.con, view.actor, view.city, indicator, float(value),
                                    int(target_year) - offset, int(base_year) - offset, parse_milestones(milestones))
            except LearningCityError as error:
                st.error(error.message(view.lang))
                return
            st.session_state["rules_done"] = view.t("target_saved", name=names[indicator])
            st.rerun()


ui.run_page(render)
