//! Applying a mapping to records. A spec is compiled once (paths split into
//! segments, value maps lower-cased, templates parsed and ordered, the
//! supervisor → email index built once per batch), then each record is
//! mapped without re-reading the spec. A problem in one field's transform
//! shows as an error on that field only; the rest still map.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::Datelike;
use serde_json::Value;

use super::path::{iso_date, scalar_text, PathTree, PathValues, Slot, SourcePath};
use super::schema::DirectoryField;
use super::spec::{MappingSpec, Transform};
use super::template::{self, Piece};
use crate::trinet::{DateValue, Employee};

/// Anything a mapping can read a TriNet employee record's values from.
pub trait RawRecord: Sync {
    /// Every slot of `tree` this record has a value for.
    fn resolve<'a>(&'a self, tree: &PathTree, slots: &mut Vec<Option<&'a Value>>);
}

impl RawRecord for Value {
    fn resolve<'a>(&'a self, tree: &PathTree, slots: &mut Vec<Option<&'a Value>>) {
        tree.resolve(self, slots);
    }
}

impl RawRecord for Employee {
    fn resolve<'a>(&'a self, tree: &PathTree, slots: &mut Vec<Option<&'a Value>>) {
        tree.resolve(&self.raw, slots);
    }
}

/// Values taken with [`CompiledMapping::values_of`]: only from the same
/// mapping (the same tree), which [`CompiledMapping::keep`] tells apart.
impl RawRecord for PathValues {
    fn resolve<'a>(&'a self, tree: &PathTree, slots: &mut Vec<Option<&'a Value>>) {
        tree.fill(self, slots);
    }
}

/// One person after mapping. Excluded people are kept and marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedRecord {
    /// Indexed like [`CompiledMapping::fields`]; `None` is no value.
    pub values: Vec<Option<String>>,
    pub excluded: bool,
    pub errors: Vec<ValueError>,
}

/// Why a field of one record has no value although TriNet sent something.
/// The message may quote the record's value: show it, never log it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    /// Index into [`CompiledMapping::fields`].
    pub field: usize,
    pub message: String,
}

#[derive(Debug)]
enum Op {
    Direct(Slot),
    ValueMap {
        source: Slot,
        /// `from` trimmed and lower-cased, `to`.
        table: Vec<(String, String)>,
        default: Option<String>,
    },
    Date(Slot),
    Fallback(Vec<Slot>),
    Template(Vec<Part>),
    ManagerEmail(Vec<Slot>),
}

#[derive(Debug)]
enum Part {
    Literal(String),
    Field(usize),
    Source(Slot),
}

/// A spec ready to map records with.
#[derive(Debug)]
pub struct CompiledMapping {
    fields: Vec<DirectoryField>,
    /// Per field: no mapping, a compiled transform, or why it cannot run.
    ops: Vec<Option<Result<Op, String>>>,
    /// Field indexes: templates after the fields they read.
    order: Vec<usize>,
    /// Every source path the ops read, resolved once per record.
    paths: PathTree,
    exclusion: Option<(Slot, String)>,
    needs_managers: bool,
    /// Where each record's own id and work email are, for the manager
    /// lookup (set when some field uses it).
    manager_keys: Option<(Slot, Vec<Slot>)>,
    /// Whether a template reads a manager-email field, which then has to be
    /// known before the template runs (no deferred lookup).
    template_reads_manager: bool,
}

/// Per chunk of a batch: each record's own id and email, and the manager
/// lookups left for after the whole batch is mapped.
type Deferred<'a> = Vec<(usize, usize, Cow<'a, str>)>;

/// Where the manager lookup finds each person's id and work email.
const ID_PATH: &str = "employeeId";
const EMAIL_PATHS: &[&str] = &["employmentInfo.workEmail", "workEmail"];

/// Every person's `employeeId` → their work email, within one batch.
pub struct ManagerIndex<'a> {
    emails: HashMap<Cow<'a, str>, Option<Cow<'a, str>>>,
}

