-- Chart notes and series breaks per city (issue 21): text at a year or a range of years, on one
-- indicator's chart or (indicator NULL) on every chart of the city. Versioned like targets: an edit is
-- a new row with the same note_id, the newest row is the one in force, a deletion is a row with deleted.
CREATE TABLE IF NOT EXISTS chart_notes (
    note_id INTEGER NOT NULL,
    city VARCHAR NOT NULL,
    indicator VARCHAR,                -- NULL: every chart of the city (e.g. the COVID-19 years)
    year_from INTEGER NOT NULL,       -- CE
    year_to INTEGER NOT NULL,         -- CE, = year_from for a single year
    kind VARCHAR NOT NULL,            -- note | break (a change of counting method: the line is not joined across it)
    text_en VARCHAR,
    text_th VARCHAR,
    deleted BOOLEAN NOT NULL DEFAULT false,
    updated_by VARCHAR,
    updated_at TIMESTAMP NOT NULL
);
