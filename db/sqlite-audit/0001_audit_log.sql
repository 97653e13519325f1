-- The audit log of a SQLite installation, in a file of its own next to the main one
-- (data/matchapi.db → data/matchapi.audit.db; see Data/Db.cs). Every audited request commits a
-- row here before its answer leaves; in the main file, each such commit made every reader drop
-- its page cache and read its pages again (docs/performance.md). The columns, indexes and
-- append-only rule are those of db/sqlite/0007_audit.sql, which this file replaces; only the
-- foreign key to tenants cannot cross files (tenants are never deleted, and only the recording
-- middleware writes here, with the caller's authenticated tenant). On SQL Server the table stays
-- in the one database (db/sqlserver/0007_audit.sql).
--
-- Rows hold no personal content (no goal text, notes, keys or query strings; path is the route
-- template), so erasing a participant keeps them: participant_id is then only a number that
-- points at an anonymised row.
CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL,
    occurred_at     TEXT    NOT NULL,
    actor           TEXT    NOT NULL,
    action          TEXT    NOT NULL,
    resource        TEXT    NOT NULL,
    participant_id  INTEGER NULL,
    http_method     TEXT    NOT NULL,
    path            TEXT    NOT NULL,
    remote_ip       TEXT    NULL,
    status_code     INTEGER NOT NULL
);
CREATE INDEX ix_audit_log_tenant_participant ON audit_log (tenant_id, participant_id, occurred_at);
CREATE INDEX ix_audit_log_tenant_time ON audit_log (tenant_id, occurred_at);

CREATE TRIGGER tr_audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER tr_audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
