"""What a visitor chose in the sidebar (language, era, year basis, city, years, district) as a View, and
the frame every page runs in: sidebar, sign-in box, title, sample label, and an error boundary."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from indicators import store
from indicators.base.errors import LearningCityError
from indicators.config.framework import load_framework
from indicators.measure.definitions import load_indicators
from indicators.measure.periods import PartialPeriod
from indicators.present import years as shown_years
from indicators.present.i18n import format_number, format_year, strings, t
from indicators.store.accounts import ANONYMOUS, Actor
from indicators.store.faults import storage_error
from ui import account
from ui.data import connection, partial_periods, progress, values

log = logging.getLogger("learning_city.ui")


@dataclass
class View:
    """What the sidebar chose, plus the connection and the data version."""

    con: object
    version: tuple
    lang: str
    era: str
    fiscal: bool
    city: str | None
    years: tuple[int, int] | None
    district: str | None
    is_sample: bool
    actor: Actor = ANONYMOUS
    partial: dict[int, PartialPeriod] = field(default_factory=dict)  # the city's incomplete periods
    include_partial: bool = False  # count them in status and changes (the visitor asked)

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    def year(self, year) -> str:
        return format_year(year, self.era)

    @property
    def latest_year(self) -> int | None:
        return self.years[1] if self.years else None

    @property
    def headline_year(self) -> int | None:
        """The latest chosen year that is a whole period (unless incomplete ones are asked for)."""
        return shown_years.headline_year(self.years, self.partial, self.include_partial) if self.years else None

    @property
    def left_out(self) -> set[int]:
        """Years left out of status and changes: the incomplete periods, unless asked for."""
        return set() if self.include_partial else set(self.partial)

    def partial_notes(self) -> list[str]:
        """What each incomplete period inside the chosen years holds, e.g. FY 2569: Oct–Dec 2568 only."""
        return [shown_years.partial_note(p, self.lang, self.era) for p in shown_years.partial_in(self.years, self.partial)]

    def years_line(self) -> str:
        """Which years the page covers, its year basis and its incomplete periods (every page says it)."""
        notes = self.partial_notes()
        line = shown_years.coverage_line(self.years, self.lang, self.era, self.fiscal)
        if notes:
            line += " · " + " · ".join(notes) + ". " + self.t("periods_included" if self.include_partial
                                                                else "periods_left_out")
        return line

    def progress(self) -> pd.DataFrame:
        """Each indicator's status over the chosen years (incomplete periods left out unless asked)."""
        return progress(self.con, self.version, self.city, self.fiscal, self.years, self.include_partial)

    def values(self) -> pd.DataFrame:
        frame = values(self.con, self.version, self.city, self.fiscal)
        if self.years:
            frame = frame[frame["year"].between(*self.years)]
        return frame

    def values_for_district(self) -> pd.DataFrame:
        """All-district rows, or the chosen district's rows."""
        frame = self.values()
        return frame[frame["district"].isna()] if self.district is None else frame[frame["district"] == self.district]


def timestamp(at, era: str) -> str:
    """A date and time with the year in the chosen era: 23/11/2569 14:05 (พ.ศ.) or 23/11/2026 14:05."""
    if at is None or pd.isna(at):
        return "–"
    at = pd.Timestamp(at)
    return f"{at:%d/%m}/{format_year(at.year, era)} {at:%H:%M}"


MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """User text (file, sheet, column, district names) for places Streamlit renders as Markdown —
    headers, labels, messages —, escaped so it shows as typed and can never become a link or markup."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def has_string(key: str) -> bool:
    return key in strings()


def number(value) -> str:
    """A value as shown: thousands separators, "–" when missing (NA included)."""
    return format_number(None if pd.isna(value) else float(value))


def indicator_names(lang: str) -> dict[str, str]:
    return {i.code: i.name(lang) for i in load_indicators()}


def area_names(lang: str) -> dict[str, str]:
    return {a.code: a.name(lang) for a in load_framework().areas}


def _remembered(widget, label: str, options: list, name: str, default, slider: bool = False, toggle: bool = False,
                **kwargs):
    """A sidebar widget whose choice survives page switches. Each page draws the sidebar, and Streamlit
    forgets a page's widget state when the user moves to another page, so the choice is kept under
    its own session-state name and handed back as the widget's starting value."""
    state = st.session_state
    current = state.get(name, default)
    if toggle:
        chosen = widget(label, value=bool(current), key=f"_{name}", **kwargs)
    elif slider:
        chosen = widget(label, options=options, value=current, key=f"_{name}", **kwargs)
    else:
        index = options.index(current) if current in options else options.index(default)
        chosen = widget(label, options, index=index, key=f"_{name}", **kwargs)
    state[name] = chosen
    return chosen


# Widgets whose option labels depend on the language or era. Streamlit keeps a keyed widget's choice as
# the label shown when it was made, so after a switch the box would still show the old language.
LABELLED_CHOICES = ("_years", "_city", "area", "district_indicator", "evidence_area", "evidence_year", "present_indicators",
                    "target_indicator", "template_kind", "upload_basis", "new_user_role",
                    "metadata_code", "index_unit", "index_method", "map_indicator", "map_year", "map_level",
                    "upload_level")


def _follow_language_with_era(lang: str) -> None:
    """Years in พ.ศ. for Thai and CE for English, until the visitor picks an era."""
    state = st.session_state
    if "era" in state and not state.get("_era_follows_language"):
        return  # chosen by the visitor (or set by whoever opened the session)
    state["_era_follows_language"] = True
    state["era"] = "ce" if lang == "en" else "be"
    if state.get("_era", state["era"]) != state["era"]:  # the radio shows the other era: move it
        state["_era"] = state["era"]


