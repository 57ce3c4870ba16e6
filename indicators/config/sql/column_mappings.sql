-- Column choices a researcher saved, per source and header signature; each save a new version.
CREATE TABLE IF NOT EXISTS column_mappings (
    city VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    signature VARCHAR NOT NULL,       -- hash of the sheet's normalised headers, in order
    sheet VARCHAR,
    header VARCHAR NOT NULL,          -- normalised header text (the key)
    header_written VARCHAR,
    field VARCHAR NOT NULL,           -- a field of fields.yaml, or 'ignored'
    version INTEGER NOT NULL,
    saved_by VARCHAR,
    saved_at TIMESTAMP NOT NULL
);
