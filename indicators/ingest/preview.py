"""What committing planned files would do, before it is done (DHIS2-style dry run): rows to add, rows
they replace, rows ignored, years affected, and every indicator's figure before → after.

The "after" figures are computed by the same engine that draws the pages: the plans are written inside
a transaction that is always rolled back (with negative upload numbers, so no number is used up), so
the preview and the figures after the real commit cannot disagree."""

from __future__ import annotations

import pandas as pd

from indicators import store
from indicators.ingest.commit import write_plans
from indicators.ingest.plan import FilePlan
from indicators.measure.compute import compute_values
from indicators.measure.definitions import load_indicators
from indicators.measure.periods import incomplete_periods
from indicators.measure.quality_checks import COLUMNS as BREACH_COLUMNS
from indicators.measure.quality_checks import new_breaches, run_rules
from indicators.measure.quality_rules import load_rules

TABLES = ("activities", "participation", "outcomes", "statistics")
LIVE_VIEW = {"activities": "v_activities", "participation": "v_participation", "outcomes": "v_outcomes",
             "statistics": "v_statistics"}


def row_summary(con, plans: list[FilePlan]) -> pd.DataFrame:
    """Per file and table: rows to add, live rows of the same source and years they replace, rows of the
    file ignored (totals, blanks, notes), and the years."""
    rows = []
    for plan in plans:
        ignored = sum(s.rows_read - s.rows_kept for s in plan.sheets)
        for table in TABLES:
            add = plan.rows(table)
            if not add:
                continue
            years = sorted(int(y) for y in plan.frames[table]["year"].dropna().unique())
            replaced = con.execute(
                f"SELECT count(*) FROM {LIVE_VIEW[table]} t JOIN uploads u USING (upload_id) "
                "WHERE u.city = ? AND u.source = ? AND list_contains(?, t.year)",
                [plan.city, plan.source, years]).fetchall()[0][0]
            rows.append({"file": plan.file_name, "table": table, "add": add, "replace": int(replaced),
                         "ignored": ignored, "years": years})
            ignored = 0  # counted once per file
    return pd.DataFrame(rows, columns=["file", "table", "add", "replace", "ignored", "years"])


def replaced_years(con, plans: list[FilePlan]) -> list[int]:
    """Years for which live data of the same source exists: committing replaces them."""
    found: set[int] = set()
    for plan in plans:
        if not plan.years:
            continue
        found.update(y for (y,) in con.execute(
            "SELECT DISTINCT t.year FROM (SELECT upload_id, year FROM v_activities UNION ALL "
            "SELECT upload_id, year FROM v_participation UNION ALL SELECT upload_id, year FROM v_outcomes "
            "UNION ALL SELECT upload_id, year FROM v_statistics) t JOIN uploads u USING (upload_id) "
            "WHERE u.city = ? AND u.source = ? AND list_contains(?, t.year)",
            [plan.city, plan.source, plan.years]).fetchall())
    return sorted(found)


class _Undo(Exception):
    """Raised to roll the preview's writes back."""


def values_before_after(con, plans: list[FilePlan], fiscal: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every indicator by year and district for the plans' city, now and as it would be after committing.
    Writes nothing (see the module docstring)."""
    city = plans[0].city
    before = compute_values(con, city=city, by=("year", "district"), fiscal=fiscal)
    try:
        with store.transaction(con):
            write_plans(con, plans, upload_ids=[-(i + 1) for i in range(len(plans))])
            after = compute_values(con, city=city, by=("year", "district"), fiscal=fiscal)
            raise _Undo
    except _Undo:
        pass
    finally:
        for plan in plans:
            plan.upload_id = None
    return before, after


def new_rule_warnings(con, plans: list[FilePlan], fiscal: bool = False,
                      values: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> pd.DataFrame:
    """The validation rules' warnings (measure/quality_checks.py) committing would bring: breaches after
    that are not there now. Warnings, not refusals: the figures may be right, and the Data quality page
    lists them for follow-up once committed."""
    if not plans:
        return pd.DataFrame(columns=BREACH_COLUMNS)
    city = plans[0].city
    before, after = values if values is not None else values_before_after(con, plans, fiscal)
    rules, partial = load_rules(con, city), incomplete_periods(con, city, fiscal)
    return new_breaches(run_rules(rules, before, partial), run_rules(rules, after, partial))


def figures_before_after(con, plans: list[FilePlan], fiscal: bool = False,
                         values: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Every indicator per year for the plans' city, now and as it would be after committing:
    indicator, year, before, after, changed. `values`: values_before_after's, when already computed."""
    if not plans:
        return pd.DataFrame(columns=["indicator", "year", "before", "after", "changed"])
    before, after = values if values is not None else values_before_after(con, plans, fiscal)
    before, after = before[before["district"].isna()], after[after["district"].isna()]
    keys = ["indicator", "year"]
    both = (before[keys + ["value"]].rename(columns={"value": "before"})
            .merge(after[keys + ["value"]].rename(columns={"value": "after"}), on=keys, how="outer"))
    order = {d.code: i for i, d in enumerate(load_indicators())}
    both["changed"] = ~((both["before"] - both["after"]).abs().le(1e-9)
                        | (both["before"].isna() & both["after"].isna()))
    both = both.assign(_order=both["indicator"].map(order)).sort_values(["_order", "year"]).drop(columns="_order")
    return both.reset_index(drop=True)
