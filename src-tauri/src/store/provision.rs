//! Provisioning's tables: targets (never their tokens), pushes and the
//! receipt of every operation a push sent.

use rusqlite::{params, OptionalExtension, Row};

use super::{Store, StoreError};
use crate::model::{
    AccountAction, PushChange, PushCounts, PushKind, PushPlan, PushQuery, PushState, PushSummary,
    PushTrigger, Receipt, Spelled,
};

/// A target as stored: rules and capabilities as JSON text (the domain
/// reads them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetRow {
    pub target_id: i64,
    pub name: String,
    pub base_url: String,
    pub settings: String,
    pub capabilities: Option<String>,
    pub checked_at: Option<String>,
    pub created_at: String,
}

/// A push as History lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushRow {
    pub push_id: i64,
    pub target_id: i64,
    pub state: PushState,
    pub created_at: String,
    pub decided_at: Option<String>,
    pub decided_by: Option<String>,
    pub counts: PushCounts,
}

fn target_row(r: &Row) -> rusqlite::Result<TargetRow> {
    Ok(TargetRow {
        target_id: r.get(0)?,
        name: r.get(1)?,
        base_url: r.get(2)?,
        settings: r.get(3)?,
        capabilities: r.get(4)?,
        checked_at: r.get(5)?,
        created_at: r.get(6)?,
    })
}

const TARGET_COLUMNS: &str =
    "target_id, name, base_url, settings, capabilities, checked_at, created_at";

fn push_row(r: &Row) -> rusqlite::Result<PushRow> {
    let state: String = r.get(2)?;
    let counts: String = r.get(6)?;
    Ok(PushRow {
        push_id: r.get(0)?,
        target_id: r.get(1)?,
        state: PushState::parse(&state).unwrap_or(PushState::Failed),
        created_at: r.get(3)?,
        decided_at: r.get(4)?,
        decided_by: r.get(5)?,
        counts: serde_json::from_str(&counts).unwrap_or_default(),
    })
}

const PUSH_COLUMNS: &str = "push_id, target_id, state, created_at, decided_at, decided_by, counts";

impl Store {
    pub fn targets(&self) -> Result<Vec<TargetRow>, StoreError> {
        let sql = format!("SELECT {TARGET_COLUMNS} FROM target WHERE removed_at IS NULL ORDER BY name COLLATE NOCASE");
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map([], target_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The target called `name` (any case).
    pub fn target(&self, name: &str) -> Result<Option<TargetRow>, StoreError> {
        let sql =
            format!("SELECT {TARGET_COLUMNS} FROM target WHERE name = ?1 AND removed_at IS NULL");
        Ok(self
            .conn()
            .query_row(&sql, params![name], target_row)
            .optional()?)
    }

    /// Adds a target, or changes the address and rules of the one with
    /// that name (a new address clears what the last test found).
    pub fn save_target(
        &self,
        name: &str,
        base_url: &str,
        settings: &str,
        now: &str,
    ) -> Result<i64, StoreError> {
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT INTO target (name, base_url, settings, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (name) DO UPDATE SET
                 capabilities = CASE WHEN base_url = excluded.base_url THEN capabilities END,
                 checked_at = CASE WHEN base_url = excluded.base_url THEN checked_at END,
                 base_url = excluded.base_url, settings = excluded.settings
             WHERE removed_at IS NULL",
            params![name, base_url, settings, now],
        )?;
        // None when the name is a removed target's ("Okta (removed …)").
        let id = tx.query_row(
            "SELECT target_id FROM target WHERE name = ?1 AND removed_at IS NULL",
            params![name],
            |r| r.get(0),
        )?;
        tx.commit()?;
        Ok(id)
    }

    pub fn set_target_settings(&self, target_id: i64, settings: &str) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE target SET settings = ?2 WHERE target_id = ?1",
            params![target_id, settings],
        )?;
        Ok(())
    }

