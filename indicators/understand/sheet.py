"""Understanding a sheet: where its header is, what each column means, what kind of sheet it is,
and which rows are data (not titles, totals, blanks or footnotes).

Offices put one or two title rows above the table, merge a parent header over "ชาย | หญิง | รวม",
and end with a "รวม" row and a note. Counting a totals row as data doubles a figure, so every dropped
row is kept in the plan with its reason and shown to the researcher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from indicators.base.text import header_key, slug
from indicators.config.readings import Said, said
from indicators.read import RawSheet
from indicators.understand.area_alone import read_areas
from indicators.understand.area_levels import area_subtotals
from indicators.understand.areas_across import read_areas_across
from indicators.understand.columns import (
    COUNT_MEASURES,
    YES,
    holds_answers,
    read_column,
    repeated_labels,
    statistic_of,
)
from indicators.understand.context import context_measure, context_year
from indicators.understand.estimates import set_aside_estimates
from indicators.understand.flags import mark_flag_columns
from indicators.understand.forms import labels_down_a_column
from indicators.understand.groups import group_headings
from indicators.understand.headers import UNIT_IN_BRACKETS, Column, is_blank, looks_numeric
from indicators.understand.hidden import hidden_doubts, hidden_title_doubt
from indicators.understand.kinds import KindDecision, decide
from indicators.understand.layout import Layout, find_layout, header_texts, title_text
from indicators.understand.lexicon import find, load_lexicon
from indicators.understand.multipliers import scale_figures
from indicators.understand.periods import hours_in_text, parse_period
from indicators.understand.pivots import find_pivot, read_as_pivot
from indicators.understand.profile import SAMPLE_ROWS, profile_column
from indicators.understand.records import group_records, numbered_cells, numbering_column, record_number
from indicators.understand.register_figures import (
    a_figure_per_something,
    a_length_in_days,
    a_share_of_people,
    in_another_currency,
    value_as_activity_field,
)
from indicators.understand.register_headings import register_headings
from indicators.understand.relations import (
    areas_side_by_side,
    copies_of_columns,
    is_sum_of_rows_above,
    rate_of_columns,
    relate_parts,
    total_of_periods,
)
from indicators.understand.rows import RowRules, classify_cells, drop_reasons, label_text
from indicators.understand.snapshots import read_in_the_span
from indicators.understand.sub_items import rows_counted_by_others
from indicators.understand.tables import another_table
from indicators.understand.total_rows import totals_not_summed
from indicators.understand.unread import unread_figures
from indicators.understand.vocabulary import (
    ACTIVITIES,
    PLACES,
    STATISTICS,
    STATISTICS_WIDE,
    UNKNOWN,
    FieldCatalogue,
    load_field_catalogue,
)
from indicators.understand.words import words
from indicators.understand.yearless_periods import place_parts_of_a_year


@dataclass
class DroppedRow:
    row: int  # Excel row number
    reason: str  # totals | blank | footnote | totals_unlabelled
    text: str


@dataclass
class SheetPlan:
    """What the engine understood of one sheet, before any value is cleaned."""

    sheet: str
    kind: str
    header_rows: list[int]  # Excel row numbers of the header (one or two)
    columns: list[Column]
    data_rows: list[int] = field(default_factory=list)  # indexes into RawSheet.rows
    dropped: list[DroppedRow] = field(default_factory=list)
    title_text: str = ""  # text of the rows above the header (for a year or a measure name)
    evidence: list[Said] = field(default_factory=list)  # why the sheet was read as it was (--explain)
    review: list[Said] = field(default_factory=list)  # why the reading needs a person to confirm it
    records: dict[int, list[int]] = field(default_factory=dict)  # a record's first row → all its rows
    area_headings: dict[int, str] = field(default_factory=dict)  # a register's heading row → its area
    month_headings: dict = field(default_factory=dict)  # a register's heading row → its month (a datetime)
    # What the words around the table say (context.py), used where the columns do not say it:
    year: int | None = None  # the year of every row, when no column gives one
    year_source: str = ""  # given | title | sheet | file
    year_is_fiscal: bool = False  # the words say a Thai fiscal year ("ปีงบประมาณ 2567"): `year` is its end year
    measure: str | None = None  # the measure of value columns whose header names none
    measure_label: str = ""
    measure_unit: str | None = None
    measure_rate: bool = False
    measure_source: str = ""
    place_measure: str | None = None  # what a list of places counts: learning_spaces | organisations
    place_label: str = ""

    def fields(self) -> dict[str, Column]:
        found: dict[str, Column] = {}
        for column in self.columns:
            if column.field and column.field not in ("age_band", "period_value", "ignored", "flag_value"):
                found.setdefault(column.field, column)
        return found

    def excel_row(self, sheet: RawSheet, index: int) -> int:
        return sheet.first_row + index + 1


@dataclass(frozen=True)
class SheetContext:
    """What the engine knows around a sheet: the file's and the sheet's names (their words are evidence
    of what the rows are, a year, a measure)."""

    file_name: str = ""
    sheet_names: tuple[str, ...] = ()
    year: int | None = None  # the year a researcher gave for sheets that state none (CLI --year, the wizard)
    # A reading a researcher confirmed (a recipe, or the wizard's review step): taken as it is.
    kind: str | None = None
    header_rows: tuple[int, ...] | None = None  # Excel row numbers
    measure: str | None = None
    confirmed: bool = False
    seen: bool = True  # confirmed for this very file; one kept from another answers its layout, not its doubts


def understand_sheet(sheet: RawSheet, catalogue: FieldCatalogue | None = None,
                     overrides: dict[str, str] | None = None, context: SheetContext | None = None) -> SheetPlan:
    """`overrides` maps a normalised header to the field a researcher chose for it ('ignored' to skip
    it); chosen columns win over recognised ones when two claim the same field."""
    catalogue = catalogue or load_field_catalogue()
    context = context or SheetContext()
    overrides = {header_key(h): f for h, f in (overrides or {}).items()}
    rows = sheet.rows
    width = max((len(r) for r in rows), default=0)
    layout = find_layout(sheet, catalogue) if not context.header_rows else Layout(
        context.header_rows[0] - sheet.first_row - 1, len(context.header_rows), [said("header_confirmed")])
    if layout.header_start is None:
        return SheetPlan(sheet=sheet.name, kind=UNKNOWN, header_rows=[], columns=[],
                         review=[said("no_header")])
    texts = header_texts(sheet, layout, width)
    body = _body_for_profiles(sheet, layout)
    columns: list[Column] = []
    for j in range(width):
        parts = texts[j].split(" / ") if texts[j] else [""]
        parent, child = " ".join(parts[:-1]), parts[-1]
        column = read_column(j, child, parent, catalogue, profile_column(rows, j, body))
        if overrides and (chosen := overrides.get(header_key(column.header))) and column.header:
            _choose_field(column, chosen)
        columns.append(column)
    if (pivot := find_pivot(sheet, layout.header_start, layout.first_data)) is not None:
        read_as_pivot(pivot, columns)
    _total_beside_its_parts(columns, catalogue)
    _titles_by_contents(columns)
    _attendance_marks(columns)
    mark_flag_columns(columns)
    period_totals = total_of_periods(sheet, columns, body)
    title = title_text(sheet, layout)
    if pivot is not None and pivot.measure_words:  # "Sum of Attendees" names the figures as a title would
        title = f"{title} {pivot.measure_words}".strip()
    records = _record_nouns(title, sheet.name, context.file_name)
    decision = decide(columns, catalogue, records)
    if context.kind is not None:
        decision = KindDecision(context.kind, decision.scores, [said("kind_confirmed", kind=context.kind)], clear=True)
    _fit_to_kind(columns, decision.kind)
    _drop_duplicate_fields(columns)
    derived = rate_of_columns(sheet, columns, body) if decision.kind == ACTIVITIES else []
    plan = SheetPlan(
        sheet=sheet.name, kind=decision.kind,
        header_rows=[sheet.first_row + layout.header_start + 1 + k for k in range(layout.header_height)],
        columns=columns, title_text=title,
        evidence=[*layout.evidence, *period_totals, *decision.evidence, *derived],
        review=[] if decision.clear else [said("kind_unclear", ranked=_ranked(decision.scores))],
    )
    _classify_rows(sheet, plan, layout.first_data, catalogue)
    read_areas(sheet, plan, context.sheet_names)
    if plan.kind in (STATISTICS, STATISTICS_WIDE):
        _drop_area_subtotals(sheet, plan)
    plan.evidence += relate_parts(sheet, columns, plan.data_rows)
    if plan.kind == STATISTICS:
        across, doubts = read_areas_across(sheet, columns, plan.data_rows)
        plan.evidence, plan.review = plan.evidence + across, plan.review + doubts
    plan.evidence += copies_of_columns(sheet, columns, plan.data_rows)
    _read_context(plan, sheet.name, context)
    if context.measure:
        if not context.seen and plan.measure not in (None, context.measure):  # this file's words name another
            plan.review.append(said("saved_measure_differs", saved=context.measure, named=plan.measure_label))
        plan.measure, plan.measure_label, plan.measure_source = context.measure, context.measure, "given"
    plan.review += totals_not_summed(sheet, plan)
    placed, unplaced = place_parts_of_a_year(plan.columns, plan.year, plan.year_is_fiscal, plan.title_text)
    plan.evidence += placed
    plan.review += unplaced
    if plan.kind == STATISTICS_WIDE:  # once the periods are placed and the sheet's measure is known
        plan.evidence += read_in_the_span(plan.columns, plan.measure)
    scale_figures(plan)
    set_aside_estimates(plan)
    plan.review += unread_figures(plan, sheet) + hidden_doubts(sheet, plan.data_rows, plan.columns)
    if (hidden_title := hidden_title_doubt(sheet, layout.header_start, context.file_name, plan.columns)) is not None:
        plan.review.append(hidden_title)
    if (form := labels_down_a_column(sheet, plan.columns, plan.data_rows, catalogue)) is not None:
        plan.review.append(form)
    if plan.kind in (STATISTICS, STATISTICS_WIDE) and (grouped := group_headings(sheet, plan)) is not None:
        plan.review.append(grouped)
    plan.review += [doubt for doubt in (another_table(sheet, layout.header_start, layout.first_data, catalogue),
                                        areas_side_by_side(sheet, plan.columns, plan.data_rows)) if doubt is not None]
    if context.confirmed and context.seen:
        plan.review = []
    return plan


def _read_context(plan: SheetPlan, sheet_name: str, context: SheetContext) -> None:
    """The year, the measure and what a list of places counts, from the words around the table."""
    if context.year is not None:
        plan.year, plan.year_source = context.year, "given"
    elif found := context_year(plan.title_text, sheet_name, context.file_name):
        plan.year, plan.year_source, plan.year_is_fiscal = found
    measure = context_measure(plan.title_text, sheet_name, context.file_name)
    if measure is not None:
        plan.measure, plan.measure_label, plan.measure_unit = measure.code, measure.label, measure.unit
        plan.measure_rate, plan.measure_source = measure.rate, measure.source
        if plan.kind in (STATISTICS, STATISTICS_WIDE, PLACES):  # a register's figures name their own fields
            plan.evidence.append(said("measure_named", source=measure.source, label=measure.label, code=measure.code))
    if plan.kind == PLACES:
        title_period = parse_period(plan.title_text)
        for column in plan.columns:  # "as of 10 June 2555": a date on each place is when it opened
            if column.field == "date" and title_period is not None and title_period.kind == "as_of":
                column.field = "ignored"
                column.reason = said("date_of_each_place", date=f"{title_period.start:%Y-%m-%d}")
                plan.evidence.append(said("as_of_title", date=f"{title_period.start:%Y-%m-%d}"))
        name = next((c for c in plan.columns if c.field == "place_name"), None)
        records = _record_nouns(name.header if name else "", plan.title_text, context.file_name)
        plan.place_measure = "learning_spaces" if "place" in records else "organisations"
        plan.place_label = re.sub(r"^ชื่อ\s*|\s*name$", "", name.header if name else "", flags=re.IGNORECASE) or plan.place_measure


def _body_for_profiles(sheet: RawSheet, layout) -> list[int]:
    """The body rows that can show what a column holds: not blank, not the header or the title printed
    again on a later page."""
    rows = sheet.rows
    header = [{j: header_key(c) for j, c in enumerate(rows[i]) if not is_blank(c)}
              for i in range(layout.header_start, layout.first_data)]
    titles = {header_key(c) for r in rows[:layout.header_start] for c in r if not is_blank(c)}
    body = []
    candidates = range(layout.first_data, len(rows))
    if len(candidates) > 2 * SAMPLE_ROWS:  # the profiles read a sample: look only at rows it can pick
        step = len(candidates) / SAMPLE_ROWS
        candidates = sorted({*candidates[:SAMPLE_ROWS], *(candidates[int(k * step)] for k in range(SAMPLE_ROWS))})
    for i in candidates:
        cells = {j: header_key(c) for j, c in enumerate(rows[i]) if not is_blank(c)}
        if not cells or set(cells.values()) <= titles:
            continue
        if any(sum(h.get(j) == key for j, key in cells.items()) >= max(1, len(cells) // 2) for h in header):
            continue
        body.append(i)
    return body


def _record_nouns(*texts: str) -> set[str]:
    """What the words around a table say its rows are (activities, places, organisations)."""
    lexicon = load_lexicon()
    return {lexicon.records[phrase] for text in texts for _, phrase in find(words(text), lexicon.records)}


def _ranked(scores: dict[str, float]) -> list[tuple[str, float]]:
    return sorted(scores.items(), key=lambda item: item[1], reverse=True)[:3]


def _month_names(column: Column) -> bool:
    """Month names alone down a column (a "รวม" row among them allowed)."""
    profile = column.profile
    return bool(profile and profile.months >= 2 and profile.filled - profile.months <= max(1, profile.filled // 4))


def _fit_to_kind(columns: list[Column], kind: str) -> None:
    """Fields that depend on what the rows are: a name is an activity's title in a register and a
    place's name in a list of places; a count column is a participants field in a register and a
    statistic's value elsewhere."""
    for column in columns:
        if column.note == "chosen":
            continue
        if kind in (STATISTICS, STATISTICS_WIDE, ACTIVITIES) and column.field is None and _month_names(column):
            column.field = "month"  # "เดือน" over "มกราคม … ธันวาคม": each row's month (clean/statistics.py,
            column.evidence.append(said("months_down", sample=", ".join(column.profile.sample[:3])))  # month_column.py)
        elif kind == ACTIVITIES:
            if column.field in (None, "mode") and column.mode and holds_answers(column):
                # "Online?" over Y / N; "รูปแบบ / ออนไซต์ | ออนไลน์" each over ✓ marks
                column.field, column.note = "mode", "answers"
                column.evidence.append(said("mode_answers", mode=column.mode))
            elif column.field is None and _durations(column):
                column.field, column.note = "hours", "durations"  # "Duration" over "1h 30m", "45m"
                column.evidence.append(said("durations_as_hours"))
            elif column.field == "name":
                column.field = "title"
            elif (column.field == "budget" and in_another_currency(column)) or a_share_of_people(column) or \
                    a_figure_per_something(column, columns) or a_length_in_days(column):
                # "Cost (£)", "ผ่านการอบรม (ร้อยละ)", "ชั่วโมง/ครั้ง", "Duration (days)": asked (understand/unread.py)
                column.field = "value"
            elif column.field == "value":
                value_as_activity_field(column, columns)
                if column.field == "value" and column.total and _people_in_parts(columns):
                    column.field = "participants_total"  # "Attendees 0-4 | Attendees 18+ | Total"
                    column.evidence.append(said("total_of_people"))
        elif kind == PLACES and column.field in ("name", "title"):
            column.field = "place_name"
        elif kind in (STATISTICS, STATISTICS_WIDE, PLACES) and column.field in COUNT_MEASURES:
            measure, column.sex = statistic_of(column)
            # "ชาย" alone names a sex, not what is counted: the sheet's measure says that
            column.measure = measure if column.meaning is not None and column.meaning.measure else None
            column.field = "value"
        elif kind in (STATISTICS, STATISTICS_WIDE, PLACES) and (column.field or "").startswith("group_") \
                and column.profile is not None and column.profile.numeric:
            # "ผู้สูงอายุ (คน)" by amphoe: a count of older people named by its header, not a register's
            # participants of a target group (which a table of statistics has no activities for)
            column.field, column.measure = "value", slug(UNIT_IN_BRACKETS.sub(" ", column.header)) or None
            column.evidence.append(said("numbers", low=f"{column.profile.minimum:g}", high=f"{column.profile.maximum:g}"))
        elif kind in (STATISTICS, STATISTICS_WIDE, PLACES) and column.field in ACTIVITY_AMOUNTS + OUTCOME_AMOUNTS:
            # "Number of events" per library and month: a figure of the table, not an activity's field;
            # "Mean satisfaction (1-5)" per library and year too, a mean that is never added up
            column.measure, column.field = column.field, "value"
            if column.measure == "satisfaction":
                column.rate, column.unit = True, "score"
        elif kind in (STATISTICS, STATISTICS_WIDE) and column.field is None and column.header and repeated_labels(column):
            column.field = "category"
            column.evidence.append(said("breakdown_labels"))


