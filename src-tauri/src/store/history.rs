//! Read-only queries of the offline screens: the import timeline, the
//! directory with its filters, one person's timeline, lifecycle events and
//! the charts. Nothing here writes.

use crate::model::Spelled;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};

use super::directory::{fold, parse_status, status_text};
use super::imports::{
    enum_parse, import_row, json, text_err, ImportRow, IMPORT_COLUMNS, LINE_SELECT,
};
use super::{Store, StoreError};
use crate::model::{variant_name, ChangeLine};
use crate::model::{
    DirectoryEntry, DirectoryQuery, EventQuery, EventRow, Facet, HeadcountPoint, HistoryQuery,
    MonthFlow,
};

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

    /// `text`, folded as the Directory folds it, occurs in a person's
    /// search text (`person.search`, in index `person_search`).
    fn search(&mut self, text: Option<&str>) {
        let Some(needle) = text.map(str::trim).filter(|s| !s.is_empty()) else {
            return;
        };
        self.sql.push_str(" AND instr(search, ?) > 0");
        self.args.push(Value::Text(fold(needle)));
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
    Ok(DirectoryEntry {
        person_id: r.get(0)?,
        status: parse_status(&status).ok_or_else(|| text_err(1, "person status", &status))?,
        missing_runs: r.get(2)?,
        values: json(r, 3)?,
        created_by: r.get(4)?,
        updated_by: r.get(5)?,
    })
}

fn directory_filter(q: &DirectoryQuery) -> Filter {
    let mut f = Filter::new();
    f.and("department = ?", non_empty(&q.department));
    f.and("location = ?", non_empty(&q.location));
    f.and("status = ?", q.status.map(status_text));
    f.search(q.search.as_deref());
    f
}

const EVENT_COLUMNS: &str = "e.event_id, e.import_id, e.person_id, e.kind, e.occurred_on, \
     p.first_name || ' ' || p.last_name, p.employee_id, p.work_email, e.department, e.location, e.fields";

/// Last name, first name, person_id: an index walk (`person_sort_name`,
/// or the index of the query's filter, see [`people_for`]).
const BY_NAME: &str = "sort_name, person_id";
const NEWEST_EVENTS: &str = "e.occurred_on DESC, e.event_id DESC";

/// One kind of row the screens list: what to select, from where, and how
/// to read it.
struct Listing<T> {
    columns: &'static str,
    /// The table with any joins the columns need.
    from: &'static str,
    /// The table the filters are on, for counting (no joins).
    count_from: &'static str,
    row: fn(&Row<'_>) -> rusqlite::Result<T>,
}

const IMPORTS: Listing<ImportRow> = Listing {
    columns: IMPORT_COLUMNS,
    from: "import",
    count_from: "import",
    row: import_row,
};

const PEOPLE: Listing<DirectoryEntry> = Listing {
    columns: PERSON_COLUMNS,
    from: "person",
    count_from: "person",
    row: directory_entry,
};

/// The directory walked through `person_search`: sort order, status and
/// search text in one index, so the rows that do not match are passed over
/// without reading them.
const PEOPLE_SEARCHED: Listing<DirectoryEntry> = Listing {
    from: "person INDEXED BY person_search",
    ..PEOPLE
};

/// How to list the people `q` asks for. A department or location filter
/// walks its own index (SQLite picks it). A search or a status alone walks
/// `person_search`, named because SQLite, seeing `status = ?`, would
/// rather read everyone of that status and sort them, and, seeing a
/// search, the slimmer name index and every row behind it. The whole
/// directory walks the slim `person_sort_name`.
fn people_for(q: &DirectoryQuery) -> &'static Listing<DirectoryEntry> {
    let filtered = non_empty(&q.department).is_some() || non_empty(&q.location).is_some();
    let narrowed = non_empty(&q.search).is_some() || q.status.is_some();
    if narrowed && !filtered {
        &PEOPLE_SEARCHED
    } else {
        &PEOPLE
    }
}

const EVENTS: Listing<EventRow> = Listing {
    columns: EVENT_COLUMNS,
    from: "lifecycle_event e LEFT JOIN person p ON p.person_id = e.person_id",
    count_from: "lifecycle_event e",
    row: event_row,
};

