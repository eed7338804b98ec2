-- A delivery being sent is marked until a send can last: a retry asked for meanwhile no longer makes it due again, which
-- let a second worker send it twice at once and log two attempts under one number.
ALTER TABLE incident_deliveries ADD COLUMN claimed_until TIMESTAMP WITH TIME ZONE;
