-- psg-tui data contract, schema version 4 (version 1 lacked operations, interventions,
-- population, imd, lsoa_changes and survey; version 2 lacked outcomes, stop_searches,
-- incident_counts and lsoa_places; version 3 lacked the crime_outcomes view; `psg db upgrade DB`
-- adds them).
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

-- police.uk outcomes files: each crime's outcome events, by Crime ID (one row per event; a
-- crime may have several over the months). `month` is the month the outcome was recorded.
CREATE TABLE outcomes (
    crime_id  VARCHAR NOT NULL,              -- the street file's Crime ID
    month     DATE NOT NULL,
    force     VARCHAR NOT NULL,              -- Falls within
    batch     VARCHAR NOT NULL,              -- 'police-uk-outcomes:2024-03:Cleveland Police'
    outcome   VARCHAR NOT NULL,              -- Outcome type, as published
    lsoa_code VARCHAR,
    location  VARCHAR,
    latitude  DOUBLE,
    longitude DOUBLE
);

-- Each crime's latest outcome (police.uk outcomes files) and the months it took: from the month
-- the street file published the crime in (`crime_month`, NULL when no street row holds its Crime
-- ID) to the month of its latest outcome. Of outcomes recorded in the same month, a final one wins
-- over 'Under investigation', then the first by name, so the view reads the same every time. A
-- view: panels ask it for the crimes they show, and a filter on crime_id reaches both tables.
CREATE VIEW crime_outcomes AS
    SELECT o.crime_id,
           first(o.outcome ORDER BY o.month DESC, o.outcome = 'Under investigation', o.outcome) AS outcome,
           max(o.month) AS outcome_month,
           count(*) AS events,
           c.month AS crime_month,
           datediff('month', c.month, max(o.month)) AS months_taken
    FROM outcomes o
    LEFT JOIN (SELECT source_ref, min(month) AS month FROM incidents
               WHERE source = 'police-uk' AND source_ref IS NOT NULL GROUP BY source_ref) c
      ON c.source_ref = o.crime_id
    GROUP BY o.crime_id, c.month;

-- police.uk stop-and-search files, one row per search, with the file's own columns. The
-- files give no LSOA: a search is placed at the LSOA of the street-level incidents on the
-- same anonymised map point (`lsoa_code`, NULL when none is near; see the importer).
CREATE TABLE stop_searches (
    id                        VARCHAR NOT NULL,   -- 'pss:<YYYY-MM>:<force-slug>:<row>'
    batch                     VARCHAR NOT NULL,   -- 'police-uk-stop-and-search:2024-03:Cleveland Police'
    force                     VARCHAR NOT NULL,
    month                     DATE NOT NULL,
    occurred                  TIMESTAMP NOT NULL, -- Date (UTC, as published)
    type                      VARCHAR NOT NULL,   -- Person search, Vehicle search, Person and Vehicle search
    part_of_operation         BOOLEAN,
    policing_operation        VARCHAR,
    latitude                  DOUBLE,
    longitude                 DOUBLE,
    lsoa_code                 VARCHAR,
    gender                    VARCHAR,
    age_range                 VARCHAR,
    self_defined_ethnicity    VARCHAR,
    officer_defined_ethnicity VARCHAR,
    legislation               VARCHAR,
    object_of_search          VARCHAR,
    outcome                   VARCHAR,
    outcome_linked            BOOLEAN,            -- Outcome linked to object of search
    removal_of_clothing       BOOLEAN             -- Removal of more than just outer clothing
);

