"""Headline figures: a year's value and its change from the previous year that has data.

"Change from 2566" when 2566 holds no value compared nothing with something; a change against an
incomplete period compares a quarter with a year. The previous year is therefore the latest earlier
year with a value that is not left out (incomplete periods, unless asked for), and it is named with
the change. A missing value has no change at all — never "↑ –".
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

HEADLINE_COLUMNS = ["indicator", "year", "value", "previous_year", "previous", "change"]


def _number(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value) else float(value)


def headline_figures(values: pd.DataFrame, codes: list[str], year: int, leave_out: Iterable[int] = ()) -> pd.DataFrame:
    """One row per code: value in `year` (None when missing), the previous year with a value (not in
    `leave_out`), its value and the change; None where there is nothing to compare. `values` are
    compute_values rows of one city and district, already limited to the chosen years."""
    skipped = set(leave_out)
    rows = []
    for code in codes:
        series = values[values["indicator"] == code].dropna(subset=["value"])
        by_year = dict(zip(series["year"].astype(int), series["value"].astype(float)))
        now = _number(by_year.get(year))
        earlier = [y for y in by_year if y < year and y not in skipped]
        previous_year = max(earlier) if earlier and now is not None else None
        previous = by_year[previous_year] if previous_year is not None else None
        rows.append({"indicator": code, "year": year, "value": now, "previous_year": previous_year,
                     "previous": previous, "change": None if previous is None else now - previous})
    return pd.DataFrame(rows, columns=HEADLINE_COLUMNS)
