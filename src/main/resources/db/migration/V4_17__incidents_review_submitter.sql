-- Reports from accounts other than editors' now wait for review too: the queue names who sent each one (a principal id;
-- NULL for an anonymous report), so that an editor can weigh the sender and stop a flood from one account.
ALTER TABLE incident_reviews ADD COLUMN submitted_by VARCHAR(200);
