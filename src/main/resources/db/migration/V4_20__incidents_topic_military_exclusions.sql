-- "Defense" also names a court defence ("paid thousands for his defense", "defence lawyer"): the seed's military topic
-- excludes those phrases (a term starting with '-' is an exclusion). Only a topic still as shipped is changed; an
-- analyst's own terms are kept. The change is recorded like an editor's.
UPDATE incident_topics SET terms_en = 'Lethal Autonomous Weapon; Military Intelligence; Military Robot; Defense; Defence; Military; -defense lawyer; -defence lawyer; -defense attorney; -defence attorney; -defense counsel; -defence counsel; -criminal defense; -criminal defence; -legal defense; -legal defence; -his defense; -her defense; -their defense; -his defence; -her defence; -their defence; -a defense of; -a defence of; -self-defense; -self-defence',
  updated_by = 'migration', updated_at = CURRENT_TIMESTAMP
 WHERE id = 'military' AND builtin = TRUE AND terms_en = 'Lethal Autonomous Weapon; Military Intelligence; Military Robot; Defense; Defence; Military';
INSERT INTO incident_topic_changes (topic_id, action, name_en, name_zh, terms_en, terms_zh, changed_by, changed_at)
  SELECT id, 'update', name_en, name_zh, terms_en, terms_zh, updated_by, updated_at FROM incident_topics
   WHERE id = 'military' AND updated_by = 'migration';
