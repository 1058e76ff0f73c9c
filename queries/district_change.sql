-- title: The district: 12 months against the 12 before
-- description: Every incident in the database in the 12 months up to the reporting month against the 12 months before, in total (all incidents; recorded crime = police.uk rows other than anti-social behaviour) and by category, each category under the priority the priorities file puts it in (psg_tui/core/priorities.toml, or the analyst's own named by PSG_PRIORITIES; bound as $priority_categories). A category under two priorities is listed under each; one under none has no priority. The change is empty (comparable false) unless every month of both years has data; this_months and previous_months say how many of each year's 12 months the database holds, and a year it holds none of has no count (empty, never 0).
-- scope: district
-- order: 10
WITH mapping AS (
    SELECT unnest(CAST($priority_categories AS STRUCT(position INTEGER, priority VARCHAR, category VARCHAR)[]),
                  recursive := true)
),
bounds AS (
    SELECT CAST($year_start AS DATE) AS this_first,
           CAST($period_start AS DATE) AS this_last,
           CAST($year_start - INTERVAL 12 MONTH AS DATE) AS prev_first,
           CAST($year_start - INTERVAL 1 MONTH AS DATE) AS prev_last
),
held AS (
    SELECT count(*) FILTER (WHERE t.m BETWEEN b.this_first AND b.this_last) AS this_months,
           count(*) FILTER (WHERE t.m BETWEEN b.prev_first AND b.prev_last) AS previous_months
    FROM unnest(CAST($months_with_data AS DATE[])) t(m), bounds b
),
covered AS (
    SELECT this_months, previous_months, this_months = 12 AND previous_months = 12 AS comparable FROM held
),
counts AS (
    SELECT i.category,
           count(*) FILTER (WHERE i.month >= b.this_first) AS this_year,
           count(*) FILTER (WHERE i.month <= b.prev_last) AS previous_year,
           count(*) FILTER (WHERE i.month >= b.this_first AND i.source = 'police-uk'
                            AND i.category <> 'Anti-social behaviour') AS crime_this,
           count(*) FILTER (WHERE i.month <= b.prev_last AND i.source = 'police-uk'
                            AND i.category <> 'Anti-social behaviour') AS crime_previous
    FROM incidents i, bounds b
    WHERE i.month BETWEEN b.prev_first AND b.this_last
    GROUP BY i.category
),
rows_ AS (
    SELECT 'total' AS level, 0 AS position, NULL AS priority, 'All incidents' AS category,
           coalesce(sum(this_year), 0) AS this_year, coalesce(sum(previous_year), 0) AS previous_year
    FROM counts
    UNION ALL
    SELECT 'total', 0, NULL, 'All recorded crime',
           coalesce(sum(crime_this), 0), coalesce(sum(crime_previous), 0)
    FROM counts
    UNION ALL
    SELECT 'category', coalesce(m.position, 1000000), m.priority, c.category, c.this_year, c.previous_year
    FROM counts c LEFT JOIN (SELECT DISTINCT position, priority, category FROM mapping) m ON m.category = c.category
)
SELECT r.level, r.position, r.priority, r.category,
       CASE WHEN v.this_months > 0 THEN r.this_year END AS this_year,
       CASE WHEN v.previous_months > 0 THEN r.previous_year END AS previous_year,
       CASE WHEN v.comparable THEN r.this_year - r.previous_year END AS change,
       CASE WHEN v.comparable AND r.previous_year > 0
            THEN round(100.0 * (r.this_year - r.previous_year) / r.previous_year, 1) END AS change_pct,
       v.comparable, v.this_months, v.previous_months
FROM rows_ r, covered v
ORDER BY r.level = 'category', r.position, r.this_year DESC, r.category
