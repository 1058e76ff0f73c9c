-- title: What happened next
-- description: The police.uk crimes recorded in the area this period, by category, and where their latest outcome stands: the crimes with no outcome yet, the share charged or summonsed (a charge, a summons or a court result) and the share closed with no suspect identified, each beside the same months a year before (whose crimes have had a year longer; empty when none of them has an outcome imported), and the share still under investigation.
-- scope: area
-- order: 70
-- empty: No police.uk outcomes for this area's crimes this period or the same months a year before: import the download's -outcomes.csv files with its street files.
WITH here AS (
    -- the LSOA codes placed in the area: police.uk crimes and their outcomes always carry one
    SELECT p.lsoa_code FROM lsoa_places p JOIN area_lsoas al ON al.lsoa_code = p.area_lsoa
    WHERE al.area_id = $area
),
crimes AS (
    SELECT source_ref AS crime_id, category, month BETWEEN $period_start AND $period_end AS this_period
    FROM incidents
    WHERE source = 'police-uk' AND source_ref IS NOT NULL AND lsoa_code IN (SELECT lsoa_code FROM here)
      AND (month BETWEEN $period_start AND $period_end OR month BETWEEN $ly_start AND $ly_end)
),
latest AS (
    -- each shown crime's latest outcome, as crime_outcomes picks it, read only from the outcomes
    -- recorded in the area's LSOAs (an outcome carries its crime's place) since the earlier window
    -- began (none is recorded before its crime): a small part of the table on every area switch
    SELECT crime_id, first(outcome ORDER BY month DESC, outcome = 'Under investigation', outcome) AS outcome
    FROM outcomes
    WHERE month >= $ly_start
      AND lsoa_code IN (SELECT lsoa_code FROM here)
      AND crime_id IN (SELECT crime_id FROM crimes)
    GROUP BY crime_id
),
judged AS (
    SELECT c.category, c.this_period, l.outcome IS NULL AS none_yet,
           coalesce(
               l.outcome LIKE 'Suspect charged%' OR l.outcome LIKE 'Suspect summonsed%'
               OR l.outcome LIKE 'Defendant %' OR l.outcome LIKE 'Court %' OR l.outcome = 'Awaiting court outcome'
               OR l.outcome IN ('Offender sent to prison', 'Offender given suspended prison sentence',
                                'Offender given community sentence', 'Offender fined',
                                'Offender given conditional discharge', 'Offender given absolute discharge',
                                'Offender ordered to pay compensation', 'Offender deprived of property',
                                'Offender otherwise dealt with'),
               false) AS charged,
           coalesce(l.outcome = 'Under investigation', false) AS investigating,
           coalesce(l.outcome = 'Investigation complete; no suspect identified', false) AS no_suspect
    FROM crimes c LEFT JOIN latest l USING (crime_id)
)
SELECT category,
       count(*) FILTER (WHERE this_period) AS crimes,
       count(*) FILTER (WHERE this_period AND none_yet) AS no_outcome_yet,
       (100.0 * count(*) FILTER (WHERE this_period AND charged)
            / nullif(count(*) FILTER (WHERE this_period), 0))::INTEGER AS charged_pct,
       CASE WHEN count(*) FILTER (WHERE NOT this_period AND NOT none_yet) > 0 THEN
           (100.0 * count(*) FILTER (WHERE NOT this_period AND charged)
                / count(*) FILTER (WHERE NOT this_period))::INTEGER END AS charged_ly_pct,
       (100.0 * count(*) FILTER (WHERE this_period AND no_suspect)
            / nullif(count(*) FILTER (WHERE this_period), 0))::INTEGER AS no_suspect_pct,
       CASE WHEN count(*) FILTER (WHERE NOT this_period AND NOT none_yet) > 0 THEN
           (100.0 * count(*) FILTER (WHERE NOT this_period AND no_suspect)
                / count(*) FILTER (WHERE NOT this_period))::INTEGER END AS no_suspect_ly_pct,
       (100.0 * count(*) FILTER (WHERE this_period AND investigating)
            / nullif(count(*) FILTER (WHERE this_period), 0))::INTEGER AS investigating_pct
FROM judged
WHERE EXISTS (SELECT 1 FROM latest)
GROUP BY category
ORDER BY crimes DESC, category
