//! The Settings screen's values: the schedule, guardrail thresholds, the
//! missing-from-TriNet run count, desktop notifications and retention.
//! Guardrails and the missing count stay where planning reads them
//! (`plan_settings`); the rest is stored under `sync_settings`.

use chrono::{DateTime, Months, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::schedule::Schedule;
use super::SyncError;
use crate::connection::now_text;
use crate::model::{GuardrailSettings, PlanSettings};
use crate::store::Store;

/// The settings key of [`PlanSettings`].
const PLAN_SETTINGS: &str = "plan_settings";

/// The saved plan settings, or the defaults.
pub fn plan_settings(store: &Store) -> Result<PlanSettings, SyncError> {
    Ok(match store.setting(PLAN_SETTINGS)? {
        Some(text) => serde_json::from_str(&text).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "stored plan settings do not parse; using the defaults");
            PlanSettings::default()
        }),
        None => PlanSettings::default(),
    })
}

pub fn save_plan_settings(
    store: &Store,
    settings: &PlanSettings,
    now: DateTime<Utc>,
) -> Result<(), SyncError> {
    let text = serde_json::to_string(settings).expect("settings serialise");
    store.set_setting(PLAN_SETTINGS, &text, &now_text(now))?;
    Ok(())
}

/// The settings key of [`Stored`].
const SYNC_SETTINGS: &str = "sync_settings";

/// How long the per-person details of past imports are kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Retention {
    /// Everything, for ever (the default).
    #[default]
    KeepAll,
    /// Per-person changes of imports older than `months` are deleted; the
    /// imports, their counts and the lifecycle events stay.
    Months { months: u32 },
}

pub const MAX_RETENTION_MONTHS: u32 = 1200;
pub const MAX_MISSING_RUNS: u32 = 100;

/// Everything the Settings screen edits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub schedule: Schedule,
    pub guardrails: GuardrailSettings,
    /// Consecutive runs someone may be missing from TriNet before the plan
    /// proposes deactivating them.
    pub missing_runs_to_deactivate: u32,
    /// Desktop notifications when a scheduled sync holds or fails.
    pub notifications: bool,
    pub retention: Retention,
}

impl Default for Settings {
    fn default() -> Self {
        let plan = PlanSettings::default();
        Self {
            schedule: Schedule::Off,
            guardrails: plan.guardrails,
            missing_runs_to_deactivate: plan.missing_runs_to_deactivate,
            notifications: true,
            retention: Retention::KeepAll,
        }
    }
}

/// What `sync_settings` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct Stored {
    schedule: Schedule,
    /// RFC 3339: when the schedule last changed (the scheduler counts from it).
    schedule_since: Option<String>,
    notifications: bool,
    retention: Retention,
}

impl Default for Stored {
    fn default() -> Self {
        let d = Settings::default();
        Self {
            schedule: d.schedule,
            schedule_since: None,
            notifications: d.notifications,
            retention: d.retention,
        }
    }
}

fn invalid(field: &'static str, message: String) -> SyncError {
    SyncError::InvalidSetting { field, message }
}

fn percent(field: &'static str, label: &str, value: f64) -> Result<(), SyncError> {
    if value.is_finite() && (0.0..=100.0).contains(&value) {
        Ok(())
    } else {
        Err(invalid(
            field,
            format!("{label}: enter a percentage from 0 to 100 (not {value})."),
        ))
    }
}

impl Settings {
    /// Checks every value; the error names the first field that is wrong.
    pub fn validate(&self) -> Result<(), SyncError> {
        self.schedule
            .validate()
            .map_err(|e| invalid(e.field, e.message))?;
        let g = &self.guardrails;
        percent(
            "guardrails.max_deactivated_percent",
            "Hold when deactivations exceed",
            g.max_deactivated_percent,
        )?;
        percent(
            "guardrails.max_identity_changes_percent",
            "Hold when identity changes exceed",
            g.max_identity_changes_percent,
        )?;
        if !(1..=MAX_MISSING_RUNS).contains(&self.missing_runs_to_deactivate) {
            return Err(invalid(
                "missing_runs_to_deactivate",
                format!(
                    "Missing from TriNet: enter a number of runs from 1 to {MAX_MISSING_RUNS} (not {}).",
                    self.missing_runs_to_deactivate
                ),
            ));
        }
        if let Retention::Months { months } = self.retention {
            if !(1..=MAX_RETENTION_MONTHS).contains(&months) {
                return Err(invalid(
                    "retention.months",
                    format!(
                        "Keep change details for: enter a number of months from 1 to {MAX_RETENTION_MONTHS} (not {months})."
                    ),
                ));
            }
        }
        Ok(())
    }

    fn plan(&self) -> PlanSettings {
        PlanSettings {
            guardrails: self.guardrails,
            missing_runs_to_deactivate: self.missing_runs_to_deactivate,
        }
    }
}

fn stored(store: &Store) -> Result<Stored, SyncError> {
    Ok(match store.setting(SYNC_SETTINGS)? {
        Some(text) => serde_json::from_str(&text).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "stored sync settings do not parse; using the defaults");
            Stored::default()
        }),
        None => Stored::default(),
    })
}

/// The saved settings, or the defaults.
pub fn load(store: &Store) -> Result<Settings, SyncError> {
    let plan = plan_settings(store)?;
    let s = stored(store)?;
    Ok(Settings {
        schedule: s.schedule,
        guardrails: plan.guardrails,
        missing_runs_to_deactivate: plan.missing_runs_to_deactivate,
        notifications: s.notifications,
        retention: s.retention,
    })
}

