//! Read-only queries of the offline screens: the import timeline, the
//! directory with its filters, one person's timeline, lifecycle events and
//! the charts. Nothing here writes.

use std::collections::BTreeMap;

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};

use super::directory::{parse_status, status_text};
use super::imports::{import_row, ImportRow, IMPORT_COLUMNS, LINE_SELECT};
use super::{Store, StoreError};
use crate::history::model::{
    DirectoryEntry, DirectoryQuery, EventQuery, EventRow, Facet, HeadcountPoint, HistoryQuery,
    MonthFlow,
};
use crate::plan::{FieldChange, LifecycleEventKind};
use crate::sync::model::{from_variant_name, variant_name, ChangeLine};

/// A WHERE clause built from optional filters, with its parameters.
struct Filter {
    sql: String,
    args: Vec<Value>,
}

impl Filter {
    fn new() -> Self {
        Filter {
            sql: "1".into(),
            args: Vec::new(),
        }
    }

    fn and(&mut self, clause: &str, value: Option<impl Into<String>>) {
        if let Some(v) = value {
            let v: String = v.into();
            self.sql.push_str(" AND ");
            self.sql.push_str(clause);
            self.args.push(Value::Text(v));
        }
    }

    /// `text` (lower-cased) occurs in any of `columns`.
    fn search(&mut self, columns: &[&str], text: Option<&str>) {
        let Some(needle) = text.map(str::trim).filter(|s| !s.is_empty()) else {
            return;
        };
        let needle = needle.to_lowercase();
        let any: Vec<String> = columns
            .iter()
            .map(|c| format!("instr(lower(coalesce({c}, '')), ?) > 0"))
            .collect();
        self.sql.push_str(&format!(" AND ({})", any.join(" OR ")));
        for _ in columns {
            self.args.push(Value::Text(needle.clone()));
        }
    }
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn history_filter(q: &HistoryQuery) -> Filter {
    let mut f = Filter::new();
    f.and("outcome = ?", q.outcome.map(|o| o.as_str()));
    f.and("trigger = ?", q.trigger.map(|t| t.as_str()));
    f.and("plan_date >= ?", non_empty(&q.from));
    f.and("plan_date <= ?", non_empty(&q.to));
    f
}

const PERSON_COLUMNS: &str = "person_id, status, missing_runs, fields, created_by, updated_by";

fn directory_entry(r: &Row<'_>) -> rusqlite::Result<DirectoryEntry> {
    let status: String = r.get(1)?;
    let fields: String = r.get(3)?;
    let values: BTreeMap<String, String> = serde_json::from_str(&fields).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, e.into())
    })?;
    Ok(DirectoryEntry {
        person_id: r.get(0)?,
        status: parse_status(&status).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                1,
                rusqlite::types::Type::Text,
                format!("unknown person status {status:?}").into(),
            )
        })?,
        missing_runs: r.get(2)?,
        values,
        created_by: r.get(4)?,
        updated_by: r.get(5)?,
    })
}

fn directory_filter(q: &DirectoryQuery) -> Filter {
    let mut f = Filter::new();
    f.and("department = ?", non_empty(&q.department));
    f.and("location = ?", non_empty(&q.location));
    f.and("status = ?", q.status.map(status_text));
    f.search(
        &[
            "first_name || ' ' || last_name",
            "json_extract(fields, '$.preferred_name')",
            "employee_id",
            "work_email",
        ],
        q.search.as_deref(),
    );
    f
}

const EVENT_SELECT: &str = "e.event_id, e.import_id, e.person_id, e.kind, e.occurred_on, \
     p.first_name || ' ' || p.last_name, p.employee_id, p.work_email, e.department, e.location, e.fields \
     FROM lifecycle_event e LEFT JOIN person p ON p.person_id = e.person_id";

