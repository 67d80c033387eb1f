//! What a fetch keeps of each employee record when it is only going to be
//! mapped: the parts the mapping reads, parsed straight from the page's
//! bytes, every other part skipped by the parser without being built. A
//! record kept this way answers every path the mapping asked for exactly as
//! the whole record would, at a fraction of the time and memory (a whole
//! record is about a hundred small allocations; its mapped parts a few).
//!
//! A fetch that is only going to map its records goes one step further:
//! each record is read into a table of values at numbered places
//! ([`Slots`], numbered by the [`Keep`]'s `slot`s), without building the
//! objects on the way to them (`parse_employee_page_tabled`).

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::wire::{
    body_text, describe_json_error, employee_page_from, EmployeePage, Parsed, Slots,
};
use super::TriNetError;

/// The parts of a JSON value to keep: all of it, or some of its keys (each
/// with what to keep beneath it) and, for a list, what to keep of each
/// entry. A scalar is always kept as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keep {
    whole: bool,
    /// Keys not listed in `keys` are kept whole (an envelope around the
    /// records) instead of skipped.
    others_whole: bool,
    /// Sorted by key.
    keys: Vec<(Box<str>, Keep)>,
    entries: Option<Box<Keep>>,
    /// Where a record read into a table puts this value (kept as the
    /// rest of this `Keep` says). Objects on the way to a slot are walked,
    /// not built; beneath a slot, slots are ignored.
    slot: Option<usize>,
    /// A list of records, each read into a table of this many slots
    /// (`data.employeeData` of a tabled page).
    tables: Option<usize>,
}

impl Keep {
    /// Keeps the whole value.
    pub fn set_whole(&mut self) {
        self.whole = true;
    }

    /// What to keep under `key` of an object (added if new).
    pub fn key(&mut self, key: &str) -> &mut Keep {
        let at = match self.keys.binary_search_by(|(k, _)| (**k).cmp(key)) {
            Ok(at) => at,
            Err(at) => {
                self.keys.insert(at, (key.into(), Keep::default()));
                at
            }
        };
        &mut self.keys[at].1
    }

    /// What to keep of each entry of a list (added if new).
    pub fn entries(&mut self) -> &mut Keep {
        self.entries.get_or_insert_with(Box::default)
    }

    /// Puts this value in slot `slot` of a record read into a table.
    pub fn set_slot(&mut self, slot: usize) {
        self.slot = Some(slot);
    }

    /// Empties every slot at or beneath this value in `table`.
    fn clear(&self, table: &mut [Option<Value>]) {
        if let Some(slot) = self.slot {
            table[slot] = None;
            return;
        }
        for (_, under) in &self.keys {
            under.clear(table);
        }
    }

    fn under(&self, key: &str) -> Option<&Keep> {
        self.keys
            .binary_search_by(|(k, _)| (**k).cmp(key))
            .ok()
            .map(|at| &self.keys[at].1)
    }

    /// An employee page's envelope kept whole, with `record`'s parts of
    /// each record in `data.employeeData`.
    pub(crate) fn page(record: &Keep) -> Keep {
        let mut page = Keep {
            others_whole: true,
            ..Keep::default()
        };
        let data = page.key("data");
        data.others_whole = true;
        *data.key("employeeData").entries() = record.clone();
        page
    }

    /// [`Keep::page`] with each record read into a table of `slots`
    /// places (as `record`'s `slot`s number them).
    pub(crate) fn tabled_page(record: &Keep, slots: usize) -> Keep {
        let mut page = Keep::page(record);
        page.key("data").key("employeeData").tables = Some(slots);
        page
    }
}

/// Parses `body` (checked to be UTF-8 first, as a whole parse does)
/// keeping only what `keep` asks for. Errors are those of a whole parse.
pub(crate) fn parse_kept(endpoint: &str, body: &[u8], keep: &Keep) -> Result<Parsed, TriNetError> {
    let text = body_text(endpoint, body)?;
    let broken = |e: serde_json::Error| TriNetError::malformed(endpoint, describe_json_error(&e));
    let mut de = serde_json::Deserializer::from_str(text);
    let tables = RefCell::new(Vec::new());
    let value = Kept {
        keep,
        tables: &tables,
    }
    .deserialize(&mut de)
    .map_err(broken)?;
    de.end().map_err(broken)?;
    Ok(Parsed {
        value,
        tables: tables.into_inner(),
    })
}

