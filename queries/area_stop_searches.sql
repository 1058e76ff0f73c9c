-- title: Stop and search
-- description: police.uk stop and searches placed in the area (through the street rows on the same map point) this period against the previous one, by what was searched for and the outcome, with the share of this period's searches whose outcome was linked to the object searched for. Searches no street row shares a point with are not placed (psg db check counts them).
-- scope: area
-- order: 75
-- empty: No stop and searches placed in this area this period or the last.
WITH here AS (
    SELECT s.object_of_search, s.outcome, s.outcome_linked,
           s.month BETWEEN $period_start AND $period_end AS this_period
    FROM stop_searches s
    JOIN lsoa_places p ON p.lsoa_code = s.lsoa_code
    JOIN area_lsoas al ON al.lsoa_code = p.area_lsoa
    WHERE al.area_id = $area AND s.month BETWEEN $prev_start AND $period_end
)
SELECT coalesce(object_of_search, 'not recorded') AS object_of_search,
       coalesce(outcome, 'not recorded') AS outcome,
       count(*) FILTER (WHERE this_period) AS this_period,
       count(*) FILTER (WHERE NOT this_period) AS previous,
       (100.0 * count(*) FILTER (WHERE this_period AND outcome_linked)
            / nullif(count(*) FILTER (WHERE this_period), 0))::INTEGER AS linked_pct
FROM here
GROUP BY ALL
ORDER BY this_period DESC, previous DESC, object_of_search, outcome
LIMIT 12
