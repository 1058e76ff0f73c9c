-- title: Operation outputs
-- description: What the partners did for the operation: its interventions (each row's count added up) by kind and by agency in the reporting month, the month before and in total since the operation began (up to the reporting month), with the month-by-month counts of the last 24 months.
-- scope: operation
-- order: 0
WITH work AS (
    SELECT kind, agency, month, sum(count) AS n
    FROM interventions
    WHERE operation_id = $operation AND month BETWEEN $op_start AND $period_start
    GROUP BY ALL
),
months AS (
    SELECT CAST(m AS DATE) AS month
    FROM generate_series(CAST(greatest($op_start, $trend_start) AS TIMESTAMP),
                         CAST($period_start AS TIMESTAMP), INTERVAL 1 MONTH) t(m)
),
grouped AS (
    SELECT CASE WHEN grouping(kind) = 0 THEN 'kind' WHEN grouping(agency) = 0 THEN 'agency' ELSE 'total' END
               AS breakdown,
           kind, agency, month, sum(n) AS n
    FROM work
    GROUP BY GROUPING SETS ((kind, month), (agency, month), (month))
),
totals AS (
    SELECT breakdown, kind, agency,
           coalesce(sum(n) FILTER (WHERE month = $period_start), 0) AS this_period,
           coalesce(sum(n) FILTER (WHERE month = $prev_start), 0) AS previous,
           sum(n) AS since_start
    FROM grouped GROUP BY ALL
),
trend AS (
    SELECT t.breakdown, t.kind, t.agency, list(coalesce(g.n, 0) ORDER BY m.month) AS per_month
    FROM totals t CROSS JOIN months m
    LEFT JOIN grouped g ON g.breakdown = t.breakdown AND g.month = m.month
         AND g.kind IS NOT DISTINCT FROM t.kind AND g.agency IS NOT DISTINCT FROM t.agency
    GROUP BY ALL
)
SELECT t.breakdown, coalesce(t.kind, t.agency, 'All work') AS name,
       t.this_period, t.previous, t.since_start, r.per_month
FROM totals t
LEFT JOIN trend r ON r.breakdown = t.breakdown
     AND r.kind IS NOT DISTINCT FROM t.kind AND r.agency IS NOT DISTINCT FROM t.agency
ORDER BY CASE t.breakdown WHEN 'total' THEN 0 WHEN 'kind' THEN 1 ELSE 2 END, t.since_start DESC, name
