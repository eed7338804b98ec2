-- When a feed's own URL (its newest page) is polled next. While the monitor catches up through a feed's older pages
-- (next_page, V4_27), next_poll_at says when the next older page is read; the newest page keeps its own time, so new
-- items are not held back for the whole catching up. NULL (rows from before): polled at the feed's next round.
ALTER TABLE incident_feeds ADD COLUMN head_poll_at TIMESTAMP WITH TIME ZONE;
