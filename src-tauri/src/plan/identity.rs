//! Who is who: a fetched record is the directory person with the same
//! TriNet employee ID, else the same work email, else the same alternate id,
//! so one changed key never splits a person in two. Each person is claimed
//! by at most one record; a weaker key never takes someone a stronger key
//! already matched.

use std::collections::HashMap;

use super::model::DirectoryPerson;

/// A work email as compared: trimmed, lower-cased.
pub(super) fn email_key(email: &str) -> String {
    let t = email.trim();
    if t.is_ascii() {
        t.to_ascii_lowercase()
    } else {
        t.to_lowercase()
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
    pub email: Option<String>,
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
    let mut by_employee_id: HashMap<&str, usize> = HashMap::with_capacity(directory.len());
    let mut by_email: HashMap<String, usize> = HashMap::with_capacity(directory.len());
    let mut by_alternate_id: HashMap<&str, usize> = HashMap::new();
    for (i, p) in directory.iter().enumerate() {
        if let Some(id) = key(p.stored("employee_id")) {
            by_employee_id.entry(id).or_insert(i);
        }
        if let Some(email) = key(p.stored("work_email")) {
            by_email.entry(email_key(email)).or_insert(i);
        }
        if let Some(alt) = key(p.stored(super::model::ALTERNATE_ID)) {
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

/// Legal name and date of birth → people, for records no key matched.
pub(super) struct NameIndex {
    people: HashMap<(String, String, String), Vec<usize>>,
}

fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn name_key(first: &str, last: &str, birth: &str) -> Option<(String, String, String)> {
    let (first, last, birth) = (fold(first), fold(last), birth.trim().to_string());
    (!first.is_empty() && !last.is_empty() && !birth.is_empty()).then_some((first, last, birth))
}

impl NameIndex {
    pub fn build(directory: &[DirectoryPerson]) -> Self {
        let mut people: HashMap<_, Vec<usize>> = HashMap::new();
        for (i, p) in directory.iter().enumerate() {
            let (Some(f), Some(l), Some(b)) = (
                p.stored("first_name"),
                p.stored("last_name"),
                p.stored("date_of_birth"),
            ) else {
                continue;
            };
            if let Some(k) = name_key(f, l, b) {
                people.entry(k).or_default().push(i);
            }
        }
        Self { people }
    }

    /// The first person (in directory order) with this legal name and birth date.
    pub fn find(&self, first: &str, last: &str, birth: &str) -> Option<usize> {
        let k = name_key(first, last, birth)?;
        self.people.get(&k).and_then(|v| v.first().copied())
    }
}
