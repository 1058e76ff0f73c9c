-- A hand-made partnership with operations, for the operation view's tests (run after the schema).
-- Expected figures in tests/core/test_operation_queries.py are worked out from these rows by hand.
INSERT INTO meta VALUES ('title', 'Ops PSG'), ('classification', 'OFFICIAL-SENSITIVE'), ('as_of', '2026-11-19');
INSERT INTO areas VALUES
    ('east-ward', 'East Ward', 'ward', 'E05000011', NULL, []),
    ('east-hotspot', 'East Hotspot', 'hotspot', NULL, 'clear', ['Operation Test']),
    ('west-ward', 'West Ward', 'ward', 'E05000012', NULL, []),
    ('far-ward', 'Far Ward', 'ward', 'E05000013', NULL, []);
INSERT INTO area_lsoas VALUES
    ('east-ward', 'E01000011', 'East 001A'), ('east-ward', 'E01000012', 'East 001B'),
    ('east-hotspot', 'E01000011', 'East 001A'),
    ('west-ward', 'E01000013', 'West 001A'),
    ('far-ward', 'E01000014', 'Far 001A');
-- police.uk months 2025-11 .. 2026-10 (12 whole months; the newest complete month is 2026-10).
-- (LSOA, category, per month before 2026-05, per month from 2026-05)
INSERT INTO incidents
SELECT 'puk:' || l || ':' || c || ':' || strftime(m, '%Y-%m') || ':' || i, 'police-uk', NULL,
       'police-uk:' || strftime(m, '%Y-%m'), CAST(m AS DATE), CAST(m AS TIMESTAMP), 'month', c, NULL, l,
       'On or near Test Street', 54.5, -1.3, NULL, NULL
FROM (VALUES ('E01000011', 'Anti-social behaviour', 3, 2),   -- the hotspot (and its ward)
             ('E01000011', 'Burglary', 1, 1),                 -- not a target category
             ('E01000012', 'Anti-social behaviour', 1, 1),   -- the ward outside the hotspot
             ('E01000013', 'Anti-social behaviour', 4, 4),   -- the rest of the district
             ('E01000014', 'Street drinking', 2, 1)) v(l, c, before_n, after_n),
     generate_series(TIMESTAMP '2025-11-01', TIMESTAMP '2026-10-01', INTERVAL 1 MONTH) t(m),
     range(CASE WHEN m < TIMESTAMP '2026-05-01' THEN before_n ELSE after_n END) r(i);
-- A council report placed by area (no LSOA) in the hotspot in June: in both of the operation's areas.
INSERT INTO incidents VALUES
    ('council:C1', 'council-asb', 'C1', 'council-asb', DATE '2026-06-01', TIMESTAMP '2026-06-12 22:00', 'day',
     'Street drinking', 'east-hotspot', NULL, 'Market Square', NULL, NULL, NULL, 'Operation Test'),
-- November 2026 is not complete (as of 19 Nov): never counted.
    ('council:C2', 'council-asb', 'C2', 'council-asb', DATE '2026-11-01', TIMESTAMP '2026-11-03 21:00', 'day',
     'Anti-social behaviour', NULL, 'E01000011', 'Market Square', NULL, NULL, NULL, NULL);
INSERT INTO operations VALUES
    ('operation-test', 'Operation Test', DATE '2026-05-01', NULL, ['east-ward', 'east-hotspot'],
     ['Anti-social behaviour', 'Street drinking'], 'Test Police',
     'Cut street drinking and ASB around the market; disrupt buyers.'),
    ('operation-mid', 'Operation Mid', DATE '2026-08-15', DATE '2026-12-31', ['east-hotspot'],
     ['Anti-social behaviour'], 'Test Council', 'Mr John Smith of 12 Elm Road asked for the patrols.'),
    ('operation-late', 'Operation Late', DATE '2026-11-05', NULL, ['west-ward'],
     ['Anti-social behaviour'], NULL, 'Started this month.');
INSERT INTO interventions VALUES
    ('I01', DATE '2026-05-01', 'month', DATE '2026-05-01', 'east-ward', 'operation-test', 'patrol', 10, 'Test Police', NULL, NULL, 'clear', NULL),
    ('I02', DATE '2026-05-01', 'month', DATE '2026-05-01', 'east-ward', 'operation-test', 'engagement', 5, 'Test Council', NULL, NULL, 'build', NULL),
    ('I03', DATE '2026-09-12', 'day', DATE '2026-09-01', 'east-hotspot', 'operation-test', 'disruption', 20, 'Test Police', NULL, 'buyers warned', 'clear', NULL),
    ('I04', DATE '2026-09-20', 'day', DATE '2026-09-01', 'east-hotspot', 'operation-test', 'disruption', 3, 'Test Police', NULL, NULL, 'clear', NULL),
    ('I05', DATE '2026-10-01', 'month', DATE '2026-10-01', 'east-hotspot', 'operation-test', 'disruption', 12, 'Test Police', NULL, NULL, 'clear', NULL),
    ('I06', DATE '2026-10-01', 'month', DATE '2026-10-01', 'east-ward', 'operation-test', 'patrol', 4, 'Test Police', NULL, NULL, 'hold', NULL),
    ('I07', DATE '2026-10-05', 'day', DATE '2026-10-01', 'east-hotspot', 'operation-test', 'engagement', 6, 'Test Council', 'SUBJ-0001', NULL, 'build', NULL),
    ('I08', DATE '2026-10-06', 'day', DATE '2026-10-01', 'east-hotspot', 'operation-test', 'cpw', 1, 'Test Council', 'SUBJ-0002', NULL, 'clear', NULL),
    -- after the reporting month (Oct 2026): not in its figures
    ('I09', DATE '2026-11-02', 'day', DATE '2026-11-01', 'east-ward', 'operation-test', 'patrol', 7, 'Test Police', NULL, NULL, NULL, NULL),
    -- before the operation began: not its work
    ('I10', DATE '2026-04-01', 'month', DATE '2026-04-01', 'east-ward', 'operation-test', 'engagement', 1, 'Test Council', NULL, NULL, NULL, NULL),
    -- another operation's, and no operation's
    ('I11', DATE '2026-10-01', 'month', DATE '2026-10-01', 'east-hotspot', 'operation-mid', 'patrol', 2, 'Test Council', NULL, NULL, NULL, NULL),
    ('I12', DATE '2026-10-01', 'month', DATE '2026-10-01', 'east-ward', NULL, 'patrol', 9, 'Test Police', NULL, NULL, NULL, NULL);
