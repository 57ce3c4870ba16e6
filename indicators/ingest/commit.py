"""Committing planned files: all of them in ONE transaction, or none. If any file has an error, or
anything fails while writing, the database is exactly as it was before. New activities are mapped to
the Key Features areas in the same transaction.

A plan was made against the database as it was when planned; another session may have committed the
same file, the same activity codes or rolled back a linked activity since. So the checks that depend on
what is stored run again inside the write transaction (which holds the process's one write lock), and
the schema's keys refuse whatever slips past them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from indicators import mapping, store
from indicators.base.errors import ValidationRefused
from indicators.base.memory import forget_cells_read
from indicators.ingest.plan import FilePlan, IngestOutcome, plan_batch, recheck_against_database
from indicators.ingest.recipes import Recipe
from indicators.ingest.reference_upload import declare_reference
from indicators.read import read_workbook
from indicators.store import versions


@store.retried
def commit_plans(con: duckdb.DuckDBPyConnection, plans: list[FilePlan], user: str | None = None,
                 is_sample: bool = False) -> list[int]:
    """Write every plan in one transaction. Refuses (writing nothing) if any plan has an error."""
    problems = [p for plan in plans for p in plan.problems]
    if any(p.severity == "error" for p in problems):
        raise ValidationRefused(problems)

    def write() -> None:
        with store.transaction(con):  # a key the schema refuses arrives as a "write_conflict" (store/faults.py)
            stale = recheck_against_database(con, plans)
            if stale:
                raise ValidationRefused(problems + stale)
            write_plans(con, plans, user, is_sample)

    store.with_bounded_memory(con, write)  # DuckDB lets go of the pages written (store/write_memory.py)
    return [plan.upload_id for plan in plans]


def write_plans(con: duckdb.DuckDBPyConnection, plans: list[FilePlan], user: str | None = None,
                is_sample: bool = False, upload_ids: list[int] | None = None) -> None:
    """Write plans inside the caller's transaction. `upload_ids` are given for a preview that is rolled
    back (so it takes no numbers from the sequence); otherwise the sequence numbers the uploads."""
    batch_id = None
    for index, plan in enumerate(plans):
        plan.upload_id = upload_ids[index] if upload_ids else store.next_upload_id(con)
        batch_id = plan.upload_id if batch_id is None else batch_id  # files sent together: one version
        _write_plan(con, plan, user, is_sample, batch_id)
    versions.refresh(con, {(plan.city, plan.source) for plan in plans})


def _write_plan(con: duckdb.DuckDBPyConnection, plan: FilePlan, user: str | None, is_sample: bool,
                batch_id: int) -> None:
    upload_id = plan.upload_id
    store.record_upload(con, {
        "upload_id": upload_id, "city": plan.city, "source": plan.source, "file_name": plan.file_name,
        "sha256": plan.sha256, "file_format": plan.file_format,
        "sheets": [s.to_dict() for s in plan.sheets],
        "rows_read": sum(s.rows_read for s in plan.sheets), "rows_kept": sum(s.rows_kept for s in plan.sheets),
        "years": plan.years, "uploaded_by": user, "uploaded_at": datetime.now(), "status": "committed",
        "is_sample": is_sample, "batch_id": batch_id,
    })
    if "activities" in plan.frames:  # mapped first, so activity rows are written with their area masks
        store.number_activity_keys(con, plan.frames["activities"])
        _map_new_activities(con, plan)
    for table, frame in plan.frames.items():
        store.insert_frame(con, table, frame.assign(upload_id=upload_id))
    if plan.problems:
        rows = pd.DataFrame([p.to_dict() for p in plan.problems]).assign(upload_id=upload_id)
        store.insert_frame(con, "problems", rows)
    versions.claim_file(con, plan.city, plan.sha256, upload_id)


def _map_new_activities(con: duckdb.DuckDBPyConnection, plan: FilePlan) -> None:
    activities = plan.frames["activities"]
    mapped = mapping.map_activities(
        activities.reindex(columns=["activity_key", "title", "category", "target_group", "kf_code"]),
        mapping.category_table_for(con, plan.city), mapping.keyword_rules_for(con, plan.city))
    store.insert_frame(con, "activity_areas", mapped.assign(upload_id=plan.upload_id, city=plan.city))


def ingest_files(con: duckdb.DuckDBPyConnection, files: list, city: str, user: str | None = None,
                 dry_run: bool = False, is_sample: bool = False, source: str | None = None,
                 year: int | None = None, recipe: Recipe | None = None, level: str | None = None,
                 area_name: str | None = None) -> IngestOutcome:
    """Plan every file, then commit them all or none. `files` holds paths or (name, bytes) pairs, in any
    order: a participants file may come before the activities it refers to. `year` is the year of
    sheets that state none (as the researcher says). `level` and `area_name`: the files are reference
    figures of a province, region, the nation or the network (ingest/reference_upload.py).
    Raises ReadError for an unreadable file (nothing written)."""
    # the raw cells are no longer needed once planned: not holding them while writing saves ~0.1 GB at 200k rows
    plans = plan_batch(con, [read_workbook(item[1], file_name=item[0]) if isinstance(item, tuple)
                             else read_workbook(Path(item)) for item in files], city, source, year=year,
                       recipe=recipe)
    forget_cells_read()  # the cells read and what was cached of them, now that the plans hold what is kept
    declare_reference(plans, level, area_name)
    if any(not p.ok for p in plans):
        return IngestOutcome("refused", plans)
    if dry_run:
        return IngestOutcome("dry_run", plans)
    commit_plans(con, plans, user, is_sample)
    return IngestOutcome("committed", plans)
