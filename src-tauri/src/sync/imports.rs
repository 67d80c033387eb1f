//! From a fetch to a stored plan, and from an approved plan to the
//! directory: map with the latest mapping version, plan against the
//! directory, keep the plan for review, then apply it whole (or refuse),
//! reject it, or record the admin's decisions on needs-attention lines.

use chrono::{DateTime, NaiveDate, Utc};

use super::mapping_versions;
use super::SyncError;
use crate::connection::now_text;
use crate::mapping::{default_spec, CompiledMapping, MappingSpec, PathValues};
use crate::model::{
    Applied, ChangeLine, ChangePage, ChangeQuery, ImportOutcome, ImportSummary, ImportTrigger,
    Resolution,
};
use crate::model::{ChangeKind, FieldChange, PersonStatus, PlannedChange};
use crate::plan::{self, events_of, matched_kind, MappedFetch};
use crate::store::{ApplyWrites, ImportRow, NewImport, PersonWrite, Refusal, Store};
use crate::trinet::Employee;

/// Where a fetch is planned from.
#[derive(Debug, Clone, Copy)]
pub struct PlanInput<'a> {
    pub records: Records<'a>,
    pub company_id: &'a str,
    pub trigger: ImportTrigger,
    /// The day the lifecycle rules are evaluated for.
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
}

/// The fetched records a plan maps.
#[derive(Debug, Clone, Copy)]
pub enum Records<'a> {
    /// Typed employees with their whole records.
    Employees(&'a [Employee]),
    /// Each record's values at the paths `mapping` reads, taken as the
    /// pages arrived ([`super::fetch_records`]); `spec` is what `mapping`
    /// was compiled from, so a plan whose latest mapping differs (one saved
    /// during the fetch) is refused instead of made from the wrong values.
    Kept {
        records: &'a [PathValues],
        spec: &'a MappingSpec,
        mapping: &'a CompiledMapping,
    },
}

impl Records<'_> {
    pub fn len(&self) -> usize {
        match self {
            Records::Employees(e) => e.len(),
            Records::Kept { records, .. } => records.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<'a> From<&'a [Employee]> for Records<'a> {
    fn from(employees: &'a [Employee]) -> Self {
        Records::Employees(employees)
    }
}

impl<'a> From<&'a Vec<Employee>> for Records<'a> {
    fn from(employees: &'a Vec<Employee>) -> Self {
        Records::Employees(employees)
    }
}

/// The mapping a plan made now would use: the latest saved version, or
/// the default mapping (`None`) when none is saved yet.
fn latest_mapping(store: &Store) -> Result<(Option<u32>, MappingSpec), SyncError> {
    Ok(match store.latest_mapping_version()? {
        Some(_) => {
            let state = mapping_versions::current(store)?;
            (state.version, state.spec)
        }
        None => (None, default_spec()),
    })
}

/// The mapping a plan made now would use (what a fetch takes each
/// record's values for: [`super::fetch_records`]).
pub fn latest_spec(store: &Store) -> Result<MappingSpec, SyncError> {
    Ok(latest_mapping(store)?.1)
}

