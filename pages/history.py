"""History and users: every upload with its file hash (admins roll one back with a click), the audit
log of who changed what, and — for admins — the accounts."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

import ui
from indicators import actions, store
from indicators.base.errors import LearningCityError
from indicators.present.audit_text import describe_detail
from indicators.present.stored_words import person
from indicators.present.years import years_text
from indicators.store import accounts, audit
from indicators.store.accounts import ROLES
from ui import account


def render(view: ui.View) -> None:
    if done := st.session_state.pop("history_done", None):
        st.success(done)
    uploads_section(view)
    audit_section(view)
    users_section(view)


def uploads_section(view: ui.View) -> None:
    st.header(view.t("uploads"))
    uploads = store.list_uploads(view.con, view.city)
    if uploads.empty:
        st.info(view.t("no_uploads"))
        return
    shown = pd.DataFrame({
        "#": uploads["upload_id"],
        view.t("file_name"): uploads["file_name"],
        view.t("source"): uploads["source"].fillna("–").str.replace("_", " "),  # a key, shown as words
        view.t("uploaded_at"): uploads["uploaded_at"].map(lambda at: ui.timestamp(at, view.era)),
        view.t("uploaded_by"): uploads["uploaded_by"].map(lambda name: person(name, view.lang)),
        view.t("status"): uploads["status"].map(lambda s: view.t("upload_status_" + s)),
        view.t("years"): uploads["years"].map(lambda text: years_text(json.loads(text or "[]"), view.era) or "–"),
        view.t("rows_kept"): uploads["rows_kept"],
        "SHA-256": uploads["sha256"].str[:16] + "…",
    })
    st.table(shown.astype(str), hide_index=True)  # wraps: a grid cut the status and the rows at its edge
    live = uploads[uploads["status"] == "committed"]
    if live.empty or not view.actor.can("rollback"):
        st.caption(view.t("rollback_needs_admin"))
        return
    chosen = st.selectbox(view.t("rollback_which"), live["upload_id"].tolist(), key="rollback_choice",
                          format_func=lambda i: f"{i} · {live.set_index('upload_id').at[i, 'file_name']}")
    dependents = dependents_of(view, int(chosen))
    if dependents:  # said before the click: these go too, or nothing does
        names = uploads.set_index("upload_id")["file_name"]
        st.warning(view.t("rollback_dependents", id=chosen,
                          ids=", ".join(f"{d} ({ui.plain(names.get(d, '?'))})" for d in dependents)))
    label = view.t("rollback_with_dependents", ids=", ".join(map(str, dependents))) if dependents else view.t("rollback")
    if st.button(label, key="rollback_button"):
        st.session_state["rollback_asked"] = int(chosen)  # asked first: a rollback changes every figure
    asked = st.session_state.get("rollback_asked")
    if asked is None or asked not in live["upload_id"].tolist():
        return
    name = live.set_index("upload_id").at[asked, "file_name"]
    st.warning(view.t("rollback_confirm_question", id=asked, name=ui.plain(name)))
    confirm, cancel = st.columns(2)
    if cancel.button(view.t("rollback_cancel"), key="rollback_cancel"):
        st.session_state.pop("rollback_asked", None)
        st.rerun()
    if confirm.button(view.t("rollback_confirm"), key="rollback_confirm", type="primary"):
        st.session_state.pop("rollback_asked", None)
        with_dependents = bool(dependents_of(view, asked))
        try:
            result = actions.rollback(view.con, view.actor, asked, with_dependents=with_dependents)
        except LearningCityError as error:
            st.error(error.message(view.lang))
            return
        done = view.t("rolled_back", id=result["upload_id"], name=result["file_name"], n=result["restored_year_slices"])
        if result["dependents"]:
            done += " " + view.t("rolled_back_dependents", ids=", ".join(map(str, result["dependents"])))
        st.session_state["history_done"] = done
        st.rerun()


def dependents_of(view: ui.View, upload_id: int) -> list[int]:
    """The uploads that link to this one's activities (a trial rollback), once per upload and data version."""
    key = (upload_id, view.version)
    cached = st.session_state.get("rollback_dependents")
    if not cached or cached[0] != key:
        cached = (key, store.dependent_uploads(view.con, upload_id))
        st.session_state["rollback_dependents"] = cached
    return cached[1]


def audit_section(view: ui.View) -> None:
    st.header(view.t("audit_log"))
    entries = audit.entries(view.con, view.city)
    if entries.empty:
        st.caption(view.t("audit_empty"))
        return
    st.table(pd.DataFrame({  # wraps the details, which a grid cut at the column's edge
        view.t("when"): entries["logged_at"].map(lambda at: ui.timestamp(at, view.era)),
        view.t("who"): entries["actor"].map(lambda name: person(name, view.lang)) + " (" + entries["role"].map(lambda r: account.role_name(r, view.lang)) + ")",
        view.t("action"): entries["action"].map(lambda a: view.t("action_" + a) if ui.has_string("action_" + a) else a),
        view.t("what"): entries["target"].fillna("–"),
        view.t("details"): entries["detail"].map(lambda detail: describe_detail(detail, view.lang, view.era)),
    }).astype(str), hide_index=True)


def users_section(view: ui.View) -> None:
    if not view.actor.can("manage_users"):
        return
    st.header(view.t("users"))
    users = accounts.list_users(view.con)
    st.dataframe(pd.DataFrame({
        view.t("user_name"): users["name"],
        view.t("role"): users["role"].map(lambda r: account.role_name(r, view.lang)),
        view.t("user_email"): users["email"].fillna("–"),
        view.t("user_created_at"): users["created_at"].map(lambda at: ui.timestamp(at, view.era)),
        view.t("user_created_by"): users["created_by"].fillna("–"),
        view.t("user_state"): users["disabled"].map(lambda off: view.t("user_disabled" if off else "user_active")),
    }), hide_index=True, width="stretch")
    with st.form("add_user"):
        st.markdown(f"**{view.t('add_user')}**")
        left, middle, right = st.columns(3)
        name = left.text_input(view.t("user_name"), key="new_user_name")
        role = middle.selectbox(view.t("role"), ROLES, key="new_user_role",
                                format_func=lambda r: account.role_name(r, view.lang))
        password = right.text_input(view.t("password"), type="password", key="new_user_password")
        if st.form_submit_button(view.t("save")):
            try:
                actions.add_user(view.con, view.actor, name.strip(), role, password)
            except LearningCityError as error:
                st.error(error.message(view.lang))
                return
            st.session_state["history_done"] = view.t("user_saved", name=name.strip())
            st.rerun()


ui.run_page(render)
