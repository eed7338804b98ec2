-- Anonymous reports (source 'public', from the open POST /api/incidents/reports) wait for an editor before they are
-- merged, counted, alerted on or shared. incident_reviews is the queue and the decisions (one row per anonymous report);
-- incident_records.review_status mirrors its status ('pending', 'accepted', 'rejected'; NULL: not subject to review) so
-- that clustering, the export and the shared feed filter rows without a join. Neither column is indexed: the queue
-- table is small, and an index on the records would cost every bulk insert.
ALTER TABLE incident_records ADD COLUMN review_status VARCHAR(16);
CREATE TABLE incident_reviews (
  record_id   BIGINT PRIMARY KEY,
  status      VARCHAR(16) NOT NULL,
  reviewed_by VARCHAR(200),
  note        VARCHAR(2000),
  reviewed_at TIMESTAMP WITH TIME ZONE,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX incident_reviews_status ON incident_reviews (status, record_id);
-- Reports stored before this migration were never reviewed, so they join the queue.
INSERT INTO incident_reviews (record_id, status, created_at) SELECT id, 'pending', ingested_at FROM incident_records WHERE source = 'public';
UPDATE incident_records SET review_status = 'pending' WHERE source = 'public';
