-- The audit log, written in the same transaction as the change it records.
CREATE TABLE IF NOT EXISTS audit_log (
    logged_at TIMESTAMP NOT NULL,
    actor VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    via VARCHAR,                      -- local | oidc | cli
    action VARCHAR NOT NULL,          -- upload | rollback | edit_mapping | edit_targets | edit_evidence | ...
    city VARCHAR,
    target VARCHAR,                   -- what was changed: upload number and file, area and year, ...
    detail JSON                       -- e.g. the file's SHA-256, rows, years; never a password
);
