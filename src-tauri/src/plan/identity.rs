//! Who is who: a fetched record is the directory person with the same
//! TriNet employee ID, else the same work email, else the same alternate id,
//! so one changed key never splits a person in two. Each person is claimed
//! by at most one record; a weaker key never takes someone a stronger key
//! already matched.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::model::DirectoryPerson;

/// A quick, non-keyed hash (the Fx multiply-rotate) for the planner's
/// lookups: keys are the company's own data, not attacker-chosen, and
/// SipHash dominated planning a large company.
#[derive(Default)]
pub(super) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let mut tail = [0u8; 8];
        let rest = chunks.remainder();
        tail[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(tail) ^ rest.len() as u64);
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl KeyHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A `HashMap` hashed with [`KeyHasher`].
pub(super) type KeyMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;

pub(super) fn key_map<K, V>(capacity: usize) -> KeyMap<K, V> {
    KeyMap::with_capacity_and_hasher(capacity, Default::default())
}

/// A work email as compared: trimmed, lower-cased (borrowed when it
/// already is).
pub(super) fn email_key(email: &str) -> Cow<'_, str> {
    let t = email.trim();
    if t.is_ascii() {
        if t.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(t.to_ascii_lowercase())
        } else {
            Cow::Borrowed(t)
        }
    } else {
        Cow::Owned(t.to_lowercase())
    }
}

/// Whether two work emails are the same address.
pub(super) fn same_email(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// The identity keys one record carries, trimmed, blanks dropped.
#[derive(Debug, Default)]
pub(super) struct RecordKeys<'a> {
    pub employee_id: Option<&'a str>,
    pub email: Option<Cow<'a, str>>,
    pub alternate_id: Option<&'a str>,
}

fn key(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

impl<'a> RecordKeys<'a> {
    pub fn new(
        employee_id: Option<&'a str>,
        email: Option<&'a str>,
        alternate_id: Option<&'a str>,
    ) -> Self {
        Self {
            employee_id: key(employee_id),
            email: key(email).map(email_key),
            alternate_id: key(alternate_id),
        }
    }
}

/// Record index → matched person index, and the reverse.
pub(super) struct Matches {
    pub person_of_record: Vec<Option<usize>>,
    pub record_of_person: Vec<Option<usize>>,
}

/// Matches every record against `directory`, key by key.
pub(super) fn match_records(keys: &[RecordKeys<'_>], directory: &[DirectoryPerson]) -> Matches {
    let mut by_employee_id: KeyMap<&str, usize> = key_map(directory.len());
    let mut by_email: KeyMap<Cow<'_, str>, usize> = key_map(directory.len());
    let mut by_alternate_id: KeyMap<&str, usize> = key_map(0);
    for (i, p) in directory.iter().enumerate() {
        if let Some(id) = key(p.stored("employee_id")) {
            by_employee_id.entry(id).or_insert(i);
        }
        if let Some(email) = key(p.stored("work_email")) {
            by_email.entry(email_key(email)).or_insert(i);
        }
        if let Some(alt) = key(p.stored(crate::model::ALTERNATE_ID)) {
            by_alternate_id.entry(alt).or_insert(i);
        }
    }

    let mut m = Matches {
        person_of_record: vec![None; keys.len()],
        record_of_person: vec![None; directory.len()],
    };
    let claim = |m: &mut Matches, record: usize, person: Option<usize>| {
        if let Some(p) = person {
            if m.record_of_person[p].is_none() {
                m.record_of_person[p] = Some(record);
                m.person_of_record[record] = Some(p);
            }
        }
    };
    for (r, k) in keys.iter().enumerate() {
        claim(
            &mut m,
            r,
            k.employee_id.and_then(|id| by_employee_id.get(id).copied()),
        );
    }
    for (r, k) in keys.iter().enumerate() {
        if m.person_of_record[r].is_none() {
            claim(
                &mut m,
                r,
                k.email.as_deref().and_then(|e| by_email.get(e).copied()),
            );
        }
    }
    if !by_alternate_id.is_empty() {
        for (r, k) in keys.iter().enumerate() {
            if m.person_of_record[r].is_none() {
                claim(
                    &mut m,
                    r,
                    k.alternate_id.and_then(|a| by_alternate_id.get(a).copied()),
                );
            }
        }
    }
    m
}

/// Legal name and date of birth → the first person (in directory order)
/// with them, for records no key matched.
pub(super) struct NameIndex {
    people: KeyMap<String, usize>,
}

/// Appends `s` with whitespace runs as one space, lower-cased.
fn push_folded(out: &mut String, s: &str) {
    for (i, word) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.is_ascii() {
            out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        } else {
            out.push_str(&word.to_lowercase());
        }
    }
}

/// One string per legal name and birth date, compared case- and
/// spacing-insensitively; `None` when a part is blank.
fn name_key(first: &str, last: &str, birth: &str) -> Option<String> {
    let birth = birth.trim();
    if first.trim().is_empty() || last.trim().is_empty() || birth.is_empty() {
        return None;
    }
    let mut key = String::with_capacity(first.len() + last.len() + birth.len() + 2);
    push_folded(&mut key, first);
    key.push('\u{1f}');
    push_folded(&mut key, last);
    key.push('\u{1f}');
    key.push_str(birth);
    Some(key)
}

impl NameIndex {
    pub fn build(directory: &[DirectoryPerson]) -> Self {
        let mut people = key_map(directory.len());
        for (i, p) in directory.iter().enumerate() {
            let (Some(f), Some(l), Some(b)) = (
                p.stored("first_name"),
                p.stored("last_name"),
                p.stored("date_of_birth"),
            ) else {
                continue;
            };
            if let Some(k) = name_key(f, l, b) {
                people.entry(k).or_insert(i);
            }
        }
        Self { people }
    }

    /// The first person (in directory order) with this legal name and birth date.
    pub fn find(&self, first: &str, last: &str, birth: &str) -> Option<usize> {
        self.people.get(&name_key(first, last, birth)?).copied()
    }
}
