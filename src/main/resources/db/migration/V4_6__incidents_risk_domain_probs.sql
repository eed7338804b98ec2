-- The fused risk-domain model's probability of every domain ("p1;…;p7", in domain order), for the records of the
-- curated monitors: clustering mixes in the AIAAIC labels of a record's merged incident without re-running the model.
ALTER TABLE incident_records ADD COLUMN risk_domain_probs VARCHAR(200);
