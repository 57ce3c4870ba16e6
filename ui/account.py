"""Who is using the app: single sign-on (st.login, when [auth] is configured in secrets and can work) or a
local account (indicators/store/accounts.py); everyone else is a viewer. Write pages call `allowed` first,
which explains what is needed instead of showing a control the user may not use. The engine reads the
role from the database and checks it again on every write (indicators/actions.py), so hiding a control is
a courtesy, not the guard — and the box here shows the role the database holds now, not the one the
session signed in with.

Local sign-in is throttled in the database, per account and per client address (store/sign_in.py): a
reload or a restart does not reset it. An [auth] section that cannot work (Authlib not installed, keys
missing) does not take the sign-in away: the local form stays, with a note saying what is missing."""

from __future__ import annotations

import importlib.util
import logging

import streamlit as st

from indicators.present.i18n import t
from indicators.store import accounts, sign_in
from indicators.store.accounts import ANONYMOUS, ROLE_WORDS, Actor

log = logging.getLogger("learning_city.account")
AUTH_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


def _auth_section() -> dict | None:
    """The [auth] section of secrets, or None; a missing or unreadable secrets file simply means none."""
    try:
        return dict(st.secrets["auth"]) if "auth" in st.secrets else None
    except Exception:  # no secrets.toml, or an unreadable one
        return None


def authlib_installed() -> bool:
    """st.login needs Authlib, which Streamlit does not install by itself."""
    return importlib.util.find_spec("authlib") is not None


def sso_missing() -> list[str]:
    """What single sign-on configured in [auth] lacks to work: Authlib, or keys. Empty when it can work."""
    section = _auth_section() or {}
    missing = [] if authlib_installed() else ["Authlib (pip install \"streamlit[auth]\")"]
    missing += [key for key in AUTH_KEYS if not section.get(key)]
    providers = [section, *(value for value in section.values() if isinstance(value, dict))]
    if not any(all(provider.get(key) for key in PROVIDER_KEYS) for provider in providers):
        missing += [key for key in PROVIDER_KEYS if not section.get(key)]
    return missing


def sso_configured() -> bool:
    """True when [auth] is in secrets and has what it needs; otherwise local sign-in is used."""
    return _auth_section() is not None and not sso_missing()


def current_actor(con) -> Actor:
    """Who is signed in, with the role the database holds now (a disabled account signs out)."""
    if sso_configured():
        try:
            if st.user.is_logged_in:
                return accounts.actor_for_email(con, st.user.get("email"), st.user.get("name"))
        except Exception:  # a provider misconfiguration must not take the dashboard down
            log.warning("single sign-on state unavailable", exc_info=False)
    actor = st.session_state.get("actor", ANONYMOUS)
    if actor is ANONYMOUS or actor.via == "none":
        return ANONYMOUS
    if accounts.is_disabled(con, actor.name):
        st.session_state.pop("actor", None)
        return ANONYMOUS
    return accounts.current(con, actor)


def role_name(role: str, lang: str) -> str:
    return ROLE_WORDS.get(role, role) if lang == "th" else role


def _client_address() -> str | None:
    """The client's address as the server saw it (None when not served over a web connection)."""
    try:
        address = st.context.ip_address
    except Exception:  # bare mode
        return None
    return address if isinstance(address, str) else None


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
    if _auth_section() is not None:  # configured but cannot work: say so, keep the local form
        missing = ", ".join(sso_missing())
        box.caption(t("sso_unavailable", lang, missing=missing))
        log.warning("single sign-on configured but unavailable; missing: %s", missing)
    if not accounts.has_accounts(con):
        box.caption(t("viewing_only", lang))
        return actor
    with box.form("sign_in", border=False):
        name = st.text_input(t("user_name", "bi"), key="_login_name")
        password = st.text_input(t("password", "bi"), type="password", key="_login_password")
        submitted = st.form_submit_button(t("sign_in", "bi"))
    if submitted:
        result = sign_in.sign_in(con, name.strip(), password, client=_client_address())
        if result.actor is None:
            box.error(result.message(lang))
            log.info("failed sign-in for %r", name)  # the name only, never the password
            return actor
        st.session_state["actor"] = result.actor
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
