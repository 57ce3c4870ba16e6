"""The app's data: one cached database connection per process, and the engine's aggregates cached by
the data's version (store.data_version), so a commit or rollback shows at once and a warm page reads
no rows."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators import store
from indicators.base.errors import DatabaseReadOnly, LearningCityError
from indicators.ingest.sample import load_sample_if_empty
from indicators.mapping import mapping_report, unmapped_activities
from indicators.measure.compute import coverage
from indicators.measure.kept import kept_values
from indicators.measure.periods import incomplete_periods
from indicators.measure.progress import progress_table
from indicators.measure.reference import reference_values
from indicators.present.templates import city_template
from indicators.store.queries import activities_for_area, ingest_problems


@st.cache_resource(show_spinner=False)
def database(path: str):
    """One read-write connection per process (DuckDB allows one writer); sessions use cursors. A database
    file this program may not write is opened read-only: every page reads, and a write says why it cannot."""
    try:
        con = store.open_database(path)
    except DatabaseReadOnly:
        return store.open_database(path, read_only=True)
    load_sample_if_empty(con)
    return con


def connection():
    """A cursor for this session; a busy, damaged or unreadable database stops the page with the same
    bilingual message the CLI prints (and is tried again on the next visit: failures are not cached)."""
    try:
        return database(store.database_path()).cursor()
    except LearningCityError as error:
        st.error(f"{error.message_th}\n\n{error.message_en}")
        st.stop()


@st.cache_data(max_entries=64, show_spinner=False)
def values(_con, version: tuple, city: str | None, fiscal: bool) -> pd.DataFrame:
    """Every indicator by year and district: kept in the database per data version (measure/kept.py),
    so a new server process reads them instead of computing them again."""
    return kept_values(_con, city, fiscal)


@st.cache_data(max_entries=64, show_spinner=False)
def progress(_con, version: tuple, city: str, fiscal: bool, years: tuple[int, int] | None,
             include_partial: bool = False) -> pd.DataFrame:
    """Status over the chosen years. From the cached values (their city-wide rows): the indicators are
    computed once per data version."""
    return progress_table(_con, city, fiscal=fiscal, years=years, include_partial=include_partial,
                          values=values(_con, version, city, fiscal))


@st.cache_data(max_entries=32, show_spinner=False, ttl=3600)
def partial_periods(_con, version: tuple, city: str, fiscal: bool) -> dict:
    """The city's incomplete periods (kept an hour at most: a period that ends today is complete tomorrow)."""
    return incomplete_periods(_con, city, fiscal)


@st.cache_data(max_entries=32, show_spinner=False)
def coverage_grid(_con, version: tuple, city: str, fiscal: bool) -> pd.DataFrame:
    return coverage(_con, city, fiscal=fiscal, values=values(_con, version, city, fiscal))


# Queries over every activity, cached per data version like the indicators (a warm page reads no rows).
@st.cache_data(max_entries=32, show_spinner=False)
def area_activities(_con, version: tuple, city: str, area: str, fiscal: bool,
                    years: tuple[int, int] | None = None) -> pd.DataFrame:
    return activities_for_area(_con, city, area, fiscal=fiscal, years=years)


@st.cache_data(max_entries=16, show_spinner=False)
def unmapped(_con, version: tuple, city: str) -> pd.DataFrame:
    return unmapped_activities(_con, city)


@st.cache_data(max_entries=16, show_spinner=False)
def mapping_summary(_con, version: tuple, city: str) -> pd.DataFrame:
    return mapping_report(_con, city)


@st.cache_data(max_entries=16, show_spinner=False)
def problems_of(_con, version: tuple, city: str) -> pd.DataFrame:
    return ingest_problems(_con, city)


@st.cache_data(max_entries=32, show_spinner=False)
def references(_con, version: tuple, city: str) -> pd.DataFrame:
    """The reference series (a province, region, the nation, the network) stored for the city."""
    return reference_values(_con, city)


@st.cache_data(max_entries=16, show_spinner=False)
def template(_con, version: tuple, kind: str, lang: str, city: str | None) -> bytes:
    """A blank template workbook (its drop-downs list the city's districts and categories): built once per
    data version, not on every run of the Upload page."""
    return city_template(_con, kind, lang, city)
