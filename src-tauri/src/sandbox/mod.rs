//! The embedded TriNet sandbox: a TriNet-compatible HTTP server on loopback
//! over a seeded synthetic company that can be moved forward in time and told
//! to misbehave, so Roster runs (and is tested) without a TriNet account.

mod churn;

mod company;
mod faults;
mod feed;
#[cfg(test)]
mod http_tests;
pub mod identity;
mod names;
mod server;
mod week;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use crate::rng::Rng;
pub use churn::{Change, ChangeSummary, ChurnRates};
pub use company::{employee_id, BadRecord, Company, Employee, MAX_EMPLOYEES};
pub use faults::{Faults, FaultsPatch};
pub use server::{app, PAGE_SIZE};
pub use week::ChangeKind;

/// Most days one `advance` call may move the company.
pub const MAX_ADVANCE_DAYS: u32 = 3660;

/// Scopes every sandbox token is granted.
pub const SCOPES: &str = "basic-read read hr-admin-read hr-personal-read hr-pay-read";

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("The sandbox needs between 1 and {max} employees; {asked} were asked for.")]
    EmployeeCount { asked: usize, max: usize },
    #[error("The sandbox could not listen on 127.0.0.1:{port}: {source}. Pick another port or use 0 for any free one.")]
    Bind { port: u16, source: std::io::Error },
    #[error("The sandbox could not save its state to {path}: {source}")]
    SaveState {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("The sandbox could not start its runtime: {0}")]
    Runtime(std::io::Error),
}

/// How to build and serve the sandbox company.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub employees: usize,
    pub seed: u64,
    /// 0 picks a free port.
    pub port: u16,
    /// Where advances and fault settings persist; `None` keeps them in memory.
    pub state_file: Option<PathBuf>,
    /// The company's "today" before any advance.
    pub start_date: NaiveDate,
    pub rates: ChurnRates,
    /// Faults in force at start and after a reset.
    pub faults: Faults,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            employees: 250,
            seed: 42,
            port: 0,
            state_file: None,
            start_date: NaiveDate::from_ymd_opt(2026, 1, 5).expect("valid date"),
            rates: ChurnRates::default(),
            faults: Faults::default(),
        }
    }
}

/// What a user types into Connect to reach the sandbox. Derived from the
/// seed, so they survive restarts.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct SandboxCredentials {
    pub company_id: String,
    pub client_id: String,
    pub client_secret: String,
}

impl std::fmt::Debug for SandboxCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxCredentials")
            .field("company_id", &self.company_id)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .finish()
    }
}

impl SandboxCredentials {
    pub fn for_seed(seed: u64, company_id: &str) -> Self {
        let mut rng = Rng::derive(seed, 0xC0DE);
        Self {
            company_id: company_id.to_string(),
            client_id: rng.alphanumeric(32),
            client_secret: rng.alphanumeric(32),
        }
    }
}

/// The system clock, or a test's.
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// `GET /_sandbox/state`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SandboxState {
    pub company_id: String,
    pub company_name: String,
    pub date: NaiveDate,
    pub start_date: NaiveDate,
    pub seed: u64,
    pub days_advanced: u32,
    /// Records the employees endpoint returns.
    pub employees: usize,
    pub active: usize,
    pub on_leave: usize,
    pub pending_start: usize,
    pub former: usize,
    pub faults: Faults,
}

/// `POST /_sandbox/advance`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdvanceReport {
    pub date: NaiveDate,
    pub days: u32,
    pub days_advanced: u32,
    pub employees: usize,
    pub counts: std::collections::BTreeMap<ChangeKind, usize>,
    pub changes: Vec<Change>,
}

