-- Removing a target keeps its history (issue 14). Auditors read a removed
-- target's pushes, receipts and reconciliations in History as before; the
-- target itself stops being pushed to, scheduled or listed. Its row stays
-- (pushes and reconciliations point at it) under a name that frees the
-- one it had, "Okta (removed 2026-12-07)", so a new target may take it.
ALTER TABLE target ADD COLUMN removed_at TEXT;

-- Auto-push sends only what an admin has seen the rules do: each push keeps
-- the sending rules (attributes, groups, lifecycle policy) it was planned
-- with, and a target the rules of the last push an admin sent. Until they
-- match, auto-push leaves the whole plan for review. Targets from before
-- have none, so each gets one reviewed push after this upgrade: migration
-- 0015 may have added `organization` to rules an admin had left without it.
ALTER TABLE push ADD COLUMN rules TEXT;
ALTER TABLE target ADD COLUMN reviewed_rules TEXT;