def _relabel_choices_after_switch(lang: str, era: str) -> None:
    """Writing a choice back into session state makes Streamlit send it again, labelled anew."""
    state = st.session_state
    if state.get("_labels_for", (lang, era)) != (lang, era):
        for key in LABELLED_CHOICES:
            if key in state:
                state[key] = state[key]
    state["_labels_for"] = (lang, era)


def sidebar() -> View:
    """Language, year display, year basis, city, years and district."""
    lang = _remembered(st.sidebar.radio, "ภาษา / Language", ["th", "en"], "lang", "th", horizontal=True,
                       format_func=lambda code: {"th": "ไทย", "en": "English"}[code])
    _follow_language_with_era(lang)
    # Sidebar labels are bilingual and fixed: a widget whose label changes is a new widget to Streamlit.
    era = _remembered(st.sidebar.radio, t("year_display", "bi"), ["be", "ce"], "era", "be", horizontal=True,
                      format_func=lambda e: t("era_be" if e == "be" else "era_ce", "bi"),
                      on_change=lambda: st.session_state.update(_era_follows_language=False))
    _relabel_choices_after_switch(lang, era)
    basis = _remembered(st.sidebar.radio, t("year_basis", "bi"), ["calendar", "fiscal"], "basis", "calendar",
                        format_func=lambda b: t("calendar_year" if b == "calendar" else "fiscal_year", "bi"))
    con = connection()
    version = store.data_version(con)
    cities = store.list_cities(con)
    sample_cities = {c for c in cities if store.is_sample_city(con, c)}
    city = _remembered(st.sidebar.selectbox, t("city", "bi"), cities, "city", cities[0],
                       # one short word in the visitor's language: the bilingual tag was cut at the box's edge
                       format_func=lambda c: f"{c} ({t('sample_tag', lang)})" if c in sample_cities else c) \
        if cities else None
    fiscal = basis == "fiscal"
    years = None
    district = None
    partial: dict = {}
    include_partial = False
    if city:
        all_values = values(con, version, city, fiscal)
        available = sorted(int(y) for y in all_values["year"].unique())
        years = _year_range(available, era)
        partial = partial_periods(con, version, city, fiscal)
        if shown_years.partial_in(years, partial):
            include_partial = _remembered(st.sidebar.toggle, t("include_partial", "bi"), [], "include_partial",
                                          False, toggle=True)
        districts = ["*", *sorted(d for d in all_values["district"].dropna().unique())]
        choice = _remembered(st.sidebar.selectbox, t("district", "bi"), districts, "district", "*",
                             format_func=lambda d: t("all_districts", "bi") if d == "*" else d)
        district = None if choice == "*" else choice
    return View(con=con, version=version, lang=lang, era=era, fiscal=fiscal, city=city, years=years,
                district=district, is_sample=city in sample_cities, partial=partial,
                include_partial=bool(include_partial))


def _year_range(available: list[int], era: str) -> tuple[int, int] | None:
    """The year slider. It shows each city's whole span; only a range the visitor narrowed on purpose is
    kept — on other pages, cities and after uploads — while both its ends are still years with data."""
    if not available:
        return None
    full = (available[0], available[-1])
    if len(available) == 1:
        return full
    state = st.session_state
    # the slider's own state first: it already holds a move the visitor made in this run
    remembered = state.get("_years") or state.get("years")
    years = shown_years.year_range_to_show(available, remembered, state.get("years_narrowed", False))
    if state.get("_years") is not None and tuple(state["_years"]) != years:
        state["_years"] = years  # the widget's own state would keep the old city's range
    state["years"] = years

    def chosen_by_visitor() -> None:
        state["years_narrowed"] = tuple(state["_years"]) != full

    chosen = _remembered(st.sidebar.select_slider, t("years", "bi"), available, "years", full, slider=True,
                         format_func=lambda y: format_year(y, era), on_change=chosen_by_visitor)
    return int(chosen[0]), int(chosen[1])


def run_page(render) -> None:
    """Every page: the sidebar choices, the title, the sample label, then the page body inside an error
    boundary — a failing page shows a bilingual message, never a raw traceback. (Pages set this up
    themselves rather than relying on dashboard.py, so each page also runs on its own, as AppTest does.)"""
    if not st.session_state.get("_navigation"):
        # A direct link (/upload) opened in a fresh server: Streamlit then runs the page file on its own,
        # without dashboard.py's menu and settings. Go through dashboard.py, which opens this page.
        st.session_state["_wanted_page"] = _page_path(render)
        st.switch_page("dashboard.py")
    try:
        view = sidebar()
        view.actor = account.account_box(view.con, view.lang)
        st.title(t("app_title", view.lang))
        st.caption(t("app_subtitle", view.lang))
        sample_banner(view)
        if view.years:
            st.caption(view.years_line())
        render(view)
    except Exception as error:
        if type(error).__name__ in ("StopException", "RerunException"):
            raise
        lang = st.session_state.get("lang", "th")
        known = error if isinstance(error, LearningCityError) else storage_error(error)
        if known is not None:  # a full disk, a damaged or read-only database: what the CLI would say
            log.warning("page stopped: %s", known.message_en)
            st.error(f"{known.message_th}\n\n{known.message_en}")
            return
        log.exception("page failed")
        st.error(t("error_page", lang))


def _page_path(render) -> str:
    """pages/<name>.py of the page whose render function this is."""
    return "pages/" + Path(render.__code__.co_filename).name


def sample_banner(view: View) -> None:
    if view.is_sample:
        st.warning(view.t("sample_banner"), icon=":material/science:")


def empty_state(view: View) -> bool:
    """True (and a message saying what to upload) when the chosen city has no data."""
    if view.city is None or view.years is None:
        st.info(view.t("empty_city"))
        return True
    return False
