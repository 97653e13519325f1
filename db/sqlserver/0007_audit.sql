-- Audit log: who read or changed which participant's data, when and from where. Append-only:
-- triggers refuse UPDATE and DELETE, and the API has no route that writes here except the
-- recording middleware. Rows hold no personal content (no goal text, notes, keys or query
-- strings; path is the route template), so erasing a participant keeps them: participant_id
-- is then only a number that points at an anonymised row.
CREATE TABLE dbo.audit_log (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_audit_log PRIMARY KEY,
    tenant_id       bigint        NOT NULL CONSTRAINT fk_audit_log_tenant REFERENCES dbo.tenants(id),
    occurred_at     datetime2(7)  NOT NULL,
    actor           nvarchar(200) NOT NULL,
    action          nvarchar(20)  NOT NULL,
    resource        nvarchar(50)  NOT NULL,
    participant_id  bigint        NULL,
    http_method     nvarchar(10)  NOT NULL,
    path            nvarchar(400) NOT NULL,
    remote_ip       nvarchar(45)  NULL,
    status_code     int           NOT NULL
);
CREATE INDEX ix_audit_log_tenant_participant ON dbo.audit_log (tenant_id, participant_id, occurred_at);
CREATE INDEX ix_audit_log_tenant_time ON dbo.audit_log (tenant_id, occurred_at);
GO

CREATE TRIGGER dbo.tr_audit_log_append_only ON dbo.audit_log
INSTEAD OF UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    THROW 51000, N'audit_log is append-only', 1;
END;
GO

-- Erasure (DELETE /v1/participants/{id}) keeps the row for anonymised statistics and marks it here.
ALTER TABLE dbo.participants ADD erased_at datetime2(7) NULL;
