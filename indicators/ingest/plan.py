"""Planning an upload: read → understand → protect → clean → validate, and nothing written.

A plan is everything the engine understood of a file, with its problems. Files planned together may
refer to each other in any order (a participants file before the activities it names).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import BinaryIO

import duckdb
import pandas as pd

from indicators import store
from indicators.base.errors import Problem
from indicators.base.memory import release_freed_memory, texts_as_categories
from indicators.base.messages import problem
from indicators.base.text import header_key, printable, slug
from indicators.clean.csv_fields import cells_beyond_the_header
from indicators.clean.extract import REGISTER_TABLES, Extracted, extract_sheet
from indicators.clean.privacy import protect_sheet
from indicators.clean.validate import Reporter, check_activities, check_outcomes, check_parts, check_years
from indicators.config import vocabulary
from indicators.config.readings import said_once, say
from indicators.ingest.column_mappings import header_signature, saved_overrides
from indicators.ingest.district_spellings import unify_district_spellings
from indicators.ingest.figure_conflicts import figures_held_by_other_sources
from indicators.ingest.recipes import Recipe, saved_recipe
from indicators.ingest.repeats import (
    activities_written_twice,
    content_keys,
    lists_naming_listed_activities,
    repeated_in_other_uploads,
    set_aside_repeated_sheets,
)
from indicators.ingest.replacements import replaced_uploads
from indicators.ingest.sources import default_source
from indicators.ingest.summaries import summaries_of_the_registers
from indicators.read import Workbook, read_workbook
from indicators.understand.kinds import NOTES
from indicators.understand.sheet import SheetContext, SheetPlan, understand_sheet
from indicators.understand.unread import holds_numbers, read_nowhere
from indicators.understand.vocabulary import (
    PARTICIPANT_LIST,
    STATISTICS,
    STATISTICS_WIDE,
    STRUCTURAL_FIELDS,
    UNKNOWN,
)

HELPER_SHEETS = frozenset(name.casefold() for name in vocabulary()["helper_sheets"])

LINK_COLUMNS = ["activity_key", "district", "event_date", "year", "fiscal_year"]

TIME_FIELDS = {"date", "year", "fiscal_year", "period", "period_yymm", "period_value"}  # fields that date rows


@dataclass
class SheetReport:
    sheet: str
    kind: str
    header_rows: list[int]
    columns: list[dict]
    rows_read: int
    rows_kept: int
    dropped: dict[str, int]
    dropped_rows: list[dict]
    years: list[int]
    signature: str = ""  # header signature: how a saved column mapping finds this sheet again
    evidence: list[str] = field(default_factory=list)  # why the sheet was read as it was
    review: list[str] = field(default_factory=list)  # why a person must confirm the reading
    year: int | None = None  # the year of rows that state none, and where it was found
    year_source: str = ""
    measure: str | None = None  # what value columns with no measure of their own count, and from where
    measure_source: str = ""
    records: int = 0  # records spanning several rows, each read once
    set_aside: bool = False  # its records all stand in the file's other sheets: not stored again

    def to_dict(self, lang: str = "en") -> dict:
        """Plain data (JSON), the reading's words said in `lang`."""
        data = dict(self.__dict__)
        data["evidence"] = [say([s], lang) for s in self.evidence]
        data["review"] = [say([s], lang) for s in self.review]
        data["columns"] = [{**c, "reason": say([c["reason"]], lang) if c.get("reason") else "",
                            "evidence": [say([s], lang) for s in c.get("evidence") or []]} for c in self.columns]
        return data


@dataclass
class FilePlan:
    """What one file would add to the database, and what is wrong with it."""

    file_name: str
    sha256: str
    file_format: str
    city: str
    source: str
    sheets: list[SheetReport] = field(default_factory=list)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    upload_id: int | None = None
    headers: dict[tuple[str, str], str] = field(default_factory=dict)  # (sheet, field) → header as written
    titles: dict[str, str] = field(default_factory=dict)  # sheet → the words above its table

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def years(self) -> list[int]:
        found: set[int] = set()
        for frame in self.frames.values():
            if "year" in frame:
                found.update(int(y) for y in frame["year"].dropna().unique())
        return sorted(found)

    def rows(self, table: str) -> int:
        frame = self.frames.get(table)
        return 0 if frame is None else len(frame)

    def to_dict(self) -> dict:
        return {
            "file": self.file_name, "sha256": self.sha256, "format": self.file_format, "city": self.city,
            "source": self.source, "upload_id": self.upload_id, "years": self.years,
            "rows": {t: self.rows(t) for t in ("activities", "participation", "outcomes", "statistics")},
            "sheets": [s.to_dict() for s in self.sheets],
            "problems": [p.to_dict() for p in self.problems],
        }


