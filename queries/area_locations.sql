-- title: Repeat locations
-- description: The area's busiest locations this period, with the previous period (empty when it has no data), the last 12 months and in how many of those months they had incidents.
-- scope: area
-- order: 30
WITH recent AS (
    SELECT location, month, category
    FROM area_incidents
    WHERE area_id = $area AND location IS NOT NULL AND month BETWEEN $year_start AND $period_end
)
SELECT location,
       count(*) FILTER (WHERE month BETWEEN $period_start AND $period_end) AS this_period,
       CASE WHEN $prev_comparable THEN count(*) FILTER (WHERE month BETWEEN $prev_start AND $prev_end) END AS previous,
       count(*) AS last_12_months,
       count(DISTINCT month) AS months_with_incidents,
       main.category AS main_category
FROM recent
LEFT JOIN (
    -- the commonest category this period; a tie goes to the first alphabetically, so the
    -- panel reads the same every time (DuckDB's mode() breaks ties arbitrarily)
    SELECT location, first(category ORDER BY n DESC, category) AS category
    FROM (SELECT location, category, count(*) AS n FROM recent
          WHERE month BETWEEN $period_start AND $period_end GROUP BY ALL)
    GROUP BY location
) main USING (location)
GROUP BY location, main.category
HAVING count(*) FILTER (WHERE month BETWEEN $period_start AND $period_end) > 0
ORDER BY this_period DESC, last_12_months DESC, location
LIMIT 10
