//! Comparing one fetch with the directory: every fetched record and every
//! directory person who is not former lands in exactly one change, decided
//! in this order: excluded, invalid, duplicate email, then matched (privacy
//! block, else its lifecycle kind) or unmatched (possible duplicate, else
//! new); people no record matched are missing from TriNet.

use std::collections::HashSet;
use std::ops::Range;

use chrono::NaiveDate;

use super::guardrail;
use super::identity::{key_map, match_records, same_email, KeyMap, Matches, NameIndex, RecordKeys};
use super::model::MappedFetch;
use super::status::{matched_kind, target_status, Today};
use super::PlanError;
use crate::mapping::MappedRecord;
use crate::model::{
    counted, AttentionReason, Candidate, ChangeKind, DirectoryPerson, FieldChange, ImportPlan,
    PersonStatus, PlanCounts, PlanSettings, PlannedChange, StatusChange, ALTERNATE_ID,
};

/// Where the fields the rules read sit in [`MappedFetch::fields`].
struct Columns {
    employee_id: usize,
    work_email: usize,
    first_name: Option<usize>,
    last_name: Option<usize>,
    date_of_birth: Option<usize>,
    start_date: Option<usize>,
    end_date: Option<usize>,
    status: Option<usize>,
    alternate_id: Option<usize>,
}

impl Columns {
    fn find(fields: &[String]) -> Result<Self, PlanError> {
        let at = |name: &str| fields.iter().position(|f| f == name);
        let required = |field: &'static str| at(field).ok_or(PlanError::MissingKeyField { field });
        Ok(Self {
            employee_id: required("employee_id")?,
            work_email: required("work_email")?,
            first_name: at("first_name"),
            last_name: at("last_name"),
            date_of_birth: at("date_of_birth"),
            start_date: at("start_date"),
            end_date: at("end_date"),
            status: at("status"),
            alternate_id: at(ALTERNATE_ID),
        })
    }
}

/// The value of column `i`, blank counting as none.
fn value(record: &MappedRecord, i: Option<usize>) -> Option<&str> {
    i.and_then(|i| record.values[i].as_deref())
        .filter(|v| !v.trim().is_empty())
}

fn errored(record: &MappedRecord, i: usize) -> Option<&str> {
    record
        .errors
        .iter()
        .find(|e| e.field == i)
        .map(|e| e.message.as_str())
}

/// Everything [`plan`] computes about the fetch before deciding kinds.
struct Fetch<'a> {
    fetch: &'a MappedFetch,
    columns: Columns,
    today: Today,
    /// Another record with the same (non-excluded) work email / employee ID.
    shares_email_with: Vec<Option<usize>>,
    shares_employee_id_with: Vec<Option<usize>>,
    /// Field name → its index in [`MappedFetch::fields`].
    column_of: KeyMap<&'a str, usize>,
}

/// Fewest records worth splitting across threads.
const PARALLEL_FROM: usize = 20_000;

/// Plans importing `fetch` into `directory` as of `today`. Large fetches
/// are split across the machine's cores; the plan is the same either way.
pub fn plan(
    fetch: &MappedFetch,
    directory: &[DirectoryPerson],
    settings: &PlanSettings,
    today: NaiveDate,
) -> Result<ImportPlan, PlanError> {
    let threads = if fetch.records.len() < PARALLEL_FROM {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    };
    plan_on(fetch, directory, settings, today, threads)
}

