//! The IPC surface end to end: Roster's app as `run` builds it (the same
//! plugins, managed `AppState`, handler list, and the capabilities compiled
//! into the context), on tauri's mock runtime, called the way the webview
//! calls it. Real parts underneath: the database is a file in a temp dir with
//! its key in the OS keyring, TriNet is the embedded sandbox company over
//! HTTP, and secrets go to the keyring. Native dialogs are the one stand-in:
//! the test gives the admin's answer (`dialog::Scripted`).
//!
//! Needs the keyring session: `bash scripts/with-keyring.sh cargo test -p roster --lib ipc_tests`.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

use super::dialog::Scripted;
use super::surface::COMMANDS;
use super::AppState;
use crate::connection::secret_entry;
use crate::operations::ErrorCode;
use crate::paths::DataDir;
use crate::sandbox::{self, SandboxConfig, SandboxHandle};
use crate::vault;

/// A command's refusal as the UI receives it.
#[derive(Debug, Deserialize)]
struct Refusal {
    code: ErrorCode,
    message: String,
}

/// Roster's window on the mock runtime, over its own data folder.
struct Window {
    webview: WebviewWindow<MockRuntime>,
    app: App<MockRuntime>,
    dir: tempfile::TempDir,
    /// The TriNet company this window connects to, when it has one.
    company: Option<SandboxHandle>,
}

impl Window {
    fn open() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open(DataDir::new(dir.path()));
        let app = crate::app_builder(mock_builder(), state)
            .manage(Scripted::default())
            .build(crate::context())
            .expect("Roster builds on the mock runtime");
        // tauri.conf.json's window, which the capability names.
        let webview = match app.get_webview_window("main") {
            Some(w) => w,
            None => WebviewWindowBuilder::new(&app, "main", Default::default())
                .build()
                .unwrap(),
        };
        Self {
            webview,
            app,
            dir,
            company: None,
        }
    }

    /// What the webview's `invoke(command, args)` gets back.
    fn invoke(&self, command: &str, args: Value) -> Result<Value, Value> {
        invoke(&self.webview, command, args)
    }

    fn call<T: DeserializeOwned>(&self, command: &str, args: Value) -> T {
        match self.invoke(command, args) {
            Ok(reply) => serde_json::from_value(reply.clone())
                .unwrap_or_else(|e| panic!("{command} replied {reply}: {e}")),
            Err(e) => panic!("{command} was refused: {e}"),
        }
    }

    fn refusal(&self, command: &str, args: Value) -> Refusal {
        match self.invoke(command, args) {
            Ok(reply) => panic!("{command} should have been refused, replied {reply}"),
            Err(e) => serde_json::from_value(e.clone())
                .unwrap_or_else(|_| panic!("{command} refused with {e}, not {{code, message}}")),
        }
    }

    /// The admin's answer to the next file dialog (`None`: Cancel).
    fn answer_dialog(&self, answer: Option<&Path>) {
        self.app
            .state::<Scripted>()
            .push(answer.map(Path::to_path_buf));
    }

    /// Starts a sandbox company and connects to it through Connect's Save.
    fn connect(&mut self, seed: u64) -> Value {
        self.connect_to(start_company(seed))
    }

    fn connect_to(&mut self, company: SandboxHandle) -> Value {
        let form = form(&company, &company.credentials.client_secret);
        self.company = Some(company);
        self.call("save_connection", json!({ "form": form }))
    }

    fn company(&self) -> &SandboxHandle {
        self.company.as_ref().expect("connect first")
    }

    /// Review's "Preview import": the new import waiting for review.
    fn preview(&self) -> Value {
        self.call("review_preview", json!({ "onProgress": "__CHANNEL__:1" }))
    }

    /// Preview, then approve: the directory holds the company's people.
    fn first_import(&self) -> Value {
        let import = self.preview();
        let applied: Value = self.call(
            "review_approve",
            json!({ "importId": import["import_id"], "confirmGuardrail": false }),
        );
        assert_eq!(applied["summary"]["outcome"], "applied");
        applied
    }

    fn history(&self) -> Vec<Value> {
        let page: Value = self.call(
            "history_imports",
            json!({ "query": { "outcome": null, "trigger": null, "from": null, "to": null, "offset": 0, "limit": 50 } }),
        );
        page["imports"].as_array().unwrap().clone()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// What the webview's `invoke(command, args)` gets back.
fn invoke(
    webview: &WebviewWindow<MockRuntime>,
    command: &str,
    args: Value,
) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: command.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(webview, request).map(|body| body.deserialize().unwrap())
}

