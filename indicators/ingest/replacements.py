"""A new version of a source: an upload from a source that brings a year already in force for it takes
that year over (store/versions.py), the way a corrected file replaces the one it corrects. Said before
anything is written, naming the upload whose rows would stop counting, so that a file of its own (another
quarter, another office) sent under the same source is never taken for a correction unsaid."""

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
    return [problem("replaces_upload", file=plan.file_name, value=upload_id, detail=file_name,
                    years=", ".join(map(str, years)), years_be=", ".join(str(y + 543) for y in years))
            for upload_id, file_name, years in found]