/// [`plan`] on `threads` threads.
pub(super) fn plan_on(
    fetch: &MappedFetch,
    directory: &[DirectoryPerson],
    settings: &PlanSettings,
    today: NaiveDate,
    threads: usize,
) -> Result<ImportPlan, PlanError> {
    let columns = Columns::find(&fetch.fields)?;
    check_input(fetch, directory)?;

    let records = &fetch.records;
    let keys: Vec<RecordKeys<'_>> = records
        .iter()
        .map(|r| {
            RecordKeys::new(
                value(r, Some(columns.employee_id)),
                value(r, Some(columns.work_email)),
                value(r, columns.alternate_id),
            )
        })
        .collect();
    // With a spare core, the name index (needed only if some record
    // matches no one) is built beside the matching rather than after it.
    let (matches, shares_email_with, shares_employee_id_with, early_names) =
        std::thread::scope(|scope| {
            let names = (threads >= 2 && !directory.is_empty())
                .then(|| scope.spawn(|| NameIndex::build(directory)));
            let matches = match_records(&keys, directory);
            let emails = shared_keys(
                records,
                keys.iter().map(|k| k.email.as_deref()),
                records.len(),
            );
            let ids = shared_keys(records, keys.iter().map(|k| k.employee_id), records.len());
            let names = names.map(|h| h.join().expect("name index thread panicked"));
            (matches, emails, ids, names)
        });
    let mut column_of = key_map(fetch.fields.len());
    for (i, f) in fetch.fields.iter().enumerate() {
        column_of.entry(f.as_str()).or_insert(i);
    }
    let context = Fetch {
        fetch,
        columns,
        today: Today::new(today),
        shares_email_with,
        shares_employee_id_with,
        column_of,
    };

    // Only records no key matched look people up by name.
    let names = (0..records.len())
        .any(|r| matches.person_of_record[r].is_none() && !records[r].excluded)
        .then(|| early_names.unwrap_or_else(|| NameIndex::build(directory)));
    let Classified {
        mut changes,
        mut counts,
        identity_changes,
    } = context.classify_all(&matches, names.as_ref(), directory, threads);

    for (p, person) in directory.iter().enumerate() {
        if matches.record_of_person[p].is_some() || person.status == PersonStatus::Former {
            continue;
        }
        let change = missing_person_change(person, settings.missing_runs_to_deactivate);
        counts.add(change.kind);
        changes.push(change);
    }

    let active_people = directory
        .iter()
        .filter(|p| matches!(p.status, PersonStatus::Active | PersonStatus::OnLeave))
        .count() as u32;
    Ok(ImportPlan {
        counts,
        guardrail: guardrail::evaluate(
            &settings.guardrails,
            active_people,
            counts.deactivated,
            identity_changes,
        ),
        active_people,
        identity_changes,
        changes,
    })
}

/// Fails on a record whose values do not line up with the fields, or a
/// person listed twice in the directory.
fn check_input(fetch: &MappedFetch, directory: &[DirectoryPerson]) -> Result<(), PlanError> {
    if let Some((record, r)) = fetch
        .records
        .iter()
        .enumerate()
        .find(|(_, r)| r.values.len() != fetch.fields.len())
    {
        return Err(PlanError::RecordShape {
            record,
            values: r.values.len(),
            fields: fetch.fields.len(),
        });
    }
    let mut ids: HashSet<i64, _> = HashSet::with_capacity_and_hasher(
        directory.len(),
        std::hash::BuildHasherDefault::<super::identity::KeyHasher>::default(),
    );
    if let Some(p) = directory.iter().find(|p| !ids.insert(p.person_id)) {
        return Err(PlanError::DuplicatePerson {
            person_id: p.person_id,
        });
    }
    Ok(())
}

/// The change for an active or on-leave `person` no record matched:
/// deactivated once missing `deactivate_at` runs in a row, needs attention
/// before that.
fn missing_person_change(person: &DirectoryPerson, deactivate_at: u32) -> PlannedChange {
    let runs = person.missing_runs.saturating_add(1);
    let deactivate = runs >= deactivate_at;
    PlannedChange {
        kind: if deactivate {
            ChangeKind::Deactivated
        } else {
            ChangeKind::NeedsAttention
        },
        employee_id: person.stored("employee_id").map(str::to_string),
        work_email: person.stored("work_email").map(str::to_string),
        person_id: Some(person.person_id),
        fields: vec![],
        status_change: deactivate.then_some(StatusChange {
            before: Some(person.status),
            after: PersonStatus::Former,
        }),
        reason: (!deactivate).then_some(AttentionReason::MissingFromSource),
        candidate: None,
        missing_runs: Some(runs),
        note: Some(format!(
            "Not in TriNet, with no termination, for {} in a row{}.",
            counted(runs, "run", "runs"),
            if deactivate {
                format!(" (the limit is {deactivate_at})")
            } else {
                format!("; proposed for deactivation at {deactivate_at}")
            }
        )),
        record: None,
    }
}

