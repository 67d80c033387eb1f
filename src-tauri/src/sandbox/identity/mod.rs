//! The sandbox's made-up identity directory: a SCIM 2.0 service (RFC 7643
//! and 7644) served by the sandbox under `/scim/v2`, so a newcomer can push
//! the sandbox company to "an identity provider" without having one. It
//! keeps Users and Groups in memory (saved with the sandbox's state), and
//! starts with two accounts that show what reconciliation finds: an orphan
//! and a possible duplicate. Nothing here knows Roster's store or SCIM
//! client; it is a server, checked by scim2-tester.

mod bulk;
#[cfg(test)]
mod compliance_tests;
mod directory;
mod error;
mod filter;
#[cfg(test)]
mod http_tests;
mod patch;
mod routes;
mod schema;

use std::time::SystemTime;

use serde_json::{json, Value};

pub use directory::Directory;
pub use error::ScimError;
pub use routes::router;
pub use schema::{Kind, Resource, ENTERPRISE, MAX_BULK_OPERATIONS, MAX_BULK_PAYLOAD, MAX_RESULTS};

use super::company::Company;
use crate::rng::Rng;

/// Where the directory is served, under the sandbox's URL.
pub const SCIM_PATH: &str = "/scim/v2";

/// The showcase orphan: an account no sandbox employee matches.
pub const ORPHAN_USER_NAME_LOCAL: &str = "j.doe.contractor";
pub const ORPHAN_EXTERNAL_ID: &str = "CONTRACTOR-0001";
/// The showcase possible duplicate: the userName of a real employee's work
/// email, under an externalId that is not that employee's ID.
pub const DUPLICATE_EXTERNAL_ID: &str = "LEGACY-4471";

/// The bearer token of the sandbox with this seed (fixed per seed, so a
/// target saved in Roster keeps working across restarts).
pub fn token_for_seed(seed: u64) -> String {
    format!(
        "sandbox-scim-{}",
        Rng::derive(seed, 0x5C1A).alphanumeric(40)
    )
}

/// The directory a fresh sandbox starts with: the orphan and the possible
/// duplicate; no groups. Everyone else is created by the first push.
pub fn seeded(seed: u64, company: &Company, now: SystemTime) -> Directory {
    let mut dir = Directory::empty(seed);
    let orphan = json!({
        "schemas": [schema::USER, schema::ENTERPRISE],
        "userName": format!("{ORPHAN_USER_NAME_LOCAL}@{}", company.domain),
        "externalId": ORPHAN_EXTERNAL_ID,
        "name": { "givenName": "Jordan", "familyName": "Doe", "formatted": "Jordan Doe" },
        "displayName": "Jordan Doe (contractor)",
        "title": "Contractor",
        "active": true,
        "emails": [{ "value": format!("{ORPHAN_USER_NAME_LOCAL}@{}", company.domain), "type": "work", "primary": true }],
        ENTERPRISE: { "organization": company.company_name },
    });
    dir.create(Kind::User, orphan, now)
        .expect("the orphan is a valid User");
    if let Some(twin) = duplicate_of(company) {
        dir.create(Kind::User, twin, now)
            .expect("the duplicate is a valid User");
    }
    dir
}

/// An account under the work email of the first active employee, as an
/// older HR system left it: another externalId, no enterprise fields.
fn duplicate_of(company: &Company) -> Option<Value> {
    let e = company.visible().find(|e| {
        !e.is_former() && !e.on_leave() && e.service_date <= company.today && e.bad.is_none()
    })?;
    let given = e.preferred.clone().unwrap_or_else(|| e.first.clone());
    Some(json!({
        "userName": e.email,
        "externalId": DUPLICATE_EXTERNAL_ID,
        "name": { "givenName": given, "familyName": e.last, "formatted": format!("{given} {}", e.last) },
        "displayName": format!("{given} {}", e.last),
        "active": true,
        "emails": [{ "value": e.email, "type": "work", "primary": true }],
    }))
}
