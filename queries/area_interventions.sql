-- title: What we did
-- description: Interventions in the area (or within it) this period against the previous one: in all, by Clear/Hold/Build phase and by kind. A change is more or less work, not better or worse. A month with no interventions recorded anywhere in the database is one the register does not cover: its figures are empty, never 0.
-- scope: area
-- order: 15
-- empty: No interventions recorded here this period or the last.
WITH recorded AS (
    -- Interventions come from their own register, not from the incident sources, so what can be
    -- compared is judged by the register: a month it holds nothing for is not a month of no work.
    SELECT count(*) FILTER (WHERE month BETWEEN $period_start AND $period_end) > 0 AS this_recorded,
           count(*) FILTER (WHERE month BETWEEN $prev_start AND $prev_end) > 0 AS prev_recorded
    FROM interventions
    WHERE month BETWEEN $prev_start AND $period_end
),
here AS (
    SELECT i.kind, i.phase, i.month, i.count
    FROM interventions i
    JOIN area_within w ON w.area_id = i.area_id
    WHERE w.within_id = $area AND i.month BETWEEN $prev_start AND $period_end
),
counts AS (
    SELECT kind, phase,
           CASE WHEN grouping(kind) = 0 THEN 'kind' WHEN grouping(phase) = 0 THEN 'phase' ELSE 'all' END AS level,
           sum(count) FILTER (WHERE month BETWEEN $period_start AND $period_end) AS this_n,
           sum(count) FILTER (WHERE month BETWEEN $prev_start AND $prev_end) AS prev_n
    FROM here
    GROUP BY GROUPING SETS ((), (phase), (kind))
    HAVING count(*) > 0
),
compared AS (
    SELECT c.*,
           CASE WHEN r.this_recorded THEN coalesce(c.this_n, 0) END AS this_period,
           CASE WHEN r.prev_recorded THEN coalesce(c.prev_n, 0) END AS previous
    FROM counts c CROSS JOIN recorded r
    -- phase rows only when some of the work names a phase (else one "No phase given" row repeats the total)
    WHERE c.level <> 'phase' OR (SELECT bool_or(phase IS NOT NULL) FROM here)
)
SELECT CASE level
           WHEN 'all' THEN 'All interventions'
           WHEN 'phase' THEN coalesce(upper(phase[1]) || phase[2:] || ' phase', 'No phase given')
           -- as publish/operations.py `kind_label` writes a kind
           ELSE CASE WHEN kind IN ('cpw', 'cpn', 'fpn', 'cbo') THEN upper(kind)
                     ELSE upper(kind[1]) || replace(kind[2:], '-', ' ') END
       END AS intervention,
       this_period,
       previous,
       this_period - previous AS work_change,
       CASE WHEN previous > 0 THEN round(100.0 * (this_period - previous) / previous, 1) END AS change_pct
FROM compared
ORDER BY CASE level WHEN 'all' THEN 0 WHEN 'phase' THEN 1 ELSE 2 END,
         CASE phase WHEN 'clear' THEN 0 WHEN 'hold' THEN 1 WHEN 'build' THEN 2 ELSE 3 END,
         this_n DESC NULLS LAST, prev_n DESC NULLS LAST, kind
