//! The people of a fetch as Map fields keeps them: each record as its
//! compact JSON text, about a tenth of the memory of the parsed record
//! (a parsed record is a tree of maps and strings, ~13 KB for a sandbox
//! person; its text ~1.7 KB). Whatever a mapping reads is read back from
//! the text into a table of the values at its paths, which maps exactly as
//! the whole record does. A record with a fraction that would not read
//! back as the same number (serde_json parses long fractions to within one
//! unit in the last place) is kept parsed instead.

use serde_json::Value;

use super::apply::CompiledMapping;
use super::path::PathValues;

/// Fewest records worth reading on several threads.
const PARALLEL_FROM: usize = 20_000;

/// One record as kept: its text, or (rarely) the parsed record.
#[derive(Debug, Clone)]
pub enum KeptRecord {
    Text(Box<str>),
    Whole(Box<Value>),
}

/// Fetched records, in fetch order, as JSON text.
#[derive(Debug, Clone, Default)]
pub struct RecordTexts {
    texts: Vec<KeptRecord>,
}

/// Whether every number in `v` reads back from its text as itself.
fn reads_back(v: &Value) -> bool {
    match v {
        Value::Number(n) if n.is_f64() => {
            serde_json::from_str::<Value>(&n.to_string()).is_ok_and(|back| back == *v)
        }
        Value::Array(list) => list.iter().all(reads_back),
        Value::Object(map) => map.values().all(reads_back),
        _ => true,
    }
}

impl RecordTexts {
    /// `records`, each kept as by [`RecordTexts::keep`].
    pub fn of(records: impl IntoIterator<Item = Value>) -> Self {
        Self::from_kept(records.into_iter().map(Self::keep).collect())
    }

    /// Records each kept by [`RecordTexts::keep`].
    pub fn from_kept(texts: Vec<KeptRecord>) -> Self {
        Self { texts }
    }

    /// One record as kept: as compact JSON text when that reads back as
    /// the same record, else as it is.
    pub fn keep(record: Value) -> KeptRecord {
        if reads_back(&record) {
            KeptRecord::Text(record.to_string().into_boxed_str())
        } else {
            KeptRecord::Whole(Box::new(record))
        }
    }

    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// Every record parsed whole again, one at a time.
    pub fn records(&self) -> impl Iterator<Item = Value> + '_ {
        self.texts.iter().map(|t| match t {
            KeptRecord::Text(t) => serde_json::from_str(t).unwrap_or(Value::Null),
            KeptRecord::Whole(v) => (**v).clone(),
        })
    }

    /// The values `mapping` reads of the first `count` records (all of
    /// them with `usize::MAX`), to map as the whole records would be.
    pub fn values_for(&self, mapping: &CompiledMapping, count: usize) -> Vec<PathValues> {
        let texts = &self.texts[..count.min(self.texts.len())];
        let (keep, slots) = (mapping.keep(), mapping.slots());
        let read = |part: &[KeptRecord]| {
            part.iter()
                .map(|t| match t {
                    KeptRecord::Text(t) => {
                        // The texts were written from parsed JSON: they parse.
                        let table = crate::trinet::record_tabled(t, &keep, slots)
                            .unwrap_or_else(|_| vec![None; slots]);
                        mapping.values_from_table(table)
                    }
                    KeptRecord::Whole(v) => mapping.values_of(std::slice::from_ref(&**v)).remove(0),
                })
                .collect::<Vec<_>>()
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        if threads < 2 || texts.len() < PARALLEL_FROM {
            return read(texts);
        }
        let chunk = texts.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let parts: Vec<_> = texts
                .chunks(chunk)
                .map(|part| scope.spawn(move || read(part)))
                .collect();
            parts
                .into_iter()
                .flat_map(|p| p.join().expect("record reading thread panicked"))
                .collect()
        })
    }
}
