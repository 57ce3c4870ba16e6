"""Streamlit glue shared by dashboard.py and the pages: the cached database connection, cached
aggregates keyed by the data's version (so a commit or rollback shows at once), and the sidebar state.
Everything computed here comes from the engine in indicators/ — the pages only draw."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

import ui_account
from indicators import store
from indicators.accounts import ANONYMOUS, Actor
from indicators.compute import compute_values, coverage
from indicators.definitions import load_indicators
from indicators.errors import DatabaseBusy, LearningCityError
from indicators.framework import load_framework
from indicators.i18n import format_number, format_year, strings, t
from indicators.mapping import mapping_report, unmapped_activities
from indicators.progress import progress_table
from indicators.queries import activities_for_area, ingest_problems

log = logging.getLogger("learning_city.ui")


@st.cache_resource(show_spinner=False)
def database(path: str):
    """One read-write connection per process (DuckDB allows one writer); sessions use cursors."""
    con = store.open_database(path)
    store.ensure_sample_loaded(con)
    return con


def connection():
    try:
        return database(store.database_path()).cursor()
    except DatabaseBusy as busy:
        st.error(f"{busy.message_th}\n\n{busy.message_en}")
        st.stop()


def data_version(con) -> tuple:
    """Changes whenever an upload is committed or rolled back, or rules, targets or evidence are edited
    (each such write adds an audit-log entry): part of every cache key."""
    return tuple(con.execute(
        "SELECT count(*), max(upload_id), count(*) FILTER (status = 'rolled_back'), "
        "(SELECT count(*) FROM audit_log) FROM uploads").fetchall()[0])


@st.cache_data(max_entries=64, show_spinner=False)
def values(_con, version: tuple, city: str | None, fiscal: bool) -> pd.DataFrame:
    return compute_values(_con, city=city, by=("year", "district"), fiscal=fiscal)


@st.cache_data(max_entries=32, show_spinner=False)
def progress(_con, version: tuple, city: str, fiscal: bool, year: int | None) -> pd.DataFrame:
    # From the cached values (their city-wide rows): the indicators are computed once per data version.
    return progress_table(_con, city, fiscal=fiscal, year=year, values=values(_con, version, city, fiscal))


@st.cache_data(max_entries=32, show_spinner=False)
def coverage_grid(_con, version: tuple, city: str, fiscal: bool) -> pd.DataFrame:
    return coverage(_con, city, fiscal=fiscal, values=values(_con, version, city, fiscal))


# Queries over every activity, cached per data version like the indicators (a warm page reads no rows).
@st.cache_data(max_entries=32, show_spinner=False)
def area_activities(_con, version: tuple, city: str, area: str, fiscal: bool) -> pd.DataFrame:
    return activities_for_area(_con, city, area, fiscal=fiscal)


@st.cache_data(max_entries=16, show_spinner=False)
def unmapped(_con, version: tuple, city: str) -> pd.DataFrame:
    return unmapped_activities(_con, city)


@st.cache_data(max_entries=16, show_spinner=False)
def mapping_summary(_con, version: tuple, city: str) -> pd.DataFrame:
    return mapping_report(_con, city)


@st.cache_data(max_entries=16, show_spinner=False)
def problems_of(_con, version: tuple, city: str) -> pd.DataFrame:
    return ingest_problems(_con, city)


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

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    def year(self, year) -> str:
        return format_year(year, self.era)

    @property
    def latest_year(self) -> int | None:
        return self.years[1] if self.years else None

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


def number(value, lang: str) -> str:
    return format_number(None if pd.isna(value) else float(value), lang)


def indicator_names(lang: str) -> dict[str, str]:
    return {i.code: i.name(lang) for i in load_indicators()}


def area_names(lang: str) -> dict[str, str]:
    return {a.code: a.name(lang) for a in load_framework().areas}


def _remembered(widget, label: str, options: list, name: str, default, slider: bool = False, **kwargs):
    """A sidebar widget whose choice survives page switches. Each page draws the sidebar, and Streamlit
    forgets a page's widget state when the user moves to another page, so the choice is kept under
    its own session-state name and handed back as the widget's starting value."""
    state = st.session_state
    current = state.get(name, default)
    if slider:
        chosen = widget(label, options=options, value=current, key=f"_{name}", **kwargs)
    else:
        index = options.index(current) if current in options else options.index(default)
        chosen = widget(label, options, index=index, key=f"_{name}", **kwargs)
    state[name] = chosen
    return chosen


