-- Learning City Dashboard: DuckDB schema (version: store/database.py).
-- Every data row carries city, CE year and the upload it came from. Pages and indicators read the
-- v_* views, which show only rows of committed uploads that no later upload of the same source
-- has superseded for that year, and no participants or outcomes whose activity is gone (semi/anti
-- joins against small tables: as fast as a plain scan). indicators/store/versions.py keeps those tables.

CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE SEQUENCE IF NOT EXISTS upload_id_seq START 1;

CREATE TABLE IF NOT EXISTS uploads (
    upload_id INTEGER PRIMARY KEY,
    city VARCHAR NOT NULL,
    source VARCHAR NOT NULL,          -- who sends this kind of file; same source + same year = replacement
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    file_format VARCHAR,
    sheets JSON,                      -- per sheet: kind, header row, rows read/kept/dropped
    rows_read INTEGER,
    rows_kept INTEGER,
    years JSON,                       -- CE years the upload holds
    uploaded_by VARCHAR,
    uploaded_at TIMESTAMP NOT NULL,
    status VARCHAR NOT NULL,          -- committed | rolled_back
    rolled_back_by VARCHAR,
    rolled_back_at TIMESTAMP,
    is_sample BOOLEAN DEFAULT FALSE
);

CREATE TABLE IF NOT EXISTS superseded (
    upload_id INTEGER NOT NULL,       -- the older upload whose rows for `year` are hidden
    year INTEGER NOT NULL,
    by_upload_id INTEGER NOT NULL
);

-- One live copy of a file per city: the duplicate check backed by a constraint, so two writers that
-- both passed the check cannot both keep the file (the second commit fails).
CREATE TABLE IF NOT EXISTS live_files (
    city VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    upload_id INTEGER NOT NULL,
    PRIMARY KEY (city, sha256)
);

-- The upload in force for each year of each source: the newest live upload bringing that year.
CREATE TABLE IF NOT EXISTS in_force (
    city VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    upload_id INTEGER NOT NULL,
    PRIMARY KEY (city, source, year)
);

