-- Core schema: tenants, API keys, coaches, participants and their own goals,
-- employers, coach-employer contacts, openings and reference data.
-- There is deliberately no column for work ability, diagnosis or assessment.

CREATE TABLE dbo.tenants (
    id                bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_tenants PRIMARY KEY,
    name              nvarchar(200) COLLATE Finnish_Swedish_CI_AS NOT NULL CONSTRAINT ux_tenants_name UNIQUE,
    municipality_code nvarchar(4)   NOT NULL,
    created_at        datetime2(7)  NOT NULL
);

CREATE TABLE dbo.api_keys (
    id          bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_api_keys PRIMARY KEY,
    tenant_id   bigint         NOT NULL CONSTRAINT fk_api_keys_tenant REFERENCES dbo.tenants(id),
    name        nvarchar(200)  NOT NULL,
    key_prefix  nvarchar(32)   NOT NULL,
    key_hash    nvarchar(100)  NOT NULL CONSTRAINT ux_api_keys_hash UNIQUE,
    scopes      nvarchar(1000) NOT NULL,
    created_at  datetime2(7)   NOT NULL,
    expires_at  datetime2(7)   NULL,
    revoked_at  datetime2(7)   NULL
);
CREATE INDEX ix_api_keys_tenant ON dbo.api_keys (tenant_id);

CREATE TABLE dbo.coaches (
    id          bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_coaches PRIMARY KEY,
    tenant_id   bigint        NOT NULL CONSTRAINT fk_coaches_tenant REFERENCES dbo.tenants(id),
    name        nvarchar(200) COLLATE Finnish_Swedish_CI_AS NOT NULL,
    email       nvarchar(320) NULL,
    phone       nvarchar(40)  NULL,
    created_at  datetime2(7)  NOT NULL,
    updated_at  datetime2(7)  NOT NULL,
    version     int           NOT NULL CONSTRAINT df_coaches_version DEFAULT 1
);
CREATE INDEX ix_coaches_tenant_name ON dbo.coaches (tenant_id, name);

CREATE TABLE dbo.participants (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_participants PRIMARY KEY,
    tenant_id       bigint        NOT NULL CONSTRAINT fk_participants_tenant REFERENCES dbo.tenants(id),
    external_ref    nvarchar(100) NOT NULL,
    coach_id        bigint        NULL CONSTRAINT fk_participants_coach REFERENCES dbo.coaches(id),
    enrolment_date  date          NOT NULL,
    status          nvarchar(20)  NOT NULL,
    created_at      datetime2(7)  NOT NULL,
    updated_at      datetime2(7)  NOT NULL,
    version         int           NOT NULL CONSTRAINT df_participants_version DEFAULT 1
);
CREATE UNIQUE INDEX ux_participants_tenant_ref ON dbo.participants (tenant_id, external_ref);
CREATE INDEX ix_participants_tenant_coach ON dbo.participants (tenant_id, coach_id, status);
CREATE INDEX ix_participants_tenant_status ON dbo.participants (tenant_id, status);

-- The participant's own goals: their words, and the structured choices as a JSON document.
CREATE TABLE dbo.participant_goals (
    participant_id  bigint        NOT NULL CONSTRAINT pk_participant_goals PRIMARY KEY
                    CONSTRAINT fk_participant_goals_participant REFERENCES dbo.participants(id) ON DELETE CASCADE,
    tenant_id       bigint        NOT NULL CONSTRAINT fk_participant_goals_tenant REFERENCES dbo.tenants(id),
    own_words       nvarchar(4000) NULL,
    goals_json      nvarchar(max) NOT NULL,
    updated_at      datetime2(7)  NOT NULL,
    version         int           NOT NULL CONSTRAINT df_participant_goals_version DEFAULT 1
);

CREATE TABLE dbo.employers (
    id                bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_employers PRIMARY KEY,
    tenant_id         bigint        NOT NULL CONSTRAINT fk_employers_tenant REFERENCES dbo.tenants(id),
    org_number        nvarchar(10)  NULL,
    name              nvarchar(200) COLLATE Finnish_Swedish_CI_AS NOT NULL,
    sector            nvarchar(20)  NOT NULL,
    sni_code          nvarchar(5)   NULL,
    municipality_code nvarchar(4)   NULL,
    latitude          float         NULL,
    longitude         float         NULL,
    source            nvarchar(100) NULL,
    external_ref      nvarchar(200) NULL,
    active            bit           NOT NULL CONSTRAINT df_employers_active DEFAULT 1,
    created_at        datetime2(7)  NOT NULL,
    updated_at        datetime2(7)  NOT NULL,
    version           int           NOT NULL CONSTRAINT df_employers_version DEFAULT 1
);
CREATE INDEX ix_employers_tenant_name ON dbo.employers (tenant_id, name);
CREATE UNIQUE INDEX ux_employers_tenant_source_ref ON dbo.employers (tenant_id, source, external_ref) WHERE external_ref IS NOT NULL;
CREATE INDEX ix_employers_tenant_org ON dbo.employers (tenant_id, org_number);

