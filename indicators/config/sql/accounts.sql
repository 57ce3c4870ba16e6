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