-- Participants and outcomes rows linked to an activity that is no longer live: left out of every figure.
CREATE TABLE IF NOT EXISTS orphaned_links (
    upload_id INTEGER NOT NULL,
    city VARCHAR NOT NULL,
    activity_key VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS activities (
    upload_id INTEGER NOT NULL,
    city VARCHAR NOT NULL,
    activity_key VARCHAR NOT NULL,    -- activity code from the file, or sheet!row when there is none
    activity_code VARCHAR,
    title VARCHAR,
    category VARCHAR,
    kf_code VARCHAR,                  -- explicit Key Feature code(s) written in the file, e.g. "2.2"
    district VARCHAR,
    organiser VARCHAR,
    partner VARCHAR,
    mode VARCHAR,                     -- in_person | online | hybrid | NULL (unknown)
    target_group VARCHAR,
    event_date DATE,
    year INTEGER NOT NULL,            -- calendar year, CE
    fiscal_year INTEGER,              -- Thai fiscal year, CE (FY 2024 = Oct 2023 - Sep 2024)
    events INTEGER NOT NULL,          -- how many activities this row stands for (count column; default 1)
    hours DOUBLE,                     -- learning hours of the row as written (all its events)
    budget DOUBLE,                    -- baht
    sheet VARCHAR,
    source_row INTEGER                -- Excel row number
);

CREATE TABLE IF NOT EXISTS participation (
    upload_id INTEGER NOT NULL,
    city VARCHAR NOT NULL,
    activity_key VARCHAR,             -- NULL for counts reported per year x district only
    district VARCHAR,
    event_date DATE,
    year INTEGER NOT NULL,
    fiscal_year INTEGER,
    dimension VARCHAR NOT NULL,       -- total | sex | age | group
    category VARCHAR,                 -- sex: female/male; group: older_adults, disability, ...; age: band label
    age_min INTEGER,
    age_max INTEGER,                  -- NULL = open-ended ("60+")
    value DOUBLE NOT NULL,
    sheet VARCHAR,
    source_row INTEGER
);

CREATE TABLE IF NOT EXISTS outcomes (
    upload_id INTEGER NOT NULL,
    city VARCHAR NOT NULL,
    activity_key VARCHAR,
    district VARCHAR,
    year INTEGER NOT NULL,
    fiscal_year INTEGER,
    measure VARCHAR NOT NULL,         -- enrolled | completed | certified | satisfaction | employed_after
    value DOUBLE NOT NULL,
    sheet VARCHAR,
    source_row INTEGER
);

CREATE TABLE IF NOT EXISTS statistics (
    upload_id INTEGER NOT NULL,
    city VARCHAR NOT NULL,
    district VARCHAR,                 -- NULL = whole city
    year INTEGER NOT NULL,
    measure VARCHAR NOT NULL,         -- population | literacy_rate | ... (normalised name)
    measure_label VARCHAR,            -- as written in the file
    sex VARCHAR,                      -- NULL = both
    age_min INTEGER,                  -- NULL with age_max NULL = all ages
    age_max INTEGER,
    value DOUBLE NOT NULL,
    unit VARCHAR,
    flag VARCHAR,                     -- source's observation flag (Eurostat b, u, ...)
    sheet VARCHAR,
    source_row INTEGER
);
-- Version 2: a figure's breakdown, its exact period, and rows about a region or the nation.
ALTER TABLE statistics ADD COLUMN IF NOT EXISTS breakdown VARCHAR;      -- NULL = all; else a part ("in person", "ป.1")
ALTER TABLE statistics ADD COLUMN IF NOT EXISTS period_start DATE;      -- first day of the period the figure is for
ALTER TABLE statistics ADD COLUMN IF NOT EXISTS period_months INTEGER;  -- 12 a year, 3 a quarter, 1 a month, 0 a day
ALTER TABLE statistics ADD COLUMN IF NOT EXISTS fiscal_year INTEGER;    -- Thai fiscal year (CE) when the period lies in one
ALTER TABLE statistics ADD COLUMN IF NOT EXISTS level VARCHAR;          -- NULL = an area; region | nation: kept apart
-- Version 2 too: records found again by their content (indicators/ingest/repeats.py), whatever the file is called.
ALTER TABLE statistics ADD COLUMN IF NOT EXISTS content_key VARCHAR;
ALTER TABLE activities ADD COLUMN IF NOT EXISTS content_key VARCHAR;
-- Version 4: activities are joined on an integer, not on text (store/activity_ids.py numbers each city's
-- activity keys once; the same key in another upload or in a participants file gets the same number).
CREATE TABLE IF NOT EXISTS activity_ids (
    city VARCHAR NOT NULL,
    activity_key VARCHAR NOT NULL,
    activity_id BIGINT NOT NULL,
    PRIMARY KEY (city, activity_key)
);
ALTER TABLE activities ADD COLUMN IF NOT EXISTS activity_id BIGINT;
ALTER TABLE participation ADD COLUMN IF NOT EXISTS activity_id BIGINT;
ALTER TABLE outcomes ADD COLUMN IF NOT EXISTS activity_id BIGINT;

CREATE TABLE IF NOT EXISTS problems (
    upload_id INTEGER NOT NULL,
    severity VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    file VARCHAR,
    sheet VARCHAR,
    row INTEGER,
    "column" VARCHAR,
    value VARCHAR,
    message_en VARCHAR,
    message_th VARCHAR
);

CREATE TABLE IF NOT EXISTS activity_areas (
    upload_id INTEGER NOT NULL,
    city VARCHAR NOT NULL,
    activity_key VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,       -- 1.1 ... 3.3
    feature_code VARCHAR,             -- e.g. 2.3.2, NULL when only the area is known
    rule VARCHAR NOT NULL,            -- explicit_code | category | keyword
    rule_detail VARCHAR               -- the code, category or keyword that matched
);
ALTER TABLE activity_areas ADD COLUMN IF NOT EXISTS activity_id BIGINT;  -- version 4
ALTER TABLE orphaned_links ADD COLUMN IF NOT EXISTS activity_id BIGINT;  -- version 4
-- version 6: the OR of the row's Key Features area bits (indicators/store/area_masks.py)
ALTER TABLE activities ADD COLUMN IF NOT EXISTS area_mask INTEGER;
-- version 7: the uploads committed together, one batch (its first upload's number; NULL before: each its own).
-- A batch is one version of its source: an activities file and its participants file sent together under
-- one source, or a year's quarterly files, never supersede each other (store/versions.py).
ALTER TABLE uploads ADD COLUMN IF NOT EXISTS batch_id INTEGER;

CREATE OR REPLACE VIEW v_uploads_live AS
    SELECT * FROM uploads WHERE status = 'committed';

CREATE OR REPLACE VIEW v_activities AS
    SELECT a.* FROM activities a
    SEMI JOIN v_uploads_live u ON u.upload_id = a.upload_id
    ANTI JOIN superseded s ON s.upload_id = a.upload_id AND s.year = a.year;

CREATE OR REPLACE VIEW v_participation AS
    SELECT p.* FROM participation p
    SEMI JOIN v_uploads_live u ON u.upload_id = p.upload_id
    ANTI JOIN superseded s ON s.upload_id = p.upload_id AND s.year = p.year
    ANTI JOIN orphaned_links l ON l.upload_id = p.upload_id AND l.activity_id = p.activity_id;

CREATE OR REPLACE VIEW v_outcomes AS
    SELECT o.* FROM outcomes o
    SEMI JOIN v_uploads_live u ON u.upload_id = o.upload_id
    ANTI JOIN superseded s ON s.upload_id = o.upload_id AND s.year = o.year
    ANTI JOIN orphaned_links l ON l.upload_id = o.upload_id AND l.activity_id = o.activity_id;

CREATE OR REPLACE VIEW v_statistics AS
    SELECT t.* FROM statistics t
    SEMI JOIN v_uploads_live u ON u.upload_id = t.upload_id
    ANTI JOIN superseded s ON s.upload_id = t.upload_id AND s.year = t.year;

CREATE OR REPLACE VIEW v_activity_areas AS
    SELECT m.* FROM activity_areas m
    JOIN v_activities a USING (upload_id, activity_id);
