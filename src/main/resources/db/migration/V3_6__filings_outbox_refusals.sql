-- A delivery is given up after 12 refusals (a 3xx or 4xx other than 408 and 429), not after 12 attempts of any kind:
-- attempts made while the receiver was down had used up the budget, so one refusal after a long outage gave it up.
ALTER TABLE filing_outbox ADD COLUMN refusals INT DEFAULT 0 NOT NULL;
