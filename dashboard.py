"""The dashboard's frame: page setup, sidebar choices, navigation; each page in pages/ is thin.

Run: streamlit run dashboard.py  (loads the synthetic sample city into an empty database)
"""

from __future__ import annotations

import logging

import streamlit as st

from indicators.i18n import t

st.set_page_config(page_title="Learning City Dashboard · แดชบอร์ดเมืองแห่งการเรียนรู้", page_icon="📚", layout="wide")

import ui  # noqa: E402  (after set_page_config: ui opens the database with Streamlit caching)

PAGES = [
    ("pages/overview.py", "page_overview", "🏠", "overview"),
    ("pages/key_features.py", "page_key_features", "🏛️", "key-features"),
    ("pages/districts.py", "page_districts", "🗺️", "districts"),
    ("pages/data_quality.py", "page_data_quality", "🔎", "data-quality"),
    ("pages/cities.py", "page_cities", "🌏", "cities"),
    ("pages/methodology.py", "page_methodology", "📐", "methodology"),
]

view = ui.sidebar()
st.session_state["view"] = view
pages = [st.Page(path, title=t(key, view.lang), icon=icon, url_path=slug, default=i == 0)
         for i, (path, key, icon, slug) in enumerate(PAGES)]
current = st.navigation(pages)
st.title(t("app_title", view.lang))
st.caption(t("app_subtitle", view.lang))
ui.sample_banner(view)
try:
    current.run()
except Exception as error:  # no raw traceback ever reaches a user
    if type(error).__name__ in ("StopException", "RerunException"):
        raise
    logging.getLogger("learning_city").exception("page %s failed", current.title)
    st.error(t("error_page", view.lang))
