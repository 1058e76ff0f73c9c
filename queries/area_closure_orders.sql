-- title: Closure orders
-- description: Closure notices and orders in or within the area that are in force, awaiting a hearing, or ended since the start of the previous period; days to expiry from the meeting's date (outside a meeting, the database's as-of date).
-- scope: area
-- order: 40
SELECT c.premises,
       CASE
           WHEN c.status = 'notice-served' AND c.hearing >= $meeting_date THEN 'awaiting hearing'
           WHEN c.status IN ('notice-served', 'granted', 'extended') AND c.expires < $meeting_date THEN 'expired'
           WHEN c.status IN ('granted', 'extended') AND c.expires <= $meeting_date + INTERVAL 14 DAY THEN c.status || ', expiring'
           ELSE replace(c.status, '-', ' ')
       END AS status,
       CASE WHEN c.status IN ('notice-served', 'granted', 'extended') AND c.expires >= $meeting_date
            THEN date_diff('day', $meeting_date, c.expires) END AS days_to_expiry,
       c.expires,
       c.hearing,
       c.kind,
       c.issued,
       c.applicant,
       c.id
FROM closure_orders c
JOIN area_within w ON w.area_id = c.area_id
WHERE w.within_id = $area
  AND (c.status IN ('notice-served', 'granted', 'extended') OR c.expires >= $prev_start OR c.issued >= $prev_start)
ORDER BY (c.status IN ('notice-served', 'granted', 'extended') AND c.expires >= $meeting_date) DESC,
         c.expires NULLS LAST, c.id