/// A sandbox company of its own (`seed` makes its client ID, so its
/// keyring entry is one test's alone), served over HTTP on 127.0.0.1.
fn start_company(seed: u64) -> SandboxHandle {
    tauri::async_runtime::block_on(sandbox::start(SandboxConfig {
        employees: 40,
        seed,
        ..SandboxConfig::default()
    }))
    .unwrap()
}

fn form(company: &SandboxHandle, secret: &str) -> Value {
    json!({
        "company_id": company.credentials.company_id,
        "client_id": company.credentials.client_id,
        "client_secret": secret,
        "base_url": company.url,
    })
}

fn change_query(kind: Option<&str>) -> Value {
    json!({ "kind": kind, "reason": null, "search": null, "field": null,
            "changed_only": false, "offset": 0, "limit": 500 })
}

#[test]
fn the_window_calls_rust_through_ipc_with_the_real_state_and_database() {
    let window = Window::open();
    let info: Value = window.call("app_info", json!({}));
    assert_eq!(info["storage_error"], Value::Null, "{info}");
    assert_eq!(info["connection_configured"], false);
    let database = PathBuf::from(info["database_path"].as_str().unwrap());
    assert!(database.starts_with(window.dir.path()), "{info}");
    assert!(database.is_file(), "the encrypted database is a real file");

    let status: Value = window.call("connection_status", json!({}));
    assert_eq!(status["state"], "not_connected");
    assert_eq!(
        window
            .refusal("review_summary", json!({ "importId": 1 }))
            .code,
        ErrorCode::NoOpenImport
    );
}

/// lib.rs registers, and capabilities/main.json allows, every listed
/// command: each one taking arguments, sent none, gets as far as reading
/// them (not "not found", not "not allowed"). Those without are called by
/// the other tests here.
#[test]
fn every_listed_command_with_arguments_reaches_its_handler() {
    let window = Window::open();
    let commands_ts = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/ipc/commands.ts"),
    )
    .unwrap();
    let mut checked = 0;
    for (_, command) in COMMANDS {
        let entry = commands_ts
            .lines()
            .find(|l| l.starts_with(&format!("  {command}: ")))
            .unwrap_or_else(|| panic!("{command} is not in commands.ts"));
        if !entry.contains("args: ") {
            continue;
        }
        let refused = window.invoke(command, json!({})).unwrap_err();
        let text = refused.to_string();
        assert!(
            text.contains("missing required key"),
            "{command} did not reach its handler: {text}"
        );
        checked += 1;
    }
    assert!(checked > 20, "only {checked} commands take arguments?");
}

/// A new command gets its test here too: this file calls every listed one.
#[test]
fn every_listed_command_is_called_by_these_tests() {
    let this = include_str!("ipc_tests.rs");
    let uncalled: Vec<_> = COMMANDS
        .iter()
        .map(|(_, command)| *command)
        // Called: its name is an argument, `"name",`.
        .filter(|command| !this.contains(&format!("\"{command}\",")))
        .collect();
    assert!(
        uncalled.is_empty(),
        "not called through IPC here: {uncalled:?}"
    );
}

#[test]
fn save_connection_tests_then_keeps_the_secret_in_the_keyring_only() {
    let mut window = Window::open();
    let company = start_company(9101);
    let secret = company.credentials.client_secret.clone();
    let entry = secret_entry(
        &company.credentials.company_id,
        &company.credentials.client_id,
    );

    let wrong = window.refusal(
        "save_connection",
        json!({ "form": form(&company, "not-the-secret") }),
    );
    assert_eq!(wrong.code, ErrorCode::BadCredentials, "{}", wrong.message);
    let status: Value = window.call("connection_status", json!({}));
    assert_eq!(
        status["state"], "not_connected",
        "a failed test saves nothing"
    );
    assert!(vault::get(&entry).unwrap().is_none());

    let tested: Value = window.call(
        "test_connection",
        json!({ "form": form(&company, &secret) }),
    );
    assert_eq!(tested["company_id"], company.credentials.company_id);
    let status: Value = window.call("connection_status", json!({}));
    assert_eq!(status["state"], "not_connected", "a test saves nothing");
    assert!(vault::get(&entry).unwrap().is_none());

    let status = window.connect_to(company);
    assert_eq!(status["state"], "connected", "{status}");
    assert_eq!(
        status["company_id"],
        window.company().credentials.company_id
    );
    assert!(status["company_name"].is_string());
    assert!(
        !status.to_string().contains(&secret),
        "the reply carries no secret"
    );
    assert_eq!(vault::get(&entry).unwrap().unwrap().expose(), &secret);
    let info: Value = window.call("app_info", json!({}));
    assert_eq!(info["connection_configured"], true);
}

