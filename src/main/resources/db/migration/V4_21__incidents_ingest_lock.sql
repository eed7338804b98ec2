-- One ingest at a time per store: an empty store's bulk load drops the record look-up indexes, and two runs doing so at
-- once stored every record twice. On the embedded store a run holds row 'ingest' (SELECT ... FOR UPDATE) for its whole
-- run, so a killed process lets go with its connection; on PostgreSQL a session advisory lock does the same, and the
-- row is only read. Row 'ingest.holder' says which run holds it, for the message of the one that has to wait.
CREATE TABLE incident_ingest_lock (
  name   VARCHAR(32) PRIMARY KEY,
  holder VARCHAR(500),
  since  TIMESTAMP WITH TIME ZONE
);
INSERT INTO incident_ingest_lock (name) VALUES ('ingest');
INSERT INTO incident_ingest_lock (name) VALUES ('ingest.holder');