/// Parses one employee page keeping, of each record, the parts `record`
/// names.
pub fn parse_employee_page_kept(
    endpoint: &str,
    body: &[u8],
    record: &Keep,
) -> Result<EmployeePage<Value>, TriNetError> {
    let page = Keep::page(record);
    employee_page_from(endpoint, parse_kept(endpoint, body, &page)?)
}

/// Parses one employee page reading each record into a table of `slots`
/// places, as `record`'s `slot`s say; the page fails exactly as a whole
/// parse of it would.
pub fn parse_employee_page_tabled(
    endpoint: &str,
    body: &[u8],
    record: &Keep,
    slots: usize,
) -> Result<EmployeePage<Slots>, TriNetError> {
    let page = Keep::tabled_page(record, slots);
    employee_page_from(endpoint, parse_kept(endpoint, body, &page)?)
}

/// Reads one record's JSON text into a table of `slots` places, as
/// `record`'s `slot`s say: what [`parse_employee_page_tabled`] makes of
/// the same record in a page.
pub fn record_tabled(text: &str, record: &Keep, slots: usize) -> Result<Slots, serde_json::Error> {
    let mut table = vec![None; slots];
    let mut de = serde_json::Deserializer::from_str(text);
    Tabled {
        keep: record,
        table: &mut table,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok(table)
}

/// A key as the parser hands it: borrowed from the body unless escaped.
struct Key<'de>(Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// A value parsed keeping what its [`Keep`] asks for. A list of records
/// read into tables (`Keep::tables`) goes to `tables`, and the value keeps
/// in its place the list's number there (see [`Parsed`]).
#[derive(Clone, Copy)]
struct Kept<'k> {
    keep: &'k Keep,
    tables: &'k RefCell<Vec<Vec<Slots>>>,
}

impl<'k> Kept<'k> {
    fn under(self, keep: &'k Keep) -> Self {
        Kept { keep, ..self }
    }
}

impl<'de> DeserializeSeed<'de> for Kept<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        if self.keep.whole {
            serde::Deserialize::deserialize(d)
        } else {
            d.deserialize_any(self)
        }
    }
}

impl<'de> Visitor<'de> for Kept<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let Some(entry) = self.keep.entries.as_deref() else {
            // Nothing is read inside this list: its entries are skipped.
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(Value::Array(Vec::new()));
        };
        if let Some(slots) = self.keep.tables {
            let mut records = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            loop {
                let mut table = vec![None; slots];
                let seed = Tabled {
                    keep: entry,
                    table: &mut table,
                };
                if seq.next_element_seed(seed)?.is_none() {
                    break;
                }
                records.push(table);
            }
            let mut tables = self.tables.borrow_mut();
            tables.push(records);
            return Ok(Value::Array(vec![Value::from(tables.len() - 1)]));
        }
        let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(v) = seq.next_element_seed(self.under(entry))? {
            list.push(v);
        }
        Ok(Value::Array(list))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut kept = Map::new();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            match self.keep.under(&key) {
                Some(under) => {
                    let v = map.next_value_seed(self.under(under))?;
                    kept.insert(key.into_owned(), v);
                }
                None if self.keep.others_whole => {
                    let v: Value = map.next_value()?;
                    kept.insert(key.into_owned(), v);
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Value::Object(kept))
    }
}

/// A record (or a part of one) read into its table: a value with a slot
/// is kept there (as [`Kept`] keeps it); an object on the way to slots is
/// walked key by key, never built; anything else is skipped.
struct Tabled<'k, 't> {
    keep: &'k Keep,
    table: &'t mut [Option<Value>],
}

