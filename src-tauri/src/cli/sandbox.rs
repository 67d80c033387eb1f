//! `roster sandbox`: serve the sandbox company until interrupted and print
//! how to connect to it (one JSON line with `--json`, for scripts).

use std::io::Write;

use super::exit;
use crate::paths::DataDir;
use crate::sandbox::{start, SandboxConfig};

/// What `roster sandbox` was asked for.
#[derive(Debug, Clone)]
pub struct ServeArgs {
    pub port: u16,
    pub employees: usize,
    pub seed: u64,
    pub json: bool,
}

/// Where the CLI sandbox keeps its state: the same file the window's
/// sandbox uses, so both serve the same company.
pub fn state_file(data_dir: &DataDir) -> std::path::PathBuf {
    data_dir.sandbox_state()
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
            return exit::ENVIRONMENT;
        }
    };
    let mut stdout = std::io::stdout();
    let code = runtime.block_on(serve_until(data_dir, args, &mut stdout, wait_for_stop()));
    // A replay still running on a blocking thread must not hold up the exit.
    runtime.shutdown_timeout(std::time::Duration::from_secs(2));
    code
}

/// Serves until `stop` completes, printing the connection details to `out`.
async fn serve_until(
    data_dir: &DataDir,
    args: ServeArgs,
    out: &mut dyn Write,
    stop: impl std::future::Future<Output = ()>,
) -> i32 {
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
            return exit::FAILED;
        }
    };
    let c = &handle.credentials;
    let printed = if args.json {
        let line = serde_json::json!({
            "url": handle.url,
            "company_id": c.company_id,
            "client_id": c.client_id,
            "client_secret": c.client_secret,
            "scim_url": handle.scim_base_url(),
            "scim_token": handle.scim_token(),
        });
        writeln!(out, "{line}")
    } else {
        writeln!(
            out,
            "TriNet sandbox running at {}\n\nCompany ID:     {}\nClient ID:      {}\nClient Secret:  {}\n\n\
             Control (POST with Content-Type: application/json and no Origin header; web pages are \
             refused): POST {url}/_sandbox/advance {{\"days\": 7}}, POST {url}/_sandbox/faults, \
             POST {url}/_sandbox/reset {{}}, GET {url}/_sandbox/state\n\n\
             Identity directory (SCIM 2.0): {}\nSCIM token:     {}\nPress Ctrl-C to stop.",
            handle.url,
            c.company_id,
            c.client_id,
            c.client_secret,
            handle.scim_base_url(),
            handle.scim_token(),
            url = handle.url,
        )
    };
    let _ = printed.and_then(|_| out.flush());
    tracing::info!(url = %handle.url, "sandbox serving from the command line");
    stop.await;
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A stdout stand-in the test can read while the command runs.
    #[derive(Clone, Default)]
    struct SharedOut(Arc<Mutex<Vec<u8>>>);

    impl Write for SharedOut {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test]
    async fn sandbox_cli_json_prints_one_line_first_and_serves() {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = DataDir::new(dir.path());
        let shared = SharedOut::default();
        let watch = shared.clone();
        let stop = async move {
            let line = loop {
                let text = String::from_utf8(watch.0.lock().unwrap().clone()).unwrap();
                if let Some((line, _)) = text.split_once('\n') {
                    break line.to_string();
                }
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            };
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            let mut keys: Vec<&String> = v.as_object().unwrap().keys().collect();
            keys.sort();
            assert_eq!(
                keys,
                [
                    "client_id",
                    "client_secret",
                    "company_id",
                    "scim_token",
                    "scim_url",
                    "url"
                ]
            );
            let state: serde_json::Value =
                reqwest::get(format!("{}/_sandbox/state", v["url"].as_str().unwrap()))
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
            assert_eq!(state["employees"], 120);
        };
        let args = ServeArgs {
            port: 0,
            employees: 120,
            seed: 9,
            json: true,
        };
        let mut out = shared.clone();
        assert_eq!(serve_until(&data_dir, args, &mut out, stop).await, 0);
        let printed = String::from_utf8(shared.0.lock().unwrap().clone()).unwrap();
        assert_eq!(
            printed.lines().count(),
            1,
            "only the JSON line on stdout: {printed}"
        );
        assert!(
            state_file(&data_dir).exists(),
            "state persists in the data folder"
        );
    }
}
