//! Source paths: how a mapping names one value inside a raw TriNet record,
//! e.g. `employmentInfo.department.deptName`, `names[PRI].firstName`
//! (entries of `names` picked by `nameType`) or `phones[0].number` (other
//! arrays by position). Parsed once into segments so mapping 100,000
//! records does no string splitting.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde_json::Value;

use crate::trinet::{DateValue, Keep};

/// The key whose value picks an array entry by name instead of position.
pub const ENTRY_KEY: &str = "nameType";

/// Among several entries of one name type, the latest by this date wins.
const EFFECTIVE_KEY: &str = "effectiveDate";

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Segment {
    Key(Box<str>),
    Index(usize),
    /// An array entry whose `nameType` is this code (uppercase).
    Entry(Box<str>),
}

/// A parsed source path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcePath {
    segments: Vec<Segment>,
}

/// The one spelling of a name-type code: TriNet's documentation shows the
/// words, real tenants send the codes.
pub fn entry_code(raw: &str) -> String {
    let upper = raw.trim().to_ascii_uppercase();
    match upper.as_str() {
        "PRIMARY" => "PRI".to_string(),
        "PREFERRED" => "PRF".to_string(),
        _ => upper,
    }
}

impl SourcePath {
    /// Parses `a.b[PRI].c[0]`; the error says what is wrong, for the admin.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("no TriNet field is chosen".into());
        }
        let mut segments = Vec::new();
        for part in text.split('.') {
            let (name, mut rest) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if name.is_empty() {
                return Err(format!("\"{text}\" has an empty part"));
            }
            segments.push(Segment::Key(name.into()));
            while !rest.is_empty() {
                let Some(close) = rest.find(']') else {
                    return Err(format!("\"{text}\" has an unclosed ["));
                };
                let inner = rest[1..close].trim();
                if inner.is_empty() {
                    return Err(format!("\"{text}\" has an empty []"));
                }
                segments.push(match inner.parse::<usize>() {
                    Ok(i) => Segment::Index(i),
                    Err(_) => Segment::Entry(entry_code(inner).into()),
                });
                rest = &rest[close + 1..];
                if !rest.is_empty() && !rest.starts_with('[') {
                    return Err(format!("\"{text}\" has text after ]"));
                }
            }
        }
        Ok(Self { segments })
    }

    /// The value at this path in `record`, if every step exists.
    pub fn resolve<'a>(&self, record: &'a Value) -> Option<&'a Value> {
        self.segments
            .iter()
            .try_fold(record, |v, segment| segment.step(v))
    }
}

impl Segment {
    fn step<'a>(&self, v: &'a Value) -> Option<&'a Value> {
        match self {
            Segment::Key(k) => v.as_object()?.get(&**k),
            Segment::Index(i) => v.as_array()?.get(*i),
            Segment::Entry(code) => entry(v.as_array()?, code),
        }
    }
}

/// Where a [`PathTree`] puts one path's value.
pub type Slot = usize;

/// Many paths resolved together: shared prefixes (`employmentInfo`,
/// `names[PRI]`) are walked once per record instead of once per path, and
/// an object with several wanted keys is read in one sorted pass instead
/// of one lookup per key.
#[derive(Debug, Default)]
pub struct PathTree {
    /// Node `i + 1`'s parent slot and step; slot 0 is the record itself.
    /// Parents always come before their children.
    nodes: Vec<(Slot, Segment)>,
    children: std::collections::HashMap<(Slot, Segment), Slot>,
    /// Per slot: its children reached by key, sorted by key.
    keyed: Vec<Vec<(Box<str>, Slot)>>,
    /// The slots where a path ends (the only ones a mapping reads), in the
    /// order they were first added.
    ends: Vec<Slot>,
    /// [`PathTree::stored`], worked out once the tree is complete.
    stored: std::sync::OnceLock<Vec<bool>>,
}