def _durations(column: Column) -> bool:
    """A header naming hours ("Duration", "ระยะเวลา") over lengths of time written as text."""
    meaning, profile = column.meaning, column.profile
    if meaning is None or meaning.measure != "hours" or profile is None or not profile.sample or profile.numeric:
        return False
    return all(hours_in_text(text) is not None for text in profile.sample)


TITLE_LENGTH = 8  # characters: titles are phrases ("การดูแลสุขภาพช่องปาก"), labels are short ("ป.1", "Central")


def _titles_by_contents(columns: list[Column]) -> None:
    """A register whose title header is in no vocabulary ("หัวข้อที่บรรยาย"): beside dates, the column of
    distinct phrases, one per row, is the activities' titles."""
    fields = {c.field for c in columns}
    if fields & {"title", "name", "place_name"} or "date" not in fields:
        return
    candidates = [c for c in columns if c.field is None and c.header and c.profile is not None
                  and c.profile.textual and c.profile.filled >= 2
                  and c.profile.distinct >= 0.8 * c.profile.filled and c.profile.sample
                  and sorted(len(t) for t in c.profile.sample)[len(c.profile.sample) // 2] >= TITLE_LENGTH]
    if len(candidates) == 1:
        candidates[0].field = "title"
        candidates[0].evidence.append(said("titles_by_contents"))


MIN_SESSIONS = 2


def _attendance_marks(columns: list[Column]) -> None:
    """A list of people with a ✓ per session ("ครั้งที่ 1 | ครั้งที่ 2 …"): the marks say who came when,
    they break no figure down; a count after them ("รวม (ครั้ง)") is each person's sessions. Both are set
    aside, and the people are counted once each."""
    if not any(c.field == "person_name" for c in columns):
        return
    marks = [c for c in columns if c.field is None and c.header and _marks(c)]
    if len(marks) < MIN_SESSIONS:
        return
    for column in marks:
        column.field, column.reason = "ignored", said("attendance_marks")
    last = max(c.index for c in marks)
    for column in columns:
        if column.index > last and column.field == "value" and column.meaning is not None and (
                column.meaning.total or column.meaning.measure == "events"):
            column.field, column.reason = "ignored", said("attendance_count")


def _marks(column: Column) -> bool:
    """✓ marks down a column (its distinct values; a totals row may count them at the bottom)."""
    sample = {str(v).strip().casefold() for v in (column.profile.sample if column.profile else [])}
    counts = sample - YES
    return bool(sample & YES) and len(counts) <= 1 and all(looks_numeric(v) for v in counts)


def _people_in_parts(columns: list[Column]) -> bool:
    """People counted in parts (age bands, sexes, groups) and no total of them named."""
    fields = {c.field for c in columns}
    return "participants_total" not in fields and (any(c.is_age_band for c in columns) or bool(
        fields & {"participants_female", "participants_male"}))


ACTIVITY_AMOUNTS = ("events", "hours", "budget")
OUTCOME_AMOUNTS = ("enrolled", "completed", "certified", "satisfaction", "employed_after")
def _total_beside_its_parts(columns: list[Column], catalogue: FieldCatalogue) -> None:
    """A lone "รวม" / "Total" header right after the parts of a group ("ผู้เข้าร่วม ชาย | ผู้เข้าร่วม หญิง |
    รวม", as many offices lay them out in one header row) is that group's total."""
    for position, column in enumerate(columns):
        if (column.field and not (column.field == "value" and not column.measure)) or column.note == "chosen" \
                or position < 2:
            continue
        word = header_key(column.header)
        before = {columns[position - 1].field, columns[position - 2].field}
        for children in catalogue.parent_groups.values():
            total = children.get(word)
            parts = set(children.values()) - {total}
            if total and before <= parts and len(before) == 2 and all(c.field != total for c in columns):
                column.field = total
                break


def _choose_field(column: Column, chosen: str) -> None:
    if chosen != column.field:
        column.field = chosen
        column.age_min = column.age_max = column.sex = column.year = None
    column.note = "chosen"


def _drop_duplicate_fields(columns: list[Column]) -> None:
    seen: dict[str, Column] = {}
    for column in sorted(columns, key=lambda c: c.note != "chosen"):  # a researcher's choice wins
        if column.field in (None, "age_band", "period_value", "flag_value", "ignored", "value") \
                or column.note == "answers":  # each mode's marks in its own column: read together
            continue
        family = "age" if column.field in ("age", "age_group") else column.field
        if family in seen and family == "district":
            column.field, column.reason = "ignored", said("second_area")
        elif family in seen and family == "age":
            column.field, column.reason = "ignored", said("age_groups_of", header=seen[family].header)
        elif family in seen:
            column.note = f"duplicate:{column.field}"
            column.field = None
        else:
            seen[family] = column


def _classify_rows(sheet: RawSheet, plan: SheetPlan, first_data: int, catalogue: FieldCatalogue) -> None:
    """Split the body into data rows and dropped rows (blank, totals, notes, the header or the title
    printed again, a signature block), each with a reason; group a register's rows into records."""
    body = sheet.rows[first_data:]
    width = max((c.index for c in plan.columns), default=-1) + 1
    # Row numbers and codes say nothing about whether a row is data, a total or a note.
    silent = {c.index for c in plan.columns if c.is_row_numbers or c.field == "code"}
    cells = classify_cells(body, width, frozenset(silent))
    header_rows = [[header_key(c) for c in sheet.rows[i]] for i in range(first_data - len(plan.header_rows), first_data)]
    rules = RowRules(tuple(p for p in catalogue.total_prefixes if p), tuple(p for p in catalogue.footnote_prefixes if p))
    trailing: list[int] = []
    reasons = drop_reasons(cells, [c.field for c in plan.columns], header_rows, rules, trailing)
    _counts_of_marks(sheet, plan, first_data, reasons)
    numbering = numbering_column(plan.columns)
    for k, reason in enumerate(reasons):  # a numbered row is a record, however blank its labels
        if reason == "totals_unlabelled" and numbering is not None and record_number(
                (sheet.rows[first_data + k] + [None] * width)[numbering.index]) is not None:
            reasons[k] = None
    titles = {header_key(c) for r in sheet.rows[:first_data - len(plan.header_rows)] for c in r if not is_blank(c)}
    _mark_titles_and_signatures(sheet, first_data, reasons, titles, cells)
    if plan.kind == ACTIVITIES:  # before records: a heading is no second line of the record above it
        plan.area_headings, plan.month_headings = register_headings(
            sheet, [first_data + k for k, r in enumerate(reasons) if r is None], width)
        for index in [*plan.area_headings, *plan.month_headings]:
            reasons[index - first_data] = "register_heading" if index in plan.area_headings else "month_heading"
    if numbering is not None and plan.kind == ACTIVITIES:  # "1 โครงการ" over its items "1.1", "1.2"; breakdowns
        counted, doubts = rows_counted_by_others(sheet, plan.columns, numbering,
                                                 [first_data + k for k, r in enumerate(reasons) if r is None])
        plan.review += doubts
        for index, reason in counted.items():
            reasons[index - first_data] = reason
    if numbering is not None and plan.kind in (ACTIVITIES, PLACES):
        _subtotals_among_records(sheet, plan, first_data, reasons, numbering)
        candidates = [first_data + k for k, r in enumerate(reasons) if r is None or (k in trailing and r == "footnote")]
        records = group_records(sheet, candidates, numbering, cells.silenced.get(numbering.index), first_data)
        if records:
            plan.records = {record.start: record.rows for record in records}
            inside = {i for record in records for i in record.rows}
            for k in range(len(reasons)):
                if first_data + k in inside:
                    reasons[k] = None
                elif reasons[k] is None:
                    reasons[k] = "before_records"
            plan.evidence.append(said("records_numbered", records=len(records), header=numbering.header,
                                      rows=len(inside) - len(records)))
    for offset, reason in enumerate(reasons):
        index = first_data + offset
        if reason is None and (not plan.records or index in plan.records):
            plan.data_rows.append(index)
    last_total = -1
    for offset, reason in enumerate(reasons):
        index = first_data + offset
        if reason == "totals_unlabelled" and not is_sum_of_rows_above(sheet, plan.columns, index, plan.data_rows,
                                                                       since=last_total):
            plan.review.append(said("unlabelled_not_sum", row=sheet.first_row + index + 1))
        if reason in ("totals", "totals_unlabelled"):
            last_total = index
        if reason is not None:
            text = "" if reason in ("blank", "signature") else label_text(sheet.rows[index])
            plan.dropped.append(DroppedRow(sheet.first_row + index + 1, reason, text))


def _drop_area_subtotals(sheet: RawSheet, plan: SheetPlan) -> None:
    """An amphoe's row next to its tambons, the sum of their figures, is a subtotal; one with no figures
    heads them (understand/area_levels.py)."""
    subtotals, headings, doubt = area_subtotals(sheet, plan.columns, plan.data_rows)
    if doubt is not None:
        plan.review.append(doubt)
    if subtotals or headings:
        plan.data_rows = [i for i in plan.data_rows if i not in set(subtotals + headings)]
        plan.dropped += [DroppedRow(sheet.first_row + i + 1, "area_subtotal", label_text(sheet.rows[i])) for i in subtotals]
        plan.dropped += [DroppedRow(sheet.first_row + i + 1, "area_heading", label_text(sheet.rows[i])) for i in headings]
        plan.dropped.sort(key=lambda row: row.row)
    if subtotals:
        plan.evidence.append(said("area_subtotals", n=len(subtotals)))
    if headings:
        plan.evidence.append(said("area_headings", n=len(headings)))


def _counts_of_marks(sheet: RawSheet, plan: SheetPlan, first_data: int, reasons: list[str | None]) -> None:
    """A row that counts the ✓ marks above it in every session column ("รวมผู้เข้าเรียน | 11 | 11 | 10")
    is a total, whatever its label says."""
    marks = [c.index for c in plan.columns if getattr(c.reason, "code", None) == "attendance_marks"]
    if not marks:
        return
    marked = dict.fromkeys(marks, 0)
    for offset, reason in enumerate(reasons):
        cells = sheet.rows[first_data + offset] + [None] * (max(marks) + 1)
        if reason is None and all(looks_numeric(cells[j]) and float(str(cells[j]).replace(",", "")) == marked[j]
                                  for j in marks):
            reasons[offset] = "totals"
            continue
        for j in marks:
            marked[j] += str(cells[j]).strip().casefold() in YES


def _subtotals_among_records(sheet: RawSheet, plan: SheetPlan, first_data: int, reasons: list[str | None],
                             numbering: Column) -> None:
    """A row without a record's number whose figures are the sum of the numbered rows above it (all of
    them, or those since the previous total) is a subtotal ("รวมไตรมาส 2"), never a record's continuation."""
    numbered: list[int] = []
    since = -1
    k = numbering.index
    has_number = numbered_cells([row[k] if k < len(row) else None for row in sheet.rows[first_data:]])
    dated = [c.index for c in plan.columns if c.field == "date"]  # a total has no date; a session has its own
    for offset, reason in enumerate(reasons):
        index = first_data + offset
        if reason in ("totals", "totals_unlabelled"):
            since = index
        if reason is not None:
            continue
        if has_number[offset]:
            numbered.append(index)
        elif not any(j < len(sheet.rows[index]) and not is_blank(sheet.rows[index][j]) for j in dated) and \
                is_sum_of_rows_above(sheet, plan.columns, index, numbered, since=since):
            reasons[offset], since = "totals", index


MAX_TITLE_CELLS = 3


def _mark_titles_and_signatures(sheet: RawSheet, first_data: int, reasons: list[str | None], titles: set[str],
                                cells) -> None:
    """The title printed again at the top of a page, and a signature block (ลงชื่อ … ผู้รายงาน, the
    official's name in brackets, the position): dropped, and the names never kept."""
    lexicon = load_lexicon()
    signing = 0
    filled_counts = (~cells.blank).sum(axis=1)
    # titles and signature lines hold a cell or three and no number; other rows only end a signature
    candidates = set(np.flatnonzero((filled_counts > 0) & (filled_counts <= MAX_TITLE_CELLS)
                                    & ~cells.numeric.any(axis=1)).tolist())
    for offset, reason in enumerate(reasons):
        if offset not in candidates:
            if filled_counts[offset]:
                signing = 0
            continue
        row = sheet.rows[first_data + offset]
        texts = [str(c) for c in row if isinstance(c, str) and c.strip()]
        numbers = [c for c in row if looks_numeric(c)]
        if reason in (None, "footnote") and texts and not numbers:
            keys = {header_key(t) for t in texts}
            if keys <= titles:
                reasons[offset] = "title_repeat"
                continue
            said = words(" ".join(texts))
            if find(said, lexicon.signature):
                reasons[offset], signing = "signature", 3
                continue
            if signing and len(texts) == 1 and len(texts[0]) < 80:
                reasons[offset], signing = "signature", signing - 1
                continue
        signing = 0 if numbers else signing