impl Fetch<'_> {
    /// Every record's change, in record order, on `threads` threads when
    /// there are records enough.
    fn classify_all(
        &self,
        matches: &Matches,
        names: Option<&NameIndex>,
        directory: &[DirectoryPerson],
        threads: usize,
    ) -> Classified {
        let records = &self.fetch.records;
        let classify = |range: Range<usize>| {
            let mut part = Classified {
                changes: Vec::with_capacity(range.len()),
                counts: PlanCounts::default(),
                identity_changes: 0,
            };
            for r in range {
                let person = matches.person_of_record[r].map(|p| &directory[p]);
                let (change, identity_changed) =
                    self.record_change(r, &records[r], person, names, directory);
                part.identity_changes += u32::from(identity_changed);
                part.counts.add(change.kind);
                part.changes.push(change);
            }
            part
        };
        let parts = if threads < 2 || records.is_empty() {
            vec![classify(0..records.len())]
        } else {
            let chunk = records.len().div_ceil(threads);
            let classify = &classify;
            std::thread::scope(|scope| {
                let handles: Vec<_> = (0..records.len())
                    .step_by(chunk)
                    .map(|start| {
                        scope.spawn(move || classify(start..(start + chunk).min(records.len())))
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("planning thread panicked"))
                    .collect::<Vec<_>>()
            })
        };
        let mut all = Classified {
            changes: Vec::new(),
            counts: PlanCounts::default(),
            identity_changes: 0,
        };
        for part in parts {
            all.counts.merge(&part.counts);
            all.identity_changes += part.identity_changes;
            if all.changes.is_empty() {
                all.changes = part.changes;
            } else {
                all.changes.extend(part.changes);
            }
        }
        all
    }
}

/// The changes of a run of records.
struct Classified {
    changes: Vec<PlannedChange>,
    counts: PlanCounts,
    identity_changes: u32,
}

/// For each record, another non-excluded record with the same key, if any.
fn shared_keys<'k>(
    records: &[MappedRecord],
    keys: impl Iterator<Item = Option<&'k str>>,
    len: usize,
) -> Vec<Option<usize>> {
    let mut first: KeyMap<&str, usize> = key_map(len);
    let mut shared = vec![None; len];
    for (r, key) in keys.enumerate() {
        let Some(key) = key.filter(|_| !records[r].excluded) else {
            continue;
        };
        match first.get(key) {
            Some(&other) => {
                shared[r] = Some(other);
                shared[other].get_or_insert(r);
            }
            None => {
                first.insert(key, r);
            }
        }
    }
    shared
}

