//! The `import`, `import_change` and `lifecycle_event` tables: every plan,
//! its per-person lines and the admin's decisions on them, and the one
//! transaction that applies a plan to the directory.

use crate::model::Spelled;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};

use super::directory::{parse_status, search_text, search_text_of, status_text};
use super::{Store, StoreError, CHECKS_IN_LARGE_WRITES, LARGE_WRITE_CACHE, WRITER_CACHE};
use crate::model::{
    from_variant_name, variant_name, ChangeLine, ChangeQuery, ImportOutcome, ImportTrigger,
    Resolution,
};
use crate::model::{
    AttentionReason, Candidate, ChangeKind, FieldChange, Guardrail, ImportPlan, LifecycleEvent,
    LifecycleEventKind, PersonStatus, PlanCounts, PlannedChange, StatusChange,
};

/// A plan about to be stored.
#[derive(Debug)]
pub struct NewImport<'a> {
    pub created_at: &'a str,
    pub trigger: ImportTrigger,
    pub company_id: &'a str,
    pub mapping_version: Option<u32>,
    pub plan_date: &'a str,
    /// The last applied import when the plan was made (0: none).
    pub based_on: i64,
    pub outcome: ImportOutcome,
    pub plan: &'a ImportPlan,
    /// Per change of `plan`: the person's first and last name.
    pub names: &'a [Option<String>],
    /// Whether this plan replaces an import still waiting for review (an
    /// admin's new preview does). When false (a scheduled run), the insert
    /// is refused instead, decided in the same write transaction as the
    /// insert, so no other process can open an import in between.
    pub supersede: bool,
    /// Per change of `plan` (or empty): a decision made before the admin
    /// sees it, a "leave out" carried over from the previous import.
    pub resolutions: &'a [Option<Resolution>],
}

/// One import as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    pub import_id: i64,
    pub created_at: String,
    pub trigger: ImportTrigger,
    pub company_id: String,
    pub mapping_version: Option<u32>,
    pub plan_date: String,
    pub based_on: i64,
    pub outcome: ImportOutcome,
    pub decided_at: Option<String>,
    pub counts: PlanCounts,
    pub guardrail: Guardrail,
    pub guardrail_confirmed: bool,
    pub active_people: u32,
    pub identity_changes: u32,
    pub error: Option<String>,
}

/// One change to the directory, decided before the transaction starts.
#[derive(Debug, Clone, PartialEq)]
pub enum PersonWrite {
    /// Someone new, under the id their line reserved: values and status.
    Insert {
        seq: u32,
        person_id: i64,
        values: Vec<(String, String)>,
        status: PersonStatus,
    },
    /// Set (or, with `None`, clear) fields; change status and the missing
    /// count when given. `seq` is the line that made the change.
    Update {
        seq: u32,
        person_id: i64,
        set: Vec<(String, Option<String>)>,
        status: Option<PersonStatus>,
        missing_runs: Option<u32>,
    },
}

/// Everything one approval writes beyond the people new in it, whom
/// `Store::apply_import` adds from their lines itself.
#[derive(Debug, Clone, Default)]
pub struct ApplyWrites {
    pub writes: Vec<PersonWrite>,
    /// Lines whose person is someone else than the plan said (a possible
    /// duplicate linked to its candidate).
    pub links: Vec<(u32, i64)>,
    /// People still missing from TriNet and left as they are: their new
    /// consecutive-missing count.
    pub still_missing: Vec<(i64, u32)>,
    /// Events; joiners carry the id their line reserved.
    pub events: Vec<LifecycleEvent>,
    pub guardrail_confirmed: bool,
}

/// Why an approval was refused inside the transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    NoSuchImport,
    /// Already applied, rejected, superseded or failed.
    Decided(ImportOutcome),
    /// Another import was applied since this one was planned.
    Stale,
    /// A plan that may not supersede found this import waiting for review.
    ReviewWaiting(i64),
}

/// What an approval wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplyStats {
    pub people_changed: u32,
    pub events: u32,
}

pub(super) fn json_err(i: usize, e: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
}

pub(super) fn text_err(i: usize, what: &str, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        i,
        rusqlite::types::Type::Text,
        format!("unknown {what} {text:?}").into(),
    )
}

pub(super) fn json<T: serde::de::DeserializeOwned>(r: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let text: String = r.get(i)?;
    serde_json::from_str(&text).map_err(|e| json_err(i, e))
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plan values serialise")
}

/// How a line's fields are stored: someone new as an object of their
/// values (in field order), which is also their directory row, so applying
/// copies it as is; everyone else as `[{field, before, after}]`.
fn stored_fields(c: &PlannedChange) -> String {
    if c.kind != ChangeKind::New {
        return to_json(&c.fields);
    }
    /// The values of someone new, serialised straight into one string.
    struct Values<'a>(&'a [FieldChange]);
    impl serde::Serialize for Values<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map(
                self.0
                    .iter()
                    .filter_map(|f| Some((&f.field, f.after.as_ref()?))),
            )
        }
    }
    to_json(&Values(&c.fields))
}

/// A line's fields as stored (see [`stored_fields`]), as changes.
fn line_fields(r: &Row<'_>, i: usize) -> rusqlite::Result<Vec<FieldChange>> {
    struct Fields(Vec<FieldChange>);
    impl<'de> serde::Deserialize<'de> for Fields {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Visit;
            impl<'de> serde::de::Visitor<'de> for Visit {
                type Value = Fields;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a list of field changes or an object of values")
                }
                fn visit_seq<A: serde::de::SeqAccess<'de>>(
                    self,
                    mut a: A,
                ) -> Result<Fields, A::Error> {
                    let mut out = Vec::new();
                    while let Some(c) = a.next_element::<FieldChange>()? {
                        out.push(c);
                    }
                    Ok(Fields(out))
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut a: A,
                ) -> Result<Fields, A::Error> {
                    let mut out = Vec::new();
                    while let Some((field, after)) = a.next_entry::<String, String>()? {
                        out.push(FieldChange {
                            field,
                            before: None,
                            after: Some(after),
                        });
                    }
                    Ok(Fields(out))
                }
            }
            d.deserialize_any(Visit)
        }
    }
    Ok(json::<Fields>(r, i)?.0)
}

pub(super) const IMPORT_COLUMNS: &str = "import_id, created_at, trigger, company_id, mapping_version, plan_date, based_on, \
     outcome, decided_at, counts, guardrail, guardrail_confirmed, active_people, identity_changes, error";

