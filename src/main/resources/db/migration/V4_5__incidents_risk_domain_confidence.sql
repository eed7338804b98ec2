-- The risk-domain model's probability for the predicted domain (0-1), so analysts can review uncertain predictions.
ALTER TABLE incident_records ADD COLUMN risk_domain_confidence REAL;