@dataclass
class IngestOutcome:
    status: str  # committed | dry_run | refused
    plans: list[FilePlan]

    @property
    def upload_ids(self) -> list[int]:
        return [p.upload_id for p in self.plans if p.upload_id is not None]

    @property
    def problems(self) -> list[Problem]:
        return [p for plan in self.plans for p in plan.problems]

    def to_dict(self) -> dict:
        return {"status": self.status, "upload_ids": self.upload_ids, "files": [p.to_dict() for p in self.plans]}


def plan_workbook(workbook: Workbook, city: str, con: duckdb.DuckDBPyConnection | None = None,
                  source: str | None = None, pending: list[FilePlan] = (), today: date | None = None,
                  overrides: dict[str, dict[str, str]] | None = None, year: int | None = None,
                  recipe: Recipe | None = None) -> FilePlan:
    """Understand, clean and validate a workbook that was read; write nothing.

    `overrides` holds, per sheet name, the fields a researcher chose for columns ({header: field});
    without them, a column mapping saved earlier for this source (or these headers) applies. `year`
    is the year a researcher gave for sheets that state none. `recipe` is a confirmed reading (else the
    one saved for this source, if any): its sheets are read as it says, without review."""
    plan = FilePlan(workbook.file_name, workbook.sha256, workbook.file_format, city,
                    printable(source).strip() if source else default_source(workbook.file_name))
    headers: dict[tuple[str, str], str] = {}
    extracted: list[Extracted] = []
    around = SheetContext(workbook.file_name, tuple(s.name for s in workbook.sheets), year)
    given = recipe is not None
    recipe = recipe or saved_recipe(con, city, plan.source)
    for sheet in workbook.sheets:
        if sheet.name.strip().casefold() in HELPER_SHEETS:
            continue
        confirmed = recipe.for_sheet(sheet.name) if recipe else None
        if confirmed is not None:
            sheet_plan = understand_sheet(sheet, overrides=confirmed.columns, context=replace(
                around, year=confirmed.year or year, kind=confirmed.kind, header_rows=confirmed.header_rows,
                measure=confirmed.measure, confirmed=True, seen=given))
            missing = _headers_not_found(confirmed, sheet_plan)
            if not missing:
                _sheet_step(plan, workbook, sheet, sheet_plan, header_signature(sheet_plan), headers, extracted, city)
                continue
            # The reading was confirmed for other headers (a row added above the table, columns changed):
            # applied as it stands it would read the wrong cells, so it is refused or, when saved, set aside.
            plan.problems.append(problem("recipe_mismatch" if given else "saved_reading_not_used",
                                         file=plan.file_name, sheet=sheet.name, value=len(missing),
                                         detail=", ".join(f"'{h}'" for h in missing[:5])))
            if given:
                continue
        sheet_plan = understand_sheet(sheet, context=around)
        signature = header_signature(sheet_plan)
        chosen = (overrides or {}).get(sheet.name)
        if chosen is None:
            chosen = saved_overrides(con, city, plan.source, signature)
        if chosen:
            sheet_plan = understand_sheet(sheet, overrides=chosen, context=around)
        _sheet_step(plan, workbook, sheet, sheet_plan, signature, headers, extracted, city)
    if not extracted:
        plan.problems.append(problem("no_data_sheet", file=plan.file_name))
        return plan
    _assemble(plan, extracted)
    unify_district_spellings(plan, con, pending, headers)  # before content keys: a file re-sent respelled is found
    _sheets_apart(plan)
    content_keys(plan)
    release_freed_memory()
    set_aside_repeated_sheets(plan)
    lists_naming_listed_activities(plan, {s.sheet for s in plan.sheets if s.kind == PARTICIPANT_LIST and not s.set_aside},
                                   pending)
    activities_written_twice(plan)
    repeated_in_other_uploads(plan, con)
    figures_held_by_other_sources(plan, con)
    release_freed_memory()
    if not any(len(frame) for frame in plan.frames.values()):
        plan.problems.append(problem("nothing_kept", file=plan.file_name))
    plan.headers = headers
    report = Reporter(plan.file_name, headers)
    _resolve_links(plan, con, pending, report)
    _totals_stated_elsewhere(plan, con, pending)
    summaries_of_the_registers(plan)
    for table in REGISTER_TABLES:  # what follows only reads: from here on each repeated text is held once
        if table in plan.frames:
            texts_as_categories(plan.frames[table])
    release_freed_memory()
    _years_per_sheet(plan)
    _codes_in_other_uploads(plan, con, report)
    without_year = frozenset(p.sheet for p in plan.problems if p.code == "year_needed")
    check_years(report, plan.frames, today or date.today(), without_year)
    release_freed_memory()  # each check's columns are freed as the next one builds its own
    check_activities(report, plan.frames.get("activities"))
    check_parts(report, plan.frames.get("participation"), _known_totals(plan, con, pending))
    check_outcomes(report, plan.frames.get("outcomes"))
    release_freed_memory()
    plan.problems += report.problems
    plan.problems += replaced_uploads(plan, con)
    if con is not None and (earlier := store.find_live_upload_with_hash(con, city, plan.sha256)):
        plan.problems.append(problem("duplicate_file", file=plan.file_name, value=earlier))
    if any(p.sha256 == plan.sha256 and p.city == city for p in pending):
        plan.problems.append(problem("duplicate_file", file=plan.file_name, value="(this batch)"))
    return plan


