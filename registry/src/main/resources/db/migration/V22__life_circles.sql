-- Community life circles (社区生活圈) as data: for each level (5-, 10-, 15-minute) the walking
-- distance and the categories a community must reach within it. Defaults follow GB 50180-2018
-- (城市居住区规划设计标准): 5 minutes about 300 m, 10 minutes about 500 m, 15 minutes 800-1,000 m;
-- each category sits at the level its own default distance names (V2, and docs/LIFE_CIRCLES.md for
-- the mapping and the sources). An admin changes them through PUT /api/life-circles/{level}.
CREATE TABLE life_circle (
  level      smallint PRIMARY KEY CHECK (level IN (5, 10, 15)),
  name_zh    text NOT NULL,
  distance_m double precision NOT NULL CHECK (distance_m >= 1 AND distance_m <= 50000),
  standard   text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL DEFAULT 'migration'
);

-- The categories each level requires: levels are not nested (the standard sets each level's own
-- facilities), so a category required at two levels is listed at both.
CREATE TABLE life_circle_category (
  level    smallint NOT NULL REFERENCES life_circle (level) ON DELETE CASCADE,
  category text NOT NULL REFERENCES category (code),
  PRIMARY KEY (level, category)
);

INSERT INTO life_circle (level, name_zh, distance_m, standard) VALUES
 (5,  '五分钟生活圈',   300,  'GB 50180-2018 五分钟生活圈居住区: walking about 300 m, 5,000-12,000 residents'),
 (10, '十分钟生活圈',   500,  'GB 50180-2018 十分钟生活圈居住区: walking about 500 m, 15,000-25,000 residents'),
 (15, '十五分钟生活圈', 1000, 'GB 50180-2018 十五分钟生活圈居住区: walking 800-1,000 m, 50,000-100,000 residents');

INSERT INTO life_circle_category (level, category) VALUES
 (5,  'children_venue'),
 (5,  'elderly_care_station'),
 (10, 'fitness_venue'),
 (10, 'culture_room'),
 (10, 'health_station'),
 (10, 'meal_point'),
 (15, 'community_hospital'),
 (15, 'elderly_care_center'),
 (15, 'community_school'),
 (15, 'science_site'),
 (15, 'psych_service'),
 (15, 'employment_service'),
 (15, 'legal_service');