impl<'a> ManagerIndex<'a> {
    /// From each record's id and email at `keys` (slots of `tree`).
    fn build<R: RawRecord>(
        tree: &PathTree,
        (id, emails): &(Slot, Vec<Slot>),
        records: &'a [R],
    ) -> Self {
        let mut map = HashMap::with_capacity(records.len());
        let mut slots = Vec::new();
        for r in records {
            r.resolve(tree, &mut slots);
            let Some(key) = slots[*id].and_then(scalar_text) else {
                continue;
            };
            let email = emails.iter().find_map(|&e| slots[e].and_then(scalar_text));
            // The first record with an id wins; ids are unique in a sound feed.
            map.entry(key).or_insert(email);
        }
        Self { emails: map }
    }

    fn empty() -> Self {
        Self {
            emails: HashMap::new(),
        }
    }
}

fn compile_op(
    t: &Transform,
    field_index: &HashMap<&str, usize>,
    paths: &mut PathTree,
) -> Result<Op, String> {
    let mut compile_path = |path: &str| SourcePath::parse(path).map(|p| paths.add(&p));
    Ok(match t {
        Transform::Direct { source } => Op::Direct(compile_path(source)?),
        Transform::Date { source } => Op::Date(compile_path(source)?),
        Transform::ValueMap {
            source,
            table,
            default,
        } => Op::ValueMap {
            source: compile_path(source)?,
            table: table
                .iter()
                .map(|row| (row.from.trim().to_lowercase(), row.to.trim().to_string()))
                .collect(),
            default: default.as_ref().map(|d| d.trim().to_string()),
        },
        Transform::Fallback { sources } => {
            if sources.is_empty() {
                return Err("the fallback chain has no TriNet fields".into());
            }
            Op::Fallback(
                sources
                    .iter()
                    .map(|s| compile_path(s))
                    .collect::<Result<_, _>>()?,
            )
        }
        Transform::ManagerEmail {
            source,
            fallback_source,
        } => {
            let mut paths = vec![compile_path(source)?];
            if let Some(f) = fallback_source.as_deref().filter(|f| !f.trim().is_empty()) {
                paths.push(compile_path(f)?);
            }
            Op::ManagerEmail(paths)
        }
        Transform::Template { template } => {
            let pieces = template::parse(template).map_err(|e| format!("the template {e}"))?;
            if pieces.is_empty() {
                return Err("the template is empty".into());
            }
            let mut parts = Vec::with_capacity(pieces.len());
            for piece in pieces {
                parts.push(match piece {
                    Piece::Literal(s) => Part::Literal(s),
                    Piece::Source(p) => Part::Source(compile_path(p)?),
                    Piece::Field(name) => match field_index.get(name) {
                        Some(&i) => Part::Field(i),
                        None => {
                            return Err(format!(
                                "the template refers to {{{name}}}, which is not a directory field"
                            ))
                        }
                    },
                });
            }
            Op::Template(parts)
        }
    })
}

