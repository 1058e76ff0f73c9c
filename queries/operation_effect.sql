-- title: Operation before and after
-- description: The operation's target incidents (its categories) in its areas for the same number of complete months before and after its start, against the rest of the district (the same categories in ward areas, leaving out every incident in one of the operation's areas), by category and in total (the is_total row). An incident in two of the operation's areas (a hotspot and its ward) counts once. The figure and its 95% interval are worked out from the total row (psg_tui/core/effect.py).
-- scope: operation
-- order: 10
-- Each incident is read once and told which side it is on from small per-LSOA and per-area flags
-- that place it exactly as the area_incidents view does (by its LSOA when that is in an area,
-- else by the area it names and every area that lies around it), so nothing is counted twice and
-- no GROUP BY over incident ids is needed: a fifth of the time at 10 million incidents
-- (bench/RESULTS.md). tests/core/test_operation_queries.py checks it against the view.
WITH op AS (
    SELECT area_ids, target_categories FROM operations WHERE id = $operation
),
lsoa_flags AS (  -- an LSOA code with a place (lsoa_places): is it in one of the operation's areas, in a ward?
    SELECT pl.lsoa_code,
           bool_or(list_contains(op.area_ids, al.area_id)) AS in_operation,
           bool_or(a.kind = 'ward') AS in_ward
    FROM lsoa_places pl JOIN area_lsoas al ON al.lsoa_code = pl.area_lsoa
    JOIN areas a ON a.id = al.area_id CROSS JOIN op
    GROUP BY pl.lsoa_code
),
placed_flags AS (  -- an incident with no LSOA in any area lies in the area it names and those around it
    SELECT w.area_id,
           bool_or(list_contains(op.area_ids, w.within_id)) AS in_operation,
           bool_or(a.kind = 'ward') AS in_ward
    FROM area_within w JOIN areas a ON a.id = w.within_id CROSS JOIN op
    GROUP BY w.area_id
),
sides AS (
    SELECT i.category, i.month >= $after_start AS after,
           CASE WHEN coalesce(l.in_operation, p.in_operation) THEN 'target'
                WHEN coalesce(l.in_ward, p.in_ward) THEN 'rest' END AS side
    FROM incidents i
    CROSS JOIN op
    LEFT JOIN lsoa_flags l ON l.lsoa_code = i.lsoa_code
    LEFT JOIN placed_flags p ON l.lsoa_code IS NULL AND p.area_id = i.area_id
    WHERE list_contains(op.target_categories, i.category)
      AND (i.month BETWEEN $before_start AND $before_end OR i.month BETWEEN $after_start AND $after_end)
)
SELECT CASE WHEN grouping(category) = 1 THEN 'All target incidents' ELSE category END AS category,
       count(*) FILTER (WHERE side = 'target' AND NOT after) AS target_before,
       count(*) FILTER (WHERE side = 'target' AND after) AS target_after,
       count(*) FILTER (WHERE side = 'rest' AND NOT after) AS rest_before,
       count(*) FILTER (WHERE side = 'rest' AND after) AS rest_after,
       $months AS months,
       grouping(category) = 1 AS is_total
FROM sides
WHERE side IS NOT NULL
GROUP BY GROUPING SETS ((category), ())
ORDER BY is_total, target_before + target_after DESC, category
