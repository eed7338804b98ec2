-- Per-minute slow-downs (kernel.PerMinute), shared by every server on the store: with counts in each server's memory,
-- N servers on one PostgreSQL store allowed N times the limit. k is the SHA-256 of the counted key (an address, an
-- account), so a row has a fixed size and keeps no address; win is the minute (since the epoch) the count belongs to.
CREATE TABLE kernel_rate_counts (
  scope   VARCHAR(24) NOT NULL,
  k       CHAR(64) NOT NULL,
  win     BIGINT NOT NULL,
  n       INT NOT NULL,
  PRIMARY KEY (scope, k)
);
CREATE INDEX kernel_rate_counts_minute ON kernel_rate_counts(win);
