"""Where a sheet's rows get their area when it is not plain.

An area column set aside as "beside the area used" ('Local authority', 'ชื่อจังหวัด', 'รหัสตำบล') when no
other column gives the area: then it is the area. Set aside, its rows would become figures for the whole
city, several of them for the same year side by side (Barnet's and Camden's learners as two city totals).
It stays set aside when it holds one value on every data row (the file's own city, beside nothing finer).

A sheet that names no area among sheets named for theirs ("สารภี", "สันทราย" and "Sheet3"): its records
would count for the whole city, so a person is asked."""

from __future__ import annotations

from indicators.base.text import header_key
from indicators.config.readings import Said, said
from indicators.read import RawSheet
from indicators.understand.context import area_of_sheet_name, areas_in_title
from indicators.understand.headers import is_blank
from indicators.understand.vocabulary import ACTIVITIES, STATISTICS, STATISTICS_WIDE

AREA_FIELDS = ("district",)
# Sheets of the whole: a summary beside the areas' sheets is the city's by design
SUMMARY_SHEETS = ("สรุป", "รวม", "ทั้งหมด", "ทุกอำเภอ", "ทุกเขต", "ภาพรวม", "summary", "total", "all")


def read_areas(sheet: RawSheet, plan, sheet_names: tuple[str, ...]) -> None:
    """The area column when only a set-aside one names areas, and the doubt of a sheet with no area among
    sheets named for theirs."""
    plan.evidence += area_set_aside(sheet, plan.columns, plan.data_rows)
    if (doubt := _no_area_among_area_sheets(sheet, plan, sheet_names)) is not None:
        plan.review.append(doubt)


def _no_area_among_area_sheets(sheet: RawSheet, plan, sheet_names: tuple[str, ...]) -> Said | None:
    if plan.kind not in (ACTIVITIES, STATISTICS, STATISTICS_WIDE) or not plan.data_rows:
        return None
    if any(c.field in AREA_FIELDS for c in plan.columns) or area_of_sheet_name(sheet.name) \
            or areas_in_title(plan.title_text) or sheet.name.strip().casefold().startswith(SUMMARY_SHEETS):
        return None
    named = [name for name in sheet_names if name != sheet.name and area_of_sheet_name(name)]
    return said("sheet_names_no_area", sheet=sheet.name, areas=", ".join(named[:3])) if named else None


def area_set_aside(sheet: RawSheet, columns: list, data_rows: list[int]) -> list[Said]:
    """Read as the area the set-aside area column whose cells name several areas, when no column is the
    area; a name before a code. Returns the evidence said (nothing when nothing changes)."""
    if any(c.field in AREA_FIELDS for c in columns):
        return []
    varying = []
    for column in columns:
        if column.field != "ignored" or column.reason is None or column.reason.code != "area_beside":
            continue
        names = {header_key(cell) for cell in _cells(sheet, column.index, data_rows) if not is_blank(cell)}
        if len(names) >= 2:
            varying.append((column.meaning is not None and column.meaning.says("code"), column, len(names)))
    if not varying:
        return []
    _, column, count = min(varying, key=lambda found: found[0])  # stable: the first name column, else code
    column.field, column.reason = "district", None
    found = said("area_column_alone", header=column.header, areas=count)
    column.evidence = [e for e in column.evidence if e.code != "known_header"] + [found]
    return [found]


def _cells(sheet: RawSheet, index: int, data_rows: list[int]):
    for i in data_rows:
        row = sheet.rows[i]
        yield row[index] if index < len(row) else None
