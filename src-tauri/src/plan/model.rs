//! What the planner reads (mapped records, the directory, settings) and what
//! it writes (one change per person, counts, the guardrail verdict), in the
//! serde shape the review screen and `roster preview --json` share.

use crate::mapping::{CompiledMapping, MappedRecord, MappingSpec};

/// One fetch after mapping: `records[i].values[j]` is the value of the
/// directory field `fields[j]`.
///
/// Every listed field is compared with the directory, so a listed field
/// without a value proposes clearing the stored one; leave out fields the
/// mapping does not fill. A field with a mapping error on a record is never
/// compared for that record: the stored value stays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedFetch {
    pub fields: Vec<String>,
    pub records: Vec<MappedRecord>,
}

impl MappedFetch {
    /// `records` as `mapping` produced them, narrowed to the fields `spec`
    /// maps: an unmapped field is neither stored nor compared.
    pub fn from_mapping(
        mapping: &CompiledMapping,
        spec: &MappingSpec,
        records: Vec<MappedRecord>,
    ) -> Self {
        let keep: Vec<usize> = mapping
            .fields()
            .iter()
            .enumerate()
            .filter(|(_, f)| spec.mappings.iter().any(|m| m.field == f.name))
            .map(|(i, _)| i)
            .collect();
        let fields = keep
            .iter()
            .map(|&i| mapping.fields()[i].name.clone())
            .collect();
        if keep.len() == mapping.fields().len() {
            return Self { fields, records };
        }
        let mut new_index = vec![None; mapping.fields().len()];
        for (j, &i) in keep.iter().enumerate() {
            new_index[i] = Some(j);
        }
        let records = records
            .into_iter()
            .map(|mut r| {
                r.values = keep.iter().map(|&i| r.values[i].take()).collect();
                r.errors.retain_mut(|e| match new_index[e.field] {
                    Some(j) => {
                        e.field = j;
                        true
                    }
                    None => false,
                });
                r
            })
            .collect();
        Self { fields, records }
    }
}
