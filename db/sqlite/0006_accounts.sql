-- Coach sign-in: local accounts with a password hash (ASP.NET Core PasswordHasher, PBKDF2),
-- a role that maps to scopes in code (Security/Roles.cs), and lockout after repeated failures.
-- Usernames are unique across all tenants, so that sign-in needs only username and password;
-- they are stored in lower case (sign-in ignores case).

CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants(id),
    coach_id        INTEGER NULL REFERENCES coaches(id),
    username        TEXT    NOT NULL UNIQUE,
    password_hash   TEXT    NOT NULL,
    role            TEXT    NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT    NULL,
    created_at      TEXT    NOT NULL,
    disabled_at     TEXT    NULL
);
CREATE INDEX ix_accounts_tenant ON accounts (tenant_id, username);
