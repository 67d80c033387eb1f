//! Roster's real window driven through tauri-driver (which forwards to
//! WebKitWebDriver) with the fantoccini WebDriver client, behind blocking
//! calls so each test reads as the steps a person takes.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::NewSessionError;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// A running tauri-driver with one session open on the app window.
/// Dropping it ends the session and stops the driver (and so the app).
pub struct Window {
    client: Client,
    runtime: tokio::runtime::Runtime,
    _driver: Driver,
}

/// The tauri-driver process, stopped when dropped, also when opening the
/// session fails (it would otherwise outlive the test, holding its output).
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A port nobody listens on now, so tests running side by side each get
/// their own tauri-driver.
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
        let driver = Driver(
            cmd.spawn()
                .expect("tauri-driver must be installed (cargo install tauri-driver --locked)"),
        );
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let caps = json!({
            "browserName": "wry",
            "tauri:options": {"application": app, "args": args}
        });
        let caps = caps.as_object().unwrap().clone();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            let attempt = runtime.block_on(
                ClientBuilder::new(connector)
                    .capabilities(caps.clone())
                    .connect(&base),
            );
            match attempt {
                Ok(client) => break client,
                // The driver is still starting: nothing listens on its port yet.
                Err(NewSessionError::FailedC(_) | NewSessionError::Failed(_))
                    if Instant::now() < deadline =>
                {
                    std::thread::sleep(Duration::from_millis(200))
                }
                Err(e) => panic!("could not open a WebDriver session on {base}: {e:?}"),
            }
        };
        Self {
            client,
            runtime,
            _driver: driver,
        }
    }

    fn run<T>(
        &self,
        what: &str,
        call: impl std::future::Future<Output = Result<T, fantoccini::error::CmdError>>,
    ) -> T {
        self.runtime
            .block_on(call)
            .unwrap_or_else(|e| panic!("WebDriver {what} failed: {e}"))
    }

    /// Waits up to 20 s for an element matching `css` (a search that meets
    /// a node React is replacing is tried again, like one that finds none).
    fn element(&self, css: &str) -> Element {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            match self.runtime.block_on(self.client.find(Locator::Css(css))) {
                Ok(element) => return element,
                Err(e)
                    if (e.is_no_such_element() || e.is_stale_element_reference())
                        && Instant::now() < deadline =>
                {
                    std::thread::sleep(Duration::from_millis(200))
                }
                Err(e) => panic!("no element matches {css} in the window: {e}"),
            }
        }
    }

    /// Waits up to 20 s for an element matching `css` to be in the page.
    pub fn find(&self, css: &str) {
        self.element(css);
    }

    /// The visible text of the first element matching `css`, once it is non-empty.
    pub fn text(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let element = self.element(css);
            let text = self.run("text", element.text()).trim().to_string();
            if !text.is_empty() || Instant::now() > deadline {
                return text;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Clicks the element matching `css`, first scrolling it to the middle of
    /// the view so sticky bars (the save bar) cannot cover it.
    pub fn click(&self, css: &str) {
        let element = self.element(css);
        self.run(
            "scroll",
            self.client.execute(
                "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});",
                vec![json!(element)],
            ),
        );
        self.run("click", element.click());
    }

    /// Whether an element matching `css` is in the page now (no waiting).
    pub fn exists(&self, css: &str) -> bool {
        self.count(css) > 0
    }

    /// Whether the element matching `css` is enabled (form controls).
    pub fn enabled(&self, css: &str) -> bool {
        let element = self.element(css);
        self.run("enabled", element.is_enabled())
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
        let element = self.element(css);
        self.run("typing", element.send_keys(text));
    }

    /// An attribute of the first element matching `css`.
    pub fn attribute(&self, css: &str, name: &str) -> Option<String> {
        let element = self.element(css);
        self.run("attribute", element.attr(name))
    }

    /// Runs `script` (a function body) in the page and returns its result.
    pub fn execute(&self, script: &str) -> Value {
        self.run("script", self.client.execute(script, vec![]))
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
        self.run("title", self.client.title())
    }

    /// How many elements match `css` now (counted in the page: WebDriver's
    /// find-all fails with a stale element while React replaces a list).
    pub fn count(&self, css: &str) -> usize {
        let n = self.run(
            "count",
            self.client.execute(
                "return document.querySelectorAll(arguments[0]).length;",
                vec![json!(css)],
            ),
        );
        n.as_u64()
            .unwrap_or_else(|| panic!("a count of {css}: {n}")) as usize
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
        let element = self.element(css);
        self.run(
            "set value",
            self.client.execute(
                "const el = arguments[0]; \
                 const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype; \
                 Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]); \
                 el.dispatchEvent(new Event('input', { bubbles: true })); \
                 el.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![json!(element), json!(value)],
            ),
        );
    }

    /// Saves a PNG of the window (for a person to look at after a failure).
    pub fn screenshot(&self, path: &Path) {
        let png = self.run("screenshot", self.client.screenshot());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        let _ = self.runtime.block_on(self.client.clone().close());
    }
}