#[test]
fn revoke_connection_forgets_the_secret_and_the_connection_but_keeps_history() {
    let mut window = Window::open();
    window.connect(9102);
    window.first_import();
    let entry = secret_entry(
        &window.company().credentials.company_id,
        &window.company().credentials.client_id,
    );
    assert!(vault::get(&entry).unwrap().is_some());

    let status: Value = window.call("revoke_connection", json!({ "eraseData": false }));
    assert_eq!(status["state"], "not_connected", "{status}");
    assert!(
        vault::get(&entry).unwrap().is_none(),
        "the keyring entry is gone"
    );
    let again: Value = window.call("connection_status", json!({}));
    assert_eq!(again["state"], "not_connected");
    assert_eq!(
        window
            .refusal("review_preview", json!({ "onProgress": "__CHANNEL__:1" }))
            .code,
        ErrorCode::NotConnected
    );
    assert_eq!(
        window.history().len(),
        1,
        "history stays without erase_data"
    );
}

#[test]
fn review_reject_closes_the_import_and_history_shows_it_rejected() {
    let mut window = Window::open();
    window.connect(9103);
    let import = window.preview();
    assert_eq!(import["outcome"], "pending", "{import}");
    let open: Value = window.call("review_open", json!({}));
    assert_eq!(open["import_id"], import["import_id"]);

    let rejected: Value = window.call("review_reject", json!({ "importId": import["import_id"] }));
    assert_eq!(rejected["outcome"], "rejected");
    assert!(rejected["decided_at"].is_string());
    let open: Value = window.call("review_open", json!({}));
    assert_eq!(open, Value::Null, "no import is waiting for review");
    let history = window.history();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["import_id"], import["import_id"]);
    assert_eq!(history[0]["outcome"], "rejected");
    let directory: Value = window.call(
        "directory_people",
        json!({ "query": { "search": null, "department": null, "location": null, "status": null, "offset": 0, "limit": 10 } }),
    );
    assert_eq!(directory["total"], 0, "nothing was applied: {directory}");
    let twice = window.refusal("review_reject", json!({ "importId": import["import_id"] }));
    assert_eq!(twice.code, ErrorCode::ImportDecided);
}

