-- The directory, and every import: its plan (one row per person), its
-- outcome, and the lifecycle events an applied import produced. The
-- directory changes only by applying an import, in one transaction.

-- One person in the directory. `person_id` is Roster's own and survives any
-- change of TriNet key. `fields` holds the mapped values by directory field
-- name (a JSON object of strings); the key columns are derived from it.
CREATE TABLE person (
    person_id    INTEGER PRIMARY KEY,
    status       TEXT NOT NULL
                 CHECK (status IN ('active', 'on_leave', 'pending_start', 'former')),
    -- Consecutive imports this person was absent from TriNet.
    missing_runs INTEGER NOT NULL DEFAULT 0 CHECK (missing_runs >= 0),
    fields       TEXT NOT NULL CHECK (json_valid(fields)),
    employee_id  TEXT GENERATED ALWAYS AS (json_extract(fields, '$.employee_id')) VIRTUAL,
    work_email   TEXT GENERATED ALWAYS AS (lower(json_extract(fields, '$.work_email'))) VIRTUAL,
    first_name   TEXT GENERATED ALWAYS AS (json_extract(fields, '$.first_name')) VIRTUAL,
    last_name    TEXT GENERATED ALWAYS AS (json_extract(fields, '$.last_name')) VIRTUAL,
    department   TEXT GENERATED ALWAYS AS (json_extract(fields, '$.department')) VIRTUAL,
    location     TEXT GENERATED ALWAYS AS (json_extract(fields, '$.location')) VIRTUAL,
    -- The import that created the person and the last one that changed them.
    created_by   INTEGER NOT NULL REFERENCES import (import_id),
    updated_by   INTEGER NOT NULL REFERENCES import (import_id)
) STRICT;

-- Planning reads the whole directory; only status is filtered on alone.
CREATE INDEX person_status ON person (status);

-- One import: a plan made from one TriNet fetch, and what became of it.
-- `based_on` is the last applied import when the plan was made (0 for an
-- empty directory); a plan whose `based_on` is no longer the last applied
-- import is stale and can never be applied.
CREATE TABLE import (
    import_id        INTEGER PRIMARY KEY,
    created_at       TEXT NOT NULL,
    -- manual (the window), cli (roster preview), scheduled (the scheduler or roster sync)
    trigger          TEXT NOT NULL CHECK (trigger IN ('manual', 'cli', 'scheduled')),
    company_id       TEXT NOT NULL,
    mapping_version  INTEGER REFERENCES mapping_version (version),
    -- The date the plan's rules were evaluated against (YYYY-MM-DD).
    plan_date        TEXT NOT NULL,
    based_on         INTEGER NOT NULL,
    -- pending: awaiting review; held: pending and tripped a guardrail (or a
    -- scheduled run found needs-attention items); applied; rejected;
    -- superseded: a newer preview replaced it; failed: could not be planned
    -- or applied (see error).
    outcome          TEXT NOT NULL
                     CHECK (outcome IN ('pending', 'held', 'applied', 'rejected', 'superseded', 'failed')),
    decided_at       TEXT,
    counts           TEXT NOT NULL CHECK (json_valid(counts)),
    guardrail        TEXT NOT NULL CHECK (json_valid(guardrail)),
    guardrail_confirmed INTEGER NOT NULL DEFAULT 0,
    active_people    INTEGER NOT NULL DEFAULT 0,
    identity_changes INTEGER NOT NULL DEFAULT 0,
    -- Set once applied: the position in the directory's history.
    applied_seq      INTEGER UNIQUE,
    error_code       TEXT,
    error            TEXT
) STRICT;

CREATE INDEX import_created ON import (created_at);
CREATE INDEX import_outcome ON import (outcome);

-- One person's line in an import: the plan's proposal, the admin's
-- resolution of a needs-attention item, and (once applied) the per-person
-- change log. `fields` is [{field, before, after}].
CREATE TABLE import_change (
    import_id     INTEGER NOT NULL REFERENCES import (import_id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    person_id     INTEGER,
    employee_id   TEXT,
    work_email    TEXT,
    name          TEXT,
    reason        TEXT,
    status_before TEXT,
    status_after  TEXT,
    missing_runs  INTEGER,
    candidate     TEXT CHECK (candidate IS NULL OR json_valid(candidate)),
    note          TEXT,
    fields        TEXT NOT NULL CHECK (json_valid(fields)),
    -- Needs attention only: approve, link or leave_out. Whether a line of
    -- an applied import changed the directory follows from its kind and
    -- resolution, so applying never rewrites these rows.
    resolution    TEXT CHECK (resolution IN ('approve', 'link', 'leave_out')),
    PRIMARY KEY (import_id, seq)
) STRICT, WITHOUT ROWID;

CREATE INDEX import_change_kind ON import_change (import_id, kind);
CREATE INDEX import_change_person ON import_change (person_id, import_id);

-- Joiners, leavers, movers, leaves, rehires and employment-type changes of
-- applied imports. `fields` is the changes behind the event.
CREATE TABLE lifecycle_event (
    event_id    INTEGER PRIMARY KEY,
    import_id   INTEGER NOT NULL REFERENCES import (import_id),
    person_id   INTEGER NOT NULL REFERENCES person (person_id),
    kind        TEXT NOT NULL,
    occurred_on TEXT NOT NULL,
    fields      TEXT NOT NULL CHECK (json_valid(fields))
) STRICT;

CREATE INDEX lifecycle_event_date ON lifecycle_event (occurred_on, kind);
CREATE INDEX lifecycle_event_import ON lifecycle_event (import_id);
