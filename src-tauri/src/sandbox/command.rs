//! `roster sandbox`: serve the sandbox company until interrupted and print
//! how to connect to it (one JSON line with `--json`, for scripts).

use std::io::Write;

use super::{start, SandboxConfig};
use crate::paths::DataDir;

/// What `roster sandbox` was asked for.
#[derive(Debug, Clone)]
pub struct ServeArgs {
    pub port: u16,
    pub employees: usize,
    pub seed: u64,
    pub json: bool,
}

/// Where the CLI sandbox keeps its state under the data folder.
pub fn state_file(data_dir: &DataDir) -> std::path::PathBuf {
    data_dir.root().join("sandbox").join("state.json")
}

/// Serves until Ctrl-C or SIGTERM; returns the process exit code.
pub fn run(data_dir: &DataDir, args: ServeArgs) -> i32 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("roster: could not start the sandbox runtime: {e}");
            return crate::cli::exit::ENVIRONMENT;
        }
    };
    let code = runtime.block_on(serve_until_stopped(data_dir, args));
    // A replay still running on a blocking thread must not hold up the exit.
    runtime.shutdown_timeout(std::time::Duration::from_secs(2));
    code
}

async fn serve_until_stopped(data_dir: &DataDir, args: ServeArgs) -> i32 {
    let config = SandboxConfig {
        employees: args.employees,
        seed: args.seed,
        port: args.port,
        state_file: Some(state_file(data_dir)),
        ..SandboxConfig::default()
    };
    let handle = match start(config).await {
        Ok(h) => h,
        Err(e) => {
            tracing::error!(error = %e, "sandbox did not start");
            eprintln!("roster: {e}");
            return crate::cli::exit::FAILED;
        }
    };
    let c = &handle.credentials;
    let mut out = std::io::stdout().lock();
    let printed = if args.json {
        let line = serde_json::json!({
            "url": handle.url,
            "company_id": c.company_id,
            "client_id": c.client_id,
            "client_secret": c.client_secret,
        });
        writeln!(out, "{line}")
    } else {
        writeln!(
            out,
            "TriNet sandbox running at {}\n\nCompany ID:     {}\nClient ID:      {}\nClient Secret:  {}\n\n\
             Control: POST {url}/_sandbox/advance {{\"days\": 7}}, POST {url}/_sandbox/faults, \
             POST {url}/_sandbox/reset, GET {url}/_sandbox/state\nPress Ctrl-C to stop.",
            handle.url,
            c.company_id,
            c.client_id,
            c.client_secret,
            url = handle.url,
        )
    };
    let _ = printed.and_then(|_| out.flush());
    drop(out);
    tracing::info!(url = %handle.url, "sandbox serving from the command line");
    wait_for_stop().await;
    tracing::info!("sandbox stopping");
    handle.shutdown().await;
    tracing::info!("sandbox stopped");
    0
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