def _headers_not_found(confirmed, sheet_plan: SheetPlan) -> list[str]:
    """Headers of a confirmed reading that are not in the sheet at the rows it names."""
    found = {header_key(c.header) for c in sheet_plan.columns if c.header}
    return [h for h in confirmed.columns if header_key(h) not in found]


def _sheet_step(plan: FilePlan, workbook: Workbook, sheet, sheet_plan: SheetPlan, signature: str,
                headers: dict, extracted: list, city: str) -> None:
    """One understood sheet: set aside (notes, unknown) or protected, checked and extracted."""
    if sheet_plan.kind == NOTES:
        plan.problems.append(problem("notes_sheet", file=plan.file_name, sheet=sheet.name))
        return
    if sheet_plan.kind == UNKNOWN:
        if any(any(c not in (None, "") for c in row) for row in sheet.rows):
            plan.problems.append(problem("unknown_sheet", file=plan.file_name, sheet=sheet.name))
            # listed with what was read of it, so the wizard can offer a reading to confirm
            plan.sheets.append(_sheet_report(sheet_plan, None, signature))
        return
    if sheet_plan.review:
        plan.problems.append(problem("needs_review", file=plan.file_name, sheet=sheet.name,
                                     detail=say(sheet_plan.review, "en"), detail_th=say(sheet_plan.review, "th")))
    plan.problems += protect_sheet(sheet, sheet_plan, plan.file_name)
    plan.problems += _merged_data_cells(sheet, sheet_plan, plan.file_name)
    plan.problems += cells_beyond_the_header(sheet, sheet_plan, plan.file_name, workbook.file_format)
    plan.problems += _column_notes(sheet_plan, plan.file_name)
    if not sheet_plan.data_rows:
        plan.problems.append(problem("header_only", file=plan.file_name, sheet=sheet.name))
    # Activities without a code get a key unique to this file's content, sheet and row.
    release_freed_memory()  # what understanding the sheet used, before its columns are cleaned
    result = extract_sheet(sheet, sheet_plan, plan.file_name, city, workbook.decimal_comma,
                           key_prefix=plan.sha256[:10] + ":")
    release_freed_memory()
    plan.problems += result.problems
    extracted.append(result)
    headers.update({(sheet.name, c.field): c.header for c in sheet_plan.columns if c.field})
    plan.titles[sheet.name] = sheet_plan.title_text
    plan.sheets.append(_sheet_report(sheet_plan, result, signature))


FILLABLE_FIELDS = {"activity_code", "title", "category", "district", "organiser", "partner", "mode", "target_group",
                   "date", "year", "fiscal_year", "kf_code", "measure", "unit"}


