-- Readings a researcher confirmed, per city and source (recipes, YAML): applied to the next file from the
-- same source without a question. Each save is a new version; the newest applies.
CREATE TABLE IF NOT EXISTS recipes (
    city VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    recipe VARCHAR NOT NULL,          -- the reading as YAML (indicators/ingest/recipes.py)
    version INTEGER NOT NULL,
    saved_by VARCHAR,
    saved_at TIMESTAMP NOT NULL
);