fn event_row(r: &Row<'_>) -> rusqlite::Result<EventRow> {
    let kind: String = r.get(3)?;
    let fields: String = r.get(10)?;
    Ok(EventRow {
        event_id: r.get(0)?,
        import_id: r.get(1)?,
        person_id: r.get(2)?,
        kind: from_variant_name::<LifecycleEventKind>(&kind).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                3,
                rusqlite::types::Type::Text,
                format!("unknown event kind {kind:?}").into(),
            )
        })?,
        occurred_on: r.get(4)?,
        name: r.get(5)?,
        employee_id: r.get(6)?,
        work_email: r.get(7)?,
        department: r.get(8)?,
        location: r.get(9)?,
        fields: serde_json::from_str::<Vec<FieldChange>>(&fields).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(10, rusqlite::types::Type::Text, e.into())
        })?,
    })
}

fn event_filter(q: &EventQuery) -> Filter {
    let mut f = Filter::new();
    f.and("e.kind = ?", q.kind.map(variant_name));
    f.and("e.department = ?", non_empty(&q.department));
    f.and("e.location = ?", non_empty(&q.location));
    f.and("e.occurred_on >= ?", non_empty(&q.from));
    f.and("e.occurred_on <= ?", non_empty(&q.to));
    f
}

/// One line of a person's timeline, with its import's columns.
pub struct PersonLine {
    pub import: ImportRow,
    pub line: ChangeLine,
}

