-- A delivery the receiver answered and refused (3xx/4xx but 408 and 429) no longer holds the alerts behind it.
ALTER TABLE incident_deliveries ADD COLUMN refused BOOLEAN DEFAULT FALSE NOT NULL;
