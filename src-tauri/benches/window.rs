//! What an admin waits for in the window at 100,000 people, timed through
//! the same operations the window's commands call (each command is a thin
//! call of these): Preview from the click to the review's first screen
//! (fetch from the sandbox over loopback HTTP, map, plan, store; then the
//! summary and first page of lines the review opens with), Approve of a
//! first import of everyone, and the Directory afterwards: its first rows
//! with the filter counts, a scroll far down, a search and a filter. The
//! sandbox serves from this process on the same cores, as it does in the
//! window. Also the process's memory with the 100,000-person review open.
//! Needs the OS keyring (the sandbox's secret is kept there, as in the
//! window): `bash scripts/with-keyring.sh cargo bench -p roster --bench window`.

use std::alloc::{GlobalAlloc, Layout};
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use roster_app::history;
use roster_app::model::{ChangeKind, ChangeQuery, DirectoryQuery, ImportTrigger, PersonStatus};
use roster_app::operations::connection::connect_sandbox_with;
use roster_app::operations::preview::preview;
use roster_app::operations::AppState;
use roster_app::paths::DataDir;
use roster_app::sandbox::SandboxConfig;
use roster_app::sync::imports;

/// The allocator the `roster` binary uses, counting live bytes when
/// `ROSTER_BENCH_HEAP` is set (a diagnostic run: the count costs time).
#[global_allocator]
static ALLOCATOR: Counting = Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicUsize = AtomicUsize::new(0);

struct Counting;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        mimalloc::MiMalloc.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        mimalloc::MiMalloc.dealloc(ptr, layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        mimalloc::MiMalloc.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_add(new_size, Ordering::Relaxed);
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        mimalloc::MiMalloc.realloc(ptr, layout, new_size)
    }
}

/// Live heap bytes in MB, when counted (bytes freed that were allocated
/// before counting began make it an underestimate of at most that much).
fn live_mb() -> Option<f64> {
    COUNTING
        .load(Ordering::Relaxed)
        .then(|| LIVE.load(Ordering::Relaxed) as isize as f64 / 1048576.0)
}

mod common;
use common::{ms, row, Goal};

/// The window's Directory page (ui/src/features/directory/DirectoryScreen.tsx).
const DIRECTORY_PAGE: u32 = 200;
/// The review's first page of lines.
const REVIEW_PAGE: u32 = 200;

/// Resident memory of this process, in MB (Linux's /proc).
fn resident_mb() -> f64 {
    status_mb("VmRSS:")
}

/// A memory figure of this process's /proc status, in MB.
fn status_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// How long `work` took, in milliseconds, and what it returned.
async fn timed<T>(work: impl Future<Output = T>) -> (f64, T) {
    let started = Instant::now();
    let out = work.await;
    (ms(started.elapsed()), out)
}

/// A row for a read that scrolling, searching or filtering waits for: the
/// issue's "answers in under 100 ms".
fn smooth_row(what: &str, took: f64) {
    row(
        &format!("window: {what}"),
        took,
        None,
        "ms",
        Goal {
            text: "< 100 ms",
            below: Some(100.0),
            ratio_at_most: None,
        },
    );
}

/// The best of `rounds` reads of `read` (the screens' reads, on a read
/// connection), which must find something.
async fn best_read<F, E>(state: &AppState, rounds: usize, read: F) -> f64
where
    F: Fn(&roster_app::store::Store) -> Result<usize, E> + Clone + Send + 'static,
    E: Send + 'static,
    roster_app::operations::Failure: From<E>,
{
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let read = read.clone();
        let (took, found) = timed(state.read(move |s| read(s))).await;
        assert!(found.unwrap() > 0, "the read finds rows");
        best = best.min(took);
    }
    best
}

/// History at this size: the applied import's lines (History's import
/// detail; the review's table reads the same way), scrolled, searched and
/// filtered as the screen does. (A first import's events are the baseline,
/// which the events list starts after, so there are none to page here.)
async fn history_rows(state: &AppState, import_id: i64, people: usize) {
    let changes = |query: ChangeQuery| {
        move |s: &roster_app::store::Store| {
            imports::changes(s, import_id, &query).map(|page| page.lines.len())
        }
    };
    let page = |query: ChangeQuery| ChangeQuery {
        changed_only: true,
        limit: REVIEW_PAGE,
        ..query
    };
    let cases: [(&str, f64); 3] = [
        (
            "History import detail: scroll to the middle",
            best_read(
                state,
                3,
                changes(page(ChangeQuery {
                    offset: (people / 2) as u32,
                    ..ChangeQuery::default()
                })),
            )
            .await,
        ),
        (
            "History import detail: search \"son\"",
            best_read(
                state,
                3,
                changes(page(ChangeQuery {
                    search: Some("son".into()),
                    ..ChangeQuery::default()
                })),
            )
            .await,
        ),
        (
            "History import detail: filter by kind",
            best_read(
                state,
                3,
                changes(page(ChangeQuery {
                    kind: Some(ChangeKind::New),
                    offset: (people / 2) as u32,
                    ..ChangeQuery::default()
                })),
            )
            .await,
        ),
    ];
    for (what, took) in cases {
        smooth_row(what, took);
    }
}

