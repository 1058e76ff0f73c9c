-- psg-tui data contract, schema version 2 (version 1 lacked operations, interventions,
-- population, imd, lsoa_changes and survey; `psg db upgrade DB` adds them).
-- Created by `psg db init`; the dashboard only ever reads it.

CREATE TABLE meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

-- Wards, hotspots, town centres and any custom area an analyst defines.
CREATE TABLE areas (
    id         VARCHAR PRIMARY KEY,          -- slug, e.g. 'stockton-town-centre'
    name       VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL CHECK (kind IN ('ward', 'hotspot', 'town-centre', 'custom')),
    ward_code  VARCHAR,                      -- ONS E05... for wards
    phase      VARCHAR CHECK (phase IN ('clear', 'hold', 'build')),   -- Clear-Hold-Build
    operations VARCHAR[] NOT NULL DEFAULT []
);

-- An LSOA may belong to several areas (its ward and a hotspot).
CREATE TABLE area_lsoas (
    area_id   VARCHAR NOT NULL,
    lsoa_code VARCHAR NOT NULL,
    lsoa_name VARCHAR,
    PRIMARY KEY (area_id, lsoa_code)
);

-- police.uk street-level rows and local incident extracts.
-- `month` is always the first day of the month the incident falls in; `occurred`
-- is only as precise as `precision` says (police.uk rows are 'month').
CREATE TABLE incidents (
    id         VARCHAR NOT NULL,
    source     VARCHAR NOT NULL,             -- 'police-uk' or the extract's source name
    source_ref VARCHAR,                      -- Crime ID or the extract's own reference
    batch      VARCHAR NOT NULL,             -- what a re-import replaces, e.g. 'police-uk:2021-08:Cleveland Police'
    month      DATE NOT NULL,
    occurred   TIMESTAMP NOT NULL,
    precision  VARCHAR NOT NULL CHECK (precision IN ('month', 'day', 'minute')),
    category   VARCHAR NOT NULL,
    area_id    VARCHAR,                      -- the area the source named (used when there is no LSOA)
    lsoa_code  VARCHAR,
    location   VARCHAR,
    latitude   DOUBLE,
    longitude  DOUBLE,
    outcome    VARCHAR,
    operation  VARCHAR
);

-- Premises closure notices and orders (ASB, Crime and Policing Act 2014 ss.76-93).
CREATE TABLE closure_orders (
    id        VARCHAR PRIMARY KEY,
    premises  VARCHAR NOT NULL,
    area_id   VARCHAR NOT NULL,
    kind      VARCHAR NOT NULL CHECK (kind IN ('notice', 'order')),
    issued    DATE NOT NULL,
    hearing   DATE,
    expires   DATE,
    status    VARCHAR NOT NULL CHECK (status IN ('notice-served', 'granted', 'extended', 'expired', 'discharged', 'refused')),
    applicant VARCHAR
);

-- Public Spaces Protection Orders (up to 3 years per making or extension).
CREATE TABLE pspos (
    id           VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    made         DATE NOT NULL,
    expires      DATE NOT NULL,
    prohibitions VARCHAR[] NOT NULL,
    area_ids     VARCHAR[] NOT NULL
);

CREATE TABLE pspo_breaches (
    id          VARCHAR PRIMARY KEY,
    pspo_id     VARCHAR NOT NULL,
    occurred    DATE NOT NULL,
    area_id     VARCHAR NOT NULL,
    location    VARCHAR,
    prohibition VARCHAR NOT NULL,
    outcome     VARCHAR NOT NULL CHECK (outcome IN ('advice', 'warning', 'fpn-issued', 'fpn-paid', 'prosecution'))
);

