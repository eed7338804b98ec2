-- A subscriber's queue in order: the delivery loop looks for an earlier pending delivery of the same subscription.
CREATE INDEX incident_deliveries_queue ON incident_deliveries (subscription_id, status, id);
