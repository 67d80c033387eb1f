//! Pushes in History, a person's account actions in their timeline, and
//! deletion after N days, against the real reference SCIM server
//! (`scim2-server`), with the sandbox company's clock moving on.

use super::provision as push;
use super::provision_tests::{import, push_as};
use super::sandbox;
use super::tests::sandbox_state;
use crate::history;
use crate::model::{PushKind, PushQuery, PushState, PushTrigger};
use crate::net::CancelToken;
use crate::scim::reference_server::ReferenceServer;
use crate::scim::{ScimClient, TargetConfig};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushes_are_in_history_and_in_timelines_and_old_leavers_are_deleted_only_when_asked() {
    let server = ReferenceServer::start();
    let dir = tempfile::tempdir().unwrap();
    let state = sandbox_state(dir.path(), 200, 1405).await;
    import(&state).await;
    let cancel = CancelToken::new();
    push::add_target(&state, "Reference", &server.base_url, server.token.clone())
        .await
        .unwrap();
    let client = ScimClient::new(TargetConfig::new(&server.base_url), &server.token).unwrap();
    let (first, _) = push_as(&state, "window").await;

    for _ in 0..3 {
        sandbox::advance(&state, 30).await.unwrap();
    }
    import(&state).await;
    let (second, applied) = push_as(&state, "cli:hr").await;
    let former: std::collections::HashSet<i64> = state
        .read(|s| s.directory())
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.status == crate::model::PersonStatus::Former)
        .map(|p| p.person_id)
        .collect();
    // A leaver (not someone on leave, also deactivated).
    let leaver = second
        .plan
        .changes
        .iter()
        .find(|c| {
            c.kind == PushKind::Deactivate && c.person_id.is_some_and(|p| former.contains(&p))
        })
        .expect("a quarter of the company's life has leavers")
        .clone();

    // History lists both, newest first, with who sent them; filters work.
    let store = state.store().unwrap();
    let all = history::pushes(&store, &PushQuery::default()).unwrap();
    let ids: Vec<i64> = all.pushes.iter().map(|p| p.push_id).collect();
    assert_eq!(ids, [second.push_id, first.push_id]);
    assert_eq!(all.pushes[0].trigger, Some(PushTrigger::Cli));
    assert_eq!(all.pushes[1].trigger, Some(PushTrigger::Window));
    assert_eq!(all.pushes[0].state, PushState::Applied);
    assert_eq!(all.pushes[0].target, "Reference");
    assert_eq!(all.pushes[0].succeeded as usize, applied.succeeded);
    let by_cli = history::pushes(
        &store,
        &PushQuery {
            trigger: Some(PushTrigger::Cli),
            ..PushQuery::default()
        },
    )
    .unwrap();
    assert_eq!(by_cli.total, 1);
    let detail = history::push(&store, second.push_id).unwrap();
    assert!(detail.changes.iter().all(|c| c.kind != PushKind::Unchanged));
    assert_eq!(detail.receipts.len(), applied.receipts.len());

    // The CSV: each line with its receipt status.
    let (csv, rows) = history::csv::push(&store, second.push_id).unwrap();
    assert!(rows as usize >= detail.changes.len());
    assert!(csv.starts_with("kind,user_name,external_id,display_name,attribute,before,after,groups_added,groups_removed,attention,receipt,operation,http_status,detail"));
    let deactivated = csv
        .lines()
        .find(|l| l.starts_with("deactivate,") && l.contains(&leaver.user_name))
        .expect("the leaver's line");
    assert!(deactivated.contains(",ok,"), "{deactivated}");

    // The leaver's timeline: created, then deactivated, beside their import changes.
    let person = leaver.person_id.unwrap();
    let timeline = history::person(&store, person).unwrap();
    let kinds: Vec<PushKind> = timeline.accounts.iter().map(|a| a.kind).collect();
    assert_eq!(kinds.last(), Some(&PushKind::Deactivate), "{kinds:?}");
    assert!(kinds.contains(&PushKind::Create) || kinds.contains(&PushKind::Update));
    assert!(timeline
        .accounts
        .iter()
        .all(|a| a.ok && a.target == "Reference"));
    assert!(!timeline.changes.is_empty());
    drop(store);

    // Deletion is off by default: the deactivated account stays, whatever the days.
    for _ in 0..2 {
        sandbox::advance(&state, 30).await.unwrap();
    }
    import(&state).await;
    let kept = push::preview(&state, "Reference", &cancel).await.unwrap();
    assert_eq!(kept.plan.counts.delete, 0);

    // On, after 30 days: the leaver (gone 60 days) is proposed for deletion.
    let mut settings = push::target_settings(&state, "Reference").await.unwrap();
    settings.policy.delete_after_days = Some(30);
    push::save_target_settings(&state, "Reference", settings)
        .await
        .unwrap();
    let (deleting, sent) = push_as(&state, "window").await;
    // Leavers the second push deactivated (not those then on leave, who
    // left later) who are still former (some are rehired, and reactivated).
    let still_former: Vec<_> = state
        .read(|s| s.directory())
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.status == crate::model::PersonStatus::Former)
        .filter_map(|p| p.stored("employee_id").map(str::to_string))
        .collect();
    let deactivated: Vec<&str> = second
        .plan
        .changes
        .iter()
        .filter(|c| c.kind == PushKind::Deactivate)
        .filter(|c| c.person_id.is_some_and(|p| former.contains(&p)))
        .filter_map(|c| c.external_id.as_deref())
        .filter(|e| still_former.iter().any(|f| f == e))
        .collect();
    assert!(!deactivated.is_empty());
    for anchor in &deactivated {
        let line = deleting
            .plan
            .changes
            .iter()
            .find(|c| c.external_id.as_deref() == Some(anchor))
            .expect("a line for each old leaver");
        assert_eq!(line.kind, PushKind::Delete, "{line:?}");
    }
    let deletion = deleting
        .plan
        .changes
        .iter()
        .find(|c| c.kind == PushKind::Delete)
        .unwrap();
    assert!(deleting.plan.counts.delete >= 1);
    assert!(sent
        .receipts
        .iter()
        .any(|r| r.kind == PushKind::Delete && r.operation.starts_with("DELETE /Users/") && r.ok));
    let anchor = deletion.external_id.as_deref().unwrap();
    assert!(client
        .user_by_external_id(anchor, &cancel)
        .await
        .unwrap()
        .is_none());
    let after = push::preview(&state, "Reference", &cancel).await.unwrap();
    assert_eq!(
        after.plan.counts.to_send(),
        0,
        "never re-created: {:?}",
        after.plan.counts
    );
    let store = state.store().unwrap();
    let timeline = history::person(&store, deletion.person_id.unwrap()).unwrap();
    assert_eq!(
        timeline.accounts.last().map(|a| a.kind),
        Some(PushKind::Delete)
    );
}

