-- What the partners did in the mini partnership (tests/data/mini.sql), loaded after it.
-- Figures in tests/core/test_area_interventions.py and tests/publish/test_operations.py are
-- counted from these rows by hand. The north hotspot lies within the north ward.
INSERT INTO operations VALUES
    ('op-test', 'Operation Test', DATE '2026-06-01', NULL, ['north-hotspot'], ['Shoplifting'],
     'Cleveland Police', 'AIMS-TEXT-3317: fewer thefts'),
    ('op-old', 'Operation Old', DATE '2025-01-20', DATE '2025-06-30', ['south-ward'], ['Burglary'], NULL, NULL),
    ('op-quiet', 'Operation Quiet', DATE '2026-09-15', NULL, ['south-ward'], ['Burglary'], 'Council', NULL);
-- id, occurred, precision, month, area, operation, kind, count, agency, subject, outcome, phase, hours
INSERT INTO interventions VALUES
    ('I1', DATE '2026-10-03', 'day', DATE '2026-10-01', 'north-hotspot', 'op-test', 'patrol', 4, 'Police', NULL, NULL, 'clear', NULL),
    ('I2', DATE '2026-10-10', 'day', DATE '2026-10-01', 'north-ward', NULL, 'engagement', 3, 'Council', NULL, NULL, 'build', NULL),
    ('I3', DATE '2026-10-01', 'month', DATE '2026-10-01', 'north-hotspot', 'op-test', 'cpw', 2, 'Council', 'SUBJ-ZX81', 'OUTCOME-TEXT-5150', 'clear', NULL),
    ('I4', DATE '2026-09-12', 'day', DATE '2026-09-01', 'north-hotspot', 'op-test', 'patrol', 6, 'Police', NULL, NULL, 'clear', NULL),
    ('I5', DATE '2026-09-01', 'month', DATE '2026-09-01', 'north-ward', NULL, 'engagement', 1, 'Council', NULL, NULL, NULL, NULL),
    ('I6', DATE '2026-10-05', 'day', DATE '2026-10-01', 'south-ward', NULL, 'patrol', 5, 'Police', NULL, NULL, 'hold', NULL),
    ('I7', DATE '2026-08-20', 'day', DATE '2026-08-01', 'north-ward', NULL, 'patrol', 9, 'Police', NULL, NULL, NULL, NULL),
    ('I8', DATE '2026-11-02', 'day', DATE '2026-11-01', 'north-hotspot', 'op-test', 'patrol', 7, 'Police', 'SUBJ-ZX82', NULL, 'clear', NULL),
    ('I9', DATE '2026-05-30', 'day', DATE '2026-05-01', 'north-hotspot', 'op-test', 'patrol', 50, 'Police', NULL, NULL, NULL, NULL),
    ('I10', DATE '2026-10-20', 'day', DATE '2026-10-01', 'north-hotspot', 'op-test', 'cpn', 1, 'Council', 'SUBJ-ZX81', NULL, 'clear', NULL);