/// What is persisted: enough to rebuild the company exactly by replaying
/// `days_advanced` days from the seed. (A newer generator replays to a
/// different company; bump `SAVED_FORMAT` when that matters.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct SavedState {
    format: u32,
    seed: u64,
    employees: usize,
    start_date: NaiveDate,
    rates: ChurnRates,
    days_advanced: u32,
    faults: Faults,
    /// Last port served on, reused when the config asks for any port, so a
    /// saved connection URL keeps working across restarts.
    #[serde(default)]
    port: Option<u16>,
    /// The identity directory's Users and Groups (absent in files written
    /// before it existed: the directory starts as seeded).
    #[serde(default)]
    identity: Option<identity::Directory>,
}

const SAVED_FORMAT: u32 = 2;

/// The company and how far it has been advanced. Read by every page
/// request at once; written only by advance and reset.
struct Timeline {
    company: Company,
    days_advanced: u32,
    /// The employees endpoint's list (visible employees, of one status if
    /// asked), as indexes into `company.employees`: built by the first page
    /// request after a change, so each page is a slice of it instead of a
    /// walk of the whole company. Emptied by advance and reset.
    listed: Mutex<Option<Listed>>,
}

/// The status a list was made for, and the list.
type Listed = (Option<char>, Arc<Vec<u32>>);

/// Per-request gateway state: faults, their dice, and issued tokens.
struct Gateway {
    faults: Faults,
    fault_rng: Rng,
    token_rng: Rng,
    /// token → (expiry, granted scopes)
    tokens: HashMap<String, (SystemTime, String)>,
}

pub(crate) enum TokenCheck {
    /// Valid, with the space-separated scopes it was granted.
    Valid(String),
    Expired,
    Unknown,
}

/// A running (or ready-to-serve) sandbox: the company, faults and tokens.
/// Cheap to share; the router holds one.
pub struct Sandbox {
    config: SandboxConfig,
    credentials: SandboxCredentials,
    clock: Clock,
    timeline: RwLock<Timeline>,
    gateway: Mutex<Gateway>,
    /// Serialises state-file writes (they share one temp file).
    saving: Mutex<()>,
    /// Port being served on (or last served on, from the state file).
    port: Mutex<Option<u16>>,
    /// The SCIM identity directory served under `/scim/v2`.
    identity: Mutex<identity::Directory>,
    /// Fixed per seed: the directory's bearer token.
    scim_token: String,
    /// A directory write not yet in the state file.
    identity_unsaved: AtomicBool,
    /// Wakes the saver that writes the directory (see [`serve`]).
    identity_writes: tokio::sync::Notify,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("company_id", &self.credentials.company_id)
            .field("state_file", &self.config.state_file)
            .finish_non_exhaustive()
    }
}

fn system_clock() -> Clock {
    Arc::new(SystemTime::now)
}

fn replay(config: &SandboxConfig, days: u32) -> Company {
    let mut c = Company::generate(config.seed, config.employees, config.start_date);
    c.advance(days, &config.rates);
    c
}

impl Sandbox {
    /// Builds the company, resuming from `config.state_file` when it was
    /// written for the same seed, size, start date and rates.
    pub fn new(config: SandboxConfig) -> Result<Self, SandboxError> {
        Self::with_clock(config, system_clock())
    }

