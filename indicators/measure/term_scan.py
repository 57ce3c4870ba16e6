"""Every indicator term of one table aggregated in a single scan of that table.

Computing indicators one by one reads the same million rows dozens of times (each term, each grouping).
Here each table is read once: every term becomes an `aggregate FILTER (WHERE condition)` column, and
GROUPING SETS give the city-level and the district-level groups in the same pass. Each term also gets a
row count, because a group in which no row meets a term's condition must not exist for that term —
exactly as when the condition is a WHERE clause (see compute.indicator_sql, the reference statement).

Area filters read each activity row's own bit mask of its areas (store/area_masks.py); people and
outcomes join the masks of their activities once (on the integer activity numbers), and only the rows
that meet some term's condition are joined.

Terms that are a plain sum, count, min or max with a condition on the row's own columns (no subquery) are
aggregated in two stages: the rows are first grouped by period, district, area mask and every column the
conditions read (a few hundred groups out of millions of rows, one cheap GROUP BY), and each term's
FILTER then runs over those groups — the same figure, as a sum of sums is the sum (for counts and whole
numbers exactly; fractional sums were already added in a varying parallel order, which is why compute
keeps 15 significant digits). Other terms (a subquery, count(DISTINCT …), avg, median) get a scan each,
their condition in the WHERE clause, as in the reference statement.
"""

from __future__ import annotations

import re
from functools import lru_cache

import duckdb

from indicators.measure import expressions
from indicators.measure.definitions import Term
from indicators.store import area_masks

# "sum(events)", "count(DISTINCT partner)": one aggregate call, to which a FILTER clause can be attached.
SINGLE_CALL = re.compile(r"^\s*[A-Za-z_]\w*\s*\((?P<inside>.*)\)\s*$", re.DOTALL)


def scannable(term: Term) -> bool:
    """True when the term's aggregate is one function call (a FILTER clause can follow it)."""
    match = SINGLE_CALL.match(term.aggregate)
    if not match:
        return False
    depth = 0
    for character in match["inside"]:
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth < 0:  # "sum(a) + sum(b)": the first call closes before the end
            return False
    return depth == 0


# sum(value), count(*), max(age_min): an aggregate whose partial results combine (a sum of sums).
DECOMPOSABLE = re.compile(r"^\s*(?P<function>sum|count|min|max)\s*\(\s*(?P<argument>\*|[A-Za-z_]\w*)\s*\)\s*$",
                          re.IGNORECASE)
COMBINE = {"sum": "sum", "count": "sum", "min": "min", "max": "max"}


@lru_cache(maxsize=1024)
def grouped(term: Term) -> bool:
    """True when the term can be aggregated over pre-grouped rows: a decomposable aggregate and a condition
    on the row's own columns only."""
    if not DECOMPOSABLE.match(term.aggregate):
        return False
    words = {token.lower() for kind, token in expressions.tokens(term.where) if kind == "name"}
    return not words & {"select", "exists", "from"}


def scan_key(term: Term) -> tuple:
    """Terms with the same key are aggregated in one scan: same table, area filter or not, grouped. A term
    that cannot be grouped has a scan of its own, its condition in the WHERE clause (evaluated once, and
    DuckDB pushes its plain parts below a subquery's join), as in the reference statement."""
    return (term.table, bool(term.area), True) if grouped(term) else (term.table, bool(term.area), False, term)


def _columns_read(terms: list[Term], table: str) -> list[str]:
    columns = expressions.table_columns()[table]
    found = {token.lower() for term in terms for kind, token in expressions.tokens(term.where)
             if kind == "name" and token.lower() in columns}
    return sorted(found - {"city", "district"})


STATISTIC_FIGURE = "PARTITION BY city, measure, year, district, sex, age_min, age_max, period_start"


def counted_rows(table: str) -> tuple[str, list[str]]:
    """(FROM source, conditions on `t`): the rows of a table an indicator counts. For statistics, a
    region's or the nation's row beside the areas is never added to them, and parts (a breakdown) count
    only when the file gave no whole for them: add either, never both."""
    if table != "statistics":
        return f"v_{table}", []
    source = f"(SELECT *, bool_or(breakdown IS NULL) OVER ({STATISTIC_FIGURE}) AS _whole_given FROM v_statistics)"
    return source, ["t.level IS NULL", "(t.breakdown IS NULL OR NOT t._whole_given)"]


