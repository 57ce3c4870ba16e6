"""Checks across columns, sheets and earlier uploads, run before anything is written.

Errors block the whole upload; warnings are shown and stored with it. Checks are vectorised over
the upload's frames; each flagged row is reported with its sheet, Excel row and header as written.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from indicators.base.errors import Problem
from indicators.base.messages import problem

EARLIEST_YEAR = 1950
DENSE_YEAR_SHARE = 0.01  # a year holding at least 1% of the rows belongs to the file's range


class Reporter:
    """Turns flagged rows of a frame (with `sheet` and `source_row`) into problems, capped per code."""

    def __init__(self, file_name: str, headers: dict[tuple[str, str], str], limit: int = 20):
        self.file_name = file_name
        self.headers = headers
        self.limit = limit
        self.problems: list[Problem] = []

    def rows(self, code: str, frame: pd.DataFrame, mask: pd.Series, field: str | None,
             values: pd.Series | None = None, details: pd.Series | None = None) -> None:
        flagged = np.flatnonzero(np.asarray(mask.fillna(False) if hasattr(mask, "fillna") else mask, dtype=bool))
        for position in flagged[: self.limit]:
            row = frame.iloc[position]
            sheet = row.get("sheet")
            self.problems.append(problem(
                code, file=self.file_name, sheet=sheet, row=_int_or_none(row.get("source_row")),
                column=self.headers.get((sheet, field)) if field else None,
                value="" if values is None else _plain(values.iloc[position]),
                detail="" if details is None else str(_plain(details.iloc[position]))))
        if len(flagged) > self.limit:
            self.problems.append(problem("more_rows", severity=problem(code).severity, file=self.file_name,
                                         value=len(flagged) - self.limit, detail=code))


def _int_or_none(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _plain(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def check_years(report: Reporter, frames: dict[str, pd.DataFrame], today: date,
                without_year: frozenset[str] = frozenset()) -> None:
    """Every row needs a year; years before 1950 or in the future are errors; years far from the
    file's range are warnings (kept, but a researcher should look). Sheets in `without_year` state no
    year at all and were told so once; their rows are not listed one by one."""
    all_years = pd.concat([f["year"] for f in frames.values() if "year" in f], ignore_index=True) \
        if frames else pd.Series(dtype="Int64")
    counts = all_years.dropna().value_counts()
    dense = sorted(int(y) for y, n in counts.items() if n >= DENSE_YEAR_SHARE * counts.sum())
    activities = frames.get("activities")
    for name, frame in frames.items():
        if "year" not in frame:
            continue
        # Counts written on an activity's own row were checked with the activity: report once. (A mask, not
        # a copy of the rows: a 1M-row register's 3M participation rows are all on activity rows.)
        own = ~_same_rows(frame, activities) if name != "activities" and activities is not None \
            and not activities.empty else np.ones(len(frame), bool)
        if not own.any():
            continue
        years = frame["year"]
        date_field = "date" if name != "statistics" else "year"
        report.rows("missing_year", frame, years.isna() & ~frame["sheet"].isin(without_year) & own, date_field)
        report.rows("year_before_1950", frame, years.lt(EARLIEST_YEAR) & own, date_field, years)
        report.rows("year_in_future", frame, years.gt(today.year) & own, date_field, years)
        if dense and name != "statistics":
            low, high = dense[0], dense[-1]
            far = (years.lt(low - 1) | years.gt(high + 1)) & years.between(EARLIEST_YEAR, today.year) & own
            report.rows("year_outlier", frame, far, date_field, years,
                        pd.Series(f"{low}–{high}", index=frame.index))


def _row_keys(frames: list[pd.DataFrame]) -> list[np.ndarray]:
    """(sheet, source row) of each row as one integer, comparable across the given frames."""
    sheets = pd.concat([f["sheet"] for f in frames], ignore_index=True)  # factorized as they are: no str per row
    codes = pd.factorize(sheets)[0].astype(np.int64)
    keys, start = [], 0
    for frame in frames:
        rows = frame["source_row"].to_numpy(dtype="float64", na_value=-1).astype(np.int64)
        keys.append(codes[start:start + len(frame)] * (1 << 32) + rows)
        start += len(frame)
    return keys


def _same_rows(frame: pd.DataFrame, other: pd.DataFrame) -> np.ndarray:
    """True for the rows of `frame` that come from a sheet row `other` also comes from."""
    mine, theirs = _row_keys([frame, other])
    return np.isin(mine, theirs)


def check_activities(report: Reporter, activities: pd.DataFrame | None) -> None:
    if activities is None or activities.empty:
        return
    report.rows("missing_title", activities, activities["title"].isna() & activities["category"].isna(), "title")
    codes = activities["activity_code"]
    duplicated = codes.notna() & codes.duplicated(keep="first")
    if duplicated.any():
        first_row = activities.loc[codes.notna() & ~codes.duplicated(keep="first")].set_index("activity_code")["source_row"]
        report.rows("duplicate_activity_code", activities, duplicated, "activity_code", codes,
                    codes.map(first_row))


def check_parts(report: Reporter, participation: pd.DataFrame | None, known_totals: pd.Series) -> None:
    """Female + male, the age bands, and each group may not exceed the total — per row, and per
    activity when the total comes from another sheet or an earlier upload."""
    if participation is None or participation.empty:
        return
    # only the columns the checks read and the problems name (not a copy of all of 3M rows' columns)
    participation = participation.loc[participation["source_row"].notna(),
                                      ["sheet", "source_row", "activity_key", "dimension", "value"]]
    if participation.empty:
        return
    frame = participation.assign(row_key=_row_keys([participation])[0])
    wide = frame.pivot_table(index="row_key", columns="dimension", values="value", aggfunc="sum")
    group_max = frame[frame["dimension"] == "group"].groupby("row_key")["value"].max()
    first = frame.drop_duplicates("row_key").set_index("row_key")
    keys = first["activity_key"]
    total = wide["total"] if "total" in wide else pd.Series(np.nan, index=wide.index)
    total = total.fillna(keys.map(known_totals).reindex(total.index).astype("float64"))
    rows = first.reset_index()
    totals = total.reindex(first.index).reset_index(drop=True)
    for dimension, code, field in (("sex", "sex_parts_exceed_total", "participants_female"),
                                   ("age", "age_parts_exceed_total", "participants_total")):
        if dimension in wide:
            over = (wide[dimension].reindex(first.index) > total.reindex(first.index) + 1e-9).fillna(False)
            report.rows(code, rows, over.reset_index(drop=True), field, totals)
    over_group = (group_max.reindex(first.index) > total.reindex(first.index) + 1e-9).fillna(False)
    report.rows("group_exceeds_total", rows, over_group.reset_index(drop=True), "participants_total", totals)


def check_outcomes(report: Reporter, outcomes: pd.DataFrame | None) -> None:
    if outcomes is None or outcomes.empty:
        return
    satisfaction = outcomes["measure"].eq("satisfaction")
    report.rows("satisfaction_range", outcomes, satisfaction & ~outcomes["value"].between(1, 5), "satisfaction",
                outcomes["value"])
    rows = outcomes.assign(row_key=_row_keys([outcomes])[0])
    wide = rows.pivot_table(index="row_key", columns="measure", values="value", aggfunc="sum")
    if {"completed", "enrolled"} <= set(wide.columns):
        first = rows.drop_duplicates("row_key").set_index("row_key").reindex(wide.index).reset_index()
        over = (wide["completed"] > wide["enrolled"]).to_numpy()
        report.rows("completed_exceeds_enrolled", first, pd.Series(over), "completed",
                    wide["completed"].reset_index(drop=True), wide["enrolled"].reset_index(drop=True))
