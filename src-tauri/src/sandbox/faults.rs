//! Misbehaviour the sandbox can be told to show, so clients prove they cope
//! with slow responses, rate limits, server errors, broken pages and
//! expiring tokens. The draws come from a seeded stream, not the clock.

use serde::{Deserialize, Serialize};

use crate::rng::Rng;

/// Current fault settings. Everything off (and an hour-long token) by default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// Added to every TriNet request before it is answered.
    pub latency_ms: u64,
    /// Probability of a 429 on data calls, with `Retry-After: retry_after_secs`.
    pub rate_limit_probability: f64,
    pub retry_after_secs: u64,
    /// Probability of a 500 on data calls.
    pub server_error_probability: f64,
    /// Probability of a 503 on data calls.
    pub unavailable_probability: f64,
    /// Probability that an employees page is broken (truncated JSON or
    /// `employeeData` not an array), still with status 200.
    pub malformed_page_probability: f64,
    /// Lifetime of newly issued tokens.
    pub token_lifetime_secs: u64,
    /// Space-separated scopes newly issued tokens carry. Without `basic-read`
    /// data calls get 403; without `hr-personal-read` / `hr-pay-read` the
    /// All view leaves out bioInfo and homeAddress / payInfo.
    pub scopes: String,
    /// Leave `employeesTotal` out of employee pages (some say TriNet does).
    pub omit_employees_total: bool,
    /// Send `expires_in` / `issued_at` as JSON numbers instead of strings.
    pub token_numbers_as_numbers: bool,
    /// Let the token endpoint draw 429/500/503 too (data calls always do).
    pub token_endpoint_faults: bool,
    /// Let the identity directory (`/scim/v2`) have the latency and draw
    /// 429/500/503 too, so provisioning meets a misbehaving target.
    pub identity_faults: bool,
    /// Employee pages at these offsets answer their next request with a
    /// 429 (`Retry-After: retry_after_secs`), each offset once: a
    /// throttled page a test can name.
    pub rate_limit_offsets: Vec<u64>,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            latency_ms: 0,
            rate_limit_probability: 0.0,
            retry_after_secs: 2,
            server_error_probability: 0.0,
            unavailable_probability: 0.0,
            malformed_page_probability: 0.0,
            token_lifetime_secs: 3599,
            scopes: super::SCOPES.to_string(),
            omit_employees_total: false,
            token_numbers_as_numbers: false,
            token_endpoint_faults: false,
            identity_faults: false,
            rate_limit_offsets: Vec::new(),
        }
    }
}

/// A partial update from `POST /_sandbox/faults`: absent fields keep their value.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultsPatch {
    pub latency_ms: Option<u64>,
    pub rate_limit_probability: Option<f64>,
    pub retry_after_secs: Option<u64>,
    pub server_error_probability: Option<f64>,
    pub unavailable_probability: Option<f64>,
    pub malformed_page_probability: Option<f64>,
    pub token_lifetime_secs: Option<u64>,
    pub scopes: Option<String>,
    pub omit_employees_total: Option<bool>,
    pub token_numbers_as_numbers: Option<bool>,
    pub token_endpoint_faults: Option<bool>,
    pub identity_faults: Option<bool>,
    pub rate_limit_offsets: Option<Vec<u64>>,
}

impl Faults {
    pub fn apply(&mut self, p: FaultsPatch) {
        let prob = |v: f64| v.clamp(0.0, 1.0);
        if let Some(v) = p.latency_ms {
            self.latency_ms = v.min(120_000);
        }
        if let Some(v) = p.rate_limit_probability {
            self.rate_limit_probability = prob(v);
        }
        if let Some(v) = p.retry_after_secs {
            self.retry_after_secs = v;
        }
        if let Some(v) = p.server_error_probability {
            self.server_error_probability = prob(v);
        }
        if let Some(v) = p.unavailable_probability {
            self.unavailable_probability = prob(v);
        }
        if let Some(v) = p.malformed_page_probability {
            self.malformed_page_probability = prob(v);
        }
        if let Some(v) = p.token_lifetime_secs {
            self.token_lifetime_secs = v;
        }
        if let Some(v) = p.scopes {
            self.scopes = v.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        if let Some(v) = p.omit_employees_total {
            self.omit_employees_total = v;
        }
        if let Some(v) = p.token_numbers_as_numbers {
            self.token_numbers_as_numbers = v;
        }
        if let Some(v) = p.token_endpoint_faults {
            self.token_endpoint_faults = v;
        }
        if let Some(v) = p.identity_faults {
            self.identity_faults = v;
        }
        if let Some(v) = p.rate_limit_offsets {
            self.rate_limit_offsets = v;
        }
    }

    /// Which failure (if any) a data call gets this time.
    pub fn draw(&self, rng: &mut Rng) -> Option<Injected> {
        // One draw per kind keeps each probability independent of the others.
        let r429 = rng.chance(self.rate_limit_probability);
        let r500 = rng.chance(self.server_error_probability);
        let r503 = rng.chance(self.unavailable_probability);
        if r429 {
            Some(Injected::RateLimited {
                retry_after_secs: self.retry_after_secs,
            })
        } else if r500 {
            Some(Injected::ServerError)
        } else if r503 {
            Some(Injected::Unavailable)
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Injected {
    RateLimited { retry_after_secs: u64 },
    ServerError,
    Unavailable,
}
