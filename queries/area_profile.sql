-- title: Area
-- description: What the area is: kind, ward code, Clear/Hold/Build phase, operations, LSOAs and the PSPOs in force over it.
-- scope: area
-- order: 5
-- render: summary
SELECT a.id AS area_id, a.name, a.kind, a.ward_code, a.phase,
       array_to_string(a.operations, ', ') AS operations,
       (SELECT count(*) FROM area_lsoas l WHERE l.area_id = a.id) AS lsoas,
       (SELECT string_agg(p.name || ' (to ' || strftime(p.expires, '%d %b %Y') || ')', '; ' ORDER BY p.expires)
        FROM pspos p
        WHERE p.made <= $as_of AND p.expires >= $as_of
          AND EXISTS (SELECT 1 FROM area_within w
                      WHERE list_contains(p.area_ids, w.area_id) AND (w.within_id = a.id OR w.area_id = a.id))
       ) AS pspos_in_force
FROM areas a
WHERE a.id = $area
