-- Job starts and other placements (competitive, subsidised, internship, education) with their
-- end, and participants' exits from the service: the data behind the outcome and fidelity reports.
-- Exits are their own table so that participants (0001) is not altered; the participant's status
-- is still set to 'Exited' in the same transaction as the exit is recorded.

CREATE TABLE placements (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants(id),
    participant_id  INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    employer_id     INTEGER NOT NULL REFERENCES employers(id),
    opening_id      INTEGER NULL REFERENCES openings(id),
    kind            TEXT    NOT NULL,
    subsidy_type    TEXT    NULL,
    ssyk_code       TEXT    NULL,
    start_date      TEXT    NOT NULL,
    hours_per_week  REAL    NOT NULL CONSTRAINT ck_placements_hours CHECK (hours_per_week > 0 AND hours_per_week <= 80),
    end_date        TEXT    NULL,
    end_reason      TEXT    NULL,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT ck_placements_end CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX ix_placements_tenant_start ON placements (tenant_id, start_date);
CREATE INDEX ix_placements_tenant_participant ON placements (tenant_id, participant_id);

CREATE TABLE participant_exits (
    participant_id  INTEGER PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
    tenant_id       INTEGER NOT NULL REFERENCES tenants(id),
    exited_on       TEXT    NOT NULL,
    reason          TEXT    NOT NULL,
    created_at      TEXT    NOT NULL
);
CREATE INDEX ix_participant_exits_tenant ON participant_exits (tenant_id, exited_on);
