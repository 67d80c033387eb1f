-- Review and History's import detail page through an import's lines,
-- count them, filter them by kind or reason and search them by name,
-- employee ID and work email. import_change keeps each line whole (with its
-- fields' before → after), so those reads walked every full row up to the
-- page: about 400 ms for the middle of a 100,000-line import. This index
-- holds what they need, so they read it alone; only the page's own lines
-- are then read whole (store::imports::line_page_sql).
CREATE INDEX import_change_find
    ON import_change (import_id, seq, kind, body_id, reason, name, employee_id, work_email);
