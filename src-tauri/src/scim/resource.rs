//! SCIM resources and messages: reading a User and a Group into Roster's
//! vocabulary, filters, PATCH operations and Bulk operations.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::model::{TargetGroup, TargetUser};

/// A User resource as a [`TargetUser`]; `None` without `id` or `userName`.
pub fn target_user(resource: Value) -> Option<TargetUser> {
    let text = |name: &str| {
        resource
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let id = text("id")?;
    let user_name = text("userName")?;
    let external_id = text("externalId").filter(|e| !e.is_empty());
    // RFC 7643 §4.1.1: `active` absent means the service decides; most treat
    // it as active. Some send it as the string "true"/"false".
    let active = match resource.get("active") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.eq_ignore_ascii_case("false"),
        _ => true,
    };
    Some(TargetUser {
        id,
        external_id,
        user_name,
        active,
        resource,
    })
}

/// A Group resource as a [`TargetGroup`]; `None` without `id` or `displayName`.
pub fn target_group(resource: &Value) -> Option<TargetGroup> {
    let id = resource.get("id")?.as_str()?.to_string();
    let display_name = resource.get("displayName")?.as_str()?.to_string();
    let members = resource
        .get("members")
        .and_then(Value::as_array)
        .map(|members| {
            members
                .iter()
                .filter_map(|m| m.get("value").and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    Some(TargetGroup {
        id,
        display_name,
        members,
    })
}

/// `attribute eq "value"`, with `"` and `\` escaped (RFC 7644 §3.4.2.2).
pub fn filter_eq(attribute: &str, value: &str) -> String {
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    format!("{attribute} eq \"{escaped}\"")
}

/// One PATCH operation (RFC 7644 §3.5.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatchOp {
    pub op: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

impl PatchOp {
    pub fn replace(path: &str, value: Value) -> Self {
        Self {
            op: "replace".into(),
            path: Some(path.into()),
            value: Some(value),
        }
    }

    pub fn add(path: &str, value: Value) -> Self {
        Self {
            op: "add".into(),
            path: Some(path.into()),
            value: Some(value),
        }
    }

    pub fn remove(path: &str) -> Self {
        Self {
            op: "remove".into(),
            path: Some(path.into()),
            value: None,
        }
    }

    /// The PatchOp message carrying `ops`.
    pub fn message(ops: &[PatchOp]) -> Value {
        json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": ops,
        })
    }
}

/// One operation of a Bulk request (RFC 7644 §3.7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkOperation {
    pub method: String,
    #[serde(rename = "bulkId", skip_serializing_if = "Option::is_none")]
    pub bulk_id: Option<String>,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    /// The version the operation expects (RFC 7644 §3.7: a Bulk
    /// operation's `If-Match`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// What the target answered for one Bulk operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkOutcome {
    pub bulk_id: Option<String>,
    pub status: u16,
    /// The resource's `id`, from its `location` (creates) when given.
    pub id: Option<String>,
    pub detail: Option<String>,
}

impl BulkOutcome {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Reads one entry of a BulkResponse's `Operations`.
    pub fn read(entry: &Value) -> Self {
        let status = match entry.get("status") {
            Some(Value::String(s)) => s.trim().parse().unwrap_or(0),
            Some(Value::Number(n)) => n.as_u64().unwrap_or(0) as u16,
            // RFC 7644's examples nest it: "status": {"code": "201"}.
            Some(Value::Object(o)) => o
                .get("code")
                .and_then(|c| {
                    c.as_str()
                        .map(str::to_string)
                        .or(c.as_u64().map(|n| n.to_string()))
                })
                .and_then(|s| s.parse().ok())
                .unwrap_or(0),
            _ => 0,
        };
        let id = entry
            .get("location")
            .and_then(Value::as_str)
            .and_then(|l| l.trim_end_matches('/').rsplit('/').next())
            .map(str::to_string);
        let detail = entry
            .get("response")
            .and_then(|r| r.get("detail"))
            .and_then(Value::as_str)
            .map(|d| crate::net::printable(d).chars().take(300).collect());
        Self {
            bulk_id: entry
                .get("bulkId")
                .and_then(Value::as_str)
                .map(str::to_string),
            status,
            id,
            detail,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_read_with_their_anchor_and_active_in_either_spelling() {
        let user = target_user(json!({
            "id": "7", "userName": "a@x.test", "externalId": "E1", "active": "False"
        }))
        .unwrap();
        assert_eq!(user.external_id.as_deref(), Some("E1"));
        assert!(!user.active);
        let no_anchor = target_user(json!({"id": "8", "userName": "b@x.test", "externalId": ""}));
        assert_eq!(no_anchor.unwrap().external_id, None);
        assert!(target_user(json!({"userName": "no id"})).is_none());
    }

    #[test]
    fn filter_values_are_quoted_and_escaped() {
        assert_eq!(filter_eq("externalId", "00001"), r#"externalId eq "00001""#);
        assert_eq!(
            filter_eq("userName", r#"a"b\c"#),
            r#"userName eq "a\"b\\c""#
        );
    }

    #[test]
    fn bulk_outcomes_read_plain_and_nested_statuses() {
        let created = BulkOutcome::read(&json!({
            "bulkId": "b1", "method": "POST", "status": "201",
            "location": "https://t/scim/v2/Users/abc"
        }));
        assert!(created.ok());
        assert_eq!(created.id.as_deref(), Some("abc"));
        let failed = BulkOutcome::read(&json!({
            "method": "POST", "status": {"code": "409"},
            "response": {"detail": "userName taken"}
        }));
        assert_eq!(failed.status, 409);
        assert_eq!(failed.detail.as_deref(), Some("userName taken"));
    }
}
