-- The full-text index of incident records (IncidentSearch) catches up with the store by updated_at.
CREATE INDEX incident_records_updated ON incident_records (updated_at);
