//! A minimal W3C WebDriver client, enough to drive Roster's real window
//! through tauri-driver (which forwards to WebKitWebDriver).

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::blocking::Client;
use serde_json::{json, Value};

/// The W3C key under which a found element's reference arrives.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A running tauri-driver with one session open on the app window.
/// Dropping it ends the session and stops the driver (and so the app).
pub struct Window {
    http: Client,
    base: String,
    session: String,
    driver: Child,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Window {
    /// Starts tauri-driver and opens `app` (with `env` for the app process).
    pub fn open(app: &Path, env: &[(&str, &Path)]) -> Self {
        Self::open_with_args(app, &[], env)
    }

    /// Starts tauri-driver and opens `app` with the command-line `args`.
    pub fn open_with_args(app: &Path, args: &[&str], env: &[(&str, &Path)]) -> Self {
        let port = free_port();
        let native_port = free_port();
        let mut cmd = Command::new("tauri-driver");
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let driver = cmd
            .spawn()
            .expect("tauri-driver must be installed (cargo install tauri-driver --locked)");
        let http = Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "wry",
            "tauri:options": {"application": app, "args": args}
        }}});
        let deadline = Instant::now() + Duration::from_secs(30);
        let session = loop {
            match http.post(format!("{base}/session")).json(&caps).send() {
                Ok(resp) => {
                    let body: Value = resp.json().expect("session reply is JSON");
                    match body["value"]["sessionId"].as_str() {
                        Some(id) => break id.to_string(),
                        None => panic!("could not open a WebDriver session: {body}"),
                    }
                }
                Err(_) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(200))
                }
                Err(e) => panic!("tauri-driver did not answer on {base}: {e}"),
            }
        };
        Self {
            http,
            base,
            session,
            driver,
        }
    }

    fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{}", self.base, self.session, path);
        let mut req = self.http.request(method, url);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp: Value = req
            .send()
            .expect("WebDriver call")
            .json()
            .expect("JSON reply");
        let value = resp["value"].clone();
        // "no such element" is an answer `find` polls through; anything else is a failure.
        if let Some(error) = value["error"].as_str() {
            assert!(
                error == "no such element",
                "WebDriver {path} failed: {value}"
            );
        }
        value
    }

    /// Waits up to 20 s for an element matching `css`; returns its id.
    pub fn find(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let v = self.call(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            );
            if let Some(id) = v[ELEMENT_KEY].as_str() {
                return id.to_string();
            }
            assert!(
                Instant::now() < deadline,
                "no element matches {css} in the window: {v}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// The visible text of the first element matching `css`, once it is non-empty.
    pub fn text(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let id = self.find(css);
            let v = self.call(reqwest::Method::GET, &format!("/element/{id}/text"), None);
            let text = v.as_str().unwrap_or_default().trim().to_string();
            if !text.is_empty() || Instant::now() > deadline {
                return text;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Clicks the element matching `css`, first scrolling it to the middle of
    /// the view so sticky bars (the save bar) cannot cover it.
    pub fn click(&self, css: &str) {
        let id = self.find(css);
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({
                "script": "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});",
                "args": [{ ELEMENT_KEY: id }]
            })),
        );
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/click"),
            Some(json!({})),
        );
    }

    /// Whether an element matching `css` is in the page now (no waiting).
    pub fn exists(&self, css: &str) -> bool {
        let v = self.call(
            reqwest::Method::POST,
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT_KEY].is_string()
    }

    /// Whether the element matching `css` is enabled (form controls).
    pub fn enabled(&self, css: &str) -> bool {
        let id = self.find(css);
        self.call(
            reqwest::Method::GET,
            &format!("/element/{id}/enabled"),
            None,
        )
        .as_bool()
        .unwrap_or(false)
    }

    /// Waits up to 30 s for `css` to be enabled, then clicks it.
    pub fn click_when_enabled(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !self.enabled(css) {
            assert!(Instant::now() < deadline, "{css} stayed disabled");
            std::thread::sleep(Duration::from_millis(200));
        }
        self.click(css);
    }

    /// Types `text` into the input matching `css`.
    pub fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// An attribute of the first element matching `css`.
    pub fn attribute(&self, css: &str, name: &str) -> Option<String> {
        let id = self.find(css);
        self.call(
            reqwest::Method::GET,
            &format!("/element/{id}/attribute/{name}"),
            None,
        )
        .as_str()
        .map(str::to_string)
    }

    /// Runs `script` (a function body) in the page and returns its result.
    pub fn execute(&self, script: &str) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// Waits up to 30 s until the text of `css` contains `needle`; returns the text.
    pub fn wait_for_text(&self, css: &str, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let text = self.text(css);
            if text.contains(needle) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "{css} never showed {needle:?}; it shows {text:?}"
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    pub fn title(&self) -> String {
        self.call(reqwest::Method::GET, "/title", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// How many elements match `css` now.
    pub fn count(&self, css: &str) -> usize {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({
                "script": "return document.querySelectorAll(arguments[0]).length;",
                "args": [css]
            })),
        )
        .as_u64()
        .unwrap_or(0) as usize
    }

    /// Waits up to `within` for exactly `n` elements to match `css`.
    pub fn wait_for_count(&self, css: &str, n: usize, within: Duration) {
        let deadline = Instant::now() + within;
        loop {
            let seen = self.count(css);
            if seen == n {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{css}: {seen} elements after {within:?}, expected {n}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Sets the value of the select or input matching `css` as a person
    /// choosing or typing it would (React sees the change).
    pub fn set_value(&self, css: &str, value: &str) {
        let id = self.find(css);
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({
                "script": "const el = arguments[0]; \
                    const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype; \
                    Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]); \
                    el.dispatchEvent(new Event('input', { bubbles: true })); \
                    el.dispatchEvent(new Event('change', { bubbles: true }));",
                "args": [{ ELEMENT_KEY: id }, value]
            })),
        );
    }

    /// Saves a PNG of the window (for a person to look at after a failure).
    pub fn screenshot(&self, path: &Path) {
        let v = self.call(reqwest::Method::GET, "/screenshot", None);
        if let Some(b64) = v.as_str() {
            if let Some(bytes) = decode_base64(b64) {
                let _ = std::fs::create_dir_all(path.parent().unwrap());
                let _ = std::fs::write(path, bytes);
            }
        }
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        let _ = self
            .http
            .delete(format!("{}/session/{}", self.base, self.session))
            .send();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' | b'\n' | b'\r' => continue,
            _ => return None,
        } as u32;
        buf = (buf << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    Some(out)
}
