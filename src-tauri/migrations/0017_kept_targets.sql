-- Removing a target keeps its history (issue 14). Auditors read a removed
-- target's pushes, receipts and reconciliations in History as before; the
-- target itself stops being pushed to, scheduled or listed. Its row stays
-- (pushes and reconciliations point at it) under a name that frees the
-- one it had, "Okta (removed 2026-12-07)", so a new target may take it.
ALTER TABLE target ADD COLUMN removed_at TEXT;
