//! The `person` table: the directory as the last applied import left it.
//! Rows change only inside `Store::apply_import`.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension};

use super::{Store, StoreError};
use crate::model::{DirectoryPerson, PersonStatus};

pub(super) fn status_text(status: PersonStatus) -> &'static str {
    match status {
        PersonStatus::Active => "active",
        PersonStatus::OnLeave => "on_leave",
        PersonStatus::PendingStart => "pending_start",
        PersonStatus::Former => "former",
    }
}

pub(super) fn parse_status(text: &str) -> Option<PersonStatus> {
    Some(match text {
        "active" => PersonStatus::Active,
        "on_leave" => PersonStatus::OnLeave,
        "pending_start" => PersonStatus::PendingStart,
        "former" => PersonStatus::Former,
        _ => return None,
    })
}

/// The Directory's search text for a needle or a person's field: Rust's
/// lowercasing (Unicode: "Öberg" and "öberg" are one), unlike SQLite's
/// `lower`, which folds ASCII only.
pub(super) fn fold(text: &str) -> String {
    text.to_lowercase()
}

/// What the Directory's search looks in for one person (`person.search`):
/// "first last", preferred name, employee ID and work email, folded, each
/// apart from the next by char(31) so a needle never spans two of them.
pub(super) fn search_text(parts: [Option<&str>; 5]) -> String {
    let [first, last, preferred, employee_id, work_email] = parts;
    let mut out = String::with_capacity(96);
    out.push_str(first.unwrap_or(""));
    out.push(' ');
    out.push_str(last.unwrap_or(""));
    for part in [preferred, employee_id, work_email] {
        out.push('\u{1f}');
        out.push_str(part.unwrap_or(""));
    }
    fold(&out)
}

/// The SQL expression of a person's search text (see [`search_text`]) from
/// the JSON object of their fields, `fields` (an SQL expression).
pub(super) fn search_text_of(fields: &str) -> String {
    format!(
        "roster_search(json_extract({fields}, '$.first_name'), json_extract({fields}, '$.last_name'), \
         json_extract({fields}, '$.preferred_name'), json_extract({fields}, '$.employee_id'), \
         json_extract({fields}, '$.work_email'))"
    )
}

/// Makes `roster_search(first, last, preferred, employee_id, work_email)`
/// ([`search_text`]) callable in SQL on `conn`: migration 0016 and apply's
/// renames write `person.search` with it (apply computes it in Rust for
/// everyone it adds).
pub(super) fn register_search_text(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "roster_search",
        5,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let part = |i| ctx.get_raw(i).as_str_or_null().ok().flatten();
            Ok(search_text([part(0), part(1), part(2), part(3), part(4)]))
        },
    )
}

fn bad_status(text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unknown person status {text:?}").into(),
    )
}

fn person(r: &rusqlite::Row<'_>) -> rusqlite::Result<DirectoryPerson> {
    let status: String = r.get(1)?;
    let fields: String = r.get(3)?;
    let values: HashMap<String, String> = serde_json::from_str(&fields).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, e.into())
    })?;
    Ok(DirectoryPerson {
        person_id: r.get(0)?,
        status: parse_status(&status).ok_or_else(|| bad_status(&status))?,
        missing_runs: r.get(2)?,
        values,
        alternate_id: None,
    })
}

impl Store {
    /// Everyone in the directory, in `person_id` order.
    pub fn directory(&self) -> Result<Vec<DirectoryPerson>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT person_id, status, missing_runs, fields FROM person ORDER BY person_id",
        )?;
        let people = stmt.query_map([], person)?.collect::<Result<_, _>>()?;
        Ok(people)
    }

    /// The group names in use, for each of `fields` (directory field names
    /// that drive a group): the distinct values held by people who are not
    /// former, sorted. A field nobody has a value for maps to an empty list.
    pub fn group_names(
        &self,
        fields: &[String],
    ) -> Result<HashMap<String, Vec<String>>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT DISTINCT value FROM (
                 SELECT json_extract(fields, '$.' || ?1) AS value FROM person
                 WHERE status <> 'former')
             WHERE value IS NOT NULL ORDER BY value",
        )?;
        let mut groups = HashMap::with_capacity(fields.len());
        for field in fields {
            let names = stmt
                .query_map([field], |r| r.get::<_, String>(0))?
                .collect::<Result<_, _>>()?;
            groups.insert(field.clone(), names);
        }
        Ok(groups)
    }

    /// For each person now former, the day of their last leaver event
    /// (`YYYY-MM-DD`). Someone former since before the baseline has none.
    pub fn former_since(&self) -> Result<HashMap<i64, chrono::NaiveDate>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT e.person_id, max(e.occurred_on) FROM lifecycle_event e
             JOIN person p ON p.person_id = e.person_id
             WHERE e.kind = 'leaver' AND p.status = 'former'
             GROUP BY e.person_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = HashMap::new();
        for row in rows {
            let (person_id, day) = row?;
            if let Ok(day) = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d") {
                out.insert(person_id, day);
            }
        }
        Ok(out)
    }

    /// The planned day of the last applied import (the sandbox company's
    /// clock is its own), if any.
    pub fn last_applied_day(&self) -> Result<Option<chrono::NaiveDate>, StoreError> {
        let day: Option<String> = self.conn().query_row(
            "SELECT max(plan_date) FROM import WHERE applied_seq IS NOT NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(day.and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
    }

    /// One person, if they exist.
    pub fn person(&self, person_id: i64) -> Result<Option<DirectoryPerson>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT person_id, status, missing_runs, fields FROM person WHERE person_id = ?1",
                params![person_id],
                person,
            )
            .optional()?)
    }
}
