-- JobTech's Swedish labour-market taxonomy, imported at run time (import-taxonomy, the admin route or the
-- scheduled fetch), and Platsbanken openings imported from JobStream. Nothing of JobTech's data is in this
-- script: the tables are filled by the importer, replaced whole in one transaction per import.

-- Swedish names and definitions beside SCB's English ones; 'jobtech' marks JobTech's merged codes (1210 … 1790)
-- that SCB's list lacks.
ALTER TABLE ref_occupations ADD COLUMN name_sv TEXT NULL;
ALTER TABLE ref_occupations ADD COLUMN definition_sv TEXT NULL;
ALTER TABLE ref_occupations ADD COLUMN origin TEXT NOT NULL DEFAULT 'scb';

-- Everyday titles (yrkesbenämningar) under their 4-digit group, and older titles kept as search synonyms.
CREATE TABLE ref_occupation_titles (
    id            INTEGER PRIMARY KEY,
    ssyk_code     TEXT    NOT NULL,
    title         TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    concept_id    TEXT    NULL,
    no_education  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_ref_occupation_titles_code ON ref_occupation_titles (ssyk_code);

-- An SCB code that JobTech files under another code (1211 and 1212 under 1210; 5322 under 5321).
CREATE TABLE ref_occupation_equivalents (
    scb_code      TEXT PRIMARY KEY,
    jobtech_code  TEXT NOT NULL
);

-- SNI 2007, levels 1 (a section letter) to 5, with Swedish names.
CREATE TABLE ref_industries (
    code     TEXT    PRIMARY KEY,
    level    INTEGER NOT NULL,
    name_sv  TEXT    NOT NULL
);

CREATE TABLE ref_taxonomy_imports (
    id           INTEGER PRIMARY KEY,
    version      TEXT    NOT NULL,
    source       TEXT    NOT NULL,
    imported_at  TEXT    NOT NULL,
    occupations  INTEGER NOT NULL,
    titles       INTEGER NOT NULL,
    industries   INTEGER NOT NULL
);

-- The ad on Platsbanken (or wherever the opening came from), shown to coaches.
ALTER TABLE openings ADD COLUMN web_url TEXT NULL;

-- Where each tenant's scheduled JobStream pull got to: the next pull asks for changes after this time.
CREATE TABLE jobtech_cursors (
    tenant_id      INTEGER PRIMARY KEY REFERENCES tenants(id),
    updated_after  TEXT    NOT NULL,
    pulled_at      TEXT    NOT NULL
);