#[test]
fn review_resolve_records_and_takes_back_a_decision_on_a_needs_attention_line() {
    let mut window = Window::open();
    window.connect(9104);
    window.first_import();
    // Every simulated week brings records that need attention.
    window.company().sandbox.advance(7).unwrap();
    let import = window.preview();
    let id = &import["import_id"];
    let page: Value = window.call(
        "review_changes",
        json!({ "importId": id, "query": change_query(Some("needs_attention")) }),
    );
    // Leave out suits every reason; link only a possible duplicate.
    let line = page["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["reason"] != "possible_duplicate")
        .unwrap_or_else(|| panic!("a simulated week brings a record that needs attention: {page}"))
        .clone();
    assert_eq!(line["resolution"], Value::Null);
    let unresolved = import["unresolved"].as_u64().unwrap();

    let decided: Value = window.call(
        "review_resolve",
        json!({ "importId": id, "seq": line["seq"], "resolution": "leave_out" }),
    );
    assert_eq!(decided["seq"], line["seq"]);
    assert_eq!(decided["resolution"], "leave_out");
    let summary: Value = window.call("review_summary", json!({ "importId": id }));
    assert_eq!(summary["unresolved"].as_u64().unwrap(), unresolved - 1);

    let refused = window.refusal(
        "review_resolve",
        json!({ "importId": id, "seq": line["seq"], "resolution": "link" }),
    );
    assert_eq!(refused.code, ErrorCode::InvalidInput, "{}", refused.message);
    let kept: Value = window.call("review_summary", json!({ "importId": id }));
    assert_eq!(
        kept["unresolved"].as_u64().unwrap(),
        unresolved - 1,
        "the refusal changed nothing"
    );

    let taken_back: Value = window.call(
        "review_resolve",
        json!({ "importId": id, "seq": line["seq"], "resolution": null }),
    );
    assert_eq!(taken_back["resolution"], Value::Null);
    let summary: Value = window.call("review_summary", json!({ "importId": id }));
    assert_eq!(summary["unresolved"].as_u64().unwrap(), unresolved);
}

#[test]
fn review_cancel_stops_a_running_preview_and_keeps_nothing() {
    let mut window = Window::open();
    window.connect(9105);
    // Slow pages, so the preview is still fetching when Cancel arrives.
    window
        .company()
        .sandbox
        .set_faults(crate::sandbox::FaultsPatch {
            latency_ms: Some(400),
            ..Default::default()
        })
        .unwrap();
    let outcome = std::thread::scope(|s| {
        let webview = &window.webview;
        let preview = s.spawn(move || {
            invoke(
                webview,
                "review_preview",
                json!({ "onProgress": "__CHANNEL__:1" }),
            )
        });
        // Cancel only stops a fetch in progress: press it until the preview ends.
        while !preview.is_finished() {
            std::thread::sleep(std::time::Duration::from_millis(100));
            let reply: Value = window.call("review_cancel", json!({}));
            assert_eq!(reply, Value::Null);
        }
        preview.join().unwrap()
    });
    let refusal: Refusal =
        serde_json::from_value(outcome.expect_err("the preview was cancelled")).unwrap();
    assert_eq!(refusal.code, ErrorCode::Cancelled, "{}", refusal.message);
    let open: Value = window.call("review_open", json!({}));
    assert_eq!(open, Value::Null, "a cancelled preview keeps no import");
    assert!(window.history().is_empty());
}

#[test]
fn mapping_version_shows_an_old_version_and_mapping_restore_saves_it_as_the_newest() {
    let window = Window::open();
    let current: Value = window.call("mapping_current", json!({}));
    assert_eq!(current["version"], Value::Null, "nothing saved yet");
    let first = current["spec"].clone();
    let saved: Value = window.call(
        "mapping_save",
        json!({ "spec": first, "acknowledgeGroupWarnings": false, "note": "first" }),
    );
    assert_eq!(saved["version"], 1);
    let mut second = first.clone();
    second["exclusion"] = json!({ "source": "employmentInfo.customGroupB", "value": "Yes" });
    let saved: Value = window.call(
        "mapping_save",
        json!({ "spec": second, "acknowledgeGroupWarnings": false, "note": null }),
    );
    assert_eq!(saved["version"], 2);

    let old: Value = window.call("mapping_version", json!({ "version": 1 }));
    assert_eq!(old["version"], 1);
    assert_eq!(old["spec"], first);
    let unknown = window.refusal("mapping_version", json!({ "version": 9 }));
    assert_eq!(unknown.code, ErrorCode::InvalidInput);

    let restored: Value = window.call("mapping_restore", json!({ "version": 1 }));
    assert_eq!(restored["version"], 3);
    let current: Value = window.call("mapping_current", json!({}));
    assert_eq!(current["version"], 3);
    assert_eq!(
        current["spec"], first,
        "version 1's mapping is in force again"
    );
    assert_eq!(current["spec"]["exclusion"], Value::Null);
    let history: Vec<Value> = window.call("mapping_history", json!({}));
    let versions: Vec<_> = history.iter().map(|v| v["version"].clone()).collect();
    assert_eq!(versions, [json!(3), json!(2), json!(1)]);
    assert_eq!(history[0]["note"], "Restored version 1");
}

#[test]
fn settings_save_keeps_valid_settings_and_refuses_an_invalid_one_whole() {
    let window = Window::open();
    let view: Value = window.call("settings_get", json!({}));
    assert_eq!(view["settings"]["schedule"]["kind"], "off");
    let mut settings = view["settings"].clone();
    settings["schedule"] = json!({ "kind": "every_minutes", "minutes": 15 });
    settings["notifications"] = json!(false);
    let saved: Value = window.call("settings_save", json!({ "settings": settings }));
    assert_eq!(saved["settings"], settings);
    let view: Value = window.call("settings_get", json!({}));
    assert_eq!(view["settings"], settings, "kept");

    let mut invalid = settings.clone();
    invalid["schedule"] = json!({ "kind": "every_minutes", "minutes": 2 });
    invalid["notifications"] = json!(true);
    let refused = window.refusal("settings_save", json!({ "settings": invalid }));
    assert_eq!(refused.code, ErrorCode::InvalidInput, "{}", refused.message);
    let view: Value = window.call("settings_get", json!({}));
    assert_eq!(
        view["settings"], settings,
        "nothing of the invalid save was kept"
    );
}

#[test]
fn config_export_writes_the_chosen_file_without_the_secret_and_config_import_reads_it_back() {
    let mut window = Window::open();
    window.connect(9106);
    let secret = window.company().credentials.client_secret.clone();
    let file = window.path("roster-configuration.json");

    window.answer_dialog(None);
    let cancelled: Value = window.call("config_export", json!({}));
    assert_eq!(cancelled, Value::Null);
    assert!(!file.exists(), "Cancel writes nothing");

    window.answer_dialog(Some(&file));
    let name: Value = window.call("config_export", json!({}));
    assert_eq!(name, "roster-configuration.json");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        !text.contains(&secret),
        "the configuration never holds the secret"
    );
    let mut config: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(config["format"], "roster-configuration");

    // The admin edits the file: a schedule, and an exclusion in the mapping.
    config["settings"]["schedule"] = json!({ "kind": "hourly" });
    let mut spec = window.call::<Value>("mapping_current", json!({}))["spec"].take();
    spec["exclusion"] = json!({ "source": "employmentInfo.customGroupB", "value": "Yes" });
    config["mapping"] = spec;
    std::fs::write(&file, config.to_string()).unwrap();
    window.answer_dialog(Some(&file));
    let imported: Value = window.call("config_import", json!({}));
    assert_eq!(
        imported["needs_secret"], false,
        "the same connection: {imported}"
    );
    assert!(imported["mapping_version"].is_number(), "{imported}");
    let view: Value = window.call("settings_get", json!({}));
    assert_eq!(view["settings"]["schedule"]["kind"], "hourly");
    let mapping: Value = window.call("mapping_current", json!({}));
    assert_eq!(mapping["version"], imported["mapping_version"]);
    assert_eq!(mapping["spec"]["exclusion"]["value"], "Yes");

    // A file that is not a configuration changes nothing.
    let bad = window.path("not-a-configuration.json");
    std::fs::write(&bad, r#"{"format":"something-else"}"#).unwrap();
    window.answer_dialog(Some(&bad));
    let refused = window.refusal("config_import", json!({}));
    assert_eq!(
        refused.code,
        ErrorCode::InvalidConfig,
        "{}",
        refused.message
    );
    let view: Value = window.call("settings_get", json!({}));
    assert_eq!(view["settings"]["schedule"]["kind"], "hourly");

    window.answer_dialog(None);
    let cancelled: Value = window.call("config_import", json!({}));
    assert_eq!(cancelled, Value::Null);
}

#[test]
fn export_directory_csv_writes_everyone_matching_the_filter_where_the_admin_chose() {
    let mut window = Window::open();
    window.connect(9107);
    window.first_import();
    let everyone = json!({ "search": null, "department": null, "location": null, "status": null, "offset": 0, "limit": 500 });
    let page: Value = window.call("directory_people", json!({ "query": everyone }));
    let total = page["total"].as_u64().unwrap();
    assert!(total > 0);

    let file = window.path("directory.csv");
    window.answer_dialog(Some(&file));
    let exported: Value = window.call("export_directory_csv", json!({ "query": everyone }));
    assert_eq!(exported["rows"].as_u64(), Some(total), "{exported}");
    assert_eq!(exported["path"], file.display().to_string());
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().starts_with("person_id,status,"));
    assert_eq!(lines.count() as u64, total, "one row a person");

    window.answer_dialog(None);
    let cancelled: Value = window.call("export_directory_csv", json!({ "query": everyone }));
    assert_eq!(cancelled, Value::Null);
}

