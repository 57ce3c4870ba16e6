"""A new version of a source: an upload from a source that brings a year already in force for it takes
that year over (store/versions.py), the way a corrected file replaces the one it corrects. Said before
anything is written, naming the upload whose rows would stop counting, so that a file of its own (another
quarter, another office) sent under the same source is never taken for a correction unsaid. A version
that shares no district with the upload it would replace ("แบบรายงาน (1).xlsx", the browser's name for a
second office's attachment) is refused: a correction of a district's figures names that district."""

from __future__ import annotations

import duckdb

from indicators.base.errors import Problem
from indicators.base.messages import problem


def replaced_uploads(plan, con: duckdb.DuckDBPyConnection | None) -> list[Problem]:
    """A warning for each upload in force for the plan's city and source in a year the plan brings."""
    if con is None or not plan.years:
        return []
    found = con.execute("""
        SELECT f.upload_id, any_value(u.file_name), list(f.year ORDER BY f.year) FROM in_force f
        JOIN uploads u USING (upload_id) WHERE f.city = ? AND f.source = ? AND list_contains(?, f.year)
        GROUP BY f.upload_id ORDER BY f.upload_id""", [plan.city, plan.source, plan.years]).fetchall()
    said = []
    mine = _districts_of_plan(plan)
    for upload_id, file_name, years in found:
        theirs = _districts_of_upload(con, upload_id, years)
        if mine and theirs and not mine & theirs:  # "แบบรายงาน (1).xlsx" from another office: no correction
            said.append(problem("replaces_other_areas", file=plan.file_name, value=upload_id, detail=file_name,
                                years=", ".join(map(str, years)), years_be=", ".join(str(y + 543) for y in years),
                                theirs=", ".join(sorted(theirs)[:5]), mine=", ".join(sorted(mine)[:5])))
        else:
            said.append(problem("replaces_upload", file=plan.file_name, value=upload_id, detail=file_name,
                                years=", ".join(map(str, years)), years_be=", ".join(str(y + 543) for y in years)))
    return said


def _districts_of_plan(plan) -> set[str]:
    return {str(d).strip().casefold() for table in ("activities", "statistics")
            if (frame := plan.frames.get(table)) is not None and "district" in frame
            for d in frame["district"].dropna().unique()}


def _districts_of_upload(con: duckdb.DuckDBPyConnection, upload_id: int, years: list[int]) -> set[str]:
    return {d.strip().casefold() for (d,) in con.execute(
        "SELECT DISTINCT district FROM activities WHERE upload_id = ? AND list_contains(?, year) AND district IS NOT NULL "
        "UNION SELECT DISTINCT district FROM statistics WHERE upload_id = ? AND list_contains(?, year) "
        "AND district IS NOT NULL", [upload_id, years, upload_id, years]).fetchall()}
