"""Turning an understood sheet into clean rows for the store's tables, column by column.

All cleaning is vectorised over whole columns (the cleaners parse unique values once), so a
200k-row sheet costs about as much as its distinct values. Each problem found here names the
sheet, the Excel row, the header as written and the value; validate.py adds the cross-column checks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from indicators.base.errors import Problem
from indicators.base.messages import problem
from indicators.base.text import header_key
from indicators.clean import cells as cleaning
from indicators.config import config_path, read_yaml
from indicators.read import RawSheet
from indicators.understand.headers import SEX_OF, Column, parse_age_band, year_of_header
from indicators.understand.sheet import SheetPlan
from indicators.understand.vocabulary import (
    ACTIVITIES,
    OUTCOMES,
    PARTICIPANT_LIST,
    PARTICIPANTS,
    STATISTICS,
    STATISTICS_WIDE,
)

MAX_PROBLEMS_PER_KIND = 20  # per sheet, column and code; the rest are summed up in one "more rows" line
MAX_TEXT_LENGTH = 500
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
}
OUTCOME_FIELDS = ("enrolled", "completed", "certified", "satisfaction", "employed_after")
POPULATION_FIELDS = {"population_total": None, "population_female": "female", "population_male": "male"}
ERROR_CELL = re.compile(r"^#(REF!|DIV/0!|VALUE!|N/A|NAME\?|NULL!|NUM!|SPILL!|CALC!)$")


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


class SheetContext:
    """The body of one sheet as a DataFrame of raw cells, with the helpers that report problems."""

    def __init__(self, sheet: RawSheet, plan: SheetPlan, file_name: str, decimal_comma: bool):
        self.sheet = sheet
        self.plan = plan
        self.file_name = file_name
        self.decimal_comma = decimal_comma
        width = max((c.index for c in plan.columns), default=-1) + 1
        body = [list(sheet.rows[i][:width]) + [None] * (width - len(sheet.rows[i])) for i in plan.data_rows]
        self.raw = pd.DataFrame(body, columns=range(width), dtype=object) if body else pd.DataFrame(
            columns=range(width), dtype=object)
        self.excel_rows = pd.Series([sheet.first_row + i + 1 for i in plan.data_rows], dtype="int64")
        self.problems: list[Problem] = []
        self.fields = plan.fields()
        self.key_prefix = ""

    def column(self, name: str) -> Column | None:
        return self.fields.get(name)

    def cells(self, column: Column) -> pd.Series:
        return self.raw[column.index]

    def report(self, code: str, mask: pd.Series, column: Column | None, values: pd.Series | None = None,
               details: pd.Series | None = None) -> None:
        """One problem per flagged row (up to a limit), then one line that counts the rest."""
        flagged = np.flatnonzero(mask.to_numpy(dtype=bool, na_value=False))
        for position in flagged[:MAX_PROBLEMS_PER_KIND]:
            value = None if values is None else values.iloc[position]
            detail = "" if details is None else str(details.iloc[position])
            self.problems.append(problem(
                code, file=self.file_name, sheet=self.sheet.name, row=int(self.excel_rows.iloc[position]),
                column=column.header if column else None, value=_display(value), detail=detail))
        if len(flagged) > MAX_PROBLEMS_PER_KIND:
            rest = len(flagged) - MAX_PROBLEMS_PER_KIND
            severity = problem(code).severity
            self.problems.append(problem(
                "more_rows", severity=severity, file=self.file_name, sheet=self.sheet.name,
                column=column.header if column else None, value=rest, detail=code))

    def report_sheet(self, code: str, column: Column | None = None, **fields) -> None:
        self.problems.append(problem(code, file=self.file_name, sheet=self.sheet.name,
                                     column=column.header if column else None, **fields))

    # -- typed columns -------------------------------------------------------------------------
    def text(self, name: str) -> pd.Series:
        column = self.column(name)
        if column is None:
            return pd.Series(pd.NA, index=self.raw.index, dtype="string")
        return self.text_of(column)

    def text_of(self, column: Column) -> pd.Series:
        values = cleaning.normalise_text(self.cells(column))
        # lower(), not casefold(): Arrow does it without a Python loop; the same for every missing word
        missing = values.str.lower().isin(cleaning.MISSING_WORDS)
        values = values.mask(missing)
        too_long = values.str.len() > MAX_TEXT_LENGTH
        if too_long.any():
            self.report("long_text", too_long, column, values.str.slice(0, 40), pd.Series(MAX_TEXT_LENGTH, index=values.index))
            values = values.where(~too_long, values.str.slice(0, MAX_TEXT_LENGTH))
        return values

    def number(self, column: Column, *, count: bool) -> pd.Series:
        raw = self.cells(column)
        result = cleaning.parse_count(raw, self.decimal_comma) if count else cleaning.parse_number(raw, self.decimal_comma)
        values = result.values.astype("Float64")
        # an error cell (#REF!, #DIV/0!) is never a number: look for them among the invalid cells only
        error_cells = pd.Series(False, index=raw.index)
        invalid = result.invalid.to_numpy(dtype=bool)
        if invalid.any():
            error_cells[invalid] = [isinstance(c, str) and bool(ERROR_CELL.match(c.strip())) for c in raw[invalid]]
        self.report("error_cell", error_cells, column, raw)
        self.report("not_a_number", result.invalid & ~error_cells, column, raw)
        negative = values.lt(0).fillna(False)
        self.report("negative_count" if count else "negative_value", negative, column, raw)
        if count:
            fractional = (values.notna() & (values.round() != values)).fillna(False)
            self.report("fractional_count", fractional, column, raw)
        return values

    def sheet_year(self) -> int | None:
        """A year written in the sheet name ("2567") or the title rows, for sheets without a date column."""
        for text in (self.sheet.name, self.plan.title_text):
            cleaned = cleaning.normalise_text(pd.Series([text], dtype=object)).iloc[0]
            if pd.isna(cleaned):
                continue
            found = re.search(r"(?<!\d)((?:25|26)\d\d|(?:19|20)\d\d)(?!\d)", cleaned)
            if found and (year := year_of_header(found.group(1))):
                return year
        return None

    def time(self) -> pd.DataFrame:
        """Date, calendar year and fiscal year of every row, from whatever the sheet gives."""
        index = self.raw.index
        dates = pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
        years = pd.Series(pd.NA, index=index, dtype="Int64")
        fiscal = pd.Series(pd.NA, index=index, dtype="Int64")
        if column := self.column("date"):
            parsed = cleaning.parse_date(self.cells(column))
            self.report("bad_date", parsed.invalid, column, self.cells(column))
            dates = parsed.values
        if column := self.column("period_yymm"):
            parsed = cleaning.parse_period_yymm(self.cells(column))
            self.report("bad_date", parsed.invalid, column, self.cells(column))
            dates = dates.fillna(parsed.values)
        years = years.fillna(pd.Series(dates.dt.year, index=index).astype("Int64"))
        if column := self.column("year"):
            parsed = cleaning.parse_year(self.cells(column))
            self.report("bad_year", parsed.invalid, column, self.cells(column))
            self._warn_mixed_eras(column)
            years = years.fillna(parsed.values.astype("Int64"))
        if column := self.column("fiscal_year"):
            parsed = cleaning.parse_year(self.cells(column))
            self.report("bad_year", parsed.invalid, column, self.cells(column))
            fiscal = parsed.values.astype("Int64")
            only_fiscal = years.isna() & fiscal.notna()
            if only_fiscal.any():
                self.report_sheet("year_from_fiscal", column, value=int(only_fiscal.sum()))
                years = years.fillna(fiscal)
        fiscal = fiscal.fillna(cleaning.fiscal_year(dates).astype("Int64"))
        has_time_column = any(self.column(f) for f in ("date", "year", "fiscal_year", "period_yymm"))
        if years.isna().all() and not has_time_column and (year := self.sheet_year()) is not None:
            self.report_sheet("year_from_sheet", value=year)
            years = years.fillna(year)
        year_only = (years.notna() & dates.isna() & fiscal.isna())
        if year_only.any() and self.plan.kind != STATISTICS:
            self.report_sheet("no_fiscal_year", value=int(year_only.sum()))
        return pd.DataFrame({"event_date": dates, "year": years,
                             "fiscal_year": fiscal})

    def _warn_mixed_eras(self, column: Column) -> None:
        numbers = pd.to_numeric(cleaning.normalise_text(self.cells(column)).str.extract(r"(\d{4})")[0],
                                errors="coerce")
        if (numbers >= 2400).any() and (numbers < 2400).any():
            self.report_sheet("mixed_eras", column)


def _display(value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    return value


def extract_sheet(sheet: RawSheet, plan: SheetPlan, file_name: str, city: str, decimal_comma: bool = False,
                  key_prefix: str = "") -> Extracted:
    """Clean one sheet according to its kind. Rows keep their Excel row number as `source_row`."""
    context = SheetContext(sheet, plan, file_name, decimal_comma)
    context.key_prefix = key_prefix
    extractor = {
        ACTIVITIES: _activities,
        PARTICIPANTS: _participants,
        OUTCOMES: _outcomes,
        STATISTICS: _statistics_long,
        STATISTICS_WIDE: _statistics_wide,
        PARTICIPANT_LIST: _participant_list,
    }[plan.kind]
    extracted = extractor(context)
    extracted.problems = context.problems + extracted.problems
    for frame in extracted.frames().values():
        frame["city"] = city
        frame["sheet"] = sheet.name
    return extracted


def _base(context: SheetContext) -> pd.DataFrame:
    frame = context.time()
    frame["district"] = context.text("district")
    frame["source_row"] = context.excel_rows.to_numpy()
    return frame


def _activity_keys(context: SheetContext, codes: pd.Series) -> pd.Series:
    fallback = context.key_prefix + context.sheet.name + "!" + context.excel_rows.astype(str)
    return codes.fillna(pd.Series(fallback.to_numpy(), index=codes.index)).astype("string")


def _activities(context: SheetContext) -> Extracted:
    base = _base(context)
    activities = base.copy()
    for name in TEXT_FIELDS:
        activities[name] = context.text(name)
    activities["activity_key"] = _activity_keys(context, activities["activity_code"])
    if column := context.column("mode"):
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
        if column := context.column(name):
            activities[name] = context.number(column, count=False)
    participation = _counts_long(context, activities)
    outcomes = _outcomes_long(context, activities)
    return Extracted(activities=activities, participation=participation, outcomes=outcomes)


def _counts_long(context: SheetContext, rows: pd.DataFrame) -> pd.DataFrame | None:
    """Participant counts of each row, long: one row per (dimension, category) with a value."""
    pieces = []
    counts: dict[str, pd.Series] = {}
    for name in COUNT_FIELDS:
        if column := context.column(name):
            counts[name] = context.number(column, count=True)
    if "participants_total" not in counts and {"participants_female", "participants_male"} <= counts.keys():
        counts["participants_total"] = pd.Series(pd.NA, index=rows.index, dtype="Float64")
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
        counts["participants_total"] = counts["participants_total"].fillna(stated_parts)
    keep = ["activity_key", "district", "event_date", "year", "fiscal_year", "source_row"]
    keep = [k for k in keep if k in rows.columns]
    for name, values in counts.items():
        dimension, category = COUNT_FIELDS[name]
        piece = rows[keep].assign(dimension=dimension, category=category, value=values)
        pieces.append(piece[values.notna()])
    for column in context.plan.columns:
        if column.is_age_band:
            values = context.number(column, count=True)
            piece = rows[keep].assign(dimension="age", category=_age_label(column), age_min=column.age_min,
                                      age_max=column.age_max, value=values)
            pieces.append(piece[values.notna()])
    if not pieces:
        return None
    frame = pd.concat(pieces, ignore_index=True)
    frame["value"] = frame["value"].astype("float64")
    return frame


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


# -- statistics ------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _measure_catalogue() -> dict[str, tuple[str, str]]:
    data = read_yaml(config_path("measures.yaml"))
    return {header_key(label): (code, spec.get("unit")) for code, spec in data["measures"].items()
            for label in spec["labels"]}


def resolve_measure(label: str) -> dict:
    """A measure label as written → code, sex and age band ("ประชากรหญิง อายุ 60 ปีขึ้นไป" →
    population, female, 60+). Unknown labels keep a code made from the label."""
    text = header_key(label)
    catalogue = _measure_catalogue()
    sex = age_min = age_max = None
    band = parse_age_band(text)
    if band:
        age_min, age_max, band_sex = band
        sex = band_sex
        text = re.sub(r"(อายุ|age)?\s*(ต่ำกว่า|under)?\s*\d+\s*(-|–|ถึง)?\s*\d*\s*(ปี|years?)?\s*(ขึ้นไป|\+|and over|or more)?",
                      " ", text).strip()
    base = text
    if base not in catalogue:
        for word, word_sex in sorted(SEX_OF.items(), key=lambda item: -len(item[0])):
            if len(word) > 1 and word in base:
                stripped = re.sub(r"\s+", " ", base.replace(word, " ")).strip()
                if stripped in catalogue:
                    base, sex = stripped, word_sex
                    break
    if base in catalogue:
        code, unit = catalogue[base]
    else:
        code, unit = _slug(label), None
    return {"measure": code, "sex": sex, "age_min": age_min, "age_max": age_max, "default_unit": unit}


def _slug(label: str) -> str:
    text = unicodedata.normalize("NFC", str(label)).casefold()
    text = re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", text)
    return re.sub(r"[^\w]+", "_", text).strip("_")[:60] or "measure"


def _measure_columns(frame: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    unique = labels.dropna().unique()
    resolved = pd.DataFrame([resolve_measure(u) for u in unique], index=unique)
    if resolved.empty:
        resolved = pd.DataFrame(columns=["measure", "sex", "age_min", "age_max", "default_unit"])
    joined = resolved.reindex(labels.to_numpy())
    joined.index = frame.index
    frame["measure"] = joined["measure"]
    frame["measure_label"] = labels
    frame["sex"] = joined["sex"]
    frame["age_min"] = joined["age_min"].astype("Int64")
    frame["age_max"] = joined["age_max"].astype("Int64")
    frame["unit"] = frame["unit"].fillna(joined["default_unit"]) if "unit" in frame else joined["default_unit"]
    return frame


def _statistics_long(context: SheetContext) -> Extracted:
    base = _base(context)
    pieces = []
    if context.column("measure") and (value_column := context.column("value")):
        piece = base.copy()
        piece["unit"] = context.text("unit")
        piece["value"] = context.number(value_column, count=False)
        labels = context.text("measure")
        piece = _measure_columns(piece, labels.astype(object).where(labels.notna(), None))
        if context.column("flag"):
            piece["flag"] = context.text("flag")
        pieces.append(piece)
    for name, sex in POPULATION_FIELDS.items():
        if column := context.column(name):
            pieces.append(base.assign(measure="population", measure_label=column.header, sex=sex,
                                      value=context.number(column, count=True), unit="persons"))
    for column in context.plan.columns:
        if column.is_age_band:
            pieces.append(base.assign(measure="population", measure_label=column.header, sex=column.sex,
                                      age_min=column.age_min, age_max=column.age_max,
                                      value=context.number(column, count=True), unit="persons"))
    return Extracted(statistics=_finish_statistics(pieces))


def _statistics_wide(context: SheetContext) -> Extracted:
    """Years as columns (as Eurostat and many Thai reports publish): melt into one row per year."""
    base = pd.DataFrame({"district": context.text("district"), "source_row": context.excel_rows.to_numpy()})
    labels = context.text("measure")
    if labels.isna().all():
        labels = pd.Series(_measure_from_title(context), index=base.index, dtype="string")
    units = context.text("unit")
    if units.isna().all() and (unit := _title_value(context, ("unit of measure", "unit", "หน่วย"))):
        units = pd.Series(unit, index=base.index, dtype="string")
    flags = {c.flag_for: c for c in context.plan.columns if c.field == "flag_value"}
    pieces = []
    for column in context.plan.columns:
        if column.field != "year_value":
            continue
        piece = base.assign(year=column.year, unit=units, value=context.number(column, count=False))
        if column.index in flags:
            piece["flag"] = context.text_of(flags[column.index])
        pieces.append(_measure_columns(piece, labels.astype(object).where(labels.notna(), None)))
    return Extracted(statistics=_finish_statistics(pieces))


def _title_value(context: SheetContext, labels: tuple[str, ...]) -> str | None:
    """A value written beside a label in the rows above the header ("Unit of measure;;Percentage")."""
    header_row = context.plan.header_rows[0] - context.sheet.first_row - 1
    for row in context.sheet.rows[:header_row]:
        cells = [c for c in row if c not in (None, "")]
        if len(cells) >= 2 and header_key(cells[0]).rstrip(":") in labels:
            return str(cells[1]).strip()
    return None


def _measure_from_title(context: SheetContext) -> str:
    found = _title_value(context, ("dataset", "ชุดข้อมูล", "ข้อมูล", "ตาราง", "table"))
    if found:
        return found
    header_row = context.plan.header_rows[0] - context.sheet.first_row - 1
    for row in context.sheet.rows[:header_row]:
        text = next((str(c) for c in row if isinstance(c, str) and c.strip()), None)
        if text:
            return text.strip()
    return context.sheet.name


def _finish_statistics(pieces: list[pd.DataFrame]) -> pd.DataFrame | None:
    pieces = [p for p in pieces if not p.empty]
    if not pieces:
        return None
    frame = pd.concat(pieces, ignore_index=True)
    frame = frame[frame["value"].notna()].copy()
    frame["value"] = frame["value"].astype("float64")
    for name in ("age_min", "age_max"):
        frame[name] = frame[name].astype("Int64") if name in frame else pd.Series(pd.NA, index=frame.index, dtype="Int64")
    return frame


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
    participation["activity_code"] = participation["activity_key"]
    participation["source_row"] = pd.NA  # counts of many rows: no single row to point at
    context.report_sheet("participant_list", value=len(rows))
    links = rows[["activity_key", "district", "year", "fiscal_year", "source_row"]].assign(
        activity_code=rows["activity_key"], event_date=None)
    return Extracted(participation=participation, links=links)
