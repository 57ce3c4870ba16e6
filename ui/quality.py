"""Streamlit glue for the validation rules' warnings and the completeness table (engine:
measure/quality_checks.py, measure/completeness.py): cached per data version, drawn as wrapping tables
with words, never codes, for the status and follow-up."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators import actions
from indicators.base.errors import LearningCityError
from indicators.config import read_yaml
from indicators.measure.completeness import REPORTING_FILE, completeness, completeness_summary
from indicators.measure.quality_checks import city_breaches
from indicators.measure.quality_rules import KINDS as RULE_KINDS
from indicators.measure.quality_rules import OPERATORS, load_rules
from indicators.present.label_wrap import with_word_breaks
from indicators.store.followups import STATUSES as FOLLOWUP_STATUSES
from ui import account
from ui.data import values
from ui.view import View, indicator_names, number


@st.cache_data(max_entries=16, show_spinner=False)
def breaches(_con, version: tuple, city: str, fiscal: bool) -> pd.DataFrame:
    return city_breaches(_con, city, fiscal, values(_con, version, city, fiscal))


@st.cache_data(max_entries=16, show_spinner=False, ttl=3600)
def reporting(_con, version: tuple, city: str, fiscal: bool) -> pd.DataFrame:  # noqa: ARG001 (a cache key)
    """Kept an hour at most: a year falls due (or becomes missing) with the date, not with the data."""
    return completeness(_con, city, fiscal)


def _place(view: View, district) -> str:
    """The district, breakable between its Thai words (a narrow column broke "เขตตะวัน/ตก")."""
    return with_word_breaks(district) if isinstance(district, str) else view.t("quality_all_districts")


def warnings_table(view: View, found: pd.DataFrame, with_followup: bool = True) -> None:
    """One row per warning: indicator, year, district, the message in the chosen language, follow-up."""
    names = indicator_names(view.lang)
    message = "message_th" if view.lang == "th" else "message_en"
    table = pd.DataFrame({
        view.t("indicator"): found["indicator"].map(names), view.t("year"): found["year"].map(view.year),
        view.t("district"): found["district"].map(lambda d: _place(view, d)),
        view.t("quality_rule_id"): found["rule_id"], view.t("message"): found[message]})
    if with_followup:
        table[view.t("quality_followup")] = [
            view.t("quality_followup_" + s) + (f" — {n}" if isinstance(n, str) and n else "")
            for s, n in zip(found["status"], found["note"])]
    st.table(table.astype(str), hide_index=True)  # wraps: a grid cut the messages at its edge


def rule_warnings(view: View, found: pd.DataFrame) -> None:
    """At upload: the warnings committing would bring (not a refusal)."""
    if found.empty:
        st.caption(view.t("quality_upload_clean"))
        return
    st.warning(view.t("quality_upload_warnings", n=len(found)))
    warnings_table(view, found, with_followup=False)


def warnings_section(view: View) -> None:
    st.subheader(view.t("quality_warnings"))
    st.caption(view.t("quality_warnings_help"))
    found = breaches(view.con, view.version, view.city, view.fiscal)
    found = found[found["year"].between(*view.years)] if view.years else found
    if found.empty:
        st.success(view.t("quality_no_warnings"))
        return
    warnings_table(view, found)
    if not account.allowed(view, "follow_up_quality"):
        return
    message = "message_th" if view.lang == "th" else "message_en"
    with st.form("followup_form"):
        chosen = st.selectbox(view.t("quality_followup_choose"), list(found.index),
                              format_func=lambda i: f"{view.year(found.at[i, 'year'])} · {found.at[i, message]}",
                              key="followup_warning")
        status = st.radio(view.t("quality_followup"), FOLLOWUP_STATUSES, horizontal=True,
                          format_func=lambda s: view.t("quality_followup_" + s), key="followup_status")
        note = st.text_input(view.t("quality_followup_note"), max_chars=500, key="followup_note")
        submitted = st.form_submit_button(view.t("quality_followup_save"))
        if submitted:
            row = found.loc[chosen]
            try:
                actions.follow_up_warning(view.con, view.actor, view.city, row["rule_id"], row["indicator"],
                                          int(row["year"]), row["district"] if isinstance(row["district"], str) else None,
                                          status, note)
            except LearningCityError as error:
                st.error(error.message(view.lang))
                return
            st.success(view.t("quality_followup_saved"))
            st.rerun()


def completeness_section(view: View) -> None:
    st.subheader(view.t("completeness"))
    days = (read_yaml(REPORTING_FILE) or {}).get("due_days_after_period", 90)
    st.caption(view.t("completeness_help", days=days))
    table = reporting(view.con, view.version, view.city, view.fiscal)
    if table.empty:
        st.info(view.t("completeness_none"))
        return
    summary = completeness_summary(table)
    st.dataframe(pd.DataFrame({
        view.t("completeness_source"): summary["source"], view.t("completeness_expected"): summary["expected"],
        view.t("completeness_on_time"): summary["on_time"], view.t("completeness_late"): summary["late"],
        view.t("completeness_missing"): summary["missing"], view.t("completeness_not_due"): summary["not_due"],
        view.t("completeness_reported_pct"): summary["reported_pct"].map(number)}), hide_index=True, width="stretch")
    # sources × years: each cell the status in words (and how late), never a colour alone
    cells = table.assign(word=[view.t("completeness_" + s) + (
        f" ({view.t('completeness_days_late', days=number(d))})" if s in ("late", "missing") and pd.notna(d) else "")
        for s, d in zip(table["status"], table["days_late"])])
    grid = cells.pivot(index="source", columns="year", values="word").fillna("–")
    grid.columns = [view.year(y) for y in grid.columns]
    st.markdown(f"**{view.t('completeness_by_year')}**")
    st.table(grid.rename_axis(view.t("completeness_source")).reset_index())


def rules_section(view: View) -> None:
    """The city's validation rules as an editable table (researchers); saved as a new version."""
    st.header(view.t("quality_rules"))
    st.caption(view.t("quality_rules_help"))
    rules = load_rules(view.con, view.city)
    editable = view.actor.can("edit_quality_rules")
    edited = st.data_editor(
        rules, num_rows="dynamic" if editable else "fixed", disabled=not editable, hide_index=True,
        key="quality_rules_editor", width="stretch", placeholder="–",
        column_config={
            "rule_id": st.column_config.TextColumn(view.t("quality_rule_id"), required=True),
            "kind": st.column_config.SelectboxColumn(view.t("quality_kind"), options=list(RULE_KINDS), required=True),
            "left_side": st.column_config.TextColumn(view.t("quality_left"), required=True),
            "operator": st.column_config.SelectboxColumn(view.t("quality_operator"), options=list(OPERATORS)),
            "right_side": st.column_config.TextColumn(view.t("quality_right")),
            "minimum": st.column_config.NumberColumn(view.t("quality_minimum")),
            "maximum": st.column_config.NumberColumn(view.t("quality_maximum")),
            "threshold": st.column_config.NumberColumn(view.t("quality_threshold"))})
    if not account.allowed(view, "edit_quality_rules"):
        return
    if st.button(view.t("quality_rules_save"), key="save_quality_rules"):
        try:
            version = actions.save_quality_rules(view.con, view.actor, view.city, edited)
        except LearningCityError as error:
            st.error(error.message(view.lang))
            return
        st.session_state["rules_done"] = view.t("quality_rules_saved", version=version)
        st.rerun()
