-- title: Rates and deprivation
-- description: Residents (the area's LSOAs summed, from the area_population view), incidents this period and per 1,000 residents, the previous period's rate, and the newest Indices of Deprivation edition's population-weighted mean decile (1 = most deprived) with the share of residents living in the most deprived 10% of LSOAs. No rate when an LSOA lacks an estimate, the population is approximate, or there are under $min_residents residents (1,000: a hotspot's few residents make a rate that means nothing); the note says why, and the counts still show. A month without data has no count and no rate.
-- scope: area
-- order: 6
-- render: summary
WITH pop AS (
    SELECT population, lsoas, without_population, approximate FROM area_population WHERE area_id = $area
),
counts AS (
    SELECT count(*) FILTER (WHERE month BETWEEN $period_start AND $period_end) AS this_period,
           count(*) FILTER (WHERE month BETWEEN $prev_start AND $prev_end) AS previous
    FROM area_incidents
    WHERE area_id = $area
      AND (month BETWEEN $period_start AND $period_end OR month BETWEEN $prev_start AND $prev_end)
),
dep AS (
    SELECT edition, mean_decile, share_most_deprived, lsoas
    FROM area_deprivation
    WHERE area_id = $area AND edition = (SELECT max(edition) FROM imd)
),
judged AS (
    SELECT a.id AS area_id,
           p.population, coalesce(p.lsoas, 0) AS lsoas, p.without_population, p.approximate,
           CASE WHEN $period_has_data THEN c.this_period END AS incidents,
           CASE WHEN $prev_comparable THEN c.previous END AS previous,
           CASE
               WHEN coalesce(p.lsoas, 0) = 0 THEN 'no rate: the area has no LSOAs to count residents in'
               WHEN p.population IS NULL THEN 'no rate: no population data for its LSOAs'
               WHEN p.without_population > 0
                   THEN 'no rate: ' || p.without_population || ' of its ' || p.lsoas || ' LSOAs have no population estimate'
               WHEN p.approximate THEN 'no rate: its population is approximate (LSOA boundaries changed)'
               WHEN p.population < $min_residents
                   THEN 'no rate: ' || format('{:,}', p.population) || ' residents, under '
                        || format('{:,}', $min_residents) || ', too few for a rate to mean anything'
           END AS rate_note
    FROM areas a
    LEFT JOIN pop p ON true
    CROSS JOIN counts c
    WHERE a.id = $area
)
SELECT j.area_id,
       CASE WHEN j.without_population = 0 THEN j.population END AS population,
       j.incidents AS period_incidents,
       CASE WHEN j.rate_note IS NULL THEN round(1000.0 * j.incidents / j.population, 1) END AS rate_per_1000,
       CASE WHEN j.rate_note IS NULL THEN round(1000.0 * j.previous / j.population, 1) END AS previous_rate_per_1000,
       CAST(d.edition AS VARCHAR) AS imd_edition,
       round(d.mean_decile, 1) AS imd_decile,
       CASE WHEN d.edition IS NOT NULL THEN round(100.0 * coalesce(d.share_most_deprived, 0), 1) END AS most_deprived_pct,
       CASE WHEN NOT EXISTS (SELECT 1 FROM population) AND NOT EXISTS (SELECT 1 FROM imd)
                THEN concat_ws('; ', 'no population or deprivation data imported',
                               CASE WHEN NOT $period_has_data THEN 'no incident data this period' END)
            ELSE nullif(concat_ws('; ',
           j.rate_note,
           CASE WHEN NOT $period_has_data THEN 'no incident data this period' END,
           CASE WHEN NOT EXISTS (SELECT 1 FROM imd) THEN 'no deprivation data imported'
                WHEN d.edition IS NULL THEN 'no deprivation figures for its LSOAs'
                WHEN d.lsoas < j.lsoas THEN 'deprivation from ' || d.lsoas || ' of its ' || j.lsoas || ' LSOAs' END
       ), '') END AS note
FROM judged j
LEFT JOIN dep d ON true
