"""A table of periods' figures that have no period of their own ("Total Active Members" or "Pcs & Devices
In Service (31/03)" beside twelve monthly columns). A table of periods stores only period columns, so
such a column would be lost without a word: it is read in the span the sheet's periods cover (a return
for one year), or on the day of that span its header names. A person is asked when it cannot be placed:
beside periods spanning more than a year, or when it counts what the period columns count ("Total"
beside twelve months that it does not add up to: their total, or a figure of its own?)."""

from __future__ import annotations

import re
from datetime import date

from indicators.config.readings import Said, said
from indicators.understand.headers import Column
from indicators.understand.periods import Period

SEX_OF_POPULATION = {"population_total": None, "population_female": "female", "population_male": "male"}
WITHOUT_A_PERIOD = ("value", "age_band", *SEX_OF_POPULATION)
DAY_AND_MONTH = re.compile(r"\(\s*(\d{1,2})\s*[/.]\s*(\d{1,2})\s*\)")  # "(31/03)": a day of the span
# why a column was left unread
UNPLACED, COUNTS_THE_PERIODS, NAMES_NO_MEASURE = "unplaced_span:", "counts_the_periods", "names_no_measure"
MOST_MONTHS = 12  # one year's return; a longer span holds several years, so no one period is the column's


def read_in_the_span(columns: list[Column], sheet_measure: str | None) -> list[Said]:
    """Give each figure column of a table of periods that names no period of its own the span of the
    sheet's periods (or the day of it its header writes), when they span one year at most and it names a
    measure of its own. (`sheet_measure`: what the title or file says the period columns count when
    their headers do not.)"""
    periods = [p for c in columns if c.field == "period_value" and (p := _period_of(c)) is not None]
    loose = [c for c in columns if c.field in WITHOUT_A_PERIOD and c.profile is not None and c.profile.numeric
             and not (c.meaning is not None and c.meaning.period is not None)]  # (one of its own, unread: ask)
    if not periods or not loose or any(p.months == 0 for p in periods):
        return []
    start = min(p.start for p in periods)
    months = max(_months_from(start, p.start) + p.months for p in periods)
    if months > MOST_MONTHS:
        for column in loose:
            column.note = f"{UNPLACED}{months}"
        return []
    span = _span(start, months)
    counted = {c.measure or sheet_measure for c in columns if c.field == "period_value"}
    evidence, in_the_span = [], []
    for column in loose:
        day = _day_of_the_span(column.header, start, months)
        own = _measure_of(column)
        if own is None:  # "Total", "Pcs In Service (31/03)": it would take the sheet's measure, the periods'
            column.note = NAMES_NO_MEASURE
            continue
        if day is None and own in counted:  # "Total Visits" beside months of visits, not their sum
            column.note = COUNTS_THE_PERIODS
            continue
        column.age_min = column.age_max = None  # an age band's ages are its header's words, read again
        if column.field in SEX_OF_POPULATION:
            column.measure, column.sex = "population", column.sex or SEX_OF_POPULATION[column.field]
        column.field, column.period = "period_value", Period(day, 0, "as_of") if day else span
        column.year = column.period.year
        column.measure = _measure_of(column)
        if day:
            evidence.append(said("on_a_day_of_the_span", header=column.header, day=f"{day:%Y-%m-%d}"))
        else:
            in_the_span.append(column.header)
        column.evidence.append(evidence[-1] if day else said("in_the_span", start=f"{start:%Y-%m}", months=months))
    if in_the_span:
        listed = ", ".join(in_the_span[:3]) + (" …" if len(in_the_span) > 3 else "")
        evidence.append(said("read_in_the_span", n=len(in_the_span), headers=listed, start=f"{start:%Y-%m}",
                             months=months))
    return evidence


def why_unplaced(column: Column) -> Said:
    """The doubt for a figure column left without a period (its note, set above)."""
    if column.note == COUNTS_THE_PERIODS:
        return said("counts_what_the_periods_count", header=column.header)
    if column.note == NAMES_NO_MEASURE:
        return said("names_no_measure_beside_periods", header=column.header)
    if column.note.startswith(UNPLACED):
        return said("no_period_of_its_own", header=column.header, months=column.note[len(UNPLACED):])
    return said("no_period_beside_no_span", header=column.header)


def _measure_of(column: Column) -> str | None:
    return column.measure or (column.meaning.measure if column.meaning is not None else None)


def _period_of(column: Column) -> Period | None:
    """A period column's period, or the calendar year of a column read by its year alone ("2563")."""
    if column.period is None and column.year is not None:
        return Period(date(column.year, 1, 1), 12, "year")
    return column.period


def _months_from(start: date, later: date) -> int:
    return (later.year - start.year) * 12 + later.month - start.month


def _span(start: date, months: int) -> Period:
    if months == 12 and start.month in (1, 10) and start.day == 1:
        return Period(start, 12, "year" if start.month == 1 else "fiscal_year")
    return Period(start, months, "month" if months == 1 else "months")


def _day_of_the_span(header: str, start: date, months: int) -> date | None:
    """The one day of the span that a day and month without a year name ("(31/03)" in April–March)."""
    match = DAY_AND_MONTH.search(header or "")
    if match is None:
        return None
    day, month = int(match[1]), int(match[2])
    found = []
    for year in (start.year, start.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if 0 <= _months_from(start, candidate) < months:
            found.append(candidate)
    return found[0] if len(found) == 1 else None