/// Auto-push on the sync schedule: the safe lines go at once with trigger
/// `automatic`; mass deactivations trip the guardrail and wait for review,
/// and a push waiting for review is never replaced.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_push_sends_what_is_safe_on_the_schedule_and_leaves_the_held_for_review() {
    let server = ReferenceServer::start();
    let dir = tempfile::tempdir().unwrap();
    let state = sandbox_state(dir.path(), 30, 1406).await;
    import(&state).await;
    let cancel = CancelToken::new();
    let client = ScimClient::new(TargetConfig::new(&server.base_url), &server.token).unwrap();
    push::add_target(&state, "Off", &server.base_url, server.token.clone())
        .await
        .unwrap();
    let nothing = super::scheduled::run_guarded(&state).await.unwrap();
    assert!(
        !nothing.message.contains("Pushed"),
        "off by default: {}",
        nothing.message
    );
    assert!(client.users(&cancel).await.unwrap().is_empty());
    push::remove_target(&state, "Off").await.unwrap();

    let on = |rules: &mut crate::reconcile::TargetSettings| rules.auto_push = true;
    push::add_target_with(
        &state,
        "Reference",
        &server.base_url,
        server.token.clone(),
        on,
    )
    .await
    .unwrap();
    // Nobody has seen these rules at work yet: the whole plan waits.
    let first = super::scheduled::run_guarded(&state).await.unwrap();
    assert!(!first.message.contains("Pushed #"), "{}", first.message);
    assert!(
        first.message.contains("wait for your review"),
        "{}",
        first.message
    );
    assert!(client.users(&cancel).await.unwrap().is_empty());
    let reviewed = push::apply(&state, "Reference", false, "window", &cancel)
        .await
        .unwrap();
    assert!(reviewed.succeeded > 20, "everyone active got an account");
    // Accounts removed in the target come back on the schedule, unreviewed.
    let users = client.users(&cancel).await.unwrap();
    for user in users.iter().take(3) {
        client.delete_user(&user.id, &cancel).await.unwrap();
    }
    let outcome = super::scheduled::run_guarded(&state).await.unwrap();
    assert!(outcome.message.contains("Pushed #"), "{}", outcome.message);
    assert!(
        outcome.message.contains(", 0 failed"),
        "{}",
        outcome.message
    );
    assert_eq!(client.users(&cancel).await.unwrap().len(), users.len());

    // Changed rules wait for an admin again; guardrails do not count.
    let mut rules = push::target_settings(&state, "Reference").await.unwrap();
    rules.guardrails.max_deactivated_people += 1;
    push::save_target_settings(&state, "Reference", rules.clone())
        .await
        .unwrap();
    let gone = &client.users(&cancel).await.unwrap()[0];
    client.delete_user(&gone.id, &cancel).await.unwrap();
    let sent = super::auto_push::run(&state, "automatic:test").await;
    assert!(
        sent[0].push_id.is_some() && sent[0].failed == 0,
        "{:?}",
        sent[0]
    );
    rules
        .groups
        .push(crate::reconcile::settings::GroupRule::Fixed {
            name: "Staff".into(),
        });
    push::save_target_settings(&state, "Reference", rules)
        .await
        .unwrap();
    let held = super::auto_push::run(&state, "automatic:test").await;
    assert_eq!(held[0].push_id, None, "{:?}", held[0]);
    let review = held[0].review_push_id.expect("the plan waits as a push");
    let reviewed = push::apply(&state, "Reference", false, "window", &cancel)
        .await
        .unwrap();
    assert_eq!(reviewed.push_id, review);
    let store = state.store().unwrap();
    let page = history::pushes(&store, &PushQuery::default()).unwrap();
    let by: Vec<_> = page
        .pushes
        .iter()
        .map(|p| (p.trigger, p.decided_by.as_deref()))
        .collect();
    assert_eq!(
        by,
        [
            (Some(PushTrigger::Window), Some("window")),
            (Some(PushTrigger::Automatic), Some("automatic:test")),
            (Some(PushTrigger::Automatic), Some("automatic:sync")),
            (Some(PushTrigger::Window), Some("window")),
        ],
        "newest first"
    );
    drop(store);

    // Most of the company leaves on paper, and one person moves: the move
    // goes, the deactivations wait for review behind the guardrail.
    state
        .write(|s| {
            s.conn()
                .execute(
                    "UPDATE person SET status = 'former' WHERE person_id % 3 = 0",
                    [],
                )
                .map_err(crate::store::StoreError::from)
        })
        .unwrap();
    let done = super::auto_push::run(&state, "automatic:test").await;
    assert_eq!(done.len(), 1);
    let done = &done[0];
    assert!(done.waiting > 2, "{done:?}");
    assert!(
        done.reasons.iter().any(|r| r.contains("deactivated")),
        "{done:?}"
    );
    let review = done
        .review_push_id
        .expect("held lines wait as a push for review");
    let open = push::open_push(&state, "Reference").await.unwrap().unwrap();
    assert_eq!(open.push_id, review);
    assert!(open.plan.guardrail.tripped);
    assert!(
        client
            .users(&cancel)
            .await
            .unwrap()
            .iter()
            .all(|u| u.active),
        "nothing deactivated without a confirmation"
    );

    // The next run never replaces the push waiting for review.
    let again = super::auto_push::run(&state, "automatic:test").await;
    assert_eq!(again[0].push_id, None);
    assert_eq!(again[0].review_push_id, Some(review));
    assert!(
        again[0].line().contains("wait for your review"),
        "{}",
        again[0].line()
    );
}