impl CompiledMapping {
    /// Compiles `spec`. Never fails: a field whose transform cannot run
    /// carries the reason, and every record shows it as that field's error.
    pub fn compile(spec: &MappingSpec) -> Self {
        let fields = spec.fields();
        let field_index: HashMap<&str, usize> = fields
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.as_str(), i))
            .collect();
        let mut ops: Vec<Option<Result<Op, String>>> = (0..fields.len()).map(|_| None).collect();
        let mut paths = PathTree::default();
        for m in &spec.mappings {
            if let Some(&i) = field_index.get(m.field.as_str()) {
                if ops[i].is_none() {
                    ops[i] = Some(compile_op(&m.transform, &field_index, &mut paths));
                }
            }
        }
        let order = evaluation_order(&mut ops, &fields);
        let needs_managers = ops
            .iter()
            .any(|op| matches!(op, Some(Ok(Op::ManagerEmail(_)))));
        let exclusion = spec.exclusion.as_ref().and_then(|e| {
            let slot = paths.add(&SourcePath::parse(&e.source).ok()?);
            let value = e.value.trim().to_lowercase();
            (!value.is_empty()).then_some((slot, value))
        });
        let manager_keys = needs_managers.then(|| {
            let mut add = |p: &str| paths.add(&SourcePath::parse(p).expect("valid path"));
            let id = add(ID_PATH);
            (id, EMAIL_PATHS.iter().map(|p| add(p)).collect())
        });
        let template_reads_manager = ops.iter().any(|op| match op {
            Some(Ok(Op::Template(parts))) => parts.iter().any(
                |p| matches!(p, Part::Field(j) if matches!(ops[*j], Some(Ok(Op::ManagerEmail(_))))),
            ),
            _ => false,
        });
        Self {
            fields,
            ops,
            order,
            paths,
            exclusion,
            needs_managers,
            manager_keys,
            template_reads_manager,
        }
    }

    /// Core fields then custom fields: what `MappedRecord::values` index.
    pub fn fields(&self) -> &[DirectoryField] {
        &self.fields
    }

    /// What a fetch must keep of each record for this mapping to map it
    /// exactly as it maps the whole record, and the size of the table a
    /// record is read into ([`CompiledMapping::values_from_tables`]).
    pub fn keep(&self) -> crate::trinet::Keep {
        self.paths.keep()
    }

    /// Whether a field looks managers up among the whole batch.
    pub fn reads_managers(&self) -> bool {
        self.manager_keys.is_some()
    }

    /// The size of the table each record is read into (see `keep`).
    pub fn slots(&self) -> usize {
        self.paths.slots()
    }

    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    /// Maps every record, in order; large batches are split across cores.
    /// Manager emails are looked up after the records are mapped, from the
    /// ids and emails read on the way, so the batch is walked only once.
    pub fn map_all<R: RawRecord>(&self, records: &[R]) -> Vec<MappedRecord> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = if threads < 2 || records.len() < 20_000 {
            records.len().max(1)
        } else {
            records.len().div_ceil(threads)
        };
        self.map_in_chunks(records, chunk)
    }

    fn map_in_chunks<R: RawRecord>(&self, records: &[R], chunk: usize) -> Vec<MappedRecord> {
        if self.needs_managers && self.template_reads_manager {
            let index = self.index_for(records);
            let index = &index;
            return in_chunks(records, chunk, |part| {
                let mut slots = Vec::new();
                part.iter()
                    .map(|r| self.map_record(r, &mut slots, Some(index), None))
                    .collect::<Vec<_>>()
            })
            .into_iter()
            .flatten()
            .collect();
        }
        let parts = in_chunks(records, chunk, |part| {
            let mut slots = Vec::new();
            let mut keys = Vec::with_capacity(if self.needs_managers { part.len() } else { 0 });
            let mut deferred: Deferred<'_> = Vec::new();
            let mapped: Vec<MappedRecord> = part
                .iter()
                .enumerate()
                .map(|(n, r)| {
                    let mut later = Vec::new();
                    let m = self.map_record(r, &mut slots, None, Some(&mut later));
                    if let Some((id, emails)) = &self.manager_keys {
                        let text = |s: Slot| slots[s].and_then(scalar_text);
                        keys.push((text(*id), emails.iter().find_map(|&e| text(e))));
                    }
                    deferred.extend(later.into_iter().map(|(field, sup)| (n, field, sup)));
                    m
                })
                .collect();
            (mapped, keys, deferred)
        });
        let mut index: HashMap<&str, Option<&str>> =
            HashMap::with_capacity(if self.needs_managers {
                records.len()
            } else {
                0
            });
        let mut all_mapped = Vec::with_capacity(parts.len());
        let mut all_keys = Vec::with_capacity(parts.len());
        let mut all_deferred = Vec::with_capacity(parts.len());
        for (mapped, keys, deferred) in parts {
            all_mapped.push(mapped);
            all_keys.push(keys);
            all_deferred.push(deferred);
        }
        for keys in &all_keys {
            for (id, email) in keys {
                if let Some(id) = id {
                    // The first record with an id wins, as in `ManagerIndex`.
                    index.entry(id.as_ref()).or_insert(email.as_deref());
                }
            }
        }
        let mut out = Vec::with_capacity(records.len());
        for (mut mapped, deferred) in all_mapped.into_iter().zip(all_deferred) {
            for (n, field, sup) in deferred {
                let record = &mut mapped[n];
                match manager_email(index.get(sup.as_ref()).copied(), &sup) {
                    Ok(email) => record.values[field] = Some(email),
                    Err(message) => record.errors.push(ValueError { field, message }),
                }
            }
            out.append(&mut mapped);
        }
        out
    }

    /// The supervisor index `map_one` needs for `records` (empty when no
    /// field uses the manager lookup).
    pub fn index_for<'a, R: RawRecord>(&self, records: &'a [R]) -> ManagerIndex<'a> {
        match &self.manager_keys {
            Some(keys) => ManagerIndex::build(&self.paths, keys, records),
            None => ManagerIndex::empty(),
        }
    }

    /// Maps one record; `managers` must cover the batch it came from.
    pub fn map_one<R: RawRecord>(&self, record: &R, managers: &ManagerIndex<'_>) -> MappedRecord {
        self.map_record(record, &mut Vec::new(), Some(managers), None)
    }

    /// Each record's values at every path this mapping reads, taken so
    /// the records can be dropped: mapping the values maps the records.
    pub fn values_of(&self, records: &[Value]) -> Vec<PathValues> {
        let mut slots = Vec::new();
        records
            .iter()
            .map(|r| self.paths.values_of(r, &mut slots))
            .collect()
    }

    /// Each record's values at every path this mapping reads, from the
    /// tables the records were read into with [`CompiledMapping::keep`]
    /// (`trinet::parse_employee_page_tabled`): the same values as
    /// [`CompiledMapping::values_of`] takes from the whole records.
    pub fn values_from_tables(&self, tables: Vec<crate::trinet::Slots>) -> Vec<PathValues> {
        self.paths.values_from_tables(tables)
    }

    /// [`CompiledMapping::values_from_tables`] of one record.
    pub fn values_from_table(&self, table: crate::trinet::Slots) -> PathValues {
        self.paths.values_from_tables(vec![table]).remove(0)
    }

    /// Maps one record. Manager emails come from `managers`, or (with
    /// `defer`) are left empty and their lookups pushed there as (field,
    /// supervisor id).
    fn map_record<'a, R: RawRecord>(
        &self,
        record: &'a R,
        slots: &mut Vec<Option<&'a Value>>,
        managers: Option<&ManagerIndex<'_>>,
        mut defer: Option<&mut Vec<(usize, Cow<'a, str>)>>,
    ) -> MappedRecord {
        record.resolve(&self.paths, slots);
        let slots = &slots[..];
        let mut values: Vec<Option<String>> = vec![None; self.fields.len()];
        let mut errors = Vec::new();
        for &i in &self.order {
            let result = match (&self.ops[i], defer.as_deref_mut()) {
                (None, _) => continue,
                (Some(Err(problem)), _) => Err(format!("Mapping problem: {problem}.")),
                (Some(Ok(Op::ManagerEmail(paths))), Some(later)) => {
                    match first_text(paths, slots) {
                        Ok(Some(id)) => {
                            later.push((i, id));
                            continue;
                        }
                        Ok(None) => Ok(None),
                        Err(e) => Err(e),
                    }
                }
                (Some(Ok(op)), _) => run(op, slots, &values, managers),
            };
            match result {
                Ok(v) => values[i] = v,
                Err(message) => errors.push(ValueError { field: i, message }),
            }
        }
        let excluded = self.exclusion.as_ref().is_some_and(|(slot, value)| {
            slots[*slot].and_then(scalar_text).is_some_and(|t| {
                if t.is_ascii() {
                    t.eq_ignore_ascii_case(value)
                } else {
                    t.to_lowercase() == *value
                }
            })
        });
        MappedRecord {
            values,
            excluded,
            errors,
        }
    }
}

