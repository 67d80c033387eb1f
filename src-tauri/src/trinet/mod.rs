//! The TriNet PEO API client: Roster's only way to read a company's
//! employees. It owns the token cache, paging, retries and the wire types,
//! and turns every failure into one of a closed set of errors the UI can
//! explain to an HR admin.
//!
//! Layout: `base_url` (where the secret may be sent), `auth` (credentials,
//! token body, token cache, clock), `wire`
//! (envelope, lenient scalars and dates, typed views that keep the raw
//! JSON), `keep` (records parsed keeping only the parts a mapping reads),
//! `client` (HTTP, status mapping, one employee page), `paging` (the
//! employee fetch: the window of page requests it keeps in flight).

mod auth;
mod base_url;
mod client;
mod keep;
mod paging;
mod wire;

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod quirk_tests;
#[cfg(test)]
mod sandbox_tests;
#[cfg(test)]
mod trust_tests;

pub use crate::net::retry::RetryPolicy;
pub use crate::net::CancelToken;
pub use crate::net::{is_loopback, printable};
pub use auth::{Clock, Credentials, SystemClock, Token};
pub use base_url::{check_base_url, BaseUrlProblem};
pub use client::{
    Client, ClientConfig, ConnectionCheck, EmployeeList, Progress, DEFAULT_BASE_URL, PAGE_SIZE,
};
pub use keep::{parse_employee_page_kept, parse_employee_page_tabled, record_tabled, Keep};
pub use wire::{
    parse_employee_page, DateValue, Department, Employee, EmployeePage, Location, OrgDetails,
    PageRecord, PersonName, Slots,
};

/// Why a TriNet call failed, as a closed set the UI can switch on (see
/// [`TriNetError::code`]). Every message says what the admin can do next.
/// None of them carries a secret or employee data: `message` and `what`
/// come from TriNet's status text or from Roster's own description of a
/// shape problem, never from record contents.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TriNetError {
    #[error(
        "TriNet did not accept the Client ID and Client Secret. Copy them again from TriNet's \
         Integration Center (Admin \u{2022} Manager \u{2192} Integration Center); the secret is shown only \
         once, so you may need to reconnect the integration there to get a new pair."
    )]
    BadCredentials,
    #[error(
        "TriNet accepted the credentials but they may not read {endpoint}. In TriNet's Integration \
         Center, check that the integration has the read scopes Roster needs (basic-read, \
         hr-admin-read, hr-personal-read) and this endpoint, or ask TriNet to add them, then test the \
         connection again."
    )]
    MissingScope { endpoint: String },
    #[error(
        "TriNet does not know company \"{company_id}\" for these credentials. Check the Company ID \
         shown with the Client ID in TriNet's Integration Center (usually a short code such as \
         \"XYZ\") and try again."
    )]
    UnknownCompany { company_id: String },
    #[error(
        "TriNet is limiting how many calls these credentials may make and still refused after \
         {attempts} attempts. Wait a few minutes and try again; if it keeps happening, sync less often."
    )]
    RateLimited { attempts: u32 },
    #[error(
        "Roster could not reach TriNet at {base_url} ({detail}). Check the internet connection, any \
         proxy or firewall, and the API base URL in the advanced settings, then try again."
    )]
    Unreachable { base_url: String, detail: String },
    #[error(
        "TriNet did not answer {endpoint} in time, even after retrying. TriNet or the network may be \
         slow; try again in a few minutes."
    )]
    Timeout { endpoint: String },
    #[error(
        "TriNet answered {endpoint} with an error (HTTP {status}{}). The problem is on TriNet's side: \
         try again later, and if it persists contact TriNet support with this message.",
        if message.is_empty() { String::new() } else { format!(": {message}") }
    )]
    Api {
        endpoint: String,
        status: u16,
        message: String,
    },
    #[error(
        "TriNet sent a response from {endpoint} that Roster cannot read ({what}). Nothing was \
         imported. Try again; if it keeps happening TriNet may have changed its API, so send the log \
         file to Roster's maintainers."
    )]
    MalformedResponse { endpoint: String, what: String },
    #[error("The TriNet fetch was cancelled. Nothing was imported.")]
    Cancelled,
    #[error("{problem} Nothing was sent.")]
    RefusedBaseUrl { problem: BaseUrlProblem },
    #[error(
        "TriNet answered {endpoint} with a redirect (HTTP {status}) to {location}. Roster does not \
         follow redirects, so the client secret and token only ever go to the API base URL you \
         entered. Check the API base URL in the advanced settings (the exact host, https://), then \
         try again."
    )]
    Redirected {
        endpoint: String,
        status: u16,
        location: String,
    },
    #[error(
        "TriNet's answer from {endpoint} is larger than {limit_mib} MiB, more than any page of \
         employees can be, so Roster stopped reading it. Nothing was imported. Check the API base \
         URL; if it is right, try again later or contact TriNet support with this message."
    )]
    ResponseTooLarge { endpoint: String, limit_mib: u64 },
}

