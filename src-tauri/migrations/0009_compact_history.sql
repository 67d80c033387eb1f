-- History grows with what changed, not with headcount × imports. A plan
-- stores the lines of the people it leaves as they were (kind 'unchanged'
-- and nothing else on the line) in import_unchanged, as the line's number
-- and the person: about 15 bytes instead of about 265 in import_change.
-- Imports planned before this migration keep their full lines; both read
-- the same through import_line.

CREATE TABLE import_unchanged (
    import_id INTEGER NOT NULL REFERENCES import (import_id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    PRIMARY KEY (import_id, seq)
) STRICT, WITHOUT ROWID;

-- Every line of every import, as import_change's columns. An unchanged
-- person's employee ID, work email and name are the directory's: they were
-- the same in TriNet when the import was planned (that is what unchanged
-- means), unless a later import changed them. Each column of the second
-- half is cast to the first half's type: with equal affinities SQLite
-- flattens the view, so a page by `seq` merges the two primary keys
-- instead of sorting the import's lines.
CREATE VIEW import_line AS
SELECT import_id, seq, kind, person_id, employee_id, work_email, name, reason,
       status_before, status_after, missing_runs, candidate, note, fields, resolution
FROM import_change
UNION ALL
SELECT u.import_id, u.seq, CAST('unchanged' AS TEXT), u.person_id,
       CAST(json_extract(p.fields, '$.employee_id') AS TEXT),
       CAST(json_extract(p.fields, '$.work_email') AS TEXT),
       CAST(CASE WHEN p.first_name IS NULL THEN p.last_name
                 WHEN p.last_name IS NULL THEN p.first_name
                 ELSE p.first_name || ' ' || p.last_name END AS TEXT),
       CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS INTEGER),
       CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST('[]' AS TEXT), CAST(NULL AS TEXT)
FROM import_unchanged u LEFT JOIN person p ON p.person_id = u.person_id;