/// Runs `work` on each `chunk`-sized part of `records`, on its own thread
/// when there is more than one part; results in order.
fn in_chunks<'r, R: Sync, T: Send>(
    records: &'r [R],
    chunk: usize,
    work: impl Fn(&'r [R]) -> T + Sync,
) -> Vec<T> {
    if records.len() <= chunk {
        return vec![work(records)];
    }
    let work = &work;
    std::thread::scope(|scope| {
        let running: Vec<_> = records
            .chunks(chunk)
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        running
            .into_iter()
            .map(|t| t.join().expect("mapping thread panicked"))
            .collect()
    })
}

/// The first of `paths` with a value.
fn first_text<'a>(
    paths: &[Slot],
    slots: &[Option<&'a Value>],
) -> Result<Option<Cow<'a, str>>, String> {
    for p in paths {
        if let Some(t) = text_at(*p, slots)? {
            return Ok(Some(t));
        }
    }
    Ok(None)
}

/// The manager's email from the lookup of supervisor `id`.
fn manager_email(found: Option<Option<&str>>, id: &str) -> Result<String, String> {
    match found {
        Some(Some(email)) => Ok(email.to_string()),
        Some(None) => Err(format!("the manager ({id}) has no work email in TriNet")),
        None => Err(format!(
            "the manager ({id}) is not among the fetched employees"
        )),
    }
}

