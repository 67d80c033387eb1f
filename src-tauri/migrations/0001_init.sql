-- Roster's first schema: app settings and the one TriNet connection.
-- The client secret is never stored here: it lives in the OS keyring.

CREATE TABLE settings (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- At most one row: the configured TriNet connection.
CREATE TABLE connection (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    company_id       TEXT NOT NULL,
    client_id        TEXT NOT NULL,
    base_url         TEXT NOT NULL,
    scopes           TEXT NOT NULL DEFAULT '',
    company_name     TEXT,
    legal_name       TEXT,
    is_sandbox       INTEGER NOT NULL DEFAULT 0,
    last_verified_at TEXT,
    last_error       TEXT,
    created_at       TEXT NOT NULL
) STRICT;
