-- An incident dated only to the year (an AIAAIC entry alone: "Occurred: 2023") is stored as 1 January; month, week
-- and day trends must not count it in January. 'day' or 'year'; NULL (rows written before this) counts as 'day'.
ALTER TABLE incidents ADD COLUMN date_precision VARCHAR(8);
-- the monitor loop re-clusters once, which fills the column
UPDATE incident_monitor SET clustered_fp = NULL, scanned_fp = NULL;
