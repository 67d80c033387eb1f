//! What a hostile or moved server cannot make Roster do: print terminal
//! escapes, receive the secret at an address that came from a shared file,
//! or see the secret in a child process's environment.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use roster_tests::{roster, roster_bin, roster_with_input};

/// A TriNet stand-in on loopback, one thread, answering each request with
/// what `answer` makes of its head (request line and headers), and logging
/// every head it gets.
struct StandIn {
    url: String,
    log: Arc<Mutex<Vec<String>>>,
}

fn stand_in(answer: fn(&str) -> (u16, Vec<u8>)) -> StandIn {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut head = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            seen.lock().unwrap().push(head.clone());
            let (status, body) = answer(&head);
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(&body);
        }
    });
    StandIn { url, log }
}

fn trinet_like(head: &str) -> (u16, Vec<u8>) {
    let body = if head.contains("/oauth/accesstoken") {
        r#"{"access_token":"tok","expires_in":"3599","scope":"basic-read hr-admin-read"}"#
    } else {
        r#"{"_statusCode":"200","data":{"companyId":"URLCO","companyName":"Url Co"}}"#
    };
    (200, body.as_bytes().to_vec())
}

fn connect(data: &std::path::Path, company: &str, client: &str, url: &str) -> std::process::Output {
    roster_with_input(
        data,
        &[
            "connect",
            "--company",
            company,
            "--client-id",
            client,
            "--base-url",
            url,
        ],
        "the-client-secret\n",
        &[],
    )
}

#[test]
fn server_text_with_terminal_escapes_never_reaches_the_terminal() {
    // A refused token whose plain-text body clears the screen and retitles
    // the terminal window; then a data call refused with the same in JSON,
    // and a company name that rings the bell.
    let raw = stand_in(|_| {
        (
            418,
            b"\x1b[2J\x1b[H\x1b]0;pwned\x07I'm a teapot\xc2\x9b31m".to_vec(),
        )
    });
    let json = stand_in(|head| {
        if head.contains("/oauth/") {
            return trinet_like(head);
        }
        let body =
            r#"{"_statusCode":"400","_statusMessage":"\u001b[2J\u001b]0;pwned\u0007bad offset"}"#;
        (400, body.as_bytes().to_vec())
    });
    let named = stand_in(|head| {
        if head.contains("/oauth/") {
            return trinet_like(head);
        }
        let body = r#"{"_statusCode":"200","data":{"companyId":"ESC","companyName":"\u001b[2JAcme\u0007"}}"#;
        (200, body.as_bytes().to_vec())
    });
    for (server, says) in [
        (&raw, "HTTP 418"),
        (&json, "bad offset"),
        (&named, "Connected to [2JAcme"),
    ] {
        let data = tempfile::tempdir().unwrap();
        let out = connect(data.path(), "ESC", "esc-client", &server.url);
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert!(
            stdout.contains(says) || stderr.contains(says),
            "{says}: {stdout} {stderr}"
        );
        for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert!(
                !bytes.iter().any(|b| *b == 0x1b || *b == 0x07),
                "{name} carries a terminal control byte: {:?}",
                String::from_utf8_lossy(bytes)
            );
            assert!(!String::from_utf8_lossy(bytes).contains('\u{9b}'));
        }
        if out.status.success() {
            roster(data.path(), &["revoke"]);
        }
    }
}

