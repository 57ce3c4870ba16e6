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

SUMMARY_WORDS = ("สรุป", "รวมทุก", "ภาพรวม", "summary", "overview")
PLANNED = ("เป้าหมาย", "แผน", "target", "plan", "goal")
AREA_KIND = re.compile(r"^(?:อำเภอ|อ\.|เขต|ตำบล|ต\.)\s*")
ACTIVITY_SUMS = {"events": "events", "budget": "budget", "hours": "hours"}
# a summary's own problems (no year, columns whose measure it does not say): set aside, with each of its
# figures found in the records, they no longer apply
ALONE_PROBLEMS = ("year_needed", "year_from_sheet", "year_from_fiscal", "no_fiscal_year", "needs_review")


def summaries_of_the_registers(plan) -> None:
    """After the links are resolved: a list's head-count beside a stated total is no longer a second total."""
    statistics, activities = plan.frames.get("statistics"), plan.frames.get("activities")
    if statistics is None or activities is None or statistics.empty or activities.empty:
        return
    participation = plan.frames.get("participation")
    titles = plan.titles
    for sheet, rows in statistics.groupby("sheet", sort=False):
        others = activities["sheet"].ne(sheet) & _in_its_year(activities, rows)
        if not others.any() or not _a_summary(sheet, titles.get(sheet, "")) or not _plain_figures(rows):
            continue
        parts = participation[participation["sheet"].ne(sheet) & _in_its_year(participation, rows)] \
            if participation is not None else None
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


def _a_summary(sheet: str, title: str) -> bool:
    """Named a summary ("สรุป", "รวมทุกอำเภอ", "Summary"), by its sheet or its title."""
    return any(word in text.casefold() for text in (sheet, title or "") for word in SUMMARY_WORDS)


def _plain_figures(rows: pd.DataFrame) -> bool:
    """One figure per area and measure: no breakdown, no period of months, no target or plan."""
    labels = rows["measure_label"].astype("string").fillna("").str.casefold()
    return bool(rows["breakdown"].isna().all() and rows["period_months"].isna().all()
                and not labels.str.contains("|".join(PLANNED)).any())


def _in_its_year(frame: pd.DataFrame, summary: pd.DataFrame) -> pd.Series:
    """The register rows of the summary's one (fiscal) year; all of them when it states none. A summary of
    several years, or of a year no register row is in, selects none (it is left as it is)."""
    if summary["year"].isna().all():
        return pd.Series(True, index=frame.index)
    if summary["year"].nunique() != 1:
        return pd.Series(False, index=frame.index)
    if summary["fiscal_year"].notna().all() and summary["fiscal_year"].nunique() == 1:
        return frame["fiscal_year"].eq(summary["fiscal_year"].iloc[0]).fillna(False)
    return frame["year"].eq(summary["year"].iloc[0]).fillna(False)


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
