//! What a target supports, read from its discovery documents
//! (`/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas`, RFC 7644 §4).

use serde_json::Value;

use crate::model::{BulkLimits, Capabilities, CORE_USER, ENTERPRISE_USER};

/// Capabilities from the three documents. `resource_types` and `schemas`
/// may be a ListResponse or a bare array (both are seen in the wild).
pub fn capabilities(config: &Value, resource_types: &Value, schemas: &Value) -> Capabilities {
    let supported = |name: &str| {
        config
            .get(name)
            .and_then(|f| f.get("supported"))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    };
    let number = |feature: &str, field: &str| {
        config
            .get(feature)
            .and_then(|f| f.get(field))
            .and_then(Value::as_u64)
    };
    let bulk = supported("bulk").then(|| BulkLimits {
        max_operations: number("bulk", "maxOperations").unwrap_or(1).max(1) as u32,
        max_payload_size: number("bulk", "maxPayloadSize").unwrap_or(1_048_576),
    });
    let types = resources(resource_types);
    let user_type = types
        .iter()
        .find(|t| t.get("name").and_then(Value::as_str) == Some("User"));
    let enterprise_user = user_type
        .and_then(|t| t.get("schemaExtensions"))
        .and_then(Value::as_array)
        .is_some_and(|exts| {
            exts.iter()
                .any(|e| e.get("schema").and_then(Value::as_str) == Some(ENTERPRISE_USER))
        });
    let groups = types
        .iter()
        .any(|t| t.get("name").and_then(Value::as_str) == Some("Group"));
    Capabilities {
        patch: supported("patch"),
        bulk,
        filter_max_results: supported("filter")
            .then(|| number("filter", "maxResults").unwrap_or(100) as u32),
        etag: supported("etag"),
        sort: supported("sort"),
        enterprise_user,
        groups,
        user_attributes: user_attributes(&resources(schemas), enterprise_user),
    }
}

fn resources(document: &Value) -> Vec<Value> {
    match document {
        Value::Array(items) => items.clone(),
        other => other
            .get("Resources")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
    }
}

/// Attribute paths of the core user schema (and the enterprise extension
/// when the User type carries it): `name.givenName`, `<urn>:department`.
fn user_attributes(schemas: &[Value], enterprise: bool) -> Vec<String> {
    let mut paths = Vec::new();
    for schema in schemas {
        let Some(id) = schema.get("id").and_then(Value::as_str) else {
            continue;
        };
        let prefix = match id {
            CORE_USER => String::new(),
            ENTERPRISE_USER if enterprise => format!("{ENTERPRISE_USER}:"),
            _ => continue,
        };
        for attribute in schema
            .get("attributes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(name) = attribute.get("name").and_then(Value::as_str) else {
                continue;
            };
            paths.push(format!("{prefix}{name}"));
            for sub in attribute
                .get("subAttributes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(sub) = sub.get("name").and_then(Value::as_str) {
                    paths.push(format!("{prefix}{name}.{sub}"));
                }
            }
        }
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_full_service_and_a_bare_one_read_as_what_they_announce() {
        let config = json!({
            "patch": {"supported": true},
            "bulk": {"supported": true, "maxOperations": 50, "maxPayloadSize": 1000},
            "filter": {"supported": true, "maxResults": 200},
            "etag": {"supported": false}
        });
        let types = json!({"Resources": [
            {"name": "User", "schemaExtensions": [{"schema": ENTERPRISE_USER, "required": false}]},
            {"name": "Group"}
        ]});
        let schemas = json!([
            {"id": CORE_USER, "attributes": [
                {"name": "userName"},
                {"name": "name", "subAttributes": [{"name": "givenName"}]}
            ]},
            {"id": ENTERPRISE_USER, "attributes": [{"name": "department"}]}
        ]);
        let full = capabilities(&config, &types, &schemas);
        assert!(full.patch && full.enterprise_user && full.groups && !full.etag);
        assert_eq!(full.bulk.unwrap().max_operations, 50);
        assert_eq!(full.filter_max_results, Some(200));
        assert!(full.user_attributes.contains(&"name.givenName".to_string()));
        assert!(full
            .user_attributes
            .contains(&format!("{ENTERPRISE_USER}:department")));

        let bare = capabilities(&json!({}), &json!([{"name": "User"}]), &json!([]));
        assert!(!bare.patch && bare.bulk.is_none() && !bare.groups && !bare.enterprise_user);
    }
}
