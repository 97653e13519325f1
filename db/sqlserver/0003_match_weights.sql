-- Matching: per-tenant factor weights, versioned (every change appends a version and the
-- history is kept), and covering indexes for reading a tenant's open openings and its recent
-- face-to-face contacts without touching other tenants' rows or the wide columns.

CREATE TABLE dbo.match_weights (
    tenant_id     bigint        NOT NULL CONSTRAINT fk_match_weights_tenant REFERENCES dbo.tenants(id),
    version       int           NOT NULL,
    weights_json  nvarchar(max) NOT NULL,
    created_at    datetime2(7)  NOT NULL,
    created_by    nvarchar(100) NOT NULL,
    CONSTRAINT pk_match_weights PRIMARY KEY (tenant_id, version)
);

CREATE INDEX ix_openings_tenant_status_expires ON dbo.openings (tenant_id, status, expires_on)
    INCLUDE (employer_id, title, ssyk_code, municipality_code, latitude, longitude, hours_per_week, schedule,
             employment_form, job_type, remote, start_date, version);
CREATE INDEX ix_contacts_tenant_kind_time ON dbo.employer_contacts (tenant_id, kind, contacted_at)
    INCLUDE (employer_id, coach_id);
