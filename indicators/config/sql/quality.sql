-- Validation rules researchers edit (issue 21): one row per rule, every save a new version of the
-- city's whole rule set (the newest version is in force; a city with none uses the shipped
-- indicators/config/quality_rules.csv). Follow-ups: what a researcher found when checking a warning.
CREATE TABLE IF NOT EXISTS quality_rules (
    city VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    rule_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,            -- compare | range | jump | outlier
    left_side VARCHAR NOT NULL,       -- indicator codes joined by "+": participants_female + participants_male
    operator VARCHAR,                 -- compare: <= < >= > =
    right_side VARCHAR,               -- compare: indicator codes joined by "+"
    minimum DOUBLE,                   -- range
    maximum DOUBLE,                   -- range
    threshold DOUBLE,                 -- jump: largest change from the year before, in %; outlier: |z| above it
    updated_by VARCHAR,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS quality_followups (
    city VARCHAR NOT NULL,
    rule_id VARCHAR NOT NULL,
    indicator VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    district VARCHAR,                 -- NULL: city-wide
    status VARCHAR NOT NULL,          -- open | confirmed (the figure is right) | corrected (a new upload fixes it)
    note VARCHAR,
    updated_by VARCHAR,
    updated_at TIMESTAMP NOT NULL
);
