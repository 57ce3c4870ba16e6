"""The numbers behind every chart, as files: CSV (UTF-8 with BOM) and XLSX with a metadata sheet.

"Displayed data" is what one chart or table shows; "full data" is every indicator of the city for the
chosen years, by year and district. Both come from compute_values rows, the same rows the CLI's `values`
prints, so a downloaded figure equals the CLI's figure. openpyxl writes the XLSX (DESIGN.md §5); every
cell passes through safe.py so user text never turns into a formula.
"""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from indicators.measure.compute import compute_values
from indicators.measure.definitions import load_indicators
from indicators.present.exports.context import ExportContext, definitions_frame, metadata_rows
from indicators.present.exports.safe import csv_bytes, save_workbook, xlsx_cell

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
# Column keys of the data table, in order; the headers are these keys' strings in the chosen language.
DATA_COLUMNS = ("col_indicator_code", "indicator", "area", "col_year_ce", "col_year_shown", "district", "value",
                "unit", "col_numerator", "col_denominator", "col_note")
SHEET_NAME_LIMIT = 31  # Excel refuses longer sheet names


def data_table(values: pd.DataFrame, context: ExportContext) -> pd.DataFrame:
    """compute_values rows → the table people download: code and name, area, year in CE and as shown,
    district (the all-district rows say so), value at full precision, unit, numerator and denominator, and
    a note on incomplete periods."""
    names = {i.code: i for i in load_indicators()}
    lang = context.lang
    rows = values.sort_values(["indicator", "year", "district"], na_position="first", kind="stable")
    table = pd.DataFrame({
        "col_indicator_code": rows["indicator"].astype(object),
        "indicator": [names[c].name(lang) if c in names else c for c in rows["indicator"]],
        "area": rows["area"].astype(object),
        "col_year_ce": rows["year"].astype(int),
        "col_year_shown": [context.year(y) for y in rows["year"]],
        "district": [context.t("all_districts") if d is None or pd.isna(d) else d for d in rows["district"]],
        "value": rows["value"].astype(float),
        "unit": [names[c].unit(lang) if c in names else u for c, u in zip(rows["indicator"], rows["unit"])],
        "col_numerator": rows["numerator"].astype(float),
        "col_denominator": rows["denominator"].astype(float),
        # last, so the columns before keep their places: an incomplete period says so beside its figure
        "col_note": [context.t("incomplete_mark") if int(y) in context.partial_years else "" for y in rows["year"]],
    })
    return table.rename(columns={key: context.t(key) for key in DATA_COLUMNS}).reset_index(drop=True)


def full_values(con, context: ExportContext) -> pd.DataFrame:
    """Every indicator of the city by year and by district (plus the all-district rows), chosen years."""
    values = compute_values(con, city=context.city, by=("year", "district"), fiscal=context.fiscal)
    return values[values["year"].between(*context.years)] if context.years else values


def to_csv(values: pd.DataFrame, context: ExportContext) -> bytes:
    return csv_bytes(data_table(values, context))


def write_sheet(workbook: Workbook, title: str, frame: pd.DataFrame):
    """One sheet from a frame: bold header, frozen first row, readable widths, wrapped long text."""
    sheet = workbook.create_sheet(title[:SHEET_NAME_LIMIT])
    sheet.append([xlsx_cell(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False):
        sheet.append([xlsx_cell(v) for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = number_format(cell.value)
    sheet.freeze_panes = "A2"
    for index, name in enumerate(frame.columns, start=1):
        letter = get_column_letter(index)
        longest = max([len(str(name)), *(len(str(v)) for v in frame[name].head(200))]) if len(frame) else len(str(name))
        sheet.column_dimensions[letter].width = min(max(10, longest + 2), 60)
        if longest > 60:
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    return sheet


def number_format(value: float) -> str:
    """Shown as the pages show it (whole numbers and values of 1,000 or more without decimals, others
    with one), while the cell keeps the full value: 60.2, not 60.22543119288163."""
    return "#,##0" if value.is_integer() or abs(value) >= 1000 else "#,##0.0"


def write_metadata(workbook: Workbook, context: ExportContext, what: str, codes: list[str] | None) -> None:
    """The 'about' sheet (city, sample label, years, date of export, framework source) and the
    definitions sheet of the indicators in the file (none when `codes` is empty)."""
    about = pd.DataFrame(metadata_rows(context, what), columns=[context.t("export_item"), context.t("value")])
    write_sheet(workbook, context.t("export_sheet_about"), about)
    if codes is None or codes:
        write_sheet(workbook, context.t("export_sheet_definitions"), definitions_frame(context, codes))


def workbook_bytes(workbook: Workbook) -> bytes:
    return save_workbook(workbook)


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def to_xlsx(values: pd.DataFrame, context: ExportContext, what: str) -> bytes:
    """A data sheet plus the metadata sheets; `what` says which data it is (displayed or full)."""
    workbook = new_workbook()
    table = data_table(values, context)
    write_sheet(workbook, context.t("export_sheet_data"), table)
    write_metadata(workbook, context, what, sorted(set(values["indicator"])))
    return workbook_bytes(workbook)


def frame_csv(frame: pd.DataFrame) -> bytes:
    """A chart's own table (headers already in the chosen language) as CSV, UTF-8 with BOM."""
    return csv_bytes(frame)


def frame_xlsx(frame: pd.DataFrame, context: ExportContext, what: str) -> bytes:
    """A chart's own table as a data sheet, with the About sheet saying city, years and date."""
    workbook = new_workbook()
    write_sheet(workbook, context.t("export_sheet_data"), frame)
    write_metadata(workbook, context, what, [])
    return workbook_bytes(workbook)
