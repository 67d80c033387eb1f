//! The operations as the window and the CLI call them, on a real database
//! in the keyring session and the embedded sandbox company over HTTP.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::connection::connect_sandbox_with;
use super::preview::{preview, PreviewProgress};
use super::{AppState, ErrorCode};
use crate::history;
use crate::model::{DirectoryQuery, HistoryQuery, ImportTrigger};
use crate::paths::DataDir;
use crate::sandbox::SandboxConfig;

/// A state on a fresh data folder, connected to a sandbox company of
/// `employees` people (the slot holds it, so `connect_sandbox` uses it).
/// `seed` is the test's own: its client ID, so its keyring entry, is
/// shared with no other test running alongside.
pub(super) async fn sandbox_state(dir: &std::path::Path, employees: usize, seed: u64) -> AppState {
    let state = AppState::open(DataDir::new(dir));
    let config = SandboxConfig {
        employees,
        seed,
        ..Default::default()
    };
    connect_sandbox_with(&state, config)
        .await
        .expect("connects to the sandbox");
    state
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_stops_a_preview_that_waits_for_another_run() {
    let dir = tempfile::tempdir().unwrap();
    let state = Arc::new(sandbox_state(dir.path(), 20, 1301).await);
    // A scheduled run in progress in this process.
    let scheduled = state.import_run.lock().await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let running = tokio::spawn({
        let (state, seen) = (state.clone(), seen.clone());
        async move {
            preview(&state, ImportTrigger::Manual, |p| {
                seen.lock().unwrap().push(p);
            })
            .await
        }
    });
    let waiting = |seen: &Mutex<Vec<PreviewProgress>>| {
        matches!(seen.lock().unwrap().first(), Some(PreviewProgress::Waiting))
    };
    let started = Instant::now();
    while !waiting(&seen) {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the screen is told it waits"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    state.preview_fetch.cancel();
    let ended = tokio::time::timeout(Duration::from_secs(2), running)
        .await
        .expect("Cancel ends the wait at once")
        .unwrap();
    assert_eq!(ended.unwrap_err().code, ErrorCode::Cancelled);
    drop(scheduled);
    // Nothing was planned; the next preview runs.
    assert!(crate::sync::imports::open_import(&state.reader().unwrap())
        .unwrap()
        .is_none());
    preview(&state, ImportTrigger::Manual, |_| {})
        .await
        .unwrap();
}

/// History and Directory answer from the read connections while a preview
/// of a large company plans, and while it holds the writer to store its
/// plan: the preview is held there until a read has answered, so a read
/// that waited for the writer fails the test instead of passing by timing.
/// 20,000 people here (a debug build plans 100,000 in minutes);
/// `ROSTER_TEST_PEOPLE=100000` runs it at full size.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_and_directory_answer_while_a_large_preview_plans() {
    let people_env = std::env::var("ROSTER_TEST_PEOPLE").ok();
    let people: usize = people_env.and_then(|n| n.parse().ok()).unwrap_or(20_000);
    let dir = tempfile::tempdir().unwrap();
    let state = Arc::new(sandbox_state(dir.path(), people, 1302).await);
    let first = preview(&state, ImportTrigger::Manual, |_| {})
        .await
        .unwrap();
    {
        let store = state.store().unwrap();
        crate::sync::imports::apply(&store, first.import_id, true, chrono::Utc::now()).unwrap();
    }
    let release = state.hold_store_plan();
    let planning = Arc::new(Mutex::new(false));
    let running = tokio::spawn({
        let (state, planning) = (state.clone(), planning.clone());
        async move {
            preview(&state, ImportTrigger::Manual, |p| {
                if let PreviewProgress::Planning { .. } = p {
                    *planning.lock().unwrap() = true;
                }
            })
            .await
        }
    });
    while !*planning.lock().unwrap() {
        assert!(!running.is_finished(), "the preview ended before planning");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    // Planning runs on a read connection; then the preview takes the writer
    // to store its plan, and is held there.
    let mut reads_while_planning = 0;
    while !state.writer_busy() {
        assert!(!running.is_finished(), "the preview ended without storing");
        read_history_and_directory(&state, people).await;
        reads_while_planning += 1;
    }
    let started = Instant::now();
    read_history_and_directory(&state, people).await;
    let took = started.elapsed();
    assert!(
        state.writer_busy() && !running.is_finished(),
        "the read waited for the preview to release the writer ({took:?})"
    );
    release.send(()).unwrap();
    let stored = running.await.unwrap().unwrap();
    assert!(
        stored.import_id > first.import_id,
        "the held preview stored its plan"
    );
    eprintln!("{reads_while_planning} reads while planning; one while storing: {took:?}");
}

/// Reads History's first page and the Directory's, checking they list what
/// the first import applied.
async fn read_history_and_directory(state: &AppState, people: usize) {
    let page = state
        .read(|s| history::imports(s, &HistoryQuery::default()))
        .await
        .unwrap();
    let listed = state
        .read(|s| history::directory(s, &DirectoryQuery::default()))
        .await
        .unwrap();
    assert!(page.total >= 1, "the applied import is listed");
    assert!(
        listed.total as usize > people * 9 / 10,
        "the directory lists the applied people ({})",
        listed.total
    );
}
