"""Which periods the data cover only in part — so that no figure, status or change treats a quarter as a year.

A register sent in January holds the fiscal year that began in October for three months only: its
figures are a quarter of a year's, and a change against the whole year before it ("5,733 (−18,368)")
or a status computed from it says the city collapsed. The same happens at the start (the first fiscal
year of a register that begins in January) and for a calendar year that has not ended yet.

A period (a calendar year, or a Thai fiscal year Oct–Sep named by its end year) is *incomplete* when
- the city's dated records stop inside it more than one month before it ends, or start inside it more
  than one month after it begins (one quiet month — no activities in December — is not taken for a
  cut-off), or
- it has not ended yet on `today` and holds dated records.
Only dated records can tell: years known from a year column or from yearly statistics alone are taken
as complete. Callers leave incomplete periods out of status and of "change from last year" unless the
visitor asks for them, and mark them wherever they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from indicators.base.thai import fiscal_year_bounds, fiscal_year_of

QUIET_MONTHS = 1  # months at either end of a period that may hold no activity without making it incomplete


@dataclass(frozen=True)
class PartialPeriod:
    """A period the data cover from `covered_from` to `covered_to` only."""

    year: int  # CE: the calendar year, or the fiscal year's end year
    fiscal: bool
    covered_from: date
    covered_to: date
    ongoing: bool  # the period has not ended yet


def period_bounds(year: int, fiscal: bool) -> tuple[date, date]:
    return fiscal_year_bounds(year) if fiscal else (date(year, 1, 1), date(year, 12, 31))


def period_of(day: date, fiscal: bool) -> int:
    return fiscal_year_of(day) if fiscal else day.year


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def partial_periods(first: date | None, last: date | None, fiscal: bool, today: date | None = None) -> dict[int, PartialPeriod]:
    """The incomplete periods, by year, of data dated from `first` to `last` (see the module's rule)."""
    if first is None or last is None:
        return {}
    today = today or date.today()
    found: dict[int, PartialPeriod] = {}
    for year in sorted({period_of(first, fiscal), period_of(last, fiscal), period_of(today, fiscal)}):
        start, end = period_bounds(year, fiscal)
        if last < start or first > end:
            continue  # no dated record inside this period
        covered_from, covered_to = max(first, start), min(last, end)
        ongoing = today < end
        cut_at_start = _months_between(start, covered_from) > QUIET_MONTHS
        cut_at_end = _months_between(covered_to, end) > QUIET_MONTHS
        if ongoing or cut_at_start or cut_at_end:
            found[year] = PartialPeriod(year, fiscal, covered_from, covered_to, ongoing)
    return found


def dated_span(con: duckdb.DuckDBPyConnection, city: str) -> tuple[date | None, date | None]:
    """The first and last date of the city's live activities."""
    first, last = con.execute("SELECT min(event_date), max(event_date) FROM v_activities WHERE city = ?",
                              [city]).fetchall()[0]
    return first, last


def incomplete_periods(con: duckdb.DuckDBPyConnection, city: str, fiscal: bool = False,
                       today: date | None = None) -> dict[int, PartialPeriod]:
    """The city's incomplete periods (calendar or fiscal years), by year."""
    return partial_periods(*dated_span(con, city), fiscal, today)
