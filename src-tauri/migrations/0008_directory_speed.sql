-- The Directory screen at 100,000 people: its order by name is an index
-- walk instead of a sort of everyone, and its filters' counts are read
-- instead of counted.

-- The directory's order: last name, then first name (a person without one
-- sorts as if it were empty), then person_id (the index's row id). A
-- plain column, written by apply only when a name changes, so an import
-- that changes titles or departments never touches this index.
ALTER TABLE person ADD COLUMN sort_name TEXT;
UPDATE person SET sort_name = coalesce(last_name, '') || char(31) || coalesce(first_name, '');
CREATE INDEX person_sort_name ON person (sort_name);

-- How many people have each status, department and location: what the
-- filters offer. Rewritten by each apply, in its transaction, so it is
-- always the count of the directory as it stands.
CREATE TABLE directory_facet (
    facet TEXT NOT NULL CHECK (facet IN ('status', 'department', 'location')),
    value TEXT NOT NULL,
    count INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (facet, value)
) STRICT, WITHOUT ROWID;

INSERT INTO directory_facet (facet, value, count)
SELECT 'status', status, count(*) FROM person GROUP BY status;
INSERT INTO directory_facet (facet, value, count)
SELECT 'department', department, count(*) FROM person
WHERE department IS NOT NULL AND department != '' GROUP BY department;
INSERT INTO directory_facet (facet, value, count)
SELECT 'location', location, count(*) FROM person
WHERE location IS NOT NULL AND location != '' GROUP BY location;