    pub fn with_clock(config: SandboxConfig, clock: Clock) -> Result<Self, SandboxError> {
        if config.employees == 0 || config.employees > MAX_EMPLOYEES {
            return Err(SandboxError::EmployeeCount {
                asked: config.employees,
                max: MAX_EMPLOYEES,
            });
        }
        let on_disk = config.state_file.as_deref().and_then(load_state);
        let last_port = on_disk.as_ref().and_then(|s| s.port);
        let saved = on_disk.filter(|s| {
            s.format == SAVED_FORMAT
                && s.seed == config.seed
                && s.employees == config.employees
                && s.start_date == config.start_date
                && s.rates == config.rates
        });
        let (days, faults, directory) = match saved {
            Some(s) => {
                tracing::info!(
                    days_advanced = s.days_advanced,
                    "sandbox resumes from its state file"
                );
                (s.days_advanced, s.faults, s.identity)
            }
            None => (0, config.faults.clone(), None),
        };
        let company = replay(&config, days);
        let directory =
            directory.unwrap_or_else(|| identity::seeded(config.seed, &company, clock()));
        let nanos = clock()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos() as u64;
        let timeline = Timeline {
            company,
            days_advanced: days,
            listed: Mutex::new(None),
        };
        let gateway = Gateway {
            faults,
            fault_rng: Rng::derive(config.seed, 0xFA17),
            // Tokens differ per process so a restart invalidates old ones.
            token_rng: Rng::derive(config.seed ^ nanos, 0x70CE),
            tokens: HashMap::new(),
        };
        let credentials = SandboxCredentials::for_seed(config.seed, &timeline.company.company_id);
        let scim_token = identity::token_for_seed(config.seed);
        let sandbox = Self {
            config,
            credentials,
            clock,
            timeline: RwLock::new(timeline),
            gateway: Mutex::new(gateway),
            saving: Mutex::new(()),
            port: Mutex::new(last_port),
            identity: Mutex::new(directory),
            scim_token,
            identity_unsaved: AtomicBool::new(false),
            identity_writes: tokio::sync::Notify::new(),
        };
        sandbox.save()?;
        Ok(sandbox)
    }

