-- The seed's military topic (paper 2: OECD AIM keyword search), in English and Chinese.
INSERT INTO incident_topics (id, name_en, name_zh, terms_en, terms_zh, builtin, created_by, created_at) VALUES
('military', 'Military AI', '军事人工智能',
 'Lethal Autonomous Weapon; Military Intelligence; Military Robot; Defense; Military',
 '致命性自主武器; 军事情报; 军用机器人; 国防; 军事',
 TRUE, 'seed', CURRENT_TIMESTAMP);
