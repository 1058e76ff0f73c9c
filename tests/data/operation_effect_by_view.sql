-- The reference for queries/operation_effect.sql: the same counts straight from the area_incidents
-- view, each incident once by grouping on its id (slower; tests/core/test_operation_queries.py).
-- scope: operation
-- order: 10
WITH op AS (
    SELECT area_ids, target_categories FROM operations WHERE id = $operation
),
hits AS (  -- every (incident, area) pair of a target category in either window
    SELECT ai.id, ai.category, ai.month,
           list_contains(op.area_ids, ai.area_id) AS in_operation,
           a.kind = 'ward' AS in_ward
    FROM area_incidents ai
    JOIN areas a ON a.id = ai.area_id
    CROSS JOIN op
    WHERE list_contains(op.target_categories, ai.category)
      AND (ai.month BETWEEN $before_start AND $before_end OR ai.month BETWEEN $after_start AND $after_end)
),
incidents AS (  -- one row per incident, however many areas it lies in
    SELECT id, any_value(category) AS category, any_value(month) AS month,
           bool_or(in_operation) AS in_operation, bool_or(in_ward) AS in_ward
    FROM hits GROUP BY id
),
sides AS (
    SELECT category, month >= $after_start AS after,
           CASE WHEN in_operation THEN 'target' WHEN in_ward THEN 'rest' END AS side
    FROM incidents
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
