-- title: Trend
-- description: Incidents in the area per month for the 24 months to the period, with the same month a year earlier; a month without data is empty, not zero.
-- scope: area
-- order: 20
-- render: trend
WITH months AS (
    SELECT CAST(m AS DATE) AS month
    FROM generate_series(CAST($trend_start AS TIMESTAMP), CAST($period_start AS TIMESTAMP), INTERVAL 1 MONTH) t(m)
),
-- incident_counts: area_incidents counted per area, month, category and source, kept by the imports;
-- the raw rows for a month whose counts are out of step ($stale_months: a database changed by hand).
counted AS (
    SELECT month, incidents FROM incident_counts
    WHERE area_id = $area AND NOT list_contains(CAST($stale_months AS DATE[]), month)
    UNION ALL
    SELECT month, 1 FROM area_incidents
    WHERE area_id = $area AND list_contains(CAST($stale_months AS DATE[]), month)
),
counts AS (
    SELECT month, sum(incidents)::BIGINT AS n
    FROM counted
    WHERE month BETWEEN $trend_start - INTERVAL 12 MONTH AND $period_end
    GROUP BY month
)
SELECT m.month,
       CASE WHEN list_contains($months_with_data, m.month) THEN coalesce(c.n, 0) END AS incidents,
       CASE WHEN list_contains($months_with_data, CAST(m.month - INTERVAL 12 MONTH AS DATE)) THEN coalesce(ly.n, 0) END AS year_before
FROM months m
LEFT JOIN counts c ON c.month = m.month
LEFT JOIN counts ly ON ly.month = m.month - INTERVAL 12 MONTH
ORDER BY m.month
