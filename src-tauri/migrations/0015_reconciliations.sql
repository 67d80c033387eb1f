-- Every reconciliation run (from the window or `roster reconcile`), so
-- History lists them offline for auditors: who ran it, when, against which
-- target, how many accounts each finding lists, and why it failed when it
-- could not read the directory or the target.
CREATE TABLE reconciliation (
    reconciliation_id INTEGER PRIMARY KEY,
    target_id         INTEGER NOT NULL REFERENCES target (target_id) ON DELETE CASCADE,
    run_at            TEXT NOT NULL,
    -- `window`, `cli:USER`: a push's spellings.
    run_by            TEXT NOT NULL,
    orphans           INTEGER NOT NULL,
    missing           INTEGER NOT NULL,
    mismatched        INTEGER NOT NULL,
    failure           TEXT
) STRICT;
CREATE INDEX reconciliation_by_target ON reconciliation (target_id, reconciliation_id);

-- Each account or person a reconciliation listed, in the report's order.
-- Only what the report shows: the account's userName, its externalId (the
-- employee ID), its display name and what is wrong.
CREATE TABLE reconciliation_entry (
    reconciliation_id INTEGER NOT NULL
                      REFERENCES reconciliation (reconciliation_id) ON DELETE CASCADE,
    seq               INTEGER NOT NULL,
    finding           TEXT NOT NULL,
    user_name         TEXT NOT NULL,
    external_id       TEXT,
    display_name      TEXT NOT NULL,
    detail            TEXT NOT NULL,
    PRIMARY KEY (reconciliation_id, seq)
) STRICT;

-- Targets saved before `organization` was one of the default attributes
-- get it now, filled from the company's name, unless a rule already fills
-- it (an admin's choice is kept). A target's rules are JSON (see target).
UPDATE target
SET settings = json_insert(
        settings, '$.attributes[#]',
        json_object(
            'attribute', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization',
            'source', json_object('kind', 'company')))
WHERE json_type(settings, '$.attributes') = 'array'
  AND NOT EXISTS (
        SELECT 1 FROM json_each(settings, '$.attributes') a
        WHERE json_extract(a.value, '$.attribute')
              = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization');
