-- Webhook rows are given up only when the receiver refuses them (gave_up_at); one that is down is waited for.
ALTER TABLE filing_outbox ADD COLUMN gave_up_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE filing_outbox ADD COLUMN last_status INT;
-- A webhook's queue in order: the deliverer looks for an earlier undelivered row of the same webhook.
CREATE INDEX filing_outbox_queue ON filing_outbox (webhook_id, delivered_at, created_at);
