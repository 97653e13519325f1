-- Coach sign-in: local accounts with a password hash (ASP.NET Core PasswordHasher, PBKDF2),
-- a role that maps to scopes in code (Security/Roles.cs), and lockout after repeated failures.
-- Usernames are unique across all tenants, so that sign-in needs only username and password;
-- they are stored in lower case (sign-in ignores case).

CREATE TABLE dbo.accounts (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_accounts PRIMARY KEY,
    tenant_id       bigint        NOT NULL CONSTRAINT fk_accounts_tenant REFERENCES dbo.tenants(id),
    coach_id        bigint        NULL CONSTRAINT fk_accounts_coach REFERENCES dbo.coaches(id),
    username        nvarchar(100) NOT NULL CONSTRAINT ux_accounts_username UNIQUE,
    password_hash   nvarchar(400) NOT NULL,
    role            nvarchar(20)  NOT NULL,
    failed_attempts int           NOT NULL CONSTRAINT df_accounts_failed_attempts DEFAULT 0,
    locked_until    datetime2(7)  NULL,
    created_at      datetime2(7)  NOT NULL,
    disabled_at     datetime2(7)  NULL
);
CREATE INDEX ix_accounts_tenant ON dbo.accounts (tenant_id, username);
