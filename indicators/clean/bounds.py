"""How large a number may plausibly be. A spreadsheet cell can hold 1e308 (and a sum of two of them is
infinity, which would print as "inf" and break every export), or a literacy rate of 180 %: a figure
built on either is nonsense, so such a cell is refused with its limit named, like any other bad cell.

The limits are deliberately generous — far beyond any real Thai city — so they catch only the impossible:
a count of people or events in one row is at most MAX_COUNT (more than Thailand's population); hours,
budgets and statistics at most MAX_VALUE (a trillion: more than the national budget in baht); a value
whose unit is a share at most what its unit allows (100 for %, 1,000 for "per 1,000")."""

from __future__ import annotations

import re

import pandas as pd

MAX_COUNT = 100_000_000
MAX_VALUE = 1_000_000_000_000
PERCENT = re.compile(r"%|percent|ร้อยละ|เปอร์เซ็นต์")
PER = re.compile(r"(?:\bper\b|ต่อ)\D{0,40}?(\d[\d,]*)")


def unit_maximum(unit: object) -> float | None:
    """The largest value a unit allows, or None when it sets no limit of its own."""
    if unit is None or unit is pd.NA or (isinstance(unit, float) and unit != unit):
        return None
    text = str(unit).casefold()
    if PERCENT.search(text):
        return 100.0
    if found := PER.search(text):
        scale = float(found.group(1).replace(",", ""))
        return scale if scale > 0 else None
    return None


def unit_maxima(units: pd.Series) -> pd.Series:
    """unit_maximum of each unit (a column repeats few units: each distinct one is read once)."""
    distinct = {unit: unit_maximum(unit) for unit in pd.unique(units.astype(object).to_numpy())}
    return units.astype(object).map(distinct).astype("Float64")


def number_limit(count: bool) -> int:
    return MAX_COUNT if count else MAX_VALUE
