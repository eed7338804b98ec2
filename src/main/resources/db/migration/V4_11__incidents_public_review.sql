-- Anonymous reports (source 'public', from the open POST /api/incidents/reports) wait for an editor before they are
-- merged, counted, alerted on or shared: 'pending', then 'accepted' or 'rejected'. NULL: not subject to review.
-- Reports stored before this migration were never reviewed, so they join the queue.
ALTER TABLE incident_records ADD COLUMN review_status VARCHAR(16);
ALTER TABLE incident_records ADD COLUMN reviewed_by VARCHAR(200);
ALTER TABLE incident_records ADD COLUMN review_note VARCHAR(2000);
ALTER TABLE incident_records ADD COLUMN reviewed_at TIMESTAMP WITH TIME ZONE;
UPDATE incident_records SET review_status = 'pending' WHERE source = 'public';
CREATE INDEX incident_records_review ON incident_records (review_status);