-- The action register, loaded from earlier meetings' minutes (`psg db load-minutes`).
CREATE TABLE actions (
    id       VARCHAR PRIMARY KEY,
    area_id  VARCHAR,
    title    VARCHAR NOT NULL,
    owner    VARCHAR NOT NULL,
    agency   VARCHAR NOT NULL,
    raised   DATE NOT NULL,
    due      DATE NOT NULL,
    status   VARCHAR NOT NULL CHECK (status IN ('open', 'in-progress', 'done', 'blocked', 'dropped')),
    priority VARCHAR,
    meeting  VARCHAR NOT NULL                -- the minutes it came from: '<date> <title>'
);

-- What the partners did. An operation is a named piece of work (Operation Shield, Project
-- Harmony) in some areas against some incident categories (police.uk's and local ones).
CREATE TABLE operations (
    id                VARCHAR PRIMARY KEY,   -- slug, e.g. 'operation-shield'
    name              VARCHAR NOT NULL,
    started           DATE NOT NULL,
    ended             DATE,                  -- NULL while it runs
    area_ids          VARCHAR[] NOT NULL,
    target_categories VARCHAR[] NOT NULL,
    lead_agency       VARCHAR,
    aims              VARCHAR
);

-- One line of work done: a patrol, an engagement, a referral, a CPW... (`kind`, the
-- vocabulary in psg_tui/core/interventions.py), `count` of them on a day or in a month.
-- `subject` is a pseudonymous reference (never a name or an address) so the CPW -> CPN ->
-- FPN ladder can be followed; `hours` is a direction's or notice's length (dispersal).
CREATE TABLE interventions (
    id           VARCHAR PRIMARY KEY,
    occurred     DATE NOT NULL,              -- the first of the month when precision = 'month'
    precision    VARCHAR NOT NULL CHECK (precision IN ('day', 'month')),
    month        DATE NOT NULL,
    area_id      VARCHAR NOT NULL,
    operation_id VARCHAR,
    kind         VARCHAR NOT NULL,
    count        INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
    agency       VARCHAR NOT NULL,
    subject      VARCHAR,
    outcome      VARCHAR,
    phase        VARCHAR CHECK (phase IN ('clear', 'hold', 'build')),
    hours        DOUBLE
);

-- Residents per LSOA (2021 codes): ONS mid-year estimates or Census counts. An area's
-- population is the sum over its LSOAs; rates are per 1,000 of it.
CREATE TABLE population (
    lsoa_code  VARCHAR PRIMARY KEY,          -- LSOA 2021 code, E01...
    population INTEGER NOT NULL CHECK (population > 0),
    year       INTEGER,                      -- the estimate's year (mid-year), if known
    source     VARCHAR                       -- e.g. 'ONS mid-2022', 'Census 2021'
);

-- English Indices of Deprivation by LSOA, stored against 2021 codes (2019's 2011 codes are
-- mapped through lsoa_changes; `published_code` keeps the code the file gave). Rank 1 and
-- decile 1 are the most deprived.
CREATE TABLE imd (
    lsoa_code      VARCHAR NOT NULL,         -- LSOA 2021 code
    edition        INTEGER NOT NULL,         -- 2019, 2025
    published_code VARCHAR NOT NULL,
    imd_rank       INTEGER NOT NULL CHECK (imd_rank >= 1),
    imd_decile     INTEGER NOT NULL CHECK (imd_decile BETWEEN 1 AND 10),
    PRIMARY KEY (lsoa_code, edition)
);

-- The ONS LSOA 2011 -> 2021 lookup: CHGIND U unchanged, S split, M merged, X irregular.
CREATE TABLE lsoa_changes (
    lsoa11_code VARCHAR NOT NULL,
    lsoa11_name VARCHAR,
    lsoa21_code VARCHAR NOT NULL,
    lsoa21_name VARCHAR,
    change      VARCHAR NOT NULL CHECK (change IN ('U', 'S', 'M', 'X')),
    PRIMARY KEY (lsoa11_code, lsoa21_code)
);

-- What residents say: per survey wave, area ('all' = the whole district) and topic
-- (drugs, feel-less-safe, asb-victim, ...), how many answered and how many agreed.
CREATE TABLE survey (
    wave        VARCHAR NOT NULL,            -- the wave's label as published
    wave_date   DATE NOT NULL,               -- orders the waves (the fieldwork's month)
    area_id     VARCHAR NOT NULL,            -- an area id, or 'all'
    topic       VARCHAR NOT NULL,
    respondents INTEGER NOT NULL CHECK (respondents > 0),
    agreeing    INTEGER NOT NULL CHECK (agreeing >= 0 AND agreeing <= respondents),
    PRIMARY KEY (wave, area_id, topic)
);

-- (area_id, within_id): area_id lies within within_id — itself, or every one of its
-- LSOAs is also one of within_id's (a hotspot inside its ward). Registers record one
-- area per row; this lets a ward's panels include its hotspots' orders and breaches.
-- Written as joins and a count (the shared LSOAs of a pair are all of the inner area's)
-- rather than NOT EXISTS / NOT IN: every area panel uses this view, and DuckDB plans and
-- runs this form in a third of the time (bench/RESULTS.md).
CREATE VIEW area_within AS
    SELECT id AS area_id, id AS within_id FROM areas
    UNION ALL
    SELECT inner_lsoa.area_id, outer_lsoa.area_id AS within_id
    FROM area_lsoas inner_lsoa
    JOIN area_lsoas outer_lsoa
      ON outer_lsoa.lsoa_code = inner_lsoa.lsoa_code AND outer_lsoa.area_id <> inner_lsoa.area_id
    JOIN (SELECT area_id, count(*) AS lsoas FROM area_lsoas GROUP BY area_id) inner_size
      ON inner_size.area_id = inner_lsoa.area_id
    WHERE inner_lsoa.area_id IN (SELECT id FROM areas) AND outer_lsoa.area_id IN (SELECT id FROM areas)
    GROUP BY inner_lsoa.area_id, outer_lsoa.area_id, inner_size.lsoas
    HAVING count(*) = inner_size.lsoas;

-- Every incident once for each area it falls in: by LSOA membership, or, when its
-- LSOA is in no area (or it has none), by the area its source named and every area
-- that one lies within.
CREATE VIEW area_incidents AS
    SELECT al.area_id, i.* EXCLUDE (area_id)
    FROM incidents i JOIN area_lsoas al ON al.lsoa_code = i.lsoa_code
    UNION ALL
    SELECT w.within_id AS area_id, i.* EXCLUDE (area_id)
    FROM incidents i JOIN area_within w ON w.area_id = i.area_id
    WHERE i.lsoa_code IS NULL OR i.lsoa_code NOT IN (SELECT lsoa_code FROM area_lsoas);

-- Each area's residents: the sum over its LSOAs of `population` (first version: an LSOA's
-- code as stored; the 2011 -> 2021 mapping through lsoa_changes refines it). `lsoas` counts
-- the area's LSOAs, `without_population` those with no estimate (rates then say so).
CREATE VIEW area_population AS
    SELECT al.area_id,
           sum(p.population)::BIGINT AS population,
           count(*) AS lsoas,
           count(*) FILTER (WHERE p.population IS NULL) AS without_population,
           false AS approximate
    FROM area_lsoas al LEFT JOIN population p ON p.lsoa_code = al.lsoa_code
    GROUP BY al.area_id;

-- Each area's deprivation per IMD edition: the population-weighted mean decile and the share
-- of its residents living in the most deprived 10% of LSOAs (decile 1).
CREATE VIEW area_deprivation AS
    SELECT al.area_id, d.edition,
           sum(d.imd_decile * p.population) / sum(p.population) AS mean_decile,
           sum(p.population) FILTER (WHERE d.imd_decile = 1) / sum(p.population) AS share_most_deprived,
           count(*) AS lsoas
    FROM area_lsoas al
    JOIN imd d ON d.lsoa_code = al.lsoa_code
    JOIN population p ON p.lsoa_code = al.lsoa_code
    GROUP BY al.area_id, d.edition;