    /// Records what a successful test found.
    pub fn set_target_checked(
        &self,
        target_id: i64,
        capabilities: &str,
        now: &str,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE target SET capabilities = ?2, checked_at = ?3 WHERE target_id = ?1",
            params![target_id, capabilities, now],
        )?;
        Ok(())
    }

    /// Removes target `name` at `now`, keeping its pushes, receipts and
    /// reconciliations for History: the row stays under a name that frees
    /// this one ("Okta (removed 2026-12-07)"), and a push it was waiting
    /// to have reviewed is superseded. `false` when there was none.
    pub fn remove_target(&self, name: &str, now: &str) -> Result<bool, StoreError> {
        let tx = self.write_transaction()?;
        let Some(target_id) = tx
            .query_row(
                "SELECT target_id FROM target WHERE name = ?1 AND removed_at IS NULL",
                params![name],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
        else {
            return Ok(false);
        };
        let day = now.get(..10).unwrap_or(now);
        let dated = format!("{name} (removed {day})");
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM target WHERE name = ?1)",
            params![dated],
            |r| r.get(0),
        )?;
        let kept = if taken {
            format!("{name} (removed {day}, #{target_id})")
        } else {
            dated
        };
        tx.execute(
            "UPDATE target SET name = ?2, removed_at = ?3 WHERE target_id = ?1",
            params![target_id, kept, now],
        )?;
        // The group names its last preview read (Rules' look-alike check).
        tx.execute(
            "DELETE FROM settings WHERE key = 'target_groups.' || ?1",
            params![target_id],
        )?;
        // What waited for review is never sent now; a push a crash cut
        // short can no longer be resumed, so it ends as it stands.
        tx.execute(
            "UPDATE push SET state = CASE state WHEN 'pending' THEN 'superseded' ELSE 'failed' END,
                 decided_at = COALESCE(decided_at, ?2)
             WHERE target_id = ?1 AND state IN ('pending', 'applying')",
            params![target_id, now],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// The names History's target filters offer: every target's, removed
    /// ones included while their history is kept.
    pub fn target_names(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT name FROM target ORDER BY removed_at IS NOT NULL, name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The target's group names as its last read found them (empty until
    /// a preview has read it), for checks made while no target is read.
    pub fn target_group_names(&self, target_id: i64) -> Result<Vec<String>, StoreError> {
        let text = self.setting(&format!("target_groups.{target_id}"))?;
        Ok(text
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default())
    }

    pub fn set_target_group_names(
        &self,
        target_id: i64,
        names: &[String],
        now: &str,
    ) -> Result<(), StoreError> {
        let text = serde_json::to_string(names).expect("names serialise");
        self.set_setting(&format!("target_groups.{target_id}"), &text, now)
    }

    /// Stores a previewed plan as the target's pending push; an older
    /// pending one is superseded (one review per target at a time).
    /// `rules` are the target's sending rules the plan was made with
    /// ([`crate::reconcile::TargetSettings::sending_rules`]).
    pub fn store_push(
        &self,
        target_id: i64,
        plan: &PushPlan,
        rules: &str,
        now: &str,
    ) -> Result<i64, StoreError> {
        let counts = serde_json::to_string(&plan.counts).expect("counts serialise");
        let lines = &plan.changes;
        let plan = serde_json::to_string(plan).expect("plans serialise");
        let tx = self.write_transaction()?;
        tx.execute(
            "UPDATE push SET state = 'superseded', decided_at = ?2
             WHERE target_id = ?1 AND state = 'pending'",
            params![target_id, now],
        )?;
        tx.execute(
            "INSERT INTO push (target_id, state, created_at, counts, plan, rules)
             VALUES (?1, 'pending', ?2, ?3, ?4, ?5)",
            params![target_id, now, counts, plan, rules],
        )?;
        let id = tx.last_insert_rowid();
        insert_lines(&tx, id, lines)?;
        tx.commit()?;
        Ok(id)
    }

    pub fn push(&self, push_id: i64) -> Result<Option<PushRow>, StoreError> {
        let sql = format!("SELECT {PUSH_COLUMNS} FROM push WHERE push_id = ?1");
        Ok(self
            .conn()
            .query_row(&sql, params![push_id], push_row)
            .optional()?)
    }

    /// A push's whole plan.
    pub fn push_plan(&self, push_id: i64) -> Result<Option<PushPlan>, StoreError> {
        let text: Option<String> = self
            .conn()
            .query_row(
                "SELECT plan FROM push WHERE push_id = ?1",
                params![push_id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    }

    /// A target's pushes, newest first.
    pub fn pushes(&self, target_id: i64) -> Result<Vec<PushRow>, StoreError> {
        let sql =
            format!("SELECT {PUSH_COLUMNS} FROM push WHERE target_id = ?1 ORDER BY push_id DESC");
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(params![target_id], push_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Moves a push from `from` to `to`; `false` when it was not in `from`
    /// (another window or process decided it first). A push an admin sends
    /// (not auto-push) makes the rules it was planned with the target's
    /// reviewed rules, in the same transaction.
    pub fn decide_push(
        &self,
        push_id: i64,
        from: PushState,
        to: PushState,
        by: &str,
        now: &str,
    ) -> Result<bool, StoreError> {
        let tx = self.write_transaction()?;
        let changed = tx.execute(
            "UPDATE push SET state = ?3, decided_at = ?4, decided_by = ?5
             WHERE push_id = ?1 AND state = ?2",
            params![push_id, from.as_str(), to.as_str(), now, by],
        )?;
        let by_admin = PushTrigger::of(by) != Some(PushTrigger::Automatic);
        if changed == 1 && to == PushState::Applying && by_admin {
            tx.execute(
                "UPDATE target SET reviewed_rules = p.rules
                 FROM (SELECT target_id, rules FROM push WHERE push_id = ?1) AS p
                 WHERE target.target_id = p.target_id AND p.rules IS NOT NULL",
                params![push_id],
            )?;
        }
        tx.commit()?;
        Ok(changed == 1)
    }

    /// Whether an admin has sent a push planned with `rules` to this
    /// target (the last one they sent was).
    pub fn rules_reviewed(&self, target_id: i64, rules: &str) -> Result<bool, StoreError> {
        Ok(self.conn().query_row(
            "SELECT reviewed_rules IS ?2 FROM target WHERE target_id = ?1",
            params![target_id, rules],
            |r| r.get(0),
        )?)
    }

    /// Records one operation's receipt, committed at once so a crash keeps
    /// what was already done.
    /// Stores `receipts` in order, in one transaction (all or none).
    pub fn add_receipts(
        &self,
        push_id: i64,
        receipts: &[Receipt],
        now: &str,
    ) -> Result<(), StoreError> {
        self.in_transaction(|s| {
            let mut insert = s.conn().prepare_cached(
                "INSERT INTO push_receipt (push_id, seq, external_id, user_name, kind, operation,
                     status, ok, account_id, detail, at)
                 VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM push_receipt WHERE push_id = ?1),
                     ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            for receipt in receipts {
                insert.execute(params![
                    push_id,
                    receipt.external_id,
                    receipt.user_name,
                    receipt.kind.as_str(),
                    receipt.operation,
                    receipt.status,
                    receipt.ok,
                    receipt.target_id,
                    receipt.detail,
                    now
                ])?;
            }
            Ok(())
        })
    }

    pub fn receipts(&self, push_id: i64) -> Result<Vec<Receipt>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT external_id, user_name, kind, operation, status, ok, account_id, detail
             FROM push_receipt WHERE push_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![push_id], |r| {
            let kind: String = r.get(2)?;
            Ok(Receipt {
                external_id: r.get(0)?,
                user_name: r.get(1)?,
                kind: PushKind::parse(&kind).unwrap_or(PushKind::Update),
                operation: r.get(3)?,
                status: r.get(4)?,
                ok: r.get(5)?,
                target_id: r.get(6)?,
                detail: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// A push's lines that send something or need someone, for the person
/// timeline's index.
fn insert_lines(
    tx: &rusqlite::Transaction,
    push_id: i64,
    lines: &[PushChange],
) -> Result<(), StoreError> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO push_line (push_id, seq, external_id, kind, line) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (seq, line) in lines.iter().enumerate() {
        if matches!(line.kind, PushKind::Unchanged | PushKind::Orphan) {
            continue;
        }
        let text = serde_json::to_string(line).expect("lines serialise");
        insert.execute(params![
            push_id,
            seq as i64,
            line.external_id,
            line.kind.as_str(),
            text
        ])?;
    }
    Ok(())
}

const SUMMARY_SQL: &str = "SELECT p.push_id, t.name, p.state, p.created_at, p.decided_at,
        p.decided_by, p.counts,
        (SELECT count(*) FROM push_receipt r WHERE r.push_id = p.push_id AND r.ok = 1),
        (SELECT count(*) FROM push_receipt r WHERE r.push_id = p.push_id AND r.ok = 0)
     FROM push p JOIN target t ON t.target_id = p.target_id";

/// What History's push filters keep (`?1` target, `?2` state, `?3` trigger).
const SUMMARY_FILTER: &str = "(?1 IS NULL OR t.name = ?1)
     AND (?2 IS NULL OR p.state = ?2)
     AND (?3 IS NULL OR p.decided_by = ?3 OR p.decided_by LIKE ?3 || ':%')";

fn summary_row(r: &Row) -> rusqlite::Result<PushSummary> {
    let state: String = r.get(2)?;
    let counts: String = r.get(6)?;
    let decided_by: Option<String> = r.get(5)?;
    Ok(PushSummary {
        push_id: r.get(0)?,
        target: r.get(1)?,
        state: PushState::parse(&state).unwrap_or(PushState::Failed),
        created_at: r.get(3)?,
        decided_at: r.get(4)?,
        trigger: decided_by.as_deref().and_then(PushTrigger::of),
        decided_by,
        counts: serde_json::from_str(&counts).unwrap_or_default(),
        succeeded: r.get(7)?,
        failed: r.get(8)?,
    })
}

impl Store {
    /// A page of every target's pushes, newest first, and how many the
    /// filters keep.
    pub fn push_page(&self, q: &PushQuery) -> Result<(u32, Vec<PushSummary>), StoreError> {
        let state = q.state.map(|s| s.as_str());
        let trigger = q.trigger.map(|t| t.as_str());
        let filter = params![q.target, state, trigger];
        let total: u32 = self.conn().query_row(
            &format!("SELECT count(*) FROM push p JOIN target t ON t.target_id = p.target_id WHERE {SUMMARY_FILTER}"),
            filter,
            |r| r.get(0),
        )?;
        let sql = format!(
            "{SUMMARY_SQL} WHERE {SUMMARY_FILTER} ORDER BY p.push_id DESC LIMIT ?4 OFFSET ?5"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(
            params![q.target, state, trigger, q.limit, q.offset],
            summary_row,
        )?;
        Ok((total, rows.collect::<Result<_, _>>()?))
    }

    pub fn push_summary(&self, push_id: i64) -> Result<Option<PushSummary>, StoreError> {
        let sql = format!("{SUMMARY_SQL} WHERE p.push_id = ?1");
        Ok(self
            .conn()
            .query_row(&sql, params![push_id], summary_row)
            .optional()?)
    }

    /// What sent pushes did to the accounts anchored to `external_id`
    /// (an employee ID), oldest first: each line with whether all its
    /// operations (its own, and those of the groups it joined or left)
    /// succeeded.
    pub fn account_actions(&self, external_id: &str) -> Result<Vec<AccountAction>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT p.push_id, t.name, COALESCE(p.decided_at, p.created_at), p.decided_by, l.line
             FROM push_line l JOIN push p ON p.push_id = l.push_id
             JOIN target t ON t.target_id = p.target_id
             WHERE l.external_id = ?1 AND p.state IN ('applying', 'applied', 'partial')
               AND l.kind <> 'needs_attention'
             ORDER BY p.push_id, l.seq",
        )?;
        let rows = stmt.query_map(params![external_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (push_id, target, at, by, line) = row?;
            let Ok(line) = serde_json::from_str::<PushChange>(&line) else {
                continue;
            };
            let failure = self.first_failure(push_id, external_id, &line)?;
            out.push(AccountAction {
                push_id,
                target,
                at,
                trigger: by.as_deref().and_then(PushTrigger::of),
                kind: line.kind,
                attributes: line.attributes,
                groups_added: line.groups_added,
                groups_removed: line.groups_removed,
                ok: failure.is_none(),
                detail: failure.flatten(),
            });
        }
        Ok(out)
    }

    /// The first failed operation of `line` in `push_id` (its own, or one
    /// of the groups it joins or leaves): `Some(detail)` when one failed.
    fn first_failure(
        &self,
        push_id: i64,
        external_id: &str,
        line: &PushChange,
    ) -> Result<Option<Option<String>>, StoreError> {
        let groups: Vec<&str> = line
            .groups_added
            .iter()
            .chain(&line.groups_removed)
            .map(String::as_str)
            .collect();
        let groups = serde_json::to_string(&groups).expect("names serialise");
        Ok(self
            .conn()
            .query_row(
                "SELECT COALESCE(detail, operation) FROM push_receipt
                 WHERE push_id = ?1 AND ok = 0
                   AND (external_id = ?2 OR (external_id IS NULL
                        AND user_name IN (SELECT value FROM json_each(?3))))
                 ORDER BY seq LIMIT 1",
                params![push_id, external_id, groups],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()?)
    }
}
