//! The Map fields preview: the first few fetched people as the edited
//! mapping would store them, field by field, with each value's problem.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::apply::{CompiledMapping, RawRecord};
use super::spec::MappingSpec;
use super::texts::RecordTexts;
use crate::trinet::Employee;

/// Most people a preview shows.
pub const PREVIEW_MAX: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Preview {
    /// Directory field names, core then custom: the columns.
    pub fields: Vec<String>,
    pub rows: Vec<PreviewRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PreviewRow {
    /// The mapped `employee_id`.
    pub employee_id: Option<String>,
    /// Preferred (else legal first) name and last name, as mapped.
    pub name: Option<String>,
    pub excluded: bool,
    /// One per field, in `Preview::fields` order.
    pub values: Vec<PreviewValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PreviewValue {
    pub field: String,
    pub value: Option<String>,
    /// Why there is no value although TriNet sent one (e.g. not a date).
    pub error: Option<String>,
}

/// `spec` applied to the first `count` (at most [`PREVIEW_MAX`]) of
/// `employees`; managers are looked up among all of them.
pub fn preview(spec: &MappingSpec, employees: &[Employee], count: usize) -> Preview {
    let mapping = CompiledMapping::compile(spec);
    preview_with(&mapping, employees, count)
}

/// [`preview`] of the records Map fields keeps: the same rows. Only the
/// first `count` records are read back, unless a field looks managers up
/// (then everyone is).
pub fn preview_texts(spec: &MappingSpec, records: &RecordTexts, count: usize) -> Preview {
    let mapping = CompiledMapping::compile(spec);
    let read = if mapping.reads_managers() {
        usize::MAX
    } else {
        count.min(PREVIEW_MAX)
    };
    preview_with(&mapping, &records.values_for(&mapping, read), count)
}

/// `mapping` applied to the first `count` of `records`.
fn preview_with<R: RawRecord>(mapping: &CompiledMapping, records: &[R], count: usize) -> Preview {
    let managers = mapping.index_for(records);
    let fields = mapping.fields();
    let at = |name: &str| mapping.field_index(name);
    let (id, first, preferred, last) = (
        at("employee_id"),
        at("first_name"),
        at("preferred_name"),
        at("last_name"),
    );
    let rows = records
        .iter()
        .take(count.min(PREVIEW_MAX))
        .map(|e| {
            let r = mapping.map_one(e, &managers);
            let get = |i: Option<usize>| i.and_then(|i| r.values[i].clone());
            let given = get(preferred).or_else(|| get(first));
            let name = match (given, get(last)) {
                (Some(g), Some(l)) => Some(format!("{g} {l}")),
                (g, l) => g.or(l),
            };
            let values = fields
                .iter()
                .enumerate()
                .map(|(i, f)| PreviewValue {
                    field: f.name.clone(),
                    value: r.values[i].clone(),
                    error: r
                        .errors
                        .iter()
                        .find(|e| e.field == i)
                        .map(|e| e.message.clone()),
                })
                .collect();
            PreviewRow {
                employee_id: get(id),
                name,
                excluded: r.excluded,
                values,
            }
        })
        .collect();
    Preview {
        fields: fields.iter().map(|f| f.name.clone()).collect(),
        rows,
    }
}