# Widgets whose option labels depend on the language or era. Streamlit keeps a keyed widget's choice as
# the label shown when it was made, so after a switch the box would still show the old language.
LABELLED_CHOICES = ("_years", "area", "district_indicator", "evidence_area", "evidence_year", "present_indicators",
                    "target_indicator", "template_kind", "upload_basis", "new_user_role")


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
    version = data_version(con)
    cities = store.list_cities(con)
    sample_cities = {c for c in cities if store.is_sample_city(con, c)}
    city = _remembered(st.sidebar.selectbox, t("city", "bi"), cities, "city", cities[0],
                       format_func=lambda c: f"{c} ({t('sample_label', 'bi')})" if c in sample_cities else c) \
        if cities else None
    fiscal = basis == "fiscal"
    years = None
    district = None
    if city:
        all_values = values(con, version, city, fiscal)
        available = sorted(int(y) for y in all_values["year"].unique())
        if len(available) > 1:
            remembered = st.session_state.get("years")
            if not remembered or remembered[0] not in available or remembered[1] not in available:
                st.session_state["years"] = (available[0], available[-1])
            chosen = _remembered(st.sidebar.select_slider, t("years", "bi"), available, "years",
                                 (available[0], available[-1]), slider=True, format_func=lambda y: format_year(y, era))
            years = (int(chosen[0]), int(chosen[1]))
        elif available:
            years = (available[0], available[0])
        districts = ["*", *sorted(d for d in all_values["district"].dropna().unique())]
        choice = _remembered(st.sidebar.selectbox, t("district", "bi"), districts, "district", "*",
                             format_func=lambda d: t("all_districts", "bi") if d == "*" else d)
        district = None if choice == "*" else choice
    return View(con=con, version=version, lang=lang, era=era, fiscal=fiscal, city=city, years=years,
                district=district, is_sample=bool(city and store.is_sample_city(con, city)))


def run_page(render) -> None:
    """Every page: the sidebar choices, the title, the sample label, then the page body inside an error
    boundary — a failing page shows a bilingual message, never a raw traceback. (Pages set this up
    themselves rather than relying on dashboard.py, so each page also runs on its own, as AppTest does.)"""
    if not st.session_state.get("_navigation"):
        # A direct link (/upload) opened in a fresh server: Streamlit then runs the page file on its own,
        # without dashboard.py's menu and settings. Go through dashboard.py, which opens this page.
        st.session_state["_wanted_page"] = _page_path(render)
        st.switch_page("dashboard.py")
    view = sidebar()
    view.actor = ui_account.account_box(view.con, view.lang)
    st.title(t("app_title", view.lang))
    st.caption(t("app_subtitle", view.lang))
    sample_banner(view)
    try:
        render(view)
    except Exception as error:
        if type(error).__name__ in ("StopException", "RerunException"):
            raise
        log.exception("page failed")
        st.error(t("error_page", view.lang))


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


def export_context(view: View, district: str | None = None):
    """The sidebar's choices as the engine's export context (city, language, era, years …)."""
    from indicators.exports.context import ExportContext

    return ExportContext(city=view.city, lang=view.lang, era=view.era, fiscal=view.fiscal, years=view.years,
                         district=district, is_sample=view.is_sample)


