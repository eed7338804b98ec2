-- An editor's "different events" answer to a suggested merge was stored like a split (one cannot-link) and listed as one;
-- the history now says which the editor chose. Earlier keep-apart decisions cannot be told from splits and stay listed as such.
ALTER TABLE incident_decisions ADD COLUMN apart BOOLEAN DEFAULT FALSE NOT NULL;