#[test]
fn try_the_sandbox_company_then_read_and_map_its_fields() {
    let window = Window::open();
    let status: Value = window.call("start_sandbox", json!({}));
    assert_eq!(status["state"], "connected", "{status}");
    assert_eq!(status["profile"], "sandbox");
    let checked: Value = window.call("check_connection", json!({}));
    assert_eq!(checked["state"], "connected");
    assert!(checked["last_checked_at"].is_string());

    let catalog: Value = window.call(
        "mapping_catalog",
        json!({ "refresh": false, "onProgress": "__CHANNEL__:1" }),
    );
    assert_eq!(catalog["employees"], 250, "the sandbox company's people");
    assert!(catalog["fields"].as_array().unwrap().len() > 20);
    let idle: Value = window.call("mapping_cancel", json!({}));
    assert_eq!(idle, Value::Null, "nothing to cancel");
    let core: Vec<Value> = window.call("directory_fields", json!({}));
    assert!(core.iter().any(|f| f["name"] == "employee_id"));

    let spec = window.call::<Value>("mapping_current", json!({}))["spec"].take();
    let preview: Value = window.call("mapping_preview", json!({ "spec": spec, "count": 5 }));
    assert_eq!(preview["rows"].as_array().unwrap().len(), 5);
    let check: Value = window.call("mapping_check", json!({ "spec": spec }));
    assert_eq!(
        check["errors"],
        json!([]),
        "the default mapping has no errors"
    );

    let advanced: Value = window.call("sandbox_advance", json!({ "days": 7 }));
    assert_eq!(advanced["days"], 7);
    assert!(
        advanced["changes"].as_u64().unwrap() > 0,
        "a week brings changes"
    );
}