def _merged_data_cells(sheet, sheet_plan: SheetPlan, file_name: str) -> list[Problem]:
    """Cells merged down over data rows: text is copied to every row it covers (a district written once
    for a block of activities); a number cannot belong to several rows, so it is an error."""
    fields = {c.index: c for c in sheet_plan.columns}
    first_data = min(sheet_plan.data_rows, default=len(sheet.rows))
    found = []
    for r0, c0, r1, _c1 in sheet.merged:
        if r1 <= r0 or r0 < first_data or c0 not in fields:
            continue
        column = fields[c0]
        rows = f"{sheet.first_row + r0 + 1}–{sheet.first_row + r1 + 1}"
        if column.field in FILLABLE_FIELDS:
            value = sheet.rows[r0][c0] if c0 < len(sheet.rows[r0]) else None
            for r in range(r0 + 1, min(r1, len(sheet.rows) - 1) + 1):
                sheet.rows[r].extend([None] * (c0 + 1 - len(sheet.rows[r])))
                sheet.rows[r][c0] = value
            found.append(problem("merged_text_filled", file=file_name, sheet=sheet.name, row=sheet.first_row + r0 + 1,
                                 column=column.header, detail=rows))
        elif column.field is not None:
            found.append(problem("merged_numbers", file=file_name, sheet=sheet.name, row=sheet.first_row + r0 + 1,
                                 column=column.header, value=sheet.rows[r0][c0] if c0 < len(sheet.rows[r0]) else None,
                                 detail=rows))
    return found


def recheck_against_database(con: duckdb.DuckDBPyConnection, plans: list[FilePlan]) -> list[Problem]:
    """The checks that depend on what is stored, made again inside the write transaction: the same file
    kept by another upload, activity codes or records another source brought, and links to activities
    that are no longer live — any of which another session may have changed since the plans were made."""
    problems: list[Problem] = []
    for plan in plans:
        if earlier := store.find_live_upload_with_hash(con, plan.city, plan.sha256):
            problems.append(problem("duplicate_file", file=plan.file_name, value=earlier))
        report = Reporter(plan.file_name, plan.headers)
        _codes_in_other_uploads(plan, con, report)
        _links_still_live(plan, con, plans, report)
        problems += report.problems
        probe = replace(plan, problems=[])  # the same records from another source (ingest/repeats.py)
        repeated_in_other_uploads(probe, con)
        figures_held_by_other_sources(probe, con)
        problems += probe.problems
        problems += [p for p in replaced_uploads(plan, con) if p.severity == "error"]
    return problems


def _links_still_live(plan: FilePlan, con, plans: list[FilePlan], report: Reporter) -> None:
    in_batch = [p.frames["activities"]["activity_key"].dropna() for p in plans if "activities" in p.frames]
    in_batch = pd.concat(in_batch).unique() if in_batch else []
    for table in ("participation", "outcomes"):
        frame = plan.frames.get(table)
        if frame is None or frame.empty:
            continue
        named = pd.Series(frame["activity_key"].dropna().unique(), dtype=object)
        keys = named[~named.isin(in_batch)].tolist()  # a register's own counts: compared as columns
        if not keys:
            continue
        with store.text_values(con, "_linked_keys", keys) as linked:
            live = {k for (k,) in con.execute(f"SELECT DISTINCT activity_key FROM v_activities SEMI JOIN {linked} k "
                                              "ON k.value = activity_key WHERE city = ?", [plan.city]).fetchall()}
        gone = frame["activity_key"].isin([k for k in keys if k not in live])
        report.rows("unknown_activity_code", frame, gone, "activity_code", frame["activity_key"])


def _codes_in_other_uploads(plan: FilePlan, con, report: Reporter) -> None:
    """Activity codes are unique per city across live uploads: the same activity sent again by another
    source would be counted twice. (The same source replaces its years instead.)"""
    activities = plan.frames.get("activities")
    if con is None or activities is None or activities["activity_code"].isna().all():
        return
    with store.text_values(con, "_incoming_codes", activities["activity_code"]) as codes:
        existing = con.execute(
            f"SELECT a.activity_code, min(a.upload_id) FROM v_activities a JOIN uploads u USING (upload_id) "
            f"SEMI JOIN {codes} c ON c.value = a.activity_code WHERE a.city = ? AND u.source <> ? GROUP BY 1",
            [plan.city, plan.source]).fetchall()
    if existing:
        taken = dict(existing)
        clash = activities["activity_code"].isin(list(taken))
        report.rows("activity_code_in_other_upload", activities, clash, "activity_code", activities["activity_code"],
                    activities["activity_code"].map(taken))


