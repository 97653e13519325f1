-- Server-side sessions: the session cookie carries only a random key; the sign-in itself lives here,
-- so signing out (or disabling the account) ends the session for every copy of the cookie at once.
-- id is the SHA-256 hash (hex) of the key, so the table alone cannot be replayed as cookies.

CREATE TABLE sessions (
    id          TEXT    NOT NULL PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
    account_id  INTEGER NULL REFERENCES accounts(id),
    ticket      BLOB    NOT NULL,
    created_at  TEXT    NOT NULL,
    expires_at  TEXT    NOT NULL
);
CREATE INDEX ix_sessions_account ON sessions (account_id);
CREATE INDEX ix_sessions_expires ON sessions (expires_at);