    fn timeline(&self) -> RwLockReadGuard<'_, Timeline> {
        self.timeline.read().unwrap_or_else(|e| e.into_inner())
    }

    fn timeline_mut(&self) -> RwLockWriteGuard<'_, Timeline> {
        self.timeline.write().unwrap_or_else(|e| e.into_inner())
    }

    fn gateway(&self) -> MutexGuard<'_, Gateway> {
        self.gateway.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn identity(&self) -> MutexGuard<'_, identity::Directory> {
        self.identity.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the identity directory as it is now.
    pub fn with_identity<T>(&self, f: impl FnOnce(&identity::Directory) -> T) -> T {
        f(&self.identity())
    }

    /// Runs a write on the identity directory and has the saver store it.
    pub(crate) fn with_identity_mut<T>(&self, f: impl FnOnce(&mut identity::Directory) -> T) -> T {
        let out = f(&mut self.identity());
        self.identity_unsaved.store(true, Ordering::SeqCst);
        self.identity_writes.notify_one();
        out
    }

    /// The identity directory's bearer token (derived from the seed).
    pub fn scim_token(&self) -> &str {
        &self.scim_token
    }

    pub(crate) fn now(&self) -> SystemTime {
        (self.clock)()
    }

    pub fn credentials(&self) -> &SandboxCredentials {
        &self.credentials
    }

    pub fn config(&self) -> &SandboxConfig {
        &self.config
    }

    /// Runs `f` on the company as it is now.
    pub fn with_company<T>(&self, f: impl FnOnce(&Company) -> T) -> T {
        f(&self.timeline().company)
    }

    /// Runs `f` on the company as it is now and the employees its
    /// employees endpoint lists (visible ones, with `status` only if set),
    /// in order, as indexes into `Company::employees`.
    pub(crate) fn with_listed<T>(
        &self,
        status: Option<char>,
        f: impl FnOnce(&Company, &[u32]) -> T,
    ) -> T {
        let t = self.timeline();
        let listed = {
            let mut cached = t.listed.lock().unwrap_or_else(|e| e.into_inner());
            match &*cached {
                Some((s, list)) if *s == status => list.clone(),
                _ => {
                    let list: Arc<Vec<u32>> = Arc::new(
                        t.company
                            .visible()
                            .filter(|e| status.is_none_or(|st| e.status == st))
                            .map(|e| e.number as u32)
                            .collect(),
                    );
                    *cached = Some((status, list.clone()));
                    list
                }
            }
        };
        f(&t.company, &listed)
    }

    pub fn state(&self) -> SandboxState {
        let faults = self.gateway().faults.clone();
        let w = self.timeline();
        let c = &w.company;
        let (mut active, mut on_leave, mut pending, mut former, mut total) = (0, 0, 0, 0, 0);
        for e in c.visible() {
            total += 1;
            if e.is_former() {
                former += 1;
            } else if e.on_leave() {
                on_leave += 1;
            } else if e.service_date > c.today {
                pending += 1;
            } else {
                active += 1;
            }
        }
        SandboxState {
            company_id: c.company_id.clone(),
            company_name: c.company_name.clone(),
            date: c.today,
            start_date: c.start_date,
            seed: c.seed,
            days_advanced: w.days_advanced,
            employees: total,
            active,
            on_leave,
            pending_start: pending,
            former,
            faults,
        }
    }

    /// Moves the company forward and saves the new state.
    pub fn advance(&self, days: u32) -> Result<AdvanceReport, SandboxError> {
        let report = {
            let mut w = self.timeline_mut();
            let summary = w.company.advance(days, &self.config.rates);
            w.days_advanced += days;
            *w.listed.get_mut().unwrap_or_else(|e| e.into_inner()) = None;
            AdvanceReport {
                date: w.company.today,
                days,
                days_advanced: w.days_advanced,
                employees: w.company.visible_count(),
                counts: summary.counts,
                changes: summary.changes,
            }
        };
        tracing::info!(days, date = %report.date, "sandbox advanced");
        self.save()?;
        Ok(report)
    }

    pub fn set_faults(&self, patch: FaultsPatch) -> Result<Faults, SandboxError> {
        let faults = {
            let mut w = self.gateway();
            w.faults.apply(patch);
            w.faults.clone()
        };
        tracing::info!(?faults, "sandbox faults changed");
        self.save()?;
        Ok(faults)
    }

    /// Back to the freshly generated company, the configured faults and
    /// the identity directory as seeded.
    pub fn reset(&self) -> Result<SandboxState, SandboxError> {
        let company = replay(&self.config, 0);
        *self.identity() = identity::seeded(self.config.seed, &company, self.now());
        {
            let mut t = self.timeline_mut();
            t.company = company;
            t.days_advanced = 0;
            *t.listed.get_mut().unwrap_or_else(|e| e.into_inner()) = None;
        }
        {
            let mut g = self.gateway();
            g.faults = self.config.faults.clone();
            g.fault_rng = Rng::derive(self.config.seed, 0xFA17);
        }
        tracing::info!("sandbox reset");
        self.save()?;
        Ok(self.state())
    }

    fn save(&self) -> Result<(), SandboxError> {
        let Some(path) = &self.config.state_file else {
            return Ok(());
        };
        let _one_writer = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let days_advanced = self.timeline().days_advanced;
        let port = *self.port.lock().unwrap_or_else(|e| e.into_inner());
        let faults = self.gateway().faults.clone();
        self.identity_unsaved.store(false, Ordering::SeqCst);
        let identity = Some(self.identity().clone());
        let saved = {
            SavedState {
                format: SAVED_FORMAT,
                seed: self.config.seed,
                employees: self.config.employees,
                start_date: self.config.start_date,
                rates: self.config.rates.clone(),
                days_advanced,
                faults,
                port,
                identity,
            }
        };
        write_atomically(
            path,
            &serde_json::to_vec_pretty(&saved).expect("state serialises"),
        )
        .map_err(|source| SandboxError::SaveState {
            path: path.clone(),
            source,
        })
    }

    pub(crate) fn request_id(&self) -> String {
        let mut w = self.gateway();
        let a = w.fault_rng.next_u64();
        let b = w.fault_rng.next_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            b >> 52,
            b & 0xffff_ffff_ffff
        )
    }

    /// The fault settings in force now.
    pub fn faults(&self) -> Faults {
        self.gateway().faults.clone()
    }

    pub(crate) fn latency_ms(&self) -> u64 {
        self.gateway().faults.latency_ms
    }

    pub(crate) fn draw_fault(&self) -> Option<faults::Injected> {
        let mut w = self.gateway();
        let f = w.faults.clone();
        f.draw(&mut w.fault_rng)
    }

    /// `Retry-After` seconds for a 429 when a test named the page at
    /// `offset` in `rate_limit_offsets` (once per naming).
    pub(crate) fn draw_offset_limit(&self, offset: usize) -> Option<u64> {
        let mut w = self.gateway();
        let named = &mut w.faults.rate_limit_offsets;
        let at = named.iter().position(|&o| o == offset as u64)?;
        named.remove(at);
        Some(w.faults.retry_after_secs)
    }

    /// `Some(true)`: employeeData not a list; `Some(false)`: truncated body.
    pub(crate) fn draw_malformed(&self) -> Option<bool> {
        let mut w = self.gateway();
        let p = w.faults.malformed_page_probability;
        if w.fault_rng.chance(p) {
            Some(w.fault_rng.chance(0.5))
        } else {
            None
        }
    }

    pub(crate) fn covers_company(&self, company: &str) -> bool {
        company == self.credentials.company_id
    }

    /// The Apigee token body, or `None` for wrong credentials.
    pub(crate) fn issue_token(&self, client_id: &str, secret: &str) -> Option<serde_json::Value> {
        if client_id != self.credentials.client_id || secret != self.credentials.client_secret {
            tracing::info!("sandbox refused a token request with wrong credentials");
            return None;
        }
        let now = (self.clock)();
        let mut w = self.gateway();
        let token = w.token_rng.alphanumeric(28);
        let lifetime = w.faults.token_lifetime_secs;
        let scopes = w.faults.scopes.clone();
        let as_numbers = w.faults.token_numbers_as_numbers;
        if w.tokens.len() > 10_000 {
            w.tokens
                .retain(|_, (exp, _)| *exp + Duration::from_secs(3600) > now);
        }
        w.tokens.insert(
            token.clone(),
            (now + Duration::from_secs(lifetime), scopes.clone()),
        );
        let issued_ms = now
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis();
        let mut body = serde_json::json!({
            "refresh_token_expires_in": "0",
            "api_product_list": "[trinet-product]",
            "api_product_list_json": ["trinet-product"],
            "organization_name": "trinetapi",
            "developer.email": "sandbox@roster.invalid",
            "token_type": "BearerToken",
            "issued_at": issued_ms.to_string(),
            "client_id": client_id,
            "access_token": token,
            "application_name": "5b1c7c2e-0000-4000-8000-526f73746572",
            "scope": scopes,
            "expires_in": lifetime.to_string(),
            "refresh_count": "0",
            "status": "approved",
        });
        if as_numbers {
            body["expires_in"] = lifetime.into();
            body["issued_at"] = (issued_ms as u64).into();
        }
        Some(body)
    }

    pub(crate) fn check_token(&self, token: &str) -> TokenCheck {
        let now = (self.clock)();
        match self.gateway().tokens.get(token) {
            None => TokenCheck::Unknown,
            Some((exp, _)) if now >= *exp => TokenCheck::Expired,
            Some((_, scopes)) => TokenCheck::Valid(scopes.clone()),
        }
    }
}

