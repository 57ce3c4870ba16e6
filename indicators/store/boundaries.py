"""A city's own boundary files (the Map page's GeoJSON), kept as versions: the newest is drawn."""

from __future__ import annotations

import json
from datetime import datetime

import duckdb

from indicators.store.connection import fetch_one

LEVELS = ("khwaeng", "tambon", "amphoe", "other")


def save_boundaries(con, city: str, level: str, name_property: str, geojson: str, features: int,
                    file_name: str | None, user: str | None) -> int:
    """Store a checked FeatureCollection (read.geojson.read_boundaries) as the city's next version."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}")
    version = fetch_one(con, "SELECT coalesce(max(version), 0) + 1 FROM boundaries WHERE city = ?", [city])[0]
    con.execute("INSERT INTO boundaries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [city, version, level, name_property, file_name, features, geojson, user, datetime.now()]).fetchall()
    return int(version)


def city_boundaries(con, city: str) -> dict | None:
    """The newest version for the city: level, name_property, file_name, version, uploaded_at and the
    FeatureCollection; None when the city has none (or the database predates the table)."""
    try:
        row = fetch_one(con, "SELECT level, name_property, file_name, version, uploaded_at, geojson FROM boundaries "
                             "WHERE city = ? ORDER BY version DESC LIMIT 1", [city])
    except duckdb.CatalogException:  # a read-only database from before boundaries existed
        return None
    if row is None:
        return None
    return {"level": row[0], "name_property": row[1], "file_name": row[2], "version": row[3],
            "uploaded_at": row[4], "collection": json.loads(row[5])}