pub(super) fn import_row(r: &Row<'_>) -> rusqlite::Result<ImportRow> {
    let trigger: String = r.get(2)?;
    let outcome: String = r.get(7)?;
    Ok(ImportRow {
        import_id: r.get(0)?,
        created_at: r.get(1)?,
        trigger: ImportTrigger::parse(&trigger).ok_or_else(|| text_err(2, "trigger", &trigger))?,
        company_id: r.get(3)?,
        mapping_version: r.get(4)?,
        plan_date: r.get(5)?,
        based_on: r.get(6)?,
        outcome: ImportOutcome::parse(&outcome).ok_or_else(|| text_err(7, "outcome", &outcome))?,
        decided_at: r.get(8)?,
        counts: json(r, 9)?,
        guardrail: json(r, 10)?,
        guardrail_confirmed: r.get(11)?,
        active_people: r.get(12)?,
        identity_changes: r.get(13)?,
        error: r.get(14)?,
    })
}

pub(super) fn enum_parse<T: crate::model::Spelled>(
    i: usize,
    what: &str,
    text: &str,
) -> rusqlite::Result<T> {
    from_variant_name(text).ok_or_else(|| text_err(i, what, text))
}

/// The stored columns of a line, in `change_line` order.
const CHANGE_COLUMNS: &str =
    "seq, kind, person_id, employee_id, work_email, name, reason, status_before, \
     status_after, missing_runs, candidate, note, fields, resolution";

/// `CHANGE_COLUMNS` as read from `import_change l` or `import_line l`,
/// with whether the line changed the directory: a change of an applied
/// import, or a needs-attention line approved or linked in one.
pub(super) const LINE_SELECT: &str =
    "seq, kind, person_id, employee_id, work_email, name, reason, status_before, \
     status_after, missing_runs, candidate, note, fields, resolution, \
     (kind IN ('new', 'updated', 'deactivated', 'reactivated', 'leave_started', 'leave_ended') \
      OR ifnull(resolution, '') IN ('approve', 'link')) \
     AND EXISTS (SELECT 1 FROM import i WHERE i.import_id = l.import_id AND i.outcome = 'applied')";

fn change_line(r: &Row<'_>) -> rusqlite::Result<ChangeLine> {
    change_line_at(r, 0)
}

/// A line read from `LINE_SELECT`'s columns starting at column `at`.
pub(super) fn change_line_at(r: &Row<'_>, at: usize) -> rusqlite::Result<ChangeLine> {
    let kind: String = r.get(at + 1)?;
    let reason: Option<String> = r.get(at + 6)?;
    let before: Option<String> = r.get(at + 7)?;
    let after: Option<String> = r.get(at + 8)?;
    let candidate: Option<String> = r.get(at + 10)?;
    let resolution: Option<String> = r.get(at + 13)?;
    let status = |i: usize, t: &str| parse_status(t).ok_or_else(|| text_err(i, "status", t));
    let status_change = match after {
        Some(a) => Some(StatusChange {
            before: before.as_deref().map(|b| status(at + 7, b)).transpose()?,
            after: status(at + 8, &a)?,
        }),
        None => None,
    };
    Ok(ChangeLine {
        seq: r.get(at)?,
        change: PlannedChange {
            kind: enum_parse(at + 1, "kind", &kind)?,
            person_id: r.get(at + 2)?,
            employee_id: r.get(at + 3)?,
            work_email: r.get(at + 4)?,
            reason: reason
                .as_deref()
                .map(|t| enum_parse::<AttentionReason>(at + 6, "reason", t))
                .transpose()?,
            status_change,
            missing_runs: r.get(at + 9)?,
            candidate: candidate
                .map(|c| serde_json::from_str::<Candidate>(&c).map_err(|e| json_err(at + 10, e)))
                .transpose()?,
            note: r.get(at + 11)?,
            fields: line_fields(r, at + 12)?,
            record: None,
        },
        name: r.get(at + 5)?,
        resolution: resolution
            .as_deref()
            .map(|t| Resolution::parse(t).ok_or_else(|| text_err(at + 13, "resolution", t)))
            .transpose()?,
        applied: r.get(at + 14)?,
    })
}

/// One page of an import's lines matching `filter`, in line order. Its
/// parameters: the import's id, then `filter`'s, then limit and offset.
/// The page's line numbers are found first, through the import_change_find
/// index alone (migration 0014); only those lines are then read whole, not
/// every line before the page.
pub(super) fn line_page_sql(filter: &str) -> String {
    format!(
        "SELECT {LINE_SELECT} FROM import_line l WHERE import_id = ? AND seq IN \
         (SELECT seq FROM import_line WHERE {filter} ORDER BY seq LIMIT ? OFFSET ?) ORDER BY seq"
    )
}

/// A LIKE pattern (escape character `\`) matching text that contains
/// `needle` anywhere, its `%`, `_` and `\` taken literally.
fn like_pattern(needle: &str) -> String {
    let mut out = String::with_capacity(needle.len() + 2);
    out.push('%');
    for ch in needle.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('%');
    out
}

/// The WHERE clause and parameters of `query` on import `import_id`.
fn change_filter(import_id: i64, query: &ChangeQuery) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
    let mut sql = String::from("import_id = ?");
    let mut args = vec![Value::Integer(import_id)];
    if let Some(kind) = query.kind {
        sql.push_str(" AND kind = ?");
        args.push(Value::Text(variant_name(kind)));
    }
    if query.changed_only {
        sql.push_str(" AND kind != 'unchanged'");
    }
    if let Some(reason) = query.reason {
        sql.push_str(" AND reason = ?");
        args.push(Value::Text(variant_name(reason)));
    }
    if let Some(search) = query
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        // LIKE folds ASCII case as lower() did, without making a lowered
        // copy of three columns per line: a search counts every line.
        sql.push_str(
            " AND (name LIKE ? ESCAPE '\\' OR employee_id LIKE ? ESCAPE '\\' \
             OR work_email LIKE ? ESCAPE '\\')",
        );
        let pattern = like_pattern(&search.to_lowercase());
        for _ in 0..3 {
            args.push(Value::Text(pattern.clone()));
        }
    }
    if let Some(field) = query.field.as_deref().filter(|f| !f.is_empty()) {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM json_each(fields) \
             WHERE CASE WHEN type = 'object' THEN json_extract(value, '$.field') ELSE key END = ?)",
        );
        args.push(Value::Text(field.to_string()));
    }
    (sql, args)
}

impl Store {
    /// The last applied import's id, or 0 for a directory no import has touched.
    pub fn last_applied_import(&self) -> Result<i64, StoreError> {
        last_applied(self.conn())
    }

