-- Targets per indicator and the qualitative evidence officers write beside the figures.
-- Both keep history: a change is a new row, the newest row is the one in force.
CREATE TABLE IF NOT EXISTS targets (
    city VARCHAR NOT NULL, indicator VARCHAR NOT NULL, district VARCHAR,
    target_value DOUBLE NOT NULL, target_year INTEGER NOT NULL, base_year INTEGER,
    milestones JSON, updated_by VARCHAR, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS evidence (
    city VARCHAR NOT NULL, area_code VARCHAR NOT NULL, year INTEGER NOT NULL,
    narrative_en VARCHAR, narrative_th VARCHAR, links JSON,
    author VARCHAR, updated_at TIMESTAMP NOT NULL, version INTEGER NOT NULL
);