CREATE TABLE dbo.employer_contacts (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_employer_contacts PRIMARY KEY,
    tenant_id       bigint         NOT NULL CONSTRAINT fk_contacts_tenant REFERENCES dbo.tenants(id),
    employer_id     bigint         NOT NULL CONSTRAINT fk_contacts_employer REFERENCES dbo.employers(id),
    coach_id        bigint         NOT NULL CONSTRAINT fk_contacts_coach REFERENCES dbo.coaches(id),
    contacted_at    datetime2(7)   NOT NULL,
    kind            nvarchar(20)   NOT NULL,
    purpose         nvarchar(500)  NULL,
    participant_id  bigint         NULL CONSTRAINT fk_contacts_participant REFERENCES dbo.participants(id),
    outcome         nvarchar(500)  NULL,
    note            nvarchar(4000) NULL,
    created_at      datetime2(7)   NOT NULL
);
CREATE INDEX ix_contacts_tenant_employer ON dbo.employer_contacts (tenant_id, employer_id, contacted_at);
CREATE INDEX ix_contacts_tenant_coach ON dbo.employer_contacts (tenant_id, coach_id, contacted_at);
CREATE INDEX ix_contacts_tenant_participant ON dbo.employer_contacts (tenant_id, participant_id);

CREATE TABLE dbo.openings (
    id                bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_openings PRIMARY KEY,
    tenant_id         bigint         NOT NULL CONSTRAINT fk_openings_tenant REFERENCES dbo.tenants(id),
    employer_id       bigint         NOT NULL CONSTRAINT fk_openings_employer REFERENCES dbo.employers(id),
    title             nvarchar(200)  COLLATE Finnish_Swedish_CI_AS NOT NULL,
    description       nvarchar(4000) NULL,
    ssyk_code         nvarchar(4)    NOT NULL,
    municipality_code nvarchar(4)    NOT NULL,
    latitude          float          NULL,
    longitude         float          NULL,
    hours_per_week    float          NULL,
    schedule          nvarchar(20)   NULL,
    employment_form   nvarchar(20)   NOT NULL,
    job_type          nvarchar(20)   NOT NULL,
    subsidy_type      nvarchar(30)   NULL,
    remote            bit            NOT NULL CONSTRAINT df_openings_remote DEFAULT 0,
    start_date        date           NULL,
    expires_on        date           NULL,
    status            nvarchar(20)   NOT NULL,
    source            nvarchar(100)  NULL,
    external_ref      nvarchar(200)  NULL,
    created_at        datetime2(7)   NOT NULL,
    updated_at        datetime2(7)   NOT NULL,
    version           int            NOT NULL CONSTRAINT df_openings_version DEFAULT 1
);
CREATE INDEX ix_openings_tenant_status_ssyk ON dbo.openings (tenant_id, status, ssyk_code);
CREATE INDEX ix_openings_tenant_status_municipality ON dbo.openings (tenant_id, status, municipality_code);
CREATE INDEX ix_openings_tenant_employer ON dbo.openings (tenant_id, employer_id);
CREATE UNIQUE INDEX ux_openings_tenant_source_ref ON dbo.openings (tenant_id, source, external_ref) WHERE external_ref IS NOT NULL;

-- Reference data shared by all tenants (public classifications).
CREATE TABLE dbo.ref_occupations (
    code     nvarchar(4)   NOT NULL CONSTRAINT pk_ref_occupations PRIMARY KEY,
    level    tinyint       NOT NULL,
    name_en  nvarchar(200) NOT NULL
);

CREATE TABLE dbo.ref_municipalities (
    code         nvarchar(4)   NOT NULL CONSTRAINT pk_ref_municipalities PRIMARY KEY,
    name         nvarchar(100) COLLATE Finnish_Swedish_CI_AS NOT NULL,
    county_code  nvarchar(2)   NOT NULL,
    county_name  nvarchar(100) COLLATE Finnish_Swedish_CI_AS NOT NULL
);
