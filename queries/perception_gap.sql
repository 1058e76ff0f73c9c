-- title: What residents say
-- description: Each survey topic's share agreeing per wave (up to the reporting month) beside the matching incident categories recorded in the 12 complete months before each wave's fieldwork month (months_with_data: how many of those 12 the database holds any incident for; the panel gives no count for a year with a gap). Which categories match a topic is the topics file's (psg_tui/core/topics.toml, or the analyst's own named by PSG_TOPICS), bound as $topic_categories ('*' = every category); incidents is empty for a topic the file does not name, and for a wave none of whose 12 months the database holds (never 0). The area 'all' is the whole district: the survey's district rows against every incident in the database. The 95% intervals and the "concern rising while recorded incidents fall" flags are worked out from these rows (psg_tui/core/perception.py).
-- scope: area
-- district: true
-- order: 40
-- render: perception
-- empty: No survey results for this area (the district view, D, shows any for the whole district). Import them with psg db import DB survey FILE.
WITH mapping AS (
    SELECT unnest(CAST($topic_categories AS STRUCT(topic VARCHAR, category VARCHAR)[]), recursive := true)
),
waves AS (
    SELECT wave, wave_date, topic, respondents, agreeing,
           CAST(date_trunc('month', wave_date) - INTERVAL 12 MONTH AS DATE) AS window_start,
           CAST(date_trunc('month', wave_date) - INTERVAL 1 MONTH AS DATE) AS window_end
    FROM survey
    WHERE area_id = $area AND wave_date <= $period_end
),
span AS (
    SELECT min(window_start) AS first_month, max(window_end) AS last_month FROM waves
),
here AS (  -- the area's incidents, or for 'all' every incident in the database
    SELECT month, category FROM area_incidents WHERE area_id = $area AND $area <> 'all'
    UNION ALL
    SELECT month, category FROM incidents WHERE $area = 'all'
),
monthly AS (
    SELECT h.month, h.category, count(*) AS n
    FROM here h, span s
    WHERE h.month BETWEEN s.first_month AND s.last_month
    GROUP BY ALL
),
matched AS (  -- DISTINCT: a category listed twice for a topic (or with '*') counts once
    SELECT DISTINCT w.topic, w.wave, x.month, x.category, x.n
    FROM waves w
    JOIN mapping m ON m.topic = w.topic
    JOIN monthly x ON x.month BETWEEN w.window_start AND w.window_end
                  AND (m.category = '*' OR m.category = x.category)
),
totals AS (
    SELECT topic, wave, sum(n) AS incidents FROM matched GROUP BY ALL
),
data_months AS (  -- months the database holds any incident for: a year with a gap is not counted
    SELECT DISTINCT i.month FROM incidents i, span s WHERE i.month BETWEEN s.first_month AND s.last_month
),
covered AS (
    SELECT w.topic, w.wave, count(d.month) AS months_with_data
    FROM waves w LEFT JOIN data_months d ON d.month BETWEEN w.window_start AND w.window_end
    GROUP BY ALL
)
SELECT w.topic, w.wave, w.wave_date, w.respondents, w.agreeing,
       round(100.0 * w.agreeing / w.respondents, 1) AS share_pct,
       w.window_start, w.window_end, c.months_with_data,
       CASE WHEN w.topic IN (SELECT topic FROM mapping) AND c.months_with_data > 0
            THEN coalesce(t.incidents, 0) END AS incidents
FROM waves w
LEFT JOIN totals t ON t.topic = w.topic AND t.wave = w.wave
JOIN covered c ON c.topic = w.topic AND c.wave = w.wave
ORDER BY w.topic, w.wave_date, w.wave
