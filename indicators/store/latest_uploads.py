"""When a figure's data last changed: the newest upload in force that holds rows of the given tables
(an indicator's metadata says "last update" with it). Rolled-back and wholly superseded uploads are not
counted, because the v_* views leave their rows out."""

from __future__ import annotations

from indicators.store.connection import fetch_one

TABLES = ("activities", "participation", "outcomes", "statistics")


def latest_upload(con, city: str, tables: set[str] | tuple[str, ...]) -> dict | None:
    """upload_id, file_name and uploaded_at of the newest upload in force with rows in any of `tables`."""
    chosen = [t for t in TABLES if t in set(tables)]
    if not chosen:
        return None
    holds = " OR ".join(f"EXISTS (SELECT 1 FROM v_{t} r WHERE r.upload_id = u.upload_id)" for t in chosen)
    row = fetch_one(con, f"SELECT upload_id, file_name, uploaded_at FROM v_uploads_live u "
                         f"WHERE u.city = ? AND ({holds}) ORDER BY uploaded_at DESC, upload_id DESC LIMIT 1", [city])
    return None if row is None else {"upload_id": row[0], "file_name": row[1], "uploaded_at": row[2]}
