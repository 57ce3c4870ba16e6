-- Mapping rules: the category table and keyword rules, versioned per city (city '*' = shipped defaults).
CREATE TABLE IF NOT EXISTS category_map (
    city VARCHAR NOT NULL,            -- '*' = defaults shipped with the app
    category VARCHAR NOT NULL,
    category_norm VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    feature_code VARCHAR,
    version INTEGER NOT NULL DEFAULT 1,
    updated_by VARCHAR,
    updated_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS keyword_rules (
    city VARCHAR NOT NULL,
    keyword VARCHAR NOT NULL,
    keyword_norm VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    feature_code VARCHAR,
    language VARCHAR,
    version INTEGER NOT NULL DEFAULT 1,
    updated_by VARCHAR,
    updated_at TIMESTAMP
);
