-- Starter topics beside the seed's military one, so the topic facet, its trends and its spike alerts say something on the
-- first day (docs/decisions.md "Starter topics"). They are not built in: an editor may change or delete them. A store that
-- already holds a topic of the same id keeps its own, and none is added past the monitor's limit of 63 topics.
INSERT INTO incident_topics (id, name_en, name_zh, terms_en, terms_zh, builtin, created_by, created_at)
  SELECT 'deepfakes', 'Deepfakes', '深度伪造',
    'deepfake; deep fake; face swap; face-swapping; voice clone; cloned voice; voice cloning; synthetic media; nudify; undress app',
    '深度伪造; 深伪; 换脸; 声音克隆; 克隆声音; 一键脱衣', FALSE, 'seed', CURRENT_TIMESTAMP FROM (VALUES (1)) AS one(x)
   WHERE NOT EXISTS (SELECT 1 FROM incident_topics WHERE id = 'deepfakes') AND (SELECT COUNT(*) FROM incident_topics) < 63;
INSERT INTO incident_topics (id, name_en, name_zh, terms_en, terms_zh, builtin, created_by, created_at)
  SELECT 'facial-recognition', 'Facial recognition', '人脸识别',
    'facial recognition; face recognition; facial analysis; face scan; face scanning; facial identification; face matching; face match',
    '人脸识别; 面部识别; 刷脸; 人脸比对', FALSE, 'seed', CURRENT_TIMESTAMP FROM (VALUES (1)) AS one(x)
   WHERE NOT EXISTS (SELECT 1 FROM incident_topics WHERE id = 'facial-recognition') AND (SELECT COUNT(*) FROM incident_topics) < 63;
INSERT INTO incident_topics (id, name_en, name_zh, terms_en, terms_zh, builtin, created_by, created_at)
  SELECT 'autonomous-vehicles', 'Autonomous vehicles', '自动驾驶',
    'self-driving; driverless; autonomous vehicle; autonomous car; autonomous taxi; autonomous driving; robotaxi; robo-taxi; Autopilot; Full Self-Driving; FSD',
    '自动驾驶; 无人驾驶; 无人车; 智能驾驶; 萝卜快跑; -无人驾驶飞机; -无人驾驶航空器', FALSE, 'seed', CURRENT_TIMESTAMP FROM (VALUES (1)) AS one(x)
   WHERE NOT EXISTS (SELECT 1 FROM incident_topics WHERE id = 'autonomous-vehicles') AND (SELECT COUNT(*) FROM incident_topics) < 63;
INSERT INTO incident_topics (id, name_en, name_zh, terms_en, terms_zh, builtin, created_by, created_at)
  SELECT 'elections', 'Elections', '选举',
    'election; electoral; voter; ballot; polling station',
    '选举; 大选; 选民; 投票站; 竞选', FALSE, 'seed', CURRENT_TIMESTAMP FROM (VALUES (1)) AS one(x)
   WHERE NOT EXISTS (SELECT 1 FROM incident_topics WHERE id = 'elections') AND (SELECT COUNT(*) FROM incident_topics) < 63;
INSERT INTO incident_topics (id, name_en, name_zh, terms_en, terms_zh, builtin, created_by, created_at)
  SELECT 'children', 'Children and minors', '儿童与未成年人',
    'child; children; minors; underage; teenager; teen; schoolgirl; schoolboy; kids',
    '儿童; 未成年; 青少年; 孩子; 中小学生', FALSE, 'seed', CURRENT_TIMESTAMP FROM (VALUES (1)) AS one(x)
   WHERE NOT EXISTS (SELECT 1 FROM incident_topics WHERE id = 'children') AND (SELECT COUNT(*) FROM incident_topics) < 63;
INSERT INTO incident_topics (id, name_en, name_zh, terms_en, terms_zh, builtin, created_by, created_at)
  SELECT 'generative-ai', 'Chatbots and generative AI', '聊天机器人与生成式人工智能',
    'chatbot; ChatGPT; generative AI; large language model; LLM; GPT-4; GPT-3; Bard; Gemini; Copilot; Grok; Midjourney; Stable Diffusion; DALL-E; text-to-image; AI-generated',
    '聊天机器人; 生成式人工智能; 大模型; 大语言模型; 人工智能生成', FALSE, 'seed', CURRENT_TIMESTAMP FROM (VALUES (1)) AS one(x)
   WHERE NOT EXISTS (SELECT 1 FROM incident_topics WHERE id = 'generative-ai') AND (SELECT COUNT(*) FROM incident_topics) < 63;
INSERT INTO incident_topics (id, name_en, name_zh, terms_en, terms_zh, builtin, created_by, created_at)
  SELECT 'employment', 'Work and hiring', '就业与招聘',
    'hiring; recruitment; recruiter; job applicant; job candidate; layoffs; laid off; gig workers; warehouse workers; workplace surveillance; résumé; resume screening',
    '招聘; 求职; 裁员; 就业; 外卖骑手; 零工', FALSE, 'seed', CURRENT_TIMESTAMP FROM (VALUES (1)) AS one(x)
   WHERE NOT EXISTS (SELECT 1 FROM incident_topics WHERE id = 'employment') AND (SELECT COUNT(*) FROM incident_topics) < 63;
-- their first recorded state, as for every topic (V4_12)
INSERT INTO incident_topic_changes (topic_id, action, name_en, name_zh, terms_en, terms_zh, changed_by, changed_at)
  SELECT id, 'create', name_en, name_zh, terms_en, terms_zh, created_by, created_at FROM incident_topics t
   WHERE created_by = 'seed' AND builtin = FALSE
     AND id IN ('deepfakes', 'facial-recognition', 'autonomous-vehicles', 'elections', 'children', 'generative-ai', 'employment')
     AND NOT EXISTS (SELECT 1 FROM incident_topic_changes h WHERE h.topic_id = t.id);
