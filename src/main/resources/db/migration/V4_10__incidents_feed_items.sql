-- Which monitored feed first brought a record in (NULL: a file, the API, a curated monitor), so an operator can
-- see what each feed added.
ALTER TABLE incident_records ADD COLUMN feed_id BIGINT;
CREATE INDEX incident_records_feed ON incident_records (feed_id);
