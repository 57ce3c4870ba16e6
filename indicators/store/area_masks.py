"""Each activity row's Key Features areas as one integer beside the row (`activities.area_mask`), so the
indicators filter activities by area without joining millions of mapping rows (on 10M activities those
joins were about 40 % of the computation).

The mask of an activity row is always the OR of the bits of its own upload's mapping rows (activity_areas
with the same upload_id and activity_id): `refresh` recomputes it whenever either table is written
(insert_frame, remap_city), and a database or backup from before schema 6 is filled on open or restore.
A row with no mapping has mask 0; NULL means "not computed yet" and never lasts past a write."""

from __future__ import annotations

import duckdb

# Bit i is the i-th of these. The masks are stored, so this order can never change (a new area would go at
# the end); tests/test_area_masks.py checks that every area of the framework has its bit.
AREA_BITS = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2", "3.3")


def bit(area: str) -> int:
    return 1 << AREA_BITS.index(area)


def bit_sql(column: str = "area_code") -> str:
    """SQL: the bit of the area named in `column` (0 for no area or an unknown code)."""
    return f"CASE {column} " + " ".join(f"WHEN '{code}' THEN {1 << i}" for i, code in enumerate(AREA_BITS)) + \
        " ELSE 0 END"


def refresh(con: duckdb.DuckDBPyConnection, condition: str, params: list | None = None) -> None:
    """Recompute the mask of every activity row meeting `condition` (SQL over the activity row `a`)."""
    con.execute(f"""
        UPDATE activities SET area_mask = computed.mask FROM (
            SELECT a.upload_id, a.activity_id, bit_or({bit_sql('m.area_code')}) AS mask
            FROM activities a LEFT JOIN activity_areas m ON m.upload_id = a.upload_id AND m.activity_id = a.activity_id
            WHERE {condition} GROUP BY ALL) AS computed
        WHERE activities.upload_id = computed.upload_id AND activities.activity_id = computed.activity_id""",
                params or []).fetchall()


def refresh_uploads_of(con: duckdb.DuckDBPyConnection, rows: str) -> None:
    """Recompute the masks of the activity rows of the uploads that the relation `rows` holds rows of."""
    refresh(con, f"a.upload_id IN (SELECT DISTINCT upload_id FROM {rows})")


def with_masks(rows: str) -> str:
    """SELECT of the activity rows `rows` (with upload_id and activity_id) with the mask their uploads'
    mapping rows already give them (0 for none yet): written so, new rows need no UPDATE afterwards."""
    return f"""
        SELECT incoming.*, coalesce(masks.mask, 0) AS area_mask FROM {rows} AS incoming
        LEFT JOIN (SELECT m.upload_id, m.activity_id, bit_or({bit_sql('m.area_code')}) AS mask FROM activity_areas m
                   WHERE m.upload_id IN (SELECT DISTINCT upload_id FROM {rows}) GROUP BY ALL) AS masks
        ON masks.upload_id = incoming.upload_id AND masks.activity_id = incoming.activity_id"""


def fill_missing(con: duckdb.DuckDBPyConnection) -> None:
    """A database or backup from before schema 6: compute the masks no row has yet."""
    refresh(con, "a.area_mask IS NULL")