#[test]
fn history_directory_and_their_exports_after_a_week_of_changes() {
    let mut window = Window::open();
    window.connect(9108);
    let baseline = window.first_import();
    window.company().sandbox.advance(7).unwrap();
    let import = window.preview();
    let id = import["import_id"].clone();
    let applied: Value = window.call(
        "review_approve",
        json!({ "importId": id, "confirmGuardrail": true }),
    );
    assert_eq!(applied["summary"]["outcome"], "applied");

    let charts: Value = window.call("history_charts", json!({}));
    assert_eq!(
        charts["baseline"]["import_id"],
        baseline["summary"]["import_id"]
    );
    let last = charts["headcount"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["import_id"], id);
    assert_eq!(last["headcount"], applied["summary"]["headcount"]);

    let all_events = json!({ "kind": null, "department": null, "location": null, "from": null, "to": null, "offset": 0, "limit": 500 });
    let events: Value = window.call("history_events", json!({ "query": all_events }));
    let total = events["total"].as_u64().unwrap();
    assert!(total > 0, "a week has joiners, leavers and moves: {events}");
    let event = events["events"][0].clone();
    assert_eq!(event["import_id"], id, "events start after the baseline");
    let person: Value = window.call("person_timeline", json!({ "personId": event["person_id"] }));
    assert_eq!(person["person"]["person_id"], event["person_id"]);
    assert!(person["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["event_id"] == event["event_id"]));
    assert_eq!(
        window
            .refusal("person_timeline", json!({ "personId": 999_999 }))
            .code,
        ErrorCode::NoSuchPerson
    );

    let facets: Value = window.call("directory_facets", json!({}));
    let everyone = json!({ "search": null, "department": null, "location": null, "status": null, "offset": 0, "limit": 1 });
    let page: Value = window.call("directory_people", json!({ "query": everyone }));
    assert_eq!(facets["total"], page["total"]);

    let changes_file = window.path("import.csv");
    window.answer_dialog(Some(&changes_file));
    let exported: Value = window.call("export_import_csv", json!({ "importId": id }));
    assert!(exported["rows"].as_u64().unwrap() > 0, "{exported}");
    let text = std::fs::read_to_string(&changes_file).unwrap();
    assert!(text.starts_with("import,planned_on,kind,"), "{text}");
    let events_file = window.path("events.csv");
    window.answer_dialog(Some(&events_file));
    let exported: Value = window.call("export_events_csv", json!({ "query": all_events }));
    assert_eq!(exported["rows"].as_u64(), Some(total));
    let text = std::fs::read_to_string(&events_file).unwrap();
    assert_eq!(
        text.lines().count() as u64,
        total + 1,
        "a header and one row an event"
    );
}

/// The sandbox's identity directory as a target, its rules, a push
/// previewed, rejected, previewed again and applied with receipts over
/// HTTP, the reconciliation report, and both CSV exports.
#[test]
fn provisioning_pushes_the_sandbox_company_to_its_identity_directory() {
    let window = Window::open();
    let refused = window.refusal("target_use_sandbox", json!({}));
    assert_eq!(refused.code, ErrorCode::InvalidInput, "{}", refused.message);
    let status: Value = window.call("start_sandbox", json!({}));
    assert_eq!(status["profile"], "sandbox");
    window.first_import();

    let target: Value = window.call("target_use_sandbox", json!({}));
    assert_eq!(target["name"], "Sandbox directory");
    assert_eq!(target["has_token"], true);
    assert_eq!(target["capabilities"]["patch"], true, "{target}");
    let tested: Value = window.call("target_test", json!({ "name": "Sandbox directory" }));
    assert!(tested["checked_at"].is_string());
    let targets: Vec<Value> = window.call("target_list", json!({}));
    assert_eq!(targets.len(), 1);
    let name = json!({ "name": "Sandbox directory" });
    let target_arg = json!({ "target": "Sandbox directory" });

    let mut settings: Value = window.call("target_settings", name.clone());
    assert_eq!(settings["attributes"][0]["attribute"], "userName");
    let mut broken = settings.clone();
    broken["attributes"].as_array_mut().unwrap().remove(0);
    let refused = window.refusal(
        "target_settings_save",
        json!({ "name": "Sandbox directory", "settings": broken }),
    );
    assert_eq!(refused.code, ErrorCode::InvalidInput);
    assert!(refused.message.contains("userName"), "{}", refused.message);
    settings["groups"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "kind": "fixed", "name": "Roster users" }));
    // A fixed group that looks like another is flagged while editing.
    let mut draft = settings.clone();
    draft["groups"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "kind": "fixed", "name": "roster  Users" }));
    let check: Value = window.call(
        "target_rules_check",
        json!({ "name": "Sandbox directory", "settings": draft }),
    );
    assert_eq!(
        check["group_look_alikes"],
        json!([["Roster users", "roster  Users"]]),
        "{check}"
    );
    assert!(check["group_count"].as_u64().unwrap() > 3, "{check}");
    let saved: Value = window.call(
        "target_settings_save",
        json!({ "name": "Sandbox directory", "settings": settings }),
    );
    assert_eq!(saved, settings);

    let idle: Value = window.call("push_cancel", json!({}));
    assert_eq!(idle, Value::Null, "nothing to cancel");
    let first: Value = window.call("push_preview", target_arg.clone());
    let creates = first["plan"]["counts"]["create"].as_u64().unwrap();
    assert!(
        creates > 200,
        "the company's current people: {}",
        first["plan"]["counts"]
    );
    assert_eq!(
        first["plan"]["counts"]["needs_attention"], 1,
        "the seeded look-alike"
    );
    assert_eq!(
        first["plan"]["counts"]["orphans"], 1,
        "the seeded contractor"
    );
    let open: Value = window.call("push_open", target_arg.clone());
    assert_eq!(open["push_id"], first["push_id"]);
    let plan_file = window.path("push.csv");
    window.answer_dialog(Some(&plan_file));
    let exported: Value = window.call("export_push_csv", json!({ "pushId": first["push_id"] }));
    assert!(exported["rows"].as_u64().unwrap() >= creates, "{exported}");
    assert!(std::fs::read_to_string(&plan_file)
        .unwrap()
        .starts_with("kind,user_name,external_id,"));
    let _: Value = window.call("push_reject", target_arg.clone());
    let none: Value = window.call("push_open", target_arg.clone());
    assert_eq!(none, Value::Null, "a rejected push is no longer open");

    let second: Value = window.call("push_preview", target_arg.clone());
    let applied: Value = window.call(
        "push_apply",
        json!({ "target": "Sandbox directory", "confirmGuardrail": false }),
    );
    assert_eq!(applied["push_id"], second["push_id"]);
    assert_eq!(applied["state"], "applied", "{}", applied["failed"]);
    assert!(applied["succeeded"].as_u64().unwrap() >= creates);
    let nothing_failed = window.refusal("push_retry", target_arg.clone());
    assert_eq!(
        nothing_failed.code,
        ErrorCode::NoOpenPush,
        "{}",
        nothing_failed.message
    );
    let pushes: Vec<Value> = window.call("push_history", target_arg.clone());
    let states: Vec<&Value> = pushes.iter().map(|p| &p["state"]).collect();
    assert_eq!(states, [&json!("applied"), &json!("rejected")]);
    assert_eq!(
        pushes[0]["receipts"].as_array().unwrap().len(),
        applied["receipts"].as_array().unwrap().len()
    );

    // History lists every push with who sent it; one opens with its receipts.
    let page: Value = window.call("history_pushes", json!({ "query": {} }));
    assert_eq!(page["total"], 2, "{page}");
    assert_eq!(page["pushes"][0]["trigger"], "window");
    assert_eq!(page["pushes"][0]["target"], "Sandbox directory");
    let detail: Value = window.call("history_push", json!({ "pushId": applied["push_id"] }));
    assert_eq!(detail["summary"]["state"], "applied");
    assert_eq!(
        detail["receipts"].as_array().unwrap().len(),
        applied["receipts"].as_array().unwrap().len()
    );
    let missing = window.refusal("history_push", json!({ "pushId": 999 }));
    assert_eq!(missing.code, ErrorCode::NoSuchPush, "{}", missing.message);

    let run: Value = window.call("reconcile_report", target_arg.clone());
    let report = &run["report"];
    let missing = report["missing"].as_array().unwrap();
    assert!(
        missing.len() <= 1,
        "only the held look-alike lacks an account: {missing:?}"
    );
    assert_eq!(report["orphans"].as_array().unwrap().len(), 1);
    assert_eq!(run["summary"]["run_by"], "window");
    assert_eq!(run["summary"]["orphans"], 1);

    // The run is kept in History, whole, and exported from there.
    let id = run["summary"]["reconciliation_id"].clone();
    let page: Value = window.call("history_reconciliations", json!({ "query": {} }));
    assert_eq!(page["total"], 1, "{page}");
    assert_eq!(page["reconciliations"][0]["target"], "Sandbox directory");
    assert_eq!(page["reconciliations"][0]["trigger"], "window");
    let stored: Value = window.call(
        "history_reconciliation",
        json!({ "reconciliationId": id.clone() }),
    );
    assert_eq!(
        &stored["report"], report,
        "History shows what the run found"
    );
    let missing = window.refusal("history_reconciliation", json!({ "reconciliationId": 999 }));
    assert_eq!(missing.code, ErrorCode::NoSuchReconciliation);
    let report_file = window.path("reconcile.csv");
    window.answer_dialog(Some(&report_file));
    let by_id = json!({ "reconciliationId": id });
    let exported: Value = window.call("export_reconcile_csv", by_id.clone());
    assert!(exported["rows"].as_u64().unwrap() >= 1);
    let written = std::fs::read_to_string(&report_file).unwrap();
    assert!(written.contains("j.doe.contractor"));
    assert!(
        written.contains("Sandbox directory"),
        "each row names the target"
    );
    window.answer_dialog(None);
    let cancelled: Value = window.call("export_reconcile_csv", by_id);
    assert_eq!(cancelled, Value::Null);
}