-- Incidents counted per area, month, category and source: what area_incidents holds, kept in
-- step by every import that changes incidents or where they are placed (rebuilt for the months
-- it touches), so count panels and the overview read a small table. The imports record each
-- month's incidents and sum of counts in meta 'incident_tally' (psg_tui/core/counts.py), so a
-- month changed by hand is found when the database is opened and read from the raw rows.
CREATE TABLE incident_counts (
    area_id   VARCHAR NOT NULL,
    month     DATE NOT NULL,
    category  VARCHAR NOT NULL,
    source    VARCHAR NOT NULL,
    incidents BIGINT NOT NULL CHECK (incidents > 0),
    PRIMARY KEY (area_id, month, category, source)
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

-- Each LSOA code an incident may carry, with the area LSOA (a code in area_lsoas) it is placed
-- in. A code some area holds is placed in itself (`how` 'held'). Otherwise, when the ONS LSOA
-- 2011 -> 2021 lookup (lsoa_changes) links it to codes areas hold, it is placed through the
-- lookup ('lookup'): a 2011 code in the 2021 LSOA it became (U unchanged, M merged: one
-- successor), a 2021 code in the 2011 LSOA it came from (S split: one predecessor). When the
-- lookup gives it several area LSOAs (a 2011 LSOA split into 2021 LSOAs, a 2021 LSOA merged from
-- 2011 ones, an irregular X change), it is placed in the lowest-coded of them and `candidates`
-- says how many there were: `psg db check` counts the incidents placed by that rule whose
-- candidates lie in different areas. A table, not a view, so that every area panel joins a small
-- table (a view here cost a quarter more per panel): rebuilt by each import that changes areas,
-- their LSOAs or the lookup (psg_tui/importing/derived.py holds the SELECT), and checked by
-- `psg db check`.
CREATE TABLE lsoa_places (
    lsoa_code  VARCHAR PRIMARY KEY,
    area_lsoa  VARCHAR NOT NULL,
    candidates INTEGER NOT NULL,
    how        VARCHAR NOT NULL CHECK (how IN ('held', 'lookup'))
);

-- Every incident once for each area it falls in: by its LSOA's place (lsoa_places), or, when
-- its LSOA has no place (or it has none), by the area its source named and every area that
-- one lies within.
CREATE VIEW area_incidents AS
    SELECT al.area_id, i.* EXCLUDE (area_id)
    FROM incidents i
    JOIN lsoa_places p ON p.lsoa_code = i.lsoa_code
    JOIN area_lsoas al ON al.lsoa_code = p.area_lsoa
    UNION ALL
    SELECT w.within_id AS area_id, i.* EXCLUDE (area_id)
    FROM incidents i JOIN area_within w ON w.area_id = i.area_id
    WHERE i.lsoa_code IS NULL OR i.lsoa_code NOT IN (SELECT lsoa_code FROM lsoa_places);

-- Each area LSOA as the 2021 LSOAs it stands for (population and imd hold 2021 codes; areas
-- built from the 2011 ONS lookup, as police.uk data before 2022 is, hold 2011 codes). An area
-- LSOA stands for itself when population holds it, when it is a 2021 code of lsoa_changes (an
-- unchanged LSOA keeps its code) or when lsoa_changes does not know it; otherwise it is a 2011
-- code the lookup replaced, and it stands for its 2021 successors. `share` is the part of a
-- 2021 LSOA that is this area LSOA's: 1 over the number of 2011 LSOAs the 2021 one came from
-- (1 for U and for every part of an S split, so a split LSOA's parts sum to it; 1/k for M and
-- X, whose population is shared equally among its k predecessors, which is an approximation).
-- `whole` is true when the area holds every predecessor of that 2021 LSOA, so its shares add
-- back up to the whole LSOA and nothing is approximate.
CREATE VIEW area_lsoa_parts AS
    WITH mapped AS (
        SELECT al.area_id, al.lsoa_code, c.lsoa21_code
        FROM area_lsoas al JOIN lsoa_changes c ON c.lsoa11_code = al.lsoa_code
        WHERE al.lsoa_code NOT IN (SELECT lsoa_code FROM population)
          AND al.lsoa_code NOT IN (SELECT lsoa21_code FROM lsoa_changes)),
    predecessors AS (
        SELECT lsoa21_code, count(DISTINCT lsoa11_code) AS n FROM lsoa_changes GROUP BY lsoa21_code),
    held AS (
        SELECT area_id, lsoa21_code, count(DISTINCT lsoa_code) AS n FROM mapped GROUP BY area_id, lsoa21_code)
    SELECT al.area_id, al.lsoa_code, al.lsoa_code AS lsoa21_code, 1.0::DOUBLE AS share, true AS whole
    FROM area_lsoas al
    WHERE (al.area_id, al.lsoa_code) NOT IN (SELECT area_id, lsoa_code FROM mapped)
    UNION ALL
    SELECT m.area_id, m.lsoa_code, m.lsoa21_code, 1.0 / p.n, h.n = p.n
    FROM mapped m JOIN predecessors p USING (lsoa21_code) JOIN held h USING (area_id, lsoa21_code);

-- Each area's residents: the sum over its LSOAs' 2021 parts of share x population (see
-- area_lsoa_parts), rounded. `lsoas` counts the area's own LSOAs, `without_population` those
-- with a 2021 part that has no estimate (rates then say so), and `approximate` is true when
-- some of the population comes from a merged (M) or irregular (X) 2021 LSOA shared with
-- predecessors outside the area.
CREATE VIEW area_population AS
    SELECT x.area_id,
           round(sum(x.share * p.population))::BIGINT AS population,
           count(DISTINCT x.lsoa_code) AS lsoas,
           count(DISTINCT x.lsoa_code) FILTER (WHERE p.population IS NULL) AS without_population,
           coalesce(bool_or(NOT x.whole AND p.population IS NOT NULL), false) AS approximate
    FROM area_lsoa_parts x LEFT JOIN population p ON p.lsoa_code = x.lsoa21_code
    GROUP BY x.area_id;

-- Each area's deprivation per IMD edition, over the 2021 parts that have both a decile and a
-- population: the population-weighted mean decile, and the share of its residents living in
-- the most deprived 10% of LSOAs (decile 1; 0 when none is). `lsoas` counts the area's LSOAs
-- that contributed.
CREATE VIEW area_deprivation AS
    SELECT x.area_id, d.edition,
           sum(d.imd_decile * x.share * p.population) / sum(x.share * p.population) AS mean_decile,
           coalesce(sum(x.share * p.population) FILTER (WHERE d.imd_decile = 1), 0)
               / sum(x.share * p.population) AS share_most_deprived,
           count(DISTINCT x.lsoa_code) AS lsoas
    FROM area_lsoa_parts x
    JOIN imd d ON d.lsoa_code = x.lsoa21_code
    JOIN population p ON p.lsoa_code = x.lsoa21_code
    GROUP BY x.area_id, d.edition;
