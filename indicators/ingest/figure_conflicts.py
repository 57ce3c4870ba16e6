"""A figure only one office holds, sent again by another source: a district's population, a rate. Two
sources' figures for the same measure, area, year, sex and age would be added up (population 480 from one
file and 481 from its revision under another name: 961 residents), so the file is refused naming the
upload that holds them. Figures that may be parts sent by several offices (students, visits) are not
checked: each office's own schools or libraries add up."""

from __future__ import annotations

import duckdb

from indicators.base.messages import problem
from indicators.config import one_source_measures
from indicators.store.connection import as_arrow

FIGURE = ["measure", "district", "year", "sex", "age_min", "age_max", "breakdown", "level"]
SHOWN = 3  # examples named in the message


def figures_held_by_other_sources(plan, con: duckdb.DuckDBPyConnection | None) -> None:
    """An error naming the upload when a one-source figure of the plan is already live from another source."""
    frame = plan.frames.get("statistics")
    if con is None or frame is None or frame.empty:
        return
    one_source = frame["measure"].isin(one_source_measures()) | frame["unit"].eq("%").fillna(False)
    if not one_source.any():
        return
    incoming = frame.loc[one_source.to_numpy(), [*FIGURE, "period_start", "period_months", "value", "sheet", "source_row"]]
    con.register("_incoming_figures", as_arrow(incoming.reset_index(drop=True)))
    try:
        found = con.execute(f"""
            SELECT i.sheet, i.source_row, i.measure, i.district, i.year, i.value, s.value, s.upload_id, u.file_name, u.source
            FROM _incoming_figures i JOIN v_statistics s
              ON {" AND ".join(f"s.{c} IS NOT DISTINCT FROM i.{c}" for c in FIGURE)}
             AND {_period("s")} IS NOT DISTINCT FROM {_period("i")}
            JOIN uploads u ON u.upload_id = s.upload_id
            WHERE s.city = ? AND u.source <> ?
            ORDER BY i.sheet, i.source_row""", [plan.city, plan.source]).fetchall()
    finally:
        con.unregister("_incoming_figures")
    if not found:
        return
    upload, name, source = found[0][7:10]
    examples = "; ".join(f"{sheet} row {row}: {measure} {district or '(city)'} {year} = {mine:g}, stored {theirs:g}"
                         for sheet, row, measure, district, year, mine, theirs, *_ in found[:SHOWN])
    examples_th = "; ".join(f"ชีต {sheet} แถว {row}: {measure} {district or '(ทั้งเมือง)'} พ.ศ. {year + 543} = {mine:g} "
                            f"ที่บันทึกไว้ {theirs:g}" for sheet, row, measure, district, year, mine, theirs, *_ in found[:SHOWN])
    plan.problems.append(problem("figures_in_other_upload", file=plan.file_name, sheet=found[0][0], row=found[0][1],
                                 value=len(found), detail=f"{upload} ({name}, source {source})", examples=examples,
                                 examples_th=examples_th))


def _period(table: str) -> str:
    """A figure's period, a whole calendar year written as its first day ("2567" over the columns) the same
    as no period at all (a table of one year)."""
    return (f"CASE WHEN {table}.period_start IS NULL OR (month({table}.period_start) = 1 AND day({table}.period_start) = 1 "
            f"AND coalesce({table}.period_months, 12) = 12 AND year({table}.period_start) = {table}.year) THEN NULL "
            f"ELSE {table}.period_start END")