/// One record's values at the ends of a [`PathTree`]'s paths (indexed like
/// its `ends`), taken from the record as it arrived so the record itself
/// need not be kept: about a tenth of its memory.
#[derive(Debug, Clone, PartialEq)]
pub struct PathValues {
    values: Box<[Option<Value>]>,
}

/// From this many wanted keys on, one pass over an object beats lookups.
const MERGE_FROM: usize = 3;

/// Whether JSON objects iterate in key order (serde_json without
/// `preserve_order`), which the one-pass read relies on.
fn objects_are_sorted() -> bool {
    static SORTED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *SORTED.get_or_init(|| {
        let probe: Value = serde_json::from_str(r#"{"b": 1, "a": 2, "c": 3}"#).expect("valid JSON");
        probe
            .as_object()
            .is_some_and(|m| m.keys().map(String::as_str).eq(["a", "b", "c"]))
    })
}

impl PathTree {
    /// The slot that will hold `path`'s value.
    pub fn add(&mut self, path: &SourcePath) -> Slot {
        self.stored = std::sync::OnceLock::new();
        let mut at = 0;
        for segment in &path.segments {
            at = match self.children.get(&(at, segment.clone())) {
                Some(&slot) => slot,
                None => {
                    self.nodes.push((at, segment.clone()));
                    let slot = self.nodes.len();
                    self.children.insert((at, segment.clone()), slot);
                    self.keyed.resize_with(slot + 1, Vec::new);
                    if let Segment::Key(k) = segment {
                        let group = &mut self.keyed[at];
                        group.push((k.clone(), slot));
                        group.sort_unstable();
                    }
                    slot
                }
            };
        }
        if !self.ends.contains(&at) {
            self.ends.push(at);
        }
        at
    }

    /// `record`'s values at the ends of this tree's paths (`slots` is
    /// scratch space).
    pub fn values_of<'a>(
        &self,
        record: &'a Value,
        slots: &mut Vec<Option<&'a Value>>,
    ) -> PathValues {
        self.resolve(record, slots);
        PathValues {
            values: self.ends.iter().map(|&end| slots[end].cloned()).collect(),
        }
    }

    /// Every slot's value from `values` (made by [`PathTree::values_of`]
    /// on this tree): the ends of paths, which are all a mapping reads.
    pub fn fill<'a>(&self, values: &'a PathValues, slots: &mut Vec<Option<&'a Value>>) {
        slots.clear();
        slots.resize(self.nodes.len() + 1, None);
        for (&end, value) in self.ends.iter().zip(values.values.iter()) {
            slots[end] = value.as_ref();
        }
    }

    /// What a fetch must keep of each record for every path of this tree
    /// to resolve as on the whole record: each path's value whole (a path
    /// that ends where another goes on included), and on
    /// the way to it only the keys and list entries it passes (with the
    /// name type and effective date an entry is picked by). For a record
    /// read into a table ([`PathTree::slots`] places), the values at this
    /// tree's [stored](PathTree::stored) slots are the table's.
    pub fn keep(&self) -> Keep {
        let children = self.children_of();
        let stored = self.stored();
        let mut keep = Keep::default();
        self.keep_under(0, &children, stored, &mut keep);
        keep
    }

    /// The size of a record's table (see [`PathTree::keep`]).
    pub fn slots(&self) -> usize {
        self.nodes.len() + 1
    }

    fn children_of(&self) -> Vec<Vec<Slot>> {
        let mut children: Vec<Vec<Slot>> = vec![Vec::new(); self.nodes.len() + 1];
        for (i, (parent, _)) in self.nodes.iter().enumerate() {
            children[*parent].push(i + 1);
        }
        children
    }

    /// Per slot, whether a record read into a table holds its value: the
    /// ends of paths and the lists entries are picked from, unless a slot
    /// above them is held already (then they are resolved from its value).
    fn stored(&self) -> &[bool] {
        self.stored.get_or_init(|| self.find_stored())
    }

    fn find_stored(&self) -> Vec<bool> {
        let mut stored = vec![false; self.nodes.len() + 1];
        let mut beneath = vec![false; self.nodes.len() + 1];
        for slot in 1..=self.nodes.len() {
            let parent = self.nodes[slot - 1].0;
            beneath[slot] = beneath[parent] || stored[parent];
            if beneath[slot] {
                continue;
            }
            let picks = self
                .nodes
                .iter()
                .any(|(p, s)| *p == slot && !matches!(s, Segment::Key(_)));
            stored[slot] = self.ends.contains(&slot) || picks;
        }
        stored
    }

    fn keep_under(&self, slot: Slot, children: &[Vec<Slot>], stored: &[bool], keep: &mut Keep) {
        if stored[slot] {
            keep.set_slot(slot);
        }
        if self.ends.contains(&slot) {
            keep.set_whole();
            return;
        }
        for &child in &children[slot] {
            let under = match &self.nodes[child - 1].1 {
                Segment::Key(k) => keep.key(k),
                Segment::Index(_) => keep.entries(),
                Segment::Entry(_) => {
                    let entry = keep.entries();
                    entry.key(ENTRY_KEY).set_whole();
                    entry.key(EFFECTIVE_KEY).set_whole();
                    entry
                }
            };
            self.keep_under(child, children, stored, under);
        }
    }

    /// A record's values at the ends of this tree's paths from the table
    /// it was read into (with [`PathTree::keep`]); `stored` is
    /// [`PathTree::stored`]. The same values [`PathTree::values_of`]
    /// takes from the whole record.
    fn values_from(&self, mut table: crate::trinet::Slots, stored: &[bool]) -> PathValues {
        let mut values: Vec<Option<Value>> = vec![None; self.ends.len()];
        {
            // Values beneath a stored one are resolved from it.
            let mut found: Vec<Option<&Value>> = vec![None; table.len()];
            for slot in 1..table.len().min(self.nodes.len() + 1) {
                let (parent, segment) = &self.nodes[slot - 1];
                found[slot] = if stored[slot] {
                    table[slot].as_ref()
                } else {
                    found[*parent].and_then(|v| segment.step(v))
                };
            }
            for (value, &end) in values.iter_mut().zip(&self.ends) {
                if !stored[end] {
                    *value = found.get(end).copied().flatten().cloned();
                }
            }
        }
        for (value, &end) in values.iter_mut().zip(&self.ends) {
            if stored[end] {
                *value = table.get_mut(end).and_then(Option::take);
            }
        }
        PathValues {
            values: values.into_boxed_slice(),
        }
    }

    /// [`PathTree::values_from`] for every record of a page.
    pub fn values_from_tables(&self, tables: Vec<crate::trinet::Slots>) -> Vec<PathValues> {
        let stored = self.stored();
        tables
            .into_iter()
            .map(|t| self.values_from(t, stored))
            .collect()
    }

    fn merged(&self, parent: Slot) -> bool {
        self.keyed
            .get(parent)
            .is_some_and(|g| g.len() >= MERGE_FROM)
            && objects_are_sorted()
    }

    /// Every slot's value in `record` (slot 0 is the record).
    pub fn resolve<'a>(&self, record: &'a Value, slots: &mut Vec<Option<&'a Value>>) {
        slots.clear();
        slots.resize(self.nodes.len() + 1, None);
        slots[0] = Some(record);
        for slot in 0..slots.len() {
            if slot > 0 {
                let (parent, segment) = &self.nodes[slot - 1];
                if !(matches!(segment, Segment::Key(_)) && self.merged(*parent)) {
                    slots[slot] = slots[*parent].and_then(|v| segment.step(v));
                }
            }
            if self.merged(slot) {
                if let Some(map) = slots[slot].and_then(Value::as_object) {
                    let mut wanted = self.keyed[slot].iter().peekable();
                    for (key, value) in map {
                        while let Some((want, at)) = wanted.peek() {
                            match (**want).cmp(key.as_str()) {
                                std::cmp::Ordering::Less => {
                                    wanted.next();
                                }
                                std::cmp::Ordering::Equal => {
                                    slots[*at] = Some(value);
                                    wanted.next();
                                    break;
                                }
                                std::cmp::Ordering::Greater => break,
                            }
                        }
                        if wanted.peek().is_none() {
                            break;
                        }
                    }
                }
            }
        }
    }
}

