-- The sign-in throttle's counts, shared by every server on the store and kept across restarts (they were in memory).
-- k is the SHA-256 of the counted key (e-mail and address, e-mail, or address), so a row has a fixed size.
CREATE TABLE filing_login_failures (
  scope     VARCHAR(8) NOT NULL,
  k         CHAR(64) NOT NULL,
  failures  INT NOT NULL,
  last_ms   BIGINT NOT NULL,
  PRIMARY KEY (scope, k)
);
CREATE INDEX filing_login_failures_last ON filing_login_failures(last_ms);