impl<'de> DeserializeSeed<'de> for Tabled<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        match self.keep.slot {
            Some(slot) => {
                // No list of records lies beneath a record's slots.
                let none = RefCell::new(Vec::new());
                let kept = Kept {
                    keep: self.keep,
                    tables: &none,
                };
                self.table[slot] = Some(kept.deserialize(d)?);
                Ok(())
            }
            None => d.deserialize_any(self),
        }
    }
}

impl<'de> Visitor<'de> for Tabled<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        // A list with slots beneath it has a slot itself: this one's
        // entries hold nothing that is read.
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            match self.keep.under(&key) {
                Some(under) => {
                    // A repeated key replaces what the earlier one held,
                    // as it does in a parsed object.
                    under.clear(self.table);
                    map.next_value_seed(Tabled {
                        keep: under,
                        table: &mut *self.table,
                    })?;
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn kept(keep: &Keep, v: &Value) -> Value {
        parse_kept("/test", v.to_string().as_bytes(), keep)
            .unwrap()
            .value
    }

    #[test]
    fn only_the_asked_parts_are_kept_and_they_are_as_sent() {
        let record = json!({
            "employeeId": "00001000001",
            "names": [
                { "nameType": "PRI", "firstName": "Grace", "lastName": "Hopper", "x": [1, 2] },
                { "nameType": "PRF", "firstName": "Amazing" }
            ],
            "employmentInfo": {
                "department": { "deptId": "D1", "deptName": "Engineering" },
                "standardHours": 40.5,
                "location": { "locationId": "L1", "phones": ["1", "2"] }
            },
            "bioInfo": { "birthdate": "1906-12-09" },
            "tags": ["a", "b"],
            "odd\"key": 1
        });
        let mut keep = Keep::default();
        keep.key("employeeId").set_whole();
        let name = keep.key("names").entries();
        name.key("nameType").set_whole();
        name.key("firstName").set_whole();
        let job = keep.key("employmentInfo");
        job.key("location").set_whole();
        job.key("standardHours").set_whole();
        job.key("department").key("deptName").set_whole();
        keep.key("tags");
        keep.key("odd\"key").set_whole();
        assert_eq!(
            kept(&keep, &record),
            json!({
                "employeeId": "00001000001",
                "names": [
                    { "nameType": "PRI", "firstName": "Grace" },
                    { "nameType": "PRF", "firstName": "Amazing" }
                ],
                "employmentInfo": {
                    "department": { "deptName": "Engineering" },
                    "standardHours": 40.5,
                    "location": { "locationId": "L1", "phones": ["1", "2"] }
                },
                "tags": [],
                "odd\"key": 1
            })
        );
        let mut all = Keep::default();
        all.set_whole();
        assert_eq!(kept(&all, &record), record);
    }

    #[test]
    fn a_page_keeps_its_envelope_and_fails_as_a_whole_parse_does() {
        let mut record = Keep::default();
        record.key("employeeId").set_whole();
        let page = Keep::page(&record);
        let body = json!({
            "_statusCode": "200", "_statusMessage": "ok",
            "data": { "employeesTotal": 2, "hasMore": false, "employeeData": [
                { "employeeId": "1", "names": [] }, { "employeeId": "2", "bioInfo": {} }
            ] }
        });
        assert_eq!(
            kept(&page, &body),
            json!({
                "_statusCode": "200", "_statusMessage": "ok",
                "data": { "employeesTotal": 2, "hasMore": false, "employeeData": [
                    { "employeeId": "1" }, { "employeeId": "2" }
                ] }
            })
        );
        let text = body.to_string();
        for cut in [text.len() / 2, text.len() - 1] {
            let whole = super::super::wire::parse_json("/e", &text.as_bytes()[..cut]).unwrap_err();
            let pruned = parse_kept("/e", &text.as_bytes()[..cut], &page).unwrap_err();
            assert_eq!(pruned, whole, "cut at {cut}");
        }
        let trailing = format!("{text} x");
        assert!(parse_kept("/e", trailing.as_bytes(), &page).is_err());
        assert!(parse_kept("/e", b"\xff{}", &page).is_err());
    }
}