/// Best of `rounds` directory reads with `query`.
/// The Directory screen's read of `query`: how many people it lists.
fn directory(
    query: DirectoryQuery,
) -> impl Fn(&roster_app::store::Store) -> Result<usize, history::HistoryError> + Clone + Send + 'static
{
    move |s| history::directory(s, &query).map(|page| page.people.len())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // `ROSTER_BENCH_PEOPLE` sets another size (a quick check).
    let people = common::size("ROSTER_BENCH_PEOPLE", 100_000);
    if std::env::var_os("ROSTER_BENCH_HEAP").is_some() {
        COUNTING.store(true, Ordering::Relaxed);
    }
    let at_start = resident_mb();
    if std::env::var_os("ROSTER_BENCH_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter("roster_app=info")
            .with_writer(std::io::stderr)
            .init();
    }
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::open(DataDir::new(dir.path()));
    let config = SandboxConfig {
        employees: people,
        seed: 15,
        ..Default::default()
    };
    connect_sandbox_with(&state, config)
        .await
        .expect("connects to the sandbox");
    let before_review = resident_mb();
    let live_before = live_mb();

    // Preview: the click, then what the review screen reads to show itself.
    let (preview_ms, summary) = timed(async {
        let planned = preview(&state, ImportTrigger::Manual, |_| {})
            .await
            .expect("the preview plans");
        let id = planned.import_id;
        let summary = state.read(move |s| imports::summary(s, id)).await.unwrap();
        let lines = state
            .read(move |s| {
                let query = ChangeQuery {
                    limit: REVIEW_PAGE,
                    ..ChangeQuery::default()
                };
                imports::changes(s, id, &query)
            })
            .await
            .unwrap();
        assert!(
            lines.total as usize >= people * 9 / 10,
            "every person is a line"
        );
        summary
    })
    .await;
    let with_review = resident_mb();
    println!(
        "memory: {at_start:.0} MB at start, {before_review:.0} MB with the sandbox company, \
         {with_review:.0} MB with the review open (peak {:.0} MB); live heap {} with the sandbox, {} with the review",
        status_mb("VmHWM:"),
        live_before.map_or("-".into(), |m| format!("{m:.0} MB")),
        live_mb().map_or("not counted (set ROSTER_BENCH_HEAP)".into(), |m| format!("{m:.0} MB")),
    );
    row(
        &format!("window: preview to review screen, {people} people (loopback sandbox)"),
        preview_ms,
        None,
        "ms",
        Goal {
            text: "< 5,000 ms",
            below: Some(5_000.0),
            ratio_at_most: None,
        },
    );
    row(
        &format!(
            "window: process memory with the review open (sandbox company included; {before_review:.0} MB before)"
        ),
        with_review,
        None,
        "MB",
        Goal {
            text: "< 300 MB",
            below: Some(300.0),
            ratio_at_most: None,
        },
    );

    // Approve: one transaction writes everyone.
    let id = summary.import_id;
    let started = Instant::now();
    state
        .write(|s| imports::apply(s, id, true, chrono::Utc::now()))
        .expect("the first import applies");
    row(
        &format!("window: approve a first import of {people} new people"),
        ms(started.elapsed()),
        None,
        "ms",
        Goal {
            text: "< 2,000 ms",
            below: Some(2_000.0),
            ratio_at_most: None,
        },
    );

    // Directory: first rows with the filter counts, as the screen opens.
    let (first_ms, facets) = timed(async {
        let facets = state.read(history::facets).await.unwrap();
        let first = best_read(
            &state,
            1,
            directory(DirectoryQuery {
                limit: DIRECTORY_PAGE,
                ..DirectoryQuery::default()
            }),
        )
        .await;
        (first, facets)
    })
    .await;
    let facets = facets.1;
    row(
        "window: Directory first rows and filter counts",
        first_ms,
        None,
        "ms",
        Goal {
            text: "< 200 ms",
            below: Some(200.0),
            ratio_at_most: None,
        },
    );
    let department = facets.departments.first().map(|f| f.value.clone());
    let cases = [
        (
            "scroll to the middle",
            DirectoryQuery {
                offset: (people / 2) as u32,
                limit: DIRECTORY_PAGE,
                ..DirectoryQuery::default()
            },
        ),
        (
            "search \"son\"",
            DirectoryQuery {
                search: Some("son".into()),
                limit: DIRECTORY_PAGE,
                ..DirectoryQuery::default()
            },
        ),
        (
            "filter by department and status",
            DirectoryQuery {
                department,
                status: Some(PersonStatus::Active),
                limit: DIRECTORY_PAGE,
                ..DirectoryQuery::default()
            },
        ),
    ];
    for (what, query) in cases {
        smooth_row(
            &format!("Directory {what}"),
            best_read(&state, 3, directory(query)).await,
        );
    }
    history_rows(&state, id, people).await;
    map_fields_memory(&state).await;
}

/// Map fields with its fetch cached (what its catalog, preview and checks
/// read), the figure printed beside the process's memory before it.
async fn map_fields_memory(state: &AppState) {
    let (before, live_before) = (resident_mb(), live_mb());
    let (took, catalog) = timed(roster_app::operations::mapping::catalog(
        state,
        false,
        |_| {},
    ))
    .await;
    let catalog = catalog.expect("Map fields fetches");
    let mapping =
        roster_app::operations::mapping::preview(state, roster_app::mapping::default_spec(), 10)
            .await
            .expect("Map fields previews");
    assert_eq!(mapping.rows.len(), 10);
    let (after, live_after) = (resident_mb(), live_mb());
    let held = match (live_before, live_after) {
        (Some(b), Some(a)) => format!("{:.0} MB of live heap", a - b),
        _ => "live heap not counted (set ROSTER_BENCH_HEAP)".into(),
    };
    println!(
        "memory: Map fields with {} people's fetch cached ({} fields, fetched in {took:.0} ms): \
         {after:.0} MB resident, {before:.0} MB before; the cache holds {held}",
        catalog.employees,
        catalog.fields.len()
    );
}