/// The schedule and when it last changed.
pub fn schedule(store: &Store) -> Result<(Schedule, Option<DateTime<Utc>>), SyncError> {
    let s = stored(store)?;
    let since = s
        .schedule_since
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc));
    Ok((s.schedule, since))
}

/// Validates and saves `settings` (all or nothing). Changing the
/// schedule restarts its count from `now`.
pub fn save(store: &Store, settings: &Settings, now: DateTime<Utc>) -> Result<(), SyncError> {
    settings.validate()?;
    let before = stored(store)?;
    let since = if before.schedule == settings.schedule {
        before.schedule_since
    } else {
        Some(now_text(now))
    };
    let sync = Stored {
        schedule: settings.schedule.clone(),
        schedule_since: since,
        notifications: settings.notifications,
        retention: settings.retention,
    };
    let text = serde_json::to_string(&sync).expect("settings serialise");
    store.in_transaction(|store| {
        save_plan_settings(store, &settings.plan(), now)?;
        store.set_setting(SYNC_SETTINGS, &text, &now_text(now))?;
        Ok::<_, SyncError>(())
    })?;
    tracing::info!(schedule = %settings.schedule.describe(), "settings saved");
    Ok(())
}

/// Turns the schedule off (Revoke stops any schedule).
pub fn stop_schedule(store: &Store, now: DateTime<Utc>) -> Result<(), SyncError> {
    let mut settings = load(store)?;
    if settings.schedule != Schedule::Off {
        settings.schedule = Schedule::Off;
        save(store, &settings, now)?;
    }
    Ok(())
}

/// Applies the retention setting: with "keep N months", deletes the
/// per-person lines of decided imports older than that. Returns the lines
/// deleted. Run after every apply and every scheduled sync.
pub fn prune(store: &Store, now: DateTime<Utc>) -> Result<u64, SyncError> {
    let Retention::Months { months } = stored(store)?.retention else {
        return Ok(0);
    };
    let Some(cutoff) = now.checked_sub_months(Months::new(months)) else {
        return Ok(0);
    };
    let deleted = store.prune_change_details(&now_text(cutoff))?;
    if deleted > 0 {
        tracing::info!(
            deleted,
            months,
            "old change details removed by the retention setting"
        );
    }
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::DbKey;
    use chrono::TimeZone;

    fn store(dir: &tempfile::TempDir) -> Store {
        Store::open(&dir.path().join("r.db"), &DbKey::from_bytes([4; 32])).unwrap()
    }

    fn field_of(e: SyncError) -> &'static str {
        match e {
            SyncError::InvalidSetting { field, .. } => field,
            other => panic!("expected InvalidSetting, got {other:?}"),
        }
    }

    #[test]
    fn defaults_until_saved_then_what_was_saved() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let defaults = load(&store).unwrap();
        assert_eq!(defaults, Settings::default());
        assert_eq!(
            defaults.schedule,
            Schedule::Off,
            "auto-sync is off by default"
        );
        assert_eq!(defaults.retention, Retention::KeepAll);
        assert_eq!(defaults.guardrails.max_deactivated_people, 25);

        let now = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
        let mut s = defaults.clone();
        s.schedule = Schedule::Daily { at: "06:30".into() };
        s.guardrails.max_deactivated_people = 7;
        s.missing_runs_to_deactivate = 5;
        s.notifications = false;
        s.retention = Retention::Months { months: 18 };
        save(&store, &s, now).unwrap();
        assert_eq!(load(&store).unwrap(), s);
        // Planning reads the same thresholds.
        let plan = plan_settings(&store).unwrap();
        assert_eq!(plan.guardrails.max_deactivated_people, 7);
        assert_eq!(plan.missing_runs_to_deactivate, 5);
        assert_eq!(schedule(&store).unwrap().1, Some(now));

        // Saving again without changing the schedule keeps its start.
        let later = now + chrono::Duration::hours(3);
        s.notifications = true;
        save(&store, &s, later).unwrap();
        assert_eq!(schedule(&store).unwrap().1, Some(now));
        stop_schedule(&store, later).unwrap();
        assert_eq!(load(&store).unwrap().schedule, Schedule::Off);
        assert_eq!(schedule(&store).unwrap().1, Some(later));
    }

    #[test]
    fn invalid_values_name_their_field_and_change_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let now = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
        type Change = Box<dyn Fn(&mut Settings)>;
        let cases: Vec<(&str, Change)> = vec![
            (
                "schedule.minutes",
                Box::new(|s| s.schedule = Schedule::EveryMinutes { minutes: 4 }),
            ),
            (
                "schedule.at",
                Box::new(|s| s.schedule = Schedule::Daily { at: "25:00".into() }),
            ),
            (
                "guardrails.max_deactivated_percent",
                Box::new(|s| s.guardrails.max_deactivated_percent = 101.0),
            ),
            (
                "guardrails.max_deactivated_percent",
                Box::new(|s| s.guardrails.max_deactivated_percent = f64::NAN),
            ),
            (
                "guardrails.max_identity_changes_percent",
                Box::new(|s| s.guardrails.max_identity_changes_percent = -1.0),
            ),
            (
                "missing_runs_to_deactivate",
                Box::new(|s| s.missing_runs_to_deactivate = 0),
            ),
            (
                "retention.months",
                Box::new(|s| s.retention = Retention::Months { months: 0 }),
            ),
        ];
        for (field, change) in cases {
            let mut s = Settings {
                notifications: false, // a valid change riding along
                ..Settings::default()
            };
            change(&mut s);
            let e = save(&store, &s, now).unwrap_err();
            let message = e.to_string();
            assert_eq!(field_of(e), field, "{message}");
            assert_eq!(
                load(&store).unwrap(),
                Settings::default(),
                "{field}: nothing saved"
            );
        }
    }
}
