"""Nothing counted twice: the same records found again by their CONTENT (title, date, area and counts
of an activity; measure, area, period and value of a statistic), wherever they come from.

    within a file   a sheet whose records all stand in the other sheets (an "all zones" sheet beside
                    the zone sheets, or a sheet copied) is set aside, and the summary names it; records
                    repeated only in part are an error naming both sheets; within one sheet, an activity
                    written twice (the same title, date, area, events and people) is a warning naming its rows
    across uploads  records already stored for the city by another source (the same file renamed, or
                    copied into another office's file) are an error naming that upload
A file re-sent by the same source is not a repeat: it replaces that source's years.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from indicators import store
from indicators.base.messages import problem
from indicators.base.text import category_keys

COVERED = 0.9  # a sheet with this share of its records in the other sheets repeats them
SUMMARY_WORDS = ("รวม", "ทั้งหมด", "สรุป", "all", "total", "summary")
ACTIVITY_KEY_COLUMNS = ["title", "category", "district", "event_date", "year", "events", "participants"]
# Within one file, a summary sheet may add the area or category its zone sheets hold in their names:
# whether a whole sheet repeats the others is judged without them.
AREA_COLUMNS = {"district", "category"}
TEXT = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' own "str", as keys were written before
STATISTIC_KEY_COLUMNS = ["measure", "district", "year", "sex", "age_min", "age_max", "breakdown", "period_start",
                         "value"]


def content_keys(plan) -> None:
    """A content key on every activity and statistic of a plan (stored, so later files can be checked)."""
    activities = plan.frames.get("activities")
    if activities is not None and not activities.empty:
        frame = activities.assign(participants=_participants(activities, plan.frames.get("participation")),
                                  title=category_keys(activities["title"]), district=category_keys(activities["district"]))
        canonical = _canonical_columns(frame, ACTIVITY_KEY_COLUMNS)
        activities["content_key"] = _hash(canonical, ACTIVITY_KEY_COLUMNS)
        activities["sheet_key"] = _hash(canonical, [c for c in ACTIVITY_KEY_COLUMNS if c not in AREA_COLUMNS])
    statistics = plan.frames.get("statistics")
    if statistics is not None and not statistics.empty:
        frame = statistics.assign(district=category_keys(statistics["district"]))
        canonical = _canonical_columns(frame, STATISTIC_KEY_COLUMNS)
        statistics["content_key"] = _hash(canonical, STATISTIC_KEY_COLUMNS)
        statistics["sheet_key"] = _hash(canonical, [c for c in STATISTIC_KEY_COLUMNS if c not in AREA_COLUMNS])


def _participants(activities: pd.DataFrame, people: pd.DataFrame | None) -> pd.Series:
    """Each activity's participants: the sum of the totals stated for its key (NaN for none). The keys are
    numbered once for both tables and summed by number (the same sums, in the same order, as a groupby on
    the texts), without a Python str per key (0.3 GB and 0.8 s at 1M activities)."""
    if people is None or people.empty:
        return pd.Series(np.nan, index=activities.index, dtype="float64")
    stated = people["dimension"].eq("total").to_numpy(dtype=bool, na_value=False)
    codes, distinct = pd.factorize(pd.concat([activities["activity_key"], people["activity_key"][stated]],
                                             ignore_index=True), use_na_sentinel=True)
    mine, theirs = codes[:len(activities)], codes[len(activities):]
    values = people["value"].to_numpy(dtype="float64", na_value=np.nan)[stated]
    sums = pd.Series(values[theirs >= 0]).groupby(theirs[theirs >= 0]).sum()
    table = np.full(len(distinct) + 1, np.nan)  # the last one for a missing key
    table[sums.index.to_numpy()] = sums.to_numpy()
    return pd.Series(table[np.where(mine < 0, len(distinct), mine)], index=activities.index)


def _canonical_columns(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The columns as the keys compare them: numbers as numbers (30 = 30.0), dates by day, texts as written
    (already normalised), missing as missing; a column the frame lacks is blank."""
    return pd.DataFrame({name: _canonical(frame[name]) if name in frame else "" for name in columns},
                        index=frame.index)


