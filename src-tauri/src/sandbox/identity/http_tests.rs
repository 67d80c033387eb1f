//! The identity directory over real HTTP on 127.0.0.1, doing what Roster's
//! provisioning relies on: matching by externalId, refusing a second
//! userName, suspending and restoring the same account, group membership,
//! bulk with bulkId references, surviving a restart, and reset.

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

use super::*;
use crate::sandbox::{start, SandboxConfig, SandboxHandle};

struct Scim {
    h: SandboxHandle,
    http: Client,
}

impl Scim {
    async fn start(config: SandboxConfig) -> Scim {
        let h = start(config).await.expect("sandbox starts");
        assert!(h.scim_base_url().ends_with("/scim/v2"));
        Scim {
            h,
            http: Client::new(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.h.scim_base_url())
    }

    async fn send(&self, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self
            .http
            .request(method, self.url(path))
            .bearer_auth(self.h.scim_token());
        if let Some(b) = body {
            req = req
                .header("content-type", "application/scim+json")
                .body(b.to_string());
        }
        let r = req.send().await.unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> Value {
        let (status, body) = self.send("GET", path, None).await;
        assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
        body
    }

    async fn create_user(&self, user_name: &str, external_id: &str) -> Value {
        let (status, body) = self
            .send(
                "POST",
                "/Users",
                Some(json!({
                    "schemas": [schema::USER, ENTERPRISE],
                    "userName": user_name,
                    "externalId": external_id,
                    "name": { "givenName": "Ann", "familyName": "Lee" },
                    "displayName": "Ann Lee",
                    "active": true,
                    "emails": [{ "value": user_name, "type": "work", "primary": true }],
                    ENTERPRISE: { "employeeNumber": external_id, "department": "Sales" },
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body
    }

    async fn patch(&self, path: &str, ops: Value) -> (StatusCode, Value) {
        self.send(
            "PATCH",
            path,
            Some(json!({ "schemas": [schema::PATCH_OP], "Operations": ops })),
        )
        .await
    }

    /// The Resources a filter selects.
    async fn find(&self, kind: &str, filter: &str) -> Vec<Value> {
        let url =
            reqwest::Url::parse_with_params(&self.url(&format!("/{kind}")), [("filter", filter)])
                .unwrap();
        let r = self
            .http
            .get(url)
            .bearer_auth(self.h.scim_token())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let body: Value = r.json().await.unwrap();
        body["Resources"].as_array().unwrap().clone()
    }
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn identity_refuses_requests_without_its_token_with_a_scim_error() {
    let s = Scim::start(SandboxConfig::default()).await;
    assert_eq!(s.h.scim_token(), token_for_seed(42), "fixed per seed");
    assert_ne!(token_for_seed(42), token_for_seed(43));
    for auth in [None, Some("Bearer wrong"), Some("Basic abc")] {
        let mut req = s.http.get(s.url("/Users"));
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{auth:?}");
        assert!(r.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer"));
        assert_eq!(r.headers()["content-type"], "application/scim+json");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["schemas"][0], schema::ERROR);
        assert_eq!(body["status"], "401");
    }
    let spc = s.get("/ServiceProviderConfig").await;
    assert_eq!(spc["patch"]["supported"], true);
    assert_eq!(spc["bulk"]["maxOperations"], MAX_BULK_OPERATIONS);
    assert_eq!(spc["bulk"]["maxPayloadSize"], MAX_BULK_PAYLOAD);
    assert_eq!(spc["filter"]["maxResults"], MAX_RESULTS);
    assert_eq!(spc["etag"]["supported"], true);
    assert_eq!(spc["authenticationSchemes"][0]["type"], "oauthbearertoken");
    let types = s.get("/ResourceTypes").await;
    assert_eq!(
        types["Resources"][0]["schemaExtensions"][0]["schema"],
        ENTERPRISE
    );
    let ext = s.get(&format!("/Schemas/{ENTERPRISE}")).await;
    let names: Vec<&str> = ext["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "employeeNumber",
            "costCenter",
            "organization",
            "division",
            "department",
            "manager"
        ]
    );
    let (status, body) = s.send("GET", "/Nothing", None).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::NOT_FOUND, Some("404"))
    );
    s.h.shutdown().await;
}

#[tokio::test]
async fn identity_starts_with_an_orphan_and_a_possible_duplicate_only() {
    let s = Scim::start(SandboxConfig::default()).await;
    let all = s.get("/Users").await;
    assert_eq!(all["totalResults"], 2);
    assert_eq!(s.get("/Groups").await["totalResults"], 0);
    let domain = s.h.sandbox.with_company(|c| c.domain.clone());
    let orphan = s
        .find(
            "Users",
            &format!("userName eq \"J.Doe.Contractor@{domain}\""),
        )
        .await;
    assert_eq!(orphan.len(), 1);
    assert_eq!(orphan[0]["externalId"], ORPHAN_EXTERNAL_ID);
    let twin = s
        .find(
            "Users",
            &format!("externalId eq \"{DUPLICATE_EXTERNAL_ID}\""),
        )
        .await;
    let twin_name = twin[0]["userName"].as_str().unwrap().to_string();
    let employee = s.h.sandbox.with_company(|c| {
        c.visible()
            .find(|e| e.email == twin_name)
            .map(|e| e.employee_id())
    });
    let employee = employee.expect("the duplicate's userName is a real employee's work email");
    assert_ne!(employee, DUPLICATE_EXTERNAL_ID);
    s.h.shutdown().await;
}

#[tokio::test]
async fn identity_finds_by_external_id_and_refuses_a_second_user_name() {
    let s = Scim::start(SandboxConfig::default()).await;
    let ann = s.create_user("ann.lee@example.test", "00001000071").await;
    assert_eq!(ann["meta"]["resourceType"], "User");
    assert!(ann["meta"]["location"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/scim/v2/Users/{}", id(&ann))));
    let found = s.find("Users", "externalId eq \"00001000071\"").await;
    assert_eq!(found.len(), 1);
    assert_eq!(id(&found[0]), id(&ann));
    assert!(s
        .find("Users", "externalId eq \"00001000072\"")
        .await
        .is_empty());
    assert_eq!(
        s.find(
            "Users",
            "emails[type eq \"work\" and value eq \"ANN.LEE@example.test\"]"
        )
        .await
        .len(),
        1
    );
    let (status, body) = s
        .send(
            "POST",
            "/Users",
            Some(json!({ "userName": "ANN.Lee@Example.TEST", "externalId": "other" })),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["scimType"], "uniqueness");
    assert_eq!(body["status"], "409");
    let (status, body) = s.send("GET", "/Users?filter=userName%20eq", None).await;
    assert_eq!(
        (status, body["scimType"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalidFilter"))
    );
    s.h.shutdown().await;
}

#[tokio::test]
async fn identity_suspends_and_restores_the_same_account() {
    let s = Scim::start(SandboxConfig::default()).await;
    let ann = s.create_user("ann@example.test", "E1").await;
    let path = format!("/Users/{}", id(&ann));
    let (status, off) = s
        .patch(
            &path,
            json!([{ "op": "replace", "path": "active", "value": false }]),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{off}");
    assert_eq!(off["active"], false);
    assert_ne!(off["meta"]["version"], ann["meta"]["version"]);
    // Entra sends capitalised ops and booleans as strings.
    let (_, on) = s
        .patch(
            &path,
            json!([{ "op": "Replace", "value": { "active": "True" } }]),
        )
        .await;
    assert_eq!((on["active"].clone(), id(&on)), (json!(true), id(&ann)));
    assert_eq!(
        s.get("/Users").await["totalResults"],
        3,
        "no second account"
    );
    // A stale If-Match is refused; the current one is accepted.
    let stale = s.http.patch(s.url(&path)).bearer_auth(s.h.scim_token())
        .header("if-match", ann["meta"]["version"].as_str().unwrap())
        .header("content-type", "application/scim+json")
        .body(json!({ "schemas": [schema::PATCH_OP], "Operations": [{ "op": "replace", "path": "title", "value": "CFO" }] }).to_string())
        .send().await.unwrap();
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    let r = s
        .http
        .get(s.url(&path))
        .bearer_auth(s.h.scim_token())
        .send()
        .await
        .unwrap();
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(etag, on["meta"]["version"].as_str().unwrap());
    let fresh = s
        .http
        .delete(s.url(&path))
        .bearer_auth(s.h.scim_token())
        .header("if-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(fresh.status(), StatusCode::NO_CONTENT);
    s.h.shutdown().await;
}

#[tokio::test]
async fn identity_patches_emails_and_enterprise_fields_by_path() {
    let s = Scim::start(SandboxConfig::default()).await;
    let boss = s.create_user("boss@example.test", "E0").await;
    let ann = s.create_user("ann@example.test", "E1").await;
    let path = format!("/Users/{}", id(&ann));
    let ops = json!([
        { "op": "replace", "path": "emails[type eq \"work\"].value", "value": "ann.lee@example.test" },
        { "op": "add", "path": "emails[type eq \"home\"].value", "value": "ann@home.test" },
        { "op": "replace", "path": "userName", "value": "ann.lee@example.test" },
        { "op": "replace", "path": format!("{ENTERPRISE}:department"), "value": "Finance" },
        { "op": "add", "path": format!("{ENTERPRISE}:manager"), "value": { "value": id(&boss) } },
        { "op": "replace", "path": "name.givenName", "value": "Annie" },
        { "op": "remove", "path": "title" },
    ]);
    let (status, after) = s.patch(&path, ops).await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(after["userName"], "ann.lee@example.test");
    assert_eq!(
        after["emails"],
        json!([
            { "value": "ann.lee@example.test", "type": "work", "primary": true },
            { "value": "ann@home.test", "type": "home" },
        ])
    );
    assert_eq!(after[ENTERPRISE]["department"], "Finance");
    assert_eq!(after[ENTERPRISE]["manager"]["value"], id(&boss));
    assert_eq!(
        after[ENTERPRISE]["manager"]["displayName"], "Ann Lee",
        "the manager's displayName"
    );
    assert_eq!(
        after["name"],
        json!({ "givenName": "Annie", "familyName": "Lee" })
    );
    let (status, body) = s
        .patch(
            &path,
            json!([{ "op": "replace", "path": "id", "value": "x" }]),
        )
        .await;
    assert_eq!(
        (status, body["scimType"].as_str()),
        (StatusCode::BAD_REQUEST, Some("mutability"))
    );
    let (status, body) = s
        .patch(
            &path,
            json!([{ "op": "replace", "path": "userName", "value": "BOSS@example.test" }]),
        )
        .await;
    assert_eq!(
        (status, body["scimType"].as_str()),
        (StatusCode::CONFLICT, Some("uniqueness"))
    );
    s.h.shutdown().await;
}

#[tokio::test]
async fn identity_group_membership_follows_patches_and_shows_on_users() {
    let s = Scim::start(SandboxConfig::default()).await;
    let ann = s.create_user("ann@example.test", "E1").await;
    let bob = s.create_user("bob@example.test", "E2").await;
    let (status, sales) = s
        .send(
            "POST",
            "/Groups",
            Some(json!({ "displayName": "Sales", "members": [{ "value": id(&ann) }] })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{sales}");
    assert_eq!(sales["members"][0]["display"], "Ann Lee");
    assert!(sales["members"][0]["$ref"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/Users/{}", id(&ann))));
    let path = format!("/Groups/{}", id(&sales));
    let (status, body) = s
        .patch(
            &path,
            json!([
                { "op": "add", "path": "members", "value": [{ "value": id(&bob) }] },
                { "op": "remove", "path": format!("members[value eq \"{}\"]", id(&ann)) },
            ]),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let members: Vec<&str> = body["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["value"].as_str().unwrap())
        .collect();
    assert_eq!(members, [id(&bob)]);
    let bob_now = s.get(&format!("/Users/{}", id(&bob))).await;
    assert_eq!(bob_now["groups"][0]["value"], id(&sales));
    assert_eq!(bob_now["groups"][0]["display"], "Sales");
    assert!(s
        .get(&format!("/Users/{}", id(&ann)))
        .await
        .get("groups")
        .is_none());
    let in_sales = s
        .find("Users", &format!("groups[value eq \"{}\"]", id(&sales)))
        .await;
    assert_eq!(in_sales.iter().map(id).collect::<Vec<_>>(), [id(&bob)]);
    assert_eq!(
        s.find("Groups", &format!("members.value eq \"{}\"", id(&bob)))
            .await
            .len(),
        1
    );
    let (status, body) = s
        .patch(
            &path,
            json!([{ "op": "add", "path": "members", "value": [{ "value": "nobody" }] }]),
        )
        .await;
    assert_eq!(
        (status, body["scimType"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalidValue"))
    );
    // Deleting a user takes it out of its groups.
    assert_eq!(
        s.send("DELETE", &format!("/Users/{}", id(&bob)), None)
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    assert!(s.get(&path).await.get("members").is_none());
    s.h.shutdown().await;
}

#[tokio::test]
async fn identity_bulk_resolves_bulk_ids_and_keeps_its_limits() {
    let s = Scim::start(SandboxConfig::default()).await;
    let ops = json!([
        { "method": "POST", "path": "/Groups", "bulkId": "g", "data": {
            "displayName": "Engineering", "members": [{ "value": "bulkId:a" }, { "value": "bulkId:b" }] } },
        { "method": "POST", "path": "/Users", "bulkId": "a", "data": { "userName": "a@example.test", "externalId": "A" } },
        { "method": "POST", "path": "/Users", "bulkId": "b", "data": { "userName": "b@example.test", "externalId": "B" } },
        { "method": "PATCH", "path": "/Users/bulkId:a", "data": {
            "Operations": [{ "op": "replace", "path": "active", "value": false }] } },
        { "method": "POST", "path": "/Users", "bulkId": "dup", "data": { "userName": "A@example.test" } },
    ]);
    let (status, body) = s.send("POST", "/Bulk", Some(json!({ "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": ops }))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let answers = body["Operations"].as_array().unwrap();
    let statuses: Vec<&str> = answers
        .iter()
        .map(|o| o["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["201", "201", "201", "200", "409"]);
    assert_eq!(answers[4]["response"]["scimType"], "uniqueness");
    let group = s
        .get(
            answers[0]["location"]
                .as_str()
                .unwrap()
                .split("/scim/v2")
                .nth(1)
                .unwrap(),
        )
        .await;
    assert_eq!(group["members"].as_array().unwrap().len(), 2);
    assert_eq!(
        s.find("Users", "externalId eq \"A\"").await[0]["active"],
        false
    );
    // failOnErrors stops after that many errors.
    let failing = json!({ "failOnErrors": 1, "Operations": [
        { "method": "POST", "path": "/Users", "bulkId": "x", "data": { "userName": "a@example.test" } },
        { "method": "POST", "path": "/Users", "bulkId": "y", "data": { "userName": "y@example.test" } },
    ]});
    let (_, body) = s.send("POST", "/Bulk", Some(failing)).await;
    assert_eq!(body["Operations"].as_array().unwrap().len(), 1);
    assert!(s
        .find("Users", "userName eq \"y@example.test\"")
        .await
        .is_empty());
    let many: Vec<Value> = (0..=MAX_BULK_OPERATIONS)
        .map(|n| json!({ "method": "POST", "path": "/Users", "bulkId": n.to_string(), "data": { "userName": format!("u{n}@x.test") } }))
        .collect();
    let (status, body) = s
        .send("POST", "/Bulk", Some(json!({ "Operations": many })))
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("413"))
    );
    let big = json!({ "Operations": [{ "method": "POST", "path": "/Users", "bulkId": "big",
        "data": { "userName": "big@x.test", "title": "x".repeat(MAX_BULK_PAYLOAD) } }] });
    let (status, _) = s.send("POST", "/Bulk", Some(big)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        s.get("/Users").await["totalResults"],
        4,
        "nothing from the refused requests"
    );
    s.h.shutdown().await;
}

#[tokio::test]
async fn identity_pages_lists_and_projects_attributes() {
    let s = Scim::start(SandboxConfig::default()).await;
    for n in 0..5 {
        s.create_user(&format!("p{n}@example.test"), &format!("P{n}"))
            .await;
    }
    let page = s.get("/Users?startIndex=3&count=2").await;
    assert_eq!(
        (
            page["totalResults"].clone(),
            page["startIndex"].clone(),
            page["itemsPerPage"].clone()
        ),
        (json!(7), json!(3), json!(2))
    );
    assert_eq!(page["Resources"].as_array().unwrap().len(), 2);
    let none = s.get("/Users?count=0").await;
    assert_eq!(
        (none["totalResults"].clone(), none["Resources"].clone()),
        (json!(7), json!([]))
    );
    let thin = s.get("/Users?attributes=userName,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department&count=1&filter=externalId%20eq%20%22P0%22").await;
    let one = &thin["Resources"][0];
    assert_eq!(one["userName"], "p0@example.test");
    assert_eq!(one[ENTERPRISE], json!({ "department": "Sales" }));
    assert!(one.get("emails").is_none() && one.get("id").is_some());
    let without = s
        .get("/Users?excludedAttributes=emails,name.familyName&filter=externalId%20eq%20%22P0%22")
        .await;
    assert!(without["Resources"][0].get("emails").is_none());
    assert_eq!(
        without["Resources"][0]["name"],
        json!({ "givenName": "Ann" })
    );
    s.h.shutdown().await;
}

#[tokio::test]
async fn identity_directory_survives_a_restart_and_resets() {
    let dir = tempfile::tempdir().unwrap();
    let config = SandboxConfig {
        state_file: Some(dir.path().join("sandbox.json")),
        ..SandboxConfig::default()
    };
    let s = Scim::start(config.clone()).await;
    let ann = s.create_user("ann@example.test", "E1").await;
    let (_, group) = s
        .send(
            "POST",
            "/Groups",
            Some(json!({ "displayName": "Sales", "members": [{ "value": id(&ann) }] })),
        )
        .await;
    s.h.shutdown().await;
    let s = Scim::start(config.clone()).await;
    let again = s.get(&format!("/Users/{}", id(&ann))).await;
    assert_eq!(again["externalId"], "E1");
    assert_eq!(again["meta"]["version"], ann["meta"]["version"]);
    assert_eq!(again["groups"][0]["value"], id(&group));
    // A new account after the restart gets a new id, not a reused one.
    let bob = s.create_user("bob@example.test", "E2").await;
    assert_ne!(id(&bob), id(&ann));
    let r = s
        .http
        .post(format!("{}/_sandbox/reset", s.h.url))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        s.get("/Users").await["totalResults"],
        2,
        "back to the showcase accounts"
    );
    assert_eq!(s.get("/Groups").await["totalResults"], 0);
    s.h.shutdown().await;
    let s = Scim::start(config).await;
    assert_eq!(
        s.get("/Users").await["totalResults"],
        2,
        "the reset was saved"
    );
    s.h.shutdown().await;
}

#[tokio::test]
async fn identity_faults_apply_only_when_asked() {
    let s = Scim::start(SandboxConfig::default()).await;
    let set = |body: Value| {
        let http = s.http.clone();
        let url = format!("{}/_sandbox/faults", s.h.url);
        async move { http.post(url).json(&body).send().await.unwrap().status() }
    };
    assert_eq!(
        set(json!({ "rate_limit_probability": 1.0, "retry_after_secs": 7 })).await,
        StatusCode::OK
    );
    assert_eq!(
        s.send("GET", "/Users", None).await.0,
        StatusCode::OK,
        "TriNet faults stay on TriNet"
    );
    assert_eq!(
        set(json!({ "identity_faults": true })).await,
        StatusCode::OK
    );
    let r = s
        .http
        .get(s.url("/Users"))
        .bearer_auth(s.h.scim_token())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "7");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["status"], "429");
    s.h.shutdown().await;
}
