//! What the directory serves, as its discovery documents say: the two
//! resource types, their schemas (`schemas.json`, the RFC 7643 attributes
//! Roster maps, trimmed), and the limits in `/ServiceProviderConfig`. The
//! same schema text drives attribute-name case folding and mutability, so
//! what the directory announces and what it does cannot drift apart.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde_json::{json, Map, Value};

pub const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
pub const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
pub const LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
pub const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
pub const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
pub const BULK_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

/// Most operations one `/Bulk` request may carry.
pub const MAX_BULK_OPERATIONS: usize = 100;
/// Largest `/Bulk` body, in bytes (413 above it).
pub const MAX_BULK_PAYLOAD: usize = 1_048_576;
/// Most resources one list page returns, whatever `count` asks.
pub const MAX_RESULTS: usize = 1000;

static SCHEMAS: LazyLock<Vec<Value>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("schemas.json")).expect("schemas.json is valid JSON")
});

/// A stored User or Group: its JSON object, names in their declared spelling.
pub type Resource = Map<String, Value>;

/// The two resource types the directory serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    User,
    Group,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::User => "User",
            Kind::Group => "Group",
        }
    }

    pub fn endpoint(self) -> &'static str {
        match self {
            Kind::User => "Users",
            Kind::Group => "Groups",
        }
    }

    pub fn core(self) -> &'static str {
        match self {
            Kind::User => USER,
            Kind::Group => GROUP,
        }
    }

    pub fn extension(self) -> Option<&'static str> {
        match self {
            Kind::User => Some(ENTERPRISE),
            Kind::Group => None,
        }
    }

    /// `Users`/`Groups` (any case) to a kind.
    pub fn from_endpoint(segment: &str) -> Option<Kind> {
        [Kind::User, Kind::Group]
            .into_iter()
            .find(|k| k.endpoint().eq_ignore_ascii_case(segment))
    }
}

/// Each schema's top-level attributes by name in ASCII lower case (SCIM
/// names are case-insensitive; the first declared wins, as a scan would
/// find it), so canonicalising a resource is a lookup per name, not a scan
/// of the schema per name.
static ATTRIBUTES: LazyLock<Vec<(&'static str, HashMap<String, &'static Value>)>> =
    LazyLock::new(|| {
        SCHEMAS
            .iter()
            .filter_map(|schema| {
                let id = schema["id"].as_str()?;
                let mut by_name = HashMap::new();
                for attr in schema["attributes"].as_array().into_iter().flatten() {
                    if let Some(name) = attr["name"].as_str() {
                        by_name.entry(name.to_ascii_lowercase()).or_insert(attr);
                    }
                }
                Some((id, by_name))
            })
            .collect()
    });

fn find<'a>(attributes: &'a Value, name: &str) -> Option<&'a Value> {
    attributes.as_array()?.iter().find(|a| {
        a["name"]
            .as_str()
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    })
}

/// The schema entry of `name` in `urn` (a top-level attribute), if declared.
pub fn attribute(urn: &str, name: &str) -> Option<&'static Value> {
    let (_, by_name) = ATTRIBUTES
        .iter()
        .find(|(id, _)| id.eq_ignore_ascii_case(urn))?;
    by_name.get(name.to_ascii_lowercase().as_str()).copied()
}

/// The sub-attribute `sub` of a complex attribute entry.
pub fn sub_attribute<'a>(attr: &'a Value, sub: &str) -> Option<&'a Value> {
    find(&attr["subAttributes"], sub)
}

pub fn is_multi_valued(attr: &Value) -> bool {
    attr["multiValued"].as_bool().unwrap_or(false)
}

pub fn is_read_only(attr: &Value) -> bool {
    attr["mutability"] == "readOnly"
}

/// The known extension URN `text` names (any case), spelled canonically.
pub fn extension_urn(kind: Kind, text: &str) -> Option<&'static str> {
    kind.extension().filter(|u| u.eq_ignore_ascii_case(text))
}

