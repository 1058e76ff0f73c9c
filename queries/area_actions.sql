-- title: Open actions
-- description: Actions for the area (or within it) from earlier meetings that are not done or dropped, soonest due first; days overdue at the meeting's date (outside a meeting, the database's as-of date).
-- scope: area
-- order: 60
SELECT x.id, x.title, x.owner, x.agency, x.due,
       replace(x.status, '-', ' ') AS status,
       CASE WHEN x.due < $meeting_date THEN date_diff('day', x.due, $meeting_date) END AS days_overdue
FROM actions x
JOIN area_within w ON w.area_id = x.area_id
WHERE w.within_id = $area AND x.status IN ('open', 'in-progress', 'blocked')
ORDER BY x.due, x.id
