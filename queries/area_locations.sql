-- title: Repeat locations
-- description: The area's busiest locations this period, with the previous period, the last 12 months and in how many of those months they had incidents.
-- scope: area
-- order: 30
WITH recent AS (
    SELECT location, month, category
    FROM area_incidents
    WHERE area_id = $area AND location IS NOT NULL AND month BETWEEN $year_start AND $period_end
)
SELECT location,
       count(*) FILTER (WHERE month BETWEEN $period_start AND $period_end) AS this_period,
       count(*) FILTER (WHERE month BETWEEN $prev_start AND $prev_end) AS previous,
       count(*) AS last_12_months,
       count(DISTINCT month) AS months_with_incidents,
       mode(category) FILTER (WHERE month BETWEEN $period_start AND $period_end) AS main_category
FROM recent
GROUP BY location
HAVING count(*) FILTER (WHERE month BETWEEN $period_start AND $period_end) > 0
ORDER BY this_period DESC, last_12_months DESC, location
LIMIT 10
