//! Reconciliations: every run against a target with its counts (or why it
//! failed), and each account or person it listed, for History.

use rusqlite::{params, OptionalExtension, Row};

use super::{Store, StoreError};
use crate::model::{
    Finding, PushTrigger, ReconcileEntry, ReconcileReport, ReconciliationQuery,
    ReconciliationSummary, Spelled,
};

const SUMMARY_SQL: &str = "SELECT r.reconciliation_id, t.name, r.run_at, r.run_by,
        r.orphans, r.missing, r.mismatched, r.failure
     FROM reconciliation r JOIN target t ON t.target_id = r.target_id";

fn summary_row(r: &Row) -> rusqlite::Result<ReconciliationSummary> {
    let run_by: String = r.get(3)?;
    Ok(ReconciliationSummary {
        reconciliation_id: r.get(0)?,
        target: r.get(1)?,
        run_at: r.get(2)?,
        trigger: PushTrigger::of(&run_by),
        run_by,
        orphans: r.get(4)?,
        missing: r.get(5)?,
        mismatched: r.get(6)?,
        failure: r.get(7)?,
    })
}

impl Store {
    /// Records a reconciliation of target `target_id` run at `now` by
    /// `by`: its report, or why it failed. Returns its id.
    pub fn store_reconciliation(
        &self,
        target_id: i64,
        outcome: Result<&ReconcileReport, &str>,
        by: &str,
        now: &str,
    ) -> Result<i64, StoreError> {
        let empty = ReconcileReport::default();
        let (report, failure) = match outcome {
            Ok(report) => (report, None),
            Err(why) => (&empty, Some(why)),
        };
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT INTO reconciliation (target_id, run_at, run_by, orphans, missing, mismatched,
                 failure)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                target_id,
                now,
                by,
                report.orphans.len() as i64,
                report.missing.len() as i64,
                report.mismatched.len() as i64,
                failure
            ],
        )?;
        let id = tx.last_insert_rowid();
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO reconciliation_entry (reconciliation_id, seq, finding, user_name,
                     external_id, display_name, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for (seq, (finding, e)) in report.entries().enumerate() {
                insert.execute(params![
                    id,
                    seq as i64,
                    finding.as_str(),
                    e.user_name,
                    e.external_id,
                    e.display_name,
                    e.detail
                ])?;
            }
        }
        tx.commit()?;
        Ok(id)
    }

    /// A page of every target's reconciliations, newest first, and how
    /// many the filter keeps.
    pub fn reconciliation_page(
        &self,
        q: &ReconciliationQuery,
    ) -> Result<(u32, Vec<ReconciliationSummary>), StoreError> {
        let filter = "(?1 IS NULL OR t.name = ?1)";
        let total: u32 = self.conn().query_row(
            &format!(
                "SELECT count(*) FROM reconciliation r JOIN target t ON t.target_id = r.target_id
                 WHERE {filter}"
            ),
            params![q.target],
            |r| r.get(0),
        )?;
        let sql = format!(
            "{SUMMARY_SQL} WHERE {filter} ORDER BY r.reconciliation_id DESC LIMIT ?2 OFFSET ?3"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(params![q.target, q.limit, q.offset], summary_row)?;
        Ok((total, rows.collect::<Result<_, _>>()?))
    }

    pub fn reconciliation_summary(
        &self,
        reconciliation_id: i64,
    ) -> Result<Option<ReconciliationSummary>, StoreError> {
        let sql = format!("{SUMMARY_SQL} WHERE r.reconciliation_id = ?1");
        Ok(self
            .conn()
            .query_row(&sql, params![reconciliation_id], summary_row)
            .optional()?)
    }

    /// The accounts and people a reconciliation listed, in its order.
    pub fn reconciliation_report(
        &self,
        reconciliation_id: i64,
    ) -> Result<ReconcileReport, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT finding, user_name, external_id, display_name, detail
             FROM reconciliation_entry WHERE reconciliation_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![reconciliation_id], |r| {
            let finding: String = r.get(0)?;
            Ok((
                finding,
                ReconcileEntry {
                    user_name: r.get(1)?,
                    external_id: r.get(2)?,
                    display_name: r.get(3)?,
                    detail: r.get(4)?,
                },
            ))
        })?;
        let mut report = ReconcileReport::default();
        for row in rows {
            let (finding, entry) = row?;
            let finding = Finding::parse(&finding).unwrap_or(Finding::Mismatched);
            report.of_mut(finding).push(entry);
        }
        Ok(report)
    }
}
