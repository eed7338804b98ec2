-- Pairs of records a clustering run saw as candidates but left in two incidents: a score just below the threshold, or a
-- link a rule refused (one entry per monitor). Rewritten by every run; editors read them as suggested merges.
CREATE TABLE incident_merge_suggestions (
  record_a BIGINT NOT NULL,
  record_b BIGINT NOT NULL,
  score    DOUBLE PRECISION NOT NULL,
  reason   VARCHAR(16) NOT NULL,
  PRIMARY KEY (record_a, record_b)
);
