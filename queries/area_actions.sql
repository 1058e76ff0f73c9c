-- title: Open actions
-- description: Actions for the area (or within it) from earlier meetings that are not done or dropped, soonest due first.
-- scope: area
-- order: 60
SELECT x.id, x.title, x.owner, x.agency, x.due,
       replace(x.status, '-', ' ') AS status,
       CASE WHEN x.due < $as_of THEN date_diff('day', x.due, $as_of) END AS days_overdue
FROM actions x
JOIN area_within w ON w.area_id = x.area_id
WHERE w.within_id = $area AND x.status IN ('open', 'in-progress', 'blocked')
ORDER BY x.due, x.id
