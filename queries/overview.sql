-- title: Areas ranked by concern
-- description: Every area: incidents this period against the last and per 1,000 residents, closure orders, PSPO breaches, actions, a RAG status and a 12-month trend. Red: an overdue action, a closure order (not a 48-hour notice) expiring within 14 days, or incidents up 20% and by 10 or more. Amber: incidents up 5% or more, or breaches up. Within a colour, ranked by concern = incidents + 2 x rise + 10 x overdue actions + 5 x orders expiring + breaches. The rate is incidents per 1,000 residents (area_population); an area with an LSOA lacking an estimate, an approximate population or under $min_residents residents has none, and rate_note says why in a word or two. A month without data is no comparison (previous and change empty, never red or amber by a rise); actions count the database's with this meeting's minutes; overdue actions and expiring orders are reckoned from the meeting's date (outside a meeting, the database's as-of date).
-- scope: overview
-- order: 0
WITH months AS (
    SELECT CAST(m AS DATE) AS month
    FROM generate_series(CAST($year_start AS TIMESTAMP), CAST($period_start AS TIMESTAMP), INTERVAL 1 MONTH) t(m)
),
-- incident_counts: area_incidents counted per area, month, category and source, kept by the imports;
-- the raw rows for a month whose counts are out of step ($stale_months: a database changed by hand).
counted AS (
    SELECT area_id, month, incidents FROM incident_counts
    WHERE NOT list_contains(CAST($stale_months AS DATE[]), month)
    UNION ALL
    SELECT area_id, month, 1 FROM area_incidents
    WHERE list_contains(CAST($stale_months AS DATE[]), month)
),
monthly AS (
    SELECT area_id, month, sum(incidents)::BIGINT AS n
    FROM counted
    WHERE month BETWEEN LEAST($year_start, $prev_start) AND $period_end
    GROUP BY ALL
),
totals AS (
    SELECT area_id,
           sum(n) FILTER (WHERE month BETWEEN $period_start AND $period_end) AS incidents,
           sum(n) FILTER (WHERE month BETWEEN $prev_start AND $prev_end) AS previous
    FROM monthly GROUP BY area_id
),
trend AS (
    SELECT a.id AS area_id,
           list(CASE WHEN list_contains($months_with_data, m.month) THEN coalesce(m2.n, 0) END ORDER BY m.month) AS trend
    FROM areas a CROSS JOIN months m
    LEFT JOIN monthly m2 ON m2.area_id = a.id AND m2.month = m.month
    GROUP BY a.id
),
orders AS (
    SELECT w.within_id AS area_id,
           count(*) FILTER (WHERE c.status IN ('notice-served', 'granted', 'extended')
                            AND (c.expires IS NULL OR c.expires >= $meeting_date)) AS active_orders,
           count(*) FILTER (WHERE c.kind = 'order' AND c.status IN ('granted', 'extended')
                            AND c.expires BETWEEN $meeting_date AND $meeting_date + INTERVAL 14 DAY) AS expiring_orders
    FROM closure_orders c JOIN area_within w ON w.area_id = c.area_id
    GROUP BY ALL
),
breaches AS (
    SELECT w.within_id AS area_id,
           count(*) FILTER (WHERE b.occurred BETWEEN $period_start AND $period_end) AS breaches,
           count(*) FILTER (WHERE b.occurred BETWEEN $prev_start AND $prev_end) AS prev_breaches
    FROM pspo_breaches b JOIN area_within w ON w.area_id = b.area_id
    GROUP BY ALL
),
minutes_actions AS (
    SELECT unnest(CAST($minutes_actions AS STRUCT(id VARCHAR, area_id VARCHAR, status VARCHAR, due DATE)[]),
                  recursive := true)
),
all_actions AS (  -- an action in the database and in the open minutes counts once, as the minutes have it
    SELECT id, area_id, status, due FROM actions x
    WHERE NOT EXISTS (SELECT 1 FROM minutes_actions m WHERE m.id = x.id)
    UNION ALL
    SELECT id, area_id, status, due FROM minutes_actions
),
acts AS (
    SELECT w.within_id AS area_id,
           count(*) FILTER (WHERE x.status IN ('open', 'in-progress', 'blocked')) AS open_actions,
           count(*) FILTER (WHERE x.status IN ('open', 'in-progress', 'blocked') AND x.due < $meeting_date) AS overdue_actions
    FROM all_actions x JOIN area_within w ON w.area_id = x.area_id
    GROUP BY ALL
),
scored AS (
    SELECT a.id AS area_id, a.name, a.kind, a.phase,
           CASE WHEN p.without_population = 0 THEN p.population END AS population,
           CASE
               WHEN coalesce(p.lsoas, 0) = 0 THEN 'no LSOAs'
               WHEN p.population IS NULL THEN 'no population'
               WHEN p.without_population > 0 THEN 'part population'
               WHEN p.approximate THEN 'approximate'
               WHEN p.population < $min_residents THEN 'few residents'
           END AS rate_note,
           CASE WHEN $period_has_data THEN coalesce(i.incidents, 0) END AS incidents,
           CASE WHEN $prev_comparable THEN coalesce(i.previous, 0) END AS previous,
           coalesce(o.active_orders, 0) AS active_orders,
           coalesce(o.expiring_orders, 0) AS expiring_orders,
           coalesce(b.breaches, 0) AS breaches,
           coalesce(b.prev_breaches, 0) AS prev_breaches,
           coalesce(x.open_actions, 0) AS open_actions,
           coalesce(x.overdue_actions, 0) AS overdue_actions,
           t.trend
    FROM areas a
    LEFT JOIN totals i ON i.area_id = a.id
    LEFT JOIN trend t ON t.area_id = a.id
    LEFT JOIN orders o ON o.area_id = a.id
    LEFT JOIN breaches b ON b.area_id = a.id
    LEFT JOIN acts x ON x.area_id = a.id
    LEFT JOIN area_population p ON p.area_id = a.id
)
SELECT area_id, name, kind, phase, incidents, previous,
       incidents - previous AS change,
       population,
       CASE WHEN rate_note IS NULL THEN round(1000.0 * incidents / population, 1) END AS rate,
       rate_note,
       CASE WHEN previous > 0 THEN round(100.0 * (incidents - previous) / previous, 1) END AS change_pct,
       active_orders, expiring_orders, breaches, open_actions, overdue_actions,
       CASE
           WHEN overdue_actions > 0 OR expiring_orders > 0
                OR (incidents - previous >= 10 AND incidents >= previous * 1.2) THEN 'red'
           WHEN (previous > 0 AND incidents >= previous * 1.05) OR (previous = 0 AND incidents > 0)
                OR breaches > prev_breaches THEN 'amber'
           ELSE 'green'
       END AS rag,
       coalesce(incidents, 0) + 2 * GREATEST(coalesce(incidents - previous, 0), 0) + 10 * overdue_actions
           + 5 * expiring_orders + breaches AS concern,
       trend
FROM scored
ORDER BY CASE rag WHEN 'red' THEN 0 WHEN 'amber' THEN 1 ELSE 2 END, concern DESC, name