def _column_notes(sheet_plan: SheetPlan, file_name: str) -> list[Problem]:
    notes = []
    for column in sheet_plan.columns:
        if column.note.startswith("duplicate:"):
            notes.append(problem("duplicate_column", file=file_name, sheet=sheet_plan.sheet, column=column.header,
                                 detail=column.note.split(":", 1)[1]))
        elif column.note == "estimate":
            notes.append(problem("estimate_column", file=file_name, sheet=sheet_plan.sheet, column=column.header))
        elif _figures_left_out(sheet_plan, column):  # (said as a doubt first; stored without them once confirmed)
            notes.append(problem("figures_not_stored", file=file_name, sheet=sheet_plan.sheet, column=column.header))
        elif column.field is None and column.header:
            notes.append(problem("unmatched_column", file=file_name, sheet=sheet_plan.sheet, column=column.header))
    return notes


def _figures_left_out(sheet_plan: SheetPlan, column) -> bool:
    """A column of numbers that this reading of its sheet stores nowhere: unrecognised, a figure with no
    period beside period columns, or a period's column in a table of one figure per row."""
    return bool(column.header) and holds_numbers(column) and (
        column.field is None or read_nowhere(sheet_plan.kind, column))


def _sheet_report(sheet_plan: SheetPlan, result: Extracted | None, signature: str) -> SheetReport:
    """What was read of a sheet; `result` is None for a sheet that was not extracted (kind unknown)."""
    dropped: dict[str, int] = {}
    for row in sheet_plan.dropped:
        dropped[row.reason] = dropped.get(row.reason, 0) + 1
    years: set[int] = set()
    for frame in result.frames().values() if result is not None else ():
        years.update(int(y) for y in frame["year"].dropna().unique())
    joined = sum(len(rows) - 1 for rows in sheet_plan.records.values())
    dated = any(c.field in TIME_FIELDS for c in sheet_plan.columns)
    return SheetReport(
        sheet=sheet_plan.sheet, kind=sheet_plan.kind, header_rows=sheet_plan.header_rows,
        columns=[{"index": c.index, "header": c.header, "field": c.field, "note": c.note, "measure": c.measure,
                  "breakdown": c.breakdown, "reason": c.reason, "evidence": list(c.evidence)}
                 for c in sheet_plan.columns if c.header or c.field],
        rows_read=len(sheet_plan.data_rows) + len(sheet_plan.dropped) + joined,
        rows_kept=len(sheet_plan.data_rows) if result is not None else 0,
        dropped=dropped, dropped_rows=[{"row": d.row, "reason": d.reason, "text": d.text} for d in sheet_plan.dropped],
        years=sorted(years), signature=signature, evidence=said_once(sheet_plan.evidence), review=said_once(sheet_plan.review),
        # the year around the table is reported only where it is used: no column dates the rows
        year=None if dated else sheet_plan.year, year_source="" if dated else sheet_plan.year_source,
        measure=sheet_plan.measure,
        measure_source=sheet_plan.measure_source, records=len(sheet_plan.records),
    )


def _assemble(plan: FilePlan, extracted: list[Extracted]) -> None:
    """Each table's rows of every sheet in one frame; the sheets' own frames are let go, so that a large
    sheet's rows are not held twice while the file is checked."""
    for table in ("activities", "participation", "outcomes", "statistics"):
        pieces = [getattr(e, table) for e in extracted if getattr(e, table) is not None and not getattr(e, table).empty]
        for sheet_rows in extracted:
            setattr(sheet_rows, table, None)
        if pieces:
            plan.frames[table] = pd.concat(pieces, ignore_index=True)


FIGURE_KEYS = ["measure", "district", "year", "sex", "age_min", "age_max", "breakdown", "period_start"]