impl Store {
    /// A page of imports matching `q`, newest first, and how many match.
    pub fn import_page(&self, q: &HistoryQuery) -> Result<(u32, Vec<ImportRow>), StoreError> {
        let f = history_filter(q);
        let total = self.conn().query_row(
            &format!("SELECT count(*) FROM import WHERE {}", f.sql),
            params_from_iter(f.args.iter()),
            |r| r.get(0),
        )?;
        let mut args = f.args.clone();
        args.push(Value::Integer(i64::from(q.limit)));
        args.push(Value::Integer(i64::from(q.offset)));
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {IMPORT_COLUMNS} FROM import WHERE {} ORDER BY import_id DESC LIMIT ? OFFSET ?",
            f.sql
        ))?;
        let rows = stmt
            .query_map(params_from_iter(args.iter()), import_row)?
            .collect::<Result<_, _>>()?;
        Ok((total, rows))
    }

    /// A page of the directory matching `q`, by name, and how many match.
    pub fn directory_page(
        &self,
        q: &DirectoryQuery,
    ) -> Result<(u32, Vec<DirectoryEntry>), StoreError> {
        let f = directory_filter(q);
        let total = self.conn().query_row(
            &format!("SELECT count(*) FROM person WHERE {}", f.sql),
            params_from_iter(f.args.iter()),
            |r| r.get(0),
        )?;
        let mut args = f.args.clone();
        args.push(Value::Integer(i64::from(q.limit)));
        args.push(Value::Integer(i64::from(q.offset)));
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {PERSON_COLUMNS} FROM person WHERE {}
             ORDER BY last_name, first_name, person_id LIMIT ? OFFSET ?",
            f.sql
        ))?;
        let people = stmt
            .query_map(params_from_iter(args.iter()), directory_entry)?
            .collect::<Result<_, _>>()?;
        Ok((total, people))
    }

    /// Everyone matching `q` (ignoring its paging), by name, one at a time.
    pub fn each_person(
        &self,
        q: &DirectoryQuery,
        mut each: impl FnMut(DirectoryEntry) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let f = directory_filter(q);
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {PERSON_COLUMNS} FROM person WHERE {} ORDER BY last_name, first_name, person_id",
            f.sql
        ))?;
        let mut rows = stmt.query(params_from_iter(f.args.iter()))?;
        while let Some(r) = rows.next()? {
            each(directory_entry(r)?)?;
        }
        Ok(())
    }

    /// One person as the directory holds them.
    pub fn directory_entry(&self, person_id: i64) -> Result<Option<DirectoryEntry>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {PERSON_COLUMNS} FROM person WHERE person_id = ?1"),
                params![person_id],
                directory_entry,
            )
            .optional()?)
    }

    /// How many people have each value of `column` (status, department or
    /// location), most first; people without a value are left out.
    pub fn directory_facet(&self, column: Facetable) -> Result<Vec<Facet>, StoreError> {
        let column = match column {
            Facetable::Status => "status",
            Facetable::Department => "department",
            Facetable::Location => "location",
        };
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {column}, count(*) AS n FROM person
             WHERE {column} IS NOT NULL AND {column} != ''
             GROUP BY {column} ORDER BY n DESC, {column}"
        ))?;
        let facets = stmt
            .query_map([], |r| {
                Ok(Facet {
                    value: r.get(0)?,
                    count: r.get(1)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(facets)
    }

    /// Every line about `person_id` that was not "unchanged", newest import first.
    pub fn person_lines(&self, person_id: i64) -> Result<Vec<PersonLine>, StoreError> {
        let import_columns: Vec<String> = IMPORT_COLUMNS
            .split(',')
            .map(|c| format!("i.{}", c.trim()))
            .collect();
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {}, {LINE_SELECT} FROM import_change JOIN import i USING (import_id)
             WHERE import_change.person_id = ?1 AND import_change.kind != 'unchanged'
             ORDER BY import_change.import_id DESC",
            import_columns.join(", ")
        ))?;
        let width = import_columns.len();
        let lines = stmt
            .query_map(params![person_id], |r| {
                Ok(PersonLine {
                    import: import_row(r)?,
                    line: super::imports::change_line_at(r, width)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(lines)
    }

    /// A page of lifecycle events matching `q`, newest first, and how many match.
    pub fn event_page(&self, q: &EventQuery) -> Result<(u32, Vec<EventRow>), StoreError> {
        let f = event_filter(q);
        let total = self.conn().query_row(
            &format!("SELECT count(*) FROM lifecycle_event e WHERE {}", f.sql),
            params_from_iter(f.args.iter()),
            |r| r.get(0),
        )?;
        let mut args = f.args.clone();
        args.push(Value::Integer(i64::from(q.limit)));
        args.push(Value::Integer(i64::from(q.offset)));
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {EVENT_SELECT} WHERE {} ORDER BY e.occurred_on DESC, e.event_id DESC
             LIMIT ? OFFSET ?",
            f.sql
        ))?;
        let events = stmt
            .query_map(params_from_iter(args.iter()), event_row)?
            .collect::<Result<_, _>>()?;
        Ok((total, events))
    }

    /// Every event matching `q` (ignoring its paging), oldest first, one at a time.
    pub fn each_event(
        &self,
        q: &EventQuery,
        mut each: impl FnMut(EventRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let f = event_filter(q);
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {EVENT_SELECT} WHERE {} ORDER BY e.occurred_on, e.event_id",
            f.sql
        ))?;
        let mut rows = stmt.query(params_from_iter(f.args.iter()))?;
        while let Some(r) = rows.next()? {
            each(event_row(r)?)?;
        }
        Ok(())
    }

    /// One person's events, newest first.
    pub fn person_events(&self, person_id: i64) -> Result<Vec<EventRow>, StoreError> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {EVENT_SELECT} WHERE e.person_id = ?1 ORDER BY e.occurred_on DESC, e.event_id DESC"
        ))?;
        let events = stmt
            .query_map(params![person_id], event_row)?
            .collect::<Result<_, _>>()?;
        Ok(events)
    }

    /// The headcount each applied import left, in the order they were applied
    /// (imports applied before Roster recorded it are left out).
    pub fn headcount_points(&self) -> Result<Vec<HeadcountPoint>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT import_id, plan_date, headcount FROM import
             WHERE applied_seq IS NOT NULL AND headcount IS NOT NULL ORDER BY applied_seq",
        )?;
        let points = stmt
            .query_map([], |r| {
                Ok(HeadcountPoint {
                    import_id: r.get(0)?,
                    date: r.get(1)?,
                    headcount: r.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(points)
    }

    /// Joiners, leavers and rehires per month, oldest first.
    pub fn month_flows(&self) -> Result<Vec<MonthFlow>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT substr(occurred_on, 1, 7) AS month,
                    sum(kind = 'joiner'), sum(kind = 'leaver'), sum(kind = 'rehire')
             FROM lifecycle_event WHERE kind IN ('joiner', 'leaver', 'rehire')
             GROUP BY month ORDER BY month",
        )?;
        let months = stmt
            .query_map([], |r| {
                Ok(MonthFlow {
                    month: r.get(0)?,
                    joiners: r.get(1)?,
                    leavers: r.get(2)?,
                    rehires: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(months)
    }
}

/// The directory columns that have filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facetable {
    Status,
    Department,
    Location,
}
