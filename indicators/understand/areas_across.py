"""Areas across the columns: "รายการ | อำเภอเมือง | อำเภอสารภี | อำเภอหางดง | รวม", or years down the
rows and amphoe across, as provincial offices sum up their districts. Each such column is its area's
figure; the total beside them is checked (every row the sum of the areas) and set aside, as a totals row
is, so that the city's figure is never stored beside its own parts. Read as one figure per row, only the
first area was stored, as the whole city's."""

from __future__ import annotations

from indicators.base.text import clean_text
from indicators.config.readings import Said, said
from indicators.read import RawSheet
from indicators.understand.area_levels import area_rank
from indicators.understand.context import AREA_SHEET_NAME, place_level
from indicators.understand.headers import Column
from indicators.understand.profile import _number

MIN_AREAS = 2


def names_an_area(header: str) -> bool:
    """ "อำเภอเมือง", "เขตบางรัก", "ตำบลศรีภูมิ", "Zone 3", or a province or amphoe of the gazetteer."""
    text = clean_text(header or "")
    return bool(text) and (area_rank(text) is not None or AREA_SHEET_NAME.match(text) is not None
                           or place_level(text) is not None)


def read_areas_across(sheet: RawSheet, columns: list[Column], data_rows: list[int]) -> tuple[list[Said], list[Said]]:
    """Mark each area column with its area and set the areas' total aside: (evidence, doubts)."""
    figures = [c for c in columns if c.field == "value" and not c.rate]
    areas = [c for c in figures if names_an_area(c.header)]
    if len(areas) < MIN_AREAS or any(c.field == "district" for c in columns):
        return [], []
    for column in areas:
        column.area, column.breakdown = clean_text(column.header), None
    evidence = [said("areas_across", n=len(areas), first=areas[0].header)]
    doubts = []
    for total in (c for c in figures if c not in areas and c.meaning is not None and c.meaning.total):
        if all(_row_sums(sheet, total, areas, row) for row in data_rows):
            total.field, total.reason = "ignored", said("total_of_areas", header=total.header)
            evidence.append(total.reason)
        else:
            doubts.append(said("total_not_of_areas", header=total.header, first=areas[0].header))
    return evidence, doubts


def _row_sums(sheet: RawSheet, total: Column, areas: list[Column], row: int) -> bool:
    """The row's total is the sum of its areas' figures ("-" or blank for none; a row with no total passes)."""
    cells = sheet.rows[row]
    whole = _number(cells[total.index]) if total.index < len(cells) else None
    if whole is None:
        return True
    parts = [_number(cells[c.index]) if c.index < len(cells) else None for c in areas]
    return abs(whole - sum(part or 0 for part in parts)) <= 1e-6 * max(1.0, abs(whole))
