-- A paged feed (RFC 5005 <link rel="next">, as records.atom of another observatory gives) whose newest page held only
-- records this store had not seen: the page the monitor reads at its next round, one page a round, until a page holds
-- one it has. Null when the monitor is not catching up (the feed's own URL is polled).
ALTER TABLE incident_feeds ADD COLUMN next_page VARCHAR(4000);
