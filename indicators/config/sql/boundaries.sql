-- A city's own district boundaries for its maps (GeoJSON, checked and reduced by read/geojson.py).
-- A new upload is a new version; the newest is the one drawn, earlier ones stay as history.
CREATE TABLE IF NOT EXISTS boundaries (
    city VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    level VARCHAR NOT NULL,           -- khwaeng | tambon | amphoe | other: what the shapes are
    name_property VARCHAR NOT NULL,   -- the feature property that names each area
    file_name VARCHAR,
    features INTEGER NOT NULL,
    geojson VARCHAR NOT NULL,         -- a FeatureCollection of MultiPolygons, longitude/latitude
    uploaded_by VARCHAR,
    uploaded_at TIMESTAMP NOT NULL
);
