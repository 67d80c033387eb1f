-- The first applied import is the baseline: the people it added were
-- already employed when Roster started, not joiners. Imports applied from
-- now on record `baseline` events for it; this gives databases whose
-- first import recorded `joiner` events the same history.
UPDATE lifecycle_event SET kind = 'baseline'
WHERE kind = 'joiner' AND import_id IN (
    SELECT import_id FROM import WHERE based_on = 0 AND applied_seq IS NOT NULL);