/// Fields in an order where every template comes after the fields it
/// reads. Templates caught in a cycle get an error instead.
fn evaluation_order(
    ops: &mut [Option<Result<Op, String>>],
    fields: &[DirectoryField],
) -> Vec<usize> {
    let n = ops.len();
    let deps: Vec<Vec<usize>> = ops
        .iter()
        .map(|op| match op {
            Some(Ok(Op::Template(parts))) => parts
                .iter()
                .filter_map(|p| match p {
                    Part::Field(i) => Some(*i),
                    _ => None,
                })
                .collect(),
            _ => vec![],
        })
        .collect();
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    loop {
        let before = order.len();
        for i in 0..n {
            if !done[i] && deps[i].iter().all(|&d| done[d]) {
                done[i] = true;
                order.push(i);
            }
        }
        if order.len() == n || order.len() == before {
            break;
        }
    }
    for i in 0..n {
        if !done[i] {
            let others: Vec<&str> = deps[i]
                .iter()
                .filter(|&&d| !done[d])
                .map(|&d| fields[d].name.as_str())
                .collect();
            ops[i] = Some(Err(format!(
                "the template refers back to itself through {{{}}}",
                others.join("}, {")
            )));
            order.push(i);
        }
    }
    order
}

fn text_at<'a>(slot: Slot, slots: &[Option<&'a Value>]) -> Result<Option<Cow<'a, str>>, String> {
    match slots[slot] {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(_) | Value::Array(_)) => {
            Err("TriNet has a group of values here, not one value; pick a field inside it".into())
        }
        Some(v) => Ok(scalar_text(v)),
    }
}

