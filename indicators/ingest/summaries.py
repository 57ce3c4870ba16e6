"""A summary sheet beside a file's registers ("สรุป": per amphoe, the number of activities and of
participants of the other sheets) repeats their figures. Stored beside them, it stood as statistics no one
had checked (found by a tester: a summary saying 50 over sheets adding up to 43 was committed with them),
and one with no year of its own refused the whole file.

So each of its figures that a register gives too (participants, by sex, activities, budget, hours, per
area) is checked against the registers' sum: when all agree and it holds no other figure, the sheet is set
aside, counted once; a figure that disagrees is an error naming both. A summary holding figures of its own
is left as it is."""

from __future__ import annotations

import re

import pandas as pd

from indicators.base.messages import problem

AREA_KIND = re.compile(r"^(?:อำเภอ|อ\.|เขต|ตำบล|ต\.)\s*")
ACTIVITY_SUMS = {"events": "events", "budget": "budget", "hours": "hours"}
# a summary's own problems (no year, columns whose measure it does not say): set aside, with each of its
# figures found in the records, they no longer apply
ALONE_PROBLEMS = ("year_needed", "year_from_sheet", "year_from_fiscal", "no_fiscal_year", "needs_review")


def summaries_of_the_registers(plan) -> None:
    statistics, activities = plan.frames.get("statistics"), plan.frames.get("activities")
    if statistics is None or activities is None or statistics.empty or activities.empty:
        return
    participation = plan.frames.get("participation")
    for sheet, rows in statistics.groupby("sheet", sort=False):
        others = activities["sheet"].ne(sheet)
        if not others.any() or rows["year"].nunique() > 1:
            continue
        parts = participation[participation["sheet"].ne(sheet)] if participation is not None else None
        checked, differing = _compare(rows, activities[others], parts)
        if differing:
            district, measure, said, summed = differing[0]
            plan.problems.append(problem("summary_differs", file=plan.file_name, sheet=sheet, header=measure,
                                         value=f"{said:g}", detail=f"{summed:g} ({district or '—'})"))
        elif checked == len(rows):  # every figure it holds is the registers': nothing of its own is lost
            plan.frames["statistics"] = statistics = statistics[statistics["sheet"].ne(sheet)].reset_index(drop=True)
            plan.problems = [p for p in plan.problems if not (p.sheet == sheet and p.code in ALONE_PROBLEMS)]
            plan.problems.append(problem("summary_set_aside", file=plan.file_name, sheet=sheet, value=checked))
            for report in plan.sheets:
                if report.sheet == sheet:
                    report.set_aside = True
    if plan.frames.get("statistics") is not None and plan.frames["statistics"].empty:
        del plan.frames["statistics"]


def _compare(summary: pd.DataFrame, activities: pd.DataFrame, participation: pd.DataFrame | None):
    """(figures checked, [(area, measure, summary's figure, registers' sum)] that differ)."""
    sums = _register_sums(activities, participation)
    has_participants = summary["measure"].eq("participants").any()
    checked, differing = 0, []
    for row in summary.itertuples(index=False):
        measure = row.measure if row.measure in ("participants", *ACTIVITY_SUMS) else (
            "participants" if has_participants and isinstance(row.sex, str) else None)  # "หญิง" beside "ผู้เข้าร่วม"
        if measure is None or (measure != "participants" and isinstance(row.sex, str)):
            continue
        area = _area_key(row.district)
        key = (measure, row.sex if isinstance(row.sex, str) else None)
        if key not in sums:
            continue
        summed = sums[key]
        total = summed.sum() if area is None else summed.get(area, 0.0)
        checked += 1
        if abs(total - row.value) > 1e-6 * max(1.0, abs(row.value)):
            differing.append((row.district, row.measure_label or measure, row.value, total))
    return checked, differing


def _register_sums(activities: pd.DataFrame, participation: pd.DataFrame | None) -> dict:
    """(measure, sex) → the registers' sum per area key."""
    areas = activities["district"].map(_area_key)
    sums = {(measure, None): activities[column].astype("float64").groupby(areas, dropna=False).sum()
            for measure, column in ACTIVITY_SUMS.items() if column in activities and activities[column].notna().any()}
    if participation is not None and not participation.empty:
        people = participation.assign(area=participation["district"].map(_area_key))
        for dimension, sex in (("total", None), ("sex", "female"), ("sex", "male")):
            chosen = people["dimension"].eq(dimension) & (people["category"].eq(sex) if sex else True)
            if chosen.any():
                sums[("participants", sex)] = people.loc[chosen].groupby("area", dropna=False)["value"].sum()
    return sums


def _area_key(name) -> str | None:
    if not isinstance(name, str) or not name.strip():
        return None
    return AREA_KIND.sub("", name.strip()).replace(" ", "").casefold()