def _sheets_apart(plan: FilePlan) -> None:
    """Sheets of one workbook that report the same measures for the same areas and years (a sheet per
    case group, each with "รับแจ้ง | จับกุม") hold different figures: each sheet's measures are named
    after it, so no figure is stored twice under one name."""
    frame = plan.frames.get("statistics")
    if frame is None or frame["sheet"].nunique() < 2:
        return
    # places are counted one by one (the same place twice is found by its content); aggregates are not
    aggregates = {s.sheet for s in plan.sheets if s.kind in (STATISTICS, STATISTICS_WIDE)}
    frame = frame[frame["sheet"].isin(aggregates)]
    if frame["sheet"].nunique() < 2:
        return
    keys = pd.util.hash_pandas_object(frame.reindex(columns=FIGURE_KEYS).astype(object), index=False)
    sheets_per_key = frame.groupby(keys.to_numpy())["sheet"].transform("nunique")
    clashing = set(frame.loc[sheets_per_key.gt(1).to_numpy(), "sheet"])
    if not clashing:
        return
    frame = plan.frames["statistics"]
    mask = frame["sheet"].isin(clashing)
    frame.loc[mask, "measure"] = frame.loc[mask, "measure"] + "." + frame.loc[mask, "sheet"].map(slug)
    frame.loc[mask, "measure_label"] = frame.loc[mask, "sheet"] + " / " + frame.loc[mask, "measure_label"].fillna("")
    plan.problems.append(problem("measures_per_sheet", file=plan.file_name, value=len(clashing)))


def _years_per_sheet(plan: FilePlan) -> None:
    """Sheets linked to activities learn their years only once the links are resolved."""
    found: dict[str, set[int]] = {}
    for frame in plan.frames.values():  # the distinct (sheet, year) pairs, not a group of rows per sheet
        pairs = frame[["sheet", "year"]].dropna().drop_duplicates()
        for sheet, year in zip(pairs["sheet"].astype(object), pairs["year"].astype(object)):
            found.setdefault(sheet, set()).add(int(year))
    for report in plan.sheets:
        report.years = sorted(found.get(report.sheet, set()))


def _activity_lookup(plan: FilePlan, con, pending: list[FilePlan]) -> pd.DataFrame:
    pieces = [p.frames["activities"][LINK_COLUMNS + ["activity_code"]] for p in [*pending, plan] if "activities" in p.frames]
    if con is not None:
        pieces.append(con.execute(
            "SELECT activity_key, district, event_date, year, fiscal_year, activity_code FROM v_activities "
            "WHERE city = ? AND activity_code IS NOT NULL", [plan.city]).df())
    pieces = [p for p in pieces if not p.empty]
    if not pieces:
        return pd.DataFrame(columns=LINK_COLUMNS + ["activity_code"])
    found = pd.concat(pieces, ignore_index=True)
    found = found[found["activity_code"].notna()].drop_duplicates("activity_code", keep="last")
    return found.set_index("activity_code")


def _resolve_links(plan: FilePlan, con, pending, report: Reporter) -> None:
    """Participants and outcomes that name an activity code take its district, date and year."""
    lookup = _activity_lookup(plan, con, pending)
    for table in ("participation", "outcomes"):
        frame = plan.frames.get(table)
        if frame is None or "activity_code" not in frame:
            continue
        linked = frame["activity_code"].notna()
        known = frame["activity_code"].isin(lookup.index)
        report.rows("unknown_activity_code", frame, linked & ~known, "activity_code", frame["activity_code"])
        matches = lookup.reindex(frame["activity_code"].where(linked))
        matches.index = frame.index
        for column in ("district", "event_date", "year", "fiscal_year"):
            if column in frame:
                frame[column] = frame[column].where(frame[column].notna(), matches[column]) if column != "year" \
                    else frame[column].fillna(matches[column].astype("Int64"))
        frame.loc[linked & known, "activity_key"] = matches.loc[linked & known, "activity_key"]
        plan.frames[table] = frame.drop(columns=["activity_code"])


def _totals_stated_elsewhere(plan: FilePlan, con, pending: list[FilePlan]) -> None:
    """A participants sheet with female and male but no total, linked to activities whose total another
    sheet (or an earlier upload) states, adds no second total: its parts belong to that one."""
    frame = plan.frames.get("participation")
    if frame is None or "total_from_parts" not in frame:
        return
    from_parts = frame["total_from_parts"].fillna(False).astype(bool) & frame["dimension"].eq("total")
    if not from_parts.any():
        return
    stated = frame.loc[~from_parts & frame["dimension"].eq("total"), "activity_key"]
    elsewhere = set(stated.dropna()) | set(_known_totals(plan, con, pending, this_plan=False).index)
    plan.frames["participation"] = frame[~(from_parts & frame["activity_key"].isin(elsewhere))]


