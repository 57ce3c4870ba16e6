"""Hours written as Thai clock time: "1.30" (or 1.3 in a number cell, Excel dropping the zero) for one
hour thirty minutes, "2.45 ชม." for two hours forty-five. Read as decimals they were 1.3 and 2.45 hours.
A column whose fractions are all minutes (below .60) and include a quarter or half hour written as
minutes (.15, .30, .45), with none written as a decimal (.25, .5, .75), is hours and minutes; one that
mixes both is refused at its cells, since which of them is which is not written."""

from __future__ import annotations

import re

import pandas as pd

from indicators.base.thai import thai_digits_to_ascii

CLOCK = re.compile(r"^(\d{1,3})\.(\d{1,2})\s*(?:ชม\.?|ชั่วโมง|hrs?\.?|hours?)?$")
AS_MINUTES = {15, 30, 45}  # a quarter, a half, three quarters of an hour written as minutes
AS_DECIMALS = {25, 50, 75}  # … written as a decimal
MAX_HOURS = 1e9


def _fraction(cell: object) -> int | None:
    """The two digits after the point of an hours cell (1.30 → 30, 1.3 → 30, 1.5 → 50), -1 for a fraction
    of more digits, None for a whole number or a cell of no such number."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        if not abs(cell) < MAX_HOURS:  # NaN, infinity, 1e308: no clock; the bounds check refuses it
            return None
        hundredths = round(cell * 100)
        if abs(cell * 100 - hundredths) > 1e-6:
            return -1
        return hundredths % 100 or None
    if isinstance(cell, str) and (match := CLOCK.match(thai_digits_to_ascii(cell).strip().casefold())):
        digits = match.group(2)
        return int(digits) if len(digits) == 2 else int(digits) * 10
    return None


def clock_reading(cells: pd.Series) -> str | None:
    """"clock" when the column's hours are hours and minutes, "mixed" when some read as minutes and others
    as decimals, None for decimal hours (or no fractions at all)."""
    fractions = {f for f in map(_fraction, pd.unique(cells.dropna())) if f is not None}
    decimal = bool(fractions & AS_DECIMALS) or any(f < 0 or f >= 60 for f in fractions)
    if not fractions & AS_MINUTES:
        return None
    return "mixed" if decimal else "clock"


def clock_cells(cells: pd.Series) -> pd.Series:
    """Which cells hold hours and minutes written as a decimal number (whole hours are the same either way)."""
    return cells.map(lambda cell: bool(_fraction(cell))).astype(bool)


def hours_from_clock(cells: pd.Series) -> pd.Series:
    """Each clock cell's hours (1.30 → 1.5); NaN for the others."""
    def hours(cell: object) -> float:
        fraction = _fraction(cell)
        if not fraction:
            return float("nan")
        whole = int(cell) if isinstance(cell, (int, float)) else int(CLOCK.match(
            thai_digits_to_ascii(cell).strip().casefold()).group(1))
        return whole + fraction / 60

    return cells.map(hours).astype("Float64")