def period_column(table: str, fiscal: bool) -> str:
    # Statistics are yearly; in a fiscal view FY N uses the statistics of calendar year N (where it ends).
    return "fiscal_year" if fiscal and table != "statistics" else "year"


def _areas_of_activities(table: str, areas: list[str], city: str | None) -> tuple[str, str, str, str]:
    """(CTE, join, mask, filter): each row's activity areas among those asked for, as a bit mask with bit i
    for areas[i], and the filter keeping only rows with one of them (as the join did before schema 6).

    An activity row carries its own upload's areas (activities.area_mask, store/area_masks.py): no join.
    People and outcomes often come in another file than the activity, linked by city and activity number:
    the masks of the live activity rows with that number, OR-ed, read once per statement and joined once."""
    wanted = sum(area_masks.bit(area) for area in areas)
    if table == "activities":
        return "", "", _local_mask("t.area_mask", areas), f"(t.area_mask & {wanted}) <> 0"
    city_filter = " AND city = $city" if city is not None else ""
    cte = (f"WITH _areas AS MATERIALIZED (SELECT activity_id AS _link_id, bit_or(area_mask) AS _link_mask "
           f"FROM v_activities WHERE (area_mask & {wanted}) <> 0{city_filter} GROUP BY ALL) ")
    return cte, "JOIN _areas ON _areas._link_id = t.activity_id", _local_mask("_areas._link_mask", areas), "TRUE"


def _local_mask(column: str, areas: list[str]) -> str:
    """The stored mask (a bit per area of the framework) as this statement's: bit i for areas[i]."""
    return " | ".join(f"((({column} >> {area_masks.AREA_BITS.index(area)}) & 1) << {i})"
                      for i, area in enumerate(areas))


def _condition(term: Term, areas: list[str], in_where_clause: bool) -> str:
    where = "TRUE" if in_where_clause else term.where
    area = f" AND (_area_mask & {1 << areas.index(term.area)}) <> 0" if term.area else ""
    return f"coalesce(({where}){area}, FALSE)"


def scan_sql(table: str, terms: list[Term], fiscal: bool, by_district: bool,
             city: str | None, years: tuple[int, int] | None) -> str:
    """One statement: per group, `value_i` and `rows_i` for each term, plus `level`:
    'all' (city and period), 'district' (city, period and district) and, for statistics, 'city_wide'
    (the rows without a district) and 'district_rows' (the rows with one) — from which compute picks the
    city figure without ever adding both."""
    period = period_column(table, fiscal)
    filters = [f"t.{period} IS NOT NULL"]
    if city is not None:
        filters.append("t.city = $city")
    if years is not None:
        filters.append(f"t.{period} BETWEEN $year_from AND $year_to")
    areas = sorted({term.area for term in terms if term.area})
    two_stages = all(grouped(term) for term in terms)
    alone = len(terms) == 1 and not two_stages  # its condition in the WHERE clause only
    if areas or alone:
        # Only rows meeting some term's condition are looked up in the areas (filter before the semi-joins).
        filters.append("(" + " OR ".join(f"({term.where})" for term in terms) + ")")
    source, counted = counted_rows(table)
    filters += counted
    cte, join, mask, area_filter = _areas_of_activities(table, areas, city) if areas else ("", "", "", "TRUE")
    filters.append(area_filter)
    conditions = ", ".join(f"{_condition(term, areas, alone)} AS _meets_{i}" for i, term in enumerate(terms))
    rows = (f"(SELECT t.*, t.{period} AS _period, t.district IS NULL AS _city_wide{f', ({mask}) AS _area_mask' if areas else ''} "
            f"FROM {source} t {join} WHERE {' AND '.join(filters)})")
    if two_stages:
        rows, columns = _grouped_rows(rows, terms, table, bool(areas))
    else:
        columns = ", ".join(
            f"({term.aggregate} FILTER (WHERE _meets_{i}))::DOUBLE AS value_{i}, "
            f"count(*) FILTER (WHERE _meets_{i}) AS rows_{i}" for i, term in enumerate(terms))
    district_level = "WHEN GROUPING(district) = 0 THEN 'district' " if by_district else ""
    if table == "statistics":
        sets = ["(city, _period, _city_wide)"]
        level = f"CASE {district_level}WHEN _city_wide THEN 'city_wide' ELSE 'district_rows' END"
    else:
        sets = ["(city, _period)"]
        level = f"CASE {district_level}ELSE 'all' END" if by_district else "'all'"
    if by_district:
        sets.append("(city, _period, district)")
    district = "district" if by_district else "NULL::VARCHAR AS district"
    return cte + f"""
        SELECT city, _period::INTEGER AS year, {district}, {level} AS level, {columns}
        FROM (SELECT *, {conditions} FROM {rows} AS t) AS t
        GROUP BY GROUPING SETS ({', '.join(sets)})"""