def _known_totals(plan: FilePlan, con, pending: list[FilePlan], this_plan: bool = True) -> pd.Series:
    """Participant totals already known per activity (this file's activity sheets, earlier files in
    this batch, earlier uploads) so a linked sheet's parts can be checked against them."""
    pieces = []
    for p in [*pending, plan] if this_plan else pending:
        frame = p.frames.get("participation")
        if frame is not None and not frame.empty:
            pieces.append(frame.loc[frame["dimension"].eq("total") & frame["activity_key"].notna(), ["activity_key", "value"]])
    if con is not None:
        pieces.append(con.execute(
            "SELECT activity_key, value FROM v_participation WHERE city = ? AND dimension = 'total' "
            "AND activity_key IS NOT NULL", [plan.city]).df())
    pieces = [p for p in pieces if not p.empty]
    if not pieces:
        return pd.Series(dtype="float64")
    return pd.concat(pieces).groupby("activity_key")["value"].sum()


def plan_file(source: str | Path | bytes | BinaryIO, city: str, con: duckdb.DuckDBPyConnection | None = None,
              file_name: str | None = None, upload_source: str | None = None, pending: list[FilePlan] = (),
              year: int | None = None) -> FilePlan:
    """Read and plan one file. Raises ReadError when it cannot be read at all."""
    workbook = read_workbook(source, file_name=file_name)
    return plan_workbook(workbook, city, con, upload_source, pending, year=year)


def plan_batch(con: duckdb.DuckDBPyConnection | None, workbooks: list[Workbook], city: str,
               source: str | None = None, overrides: dict[str, dict[str, dict[str, str]]] | None = None,
               fiscal: bool = False, year: int | None = None, recipe: Recipe | None = None,
               recipes: dict[str, Recipe] | None = None) -> list[FilePlan]:
    """Plan files that are committed together, in any order: a participants file may come before the
    activities it refers to (files naming unknown activity codes are planned again against the others).
    `overrides` is keyed by file name, then sheet name (see plan_workbook). With `fiscal`, the files'
    year columns are Thai fiscal years (the researcher said so), unless a column was chosen otherwise.
    `recipe` is a confirmed reading for every file; `recipes` one per file name (the wizard's)."""
    readings = {w.file_name: (recipes or {}).get(w.file_name, recipe) for w in workbooks}
    plans = _plan_together(con, workbooks, city, source, overrides or {}, year, readings)
    if fiscal:
        plans = _plan_together(con, workbooks, city, source, with_fiscal_years(plans, overrides or {}), year,
                               readings)
    return plans


def _plan_together(con, workbooks: list[Workbook], city: str, source: str | None,
                   overrides: dict[str, dict[str, dict[str, str]]], year: int | None,
                   readings: dict[str, Recipe | None]) -> list[FilePlan]:
    plans: list[FilePlan] = []
    for workbook in workbooks:
        plans.append(plan_workbook(workbook, city, con, source, pending=plans, overrides=overrides.get(
            workbook.file_name), year=year, recipe=readings.get(workbook.file_name)))
    for index, plan in enumerate(plans):
        if any(p.code == "unknown_activity_code" for p in plan.problems):
            others = [p for p in plans if p is not plan]
            name = workbooks[index].file_name
            plans[index] = plan_workbook(workbooks[index], city, con, source, pending=others,
                                         overrides=overrides.get(name), year=year, recipe=readings.get(name))
    return plans


def with_fiscal_years(plans: list[FilePlan], overrides: dict) -> dict:
    """Year columns read as Thai fiscal years: each sheet's current fields, with 'year' → 'fiscal_year'."""
    combined = {file: {sheet: dict(fields) for sheet, fields in sheets.items()} for file, sheets in overrides.items()}
    for plan in plans:
        for sheet in plan.sheets:
            if any(c["field"] == "year" for c in sheet.columns):
                chosen = combined.setdefault(plan.file_name, {}).setdefault(sheet.sheet, current_fields(sheet))
                for column in sheet.columns:
                    if column["field"] == "year" and chosen.get(column["header"], "year") == "year":
                        chosen[column["header"]] = "fiscal_year"
    return combined


def current_fields(sheet: SheetReport) -> dict[str, str]:
    """{header: field} of a planned sheet's columns that a researcher could choose (not structural ones)."""
    return {c["header"]: c["field"] for c in sheet.columns
            if c["header"] and c["field"] and c["field"] not in STRUCTURAL_FIELDS}