fn first_last(values: impl Fn(&str) -> Option<String>) -> Option<String> {
    let parts: Vec<String> = ["first_name", "last_name"]
        .into_iter()
        .filter_map(values)
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Maps `input.records` with the latest mapping (saving the default
/// mapping as version 1 when none is saved yet), plans them against the
/// directory and stores the plan for review, superseding any earlier open
/// one. A plan that trips a guardrail is stored as held.
pub fn plan_fetch(store: &Store, input: PlanInput<'_>) -> Result<ImportSummary, SyncError> {
    let planned = plan_only(store, &input)?;
    store_plan(store, &input, planned)
}

/// A plan made from the database's state, not stored yet.
#[derive(Debug)]
pub struct Planned {
    /// The mapping version used; `None`: none is saved, and the default
    /// mapping used is saved with the plan.
    version: Option<u32>,
    based_on: i64,
    plan: crate::model::ImportPlan,
    names: Vec<Option<String>>,
    resolutions: Vec<Option<Resolution>>,
}

/// The read half of [`plan_fetch`]: maps and plans `input` against the
/// directory, reading only (a read connection will do), so the writer is
/// held only to store the plan.
pub fn plan_only(store: &Store, input: &PlanInput<'_>) -> Result<Planned, SyncError> {
    let (version, spec) = latest_mapping(store)?;
    let compiled;
    let (mapping, records) = match input.records {
        Records::Employees(employees) => {
            compiled = CompiledMapping::compile(&spec);
            (&compiled, compiled.map_all(employees))
        }
        Records::Kept {
            records,
            spec: taken_for,
            mapping,
        } => {
            if spec != *taken_for {
                return Err(SyncError::MappingChanged);
            }
            (mapping, mapping.map_all(records))
        }
    };
    let fetch = MappedFetch::from_mapping(mapping, &spec, records);
    // Read before the directory: an import applied in between makes this
    // plan stale (refused at apply) rather than based on a directory it
    // never saw.
    let based_on = store.last_applied_import()?;
    let directory = store.directory()?;
    let settings = super::settings::plan_settings(store)?;
    let plan = plan::plan(&fetch, &directory, &settings, input.today)?;

    let by_id: std::collections::HashMap<i64, &crate::model::DirectoryPerson> =
        directory.iter().map(|p| (p.person_id, p)).collect();
    let names: Vec<Option<String>> = plan
        .changes
        .iter()
        .map(|c| {
            let from_record = c.record.and_then(|r| {
                first_last(|f| {
                    let i = fetch.fields.iter().position(|x| x == f)?;
                    fetch.records[r].values[i].clone()
                })
            });
            from_record.or_else(|| {
                let p = by_id.get(&c.person_id?)?;
                first_last(|f| p.stored(f).map(str::to_string))
            })
        })
        .collect();
    let resolutions = carried_leave_outs(store, &plan.changes)?;
    Ok(Planned {
        version,
        based_on,
        plan,
        names,
        resolutions,
    })
}

/// The write half of [`plan_fetch`]: stores `planned` for review (saving
/// the default mapping first when none was saved) in the writer's
/// transactions; a directory applied since `planned` was read makes it
/// stale at apply, never wrong.
pub fn store_plan(
    store: &Store,
    input: &PlanInput<'_>,
    planned: Planned,
) -> Result<ImportSummary, SyncError> {
    let Planned {
        version,
        based_on,
        plan,
        names,
        resolutions,
    } = planned;
    let version = match version {
        Some(v) => Some(v),
        None => match store.latest_mapping_version()? {
            // Saved meanwhile (Map fields): the plan used the default, not
            // the mapping the admin just saved.
            Some(_) => return Err(SyncError::MappingChanged),
            None => {
                let saved = mapping_versions::record(
                    store,
                    &default_spec(),
                    input.records.len() as u32,
                    Some("Default mapping, saved by the first import"),
                    &now_text(input.now),
                )?;
                Some(saved.version)
            }
        },
    };
    let outcome = if plan.guardrail.tripped {
        ImportOutcome::Held
    } else {
        ImportOutcome::Pending
    };
    // To the millisecond: `roster apply` compares it with when it started.
    let created_at = input
        .now
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let plan_date = input.today.format("%Y-%m-%d").to_string();
    let inserted = store.insert_import(&NewImport {
        created_at: &created_at,
        trigger: input.trigger,
        company_id: input.company_id,
        mapping_version: version,
        plan_date: &plan_date,
        based_on,
        outcome,
        plan: &plan,
        names: &names,
        // A scheduled run never replaces an import waiting for review.
        supersede: input.trigger != ImportTrigger::Scheduled,
        resolutions: &resolutions,
    })?;
    let import_id = inserted.map_err(|r| refusal(0, r))?;
    tracing::info!(
        import_id,
        people = plan.changes.len(),
        held = plan.guardrail.tripped,
        "import planned"
    );
    let started = std::time::Instant::now();
    let summary = summary(store, import_id);
    tracing::debug!(
        import_id,
        summary_ms = started.elapsed().as_secs_f64() * 1e3,
        "plan summarised"
    );
    summary
}

/// "Leave out" decisions that carry over, per change: a needs-attention
/// line whose person was left out for the same reason in the previous
/// import, with the same values from TriNet. A changed record (or a
/// different reason) asks again.
fn carried_leave_outs(
    store: &Store,
    changes: &[PlannedChange],
) -> Result<Vec<Option<Resolution>>, SyncError> {
    if !changes.iter().any(|c| c.kind == ChangeKind::NeedsAttention) {
        return Ok(vec![]);
    }
    let previous = store.previous_attention_lines()?;
    let left_out: std::collections::HashMap<(&str, crate::model::AttentionReason), &[FieldChange]> =
        previous
            .iter()
            .filter(|l| l.resolution == Some(Resolution::LeaveOut))
            .filter_map(|l| {
                let key = (l.change.employee_id.as_deref()?, l.change.reason?);
                Some((key, l.change.fields.as_slice()))
            })
            .collect();
    let same_values = |a: &[FieldChange], b: &[FieldChange]| {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x.field == y.field && x.after == y.after)
    };
    Ok(changes
        .iter()
        .map(|c| {
            let key = (c.employee_id.as_deref()?, c.reason?);
            let before = left_out.get(&key)?;
            (c.kind == ChangeKind::NeedsAttention && same_values(before, &c.fields))
                .then_some(Resolution::LeaveOut)
        })
        .collect())
}

/// Records an import that failed before it could be planned.
pub fn record_failure(
    store: &Store,
    trigger: ImportTrigger,
    company_id: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
    code: &str,
    message: &str,
) -> Result<i64, SyncError> {
    Ok(store.insert_failed_import(
        &now_text(now),
        trigger,
        company_id,
        &today.format("%Y-%m-%d").to_string(),
        code,
        message,
    )?)
}

pub(crate) fn to_summary(
    store: &Store,
    row: ImportRow,
    last_applied: i64,
) -> Result<ImportSummary, SyncError> {
    let open = row.outcome.is_open();
    let standing = store.import_standing(row.import_id)?;
    Ok(ImportSummary {
        baseline: standing.baseline,
        headcount: standing.headcount,
        details_removed: !open && !standing.has_lines && row.counts.people() > 0,
        stale: open && row.based_on != last_applied,
        unresolved: if open {
            store.unresolved_count(row.import_id)?
        } else {
            0
        },
        import_id: row.import_id,
        created_at: row.created_at,
        trigger: row.trigger,
        company_id: row.company_id,
        mapping_version: row.mapping_version,
        plan_date: row.plan_date,
        outcome: row.outcome,
        decided_at: row.decided_at,
        counts: row.counts,
        guardrail: row.guardrail,
        guardrail_confirmed: row.guardrail_confirmed,
        active_people: row.active_people,
        identity_changes: row.identity_changes,
        error: row.error,
    })
}

/// One import's summary.
pub fn summary(store: &Store, import_id: i64) -> Result<ImportSummary, SyncError> {
    let row = store
        .import(import_id)?
        .ok_or(SyncError::NoSuchImport { import_id })?;
    to_summary(store, row, store.last_applied_import()?)
}

/// The newest import still waiting for review, if any.
pub fn open_import(store: &Store) -> Result<Option<ImportSummary>, SyncError> {
    let last = store.last_applied_import()?;
    store
        .open_import()?
        .map(|row| to_summary(store, row, last))
        .transpose()
}

/// Imports, newest first.
pub fn history(store: &Store, limit: u32, offset: u32) -> Result<Vec<ImportSummary>, SyncError> {
    let last = store.last_applied_import()?;
    store
        .imports(limit, offset)?
        .into_iter()
        .map(|row| to_summary(store, row, last))
        .collect()
}

/// A window of an import's lines.
pub fn changes(
    store: &Store,
    import_id: i64,
    query: &ChangeQuery,
) -> Result<ChangePage, SyncError> {
    let (total, lines) = store.change_page(import_id, query)?;
    Ok(ChangePage {
        total,
        offset: query.offset,
        lines,
    })
}

/// The open import `import_id`, or why it cannot be decided on.
fn open_row(store: &Store, import_id: i64) -> Result<ImportRow, SyncError> {
    let row = store
        .import(import_id)?
        .ok_or(SyncError::NoSuchImport { import_id })?;
    if !row.outcome.is_open() {
        return Err(SyncError::Decided {
            import_id,
            outcome: row.outcome,
        });
    }
    Ok(row)
}

/// Records the admin's decision on one needs-attention line (or, with
/// `None`, takes it back).
pub fn resolve(
    store: &Store,
    import_id: i64,
    seq: u32,
    resolution: Option<Resolution>,
) -> Result<ChangeLine, SyncError> {
    open_row(store, import_id)?;
    let line = store
        .change_line(import_id, seq)?
        .ok_or(SyncError::NoSuchLine { import_id, seq })?;
    let reason = match (line.change.kind, line.change.reason) {
        (ChangeKind::NeedsAttention, Some(reason)) => reason,
        _ => return Err(SyncError::NotAttention { seq }),
    };
    if let Some(r) = resolution {
        if !Resolution::allowed(reason).contains(&r) {
            return Err(SyncError::ResolutionNotAllowed {
                resolution: r,
                reason,
            });
        }
    }
    store.set_resolution(import_id, seq, resolution)?;
    store
        .change_line(import_id, seq)?
        .ok_or(SyncError::NoSuchLine { import_id, seq })
}

/// Rejects an open import: nothing is applied, history shows it rejected.
pub fn reject(
    store: &Store,
    import_id: i64,
    now: DateTime<Utc>,
) -> Result<ImportSummary, SyncError> {
    store
        .reject_import(import_id, &now_text(now))?
        .map_err(|r| refusal(import_id, r))?;
    tracing::info!(import_id, "import rejected");
    summary(store, import_id)
}

fn refusal(import_id: i64, r: Refusal) -> SyncError {
    match r {
        Refusal::NoSuchImport => SyncError::NoSuchImport { import_id },
        Refusal::Decided(outcome) => SyncError::Decided { import_id, outcome },
        Refusal::Stale => SyncError::Stale { import_id },
        Refusal::ReviewWaiting(open) => SyncError::ReviewWaiting { import_id: open },
    }
}

/// A line's values as a set of fields for the directory.
fn sets(fields: &[FieldChange]) -> Vec<(String, Option<String>)> {
    fields
        .iter()
        .map(|f| (f.field.clone(), f.after.clone()))
        .collect()
}

/// What one line writes, and the change it amounts to (for its events).
fn line_write(
    store: &Store,
    import_id: i64,
    line: &ChangeLine,
    writes: &mut ApplyWrites,
) -> Result<Option<PlannedChange>, SyncError> {
    let c = &line.change;
    match c.kind {
        // The store adds everyone new (and their joiner events) itself.
        ChangeKind::Unchanged | ChangeKind::Excluded | ChangeKind::New => Ok(None),
        ChangeKind::NeedsAttention => attention_write(store, import_id, line, writes),
        ChangeKind::Updated
        | ChangeKind::Deactivated
        | ChangeKind::Reactivated
        | ChangeKind::LeaveStarted
        | ChangeKind::LeaveEnded => {
            if let Some(person_id) = c.person_id {
                writes.writes.push(PersonWrite::Update {
                    seq: line.seq,
                    person_id,
                    set: sets(&c.fields),
                    status: c.status_change.map(|s| s.after),
                    missing_runs: c.missing_runs,
                });
            }
            Ok(Some(c.clone()))
        }
    }
}

/// A needs-attention line as the admin resolved it; left out (or not
/// decided) writes only the missing count of someone missing from TriNet.
fn attention_write(
    store: &Store,
    import_id: i64,
    line: &ChangeLine,
    writes: &mut ApplyWrites,
) -> Result<Option<PlannedChange>, SyncError> {
    let c = &line.change;
    let missing = c.missing_runs;
    match line.resolution {
        None | Some(Resolution::LeaveOut) => {
            if let (Some(person_id), Some(runs)) = (c.person_id, missing) {
                writes.still_missing.push((person_id, runs));
            }
            Ok(None)
        }
        Some(Resolution::Approve) => approved_write(store, import_id, line, writes),
        Some(Resolution::Link) => linked_write(store, line, writes),
    }
}

/// An approved needs-attention line: someone missing from TriNet leaves,
/// anyone else is written as planned.
fn approved_write(
    store: &Store,
    import_id: i64,
    line: &ChangeLine,
    writes: &mut ApplyWrites,
) -> Result<Option<PlannedChange>, SyncError> {
    let c = &line.change;
    let seq = line.seq;
    let missing = c.missing_runs;
    let mut effective = c.clone();
    if let (Some(person_id), Some(runs)) = (c.person_id, missing) {
        // Missing from TriNet, and the admin confirms they left.
        effective.kind = ChangeKind::Deactivated;
        effective.status_change = Some(crate::model::StatusChange {
            before: None,
            after: PersonStatus::Former,
        });
        writes.writes.push(PersonWrite::Update {
            seq,
            person_id,
            set: vec![],
            status: Some(PersonStatus::Former),
            missing_runs: Some(runs),
        });
        return Ok(Some(effective));
    }
    let after = c.status_change.map(|s| s.after);
    // A record that matched no one has a status change from nothing
    // (and the person id its line reserved).
    let matched = c
        .person_id
        .filter(|_| c.status_change.is_none_or(|s| s.before.is_some()));
    match matched {
        Some(person_id) => {
            let before = match c.status_change.and_then(|s| s.before) {
                Some(b) => b,
                None => store
                    .person(person_id)?
                    .map_or(PersonStatus::Active, |p| p.status),
            };
            effective.kind = matched_kind(before, after.unwrap_or(before), !c.fields.is_empty());
            writes.writes.push(PersonWrite::Update {
                seq,
                person_id,
                set: sets(&c.fields),
                status: after,
                missing_runs: None,
            });
        }
        None => {
            let Some(person_id) = c.person_id else {
                return Err(SyncError::Stale { import_id });
            };
            effective.kind = ChangeKind::New;
            effective.person_id = Some(person_id);
            writes.writes.push(PersonWrite::Insert {
                seq,
                person_id,
                values: c
                    .fields
                    .iter()
                    .filter_map(|f| Some((f.field.clone(), f.after.clone()?)))
                    .collect(),
                status: after.unwrap_or(PersonStatus::Active),
            });
        }
    }
    Ok(Some(effective))
}

/// A possible duplicate the admin linked to its candidate: the record
/// updates that person.
fn linked_write(
    store: &Store,
    line: &ChangeLine,
    writes: &mut ApplyWrites,
) -> Result<Option<PlannedChange>, SyncError> {
    let c = &line.change;
    let seq = line.seq;
    let Some(candidate) = &c.candidate else {
        return Ok(None);
    };
    let Some(person) = store.person(candidate.person_id)? else {
        return Err(SyncError::CandidateGone {
            person_id: candidate.person_id,
        });
    };
    // The record's values against what the candidate has now.
    let fields: Vec<FieldChange> = c
        .fields
        .iter()
        .filter(|f| f.after.as_deref() != person.stored(&f.field))
        .map(|f| FieldChange {
            field: f.field.clone(),
            before: person.stored(&f.field).map(str::to_string),
            after: f.after.clone(),
        })
        .collect();
    let after = c.status_change.map_or(person.status, |s| s.after);
    let mut effective = c.clone();
    effective.person_id = Some(person.person_id);
    effective.kind = matched_kind(person.status, after, !fields.is_empty());
    effective.status_change = (after != person.status).then_some(crate::model::StatusChange {
        before: Some(person.status),
        after,
    });
    writes.writes.push(PersonWrite::Update {
        seq,
        person_id: person.person_id,
        set: sets(&fields),
        status: Some(after),
        missing_runs: Some(0),
    });
    writes.links.push((seq, person.person_id));
    effective.fields = fields;
    Ok(Some(effective))
}

/// Applies the open import `import_id` in one transaction. Refused when it
/// is no longer open, when the directory changed since it was planned, or
/// when it tripped a guardrail and `confirm_guardrail` is not set.
/// Needs-attention lines are applied only as resolved.
pub fn apply(
    store: &Store,
    import_id: i64,
    confirm_guardrail: bool,
    now: DateTime<Utc>,
) -> Result<Applied, SyncError> {
    let row = open_row(store, import_id)?;
    if row.based_on != store.last_applied_import()? {
        return Err(SyncError::Stale { import_id });
    }
    if row.guardrail.tripped && !confirm_guardrail {
        return Err(SyncError::GuardrailNotConfirmed {
            reasons: row.guardrail.reasons,
        });
    }
    let started = std::time::Instant::now();
    let lines = store.lines_to_apply(import_id)?;
    let mut writes = ApplyWrites {
        guardrail_confirmed: row.guardrail.tripped,
        ..ApplyWrites::default()
    };
    let (mut attention_applied, mut attention_left_out) = (0, 0);
    for line in &lines {
        let effective = line_write(store, import_id, line, &mut writes)?;
        if line.change.kind == ChangeKind::NeedsAttention {
            if effective.is_some() {
                attention_applied += 1;
            } else {
                attention_left_out += 1;
            }
        }
        if let Some(change) = effective {
            events_of(&change, &mut writes.events);
        }
    }
    let decided = started.elapsed();
    let stats = store
        .apply_import(import_id, &writes, &now_text(now))?
        .map_err(|r| refusal(import_id, r))?;
    tracing::info!(
        import_id,
        people_changed = stats.people_changed,
        events = stats.events,
        lines_read_ms = decided.as_millis() as u64,
        transaction_ms = (started.elapsed() - decided).as_millis() as u64,
        "import applied"
    );
    // The retention setting applies after every apply; the import itself
    // is done whatever pruning says.
    if let Err(e) = super::settings::prune(store, now) {
        tracing::warn!(error = %e, "could not remove old change details");
    }
    Ok(Applied {
        summary: summary(store, import_id)?,
        people_changed: stats.people_changed,
        attention_applied,
        attention_left_out,
        lifecycle_events: stats.events,
    })
}