impl TriNetError {
    /// A stable snake_case code for the IPC boundary and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadCredentials => "bad_credentials",
            Self::MissingScope { .. } => "missing_scope",
            Self::UnknownCompany { .. } => "unknown_company",
            Self::RateLimited { .. } => "rate_limited",
            Self::Unreachable { .. } => "unreachable",
            Self::Timeout { .. } => "timeout",
            Self::Api { .. } => "trinet_error",
            Self::MalformedResponse { .. } => "malformed_response",
            Self::Cancelled => "cancelled",
            Self::RefusedBaseUrl { .. } => "refused_base_url",
            Self::Redirected { .. } => "redirected",
            Self::ResponseTooLarge { .. } => "response_too_large",
        }
    }

    pub(crate) fn malformed(endpoint: &str, what: impl Into<String>) -> Self {
        Self::MalformedResponse {
            endpoint: endpoint.to_string(),
            what: what.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_says_what_to_do_next() {
        let all = [
            TriNetError::BadCredentials,
            TriNetError::MissingScope {
                endpoint: "/v1/company/ABC/employees".into(),
            },
            TriNetError::UnknownCompany {
                company_id: "ABC".into(),
            },
            TriNetError::RateLimited { attempts: 5 },
            TriNetError::Unreachable {
                base_url: "https://api.trinet.com".into(),
                detail: "refused".into(),
            },
            TriNetError::Timeout {
                endpoint: "/v1/company/ABC/employees".into(),
            },
            TriNetError::Api {
                endpoint: "/x".into(),
                status: 500,
                message: "boom".into(),
            },
            TriNetError::malformed("/x", "not JSON"),
            TriNetError::Cancelled,
            TriNetError::RefusedBaseUrl {
                problem: BaseUrlProblem::PlainHttp,
            },
            TriNetError::Redirected {
                endpoint: "/oauth/accesstoken".into(),
                status: 302,
                location: "https://elsewhere.example".into(),
            },
            TriNetError::ResponseTooLarge {
                endpoint: "/x".into(),
                limit_mib: 32,
            },
        ];
        let mut codes = std::collections::HashSet::new();
        for e in &all {
            let m = e.to_string();
            assert!(
                [
                    "Copy",
                    "check",
                    "Check",
                    "try again",
                    "Try again",
                    "Nothing was imported",
                    "Nothing was sent"
                ]
                .iter()
                .any(|w| m.contains(w)),
                "no next step in: {m}"
            );
            assert!(codes.insert(e.code()), "duplicate code {}", e.code());
        }
        assert!(TriNetError::BadCredentials
            .to_string()
            .contains("Integration Center"));
        let api = TriNetError::Api {
            endpoint: "/x".into(),
            status: 502,
            message: String::new(),
        };
        assert!(api.to_string().contains("(HTTP 502)"), "{api}");
    }

    #[test]
    fn printable_drops_terminal_control_sequences() {
        assert_eq!(
            printable("\u{1b}[2Jgone\u{7}\u{1b}]0;title\u{7}\u{9b}31m ok\n"),
            "[2Jgone]0;title31m ok"
        );
    }
}
