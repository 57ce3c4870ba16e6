"""Completeness by reporting office (DHIS2's reporting completeness): for each source — who sends a
kind of file, as uploads name it — and each year, whether it reported, on time or late, or not at all.

A source is expected every year from the first year it ever reported up to the city's latest year
(any source's); a year is "reported" when a committed upload of the source holds rows of it (a rolled
back one does not count), at the time of the first such upload. It is due a number of days after the
period ends (config/reporting.yaml); before that, a year not yet reported is "not due", not missing.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from indicators.config import CONFIG_DIR, read_yaml

REPORTING_FILE = CONFIG_DIR / "reporting.yaml"
STATUSES = ("on_time", "late", "missing", "not_due")
COLUMNS = ["source", "year", "status", "first_reported", "due", "days_late", "uploads"]

_REPORTED = """
    SELECT u.source, r.year, min(u.uploaded_at) AS first_reported, count(DISTINCT u.upload_id) AS uploads
    FROM (SELECT DISTINCT upload_id, {year} AS year FROM activities
          UNION SELECT DISTINCT upload_id, {year} FROM participation
          UNION SELECT DISTINCT upload_id, {year} FROM outcomes
          UNION SELECT DISTINCT upload_id, {year} FROM statistics) r
    JOIN uploads u USING (upload_id)
    WHERE u.city = ? AND u.status = 'committed' AND r.year IS NOT NULL
    GROUP BY u.source, r.year
"""


def due_date(year: int, fiscal: bool, days: int) -> date:
    """The day a year's figures are due: `days` after 31 December (calendar) or 30 September (fiscal)."""
    end = date(int(year), 9, 30) if fiscal else date(int(year), 12, 31)
    return end + timedelta(days=int(days))


def completeness(con, city: str, fiscal: bool = False, today: date | None = None) -> pd.DataFrame:
    """One row per source and expected year: status (on_time, late, missing, not_due), when first
    reported, when due, days late, and how many uploads held the year."""
    settings = read_yaml(REPORTING_FILE) or {}
    default_days = int(settings.get("due_days_after_period", 90))
    per_source = settings.get("sources") or {}
    today = today or date.today()
    reported = con.execute(_REPORTED.format(year="fiscal_year" if fiscal else "year"), [city]).df()
    if reported.empty:
        return pd.DataFrame(columns=COLUMNS)
    last_year = int(reported["year"].max())
    found = {(s, int(y)): (at, int(n)) for s, y, at, n in reported.itertuples(index=False)}
    rows = []
    for source, years in reported.groupby("source")["year"]:
        days = int(per_source.get(source, default_days))
        for year in range(int(years.min()), last_year + 1):
            due = due_date(year, fiscal, days)
            at, uploads = found.get((source, year), (None, 0))
            if at is not None:
                late = (pd.Timestamp(at).date() - due).days
                status, days_late = ("late", late) if late > 0 else ("on_time", 0)
            else:
                status, days_late = ("missing", (today - due).days) if today > due else ("not_due", None)
            rows.append({"source": source, "year": year, "status": status,
                         "first_reported": None if at is None else pd.Timestamp(at).to_pydatetime(),
                         "due": due, "days_late": days_late, "uploads": uploads})
    return pd.DataFrame(rows, columns=COLUMNS)


def completeness_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per source: years expected (due), reported on time, late, missing, and the share reported."""
    if table.empty:
        return pd.DataFrame(columns=["source", "expected", *STATUSES, "reported_pct"])
    counts = table.pivot_table(index="source", columns="status", values="year", aggfunc="count", fill_value=0)
    counts = counts.reindex(columns=list(STATUSES), fill_value=0)
    counts["expected"] = counts["on_time"] + counts["late"] + counts["missing"]
    reported = counts["on_time"] + counts["late"]
    counts["reported_pct"] = (100 * reported / counts["expected"].where(counts["expected"] > 0)).round(1)
    return counts.reset_index()[["source", "expected", *STATUSES, "reported_pct"]]