fn run(
    op: &Op,
    slots: &[Option<&Value>],
    values: &[Option<String>],
    managers: Option<&ManagerIndex<'_>>,
) -> Result<Option<String>, String> {
    match op {
        Op::Direct(slot) => Ok(text_at(*slot, slots)?.map(Cow::into_owned)),
        Op::Date(slot) => match slots[*slot] {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if iso_date(s.trim()).is_some() => {
                Ok(Some(s.trim().to_string()))
            }
            Some(Value::String(s)) => match DateValue::parse(s) {
                DateValue::Missing => Ok(None),
                DateValue::Date(d) => Ok(Some(format!(
                    "{:04}-{:02}-{:02}",
                    d.year(),
                    d.month(),
                    d.day()
                ))),
                DateValue::Unparseable(text) => Err(format!("\"{text}\" is not a date")),
            },
            Some(other) => Err(format!("{other} is not a date")),
        },
        Op::ValueMap {
            source,
            table,
            default,
        } => {
            let Some(text) = text_at(*source, slots)? else {
                return Ok(None);
            };
            let ascii = text.is_ascii();
            let lower = if ascii {
                None
            } else {
                Some(text.to_lowercase())
            };
            let hit = table.iter().find(|(from, _)| match &lower {
                None => from.eq_ignore_ascii_case(&text),
                Some(l) => from == l,
            });
            Ok(match (hit, default) {
                (Some((_, to)), _) => Some(to.clone()),
                (None, Some(d)) => Some(d.clone()),
                (None, None) => Some(text.into_owned()),
            }
            .filter(|v| !v.is_empty()))
        }
        Op::Fallback(paths) => Ok(first_text(paths, slots)?.map(Cow::into_owned)),
        Op::ManagerEmail(paths) => {
            let Some(id) = first_text(paths, slots)? else {
                return Ok(None);
            };
            let found = managers
                .and_then(|m| m.emails.get(id.as_ref()))
                .map(|e| e.as_deref());
            manager_email(found, &id).map(Some)
        }
        Op::Template(parts) => {
            let mut out = String::new();
            // A template of plain text is a constant.
            let mut any = parts.iter().all(|p| matches!(p, Part::Literal(_)));
            for part in parts {
                match part {
                    Part::Literal(s) => out.push_str(s),
                    Part::Field(i) => {
                        if let Some(v) = &values[*i] {
                            any = true;
                            out.push_str(v);
                        }
                    }
                    Part::Source(p) => {
                        if let Some(v) = text_at(*p, slots)? {
                            any = true;
                            out.push_str(&v);
                        }
                    }
                }
            }
            let trimmed = out.trim();
            if !any || trimmed.is_empty() {
                return Ok(None);
            }
            Ok(Some(if trimmed.len() == out.len() {
                out
            } else {
                trimmed.to_string()
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::mapping::spec::{default_spec, FieldMapping};
    use crate::mapping::{DirectoryField, FieldKind};
    use crate::sandbox::Company;

    #[test]
    fn batches_in_chunks_map_exactly_like_one_record_at_a_time() {
        let company = Company::generate(3, 250, NaiveDate::from_ymd_opt(2026, 1, 5).unwrap());
        let records = company.to_employee_json();
        let mut with_template = default_spec();
        with_template.custom_fields.push(DirectoryField {
            name: "reports_to".into(),
            label: "Reports to".into(),
            kind: FieldKind::Text,
            core: false,
            drives_group: false,
        });
        with_template.mappings.push(FieldMapping {
            field: "reports_to".into(),
            transform: Transform::Template {
                template: "{first_name} reports to {manager_email}".into(),
            },
        });
        for spec in [default_spec(), with_template] {
            let mapping = CompiledMapping::compile(&spec);
            let index = mapping.index_for(&records);
            let one_by_one: Vec<MappedRecord> =
                records.iter().map(|r| mapping.map_one(r, &index)).collect();
            assert!(
                one_by_one.iter().any(|r| r.values[9].is_some()),
                "managers resolved"
            );
            for chunk in [7, 100, 250] {
                assert_eq!(
                    mapping.map_in_chunks(&records, chunk),
                    one_by_one,
                    "chunk {chunk}"
                );
            }
            assert_eq!(mapping.map_all(&records), one_by_one);
        }
    }
}
