"""Read-only questions the pages ask that are not indicators: which activities evidence an area and
why, what ingest warned about, which districts a city has. Aggregated in DuckDB; pages only draw."""

from __future__ import annotations

import duckdb
import pandas as pd


def activities_for_area(con: duckdb.DuckDBPyConnection, city: str, area: str, year: int | None = None,
                        fiscal: bool = False, limit: int = 500, years: tuple[int, int] | None = None) -> pd.DataFrame:
    """Activities mapped to an area with the rule that mapped them; grouped by title so a year of
    weekly sessions is one line. `years` (first, last) counts only those years, as the figures beside
    the list do (events, participants and first–last year are then within them)."""
    period = "fiscal_year" if fiscal else "year"
    first, last = years if years else (None, None)
    return con.execute(
        f"""
        SELECT a.title, a.category, m.rule, m.rule_detail, count(*) AS rows, sum(a.events) AS events,
               sum(p.value) AS participants, min(a.{period}) AS first_year, max(a.{period}) AS last_year
        FROM v_activities a
        JOIN v_activity_areas m ON m.upload_id = a.upload_id AND m.activity_id = a.activity_id
        LEFT JOIN (SELECT activity_id, sum(value) AS value FROM v_participation
                   WHERE dimension = 'total' GROUP BY ALL) p ON p.activity_id = a.activity_id
        WHERE a.city = $city AND m.area_code = $area AND ($year IS NULL OR a.{period} = $year)
          AND ($first IS NULL OR a.{period} >= $first) AND ($last IS NULL OR a.{period} <= $last)
        GROUP BY ALL ORDER BY events DESC, a.title LIMIT {int(limit)}
        """, {"city": city, "area": area, "year": year, "first": first, "last": last}).df()


def ingest_problems(con: duckdb.DuckDBPyConnection, city: str, limit: int = 1000) -> pd.DataFrame:
    """Warnings and notes kept with the city's live uploads."""
    return con.execute(
        f"""
        SELECT u.upload_id, u.file_name, p.severity, p.code, p.sheet, p.row, p."column", p.value,
               p.message_en, p.message_th
        FROM problems p JOIN v_uploads_live u USING (upload_id)
        WHERE u.city = ? ORDER BY (p.severity = 'warning') DESC, u.upload_id, p.sheet, p.row LIMIT {int(limit)}
        """, [city]).df()


def districts_of(con: duckdb.DuckDBPyConnection, city: str) -> list[str]:
    """The districts the city's live activities name, sorted (for drop-down lists)."""
    return sorted(d for (d,) in con.execute(
        "SELECT DISTINCT district FROM v_activities WHERE city = ? AND district IS NOT NULL", [city]).fetchall())


def list_statistics(con: duckdb.DuckDBPyConnection, city: str, measures: list[str] | None = None) -> pd.DataFrame:
    """Every live statistic of a city, as `statistics --format csv` lists it."""
    return con.execute(
        """
        SELECT measure, measure_label AS label, year, district, sex, age_min, age_max, value, unit, breakdown
        FROM v_statistics WHERE city = $city AND ($measures IS NULL OR list_contains($measures, measure))
        ORDER BY measure, label, year, district NULLS FIRST, sex NULLS FIRST, age_min NULLS FIRST, breakdown NULLS FIRST
        """, {"city": city, "measures": measures}).df()
