-- title: Area
-- description: What the area is: kind, ward code, Clear/Hold/Build phase, operations, LSOAs and the PSPOs in force over it on the meeting's date.
-- scope: area
-- order: 5
-- render: summary
SELECT a.id AS area_id, a.name, a.kind, a.ward_code, a.phase,
       array_to_string(a.operations, ', ') AS operations,
       (SELECT count(*) FROM area_lsoas l WHERE l.area_id = $area) AS lsoas,
       -- A PSPO is in force over the area if it covers the area or an area lying within it.
       (SELECT string_agg(p.name || ' (to ' || strftime(p.expires, '%d %b %Y') || ')', '; ' ORDER BY p.expires)
        FROM pspos p
        WHERE p.made <= $meeting_date AND p.expires >= $meeting_date
          AND list_has_any(p.area_ids, (SELECT list(w.area_id) FROM area_within w WHERE w.within_id = $area))
       ) AS pspos_in_force
FROM areas a
WHERE a.id = $area
