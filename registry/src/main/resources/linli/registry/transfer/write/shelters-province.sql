-- Emergency shelters in the provincial template (docs/EXPORT.md), one row per facility in id order.
-- 类型: extra "类型" (or "type"), else the category's Chinese name. 管理单位 and 联系电话: the
-- facility's management_unit and phone (before they were properties, lists put them in extra
-- "管理单位" or "management_unit", "联系电话" or "phone", which are still read). 行政区划代码: the facility's community
-- code (12 digits; its first 9 are the street's, its first 6 the district's), null when it lies in
-- no community. 经度/纬度 stay CGCS2000 degrees whatever the CRS of the geometry.
SELECT f.id, f.name AS "名称",
       COALESCE(NULLIF(f.extra->>'类型', ''), NULLIF(f.extra->>'type', ''), cat.name_zh) AS "类型",
       f.address AS "地址", ST_X(f.geom) AS "经度", ST_Y(f.geom) AS "纬度",
       f.area_m2 AS "有效面积", f.capacity AS "容纳人数",
       COALESCE(f.management_unit, NULLIF(f.extra->>'管理单位', ''), NULLIF(f.extra->>'management_unit', ''))
         AS "管理单位",
       COALESCE(f.phone, NULLIF(f.extra->>'联系电话', ''), NULLIF(f.extra->>'phone', '')) AS "联系电话",
       f.opened_on AS "启用日期", f.community_code AS "行政区划代码",
       ST_AsBinary(ST_Transform(f.geom, CAST(:srid AS integer))) AS wkb
FROM facility f
JOIN category cat ON cat.code = f.category
WHERE NOT f.deleted
  AND f.category = :category
  AND f.status = ANY (CAST(:statuses AS text[]))
  AND (CAST(:district AS text) IS NULL OR f.community_code IN (
        SELECT c.code
        FROM community c
        JOIN street s ON s.code = c.street_code
        JOIN district d ON d.code = s.district_code
        WHERE d.code = :district OR d.name = :district))
ORDER BY f.id