    /// Stores a new plan with its lines. Any plan still waiting for review
    /// is superseded by it when `new.supersede`, else the insert is refused
    /// with [`Refusal::ReviewWaiting`]; either way in one write transaction.
    pub fn insert_import(&self, new: &NewImport<'_>) -> Result<Result<i64, Refusal>, StoreError> {
        let large = LargeWrite::begin(self)?;
        let mut phases = Phases::start();
        let tx = self.write_transaction()?;
        if !new.supersede {
            let open: Option<i64> = tx
                .query_row(
                    "SELECT import_id FROM import WHERE outcome IN ('pending', 'held')
                     ORDER BY import_id DESC LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(open) = open {
                return Ok(Err(Refusal::ReviewWaiting(open)));
            }
        }
        tx.execute(
            "UPDATE import SET outcome = 'superseded', decided_at = ?1
             WHERE outcome IN ('pending', 'held')",
            params![new.created_at],
        )?;
        let plan = new.plan;
        let import_id: i64 = tx.query_row(
            "INSERT INTO import (created_at, trigger, company_id, mapping_version, plan_date, based_on,
                                 outcome, counts, guardrail, active_people, identity_changes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING import_id",
            params![
                new.created_at,
                new.trigger.as_str(),
                new.company_id,
                new.mapping_version,
                new.plan_date,
                new.based_on,
                new.outcome.as_str(),
                to_json(&plan.counts),
                to_json(&plan.guardrail),
                plan.active_people,
                plan.identity_changes,
            ],
            |r| r.get(0),
        )?;
        // Someone new gets the next free person id now: the directory
        // cannot grow before this plan applies (applying needs it to be
        // unchanged), so the id is still free then.
        let next_person: i64 = tx.query_row(
            "SELECT coalesce(max(person_id), 0) + 1 FROM person",
            [],
            |r| r.get(0),
        )?;
        phases.mark("import row");
        insert_lines(&tx, import_id, new, next_person, &mut phases)?;
        phases.mark("lines inserted");
        large.commit(tx, &mut phases)?;
        phases.log(import_id, "plan stored");
        Ok(Ok(import_id))
    }

    /// Records an import that could not be planned, so history shows it.
    pub fn insert_failed_import(
        &self,
        created_at: &str,
        trigger: ImportTrigger,
        company_id: &str,
        plan_date: &str,
        error_code: &str,
        error: &str,
    ) -> Result<i64, StoreError> {
        Ok(self.conn().query_row(
            "INSERT INTO import (created_at, trigger, company_id, plan_date, based_on, outcome,
                                 decided_at, counts, guardrail, error_code, error)
             VALUES (?1, ?2, ?3, ?4, 0, 'failed', ?1, ?5, ?6, ?7, ?8) RETURNING import_id",
            params![
                created_at,
                trigger.as_str(),
                company_id,
                plan_date,
                to_json(&PlanCounts::default()),
                to_json(&Guardrail::default()),
                error_code,
                error
            ],
            |r| r.get(0),
        )?)
    }

    pub fn import(&self, import_id: i64) -> Result<Option<ImportRow>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {IMPORT_COLUMNS} FROM import WHERE import_id = ?1"),
                params![import_id],
                import_row,
            )
            .optional()?)
    }

    /// The newest import waiting for review. A scheduled run's import that
    /// is still pending is in flight (it is applied, held or marked failed
    /// before its run ends), so nobody can approve it before it is held.
    pub fn open_import(&self) -> Result<Option<ImportRow>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                &format!(
                    "SELECT {IMPORT_COLUMNS} FROM import
                     WHERE outcome = 'held' OR (outcome = 'pending' AND trigger <> 'scheduled')
                     ORDER BY import_id DESC LIMIT 1"
                ),
                [],
                import_row,
            )
            .optional()?)
    }

    /// Imports newest first.
    pub fn imports(&self, limit: u32, offset: u32) -> Result<Vec<ImportRow>, StoreError> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {IMPORT_COLUMNS} FROM import ORDER BY import_id DESC LIMIT ?1 OFFSET ?2"
        ))?;
        let rows = stmt
            .query_map(params![limit, offset], import_row)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Needs-attention lines of an import with no decision yet.
    pub fn unresolved_count(&self, import_id: i64) -> Result<u32, StoreError> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM import_change
             WHERE import_id = ?1 AND kind = 'needs_attention' AND resolution IS NULL",
            params![import_id],
            |r| r.get(0),
        )?)
    }

    /// Every line of an import, in order.
    pub fn import_changes(&self, import_id: i64) -> Result<Vec<ChangeLine>, StoreError> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {LINE_SELECT} FROM import_line l WHERE import_id = ?1 ORDER BY seq"
        ))?;
        let rows = stmt
            .query_map(params![import_id], change_line)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The lines of an import applying must decide on: all but the new
    /// and unchanged people (`apply_import` adds everyone new, with their
    /// joiner events, in SQL).
    pub fn lines_to_apply(&self, import_id: i64) -> Result<Vec<ChangeLine>, StoreError> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {LINE_SELECT} FROM import_change_full l
             WHERE import_id = ?1 AND kind NOT IN ('new', 'unchanged') ORDER BY seq"
        ))?;
        let rows = stmt
            .query_map(params![import_id], change_line)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The needs-attention lines of import `import_id`.
    pub fn attention_lines(&self, import_id: i64) -> Result<Vec<ChangeLine>, StoreError> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {LINE_SELECT} FROM import_change_full l
             WHERE import_id = ?1 AND kind = 'needs_attention' ORDER BY seq"
        ))?;
        let rows = stmt
            .query_map(params![import_id], change_line)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The needs-attention lines of the newest import that still has its
    /// lines and was not rejected: where earlier decisions carry over from.
    pub fn previous_attention_lines(&self) -> Result<Vec<ChangeLine>, StoreError> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {LINE_SELECT} FROM import_change_full l
             WHERE kind = 'needs_attention' AND import_id = (
                 SELECT max(i.import_id) FROM import i
                 WHERE i.outcome IN ('applied', 'superseded', 'pending', 'held')
                   AND (EXISTS (SELECT 1 FROM import_change c WHERE c.import_id = i.import_id)
                        OR EXISTS (SELECT 1 FROM import_unchanged u WHERE u.import_id = i.import_id)))
             ORDER BY seq"
        ))?;
        let rows = stmt.query_map([], change_line)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The lines matching `query`, and how many match in all.
    pub fn change_page(
        &self,
        import_id: i64,
        query: &ChangeQuery,
    ) -> Result<(u32, Vec<ChangeLine>), StoreError> {
        let (filter, mut args) = change_filter(import_id, query);
        let total: u32 = self.conn().query_row(
            &format!("SELECT count(*) FROM import_line WHERE {filter}"),
            params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        args.insert(0, rusqlite::types::Value::Integer(import_id));
        args.push(rusqlite::types::Value::Integer(i64::from(
            query.limit.min(500),
        )));
        args.push(rusqlite::types::Value::Integer(i64::from(query.offset)));
        let mut stmt = self.conn().prepare(&line_page_sql(&filter))?;
        let lines = stmt
            .query_map(params_from_iter(args.iter()), change_line)?
            .collect::<Result<_, _>>()?;
        Ok((total, lines))
    }

    /// One line of an import.
    pub fn change_line(&self, import_id: i64, seq: u32) -> Result<Option<ChangeLine>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                &format!(
                    "SELECT {LINE_SELECT} FROM import_line l WHERE import_id = ?1 AND seq = ?2"
                ),
                params![import_id, seq],
                change_line,
            )
            .optional()?)
    }

    /// Records (or with `None` clears) the decision on one line of an open import.
    pub fn set_resolution(
        &self,
        import_id: i64,
        seq: u32,
        resolution: Option<Resolution>,
    ) -> Result<bool, StoreError> {
        let n = self.conn().execute(
            "UPDATE import_change SET resolution = ?3
             WHERE import_id = ?1 AND seq = ?2 AND kind = 'needs_attention'
               AND import_id IN (SELECT import_id FROM import WHERE outcome IN ('pending', 'held'))",
            params![import_id, seq, resolution.map(Resolution::as_str)],
        )?;
        Ok(n == 1)
    }

    /// Marks an open import as rejected; `Err(outcome)` when it is not open.
    pub fn reject_import(
        &self,
        import_id: i64,
        decided_at: &str,
    ) -> Result<Result<(), Refusal>, StoreError> {
        let tx = self.write_transaction()?;
        if let Some(refused) = not_open(&tx, import_id)? {
            return Ok(Err(refused));
        }
        tx.execute(
            "UPDATE import SET outcome = 'rejected', decided_at = ?2 WHERE import_id = ?1",
            params![import_id, decided_at],
        )?;
        tx.commit()?;
        Ok(Ok(()))
    }

    /// Applies `writes` for import `import_id` in one transaction: directory
    /// rows, the line log, lifecycle events and the import's outcome.
    /// Refused, writing nothing, if the import is not open or another
    /// import was applied since it was planned.
    pub fn apply_import(
        &self,
        import_id: i64,
        writes: &ApplyWrites,
        decided_at: &str,
    ) -> Result<Result<ApplyStats, Refusal>, StoreError> {
        let large = LargeWrite::begin(self)?;
        let mut phases = Phases::start();
        // Dropped without commit (a refusal, an error, a panic): rolled back.
        let tx = self.write_transaction()?;
        #[cfg(debug_assertions)]
        crash_test_hook("begun");
        let result = apply_in(&tx, import_id, writes, decided_at, &mut phases)?;
        if result.is_ok() {
            #[cfg(debug_assertions)]
            crash_test_hook("written");
            large.commit(tx, &mut phases)?;
            phases.log(import_id, "apply transaction");
        }
        Ok(result)
    }
}