fn is_code(raw: &str, code: &str) -> bool {
    let raw = raw.trim();
    raw.eq_ignore_ascii_case(code)
        || (code == "PRI" && raw.eq_ignore_ascii_case("PRIMARY"))
        || (code == "PRF" && raw.eq_ignore_ascii_case("PREFERRED"))
}

/// The entry of `list` whose `nameType` is `code`; with several, the latest
/// by `effectiveDate` (the later one among equals), as the typed view picks.
fn entry<'a>(list: &'a [Value], code: &str) -> Option<&'a Value> {
    let mut found = list.iter().filter(|e| {
        e.get(ENTRY_KEY)
            .and_then(Value::as_str)
            .is_some_and(|t| is_code(t, code))
    });
    let first = found.next()?;
    let Some(second) = found.next() else {
        // The usual case: one entry per name type, no dates to compare.
        return Some(first);
    };
    let mut best: Option<(&Value, Option<NaiveDate>)> = None;
    for e in [first, second].into_iter().chain(found) {
        let date = DateValue::from_json(e.get(EFFECTIVE_KEY)).date();
        match best {
            Some((_, d)) if date < d => {}
            _ => best = Some((e, date)),
        }
    }
    best.map(|(e, _)| e)
}

/// `text` as a calendar date when it is exactly `YYYY-MM-DD`: the common
/// case, checked without chrono's (much slower) format parser.
pub fn iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// Any date spelling TriNet uses, as a date (fast path for `YYYY-MM-DD`).
pub fn parse_date(text: &str) -> DateValue {
    match iso_date(text.trim()) {
        Some(d) => DateValue::Date(d),
        None => DateValue::parse(text),
    }
}

