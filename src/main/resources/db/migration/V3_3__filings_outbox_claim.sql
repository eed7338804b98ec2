-- A delivery being sent is marked until a send can last, so a retry asked for meanwhile cannot start a second send.
ALTER TABLE filing_outbox ADD COLUMN claimed_until TIMESTAMP WITH TIME ZONE;