/// Whether a line says only "this person is unchanged": then it is kept as
/// its number and the person (`import_unchanged`, see migration 0009).
fn plain_unchanged(c: &PlannedChange, resolution: Option<Resolution>) -> bool {
    c.kind == ChangeKind::Unchanged
        && c.person_id.is_some()
        && c.reason.is_none()
        && c.status_change.is_none()
        && c.missing_runs.is_none()
        && c.candidate.is_none()
        && c.note.is_none()
        && c.fields.is_empty()
        && resolution.is_none()
}

/// Stores the lines of a new plan: the plain unchanged ones as line number
/// and person, the others whole. Someone new gets the next free person id
/// from `next_person` on.
fn insert_lines(
    tx: &rusqlite::Connection,
    import_id: i64,
    new: &NewImport<'_>,
    mut next_person: i64,
    phases: &mut Phases,
) -> Result<(), StoreError> {
    let mut lines = Rows::new(
        tx,
        format!("INSERT INTO import_change (import_id, {CHANGE_COLUMNS}, body_id) VALUES "),
        LineRow::ROW,
        LineRow::bind,
    );
    let mut bodies = Bodies::new(tx)?;
    let mut unchanged =
        tx.prepare("INSERT INTO import_unchanged (import_id, seq, person_id) VALUES (?1, ?2, ?3)")?;
    let mut encoding = std::time::Duration::ZERO;
    for (seq, c) in new.plan.changes.iter().enumerate() {
        let resolution = new.resolutions.get(seq).copied().flatten();
        if plain_unchanged(c, resolution) {
            unchanged.execute(params![import_id, seq as u32, c.person_id])?;
            continue;
        }
        let started = std::time::Instant::now();
        let unmatched_record = c.person_id.is_none()
            && c.missing_runs.is_none()
            && matches!(c.kind, ChangeKind::New | ChangeKind::NeedsAttention);
        let person_id = if unmatched_record {
            next_person += 1;
            Some(next_person - 1)
        } else {
            c.person_id
        };
        // The order of BODY_COLUMNS.
        let values: [Option<String>; 9] = [
            c.employee_id.clone(),
            c.work_email.clone(),
            new.names.get(seq).cloned().flatten(),
            c.reason.map(variant_name),
            c.status_change
                .and_then(|s| s.before)
                .map(|s| status_text(s).to_string()),
            c.status_change.map(|s| status_text(s.after).to_string()),
            c.candidate.as_ref().map(to_json),
            c.note.clone(),
            Some(stored_fields(c)),
        ];
        encoding += started.elapsed();
        let (values, body_id) = if c.kind == ChangeKind::NeedsAttention {
            let body = bodies.body_id(&values)?;
            let mut none: [Option<String>; 9] = Default::default();
            none[8] = Some("[]".to_string());
            (none, Some(body))
        } else {
            (values, None)
        };
        let row = LineRow {
            import_id,
            seq: seq as u32,
            kind: variant_name(c.kind),
            person_id,
            values,
            missing_runs: c.missing_runs,
            resolution: resolution.map(Resolution::as_str),
            body_id,
        };
        if lines.push(row) {
            lines.flush()?;
        }
    }
    lines.flush()?;
    phases.add("lines encoded (within lines inserted)", encoding);
    Ok(())
}

/// One line of `import_change` waiting to be inserted.
struct LineRow {
    import_id: i64,
    seq: u32,
    kind: String,
    person_id: Option<i64>,
    /// In the order of BODY_COLUMNS.
    values: [Option<String>; 9],
    missing_runs: Option<u32>,
    resolution: Option<&'static str>,
    body_id: Option<i64>,
}

impl LineRow {
    const ROW: &'static str = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    fn bind(&self, to: &mut Binder<'_, '_>) -> rusqlite::Result<()> {
        let [employee_id, work_email, name, reason, before, after, candidate, note, fields] =
            &self.values;
        to.bind(&[
            &self.import_id,
            &self.seq,
            &self.kind,
            &self.person_id,
            employee_id,
            work_email,
            name,
            reason,
            before,
            after,
            &self.missing_runs,
            candidate,
            note,
            fields,
            &self.resolution,
            &self.body_id,
        ])
    }
}

