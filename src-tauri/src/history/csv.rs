//! CSV exports for IT and for audits: one import's changes, the directory,
//! and lifecycle events. Cells that a spreadsheet would run as a formula
//! are neutralised.

use crate::mapping::spec::default_spec;
use crate::model::ChangeKind;
use crate::model::Spelled;
use crate::model::{variant_name, Resolution};
use crate::store::Store;
use crate::sync::mapping_versions::latest_spec;
use crate::sync::SyncError;

use super::HistoryError;
use crate::model::{DirectoryQuery, EventQuery, Receipt};
use std::collections::HashMap;

/// Rows written as CSV (the csv crate's quoting, CRLF line ends), each cell
/// through [`defused`].
pub struct Csv(csv::Writer<Vec<u8>>);

impl Default for Csv {
    fn default() -> Self {
        Self::new()
    }
}

impl Csv {
    pub fn new() -> Self {
        let writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(Vec::new());
        Self(writer)
    }

    pub fn row(&mut self, cells: &[&str]) {
        // Writing to memory cannot fail (and rows may differ in length).
        for c in cells {
            self.0
                .write_field(defused(c).as_bytes())
                .expect("a CSV cell written to memory");
        }
        self.0
            .write_record(None::<&[u8]>)
            .expect("a CSV row written to memory");
    }

    pub fn finish(self) -> String {
        let bytes = self.0.into_inner().expect("CSV written to memory");
        String::from_utf8(bytes).expect("CSV of UTF-8 cells is UTF-8")
    }
}

