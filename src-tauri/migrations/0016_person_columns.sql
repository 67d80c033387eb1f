-- The Directory and apply at 100,000 people (issue 15).
--
-- Department and location become plain columns that apply writes only when
-- they change. As columns generated from the JSON, every write of a
-- person's fields (a new job title) rewrote both filter indexes and
-- evaluated json_extract twice, and reading them (lifecycle events, filter
-- counts) parsed the JSON again.
--
-- `search` is what the Directory's search looks in, folded once when
-- written (roster_search, store::search_text: Rust's lowercasing, so "Ö"
-- finds "ö"): "first last", preferred name, employee ID and work email,
-- separated by char(31), which nobody types. Index person_search holds it
-- after the screen's order (sort_name, then person_id, named so that the
-- columns after it keep that order) and the status: a search counts its
-- matches by scanning that index alone (a few MB) instead of every
-- person's row and JSON, and a page of matches, or of one status, is a
-- walk of it in the screen's order that reads a row only to show it. The
-- plain order keeps its slim index (person_sort_name), so scrolling far
-- down walks as few pages as before.
--
-- The department and location indexes carry the same order and the
-- status, so a filter by department and status is counted and paged from
-- its index alone.
DROP INDEX person_department;
DROP INDEX person_location;
ALTER TABLE person DROP COLUMN department;
ALTER TABLE person DROP COLUMN location;
ALTER TABLE person ADD COLUMN department TEXT;
ALTER TABLE person ADD COLUMN location TEXT;
ALTER TABLE person ADD COLUMN search TEXT NOT NULL DEFAULT '';
UPDATE person SET
    department = json_extract(fields, '$.department'),
    location = json_extract(fields, '$.location'),
    search = roster_search(
        json_extract(fields, '$.first_name'), json_extract(fields, '$.last_name'),
        json_extract(fields, '$.preferred_name'), json_extract(fields, '$.employee_id'),
        json_extract(fields, '$.work_email'));
CREATE INDEX person_search ON person (sort_name, person_id, status, search);
CREATE INDEX person_department ON person (department, sort_name, person_id, status);
CREATE INDEX person_location ON person (location, sort_name, person_id, status);
