-- Zero staleness for matching (issue 20): a counter per tenant, bumped in the same transaction as
-- every write that changes what a match would show (openings, employers, face-to-face contacts,
-- match weights), and on each such row the counter value of the write that last changed it. A match
-- reads the counter (one primary-key read) and, when it moved, reads only the rows changed since.

CREATE TABLE dbo.tenant_changes (
    tenant_id   bigint NOT NULL CONSTRAINT pk_tenant_changes PRIMARY KEY CONSTRAINT fk_tenant_changes_tenant REFERENCES dbo.tenants(id),
    seq         bigint NOT NULL CONSTRAINT df_tenant_changes_seq DEFAULT 0
);
INSERT INTO dbo.tenant_changes (tenant_id, seq) SELECT id, 0 FROM dbo.tenants;

ALTER TABLE dbo.openings ADD change_seq bigint NOT NULL CONSTRAINT df_openings_change_seq DEFAULT 0;
ALTER TABLE dbo.employers ADD change_seq bigint NOT NULL CONSTRAINT df_employers_change_seq DEFAULT 0;
ALTER TABLE dbo.employer_contacts ADD change_seq bigint NOT NULL CONSTRAINT df_contacts_change_seq DEFAULT 0;
CREATE INDEX ix_openings_tenant_change ON dbo.openings (tenant_id, change_seq);
CREATE INDEX ix_employers_tenant_change ON dbo.employers (tenant_id, change_seq);
CREATE INDEX ix_contacts_tenant_change ON dbo.employer_contacts (tenant_id, change_seq);