fn event_row(r: &Row<'_>) -> rusqlite::Result<EventRow> {
    let kind: String = r.get(3)?;
    Ok(EventRow {
        event_id: r.get(0)?,
        import_id: r.get(1)?,
        person_id: r.get(2)?,
        kind: enum_parse(3, "event kind", &kind)?,
        occurred_on: r.get(4)?,
        name: r.get(5)?,
        employee_id: r.get(6)?,
        work_email: r.get(7)?,
        department: r.get(8)?,
        location: r.get(9)?,
        fields: json(r, 10)?,
    })
}

/// Lifecycle events start after the baseline: its people are listed and
/// exported only when asked for by kind.
fn event_filter(q: &EventQuery) -> Filter {
    let mut f = Filter::new();
    if q.kind.is_none() {
        f.sql.push_str(" AND e.kind != 'baseline'");
    }
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
    /// How many rows of `list` match `f`, and one page of them in `order`.
    fn page<T>(
        &self,
        list: &Listing<T>,
        f: &Filter,
        order: &str,
        limit: u32,
        offset: u32,
    ) -> Result<(u32, Vec<T>), StoreError> {
        let total = self.count(list, f)?;
        Ok((total, self.rows(list, f, order, limit, offset)?))
    }

    /// How many rows of `list` match `f`.
    fn count<T>(&self, list: &Listing<T>, f: &Filter) -> Result<u32, StoreError> {
        Ok(self.conn().query_row(
            &format!("SELECT count(*) FROM {} WHERE {}", list.count_from, f.sql),
            params_from_iter(f.args.iter()),
            |r| r.get(0),
        )?)
    }

    /// One page of the rows of `list` matching `f`, in `order`.
    fn rows<T>(
        &self,
        list: &Listing<T>,
        f: &Filter,
        order: &str,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<T>, StoreError> {
        let mut args = f.args.clone();
        args.push(Value::Integer(i64::from(limit)));
        args.push(Value::Integer(i64::from(offset)));
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {} FROM {} WHERE {} ORDER BY {order} LIMIT ? OFFSET ?",
            list.columns, list.from, f.sql
        ))?;
        let rows = stmt
            .query_map(params_from_iter(args.iter()), list.row)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Every row of `list` matching `f`, in `order`, one at a time.
    fn each<T>(
        &self,
        list: &Listing<T>,
        f: &Filter,
        order: &str,
        mut each: impl FnMut(T) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {} FROM {} WHERE {} ORDER BY {order}",
            list.columns, list.from, f.sql
        ))?;
        let mut rows = stmt.query(params_from_iter(f.args.iter()))?;
        while let Some(r) = rows.next()? {
            each((list.row)(r)?)?;
        }
        Ok(())
    }

    /// A page of imports matching `q`, newest first, and how many match.
    pub fn import_page(&self, q: &HistoryQuery) -> Result<(u32, Vec<ImportRow>), StoreError> {
        self.page(
            &IMPORTS,
            &history_filter(q),
            "import_id DESC",
            q.limit,
            q.offset,
        )
    }

    /// A page of the directory matching `q`, by name, and how many match.
    pub fn directory_page(
        &self,
        q: &DirectoryQuery,
    ) -> Result<(u32, Vec<DirectoryEntry>), StoreError> {
        let filter = directory_filter(q);
        let total = match self.counted_total(q)? {
            Some(total) => total,
            None => self.count(&PEOPLE, &filter)?,
        };
        let rows = self.rows(people_for(q), &filter, BY_NAME, q.limit, q.offset)?;
        Ok((total, rows))
    }

    /// How many people match `q`, when the facet counts say it: no search
    /// and at most one filter.
    fn counted_total(&self, q: &DirectoryQuery) -> Result<Option<u32>, StoreError> {
        if non_empty(&q.search).is_some() {
            return Ok(None);
        }
        let filters = [
            ("department", non_empty(&q.department)),
            ("location", non_empty(&q.location)),
            ("status", q.status.map(|s| status_text(s).to_string())),
        ];
        let mut set = filters.into_iter().filter(|(_, v)| v.is_some());
        let (facet, value) = match (set.next(), set.next()) {
            (None, _) => ("status", None),
            (Some((facet, value)), None) => (facet, value),
            (Some(_), Some(_)) => return Ok(None),
        };
        let total: u32 = self
            .conn()
            .prepare_cached(
                "SELECT coalesce(sum(count), 0) FROM directory_facet
             WHERE facet = ?1 AND (?2 IS NULL OR value = ?2)",
            )?
            .query_row(params![facet, value], |r| r.get(0))?;
        Ok(Some(total))
    }

    /// Everyone matching `q` (ignoring its paging), by name, one at a time.
    pub fn each_person(
        &self,
        q: &DirectoryQuery,
        each: impl FnMut(DirectoryEntry) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.each(people_for(q), &directory_filter(q), BY_NAME, each)
    }

    /// One person as the directory holds them.
    pub fn directory_entry(&self, person_id: i64) -> Result<Option<DirectoryEntry>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {PERSON_COLUMNS} FROM person WHERE person_id = ?1"),
                params![person_id],
                PEOPLE.row,
            )
            .optional()?)
    }

    /// How many people have each value of `column` (status, department or
    /// location), most first; people without a value are left out. Read
    /// from the counts each apply keeps (`directory_facet`).
    pub fn directory_facet(&self, column: Facetable) -> Result<Vec<Facet>, StoreError> {
        let facet = match column {
            Facetable::Status => "status",
            Facetable::Department => "department",
            Facetable::Location => "location",
        };
        let mut stmt = self.conn().prepare_cached(
            "SELECT value, count FROM directory_facet WHERE facet = ?1 ORDER BY count DESC, value",
        )?;
        let facets = stmt
            .query_map([facet], |r| {
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
            "SELECT {}, {LINE_SELECT} FROM import_change_full l JOIN import i USING (import_id)
             WHERE l.person_id = ?1 AND l.kind != 'unchanged'
             ORDER BY l.import_id DESC",
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
        self.page(&EVENTS, &event_filter(q), NEWEST_EVENTS, q.limit, q.offset)
    }

    /// Every event matching `q` (ignoring its paging), oldest first, one at a time.
    pub fn each_event(
        &self,
        q: &EventQuery,
        each: impl FnMut(EventRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.each(&EVENTS, &event_filter(q), "e.occurred_on, e.event_id", each)
    }

    /// One person's events, newest first.
    pub fn person_events(&self, person_id: i64) -> Result<Vec<EventRow>, StoreError> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {} FROM {} WHERE e.person_id = ?1 ORDER BY {NEWEST_EVENTS}",
            EVENTS.columns, EVENTS.from
        ))?;
        let events = stmt
            .query_map(params![person_id], EVENTS.row)?
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

    /// The baseline: the first applied import, with the headcount it left
    /// (`None` when it was applied before Roster recorded headcounts).
    pub fn baseline(&self) -> Result<Option<(i64, String, Option<u32>)>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT import_id, plan_date, headcount FROM import
                 WHERE based_on = 0 AND applied_seq IS NOT NULL ORDER BY applied_seq LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    }

    /// What History says about one import beyond its row: whether it is
    /// the baseline, the headcount it left, and whether any per-person
    /// line of it is still stored (the retention setting removes them).
    pub fn import_standing(&self, import_id: i64) -> Result<ImportStanding, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT based_on = 0 AND applied_seq IS NOT NULL, headcount,
                        EXISTS (SELECT 1 FROM import_change c WHERE c.import_id = import.import_id)
                        OR EXISTS (SELECT 1 FROM import_unchanged u WHERE u.import_id = import.import_id)
                 FROM import WHERE import_id = ?1",
                params![import_id],
                |r| {
                    Ok(ImportStanding {
                        baseline: r.get(0)?,
                        headcount: r.get(1)?,
                        has_lines: r.get(2)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_default())
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

/// One import as History describes it (see [`Store::import_standing`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportStanding {
    /// The first applied import.
    pub baseline: bool,
    /// Active and on-leave people right after it was applied.
    pub headcount: Option<u32>,
    /// Any of its per-person lines is stored.
    pub has_lines: bool,
}

/// The directory columns that have filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facetable {
    Status,
    Department,
    Location,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What SQLite plans for `sql`, one step a line.
    fn plan_of(store: &Store, sql: &str) -> String {
        let mut stmt = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let unbound = vec![Value::Null; stmt.parameter_count()];
        let steps: Vec<String> = stmt
            .query_map(params_from_iter(unbound), |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        steps.join("\n")
    }

    fn empty_store(dir: &tempfile::TempDir) -> Store {
        Store::open(
            &dir.path().join("plan.db"),
            &super::super::DbKey::from_bytes([3; 32]),
        )
        .unwrap()
    }

    #[test]
    fn an_apply_finds_whether_anyone_is_missing_without_reading_everyone() {
        let dir = tempfile::tempdir().unwrap();
        let store = empty_store(&dir);
        let plan = plan_of(&store, super::super::imports::ANYONE_MISSING);
        assert!(plan.contains("person_missing"), "{plan}");
    }

    #[test]
    fn a_directory_filtered_by_department_or_location_walks_its_index_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = empty_store(&dir);
        for (query, index) in [
            (
                DirectoryQuery {
                    department: Some("Sales".into()),
                    status: Some(crate::model::PersonStatus::Active),
                    ..DirectoryQuery::default()
                },
                "person_department",
            ),
            (
                DirectoryQuery {
                    location: Some("Austin".into()),
                    ..DirectoryQuery::default()
                },
                "person_location",
            ),
        ] {
            let f = directory_filter(&query);
            let page = format!(
                "SELECT {} FROM {} WHERE 1{} ORDER BY {BY_NAME} LIMIT 100 OFFSET 0",
                PEOPLE.columns, PEOPLE.from, f.sql
            );
            let plan = plan_of(&store, &page);
            assert!(plan.contains(index), "{plan}");
            assert!(!plan.contains("TEMP B-TREE"), "{plan}");
            // Counted from the index alone, status included.
            let count = format!("SELECT count(*) FROM {} WHERE {}", PEOPLE.count_from, f.sql);
            let plan = plan_of(&store, &count);
            assert!(plan.contains(&format!("COVERING INDEX {index}")), "{plan}");
        }
    }

    #[test]
    fn a_search_or_a_status_reads_the_search_index_alone_to_count_and_walks_it_for_a_page() {
        let dir = tempfile::tempdir().unwrap();
        let store = empty_store(&dir);
        let searched = DirectoryQuery {
            search: Some("Son".into()),
            ..DirectoryQuery::default()
        };
        let former = DirectoryQuery {
            status: Some(crate::model::PersonStatus::Former),
            ..DirectoryQuery::default()
        };
        for query in [searched, former] {
            let f = directory_filter(&query);
            let count = format!("SELECT count(*) FROM {} WHERE {}", PEOPLE.count_from, f.sql);
            let plan = plan_of(&store, &count);
            assert!(plan.contains("COVERING INDEX person_s"), "{plan}");
            let list = people_for(&query);
            let page = format!(
                "SELECT {} FROM {} WHERE {} ORDER BY {BY_NAME} LIMIT 100 OFFSET 0",
                list.columns, list.from, f.sql
            );
            let plan = plan_of(&store, &page);
            assert!(plan.contains("USING INDEX person_search"), "{plan}");
            assert!(!plan.contains("TEMP B-TREE"), "{plan}");
        }
    }

    #[test]
    fn a_page_of_people_or_of_an_imports_lines_walks_an_index_instead_of_sorting() {
        let dir = tempfile::tempdir().unwrap();
        let store = empty_store(&dir);
        let people = format!(
            "SELECT {} FROM {} WHERE 1 ORDER BY {BY_NAME} LIMIT 100 OFFSET 0",
            PEOPLE.columns, PEOPLE.from
        );
        let plan = plan_of(&store, &people);
        assert!(plan.contains("person_sort_name"), "{plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
        for filter in ["import_id = 1", "import_id = 1 AND kind != 'unchanged'"] {
            let plan = plan_of(&store, &super::super::imports::line_page_sql(filter));
            assert!(plan.contains("MERGE"), "{plan}");
            assert!(!plan.contains("TEMP B-TREE"), "{plan}");
        }
    }

    #[test]
    fn paging_counting_and_searching_an_imports_lines_reads_the_finder_index_not_whole_lines() {
        let dir = tempfile::tempdir().unwrap();
        let store = empty_store(&dir);
        for filter in [
            "import_id = 1 AND kind != 'unchanged'",
            "import_id = 1 AND kind = 'new'",
            "import_id = 1 AND kind != 'unchanged' AND (name LIKE '%son%' ESCAPE '\\' OR employee_id LIKE '%son%' ESCAPE '\\')",
        ] {
            let page = plan_of(&store, &super::super::imports::line_page_sql(filter));
            let count = plan_of(
                &store,
                &format!("SELECT count(*) FROM import_line WHERE {filter}"),
            );
            for plan in [&page, &count] {
                assert!(
                    plan.contains("COVERING INDEX import_change_find")
                        || plan.contains("COVERING INDEX import_change_kind"),
                    "{plan}"
                );
            }
            // Whole lines are read only by their primary key, for the page.
            assert!(
                page.contains("USING PRIMARY KEY (import_id=? AND seq=?)"),
                "{page}"
            );
        }
    }
}
