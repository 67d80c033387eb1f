-- Provisioning targets (SCIM 2.0 services), their pushes and receipts.
-- A target's bearer token is never here: it lives in the OS keyring.
CREATE TABLE IF NOT EXISTS target (
    target_id    INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind         TEXT NOT NULL DEFAULT 'scim',
    base_url     TEXT NOT NULL,
    -- The target's rules (attributes, groups, policy, guardrails), JSON.
    settings     TEXT NOT NULL,
    -- What the last successful test found it supports, JSON.
    capabilities TEXT,
    checked_at   TEXT,
    created_at   TEXT NOT NULL
);

-- A push plan: reviewed, then applied whole (each operation with a
-- receipt), rejected or superseded by a newer preview.
CREATE TABLE IF NOT EXISTS push (
    push_id    INTEGER PRIMARY KEY,
    target_id  INTEGER NOT NULL REFERENCES target (target_id) ON DELETE CASCADE,
    state      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by TEXT,
    -- Counts per kind, JSON (History lists pushes without reading plans).
    counts     TEXT NOT NULL,
    -- The whole plan (changes, guardrail, groups to create), JSON.
    plan       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS push_by_target ON push (target_id, push_id);

-- What happened to each operation a push sent.
CREATE TABLE IF NOT EXISTS push_receipt (
    push_id     INTEGER NOT NULL REFERENCES push (push_id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    external_id TEXT,
    user_name   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    operation   TEXT NOT NULL,
    status      INTEGER NOT NULL,
    ok          INTEGER NOT NULL,
    account_id  TEXT,
    detail      TEXT,
    at          TEXT NOT NULL,
    PRIMARY KEY (push_id, seq)
);
