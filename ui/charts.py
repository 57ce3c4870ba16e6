"""Every chart with what stands behind it: its summary as the chart's accessible description (read by
screen readers), and under it the table of its numbers with CSV and XLSX downloads. One place, so no
page can draw a chart without them (the engine builds the table and the summary: present/chart_data)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators.present.i18n import format_number
from ui.downloads import download_buttons, table_downloads
from ui.view import View, indicator_names, plain


def shown_table(table: pd.DataFrame) -> pd.DataFrame:
    """Numbers as the charts write them (thousands separators, "–" when missing), text as it is."""
    shown = table.copy()
    for column in shown.columns:
        if pd.api.types.is_numeric_dtype(shown[column]):
            shown[column] = shown[column].map(lambda v: format_number(None if pd.isna(v) else float(v)))
    return shown.astype(object).where(shown.notna(), "–")


def chart_block(view: View, figure, *, summary: str, table: pd.DataFrame, name: str, key: str,
                rows: pd.DataFrame | None = None, container=None, static: bool = False,
                title: str | None = None, indicators: list[str] | None = None) -> None:
    """The chart (`summary` as its description), then an expander with its table and downloads:
    `rows` (compute_values rows) download as the indicator data with full precision; otherwise the table
    itself downloads. The full data is offered once per page (ui.full_data_buttons). `static`: a picture
    without hover or toolbar (each interactive chart costs the browser its own toolbar and event layers).
    `title`: written above the chart instead of inside it. Under it, a link to the metadata page of each
    indicator it shows (`indicators`, else those in `rows`)."""
    area = container if container is not None else st.container()
    if title:  # the title as text above the chart: it wraps, where Plotly's ran into the legend on a phone
        area.markdown(f"**{plain(title)}**")
        figure.update_layout(title={"text": ""}, margin={"t": 50})
    # theme=None: the figure as built — our palette and type, checked for contrast — and no theme for the
    # browser to merge into it
    area.plotly_chart(figure, width="stretch", key=key, alt=summary, theme=None,
                      config={"staticPlot": True} if static else None)
    metadata_links(view, area, indicators if indicators is not None else _codes(rows))
    data_behind(view, area, table, name, rows)


def html_block(view: View, markup: str, *, table: pd.DataFrame, name: str, rows: pd.DataFrame | None = None) -> None:
    """Charts drawn as HTML or SVG by the engine (present/emblem.py, present/sparklines.py, which label
    them for screen readers), with the same table and downloads behind them."""
    area = st.container()
    area.html(markup)  # built, and every text in it escaped, by the engine (no Markdown to parse)
    metadata_links(view, area, _codes(rows))
    data_behind(view, area, table, name, rows)


def data_behind(view: View, area, table: pd.DataFrame, name: str, rows: pd.DataFrame | None) -> None:
    """The expander under a chart: its table (a plain table, which wraps its text and is light for the
    browser), and its data as CSV and XLSX."""
    with area.expander(view.t("data_behind_chart")):
        st.table(shown_table(table), hide_index=True)
        if rows is not None:
            download_buttons(view, rows, name, full=False)  # the full data: once per page
        else:
            table_downloads(view, table, name)


def _codes(rows: pd.DataFrame | None) -> list[str]:
    if rows is None or "indicator" not in rows.columns:
        return []
    return list(dict.fromkeys(rows["indicator"].dropna()))


def metadata_links(view: View, area, codes: list[str]) -> None:
    """Each indicator's metadata page (pages/indicator.py?code=…), opened inside the app so the visitor's
    choices stay: one link under a chart of one indicator, a folded list under a chart of several."""
    if not codes:
        return
    names = indicator_names(view.lang)
    if len(codes) == 1:
        area.page_link("pages/indicator.py", label=view.t("about_indicator"), icon=":material/info:",
                       query_params={"code": codes[0]})
        return
    with area.expander(f"{view.t('about_indicator')} ({len(codes)})"):
        for code in codes:
            st.page_link("pages/indicator.py", label=names.get(code, code), query_params={"code": code})
