//! A SCIM 2.0 client (RFC 7643, RFC 7644) for provisioning targets: an
//! identity provider's inbound SCIM endpoint or a business app's SCIM API.
//!
//! Invariant: the bearer token goes only to the checked base URL: https
//! anywhere, plain http only on this computer; redirects are never
//! followed; the token is never logged or put in an error.

mod client;
mod discovery;
#[cfg(test)]
pub(crate) mod fault_proxy;
#[cfg(test)]
pub(crate) mod reference_server;
mod resource;
#[cfg(test)]
mod server_tests;

pub use client::{check_target_url, ScimClient, TargetConfig, Written, MAX_RESPONSE_BYTES};
pub use discovery::capabilities;
pub use resource::{filter_eq, target_group, target_user, BulkOperation, BulkOutcome, PatchOp};

use crate::net::printable;

/// Why a target call failed; each message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScimError {
    #[error("{0}")]
    RefusedUrl(String),
    #[error(
        "The target refused the token (HTTP {status}). Create a new API token in the identity \
         provider or app with user and group provisioning rights, and enter it again."
    )]
    TokenRefused { status: u16 },
    #[error(
        "{url} does not answer like a SCIM 2.0 service ({detail}). Check the base URL: it ends \
         at the SCIM root, usually …/scim/v2."
    )]
    NotScim { url: String, detail: String },
    #[error(
        "Roster cannot reach {url} ({detail}). Check the address and your network or proxy, \
         then try again."
    )]
    Unreachable { url: String, detail: String },
    #[error(
        "The secure connection to {url} failed ({detail}). The target's certificate is not \
         trusted by this computer: ask its administrator, or install the company's certificate \
         authority in the operating system."
    )]
    Tls { url: String, detail: String },
    #[error(
        "The target kept answering \"too many requests\" after {attempts} tries. Nothing more \
         was sent; wait a few minutes and try again (a retry sends only what is left)."
    )]
    RateLimited { attempts: u32 },
    #[error(
        "The target failed on {endpoint} (HTTP {status}{detail}). Nothing more was sent for this \
         account; try again later, or ask the target's administrator if it persists."
    )]
    Server {
        endpoint: String,
        status: u16,
        detail: String,
    },
    #[error(
        "{endpoint} did not answer in time. Try again; if it persists the target is overloaded."
    )]
    Timeout { endpoint: String },
    #[error(
        "The target answered {endpoint} with a redirect to {location}. Roster does not follow \
         redirects, so the token only goes to the address you entered: enter the final address."
    )]
    Redirected { endpoint: String, location: String },
    #[error("The target refused {endpoint} (HTTP {status}{detail}).")]
    Refused {
        endpoint: String,
        status: u16,
        /// SCIM's `scimType` (`uniqueness`, `invalidFilter`, ...), when given.
        scim_type: Option<String>,
        detail: String,
    },
    #[error(
        "The account changed in the target since the preview (its version no longer matches), \
         so Roster did not overwrite it. Preview again to see the change, then push."
    )]
    Changed { endpoint: String },
    #[error(
        "The target's answer to {endpoint} is larger than {limit_mib} MiB, so Roster stopped \
         reading it and sent nothing more. Check the base URL, or ask the target's \
         administrator why it answers so much."
    )]
    TooLarge { endpoint: String, limit_mib: u64 },
    #[error("The target's answer to {endpoint} could not be read ({detail}).")]
    BadAnswer { endpoint: String, detail: String },
    #[error("Cancelled.")]
    Cancelled,
}

impl ScimError {
    /// A short stable code for the UI, receipts and `--json`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::RefusedUrl(_) => "refused_url",
            Self::TokenRefused { .. } => "token_refused",
            Self::NotScim { .. } => "not_scim",
            Self::Unreachable { .. } => "unreachable",
            Self::Tls { .. } => "tls",
            Self::RateLimited { .. } => "rate_limited",
            Self::Server { .. } => "server_error",
            Self::Timeout { .. } => "timeout",
            Self::Redirected { .. } => "redirected",
            Self::Refused { .. } => "refused",
            Self::BadAnswer { .. } => "bad_answer",
            Self::Changed { .. } => "changed_in_target",
            Self::TooLarge { .. } => "too_large",
            Self::Cancelled => "cancelled",
        }
    }

    /// The HTTP status the target answered, when it answered.
    pub fn status(&self) -> u16 {
        match self {
            Self::TokenRefused { status }
            | Self::Server { status, .. }
            | Self::Refused { status, .. } => *status,
            Self::RateLimited { .. } => 429,
            Self::Changed { .. } => 412,
            _ => 0,
        }
    }
}

/// `": detail"` from a SCIM error body (`detail`, else `scimType`), printable
/// and short; empty when the body says nothing useful.
fn error_detail(body: &[u8]) -> (Option<String>, String) {
    let parsed: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let field = |name: &str| {
        parsed
            .as_ref()
            .and_then(|v| v.get(name))
            .and_then(|v| v.as_str())
            .map(|s| printable(s).chars().take(300).collect::<String>())
    };
    let scim_type = field("scimType");
    let detail = field("detail")
        .or_else(|| scim_type.clone())
        .map(|d| format!(": {d}"))
        .unwrap_or_default();
    (scim_type, detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_class_says_what_to_do() {
        let all = [
            ScimError::TokenRefused { status: 401 },
            ScimError::NotScim {
                url: "https://x".into(),
                detail: "404".into(),
            },
            ScimError::Unreachable {
                url: "https://x".into(),
                detail: "refused".into(),
            },
            ScimError::Tls {
                url: "https://x".into(),
                detail: "unknown issuer".into(),
            },
            ScimError::RateLimited { attempts: 5 },
            ScimError::Server {
                endpoint: "/Users".into(),
                status: 503,
                detail: String::new(),
            },
        ];
        for error in all {
            let text = error.to_string();
            assert!(
                ["Check", "Create", "wait", "try again", "ask", "install"]
                    .iter()
                    .any(|verb| text.contains(verb)),
                "{text}"
            );
        }
    }

    #[test]
    fn scim_error_bodies_give_their_detail_without_control_characters() {
        let body = br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"409","scimType":"uniqueness","detail":"userName \u001b[2Jtaken"}"#;
        let (scim_type, detail) = error_detail(body);
        assert_eq!(scim_type.as_deref(), Some("uniqueness"));
        assert_eq!(detail, ": userName [2Jtaken");
        assert_eq!(error_detail(b"<html>").1, "");
    }
}
