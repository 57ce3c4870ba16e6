"""Downloads beside the charts (the chart's data and the full data, CSV and XLSX), the presenters' files
and chart images — each made by the engine's exports, the big ones only when clicked."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators import store
from indicators.base.errors import LearningCityError
from ui.data import database
from ui.view import View


def export_context(view: View, district: str | None = None):
    """The sidebar's choices as the engine's export context (city, language, era, years …)."""
    from indicators.present.exports.context import ExportContext

    return ExportContext(city=view.city, lang=view.lang, era=view.era, fiscal=view.fiscal, years=view.years,
                         district=district, is_sample=view.is_sample, include_partial=view.include_partial,
                         partial_years=tuple(sorted(view.partial)))


def _root_connection():
    """The process's connection: a deferred download runs outside the script, so it takes its own cursor."""
    return database(store.database_path())


def download_buttons(view: View, displayed: pd.DataFrame, name: str, full: bool = True) -> None:
    """CSV and XLSX of the indicator rows a chart shows, and (with `full`) of the full data. All are made
    only when clicked: a page with thirteen charts would otherwise write thirteen workbooks on every run."""
    from indicators.present.exports import tables

    context = export_context(view, view.district)
    shown = context.t("export_displayed_data")
    row = st.container(horizontal=True)  # the buttons wrap on a phone or in a narrow column
    row.download_button(view.t("download_displayed_csv"), lambda: tables.to_csv(displayed, context),
                        file_name=f"{name}.csv", mime=tables.CSV_MIME, key=f"dl-{name}-csv", on_click="ignore")
    row.download_button(view.t("download_displayed_xlsx"), lambda: tables.to_xlsx(displayed, context, shown),
                        file_name=f"{name}.xlsx", mime=tables.XLSX_MIME, key=f"dl-{name}-xlsx", on_click="ignore")
    if full:
        full_data_buttons(view, row, key=name)


def full_data_buttons(view: View, container=None, key: str = "page") -> None:
    """CSV and XLSX of every indicator by year and district for the chosen years (the same file whichever
    chart it is asked from: once per page, not behind each of thirteen charts)."""
    from indicators.present.exports import tables

    context = export_context(view, view.district)
    root = _root_connection()
    row = container if container is not None else st.container(horizontal=True)

    def full(kind: str):
        def make() -> bytes:
            values = tables.full_values(root.cursor(), context)
            return tables.to_csv(values, context) if kind == "csv" else \
                tables.to_xlsx(values, context, context.t("export_full_data"))
        return make

    row.download_button(view.t("download_full_csv"), full("csv"), file_name=f"{view.city}-full-data.csv",
                        mime=tables.CSV_MIME, key=f"dl-{key}-full-csv", on_click="ignore")
    row.download_button(view.t("download_full_xlsx"), full("xlsx"), file_name=f"{view.city}-full-data.xlsx",
                        mime=tables.XLSX_MIME, key=f"dl-{key}-full-xlsx", on_click="ignore")


def table_downloads(view: View, table: pd.DataFrame, name: str) -> None:
    """CSV and XLSX (with the About sheet) of a chart's own table, made when clicked."""
    from indicators.present.exports import tables

    context = export_context(view, view.district)
    row = st.container(horizontal=True)
    row.download_button(view.t("download_displayed_csv"), lambda: tables.frame_csv(table),
                        file_name=f"{name}.csv", mime=tables.CSV_MIME, key=f"dl-{name}-csv", on_click="ignore")
    row.download_button(view.t("download_displayed_xlsx"),
                        lambda: tables.frame_xlsx(table, context, context.t("export_displayed_data")),
                        file_name=f"{name}.xlsx", mime=tables.XLSX_MIME, key=f"dl-{name}-xlsx", on_click="ignore")


def export_section(view: View) -> None:
    """The presenters' files: HTML report, PowerPoint deck, GNLC pack (each made when clicked), and
    the PDF where a Chromium is installed (image_help says what to install otherwise)."""
    from indicators.present.exports import export_bytes, images
    from indicators.present.exports.pptx_deck import PPTX_MIME
    from indicators.present.exports.tables import XLSX_MIME

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
    from indicators.present.exports.images import figure_image

    if not image_help(view):
        return
    columns = st.columns(4)
    for column, kind, mime in ((columns[0], "png", "image/png"), (columns[1], "svg", "image/svg+xml")):
        column.download_button(view.t(f"download_{kind}"), lambda kind=kind: figure_image(figure, kind, width=1600),
                               file_name=f"{name}.{kind}", mime=mime, key=f"img-{name}-{kind}", on_click="ignore")


def image_help(view: View) -> bool:
    """True when chart images can be made; otherwise say what to install (never a failing button)."""
    from indicators.present.exports import images

    try:
        images.chromium_or_error()
    except LearningCityError as missing:
        st.info(missing.message(view.lang))
        return False
    if not images.images_available():
        st.info(view.t("exports_no_kaleido"))
        return False
    return True
