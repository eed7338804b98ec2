-- An empty embedded store's first load drops the record look-up indexes (and the unique one) while it runs. A report
-- posted through the API meanwhile went in unseen by the load and could be stored twice. The load holds row 'bulk'
-- (SELECT ... FOR UPDATE) from before it reads what is stored until the indexes are back; each post takes the row for its
-- own transaction, so it waits for the load, and a post that went first is seen by it. PostgreSQL has no bulk mode.
INSERT INTO incident_ingest_lock (name) VALUES ('bulk');
