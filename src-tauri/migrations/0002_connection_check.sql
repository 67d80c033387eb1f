-- When the last connection check failed: its error code (closed set), so the
-- status can say "Needs attention" and why.
ALTER TABLE connection ADD COLUMN last_error_code TEXT;
ALTER TABLE connection ADD COLUMN last_checked_at TEXT;