fn load_state(path: &Path) -> Option<SavedState> {
    let bytes = std::fs::read(path).ok()?;
    match serde_json::from_slice(&bytes) {
        Ok(s) => Some(s),
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "sandbox state file unreadable; starting afresh");
            None
        }
    }
}

/// The sandbox's state file, written whole, creating its folder if needed.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    crate::files::write_whole(path, bytes)
}

/// A sandbox serving HTTP on 127.0.0.1 until `shutdown`.
pub struct SandboxHandle {
    /// e.g. `http://127.0.0.1:PORT`, no trailing slash.
    pub url: String,
    pub credentials: SandboxCredentials,
    pub sandbox: Arc<Sandbox>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for SandboxHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxHandle")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl SandboxHandle {
    /// The identity directory's SCIM base URL, e.g.
    /// `http://127.0.0.1:PORT/scim/v2` (no trailing slash).
    pub fn scim_base_url(&self) -> String {
        format!("{}{}", self.url, identity::SCIM_PATH)
    }

    /// The identity directory's bearer token (fixed per seed).
    pub fn scim_token(&self) -> &str {
        self.sandbox.scim_token()
    }

    /// Stops accepting connections, lets in-flight requests finish, saves
    /// the identity directory, and waits.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }
}

/// Pause between an identity directory write and saving it, so a push of
/// many requests writes the state file a few times, not once per request.
const IDENTITY_SAVE_DELAY: Duration = Duration::from_millis(200);

