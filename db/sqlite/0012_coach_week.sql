-- The coach's week in the web client (issue 19): the name a participant wants to be called by,
-- corrections and withdrawals of employer contacts, next steps, and a contact person at the employer.
-- No column here describes work ability, diagnosis or assessment.

-- A first name or nickname (at most 50 characters); erased with the participant, never logged or reported.
ALTER TABLE participants ADD COLUMN calling_name TEXT NULL;

-- Who logged a contact (the caller's actor, e.g. account:7), so that only they correct or withdraw it,
-- and when it was corrected or withdrawn. A withdrawn contact counts nowhere (reports, caseload, matching).
ALTER TABLE employer_contacts ADD COLUMN logged_by TEXT NULL;
ALTER TABLE employer_contacts ADD COLUMN corrected_at TEXT NULL;
ALTER TABLE employer_contacts ADD COLUMN withdrawn_at TEXT NULL;
-- The duplicate check looks for the same coach, employer and kind close in time.
CREATE INDEX ix_contacts_tenant_coach_employer ON employer_contacts (tenant_id, coach_id, employer_id, contacted_at);

-- The person to ask for at the employer: business contact data, not participant data.
ALTER TABLE employers ADD COLUMN contact_name TEXT NULL;
ALTER TABLE employers ADD COLUMN contact_phone TEXT NULL;
ALTER TABLE employers ADD COLUMN contact_email TEXT NULL;

-- What the coach will do next for a participant, by when; free text follows the rules of contact notes.
CREATE TABLE next_steps (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants(id),
    participant_id  INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    coach_id        INTEGER NULL REFERENCES coaches(id),
    what            TEXT    NOT NULL,
    due_on          TEXT    NOT NULL,
    done_at         TEXT    NULL,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_next_steps_tenant_participant ON next_steps (tenant_id, participant_id, due_on);
