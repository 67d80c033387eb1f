-- A push's lines that send something or need someone (never the
-- unchanged ones), one row each, so a person's timeline finds their
-- account actions without reading every plan. `line` is the plan's
-- change as JSON. Pushes stored before this migration are read from
-- their plans.
CREATE TABLE push_line (
    push_id     INTEGER NOT NULL REFERENCES push (push_id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    external_id TEXT,
    kind        TEXT NOT NULL,
    line        TEXT NOT NULL,
    PRIMARY KEY (push_id, seq)
) STRICT;
CREATE INDEX push_line_person ON push_line (external_id);

INSERT INTO push_line (push_id, seq, external_id, kind, line)
SELECT p.push_id, c.key, json_extract(c.value, '$.external_id'),
       json_extract(c.value, '$.kind'), c.value
FROM push p, json_each(p.plan, '$.changes') c
WHERE p.state IN ('applying', 'applied', 'partial')
  AND json_extract(c.value, '$.kind') NOT IN ('unchanged', 'orphan');

