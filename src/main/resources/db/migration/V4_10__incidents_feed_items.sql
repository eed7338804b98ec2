-- Which monitored feed first brought a record in, so an operator can see what each feed added. The column is written
-- with the record (NULL for files, the API and the curated monitors) and has no index: an index on it would cost every
-- bulk insert. The link table, written after each poll for that poll's new records only, is what is queried.
ALTER TABLE incident_records ADD COLUMN feed_id BIGINT;
CREATE TABLE incident_feed_items (
  feed_id   BIGINT NOT NULL,
  record_id BIGINT NOT NULL,
  PRIMARY KEY (feed_id, record_id)
);
