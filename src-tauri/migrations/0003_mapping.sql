-- Every saved version of the field mapping. Versions only grow: restoring an
-- old one saves it again under a new number, so history stays linear. Each
-- import records the version it used.
CREATE TABLE mapping_version (
    version  INTEGER PRIMARY KEY,
    saved_at TEXT NOT NULL,
    -- The MappingSpec as JSON (custom fields, transforms, exclusion rule).
    spec     TEXT NOT NULL CHECK (json_valid(spec)),
    note     TEXT
) STRICT;
