-- title: What partners did, by priority
-- description: Interventions across the district in the 12 months up to the reporting month and the 12 before, by kind, each kind under the priority the priorities file puts it in ($priority_kinds; one under none has no priority). A year the interventions register holds nothing for is one it does not cover: its figure is empty, never 0.
-- scope: district
-- order: 20
WITH mapping AS (
    SELECT unnest(CAST($priority_kinds AS STRUCT(position INTEGER, priority VARCHAR, kind VARCHAR)[]),
                  recursive := true)
),
bounds AS (
    SELECT CAST($year_start AS DATE) AS this_first,
           CAST($period_start AS DATE) AS this_last,
           CAST($year_start - INTERVAL 12 MONTH AS DATE) AS prev_first,
           CAST($year_start - INTERVAL 1 MONTH AS DATE) AS prev_last
),
counts AS (
    SELECT i.kind,
           sum(i.count) FILTER (WHERE i.month >= b.this_first) AS this_year,
           sum(i.count) FILTER (WHERE i.month <= b.prev_last) AS previous_year
    FROM interventions i, bounds b
    WHERE i.month BETWEEN b.prev_first AND b.this_last
    GROUP BY i.kind
),
recorded AS (
    SELECT coalesce(sum(this_year), 0) > 0 AS this_recorded, coalesce(sum(previous_year), 0) > 0 AS prev_recorded
    FROM counts
)
SELECT coalesce(m.position, 1000000) AS position, m.priority, c.kind,
       CASE WHEN r.this_recorded THEN coalesce(c.this_year, 0) END AS this_year,
       CASE WHEN r.prev_recorded THEN coalesce(c.previous_year, 0) END AS previous_year
FROM counts c
CROSS JOIN recorded r
LEFT JOIN (SELECT DISTINCT position, priority, kind FROM mapping) m ON m.kind = c.kind
ORDER BY position, this_year DESC NULLS LAST, c.kind
