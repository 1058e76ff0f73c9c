-- A tiny hand-made partnership for fast tests: two wards and a hotspot inside one.
-- Expected figures in the tests are worked out from these rows by hand.
INSERT INTO meta VALUES ('title', 'Mini PSG'), ('classification', 'OFFICIAL-SENSITIVE'), ('as_of', '2026-11-19');
INSERT INTO areas VALUES
    ('north-ward', 'North Ward', 'ward', 'E05000001', NULL, []),
    ('south-ward', 'South Ward', 'ward', 'E05000002', NULL, []),
    ('north-hotspot', 'North Hotspot (Operation Test)', 'hotspot', NULL, 'clear', ['Operation Test']);
INSERT INTO area_lsoas VALUES
    ('north-ward', 'E01000001', 'North 001A'), ('north-ward', 'E01000002', 'North 001B'),
    ('south-ward', 'E01000003', 'South 001A'),
    ('north-hotspot', 'E01000001', 'North 001A');
-- North 001A: 5 shoplifting in 2026-10, 2 in 2026-09, 3 in 2025-10 (police.uk, monthly)
INSERT INTO incidents
SELECT 'puk:' || m || ':' || i, 'police-uk', NULL, 'police-uk:' || m, CAST(m || '-01' AS DATE),
       CAST(m || '-01' AS TIMESTAMP), 'month', 'Shoplifting', 'north-ward', 'E01000001',
       'On or near High Street', 54.56, -1.31, 'Under investigation', NULL
FROM (VALUES ('2026-10', 5), ('2026-09', 2), ('2025-10', 3)) v(m, k), range(k) r(i);
-- North 001B: 4 ASB in 2026-10 (blank Crime ID), 4 in 2026-09
INSERT INTO incidents
SELECT 'puk-b:' || m || ':' || i, 'police-uk', NULL, 'police-uk:' || m, CAST(m || '-01' AS DATE),
       CAST(m || '-01' AS TIMESTAMP), 'month', 'Anti-social behaviour', 'north-ward', 'E01000002',
       'On or near Park Lane', 54.57, -1.32, NULL, NULL
FROM (VALUES ('2026-10', 4), ('2026-09', 4)) v(m, k), range(k) r(i);
-- South: 1 burglary in 2026-10, 3 in 2026-09
INSERT INTO incidents
SELECT 'puk-s:' || m || ':' || i, 'police-uk', 'crime' || i, 'police-uk:' || m, CAST(m || '-01' AS DATE),
       CAST(m || '-01' AS TIMESTAMP), 'month', 'Burglary', 'south-ward', 'E01000003',
       'On or near Mill Road', 54.55, -1.30, 'Investigation complete; no suspect identified', NULL
FROM (VALUES ('2026-10', 1), ('2026-09', 3)) v(m, k), range(k) r(i);
-- A council extract row with no LSOA, placed by area, day precision
INSERT INTO incidents VALUES
    ('council-asb:C1', 'council-asb', 'C1', 'council-asb', DATE '2026-10-01', TIMESTAMP '2026-10-14 00:00', 'day',
     'Street drinking', 'north-hotspot', NULL, 'Market Square', NULL, NULL, NULL, 'Operation Test');
INSERT INTO closure_orders VALUES
    ('CO-1', '1 Test Street', 'north-hotspot', 'order', DATE '2026-09-01', DATE '2026-09-03', DATE '2026-11-28', 'granted', 'Police'),
    ('CO-2', '2 Test Street', 'south-ward', 'order', DATE '2026-05-01', DATE '2026-05-03', DATE '2026-08-01', 'expired', 'Council'),
    ('CO-3', '3 Test Street', 'north-ward', 'notice', DATE '2026-11-18', DATE '2026-11-20', DATE '2026-11-20', 'notice-served', 'Police');
INSERT INTO pspos VALUES
    ('P1', 'North Alcohol PSPO', DATE '2024-04-01', DATE '2027-03-31', ['Drinking alcohol when asked to stop'], ['north-hotspot']);
INSERT INTO pspo_breaches VALUES
    ('B1', 'P1', DATE '2026-10-03', 'north-hotspot', 'Market Square', 'Drinking alcohol when asked to stop', 'warning'),
    ('B2', 'P1', DATE '2026-10-09', 'north-hotspot', 'Market Square', 'Drinking alcohol when asked to stop', 'fpn-issued'),
    ('B3', 'P1', DATE '2026-09-20', 'north-hotspot', 'Market Square', 'Drinking alcohol when asked to stop', 'advice');
INSERT INTO actions VALUES
    ('A-0001', 'north-hotspot', 'Serve warning at 1 Test Street', 'Sam Patel', 'Council', DATE '2026-10-15', DATE '2026-11-01', 'open', NULL, '2026-10-15 Mini PSG'),
    ('A-0002', 'south-ward', 'Target-harden Mill Road', 'Jo Bloggs', 'Police', DATE '2026-10-15', DATE '2026-12-01', 'in-progress', NULL, '2026-10-15 Mini PSG'),
    ('A-0003', 'north-ward', 'Done already', 'Jo Bloggs', 'Police', DATE '2026-10-15', DATE '2026-10-30', 'done', NULL, '2026-10-15 Mini PSG');
-- A partner report naming the south ward, at an LSOA that is in no area of this database.
INSERT INTO incidents VALUES
    ('partner:P1', 'partner-log', 'P1', 'partner-log', DATE '2026-10-01', TIMESTAMP '2026-10-20 00:00', 'day',
     'Fly-tipping', 'south-ward', 'E01099999', 'Back lane', NULL, NULL, NULL, NULL);
