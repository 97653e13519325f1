-- Audit log: who read or changed which participant's data, when and from where. Append-only:
-- triggers refuse UPDATE and DELETE, and the API has no route that writes here except the
-- recording middleware. Rows hold no personal content (no goal text, notes, keys or query
-- strings; path is the route template), so erasing a participant keeps them: participant_id
-- is then only a number that points at an anonymised row.
CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants(id),
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

-- Erasure (DELETE /v1/participants/{id}) keeps the row for anonymised statistics and marks it here.
ALTER TABLE participants ADD COLUMN erased_at TEXT NULL;
