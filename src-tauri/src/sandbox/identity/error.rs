//! The directory's one error: a SCIM Error message (RFC 7644 §3.12) with
//! its HTTP status, `scimType` and a detail that says what to change.

use serde_json::{json, Value};

use super::schema;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status} {detail}")]
pub struct ScimError {
    pub status: u16,
    pub scim_type: Option<&'static str>,
    pub detail: String,
}

impl ScimError {
    pub fn new(status: u16, scim_type: Option<&'static str>, detail: impl Into<String>) -> Self {
        Self {
            status,
            scim_type,
            detail: detail.into(),
        }
    }

    pub fn bad_request(scim_type: &'static str, detail: impl Into<String>) -> Self {
        Self::new(400, Some(scim_type), detail)
    }

    pub fn not_found(kind: schema::Kind, id: &str) -> Self {
        Self::new(404, None, format!("No {} has the id {id:?}.", kind.name()))
    }

    /// The SCIM Error message body.
    pub fn body(&self) -> Value {
        let mut body = json!({
            "schemas": [schema::ERROR],
            "status": self.status.to_string(),
            "detail": self.detail,
        });
        if let Some(t) = self.scim_type {
            body["scimType"] = json!(t);
        }
        body
    }
}
