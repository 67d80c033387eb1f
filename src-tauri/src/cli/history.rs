//! `roster history` and `roster export`: the local history, read with no
//! network.

use std::path::PathBuf;

use crate::history;
use crate::model::{
    DirectoryQuery, EventQuery, HistoryQuery, ImportOutcome, LifecycleEventKind, PersonStatus,
    PushState, PushTrigger, Spelled,
};
use crate::operations::Failure;

use super::imports::fail;
use super::{ExportWhat, Workspace};

/// Makes each enum a flag value under its spelling (serde's names, see
/// `model::text`), every variant in declaration order, so clap refuses
/// anything else and lists the choices.
macro_rules! flag_values {
    ($($ty:ident),+ $(,)?) => {$(
        impl clap::ValueEnum for $ty {
            fn value_variants<'a>() -> &'a [Self] {
                static ALL: std::sync::OnceLock<Vec<$ty>> = std::sync::OnceLock::new();
                ALL.get_or_init(|| <$ty as strum::IntoEnumIterator>::iter().collect())
            }

            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                Some(clap::builder::PossibleValue::new(self.as_str()))
            }
        }
    )+};
}

flag_values!(
    ImportOutcome,
    PersonStatus,
    LifecycleEventKind,
    PushState,
    PushTrigger
);

/// A `--from`/`--to` day: YYYY-MM-DD, kept as written.
pub fn day(value: &str) -> Result<String, String> {
    match chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(_) => Ok(value.to_string()),
        Err(_) => Err("not a day; write it as YYYY-MM-DD".to_string()),
    }
}

/// The timeline query the flags ask for.
fn history_query(
    limit: u32,
    outcome: Option<ImportOutcome>,
    from: Option<String>,
    to: Option<String>,
) -> HistoryQuery {
    HistoryQuery {
        outcome,
        from,
        to,
        limit: limit.clamp(1, history::MAX_PAGE),
        ..HistoryQuery::default()
    }
}

pub fn history(
    ws: Workspace,
    json: bool,
    limit: u32,
    outcome: Option<ImportOutcome>,
    from: Option<String>,
    to: Option<String>,
) -> i32 {
    let query = history_query(limit, outcome, from, to);
    let state = ws.open();
    let page = match state
        .store()
        .and_then(|store| history::imports(&store, &query).map_err(Failure::from))
    {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    if json {
        println!(
            "{}",
            serde_json::to_string(&page.imports).expect("history serialises")
        );
        return 0;
    }
    if page.imports.is_empty() {
        if query.outcome.is_none() && query.from.is_none() && query.to.is_none() {
            println!("No imports yet. Run roster preview.");
        } else {
            println!("No imports match.");
        }
        return 0;
    }
    println!(
        "{:>6}  {:<10}  {:<20}  {:<9}  {:<10}  {:>6} {:>8} {:>11} {:>9}",
        "Import",
        "Planned",
        "When",
        "Trigger",
        "Outcome",
        "New",
        "Updated",
        "Deactivated",
        "Attention"
    );
    for s in &page.imports {
        println!(
            "{:>6}  {:<10}  {:<20}  {:<9}  {:<10}  {:>6} {:>8} {:>11} {:>9}",
            s.import_id,
            s.plan_date,
            s.created_at,
            s.trigger.as_str(),
            s.outcome.as_str(),
            s.counts.new,
            s.counts.updated,
            s.counts.deactivated,
            s.counts.needs_attention
        );
    }
    for s in page.imports.iter().filter(|s| s.baseline) {
        println!(
            "Import {} is the baseline: its people were already employed, so they are not joiners.",
            s.import_id
        );
    }
    let removed = page.imports.iter().filter(|s| s.details_removed).count();
    if removed > 0 {
        println!(
            "{removed} of these imports had their per-person details removed by the retention setting; their counts are kept."
        );
    }
    if page.total as usize > page.imports.len() {
        println!(
            "({} of {} imports; use --limit for more)",
            page.imports.len(),
            page.total
        );
    }
    0
}

/// What `roster export` writes, checked before the database is opened.
enum Export {
    Import(i64),
    Directory(DirectoryQuery),
    Events(EventQuery),
}

/// Where to write and what.
fn export_of(what: ExportWhat) -> (PathBuf, Export) {
    match what {
        ExportWhat::Import { import_id, out } => (out, Export::Import(import_id)),
        ExportWhat::Directory {
            out,
            department,
            location,
            status,
        } => (
            out,
            Export::Directory(DirectoryQuery {
                department,
                location,
                status,
                ..DirectoryQuery::default()
            }),
        ),
        ExportWhat::Events {
            out,
            from,
            to,
            kind,
            department,
        } => (
            out,
            Export::Events(EventQuery {
                kind,
                department,
                from,
                to,
                ..EventQuery::default()
            }),
        ),
    }
}

pub fn export(ws: Workspace, what: ExportWhat) -> i32 {
    let (out, export) = export_of(what);
    let state = ws.open();
    let written = state.store().and_then(|store| {
        let made = match &export {
            Export::Import(import_id) => history::csv::import_changes(&store, *import_id),
            Export::Directory(query) => history::csv::directory(&store, query),
            Export::Events(query) => history::csv::events(&store, query),
        };
        let (text, rows) = made?;
        history::write_file(&out, &text)?;
        Ok(rows)
    });
    match written {
        Ok(rows) => {
            println!("Wrote {rows} rows to {}.", out.display());
            0
        }
        Err(e) => fail(e),
    }
}
