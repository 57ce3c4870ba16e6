"""Areas grouped under heading rows: a row naming only an area ("อำเภอบ้านไผ่"), no figures, above the
rows of its parts (its tambon). Read as a table, the heading is lost and two tambon of one name in two
amphoe ("ในเมือง") become one area; which level the figures are for is for a person to say."""

from __future__ import annotations

from indicators.config.readings import Said, said
from indicators.understand.context import area_of_sheet_name
from indicators.understand.headers import is_blank, looks_numeric

FIGURES = ("value", "period_value", "age_band")


def group_headings(sheet, plan) -> Said | None:
    """The doubt when data rows name an area and hold no figure while the rows after them do."""
    area = next((c.index for c in plan.columns if c.field == "district"), None)
    figures = [c.index for c in plan.columns if c.field in FIGURES]
    if area is None or not figures:
        return None

    def cell(i: int, j: int) -> object:
        return sheet.rows[i][j] if j < len(sheet.rows[i]) else None

    def has_figures(i: int) -> bool:
        return any(looks_numeric(cell(i, j)) for j in figures if not is_blank(cell(i, j)))

    def names_an_area(i: int) -> bool:  # "อำเภอบ้านไผ่", "เขต 1", an amphoe of the gazetteer
        return not is_blank(cell(i, area)) and area_of_sheet_name(cell(i, area)) is not None

    # an area that reported nothing, among areas of its own level, is no heading: its parts differ in level
    headings = [i for i, after in zip(plan.data_rows, plan.data_rows[1:])
                if names_an_area(i) and not has_figures(i) and has_figures(after) and not names_an_area(after)]
    if not headings:
        return None
    return said("group_heading_rows", rows=", ".join(str(plan.excel_row(sheet, i)) for i in headings[:5]),
                label=str(cell(headings[0], area)).strip())
