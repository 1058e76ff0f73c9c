-- title: What happened
-- description: Incidents in the area this period by category, with the change against the previous period and the same period last year (empty when that month has no data: no comparison).
-- scope: area
-- order: 10
-- incident_counts holds area_incidents counted per area, month, category and source (kept by the
-- imports); for a month whose counts are out of step with the incidents ($stale_months: a database
-- changed by hand) the raw rows are counted instead.
WITH counted AS (
    SELECT month, category, incidents FROM incident_counts
    WHERE area_id = $area AND NOT list_contains(CAST($stale_months AS DATE[]), month)
    UNION ALL
    SELECT month, category, 1 FROM area_incidents
    WHERE area_id = $area AND list_contains(CAST($stale_months AS DATE[]), month)
),
counts AS (
    SELECT category,
           coalesce(sum(incidents) FILTER (WHERE month BETWEEN $period_start AND $period_end), 0)::BIGINT AS this_period,
           coalesce(sum(incidents) FILTER (WHERE month BETWEEN $prev_start AND $prev_end), 0)::BIGINT AS previous,
           coalesce(sum(incidents) FILTER (WHERE month BETWEEN $ly_start AND $ly_end), 0)::BIGINT AS last_year
    FROM counted
    WHERE (month BETWEEN $period_start AND $period_end
           OR month BETWEEN $prev_start AND $prev_end
           OR month BETWEEN $ly_start AND $ly_end)
    GROUP BY GROUPING SETS ((category), ())
    HAVING count(*) > 0
),
-- A month without data is no comparison: its figures are NULL, never a zero that reads as a fall or a rise.
compared AS (
    SELECT category,
           CASE WHEN $period_has_data THEN this_period END AS this_period,
           CASE WHEN $prev_comparable THEN previous END AS previous,
           CASE WHEN $ly_comparable THEN last_year END AS last_year
    FROM counts
)
SELECT coalesce(category, 'All incidents') AS category,
       this_period,
       previous,
       this_period - previous AS change,
       CASE WHEN previous > 0 THEN round(100.0 * (this_period - previous) / previous, 1) END AS change_pct,
       last_year,
       CASE WHEN last_year > 0 THEN round(100.0 * (this_period - last_year) / last_year, 1) END AS change_ly_pct
FROM compared
ORDER BY category IS NOT NULL, this_period DESC, previous DESC, category
