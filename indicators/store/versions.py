"""Which stored rows count. Rows are never deleted (a rollback only hides them), so what the figures
show is decided by three small tables that this module alone keeps, always from the whole set of live
uploads — never by patching the previous state:

* `live_files` — one live copy of a file (by SHA-256) per city. Its primary key backs the duplicate check:
  two writers that both passed the check cannot both keep the file; the second commit fails.
* `in_force` / `superseded` — for each source and year, the newest live upload that brings the year is in
  force; every other live upload's rows of that year are superseded, but for those committed in the same
  batch (`uploads.batch_id`): files sent together are one version of their source. Recomputed after each commit and
  rollback, so rolling back the middle of v1 → v2 → v3 gives exactly what v1 → v3 would have given.
  The primary key of `in_force` (city, source, year) makes two concurrent versions conflict.
* `orphaned_links` — participants and outcomes rows whose activity is no longer live (rolled back, or
  dropped by a newer version of its source): the views leave them out of every figure.

Preview uploads carry negative numbers (-1, -2 … in the order written) and are newer than every real
upload, as they would be once committed."""

from __future__ import annotations

import duckdb

# The order in which uploads were made: a preview's negative numbers come after every real one.
NEWNESS = "CASE WHEN y.upload_id < 0 THEN 4294967296 - y.upload_id ELSE y.upload_id END"
# (upload, year) of every live upload of $city and $source, from every data table.
YEARS_OF_LIVE_UPLOADS = """
    WITH live AS (SELECT upload_id FROM uploads WHERE city = $city AND source = $source AND status = 'committed'),
    years AS (
        SELECT DISTINCT upload_id, year FROM activities SEMI JOIN live USING (upload_id)
        UNION SELECT DISTINCT upload_id, year FROM participation SEMI JOIN live USING (upload_id)
        UNION SELECT DISTINCT upload_id, year FROM outcomes SEMI JOIN live USING (upload_id)
        UNION SELECT DISTINCT upload_id, year FROM statistics SEMI JOIN live USING (upload_id))"""


def claim_file(con: duckdb.DuckDBPyConnection, city: str, sha256: str, upload_id: int) -> None:
    con.execute("INSERT INTO live_files VALUES (?, ?, ?)", [city, sha256, upload_id]).fetchall()


def release_file(con: duckdb.DuckDBPyConnection, upload_id: int) -> None:
    con.execute("DELETE FROM live_files WHERE upload_id = ?", [upload_id]).fetchall()


def refresh_versions(con: duckdb.DuckDBPyConnection, city: str, source: str) -> None:
    """Recompute which upload of (city, source) is in force for each year, and what it supersedes."""
    con.execute("DELETE FROM superseded WHERE upload_id IN (SELECT upload_id FROM uploads WHERE city = ? "
                "AND source = ?)", [city, source]).fetchall()
    con.execute("DELETE FROM in_force WHERE city = ? AND source = ?", [city, source]).fetchall()
    parameters = {"city": city, "source": source}
    con.execute(f"""INSERT INTO in_force {YEARS_OF_LIVE_UPLOADS}
        SELECT $city, $source, y.year, arg_max(y.upload_id, {NEWNESS}) FROM years y GROUP BY y.year
        """, parameters).fetchall()
    # uploads committed in one batch are one version: none of them supersedes another
    con.execute(f"""INSERT INTO superseded {YEARS_OF_LIVE_UPLOADS}
        SELECT y.upload_id, y.year, f.upload_id FROM years y
        JOIN in_force f ON f.city = $city AND f.source = $source AND f.year = y.year
        JOIN uploads older ON older.upload_id = y.upload_id JOIN uploads newer ON newer.upload_id = f.upload_id
        WHERE y.upload_id <> f.upload_id
          AND coalesce(older.batch_id, older.upload_id) <> coalesce(newer.batch_id, newer.upload_id)
        """, parameters).fetchall()


def refresh_links(con: duckdb.DuckDBPyConnection, city: str) -> None:
    """Recompute the city's participants and outcomes rows whose activity is no longer live."""
    con.execute("DELETE FROM orphaned_links WHERE city = ?", [city]).fetchall()
    # With the city's marks deleted, v_participation and v_outcomes show all its live rows.
    con.execute("""
        INSERT INTO orphaned_links
        BY NAME SELECT DISTINCT t.upload_id, t.city, t.activity_key, t.activity_id FROM (
            SELECT upload_id, city, activity_key, activity_id FROM v_participation
            WHERE city = $city AND activity_id IS NOT NULL
            UNION ALL
            SELECT upload_id, city, activity_key, activity_id FROM v_outcomes
            WHERE city = $city AND activity_id IS NOT NULL) t
        ANTI JOIN (SELECT DISTINCT activity_id FROM v_activities WHERE city = $city) a USING (activity_id)
        """, {"city": city}).fetchall()


def refresh(con: duckdb.DuckDBPyConnection, sources: set[tuple[str, str]]) -> None:
    """After uploads of these (city, source) pairs were added or taken out."""
    for city, source in sorted(sources):
        refresh_versions(con, city, source)
    for city in sorted({city for city, _ in sources}):
        refresh_links(con, city)


def refresh_everything(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the three tables from the uploads (a database from before they existed, a restore)."""
    con.execute("DELETE FROM live_files").fetchall()
    con.execute("INSERT INTO live_files SELECT city, sha256, min(upload_id) FROM uploads "
                "WHERE status = 'committed' GROUP BY city, sha256").fetchall()
    refresh(con, set(con.execute("SELECT DISTINCT city, source FROM uploads").fetchall()))


def superseded_slices(con: duckdb.DuckDBPyConnection, city: str, source: str) -> set[tuple[int, int]]:
    return set(con.execute("SELECT s.upload_id, s.year FROM superseded s JOIN uploads u USING (upload_id) "
                           "WHERE u.city = ? AND u.source = ?", [city, source]).fetchall())


def orphaned_uploads(con: duckdb.DuckDBPyConnection, city: str) -> set[int]:
    return {u for (u,) in con.execute("SELECT DISTINCT upload_id FROM orphaned_links WHERE city = ?",
                                      [city]).fetchall()}
