-- A paged feed (RFC 5005 <link rel="next">, as records.atom of another observatory gives) whose newest page held only
-- records this store had not seen: the page the monitor reads at its next round, one page a round, until a page holds
-- one it has. Null when the monitor is not catching up (the feed's own URL is polled). catch_up_pages: the pages read
-- since the newest one, so a feed that makes pages without end is read so far and no further.
ALTER TABLE incident_feeds ADD COLUMN next_page VARCHAR(4000);
ALTER TABLE incident_feeds ADD COLUMN catch_up_pages INT DEFAULT 0 NOT NULL;