/// Attribute names in the spelling the schema declares (SCIM names are
/// case-insensitive), recursively through complex values and the
/// extension object; names the schema does not know are kept as sent.
pub fn canonicalize(kind: Kind, body: Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in body {
        if let Some(urn) = extension_urn(kind, &key) {
            let inner = match value {
                Value::Object(m) => Value::Object(canonical_object(urn, m)),
                other => other,
            };
            out.insert(urn.to_string(), inner);
            continue;
        }
        let name = canonical_common(&key)
            .or_else(|| attribute(kind.core(), &key).and_then(|a| a["name"].as_str()))
            .map(str::to_string)
            .unwrap_or(key);
        let value = match attribute(kind.core(), &name) {
            Some(attr) => canonical_value(attr, value),
            None => value,
        };
        out.insert(name, value);
    }
    out
}

fn canonical_common(key: &str) -> Option<&'static str> {
    ["id", "externalId", "meta", "schemas"]
        .into_iter()
        .find(|c| c.eq_ignore_ascii_case(key))
}

fn canonical_object(urn: &str, body: Map<String, Value>) -> Map<String, Value> {
    body.into_iter()
        .map(|(key, value)| match attribute(urn, &key) {
            Some(attr) => (
                attr["name"].as_str().unwrap_or(&key).to_string(),
                canonical_value(attr, value),
            ),
            None => (key, value),
        })
        .collect()
}

fn canonical_value(attr: &Value, value: Value) -> Value {
    let fold = |v: Value| match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let name = sub_attribute(attr, &k)
                        .and_then(|s| s["name"].as_str())
                        .map(str::to_string)
                        .unwrap_or(k);
                    (name, v)
                })
                .collect(),
        ),
        other => other,
    };
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(fold).collect()),
        other => fold(other),
    }
}

/// `GET /Schemas`'s resources, each with its `meta`.
pub fn schemas(base: &str) -> Vec<Value> {
    SCHEMAS
        .iter()
        .map(|s| {
            let mut s = s.clone();
            let id = s["id"].as_str().unwrap_or_default().to_string();
            s["schemas"] = json!(["urn:ietf:params:scim:schemas:core:2.0:Schema"]);
            s["meta"] =
                json!({ "resourceType": "Schema", "location": format!("{base}/Schemas/{id}") });
            s
        })
        .collect()
}

/// `GET /ResourceTypes`'s resources.
pub fn resource_types(base: &str) -> Vec<Value> {
    [Kind::User, Kind::Group]
        .into_iter()
        .map(|k| {
            let mut t = json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
                "id": k.name(),
                "name": k.name(),
                "description": match k { Kind::User => "User Account", Kind::Group => "Group" },
                "endpoint": format!("/{}", k.endpoint()),
                "schema": k.core(),
                "meta": { "resourceType": "ResourceType", "location": format!("{base}/ResourceTypes/{}", k.name()) },
            });
            if let Some(ext) = k.extension() {
                t["schemaExtensions"] = json!([{ "schema": ext, "required": false }]);
            }
            t
        })
        .collect()
}

/// `GET /ServiceProviderConfig`.
pub fn service_provider_config(base: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "documentationUri": "https://github.com/roster/roster#the-sandbox-identity-directory",
        "patch": { "supported": true },
        "bulk": { "supported": true, "maxOperations": MAX_BULK_OPERATIONS, "maxPayloadSize": MAX_BULK_PAYLOAD },
        "filter": { "supported": true, "maxResults": MAX_RESULTS },
        "changePassword": { "supported": false },
        "sort": { "supported": false },
        "etag": { "supported": true },
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "Bearer token",
            "description": "The sandbox's fixed token: SandboxHandle::scim_token, sent as Authorization: Bearer.",
            "specUri": "https://www.rfc-editor.org/rfc/rfc6750",
            "primary": true,
        }],
        "meta": { "resourceType": "ServiceProviderConfig", "location": format!("{base}/ServiceProviderConfig") },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_schema_folds_attribute_names_to_their_declared_spelling() {
        let body = json!({
            "USERNAME": "a@b.c",
            "Emails": [{ "VALUE": "a@b.c", "Type": "work" }],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user": { "DEPARTMENT": "Sales" },
            "externalid": "1",
            "nickName": "kept",
        });
        let Value::Object(body) = body else {
            unreachable!()
        };
        let out = Value::Object(canonicalize(Kind::User, body));
        assert_eq!(out["userName"], "a@b.c");
        assert_eq!(out["emails"][0]["value"], "a@b.c");
        assert_eq!(out["emails"][0]["type"], "work");
        assert_eq!(out[ENTERPRISE]["department"], "Sales");
        assert_eq!(out["externalId"], "1");
        assert_eq!(out["nickName"], "kept");
    }
}
