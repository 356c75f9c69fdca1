-- Every life-circle level with its required categories in the categories' own order (V2 sort_order).
SELECT l.level, l.name_zh, l.distance_m, l.standard,
       coalesce(array_agg(c.code ORDER BY c.sort_order) FILTER (WHERE c.code IS NOT NULL), '{}') AS categories
FROM life_circle l
LEFT JOIN life_circle_category lc ON lc.level = l.level
LEFT JOIN category c ON c.code = lc.category
GROUP BY l.level
ORDER BY l.level
