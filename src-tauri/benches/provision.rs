//! Provisioning at scale: a push plan of 100,000 directory people against
//! 100,000 accounts (goal: under 1 s), and a push of 10,000 new accounts to
//! the sandbox's identity directory on loopback with 20 ms added to every
//! answer (goal: within 1.5x the floor set by requests x latency /
//! concurrency). Prints `BENCH` rows for scripts/bench.sh:
//! `cargo bench -p roster --bench provision`. `ROSTER_BENCH_PEOPLE` and
//! `ROSTER_BENCH_PUSHED` set other sizes (a quick check, or a profile of
//! the debug build).

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use roster_app::model::{DirectoryPerson, PersonStatus, TargetGroup, TargetUser, ENTERPRISE_USER};
use roster_app::net::CancelToken;
use roster_app::reconcile::{self, PushInput, TargetSettings};
use roster_app::sandbox::{self, FaultsPatch, SandboxConfig};
use roster_app::scim::{ScimClient, TargetConfig};
use roster_app::vault::Sensitive;
use serde_json::json;

/// The allocator the `roster` binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const LATENCY_MS: u64 = 20;
/// Requests a push keeps in flight (provision::apply's bound).
const CONCURRENCY: f64 = 4.0;
const DEPARTMENTS: &[&str] = &["Sales", "Engineering", "Support", "Finance", "People"];

fn person(i: usize) -> DirectoryPerson {
    let values: HashMap<String, String> = [
        ("employee_id", format!("{:08}", 10_000_000 + i)),
        ("work_email", format!("person{i}@example.com")),
        ("first_name", format!("Given{i}")),
        ("last_name", format!("Family{}", i % 5_000)),
        ("job_title", "Engineer".to_string()),
        ("department", DEPARTMENTS[i % DEPARTMENTS.len()].to_string()),
        ("manager_email", format!("person{}@example.com", i / 8)),
        ("start_date", "2020-01-01".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    DirectoryPerson {
        person_id: i as i64 + 1,
        values,
        status: PersonStatus::Active,
        missing_runs: 0,
        alternate_id: None,
    }
}

/// The account person `i` has, with every 20th one out of date.
fn account(i: usize) -> TargetUser {
    let id = format!("acct-{i}");
    let title = if i.is_multiple_of(20) {
        "Old title"
    } else {
        "Engineer"
    };
    let resource = json!({
        "id": id, "userName": format!("person{i}@example.com"),
        "externalId": format!("{:08}", 10_000_000 + i), "active": true,
        "name": {"givenName": format!("Given{i}"), "familyName": format!("Family{}", i % 5_000)},
        "displayName": format!("Given{i} Family{}", i % 5_000), "title": title,
        "emails": [{"value": format!("person{i}@example.com"), "type": "work", "primary": true}],
        ENTERPRISE_USER: {
            "employeeNumber": format!("{:08}", 10_000_000 + i),
            "department": DEPARTMENTS[i % DEPARTMENTS.len()],
            "manager": {"value": format!("acct-{}", i / 8)}
        }
    });
    TargetUser {
        id,
        external_id: Some(format!("{:08}", 10_000_000 + i)),
        user_name: format!("person{i}@example.com"),
        active: true,
        resource,
    }
}

fn bench_plan() {
    let people_count = common::size("ROSTER_BENCH_PEOPLE", 100_000);
    let people: Vec<DirectoryPerson> = (0..people_count).map(person).collect();
    let users: Vec<TargetUser> = (0..people_count).map(account).collect();
    let members: Vec<String> = users.iter().map(|u| u.id.clone()).collect();
    let groups = vec![TargetGroup {
        id: "all".into(),
        display_name: "All employees".into(),
        members,
    }];
    let settings = TargetSettings::default();
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        let plan = reconcile::plan(&PushInput {
            people: &people,
            users: &users,
            groups: &groups,
            settings: &settings,
            today: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            company: None,
            former_since: &Default::default(),
        })
        .unwrap();
        best = best.min(started.elapsed());
        assert!(
            plan.counts.update >= (people_count / 20) as u32,
            "{:?}",
            plan.counts
        );
    }
    common::row(
        &format!("push plan, {people_count} people vs {people_count} accounts"),
        common::ms(best),
        None,
        "ms",
        common::Goal {
            text: "< 1000 ms",
            below: Some(1000.0),
            ratio_at_most: None,
        },
    );
}

async fn bench_push() {
    let handle = sandbox::start(SandboxConfig {
        employees: 10,
        seed: 9,
        ..Default::default()
    })
    .await
    .unwrap();
    let token = Sensitive::new(handle.scim_token().to_string());
    let client = ScimClient::new(TargetConfig::new(&handle.scim_base_url()), &token).unwrap();
    let cancel = CancelToken::new();
    let caps = client.discover(&cancel).await.unwrap();
    let pushed = common::size("ROSTER_BENCH_PUSHED", 10_000);
    let people: Vec<DirectoryPerson> = (0..pushed).map(person).collect();
    let settings = TargetSettings::default();
    let plan = reconcile::plan(&PushInput {
        people: &people,
        users: &[],
        groups: &[],
        settings: &settings,
        today: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
        company: None,
        former_since: &Default::default(),
    })
    .unwrap();
    handle
        .sandbox
        .set_faults(FaultsPatch {
            latency_ms: Some(LATENCY_MS),
            identity_faults: Some(true),
            ..Default::default()
        })
        .unwrap();
    let sent_before = client.requests_sent();
    let started = Instant::now();
    let report =
        roster_app::provision::apply(&client, &caps, &plan, &settings, &cancel, &mut |_| {})
            .await
            .unwrap();
    let took = started.elapsed().as_secs_f64();
    assert_eq!(report.failed, 0);
    let requests = (client.requests_sent() - sent_before) as f64;
    let floor = requests * LATENCY_MS as f64 / 1e3 / CONCURRENCY;
    common::row(
        &format!("push {pushed} new accounts, {LATENCY_MS} ms latency, {requests} requests"),
        took,
        Some(floor),
        "s",
        common::Goal {
            text: "<= 1.5x requests x latency / concurrency",
            below: None,
            ratio_at_most: Some(1.5),
        },
    );
    handle.shutdown().await;
}

fn main() {
    // `ROSTER_LOG=roster_app::provision=debug,roster_app::sandbox=debug`:
    // where a push's time goes, phase by phase and request by request.
    if let Ok(filter) = std::env::var("ROSTER_LOG") {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_writer(std::io::stderr)
            .init();
    }
    bench_plan();
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(bench_push());
}
