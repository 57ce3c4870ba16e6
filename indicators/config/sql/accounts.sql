-- Local accounts: a per-user random salt and the scrypt hash, never a password.
CREATE TABLE IF NOT EXISTS users (
    name VARCHAR PRIMARY KEY,
    role VARCHAR NOT NULL,
    salt BLOB NOT NULL,
    password_hash BLOB NOT NULL,
    email VARCHAR,                    -- for single sign-on (st.login): the e-mail the provider reports
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR,
    disabled BOOLEAN NOT NULL DEFAULT FALSE
);
-- Sign-in attempts (never the password): the throttle per account and per client address lives here, so
-- a reload or a restart does not reset it (indicators/store/sign_in.py).
CREATE TABLE IF NOT EXISTS sign_in_attempts (
    attempted_at TIMESTAMP NOT NULL,
    account VARCHAR NOT NULL,         -- the name typed
    client VARCHAR NOT NULL,          -- the client's address as the server saw it, or 'unknown'
    outcome VARCHAR NOT NULL          -- ok | failed | locked (refused without checking the password)
);
