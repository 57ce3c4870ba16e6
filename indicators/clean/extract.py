"""Turning an understood sheet into clean rows for the store's tables, column by column.

All cleaning is vectorised over whole columns (the cleaners parse unique values once), so a
200k-row sheet costs about as much as its distinct values. Each problem found here names the
sheet, the Excel row, the header as written and the value; validate.py adds the cross-column checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from indicators.base.errors import Problem
from indicators.base.memory import text_as_categories, texts_as_categories
from indicators.clean import cells as cleaning
from indicators.clean.clock_hours import clock_cells, clock_reading, hours_from_clock
from indicators.clean.list_activities import activities_of_a_list
from indicators.clean.sheet_area import area_of_the_sheet
from indicators.clean.sheet_context import SheetContext
from indicators.clean.statistics import places, statistics_long, statistics_wide
from indicators.read import RawSheet
from indicators.understand.columns import NO, YES
from indicators.understand.headers import Column
from indicators.understand.profile import people_in_text
from indicators.understand.register_headings import heading_of_each_row
from indicators.understand.sheet import SheetPlan
from indicators.understand.vocabulary import (
    ACTIVITIES,
    OUTCOMES,
    PARTICIPANT_LIST,
    PARTICIPANTS,
    PLACES,
    STATISTICS,
    STATISTICS_WIDE,
)

# The tables a large register fills (1M activities, 3M participation rows): their texts that repeat are held
# as categories (base/memory.py), all of them once links are resolved (ingest/plan.py): 0.4 GB instead of
# 0.93 for a 1M-row register. Not before: resolving links writes into their columns, which a categorical
# refuses for a value it lacks; statistics and outcomes stay plain (their measures are renamed).
REGISTER_TABLES = ("activities", "participation")
TEXT_FIELDS = ("activity_code", "title", "category", "district", "organiser", "partner", "target_group")
COUNT_FIELDS = {
    "participants_total": ("total", None),
    "participants_female": ("sex", "female"),
    "participants_male": ("sex", "male"),
    "group_older_adults": ("group", "older_adults"),
    "group_disability": ("group", "disability"),
    "group_ethnic_minority": ("group", "ethnic_minority"),
    "group_migrant": ("group", "migrant"),
    "group_low_income": ("group", "low_income"),
    "group_youth": ("group", "youth"),
    "group_unemployed": ("group", "unemployed"),
}
OUTCOME_FIELDS = ("enrolled", "completed", "certified", "satisfaction", "employed_after")


@dataclass
class Extracted:
    """Clean rows of one sheet, per store table, plus the problems found on the way."""

    activities: pd.DataFrame | None = None
    participation: pd.DataFrame | None = None
    outcomes: pd.DataFrame | None = None
    statistics: pd.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)
    links: pd.DataFrame | None = None  # participants/outcomes rows that refer to an activity code

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: frame for name, frame in (
            ("activities", self.activities), ("participation", self.participation),
            ("outcomes", self.outcomes), ("statistics", self.statistics)) if frame is not None and not frame.empty}


def extract_sheet(sheet: RawSheet, plan: SheetPlan, file_name: str, city: str, decimal_comma: bool = False,
                  key_prefix: str = "") -> Extracted:
    """Clean one sheet according to its kind. Rows keep their Excel row number as `source_row`."""
    context = SheetContext(sheet, plan, file_name, decimal_comma)
    context.key_prefix = key_prefix
    extractor = {
        ACTIVITIES: _activities,
        PARTICIPANTS: _participants,
        OUTCOMES: _outcomes,
        STATISTICS: _statistics(statistics_long),
        STATISTICS_WIDE: _statistics(statistics_wide),
        PLACES: _statistics(places),
        PARTICIPANT_LIST: _participant_list,
    }[plan.kind]
    extracted = extractor(context)
    extracted.problems = context.problems + extracted.problems
    for table, frame in extracted.frames().items():
        if table in REGISTER_TABLES:  # the same text on every row: held once, a byte per row
            frame["city"] = pd.Categorical.from_codes(np.zeros(len(frame), np.int8), [city])
            frame["sheet"] = pd.Categorical.from_codes(np.zeros(len(frame), np.int8), [sheet.name])
        else:
            frame["city"] = city
            frame["sheet"] = sheet.name
    return extracted


def _statistics(extract):
    return lambda context: Extracted(statistics=extract(context))


def _base(context: SheetContext) -> pd.DataFrame:
    frame = context.time()
    frame["district"] = context.areas()
    if headings := context.plan.area_headings:  # a register grouped under area headings (register_headings.py)
        under = heading_of_each_row(context.plan.data_rows, headings)
        frame["district"] = frame["district"].fillna(pd.Series(under, index=frame.index, dtype="string"))
        context.report_sheet("district_from_heading", value=len(headings))
    elif area := area_of_the_sheet(context):  # zone sheets: "เขต 1" holds the records of zone 1
        frame["district"] = area
    frame["source_row"] = context.excel_rows.to_numpy()
    return frame


def _activity_keys(context: SheetContext, codes: pd.Series) -> pd.Series:
    fallback = context.key_prefix + context.sheet.name + "!" + context.excel_rows.astype(str)
    return codes.fillna(pd.Series(fallback.to_numpy(), index=codes.index)).astype("string")


def _mode_from_answers(context: SheetContext, columns: list[Column]) -> pd.Series:
    """Modes answered yes/no or marked ✓, a column per mode: both marked is hybrid; one "Online?"
    answered no is in person (and the reverse); nothing marked is not known."""
    answers = [(column, context.text_of(column).str.lower()) for column in columns]
    index = answers[0][1].index
    online, in_person = pd.Series(False, index=index), pd.Series(False, index=index)
    for column, said in answers:
        if column.mode == "online":
            online |= said.isin(YES)
        else:
            in_person |= said.isin(YES)
    modes = pd.Series(pd.NA, index=index, dtype="string")
    if len(answers) == 1:
        column, said = answers[0]
        modes[said.isin(NO).to_numpy()] = "in_person" if column.mode == "online" else "online"
    modes[in_person.to_numpy()] = "in_person"
    modes[online.to_numpy()] = "online"
    modes[(online & in_person).to_numpy()] = "hybrid"
    return modes


def _activities(context: SheetContext) -> Extracted:
    base = _base(context)
    activities = base.copy()
    activities["district"] = text_as_categories(activities["district"])
    for name in TEXT_FIELDS:
        if name != "district":  # _base has it, from its column or the sheet's name
            # each column held as texts_as_categories will hold it (a 1M-row CSV: 0.25 GB less at the peak);
            # the codes stay text until the keys are made from them
            text = context.text(name)
            activities[name] = text if name == "activity_code" else text_as_categories(text)
    activities["activity_key"] = _activity_keys(context, activities["activity_code"])
    if answered := [c for c in context.plan.columns if c.field == "mode" and c.note == "answers"]:
        activities["mode"] = _mode_from_answers(context, answered)
    elif column := context.column("mode"):
        parsed = cleaning.parse_mode(context.cells(column))
        context.report("bad_mode", parsed.invalid, column, context.cells(column))
        activities["mode"] = parsed.values
    if column := context.column("kf_code"):
        parsed = cleaning.parse_kf_codes(context.cells(column))
        context.report("bad_kf_code", parsed.invalid, column, context.cells(column))
        activities["kf_code"] = parsed.values
    events = context.number(column, count=True) if (column := context.column("events")) else None
    activities["events"] = (events if events is not None else pd.Series(1, index=base.index)).fillna(1).round().astype("Int64")
    for name in ("hours", "budget"):
        if (column := context.column(name)) and column.note == "durations":
            parsed = cleaning.parse_duration_hours(context.cells(column))
            context.report("not_a_number", parsed.invalid, column, context.cells(column))
            activities[name] = parsed.values
        elif column and name == "hours" and column.scale == 1.0 and (reading := clock_reading(context.cells(column))):
            activities[name] = hours_written_as_clock(context, column, reading)
        elif column:
            activities[name] = context.number(column, count=False) * column.scale
    texts_as_categories(activities)  # before its districts and keys are repeated for each count
    participation = _counts_long(context, activities)
    outcomes = _outcomes_long(context, activities)
    return Extracted(activities=activities, participation=participation, outcomes=outcomes)


def hours_written_as_clock(context: SheetContext, column: Column, reading: str) -> pd.Series:
    """Hours of a column that writes minutes after the point (clean/clock_hours.py): 1.30 is 1.5 hours, said
    once; a column mixing 1.30 with 1.5 is refused at its cells written either way."""
    cells = context.cells(column)
    hours = context.number(column, count=False)
    clock = clock_cells(cells)
    if reading == "mixed":
        context.report("hours_clock_or_decimal", clock, column, cells)
        return hours
    example = cells[clock].iloc[0]
    context.report_sheet("hours_as_clock", column, value=str(example), detail=f"{hours_from_clock(cells[clock]).iloc[0]:g}")
    return hours.mask(pd.Series(clock.to_numpy(), index=hours.index), hours_from_clock(cells))


def _counts_long(context: SheetContext, rows: pd.DataFrame) -> pd.DataFrame | None:
    """Participant counts of each row, long: one row per (dimension, category) with a value."""
    counts: dict[str, pd.Series] = {}
    for name in COUNT_FIELDS:
        if column := context.column(name):
            counts[name] = context.number(column, count=True)
    if "participants_total" not in counts and (source := _people_in_text_column(context)) is not None:
        counts["participants_total"] = _people_from_text(context, source)
    if "participants_total" not in counts and {"participants_female", "participants_male"} <= counts.keys():
        counts["participants_total"] = pd.Series(pd.NA, index=rows.index, dtype="Float64")
    from_parts = pd.Series(False, index=rows.index)
    if "participants_total" in counts and {"participants_female", "participants_male"} <= counts.keys():
        female, male = counts["participants_female"], counts["participants_male"]
        no_total = counts["participants_total"].isna()
        both = no_total & female.notna() & male.notna()
        context.report("total_from_parts", both, context.column("participants_female"))
        # one sex not stated ("ไม่ระบุ"): the people counted are still participants; leaving them out of the
        # total would make it smaller than its own part
        for known, missing in ((female, male), (male, female)):
            unstated = context.column("participants_male" if missing is male else "participants_female")
            context.report("total_from_one_part", no_total & known.notna() & missing.isna(), unstated,
                           context.cells(unstated))
        stated_parts = (female.fillna(0) + male.fillna(0)).where(female.notna() | male.notna())
        from_parts = no_total & stated_parts.notna()
        counts["participants_total"] = counts["participants_total"].fillna(stated_parts)
    parts = [_CountPart(values, *COUNT_FIELDS[name], from_parts=from_parts if name == "participants_total" else None)
             for name, values in counts.items()]
    parts += [_CountPart(context.number(column, count=True), "age", _age_label(column), column.age_min,
                         column.age_max) for column in context.plan.columns if column.is_age_band]
    if not parts:
        return None
    return _long_counts(rows, parts)


@dataclass
class _CountPart:
    """One count column of the rows as long rows: its dimension and category (an age band's limits)."""

    values: pd.Series
    dimension: str
    category: str | None
    age_min: int | None = None
    age_max: int | None = None
    from_parts: pd.Series | None = None  # the total: where it is the sum of its parts

    @property
    def age(self) -> bool:
        return self.dimension == "age"


def _long_counts(rows: pd.DataFrame, parts: list[_CountPart]) -> pd.DataFrame:
    """The parts one after another, each only where it holds a value: the rows' columns taken once for all
    of them (one copy of the 3M-row table a 1M-row register makes, not a copy per part and one more to join
    them). `total_from_parts` marks where a total is the sum of its parts: a linked sheet's sum gives way to
    a total stated elsewhere (plan.py)."""
    keep = [k for k in ("activity_key", "district", "event_date", "year", "fiscal_year", "source_row")
            if k in rows.columns]
    where = [np.flatnonzero(part.values.notna().to_numpy()) for part in parts]
    sizes = [len(positions) for positions in where]
    frame = rows[keep].take(np.concatenate(where)).reset_index(drop=True)
    dimensions = list(dict.fromkeys(p.dimension for p in parts))  # a few texts over a register's 3M long rows
    frame["dimension"] = pd.Categorical.from_codes(
        np.repeat(np.asarray([dimensions.index(p.dimension) for p in parts], dtype=np.int16), sizes), dimensions)
    frame["category"] = pd.array(np.repeat(np.array([p.category for p in parts], dtype=object), sizes), dtype="string")
    if any(part.age for part in parts):
        for bound in ("age_min", "age_max"):
            limits = [getattr(p, bound) if p.age else None for p in parts]
            frame[bound] = np.repeat(np.array([np.nan if v is None else v for v in limits], dtype="float64"), sizes)
    frame["value"] = np.concatenate([p.values.to_numpy(dtype="float64", na_value=np.nan)[w] for p, w in zip(parts, where)])
    frame["total_from_parts"] = np.concatenate(
        [p.from_parts.to_numpy(dtype=bool)[w] if p.from_parts is not None else np.zeros(len(w), bool)
         for p, w in zip(parts, where)])
    return frame


def _people_in_text_column(context: SheetContext) -> Column | None:
    """The text column where a register writes its participants ("จำนวน ๙๖ คน"), when it has no count
    column: the one holding such counts on the most rows."""
    candidates = [c for c in context.plan.columns if c.field in ("people_in_text", "target_group", "title")
                  and c.profile is not None and c.profile.filled
                  and c.profile.people_in_text >= 0.2 * c.profile.filled]
    return max(candidates, key=lambda c: c.profile.people_in_text, default=None)


def _people_from_text(context: SheetContext, column: Column) -> pd.Series:
    """The last count of people written in each row's (or record's) text; none where none is written —
    never a guess — and the summary says how many have none."""
    texts = context.text_of(column)
    counts = pd.Series([people_in_text(t) if isinstance(t, str) else None for t in texts.astype(object)],
                       index=texts.index, dtype="Float64")
    context.report_sheet("participants_in_text", column, value=int(counts.notna().sum()),
                         detail=str(int(counts.isna().sum())))
    return counts


def _age_label(column: Column) -> str:
    if column.age_max is None:
        return f"{column.age_min}+"
    return f"{column.age_min}-{column.age_max}"


def _outcomes_long(context: SheetContext, rows: pd.DataFrame) -> pd.DataFrame | None:
    keep = [k for k in ("activity_key", "district", "year", "fiscal_year", "source_row") if k in rows.columns]
    pieces = []
    for name in OUTCOME_FIELDS:
        if column := context.column(name):
            values = context.number(column, count=name != "satisfaction")
            pieces.append(rows[keep].assign(measure=name, value=values)[values.notna()])
    if not pieces:
        return None
    frame = pd.concat(pieces, ignore_index=True)
    frame["value"] = frame["value"].astype("float64")
    return frame


def _linked_rows(context: SheetContext) -> pd.DataFrame:
    rows = _base(context)
    codes = context.text("activity_code")
    rows["activity_code"] = codes
    rows["activity_key"] = codes
    return rows


def _participants(context: SheetContext) -> Extracted:
    rows = _linked_rows(context)
    participation = _counts_long(context, rows)
    if participation is not None:
        participation["activity_code"] = participation["activity_key"]
    return Extracted(participation=participation, outcomes=_outcomes_long(context, rows), links=rows)


def _outcomes(context: SheetContext) -> Extracted:
    rows = _linked_rows(context)
    outcomes = _outcomes_long(context, rows)
    if outcomes is not None:
        outcomes["activity_code"] = outcomes["activity_key"]
    return Extracted(outcomes=outcomes, links=rows)


# -- one person per row ----------------------------------------------------------------------------
STANDARD_AGE_BANDS = ((0, 14), (15, 24), (25, 59), (60, None))


def _participant_list(context: SheetContext) -> Extracted:
    """A registration list (one person per row) becomes counts per activity, sex and age band;
    names, ID numbers and contact details never leave this function."""
    rows = _base(context)
    rows["activity_key"] = context.text("activity_code")
    rows["title"] = context.text("title")
    if column := context.column("sex"):
        rows["sex"] = cleaning.parse_sex(context.cells(column)).values
    else:
        rows["sex"] = pd.NA
    if column := context.column("age"):
        rows["age"] = context.number(column, count=True)
    else:
        rows["age"] = pd.NA
    activities = activities_of_a_list(context, rows, TEXT_FIELDS)
    keys = ["activity_key", "district", "year", "fiscal_year"]
    grouped = rows.assign(one=1).groupby(keys, dropna=False)
    pieces = [grouped["one"].sum().reset_index().assign(dimension="total", category=None).rename(columns={"one": "value"})]
    by_sex = rows[rows["sex"].notna()].assign(one=1).groupby(keys + ["sex"], dropna=False)["one"].sum().reset_index()
    pieces.append(by_sex.rename(columns={"one": "value", "sex": "category"}).assign(dimension="sex"))
    ages = pd.to_numeric(rows["age"], errors="coerce")
    for low, high in STANDARD_AGE_BANDS:
        in_band = ages.ge(low) & (ages.le(high) if high is not None else True)
        band = rows[in_band.fillna(False)].assign(one=1).groupby(keys, dropna=False)["one"].sum().reset_index()
        label = f"{low}+" if high is None else f"{low}-{high}"
        pieces.append(band.rename(columns={"one": "value"}).assign(dimension="age", category=label,
                                                                    age_min=low, age_max=high))
    participation = pd.concat([p for p in pieces if not p.empty], ignore_index=True)
    participation["value"] = participation["value"].astype("float64")
    # the people listed are a count of the activity's participants, like a sum of its parts: where an
    # activities sheet (or an earlier upload) states the activity's total, that total stands alone (plan.py)
    participation["total_from_parts"] = participation["dimension"].eq("total").to_numpy()
    # linked by code to activities stated elsewhere; those it makes itself are linked by their keys already
    participation["activity_code"] = participation["activity_key"] if activities is None else pd.NA
    participation["source_row"] = pd.NA  # counts of many rows: no single row to point at
    context.report_sheet("participant_list", value=len(rows))
    if activities is not None:  # its own activities: nothing to link to elsewhere
        return Extracted(activities=activities, participation=participation)
    links = rows[["activity_key", "district", "year", "fiscal_year", "source_row"]].assign(
        activity_code=rows["activity_key"], event_date=None)
    return Extracted(participation=participation, links=links)
