"""The dashboard's frame: page setup and navigation. Each page in pages/ draws the sidebar choices
(language, พ.ศ./CE, calendar/fiscal year, city, years, district) and its body through ui.run_page.

Run: streamlit run dashboard.py  (loads the synthetic sample city into an empty database)
"""

from __future__ import annotations

import streamlit as st

from indicators.present.i18n import t

st.set_page_config(page_title="Learning City Dashboard · แดชบอร์ดเมืองแห่งการเรียนรู้", layout="wide")

PAGES = [
    ("pages/overview.py", "page_overview", "overview"),
    ("pages/key_features.py", "page_key_features", "key-features"),
    ("pages/districts.py", "page_districts", "districts"),
    ("pages/district_map.py", "page_map", "map"),
    ("pages/learning_index.py", "page_index", "index"),
    ("pages/scorecard.py", "page_scorecard", "scorecard"),
    ("pages/data_quality.py", "page_data_quality", "data-quality"),
    ("pages/cities.py", "page_cities", "cities"),
    ("pages/methodology.py", "page_methodology", "methodology"),
    ("pages/indicator.py", "page_indicator", "indicator"),
    ("pages/present.py", "page_present", "present"),
    ("pages/upload.py", "page_upload", "upload"),
    ("pages/rules.py", "page_rules", "rules"),
    ("pages/evidence.py", "page_evidence", "evidence"),
    ("pages/history.py", "page_history", "history"),
]

# The language radio's own state first: it already holds a click that the page has not yet seen, so the
# menu changes language in the same run as the page.
lang = st.session_state.get("_lang") or st.session_state.get("lang", "th")
# No page icons: Streamlit turns a page's icon into the favicon and fetches it from the internet.
pages = [st.Page(path, title=t(key, lang), url_path=slug, default=i == 0)
         for i, (path, key, slug) in enumerate(PAGES)]
navigation = st.navigation(pages, expanded=True)  # every page in the menu: folded, the last five were hidden
st.session_state["_navigation"] = True
if wanted := st.session_state.pop("_wanted_page", None):  # a direct link that arrived before this ran
    st.switch_page(wanted)
navigation.run()
