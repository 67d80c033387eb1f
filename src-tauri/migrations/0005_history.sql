-- What the offline history reads: the headcount each applied import left
-- (for the headcount chart), where a lifecycle event happened (department
-- and location at the time, so "who joined Engineering" survives a later
-- move), and the indexes the History and Directory screens page through.

-- Active and on-leave people right after the import was applied. Imports
-- applied before this migration only know it for the latest one.
ALTER TABLE import ADD COLUMN headcount INTEGER;
UPDATE import SET headcount = (
    SELECT count(*) FROM person WHERE status IN ('active', 'on_leave'))
WHERE applied_seq = (SELECT max(applied_seq) FROM import);

ALTER TABLE lifecycle_event ADD COLUMN department TEXT;
ALTER TABLE lifecycle_event ADD COLUMN location TEXT;
UPDATE lifecycle_event SET
    department = (SELECT p.department FROM person p WHERE p.person_id = lifecycle_event.person_id),
    location = (SELECT p.location FROM person p WHERE p.person_id = lifecycle_event.person_id);

-- History's timeline filters on the planned day; a person's timeline
-- reads their events.
CREATE INDEX import_plan_date ON import (plan_date);
CREATE INDEX lifecycle_event_person ON lifecycle_event (person_id);