/// `value`, with a `'` before a leading `=`, `+`, `-`, `@`, tab or carriage
/// return so a spreadsheet never runs it as a formula.
fn defused(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

/// An import as CSV: one row per changed field (one per person when no
/// field changes), every line but the unchanged ones.
pub fn import_changes(store: &Store, import_id: i64) -> Result<(String, u32), HistoryError> {
    let row = store
        .import(import_id)?
        .ok_or(SyncError::NoSuchImport { import_id })?;
    let mut out = Csv::new();
    let mut rows = 0;
    out.row(&[
        "import",
        "planned_on",
        "kind",
        "employee_id",
        "work_email",
        "name",
        "reason",
        "resolution",
        "status_before",
        "status_after",
        "field",
        "before",
        "after",
        "note",
    ]);
    let id = import_id.to_string();
    for line in store.import_changes(import_id)? {
        let c = &line.change;
        if c.kind == ChangeKind::Unchanged {
            continue;
        }
        let kind = variant_name(c.kind);
        let reason = c.reason.map(variant_name).unwrap_or_default();
        let resolution = line.resolution.map(Resolution::as_str).unwrap_or("");
        let before = c
            .status_change
            .and_then(|s| s.before)
            .map(variant_name)
            .unwrap_or_default();
        let after = c
            .status_change
            .map(|s| variant_name(s.after))
            .unwrap_or_default();
        let base = [
            id.as_str(),
            row.plan_date.as_str(),
            kind.as_str(),
            c.employee_id.as_deref().unwrap_or(""),
            c.work_email.as_deref().unwrap_or(""),
            line.name.as_deref().unwrap_or(""),
            reason.as_str(),
            resolution,
            before.as_str(),
            after.as_str(),
        ];
        let note = c.note.as_deref().unwrap_or("");
        if c.fields.is_empty() {
            let mut cells = base.to_vec();
            cells.extend(["", "", "", note]);
            out.row(&cells);
            rows += 1;
        }
        for f in &c.fields {
            let mut cells = base.to_vec();
            cells.extend([
                f.field.as_str(),
                f.before.as_deref().unwrap_or(""),
                f.after.as_deref().unwrap_or(""),
                note,
            ]);
            out.row(&cells);
            rows += 1;
        }
    }
    Ok((out.finish(), rows))
}

/// Roster's own columns of the directory export, before the mapped fields.
const DIRECTORY_COLUMNS: [&str; 2] = ["person_id", "status"];

/// The header of a mapped directory field: its name, or when that is one of
/// Roster's own columns or already taken, `trinet_` and its name (numbered
/// if need be). The mapped `status` field, TriNet's employment status, is
/// `trinet_status` beside Roster's `status` (active, on_leave,
/// pending_start, former).
fn column_name(field: &str, taken: &[String]) -> String {
    let free = |name: &str| !taken.iter().any(|t| t == name);
    if free(field) {
        return field.to_string();
    }
    let renamed = format!("trinet_{field}");
    let mut name = renamed.clone();
    let mut n = 2;
    while !free(&name) {
        name = format!("{renamed}_{n}");
        n += 1;
    }
    name
}

/// The directory people matching `query` (all of them, whatever its
/// paging): Roster's person ID and status, and every mapped directory
/// field; each column once.
pub fn directory(store: &Store, query: &DirectoryQuery) -> Result<(String, u32), HistoryError> {
    let spec = latest_spec(store)?.unwrap_or_else(default_spec);
    let columns: Vec<String> = spec
        .fields()
        .into_iter()
        .filter(|f| spec.mapping_for(&f.name).is_some())
        .map(|f| f.name)
        .collect();
    let mut header: Vec<String> = DIRECTORY_COLUMNS.iter().map(|c| c.to_string()).collect();
    for field in &columns {
        let name = column_name(field, &header);
        header.push(name);
    }
    let mut out = Csv::new();
    out.row(&header.iter().map(String::as_str).collect::<Vec<_>>());
    let mut rows = 0;
    store.each_person(query, |p| {
        let id = p.person_id.to_string();
        let status = variant_name(p.status);
        let mut cells = vec![id.as_str(), status.as_str()];
        cells.extend(
            columns
                .iter()
                .map(|c| p.values.get(c).map_or("", String::as_str)),
        );
        out.row(&cells);
        rows += 1;
        Ok(())
    })?;
    Ok((out.finish(), rows))
}

/// Lifecycle events matching `query` (all of them, whatever its paging),
/// oldest first: one row per event, with the fields behind a move.
pub fn events(store: &Store, query: &EventQuery) -> Result<(String, u32), HistoryError> {
    let mut out = Csv::new();
    out.row(&[
        "date",
        "event",
        "employee_id",
        "work_email",
        "name",
        "department",
        "location",
        "changes",
        "import",
        "person_id",
    ]);
    let mut rows = 0;
    store.each_event(query, |e| {
        let kind = variant_name(e.kind);
        let changes = e
            .fields
            .iter()
            .map(|f| {
                format!(
                    "{}: {} -> {}",
                    f.field,
                    f.before.as_deref().unwrap_or("(none)"),
                    f.after.as_deref().unwrap_or("(none)")
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let import = e.import_id.to_string();
        let person = e.person_id.to_string();
        out.row(&[
            e.occurred_on.as_str(),
            kind.as_str(),
            e.employee_id.as_deref().unwrap_or(""),
            e.work_email.as_deref().unwrap_or(""),
            e.name.as_deref().unwrap_or(""),
            e.department.as_deref().unwrap_or(""),
            e.location.as_deref().unwrap_or(""),
            changes.as_str(),
            import.as_str(),
            person.as_str(),
        ]);
        rows += 1;
        Ok(())
    })?;
    Ok((out.finish(), rows))
}

/// One push as CSV for auditors: one row per attribute change (a line
/// with none still gets one row), with what became of the line when it
/// was sent: `ok`, `failed` (with the operation, HTTP status and the
/// target's detail of the first failure) or `not sent`.
pub fn push(store: &Store, push_id: i64) -> Result<(String, u32), HistoryError> {
    let plan = store
        .push_plan(push_id)?
        .ok_or(HistoryError::NoSuchPush { push_id })?;
    let receipts = store.receipts(push_id)?;
    Ok(push_rows(&plan, &receipts))
}

/// One stored reconciliation as CSV for auditors: a row per account or
/// person it listed, each naming the target, when it ran and who ran it.
pub fn reconciliation(
    store: &Store,
    reconciliation_id: i64,
) -> Result<(String, u32), HistoryError> {
    let detail = super::reconciliation(store, reconciliation_id)?;
    Ok(reconciliation_rows(&detail))
}

/// `detail`'s rows.
pub fn reconciliation_rows(detail: &crate::model::ReconciliationDetail) -> (String, u32) {
    let s = &detail.summary;
    let mut csv = Csv::new();
    csv.row(&[
        "finding",
        "user_name",
        "external_id",
        "display_name",
        "detail",
        "target",
        "run_at",
        "run_by",
    ]);
    let mut rows = 0;
    for (finding, e) in detail.report.entries() {
        let anchor = e.external_id.as_deref().unwrap_or("");
        csv.row(&[
            finding.as_str(),
            &e.user_name,
            anchor,
            &e.display_name,
            &e.detail,
            &s.target,
            &s.run_at,
            &s.run_by,
        ]);
        rows += 1;
    }
    (csv.finish(), rows)
}

/// The receipts that tell what became of `line`: its own, and those of
/// the groups it joins or leaves; the first failed one, else the last.
fn line_receipt<'r>(
    line: &crate::model::PushChange,
    own: &HashMap<&str, Vec<&'r Receipt>>,
    groups: &HashMap<&str, Vec<&'r Receipt>>,
) -> Option<&'r Receipt> {
    use crate::model::PushKind;
    // Held, orphaned and unchanged lines are never sent (nor their groups).
    if matches!(
        line.kind,
        PushKind::NeedsAttention | PushKind::Orphan | PushKind::Unchanged
    ) {
        return None;
    }
    let mine = line
        .external_id
        .as_deref()
        .and_then(|e| own.get(e))
        .into_iter()
        .flatten();
    let of_groups = line
        .groups_added
        .iter()
        .chain(&line.groups_removed)
        .filter_map(|g| groups.get(g.as_str()))
        .flatten();
    let all: Vec<&Receipt> = mine.chain(of_groups).copied().collect();
    all.iter().find(|r| !r.ok).or(all.last()).copied()
}

/// `plan`'s rows with each line's receipt status.
pub fn push_rows(plan: &crate::model::PushPlan, receipts: &[Receipt]) -> (String, u32) {
    let mut own: HashMap<&str, Vec<&Receipt>> = HashMap::new();
    let mut groups: HashMap<&str, Vec<&Receipt>> = HashMap::new();
    for r in receipts {
        match r.external_id.as_deref() {
            Some(e) => own.entry(e).or_default().push(r),
            None => groups.entry(r.user_name.as_str()).or_default().push(r),
        }
    }
    let mut csv = Csv::new();
    csv.row(&[
        "kind",
        "user_name",
        "external_id",
        "display_name",
        "attribute",
        "before",
        "after",
        "groups_added",
        "groups_removed",
        "attention",
        "receipt",
        "operation",
        "http_status",
        "detail",
    ]);
    let none = [crate::model::AttributeChange {
        attribute: String::new(),
        before: None,
        after: None,
    }];
    let mut rows = 0;
    for c in &plan.changes {
        let (added, removed) = (c.groups_added.join("; "), c.groups_removed.join("; "));
        let attention = c.attention.map(|a| a.as_str()).unwrap_or("");
        let anchor = c.external_id.as_deref().unwrap_or("");
        let receipt = line_receipt(c, &own, &groups);
        let (outcome, operation, status, detail) = match receipt {
            Some(r) => (
                if r.ok { "ok" } else { "failed" },
                r.operation.as_str(),
                r.status.to_string(),
                r.detail.as_deref().unwrap_or(""),
            ),
            None => ("not sent", "", String::new(), ""),
        };
        let attributes = if c.attributes.is_empty() {
            &none[..]
        } else {
            &c.attributes[..]
        };
        for a in attributes {
            csv.row(&[
                c.kind.as_str(),
                &c.user_name,
                anchor,
                &c.display_name,
                &a.attribute,
                a.before.as_deref().unwrap_or(""),
                a.after.as_deref().unwrap_or(""),
                &added,
                &removed,
                attention,
                outcome,
                operation,
                &status,
                detail,
            ]);
            rows += 1;
        }
    }
    (csv.finish(), rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_of(rows: &[&[&str]]) -> String {
        let mut out = Csv::new();
        for row in rows {
            out.row(row);
        }
        out.finish()
    }

    #[test]
    fn cells_a_spreadsheet_would_run_get_a_leading_quote() {
        // TriNet's values arrive trimmed, but a tab or carriage return
        // leading a cell starts a formula in some spreadsheets all the same.
        let text = csv_of(&[&["=1+1", "+1", "-1", "@SUM(A1)", "\tcmd", "\r=1+1", "a-b"]]);
        assert_eq!(text, "'=1+1,'+1,'-1,'@SUM(A1),'\tcmd,\"'\r=1+1\",a-b\r\n");
    }

    #[test]
    fn cells_are_quoted_only_when_they_must_be_and_rows_end_in_crlf() {
        let text = csv_of(&[
            &["name", "note"],
            &["Ng, Ann", "said \"hi\""],
            &["", "two\nlines"],
        ]);
        assert_eq!(
            text,
            "name,note\r\n\"Ng, Ann\",\"said \"\"hi\"\"\"\r\n,\"two\nlines\"\r\n"
        );
    }
}
