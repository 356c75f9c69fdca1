-- The facility categories of Qingdao's 2022 community service plan (shared DOMAIN.md).
-- Codes are part of the HTTP contract; default distances follow GB 50180-2018 life circles.
INSERT INTO category (code, name_zh, name_en, action, default_distance_m, standard, sort_order) VALUES
 ('emergency_shelter',    '应急避难场所',                 'Emergency shelter',                        '13 应急',        500,  'GB 50413-2007 §8.2: emergency shelter radius 500 m, >= 1 m² effective area per person; GB 21734-2008 > 1.5 m² per person', 1),
 ('police_office',        '社区警务室',                   'Community police office',                  '11 平安社区',    1000, 'one per community; co-location with the committee office is a target', 2),
 ('science_site',         '科普馆/户外科普设施',           'Science popularisation site',              '10 科普',        1000, 'GB 50180-2018 15-minute life circle', 3),
 ('fitness_venue',        '全民健身场地设施',             'Fitness venue',                            '9 体育',         500,  'GB 50180-2018 10-minute life circle (outdoor fitness at 5-10 minutes)', 4),
 ('culture_room',         '文化活动室',                   'Culture room',                             '8 文化',         500,  'GB 50180-2018 10-minute life circle (culture station at 5-10 minutes)', 5),
 ('community_school',     '社区教育/老年学校',             'Community / seniors'' school',             '7 教育',         1000, 'GB 50180-2018 15-minute life circle', 6),
 ('health_station',       '社区卫生服务站',               'Community health station',                 '6 卫生',         500,  'GB 50180-2018 10-minute life circle', 7),
 ('community_hospital',   '社区医院/社区卫生服务中心',     'Community hospital / health centre',       '6 卫生',         1000, 'GB 50180-2018 15-minute life circle', 8),
 ('psych_service',        '社会心理服务站(室)',           'Social psychological service station',     '6 卫生',         1000, 'GB 50180-2018 15-minute life circle', 9),
 ('employment_service',   '公共就业服务站',               'Public employment service station',        '5 就业',         1000, 'GB 50180-2018 15-minute life circle', 10),
 ('disability_home',      '"如康家园"残疾人之家',         '"Rukang" home for people with disabilities', '4 助残',       1000, 'one per street', 11),
 ('minors_station',       '未成年人保护工作站',           'Minors'' protection station',              '3 未成年人',     1000, 'one per street', 12),
 ('children_venue',       '儿童活动场所',                 'Children''s activity venue',               '3 未成年人',     300,  'GB 50180-2018 5-minute life circle', 13),
 ('elderly_care_center',  '街道居家社区养老服务中心',     'Street home & community elderly care centre', '2 养老',      1000, 'one per street, GB 50180-2018 15-minute life circle', 14),
 ('elderly_care_station', '居家社区养老服务站',           'Home & community elderly care station',    '2 养老',         300,  'GB 50180-2018 5-minute life circle (day care)', 15),
 ('meal_point',           '老年人助餐点',                 'Seniors'' meal point',                     '2 养老',         500,  'GB 50180-2018 10-minute life circle', 16),
 ('legal_service',        '法律顾问/调解工作室',           'Legal adviser / mediation room',           '12 法律服务',    1000, 'GB 50180-2018 15-minute life circle', 17),
 ('party_service_center', '党群服务中心("两委"办公地)',   'Party-masses service centre (committee office)', '1, 14',     1000, 'the committee office; reference for co-location', 18);
