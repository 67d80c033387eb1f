//! One full employee fetch from TriNet (or the sandbox) and what the
//! mapping screen derives from it. Raw records stay in memory only: the
//! database only ever stores mapped fields.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::SyncError;
use crate::connection::ValidForm;
use crate::mapping::{self, CompiledMapping, PathValues, RecordTexts, SourceField};
use crate::trinet::{
    CancelToken, Client, ClientConfig, Employee, EmployeeList, Progress, SystemClock,
};

/// How far a fetch has got, as the window shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct FetchProgress {
    pub pages_done: u32,
    /// Known once the first page reports a total TriNet can be trusted on.
    pub pages_expected: Option<u32>,
    pub employees_received: u32,
}

impl From<Progress> for FetchProgress {
    fn from(p: Progress) -> Self {
        Self {
            pages_done: p.pages_done as u32,
            pages_expected: p.pages_expected.map(|n| n as u32),
            employees_received: p.employees_received as u32,
        }
    }
}

/// The people of one fetch, as Map fields keeps them, and their source
/// catalog.
#[derive(Debug)]
pub struct Fetched {
    /// Which company they belong to, so a cached fetch is never shown for
    /// another connection.
    pub company_id: String,
    pub base_url: String,
    pub fetched_at: DateTime<Utc>,
    /// Each record as its JSON text (a tenth of the parsed record's
    /// memory); what a mapping reads is read back from it.
    pub records: RecordTexts,
    /// Built once per fetch.
    pub catalog: Vec<SourceField>,
}

impl Fetched {
    /// Wraps fetched `records`, building their catalog (CPU work: call
    /// from a blocking thread for large companies).
    pub fn new(form: &ValidForm, records: RecordTexts, fetched_at: DateTime<Utc>) -> Self {
        let catalog = mapping::catalog(records.records());
        Self {
            company_id: form.credentials.company_id.clone(),
            base_url: form.base_url.clone(),
            fetched_at,
            records,
            catalog,
        }
    }

    /// Whether this fetch came from the connection `form` describes.
    pub fn is_from(&self, form: &ValidForm) -> bool {
        self.company_id == form.credentials.company_id
    }

    pub fn people(&self) -> mapping::FetchedPeople<'_> {
        mapping::FetchedPeople {
            records: &self.records,
            catalog: &self.catalog,
        }
    }
}

/// A retry-jitter seed that differs per process and moment, so two Roster
/// processes retrying against TriNet do not do so in step.
pub fn jitter_seed() -> u64 {
    crate::rng::varying_seed()
}

/// Every employee of the company behind `form`. `jitter_seed` spreads
/// retries (the caller picks it); `progress` is called after every page.
pub async fn fetch_employees<P>(
    form: &ValidForm,
    jitter_seed: u64,
    cancel: &CancelToken,
    progress: P,
) -> Result<Vec<Employee>, SyncError>
where
    P: FnMut(Progress) + Send,
{
    let list = client_for(form, jitter_seed)?
        .employees(cancel, progress)
        .await?;
    Ok(logged(form, list))
}

/// Every employee record of the company behind `form`, as
/// [`fetch_employees`] fetches them, each kept as its JSON text (written as
/// its page arrives, beside the pages still in flight): what Map fields
/// keeps.
pub async fn fetch_texts<P>(
    form: &ValidForm,
    jitter_seed: u64,
    cancel: &CancelToken,
    progress: P,
) -> Result<RecordTexts, SyncError>
where
    P: FnMut(Progress) + Send,
{
    let list = client_for(form, jitter_seed)?
        .employee_values(cancel, progress, |page| {
            page.into_iter().map(RecordTexts::keep).collect()
        })
        .await?;
    Ok(RecordTexts::from_kept(logged(form, list)))
}

/// The employees of `list`, its size logged (no personal data).
fn logged<T>(form: &ValidForm, list: EmployeeList<T>) -> Vec<T> {
    tracing::info!(
        company_id = %form.credentials.company_id,
        employees = list.employees.len(),
        pages = list.pages,
        "fetched employees"
    );
    list.employees
}

/// Every employee of the company behind `form`, as [`fetch_employees`]
/// fetches them, each as its values at the paths `mapping` reads: read
/// straight into a table of those values as each page arrives (beside the
/// pages still in flight), the records themselves never built. What a plan needs,
/// in a fraction of the time and memory of typed employees.
pub async fn fetch_records<P>(
    form: &ValidForm,
    jitter_seed: u64,
    cancel: &CancelToken,
    progress: P,
    mapping: Arc<CompiledMapping>,
) -> Result<Vec<PathValues>, SyncError>
where
    P: FnMut(Progress) + Send,
{
    let (keep, slots) = (mapping.keep(), mapping.slots());
    let list = client_for(form, jitter_seed)?
        .employee_records(cancel, progress, (&keep, slots), move |page| {
            mapping.values_from_tables(page)
        })
        .await?;
    Ok(logged(form, list))
}

fn client_for(form: &ValidForm, jitter_seed: u64) -> Result<Client, SyncError> {
    let config = ClientConfig {
        base_url: form.base_url.clone(),
        jitter_seed,
        ..ClientConfig::default()
    };
    Ok(Client::new(
        config,
        form.credentials.clone(),
        Arc::new(SystemClock),
    )?)
}

