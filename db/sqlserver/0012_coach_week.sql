-- The coach's week in the web client (issue 19): the name a participant wants to be called by,
-- corrections and withdrawals of employer contacts, next steps, and a contact person at the employer.
-- No column here describes work ability, diagnosis or assessment.

-- A first name or nickname (at most 50 characters); erased with the participant, never logged or reported.
ALTER TABLE dbo.participants ADD calling_name nvarchar(50) NULL;

-- Who logged a contact (the caller's actor, e.g. account:7), so that only they correct or withdraw it,
-- and when it was corrected or withdrawn. A withdrawn contact counts nowhere (reports, caseload, matching).
ALTER TABLE dbo.employer_contacts ADD logged_by nvarchar(200) NULL, corrected_at datetime2(7) NULL, withdrawn_at datetime2(7) NULL;
-- The duplicate check looks for the same coach, employer and kind close in time.
CREATE INDEX ix_contacts_tenant_coach_employer ON dbo.employer_contacts (tenant_id, coach_id, employer_id, contacted_at);

-- The person to ask for at the employer: business contact data, not participant data.
ALTER TABLE dbo.employers ADD contact_name nvarchar(200) NULL, contact_phone nvarchar(40) NULL, contact_email nvarchar(254) NULL;

-- What the coach will do next for a participant, by when; free text follows the rules of contact notes.
CREATE TABLE dbo.next_steps (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_next_steps PRIMARY KEY,
    tenant_id       bigint        NOT NULL CONSTRAINT fk_next_steps_tenant REFERENCES dbo.tenants(id),
    participant_id  bigint        NOT NULL CONSTRAINT fk_next_steps_participant REFERENCES dbo.participants(id) ON DELETE CASCADE,
    coach_id        bigint        NULL CONSTRAINT fk_next_steps_coach REFERENCES dbo.coaches(id),
    what            nvarchar(500) NOT NULL,
    due_on          date          NOT NULL,
    done_at         datetime2(7)  NULL,
    created_at      datetime2(7)  NOT NULL,
    updated_at      datetime2(7)  NOT NULL,
    version         int           NOT NULL CONSTRAINT df_next_steps_version DEFAULT 1
);
CREATE INDEX ix_next_steps_tenant_participant ON dbo.next_steps (tenant_id, participant_id, due_on);
