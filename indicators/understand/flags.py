"""Observation flags beside the figures: Eurostat-style tables put an unnamed column of flags (b, p, e,
":") after every year column. An unnamed column of numbers there is no flag column: a year whose header
was left out holds figures, and read as flags they were lost without a word (a reviewer's table stored
2566's 1,100 with the "flag" 1,200 beside it); it stays unread, so the reading asks about its numbers."""

from __future__ import annotations

from indicators.understand.headers import Column


def mark_flag_columns(columns: list[Column]) -> None:
    for previous, column in zip(columns, columns[1:]):
        if previous.field == "period_value" and column.field is None and not column.header \
                and not (column.profile is not None and column.profile.numbers):
            column.field = "flag_value"
            column.flag_for = previous.index
