-- Zero staleness for matching (issue 20): a counter per tenant, bumped in the same transaction as
-- every write that changes what a match would show (openings, employers, face-to-face contacts,
-- match weights), and on each such row the counter value of the write that last changed it. A match
-- reads the counter (one primary-key read) and, when it moved, reads only the rows changed since.

CREATE TABLE tenant_changes (
    tenant_id   INTEGER PRIMARY KEY REFERENCES tenants(id),
    seq         INTEGER NOT NULL DEFAULT 0
);
INSERT INTO tenant_changes (tenant_id, seq) SELECT id, 0 FROM tenants;

ALTER TABLE openings ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE employers ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE employer_contacts ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ix_openings_tenant_change ON openings (tenant_id, change_seq);
CREATE INDEX ix_employers_tenant_change ON employers (tenant_id, change_seq);
CREATE INDEX ix_contacts_tenant_change ON employer_contacts (tenant_id, change_seq);