/// The day an import's lifecycle rules are evaluated for: `local_today`,
/// except for Roster's own sandbox company (`is_sandbox`: the sandbox
/// profile, whose connection is always the embedded sandbox), whose
/// simulated calendar (`/_sandbox/state`) is used so that advancing it a
/// week moves hires, leaves and terminations along.
///
/// Invariant: the calendar is asked for only when `is_sandbox`; a base URL
/// on loopback is never reason enough, so no local server can move a real
/// company's dates.
pub async fn plan_date(
    form: &ValidForm,
    is_sandbox: bool,
    local_today: chrono::NaiveDate,
) -> chrono::NaiveDate {
    if !is_sandbox {
        return local_today;
    }
    #[derive(serde::Deserialize)]
    struct State {
        date: chrono::NaiveDate,
    }
    let url = format!("{}/_sandbox/state", form.base_url.trim_end_matches('/'));
    let answer = async {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(5))
            .build()
            .ok()?;
        let response = client.get(&url).send().await.ok()?;
        if !response.status().is_success() {
            return None;
        }
        response.json::<State>().await.ok().map(|s| s.date)
    };
    answer.await.unwrap_or(local_today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::{
        default_spec, preview, DirectoryField, FieldKind, FieldMapping, SourceKind, Transform,
    };
    use crate::sandbox::{self, SandboxConfig};
    use crate::trinet::Credentials;
    use crate::vault::Sensitive;
    use serde_json::Value;

    #[tokio::test]
    async fn only_the_sandbox_company_is_asked_for_its_calendar() {
        let handle = sandbox::start(SandboxConfig::default()).await.unwrap();
        let form = |url: &str| ValidForm {
            credentials: Credentials::new("X", "Y", Sensitive::new("Z".to_string())),
            base_url: url.to_string(),
        };
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let sandbox_day = handle.sandbox.state().date;
        assert_ne!(sandbox_day, today);
        assert_eq!(
            plan_date(&form(&handle.url), true, today).await,
            sandbox_day
        );
        assert_eq!(plan_date(&form(&handle.url), false, today).await, today);

        // A loopback listener that is not Roster's sandbox hears nothing.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        assert_eq!(plan_date(&form(&url), false, today).await, today);
        assert!(listener.accept().is_err(), "no connection was made");
        handle.shutdown().await;
    }

    #[tokio::test]
    async fn sandbox_fetch_feeds_the_catalog_and_a_custom_field_preview() {
        let handle = sandbox::start(SandboxConfig {
            employees: 250,
            seed: 42,
            port: 0,
            state_file: None,
            start_date: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            ..SandboxConfig::default()
        })
        .await
        .expect("sandbox starts");
        let c = &handle.credentials;
        let form = ValidForm {
            credentials: Credentials::new(
                &c.company_id,
                &c.client_id,
                Sensitive::new(c.client_secret.clone()),
            ),
            base_url: handle.url.clone(),
        };
        let mut pages = 0;
        let employees = fetch_employees(&form, 1, &CancelToken::new(), |_| pages += 1)
            .await
            .expect("fetch succeeds");
        assert!(pages >= 3, "250 people arrive over several pages");
        let texts = fetch_texts(&form, 1, &CancelToken::new(), |_| {})
            .await
            .expect("fetch succeeds");
        let fetched_at = chrono::DateTime::parse_from_rfc3339("2026-11-22T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let fetched = Fetched::new(&form, texts, fetched_at);
        assert!(fetched.is_from(&form));
        assert_eq!(fetched.records.len(), handle.sandbox.state().employees);
        let whole: Vec<Value> = employees.iter().map(|e| e.raw.clone()).collect();
        assert!(
            fetched.records.records().eq(whole.iter().cloned()),
            "the texts read back as the records fetched"
        );
        assert_eq!(
            fetched.catalog,
            mapping::catalog(&whole),
            "the catalog of the whole records"
        );

        let group = fetched
            .catalog
            .iter()
            .find(|f| f.path == "employmentInfo.customGroupA")
            .expect("customGroupA is in the catalog");
        assert_eq!(group.kind, SourceKind::Text);
        assert!(group.filled > 0 && group.total as usize == fetched.records.len());
        assert!(!group.samples.is_empty());
        assert!(fetched
            .catalog
            .iter()
            .any(|f| f.path == "names[PRI].firstName"));

        let mut spec = default_spec();
        spec.custom_fields.push(DirectoryField {
            name: "team".into(),
            label: "Team".into(),
            kind: FieldKind::Text,
            core: false,
            drives_group: true,
        });
        spec.mappings.push(FieldMapping {
            field: "team".into(),
            transform: Transform::Direct {
                source: "employmentInfo.customGroupA".into(),
            },
        });
        let p = mapping::preview_texts(&spec, &fetched.records, 10);
        assert_eq!(
            p,
            preview(&spec, &employees, 10),
            "as the whole records preview"
        );
        assert_eq!(p.rows.len(), 10);
        for (row, e) in p.rows.iter().zip(&employees) {
            let team = row.values.iter().find(|v| v.field == "team").unwrap();
            assert_eq!(
                team.value,
                e.custom_group_a.as_deref().map(|s| s.trim().to_string())
            );
            assert!(team.value.is_some());
            assert_eq!(row.employee_id, e.employee_id);
        }
        handle.shutdown().await;
    }
}
