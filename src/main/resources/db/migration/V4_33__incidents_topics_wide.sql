-- Owned by the incidents module. An incident's topic ids, joined by "; ": 63 topics of up to 64 characters take 4,158
-- characters, and the column held 2,000, so the ids that sorted last were cut off and those topics silently counted
-- too few incidents, or none (an outside QA pass, 2026-12-07).
ALTER TABLE incidents ALTER COLUMN topics SET DATA TYPE VARCHAR(8000);
