-- title: PSPO breaches
-- description: Breaches of Public Spaces Protection Orders in or within the area this period, by prohibition and outcome, with the previous period's total.
-- scope: area
-- order: 50
SELECT b.prohibition,
       count(*) FILTER (WHERE b.occurred BETWEEN $period_start AND $period_end) AS this_period,
       count(*) FILTER (WHERE b.occurred BETWEEN $prev_start AND $prev_end) AS previous,
       count(*) FILTER (WHERE b.occurred BETWEEN $period_start AND $period_end AND b.outcome = 'advice') AS advice,
       count(*) FILTER (WHERE b.occurred BETWEEN $period_start AND $period_end AND b.outcome = 'warning') AS warning,
       count(*) FILTER (WHERE b.occurred BETWEEN $period_start AND $period_end AND b.outcome = 'fpn-issued') AS fpn_issued,
       count(*) FILTER (WHERE b.occurred BETWEEN $period_start AND $period_end AND b.outcome = 'fpn-paid') AS fpn_paid,
       count(*) FILTER (WHERE b.occurred BETWEEN $period_start AND $period_end AND b.outcome = 'prosecution') AS prosecution,
       p.name AS pspo
FROM pspo_breaches b
JOIN area_within w ON w.area_id = b.area_id
LEFT JOIN pspos p ON p.id = b.pspo_id
WHERE w.within_id = $area AND b.occurred BETWEEN $prev_start AND $period_end
GROUP BY ALL
ORDER BY this_period DESC, previous DESC, pspo, prohibition