/// Every reconciliation is kept for auditors: who ran it, when, against
/// which target, what it found (each account named), and a run that could
/// not read the target with why; listed newest first, filtered by target,
/// exported as CSV, and removed with its target.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconciliations_are_kept_in_history_with_who_when_and_what_they_found_even_after_the_target_goes(
) {
    use crate::model::{ReconcileEntry, ReconciliationQuery};
    let server = ReferenceServer::start();
    let dir = tempfile::tempdir().unwrap();
    let state = sandbox_state(dir.path(), 20, 1407).await;
    import(&state).await;
    let cancel = CancelToken::new();
    push::add_target(&state, "Reference", &server.base_url, server.token.clone())
        .await
        .unwrap();
    let client = ScimClient::new(TargetConfig::new(&server.base_url), &server.token).unwrap();
    push_as(&state, "window").await;
    let stranger = serde_json::json!({
        "schemas": [crate::model::CORE_USER], "userName": "stranger@elsewhere.test",
        "externalId": "NOT-AN-EMPLOYEE", "displayName": "A Stranger", "active": true
    });
    client.create_user(&stranger, &cancel).await.unwrap();

    let first = push::reconcile(&state, "Reference", "window", &cancel)
        .await
        .unwrap();
    let orphan = ReconcileEntry {
        user_name: "stranger@elsewhere.test".into(),
        external_id: Some("NOT-AN-EMPLOYEE".into()),
        display_name: "A Stranger".into(),
        detail: "active account with no directory person".into(),
    };
    assert_eq!(first.report.orphans, [orphan]);
    assert_eq!(first.summary.orphans, 1);
    assert_eq!(first.summary.trigger, Some(PushTrigger::Window));
    let second = push::reconcile(&state, "Reference", "cli:hr", &cancel)
        .await
        .unwrap();
    // A run that cannot read the target (its token is gone) is kept with why.
    crate::vault::delete(&crate::provision::token_entry(
        "Reference",
        &server.base_url,
    ))
    .unwrap();
    let failed = push::reconcile(&state, "Reference", "cli:hr", &cancel)
        .await
        .unwrap_err();

    let store = state.store().unwrap();
    let page = history::reconciliations(&store, &ReconciliationQuery::default()).unwrap();
    assert_eq!(page.total, 3);
    let ids: Vec<i64> = page
        .reconciliations
        .iter()
        .map(|r| r.reconciliation_id)
        .collect();
    assert!(
        ids[0] > second.summary.reconciliation_id,
        "newest first: {ids:?}"
    );
    assert_eq!(
        &ids[1..],
        [
            second.summary.reconciliation_id,
            first.summary.reconciliation_id
        ]
    );
    let newest = &page.reconciliations[0];
    assert_eq!(newest.run_by, "cli:hr");
    assert_eq!(newest.trigger, Some(PushTrigger::Cli));
    assert_eq!(newest.failure.as_deref(), Some(failed.message.as_str()));
    assert!(
        failed.message.contains("No token is stored"),
        "{}",
        failed.message
    );
    assert_eq!(
        (newest.orphans, newest.missing, newest.mismatched),
        (0, 0, 0)
    );
    assert_eq!(page.reconciliations[1], second.summary);
    assert!(chrono::DateTime::parse_from_rfc3339(&second.summary.run_at).is_ok());

    // Opened from History: the same report the run returned.
    let stored = history::reconciliation(&store, first.summary.reconciliation_id).unwrap();
    assert_eq!(stored.report, first.report);
    assert_eq!(stored.summary.target, "Reference");
    let missing = history::reconciliation(&store, 999).unwrap_err();
    assert!(missing.to_string().contains("roster reconcile list"));

    // The CSV names the finding, the account and the run on each row.
    let (csv, rows) =
        history::csv::reconciliation(&store, first.summary.reconciliation_id).unwrap();
    assert_eq!(rows, 1);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "finding,user_name,external_id,display_name,detail,target,run_at,run_by"
    );
    assert_eq!(
        lines[1],
        format!(
            "orphan,stranger@elsewhere.test,NOT-AN-EMPLOYEE,A Stranger,active account with no \
             directory person,Reference,{},window",
            first.summary.run_at
        )
    );

    let other = history::reconciliations(
        &store,
        &ReconciliationQuery {
            target: Some("Elsewhere".into()),
            ..ReconciliationQuery::default()
        },
    )
    .unwrap();
    assert_eq!(other.total, 0);
    drop(store);
    push::remove_target(&state, "Reference").await.unwrap();
    // Removing the target keeps its runs for auditors, under a name that
    // says it is gone and frees "Reference" for a new target.
    let store = state.store().unwrap();
    let kept = history::reconciliations(&store, &ReconciliationQuery::default()).unwrap();
    assert_eq!(kept.total, 3, "kept with the removed target");
    let removed = &kept.reconciliations[0].target;
    assert!(removed.starts_with("Reference (removed 20"), "{removed}");
    assert_eq!(kept.targets, std::slice::from_ref(removed));
    let detail = history::reconciliation(&store, second.summary.reconciliation_id).unwrap();
    assert_eq!(detail.report, second.report);
    let pushes = history::pushes(&store, &crate::model::PushQuery::default()).unwrap();
    assert_eq!(pushes.total, 1, "its push is kept too");
    assert_eq!(&pushes.pushes[0].target, removed);
    assert!(pushes.pushes[0].succeeded > 0);
    drop(store);
    assert!(push::list_targets(&state).await.unwrap().is_empty());
    push::add_target(&state, "Reference", &server.base_url, server.token.clone())
        .await
        .unwrap();
    let store = state.store().unwrap();
    let fresh = history::reconciliations(
        &store,
        &ReconciliationQuery {
            target: Some("Reference".into()),
            ..ReconciliationQuery::default()
        },
    )
    .unwrap();
    assert_eq!(fresh.total, 0, "the new target starts its own history");
    assert_eq!(fresh.targets, ["Reference".to_string(), removed.clone()]);
}