/// Rows of one table inserted [`Rows::PER_STATEMENT`] to a statement
/// (`INSERT … VALUES (…), (…), …`): one statement's work (preparing,
/// running its program) shared by that many rows.
struct Rows<'c, R> {
    conn: &'c rusqlite::Connection,
    /// `INSERT INTO table (columns) VALUES `
    into: String,
    /// One row's `(?, ?, …)`.
    row: &'static str,
    bind: fn(&R, &mut Binder<'_, '_>) -> rusqlite::Result<()>,
    waiting: Vec<R>,
}

/// Binds a statement's parameters in order.
struct Binder<'s, 'c> {
    statement: &'s mut rusqlite::CachedStatement<'c>,
    at: usize,
}

impl Binder<'_, '_> {
    /// Binds `values` to the next parameters.
    fn bind(&mut self, values: &[&dyn rusqlite::ToSql]) -> rusqlite::Result<()> {
        for value in values {
            self.at += 1;
            self.statement.raw_bind_parameter(self.at, value)?;
        }
        Ok(())
    }
}

impl<'c, R> Rows<'c, R> {
    /// 50 rows to a statement took 45% less time than one for a plan's
    /// 100,000 lines; 200 were no faster than 50.
    const PER_STATEMENT: usize = 50;

    fn new(
        conn: &'c rusqlite::Connection,
        into: String,
        row: &'static str,
        bind: fn(&R, &mut Binder<'_, '_>) -> rusqlite::Result<()>,
    ) -> Self {
        Self {
            conn,
            into,
            row,
            bind,
            waiting: Vec::with_capacity(Self::PER_STATEMENT),
        }
    }

    /// Adds `row`; whether a statement's worth is now waiting.
    fn push(&mut self, row: R) -> bool {
        self.waiting.push(row);
        self.waiting.len() >= Self::PER_STATEMENT
    }

    /// Inserts the rows waiting.
    fn flush(&mut self) -> rusqlite::Result<()> {
        if self.waiting.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "{}{}",
            self.into,
            vec![self.row; self.waiting.len()].join(", ")
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut to = Binder {
            statement: &mut statement,
            at: 0,
        };
        for row in &self.waiting {
            (self.bind)(row, &mut to)?;
        }
        statement.raw_execute()?;
        self.waiting.clear();
        Ok(())
    }
}

/// What a needs-attention line shares with the same line proposed again by
/// a later import (`line_body`, migration 0011).
const BODY_COLUMNS: [&str; 9] = [
    "employee_id",
    "work_email",
    "name",
    "reason",
    "status_before",
    "status_after",
    "candidate",
    "note",
    "fields",
];

/// The values of needs-attention lines: each distinct set stored once,
/// however many imports propose it again.
struct Bodies<'c> {
    find: rusqlite::CachedStatement<'c>,
    insert: rusqlite::CachedStatement<'c>,
}

impl<'c> Bodies<'c> {
    fn new(tx: &'c rusqlite::Connection) -> Result<Self, StoreError> {
        let same: Vec<String> = BODY_COLUMNS
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} IS ?{}", i + 2))
            .collect();
        let slots: Vec<String> = (2..=BODY_COLUMNS.len() + 1)
            .map(|i| format!("?{i}"))
            .collect();
        Ok(Self {
            find: tx.prepare_cached(&format!(
                "SELECT body_id FROM line_body WHERE hash = ?1 AND {}",
                same.join(" AND ")
            ))?,
            insert: tx.prepare_cached(&format!(
                "INSERT INTO line_body (hash, {}) VALUES (?1, {}) RETURNING body_id",
                BODY_COLUMNS.join(", "),
                slots.join(", ")
            ))?,
        })
    }

    /// The body holding `values` (in `BODY_COLUMNS` order), stored now if
    /// no line had them yet.
    fn body_id(&mut self, values: &[Option<String>; 9]) -> Result<i64, StoreError> {
        let hash = body_hash(values);
        let args = std::iter::once(rusqlite::types::Value::Integer(hash)).chain(
            values
                .iter()
                .map(|v| v.clone().map_or(rusqlite::types::Value::Null, Into::into)),
        );
        let args: Vec<rusqlite::types::Value> = args.collect();
        let found = self
            .find
            .query_row(params_from_iter(&args), |r| r.get(0))
            .optional()?;
        match found {
            Some(id) => Ok(id),
            None => Ok(self
                .insert
                .query_row(params_from_iter(&args), |r| r.get(0))?),
        }
    }
}

/// 64-bit FNV-1a of a line body's values, each prefixed by its length (an
/// absent one by a length no text has); stored, so it must never change.
fn body_hash(values: &[Option<String>]) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for value in values {
        match value {
            Some(text) => {
                eat(&(text.len() as u64).to_le_bytes());
                eat(text.as_bytes());
            }
            None => eat(&u64::MAX.to_le_bytes()),
        }
    }
    hash as i64
}

/// Debug builds only, for the black-box SIGKILL test (tests/blackbox/review.rs): with
/// ROSTER_TEST_APPLY_HOLD_MS set, says on stderr when the apply transaction has begun
/// and when all its writes are made, and holds the written, uncommitted transaction
/// that long, so the test can prove its kills landed inside it.
#[cfg(debug_assertions)]
fn crash_test_hook(moment: &str) {
    let Some(hold) = std::env::var("ROSTER_TEST_APPLY_HOLD_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    else {
        return;
    };
    eprintln!("roster test hook: apply transaction {moment}");
    if moment == "written" {
        std::thread::sleep(std::time::Duration::from_millis(hold));
    }
}

/// Why import `import_id` cannot be decided on, if it cannot: it does not
/// exist, or it is no longer open.
fn not_open(conn: &rusqlite::Connection, import_id: i64) -> Result<Option<Refusal>, StoreError> {
    let text: Option<String> = conn
        .query_row(
            "SELECT outcome FROM import WHERE import_id = ?1",
            params![import_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match text.and_then(|t| ImportOutcome::parse(&t)) {
        None => Some(Refusal::NoSuchImport),
        Some(o) if !o.is_open() => Some(Refusal::Decided(o)),
        Some(_) => None,
    })
}

/// The last applied import's id, or 0 for a directory no import has touched.
fn last_applied(conn: &rusqlite::Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT coalesce((SELECT import_id FROM import WHERE applied_seq IS NOT NULL
                          ORDER BY applied_seq DESC LIMIT 1), 0)",
        [],
        |r| r.get(0),
    )?)
}

/// Whether anyone in the directory is missing from TriNet.
pub(super) const ANYONE_MISSING: &str =
    "SELECT EXISTS (SELECT 1 FROM person WHERE missing_runs > 0)";

