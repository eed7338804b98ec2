-- When the loop, having found records waiting, will re-cluster next (it waits after a long run); NULL when nothing waits.
ALTER TABLE incident_monitor ADD COLUMN cluster_due_at TIMESTAMP WITH TIME ZONE;