/// Whether `text` could be a date at all, before trying the slow parsers:
/// it starts with a digit and has `-` or `/` where dates have them.
pub fn may_be_date(text: &str) -> bool {
    let b = text.as_bytes();
    if !(8..=40).contains(&b.len()) || !b[0].is_ascii_digit() {
        return false;
    }
    (b.len() >= 10 && b[4] == b'-' && b[7] == b'-')
        || b[1..6].iter().filter(|&&c| c == b'/').count() == 2
        || (b[1] == b'/' || b[2] == b'/')
}

/// A scalar as text: strings trimmed (blank is no value), numbers and
/// booleans in their JSON spelling. Objects and arrays are not text.
/// Borrowed from the record where possible, to spare an allocation.
pub fn scalar_text(v: &Value) -> Option<Cow<'_, str>> {
    match v {
        Value::String(s) => {
            let t = s.trim();
            (!t.is_empty()).then_some(Cow::Borrowed(t))
        }
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        Value::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn record() -> Value {
        json!({
            "employeeId": "00001000001",
            "names": [
                { "nameType": "PRI", "firstName": "Grace", "effectiveDate": "2020-01-01" },
                { "nameType": "PRF", "firstName": "Amazing" },
                { "nameType": "PRI", "firstName": "Gracie", "effectiveDate": "2023-05-01" }
            ],
            "employmentInfo": { "department": { "deptName": " Engineering " }, "standardHours": 40 },
            "phones": [ { "number": "555" } ]
        })
    }

    fn text_at(path: &str) -> Option<String> {
        let r = record();
        SourcePath::parse(path)
            .unwrap()
            .resolve(&r)
            .and_then(scalar_text)
            .map(Cow::into_owned)
    }

    #[test]
    fn paths_walk_objects_name_types_and_indexes() {
        assert_eq!(
            text_at("employmentInfo.department.deptName").as_deref(),
            Some("Engineering")
        );
        assert_eq!(text_at("names[PRI].firstName").as_deref(), Some("Gracie"));
        assert_eq!(text_at("names[prf].firstName").as_deref(), Some("Amazing"));
        assert_eq!(
            text_at("names[preferred].firstName").as_deref(),
            Some("Amazing")
        );
        assert_eq!(text_at("names[0].firstName").as_deref(), Some("Grace"));
        assert_eq!(text_at("phones[0].number").as_deref(), Some("555"));
        assert_eq!(
            text_at("employmentInfo.standardHours").as_deref(),
            Some("40")
        );
        assert_eq!(text_at("employmentInfo.missing.deeper"), None);
        assert_eq!(text_at("names[XYZ].firstName"), None);
    }

    #[test]
    fn dates_have_a_fast_path_and_a_cheap_sniff() {
        assert_eq!(iso_date("2021-03-01"), NaiveDate::from_ymd_opt(2021, 3, 1));
        assert_eq!(iso_date("2021-02-30"), None);
        assert_eq!(iso_date("2021-3-01"), None);
        assert_eq!(
            parse_date("3/1/2021").date(),
            NaiveDate::from_ymd_opt(2021, 3, 1)
        );
        for d in [
            "2021-03-01",
            "2021-03-01T00:00:00Z",
            "3/1/2021",
            "12/31/2021",
        ] {
            assert!(may_be_date(d), "{d}");
        }
        for t in ["415-555-0100", "grace@example.com", "40", "Engineering"] {
            assert!(!may_be_date(t), "{t}");
        }
    }

    #[test]
    fn a_path_tree_shares_prefixes_and_finds_the_same_values() {
        let r = record();
        let paths = [
            "employmentInfo.department.deptName",
            "employmentInfo.standardHours",
            "names[PRI].firstName",
            "names[PRF].firstName",
            "employeeId",
            "nowhere.at.all",
        ];
        let mut tree = PathTree::default();
        let slots: Vec<Slot> = paths
            .iter()
            .map(|p| tree.add(&SourcePath::parse(p).unwrap()))
            .collect();
        assert_eq!(
            tree.add(&SourcePath::parse("employeeId").unwrap()),
            slots[4]
        );
        assert_eq!(tree.nodes.len(), 13, "shared prefixes are stored once");
        assert!(objects_are_sorted());
        assert!(
            tree.merged(0),
            "the record's four wanted keys are read in one pass"
        );
        let mut values = Vec::new();
        tree.resolve(&r, &mut values);
        for (p, slot) in paths.iter().zip(slots) {
            assert_eq!(
                values[slot],
                SourcePath::parse(p).unwrap().resolve(&r),
                "{p}"
            );
        }
    }

    #[test]
    fn a_record_kept_for_a_tree_and_its_values_answer_every_path_as_the_whole_record() {
        let r = record();
        let paths = [
            "employmentInfo",
            "employmentInfo.department.deptName",
            "names[PRI].firstName",
            "names[1]",
            "phones[0].number",
            "nowhere.at.all",
        ];
        let mut tree = PathTree::default();
        let ends: Vec<Slot> = paths
            .iter()
            .map(|p| tree.add(&SourcePath::parse(p).unwrap()))
            .collect();
        let page =
            serde_json::to_vec(&serde_json::json!({ "data": { "employeeData": [&r] } })).unwrap();
        let kept = crate::trinet::parse_employee_page_kept("/t", &page, &tree.keep())
            .unwrap()
            .employees;
        assert_ne!(kept[0], r, "the rest of the record is not kept");
        let (mut whole, mut from_kept, mut filled) = (Vec::new(), Vec::new(), Vec::new());
        tree.resolve(&r, &mut whole);
        tree.resolve(&kept[0], &mut from_kept);
        let values = tree.values_of(&kept[0], &mut Vec::new());
        tree.fill(&values, &mut filled);
        for (p, &end) in paths.iter().zip(&ends) {
            assert_eq!(from_kept[end], whole[end], "{p}");
            assert_eq!(filled[end], whole[end], "{p}");
        }
        assert!(whole[ends[0]].is_some_and(Value::is_object));
    }

    /// Records of every odd shape, as JSON text (repeated keys included,
    /// which a `json!` value cannot hold).
    const ODD_RECORDS: &[&str] = &[
        r#"{"employeeId": "1", "names": [{"nameType": "PRI", "firstName": "Grace", "lastName": "Hopper"}],
            "employmentInfo": {"department": {"deptId": 7, "deptName": " Eng "}, "workEmail": "g@x.com",
            "supervisor": {"supervisorId": "0"}, "standardHours": 40.5, "tags": ["a", {"b": 1}]},
            "bioInfo": {"birthdate": "1906-12-09"}, "phones": [{"number": "555"}, {"number": 556}]}"#,
        r#"{"employeeId": 2, "names": [
            {"nameType": "primary", "firstName": "Old", "effectiveDate": "2020-01-01"},
            {"nameType": "PRI", "firstName": "New", "effectiveDate": "2023-05-01"},
            {"nameType": "PRI", "firstName": "Undated"},
            {"nameType": " prf ", "firstName": "Pref"}, 5, null, ["x"], {"firstName": "no type"}]}"#,
        r#"{"employeeId": "3", "employeeId": "3b", "employmentInfo": {"department": {"deptName": "A"}},
            "employmentInfo": {"workEmail": "second@x.com"}}"#,
        r#"{"employeeId": null, "names": {"PRI": {"firstName": "not a list"}},
            "employmentInfo": [1, 2], "bioInfo": "none", "phones": {"0": {"number": "1"}}}"#,
        r#"{"employmentInfo": {"department": null, "supervisor": "S1", "location": {"locationId": {"deep": [1]}}}}"#,
        r#"{"names": [], "employmentInfo": {}, "phones": [], "x\"y": {"z": true}}"#,
        r#"{"names": [{"nameType": "PRI", "firstName": "A", "effectiveDate": "2021-03-01"},
            {"nameType": "PRI", "firstName": "B", "effectiveDate": "2021-03-01"}],
            "names": [{"nameType": "PRF", "firstName": "Only the second list"}]}"#,
        r#"{"employeeId": "\u00e9\n", "employmentInfo": {"workEmail": "\"quoted\"", "standardHours": -1e3}}"#,
        "42",
        "null",
        r#""a record that is text""#,
        r#"[{"employeeId": "in a list"}]"#,
        "{}",
    ];

    /// Paths of every kind: keys, name types, indexes, a path ending where
    /// others go on, whole objects and lists, and paths to nothing.
    const TABLE_PATHS: &[&str] = &[
        "employeeId",
        "names[PRI].firstName",
        "names[PRI].lastName",
        "names[PRF].firstName",
        "names[0].firstName",
        "names[1]",
        "employmentInfo",
        "employmentInfo.department.deptName",
        "employmentInfo.department.deptId",
        "employmentInfo.workEmail",
        "employmentInfo.supervisor.supervisorId",
        "employmentInfo.standardHours",
        "employmentInfo.tags[1].b",
        "employmentInfo.location.locationId.deep[0]",
        "bioInfo.birthdate",
        "phones[1].number",
        "x\"y.z",
        "nowhere.at.all",
    ];

    fn page_of(records: &[&str]) -> Vec<u8> {
        format!(
            r#"{{"_statusCode": "200", "data": {{"hasMore": false, "employeeData": [{}]}}}}"#,
            records.join(",")
        )
        .into_bytes()
    }

    #[test]
    fn records_read_into_tables_give_the_values_of_the_whole_records() {
        for paths in [TABLE_PATHS, &TABLE_PATHS[1..6], &TABLE_PATHS[7..12]] {
            let mut tree = PathTree::default();
            for p in paths {
                tree.add(&SourcePath::parse(p).unwrap());
            }
            let body = page_of(ODD_RECORDS);
            let whole: Vec<Value> = crate::trinet::parse_employee_page("/t", &body)
                .unwrap()
                .employees
                .into_iter()
                .map(|e| e.raw)
                .collect();
            let tables =
                crate::trinet::parse_employee_page_tabled("/t", &body, &tree.keep(), tree.slots())
                    .unwrap()
                    .employees;
            let from_tables = tree.values_from_tables(tables);
            assert_eq!(from_tables.len(), ODD_RECORDS.len());
            for ((record, text), values) in whole.iter().zip(ODD_RECORDS).zip(&from_tables) {
                assert_eq!(
                    values,
                    &tree.values_of(record, &mut Vec::new()),
                    "{paths:?} in {text}"
                );
            }
            assert!(
                from_tables
                    .iter()
                    .any(|v| v.values.iter().flatten().count() > 3),
                "values were found"
            );
        }
    }

    #[test]
    fn a_page_read_into_tables_fails_exactly_as_a_whole_parse() {
        let mut tree = PathTree::default();
        for p in TABLE_PATHS {
            tree.add(&SourcePath::parse(p).unwrap());
        }
        let (keep, slots) = (tree.keep(), tree.slots());
        let tabled = |body: &[u8]| {
            crate::trinet::parse_employee_page_tabled("/t", body, &keep, slots)
                .map(|p| (p.total, p.has_more, tree.values_from_tables(p.employees)))
        };
        let whole = |body: &[u8]| {
            crate::trinet::parse_employee_page("/t", body).map(|p| {
                let records: Vec<Value> = p.employees.into_iter().map(|e| e.raw).collect();
                let values = records
                    .iter()
                    .map(|r| tree.values_of(r, &mut Vec::new()))
                    .collect::<Vec<_>>();
                (p.total, p.has_more, values)
            })
        };
        let body = page_of(&ODD_RECORDS[..3]);
        // Cut anywhere: the same error (or, where the cut leaves valid
        // JSON, the same page).
        for cut in 0..body.len() {
            assert_eq!(tabled(&body[..cut]), whole(&body[..cut]), "cut at {cut}");
        }
        let odd_pages: &[&[u8]] = &[
            br#"{"data": {"hasMore": true, "employeeData": {"1": {}}}}"#,
            br#"{"data": {"hasMore": "perhaps", "employeeData": []}}"#,
            br#"{"data": {"employeesTotal": "many", "employeeData": [{}]}}"#,
            br#"{"data": {"employeesTotal": "2", "hasMore": "true", "employeeData": [{"employeeId": "1"}, 7]}}"#,
            br#"{"data": {"employeeData": [{"employeeId": "first"}], "employeeData": [{"employeeId": "second"}]}}"#,
            br#"{"data": {"employeeData": [{"employeeId": "first"}], "employeeData": null}}"#,
            br#"{"data": {"employeeData": [{"employeeId": "kept"}]}, "data": {"hasMore": false}}"#,
            br#"{"data": {"employeeData": [{"employeeId": "x"}]}} trailing"#,
            br#"{"data": null}"#,
            b"[]",
            b"\xff{}",
            br#"{"data": {"employeeData": [{"employeeId": "Grace Hopper" "x"}]}}"#,
        ];
        for body in odd_pages {
            assert_eq!(
                tabled(body),
                whole(body),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn bad_paths_say_what_is_wrong() {
        assert!(SourcePath::parse("").is_err());
        assert!(SourcePath::parse("a..b")
            .unwrap_err()
            .contains("empty part"));
        assert!(SourcePath::parse("names[PRI.firstName").is_err());
        assert!(SourcePath::parse("names[]").is_err());
        assert!(SourcePath::parse("names[PRI]x").is_err());
    }
}
