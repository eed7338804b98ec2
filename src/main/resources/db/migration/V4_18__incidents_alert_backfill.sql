-- An alert raised for a period older than the series' two newest (a new series' first scan, a new topic, late data) is
-- history, not news: it is marked so, and subscribers can tell the two apart. Alerts raised before this are news.
ALTER TABLE incident_alerts ADD COLUMN backfill BOOLEAN DEFAULT FALSE NOT NULL;
