"""Every number of a sheet accounted for: each column of numbers is used, or set aside with a reason, and
every figure knows what it counts; otherwise the sheet's reading lists the doubt and a person has to say
(understand/sheet.py asks once a sheet is read)."""

from __future__ import annotations

from indicators.config.readings import Said, said
from indicators.read import RawSheet
from indicators.read.sheets import column_letters
from indicators.understand.headers import Column, is_blank, looks_numeric
from indicators.understand.profile import DASHES, MISSING, SAMPLE_ROWS
from indicators.understand.relations import same_numbers
from indicators.understand.snapshots import WITHOUT_A_PERIOD, why_unplaced
from indicators.understand.vocabulary import (
    ACTIVITIES,
    PARTICIPANT_LIST,
    STATISTICS,
    STATISTICS_WIDE,
    UNKNOWN,
    known_measure_label,
)


def unread_figures(plan, sheet: RawSheet) -> list[Said]:
    """Every column of numbers must be used or set aside with a reason, and every figure must know what
    it counts: otherwise a person has to say. (`plan`: the sheet's SheetPlan, its rows told apart.)"""
    if plan.kind in (UNKNOWN, ACTIVITIES, PARTICIPANT_LIST) or any(c.field == "measure" for c in plan.columns):
        figures = []  # (a measure column names what each row's value counts)
    else:
        figures = [c for c in plan.columns if c.field in ("value", "period_value") and not c.measure
                   and not (c.meaning is not None and c.meaning.measure) and not plan.measure
                   and not _known_measure(c)]
    # a column without a header too: its numbers are figures all the same (a reviewer's unnamed column of
    # budgets was left out without a word)
    unread = [c for c in plan.columns if c.field is None and not c.note.startswith("duplicate")
              and (holds_numbers(c) or _numbers_in_records(sheet, plan.data_rows, c.index))]
    if plan.kind == ACTIVITIES:  # a register's figure that is no activity field would be lost without a word
        unread += [c for c in plan.columns if c.field == "value"]
    elif any(c.field == "measure" for c in plan.columns):  # each row's measure has one value column, or areas
        unread += [c for c in plan.columns if c.field == "value" and not c.area][1:]
    no_period = [c for c in plan.columns if read_nowhere(plan.kind, c) and (c.field == "period_value" or holds_numbers(c))]
    reasons = [said("measure_unsaid", header=c.header) for c in figures[:3]]
    reasons += [said("shares_as_fractions", header=c.header, high=f"{c.profile.maximum:g}")
                for c in plan.columns if _fractions_under_percent(c)][:3]
    reasons += [_why_unread(c, sheet) for c in unread[:3]]
    reasons += [said("second_column_differs", header=c.header, original=kept.header)
                for c, kept in _second_columns_that_differ(plan, sheet)[:3]]
    reasons += [said("same_figure_twice", header=c.header, original=first.header)
                for c, first in _columns_of_one_figure(plan)[:3]]
    reasons += [said("periods_in_a_long_table", header=c.header, n=len(no_period)) if c.field == "period_value"
                else why_unplaced(c) for c in no_period[:3]]
    return reasons


def _why_unread(column: Column, sheet: RawSheet) -> Said:
    """The reading's own reason when it has one ("Hours per session" is no total), else numbers unplaced
    (a column without a header named by its letter)."""
    return next((e for e in column.evidence if e.code in ("figure_per_something", "budget_not_in_baht", "share_not_people",
                                                            "length_in_days")), None) or \
        said("numbers_unplaced", header=column.header.strip() or column_letters(sheet.first_col + column.index))


def _second_columns_that_differ(plan, sheet: RawSheet) -> list[tuple[Column, Column]]:
    """A column read as a second one of a field already placed ("Attendees who are …" beside "Attendees"):
    set aside as a copy only when it holds the same numbers; other numbers would be lost without a word."""
    kept = {c.field: c for c in plan.columns if c.field}
    found = []
    for column in plan.columns:
        original = kept.get(column.note.removeprefix("duplicate:")) if column.note.startswith("duplicate:") else None
        if original is not None and holds_numbers(column) and \
                not same_numbers(sheet, plan.data_rows, column.index, original.index):
            found.append((column, original))
    return found


def _columns_of_one_figure(plan) -> list[tuple[Column, Column]]:
    """Two value columns of a table of statistics headed alike and read as one and the same figure
    (measure, sex, age, period, part, area …): each row would store that figure twice, and the two added
    up ("หญิง" under "0-14 ปี" and again under "15-59 ปี", their age lost to a header cut short)."""
    if plan.kind not in (STATISTICS, STATISTICS_WIDE):
        return []
    first: dict[tuple, Column] = {}
    found = []
    for column in plan.columns:
        if column.field not in ("value", "period_value") or column.profile is None or not column.profile.numeric:
            continue
        period = column.period and (column.period.start, column.period.months)
        # the header as written too: the ages and sexes it names are read from it when cleaning
        key = (column.measure, column.header, column.sex, column.age_min, column.age_max,
               column.year, period, column.unit, column.mode, column.breakdown, column.area, column.rate,
               column.flag_for)
        if key in first:
            found.append((column, first[key]))
        else:
            first[key] = column
    return found


def read_nowhere(kind: str, column: Column) -> bool:
    """A field the reading of this kind of sheet stores nowhere: a table of periods stores its period
    columns only (understand/snapshots.py), a table of one figure per row no period column."""
    return (kind == STATISTICS_WIDE and column.field in WITHOUT_A_PERIOD) or (
        kind == STATISTICS and column.field == "period_value")


def holds_numbers(column: Column) -> bool:
    return column.profile is not None and column.profile.numeric and column.profile.filled >= 2


def _numbers_in_records(sheet: RawSheet, data_rows: list[int], index: int) -> bool:
    """Numbers in most of a column's filled cells among the records themselves: its profile, read before
    the rows were told apart, may have seen the text of a signature or a note below the table instead."""
    step = max(1, len(data_rows) // SAMPLE_ROWS)
    cells = [row[index] for k in data_rows[::step] if index < len(row := sheet.rows[k]) and not is_blank(row[index])]
    numbers = sum(1 for cell in cells if looks_numeric(cell))
    nothing = sum(1 for cell in cells if isinstance(cell, str) and (cell.strip() in DASHES  # "-" for zero, "n.a."
                                                                     or cell.strip().casefold() in MISSING))
    return numbers >= 1 and numbers + nothing >= 2 and 2 * (numbers + nothing) >= len(cells)


def _fractions_under_percent(column: Column) -> bool:
    """Shares under a percent header written as fractions (0.412 shown as "41.2 %" by the cell's format,
    or truly 0.412 %): the file does not say which, so a person must."""
    profile, meaning = column.profile, column.meaning
    percent = column.unit == "%" or (meaning is not None and meaning.rate and not meaning.per)
    return bool(column.field in ("value", "period_value") and percent and profile is not None and profile.numeric
                and not profile.whole and profile.minimum is not None and profile.minimum >= 0
                and (profile.maximum or 0) <= 1)


def _known_measure(column: Column) -> bool:
    return known_measure_label(column.measure_label or column.header)
