"""The activities a list of people names by title ("ชื่อกิจกรรม" beside each person, no activity code): each
title, date and area is one activity, attended by the people listed under it. Without them the list was
one group of people of no activity: its activities went uncounted (found by a tester)."""

from __future__ import annotations

import pandas as pd

from indicators.base.memory import text_as_categories

ACTIVITY_OF_A_ROW = ["title", "event_date", "district", "year", "fiscal_year"]


def activities_of_a_list(context, rows: pd.DataFrame, text_fields: tuple[str, ...]) -> pd.DataFrame | None:
    """The activities of a list's rows (their keys written into `rows`), or None when the list has an
    activity code (it links to activities stated elsewhere) or no title."""
    if context.column("activity_code") is not None or context.column("title") is None or rows["title"].isna().all():
        return None
    titled = rows["title"].notna()
    group = rows.groupby(ACTIVITY_OF_A_ROW, dropna=False, sort=False).ngroup()
    first = ~group.duplicated() & titled
    key = context.key_prefix + context.sheet.name + "!" + rows["source_row"].astype("string")
    keys = pd.Series(key.where(first).to_numpy(), index=group.to_numpy()).dropna()
    rows["activity_key"] = group.map(keys).where(titled).astype("string")
    activities = rows.loc[first, [*ACTIVITY_OF_A_ROW, "activity_key", "source_row"]].copy()
    for name in text_fields:
        if name not in activities:
            activities[name] = context.text(name)[first] if context.column(name) is not None else None
    activities["district"] = text_as_categories(activities["district"])
    activities["events"] = pd.Series(1, index=activities.index, dtype="Int64")
    context.report_sheet("activities_from_list", context.column("title"), value=len(activities))
    return activities.reset_index(drop=True)