def _root_connection():
    """The process's connection: a deferred download runs outside the script, so it takes its own cursor."""
    return database(store.database_path())


def download_buttons(view: View, displayed: pd.DataFrame, name: str) -> None:
    """CSV and XLSX of the data a chart shows (made now, it is small) and of the full data (every
    indicator by year and district, made only when clicked)."""
    from indicators.exports import tables

    context = export_context(view, view.district)
    root = _root_connection()

    def full(kind: str):
        def make() -> bytes:
            values = tables.full_values(root.cursor(), context)
            return tables.to_csv(values, context) if kind == "csv" else \
                tables.to_xlsx(values, context, context.t("export_full_data"))
        return make

    shown = context.t("export_displayed_data")
    columns = st.columns(4)
    columns[0].download_button(view.t("download_displayed_csv"), tables.to_csv(displayed, context),
                               file_name=f"{name}.csv", mime=tables.CSV_MIME, key=f"dl-{name}-csv", on_click="ignore")
    columns[1].download_button(view.t("download_displayed_xlsx"), tables.to_xlsx(displayed, context, shown),
                               file_name=f"{name}.xlsx", mime=tables.XLSX_MIME, key=f"dl-{name}-xlsx",
                               on_click="ignore")
    columns[2].download_button(view.t("download_full_csv"), full("csv"), file_name=f"{view.city}-full-data.csv",
                               mime=tables.CSV_MIME, key=f"dl-{name}-full-csv", on_click="ignore")
    columns[3].download_button(view.t("download_full_xlsx"), full("xlsx"), file_name=f"{view.city}-full-data.xlsx",
                               mime=tables.XLSX_MIME, key=f"dl-{name}-full-xlsx", on_click="ignore")


def export_section(view: View) -> None:
    """The presenters' files: HTML report, PowerPoint deck, GNLC pack (each made when clicked), and
    the PDF where a Chromium is installed (image_help says what to install otherwise)."""
    from indicators.exports import export_bytes, images
    from indicators.exports.pptx_deck import PPTX_MIME
    from indicators.exports.tables import XLSX_MIME

    context = export_context(view)
    root = _root_connection()
    stem = f"{view.city}-{view.lang}"

    def make(suffix: str):
        return lambda: export_bytes(root.cursor(), context, suffix)

    st.subheader(view.t("exports_heading"))
    st.caption(view.t("exports_help"))
    files = [("export_html", ".html", "text/html"), ("export_pptx", ".pptx", PPTX_MIME),
             ("export_gnlc", ".xlsx", XLSX_MIME)]
    if images.find_chromium():
        files.append(("export_pdf", ".pdf", "application/pdf"))
    columns = st.columns(len(files))
    for column, (key, suffix, mime) in zip(columns, files):
        column.download_button(view.t(key), make(suffix), file_name=f"{stem}{suffix}", mime=mime, key=f"export-{key}",
                               on_click="ignore", type="primary")


def image_buttons(view: View, figure, name: str) -> None:
    """PNG and SVG of a chart (drawn when clicked) where kaleido and a Chromium are installed;
    otherwise what to install, instead of a button that would fail."""
    from indicators.exports.images import figure_image

    if not image_help(view):
        return
    columns = st.columns(4)
    for column, kind, mime in ((columns[0], "png", "image/png"), (columns[1], "svg", "image/svg+xml")):
        column.download_button(view.t(f"download_{kind}"), lambda kind=kind: figure_image(figure, kind, width=1600),
                               file_name=f"{name}.{kind}", mime=mime, key=f"img-{name}-{kind}", on_click="ignore")


def image_help(view: View) -> bool:
    """True when chart images can be made; otherwise say what to install (never a failing button)."""
    from indicators.exports import images

    try:
        images.chromium_or_error()
    except LearningCityError as missing:
        st.info(missing.message(view.lang))
        return False
    if not images.images_available():
        st.info(view.t("exports_no_kaleido"))
        return False
    return True
