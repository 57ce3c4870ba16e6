"""The activities a list of people names by title ("ชื่อกิจกรรม" beside each person, no activity code): each
title is one activity, attended by the people listed under it. Without them the list was one group of
people of no activity: its activities went uncounted (found by a tester).

A title listed with several dates or areas is refused (`list_activity_unclear`): a session of its own on
each date, or the day each person signed up and where each lives? Either reading could be wrong."""

from __future__ import annotations

import pandas as pd

from indicators.base.memory import text_as_categories

ACTIVITY_FIELDS = ["title", "event_date", "district", "year", "fiscal_year"]


def activities_of_a_list(context, rows: pd.DataFrame, text_fields: tuple[str, ...]) -> pd.DataFrame | None:
    """The activities of a list's rows (their keys written into `rows`), or None when the list has an
    activity code (it links to activities stated elsewhere) or no title."""
    if context.column("activity_code") is not None or context.column("title") is None or rows["title"].isna().all():
        return None
    titled = rows["title"].notna()
    spread = rows[titled].groupby("title", sort=False).agg(dates=("event_date", "nunique"), areas=("district", "nunique"))
    unclear = spread[(spread["dates"] > 1) | (spread["areas"] > 1)]
    if len(unclear):
        context.report_sheet("list_activity_unclear", context.column("title"), detail=str(unclear.index[0]),
                             value=int(unclear[["dates", "areas"]].max(axis=1).iloc[0]))
    group = rows["title"].where(titled)
    first = ~group.duplicated() & titled
    key = context.key_prefix + context.sheet.name + "!" + rows["source_row"].astype("string")
    keys = pd.Series(key[first].to_numpy(), index=group[first].to_numpy())
    rows["activity_key"] = group.map(keys).astype("string")
    activities = rows.loc[first, [*ACTIVITY_FIELDS, "activity_key", "source_row"]].copy()
    for name in text_fields:
        if name not in activities:
            activities[name] = context.text(name)[first] if context.column(name) is not None else None
    activities["district"] = text_as_categories(activities["district"])
    activities["events"] = pd.Series(1, index=activities.index, dtype="Int64")
    context.report_sheet("activities_from_list", context.column("title"), value=len(activities))
    return activities.reset_index(drop=True)
