"""Every chart with what stands behind it: its summary as the chart's accessible description (read by
screen readers), and under it the table of its numbers with CSV and XLSX downloads. One function, so
no page can draw a chart without them (the engine builds the table and the summary: present/chart_data)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators.present.i18n import format_number
from ui.downloads import download_buttons, table_downloads
from ui.view import View


def shown_table(table: pd.DataFrame) -> pd.DataFrame:
    """Numbers as the charts write them (thousands separators, "–" when missing), text as it is."""
    shown = table.copy()
    for column in shown.columns:
        if pd.api.types.is_numeric_dtype(shown[column]):
            shown[column] = shown[column].map(lambda v: format_number(None if pd.isna(v) else float(v)))
    return shown.astype(object).where(shown.notna(), "–")


def chart_block(view: View, figure, *, summary: str, table: pd.DataFrame, name: str, key: str,
                rows: pd.DataFrame | None = None, container=None) -> None:
    """The chart (`summary` as its description), then an expander with its table and downloads:
    `rows` (compute_values rows) download as the indicator data with full precision and the full data;
    otherwise the table itself downloads."""
    area = container if container is not None else st.container()
    area.plotly_chart(figure, width="stretch", key=key, alt=summary)
    with area.expander(view.t("data_behind_chart")):
        st.dataframe(shown_table(table), hide_index=True, width="stretch", placeholder="–")
        if rows is not None:
            download_buttons(view, rows, name)
        else:
            table_downloads(view, table, name)
