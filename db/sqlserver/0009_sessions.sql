-- Server-side sessions: the session cookie carries only a random key; the sign-in itself lives here,
-- so signing out (or disabling the account) ends the session for every copy of the cookie at once.
-- id is the SHA-256 hash (hex) of the key, so the table alone cannot be replayed as cookies.

CREATE TABLE dbo.sessions (
    id          nvarchar(64)   NOT NULL CONSTRAINT pk_sessions PRIMARY KEY,
    tenant_id   bigint         NOT NULL CONSTRAINT fk_sessions_tenant REFERENCES dbo.tenants(id),
    account_id  bigint         NULL CONSTRAINT fk_sessions_account REFERENCES dbo.accounts(id),
    ticket      varbinary(max) NOT NULL,
    created_at  datetime2(7)   NOT NULL,
    expires_at  datetime2(7)   NOT NULL
);
CREATE INDEX ix_sessions_account ON dbo.sessions (account_id);
CREATE INDEX ix_sessions_expires ON dbo.sessions (expires_at);
