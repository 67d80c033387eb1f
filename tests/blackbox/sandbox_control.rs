//! The sandbox's `/_sandbox/*` control routes take only requests a web page
//! cannot forge, and Roster reads the simulated calendar only for its own
//! sandbox company, never from a loopback server it is merely connected to.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use reqwest::blocking::Client;
use reqwest::StatusCode;
use roster_tests::{roster, roster_with_input, SandboxProcess};
use serde_json::Value;

fn state(sb: &SandboxProcess) -> Value {
    Client::new()
        .get(format!("{}/_sandbox/state", sb.url))
        .send()
        .unwrap()
        .json()
        .unwrap()
}

#[test]
fn a_control_request_a_web_page_could_send_is_refused_and_changes_nothing() {
    let sb = SandboxProcess::in_own_folder(60);
    let before = state(&sb);
    let http = Client::new();
    let advance = format!("{}/_sandbox/advance", sb.url);
    let refused = [
        // An HTML form posting to 127.0.0.1.
        http.post(&advance)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", "null")
            .body("days=7"),
        // The same form without an Origin (some browsers omit it).
        http.post(&advance)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("days=7"),
        // fetch() from another site as plain text, which needs no preflight.
        http.post(&advance)
            .header("Content-Type", "text/plain")
            .header("Origin", "https://evil.example")
            .body(r#"{"days": 7}"#),
        // JSON from a page whose name was rebound to 127.0.0.1.
        http.post(&advance)
            .header("Origin", "http://rebound.example:8080")
            .json(&serde_json::json!({"days": 7})),
        http.post(&advance)
            .header("Sec-Fetch-Site", "cross-site")
            .json(&serde_json::json!({"days": 7})),
        http.post(format!("{}/_sandbox/reset", sb.url))
            .header("Content-Type", "application/x-www-form-urlencoded"),
        http.post(format!("{}/_sandbox/faults", sb.url))
            .header("Origin", "https://evil.example")
            .json(&serde_json::json!({"unavailable_probability": 1.0})),
    ];
    for request in refused {
        let response = request.send().unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let body: Value = response.json().unwrap();
        assert!(
            body["error"].as_str().unwrap().contains("application/json"),
            "{body}"
        );
    }
    assert_eq!(state(&sb), before, "nothing changed");

    // A script's request (JSON, no Origin) still works.
    let week = sb.control("advance", serde_json::json!({"days": 7}));
    assert_eq!(week["days_advanced"], 7);
}

/// A loopback server in front of the sandbox that records every request.
struct RecordingProxy {
    url: String,
    requests: Arc<Mutex<Vec<u8>>>,
}

impl RecordingProxy {
    fn start(upstream: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let upstream = upstream.trim_start_matches("http://").to_string();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = TcpStream::connect(&upstream) else {
                    continue;
                };
                let (client_in, server_out) =
                    (client.try_clone().unwrap(), server.try_clone().unwrap());
                let seen = seen.clone();
                std::thread::spawn(move || pipe(client_in, server_out, Some(seen)));
                std::thread::spawn(move || pipe(server, client, None));
            }
        });
        Self { url, requests }
    }

    fn requests(&self) -> String {
        String::from_utf8_lossy(&self.requests.lock().unwrap()).into_owned()
    }
}

fn pipe(mut from: TcpStream, mut to: TcpStream, record: Option<Arc<Mutex<Vec<u8>>>>) {
    let mut buf = [0u8; 16 * 1024];
    while let Ok(n) = from.read(&mut buf) {
        if n == 0 {
            break;
        }
        if let Some(record) = &record {
            record.lock().unwrap().extend_from_slice(&buf[..n]);
        }
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

#[test]
fn a_loopback_server_is_never_asked_for_the_sandbox_calendar() {
    let sb = SandboxProcess::in_own_folder(60);
    let proxy = RecordingProxy::start(&sb.url);
    let data = tempfile::tempdir().unwrap();
    let secret = [("ROSTER_CLIENT_SECRET", sb.client_secret.as_str())];
    let mut args = sb.connect_args();
    // The base URL comes last: the proxy's instead of the sandbox's.
    *args.last_mut().unwrap() = &proxy.url;
    let out = roster_with_input(data.path(), &args, "", &secret);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = roster_with_input(data.path(), &["preview", "--json"], "", &secret);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A scheduled run plans too (the preview is rejected so it is not skipped).
    assert!(roster(data.path(), &["reject"]).status.success());
    let out = roster_with_input(data.path(), &["sync"], "", &secret);
    assert!(
        matches!(out.status.code(), Some(0 | 3)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let requests = proxy.requests();
    assert!(
        requests.contains("/employees"),
        "the imports went through the recording server: {requests}"
    );
    assert!(
        !requests.contains("/_sandbox/"),
        "a connection that is not Roster's sandbox asked its server for the calendar"
    );
    // Its plans are for today's date, not the sandbox's.
    let history: Value =
        serde_json::from_slice(&roster(data.path(), &["history", "--json"]).stdout).unwrap();
    let sandbox_date = state(&sb)["date"].as_str().unwrap().to_string();
    for import in history.as_array().unwrap() {
        assert_ne!(
            import["plan_date"].as_str(),
            Some(sandbox_date.as_str()),
            "{import}"
        );
    }
}
