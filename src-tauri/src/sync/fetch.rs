//! One full employee fetch from TriNet (or the sandbox) and what the
//! mapping screen derives from it. Raw records stay in memory only: the
//! database only ever stores mapped fields.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::SyncError;
use crate::connection::ValidForm;
use crate::mapping::{self, SourceField};
use crate::trinet::{CancelToken, Client, ClientConfig, Employee, Progress, SystemClock};

/// The employees of one fetch and their source catalog.
#[derive(Debug)]
pub struct Fetched {
    /// Which company they belong to, so a cached fetch is never shown for
    /// another connection.
    pub company_id: String,
    pub base_url: String,
    pub fetched_at: DateTime<Utc>,
    pub employees: Vec<Employee>,
    /// Built once per fetch.
    pub catalog: Vec<SourceField>,
}

impl Fetched {
    /// Wraps fetched `employees`, building their catalog (CPU work: call
    /// from a blocking thread for large companies).
    pub fn new(form: &ValidForm, employees: Vec<Employee>, fetched_at: DateTime<Utc>) -> Self {
        let catalog = mapping::catalog(employees.iter().map(|e| &e.raw));
        Self {
            company_id: form.credentials.company_id.clone(),
            base_url: form.base_url.clone(),
            fetched_at,
            employees,
            catalog,
        }
    }

    /// Whether this fetch came from the connection `form` describes.
    pub fn is_from(&self, form: &ValidForm) -> bool {
        self.company_id == form.credentials.company_id
    }

    pub fn people(&self) -> mapping::FetchedPeople<'_> {
        mapping::FetchedPeople {
            employees: &self.employees,
            catalog: &self.catalog,
        }
    }
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
    let config = ClientConfig {
        base_url: form.base_url.clone(),
        jitter_seed,
        ..ClientConfig::default()
    };
    let client = Client::new(config, form.credentials.clone(), Arc::new(SystemClock))?;
    let list = client.employees(cancel, progress).await?;
    tracing::info!(
        company_id = %form.credentials.company_id,
        employees = list.employees.len(),
        pages = list.pages,
        "fetched employees"
    );
    Ok(list.employees)
}