def _hash(canonical: pd.DataFrame, columns: list[str]) -> pd.Series:
    """A stable hash of those canonical columns: the same key in every file and run."""
    hashes = pd.util.hash_pandas_object(canonical[columns], index=False).to_numpy(dtype="uint64")
    # written as decimal text by Arrow, not through a Python str per row
    return pd.Series(pd.array(pa.array(hashes).cast(pa.string()), dtype=TEXT), index=canonical.index)


def _canonical(column: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(column):
        return column.astype(str)
    if pd.api.types.is_numeric_dtype(column):
        numbers = column.astype("float64")
        if (numbers.eq(0) & np.signbit(numbers)).any():  # -0.0 and 0.0: equal as keys of a table, not as texts
            return numbers.map(repr, na_action="ignore").astype(object).fillna("")
        return _written_once(numbers, lambda distinct: pd.Series(distinct, dtype="float64").map(repr))
    if pd.api.types.is_datetime64_any_dtype(column):
        return _written_once(column, lambda distinct: pd.DatetimeIndex(distinct).strftime("%Y-%m-%d"))
    present = column.dropna()
    if len(present) and hasattr(present.iloc[0], "isoformat"):  # date objects
        return pd.to_datetime(column, errors="coerce").dt.strftime("%Y-%m-%d").fillna("")
    return _written_once(column, lambda distinct: [str(value) for value in distinct])


def _written_once(column: pd.Series, write) -> pd.Series:
    """The column as the text `write` gives each distinct value ("" when missing), held as a categorical:
    pandas hashes a categorical as it hashes its values, so the keys are those of the texts written out
    row by row, without a million Python strings (300 MB at 1M rows)."""
    codes, distinct = pd.factorize(column, use_na_sentinel=True)
    texts = np.array([*write(distinct), ""], dtype=object)  # the last one for a missing value
    relabel, labels = pd.factorize(texts)  # two values may be written alike (two times of one day)
    codes = relabel[np.where(codes < 0, len(texts) - 1, codes)]
    return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(labels, dtype=object)), index=column.index)


MAX_TWICE_SHOWN = 20


def activities_written_twice(plan) -> None:
    """A warning for each activity of a sheet written on two rows or more with the same content: both are
    stored (two sessions may match in every column), but a row entered twice would count its people twice."""
    frame = plan.frames.get("activities")
    if frame is None or frame.empty or "content_key" not in frame:
        return
    keys = frame["sheet"].astype(str) + "\x1f" + frame["content_key"].astype(str)
    twice = keys.duplicated(keep=False).to_numpy()
    if not twice.any():
        return
    rows = frame.loc[twice, ["sheet", "source_row"]].assign(key=keys[twice])
    for n, ((_key, sheet), group) in enumerate(rows.groupby(["key", "sheet"], sort=False)):
        if n == MAX_TWICE_SHOWN:
            plan.problems.append(problem("more_rows", severity="warning", file=plan.file_name, sheet=sheet,
                                         value=rows["key"].nunique() - MAX_TWICE_SHOWN, detail="activity_written_twice"))
            break
        found = sorted(int(r) for r in group["source_row"])
        plan.problems.append(problem("activity_written_twice", file=plan.file_name, sheet=sheet, row=found[0],
                                     value=len(found), detail=", ".join(map(str, found[:10]))))


