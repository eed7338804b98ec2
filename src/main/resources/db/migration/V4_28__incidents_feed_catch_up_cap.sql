-- The older pages read since a feed's newest one while the monitor catches up (V4_27): a feed that makes pages without
-- end is read so far (Feeds.MAX_CATCH_UP_PAGES) and no further. A migration of its own: stores had applied V4_27.
ALTER TABLE incident_feeds ADD COLUMN catch_up_pages INT DEFAULT 0 NOT NULL;
