-- Job starts and other placements (competitive, subsidised, internship, education) with their
-- end, and participants' exits from the service: the data behind the outcome and fidelity reports.
-- Exits are their own table so that participants (0001) is not altered; the participant's status
-- is still set to 'Exited' in the same transaction as the exit is recorded.

CREATE TABLE dbo.placements (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_placements PRIMARY KEY,
    tenant_id       bigint        NOT NULL CONSTRAINT fk_placements_tenant REFERENCES dbo.tenants(id),
    participant_id  bigint        NOT NULL CONSTRAINT fk_placements_participant REFERENCES dbo.participants(id) ON DELETE CASCADE,
    employer_id     bigint        NOT NULL CONSTRAINT fk_placements_employer REFERENCES dbo.employers(id),
    opening_id      bigint        NULL CONSTRAINT fk_placements_opening REFERENCES dbo.openings(id),
    kind            nvarchar(20)  NOT NULL,
    subsidy_type    nvarchar(30)  NULL,
    ssyk_code       nvarchar(4)   NULL,
    start_date      date          NOT NULL,
    hours_per_week  float         NOT NULL CONSTRAINT ck_placements_hours CHECK (hours_per_week > 0 AND hours_per_week <= 80),
    end_date        date          NULL,
    end_reason      nvarchar(30)  NULL,
    created_at      datetime2(7)  NOT NULL,
    updated_at      datetime2(7)  NOT NULL,
    version         int           NOT NULL CONSTRAINT df_placements_version DEFAULT 1,
    CONSTRAINT ck_placements_end CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX ix_placements_tenant_start ON dbo.placements (tenant_id, start_date);
CREATE INDEX ix_placements_tenant_participant ON dbo.placements (tenant_id, participant_id);

CREATE TABLE dbo.participant_exits (
    participant_id  bigint        NOT NULL CONSTRAINT pk_participant_exits PRIMARY KEY
                    CONSTRAINT fk_participant_exits_participant REFERENCES dbo.participants(id) ON DELETE CASCADE,
    tenant_id       bigint        NOT NULL CONSTRAINT fk_participant_exits_tenant REFERENCES dbo.tenants(id),
    exited_on       date          NOT NULL,
    reason          nvarchar(30)  NOT NULL,
    created_at      datetime2(7)  NOT NULL
);
CREATE INDEX ix_participant_exits_tenant ON dbo.participant_exits (tenant_id, exited_on);
