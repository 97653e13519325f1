-- Core schema: tenants, API keys, coaches, participants and their own goals,
-- employers, coach-employer contacts, openings and reference data.
-- There is deliberately no column for work ability, diagnosis or assessment.

CREATE TABLE tenants (
    id                INTEGER PRIMARY KEY,
    name              TEXT    NOT NULL UNIQUE,
    municipality_code TEXT    NOT NULL,
    created_at        TEXT    NOT NULL
);

CREATE TABLE api_keys (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
    name        TEXT    NOT NULL,
    key_prefix  TEXT    NOT NULL,
    key_hash    TEXT    NOT NULL UNIQUE,
    scopes      TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    expires_at  TEXT    NULL,
    revoked_at  TEXT    NULL
);
CREATE INDEX ix_api_keys_tenant ON api_keys (tenant_id);

CREATE TABLE coaches (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
    name        TEXT    NOT NULL COLLATE NOCASE,
    email       TEXT    NULL,
    phone       TEXT    NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_coaches_tenant_name ON coaches (tenant_id, name);

CREATE TABLE participants (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants(id),
    external_ref    TEXT    NOT NULL,
    coach_id        INTEGER NULL REFERENCES coaches(id),
    enrolment_date  TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_participants_tenant_ref ON participants (tenant_id, external_ref);
CREATE INDEX ix_participants_tenant_coach ON participants (tenant_id, coach_id, status);
CREATE INDEX ix_participants_tenant_status ON participants (tenant_id, status);

-- The participant's own goals: their words, and the structured choices as a JSON document.
CREATE TABLE participant_goals (
    participant_id  INTEGER PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
    tenant_id       INTEGER NOT NULL REFERENCES tenants(id),
    own_words       TEXT    NULL,
    goals_json      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE employers (
    id                INTEGER PRIMARY KEY,
    tenant_id         INTEGER NOT NULL REFERENCES tenants(id),
    org_number        TEXT    NULL,
    name              TEXT    NOT NULL COLLATE NOCASE,
    sector            TEXT    NOT NULL,
    sni_code          TEXT    NULL,
    municipality_code TEXT    NULL,
    latitude          REAL    NULL,
    longitude         REAL    NULL,
    source            TEXT    NULL,
    external_ref      TEXT    NULL,
    active            INTEGER NOT NULL DEFAULT 1,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_employers_tenant_name ON employers (tenant_id, name);
CREATE UNIQUE INDEX ux_employers_tenant_source_ref ON employers (tenant_id, source, external_ref) WHERE external_ref IS NOT NULL;
CREATE INDEX ix_employers_tenant_org ON employers (tenant_id, org_number);

CREATE TABLE employer_contacts (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants(id),
    employer_id     INTEGER NOT NULL REFERENCES employers(id),
    coach_id        INTEGER NOT NULL REFERENCES coaches(id),
    contacted_at    TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    purpose         TEXT    NULL,
    participant_id  INTEGER NULL REFERENCES participants(id),
    outcome         TEXT    NULL,
    note            TEXT    NULL,
    created_at      TEXT    NOT NULL
);
CREATE INDEX ix_contacts_tenant_employer ON employer_contacts (tenant_id, employer_id, contacted_at);
CREATE INDEX ix_contacts_tenant_coach ON employer_contacts (tenant_id, coach_id, contacted_at);
CREATE INDEX ix_contacts_tenant_participant ON employer_contacts (tenant_id, participant_id);

CREATE TABLE openings (
    id                INTEGER PRIMARY KEY,
    tenant_id         INTEGER NOT NULL REFERENCES tenants(id),
    employer_id       INTEGER NOT NULL REFERENCES employers(id),
    title             TEXT    NOT NULL,
    description       TEXT    NULL,
    ssyk_code         TEXT    NOT NULL,
    municipality_code TEXT    NOT NULL,
    latitude          REAL    NULL,
    longitude         REAL    NULL,
    hours_per_week    REAL    NULL,
    schedule          TEXT    NULL,
    employment_form   TEXT    NOT NULL,
    job_type          TEXT    NOT NULL,
    subsidy_type      TEXT    NULL,
    remote            INTEGER NOT NULL DEFAULT 0,
    start_date        TEXT    NULL,
    expires_on        TEXT    NULL,
    status            TEXT    NOT NULL,
    source            TEXT    NULL,
    external_ref      TEXT    NULL,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_openings_tenant_status_ssyk ON openings (tenant_id, status, ssyk_code);
CREATE INDEX ix_openings_tenant_status_municipality ON openings (tenant_id, status, municipality_code);
CREATE INDEX ix_openings_tenant_employer ON openings (tenant_id, employer_id);
CREATE UNIQUE INDEX ux_openings_tenant_source_ref ON openings (tenant_id, source, external_ref) WHERE external_ref IS NOT NULL;

-- Reference data shared by all tenants (public classifications).
CREATE TABLE ref_occupations (
    code     TEXT    PRIMARY KEY,
    level    INTEGER NOT NULL,
    name_en  TEXT    NOT NULL
);

CREATE TABLE ref_municipalities (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    county_code  TEXT NOT NULL,
    county_name  TEXT NOT NULL
);
