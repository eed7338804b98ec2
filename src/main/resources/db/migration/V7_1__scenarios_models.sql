-- Scenarios: stored XMILE models (bundled ones are registered at server start).
CREATE TABLE scenario_models (
  id           VARCHAR(120) PRIMARY KEY,
  name         VARCHAR(500) NOT NULL,
  origin       VARCHAR(16) NOT NULL,
  xmile        VARCHAR(1000000) NOT NULL,
  content_hash CHAR(64) NOT NULL,
  variables    INTEGER NOT NULL,
  scenarios    VARCHAR(2000) NOT NULL,
  created_by   VARCHAR(200),
  updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
