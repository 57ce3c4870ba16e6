"""Integer numbers for activity keys, so that the indicators join activities, their participants, outcomes
and Key Features areas on integers rather than on text (a hash join on a BIGINT is several times cheaper
than on a VARCHAR, and the 3 million-row scans of a large city are mostly joins).

A city's activity key gets one number, kept for ever in `activity_ids` (rows are never deleted, only
hidden): the same key in another upload, or in a participants file sent later, gets the same number, so
`activity_id` equality means exactly what `(city, activity_key)` equality meant. Numbers are taken after
the largest one in use inside the writer's transaction (no sequence: a restore or a preview rolled back
leaves nothing to move on), and the primary key refuses a second number for a key from any writer that
bypassed the process's write lock."""

from __future__ import annotations

import duckdb

# The tables whose rows carry an activity key, and so its number too.
KEYED_TABLES = ("activities", "participation", "outcomes", "activity_areas", "orphaned_links")


def number_new_keys(con: duckdb.DuckDBPyConnection, rows: str) -> None:
    """Give a number to each (city, activity_key) of the relation `rows` that has none yet."""
    con.execute(f"""
        INSERT INTO activity_ids
        SELECT city, activity_key,
               (SELECT coalesce(max(activity_id), 0) FROM activity_ids) + row_number() OVER (ORDER BY city, activity_key)
        FROM (SELECT DISTINCT city, activity_key FROM {rows} WHERE activity_key IS NOT NULL) AS incoming
        ANTI JOIN activity_ids USING (city, activity_key)""").fetchall()


def with_numbers(rows: str) -> str:
    """SELECT of `rows` with each row's activity_id (NULL when it has no key)."""
    return (f"SELECT incoming.*, ids.activity_id FROM {rows} AS incoming LEFT JOIN activity_ids ids "
            "ON ids.city = incoming.city AND ids.activity_key = incoming.activity_key")


def fill_missing(con: duckdb.DuckDBPyConnection) -> None:
    """Number every stored row that has a key but no number (a database from before version 5, a restored
    backup of one): inside the caller's transaction."""
    for table in KEYED_TABLES:
        number_new_keys(con, f"(SELECT city, activity_key FROM {table} WHERE activity_id IS NULL)")
        con.execute(f"""UPDATE {table} SET activity_id = ids.activity_id FROM activity_ids ids
                        WHERE {table}.activity_id IS NULL AND ids.city = {table}.city
                        AND ids.activity_key = {table}.activity_key""").fetchall()
