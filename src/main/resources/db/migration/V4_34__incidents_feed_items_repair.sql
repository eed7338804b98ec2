-- A poll killed half-way left its committed records with their feed_id but unlisted in incident_feed_items (the list
-- was written at the poll's end) and uncounted in items_added. Polls now list and count in each batch's transaction;
-- this lists what earlier polls left out and counts it, once.
INSERT INTO incident_feed_items (feed_id, record_id)
  SELECT r.feed_id, r.id FROM incident_records r
  WHERE r.feed_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM incident_feed_items f WHERE f.feed_id = r.feed_id AND f.record_id = r.id);
UPDATE incident_feeds SET items_added = (SELECT COUNT(*) FROM incident_feed_items f WHERE f.feed_id = incident_feeds.id)
  WHERE items_added < (SELECT COUNT(*) FROM incident_feed_items f WHERE f.feed_id = incident_feeds.id);
