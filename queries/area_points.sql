-- title: Incident places
-- description: The area's incidents by place (police.uk snap point: location and coordinates) this period and in the 12 months to it, for the hotspot map. Incidents without coordinates come back with blank coordinates so the map can say how many it left out.
-- scope: database
-- order: 95
SELECT location,
       latitude,
       longitude,
       count(*) FILTER (WHERE month BETWEEN $period_start AND $period_end) AS this_period,
       count(*) AS last_12_months
FROM area_incidents
WHERE area_id = $area AND month BETWEEN $year_start AND $period_end
GROUP BY location, latitude, longitude
ORDER BY this_period DESC, last_12_months DESC, location NULLS LAST, latitude, longitude