fn apply_in(
    conn: &rusqlite::Connection,
    import_id: i64,
    writes: &ApplyWrites,
    decided_at: &str,
    phases: &mut Phases,
) -> Result<Result<ApplyStats, Refusal>, StoreError> {
    if let Some(refused) = not_open(conn, import_id)? {
        return Ok(Err(refused));
    }
    let (based_on, plan_date): (i64, String) = conn.query_row(
        "SELECT based_on, plan_date FROM import WHERE import_id = ?1",
        params![import_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if last_applied(conn)? != based_on {
        return Ok(Err(Refusal::Stale));
    }
    phases.mark("checked");

    // Everyone TriNet still sends is no longer missing. Listing everyone
    // the import has a line for costs more than finding nobody missing
    // (index person_missing).
    let anyone_missing: bool = conn.query_row(ANYONE_MISSING, [], |r| r.get(0))?;
    if anyone_missing {
        conn.execute(
            "UPDATE person SET missing_runs = 0
             WHERE missing_runs > 0 AND person_id IN (
                 SELECT person_id FROM import_change
                 WHERE import_id = ?1 AND person_id IS NOT NULL AND missing_runs IS NULL
                 UNION ALL SELECT person_id FROM import_unchanged WHERE import_id = ?1)",
            params![import_id],
        )?;
    }
    phases.mark("missing counts reset");
    // The first applied import is the baseline: the people it adds were
    // already employed, so they are in the directory from the baseline, not
    // joiners.
    let joined = if based_on == 0 {
        LifecycleEventKind::Baseline
    } else {
        LifecycleEventKind::Joiner
    };
    let mut stats = match add_new_people(conn, import_id, &plan_date, joined, phases)? {
        Ok(stats) => stats,
        Err(refused) => return Ok(Err(refused)),
    };
    match write_people(conn, import_id, &writes.writes)? {
        Ok(changed) => stats.people_changed += changed,
        Err(refused) => return Ok(Err(refused)),
    }
    for (seq, person_id) in &writes.links {
        conn.execute(
            "UPDATE import_change SET person_id = ?3 WHERE import_id = ?1 AND seq = ?2",
            params![import_id, seq, person_id],
        )?;
    }
    let mut missing =
        conn.prepare_cached("UPDATE person SET missing_runs = ?2 WHERE person_id = ?1")?;
    for (person_id, runs) in &writes.still_missing {
        missing.execute(params![person_id, runs])?;
    }
    phases.mark("people written");
    stats.events += write_events(conn, import_id, writes, &plan_date, joined)?;
    phases.mark("events written");
    if moves_facets(&writes.writes, stats.people_changed) {
        count_facets(conn)?;
        phases.mark("facets counted");
    }
    conn.execute(
        "UPDATE import SET outcome = 'applied', decided_at = ?2, guardrail_confirmed = ?3,
                applied_seq = (SELECT coalesce(max(applied_seq), 0) + 1 FROM import),
                headcount = (SELECT count(*) FROM person WHERE status IN ('active', 'on_leave'))
         WHERE import_id = ?1",
        params![import_id, decided_at, writes.guardrail_confirmed],
    )?;
    phases.mark("import marked applied");
    Ok(Ok(stats))
}

/// What a directory row keeps beside the object of someone new's values
/// (their line's fields): read from that object once, in Rust.
#[derive(serde::Deserialize)]
struct NewPersonValues<'a> {
    #[serde(borrow)]
    first_name: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    last_name: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    preferred_name: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    employee_id: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    work_email: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    department: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    location: Option<std::borrow::Cow<'a, str>>,
}

impl NewPersonValues<'_> {
    /// The directory's order (`person.sort_name`): see [`sort_name_of`].
    fn sort_name(&self) -> String {
        let last = self.last_name.as_deref().unwrap_or("");
        let first = self.first_name.as_deref().unwrap_or("");
        let mut out = String::with_capacity(last.len() + first.len() + 1);
        out.push_str(last);
        out.push('\u{1f}');
        out.push_str(first);
        out
    }

    /// What the Directory's search looks in (`person.search`).
    fn search(&self) -> String {
        search_text([
            self.first_name.as_deref(),
            self.last_name.as_deref(),
            self.preferred_name.as_deref(),
            self.employee_id.as_deref(),
            self.work_email.as_deref(),
        ])
    }
}

/// Adds everyone new straight from their lines (whose fields are stored as
/// the directory row), under the id each line reserved, with their joiner
/// (`joined`) events; refused when a reserved id is taken. Each line's
/// values are read once, here: its order, search text, department and
/// location are bound as they are, not extracted again in SQL.
fn add_new_people(
    conn: &rusqlite::Connection,
    import_id: i64,
    plan_date: &str,
    joined: LifecycleEventKind,
    phases: &mut Phases,
) -> Result<Result<ApplyStats, Refusal>, StoreError> {
    let mut rebuild = indexes_to_rebuild(conn, "person")?;
    rebuild.extend(indexes_to_rebuild(conn, "lifecycle_event")?);
    let mut lines = conn.prepare(
        "SELECT person_id, status_after, fields FROM import_change
         WHERE import_id = ?1 AND kind = 'new' ORDER BY seq",
    )?;
    let mut people = Rows::new(conn, PersonRow::into(), PersonRow::ROW, PersonRow::bind);
    let mut events = Rows::new(
        conn,
        "INSERT INTO lifecycle_event \
         (import_id, person_id, kind, occurred_on, fields, department, location) VALUES "
            .to_string(),
        "(?, ?, ?, ?, '[]', ?, ?)",
        JoinerRow::bind,
    );
    let joined = variant_name(joined);
    let mut stats = ApplyStats::default();
    let mut rows = lines.query(params![import_id])?;
    while let Some(r) = rows.next()? {
        let person_id: i64 = r.get(0)?;
        let status = r
            .get_ref(1)?
            .as_str_or_null()
            .map_err(rusqlite::Error::from)?;
        let fields = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
        let values: NewPersonValues<'_> =
            serde_json::from_str(fields).map_err(|e| json_err(2, e))?;
        stats.people_changed += 1;
        // Someone new who has already left is history, not a joiner.
        if status != Some("former") {
            events.push(JoinerRow {
                import_id,
                person_id,
                kind: &joined,
                occurred_on: plan_date,
                department: values.department.as_deref().map(str::to_string),
                location: values.location.as_deref().map(str::to_string),
            });
            stats.events += 1;
        }
        if people.push(PersonRow::new(
            import_id, person_id, status, fields, &values,
        )) && !flush_new_people(&mut people, &mut events)?
        {
            return Ok(Err(Refusal::Stale));
        }
    }
    if !flush_new_people(&mut people, &mut events)? {
        return Ok(Err(Refusal::Stale));
    }
    phases.mark("new people and joiner events added");
    for index in rebuild {
        conn.execute_batch(&index)?;
    }
    phases.mark("indexes rebuilt");
    Ok(Ok(stats))
}

