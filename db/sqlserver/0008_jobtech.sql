-- JobTech's Swedish labour-market taxonomy, imported at run time (import-taxonomy, the admin route or the
-- scheduled fetch), and Platsbanken openings imported from JobStream. Nothing of JobTech's data is in this
-- script: the tables are filled by the importer, replaced whole in one transaction per import.

-- Swedish names and definitions beside SCB's English ones; 'jobtech' marks JobTech's merged codes (1210 … 1790)
-- that SCB's list lacks.
ALTER TABLE dbo.ref_occupations ADD name_sv nvarchar(200) NULL;
ALTER TABLE dbo.ref_occupations ADD definition_sv nvarchar(max) NULL;
ALTER TABLE dbo.ref_occupations ADD origin nvarchar(10) NOT NULL CONSTRAINT df_ref_occupations_origin DEFAULT 'scb';

-- Everyday titles (yrkesbenämningar) under their 4-digit group, and older titles kept as search synonyms.
CREATE TABLE dbo.ref_occupation_titles (
    id            bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_ref_occupation_titles PRIMARY KEY,
    ssyk_code     nvarchar(4)   NOT NULL,
    title         nvarchar(200) NOT NULL,
    kind          nvarchar(10)  NOT NULL,
    concept_id    nvarchar(50)  NULL,
    no_education  bit           NOT NULL CONSTRAINT df_ref_occupation_titles_no_education DEFAULT 0
);
CREATE INDEX ix_ref_occupation_titles_code ON dbo.ref_occupation_titles (ssyk_code);

-- An SCB code that JobTech files under another code (1211 and 1212 under 1210; 5322 under 5321).
CREATE TABLE dbo.ref_occupation_equivalents (
    scb_code      nvarchar(4) NOT NULL CONSTRAINT pk_ref_occupation_equivalents PRIMARY KEY,
    jobtech_code  nvarchar(4) NOT NULL
);

-- SNI 2007, levels 1 (a section letter) to 5, with Swedish names.
CREATE TABLE dbo.ref_industries (
    code     nvarchar(5)   NOT NULL CONSTRAINT pk_ref_industries PRIMARY KEY,
    level    tinyint       NOT NULL,
    name_sv  nvarchar(300) NOT NULL
);

CREATE TABLE dbo.ref_taxonomy_imports (
    id           bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_ref_taxonomy_imports PRIMARY KEY,
    version      nvarchar(100) NOT NULL,
    source       nvarchar(500) NOT NULL,
    imported_at  datetime2(7)  NOT NULL,
    occupations  int           NOT NULL,
    titles       int           NOT NULL,
    industries   int           NOT NULL
);

-- The ad on Platsbanken (or wherever the opening came from), shown to coaches.
ALTER TABLE dbo.openings ADD web_url nvarchar(500) NULL;

-- Where each tenant's scheduled JobStream pull got to: the next pull asks for changes after this time.
CREATE TABLE dbo.jobtech_cursors (
    tenant_id      bigint       NOT NULL CONSTRAINT pk_jobtech_cursors PRIMARY KEY CONSTRAINT fk_jobtech_cursors_tenant REFERENCES dbo.tenants(id),
    updated_after  datetime2(7) NOT NULL,
    pulled_at      datetime2(7) NOT NULL
);
