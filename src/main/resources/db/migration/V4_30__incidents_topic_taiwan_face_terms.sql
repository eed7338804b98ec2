-- Taiwan writes face recognition 人臉辨識 / 臉部辨識 (Simplified: 人脸辨识 / 脸部辨识), which the starter topic's terms missed, so
-- such reports counted in no facial-recognition trend or alert (an outside QA pass, 2026-12-07). Added only where the topic
-- still has the terms it was created with (an editor's own terms stay), and recorded in its history as a change.
UPDATE incident_topics
   SET terms_zh = '人脸识别; 面部识别; 刷脸; 人脸比对; 人脸辨识; 脸部辨识; 面部辨识',
       updated_by = 'migration', updated_at = CURRENT_TIMESTAMP
 WHERE id = 'facial-recognition' AND terms_zh = '人脸识别; 面部识别; 刷脸; 人脸比对';
INSERT INTO incident_topic_changes (topic_id, action, name_en, name_zh, terms_en, terms_zh, changed_by, changed_at)
  SELECT id, 'update', name_en, name_zh, terms_en, terms_zh, 'migration', updated_at FROM incident_topics
   WHERE id = 'facial-recognition' AND updated_by = 'migration' AND terms_zh = '人脸识别; 面部识别; 刷脸; 人脸比对; 人脸辨识; 脸部辨识; 面部辨识';
