"""One understood sheet's body as a DataFrame of raw cells, with the helpers every extractor shares:
typed columns (text, numbers, dates) that report each cell they cannot read with its sheet, Excel row
and column; the period of every row; a district written once over its group filled down; a register's
multi-row records joined into one row each.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from indicators.base.distinct import per_distinct
from indicators.base.errors import Problem
from indicators.base.messages import problem
from indicators.clean import bounds
from indicators.clean import cells as cleaning
from indicators.clean.cell_units import units_of, what_it_counts
from indicators.clean.month_column import month_of_the_sheet, months_of_the_year
from indicators.config import vocabulary
from indicators.read import RawSheet
from indicators.understand.context import one_place_in_two_languages
from indicators.understand.headers import Column, year_of_header
from indicators.understand.periods import parse_period
from indicators.understand.records import record_number
from indicators.understand.register_headings import days_of_their_months, heading_of_each_row
from indicators.understand.rows import body_columns
from indicators.understand.sheet import SheetPlan
from indicators.understand.vocabulary import ACTIVITIES, STATISTICS
from indicators.understand.yearless_periods import part_of

YEAR_SOURCES_EN = {"title": "title rows", "sheet": "sheet's name", "file": "file's name", "given": "year you gave"}
YEAR_SOURCES_TH = {"title": "ชื่อตาราง", "sheet": "ชื่อชีต", "file": "ชื่อไฟล์", "given": "ปีที่ผู้นำเข้าระบุ"}
MAX_PROBLEMS_PER_KIND = 20  # per sheet, column and code; the rest are summed up in one "more rows" line
MAX_TEXT_LENGTH = 500
# "2/", "*", "**" after a name: the mark of a note written under the table
FOOTNOTE_MARK = r"(?<=\D)\s+\d{1,2}/$|(?<=\S)\s*\*{1,3}$"
ERROR_CELL = re.compile(r"^#(REF!|DIV/0!|VALUE!|N/A|NAME\?|NULL!|NUM!|SPILL!|CALC!)$")
# District cells naming no one place (vocabulary.yaml no_place, and the dashes): the whole city's records.
NO_PLACE = frozenset(w.casefold() for w in vocabulary()["no_place"]) | cleaning.DASHES
# Fields whose pieces over a record's rows are added (amounts); every other field's pieces are joined.
ADDED_OVER_A_RECORD = {"budget", "hours", "events", "value", "participants_total", "participants_female",
                       "participants_male"}


class SheetContext:
    """The body of one sheet as a DataFrame of raw cells, with the helpers that report problems."""

    def __init__(self, sheet: RawSheet, plan: SheetPlan, file_name: str, decimal_comma: bool):
        self.sheet = sheet
        self.plan = plan
        self.file_name = file_name
        self.decimal_comma = decimal_comma
        width = max((c.index for c in plan.columns), default=-1) + 1
        records = plan.records
        body = [self._row(i, width) if records.get(i) else sheet.rows[i] for i in plan.data_rows]
        # object columns, the cells as read: pandas would otherwise copy every all-text column into an Arrow
        # string (0.7 GB for a 1M-row CSV) that the cleaners turn back into Python objects
        self.raw = pd.DataFrame(dict(enumerate(body_columns(body, width))), columns=range(width), dtype=object)
        self.excel_rows = pd.Series([sheet.first_row + i + 1 for i in plan.data_rows], dtype="int64")
        self.problems: list[Problem] = []
        self.fields = plan.fields()
        self.key_prefix = ""

    def _row(self, index: int, width: int) -> list[object]:
        """A record over several rows as one row: its pieces joined or added."""
        rows = self.plan.records[index]
        fields = {c.index: c.field for c in self.plan.columns}
        merged = []
        for j in range(width):
            pieces = [self.sheet.rows[i][j] for i in rows if j < len(self.sheet.rows[i])
                      and self.sheet.rows[i][j] not in (None, "") and str(self.sheet.rows[i][j]).strip()]
            first = self.sheet.rows[rows[0]][j] if j < len(self.sheet.rows[rows[0]]) else None
            merged.append(_merge(pieces, fields.get(j), first_given=first not in (None, "") and bool(str(first).strip())))
        return merged

    def column(self, name: str) -> Column | None:
        return self.fields.get(name)

    def cells(self, column: Column) -> pd.Series:
        return self.raw[column.index]

    def report(self, code: str, mask: pd.Series, column: Column | None, values: pd.Series | None = None,
               details: pd.Series | None = None, detail_th: str | None = None) -> None:
        """One problem per flagged row (up to a limit), then one line that counts the rest. `detail_th`: the
        Thai message's detail, when it is said otherwise than the English one (a year in พ.ศ.)."""
        flagged = np.flatnonzero(mask.to_numpy(dtype=bool, na_value=False))
        for position in flagged[:MAX_PROBLEMS_PER_KIND]:
            value = None if values is None else values.iloc[position]
            detail = "" if details is None else str(details.iloc[position])
            self.problems.append(problem(
                code, file=self.file_name, sheet=self.sheet.name, row=int(self.excel_rows.iloc[position]),
                column=column.header if column else None, value=_display(value), detail=detail,
                detail_th=detail if detail_th is None else detail_th))
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
        missing = per_distinct(values, lambda texts: texts.str.lower().isin(cleaning.MISSING_WORDS)).fillna(False)
        values = values.mask(missing.to_numpy(dtype=bool))
        too_long = per_distinct(values, lambda texts: texts.str.len()) > MAX_TEXT_LENGTH
        if too_long.any():
            self.report("long_text", too_long, column, values.str.slice(0, 40), pd.Series(MAX_TEXT_LENGTH, index=values.index))
            values = values.where(~too_long, values.str.slice(0, MAX_TEXT_LENGTH))
        return values

    def areas(self) -> pd.Series:
        """The area column's names without a footnote's mark: "หางดง 2/" is หางดง, its note under the table
        (kept, the area would be another one than the หางดง of next year's file). A mark that tells two rows
        apart ("เมืองเชียงใหม่" and "เมืองเชียงใหม่ 1/", the city municipality) stays: without it they would
        be one area counted twice."""
        written = self._no_place_as_none(self.text("district"))
        bare = per_distinct(written, lambda names: names.str.replace(FOOTNOTE_MARK, "", regex=True))
        marked = bare.ne(written).fillna(False).to_numpy(dtype=bool)
        areas = bare.mask(marked & self._beside_its_bare_name(written, bare), written) if marked.any() else bare
        # "กระบี่ Krabi": one place in two languages is the place as the Thai half writes it
        thai = {name: one for name in areas.dropna().unique() if (one := one_place_in_two_languages(name))}
        return areas.replace(thai) if thai else areas

    def _no_place_as_none(self, written: pd.Series) -> pd.Series:
        """A district cell naming no one place ("-", "ทุกเขต", "ทั้งเมือง", "ออนไลน์") is none: the record is the
        whole city's, and as a district of its own it would be counted beside the districts it spans."""
        no_place = written.str.lower().isin(NO_PLACE).fillna(False)
        if not no_place.any():
            return written
        self.report_sheet("district_not_a_place", self.column("district"),
                          value=", ".join(sorted(set(written[no_place.to_numpy()])))[:80])
        return written.mask(no_place)

    def _beside_its_bare_name(self, written: pd.Series, bare: pd.Series) -> np.ndarray:
        """Rows whose name without its mark is written, unmarked, on a row told apart by nothing else
        (the same year, sex, breakdown): compared as one text per row, without a Python loop."""
        key = pd.Series("", index=written.index, dtype="string")
        for column in self.plan.columns:
            if column.field in ROW_KEYS:
                key = key + "|" + self.text_of(column).fillna("").astype("string")
        named = (key + "\x1f" + written.astype("string")).dropna()
        return (key + "\x1f" + bare.astype("string")).isin(named).fillna(False).to_numpy(dtype=bool)

    def number(self, column: Column, *, count: bool) -> pd.Series:
        raw = self.cells(column)
        units = units_of(column.field, column.scale)  # "30 นาที" in hours is half an hour, "12 %" no people
        parse = cleaning.parse_count if count else cleaning.parse_number
        result = parse(raw, self.decimal_comma, units)
        values = result.values.astype("Float64")
        # an error cell (#REF!, #DIV/0!) or a unit of another kind is never a number: looked for among the
        # invalid cells only
        error_cells = pd.Series(False, index=raw.index)
        other_units = pd.Series(False, index=raw.index)
        invalid = result.invalid.to_numpy(dtype=bool)
        if invalid.any():
            error_cells[invalid] = [isinstance(c, str) and bool(ERROR_CELL.match(c.strip())) for c in raw[invalid]]
            if units is not None:
                other_units[invalid] = [cleaning.unit_of_another_kind(c, units) for c in raw[invalid]]
        self.report("error_cell", error_cells, column, raw)
        if other_units.any():
            counts_en, counts_th = what_it_counts(units)
            self.report("unit_not_the_columns", other_units & ~error_cells, column, raw,
                        pd.Series(counts_en, index=raw.index), detail_th=counts_th)
        self.report("not_a_number", result.invalid & ~error_cells & ~other_units, column, raw)
        negative = values.lt(0).fillna(False)
        self.report("negative_count" if count else "negative_value", negative, column, raw)
        limit = bounds.number_limit(count)
        too_large = values.abs().gt(limit).fillna(False)
        if too_large.any():  # reported, and kept out of the sums below so nothing overflows to infinity
            self.report("count_too_large" if count else "value_too_large", too_large, column, raw,
                        pd.Series(f"{limit:,}", index=raw.index))
            values = values.mask(too_large)
        if count:
            fractional = (values.notna() & (values.round() != values)).fillna(False)
            self.report("fractional_count", fractional, column, raw)
        return values

    def check_unit_maximum(self, piece: pd.DataFrame, column: Column) -> None:
        """Statistics whose unit is a share (%, per 1,000) may not exceed it: literacy is never 180 %."""
        if "unit" not in piece or piece.empty:
            return
        maxima = bounds.unit_maxima(piece["unit"])
        over = (piece["value"] > maxima).fillna(False)
        self.report("rate_above_maximum", over, column, piece["value"],
                    maxima.map(lambda m: "" if pd.isna(m) else f"{m:,.0f}"))

    def sheet_year(self) -> int | None:
        """The year the reading found for a sheet without a date or year column: given by the researcher,
        or written in the sheet's name, its title rows or the file's name (the summary says which)."""
        if self.plan.year is not None:
            return self.plan.year
        for text in (self.sheet.name, self.plan.title_text):
            cleaned = cleaning.normalise_text(pd.Series([text], dtype=object)).iloc[0]
            if pd.isna(cleaned):
                continue
            found = re.search(r"(?<!\d)((?:25|26)\d\d|(?:19|20)\d\d)(?!\d)", cleaned)
            if found and (year := year_of_header(found.group(1))):
                return year
        return None

    def filled_down(self, values: pd.Series) -> pd.Series:
        """A label written once over its group and blank below ("เกาะลันตา" over its 24 centres) on every
        row of the group. Only when the column looks so: mostly blank, each label starting a run."""
        present = values.notna()
        if present.all() or not present.any() or present.mean() > 0.6:
            return values
        labels = values[present]
        if (labels.iloc[1:].to_numpy() == labels.iloc[:-1].to_numpy()).mean() > 0.2 if len(labels) > 1 else False:
            return values  # the same label written again and again: a column with gaps, not groups
        return values.ffill()

    def time(self) -> pd.DataFrame:
        """Date, calendar year and fiscal year of every row, from whatever the sheet gives."""
        index = self.raw.index
        dates = pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
        years = pd.Series(pd.NA, index=index, dtype="Int64")
        fiscal = pd.Series(pd.NA, index=index, dtype="Int64")
        months = self.plan.month_headings  # a register grouped under "เดือนตุลาคม 2566": the month of its rows
        under = pd.Series(heading_of_each_row(self.plan.data_rows, months), index=index,
                          dtype="datetime64[ns]") if months else None
        if not months and self.plan.kind != STATISTICS and (sheet_month := month_of_the_sheet(
                self.sheet.name, self.plan.year, self.plan.year_is_fiscal)) is not None:
            under = pd.Series(sheet_month, index=index, dtype="datetime64[ns]")  # one sheet a month
        if column := self.column("date"):
            cells = self.cells(column)
            if under is not None:  # "5" under "ตุลาคม 2566" (a heading, or the sheet's name) is 5 October 2023
                cells = pd.Series(days_of_their_months(cells.tolist(), under.tolist()), index=index, dtype=object)
            alone = cleaning.years_in_date_cells(cells)  # "2567" in a date column: the year, not a day of 1907
            if alone.notna().any():
                self.report_sheet("year_in_date_column", column, value=int(alone.notna().sum()))
                cells, years = cells.mask(alone.notna().to_numpy()), alone
            fiscal_alone = cleaning.fiscal_years_in_date_cells(cells)  # "ปีงบประมาณ 2567": its month is not written
            if fiscal_alone.notna().any():
                self.report_sheet("fiscal_year_in_date_column", column, value=int(fiscal_alone.notna().sum()))
                cells = cells.mask(fiscal_alone.notna().to_numpy())
                years, fiscal = years.fillna(fiscal_alone), fiscal.fillna(fiscal_alone)
            parsed = cleaning.parse_date(cells)
            self.report("bad_date", parsed.invalid, column, cells)
            dates = parsed.values
        if months:
            self.report_sheet("date_from_heading", value=len(months))
            dates = dates.fillna(under)
        if column := self.column("period_yymm"):
            parsed = cleaning.parse_period_yymm(self.cells(column))
            self.report("bad_date", parsed.invalid, column, self.cells(column))
            dates = dates.fillna(parsed.values)
        if (column := self.column("period")) is not None and self.plan.kind != STATISTICS:
            # a register's "ระยะเวลาดำเนินการ: พฤศจิกายน 2566": the month (or year) the activity ran in
            texts = self.text_of(column)
            periods = texts.map(lambda t: parse_period(t) if isinstance(t, str) else None)
            # a day or days ("15-17 ธ.ค. 2566", "29 ก.ย. - 1 ต.ค. 2566"): dated as a date column dates them, by
            # the first day (a period's reading takes the day that carries the year: the last)
            days = periods.map(lambda p: p is None or p.kind == "date").astype(bool) & texts.notna()
            on_days = cleaning.parse_date(self.cells(column).where(days, None)).values
            periods = periods.mask(on_days.notna(), None)
            self.report("bad_date", periods.isna() & on_days.isna() & texts.notna(), column, self.cells(column))
            starts = pd.to_datetime(periods.map(lambda p: p.start if p is not None and p.months <= 1 else None))
            dates = dates.fillna(on_days).fillna(starts)
            years = years.fillna(periods.map(lambda p: p.year if p is not None else None).astype("Int64"))
            fiscal = fiscal.fillna(periods.map(lambda p: p.fiscal_year if p is not None else None).astype("Int64"))
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
            if only_fiscal.any() and self.column("month") is None:  # (a row's month gives its calendar year)
                self.report_sheet("year_from_fiscal", column, value=int(only_fiscal.sum()))
                years = years.fillna(fiscal)
        fiscal = fiscal.fillna(cleaning.fiscal_year(dates).astype("Int64"))
        has_time_column = any(self.column(f) for f in ("date", "year", "fiscal_year", "period_yymm", "period")) or any(
            c.field == "period_value" for c in self.plan.columns)
        if years.isna().all() and not has_time_column:
            if (year := self.sheet_year()) is not None:
                source = self.plan.year_source or "sheet"
                self.report_sheet("year_from_sheet", value=year, detail=YEAR_SOURCES_EN[source],
                                  detail_th=YEAR_SOURCES_TH[source])
                years = years.fillna(year)
                if self.plan.year_is_fiscal and self.plan.year_source != "given":
                    fiscal = fiscal.fillna(year)  # FY 2567 from the title: the fiscal year is known, the month not
                    if self.column("month") is None:
                        self.report_sheet("year_from_fiscal", value=len(index))
            elif len(index) and self.column("activity_code") is None:  # linked rows take their activity's year
                self.report_sheet("year_needed")
        if self.plan.kind == ACTIVITIES and (column := self.column("month")) is not None:
            rows_fiscal = bool(self.plan.year_is_fiscal and not self.column("year")) or bool(
                self.column("fiscal_year") and not self.column("year"))
            dates, years, fiscal = months_of_the_year(self, column, dates, years, fiscal, rows_fiscal)
        year_only = (years.notna() & dates.isna() & fiscal.isna())
        if year_only.any() and self.plan.kind != STATISTICS and not any(part_of(c) for c in self.plan.columns):
            # (a row's months or quarters across give each figure its own month, so its fiscal year)
            self.report_sheet("no_fiscal_year", value=int(year_only.sum()))
        self._dates_outside_the_titles_year(dates, years, fiscal)
        return pd.DataFrame({"event_date": dates, "year": years,
                             "fiscal_year": fiscal})

    def _dates_outside_the_titles_year(self, dates: pd.Series, years: pd.Series, fiscal: pd.Series) -> None:
        """A register's dates outside the year its title names ("ปีงบประมาณ 2567" over "15 พ.ย. 2567", a clerk's
        slip for 2566, or a row of the next year's): each stored in the year its date says, and named."""
        if self.plan.year_source != "title" or self.plan.kind == STATISTICS or (column := self.column("date")) is None:
            return
        stated = fiscal if self.plan.year_is_fiscal else years
        outside = (dates.notna() & stated.notna() & stated.ne(self.plan.year)).fillna(False)
        if outside.any():
            fiscal_words = ("FY ", "ปีงบประมาณ ") if self.plan.year_is_fiscal else ("", "พ.ศ. ")
            self.report("date_outside_title_year", outside, column, self.cells(column),
                        pd.Series(f"{fiscal_words[0]}{self.plan.year}", index=outside.index),
                        detail_th=f"{fiscal_words[1]}{self.plan.year + 543}")

    def _warn_mixed_eras(self, column: Column) -> None:
        numbers = pd.to_numeric(cleaning.normalise_text(self.cells(column)).str.extract(r"(\d{4})")[0],
                                errors="coerce")
        if (numbers >= 2400).any() and (numbers < 2400).any():
            self.report_sheet("mixed_eras", column)


# The columns that, besides the area, tell a table's rows apart.
ROW_KEYS = ("year", "fiscal_year", "period", "period_yymm", "month", "sex", "age", "age_group", "category", "date")


def _display(value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    return value


def _merge(pieces: list[object], field: str | None, first_given: bool = False) -> object:
    """A record's cell from its pieces over several rows: amounts added, texts joined, a number kept. An
    amount on the record's first row that its next rows' amounts (two or more) add up to is the record's
    own total over its parts ("โครงการ X | 20,000" over "- กิจกรรม a | 8,000", "- กิจกรรม b | 12,000"):
    kept, never added to them."""
    if not pieces:
        return None
    if len(pieces) == 1:
        return pieces[0]
    if field == "ignored" and record_number(pieces[0]) is not None:
        return pieces[0]
    if field in ADDED_OVER_A_RECORD:
        amounts = [cleaning.amount_of(p) for p in pieces]
        if all(a is not None for a in amounts):
            if first_given and len(amounts) > 2 and abs(sum(amounts[1:]) - amounts[0]) < 1e-9:
                return float(amounts[0])
            return float(sum(amounts))
    return " ".join(str(p).strip() for p in pieces)