def set_aside_repeated_sheets(plan) -> None:
    """Sheets of the plan whose records all stand in its other sheets are set aside (named in the
    problems); records repeated only in part are an error naming both sheets."""
    for table in ("activities", "statistics"):
        frame = plan.frames.get(table)
        if frame is None or frame.empty or frame["sheet"].nunique() < 2 or "content_key" not in frame:
            continue
        keys = {sheet: set(rows["content_key"]) for sheet, rows in frame.groupby("sheet", sort=False)}
        loose = {sheet: set(rows["sheet_key"]) for sheet, rows in frame.groupby("sheet", sort=False)}
        order = sorted(keys, key=lambda s: (not any(w in s.casefold() for w in SUMMARY_WORDS), -len(keys[s])))
        aside: list[tuple[str, list[str]]] = []
        for sheet in order:
            others = [s for s in keys if s != sheet and s not in {a for a, _ in aside}]
            union = set().union(*(keys[s] for s in others)) if others else set()
            shared = keys[sheet] & union
            covered = loose[sheet] & set().union(*(loose[s] for s in others)) if others else set()
            if len(loose[sheet]) >= 2 and len(covered) >= COVERED * len(loose[sheet]):
                aside.append((sheet, [s for s in others if loose[s] & loose[sheet]]))
            elif shared:
                other = next(s for s in others if keys[s] & keys[sheet])
                plan.problems.append(problem("repeated_records", file=plan.file_name, sheet=sheet,
                                             value=len(shared), detail=other))
        for sheet, repeated in aside:
            _drop_sheet(plan, sheet)
            plan.problems.append(problem("sheet_set_aside", file=plan.file_name, sheet=sheet,
                                         value=len(keys[sheet]), detail=", ".join(repeated)))


def lists_naming_listed_activities(plan, list_sheets: set[str], pending=()) -> None:
    """A list of people that names its activities by title (clean/list_activities.py) beside a register
    listing activities of those titles — in this file or another file of the batch: the list's activities
    are the register's, which would then be counted twice with their people. An error naming both sheets
    (link them by code)."""
    frame = plan.frames.get("activities")
    if frame is None or frame.empty or not list_sheets:
        return
    registers = [(sheet, rows) for sheet, rows in frame.groupby("sheet", sort=False) if sheet not in list_sheets]
    registers += [(f"{other.file_name} / {sheet}", rows) for other in pending
                  if (activities := other.frames.get("activities")) is not None
                  for sheet, rows in activities.groupby("sheet", sort=False)]
    for sheet in sorted(list_sheets & set(frame["sheet"])):
        mine = _titles(frame[frame["sheet"].eq(sheet)])
        for other, rows in registers:
            if shared := mine & _titles(rows):
                plan.problems.append(problem("list_repeats_register", file=plan.file_name, sheet=sheet,
                                             value=len(shared), detail=other))
                break


def _titles(activities) -> set[str]:
    return set(activities["title"].astype("string").str.strip().str.casefold().dropna())


def _drop_sheet(plan, sheet: str) -> None:
    for table, frame in list(plan.frames.items()):
        kept = frame[frame["sheet"] != sheet]
        if kept.empty:
            del plan.frames[table]
        else:
            plan.frames[table] = kept.reset_index(drop=True)
    for report in plan.sheets:
        if report.sheet == sheet:
            report.set_aside = True


def repeated_in_other_uploads(plan, con: duckdb.DuckDBPyConnection | None) -> None:
    """Records already stored for the city by another source: an error naming the upload."""
    if con is None:
        return
    for table, view in (("activities", "v_activities"), ("statistics", "v_statistics")):
        frame = plan.frames.get(table)
        if frame is None or frame.empty or "content_key" not in frame:
            continue
        with store.text_values(con, "_incoming_content_keys", frame["content_key"]) as keys:
            found = con.execute(
                f"SELECT t.content_key, min(t.upload_id), any_value(u.file_name), any_value(u.source) FROM {view} t "
                f"JOIN uploads u USING (upload_id) SEMI JOIN {keys} k ON k.value = t.content_key "
                "WHERE t.city = ? AND u.source <> ? GROUP BY 1", [plan.city, plan.source]).fetchall()
        if not found:
            continue
        uploads = sorted({(upload, name, source) for _, upload, name, source in found})
        upload, name, source = uploads[0]
        plan.problems.append(problem("records_in_other_upload", file=plan.file_name, value=len(found),
                                     detail=f"{upload} ({name}, source {source})"))
