//! Applying a mapping to records. A spec is compiled once (paths split into
//! segments, value maps lower-cased, templates parsed and ordered, the
//! supervisor → email index built once per batch), then each record is
//! mapped without re-reading the spec. A problem in one field's transform
//! shows as an error on that field only; the rest still map.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::Datelike;
use serde_json::Value;

use super::path::{iso_date, scalar_text, PathTree, Slot, SourcePath};
use super::schema::DirectoryField;
use super::spec::{MappingSpec, Transform};
use super::template::{self, Piece};
use crate::trinet::{DateValue, Employee};

/// Anything that carries a raw TriNet employee object.
pub trait RawRecord: Sync {
    fn raw(&self) -> &Value;
}

impl RawRecord for Value {
    fn raw(&self) -> &Value {
        self
    }
}

impl RawRecord for Employee {
    fn raw(&self) -> &Value {
        &self.raw
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
}

/// Where the manager lookup finds each person's id and work email.
const ID_PATH: &str = "employeeId";
const EMAIL_PATHS: &[&str] = &["employmentInfo.workEmail", "workEmail"];

/// Every person's `employeeId` → their work email, within one batch.
pub struct ManagerIndex<'a> {
    emails: HashMap<Cow<'a, str>, Option<Cow<'a, str>>>,
}

impl<'a> ManagerIndex<'a> {
    pub fn build<R: RawRecord>(records: &'a [R]) -> Self {
        let id = SourcePath::parse(ID_PATH).expect("valid path");
        let emails: Vec<SourcePath> = EMAIL_PATHS
            .iter()
            .map(|p| SourcePath::parse(p).expect("valid path"))
            .collect();
        let mut map = HashMap::with_capacity(records.len());
        for r in records {
            let raw = r.raw();
            let Some(key) = id.resolve(raw).and_then(scalar_text) else {
                continue;
            };
            let email = emails
                .iter()
                .find_map(|p| p.resolve(raw).and_then(scalar_text));
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
        Self {
            fields,
            ops,
            order,
            paths,
            exclusion,
            needs_managers,
        }
    }

    /// Core fields then custom fields: what `MappedRecord::values` index.
    pub fn fields(&self) -> &[DirectoryField] {
        &self.fields
    }

    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    /// Maps every record, in order; large batches are split across cores.
    pub fn map_all<R: RawRecord>(&self, records: &[R]) -> Vec<MappedRecord> {
        let index = self.index_for(records);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        if threads < 2 || records.len() < 20_000 {
            return records
                .iter()
                .map(|r| self.map_one(r.raw(), &index))
                .collect();
        }
        let chunk = records.len().div_ceil(threads);
        let index = &index;
        std::thread::scope(|scope| {
            let parts: Vec<_> = records
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|r| self.map_one(r.raw(), index))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            let mut out = Vec::with_capacity(records.len());
            for p in parts {
                out.extend(p.join().expect("mapping thread panicked"));
            }
            out
        })
    }

    /// The supervisor index `map_one` needs for `records` (empty when no
    /// field uses the manager lookup).
    pub fn index_for<'a, R: RawRecord>(&self, records: &'a [R]) -> ManagerIndex<'a> {
        if self.needs_managers {
            ManagerIndex::build(records)
        } else {
            ManagerIndex::empty()
        }
    }

    /// Maps one record; `managers` must cover the batch it came from.
    pub fn map_one(&self, record: &Value, managers: &ManagerIndex<'_>) -> MappedRecord {
        let mut slots = Vec::new();
        self.paths.resolve(record, &mut slots);
        let mut values: Vec<Option<String>> = vec![None; self.fields.len()];
        let mut errors = Vec::new();
        for &i in &self.order {
            let result = match &self.ops[i] {
                None => continue,
                Some(Err(problem)) => Err(format!("Mapping problem: {problem}.")),
                Some(Ok(op)) => run(op, &slots, &values, managers),
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
    managers: &ManagerIndex<'_>,
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
        Op::Fallback(paths) => {
            for p in paths {
                if let Some(t) = text_at(*p, slots)? {
                    return Ok(Some(t.into_owned()));
                }
            }
            Ok(None)
        }
        Op::ManagerEmail(paths) => {
            let mut id = None;
            for p in paths {
                if let Some(t) = text_at(*p, slots)? {
                    id = Some(t);
                    break;
                }
            }
            let Some(id) = id else {
                return Ok(None);
            };
            match managers.emails.get(id.as_ref()) {
                Some(Some(email)) => Ok(Some(email.to_string())),
                Some(None) => Err(format!("the manager ({id}) has no work email in TriNet")),
                None => Err(format!(
                    "the manager ({id}) is not among the fetched employees"
                )),
            }
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
