-- Every indicator's figures as compute_values gave them, kept per data version (indicators/measure/kept.py):
-- computed once when an upload commits or is rolled back, read by the pages after a restart without
-- scanning the rows again. An older version's rows are replaced; the version is part of the key, so a
-- kept figure is never shown for data it was not computed from.
CREATE TABLE IF NOT EXISTS kept_versions (
    version VARCHAR NOT NULL,         -- store.data_version and the indicator definitions' digest
    for_city VARCHAR,                 -- the city asked for; NULL: every city
    fiscal BOOLEAN NOT NULL,
    kept_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS kept_values (
    version VARCHAR NOT NULL,
    for_city VARCHAR,
    fiscal BOOLEAN NOT NULL,
    position INTEGER NOT NULL,        -- the row's place in compute_values' order
    city VARCHAR NOT NULL,
    indicator VARCHAR NOT NULL,
    area VARCHAR,
    year INTEGER NOT NULL,
    district VARCHAR,
    value DOUBLE,
    unit VARCHAR,
    numerator DOUBLE,
    denominator DOUBLE
);
