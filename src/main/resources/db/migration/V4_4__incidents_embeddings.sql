-- Sentence embeddings of the curated monitors' records (AIID, AIAAIC), kept so a re-run of the
-- clustering does not recompute them. text_hash is SHA-256 of the embedded text: a changed record
-- is embedded again. vec: little-endian float32, L2-normalised.
CREATE TABLE incident_embeddings (
  record_id BIGINT PRIMARY KEY,
  model     VARCHAR(64) NOT NULL,
  text_hash CHAR(64) NOT NULL,
  vec       BYTEA NOT NULL
);