impl Fetch<'_> {
    fn base(&self, r: usize, record: &MappedRecord, kind: ChangeKind) -> PlannedChange {
        PlannedChange {
            kind,
            employee_id: value(record, Some(self.columns.employee_id))
                .map(|v| v.trim().to_string()),
            work_email: value(record, Some(self.columns.work_email)).map(|v| v.trim().to_string()),
            person_id: None,
            fields: vec![],
            status_change: None,
            reason: None,
            candidate: None,
            missing_runs: None,
            note: None,
            record: Some(r),
        }
    }

    fn attention(
        &self,
        r: usize,
        record: &MappedRecord,
        reason: AttentionReason,
        person: Option<&DirectoryPerson>,
        note: Option<String>,
    ) -> PlannedChange {
        let mut c = self.base(r, record, ChangeKind::NeedsAttention);
        c.reason = Some(reason);
        c.note = note;
        c.person_id = person.map(|p| p.person_id);
        c.fields = match person {
            Some(p) => self.diff(record, p),
            None => self.all_values(record),
        };
        // What approving the record would make of the person.
        let after = self.target(record);
        c.status_change = match person {
            Some(p) => (p.status != after).then_some(StatusChange {
                before: Some(p.status),
                after,
            }),
            None => Some(StatusChange {
                before: None,
                after,
            }),
        };
        c
    }

    /// The status the record puts its person in.
    fn target(&self, record: &MappedRecord) -> PersonStatus {
        let c = &self.columns;
        target_status(
            value(record, c.status),
            value(record, c.start_date),
            value(record, c.end_date),
            &self.today,
        )
    }

    /// The record's change, and whether it changes a matched person's work
    /// email or employee ID. `names` is there when any record is unmatched.
    fn record_change(
        &self,
        r: usize,
        record: &MappedRecord,
        person: Option<&DirectoryPerson>,
        names: Option<&NameIndex>,
        directory: &[DirectoryPerson],
    ) -> (PlannedChange, bool) {
        if let Some(c) = self.unusable(r, record, person) {
            return (c, false);
        }
        let after = self.target(record);
        let Some(person) = person else {
            let change = self.unmatched_change(r, record, after, names, directory);
            return (change, false);
        };
        self.matched_change(r, record, person, after)
    }

    /// The change for a record that cannot be applied as it is: excluded,
    /// invalid, or sharing a key with another record of the fetch.
    fn unusable(
        &self,
        r: usize,
        record: &MappedRecord,
        person: Option<&DirectoryPerson>,
    ) -> Option<PlannedChange> {
        if record.excluded {
            let mut c = self.base(r, record, ChangeKind::Excluded);
            if let Some(p) = person {
                c.person_id = Some(p.person_id);
                c.note = Some(format!(
                    "Excluded by the mapping but in the directory (person {}); they are left untouched.",
                    p.person_id
                ));
            }
            return Some(c);
        }
        if let Some(problems) = self.invalid(record) {
            let c = self.attention(
                r,
                record,
                AttentionReason::InvalidRecord,
                person,
                Some(problems),
            );
            return Some(c);
        }
        if let Some(other) = self.shares_employee_id_with[r] {
            let note = format!(
                "Employee ID also on another record of this fetch (record {}).",
                other + 1
            );
            let c = self.attention(
                r,
                record,
                AttentionReason::InvalidRecord,
                person,
                Some(note),
            );
            return Some(c);
        }
        if let Some(other) = self.shares_email_with[r] {
            let records = &self.fetch.records;
            let other_id = value(&records[other], Some(self.columns.employee_id)).unwrap_or("?");
            let note = format!("Same work email as employee ID {other_id} in this fetch.");
            let c = self.attention(
                r,
                record,
                AttentionReason::DuplicateEmail,
                person,
                Some(note),
            );
            return Some(c);
        }
        None
    }

    /// The change for a record no key matched: a possible duplicate of
    /// someone with the same legal name and date of birth, or someone new.
    fn unmatched_change(
        &self,
        r: usize,
        record: &MappedRecord,
        after: PersonStatus,
        names: Option<&NameIndex>,
        directory: &[DirectoryPerson],
    ) -> PlannedChange {
        let c = &self.columns;
        let found = match (
            value(record, c.first_name),
            value(record, c.last_name),
            value(record, c.date_of_birth),
        ) {
            (Some(f), Some(l), Some(b)) => names.and_then(|n| n.find(f, l, b)),
            _ => None,
        };
        if let Some(p) = found {
            let p = &directory[p];
            let mut change =
                self.attention(r, record, AttentionReason::PossibleDuplicate, None, None);
            let name = [p.stored("first_name"), p.stored("last_name")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            change.note = Some(format!(
                "No key matches, but legal name and date of birth match {name} (person {}).",
                p.person_id
            ));
            change.candidate = Some(Candidate {
                person_id: p.person_id,
                name,
                status: p.status,
            });
            return change;
        }
        let mut change = self.base(r, record, ChangeKind::New);
        change.fields = self.all_values(record);
        change.status_change = Some(StatusChange {
            before: None,
            after,
        });
        change
    }

    /// The change for a record matched to `person`, and whether it changes
    /// their work email or employee ID.
    fn matched_change(
        &self,
        r: usize,
        record: &MappedRecord,
        person: &DirectoryPerson,
        after: PersonStatus,
    ) -> (PlannedChange, bool) {
        let fields = self.diff(record, person);
        let status_change = (person.status != after).then_some(StatusChange {
            before: Some(person.status),
            after,
        });
        let (identity_changed, privacy_changes) = identity_changes(&fields);
        let kind = if privacy_changes >= 2 {
            ChangeKind::NeedsAttention
        } else {
            matched_kind(person.status, after, !fields.is_empty())
        };
        let mut change = self.base(r, record, kind);
        change.person_id = Some(person.person_id);
        change.status_change = status_change;
        if kind == ChangeKind::NeedsAttention {
            change.reason = Some(AttentionReason::PrivacyBlock);
            change.note = Some(
                "Two or more of legal name, date of birth and work email change at once; approve this person explicitly."
                    .into(),
            );
        }
        change.fields = fields;
        (change, identity_changed)
    }

    /// Which of employee ID, work email, first and last name are missing or
    /// could not be mapped, in words; `None` when all are there.
    fn invalid(&self, record: &MappedRecord) -> Option<String> {
        let c = &self.columns;
        let mut problems = Vec::new();
        for (field, i) in [
            ("employee_id", Some(c.employee_id)),
            ("work_email", Some(c.work_email)),
            ("first_name", c.first_name),
            ("last_name", c.last_name),
        ] {
            match i {
                None => problems.push(format!("{field} is not mapped")),
                Some(i) => {
                    if let Some(message) = errored(record, i) {
                        problems.push(format!("{field}: {message}"));
                    } else if value(record, Some(i)).is_none() {
                        problems.push(format!("{field} is missing"));
                    }
                }
            }
        }
        (!problems.is_empty()).then(|| problems.join("; "))
    }

    /// Every field the record has a value for, as a change from nothing.
    fn all_values(&self, record: &MappedRecord) -> Vec<FieldChange> {
        self.fetch
            .fields
            .iter()
            .zip(&record.values)
            .filter_map(|(field, v)| {
                let v = v.as_deref().filter(|v| !v.trim().is_empty())?;
                Some(FieldChange {
                    field: field.clone(),
                    before: None,
                    after: Some(v.to_string()),
                })
            })
            .collect()
    }

    /// Fields whose value differs from the stored one, in field order; a
    /// field with a mapping error keeps its stored value. Walks the stored
    /// values once rather than looking each field up.
    fn diff(&self, record: &MappedRecord, person: &DirectoryPerson) -> Vec<FieldChange> {
        let fields = &self.fetch.fields;
        let (mut few, mut many);
        let seen: &mut [bool] = if fields.len() <= 64 {
            few = [false; 64];
            &mut few[..fields.len()]
        } else {
            many = vec![false; fields.len()];
            &mut many
        };
        let mut out: Vec<(usize, FieldChange)> = Vec::new();
        let compare = |i: usize, before: Option<&str>, out: &mut Vec<(usize, FieldChange)>| {
            let after = record.values[i].as_deref().filter(|v| !v.trim().is_empty());
            if before == after || (!record.errors.is_empty() && errored(record, i).is_some()) {
                return;
            }
            out.push((
                i,
                FieldChange {
                    field: fields[i].clone(),
                    before: before.map(str::to_string),
                    after: after.map(str::to_string),
                },
            ));
        };
        for (name, stored) in &person.values {
            let Some(&i) = self.column_of.get(name.as_str()) else {
                continue;
            };
            seen[i] = true;
            compare(i, Some(stored.as_str()).filter(|v| !v.is_empty()), &mut out);
        }
        for (i, field) in fields.iter().enumerate() {
            if !seen[i] {
                compare(i, person.stored(field), &mut out);
            }
        }
        out.sort_unstable_by_key(|(i, _)| *i);
        out.into_iter().map(|(_, c)| c).collect()
    }
}

fn fold_eq(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

/// Whether the changes alter a work email or employee ID (an identity
/// change), and how many of legal name, date of birth and work email they
/// alter (the privacy block counts these). Filling a blank is no change.
fn identity_changes(fields: &[FieldChange]) -> (bool, u32) {
    let mut identity = false;
    let (mut name, mut birth, mut email) = (false, false, false);
    for f in fields {
        let (Some(before), Some(after)) = (f.before.as_deref(), f.after.as_deref()) else {
            continue;
        };
        match f.field.as_str() {
            "employee_id" => identity |= before.trim() != after.trim(),
            "work_email" => {
                let changed = !same_email(before, after);
                identity |= changed;
                email |= changed;
            }
            "first_name" | "last_name" => name |= !fold_eq(before, after),
            "date_of_birth" => birth |= before.trim() != after.trim(),
            _ => {}
        }
    }
    (
        identity,
        u32::from(name) + u32::from(birth) + u32::from(email),
    )
}