/// Saves the identity directory shortly after writes, for as long as the
/// server runs (a write in the last moment before a kill can be lost; a
/// graceful shutdown saves it).
async fn save_identity_writes(sandbox: Arc<Sandbox>) {
    loop {
        sandbox.identity_writes.notified().await;
        tokio::time::sleep(IDENTITY_SAVE_DELAY).await;
        save_identity_now(sandbox.clone()).await;
    }
}

async fn save_identity_now(sandbox: Arc<Sandbox>) {
    if !sandbox.identity_unsaved.load(Ordering::SeqCst) {
        return;
    }
    match tokio::task::spawn_blocking(move || sandbox.save()).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::error!(error = %e, "sandbox could not save its identity directory"),
        Err(e) => tracing::error!(error = %e, "sandbox identity save failed"),
    }
}

/// Builds the company and serves it on 127.0.0.1:`config.port`.
pub async fn start(config: SandboxConfig) -> Result<SandboxHandle, SandboxError> {
    let port = config.port;
    let sandbox = tokio::task::spawn_blocking(move || Sandbox::new(config))
        .await
        .map_err(|e| SandboxError::Runtime(std::io::Error::other(e.to_string())))??;
    serve(Arc::new(sandbox), port).await
}

/// Serves an existing sandbox (e.g. one built with a test clock). Port 0
/// reuses the port of the previous run when it is free, else any free port.
pub async fn serve(sandbox: Arc<Sandbox>, port: u16) -> Result<SandboxHandle, SandboxError> {
    let last = *sandbox.port.lock().unwrap_or_else(|e| e.into_inner());
    let reused = match (port, last) {
        (0, Some(p)) => tokio::net::TcpListener::bind(("127.0.0.1", p)).await.ok(),
        _ => None,
    };
    let listener = match reused {
        Some(l) => l,
        None => tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|source| SandboxError::Bind { port, source })?,
    };
    let addr = listener
        .local_addr()
        .map_err(|source| SandboxError::Bind { port, source })?;
    *sandbox.port.lock().unwrap_or_else(|e| e.into_inner()) = Some(addr.port());
    let saving = sandbox.clone();
    tokio::task::spawn_blocking(move || saving.save())
        .await
        .map_err(|e| SandboxError::Runtime(std::io::Error::other(e.to_string())))??;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let router = server::app(sandbox.clone());
    let saver = sandbox.clone();
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, router).with_graceful_shutdown(async move {
            let _ = stopped.await;
        });
        tokio::select! {
            served = served => {
                if let Err(e) = served {
                    tracing::error!(error = %e, "sandbox server stopped with an error");
                }
            }
            () = save_identity_writes(saver.clone()) => {}
        }
        save_identity_now(saver).await;
    });
    tracing::info!(%addr, "sandbox listening");
    Ok(SandboxHandle {
        url: format!("http://{addr}"),
        credentials: sandbox.credentials().clone(),
        sandbox,
        stop: Some(stop),
        task,
    })
}
