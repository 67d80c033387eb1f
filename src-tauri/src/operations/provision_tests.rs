//! Provisioning end to end: a sandbox company imported into the directory
//! and pushed to the real reference SCIM server (`scim2-server`), week
//! after week.

use super::preview::preview;
use super::provision::{self as push, PushPreview};
use super::tests::sandbox_state;
use super::{sandbox, AppState, ErrorCode};
use crate::model::{ImportTrigger, PushKind, PushState};
use crate::net::CancelToken;
use crate::scim::reference_server::ReferenceServer;
use crate::scim::{filter_eq, PatchOp, ScimClient, TargetConfig};

pub(super) async fn import(state: &AppState) {
    let summary = preview(state, ImportTrigger::Manual, |_| {}).await.unwrap();
    let store = state.store().unwrap();
    crate::sync::imports::apply(&store, summary.import_id, true, chrono::Utc::now()).unwrap();
}

async fn push_now(state: &AppState) -> PushPreview {
    push_as(state, "test").await.0
}

/// Previews and applies a push to "Reference" as `by`; every operation succeeds.
pub(super) async fn push_as(state: &AppState, by: &str) -> (PushPreview, push::PushApplied) {
    let cancel = CancelToken::new();
    let preview = push::preview(state, "Reference", &cancel).await.unwrap();
    let applied = push::apply(state, "Reference", true, by, &cancel)
        .await
        .unwrap();
    assert_eq!(
        applied.failed,
        0,
        "{:#?}",
        applied
            .receipts
            .iter()
            .filter(|r| !r.ok)
            .collect::<Vec<_>>()
    );
    assert_eq!(applied.state, PushState::Applied);
    (preview, applied)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_directory_flows_to_a_scim_server_week_after_week() {
    let server = ReferenceServer::start();
    let dir = tempfile::tempdir().unwrap();
    let state = sandbox_state(dir.path(), 60, 1401).await;
    import(&state).await;
    let cancel = CancelToken::new();

    let added = push::add_target(&state, "Reference", &server.base_url, server.token.clone())
        .await
        .unwrap();
    assert!(added.has_token && added.capabilities.as_ref().unwrap().patch);
    let listed = push::list_targets(&state).await.unwrap();
    assert_eq!(listed.len(), 1);
    let db = std::fs::read(dir.path().join("company").join("roster.db")).unwrap_or_default();
    assert!(
        !db.windows(server.token.expose().len())
            .any(|w| w == server.token.expose().as_bytes()),
        "the token is not in the database file"
    );

    let first = push_now(&state).await;
    let people_with_accounts = first.plan.counts.create;
    assert!(people_with_accounts > 40, "{:?}", first.plan.counts);
    let client = ScimClient::new(TargetConfig::new(&server.base_url), &server.token).unwrap();
    let users = client.users(&cancel).await.unwrap();
    assert_eq!(users.len() as u32, people_with_accounts);
    let groups = client.groups(&cancel).await.unwrap();
    let everyone = groups
        .iter()
        .find(|g| g.display_name == "All employees")
        .unwrap();
    assert_eq!(everyone.members.len() as u32, people_with_accounts);

    let again = push::preview(&state, "Reference", &cancel).await.unwrap();
    assert_eq!(
        again.plan.counts.to_send(),
        0,
        "nothing to do right after a push: {:#?}",
        again
            .plan
            .changes
            .iter()
            .filter(|c| c.kind != PushKind::Unchanged)
            .take(3)
            .collect::<Vec<_>>()
    );

    // A quarter of the sandbox company's life: joiners, leavers, movers.
    for _ in 0..3 {
        sandbox::advance(&state, 30).await.unwrap();
    }
    import(&state).await;
    let week = push_now(&state).await;
    let c = &week.plan.counts;
    assert!(c.create + c.update + c.deactivate > 0, "{c:?}");
    for line in week
        .plan
        .changes
        .iter()
        .filter(|l| l.kind == PushKind::Deactivate)
    {
        let anchor = line.external_id.as_deref().unwrap();
        let account = client.user_by_external_id(anchor, &cancel).await.unwrap();
        assert!(!account.expect("deactivated, never deleted").active);
    }
    let after = push::preview(&state, "Reference", &cancel).await.unwrap();
    assert_eq!(after.plan.counts.to_send(), 0, "{:?}", after.plan.counts);
    let anchors: Vec<_> = client
        .users(&cancel)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|u| u.external_id)
        .collect();
    let unique: std::collections::HashSet<_> = anchors.iter().collect();
    assert_eq!(unique.len(), anchors.len(), "no second account for anyone");

    // An account made directly in the target is an orphan, left alone.
    let stranger = serde_json::json!({
        "schemas": [crate::model::CORE_USER], "userName": "stranger@elsewhere.test",
        "externalId": "NOT-AN-EMPLOYEE", "active": true
    });
    client.create_user(&stranger, &cancel).await.unwrap();
    let report = push::reconcile(&state, "Reference", "cli:hr", &cancel)
        .await
        .unwrap()
        .report;
    assert_eq!(report.orphans.len(), 1);
    assert_eq!(report.orphans[0].user_name, "stranger@elsewhere.test");
    assert!(
        report.missing.is_empty() && report.mismatched.is_empty(),
        "{report:#?}"
    );
    let found = client
        .users_where(&filter_eq("userName", "stranger@elsewhere.test"), &cancel)
        .await
        .unwrap();
    assert!(found[0].active, "an orphan is listed, not touched");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_token_and_an_empty_directory_send_nothing() {
    let server = ReferenceServer::start();
    let dir = tempfile::tempdir().unwrap();
    let state = sandbox_state(dir.path(), 5, 1402).await;
    let cancel = CancelToken::new();
    let wrong = push::add_target(
        &state,
        "Reference",
        &server.base_url,
        crate::vault::Sensitive::new("wrong".to_string()),
    )
    .await
    .unwrap_err();
    assert_eq!(wrong.code, ErrorCode::TargetTokenRefused, "{wrong:?}");
    push::add_target(&state, "Reference", &server.base_url, server.token.clone())
        .await
        .unwrap();
    let empty = push::preview(&state, "Reference", &cancel)
        .await
        .unwrap_err();
    assert_eq!(empty.code, ErrorCode::DirectoryEmpty, "{empty:?}");
    let client = ScimClient::new(TargetConfig::new(&server.base_url), &server.token).unwrap();
    assert!(client.users(&cancel).await.unwrap().is_empty());
    push::remove_target(&state, "Reference").await.unwrap();
    assert!(push::list_targets(&state).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_failures_and_slow_answers_end_identical_or_in_recorded_failures() {
    use crate::scim::fault_proxy::{FaultProxy, Schedule};
    let server = ReferenceServer::start();
    let schedule = Schedule {
        throttle_every: 11,
        fail_every: 7,
        slow_every: 5,
        slow: std::time::Duration::from_millis(200),
    };
    let proxy = FaultProxy::start(&server.base_url, schedule).await;
    let dir = tempfile::tempdir().unwrap();
    let state = sandbox_state(dir.path(), 25, 1403).await;
    import(&state).await;
    let cancel = CancelToken::new();
    // One request per account (no Bulk), so faults land on single creates.
    let no_bulk =
        |rules: &mut crate::reconcile::TargetSettings| rules.bulk_max_operations = Some(0);
    push::add_target_with(
        &state,
        "Flaky",
        &proxy.base_url,
        server.token.clone(),
        no_bulk,
    )
    .await
    .unwrap();
    let mut rounds = 0;
    loop {
        rounds += 1;
        assert!(rounds <= 6, "still not in step after 5 pushes");
        let plan = push::preview(&state, "Flaky", &cancel).await.unwrap();
        if plan.plan.counts.to_send() == 0 {
            break;
        }
        let applied = push::apply(&state, "Flaky", true, "test", &cancel)
            .await
            .unwrap();
        if applied.failed > 0 {
            // Retrying sends only what failed, checked against the target now.
            let failed = applied
                .receipts
                .iter()
                .filter(|r| !r.ok && r.external_id.is_some())
                .count();
            let retried = push::retry(&state, "Flaky", "test", &cancel).await.unwrap();
            let people = retried
                .receipts
                .iter()
                .filter(|r| r.external_id.is_some())
                .count();
            assert!(
                people <= 2 * failed.max(1),
                "{people} operations for {failed} failures"
            );
        }
        for failed in applied.receipts.iter().filter(|r| !r.ok) {
            assert!(failed.detail.is_some() && failed.status > 0, "{failed:?}");
        }
        let expected = if applied.failed == 0 {
            PushState::Applied
        } else {
            PushState::Partial
        };
        assert_eq!(applied.state, expected);
    }
    assert!(rounds > 1, "the faults made at least one operation fail");
    assert!(proxy.requests() > 20);
    let direct = ScimClient::new(TargetConfig::new(&server.base_url), &server.token).unwrap();
    let users = direct.users(&cancel).await.unwrap();
    let mut anchors: Vec<_> = users.iter().filter_map(|u| u.external_id.clone()).collect();
    let count = anchors.len();
    anchors.sort();
    anchors.dedup();
    assert_eq!(anchors.len(), count, "no second account for anyone");
}

/// A target without PATCH or Bulk (a plainer app): creates one by one,
/// updates and deactivations by PUT of the whole account, `active` sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_without_patch_or_bulk_gets_whole_accounts_by_put() {
    let config_dir = tempfile::tempdir().unwrap();
    let config = config_dir.path().join("spc.json");
    let plain = serde_json::json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": {"supported": false},
        "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": true, "maxResults": 1000},
        "changePassword": {"supported": false},
        "sort": {"supported": false},
        "etag": {"supported": false},
        "authenticationSchemes": []
    });
    std::fs::write(&config, plain.to_string()).unwrap();
    let server =
        ReferenceServer::start_with(&["--service-provider-config", config.to_str().unwrap()]);
    let dir = tempfile::tempdir().unwrap();
    let state = sandbox_state(dir.path(), 30, 1404).await;
    import(&state).await;
    let cancel = CancelToken::new();
    let added = push::add_target(&state, "Plain", &server.base_url, server.token.clone())
        .await
        .unwrap();
    let caps = added.capabilities.unwrap();
    assert!(!caps.patch && caps.bulk.is_none(), "{caps:?}");
    let first = push::preview(&state, "Plain", &cancel).await.unwrap();
    let applied = push::apply(&state, "Plain", true, "test", &cancel)
        .await
        .unwrap();
    assert_eq!(
        applied.failed,
        0,
        "{:?}",
        applied.receipts.iter().find(|r| !r.ok)
    );
    assert!(applied
        .receipts
        .iter()
        .all(|r| !r.operation.contains("Bulk") && !r.operation.starts_with("PATCH /Users")));
    let created = first.plan.counts.create;

    // Everyone leaves on paper: the guardrail holds it; confirmed, each
    // account is replaced whole with active=false, never deleted.
    let everyone: Vec<i64> = state
        .read(|s| s.directory())
        .await
        .unwrap()
        .iter()
        .map(|p| p.person_id)
        .collect();
    state
        .write(|s| {
            s.conn()
                .execute("UPDATE person SET status = 'former'", [])
                .map_err(crate::store::StoreError::from)
        })
        .unwrap();
    let leaving = push::preview(&state, "Plain", &cancel).await.unwrap();
    assert!(leaving.plan.guardrail.tripped);
    let held = push::apply(&state, "Plain", false, "test", &cancel)
        .await
        .unwrap_err();
    assert_eq!(held.code, ErrorCode::GuardrailNotConfirmed);
    let sent = push::apply(&state, "Plain", true, "test", &cancel)
        .await
        .unwrap();
    assert_eq!(sent.failed, 0);
    assert!(sent
        .receipts
        .iter()
        .any(|r| r.operation.starts_with("PUT /Users/")));
    let client = ScimClient::new(TargetConfig::new(&server.base_url), &server.token).unwrap();
    let users = client.users(&cancel).await.unwrap();
    assert_eq!(users.len() as u32, created, "deactivated, not deleted");
    assert!(users.iter().all(|u| !u.active));
    assert!(
        users
            .iter()
            .all(|u| u.resource["name"]["familyName"].is_string()),
        "PUT kept the rest"
    );
    assert!(!everyone.is_empty());
}

