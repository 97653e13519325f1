-- Matching: per-tenant factor weights, versioned (every change appends a version and the
-- history is kept), and indexes for reading a tenant's open openings and its recent
-- face-to-face contacts without touching other tenants' rows.

CREATE TABLE match_weights (
    tenant_id     INTEGER NOT NULL REFERENCES tenants(id),
    version       INTEGER NOT NULL,
    weights_json  TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    created_by    TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, version)
);

CREATE INDEX ix_openings_tenant_status_expires ON openings (tenant_id, status, expires_on);
CREATE INDEX ix_contacts_tenant_kind_time ON employer_contacts (tenant_id, kind, contacted_at, employer_id, coach_id);
