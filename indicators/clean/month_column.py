"""A register's month column ("เดือน" over "ตุลาคม", "ม.ค.") under a year the sheet gives (its title, a year
or fiscal-year column): each activity's month of that year. Of a fiscal year when the year is one: ตุลาคม
of FY 2567 is October 2566. Ignored, an October activity was put in the calendar year after its own.

Months in a fiscal year's order (October on into January) under a year not said to be fiscal are refused:
October of that year, or the one before, is not written.

A sheet named for a month ("ต.ค.", "ตุลาคม 2566") in a workbook of one sheet a month: a day written alone in
its date column (5, 20) is that day of the sheet's month — of the year its name says, or of the fiscal year
its title says. Read as Excel serial numbers, they were days of January 1900."""

from __future__ import annotations

import pandas as pd

from indicators.base.text import clean_text
from indicators.understand.periods import month_number, parse_period

FIRST_FISCAL_MONTH = 10  # October: a Thai fiscal year runs October to September


def months_of_the_year(context, column, dates: pd.Series, years: pd.Series, fiscal: pd.Series,
                       rows_fiscal: bool) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(dates, years, fiscal years) with each undated row put on the first day of its month. `rows_fiscal`:
    the rows' year is a fiscal year (the calendar year was set to it for want of a month)."""
    written = context.text_of(column)
    months = written.map(lambda t: month_number(clean_text(t)) if isinstance(t, str) else None).astype("Int64")
    context.report("bad_date", months.isna() & written.notna(), column, context.cells(column))
    undated = dates.isna() & months.notna()
    if not undated.any():
        return dates, years, fiscal
    autumn = months.ge(FIRST_FISCAL_MONTH).fillna(False)
    if rows_fiscal:
        calendar = (fiscal - autumn.astype("Int64")).where(undated)
    else:
        if _wraps_into_a_new_year(months[undated & years.notna()]):
            context.report_sheet("months_year_unclear", column, value=int(years.dropna().iloc[0]))
            return dates, years, fiscal
        calendar = years.where(undated)
        fiscal = fiscal.fillna((years + autumn.astype("Int64")).where(undated))
    placed = (undated & calendar.notna()).to_numpy(dtype=bool)
    found = pd.to_datetime(pd.DataFrame({"year": calendar[placed].astype("int64"),
                                         "month": months[placed].astype("int64"), "day": 1}), errors="coerce")
    dates = dates.fillna(found)
    years = years.mask(pd.Series(placed, index=years.index), calendar)
    return dates, years, fiscal


def _wraps_into_a_new_year(months: pd.Series) -> bool:
    """Whether the rows' months run in a fiscal year's order (October … September) and not in a calendar
    year's: "ต.ค., พ.ย., ม.ค." does; "ม.ค., ต.ค." and months grouped by type in no order at all do not."""
    ranks = [int(m) for m in months.dropna()]
    calendar = all(a <= b for a, b in zip(ranks, ranks[1:]))
    fiscal = [(m - FIRST_FISCAL_MONTH) % 12 for m in ranks]
    return not calendar and all(a <= b for a, b in zip(fiscal, fiscal[1:]))


def month_of_the_sheet(sheet_name: str, year: int | None, year_is_fiscal: bool) -> pd.Timestamp | None:
    """The first day of the month a sheet is named for, when its year is known: written in the name
    ("ต.ค. 66"), or the sheet's fiscal year (its October is in the year before)."""
    name = clean_text(sheet_name).strip()
    period = parse_period(name)
    if period is not None and period.kind == "month":
        return pd.Timestamp(period.start)
    month = month_number(name)
    if month is None or year is None or not year_is_fiscal:
        return None
    return pd.Timestamp(year - 1 if month >= FIRST_FISCAL_MONTH else year, month, 1)
