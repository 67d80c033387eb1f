-- A needs-attention line is proposed again by every import until someone
-- decides on it (a record TriNet keeps sending invalid, a privacy block, a
-- possible duplicate): the same record, reason, values, candidate and
-- note, day after day. Those are stored once, in line_body, and each line
-- names them (body_id), so History grows with what changed, not with how
-- long something waited. import_change keeps per line what may differ
-- from one import to the next (kind, person, missing count, decision); a
-- line with a body keeps no copy of the rest ('[]' for its fields). Lines
-- stored before this migration keep their own values; both read the same
-- through import_change_full and import_line.

CREATE TABLE line_body (
    body_id       INTEGER PRIMARY KEY,
    -- 64-bit FNV-1a of the values below (store::imports::body_hash), to
    -- find a body again; bodies with equal hashes are compared in full.
    hash          INTEGER NOT NULL,
    employee_id   TEXT,
    work_email    TEXT,
    name          TEXT,
    reason        TEXT,
    status_before TEXT,
    status_after  TEXT,
    candidate     TEXT CHECK (candidate IS NULL OR json_valid(candidate)),
    note          TEXT,
    fields        TEXT NOT NULL CHECK (json_valid(fields))
) STRICT;

CREATE INDEX line_body_hash ON line_body (hash);

ALTER TABLE import_change ADD COLUMN body_id INTEGER REFERENCES line_body (body_id);

-- Pruning old lines removes the bodies no line names any more.
CREATE INDEX import_change_body ON import_change (body_id) WHERE body_id IS NOT NULL;

-- import_change with each line's values, its own or its body's. Cast to
-- import_change's column types, so import_line's two halves keep equal
-- affinities and SQLite still flattens it (see migration 0009).
CREATE VIEW import_change_full AS
SELECT c.import_id, c.seq, c.kind, c.person_id,
       CAST(CASE WHEN c.body_id IS NULL THEN c.employee_id ELSE b.employee_id END AS TEXT) AS employee_id,
       CAST(CASE WHEN c.body_id IS NULL THEN c.work_email ELSE b.work_email END AS TEXT) AS work_email,
       CAST(CASE WHEN c.body_id IS NULL THEN c.name ELSE b.name END AS TEXT) AS name,
       CAST(CASE WHEN c.body_id IS NULL THEN c.reason ELSE b.reason END AS TEXT) AS reason,
       CAST(CASE WHEN c.body_id IS NULL THEN c.status_before ELSE b.status_before END AS TEXT) AS status_before,
       CAST(CASE WHEN c.body_id IS NULL THEN c.status_after ELSE b.status_after END AS TEXT) AS status_after,
       c.missing_runs,
       CAST(CASE WHEN c.body_id IS NULL THEN c.candidate ELSE b.candidate END AS TEXT) AS candidate,
       CAST(CASE WHEN c.body_id IS NULL THEN c.note ELSE b.note END AS TEXT) AS note,
       CAST(CASE WHEN c.body_id IS NULL THEN c.fields ELSE b.fields END AS TEXT) AS fields,
       c.resolution
FROM import_change c LEFT JOIN line_body b ON b.body_id = c.body_id;

-- Migration 0009's view, over import_change_full.
DROP VIEW import_line;
CREATE VIEW import_line AS
SELECT import_id, seq, kind, person_id, employee_id, work_email, name, reason,
       status_before, status_after, missing_runs, candidate, note, fields, resolution
FROM import_change_full
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
