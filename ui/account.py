"""Who is using the app: single sign-on (st.login, when [auth] is configured in secrets) or a local
account (indicators/accounts.py); everyone else is a viewer. Write pages call `allowed` first, which
explains what is needed instead of showing a control the user may not use. The engine checks the
role again on every write (indicators/actions.py), so hiding a control is a courtesy, not the guard."""

from __future__ import annotations

import logging

import streamlit as st

from indicators.present.i18n import t
from indicators.store import accounts
from indicators.store.accounts import ANONYMOUS, ROLE_WORDS, Actor

log = logging.getLogger("learning_city.account")
MAX_FAILED_SIGN_INS = 5


def sso_configured() -> bool:
    """True when secrets hold an [auth] section; a missing secrets file simply means no."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets.toml, or an unreadable one: no single sign-on
        return False


def current_actor(con) -> Actor:
    if sso_configured():
        try:
            if st.user.is_logged_in:
                return accounts.actor_for_email(con, st.user.get("email"), st.user.get("name"))
        except Exception:  # a provider misconfiguration must not take the dashboard down
            log.warning("single sign-on state unavailable", exc_info=False)
    return st.session_state.get("actor", ANONYMOUS)


def role_name(role: str, lang: str) -> str:
    return ROLE_WORDS.get(role, role) if lang == "th" else role


def account_box(con, lang: str) -> Actor:
    """The sidebar's sign-in or signed-in box; returns who is using the app."""
    actor = current_actor(con)
    box = st.sidebar.container(border=True)
    if actor is not ANONYMOUS:
        box.caption(t("signed_in_as", lang, name=actor.name, role=role_name(actor.role, lang)))
        if box.button(t("sign_out", "bi"), key="_sign_out"):
            if actor.via == "oidc":
                st.logout()
            st.session_state.pop("actor", None)
            st.rerun()
        return actor
    if sso_configured():
        if box.button(t("sign_in", "bi"), key="_sign_in_sso"):
            st.login()
        return actor
    if not accounts.has_accounts(con):
        box.caption(t("viewing_only", lang))
        return actor
    with box.form("sign_in", border=False):
        name = st.text_input(t("user_name", "bi"), key="_login_name")
        password = st.text_input(t("password", "bi"), type="password", key="_login_password")
        submitted = st.form_submit_button(t("sign_in", "bi"))
    if submitted:
        failures = st.session_state.get("_failed_sign_ins", 0)
        if failures >= MAX_FAILED_SIGN_INS:
            box.error(t("too_many_sign_ins", lang))
            return actor
        signed_in = accounts.authenticate(con, name.strip(), password)
        if signed_in is None:
            st.session_state["_failed_sign_ins"] = failures + 1
            box.error(t("sign_in_failed", lang))
            log.info("failed sign-in for %r", name)  # the name only, never the password
            return actor
        st.session_state["actor"] = signed_in
        st.session_state.pop("_failed_sign_ins", None)
        st.rerun()
    return actor


def allowed(view, action: str) -> bool:
    """May the current user do `action`? If not, the page says why and how to get access."""
    if view.actor.can(action):
        return True
    needed = accounts.NEEDS[action]
    if not accounts.has_accounts(view.con) and not sso_configured():
        st.info(view.t("no_accounts_yet"))
        st.code("python -m indicators users add YOUR_NAME --role admin", language="bash")
    else:
        st.warning(view.t("needs_role", role=role_name(needed, view.lang),
                          current=role_name(view.actor.role, view.lang)))
    return False