def _grouped_rows(rows: str, terms: list[Term], table: str, with_areas: bool) -> tuple[str, str]:
    """(the rows grouped by everything the conditions read, with each distinct aggregate's partial result
    and the group's row count; the per-term columns combining them)."""
    partials: list[str] = []
    for term in terms:
        if term.aggregate not in partials:
            partials.append(term.aggregate)
    keys = ["city", "_period", "district", "_city_wide", *(["_area_mask"] if with_areas else []),
            *_columns_read(terms, table)]
    grouped_rows = (f"(SELECT {', '.join(keys)}, "
                    + "".join(f"{aggregate} AS _partial_{n}, " for n, aggregate in enumerate(partials))
                    + f"count(*) AS _rows FROM {rows} AS t GROUP BY ALL)")
    columns = []
    for i, term in enumerate(terms):
        combine = COMBINE[DECOMPOSABLE.match(term.aggregate)["function"].lower()]
        columns.append(f"({combine}(_partial_{partials.index(term.aggregate)}) FILTER (WHERE _meets_{i}))::DOUBLE "
                       f"AS value_{i}, coalesce(sum(_rows) FILTER (WHERE _meets_{i}), 0)::BIGINT AS rows_{i}")
    return grouped_rows, ", ".join(columns)


def scan_all(con: duckdb.DuckDBPyConnection, terms_by_scan: dict[tuple, list[Term]], fiscal: bool,
             by_district: bool, city: str | None, years: tuple[int, int] | None,
             params: dict) -> dict[tuple, list[dict]]:
    """Every scan in one statement (UNION ALL, padded to the same columns), so that all the figures come
    from one snapshot of the database even while an upload commits. Returns, per scan, its groups as
    dicts with value_i and rows_i."""
    if not terms_by_scan:
        return {}
    width = max(len(terms) for terms in terms_by_scan.values())
    keys = list(terms_by_scan)
    parts = []
    for number, key in enumerate(keys):
        table, terms = key[0], terms_by_scan[key]
        padding = "".join(f", NULL::DOUBLE AS value_{i}, 0::BIGINT AS rows_{i}" for i in range(len(terms), width))
        parts.append(f"SELECT {number} AS _scan, * {padding} "
                     f"FROM ({scan_sql(table, terms, fiscal, by_district, city, years)})")
    cursor = con.execute(" UNION ALL BY NAME ".join(parts), params)
    names = [column[0] for column in cursor.description]
    scanned: dict[tuple, list[dict]] = {key: [] for key in keys}
    for row in cursor.fetchall():
        group = dict(zip(names, row))
        scanned[keys[group["_scan"]]].append(group)
    return scanned


def term_values(scanned: list[dict], table: str, index: int, by_district: bool) -> dict[tuple, float | None]:
    """{(city, year, district): value} of one term, only for groups in which some row met its condition."""
    value, rows = f"value_{index}", f"rows_{index}"
    present = [group for group in scanned if group[rows] > 0]
    if by_district:
        return {(g["city"], g["year"], g["district"]): g[value] for g in present
                if g["level"] == "district" and g["district"] is not None}
    if table == "statistics":  # city-wide rows when the city-year has them, else the districts' rows
        city_wide = {(g["city"], g["year"], None): g[value] for g in present if g["level"] == "city_wide"}
        summed = {(g["city"], g["year"], None): g[value] for g in present if g["level"] == "district_rows"}
        return {**summed, **city_wide}
    return {(g["city"], g["year"], None): g[value] for g in present if g["level"] == "all"}
