"""The district of a sheet that has no district column: the area its name says ("อำเภอแม่ริม", "เขต 1"), else
the one its title names ("จำนวนประชากร … พ.ศ. 2567 อำเภอเมือง"). Without it such a table was stored as the
whole city's, and an amphoe's population then stood for the city's."""

from __future__ import annotations

from indicators.clean.sheet_context import SheetContext
from indicators.understand.context import area_of_sheet_name, areas_in_title


def area_of_the_sheet(context: SheetContext) -> str | None:
    """The area every record of the sheet is in (said once), or None. A title naming several areas
    ("ตำบลสุเทพ อำเภอเมืองเชียงใหม่") is refused: which one the figures are for is not written."""
    if context.column("district") is not None or not len(context.raw):
        return None
    if area := area_of_sheet_name(context.sheet.name):
        context.report_sheet("district_from_sheet", value=area)
        return area
    named = sorted(areas_in_title(context.plan.title_text))
    if len(named) == 1:
        context.report_sheet("district_from_title", value=named[0])
        return named[0]
    if named:
        context.report_sheet("areas_in_title", value=", ".join(named))
    return None