/// What an applied push's receipts record, and what a later edit in the
/// target or the directory does to the next push.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn receipts_keep_real_statuses_cleared_titles_go_and_edits_since_the_preview_are_kept() {
    let server = ReferenceServer::start();
    let dir = tempfile::tempdir().unwrap();
    let state = sandbox_state(dir.path(), 20, 1405).await;
    import(&state).await;
    let cancel = CancelToken::new();
    push::add_target(&state, "Reference", &server.base_url, server.token.clone())
        .await
        .unwrap();
    push::preview(&state, "Reference", &cancel).await.unwrap();
    let first = push::apply(&state, "Reference", true, "test", &cancel)
        .await
        .unwrap();
    assert_eq!(first.failed, 0);
    let creates: Vec<_> = first
        .receipts
        .iter()
        .filter(|r| r.kind == PushKind::Create && r.operation.contains("create"))
        .collect();
    assert!(creates.len() > 5);
    assert!(creates.iter().all(|r| r.status == 201), "{creates:?}");
    assert!(first
        .receipts
        .iter()
        .filter(|r| r.operation == "POST /Groups")
        .all(|r| r.status == 201));

    // A title removed in the directory is removed from the account.
    let people = state.read(|s| s.directory()).await.unwrap();
    let titled = people
        .iter()
        .find(|p| p.status == crate::model::PersonStatus::Active && p.stored("job_title").is_some())
        .unwrap();
    let (person_id, employee_id) = (titled.person_id, titled.stored("employee_id").unwrap());
    let title = titled.stored("job_title").unwrap().to_string();
    state
        .write(|s| {
            s.conn()
                .execute(
                    "UPDATE person SET fields = json_remove(fields, '$.job_title') WHERE person_id = ?1",
                    [person_id],
                )
                .map_err(crate::store::StoreError::from)
        })
        .unwrap();
    let cleared = push::preview(&state, "Reference", &cancel).await.unwrap();
    let line = cleared
        .plan
        .changes
        .iter()
        .find(|c| c.external_id.as_deref() == Some(employee_id))
        .unwrap();
    assert_eq!(line.kind, PushKind::Update);
    assert!(
        line.attributes.iter().any(|a| a.attribute == "title"
            && a.before.as_deref() == Some(&title)
            && a.after.is_none()),
        "{line:?}"
    );
    let applied = push::apply(&state, "Reference", true, "test", &cancel)
        .await
        .unwrap();
    assert_eq!(applied.failed, 0, "{:?}", applied.receipts);
    let patched = &applied.receipts[0];
    assert!(
        patched.operation.starts_with("PATCH /Users/"),
        "{patched:?}"
    );
    assert!(matches!(patched.status, 200 | 204), "{patched:?}");
    let client = ScimClient::new(TargetConfig::new(&server.base_url), &server.token).unwrap();
    let account = client
        .user_by_external_id(employee_id, &cancel)
        .await
        .unwrap()
        .unwrap();
    assert!(
        account.resource.get("title").is_none(),
        "{:?}",
        account.resource
    );
    let settled = push::preview(&state, "Reference", &cancel).await.unwrap();
    assert_eq!(
        settled.plan.counts.to_send(),
        0,
        "{:?}",
        settled.plan.counts
    );

    // Two accounts edited by IT: the preview would put their titles back,
    // but IT edits them again before the push is approved. Roster sends
    // what it previewed with If-Match, and the target refuses it.
    let users = client.users(&cancel).await.unwrap();
    let edited: Vec<_> = users
        .iter()
        .filter(|u| u.active && u.external_id.as_deref() != Some(employee_id))
        .take(2)
        .collect();
    let it = |text: &str| [PatchOp::replace("title", serde_json::json!(text))];
    for user in &edited {
        client
            .patch_user(&user.id, &it("Set by IT"), None, &cancel)
            .await
            .unwrap();
    }
    let preview = push::preview(&state, "Reference", &cancel).await.unwrap();
    assert_eq!(preview.plan.counts.update, 2, "{:?}", preview.plan.counts);
    assert!(preview
        .plan
        .changes
        .iter()
        .filter(|c| c.kind == PushKind::Update)
        .all(|c| c.version.is_some()));
    for user in &edited {
        client
            .patch_user(&user.id, &it("Set by IT, again"), None, &cancel)
            .await
            .unwrap();
    }
    let refused = push::apply(&state, "Reference", true, "test", &cancel)
        .await
        .unwrap();
    assert_eq!(refused.state, PushState::Partial);
    assert_eq!(refused.failed, 2, "{:?}", refused.receipts);
    for receipt in refused.receipts.iter().filter(|r| !r.ok) {
        assert_eq!(receipt.status, 412, "{receipt:?}");
        let detail = receipt.detail.as_deref().unwrap();
        assert!(
            detail.contains("changed in the target since the preview"),
            "{detail}"
        );
        assert!(detail.contains("Preview again"), "{detail}");
    }
    for user in &edited {
        let now = client
            .user_by_external_id(user.external_id.as_deref().unwrap(), &cancel)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            now.resource["title"], "Set by IT, again",
            "never overwritten"
        );
    }
    // Previewed again, the push goes through.
    let again = push::preview(&state, "Reference", &cancel).await.unwrap();
    assert_eq!(again.plan.counts.update, 2);
    let sent = push::apply(&state, "Reference", true, "test", &cancel)
        .await
        .unwrap();
    assert_eq!(sent.failed, 0, "{:?}", sent.receipts);
}

/// "Test connection" on a target nothing listens at answers within a few
/// seconds (a refused connection is not retried for half a minute), and
/// says what to do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_target_is_reported_within_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let state = sandbox_state(dir.path(), 5, 1406).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/scim/v2");
    let started = std::time::Instant::now();
    let added = push::add_target(
        &state,
        "Gone",
        &url,
        crate::vault::Sensitive::new("t".into()),
    )
    .await
    .unwrap_err();
    assert_eq!(added.code, ErrorCode::Unreachable, "{added:?}");
    assert!(
        added.message.contains("Check the address"),
        "{}",
        added.message
    );
    let tested = push::test_target(&state, "Gone").await.unwrap_err();
    assert_eq!(tested.code, ErrorCode::Unreachable);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?} for two tests",
        started.elapsed()
    );
    push::remove_target(&state, "Gone").await.unwrap();
}