/// When `table` is empty (a first import fills the directory and its
/// events), drops its indexes and answers the statements that create them
/// again: built once after the rows are in (a sort), they cost a fraction
/// of 100,000 inserts at random places in each. Same transaction, so a
/// crash or a refusal leaves them as they were.
fn indexes_to_rebuild(conn: &rusqlite::Connection, table: &str) -> Result<Vec<String>, StoreError> {
    let empty: bool = conn.query_row(
        &format!("SELECT NOT EXISTS (SELECT 1 FROM {table})"),
        [],
        |r| r.get(0),
    )?;
    if !empty {
        return Ok(Vec::new());
    }
    let indexes: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL",
        )?
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (name, _) in &indexes {
        conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
    }
    Ok(indexes.into_iter().map(|(_, sql)| sql).collect())
}

/// Inserts the new people waiting, then their joiner events (after the
/// people: their foreign key); `false` when a reserved person id is taken
/// (the plan no longer fits).
fn flush_new_people(
    people: &mut Rows<'_, PersonRow>,
    events: &mut Rows<'_, JoinerRow<'_>>,
) -> Result<bool, StoreError> {
    if !added(people.flush())? {
        return Ok(false);
    }
    events.flush()?;
    Ok(true)
}

/// A large write transaction (storing a plan's lines, an apply) commits
/// without SQLite's automatic checkpoint: its pages stay in the log, and
/// whoever waits for the commit does not also wait while they are copied
/// into the database. The copy runs once the waiting is over
/// ([`Store::checkpoint`]). Should it not have run, the next large write
/// copies the last one's pages before it begins (nothing to copy when it
/// ran), and the connection's other commits checkpoint automatically, so
/// the log never grows without bound.
///
/// While it runs, the page cache may hold every page the transaction
/// writes ([`LARGE_WRITE_CACHE`]), and a release build skips the schema's
/// CHECK constraints ([`CHECKS_IN_LARGE_WRITES`]).
struct LargeWrite<'c> {
    conn: &'c rusqlite::Connection,
}

impl<'c> LargeWrite<'c> {
    fn begin(store: &'c Store) -> Result<Self, StoreError> {
        store.checkpoint()?;
        let conn = store.conn();
        conn.execute_batch(&format!(
            "PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = {LARGE_WRITE_CACHE};
             PRAGMA ignore_check_constraints = {};",
            !CHECKS_IN_LARGE_WRITES
        ))?;
        Ok(Self { conn })
    }

    fn commit(self, tx: rusqlite::Transaction<'_>, phases: &mut Phases) -> Result<(), StoreError> {
        tx.commit()?;
        phases.mark("commit");
        Ok(())
    }
}

impl Drop for LargeWrite<'_> {
    fn drop(&mut self) {
        // The connection's usual settings (SQLite's automatic checkpoint,
        // the writer's cache, every check). A failure here leaves the log
        // to the explicit checkpoints and to closing the connection.
        if let Err(e) = self.conn.execute_batch(&format!(
            "PRAGMA wal_autocheckpoint = 1000; PRAGMA cache_size = {WRITER_CACHE};
             PRAGMA ignore_check_constraints = false;"
        )) {
            tracing::warn!(error = %e, "could not restore the connection's settings after a large write");
        }
    }
}

/// How long each step of an apply took, logged at debug level (the apply
/// bench prints them): where the time goes at 100,000 people.
struct Phases {
    last: std::time::Instant,
    took: Vec<(&'static str, std::time::Duration)>,
}

impl Phases {
    fn start() -> Self {
        Self {
            last: std::time::Instant::now(),
            took: Vec::new(),
        }
    }

    fn mark(&mut self, step: &'static str) {
        let now = std::time::Instant::now();
        self.took.push((step, now - self.last));
        self.last = now;
    }

    /// Counts `took` into `step` without moving the clock (a part of the
    /// step that follows, timed inside it).
    fn add(&mut self, step: &'static str, took: std::time::Duration) {
        self.took.push((step, took));
    }