/// Auto-push from the window: a target with it on gets the approved
/// import's safe changes in the background once an admin has sent a push
/// with the target's rules (the first one waits for them), the window is
/// told what went or waits, and History lists the push as sent
/// automatically after the import.
#[test]
fn approving_an_import_auto_pushes_to_a_target_with_auto_push_on() {
    let window = Window::open();
    let _: Value = window.call("start_sandbox", json!({}));
    let _: Value = window.call("target_use_sandbox", json!({}));
    let name = json!({ "name": "Sandbox directory" });
    let mut settings: Value = window.call("target_settings", name);
    assert_eq!(settings["auto_push"], false, "off by default");
    settings["auto_push"] = json!(true);
    let _: Value = window.call(
        "target_settings_save",
        json!({ "name": "Sandbox directory", "settings": settings }),
    );
    // The window is told what auto-push did (the `auto-push` app event).
    let (told, heard) = std::sync::mpsc::channel::<Value>();
    {
        use tauri::Listener;
        window
            .app
            .listen(crate::app::surface::AUTO_PUSH_EVENT, move |event| {
                let _ = told.send(serde_json::from_str(event.payload()).unwrap());
            });
    }
    // The first push with these rules waits for an admin, and the window
    // says so.
    window.first_import();
    let wait = std::time::Duration::from_secs(60);
    let held = heard.recv_timeout(wait).expect("an auto-push notice");
    assert_eq!(held["target"], "Sandbox directory");
    assert_eq!(held["push_id"], Value::Null, "nothing sent: {held}");
    assert!(held["waiting"].as_u64().unwrap() > 200, "{held}");
    assert!(held["reasons"].to_string().contains("reviewed"), "{held}");
    let reviewed: Value = window.call(
        "push_apply",
        json!({ "target": "Sandbox directory", "confirmGuardrail": false }),
    );
    assert_eq!(reviewed["push_id"], held["review_push_id"]);

    // From then on a week's joiners and movers go on their own.
    let _: Value = window.call("sandbox_advance", json!({ "days": 7 }));
    window.first_import();
    let notice = heard.recv_timeout(wait).expect("an auto-push notice");
    assert_eq!(notice["target"], "Sandbox directory");
    assert_eq!(notice["failed"], 0);
    assert_eq!(notice["error"], Value::Null);
    assert!(notice["succeeded"].as_u64().unwrap() > 0, "{notice}");
    let started = std::time::Instant::now();
    let sent = loop {
        let page: Value = window.call("history_pushes", json!({ "query": {} }));
        let done = page["pushes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["state"] == "applied" && p["trigger"] == "automatic")
            .cloned();
        if let Some(push) = done {
            break push;
        }
        assert!(started.elapsed() < wait, "no automatic push: {page}");
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    assert_eq!(sent["push_id"], notice["push_id"]);
    assert_eq!(sent["decided_by"], "automatic:import");
    assert_eq!(sent["failed"], 0);
}

/// A target added by hand: a refused token is said so, the token is in
/// no reply, and removing the target forgets it.
#[test]
fn target_add_keeps_the_token_out_of_replies_and_target_remove_forgets_it() {
    let window = Window::open();
    let _: Value = window.call("start_sandbox", json!({}));
    let sandbox: Value = window.call("target_use_sandbox", json!({}));
    let url = sandbox["base_url"].as_str().unwrap().to_string();
    let token = "not-the-token-7a1c";
    let form = json!({ "name": "Second", "base_url": url, "token": token });
    let refused = window.refusal("target_add", json!({ "form": form }));
    assert_eq!(
        refused.code,
        ErrorCode::TargetTokenRefused,
        "{}",
        refused.message
    );
    assert!(!refused.message.contains(token));
    let targets: Value = window.call("target_list", json!({}));
    assert!(!targets.to_string().contains(token), "{targets}");
    assert_eq!(
        targets.as_array().unwrap().len(),
        2,
        "kept though its test failed"
    );
    let _: Value = window.call("target_remove", json!({ "name": "Second" }));
    let targets: Vec<Value> = window.call("target_list", json!({}));
    assert_eq!(targets.len(), 1);
    let refused = window.refusal("target_remove", json!({ "name": "Second" }));
    assert_eq!(refused.code, ErrorCode::NoSuchTarget);
}