/// Needs the real keyring (the README's test command provides one).
#[test]
fn a_config_import_that_moves_the_base_url_sends_nothing_there() {
    let old = stand_in(trinet_like);
    let new = stand_in(trinet_like);
    let data = tempfile::tempdir().unwrap();
    let client = format!("moved-client-{}", std::process::id());
    let out = connect(data.path(), "URLCO", &client, &old.url);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let file = data.path().join("config.json");
    let out = roster(
        data.path(),
        &["config", "export", "--out", file.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace(&old.url, &new.url);
    std::fs::write(&file, text).unwrap();
    let out = roster(data.path(), &["config", "import", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains(&format!("{} \u{2192} {}", old.url, new.url)),
        "the result names old URL \u{2192} new URL: {said}"
    );

    let status = roster(data.path(), &["status", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(v["state"], "needs_attention", "{v}");
    assert_eq!(v["problem"]["code"], "secret_not_confirmed", "{v}");
    assert_eq!(v["base_url"], new.url.as_str());

    // Preview (and the scheduled sync, which starts the same way) refuses.
    for args in [&["preview"][..], &["sync"][..]] {
        let out = roster(data.path(), args);
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("Enter the client secret"), "{args:?}: {err}");
    }
    assert!(
        new.log.lock().unwrap().is_empty(),
        "nothing, let alone Authorization, reached the new address: {:?}",
        new.log.lock().unwrap()
    );
    // The import deleted nothing from the keyring.
    let kept = std::process::Command::new("secret-tool")
        .args([
            "lookup",
            "service",
            "roster",
            "username",
            &format!("trinet:URLCO:{client}"),
        ])
        .output()
        .expect("secret-tool runs");
    assert_eq!(
        String::from_utf8_lossy(&kept.stdout).trim(),
        "the-client-secret"
    );

    // Entering the secret again for the new address: tested, then used.
    let out = connect(data.path(), "URLCO", &client, &new.url);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value =
        serde_json::from_slice(&roster(data.path(), &["status", "--json"]).stdout).unwrap();
    assert_eq!(v["state"], "connected", "{v}");
    assert!(new.log.lock().unwrap().iter().any(|h| h.contains("Basic ")));
    assert!(roster(data.path(), &["revoke"]).status.success());
}

/// Every process below `pid`, from /proc.
fn descendants(pid: u32) -> Vec<u32> {
    let mut found = vec![];
    let mut frontier = vec![pid];
    while let Some(parent) = frontier.pop() {
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
            // pid (comm) state ppid ...: comm may hold spaces, so split after ')'.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|p| p.parse::<u32>().ok());
            if ppid == Some(parent) {
                found.push(child);
                frontier.push(child);
            }
        }
    }
    found
}

/// Needs a display (Xvfb) and the keyring, like the other window tests.
#[test]
fn the_window_s_helper_processes_do_not_inherit_the_client_secret() {
    let _one = super::window::one_at_a_time();
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "the window tests need a display: run them through the README's test command (it starts Xvfb)"
    );
    let data = tempfile::tempdir().unwrap();
    let mut window = std::process::Command::new(roster_bin())
        .env("ROSTER_DATA_DIR", data.path())
        .env("ROSTER_CLIENT_SECRET", "secret-only-for-roster-itself")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the window starts");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut helpers = vec![];
    while std::time::Instant::now() < deadline {
        helpers = descendants(window.id())
            .into_iter()
            .filter_map(|pid| {
                let environ = std::fs::read(format!("/proc/{pid}/environ")).ok()?;
                let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
                Some((pid, comm.trim().to_string(), environ))
            })
            .collect();
        if helpers
            .iter()
            .any(|(_, comm, _)| comm.starts_with("WebKit"))
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let _ = window.kill();
    let _ = window.wait();
    assert!(
        helpers
            .iter()
            .any(|(_, comm, _)| comm.starts_with("WebKit")),
        "WebKit's helper processes never started: {:?}",
        helpers.iter().map(|(p, c, _)| (p, c)).collect::<Vec<_>>()
    );
    for (pid, comm, environ) in &helpers {
        let text = String::from_utf8_lossy(environ);
        assert!(
            !text.contains("ROSTER_CLIENT_SECRET")
                && !text.contains("secret-only-for-roster-itself"),
            "{comm} ({pid}) inherited the client secret"
        );
    }
}

/// Runs openssl (the Debian package every machine here has) in `dir`.
fn openssl(dir: &std::path::Path, args: &[&str]) {
    let out = std::process::Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `openssl s_server` for `localhost` with a certificate from a private CA
/// (as a corporate TLS-inspection proxy has); stopped on drop.
struct InspectedTls {
    child: std::process::Child,
    port: u16,
}

impl Drop for InspectedTls {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn inspected_tls(dir: &std::path::Path) -> InspectedTls {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=Roster Test Inspection CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign",
        ],
    );
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "leaf.key",
            "-out",
            "leaf.csr",
            "-subj",
            "/CN=localhost",
        ],
    );
    std::fs::write(
        dir.join("leaf.ext"),
        "basicConstraints=CA:FALSE\nsubjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "leaf.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "leaf.pem",
            "-days",
            "2",
            "-extfile",
            "leaf.ext",
        ],
    );
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = std::process::Command::new("openssl")
        .args([
            "s_server", "-quiet", "-www", "-cert", "leaf.pem", "-key", "leaf.key",
        ])
        .args(["-accept", &format!("127.0.0.1:{port}")])
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("openssl s_server starts");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "s_server never listened"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    InspectedTls { child, port }
}

#[test]
fn a_certificate_authority_in_the_os_store_is_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let server = inspected_tls(dir.path());
    let url = format!("https://localhost:{}", server.port);
    let data = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    let args = [
        "connect",
        "--company",
        "TLS",
        "--client-id",
        "c",
        "--base-url",
        &url,
    ];
    // Not in the store: the certificate is refused.
    let out = roster_with_input(data.path(), &args, "s\n", &[]);
    let refused = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        refused.contains("could not reach") && refused.to_lowercase().contains("certificate"),
        "{refused}"
    );
    // In the store (on Linux, SSL_CERT_FILE names it): the TLS handshake
    // succeeds, and what fails is that s_server is no TriNet.
    let out = roster_with_input(
        data.path(),
        &args,
        "s\n",
        &[("SSL_CERT_FILE", ca.to_str().unwrap())],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains("cannot read") && !err.to_lowercase().contains("certificate"),
        "the handshake with the inspection CA's certificate must pass: {err}"
    );
}

#[test]
fn https_proxy_from_the_environment_is_used() {
    let proxy = TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy_url = format!("http://{}", proxy.local_addr().unwrap());
    let asked = std::thread::spawn(move || {
        let (mut stream, _) = proxy.accept().unwrap();
        let mut line = String::new();
        BufReader::new(stream.try_clone().unwrap())
            .read_line(&mut line)
            .unwrap();
        let _ = stream.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
        line
    });
    let data = tempfile::tempdir().unwrap();
    let out = roster_with_input(
        data.path(),
        &[
            "connect",
            "--company",
            "PRX",
            "--client-id",
            "c",
            "--base-url",
            "https://trinet.example.test",
        ],
        "s\n",
        &[("HTTPS_PROXY", &proxy_url), ("NO_PROXY", "")],
    );
    assert_eq!(out.status.code(), Some(1));
    let line = asked.join().unwrap();
    assert!(
        line.starts_with("CONNECT trinet.example.test:443 "),
        "the TriNet call went through the proxy: {line:?}"
    );
}