    fn log(&self, import_id: i64, what: &'static str) {
        let steps: Vec<String> = self
            .took
            .iter()
            .map(|(step, d)| format!("{step} {:.0} ms", d.as_secs_f64() * 1e3))
            .collect();
        tracing::debug!(import_id, steps = %steps.join(", "), "{what}");
    }
}

/// The per-person writes of an apply, in order; how many people they
/// changed, or a refusal when a reserved id is taken or a person vanished.
fn write_people(
    conn: &rusqlite::Connection,
    import_id: i64,
    writes: &[PersonWrite],
) -> Result<Result<u32, Refusal>, StoreError> {
    let mut changed = 0;
    for w in writes {
        let written = match w {
            PersonWrite::Insert {
                person_id,
                values,
                status,
                ..
            } => insert_person(conn, import_id, *person_id, values, *status)?,
            PersonWrite::Update {
                person_id,
                set,
                status,
                missing_runs,
                ..
            } => update_person(conn, import_id, *person_id, set, *status, *missing_runs)?,
        };
        if !written {
            // A reserved id is taken or the person vanished: the plan no
            // longer fits.
            return Ok(Err(Refusal::Stale));
        }
        changed += 1;
    }
    Ok(Ok(changed))
}

/// Adds someone under the id their line reserved, with their order,
/// search text, department and location computed from `values`; false
/// when the id is taken.
fn insert_person(
    conn: &rusqlite::Connection,
    import_id: i64,
    person_id: i64,
    values: &[(String, String)],
    status: PersonStatus,
) -> Result<bool, StoreError> {
    let object: serde_json::Map<String, serde_json::Value> = values
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    let fields = to_json(&object);
    let person: NewPersonValues<'_> = serde_json::from_str(&fields).map_err(|e| json_err(2, e))?;
    let mut people = Rows::new(conn, PersonRow::into(), PersonRow::ROW, PersonRow::bind);
    people.push(PersonRow::new(
        import_id,
        person_id,
        Some(status_text(status)),
        &fields,
        &person,
    ));
    added(people.flush())
}

/// Whether people were added: false when an id was taken.
fn added(inserted: rusqlite::Result<()>) -> Result<bool, StoreError> {
    match inserted {
        Ok(()) => Ok(true),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// A directory row: its `fields` (a JSON object) and the columns read from
/// them once, in Rust ([`NewPersonValues`]).
struct PersonRow {
    person_id: i64,
    status: Option<String>,
    fields: String,
    /// Who created and last updated them.
    import_id: i64,
    sort_name: String,
    search: String,
    department: Option<String>,
    location: Option<String>,
}

impl PersonRow {
    const ROW: &'static str = "(?, ?, 0, ?, ?, ?, ?, ?, ?, ?)";

    fn into() -> String {
        "INSERT INTO person (person_id, status, missing_runs, fields, created_by, updated_by, \
         sort_name, search, department, location) VALUES "
            .to_string()
    }

    fn new(
        import_id: i64,
        person_id: i64,
        status: Option<&str>,
        fields: &str,
        values: &NewPersonValues<'_>,
    ) -> Self {
        Self {
            person_id,
            status: status.map(str::to_string),
            fields: fields.to_string(),
            import_id,
            sort_name: values.sort_name(),
            search: values.search(),
            department: values.department.as_deref().map(str::to_string),
            location: values.location.as_deref().map(str::to_string),
        }
    }

    fn bind(&self, to: &mut Binder<'_, '_>) -> rusqlite::Result<()> {
        to.bind(&[
            &self.person_id,
            &self.status,
            &self.fields,
            &self.import_id,
            &self.import_id,
            &self.sort_name,
            &self.search,
            &self.department,
            &self.location,
        ])
    }
}

/// Someone new's joiner (or baseline) event.
struct JoinerRow<'a> {
    import_id: i64,
    person_id: i64,
    kind: &'a str,
    occurred_on: &'a str,
    department: Option<String>,
    location: Option<String>,
}

impl JoinerRow<'_> {
    fn bind(&self, to: &mut Binder<'_, '_>) -> rusqlite::Result<()> {
        to.bind(&[
            &self.import_id,
            &self.person_id,
            &self.kind,
            &self.occurred_on,
            &self.department,
            &self.location,
        ])
    }
}

/// Sets (or, with `None`, clears) fields of a person, and their status and
/// missing count when given; false when they are gone. The status,
/// department and location columns, the name order and the search text are
/// written only when they change, so their indexes are left alone by
/// everything else (a new job title touches none of them).
fn update_person(
    conn: &rusqlite::Connection,
    import_id: i64,
    person_id: i64,
    set: &[(String, Option<String>)],
    status: Option<PersonStatus>,
    missing_runs: Option<u32>,
) -> Result<bool, StoreError> {
    use rusqlite::types::Value;
    let patch: serde_json::Map<String, serde_json::Value> = set
        .iter()
        .map(|(k, v)| {
            let v = v
                .clone()
                .map_or(serde_json::Value::Null, serde_json::Value::String);
            (k.clone(), v)
        })
        .collect();
    let mut sql = String::from(
        "UPDATE person SET fields = json_patch(fields, ?2), \
         missing_runs = coalesce(?3, missing_runs), updated_by = ?4",
    );
    let mut args = vec![
        Value::Integer(person_id),
        Value::Text(to_json(&patch)),
        missing_runs.map_or(Value::Null, |n| Value::Integer(n.into())),
        Value::Integer(import_id),
    ];
    if let Some(status) = status {
        args.push(Value::Text(status_text(status).into()));
        sql.push_str(&format!(", status = ?{}", args.len()));
    }
    for column in ["department", "location"] {
        if let Some((_, value)) = set.iter().find(|(k, _)| k == column) {
            args.push(value.clone().map_or(Value::Null, Value::Text));
            sql.push_str(&format!(", {column} = ?{}", args.len()));
        }
    }
    let named = |keys: &[&str]| set.iter().any(|(k, _)| keys.contains(&k.as_str()));
    // Both read the fields as patched: SQLite evaluates every SET
    // expression on the row as it was, so they go in a second statement.
    let renamed = named(&["first_name", "last_name"]);
    let searched = renamed || named(&["preferred_name", "employee_id", "work_email"]);
    sql.push_str(" WHERE person_id = ?1");
    let n = conn
        .prepare_cached(&sql)?
        .execute(params_from_iter(args.iter()))?;
    if n == 1 && searched {
        let sort_name = if renamed {
            format!("sort_name = {}, ", sort_name_of("fields"))
        } else {
            String::new()
        };
        conn.prepare_cached(&format!(
            "UPDATE person SET {sort_name}search = {} WHERE person_id = ?1",
            search_text_of("fields")
        ))?
        .execute(params![person_id])?;
    }
    Ok(n == 1)
}

/// The directory's order (`person.sort_name`) of the person whose fields
/// are the JSON object `fields` (an SQL expression): last name, then first
/// name, a missing one sorting as empty. Migration 0008 fills it the same way.
fn sort_name_of(fields: &str) -> String {
    format!(
        "coalesce(json_extract({fields}, '$.last_name'), '') || char(31) || \
         coalesce(json_extract({fields}, '$.first_name'), '')"
    )
}

/// Whether an apply that changed `people_changed` people through `writes`
/// (and added the rest from their lines) may have changed what the
/// Directory's filters count: someone added, a status, department or
/// location written. A daily import that changes titles at 100,000 people
/// then skips counting everyone again.
fn moves_facets(writes: &[PersonWrite], people_changed: u32) -> bool {
    people_changed as usize > writes.len()
        || writes.iter().any(|w| match w {
            PersonWrite::Insert { .. } => true,
            PersonWrite::Update { set, status, .. } => {
                status.is_some()
                    || set
                        .iter()
                        .any(|(field, _)| field == "department" || field == "location")
            }
        })
}

/// Counts the directory's statuses, departments and locations again into
/// `directory_facet` (what the Directory's filters offer): one scan of
/// each column's index (`person_status`, `person_department`,
/// `person_location`), never of the people's rows.
fn count_facets(conn: &rusqlite::Connection) -> Result<(), StoreError> {
    conn.execute("DELETE FROM directory_facet", [])?;
    for facet in ["status", "department", "location"] {
        conn.prepare_cached(&format!(
            "INSERT INTO directory_facet (facet, value, count)
             SELECT '{facet}', {facet}, count(*) FROM person
             WHERE {facet} IS NOT NULL AND {facet} != '' GROUP BY {facet}"
        ))?
        .execute([])?;
    }
    Ok(())
}

/// The lifecycle events an apply records beside its lines (joiners as
/// `joined`); how many.
fn write_events(
    conn: &rusqlite::Connection,
    import_id: i64,
    writes: &ApplyWrites,
    plan_date: &str,
    joined: LifecycleEventKind,
) -> Result<u32, StoreError> {
    let mut count = 0;
    let mut event = conn.prepare_cached(
        // Where it happened: the person's department and location
        // once this import is applied (a leaver's last ones).
        "INSERT INTO lifecycle_event
             (import_id, person_id, kind, occurred_on, fields, department, location)
         SELECT ?1, ?2, ?3, ?4, ?5, department, location FROM person WHERE person_id = ?2",
    )?;
    for e in &writes.events {
        let Some(person_id) = e.person_id else {
            continue;
        };
        // A joiner's, leaver's or rehire's values are on their line;
        // a move or a type change keeps just the fields behind it.
        let fields = match e.kind {
            LifecycleEventKind::Mover | LifecycleEventKind::EmploymentTypeChange => {
                to_json(&e.fields)
            }
            _ => "[]".to_string(),
        };
        let kind = match e.kind {
            LifecycleEventKind::Joiner => joined,
            other => other,
        };
        event.execute(params![
            import_id,
            person_id,
            variant_name(kind),
            plan_date,
            fields
        ])?;
        count += 1;
    }
    Ok(count)
}
