-- The current record's document is the one of its current version: store it only there. A bulk
-- import wrote every document twice (record row and version row), half of the bytes it wrote.
-- Every writer always stored both rows together; a current row without its version (only possible
-- by hand) gets one here, so that no document is lost by the DROP.
INSERT INTO registry_versions (id, version, doc, content_hash, actor, action, created_at)
SELECT r.id, r.version, r.doc, r.content_hash, 'migration', CASE WHEN r.deleted THEN 'delete' ELSE 'update' END, r.updated_at
FROM registry_records r
WHERE NOT EXISTS (SELECT 1 FROM registry_versions v WHERE v.id = r.id AND v.version = r.version);

ALTER TABLE registry_records DROP COLUMN doc;
