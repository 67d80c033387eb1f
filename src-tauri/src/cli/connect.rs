//! `roster connect`, `roster status`, `roster revoke`: the Connect step for
//! scripts and headless servers, through the same calls as the window. On a
//! machine without a keyring, `connect --database-key-file` makes the file
//! that holds the database key.

use std::io::{IsTerminal, Read};

use crate::connection::{self, ConnectForm, SECRET_ENV};
use crate::operations::connection::{status_of, ConnectionState};
use crate::operations::{ErrorCode, Failure};
use crate::paths::Profile;
use crate::store::key;
use crate::trinet::CancelToken;
use crate::vault::Sensitive;

use super::{exit, Workspace};

fn fail(e: impl Into<Failure>) -> i32 {
    let e = e.into();
    eprintln!("roster: {}", e.message);
    match e.code {
        // The machine, not the credentials: no keyring, no usable key file.
        ErrorCode::KeyringUnavailable
        | ErrorCode::DatabaseKeyMissing
        | ErrorCode::DatabaseKeyWrong
        | ErrorCode::DatabaseTooNew => exit::ENVIRONMENT,
        _ => exit::FAILED,
    }
}

/// The secret from ROSTER_CLIENT_SECRET, else piped standard input.
fn read_secret() -> Result<(Sensitive<String>, bool), String> {
    if let Some(s) = connection::secret_from_env() {
        return Ok((s, true));
    }
    Ok((piped_secret("client secret", SECRET_ENV)?, false))
}

/// A secret piped on standard input (`env` names the other way to give it).
pub(super) fn piped_secret(what: &str, env: &str) -> Result<Sensitive<String>, String> {
    let mut stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(format!(
            "no {what} given. Pipe it on standard input (e.g. from a password manager) or set \
             {env}; it is never accepted as an argument, so it stays out of shell history."
        ));
    }
    let mut text = String::new();
    stdin
        .read_to_string(&mut text)
        .map_err(|e| format!("could not read the {what} from standard input: {e}"))?;
    // One trailing line break is how `echo` and most tools end a line.
    let text = text
        .strip_suffix('\n')
        .map(|t| t.strip_suffix('\r').unwrap_or(t))
        .unwrap_or(&text);
    Ok(Sensitive::new(text.to_string()))
}

pub fn connect(ws: Workspace, company: String, client_id: String, base_url: Option<String>) -> i32 {
    let (secret, from_env) = match read_secret() {
        Ok(s) => s,
        Err(msg) => {
            eprintln!("roster: {msg}");
            return exit::ENVIRONMENT;
        }
    };
    let form = ConnectForm {
        company_id: company,
        client_id,
        client_secret: secret,
        base_url,
    };
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let (valid, verified) = match runtime.block_on(connection::verify(&form, &CancelToken::new())) {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    if let Some(file) = ws.data_dir.key_file() {
        let database = ws.data_dir.profile(ws.profile).database();
        match key::create_file_if_missing(&database, file) {
            Ok(true) => println!(
                "Database key saved in {} (readable by you only). Keep a copy somewhere safe: \
                 the database cannot be opened without it.",
                file.display()
            ),
            Ok(false) => {}
            Err(e) => return fail(e),
        }
    }
    let state = ws.open();
    let is_sandbox = state.profile() == Profile::Sandbox;
    let store = match state.store() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let saved = connection::save(
        &store,
        &valid,
        &verified,
        is_sandbox,
        chrono::Utc::now(),
        from_env,
    );
    if let Err(e) = saved {
        return fail(e);
    }
    println!(
        "Connected to {} ({}). Scopes: {}.",
        verified
            .company_name
            .as_deref()
            .or(verified.legal_name.as_deref())
            .unwrap_or(&verified.company_id),
        verified.company_id,
        if verified.scopes.is_empty() {
            "none reported".to_string()
        } else {
            verified.scopes.join(", ")
        }
    );
    0
}

pub fn status(ws: Workspace, json: bool) -> i32 {
    let state = ws.open_quiet();
    let row = match state
        .store()
        .and_then(|s| s.connection().map_err(Failure::from))
    {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let status = status_of(state.profile(), row);
    if json {
        println!(
            "{}",
            serde_json::to_string(&status).expect("status serialises")
        );
        return 0;
    }
    let name = status
        .company_name
        .clone()
        .or(status.company_id.clone())
        .unwrap_or_default();
    let sandbox = if status.profile == Profile::Sandbox {
        " [sandbox]"
    } else {
        ""
    };
    match status.state {
        ConnectionState::NotConnected => println!("Not connected{sandbox}"),
        ConnectionState::Connected => println!("Connected: {name}{sandbox}"),
        ConnectionState::NeedsAttention => println!(
            "Needs attention: {name}{sandbox}: {}",
            status
                .problem
                .as_ref()
                .map(|p| p.message.as_str())
                .unwrap_or_default()
        ),
    }
    if let Some(id) = &status.company_id {
        println!("Company ID:     {id}");
    }
    if let Some(url) = &status.base_url {
        println!("API base URL:   {url}");
    }
    if let Some(at) = &status.last_verified_at {
        println!("Last verified:  {at}");
    }
    0
}

pub fn revoke(ws: Workspace, erase_data: bool) -> i32 {
    let state = ws.open();
    let store = match state.store() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    if let Err(e) = connection::revoke(&store, erase_data) {
        return fail(e);
    }
    // Revoke stops any schedule.
    if let Err(e) = crate::sync::settings::stop_schedule(&store, chrono::Utc::now()) {
        return fail(e);
    }
    drop(store);
    if state.profile() == Profile::Sandbox {
        if let Err(e) = state.switch_profile(Profile::Company) {
            return fail(e);
        }
    }
    println!(
        "Revoked: the client secret and connection settings are removed{}.",
        if erase_data {
            ", and the local directory and history are erased"
        } else {
            "; history is kept"
        }
    );
    0
}
