-- A district with 24 whole months of police.uk data (Nov 2024 - Oct 2026), for the district
-- view and the perception gap. Hand-countable:
--   Burglary (south-ward): 10 a month in the earlier year, 5 a month in the later: 120 -> 60 (-50%)
--   Drugs (north-ward):    1 a month, and 6 more in Oct 2026:                       12 -> 18 (+50%)
--   ASB (north-ward):      3 a month:                                               36 -> 36
--   Street drinking (council extract, north-ward, day precision): 2 in Oct 2026:     0 -> 2
--   All incidents 168 -> 116 (-31.0%); recorded crime (police.uk, not ASB) 132 -> 78 (-40.9%)
INSERT INTO meta VALUES ('title', 'District PSG'), ('classification', 'OFFICIAL-SENSITIVE'), ('as_of', '2026-11-19');
INSERT INTO areas VALUES
    ('north-ward', 'North Ward', 'ward', 'E05000001', NULL, []),
    ('south-ward', 'South Ward', 'ward', 'E05000002', NULL, []);
INSERT INTO area_lsoas VALUES
    ('north-ward', 'E01000001', 'North 001A'),
    ('south-ward', 'E01000003', 'South 001A');
INSERT INTO incidents
SELECT 'puk:' || cat || ':' || strftime(m, '%Y-%m') || ':' || i, 'police-uk', NULL, 'police-uk:' || strftime(m, '%Y-%m'),
       CAST(m AS DATE), m, 'month', cat, NULL, lsoa, 'On or near High Street', 54.56, -1.31, NULL, NULL
FROM generate_series(TIMESTAMP '2024-11-01', TIMESTAMP '2026-10-01', INTERVAL 1 MONTH) t(m),
     (VALUES ('Burglary', 'E01000003'), ('Drugs', 'E01000001'), ('Anti-social behaviour', 'E01000001')) c(cat, lsoa),
     LATERAL (SELECT CASE
                 WHEN cat = 'Burglary' THEN CASE WHEN m < TIMESTAMP '2025-11-01' THEN 10 ELSE 5 END
                 WHEN cat = 'Drugs' THEN CASE WHEN m = TIMESTAMP '2026-10-01' THEN 7 ELSE 1 END
                 ELSE 3 END AS k) n,
     range(n.k) r(i);
INSERT INTO incidents VALUES
    ('council-asb:C1', 'council-asb', 'C1', 'council-asb', DATE '2026-10-01', TIMESTAMP '2026-10-14 00:00', 'day',
     'Street drinking', 'north-ward', NULL, 'Market Square', NULL, NULL, NULL, NULL),
    ('council-asb:C2', 'council-asb', 'C2', 'council-asb', DATE '2026-10-01', TIMESTAMP '2026-10-21 00:00', 'day',
     'Street drinking', 'north-ward', NULL, 'Market Square', NULL, NULL, NULL, NULL);
-- What partners did: patrols 10 (May 2026) + 4 (Dec 2025) under ASB; treatment referrals 3 (Jun 2026)
-- under drugs and alcohol; a disruption 2 in the earlier year (Jun 2025); 'other' under no priority.
INSERT INTO interventions VALUES
    ('I1', DATE '2026-05-01', 'month', DATE '2026-05-01', 'north-ward', NULL, 'patrol', 10, 'Police', NULL, NULL, NULL, NULL),
    ('I2', DATE '2025-12-01', 'month', DATE '2025-12-01', 'south-ward', NULL, 'patrol', 4, 'Police', NULL, NULL, NULL, NULL),
    ('I3', DATE '2026-06-01', 'month', DATE '2026-06-01', 'north-ward', NULL, 'treatment-referral', 3, 'Change Grow Live', NULL, NULL, NULL, NULL),
    ('I4', DATE '2025-06-01', 'month', DATE '2025-06-01', 'north-ward', NULL, 'disruption', 2, 'Police', NULL, NULL, NULL, NULL),
    ('I5', DATE '2026-07-01', 'month', DATE '2026-07-01', 'north-ward', NULL, 'other', 1, 'Council', NULL, 'Leaflets', NULL, NULL);
-- What residents say. District ('all') waves W1 (Nov 2025: the year before is Nov 2024 - Oct 2025)
-- and W2 (Oct 2026: Oct 2025 - Sep 2026).
--   feel-less-safe (every category): 100/200 -> 126/200, incidents 168 -> 113: concern rising while incidents fall
--   drugs: 51/100 -> 52/100: no clear change;  asb-victim: one wave;  litter (not in the topics file): 10/50 -> 30/50
INSERT INTO survey VALUES
    ('W1 2025', DATE '2025-11-20', 'all', 'feel-less-safe', 200, 100),
    ('W2 2026', DATE '2026-10-10', 'all', 'feel-less-safe', 200, 126),
    ('W1 2025', DATE '2025-11-20', 'all', 'drugs', 100, 51),
    ('W2 2026', DATE '2026-10-10', 'all', 'drugs', 100, 52),
    ('W2 2026', DATE '2026-10-10', 'all', 'asb-victim', 300, 111),
    ('W1 2025', DATE '2025-11-20', 'all', 'litter', 50, 10),
    ('W2 2026', DATE '2026-10-10', 'all', 'litter', 50, 30),
    ('W1 2025', DATE '2025-11-20', 'north-ward', 'drugs', 40, 10),
    ('W2 2026', DATE '2026-10-10', 'north-ward', 'drugs', 40, 30),
    ('W3 2027', DATE '2027-03-10', 'north-ward', 'drugs', 40, 1);
-- The action register (earlier minutes): A-0001 is also in the fixture's minutes (the minutes' copy
-- wins); A-0100 is only here.
INSERT INTO actions VALUES
    ('A-0001', 'north-ward', 'Old copy of A-0001', 'Sam Patel', 'Council', DATE '2026-09-15', DATE '2026-10-01', 'open', 'ASB', '2026-09-15 District PSG'),
    ('A-0100', 'south-ward', 'Gate the alley behind Mill Road', 'Ann Other', 'Council', DATE '2026-09-15', DATE '2026-12-31', 'open', 'Reducing reoffending', '2026-09-15 District PSG');
